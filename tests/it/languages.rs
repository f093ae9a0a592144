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
    found_in(s, "search", queries)
}

/// [`found`], in the index at `dir` of the output (`en/search` for a site's English edition).
fn found_in(s: &TestSite, dir: &str, queries: &[&str]) -> Vec<Vec<String>> {
    let dir = s.out().join(dir);
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

const LANGUAGES: &str = "languages:
  - code: en
    title: Test Briefing
    description: A site for tests
    domains: {ecology: {name: Ecology, description: Air, water and land}, transport: Transport}
    regions: {beijing: Beijing, hebei: Hebei}
";

/// A Chinese site with an English edition: `rail` translated, `only` not.
pub(crate) fn two_languages() -> TestSite {
    let s = TestSite::new();
    s.append("site.yaml", LANGUAGES);
    s.file(
        "content/rail.md",
        "---\ntitle: 京雄快线下半年投运\ndate: 2026-06-10\ndomains: [transport]\nregions: [hebei]\ntags: [轨道交通]\nfigures:\n  - {label: 线路全长, value: 86.3, unit: 公里}\nmilestones:\n  - {date: 2026-H2, title: 建成投运}\n---\n京雄快线全长86.3公里。\n",
    );
    s.file(
        "content/rail.en.md",
        "---\ntitle: The airport express opens in the second half\ntags: [rail]\nfigures:\n  - {label: Length, value: 86.3, unit: km}\nmilestones:\n  - {date: 2026-H2, title: Opens to traffic}\n---\nThe line is 86.3 km long.\n",
    );
    s.file(
        "content/only.md",
        &crate::common::article("只有中文", "2026-06-09", "[ecology]"),
    );
    s
}

/// Every `hreflang` alternate of every page, in both languages, is a page of the build,
/// and each page's alternates name each other.
#[test]
fn the_languages_link_each_page_to_its_other_versions() {
    let s = two_languages();
    s.build().ok();
    let files = crate::common::tree(&s.out());
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") || path.contains("/print/") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for tag in html.split("<link rel=\"alternate\" hreflang=\"").skip(1) {
            let href = crate::common::between(tag, "href=\"", "\"");
            let rel = href
                .strip_prefix("https://example.github.io/repo/")
                .unwrap();
            let rel = percent_encoding::percent_decode_str(rel)
                .decode_utf8()
                .unwrap();
            let file = match rel.is_empty() || rel.ends_with('/') {
                true => format!("{rel}index.html"),
                false => rel.to_string(),
            };
            assert!(files.contains_key(&file), "{path}: {href} is not a page");
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked} alternates checked");
    // The brief in both languages, each naming both, the site's own language as x-default.
    for page in ["articles/rail/index.html", "en/articles/rail/index.html"] {
        let html = s.read(page);
        for alt in [
            "hreflang=\"zh-CN\" href=\"https://example.github.io/repo/articles/rail/\"",
            "hreflang=\"en\" href=\"https://example.github.io/repo/en/articles/rail/\"",
            "hreflang=\"x-default\" href=\"https://example.github.io/repo/articles/rail/\"",
        ] {
            assert!(html.contains(alt), "{page}: {alt}");
        }
    }
    // A brief not translated: no English alternate, and the switch leads to the English home.
    let only = s.read("articles/only/index.html");
    assert!(!only.contains("hreflang=\"en\" href"), "{only}");
    assert!(only.contains("<a href=\"/repo/en/\" hreflang=\"en\" lang=\"en\">English</a>"));
    assert!(!s.exists("en/articles/only/index.html"));
    // The English site: its interface, names, shared values, and what is not translated.
    let en = s.read("en/articles/rail/index.html");
    for words in [
        "<html lang=\"en\">",
        "Published: <time datetime=\"2026-06-10\">June 10, 2026</time>",
        ">Transport</a>",
        "Hebei",
        "86.3",
        "Opens to traffic",
        "<a href=\"/repo/articles/rail/\" hreflang=\"zh-CN\" lang=\"zh-CN\">中文</a>",
    ] {
        assert!(en.contains(words), "{words}: {en}");
    }
    assert!(
        s.read("en/index.html")
            .contains("1 more briefs are not yet translated.")
    );
    // Feeds, sitemap, search and data per language.
    for file in [
        "en/feed.xml",
        "en/sitemap.xml",
        "en/search/index.json",
        "en/api/articles.json",
    ] {
        assert!(s.exists(file), "{file}");
    }
    let sitemap = s.read("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.github.io/repo/en/articles/rail/\"/>"
    ));
    roxmltree::Document::parse(&sitemap).unwrap();
    let feed = s.read("en/feed.xml");
    assert!(
        feed.contains("The airport express") && !feed.contains("只有中文"),
        "{feed}"
    );
}

