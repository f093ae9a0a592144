//! Figures over time: a series drawn as an SVG chart (with its data as a table) on the figures
//! page and on its domain's page; errors for unknown series, other units and missing times.
//! And each domain's milestones at a glance.

use crate::common::{SITE_YAML, TestSite, between};

fn site() -> TestSite {
    let s = TestSite::new();
    s.file(
        "site.yaml",
        &format!("{SITE_YAML}series:\n  - {{key: contracts, name: 技术合同成交额, unit: 亿元}}\n"),
    );
    for (i, (year, value, domain)) in [
        (2023, "748.7", "ecology"),
        (2024, "843.0", "ecology"),
        (2025, "996.1", "ecology"),
        (2025, "12", "transport"),
    ]
    .iter()
    .enumerate()
    {
        s.file(
            &format!("content/a{i}.md"),
            &format!(
                "---\ntitle: 第{i}篇\ndate: 2026-01-0{}\ndomains: [{domain}]\nmilestones:\n  - {{date: 2025, title: 已办{i}}}\n  - {{date: 2027, title: 计划{i}}}\nfigures:\n  - {{label: 成交额, value: {value}, unit: 亿元, year: {year}, series: contracts}}\n---\n",
                i + 1
            ),
        );
    }
    s
}

#[test]
fn a_series_is_drawn_where_it_has_two_points_with_its_data_as_a_table() {
    let s = site();
    s.build().ok();
    let figures = s.read("figures/index.html");
    let chart = between(&figures, "<figure class=\"series\"", "</figure>");
    assert!(chart.contains("role=\"img\""), "{chart}");
    assert!(
        chart.contains("<title id=\"chart-contracts-t\">技术合同成交额（亿元）</title>"),
        "{chart}"
    );
    assert_eq!(
        chart.matches("<rect class=\"bar\"").count(),
        4,
        "all four points"
    );
    // In time order, as a table too.
    let table = between(chart, "<tbody>", "</tbody>");
    let years: Vec<&str> = table
        .split("<tr><td>")
        .skip(1)
        .map(|r| r.split('<').next().unwrap())
        .collect();
    assert_eq!(years, ["2023年", "2024年", "2025年", "2025年"]);
    assert!(table.contains("<td>996.1</td>"));
    // A value is shown as written: `843.0` is not turned into `843`.
    assert!(table.contains("<td>843.0</td>"), "{table}");
    assert!(
        s.read("articles/a1/index.html")
            .contains("<span class=\"num\">843.0</span>")
    );
    // The ecology page draws its three; transport has one point, so no chart.
    let ecology = s.read("domains/ecology/index.html");
    assert_eq!(
        between(&ecology, "<figure class=\"series\"", "</figure>")
            .matches("class=\"bar\"")
            .count(),
        3
    );
    assert!(
        !s.read("domains/transport/index.html")
            .contains("<figure class=\"series\"")
    );
}

#[test]
fn a_domain_page_shows_its_milestones_at_a_glance() {
    let s = site();
    s.build().ok();
    let page = s.read("domains/ecology/index.html");
    let progress = between(&page, "id=\"h-progress\"", "</section>");
    assert!(
        progress.contains("aria-label=\"已完成 3，进行中 0，计划中 3，待更新 0\""),
        "{progress}"
    );
    assert!(
        progress.contains("<li class=\"ms-done\">")
            && progress.contains("已完成 <strong>3</strong>"),
        "{progress}"
    );
    assert!(
        progress.contains("接下来到期") && progress.contains("计划2"),
        "{progress}"
    );
}

#[test]
fn series_errors_name_the_figure() {
    let s = site();
    s.file(
        "content/b.md",
        "---\ntitle: 乙\ndate: 2026-02-01\ndomains: [ecology]\nfigures:\n  - {label: 甲, value: 1, unit: 亿元, year: 2025, series: contract}\n  - {label: 乙, value: 1, unit: 万元, year: 2025, series: contracts}\n  - {label: 丙, value: 1, unit: 亿元, series: contracts}\n---\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    for (place, message) in [
        ("content/b.md:6:56", "unknown series `contract`"),
        ("content/b.md:6:56", "did you mean `contracts`?"),
        (
            "content/b.md:7:56",
            "the figure's unit `万元` differs from the unit of series `contracts`, `亿元`",
        ),
        (
            "content/b.md:8:",
            "figure 3 is in a series but has no `year:` or `period:`",
        ),
    ] {
        assert!(
            run.stderr.contains(place) && run.stderr.contains(message),
            "{place} {message}:\n{}",
            run.stderr
        );
    }
}
