//! serve and a brief's record: `updated:` and `corrections:` edits are applied like other
//! front-matter edits, and a correction dated after today is refused as the build refuses it.

use super::*;

#[test]
fn a_correction_added_while_serving_is_shown_as_a_build_shows_it() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(&server);
    events.wait_for(": connected");
    let original = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();
    let corrected = original.replace(
        "date: 2026-06-10\n",
        "date: 2026-06-10\nupdated: 2026-06-12\ncorrections:\n  - {date: 2026-06-14, text: 原稿数字有误，已改正。}\n",
    );
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &corrected,
        "rebuilt ",
    );
    let page = get(&server, "/repo/articles/a/").body;
    assert!(
        page.contains("2026年6月14日更正</time>：原稿数字有误，已改正。"),
        "{page}"
    );
    assert!(
        get(&server, "/repo/sitemap.xml")
            .body
            .contains("/articles/a/</loc><lastmod>2026-06-14</lastmod>")
    );
    serves_what_a_build_makes(&site, &server);
    // A correction dated after today (2026-06-15) is an error; the last good site stays.
    save(
        &site,
        "content/2026/a.md",
        &corrected.replace("2026-06-14", "2026-06-30"),
    );
    let error = events.wait_for("event: build-error");
    assert!(
        error.contains("a correction is dated 2026-06-30, after today"),
        "{error}"
    );
    assert!(
        get(&server, "/repo/articles/a/")
            .body
            .contains("2026年6月14日更正")
    );
    save(&site, "content/2026/a.md", &original);
    events.wait_for("event: reload");
    serves_what_a_build_makes(&site, &server);
}

/// A commit made while serving is taken in: the milestone's move, saved before, gets its
/// history once it is committed.
#[test]
fn a_commit_made_while_serving_gives_the_milestone_its_history() {
    use crate::history::git;
    let site = TestSite::fixture("basic");
    git(site.root(), "2026-06-01", &["init", "-q"]);
    git(site.root(), "2026-06-01", &["add", "."]);
    git(site.root(), "2026-06-01", &["commit", "-qm", "first"]);
    let server = start(&site);
    let mut events = Events::open(&server);
    events.wait_for(": connected");
    let original = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();
    let moved = original.replace(
        "  - date: 2026-H2\n    title: 快线建成投运",
        "  - date: 2027-H1\n    title: 快线建成投运",
    );
    assert_ne!(moved, original);
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &moved,
        "rebuilt ",
    );
    assert!(!get(&server, "/repo/articles/a/").body.contains("时间由"));
    git(site.root(), "2026-06-12", &["commit", "-qam", "postponed"]);
    events.wait_for("event: reload");
    let page = get(&server, "/repo/articles/a/").body;
    assert!(
        page.contains("2026年6月12日：时间由2026年下半年改为2027年上半年"),
        "{page}"
    );
    assert!(page.contains("已推迟"), "{page}");
}

/// A quote edited while serving is checked as a build checks it: a figure its quote no longer
/// gives is an error (the last good site stays), and an edit to the registered source is
/// checked again too.
#[test]
fn a_quote_edited_while_serving_is_held_to_its_source() {
    let site = TestSite::fixture("basic");
    site.file(
        "content/_sources/page.txt",
        "2025年，集群营收达到4254亿元，规上企业1319家。\n",
    );
    let original = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();
    let quoted = original
        .replace("date: 2026-06-10\n", "date: 2026-06-10\nsource_key: page\n")
        .replace(
            "value: 4254, unit: 亿元",
            "value: 4254, unit: 亿元, quote: \"集群营收达到4254亿元\"",
        );
    assert_ne!(quoted, original);
    site.file("content/2026/a.md", &quoted);
    let server = start(&site);
    let mut events = Events::open(&server);
    events.wait_for(": connected");
    save(
        &site,
        "content/2026/a.md",
        &quoted.replace("value: 4254, unit", "value: 4245, unit"),
    );
    let error = events.wait_for("event: build-error");
    assert!(
        error.contains("the quote does not give 4245亿元"),
        "{error}"
    );
    save(&site, "content/2026/a.md", &quoted);
    events.wait_for("event: reload");
    // The source loses the words: the quote is not found any more.
    save(
        &site,
        "content/_sources/page.txt",
        "2025年，规上企业1319家。\n",
    );
    let error = events.wait_for("event: build-error");
    assert!(
        error.contains("the quote is not in the source `page`"),
        "{error}"
    );
}