#[test]
fn a_translation_may_not_change_what_it_shares() {
    let s = two_languages();
    s.build().ok();
    let before = crate::common::tree(&s.out());
    s.file(
        "content/rail.en.md",
        "---\ntitle: The airport express\ndate: 2026-06-11\nfigures:\n  - {label: Length, value: 68.3, unit: km}\nmilestones:\n  - {date: 2026-H1, title: Opens}\n---\nText.\n",
    );
    s.file(
        "content/gone.en.md",
        "---\ntitle: Orphan\n---\nNo original.\n",
    );
    let run = s.build();
    assert_eq!(run.code, 1);
    let err = &run.stderr;
    for (words, at) in [
        (
            "`date` differs from the original's (2026-06-10)",
            "rail.en.md:3",
        ),
        (
            "figure 1 is 68.3 here, 86.3 in the original",
            "rail.en.md:5",
        ),
        (
            "milestone 1 differs from the original's (2026-H2)",
            "rail.en.md:7",
        ),
        (
            "a translation of content/gone.md, which is not there",
            "gone.en.md",
        ),
    ] {
        let block = err
            .split("\nerror")
            .find(|b| b.contains(words))
            .unwrap_or_else(|| panic!("{words}:\n{err}"));
        assert!(block.contains(&format!("content/{at}")), "{block}");
    }
    assert_eq!(crate::common::tree(&s.out()), before, "nothing written");
}

#[test]
fn a_translation_older_than_its_original_says_so() {
    let s = two_languages();
    s.file(
        "content/rail.md",
        "---\ntitle: 京雄快线下半年投运\ndate: 2026-06-10\nupdated: 2026-06-12\ndomains: [transport]\nregions: [hebei]\nfigures:\n  - {label: 线路全长, value: 86.3, unit: 公里}\nmilestones:\n  - {date: 2026-H2, title: 建成投运}\n---\n京雄快线全长86.3公里。\n",
    );
    let run = s.build();
    run.ok();
    assert!(
        run.stderr.contains("warning[translation-outdated]: the translation is older than its original: content/rail.md changed 2026-06-12, the translation last 2026-06-10"),
        "{}",
        run.stderr
    );
    assert!(
        s.read("en/articles/rail/index.html")
            .contains("This translation may be out of date")
    );
    // Brought up to date: no warning, no note.
    let t = std::fs::read_to_string(s.root().join("content/rail.en.md")).unwrap();
    s.file(
        "content/rail.en.md",
        &t.replacen("---\n", "---\nupdated: 2026-06-13\n", 1),
    );
    let run = s.build();
    assert!(
        !run.stderr.contains("translation-outdated"),
        "{}",
        run.stderr
    );
    assert!(
        !s.read("en/articles/rail/index.html")
            .contains("out of date")
    );
}

#[test]
fn a_site_of_one_language_has_no_alternates_or_switch() {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        &crate::common::article("甲", "2026-06-01", "[ecology]"),
    );
    // Without `languages:`, `x.en.md` is a brief like any other.
    s.file(
        "content/a.en.md",
        &crate::common::article("A", "2026-06-02", "[ecology]"),
    );
    let run = s.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = crate::common::tree(&s.out());
    for (path, bytes) in pages.iter().filter(|(p, _)| !p.starts_with("assets/")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("hreflang") && !text.contains("lang-switch"),
            "{path}"
        );
    }
    assert!(pages.contains_key("articles/a.en/index.html"));
}

