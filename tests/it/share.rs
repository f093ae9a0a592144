//! What a shared link shows and what search engines read: Open Graph and Twitter tags with
//! absolute addresses under the site's sub-path, and JSON-LD in schema.org's shapes; the 备案
//! lines in the footer.

use serde_json::Value;

use crate::common::TestSite;

fn site() -> TestSite {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        "---\ntitle: 雄安快线开通</script>\ndate: 2026-03-01\nupdated: 2026-04-02\ndomains: [transport]\ntags: [京雄快线]\nsummary: 快线开通，半小时直达。\nauthor: 张三\n---\n正文。\n",
    );
    s.build().ok();
    s
}

/// The `content` of `<meta {attr}="{name}">`s on `page`.
fn meta(page: &str, attr: &str, name: &str) -> Vec<String> {
    let needle = format!("<meta {attr}=\"{name}\" content=\"");
    page.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &page[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

fn json_ld(page: &str) -> Value {
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end].replace("<\\/", "</")).unwrap()
}

#[test]
fn a_brief_shared_shows_its_title_summary_dates_and_place() {
    let s = site();
    let page = s.read("articles/a/index.html");
    let one = |attr, name| meta(&page, attr, name).join("|");
    assert_eq!(one("property", "og:type"), "article");
    assert_eq!(one("property", "og:title"), "雄安快线开通&lt;/script&gt;");
    assert_eq!(one("property", "og:description"), "快线开通，半小时直达。");
    assert_eq!(
        one("property", "og:url"),
        "https://example.github.io/repo/articles/a/"
    );
    assert_eq!(one("property", "og:site_name"), "测试简报");
    assert_eq!(one("property", "og:locale"), "zh_CN");
    assert_eq!(one("property", "article:published_time"), "2026-03-01");
    assert_eq!(one("property", "article:modified_time"), "2026-04-02");
    assert_eq!(one("property", "article:section"), "交通一体化");
    assert_eq!(one("property", "article:tag"), "京雄快线");
    assert_eq!(one("name", "twitter:card"), "summary");
    // JSON-LD: a NewsArticle and its breadcrumbs; `</script>` in a title cannot end it.
    let ld = json_ld(&page);
    assert_eq!(ld["@context"], "https://schema.org");
    let article = &ld["@graph"][0];
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(article["headline"], "雄安快线开通</script>");
    assert_eq!(article["datePublished"], "2026-03-01");
    assert_eq!(article["dateModified"], "2026-04-02");
    assert_eq!(
        article["author"],
        serde_json::json!({"@type": "Person", "name": "张三"})
    );
    assert_eq!(article["publisher"]["@type"], "Organization");
    assert_eq!(
        article["mainEntityOfPage"],
        "https://example.github.io/repo/articles/a/"
    );
    let crumbs = ld["@graph"][1]["itemListElement"].as_array().unwrap();
    assert_eq!(ld["@graph"][1]["@type"], "BreadcrumbList");
    let items: Vec<(u64, &str)> = crumbs
        .iter()
        .map(|c| (c["position"].as_u64().unwrap(), c["item"].as_str().unwrap()))
        .collect();
    assert_eq!(
        items,
        [
            (1, "https://example.github.io/repo/"),
            (2, "https://example.github.io/repo/domains/transport/"),
            (3, "https://example.github.io/repo/articles/a/")
        ]
    );
}

#[test]
fn the_home_list_and_search_pages_are_shared_as_the_site() {
    let s = site();
    let home = s.read("index.html");
    assert_eq!(meta(&home, "property", "og:type"), ["website"]);
    assert_eq!(
        meta(&home, "property", "og:url"),
        ["https://example.github.io/repo/"]
    );
    assert_eq!(meta(&home, "property", "og:title"), ["测试简报"]);
    let ld = json_ld(&home);
    assert_eq!(ld["@type"], "WebSite");
    assert_eq!(ld["potentialAction"]["@type"], "SearchAction");
    assert_eq!(
        ld["potentialAction"]["target"],
        "https://example.github.io/repo/search/?q={search_term_string}"
    );
    assert_eq!(
        ld["potentialAction"]["query-input"],
        "required name=search_term_string"
    );
    assert_eq!(json_ld(&s.read("search/index.html"))["@type"], "WebSite");
    let list = s.read("domains/transport/index.html");
    assert_eq!(meta(&list, "property", "og:type"), ["website"]);
    assert_eq!(
        meta(&list, "property", "og:url"),
        ["https://example.github.io/repo/domains/transport/"]
    );
    assert!(meta(&list, "property", "article:published_time").is_empty());
}

