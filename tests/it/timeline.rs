//! The timeline and the key figures as built: fuzzy dates in order, today drawn, a page per
//! year past `timeline_split`, a domain's figures page of its own.

use crate::build::built;
use crate::common::{SITE_YAML, TestSite, article, attrs, between};

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
