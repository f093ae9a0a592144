//! A brief's old addresses (`aliases:`) keep working: each is a page that sends the reader on,
//! listed nowhere; an alias that is no address of this site, or one something else has, is an
//! error at its line in check and build alike.

use crate::common::{TestSite, article};

fn with_aliases(aliases: &str) -> TestSite {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        &format!("---\ntitle: 新地址的简报\ndate: 2026-01-02\ndomains: [ecology]\naliases: {aliases}\n---\n正文。\n"),
    );
    s.file(
        "content/b.md",
        &article("另一篇", "2026-01-01", "[ecology]"),
    );
    s
}

#[test]
fn an_old_address_sends_the_reader_to_the_brief() {
    let s = with_aliases("[/articles/old-name/, /repo/2025/旧简报.html]");
    s.build().ok();
    for file in ["articles/old-name/index.html", "2025/旧简报.html"] {
        let page = s.read(file);
        assert!(
            page.contains("<meta http-equiv=\"refresh\" content=\"0; url=/repo/articles/a/\">"),
            "{page}"
        );
        assert!(
            page.contains(
                "<link rel=\"canonical\" href=\"https://example.github.io/repo/articles/a/\">"
            ),
            "{page}"
        );
        assert!(
            page.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{page}"
        );
        assert!(
            page.contains("<a href=\"/repo/articles/a/\">新地址的简报</a>"),
            "{page}"
        );
    }
    let sitemap = s.read("sitemap.xml");
    assert!(
        !sitemap.contains("old-name") && !sitemap.contains("旧简报"),
        "{sitemap}"
    );
    assert!(!s.read("articles/index.html").contains("old-name"));
}

#[test]
fn an_alias_something_else_has_is_an_error_at_its_line() {
    for (aliases, other, expect) in [
        (
            "[/articles/a/]",
            "",
            "the alias `/articles/a/` is already the address of the brief content/a.md",
        ),
        (
            "[/articles/b/]",
            "",
            "the alias `/articles/b/` is already the address of the brief content/b.md",
        ),
        (
            "[/x.html]",
            "static/x.html",
            "the alias `/x.html` is already the address of the file static/x.html",
        ),
        (
            "[/timeline/]",
            "",
            "the alias `/timeline/` is already the address of the site's page `/timeline/index.html`",
        ),
    ] {
        let s = with_aliases(aliases);
        if !other.is_empty() {
            s.file(other, "<p>x</p>");
        }
        for command in ["check", "build"] {
            let run = s.run(&[command]);
            assert_eq!(run.code, 1, "{command} {aliases}: {}", run.stderr);
            assert!(
                run.stderr
                    .contains(&format!("error[alias-clash]: {expect}")),
                "{command}: {}",
                run.stderr
            );
            assert!(
                run.stderr.contains("--> content/a.md:5:11"),
                "{command}: {}",
                run.stderr
            );
        }
        assert!(!s.exists("index.html"), "nothing written");
    }
    // The same old address claimed by two briefs: the second is told.
    let s = with_aliases("[/old/]");
    s.file(
        "content/c.md",
        "---\ntitle: 第三篇\ndate: 2026-01-03\ndomains: [ecology]\naliases: [/old/]\n---\n",
    );
    let run = s.run(&["check"]);
    assert!(
        run.stderr
            .contains("the alias `/old/` is already the address of an alias of content/"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_alias_that_is_no_address_of_this_site_is_an_error_at_its_line() {
    let s = with_aliases("[https://old.example.cn/a.html]");
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[bad-alias]: `https://old.example.cn/a.html` cannot be an alias: an alias is an address on this site"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--> content/a.md:5:11"),
        "{}",
        run.stderr
    );
    let s = with_aliases("[/articles/../../etc/]");
    let run = s.run(&["check"]);
    assert!(run.stderr.contains("error[bad-alias]"), "{}", run.stderr);
}
