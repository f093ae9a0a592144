//! The template context: what each template receives, in one place.
//!
//! `docs/templates.md` is the reader's version of this file; keep them in step. Every value
//! here is computed from the [`Site`] model; templates never search the library.
//!
//! Every template gets:
//! - `site`: [`SiteCtx`] — title, description, base_url, base_path, language, today, domains,
//!   regions, standalone pages, extra, feed_url;
//! - `t`: the interface strings (`t.nav_home`, …), see `src/i18n.rs`;
//! - `assets`: [`Assets`] — URLs of the stylesheet, the code-highlighting stylesheet and the
//!   timeline script;
//! - `page_kind`, `title`, `description`, `current_url` (site-absolute path), `permalink`
//!   (full URL, canonical).
//!
//! Then each kind of page adds its own values; see [`crate::render`] for which template gets
//! which, and the structs below for the fields of each value.

use serde::Serialize;
use tera::Value;

use crate::content::Status;
use crate::model::{Doc, Group, Milestone, Site, encode_segment};

/// A name with a link: domain, region and tag chips, breadcrumbs, article references.
#[derive(Serialize, Clone)]
pub struct Link {
    pub key: String,
    pub name: String,
    pub url: String,
}

/// An article as shown in lists, related articles, backlinks, prev/next.
#[derive(Serialize)]
pub struct Card<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub permalink: String,
    /// `2026-06-10`
    pub date: String,
    /// `2026年6月10日`
    pub date_display: String,
    pub summary: &'a str,
    pub domains: Vec<Link>,
    pub regions: Vec<Link>,
    pub tags: Vec<Link>,
    pub reading_minutes: usize,
    /// `阅读时间约 3 分钟`
    pub reading_time: String,
    pub source: Option<&'a str>,
    pub draft: bool,
}

/// A milestone on the timeline, a domain page, an article or the home page.
#[derive(Serialize)]
pub struct MilestoneCtx<'a> {
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
    /// `/timeline/#m-slug-1`
    pub timeline_url: String,
    /// Starts after today.
    pub future: bool,
}

/// A key figure with a link to its brief.
#[derive(Serialize)]
pub struct FigureCtx<'a> {
    pub label: &'a str,
    pub value: &'a str,
    pub unit: &'a str,
    pub year: Option<i32>,
    pub note: Option<&'a str>,
    pub article: Link,
    pub domain: Link,
}

/// Site-wide values (`site`).
#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub language: &'a str,
    pub today: String,
    pub today_display: String,
    pub domains: Vec<GroupCtx<'a>>,
    pub regions: Vec<GroupCtx<'a>>,
    pub pages: Vec<Link>,
    pub feed_url: String,
    pub extra: &'a serde_json::Value,
}

/// A domain, region or tag: name, link, count, feed (domains only).
#[derive(Serialize)]
pub struct GroupCtx<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub url: String,
    pub count: usize,
    /// `12 篇简报`
    pub count_label: String,
    pub feed_url: Option<String>,
}

/// URLs of the theme's files (`assets`).
#[derive(Serialize)]
pub struct Assets {
    pub style: String,
    /// Only set when some page has highlighted code.
    pub syntax: Option<String>,
    pub timeline_js: String,
}

/// Page navigation for paginated lists (`pagination`).
#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageLink>,
}

/// A page number in the pagination bar; `gap` entries stand for skipped numbers (…).
#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    pub gap: bool,
}

/// Values computed once per build and shared by every page that shows them.
pub struct Shared {
    pub cards: Vec<Value>,
    pub milestones: Vec<Value>,
    /// Per article, its figures.
    pub figures: Vec<Vec<Value>>,
}

impl Site {
    pub fn permalink(&self, url: &str) -> String {
        let base = self.config.base_url.trim_end_matches('/');
        let path = self.config.base_path().trim_end_matches('/');
        let rest = url.strip_prefix(path).unwrap_or(url);
        if base.starts_with("http") {
            format!("{}{rest}", base)
        } else {
            url.to_string()
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_path())
    }

    pub fn domain_link(&self, key: &str) -> Link {
        let name = self
            .config
            .domain(key)
            .map(|d| d.name.clone())
            .unwrap_or_default();
        Link {
            key: key.to_string(),
            name,
            url: self.url(&format!("domains/{key}/")),
        }
    }

    pub fn group_url(&self, kind: &str, g: &Group) -> String {
        self.url(&format!("{kind}/{}/", encode_segment(&g.slug)))
    }

    pub fn article_link(&self, i: usize) -> Link {
        let a = &self.articles[i];
        Link {
            key: a.src.slug.clone(),
            name: a.src.title.clone(),
            url: a.url.clone(),
        }
    }

    pub fn card<'a>(&'a self, a: &'a Doc) -> Card<'a> {
        let s = &self.config.strings;
        Card {
            slug: &a.src.slug,
            title: &a.src.title,
            url: &a.url,
            permalink: self.permalink(&a.url),
            date: a.date().to_string(),
            date_display: s.date(a.date()),
            summary: &a.summary,
            domains: a.src.domains.iter().map(|k| self.domain_link(k)).collect(),
            regions: a
                .src
                .regions
                .iter()
                .filter_map(|k| self.regions.iter().find(|g| &g.key == k))
                .map(|g| Link {
                    key: g.key.clone(),
                    name: g.name.clone(),
                    url: self.group_url("regions", g),
                })
                .collect(),
            tags: a
                .tags
                .iter()
                .map(|&t| {
                    let g = &self.tags[t];
                    Link {
                        key: g.slug.clone(),
                        name: g.name.clone(),
                        url: self.group_url("tags", g),
                    }
                })
                .collect(),
            reading_minutes: a.rendered.reading_minutes(),
            reading_time: s.format(
                "reading_time",
                &[("n", &a.rendered.reading_minutes().to_string())],
            ),
            source: a.src.source.as_deref(),
            draft: a.src.draft,
        }
    }

