//! Milestones and figures as templates get them: on the timeline, the key-figures pages, a
//! domain page, a brief and the home page.

use serde::Serialize;
use tera::Value;

use super::{Link, Links, article_link, domain_link, record};
use crate::model::{ArticleId, FigureId, Id, Milestone, Site};

/// A milestone on the timeline, a domain page, an article or the home page.
#[derive(Serialize)]
pub(crate) struct MilestoneCtx<'a> {
    /// As written: `2026-H2`.
    pub date: String,
    /// As people write it: `2026年下半年`.
    pub date_display: String,
    /// `year`, `half`, `quarter`, `month` or `day`.
    pub precision: &'static str,
    pub year: i32,
    pub title: &'a str,
    /// `done`, `in_progress` or `planned`.
    pub status: &'static str,
    /// `已完成` / `进行中` / `计划中` / `待更新`.
    pub status_label: &'a str,
    /// Planned but its period has ended.
    pub overdue: bool,
    pub domain: Link,
    pub article: Link,
    /// Anchor id on the timeline page.
    pub anchor: &'a str,
    /// `/timeline/#m-slug-1`; `/timeline/2026/#m-slug-1` when the timeline has a page per year.
    pub timeline_url: String,
    /// Starts after today.
    pub future: bool,
    /// Not done, and dated later than first promised (from the repository's history).
    pub postponed: bool,
    /// `原定2026年上半年` when postponed, else none.
    pub first_promised: Option<String>,
    /// Every change of its date or status, oldest first, from the repository's history.
    pub history: Vec<record::RevisionCtx>,
}

/// A key figure with a link to its brief.
#[derive(Serialize)]
pub(crate) struct FigureCtx<'a> {
    pub label: &'a str,
    pub value: &'a str,
    pub unit: &'a str,
    /// The qualifier as written (`近`), if any.
    pub qualifier: Option<&'static str>,
    /// What goes before the number (a qualifier such as 近), or empty.
    pub before: &'static str,
    /// The unit with an after-number or after-unit qualifier in place (`余个`, `万亩以上`).
    pub unit_display: String,
    /// The whole figure as read: `近100亿元`.
    pub display: String,
    pub year: Option<i32>,
    pub note: Option<&'a str>,
    /// The source's words that give it (`quote:`), when the site shows them (`show_quotes`).
    pub quote: Option<&'a str>,
    pub article: Link,
    pub domain: Link,
}

pub(super) fn milestone<'a>(s: &'a Site, m: &'a Milestone) -> MilestoneCtx<'a> {
    let t = &s.config.strings;
    let label_key = if m.overdue {
        "status_overdue"
    } else {
        record::status_key(m.status)
    };
    MilestoneCtx {
        date: m.date.code(),
        date_display: t.fuzzy(m.date),
        precision: m.date.kind(),
        year: m.date.year,
        title: &m.title,
        status: m.status.key(),
        status_label: t.get(label_key),
        overdue: m.overdue,
        domain: domain_link(s, m.domain),
        article: article_link(s, m.article),
        anchor: &m.anchor,
        timeline_url: s.milestone_url(m),
        future: m.date.start() > s.today,
        postponed: m.postponed_from().is_some(),
        first_promised: (m.postponed_from())
            .map(|d| t.format("first_promised", &[("date", &t.fuzzy(d))])),
        history: (m.past.iter())
            .flat_map(|p| p.revisions.iter())
            .map(|c| record::revision(s, c))
            .collect(),
    }
}

pub(crate) fn figure(s: &Site, id: FigureId) -> FigureCtx<'_> {
    let a = &s.articles[id.article];
    let f = &a.src.figures[id.index];
    let (before, unit_display) = f.parts();
    FigureCtx {
        label: &f.label,
        value: &f.value,
        unit: &f.unit,
        qualifier: f.qualifier.map(|q| q.word),
        before,
        unit_display,
        display: f.display(),
        year: f.year,
        note: f.note.as_deref(),
        quote: (f.quote.as_ref())
            .filter(|_| s.config.show_quotes)
            .map(|q| q.value.as_str()),
        article: article_link(s, id.article),
        domain: domain_link(s, a.main_domain()),
    }
}

/// A milestone's value, its links shared.
pub(crate) fn milestone_value(s: &Site, m: &Milestone, links: &Links) -> Value {
    let v = Value::from_serializable(&milestone(s, m));
    links.share(v, m.domain.index(), m.article.index())
}

/// The values of an article's figures, their links shared.
pub(crate) fn figure_values(s: &Site, article: ArticleId, links: &Links) -> Vec<Value> {
    let a = &s.articles[article];
    (0..a.src.figures.len())
        .map(|index| {
            let v = Value::from_serializable(&figure(s, FigureId { article, index }));
            links.share(v, a.main_domain().index(), article.index())
        })
        .collect()
}
