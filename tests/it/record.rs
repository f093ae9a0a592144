//! A living record: `updated:` and `corrections:` are shown on the brief's page, and the
//! feeds, the sitemap, the JSON data and the search metadata give the brief's last change.

use crate::common::TestSite;

/// A site of two briefs: `a` corrected and updated after it appeared, `b` never touched.
fn record_site() -> TestSite {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        "---\ntitle: 补偿协议签署\ndate: 2026-03-01\nupdated: 2026-04-01\ndomains: [ecology]\ncorrections:\n  - date: 2026-05-02\n    text: 原稿称“第三期”补偿协议，应为“三期”（第一至三期）。\n  - {date: 2026-03-05, text: 日期有误。}\n---\n三期协议已签署。\n",
    );
    s.file(
        "content/b.md",
        "---\ntitle: 未改动的简报\ndate: 2026-02-01\ndomains: [ecology]\n---\n正文。\n",
    );
    s.build().ok();
    s
}

#[test]
fn a_corrected_brief_shows_when_and_what_above_its_text() {
    let s = record_site();
    let page = s.read("articles/a/index.html");
    assert!(
        page.contains("更新于：<time datetime=\"2026-05-02\">2026年5月2日</time>"),
        "the latest of updated and the corrections: {page}"
    );
    let block = crate::common::between(&page, "<section class=\"corrections\"", "</section>");
    assert!(block.contains("<h2 id=\"h-corr\">更正</h2>"), "{block}");
    assert!(
        block.contains("<time datetime=\"2026-05-02\">2026年5月2日更正</time>：原稿称“第三期”补偿协议，应为“三期”（第一至三期）。"),
        "{block}"
    );
    assert!(
        block.contains("2026年3月5日更正</time>：日期有误。"),
        "{block}"
    );
    // Above the text, not at its end.
    assert!(page.find("class=\"corrections\"") < page.find("class=\"prose\""));
    let plain = s.read("articles/b/index.html");
    assert!(!plain.contains("更新于") && !plain.contains("class=\"corrections\""));
}

#[test]
fn feeds_sitemap_json_and_search_give_the_last_change() {
    let s = record_site();
    let feed = s.read("feed.xml");
    let entry = crate::common::between(&feed, "<title>补偿协议签署</title>", "</entry>");
    assert!(
        entry.contains("<updated>2026-05-02T00:00:00Z</updated>"),
        "{entry}"
    );
    assert!(
        entry.contains("<published>2026-03-01T00:00:00Z</published>"),
        "{entry}"
    );
    let untouched = crate::common::between(&feed, "<title>未改动的简报</title>", "</entry>");
    assert!(
        untouched.contains("<updated>2026-02-01T00:00:00Z</updated>"),
        "{untouched}"
    );
    // The feed changed when its entries last did.
    let head = &feed[..feed.find("<entry>").unwrap()];
    assert!(
        head.contains("<updated>2026-05-02T00:00:00Z</updated>"),
        "{head}"
    );
    let sitemap = s.read("sitemap.xml");
    assert!(
        sitemap.contains("/articles/a/</loc><lastmod>2026-05-02</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("/articles/b/</loc><lastmod>2026-02-01</lastmod>"),
        "{sitemap}"
    );
    let api: serde_json::Value = serde_json::from_str(&s.read("api/articles.json")).unwrap();
    let a = &api["articles"][0];
    assert_eq!(a["slug"], "a");
    assert_eq!(a["date"], "2026-03-01");
    assert_eq!(a["updated"], "2026-05-02");
    assert_eq!(a["modified"], "2026-05-02");
    assert_eq!(a["corrections"][1]["date"], "2026-03-05");
    assert_eq!(a["corrections"][1]["text"], "日期有误。");
    assert_eq!(api["articles"][1]["updated"], serde_json::Value::Null);
    assert_eq!(api["articles"][1]["modified"], "2026-02-01");
    let meta: serde_json::Value = serde_json::from_str(&s.read("search/m/0.json")).unwrap();
    assert_eq!(meta[0][2], "2026年3月1日 · 更新于2026年5月2日");
    assert_eq!(meta[1][2], "2026年2月1日");
}
