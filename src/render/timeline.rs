//! The timeline pages: every milestone by year, with a "today" line between what has started
//! and what has not; one timeline for all domains and one per domain.
//!
//! A timeline with more milestones than `timeline_split` (site.yaml) is split by year, so a
//! reader on a phone never downloads thousands of milestones at once: its first page
//! (`timeline/`, `timeline/<domain>/`) shows the milestones around today and links to a page
//! per year (`timeline/2026/`, `timeline/<domain>/2026/`), where a milestone's link then goes
//! ([`Site::milestone_url`]).
//!
//! [`Site::milestone_url`]: crate::model::Site::milestone_url

use std::borrow::Cow;

use serde::Serialize;
use tera::{Context, Value};

use crate::model::{DomainId, Id, MilestoneId};
use crate::render::context::{self, Link};
use crate::render::{Job, PageKind, Renderer};

/// Milestones shown on each side of the "today" line on a split timeline's first page.
const AROUND_TODAY: usize = 10;

/// Which part of a timeline a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Every milestone (a timeline not split).
    Whole,
    /// The milestones around today (the first page of a split timeline).
    AroundToday,
    /// The milestones of one year (a split timeline).
    Year(i32),
}

impl Part {
    /// The year of a year's page.
    fn year(self) -> Option<i32> {
        match self {
            Part::Year(y) => Some(y),
            _ => None,
        }
    }
}

struct YearGroup {
    year: i32,
    items: Vec<Value>,
}

/// A year of a split timeline, in its navigation (`timeline_years`).
#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
    /// `812 个节点`
    count_label: String,
}

impl Renderer {
    /// The pages of the timeline of every domain (`None`) or of one.
    pub(super) fn timeline(&self, domain: Option<DomainId>) -> Vec<Job> {
        let s = &self.site;
        let items = self.timeline_items(domain);
        let page = |part: Part| {
            let path = format!("{}index.html", s.timeline_dir(domain, part.year()));
            Job::new(path, "timeline.html", move |r| {
                r.timeline_values(domain, part)
            })
        };
        if !s.timeline_split(items.len()) {
            return vec![page(Part::Whole)];
        }
        let mut jobs = vec![page(Part::AroundToday)];
        jobs.extend(
            years(self, &items)
                .into_iter()
                .map(|(y, _)| page(Part::Year(y))),
        );
        jobs
    }

