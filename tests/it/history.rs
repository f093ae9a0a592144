//! History from git: a fixture repository whose commits have set dates (a milestone moved
//! twice, a status changed, a milestone renamed, a file renamed, a merge) builds pages, JSON
//! and the sitemap that say what the commits say; a shallow clone and a folder without git
//! build with one warning.

use std::path::Path;
use std::process::Command;

use crate::common::TestSite;

const SITE: &str = "title: 测试简报\ndescription: 用于测试\nbase_url: https://example.github.io/repo/\nas_of: 2026-12-01\napi: true\ndomains:\n  - {key: transport, name: 交通一体化, description: 交通}\n";

/// Run git in `dir` as of `day` (noon, Beijing time).
pub(crate) fn git(dir: &Path, day: &str, args: &[&str]) {
    let when = format!("{day}T12:00:00+08:00");
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=编辑",
            "-c",
            "user.email=e@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", &when)
        .env("GIT_COMMITTER_DATE", &when)
        .env_remove("GIT_DIR")
        .output()
        .expect("git runs (apt-get install git)");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn brief(title: &str, milestones: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2026-01-05\ndomains: [transport]\nmilestones:\n{milestones}---\n{title}的正文。\n"
    )
}

/// The repository: 快线 moved 2026-H1 → 2026-H2 (06-01) → 2027-Q1 (11-01); 试运行 done on
/// 09-30, then reworded on its date (10-15); b.md renamed c.md (08-01) and its milestone
/// moved on a branch merged 10-20.
fn repository() -> TestSite {
    let s = TestSite::new();
    s.file("site.yaml", SITE);
    let root = s.root();
    let a = |express: &str, trial: &str, status: &str| {
        brief(
            "快线简报",
            &format!(
                "  - {{date: {express}, title: 快线建成}}\n  - {{date: 2026-09, title: {trial}, status: {status}}}\n"
            ),
        )
    };
    git(root, "2026-01-10", &["init", "-q"]);
    s.file("content/a.md", &a("2026-H1", "试运行", "planned"));
    s.file(
        "content/b.md",
        &brief(
            "港口简报",
            "  - {id: port, date: 2026-Q3, title: 码头开工}\n",
        ),
    );
    git(root, "2026-01-10", &["add", "."]);
    git(root, "2026-01-10", &["commit", "-qm", "first"]);
    s.file("content/a.md", &a("2026-H2", "试运行", "planned"));
    git(root, "2026-06-01", &["commit", "-qam", "moved"]);
    git(root, "2026-08-01", &["mv", "content/b.md", "content/c.md"]);
    git(root, "2026-08-01", &["commit", "-qm", "renamed"]);
    s.file("content/a.md", &a("2026-H2", "试运行", "done"));
    git(root, "2026-09-30", &["commit", "-qam", "done"]);
    s.file("content/a.md", &a("2026-H2", "开始试运行", "done"));
    git(root, "2026-10-15", &["commit", "-qam", "reworded"]);
    git(root, "2026-10-16", &["checkout", "-qb", "port"]);
    s.file(
        "content/c.md",
        &brief(
            "港口简报",
            "  - {id: port, date: 2026-Q4, title: 码头主体开工}\n",
        ),
    );
    git(root, "2026-10-16", &["commit", "-qam", "port later"]);
    git(root, "2026-10-20", &["checkout", "-q", "main"]);
    git(
        root,
        "2026-10-20",
        &["merge", "-q", "--no-ff", "-m", "merge", "port"],
    );
    s.file("content/a.md", &a("2027-Q1", "开始试运行", "done"));
    git(root, "2026-11-01", &["commit", "-qam", "moved again"]);
    s
}

