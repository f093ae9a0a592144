//! The timeline pages: every milestone by year, with a "today" line between what has started
//! and what has not; one page for all domains and one per domain.

use tera::{Context, Value};

use crate::model::{DomainId, Id, MilestoneId};
use crate::render::context::{self, Link};
use crate::render::{Job, PageKind, Renderer};

struct YearGroup {
    year: i32,
    items: Vec<Value>,
}

impl Renderer {
    /// The timeline of every domain (`None`) or of one.
    pub(super) fn timeline(&self, domain: Option<DomainId>) -> Job {
        let path = format!("{}index.html", self.timeline_dir(domain));
        Job::new(path, "timeline.html", move |r| r.timeline_values(domain))
    }

    /// `timeline/` or `timeline/<domain>/`.
    fn timeline_dir(&self, domain: Option<DomainId>) -> String {
        match domain {
            None => "timeline/".to_string(),
            Some(d) => format!("timeline/{}/", self.site.domains[d].key),
        }
    }

    fn timeline_values(&self, domain: Option<DomainId>) -> Context {
        let s = &self.site;
        let t = &s.config.strings;
        let path = self.timeline_dir(domain);
        let (items, title): (Vec<MilestoneId>, String) = match domain {
            None => (
                s.milestones.ids().collect(),
                t.get("nav_timeline").to_string(),
            ),
            Some(d) => {
                let g = &s.domains[d];
                (
                    g.milestones.clone(),
                    format!(
                        "{} · {}",
                        t.get("nav_timeline"),
                        context::domain_link(s, d).name
                    ),
                )
            }
        };
        let mut ctx = self.base(PageKind::Timeline, &title, "", &s.url(&path));
        // Group by year; the "today" line goes before the first milestone that starts later.
        let first_future = items
            .iter()
            .position(|&i| s.milestones[i].date.start() > s.today);
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
        ctx.insert_value("years", Value::from(years));
        ctx.insert(
            "today_after_all",
            &(first_future.is_none() && !items.is_empty()),
        );
        ctx.insert(
            "overdue_count",
            &items.iter().filter(|&&i| s.milestones[i].overdue).count(),
        );
        let current = domain.map(|d| s.domains[d].key.as_str()).unwrap_or("");
        ctx.insert("filter_current", current);
        let mut filters = vec![Link {
            key: String::new(),
            name: t.get("timeline_all").into(),
            url: s.url("timeline/"),
        }];
        filters.extend(s.domains.iter().map(|g| Link {
            key: g.key.clone(),
            name: g.name.clone(),
            url: s.url(&format!("timeline/{}/", g.key)),
        }));
        ctx.insert("filters", &filters);
        ctx
    }
}
