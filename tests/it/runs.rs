//! How a run with problems behaves: every error at once, sorted; the previous site left
//! untouched; `check` like `build`; warnings that do not fail; refused output folders; exit
//! codes; hostile front matter.

use crate::common::{TestSite, article};

#[test]
fn duplicate_slug_names_both_files() {
    let site = TestSite::new();
    site.file(
        "content/2025/hebei.md",
        &article("甲", "2025-01-01", "[ecology]"),
    );
    site.file(
        "content/2026/other.md",
        "---\ntitle: 乙\ndate: 2026-01-01\ndomains: [ecology]\nslug: hebei\n---\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("--> content/2026/other.md:5:7"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("duplicate slug `hebei`: content/2025/hebei.md uses it too"),
        "{}",
        run.stderr
    );
}

#[test]
fn all_errors_of_a_run_come_together_sorted_by_file_and_line() {
    let site = TestSite::new();
    site.file(
        "content/b.md",
        "---\ntitle: 乙\ndate: 2026-13-01\ndomains: [ecolgy]\n---\n",
    );
    site.file("content/a.md", "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nregions: [nowhere]\n---\n[x](gone.md)\n");
    site.file("content/c.md", "no front matter");
    let run = site.build();
    assert_eq!(run.code, 1);
    let locs: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .collect();
    assert_eq!(
        locs,
        [
            "content/a.md:5:11",
            "content/a.md:7:1",
            "content/b.md:3:7",
            "content/b.md:4:11",
            "content/c.md:1:1"
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("5 errors in 3 files; nothing was written"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = TestSite::new();
    site.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    site.build().ok();
    let before = snapshot(&site.out());
    site.file(
        "content/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [nope]\n---\n",
    );
    site.file("content/b.md", &article("乙", "2026-01-02", "[ecology]"));
    assert_eq!(site.build().code, 1);
    assert_eq!(snapshot(&site.out()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("briefing-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn check_reports_like_build_and_writes_nothing() {
    let site = TestSite::new();
    site.file(
        "content/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [transprot]\n---\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("did you mean `transport`?"));
    site.file("content/a.md", &article("甲", "2026-01-01", "[transport]"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("checked 1 articles"), "{}", run.stdout);
    assert!(!site.out().exists());
}

#[test]
fn overdue_planned_milestones_are_warnings_in_check() {
    let site = TestSite::new();
    site.file(
        "content/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nmilestones:\n  - date: 2026-Q1\n    title: 第一季度完成\n    status: planned\n---\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning[overdue-milestone]: milestone `第一季度完成` is planned for 2026-Q1, which has ended (today is 2026-06-15)"), "{}", run.stderr);
    assert!(run.stderr.contains("--> content/a.md:6"), "{}", run.stderr);
    assert!(run.stdout.contains("1 warning"), "{}", run.stdout);
}

#[test]
fn a_tag_with_a_full_width_comma_is_kept_with_a_warning() {
    let site = TestSite::new();
    site.file(
        "content/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\ntags:\n  - 交通\n  - 生态、补偿\n---\n正文\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for expected in [
        "warning[tag-run-together]: the tag `生态、补偿` has `、` in it, so it is one tag [tags]",
        "--> content/a.md:7:5",
        "help: to give two tags, separate them with an ASCII comma and a space, e.g. `tags: [生态, 补偿]`",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    assert!(!run.stderr.contains("`交通`"), "{}", run.stderr);
    assert!(run.stdout.contains("1 warning"), "{}", run.stdout);
    let tag = site.read("tags/生态补偿/index.html");
    assert!(
        tag.contains("生态、补偿"),
        "the tag is kept as written: {tag}"
    );
}

#[test]
fn output_folders_holding_sources_are_refused() {
    let site = TestSite::new();
    site.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    for bad in [".", "content", "templates/x"] {
        let out = site.root().join(bad);
        let run = site.run(&["build", "--out", out.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{bad}");
        assert!(
            run.stderr.contains("refusing to use"),
            "{bad}: {}",
            run.stderr
        );
    }
    assert!(site.root().join("content/a.md").exists());
    assert!(site.root().join("site.yaml").exists());
}

#[test]
fn usage_errors_exit_with_2() {
    let run = crate::common::run_in(std::path::Path::new("."), &["build", "--no-such-flag"]);
    assert_eq!(run.code, 2);
    let run = crate::common::run_in(std::path::Path::new("."), &["--version"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("briefing "));
}

#[test]
fn missing_site_yaml_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::common::run_in(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("cannot read site.yaml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--root"), "{}", run.stderr);
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Input no editor means to write, but a repository can contain: always a clear error or a
/// build, never a crash.
#[test]
fn hostile_front_matter_never_crashes() {
    let deep = format!(
        "---\ntitle: t\nextra: {}{}\n---\n",
        "[".repeat(2000),
        "]".repeat(2000)
    );
    let cases: &[(&str, &[u8])] = &[
        ("empty file", b""),
        ("only a fence", b"---\n"),
        ("two fences", b"---\n---\n"),
        ("a list, not fields", b"---\n- a\n- b\n---\n"),
        ("a number key", b"---\n1: x\ntitle: t\n---\n"),
        ("huge number", b"---\ntitle: t\ndate: 99999999999999999999999\ndomains: [ecology]\n---\n"),
        ("milestones of numbers", b"---\ntitle: t\ndate: 2026-01-01\ndomains: [ecology]\nmilestones: [1, 2]\n---\n"),
        ("figures as a mapping", b"---\ntitle: t\ndate: 2026-01-01\ndomains: [ecology]\nfigures: {a: 1}\n---\n"),
        ("title as a list", b"---\ntitle: [a, b]\ndate: 2026-01-01\ndomains: [ecology]\n---\n"),
        ("tab indentation", b"---\ntitle: t\nmilestones:\n\t- date: 2026\n---\n"),
        ("binary tag", b"---\ntitle: !!binary aGVsbG8=\ndate: 2026-01-01\ndomains: [ecology]\n---\n"),
        ("alias bomb", b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n---\n"),
        ("deep nesting", deep.as_bytes()),
        ("BOM and CRLF", b"\xef\xbb\xbf---\r\ntitle: t\r\ndate: 2026-01-01\r\ndomains: [ecology]\r\n---\r\nbody\r\n"),
        ("NUL bytes", b"---\ntitle: t\x00\ndate: 2026-01-01\ndomains: [ecology]\n---\n"),
        ("link to itself and outside", b"---\ntitle: t\ndate: 2026-01-01\ndomains: [ecology]\n---\n[a](a.md) [b](../../../etc/passwd.md) [c](/a.md)\n"),
    ];
    for (name, text) in cases {
        let site = TestSite::new();
        site.bytes("content/a.md", text);
        let run = site.build();
        assert!(
            run.code == 0 || run.code == 1,
            "{name}: exit {}\n{}",
            run.code,
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        if run.code == 1 {
            assert!(
                run.stderr.contains("--> content/a.md"),
                "{name}: no location\n{}",
                run.stderr
            );
        }
    }
}

#[test]
fn an_output_folder_that_cannot_be_made_is_a_clear_error() {
    let site = TestSite::new();
    site.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    site.file("not-a-folder", "x");
    let out = site.root().join("not-a-folder/public");
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert!(run.stderr.contains("not-a-folder"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
}
