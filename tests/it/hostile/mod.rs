//! A catalogue of hostile and careless input: each case says what happens — the exit code, the
//! message, and that nothing briefing did not make was touched. None may panic or hang.

use crate::common::{SITE_YAML, TestSite, article, tree};

mod amplify;
mod escapes;
mod names;
mod paths;
mod photos;

fn site() -> TestSite {
    let s = TestSite::new();
    s.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    s
}

fn refused(run: &crate::common::Run, message: &str) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(message),
        "want `{message}` in:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// A folder of someone's files is refused and left as it was: a thesis, and a folder that only
/// looks like an older briefing output (other generators write `.nojekyll` and `api/` too).
#[test]
fn out_pointed_at_someones_files_is_refused_and_they_survive() {
    let s = site();
    let files: [(&str, &[(&str, &str)]); 2] = [
        ("thesis", &[("chapter1.docx", "my thesis")]),
        (
            "docs-site",
            &[
                (".nojekyll", ""),
                ("api/articles.json", "[]"),
                ("handbook.html", "<p>ours</p>"),
            ],
        ),
    ];
    for (folder, files) in files {
        let theirs = s.root().join(folder);
        for (rel, text) in files {
            s.file(&format!("{folder}/{rel}"), text);
        }
        let before = tree(&theirs);
        let run = s.run(&["build", "--out", theirs.to_str().unwrap()]);
        refused(
            &run,
            "it holds files briefing did not make (no .briefing-output file)",
        );
        assert_eq!(tree(&theirs), before, "{folder}");
    }
    // The site's own repository.
    std::fs::create_dir_all(s.root().join(".git/objects")).unwrap();
    std::fs::write(s.root().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let git = s.root().join(".git");
    let before = tree(&git);
    refused(
        &s.run(&["build", "--out", git.to_str().unwrap()]),
        "refusing to use",
    );
    assert_eq!(tree(&git), before);
}

#[test]
fn out_as_a_file_or_a_link_is_refused() {
    let s = site();
    let file = s.root().join("notes.txt");
    std::fs::write(&file, "keep me").unwrap();
    refused(
        &s.run(&["build", "--out", file.to_str().unwrap()]),
        "it is a file, not a folder",
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    #[cfg(unix)]
    {
        let target = s.root().join("elsewhere");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("x.txt"), "x").unwrap();
        let link = s.root().join("out-link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        refused(
            &s.run(&["build", "--out", link.to_str().unwrap()]),
            "it is a symbolic link",
        );
        assert_eq!(std::fs::read_to_string(target.join("x.txt")).unwrap(), "x");
        // A link in the path: link/../content is the site's content, and is refused.
        let up = s.root().join("up");
        std::fs::create_dir_all(s.root().join("deep/er")).unwrap();
        std::os::unix::fs::symlink(s.root().join("deep/er"), &up).unwrap();
        let before = tree(&s.root().join("content"));
        let sneaky = format!("{}/../../content", up.display());
        let run = s.run(&["build", "--out", &sneaky]);
        refused(&run, "inside the site's content/ folder");
        assert_eq!(tree(&s.root().join("content")), before);
    }
}

#[test]
fn the_previous_output_is_replaced_only_when_it_is_briefings() {
    let s = site();
    s.build().ok();
    assert!(s.out().join(".briefing-output").is_file());
    std::fs::write(s.out().join("stale.html"), "old").unwrap();
    s.build().ok();
    assert!(
        !s.out().join("stale.html").exists(),
        "the whole output is replaced"
    );
    // A failed build leaves it exactly as it was.
    let before = tree(&s.out());
    s.file("content/b.md", "---\ntitle: 乙\n---\n");
    let run = s.build();
    refused(&run, "the previous output is unchanged");
    assert_eq!(tree(&s.out()), before);
}

#[test]
fn leftovers_of_killed_builds_are_removed_but_nothing_else() {
    let s = site();
    let dead = s.root().join(".public.briefing-new-4000000");
    std::fs::create_dir_all(&dead).unwrap();
    std::fs::write(dead.join(".briefing-output"), "x").unwrap();
    let foreign = s.root().join(".public.briefing-new-4000001");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("mine.txt"), "not briefing's").unwrap();
    s.build().ok();
    assert!(!dead.exists(), "a dead build's staging folder is removed");
    assert!(
        foreign.join("mine.txt").exists(),
        "a folder without the marker is left alone"
    );
}