    /// The milestones of a timeline, in timeline order.
    fn timeline_items(&self, domain: Option<DomainId>) -> Cow<'_, [MilestoneId]> {
        match domain {
            None => Cow::Owned(self.site.milestones.ids().collect()),
            Some(d) => Cow::Borrowed(&self.site.domains[d].milestones),
        }
    }

    fn timeline_values(&self, domain: Option<DomainId>, part: Part) -> Context {
        let s = &self.site;
        let t = &s.config.strings;
        let all = self.timeline_items(domain);
        let year = part.year();
        let mut title = t.get("nav_timeline").to_string();
        if let Some(d) = domain {
            title = format!("{title} · {}", context::domain_link(s, d).name);
        }
        if let Some(y) = year {
            title = format!(
                "{title} · {}",
                t.format("date_year", &[("year", &y.to_string())])
            );
        }
        let items: Vec<MilestoneId> = match part {
            Part::Whole => all.to_vec(),
            Part::AroundToday => {
                let split = self.first_future(&all).unwrap_or(all.len());
                all[split.saturating_sub(AROUND_TODAY)..(split + AROUND_TODAY).min(all.len())]
                    .to_vec()
            }
            Part::Year(y) => all
                .iter()
                .copied()
                .filter(|&i| s.milestones[i].date.year == y)
                .collect(),
        };
        let path = s.timeline_dir(domain, year);
        let mut ctx = self.base(PageKind::Timeline, &title, "", &s.url(&path));
        // The "today" line: on a year's page only if today is in that year.
        let today_shown = year.is_none_or(|y| y == s.today.year);
        let first_future = self.first_future(&items).filter(|_| today_shown);
        ctx.insert_value("years", self.year_groups(&items, first_future));
        ctx.insert(
            "today_after_all",
            &(today_shown && first_future.is_none() && !items.is_empty()),
        );
        ctx.insert(
            "overdue_count",
            &items.iter().filter(|&&i| s.milestones[i].overdue).count(),
        );
        let current = domain.map(|d| s.domains[d].key.as_str()).unwrap_or("");
        ctx.insert("filter_current", current);
        ctx.insert("filters", &self.timeline_filters(year));
        // A split timeline's navigation by year.
        let split = part != Part::Whole;
        ctx.insert("timeline_partial", &(part == Part::AroundToday));
        ctx.insert("timeline_year", &year);
        ctx.insert(
            "timeline_first_url",
            &split.then(|| s.url(&s.timeline_dir(domain, None))),
        );
        let nav: Vec<YearLink> = if split {
            years(self, &all)
                .into_iter()
                .map(|(y, n)| YearLink {
                    year: y,
                    url: s.url(&s.timeline_dir(domain, Some(y))),
                    count_label: t.format("milestone_count", &[("n", &n.to_string())]),
                })
                .collect()
        } else {
            Vec::new()
        };
        ctx.insert("timeline_years", &nav);
        ctx
    }

    /// The place of the first milestone in `items` that starts after today.
    fn first_future(&self, items: &[MilestoneId]) -> Option<usize> {
        let s = &self.site;
        items
            .iter()
            .position(|&i| s.milestones[i].date.start() > s.today)
    }

    /// `items` by year; the "today" line goes before item `first_future`.
    fn year_groups(&self, items: &[MilestoneId], first_future: Option<usize>) -> Value {
        let s = &self.site;
        let mut years: Vec<YearGroup> = Vec::new();
        for (pos, &i) in items.iter().enumerate() {
            let year = s.milestones[i].date.year;
            if years.last().map(|y| y.year) != Some(year) {
                years.push(YearGroup {
                    year,
                    items: Vec::new(),
                });
            }
            let mut v = self.shared.milestones[i.index()].clone();
            if first_future == Some(pos) {
                if let Some(m) = v.as_map() {
                    let mut m = m.clone();
                    m.insert("today_before".into(), Value::from(true));
                    v = Value::from(m);
                }
            }
            if let Some(y) = years.last_mut() {
                y.items.push(v);
            }
        }
        let years: Vec<Value> = years
            .into_iter()
            .map(|y| {
                let mut m = tera::Map::new();
                m.insert("year".into(), Value::from(y.year));
                m.insert("items".into(), Value::from(y.items));
                Value::from(m)
            })
            .collect();
        Value::from(years)
    }

    /// The filter by domain: all domains, then each, linking to the same year where there is
    /// one (`year`): that year's page of a split timeline, else its heading on the whole one.
    fn timeline_filters(&self, year: Option<i32>) -> Vec<Link> {
        let s = &self.site;
        let link = |domain: Option<DomainId>| {
            let items = self.timeline_items(domain);
            let has_year = year.filter(|&y| items.iter().any(|&i| s.milestones[i].date.year == y));
            let url = match has_year {
                Some(y) if s.timeline_split(items.len()) => s.url(&s.timeline_dir(domain, Some(y))),
                Some(y) => format!("{}#y-{y}", s.url(&s.timeline_dir(domain, None))),
                None => s.url(&s.timeline_dir(domain, None)),
            };
            match domain {
                None => Link {
                    key: String::new(),
                    name: s.config.strings.get("timeline_all").into(),
                    url,
                },
                Some(d) => Link {
                    key: s.domains[d].key.clone(),
                    name: s.domains[d].name.clone(),
                    url,
                },
            }
        };
        std::iter::once(link(None))
            .chain(s.domains.ids().map(|d| link(Some(d))))
            .collect()
    }
}

/// The years of `items` (in timeline order), each with how many it has.
fn years(r: &Renderer, items: &[MilestoneId]) -> Vec<(i32, usize)> {
    let mut years: Vec<(i32, usize)> = Vec::new();
    for &i in items {
        let y = r.site.milestones[i].date.year;
        match years.last_mut() {
            Some((last, n)) if *last == y => *n += 1,
            _ => years.push((y, 1)),
        }
    }
    years
}
