//! The built site: pages, URLs, cross links, feeds, data, determinism. Builds the
//! `tests/fixtures/basic` site (as_of 2026-06-15, base_url under /repo/, 2 items a page).

use crate::common::{SITE_YAML, TestSite, article, attrs, between};

pub(crate) fn built() -> TestSite {
    let site = TestSite::fixture("basic");
    site.build().ok();
    site
}

#[test]
fn every_page_kind_is_written_with_pretty_urls() {
    let site = built();
    for f in [
        "index.html",
        "articles/a/index.html",
        "articles/index.html",
        "articles/page/2/index.html",
        "about/index.html",
        "domains/index.html",
        "domains/ecology/index.html",
        "domains/ecology/page/2/index.html",
        "domains/ecology/feed.xml",
        "regions/index.html",
        "regions/hebei/index.html",
        "tags/index.html",
        "tags/生态补偿/index.html",
        "timeline/index.html",
        "timeline/transport/index.html",
        "figures/index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "api/articles.json",
        "api/milestones.json",
        "api/figures.json",
        "assets/style.css",
        "assets/syntax.css",
        "images/x.png",
    ] {
        assert!(site.exists(f), "missing {f}");
    }
    assert!(
        !site.exists("articles/draft/index.html"),
        "drafts are not built by default"
    );
    assert!(
        !site.exists("articles/x/index.html"),
        "_-prefixed folders are ignored"
    );
}

#[test]
fn every_internal_url_carries_the_base_path() {
    let site = built();
    for page in [
        "index.html",
        "articles/a/index.html",
        "timeline/index.html",
        "about/index.html",
    ] {
        let html = site.read(page);
        for url in attrs(&html, "href").into_iter().chain(attrs(&html, "src")) {
            if url.starts_with('/') {
                assert!(url.starts_with("/repo/"), "{page}: {url}");
            }
        }
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://example.github.io/repo/"),
            "{page}"
        );
        assert!(html.contains("property=\"og:title\""), "{page}");
    }
    assert!(
        site.read("about/index.html")
            .contains("src=\"/repo/images/x.png\"")
    );
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = TestSite::fixture("basic");
    site.run(&["build", "--base-url", "https://someone.github.io/other"])
        .ok();
    let html = site.read("index.html");
    assert!(html.contains("href=\"/other/articles/a/\""), "{html}");
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://someone.github.io/other/sitemap.xml")
    );
}

