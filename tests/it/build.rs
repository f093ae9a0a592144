//! The built site: pages, URLs, cross links, feeds, data, determinism. Builds the
//! `tests/fixtures/basic` site (as_of 2026-06-15, base_url under /repo/, 2 items a page).

use crate::common::{SITE_YAML, TestSite, article, attrs, between};

fn built() -> TestSite {
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
fn card_links(html: &str) -> Vec<String> {
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

#[test]
fn timeline_orders_fuzzy_dates_and_draws_today() {
    let site = built();
    let html = site.read("timeline/index.html");
    let dates: Vec<&str> = html
        .split("<p class=\"tl-date\">")
        .skip(1)
        .map(|s| &s[..s.find('<').unwrap()])
        .collect();
    assert_eq!(
        dates,
        [
            "2025年",
            "2026年第一季度",
            "2026年1月",
            "2026年5月",
            "2026年5月10日",
            "2026年下半年",
            "2027年"
        ]
    );
    let today = html.find("class=\"today-line\"").unwrap();
    assert!(
        html.find("2026年5月10日").unwrap() < today && today < html.find("2026年下半年").unwrap()
    );
    // Status: explicit, or done once the period has ended; planned-but-ended is 待更新.
    let item = |title: &str| {
        let i = html
            .find(&format!("<p class=\"tl-title\">{title}</p>"))
            .unwrap();
        html[..i].rsplit("<li id=").next().unwrap().to_string()
    };
    assert!(item("营造林超700万亩").contains("ms-done"));
    assert!(item("一月规划获批").contains("ms-done"));
    assert!(item("五月十日试运行").contains("ms-in_progress"));
    assert!(item("五月验收").contains("ms-overdue"));
    assert!(html.contains(">待更新</span>"));
    assert!(item("快线建成投运").contains("ms-planned"));
    // A page per domain, without JavaScript.
    let t = site.read("timeline/transport/index.html");
    assert!(t.contains("快线建成投运") && !t.contains("营造林超700万亩"));
    assert!(t.contains("aria-current=\"page\">交通一体化</a>"));
    // The 待更新 badge is explained once, where there are such milestones.
    assert!(html.contains("<p class=\"legend\">"), "{html}");
    let overdue_in = |page: &str| site.read(page).contains("ms-overdue");
    for d in ["ecology", "transport"] {
        let page = format!("timeline/{d}/index.html");
        assert_eq!(
            site.read(&page).contains("<p class=\"legend\">"),
            overdue_in(&page),
            "{page}"
        );
    }
}

#[test]
fn article_milestones_link_to_their_place_on_the_timeline() {
    let site = built();
    let a = site.read("articles/a/index.html");
    assert!(a.contains("href=\"/repo/timeline/#m-a-1\">快线建成投运</a>"));
    assert!(
        site.read("timeline/index.html")
            .contains("<li id=\"m-a-1\"")
    ); // A figure says where it comes from, except on the brief it comes from.
    let figs = between(&a, "class=\"article-figures\"", "</section>");
    assert!(figs.contains("4254") && !figs.contains("fig-src"), "{figs}");
    assert!(
        site.read("figures/index.html")
            .contains("<p class=\"fig-src\"><a href=\"/repo/articles/a/\">甲文章</a></p>")
    );
}

#[test]
fn site_templates_override_the_built_in_ones_by_name() {
    let site = TestSite::fixture("basic");
    site.file("templates/404.html", "{% extends \"base.html\" %}{% block main %}<p>自定义 {{ site.title }}</p>{% endblock main %}");
    site.build().ok();
    assert!(site.read("404.html").contains("<p>自定义 测试简报</p>"));
    assert!(
        site.read("index.html").contains("最新简报"),
        "other templates stay built-in"
    );
}

#[test]
fn interface_strings_can_be_overridden() {
    let site = TestSite::fixture("basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.file(
        "site.yaml",
        &format!("{yaml}strings:\n  nav_home: Home\n  date_half2: \"H2 {{year}}\"\n"),
    );
    site.build().ok();
    assert!(site.read("index.html").contains(">Home</a>"));
    assert!(
        site.read("timeline/index.html")
            .contains("<p class=\"tl-date\">H2 2026</p>")
    );
    site.file("site.yaml", &format!("{yaml}strings:\n  nav_hom: Home\n"));
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("unknown interface string `nav_hom`")
            && run.stderr.contains("did you mean `nav_home`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn home_shows_latest_domains_figures_and_milestones() {
    let site = built();
    let html = site.read("index.html");
    let latest = card_links(between(&html, "id=\"h-latest\"", "</section>"));
    assert_eq!(
        latest,
        [
            "/repo/articles/a/",
            "/repo/articles/b/",
            "/repo/articles/c/",
            "/repo/articles/d/"
        ]
    );
    assert!(html.contains("<p class=\"count\">3 篇简报</p>"));
    assert!(between(&html, "id=\"h-figures\"", "</section>").contains("4254"));
    let upcoming = between(&html, "id=\"h-upcoming\"", "</section>");
    assert!(
        !upcoming.contains("五月十日试运行")
            && upcoming.contains("快线建成投运")
            && upcoming.contains("全线贯通")
            && !upcoming.contains("五月验收")
    );
    assert!(between(&html, "id=\"h-done\"", "</section>").contains("一月规划获批"));
}

#[test]
fn the_build_prints_a_summary_and_the_search_index_size() {
    let site = TestSite::fixture("basic");
    let run = site.build();
    run.ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines[0].starts_with("built 4 articles, "), "{}", lines[0]);
    assert!(lines[0].contains(" ms into "), "{}", lines[0]);
    let shard = std::fs::metadata(site.out().join("search/s/0.bin"))
        .unwrap()
        .len();
    assert_eq!(
        lines[1],
        format!(
            "search index: {} keys in 1 shard of {kb} KB in all, the largest {kb} KB",
            lines[1].split(' ').nth(2).unwrap(),
            kb = shard.div_ceil(1024)
        )
    );
    let quiet = site.run(&["--quiet", "build"]);
    assert_eq!(quiet.stdout, "");
}

#[test]
fn a_theme_file_in_static_replaces_the_built_in_one_and_its_version() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    let before = site.read("index.html");
    site.file("static/assets/style.css", "body { color: red; }\n");
    site.build().ok();
    assert_eq!(site.read("assets/style.css"), "body { color: red; }\n");
    let after = site.read("index.html");
    let version = |html: &str| between(html, "assets/style.css?v=", "\"").to_string();
    assert_ne!(
        version(&before),
        version(&after),
        "the cache-busting version follows the file"
    );
}

#[test]
fn today_is_counted_in_the_site_time_zone() {
    // 2026-06-09 16:10 UTC: already 2026-06-10 in Beijing, where the daily Pages run happens.
    let epoch = [("SOURCE_DATE_EPOCH", "1781021400")];
    let yaml = SITE_YAML.replace("as_of: 2026-06-15\n", "");
    let today = |site: &TestSite| {
        let json: serde_json::Value =
            serde_json::from_str(&site.read("api/milestones.json")).unwrap();
        json["today"].as_str().unwrap().to_string()
    };
    let site = TestSite::new();
    site.file("site.yaml", &yaml);
    site.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    site.run_env(&["build"], &epoch).ok();
    assert_eq!(
        today(&site),
        "2026-06-10",
        "the default zone is Asia/Shanghai"
    );
    site.file("site.yaml", &format!("{yaml}timezone: UTC\n"));
    site.run_env(&["build"], &epoch).ok();
    assert_eq!(today(&site), "2026-06-09");
}

#[test]
fn a_bad_base_url_argument_is_reported_as_an_argument() {
    let site = TestSite::new();
    site.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    let run = site.run(&["build", "--base-url", "ftp://x"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error[bad-argument]: `ftp://x` is not a site address (it should start with https:// and have no spaces, quotes, ? or #)\n  = command line: --base-url\n  = help: e.g. --base-url https://example.github.io/briefing/\n\n1 error in 1 argument; nothing was written (the previous output is unchanged)\n"
    );
}

#[cfg(unix)]
#[test]
fn a_rebuild_changes_only_what_changed_and_removes_what_is_no_longer_made() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::fixture("basic");
    site.file("static/notes/index.html", "<p>notes</p>");
    assert_eq!(site.build().code, 0);
    let inode = |rel: &str| std::fs::metadata(site.out().join(rel)).unwrap().ino();
    assert!(site.exists("articles/d/index.html") && site.exists("tags/交通/index.html"));
    let untouched = inode("articles/c/index.html");
    let edited = inode("articles/a/index.html");
    let a = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();
    site.file(
        "content/2026/a.md",
        &a.replace("## 三\n", "## 三\n\n新的一段。\n"),
    );
    // Brief d goes, with its page and the tag only it had; a static folder becomes a file.
    site.remove("content/2026/d.md");
    std::fs::remove_dir_all(site.root().join("static/notes")).unwrap();
    site.file("static/notes", "notes as a file");
    assert_eq!(site.build().code, 0);
    assert_eq!(
        inode("articles/c/index.html"),
        untouched,
        "an unchanged page is left alone"
    );
    assert_ne!(inode("articles/a/index.html"), edited);
    assert!(site.read("articles/a/index.html").contains("新的一段。"));
    assert!(
        !site.exists("articles/d"),
        "the folder of a page no longer made is removed"
    );
    assert!(!site.exists("tags/交通"));
    assert_eq!(site.read("notes"), "notes as a file");
    assert!(site.exists(".briefing-output"));
    // The same as a build into a new folder.
    let fresh = TestSite::new();
    crate::common::copy_dir(site.root(), fresh.root());
    std::fs::remove_dir_all(fresh.out()).unwrap();
    assert_eq!(fresh.build().code, 0);
    assert_eq!(
        crate::common::tree(&site.out()),
        crate::common::tree(&fresh.out())
    );
}

/// A site with 27 milestones, split by year at 20: 24 of ecology (one a month, 2025–2026),
/// 3 of transport (2024, 2026, 2027). Today is 2026-06-15.
fn split_timeline() -> TestSite {
    let site = TestSite::new();
    site.file("site.yaml", &format!("{SITE_YAML}timeline_split: 20\n"));
    let mut monthly =
        String::from("---\ntitle: 月度节点\ndate: 2026-06-01\ndomains: [ecology]\nmilestones:\n");
    for y in [2025, 2026] {
        for m in 1..=12 {
            monthly.push_str(&format!(
                "  - {{date: {y}-{m:02}, title: 节点{y}年{m}月}}\n"
            ));
        }
    }
    monthly.push_str("---\n正文。\n");
    site.file("content/e.md", &monthly);
    site.file(
        "content/t.md",
        "---\ntitle: 交通节点\ndate: 2026-05-01\ndomains: [transport]\nmilestones:\n  - {date: 2024, title: 通车甲}\n  - {date: 2026-03, title: 通车乙}\n  - {date: 2027-05, title: 通车丙}\n---\n正文。\n",
    );
    site.build().ok();
    site
}

fn tl_titles(html: &str) -> Vec<&str> {
    html.split("<p class=\"tl-title\">")
        .skip(1)
        .map(|s| &s[..s.find('<').unwrap()])
        .collect()
}

#[test]
fn a_long_timeline_gets_a_page_per_year_and_a_first_page_around_today() {
    let site = split_timeline();
    // The first page: ten milestones on each side of today, links to every year.
    let first = site.read("timeline/index.html");
    let shown = tl_titles(&first);
    assert_eq!(
        shown.len(),
        17,
        "ten before today, the seven after: {shown:?}"
    );
    assert_eq!(shown[0], "节点2025年10月", "{shown:?}");
    assert_eq!(shown[9], "节点2026年6月", "the last one started: {shown:?}");
    assert_eq!(shown[10], "节点2026年7月", "the first to come: {shown:?}");
    assert!(!shown.contains(&"通车甲") && shown.contains(&"通车乙"));
    let today = first.find("class=\"today-line\"").unwrap();
    assert!(
        first.find("节点2026年6月").unwrap() < today
            && today < first.find("节点2026年7月").unwrap()
    );
    assert!(
        first.contains("data-partial"),
        "no filtering in place of a part"
    );
    let years = between(&first, "class=\"filters tl-years\"", "</nav>");
    assert_eq!(
        attrs(years, "href"),
        [
            "/repo/timeline/",
            "/repo/timeline/2024/",
            "/repo/timeline/2025/",
            "/repo/timeline/2026/",
            "/repo/timeline/2027/"
        ]
    );
    assert!(
        years.contains("2025 <span class=\"count\">12 个节点</span>"),
        "{years}"
    );
    assert!(
        years.contains("aria-current=\"page\">今天前后</a>"),
        "{years}"
    );
    // A year's page: all of that year, in order, and today only on this year's.
    let y2025 = site.read("timeline/2025/index.html");
    assert_eq!(
        tl_titles(&y2025),
        (1..=12)
            .map(|m| format!("节点2025年{m}月"))
            .collect::<Vec<_>>()
    );
    assert!(y2025.contains("<h1>时间线 · 2025年</h1>"));
    assert!(!y2025.contains("today-line") && !y2025.contains("data-partial"));
    assert!(
        between(&y2025, "class=\"filters tl-years\"", "</nav>")
            .contains("aria-current=\"page\">2025 <span")
    );
    let y2026 = site.read("timeline/2026/index.html");
    assert_eq!(tl_titles(&y2026).len(), 13);
    let today = y2026.find("class=\"today-line\"").unwrap();
    assert!(
        y2026.find("节点2026年6月").unwrap() < today
            && today < y2026.find("节点2026年7月").unwrap()
    );
    // The filter keeps the year: a split domain's page of that year, else the year on the
    // domain's whole timeline.
    let filters = between(&y2026, "class=\"filters\"", "</nav>");
    assert_eq!(
        attrs(filters, "href"),
        [
            "/repo/timeline/2026/",
            "/repo/timeline/ecology/2026/",
            "/repo/timeline/transport/#y-2026"
        ]
    );
    let eco = site.read("timeline/ecology/2026/index.html");
    assert_eq!(tl_titles(&eco).len(), 12);
    assert!(eco.contains("<h1>时间线 · 生态环境 · 2026年</h1>"));
    assert!(
        !eco.contains("data-domain="),
        "the filter attribute only where it filters"
    );
    assert_eq!(
        attrs(between(&eco, "class=\"filters\"", "</nav>"), "href")[0],
        "/repo/timeline/2026/"
    );
    // Transport has three: one page, no years.
    let tr = site.read("timeline/transport/index.html");
    assert_eq!(tl_titles(&tr), ["通车甲", "通车乙", "通车丙"]);
    assert!(!tr.contains("tl-years") && !site.exists("timeline/transport/2026/index.html"));
    assert!(
        !site.exists("timeline/ecology/2024/index.html"),
        "no page for a year without milestones"
    );
    // Milestones link to their year's page, on briefs and in the data.
    let brief = site.read("articles/t/index.html");
    assert!(
        brief.contains("href=\"/repo/timeline/2027/#m-t-3\""),
        "{brief}"
    );
    assert!(
        site.read("timeline/2027/index.html")
            .contains("<li id=\"m-t-3\"")
    );
    assert!(
        site.read("api/milestones.json")
            .contains("\"https://example.github.io/repo/timeline/2024/#m-t-1\"")
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://example.github.io/repo/timeline/ecology/2025/</loc>")
    );
}

#[test]
fn a_domain_key_of_digits_only_is_refused() {
    let site = TestSite::new();
    site.file(
        "site.yaml",
        &SITE_YAML.replace("key: transport", "key: \"2026\""),
    );
    site.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("key `2026` is only digits"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("e.g. `key: d2026`"), "{}", run.stderr);
    assert!(run.stderr.contains("site.yaml:9:"), "{}", run.stderr);
}

#[test]
fn a_domain_with_many_figures_gets_a_figures_page_of_its_own() {
    let site = TestSite::new();
    site.file("site.yaml", SITE_YAML);
    // 13 briefs of ecology, one figure each (newest: 第13项), and one of transport.
    for i in 1..=13 {
        site.file(
            &format!("content/e{i}.md"),
            &format!("---\ntitle: 生态{i}\ndate: 2026-01-{i:02}\ndomains: [ecology]\nfigures:\n  - {{label: 第{i}项, value: {i}, unit: 个}}\n---\n正文。\n"),
        );
    }
    site.file(
        "content/t.md",
        "---\ntitle: 交通\ndate: 2026-02-01\ndomains: [transport]\nfigures:\n  - {label: 通车里程, value: 8712, unit: 公里}\n---\n正文。\n",
    );
    site.build().ok();
    let labels = |html: &str| -> Vec<String> {
        html.split("<p class=\"fig-label\">")
            .skip(1)
            .map(|s| s[..s.find('<').unwrap()].to_string())
            .collect()
    };
    let all = site.read("figures/index.html");
    let eco = between(&all, "id=\"f-ecology\"", "</section>");
    let shown = labels(eco);
    assert_eq!(shown.len(), 12, "{shown:?}");
    assert_eq!(
        (shown[0].as_str(), shown[11].as_str()),
        ("第13项", "第2项"),
        "newest first"
    );
    assert!(
        eco.contains("<a href=\"/repo/figures/ecology/\">查看全部（13）· 生态环境</a>"),
        "{eco}"
    );
    let tr = between(&all, "id=\"f-transport\"", "</section>");
    assert_eq!(labels(tr), ["通车里程"]);
    assert!(!tr.contains("查看全部"), "{tr}");
    let own = site.read("figures/ecology/index.html");
    assert_eq!(labels(&own).len(), 13);
    assert!(own.contains("<h1>数说京津冀 · 生态环境</h1>"), "{own}");
    assert!(!own.contains("通车里程"));
    assert!(!site.exists("figures/transport/index.html"));
    // The domain page shows 8 and links to all of them.
    let domain = site.read("domains/ecology/index.html");
    assert!(
        domain.contains("<a href=\"/repo/figures/ecology/\">查看全部（13）"),
        "{domain}"
    );
}
