//! The model on small sites built in memory: tags, related articles, previous/next, the
//! timeline around today. No binary, no files.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::load::front_matter::parse_file;

pub(super) const SITE: &str = "title: T\nbase_url: https://x.github.io/repo/\ndomains:\n  - {key: ecology, name: 生态}\n  - {key: transport, name: 交通}\nregions:\n  - {key: beijing, name: 北京}\n  - {key: hebei, name: 河北}\nseries:\n  - {key: output, name: 产值, unit: 亿元}\n";

/// The options of a model built in memory on `today`, nothing taken over.
pub(super) fn options(today: &str) -> ModelOptions {
    ModelOptions {
        root: std::path::PathBuf::from("."),
        repo_prefix: String::new(),
        drafts: false,
        today: Date::parse(today).unwrap(),
        now: (Date::parse(today).unwrap(), 24 * 60),
        // As serve, which places briefs in place: every brief, however dated.
        future: true,
        broken: HashSet::new(),
        reuse: HashMap::new(),
        related: None,
        editions: Vec::new(),
        elsewhere: HashMap::new(),
    }
}

/// Articles as `(slug, front matter lines)`; each gets a body of one line.
fn site_on(today: &str, articles: &[(&str, &str)]) -> Site {
    let config = Config::parse(SITE).unwrap();
    let loaded: Vec<Article> = articles
        .iter()
        .map(|(slug, front)| {
            let text = format!("---\n{front}\n---\n正文。\n");
            let file = format!("content/{slug}.md");
            parse_file(&file, slug, text.into_bytes(), &config)
                .unwrap_or_else(|e| panic!("{slug}: {:?}", e.diags))
        })
        .collect();
    let opts = options(today);
    let loaded = loaded.into_iter().map(Arc::new).collect();
    Site::build(config, loaded, Vec::new(), &opts, &Highlighter::default()).unwrap()
}

fn slugs(s: &Site, ids: &[ArticleId]) -> Vec<String> {
    ids.iter()
        .map(|&i| s.articles[i].src.slug.clone())
        .collect()
}

#[test]
fn articles_are_newest_first_and_tags_merge_by_slug() {
    let s = site_on(
        "2026-06-01",
        &[
            (
                "a",
                "title: A\ndate: 2026-01-01\ndomains: [ecology]\ntags: [PM2.5, 生态补偿]",
            ),
            (
                "b",
                "title: B\ndate: 2026-03-01\ndomains: [ecology]\ntags: [pm2.5]",
            ),
        ],
    );
    assert_eq!(slugs(&s, &s.articles.ids().collect::<Vec<_>>()), ["b", "a"]);
    let tags: Vec<(&str, &str, usize)> = s
        .tags
        .iter()
        .map(|g| (g.name.as_str(), g.slug.as_str(), g.articles.len()))
        .collect();
    // `PM2.5` and `pm2.5` are one tag, named as first written (in the newest article).
    assert_eq!(tags, [("pm2.5", "pm2.5", 2), ("生态补偿", "生态补偿", 1)]);
}

#[test]
fn related_ranks_explicit_then_shared_tags_then_domains_then_nearer_dates() {
    let s = site_on(
        "2026-06-01",
        &[
            (
                "me",
                "title: Me\ndate: 2026-05-01\ndomains: [ecology]\ntags: [水]\nrelated: [far]",
            ),
            (
                "tagged",
                "title: T\ndate: 2025-01-01\ndomains: [transport]\ntags: [水]",
            ),
            ("near", "title: N\ndate: 2026-04-20\ndomains: [ecology]"),
            ("older", "title: O\ndate: 2026-01-01\ndomains: [ecology]"),
            ("far", "title: F\ndate: 2020-01-01\ndomains: [transport]"),
        ],
    );
    let me = s
        .articles
        .enumerate()
        .find(|(_, a)| a.src.slug == "me")
        .unwrap()
        .0;
    assert_eq!(
        slugs(&s, &s.articles[me].related),
        ["far", "tagged", "near", "older"]
    );
}

#[test]
fn prev_and_next_stay_within_the_main_domain() {
    let s = site_on(
        "2026-06-01",
        &[
            ("e1", "title: 1\ndate: 2026-01-01\ndomains: [ecology]"),
            (
                "t1",
                "title: 2\ndate: 2026-02-01\ndomains: [transport, ecology]",
            ),
            ("e2", "title: 3\ndate: 2026-03-01\ndomains: [ecology]"),
        ],
    );
    let by = |slug: &str| s.articles.iter().find(|a| a.src.slug == slug).unwrap();
    let one = |id: Option<ArticleId>| id.map(|i| s.articles[i].src.slug.clone());
    // t1 is listed on the ecology page, but its own neighbours are in transport (none).
    assert_eq!(one(by("e2").prev), Some("t1".into()));
    assert_eq!(one(by("t1").prev), None);
    assert_eq!(one(by("e1").next), Some("t1".into()));
}

