//! `check --china`: what a page would load from another host, at its file and line; hosts
//! blocked or slow in mainland China are errors, named as such, others warnings. The built-in
//! theme passes.

use crate::common::TestSite;

fn site() -> TestSite {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n正文。\n\n![视频截图](https://i.ytimg.com/vi/x/0.jpg)\n\n<iframe src=\"https://player.vimeo.com/video/1\"></iframe>\n",
    );
    s.append("site.yaml", "markdown:\n  unsafe_html: true\n");
    s.file("static/css/extra.css", "body { color: #333 }\n@import url(https://fonts.googleapis.com/css2?family=Noto+Sans+SC);\n");
    s.file(
        "templates/404.html",
        "<p>找不到</p>\n<script src=\"https://stats.example.cn/s.js\"></script>\n",
    );
    s
}

#[test]
fn resources_from_other_hosts_are_listed_where_they_are_written() {
    let s = site();
    let run = s.run(&["check", "--china"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let err = &run.stderr;
    for (expect, at) in [
        (
            "error[foreign-resource]: `https://fonts.googleapis.com/css2?family=Noto+Sans+SC` is loaded from fonts.googleapis.com (Google Fonts), which readers in mainland China cannot reach or reach slowly",
            "--> static/css/extra.css:2:13",
        ),
        (
            "error[foreign-resource]: `https://i.ytimg.com/vi/x/0.jpg` is loaded from i.ytimg.com (YouTube)",
            "--> content/a.md:8:",
        ),
        (
            "warning[foreign-resource]: `https://stats.example.cn/s.js` is loaded from another host, stats.example.cn",
            "--> templates/404.html:2:14",
        ),
    ] {
        assert!(err.contains(expect), "{expect}: {err}");
        assert!(err.contains(at), "{at}: {err}");
    }
    // Not asked for, not run; `china: true` runs it in every check.
    assert_eq!(s.run(&["check"]).code, 0);
    s.append("site.yaml", "china: true\n");
    assert_eq!(s.run(&["check"]).code, 1);
}

#[test]
fn the_built_in_theme_and_the_default_site_pass() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = crate::common::run_in(repo, &["check", "--china"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("foreign-resource"), "{}", run.stderr);
}