    pub fn milestone_ctx<'a>(&'a self, m: &'a Milestone) -> MilestoneCtx<'a> {
        let s = &self.config.strings;
        let label_key = match (m.overdue, m.status) {
            (true, _) => "status_overdue",
            (false, Status::Done) => "status_done",
            (false, Status::InProgress) => "status_in_progress",
            (false, Status::Planned) => "status_planned",
        };
        MilestoneCtx {
            date: m.date.code(),
            date_display: s.fuzzy(m.date),
            precision: m.date.kind(),
            year: m.date.year,
            title: &m.title,
            status: m.status.key(),
            status_label: s.get(label_key),
            overdue: m.overdue,
            domain: self.domain_link(&m.domain),
            article: self.article_link(m.article),
            anchor: &m.anchor,
            timeline_url: format!("{}#{}", self.url("timeline/"), m.anchor),
            future: m.date.start() > self.today,
        }
    }

    pub fn figure_ctx(&self, ai: usize, fi: usize) -> FigureCtx<'_> {
        let a = &self.articles[ai];
        let f = &a.src.figures[fi];
        FigureCtx {
            label: &f.label,
            value: &f.value,
            unit: &f.unit,
            year: f.year,
            note: f.note.as_deref(),
            article: self.article_link(ai),
            domain: self.domain_link(&a.src.domains[0]),
        }
    }

    /// Compute the shared values once, in parallel.
    pub fn shared(&self) -> Shared {
        use rayon::prelude::*;
        Shared {
            cards: self
                .articles
                .par_iter()
                .map(|a| Value::from_serializable(&self.card(a)))
                .collect(),
            milestones: self
                .milestones
                .par_iter()
                .map(|m| Value::from_serializable(&self.milestone_ctx(m)))
                .collect(),
            figures: self
                .articles
                .par_iter()
                .enumerate()
                .map(|(ai, a)| {
                    (0..a.src.figures.len())
                        .map(|fi| Value::from_serializable(&self.figure_ctx(ai, fi)))
                        .collect()
                })
                .collect(),
        }
    }

    pub fn group_ctx<'a>(&'a self, kind: &str, g: &'a Group) -> GroupCtx<'a> {
        GroupCtx {
            key: &g.key,
            name: &g.name,
            description: &g.description,
            url: self.group_url(kind, g),
            count: g.articles.len(),
            count_label: self
                .config
                .strings
                .format("article_count", &[("n", &g.articles.len().to_string())]),
            feed_url: (kind == "domains")
                .then(|| self.url(&format!("domains/{}/feed.xml", g.slug))),
        }
    }

    pub fn site_ctx(&self) -> SiteCtx<'_> {
        let c = &self.config;
        SiteCtx {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            base_path: c.base_path(),
            language: &c.language,
            today: self.today.to_string(),
            today_display: c.strings.date(self.today),
            domains: self
                .domains
                .iter()
                .map(|g| self.group_ctx("domains", g))
                .collect(),
            regions: self
                .regions
                .iter()
                .map(|g| self.group_ctx("regions", g))
                .collect(),
            pages: self
                .pages
                .iter()
                .map(|p| Link {
                    key: p.src.slug.clone(),
                    name: p.src.title.clone(),
                    url: p.url.clone(),
                })
                .collect(),
            feed_url: self.url("feed.xml"),
            extra: &c.extra,
        }
    }
}

/// Pagination for page `current` (1-based) of `total`, under `base` (`/domains/x/`).
pub fn pagination(base: &str, current: usize, total: usize) -> Pagination {
    let url = |n: usize| {
        if n == 1 {
            base.to_string()
        } else {
            format!("{base}page/{n}/")
        }
    };
    Pagination {
        current,
        total,
        prev_url: (current > 1).then(|| url(current - 1)),
        next_url: (current < total).then(|| url(current + 1)),
        pages: page_window(current, total)
            .into_iter()
            .map(|n| match n {
                Some(n) => PageLink {
                    number: n,
                    url: url(n),
                    current: n == current,
                    gap: false,
                },
                None => PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                },
            })
            .collect(),
    }
}

/// Page numbers to show: the first, the last, and two either side of the current one, with
/// `None` for each run of skipped numbers. Keeps every page's bar small however many pages.
pub fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    for n in 1..=total {
        let near = n + 2 >= current && n <= current + 2;
        if n == 1 || n == total || near {
            out.push(Some(n));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_windows_stay_small() {
        let show = |c, t| {
            page_window(c, t)
                .iter()
                .map(|n| n.map(|n| n.to_string()).unwrap_or("…".into()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(show(1, 1), "1");
        assert_eq!(show(1, 4), "1 2 3 4");
        assert_eq!(show(1, 100), "1 2 3 … 100");
        assert_eq!(show(50, 100), "1 … 48 49 50 51 52 … 100");
        assert_eq!(show(100, 100), "1 … 98 99 100");
        let p = pagination("/d/", 2, 3);
        assert_eq!(p.prev_url.as_deref(), Some("/d/"));
        assert_eq!(p.next_url.as_deref(), Some("/d/page/3/"));
    }
}