#[test]
fn the_timeline_decides_status_around_today() {
    let s = site_on(
        "2026-06-15",
        &[(
            "m",
            "title: M\ndate: 2026-01-01\ndomains: [ecology]\nregions: [hebei]\nmilestones:\n  - {date: 2026-H2, title: 下半年}\n  - {date: 2025, title: 去年}\n  - {date: 2026-Q1, title: 一季度, status: planned}\n  - {date: 2026-06, title: 本月, domain: transport}",
        )],
    );
    let rows: Vec<(String, &str, bool)> = s
        .milestones
        .iter()
        .map(|m| (m.date.code(), m.status.key(), m.overdue))
        .collect();
    assert_eq!(
        rows,
        [
            ("2025".to_string(), "done", false),
            ("2026-Q1".to_string(), "planned", true),
            ("2026-06".to_string(), "planned", false),
            ("2026-H2".to_string(), "planned", false),
        ]
    );
    // The overdue one is a warning that names its field.
    assert_eq!(s.warnings.len(), 1);
    assert_eq!(s.warnings[0].field.as_deref(), Some("milestones[2].status"));
    // Listed on the domain each names (default: the article's main domain) and the region.
    let transport = s
        .domains
        .enumerate()
        .find(|(_, g)| g.key == "transport")
        .unwrap()
        .1;
    assert_eq!(transport.milestones.len(), 1);
    let hebei = s
        .regions
        .enumerate()
        .find(|(_, g)| g.key == "hebei")
        .unwrap()
        .1;
    assert_eq!(hebei.milestones.len(), 4);
}

#[test]
fn a_model_can_take_over_bodies_rendered_before() {
    let first = site_on(
        "2026-06-01",
        &[
            ("a", "title: 甲\ndate: 2026-01-01\ndomains: [ecology]"),
            ("b", "title: 乙\ndate: 2026-02-01\ndomains: [ecology]"),
        ],
    );
    // b's title changes; a comes without its Markdown and with a body nobody could render
    // from its (empty) text: the model must take it over as it is.
    let config = first.config.clone();
    let new_b = parse_file(
        "content/b.md",
        "b",
        "---\ntitle: 乙（修订）\ndate: 2026-02-01\ndomains: [ecology]\n---\n正文。\n".into(),
        &config,
    )
    .unwrap_or_else(|e| panic!("{:?}", e.diags));
    let articles: Vec<Arc<Article>> = first
        .articles
        .iter()
        .map(|d| {
            if d.src.slug == "b" {
                Arc::new(new_b.clone())
            } else {
                d.src.clone()
            }
        })
        .collect();
    let a = first.articles.iter().find(|d| d.src.slug == "a").unwrap();
    assert_eq!(a.src.body(), "", "bodies are dropped once rendered");
    let mut marked = (*a.rendered).clone();
    marked.html = "<p>taken over</p>".into();
    marked.has_code = true;
    marked.code_classes = vec!["hl-comment".into()];
    let reused = Reused {
        rendered: Arc::new(marked),
        warnings: vec![Diagnostic::warning(
            crate::diag::Code::TagRunTogether,
            "content/a.md",
            "kept",
        )],
    };
    let opts = ModelOptions {
        reuse: HashMap::from([("content/a.md".to_string(), reused)]),
        ..options("2026-06-01")
    };
    let highlighter = Highlighter::default();
    let second = Site::build(config, articles, Vec::new(), &opts, &highlighter).unwrap();
    let css = highlighter.css("InspiredGitHub", "base16-ocean.dark");
    assert!(
        css.contains(".hl-comment"),
        "a taken-over body's classes reach the stylesheet: {css}"
    );
    let a = second.articles.iter().find(|d| d.src.slug == "a").unwrap();
    assert_eq!(a.rendered.html, "<p>taken over</p>");
    assert!(second.has_code, "taken-over bodies count");
    assert!(second.warnings.iter().any(|w| w.message == "kept"));
    let b = second.articles.iter().find(|d| d.src.slug == "b").unwrap();
    assert_eq!(b.src.title, "乙（修订）");
    assert!(
        b.rendered.html.contains("正文"),
        "b has no body to take over: {}",
        b.rendered.html
    );
}
