//! `briefing digest`: an edition or the briefs since a day as an HTML email (inline styles
//! only, no script, every address absolute) and its plain-text part, links also listed as
//! numbered references for editors that drop them.

use crate::editions::{NOW, site};

/// `briefing ARGS…` at the editions' "now".
fn briefing(root: &std::path::Path, args: &[&str]) -> crate::common::Run {
    crate::common::run_in_env(root, args, &[("SOURCE_DATE_EPOCH", NOW)])
}

/// The opening tags named `name` in `html`.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    html.split(&format!("<{name}"))
        .skip(1)
        .filter(|t| t.starts_with([' ', '>']))
        .map(|t| &t[..t.find('>').unwrap()])
        .collect()
}

#[test]
fn an_edition_digest_is_an_email_with_inline_styles_and_numbered_links() {
    let s = site();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let run = briefing(
        s.root(),
        &[
            "digest",
            "weekly/1",
            "--root",
            s.root().to_str().unwrap(),
            "--out",
            dir,
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("weekly-1.html and"), "{}", run.stdout);
    let html = std::fs::read_to_string(out.path().join("weekly-1.html")).unwrap();
    for banned in ["<script", "<style", "<link", "class=", "<iframe", "<form"] {
        assert!(!html.contains(banned), "{banned} in the digest: {html}");
    }
    for name in ["table", "td", "p", "h1", "h2", "a", "img", "div"] {
        for t in tags(&html, name) {
            assert!(t.contains("style=\""), "<{name}{t}> has no inline style");
        }
        let (open, close) = (
            tags(&html, name).len(),
            html.matches(&format!("</{name}>")).count(),
        );
        if name != "img" {
            assert_eq!(open, close, "<{name}> opened {open}, closed {close}");
        }
    }
    let addresses =
        (crate::common::attrs(&html, "href").into_iter()).chain(crate::common::attrs(&html, "src"));
    for a in addresses {
        assert!(a.starts_with("https://example.github.io/repo/"), "{a}");
    }
    // The editor's order, the note with its link numbered, each brief's link numbered.
    assert!(html.find("简报B").unwrap() < html.find("简报A").unwrap());
    assert!(html.contains("本期<strong>两篇</strong>"), "{html}");
    assert!(
        html.contains("[1] https://example.github.io/repo/articles/c/"),
        "{html}"
    );
    assert!(html.contains("[2] https://example.github.io/repo/articles/b/"));
    assert!(html.contains("[3] https://example.github.io/repo/articles/a/"));
    let text = std::fs::read_to_string(out.path().join("weekly-1.txt")).unwrap();
    assert!(text.contains("京津冀周报 第1期\n2026年6月1日"), "{text}");
    assert!(text.contains("本期两篇，见简报C[1]。"), "{text}");
    assert!(text.contains("1. 简报B\n2026年5月31日"), "{text}");
    assert!(
        text.contains("阅读全文 [2]")
            && text.contains("[3] https://example.github.io/repo/articles/a/")
    );
    assert!(!text.contains('<'), "{text}");
}

#[test]
fn a_digest_since_a_day_and_editions_that_are_not_there() {
    let s = site();
    let out = tempfile::tempdir().unwrap();
    let (root, dir) = (s.root().to_str().unwrap(), out.path().to_str().unwrap());
    let run = briefing(
        s.root(),
        &[
            "digest",
            "--since",
            "2026-06-05",
            "--root",
            root,
            "--out",
            dir,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(out.path().join("since-2026-06-05.txt")).unwrap();
    for (title, shown) in [
        ("简报E", true),
        ("简报D", true),
        ("简报C", true),
        ("简报B", false),
    ] {
        assert_eq!(text.contains(title), shown, "{title}: {text}");
    }
    let run = briefing(
        s.root(),
        &["digest", "weekly/9", "--root", root, "--out", dir],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[bad-argument]: no edition `weekly/9`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `weekly/1`?"),
        "{}",
        run.stderr
    );
    // Number 3 is not out yet: no digest of it either.
    let run = briefing(
        s.root(),
        &["digest", "weekly-3", "--root", root, "--out", dir],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    // A bare number needs a site of one serial.
    let run = briefing(s.root(), &["digest", "2", "--root", root, "--out", dir]);
    assert!(
        run.stderr
            .contains("the editions are: weekly/1, weekly/2, special/1"),
        "{}",
        run.stderr
    );
    let run = briefing(s.root(), &["digest", "--since", "June", "--root", root]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--since"), "{}", run.stderr);
}
