//! The history is read from the repository's objects in briefing's own process: loose ones
//! (fresh commits), packs of deltas against an offset (`git gc`) or against an id (`git
//! repack` without offsets), and, where it cannot read them (a `git clone --shared`, whose
//! objects are in another repository), through git. Each way must give the same site.

use std::path::Path;

use crate::common::{TestSite, run_in_env, tree};
use crate::history::git;

const SITE: &str = "title: 测试简报\ndescription: 用于测试\nbase_url: https://example.github.io/repo/\nas_of: 2026-12-01\napi: true\ndomains:\n  - {key: transport, name: 交通一体化, description: 交通}\n";

/// A brief with `milestones` (block lines), `before` in its front matter ahead of them, and a
/// body of `body` paragraphs: long enough that git stores its versions as deltas.
fn brief(title: &str, before: &str, milestones: &str, body: usize) -> String {
    let text: String = (0..body)
        .map(|i| format!("第{i}段：{title}推进情况说明，涉及线路、站点与投资安排。\n\n"))
        .collect();
    format!(
        "---\ntitle: {title}\ndate: 2026-01-05\ndomains: [transport]\n{before}milestones:\n{milestones}---\n{text}"
    )
}

/// Each milestone's changes as `(noted, from, to)`, by title, from the JSON data of the site
/// built into `out`.
pub(crate) fn history(out: &Path, title: &str) -> Vec<(String, String, String)> {
    let json = std::fs::read_to_string(out.join("api/milestones.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let milestone = (json["milestones"].as_array().unwrap().iter())
        .find(|m| m["title"] == title)
        .unwrap_or_else(|| panic!("no milestone {title}: {json}"));
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    (milestone["history"].as_array().unwrap().iter())
        .map(|h| (text(&h["noted"]), text(&h["from"]), text(&h["to"])))
        .collect()
}

/// A repository whose folder `content/2026/` holds 60 briefs: 快线 moved twice, with its text
/// rewritten between; 长文's milestones after a front matter longer than the first part read
/// of a version (its summary); a brief renamed; a folder added, then a brief in it deleted;
/// and a branch merged.
fn repository() -> TestSite {
    let s = TestSite::new();
    let root = s.root();
    git(root, "2026-01-10", &["init", "-q"]);
    s.file("site.yaml", SITE);
    for i in 0..57 {
        let m = format!("  - {{date: 2027-Q{}, title: 节点{i}}}\n", i % 4 + 1);
        s.file(
            &format!("content/2026/n{i:02}.md"),
            &brief(&format!("简报{i}"), "", &m, 6),
        );
    }
    let express = |date: &str, body| {
        let m = format!("  - {{date: {date}, title: 快线建成}}\n");
        brief("快线简报", "", &m, body)
    };
    let summary = format!("summary: {}\n", "长文摘要，".repeat(300));
    let long = |date: &str| {
        let m = format!("  - {{date: {date}, title: 长文节点}}\n");
        brief("长文简报", &summary, &m, 3)
    };
    s.file("content/2026/express.md", &express("2026-H1", 20));
    s.file("content/2026/long.md", &long("2026-Q3"));
    s.file(
        "content/2026/old-name.md",
        &brief("改名简报", "", "  - {date: 2026-11, title: 改名节点}\n", 8),
    );
    git(root, "2026-01-10", &["add", "."]);
    git(root, "2026-01-10", &["commit", "-qm", "first"]);
    s.file("content/2026/express.md", &express("2026-H2", 20));
    s.file("content/2026/long.md", &long("2026-Q4"));
    git(root, "2026-03-01", &["commit", "-qam", "moved"]);
    s.file("content/2026/express.md", &express("2026-H2", 24));
    git(root, "2026-04-01", &["commit", "-qam", "text"]);
    git(
        root,
        "2026-05-01",
        &["mv", "content/2026/old-name.md", "content/2026/new-name.md"],
    );
    git(root, "2026-05-01", &["commit", "-qm", "renamed"]);
    s.file(
        "content/2025/kept.md",
        &brief("旧年简报", "", "  - {date: 2025-H2, title: 旧年节点}\n", 4),
    );
    s.file(
        "content/2025/gone.md",
        &brief("删除简报", "", "  - {date: 2025-H2, title: 删除节点}\n", 4),
    );
    git(root, "2026-06-01", &["add", "."]);
    git(root, "2026-06-01", &["commit", "-qm", "a year"]);
    git(root, "2026-07-01", &["rm", "-q", "content/2025/gone.md"]);
    git(root, "2026-07-01", &["commit", "-qm", "gone"]);
    git(root, "2026-08-01", &["checkout", "-qb", "side"]);
    s.file(
        "content/2026/n03.md",
        &brief("简报3", "", "  - {date: 2028, title: 节点3}\n", 6),
    );
    git(root, "2026-08-01", &["commit", "-qam", "on a branch"]);
    git(root, "2026-08-02", &["checkout", "-q", "main"]);
    s.file("content/2026/express.md", &express("2027-Q1", 24));
    git(root, "2026-09-01", &["commit", "-qam", "moved again"]);
    git(root, "2026-10-01", &["merge", "-q", "--no-edit", "side"]);
    s
}

/// Build the site at `root` into `out`, with a history cache of its own.
fn build(root: &Path, out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let cache = tempfile::tempdir().unwrap();
    let env = [("XDG_CACHE_HOME", cache.path().to_str().unwrap())];
    let run = run_in_env(root, &["build", "--out", out.to_str().unwrap()], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("no history"), "{}", run.stderr);
    tree(out)
}

/// How many packs the repository at `root` has.
fn packs(root: &Path) -> usize {
    let dir = std::fs::read_dir(root.join(".git/objects/pack"));
    (dir.into_iter().flatten().flatten())
        .filter(|e| e.path().extension().is_some_and(|x| x == "pack"))
        .count()
}

#[test]
fn loose_packed_and_borrowed_objects_give_the_same_history() {
    let s = repository();
    let root = s.root();
    let outs = tempfile::tempdir().unwrap();
    let loose = build(root, &outs.path().join("loose"));
    // What the commits say.
    let out = outs.path().join("loose");
    assert_eq!(
        history(&out, "快线建成"),
        [
            ("2026-03-01".into(), "2026-H1".into(), "2026-H2".into()),
            ("2026-09-01".into(), "2026-H2".into(), "2027-Q1".into()),
        ]
    );
    assert_eq!(
        history(&out, "长文节点"),
        [("2026-03-01".into(), "2026-Q3".into(), "2026-Q4".into())]
    );
    assert_eq!(
        history(&out, "节点3"),
        [("2026-08-01".into(), "2027-Q4".into(), "2028".into())]
    );
    assert!(history(&out, "改名节点").is_empty());
    let page = std::fs::read_to_string(out.join("articles/new-name/index.html")).unwrap();
    assert!(
        page.contains("2026-05-01"),
        "renamed on 05-01: its last change"
    );

    // Packed, each version a delta against an earlier entry of the pack.
    git(
        root,
        "2026-12-01",
        &["gc", "-q", "--aggressive", "--prune=now"],
    );
    assert_eq!(packs(root), 1, "{root:?}");
    assert_eq!(build(root, &outs.path().join("gc")), loose, "after git gc");
    // Deltas against an object named by its id.
    let no_offsets = ["-c", "repack.useDeltaBaseOffset=false", "repack", "-adfq"];
    git(root, "2026-12-01", &no_offsets);
    assert_eq!(build(root, &outs.path().join("ids")), loose, "deltas by id");

    // A clone whose objects are in the first repository: read by git.
    let shared = tempfile::tempdir().unwrap();
    let clone = shared.path().join("clone");
    let (from, to) = (root.to_str().unwrap(), clone.to_str().unwrap());
    git(
        shared.path(),
        "2026-12-01",
        &["clone", "-q", "--shared", from, to],
    );
    assert_eq!(
        packs(&clone),
        0,
        "the clone's objects are the first repository's"
    );
    assert_eq!(
        build(&clone, &outs.path().join("shared")),
        loose,
        "borrowed objects"
    );
}

/// A repository that replaces an object (`git replace`) has its history as git shows it: the
/// replacement's, read through git.
#[test]
fn replaced_objects_are_read_as_git_shows_them() {
    let s = TestSite::new();
    let root = s.root();
    let m = |date: &str| format!("  - {{date: {date}, title: 快线建成}}\n");
    git(root, "2026-01-10", &["init", "-q"]);
    s.file("site.yaml", SITE);
    s.file("content/a.md", &brief("快线简报", "", &m("2026-H1"), 2));
    git(root, "2026-01-10", &["add", "."]);
    git(root, "2026-01-10", &["commit", "-qm", "first"]);
    s.file("content/a.md", &brief("快线简报", "", &m("2026-H2"), 2));
    git(root, "2026-03-01", &["commit", "-qam", "moved"]);
    let out = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .current_dir(root)
            .args(args)
            .output();
        String::from_utf8(o.unwrap().stdout)
            .unwrap()
            .trim()
            .to_string()
    };
    // The first version, as the replacement says it: 2026-Q1.
    s.file("replacement.md", &brief("快线简报", "", &m("2026-Q1"), 2));
    let replacement = out(&["hash-object", "-w", "replacement.md"]);
    let first = out(&["rev-parse", "HEAD~1:content/a.md"]);
    git(root, "2026-03-02", &["replace", &first, &replacement]);
    let outs = tempfile::tempdir().unwrap();
    build(root, outs.path());
    assert_eq!(
        history(outs.path(), "快线建成"),
        [("2026-03-01".into(), "2026-Q1".into(), "2026-H2".into())]
    );
}

/// A repository whose older commit is lost (its object removed): the site is built without
/// history, and the one warning says which git commands failed and what to run.
#[test]
fn a_repository_missing_a_commit_builds_without_history_and_says_so() {
    let s = TestSite::new();
    let root = s.root();
    let m = |date: &str| format!("  - {{date: {date}, title: 快线建成}}\n");
    git(root, "2026-01-10", &["init", "-q"]);
    s.file("site.yaml", SITE);
    s.file("content/a.md", &brief("快线简报", "", &m("2026-H1"), 2));
    git(root, "2026-01-10", &["add", "."]);
    git(root, "2026-01-10", &["commit", "-qm", "first"]);
    s.file("content/a.md", &brief("快线简报", "", &m("2026-H2"), 2));
    git(root, "2026-03-01", &["commit", "-qam", "moved"]);
    let first = std::process::Command::new("git")
        .current_dir(root)
        .args(["rev-parse", "HEAD~1"])
        .output()
        .unwrap();
    let first = String::from_utf8(first.stdout).unwrap();
    let (dir, file) = first.trim().split_at(2);
    std::fs::remove_file(root.join(".git/objects").join(dir).join(file)).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let env = [("XDG_CACHE_HOME", cache.path().to_str().unwrap())];
    let run = run_in_env(root, &["build"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warning = "warning[no-history]: no history of the briefs: reading the commits with \
                   `git rev-list` and `git diff-tree` failed";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    assert!(run.stderr.contains("run `git log`"), "{}", run.stderr);
    let json = s.read("api/milestones.json");
    assert!(!json.contains("2026-03-01"), "no change noted: {json}");
}