#[test]
fn the_beian_lines_link_to_their_official_registers() {
    let s = TestSite::new();
    s.append(
        "site.yaml",
        "icp: 京ICP备12345678号-1\npolice_record: 京公网安备11010502000001号\n",
    );
    s.file(
        "content/a.md",
        &crate::common::article("甲", "2026-01-01", "[ecology]"),
    );
    s.build().ok();
    let home = s.read("index.html");
    assert!(
        home.contains(
            "<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener\">京ICP备12345678号-1</a>"
        ),
        "{home}"
    );
    assert!(home.contains("<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001\" rel=\"noopener\">京公网安备11010502000001号</a>"), "{home}");
    let plain = TestSite::new();
    plain.file(
        "content/a.md",
        &crate::common::article("甲", "2026-01-01", "[ecology]"),
    );
    plain.build().ok();
    assert!(!plain.read("index.html").contains("beian"));
}

/// A shared brief shows its cover, else its first photo, else the site's picture, each by its
/// full address with its size; the cover is published with the other photos.
#[test]
fn a_share_card_shows_the_cover_or_the_first_photo_or_the_site_picture() {
    let s = TestSite::new();
    s.append("site.yaml", "share_image: images/share.png\n");
    s.bytes(
        "static/images/share.png",
        &crate::common::picture(image::ImageFormat::Png, 1200, 630),
    );
    s.bytes(
        "content/cover.jpg",
        &crate::common::picture(image::ImageFormat::Jpeg, 2000, 1000),
    );
    s.bytes(
        "content/inline.jpg",
        &crate::common::picture(image::ImageFormat::Jpeg, 800, 600),
    );
    s.file("content/a.md", "---\ntitle: 有封面\ndate: 2026-01-03\ndomains: [ecology]\ncover: cover.jpg\n---\n![图](inline.jpg)\n");
    s.file(
        "content/b.md",
        "---\ntitle: 有插图\ndate: 2026-01-02\ndomains: [ecology]\n---\n![图](inline.jpg)\n",
    );
    s.file(
        "content/c.md",
        &crate::common::article("无图", "2026-01-01", "[ecology]"),
    );
    s.build().ok();
    let card = |file: &str| {
        let page = s.read(file);
        (
            meta(&page, "property", "og:image").join(""),
            meta(&page, "property", "og:image:width").join(""),
            meta(&page, "property", "og:image:height").join(""),
            meta(&page, "name", "twitter:card").join(""),
        )
    };
    let (url, w, h, kind) = card("articles/a/index.html");
    assert!(
        url.starts_with("https://example.github.io/repo/images/") && url.ends_with("-1200.jpg"),
        "{url}"
    );
    assert_eq!(
        (w.as_str(), h.as_str(), kind.as_str()),
        ("1200", "600", "summary_large_image")
    );
    // The cover gets a variant of its own at the card's width (1200 px), beside the page's.
    let card_file = s
        .out()
        .join(url.trim_start_matches("https://example.github.io/repo/"));
    assert_eq!(image::image_dimensions(&card_file).unwrap(), (1200, 600));
    let (url, w, h, _) = card("articles/b/index.html");
    assert!(url.ends_with("-800.jpg"), "{url}");
    assert_eq!((w.as_str(), h.as_str()), ("800", "600"));
    let (url, w, h, _) = card("articles/c/index.html");
    assert_eq!(
        (url.as_str(), w.as_str(), h.as_str()),
        (
            "https://example.github.io/repo/images/share.png",
            "1200",
            "630"
        )
    );
    let (url, ..) = card("index.html");
    assert_eq!(url, "https://example.github.io/repo/images/share.png");
    assert!(
        json_ld(&s.read("articles/a/index.html"))["@graph"][0]["image"]
            .as_str()
            .unwrap()
            .ends_with("-1200.jpg")
    );
    // A cover that is not there is an error at its line.
    s.file(
        "content/a.md",
        "---\ntitle: 有封面\ndate: 2026-01-03\ndomains: [ecology]\ncover: nope.jpg\n---\n正文。\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[unusable-image]: the cover `nope.jpg` cannot be used"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/a.md:5:8"),
        "{}",
        run.stderr
    );
}

/// A `share_image` that is not a readable picture in `static/` is an error naming it.
#[test]
fn a_share_image_that_cannot_be_read_is_an_error() {
    let s = TestSite::new();
    s.append("site.yaml", "share_image: images/nope.png\n");
    s.file(
        "content/a.md",
        &crate::common::article("甲", "2026-01-01", "[ecology]"),
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[unusable-image]: `share_image: images/nope.png` cannot be used: static/images/nope.png is not a readable picture"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1200×630 pixels suits share cards"),
        "{}",
        run.stderr
    );
}