#[test]
fn script_urls_in_front_matter_are_errors_and_in_text_dead_links() {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nsource_url: \" JaVaScRiPt:alert(1)\"\n---\n",
    );
    let run = s.build();
    refused(
        &run,
        "`source_url` cannot be published: `javascript:` addresses are not published",
    );
    assert!(run.stderr.contains("--> content/a.md:5:"), "{}", run.stderr);
    s.file(
        "content/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n[点我](JaVaScRiPt:alert(1)) ![图](data:image/svg+xml,x) [邮件](mailto:a@b.cn)\n",
    );
    s.build().ok();
    let html = s.read("articles/a/index.html");
    let hrefs = crate::common::attrs(&html, "href");
    assert!(
        hrefs
            .iter()
            .all(|h| !h.to_lowercase().contains("javascript")),
        "{hrefs:?}"
    );
    assert!(html.contains("<a href=\"#\">点我</a>"), "{html}");
    assert!(html.contains("<img src=\"#\" alt=\"图\""), "{html}");
    assert!(
        html.contains("href=\"mailto:a@b.cn\""),
        "allowed schemes stay"
    );
}

#[test]
fn control_characters_are_errors_at_their_place() {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        "---\ntitle: 甲\u{c}乙\ndate: 2026-01-01\ndomains: [ecology]\n---\n正文\u{0}。\n",
    );
    let run = s.build();
    refused(
        &run,
        "the file contains the control character U+000C (and 1 more in this file), which web pages and feeds cannot carry",
    );
    assert!(
        run.stderr.contains("--> content/a.md:2:9"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains('\u{c}') && !run.stderr.contains('\u{0}'),
        "nothing raw reaches the terminal"
    );
    let check = s.run(&["check"]);
    assert_eq!(check.code, 1, "check agrees with build");
}

#[test]
fn output_path_clashes_are_found_by_check_and_build_alike() {
    let s = site();
    s.file("content/about.md", "---\ntitle: 关于\nlayout: page\n---\n");
    s.file("static/about/index.html", "<p>old about</p>");
    for cmd in ["check", "build"] {
        let run = s.run(&[cmd]);
        refused(&run, "`about/index.html` would be written twice");
        assert!(
            run.stderr.contains("static/about/index.html"),
            "{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("briefing-new"),
            "no staging folder named: {}",
            run.stderr
        );
    }
    std::fs::remove_dir_all(s.root().join("static/about")).unwrap();
    s.file("static/feed.xml", "<feed/>");
    refused(
        &s.run(&["check"]),
        "`feed.xml` would be written twice: by static/feed.xml",
    );
    std::fs::remove_file(s.root().join("static/feed.xml")).unwrap();
    s.file(
        "content/b.md",
        "---\ntitle: 乙\ndate: 2026-01-02\ndomains: [ecology]\nslug: A\n---\n",
    );
    refused(&s.run(&["check"]), "differ only in letter case");
}

#[test]
fn thousands_of_tags_and_headings_stay_bounded() {
    let s = TestSite::new();
    let tags: Vec<String> = (0..3000).map(|i| format!("t{i}")).collect();
    s.file(
        "content/a.md",
        &format!(
            "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\ntags: [{}]\n---\n",
            tags.join(", ")
        ),
    );
    let run = s.build();
    refused(&run, "3000 tags; a brief may have at most 30");
    // The 20,000-character line is not printed whole.
    assert!(
        run.stderr.lines().all(|l| l.chars().count() < 200),
        "{}",
        run.stderr.len()
    );
    let headings = "## 同一个标题\n\n".repeat(20_000);
    s.file(
        "content/a.md",
        &format!("---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n{headings}"),
    );
    s.build().ok();
    assert!(
        s.read("articles/a/index.html")
            .contains("id=\"同一个标题-19999\"")
    );
}