#[test]
fn the_same_input_builds_byte_identical_output() {
    let site = TestSite::fixture("basic");
    let a = site.root().join("out-a");
    let b = site.root().join("out-b");
    site.run(&["build", "--out", a.to_str().unwrap()]).ok();
    site.run(&["build", "--out", b.to_str().unwrap()]).ok();
    let list = |d: &std::path::Path| {
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(d)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(d).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (la, lb) = (list(&a), list(&b));
    assert!(la.len() > 30);
    assert!(la == lb, "outputs differ");
}

#[test]
fn drafts_build_only_with_the_flag() {
    let site = TestSite::fixture("basic");
    site.run(&["build", "--drafts"]).ok();
    assert!(site.read("articles/draft/index.html").contains("草稿文章"));
}

#[test]
fn raw_html_is_left_out_unless_allowed() {
    let site = built();
    let about = site.read("about/index.html");
    assert!(about.contains("本站用于测试。粗体"), "{about}");
    assert!(!about.contains("<b>"));
    let site = TestSite::fixture("basic");
    site.append("site.yaml", "markdown: {unsafe_html: true}\n");
    site.build().ok();
    assert!(site.read("about/index.html").contains("<b>粗体</b>"));
}

#[test]
fn headings_get_chinese_ids_and_a_table_of_contents() {
    let site = built();
    let html = site.read("articles/a/index.html");
    assert!(
        html.contains("<h2 id=\"交通-京雄快线\">交通 京雄快线</h2>"),
        "{html}"
    );
    let toc = between(&html, "<nav class=\"toc\"", "</nav>");
    assert_eq!(attrs(toc, "href"), ["#交通-京雄快线", "#二", "#三"]);
    // Fewer than three headings: no table of contents.
    assert!(!site.read("articles/b/index.html").contains("class=\"toc\""));
}

#[test]
fn code_is_highlighted_and_its_stylesheet_linked_only_where_needed() {
    let site = built();
    let a = site.read("articles/a/index.html");
    assert!(a.contains("<pre class=\"code hl\" data-lang=\"rust\">"));
    assert!(a.contains("/repo/assets/syntax.css?v="));
    assert!(!site.read("articles/b/index.html").contains("syntax.css"));
    let css = site.read("assets/syntax.css");
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
    // CSS and JS stay under 30 KB per page, code pages included.
    let total =
        css.len() + site.read("assets/style.css").len() + site.read("assets/timeline.js").len();
    assert!(total < 30 * 1024, "{total} bytes");
}

#[test]
fn links_to_md_files_become_article_urls() {
    let site = built();
    let a = site.read("articles/a/index.html");
    assert!(
        a.contains("<a href=\"/repo/articles/b/#%E8%83%8C%E6%99%AF\">乙文</a>"),
        "{a}"
    );
}

#[test]
fn tag_links_keep_chinese_readable_and_full_addresses_encode_it() {
    let site = built();
    let a = site.read("articles/a/index.html");
    // Inside the site, letters stay letters: a valid URL at a third of the bytes.
    assert!(
        a.contains("href=\"/repo/tags/生态补偿/\">#生态补偿</a>"),
        "{a}"
    );
    let tag = site.read("tags/生态补偿/index.html");
    assert_eq!(row_links(&tag), ["/repo/articles/a/", "/repo/articles/b/"]);
    // Addresses for other programs are ASCII.
    let encoded = "https://example.github.io/repo/tags/%E7%94%9F%E6%80%81%E8%A1%A5%E5%81%BF/";
    assert!(
        tag.contains(&format!("<link rel=\"canonical\" href=\"{encoded}\">")),
        "{tag}"
    );
    assert!(
        site.read("sitemap.xml")
            .contains(&format!("<loc>{encoded}</loc>"))
    );
}

/// The briefs shown as cards (the home page's latest), in order.
pub(crate) fn card_links(html: &str) -> Vec<String> {
    html.split("<h")
        .filter(|s| s.contains("class=\"card-title\""))
        .map(|s| attrs(s, "href")[0].clone())
        .collect()
}

/// The briefs a list page lists, in order.
fn row_links(html: &str) -> Vec<String> {
    attrs(between(html, "<ol class=\"rows\">", "</ol>"), "href")
}

#[test]
fn each_domain_page_lists_exactly_its_articles_newest_first_paginated() {
    let site = built();
    // ecology: a (06-10), b (06-01), c (05-01); 2 a page.
    let p1 = row_links(&site.read("domains/ecology/index.html"));
    let p2 = row_links(&site.read("domains/ecology/page/2/index.html"));
    assert_eq!(p1, ["/repo/articles/a/", "/repo/articles/b/"]);
    assert_eq!(p2, ["/repo/articles/c/"]);
    let t = row_links(&site.read("domains/transport/index.html"));
    assert_eq!(t, ["/repo/articles/b/", "/repo/articles/d/"]);
    assert!(!site.exists("domains/transport/page/2/index.html"));
    let p1 = site.read("domains/ecology/index.html");
    assert!(
        p1.contains("<a class=\"page-step\" rel=\"next\" href=\"/repo/domains/ecology/page/2/\">")
    );
    assert!(p1.contains("<span class=\"current\" aria-current=\"page\">1</span>"));
    let p2 = site.read("domains/ecology/page/2/index.html");
    assert!(p2.contains("rel=\"prev\" href=\"/repo/domains/ecology/\""));
    // The domain's overview (progress, milestones) is on its first page only.
    assert!(p1.contains("<aside class=\"side\">"), "{p1}");
    assert!(!p2.contains("<aside"), "{p2}");
    assert!(p2.contains("<h1>生态环境</h1>"), "{p2}");
}

#[test]
fn the_json_files_are_published_only_when_asked_for() {
    let site = TestSite::new();
    site.file("site.yaml", &SITE_YAML.replace("api: true\n", ""));
    site.file("content/a.md", &article("甲", "2026-06-01", "[ecology]"));
    site.build().ok();
    assert!(site.exists("articles/a/index.html"));
    assert!(!site.exists("api/articles.json"));
    assert!(!site.exists("api/milestones.json"));
    assert!(!site.exists("api/figures.json"));
}

#[test]
fn related_backlinks_and_prev_next() {
    let site = built();
    let a = site.read("articles/a/index.html");
    // Explicit `related: [b]` first, then the closest (c shares the domain).
    let related = attrs(between(&a, "id=\"h-related\"", "</section>"), "href");
    assert_eq!(related[0], "/repo/articles/b/");
    assert!(related.contains(&"/repo/articles/c/".to_string()));
    // d links to a in its text; a names b in related.
    let back_a = attrs(between(&a, "id=\"h-back\"", "</section>"), "href");
    assert_eq!(back_a, ["/repo/articles/d/"]);
    let b = site.read("articles/b/index.html");
    assert_eq!(
        attrs(between(&b, "id=\"h-back\"", "</section>"), "href"),
        ["/repo/articles/a/"]
    );
    // prev = older in the first domain, next = newer.
    assert!(b.contains("rel=\"prev\" href=\"/repo/articles/c/\""));
    assert!(b.contains("rel=\"next\" href=\"/repo/articles/a/\""));
}

/// `related_limit: 0` leaves the related briefs out (explicit ones too), and
/// `timeline_split: 0` splits even a short timeline by year.
#[test]
fn zero_related_and_a_zero_split_are_accepted_and_mean_what_they_say() {
    let site = TestSite::fixture("basic");
    site.append("site.yaml", "related_limit: 0\ntimeline_split: 0\n");
    site.build().ok();
    let a = site.read("articles/a/index.html");
    assert!(!a.contains("id=\"h-related\""), "no related section");
    assert!(a.contains("id=\"h-back\""), "backlinks stay");
    let first = site.read("timeline/index.html");
    assert!(first.contains("data-partial"), "the timeline is split");
    assert!(site.exists("timeline/2026/index.html"));
}

#[test]
fn feeds_are_valid_atom() {
    let site = built();
    for f in [
        "feed.xml",
        "domains/ecology/feed.xml",
        "domains/transport/feed.xml",
    ] {
        let xml = site.read(f);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{f}: {e}"));
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().name(), "feed");
        assert_eq!(
            feed.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        for required in ["title", "id", "updated"] {
            assert!(
                feed.children().any(|c| c.tag_name().name() == required),
                "{f}: {required}"
            );
        }
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.tag_name().name() == "entry")
            .collect();
        assert!(!entries.is_empty());
        for e in &entries {
            for required in ["title", "id", "updated", "link", "content"] {
                assert!(
                    e.children().any(|c| c.tag_name().name() == required),
                    "{f}: entry {required}"
                );
            }
            let id = e
                .children()
                .find(|c| c.tag_name().name() == "id")
                .unwrap()
                .text()
                .unwrap();
            assert!(
                id.starts_with("https://example.github.io/repo/articles/"),
                "{id}"
            );
        }
    }
    let main = site.read("feed.xml");
    assert!(main.contains("<updated>2026-06-10T00:00:00Z</updated>"));
    assert!(
        main.contains("&lt;h2 id=&quot;交通-京雄快线&quot;&gt;"),
        "content is escaped HTML"
    );
}

