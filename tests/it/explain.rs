//! `briefing explain`: a code's page in the site's language, every code listed, a typo named.
//! The codes themselves are held to docs/diagnostics*.md by `diag::code`'s unit tests.

use crate::common::TestSite;

#[test]
fn a_code_is_explained_in_the_sites_language() {
    // The test site's language is the default, zh-CN.
    let site = TestSite::new();
    let root = site.root().to_str().unwrap();
    let zh = site.run(&["explain", "unknown-domain", "--root", root]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    assert!(
        zh.stdout.starts_with("unknown-domain\n\n**错误** · 简报"),
        "{}",
        zh.stdout
    );
    assert!(zh.stdout.contains("domains: [transprot]"), "{}", zh.stdout);
    assert!(!zh.stdout.contains("\n## "), "one page only: {}", zh.stdout);
    site.append("site.yaml", "language: en\n");
    let en = site.run(&["explain", "error[unknown-domain]", "--root", root]);
    assert!(
        en.stdout
            .contains("**error** · A brief (or a milestone) names a domain"),
        "{}",
        en.stdout
    );
    let chosen = site.run(&[
        "explain",
        "warning[overdue-milestone]",
        "--language",
        "zh",
        "--root",
        root,
    ]);
    assert!(chosen.stdout.contains("**警告**"), "{}", chosen.stdout);
}

#[test]
fn without_a_code_every_code_is_listed_and_a_typo_is_named() {
    let site = TestSite::new();
    let all = site.run(&["explain", "--language", "en"]);
    assert_eq!(all.code, 0);
    for line in ["unknown-domain ", "overdue-milestone ", "yaml-syntax "] {
        assert!(all.stdout.contains(line), "{line}: {}", all.stdout);
    }
    let typo = site.run(&["explain", "unknwn-domain"]);
    assert_eq!(typo.code, 1);
    assert_eq!(
        typo.stderr,
        "error: no diagnostic has the code `unknwn-domain`\n  = help: did you mean `unknown-domain`? `briefing explain` lists every code\n"
    );
    // A code is shown with its control characters made visible.
    let hostile = site.run(&["explain", "x\u{1b}[2J"]);
    assert!(!hostile.stderr.contains('\u{1b}'), "{:?}", hostile.stderr);
}