#[test]
fn a_huge_content_file_is_refused_without_being_parsed() {
    let s = site();
    s.build().ok();
    let before = s.read("articles/a/index.html");
    let body = "很长的正文。\n".repeat(200_000);
    s.file(
        "content/b.md",
        &format!("---\ntitle: 乙\ndate: 2026-01-01\ndomains: [ecology]\n---\n{body}"),
    );
    let run = s.build();
    refused(&run, "the file is 3710 KB; a brief may be at most 2048 KB");
    assert!(run.stderr.contains("content/b.md"), "{}", run.stderr);
    assert!(
        run.stderr.contains("split it into several briefs"),
        "{}",
        run.stderr
    );
    assert_eq!(s.read("articles/a/index.html"), before, "the site is kept");
}

#[test]
fn tags_without_letters_keep_separate_pages() {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\ntags: [\"!!!\"]\n---\n",
    );
    s.file(
        "content/b.md",
        "---\ntitle: 乙\ndate: 2026-01-02\ndomains: [ecology]\ntags: [\"???\"]\n---\n",
    );
    s.build().ok();
    let tags = s.read("tags/index.html");
    assert!(
        tags.contains(">#!!!</a>") && tags.contains(">#???</a>"),
        "{tags}"
    );
    assert!(
        s.exists("tags") && tags.matches("<span class=\"count\">1</span>").count() == 2,
        "{tags}"
    );
}