/// An index in English: the script reads phrases and stems as the build does.
#[test]
fn the_script_reads_english_like_the_build() {
    let texts = [
        "Railways of Xiong'an New Area",
        "planned, running; policies and classes",
        "The 2025 plan: 86.3 km (PM2.5)",
        "Café  buildings\n\tdeveloped",
        "北京 railway 京雄",
    ];
    let env = [("SEARCH_LANG", "en")];
    let js = crate::search::node_with(&env, &["tokens"], &serde_json::json!(texts));
    for (i, text) in texts.iter().enumerate() {
        let rust: Vec<serde_json::Value> = briefing::search_contract::units_in_english(text)
            .into_iter()
            .map(|(t, p)| serde_json::json!([t, p]))
            .collect();
        assert_eq!(js[i], serde_json::Value::Array(rust), "units of {text:?}");
    }
    let queries = [
        "railways Xiong'an",
        "\"new areas\" plan",
        "“Xiong'an New Area”",
        "  ",
    ];
    let js = crate::search::node_with(&env, &["runs"], &serde_json::json!(queries));
    for (i, q) in queries.iter().enumerate() {
        assert_eq!(
            js[i],
            serde_json::json!(briefing::search_contract::runs_in_english(q)),
            "runs of {q:?}"
        );
    }
}

/// `new --lang en SLUG` starts a translation beside its brief: what it shares is named, not
/// written; the words to translate are; it never overwrites.
#[test]
fn new_starts_a_translation_from_its_original() {
    let s = two_languages();
    s.remove("content/rail.en.md");
    let root = s.root().to_str().unwrap();
    let run = crate::common::run_in(
        s.root(),
        &[
            "new",
            "rail",
            "--lang",
            "en",
            "--title",
            "Airport express",
            "--root",
            root,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("wrote content/rail.en.md"),
        "{}",
        run.stdout
    );
    let t = std::fs::read_to_string(s.root().join("content/rail.en.md")).unwrap();
    assert!(
        t.contains("the date (2026-06-10)") && t.contains("domains (transport)"),
        "{t}"
    );
    assert!(
        t.contains("title: Airport express") && t.contains("value: 86.3"),
        "{t}"
    );
    assert!(t.contains("{date: 2026-H2, title: 建成投运}") && t.contains("京雄快线全长86.3公里。"));
    // As written, it builds, and the original's text in the comment is not published.
    s.build().ok();
    let page = s.read("en/articles/rail/index.html");
    assert!(
        page.contains("Airport express") && !page.contains("京雄快线全长"),
        "{page}"
    );
    let again = crate::common::run_in(s.root(), &["new", "rail", "--lang", "en", "--root", root]);
    assert!(
        again.stderr.contains("error[file-exists]"),
        "{}",
        again.stderr
    );
    let wrong = crate::common::run_in(s.root(), &["new", "rial", "--lang", "fr", "--root", root]);
    assert!(
        wrong.stderr.contains("the site has no language `fr`"),
        "{}",
        wrong.stderr
    );
    assert!(wrong.stderr.contains("the site's other languages are: en"));
}

/// A page whose address is a language's folder, or a language named like one of the site's
/// folders, would write over the other: each is an error.
#[test]
fn a_language_folder_is_taken() {
    let s = two_languages();
    s.file(
        "content/en.md",
        "---\ntitle: English\nlayout: page\n---\nA page.\n",
    );
    let run = s.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[reserved-slug]: the page slug `en` is reserved"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("en (a language of the site)"),
        "{}",
        run.stderr
    );
    let s = two_languages();
    s.append("site.yaml", "  - {code: api, title: Apiaká}\n");
    let run = s.build();
    assert!(
        run.stderr
            .contains("error[bad-language]: `api` is the name of one of the site's folders"),
        "{}",
        run.stderr
    );
}
