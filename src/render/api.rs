//! Data for reuse: `/api/articles.json`, `/api/milestones.json`, `/api/figures.json`.
//!
//! The schemas are documented in `docs/api.md` and versioned by the `version` field: fields
//! may be added within a version, never renamed or removed.

use serde::Serialize;

use crate::load::history::Revision;

use crate::model::{ArticleId, Site};
use crate::output::OutFile;

pub(crate) const VERSION: u32 = 1;

#[derive(Serialize)]
struct Articles<'a> {
    version: u32,
    site: &'a str,
    articles: Vec<ArticleJson<'a>>,
}

#[derive(Serialize)]
struct ArticleJson<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    date: String,
    /// The latest of `updated:` and the corrections.
    updated: Option<String>,
    /// The brief's last change: the latest of `date`, `updated:` and the corrections.
    modified: String,
    corrections: Vec<CorrectionJson<'a>>,
    domains: &'a [String],
    regions: &'a [String],
    tags: &'a [String],
    summary: &'a str,
    source: Option<&'a str>,
    source_url: Option<&'a str>,
    author: Option<&'a str>,
    reading_minutes: usize,
    related: Vec<&'a str>,
    backlinks: Vec<&'a str>,
}

#[derive(Serialize)]
struct CorrectionJson<'a> {
    date: String,
    text: &'a str,
}

#[derive(Serialize)]
struct Milestones<'a> {
    version: u32,
    today: String,
    milestones: Vec<MilestoneJson<'a>>,
}

#[derive(Serialize)]
struct MilestoneJson<'a> {
    id: &'a str,
    date: String,
    date_display: String,
    precision: &'static str,
    start: String,
    end: String,
    title: &'a str,
    status: &'static str,
    overdue: bool,
    domain: &'a str,
    article: &'a str,
    url: String,
    /// Not done, and dated later than first promised.
    postponed: bool,
    /// The date first given (as written), when the history has the milestone.
    first_date: Option<String>,
    /// Every change of its date or status, oldest first.
    history: Vec<RevisionJson>,
}

#[derive(Serialize)]
struct RevisionJson {
    noted: String,
    field: &'static str,
    from: String,
    to: String,
}

#[derive(Serialize)]
struct Figures<'a> {
    version: u32,
    figures: Vec<FigureJson<'a>>,
}

#[derive(Serialize)]
struct FigureJson<'a> {
    label: &'a str,
    value: &'a str,
    number: Option<f64>,
    unit: &'a str,
    /// 近, 约, 余, 以上 … or null.
    qualifier: Option<&'static str>,
    /// `before`, `after_number` or `after_unit`, with a qualifier.
    qualifier_place: Option<&'static str>,
    /// As read: `近100亿元`.
    display: String,
    year: Option<i32>,
    note: Option<&'a str>,
    domain: &'a str,
    article: &'a str,
    url: String,
}

fn json<T: Serialize>(path: &str, value: &T) -> OutFile {
    let mut bytes = serde_json::to_vec(value).unwrap_or_default();
    bytes.push(b'\n');
    OutFile {
        path: path.to_string(),
        bytes,
    }
}

/// The three API files.
pub(crate) fn files(site: &Site) -> Vec<OutFile> {
    let slug = |id: ArticleId| site.articles[id].src.slug.as_str();
    let articles = Articles {
        version: VERSION,
        site: &site.config.title,
        articles: site
            .articles
            .iter()
            .map(|a| ArticleJson {
                slug: &a.src.slug,
                title: &a.src.title,
                url: site.permalink(&a.url),
                date: a.date().to_string(),
                updated: a.src.last_update().map(|d| d.to_string()),
                modified: a.modified().to_string(),
                corrections: (a.src.corrections.iter())
                    .map(|c| CorrectionJson {
                        date: c.date.value.to_string(),
                        text: &c.text,
                    })
                    .collect(),
                domains: &a.src.domains,
                regions: &a.src.regions,
                tags: &a.src.tags,
                summary: &a.summary,
                source: a.src.source.as_deref(),
                source_url: a.src.source_url.as_deref(),
                author: a.src.author.as_deref(),
                reading_minutes: a.rendered.reading_minutes(),
                related: a.related.iter().map(|&i| slug(i)).collect(),
                backlinks: a.backlinks.iter().map(|&i| slug(i)).collect(),
            })
            .collect(),
    };
    let s = &site.config.strings;
    let milestones = Milestones {
        version: VERSION,
        today: site.today.to_string(),
        milestones: site
            .milestones
            .iter()
            .map(|m| MilestoneJson {
                id: &m.anchor,
                date: m.date.code(),
                date_display: s.fuzzy(m.date),
                precision: m.date.kind(),
                start: m.date.start().to_string(),
                end: m.date.end().to_string(),
                title: &m.title,
                status: m.status.key(),
                overdue: m.overdue,
                domain: &site.domains[m.domain].key,
                article: slug(m.article),
                url: site.permalink(&site.milestone_url(m)),
                postponed: m.postponed_from().is_some(),
                first_date: m.past.as_ref().map(|p| p.first_date.code()),
                history: (m.past.iter())
                    .flat_map(|p| p.revisions.iter())
                    .map(revision_json)
                    .collect(),
            })
            .collect(),
    };
    let figures = Figures {
        version: VERSION,
        figures: site
            .articles
            .iter()
            .flat_map(|a| a.src.figures.iter().map(move |f| (a, f)))
            .map(|(a, f)| FigureJson {
                label: &f.label,
                value: &f.value,
                number: f.value.replace(',', "").parse().ok(),
                unit: &f.unit,
                qualifier: f.qualifier.map(|q| q.word),
                qualifier_place: f.qualifier.map(|q| q.place.key()),
                display: f.display(),
                year: f.year,
                note: f.note.as_deref(),
                domain: &site.domains[a.main_domain()].key,
                article: &a.src.slug,
                url: site.permalink(&a.url),
            })
            .collect(),
    };
    vec![
        json("api/articles.json", &articles),
        json("api/milestones.json", &milestones),
        json("api/figures.json", &figures),
    ]
}

fn revision_json(c: &Revision) -> RevisionJson {
    match *c {
        Revision::Date { noted, from, to } => RevisionJson {
            noted: noted.to_string(),
            field: "date",
            from: from.code(),
            to: to.code(),
        },
        Revision::Status { noted, from, to } => RevisionJson {
            noted: noted.to_string(),
            field: "status",
            from: from.key().to_string(),
            to: to.key().to_string(),
        },
    }
}