#[test]
fn a_site_yaml_with_a_bad_base_url_never_panics() {
    let s = site();
    for url in [
        "https://x.cn/a b/",
        "javascript:alert(1)",
        "https://x.cn/\"onmouseover=",
        "https://x.cn/简报/",
    ] {
        s.file(
            "site.yaml",
            &SITE_YAML.replace("https://example.github.io/repo/", url),
        );
        let run = s.run(&["check"]);
        assert!(!run.stderr.contains("panicked"), "{url}: {}", run.stderr);
        assert!(
            run.code == 0 || run.stderr.contains("is not a site address"),
            "{url}: {}",
            run.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn links_in_static_are_not_published_and_say_so() {
    let s = site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "private").unwrap();
    std::fs::create_dir_all(s.root().join("static/assets")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        s.root().join("static/leak.txt"),
    )
    .unwrap();
    std::fs::write(outside.path().join("style.css"), "body{}").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("style.css"),
        s.root().join("static/assets/style.css"),
    )
    .unwrap();
    let run = s.build();
    run.ok();
    assert!(
        run.stderr
            .contains("warning[symbolic-link]: a symbolic link in static/ is not published"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("static/leak.txt"), "{}", run.stderr);
    assert!(!s.exists("leak.txt"), "the link's target is not published");
    // The theme's stylesheet is then the built-in one, so pages still find it.
    assert!(s.read("assets/style.css").len() > 1000);
}

/// Sizes at which the reader used to take time growing with the square of the input: 20,000
/// list items with an error each took 22 s, 20,000 figures 16 s, 100,000 nested brackets 20 s.
/// Each is now read in time growing with its size; what is checked here is that every error
/// is still found at its own line, which the faster reading must keep.
#[test]
fn long_lists_many_keys_and_deep_nesting_are_read_and_placed_right() {
    let s = site();
    let head = "---\ntitle: 乙\ndate: 2026-01-02\ndomains: [ecology]\n";
    // Every milestone wrong: each error shows its own line.
    let milestones: String = (0..20_000)
        .map(|i| format!("  - {{date: 2026-10, title: 节点{i}, status: bad{i}}}\n"))
        .collect();
    s.file(
        "content/b.md",
        &format!("{head}milestones:\n{milestones}---\n"),
    );
    let run = s.run(&["check"]);
    refused(&run, "20000 errors in 1 file");
    assert!(
        run.stderr.contains(
            "--> content/b.md:20005:45\n      |\n20005 |   - {date: 2026-10, title: 节点19999, status: bad19999}"
        ),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(600)..]
    );
    assert!(
        run.stderr.contains(
            "--> content/b.md:6:41\n  |\n6 |   - {date: 2026-10, title: 节点0, status: bad0}"
        ),
        "{}",
        &run.stderr[..600]
    );
    // The last of 20,000 figures is wrong: found on its line, after a list read before it.
    let mut figures: String = (0..19_999)
        .map(|i| format!("  - {{label: 指标{i}, value: {i}, unit: 公里, year: 2026}}\n"))
        .collect();
    figures.push_str("  - {label: 末项, value: 1, unit: 公里, year: 两千}\n");
    let milestones = "milestones:\n  - {date: 2026-10, title: 节点, status: done}\n  - {date: 2026-11, title: 节点, status: bad}\n";
    s.file(
        "content/b.md",
        &format!("{head}{milestones}figures:\n{figures}---\n"),
    );
    let run = s.run(&["check"]);
    refused(&run, "[figures[19999].year]");
    assert!(run.stderr.contains("content/b.md:20008:"), "{}", run.stderr);
    assert!(run.stderr.contains("content/b.md:7:"), "{}", run.stderr);
    // 3,000 tags, each three times: counted once each.
    let tags: String = (0..9_000)
        .map(|i| format!("  - 标签{}\n", i % 3_000))
        .collect();
    s.file("content/b.md", &format!("{head}tags:\n{tags}---\n"));
    refused(&s.run(&["check"]), "3000 tags; a brief may have at most 30");
    // A key written twice at the end of a mapping of many keys.
    let keys: String = (0..5_000).map(|i| format!("k{i}: v, ")).collect();
    s.file(
        "content/b.md",
        &format!("{head}extra: {{{keys}k4999: w}}\n---\n"),
    );
    refused(&s.run(&["check"]), "the key `k4999` is written twice");
    // Brackets opened 100,000 deep: refused where the 65th opens, before YAML reads them.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    s.file("content/b.md", &format!("{head}extra: {deep}\n---\n"));
    let run = s.run(&["check"]);
    refused(&run, "more than 64 `[` or `{` are open here");
    assert!(run.stderr.contains("content/b.md:5:72"), "{}", run.stderr);
    // A site.yaml is read by the same reader.
    s.remove("content/b.md");
    s.file("site.yaml", &format!("{SITE_YAML}extra: {deep}\n"));
    refused(&s.run(&["check"]), "more than 64 `[` or `{` are open here");
}

/// What an editor may have meant as a brief but is not read is said, not skipped in silence:
/// a symbolic link (it could point anywhere on the machine), a file named `.MD` or
/// `.markdown`.
#[test]
fn content_that_is_not_read_is_named() {
    let s = site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: 机密\ndate: 2026-01-01\ndomains: [ecology]\n---\n机密正文\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        s.root().join("content/linked.md"),
    )
    .unwrap();
    s.file(
        "content/2026/Upper.MD",
        &article("乙", "2026-01-02", "[ecology]"),
    );
    s.file(
        "content/2026/long.markdown",
        &article("丙", "2026-01-03", "[ecology]"),
    );
    let run = s.build();
    run.ok();
    for (file, message, help) in [
        (
            "content/linked.md",
            "[symbolic-link]: a symbolic link in content/ is not read",
            "put the file itself in content/",
        ),
        (
            "content/2026/Upper.MD",
            "[not-a-brief]: a file ending in `.MD` is not read as a brief",
            "rename it to `Upper.md`",
        ),
        (
            "content/2026/long.markdown",
            "[not-a-brief]: a file ending in `.markdown` is not read as a brief",
            "rename it to `long.md`",
        ),
    ] {
        assert!(
            run.stderr
                .contains(&format!("warning{message}\n --> {file}\n")),
            "{file}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(help), "{}", run.stderr);
    }
    assert!(!s.exists("articles/linked/index.html"));
    assert!(!s.read("index.html").contains("机密"));
    assert!(s.exists("articles/a/index.html"));
}
