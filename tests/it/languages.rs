//! Languages: a site's interface in its `language` (the built-in strings in Chinese and in
//! English), dates as each writes them.

use crate::common::TestSite;

/// A site in English: the interface, dates and periods read as English writes them.
#[test]
fn an_english_site_gets_the_interface_in_english() {
    let s = TestSite::new();
    s.append("site.yaml", "language: en\n");
    s.file(
        "content/a.md",
        "---\ntitle: The Xiong'an railway\ndate: 2026-06-10\ndomains: [transport]\nfigures:\n  - {label: Length, value: 86.3, unit: km, year: 2026}\nmilestones:\n  - {date: 2026-H2, title: Opens to traffic}\n---\nThe railways of Xiong'an New Area.\n",
    );
    s.build().ok();
    let page = s.read("articles/a/index.html");
    for words in [
        "<html lang=\"en\">",
        ">Home</a>",
        "Published: <time datetime=\"2026-06-10\">June 10, 2026</time>",
        "Length<span class=\"fig-year\"> (2026)</span>",
        "H2 2026",
        "Planned",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    assert!(!page.contains("首页") && !page.contains("年"), "{page}");
    let timeline = s.read("timeline/index.html");
    assert!(timeline.contains("Today: <time"), "{timeline}");
}