#[test]
fn sitemap_robots_and_404() {
    let site = built();
    let sm = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sm).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.github.io/repo/articles/a/"));
    assert!(locs.contains(&"https://example.github.io/repo/"));
    assert!(!locs.iter().any(|l| l.contains("404")));
    assert!(sm.contains("<lastmod>2026-06-10</lastmod>"));
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.github.io/repo/sitemap.xml")
    );
    assert!(site.read("404.html").contains("页面未找到"));
}

#[test]
fn api_files_are_json_with_stable_fields() {
    let site = built();
    let articles: serde_json::Value =
        serde_json::from_str(&site.read("api/articles.json")).unwrap();
    assert_eq!(articles["version"], 1);
    let a = &articles["articles"][0];
    assert_eq!(a["slug"], "a");
    assert_eq!(a["url"], "https://example.github.io/repo/articles/a/");
    assert_eq!(a["related"][0], "b");
    let ms: serde_json::Value = serde_json::from_str(&site.read("api/milestones.json")).unwrap();
    assert_eq!(ms["today"], "2026-06-15");
    let first = &ms["milestones"][0];
    assert_eq!(first["date"], "2025");
    assert_eq!(first["status"], "done");
    assert_eq!(first["end"], "2025-12-31");
    let figs: serde_json::Value = serde_json::from_str(&site.read("api/figures.json")).unwrap();
    assert_eq!(figs["figures"][0]["number"], 4254.0);
    assert_eq!(figs["figures"][0]["unit"], "亿元");
}
