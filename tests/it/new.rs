//! `briefing new`: a complete front matter that builds as it is, the same key checks as the
//! build, and never an overwrite.

use crate::common::{TestSite, run_in};

fn new(site: &TestSite, args: &[&str]) -> crate::common::Run {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", site.root().to_str().unwrap()]);
    run_in(site.root(), &all)
}

#[test]
fn writes_an_article_that_builds_as_it_is() {
    let site = TestSite::new();
    let run = new(
        &site,
        &[
            "hebei-rail",
            "--title",
            "河北：快线通车 计划",
            "--domain",
            "transport",
            "--region",
            "hebei",
            "--date",
            "2026-07-01",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "wrote content/2026/hebei-rail.md");
    let text = std::fs::read_to_string(site.root().join("content/2026/hebei-rail.md")).unwrap();
    assert!(text.starts_with("---\ntitle: 河北：快线通车 计划\ndate: 2026-07-01\ndomains: [transport]\nregions: [hebei]\n"), "{text}");
    for field in [
        "# tags:",
        "# summary:",
        "# source:",
        "# source_url:",
        "# author:",
        "# slug:",
        "# related:",
        "# draft:",
        "# milestones:",
        "#     status:",
        "# figures:",
        "# extra:",
    ] {
        assert!(text.contains(field), "missing commented example {field}");
    }
    site.build().ok();
    assert!(
        site.read("articles/hebei-rail/index.html")
            .contains("<h1>河北：快线通车 计划</h1>")
    );
}

#[test]
fn titles_yaml_would_misread_are_quoted() {
    let site = TestSite::new();
    assert_eq!(
        new(
            &site,
            &["a", "--title", "标题: 副标题", "--domain", "ecology"]
        )
        .code,
        0
    );
    site.build().ok();
    assert!(
        site.read("articles/a/index.html")
            .contains("<h1>标题: 副标题</h1>")
    );
}

#[test]
fn checks_keys_dates_and_slugs_like_the_build() {
    let site = TestSite::new();
    let run = new(
        &site,
        &[
            "x",
            "--title",
            "标题",
            "--domain",
            "transprot",
            "--region",
            "hebie",
            "--date",
            "2026-02-30",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("unknown domain `transprot`")
            && run.stderr.contains("did you mean `transport`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown region `hebie`")
            && run.stderr.contains("did you mean `hebei`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`2026-02-30` is not a real date"),
        "{}",
        run.stderr
    );
    let run = new(
        &site,
        &["../evil", "--title", "标题", "--domain", "ecology"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("unsafe slug `../evil`"),
        "{}",
        run.stderr
    );
    assert!(
        !site.root().join("content").exists(),
        "nothing written on error"
    );
    let run = run_in(site.root(), &["new", "x", "--title", "标题"]);
    assert_eq!(run.code, 2, "a missing --domain is a usage error");
}

#[test]
fn never_overwrites() {
    let site = TestSite::new();
    let args = [
        "same",
        "--title",
        "第一",
        "--domain",
        "ecology",
        "--date",
        "2026-01-01",
    ];
    assert_eq!(new(&site, &args).code, 0);
    let before = std::fs::read_to_string(site.root().join("content/2026/same.md")).unwrap();
    let run = new(
        &site,
        &[
            "same",
            "--title",
            "第二",
            "--domain",
            "ecology",
            "--date",
            "2026-01-01",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/2026/same.md")).unwrap(),
        before
    );
    // The same slug in another year's folder is refused too.
    let run = new(
        &site,
        &[
            "same",
            "--title",
            "第三",
            "--domain",
            "ecology",
            "--date",
            "2025-01-01",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("already used by content/2026/same.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn titles_yaml_would_misread_still_build_and_line_breaks_are_refused() {
    for title in [
        "标题: 副标题",
        "2026",
        "#话题",
        "- 列表",
        "{花括号}",
        "引号\"在内",
        "yes",
    ] {
        let site = TestSite::new();
        let flag = format!("--title={title}");
        let run = site.run(&[
            "new",
            "x",
            &flag,
            "--domain",
            "ecology",
            "--date",
            "2026-01-01",
            "--root",
            site.root().to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{title}: {}", run.stderr);
        site.build().ok();
        assert!(
            site.read("articles/x/index.html")
                .contains(&format!("<h1>{}</h1>", title.replace('"', "&quot;"))),
            "{title}"
        );
    }
    let site = TestSite::new();
    let run = site.run(&[
        "new",
        "x",
        "--title",
        "第一行\n第二行",
        "--domain",
        "ecology",
        "--root",
        site.root().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("has a line break or a control character"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("content").exists(), "nothing written");
}
