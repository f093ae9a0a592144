//! Charts drawn at build time as SVG: no script, readable on a phone (they scale to the
//! column), in dark mode (colours come from the stylesheet) and in print. Each chart carries
//! `role="img"` and a title; the page gives its data as a table too, for screen readers.

use serde::Serialize;

use crate::load::Status;
use crate::model::{DomainId, MilestoneId, SeriesData, Site};
use crate::render::context::{self, Link};
use crate::text::escape_html;

const W: f64 = 640.0;
const H: f64 = 260.0;

/// A series as a page shows it: the chart, and its data.
#[derive(Serialize)]
pub(crate) struct SeriesCtx {
    pub key: String,
    pub name: String,
    pub unit: String,
    /// The chart, an `<svg>` (insert with `| safe`).
    pub svg: String,
    pub points: Vec<PointCtx>,
}

#[derive(Serialize)]
pub(crate) struct PointCtx {
    /// `2025年`, `2026年第一季度`
    pub period: String,
    /// As written, with its qualifier: `近100`.
    pub value: String,
    pub article: Link,
}

/// The series with at least two points (of `domain`, when given), as charts.
pub(crate) fn series(site: &Site, domain: Option<DomainId>) -> Vec<SeriesCtx> {
    site.series
        .iter()
        .filter_map(|s| series_ctx(site, s, domain))
        .collect()
}

fn series_ctx(site: &Site, s: &SeriesData, domain: Option<DomainId>) -> Option<SeriesCtx> {
    let points = s.points_in(domain);
    if points.len() < 2 {
        return None;
    }
    let t = &site.config.strings;
    let ctx_points: Vec<PointCtx> = points
        .iter()
        .map(|p| {
            let f = &site.articles[p.figure.article].src.figures[p.figure.index];
            let (before, unit) = f.parts();
            let after = unit.strip_suffix(s.unit.as_str()).unwrap_or("");
            PointCtx {
                period: t.fuzzy(p.period),
                value: format!("{before}{}{after}", f.value),
                article: context::article_link(site, p.figure.article),
            }
        })
        .collect();
    let bars: Vec<(String, f64, String)> = points
        .iter()
        .zip(&ctx_points)
        .map(|(p, c)| (c.period.clone(), p.value, c.value.clone()))
        .collect();
    let id = format!(
        "chart-{}{}",
        s.key,
        domain
            .map(|d| format!("-{}", site.domains[d].key))
            .unwrap_or_default()
    );
    let title = if s.unit.is_empty() {
        s.name.clone()
    } else {
        let t = &site.config.strings;
        format!(
            "{}{}{}{}",
            s.name,
            t.get("paren_l"),
            s.unit,
            t.get("paren_r")
        )
    };
    Some(SeriesCtx {
        key: s.key.clone(),
        name: s.name.clone(),
        unit: s.unit.clone(),
        svg: bar_chart(&id, &title, &bars),
        points: ctx_points,
    })
}

/// A bar chart: one bar per point, its value above, its period below.
pub(crate) fn bar_chart(id: &str, title: &str, bars: &[(String, f64, String)]) -> String {
    let max = bars.iter().map(|b| b.1).fold(0.0_f64, f64::max);
    let top = 40.0;
    let bottom = H - 44.0;
    let slot = (W - 20.0) / bars.len().max(1) as f64;
    let width = (slot * 0.6).min(90.0);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-t\" preserveAspectRatio=\"xMidYMid meet\"><title id=\"{id}-t\">{}</title><line class=\"axis\" x1=\"10\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\"/>",
        escape_html(title),
        W - 10.0
    );
    for (i, (label, value, shown)) in bars.iter().enumerate() {
        let h = if max > 0.0 {
            (value.max(0.0) / max) * (bottom - top)
        } else {
            0.0
        };
        let x = 10.0 + slot * i as f64 + (slot - width) / 2.0;
        let cx = x + width / 2.0;
        svg.push_str(&format!(
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{h:.1}\" rx=\"3\"/><text class=\"value\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text><text class=\"label\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            bottom - h,
            bottom - h - 10.0,
            escape_html(shown),
            bottom + 32.0,
            escape_html(label)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// A domain's milestones at a glance: how many are done, under way, planned and overdue.
#[derive(Serialize)]
pub(crate) struct ProgressCtx {
    pub total: usize,
    pub parts: Vec<ProgressPart>,
    /// A stacked bar (insert with `| safe`).
    pub svg: String,
}

#[derive(Serialize)]
pub(crate) struct ProgressPart {
    /// `done`, `in_progress`, `planned`, `overdue` (CSS class `ms-…`).
    pub key: &'static str,
    pub label: String,
    pub count: usize,
}

pub(crate) fn progress(site: &Site, milestones: &[MilestoneId]) -> ProgressCtx {
    let t = &site.config.strings;
    let count = |f: &dyn Fn(&crate::model::Milestone) -> bool| {
        milestones
            .iter()
            .filter(|&&m| f(&site.milestones[m]))
            .count()
    };
    let parts: Vec<ProgressPart> = [
        ("done", "status_done", count(&|m| m.status == Status::Done)),
        (
            "in_progress",
            "status_in_progress",
            count(&|m| m.status == Status::InProgress),
        ),
        (
            "planned",
            "status_planned",
            count(&|m| m.status == Status::Planned && !m.overdue),
        ),
        ("overdue", "status_overdue", count(&|m| m.overdue)),
    ]
    .into_iter()
    .map(|(key, label, count)| ProgressPart {
        key,
        label: t.get(label).to_string(),
        count,
    })
    .collect();
    let total = milestones.len();
    let description = parts
        .iter()
        .map(|p| format!("{} {}", p.label, p.count))
        .collect::<Vec<_>>()
        .join("，");
    let mut svg = format!(
        "<svg class=\"progress\" viewBox=\"0 0 {W} 18\" role=\"img\" aria-label=\"{}\" preserveAspectRatio=\"none\">",
        escape_html(&description)
    );
    let mut x = 0.0;
    for p in &parts {
        if p.count == 0 || total == 0 {
            continue;
        }
        let w = W * p.count as f64 / total as f64;
        svg.push_str(&format!(
            "<rect class=\"seg-{}\" x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"18\"/>",
            p.key
        ));
        x += w;
    }
    svg.push_str("</svg>");
    ProgressCtx { total, parts, svg }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_label_every_point() {
        let svg = bar_chart(
            "c",
            "成交额（亿元）",
            &[
                ("2024年".into(), 50.0, "50".into()),
                ("2025年".into(), 100.0, "100".into()),
            ],
        );
        assert!(svg.starts_with("<svg class=\"chart\""));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"c-t\""));
        assert!(svg.contains("<title id=\"c-t\">成交额（亿元）</title>"));
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2);
        assert!(
            svg.contains("height=\"176.0\"") && svg.contains("height=\"88.0\""),
            "{svg}"
        );
        assert!(svg.contains(">2024年</text>") && svg.contains(">100</text>"));
        let escaped = bar_chart("c", "<script>", &[("a".into(), 1.0, "<b>".into())]);
        assert!(!escaped.contains("<script>") && !escaped.contains("<b>"));
    }
}