#[test]
fn milestones_carry_their_history_from_the_commits() {
    let s = repository();
    let run = s.build();
    run.ok();
    assert!(!run.stderr.contains("no-history"), "{}", run.stderr);
    let page = s.read("articles/a/index.html");
    // A milestone of the brief's list, whole: from its item to the end of its history.
    let item = |title: &str| {
        let at = page.find(&format!(">{title}</a>")).unwrap();
        let start = page[..at].rfind("<li class=\"ms").unwrap();
        let end = at + page[at..].find("</ul></div>").unwrap_or(0);
        page[start..end].to_string()
    };
    let express = item("快线建成");
    assert!(express.contains("原定2026年上半年"), "{express}");
    assert!(
        express.contains("2026年6月1日：时间由2026年上半年改为2026年下半年"),
        "{express}"
    );
    assert!(
        express.contains("2026年11月1日：时间由2026年下半年改为2027年第一季度"),
        "{express}"
    );
    let trial = item("开始试运行");
    assert!(
        trial.contains("2026年9月30日：状态由计划中改为已完成"),
        "{trial}"
    );
    assert!(
        !trial.contains("已推迟"),
        "a reworded title is the same milestone: {trial}"
    );
    let timeline = s.read("timeline/index.html");
    let item = crate::common::between(&timeline, "<p class=\"tl-title\">快线建成</p>", "</li>");
    assert!(
        item.contains("已推迟") && item.contains("原定2026年上半年"),
        "{item}"
    );
    // The renamed file keeps its history, moved on a branch and merged.
    let json: serde_json::Value = serde_json::from_str(&s.read("api/milestones.json")).unwrap();
    let port = json["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["title"] == "码头主体开工")
        .unwrap();
    assert_eq!(port["first_date"], "2026-Q3");
    assert_eq!(port["postponed"], true);
    assert_eq!(
        port["history"],
        serde_json::json!([{"noted": "2026-10-16", "field": "date", "from": "2026-Q3", "to": "2026-Q4"}])
    );
    let express = json["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["title"] == "快线建成")
        .unwrap();
    assert_eq!(express["history"].as_array().unwrap().len(), 2);
    // The sitemap and the feed give each brief's last commit.
    let sitemap = s.read("sitemap.xml");
    assert!(
        sitemap.contains("/articles/a/</loc><lastmod>2026-11-01</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("/articles/c/</loc><lastmod>2026-10-16</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn without_a_repository_or_in_a_shallow_clone_the_site_builds_with_one_warning() {
    let s = TestSite::new();
    s.file("site.yaml", SITE);
    s.file(
        "content/a.md",
        &brief("快线简报", "  - {date: 2027, title: 快线建成}\n"),
    );
    let run = s.build();
    run.ok();
    assert_eq!(
        run.stderr.matches("warning[no-history]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("not in a git repository"),
        "{}",
        run.stderr
    );
    let repo = repository();
    let clone = tempfile::tempdir().unwrap();
    let from = format!("file://{}", repo.root().display());
    git(
        clone.path(),
        "2026-12-01",
        &["clone", "-q", "--depth", "1", &from, "site"],
    );
    let run = crate::common::run_in(&clone.path().join("site"), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning[no-history]: no history of the briefs: the repository is a shallow clone"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
}

/// The history is kept between builds: a build after one more commit reads only that commit
/// and still knows the milestone's earlier changes; a file committed once, then changed, has
/// its first version read when its second comes.
#[test]
fn a_build_after_new_commits_continues_the_kept_history() {
    let s = repository();
    let cache = tempfile::tempdir().unwrap();
    let env = [("XDG_CACHE_HOME", cache.path().to_str().unwrap())];
    let first = s.run_env(&["build"], &env);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let kept: Vec<_> = walkdir::WalkDir::new(cache.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().parent().is_some_and(|p| p.ends_with("history")))
        .collect();
    assert_eq!(kept.len(), 1, "one history kept");
    // A brief committed once, then its milestone moved; and 快线 moved once more.
    s.file(
        "content/d.md",
        &brief("新简报", "  - {date: 2027-H1, title: 新节点}\n"),
    );
    git(s.root(), "2026-11-10", &["add", "."]);
    git(s.root(), "2026-11-10", &["commit", "-qm", "new brief"]);
    assert_eq!(
        s.run_env(&["build"], &env).code,
        0,
        "kept with d.md's one version"
    );
    s.file(
        "content/d.md",
        &brief("新简报", "  - {date: 2027-H2, title: 新节点}\n"),
    );
    let a = std::fs::read_to_string(s.root().join("content/a.md")).unwrap();
    s.file("content/a.md", &a.replace("2027-Q1", "2027-Q2"));
    git(s.root(), "2026-11-20", &["commit", "-qam", "both moved"]);
    let second = s.run_env(&["build"], &env);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let json: serde_json::Value = serde_json::from_str(&s.read("api/milestones.json")).unwrap();
    let find = |t: &str| {
        json["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["title"] == t)
            .unwrap()
            .clone()
    };
    assert_eq!(find("快线建成")["history"].as_array().unwrap().len(), 3);
    assert_eq!(find("快线建成")["first_date"], "2026-H1");
    assert_eq!(
        find("新节点")["history"],
        serde_json::json!([{"noted": "2026-11-20", "field": "date", "from": "2027-H1", "to": "2027-H2"}])
    );
    // The same as a build with nothing kept.
    let fresh = tempfile::tempdir().unwrap();
    let env = [("XDG_CACHE_HOME", fresh.path().to_str().unwrap())];
    let kept_json = s.read("api/milestones.json");
    assert_eq!(s.run_env(&["build"], &env).code, 0);
    assert_eq!(s.read("api/milestones.json"), kept_json);
}

/// 最近更新 lists what the commits and the front matter say changed, newest first, each
/// linking to what changed; its feed and changes.json carry the same.
#[test]
fn the_changes_page_feed_and_json_list_what_changed_newest_first() {
    let s = repository();
    let a = std::fs::read_to_string(s.root().join("content/a.md")).unwrap();
    s.file(
        "content/a.md",
        &a.replace(
            "date: 2026-01-05\n",
            "date: 2026-01-05\ncorrections:\n  - {date: 2026-11-05, text: 原稿站名有误。}\n",
        ),
    );
    git(s.root(), "2026-11-05", &["commit", "-qam", "corrected"]);
    s.build().ok();
    let json: serde_json::Value = serde_json::from_str(&s.read("changes.json")).unwrap();
    let events: Vec<(String, String, String)> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (s("day"), s("kind"), s("title"))
        })
        .collect();
    let want = [
        ("2026-11-05", "corrected", "快线简报"),
        ("2026-11-01", "postponed", "快线建成"),
        ("2026-10-16", "postponed", "码头主体开工"),
        ("2026-09-30", "done", "开始试运行"),
        ("2026-06-01", "postponed", "快线建成"),
        ("2026-01-05", "new", "快线简报"),
        ("2026-01-05", "new", "港口简报"),
    ];
    let got: Vec<(&str, &str, &str)> = events
        .iter()
        .map(|(d, k, t)| (d.as_str(), k.as_str(), t.as_str()))
        .collect();
    assert_eq!(got, want);
    let page = s.read("changes/index.html");
    let corrected = crate::common::between(
        &page,
        "<span class=\"badge badge-change-corrected\">更正</span>",
        "</li>",
    );
    assert!(
        corrected.contains("href=\"/repo/articles/a/\">快线简报</a>"),
        "{corrected}"
    );
    assert!(corrected.contains("原稿站名有误。"), "{corrected}");
    let postponed = crate::common::between(&page, "id=\"c-2026-11-01-postponed", "</li>");
    assert!(
        postponed.contains("href=\"/repo/timeline/#m-a-1\">快线建成</a>"),
        "{postponed}"
    );
    assert!(
        postponed.contains("2026年下半年 → 2027年第一季度"),
        "{postponed}"
    );
    assert!(
        page.find("2026年11月5日") < page.find("2026年11月1日"),
        "newest first"
    );
    let feed = s.read("changes/feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 7, "{feed}");
    assert!(feed.contains("<title>更正：快线简报</title>"), "{feed}");
    assert!(
        feed.contains(
            "<id>https://example.github.io/repo/changes/#c-2026-11-05-corrected-a-1</id>"
        ),
        "{feed}"
    );
    // Every page links to it.
    assert!(
        s.read("index.html")
            .contains("href=\"/repo/changes/\">最近更新</a>")
    );
}

/// A brief renamed in the repository without an alias for its old address gets a warning
/// naming the alias to add; with the alias, none.
#[test]
fn a_renamed_brief_without_an_alias_for_its_old_address_is_warned_about() {
    let s = repository();
    let run = s.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning[address-changed]: this brief was at `/repo/articles/b/` before its file or `slug` was renamed; that address now leads nowhere"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> content/c.md"), "{}", run.stderr);
    assert!(
        run.stderr.contains("add `aliases: [/repo/articles/b/]`"),
        "{}",
        run.stderr
    );
    let c = std::fs::read_to_string(s.root().join("content/c.md")).unwrap();
    s.file(
        "content/c.md",
        &c.replace(
            "domains: [transport]\n",
            "domains: [transport]\naliases: [/articles/b/]\n",
        ),
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("address-changed"), "{}", run.stderr);
    assert!(
        s.read("articles/b/index.html")
            .contains("url=/repo/articles/c/")
    );
}

/// A long history: a milestone moved early, in the middle and late, among commits that
/// touch other files and files outside `content/`, keeps every move in order.
#[test]
fn a_long_history_keeps_every_change_in_order() {
    let s = TestSite::new();
    s.file("site.yaml", SITE);
    let root = s.root();
    let a = |date: &str| {
        brief(
            "快线简报",
            &format!("  - {{date: {date}, title: 快线建成}}\n"),
        )
    };
    git(root, "2026-01-01", &["init", "-q"]);
    s.file("content/a.md", &a("2026-Q1"));
    s.file("notes.txt", "0");
    git(root, "2026-01-01", &["add", "."]);
    git(root, "2026-01-01", &["commit", "-qm", "first"]);
    let moves = [(5, "2026-Q2"), (40, "2026-Q3"), (75, "2026-Q4")];
    for n in 1..=80u32 {
        let day = format!("2026-{:02}-{:02}", 2 + n / 28, 1 + n % 28);
        match moves.iter().find(|(at, _)| *at == n) {
            Some((_, date)) => s.file("content/a.md", &a(date)),
            None if n % 2 == 0 => s.file("notes.txt", &n.to_string()),
            None => s.file(
                "content/other.md",
                &brief("其他", &format!("  - {{date: 2026, title: 节点{n}}}\n")),
            ),
        };
        git(root, &day, &["add", "."]);
        git(root, &day, &["commit", "-qm", &format!("commit {n}")]);
    }
    s.build().ok();
    let json: serde_json::Value = serde_json::from_str(&s.read("api/milestones.json")).unwrap();
    let express = (json["milestones"].as_array().unwrap().iter())
        .find(|m| m["title"] == "快线建成")
        .unwrap();
    let moved: Vec<(&str, &str)> = (express["history"].as_array().unwrap().iter())
        .map(|h| (h["from"].as_str().unwrap(), h["to"].as_str().unwrap()))
        .collect();
    assert_eq!(
        moved,
        [
            ("2026-Q1", "2026-Q2"),
            ("2026-Q2", "2026-Q3"),
            ("2026-Q3", "2026-Q4")
        ]
    );
    assert_eq!(express["history"][1]["noted"], "2026-03-13");
}
