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

/// The titles an English site's search finds for each of `queries` (run in node on the
/// shipped script, as the search page runs it).
fn found(s: &TestSite, queries: &[&str]) -> Vec<Vec<String>> {
    let dir = s.out().join("search");
    let results = crate::search::node_with(
        &[("SEARCH_LANG", "en")],
        &["search", dir.to_str().unwrap()],
        &serde_json::json!(queries),
    );
    (results.as_array().unwrap().iter())
        .map(|r| {
            (r["top"].as_array().unwrap().iter())
                .map(|t| t["title"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn english_search_finds_stems_names_and_phrases() {
    let s = TestSite::new();
    s.append("site.yaml", "language: en\n");
    let brief = |slug: &str, title: &str, text: &str| {
        s.file(
            &format!("content/{slug}.md"),
            &format!("---\ntitle: {title}\ndate: 2026-06-10\ndomains: [transport]\n---\n{text}\n"),
        );
    };
    brief("rail", "Rail links", "Two railways now reach the airport.");
    brief("xa", "A new city", "Xiong'an New Area plans its districts.");
    brief("apart", "Apart", "A new plan for the area around the port.");
    s.build().ok();
    let search = s.read("search/index.html");
    assert!(search.contains("data-lang=\"en\""), "{search}");
    let got = found(
        &s,
        &["railway", "Xiong'an", "\"new area\"", "new area", "planned"],
    );
    assert_eq!(got[0], ["Rail links"], "railway finds railways");
    assert_eq!(got[1], ["A new city"], "Xiong'an");
    assert_eq!(
        got[2],
        ["A new city"],
        "a phrase in quotes, its words in a row"
    );
    assert_eq!(got[3].len(), 2, "both words anywhere: {:?}", got[3]);
    let mut planned = got[4].clone();
    planned.sort();
    assert_eq!(
        planned,
        ["A new city", "Apart"],
        "planned finds plans and plan"
    );
}
