//! What changed, newest first: new briefs, updates and corrections, milestones done, postponed
//! or moved (from the repository's history). Shown on `changes/` (最近更新), as the Atom feed
//! `changes/feed.xml`, and as `changes.json`, which the home page reads to tell a returning
//! reader what changed since their last visit.

use serde::Serialize;
use tera::Context;

use crate::date::Date;
use crate::load::Status;
use crate::load::history::Revision;
use crate::model::Site;
use crate::render::{Job, PageKind, Renderer};

/// Changes the page lists.
const SHOWN: usize = 100;
/// Changes `changes.json` carries: enough for a reader back after months.
const KEPT: usize = 500;

/// One change, as templates and `changes.json` get it.
#[derive(Serialize, Clone)]
pub(crate) struct Event {
    /// `2026-11-28`.
    pub day: String,
    pub day_display: String,
    /// `new`, `updated`, `corrected`, `done`, `postponed` or `moved`.
    pub kind: &'static str,
    /// `新简报`, `更新`, `更正`, `节点完成`, `节点推迟`, `节点调整`.
    pub label: String,
    /// The brief's or milestone's title.
    pub title: String,
    /// Where the change is: the brief, or the milestone on the timeline.
    pub url: String,
    /// The brief it belongs to (for a milestone).
    pub brief: String,
    /// What changed, in words (a correction's text; `2026年上半年 → 2026年下半年`).
    pub text: Option<String>,
    /// A stable id within the changes (`c-2026-11-28-corrected-slug-1`).
    pub id: String,
}

/// Every change of the site, newest first (ties in a fixed order).
pub(crate) fn events(s: &Site) -> Vec<Event> {
    let t = &s.config.strings;
    let mut out: Vec<(Date, u8, Event)> = Vec::new();
    let mut push = |day: Date, kind: &'static str, title: &str, url: &str, brief: &str, text| {
        let rank = KINDS.iter().position(|k| *k == kind).unwrap_or(0) as u8;
        let event = Event {
            day: day.to_string(),
            day_display: t.date(day),
            kind,
            label: t.get(&format!("change_{kind}")).to_string(),
            title: title.to_string(),
            url: url.to_string(),
            brief: brief.to_string(),
            text,
            id: String::new(),
        };
        out.push((day, rank, event));
    };
    for a in s.articles.iter() {
        let (title, url) = (&a.src.title, &a.url);
        push(a.date(), "new", title, url, title, None);
        if let Some(u) = &a.src.updated {
            push(u.value, "updated", title, url, title, None);
        }
        for c in &a.src.corrections {
            push(
                c.date.value,
                "corrected",
                title,
                url,
                title,
                Some(c.text.clone()),
            );
        }
    }
    for m in s.milestones.iter() {
        let brief = &s.articles[m.article].src.title;
        let url = s.milestone_url(m);
        for c in m.past.iter().flat_map(|p| p.revisions.iter()) {
            match *c {
                Revision::Status {
                    noted,
                    to: Status::Done,
                    ..
                } => push(noted, "done", &m.title, &url, brief, None),
                Revision::Date { noted, from, to } => {
                    let kind = if to > from { "postponed" } else { "moved" };
                    let text = format!("{} → {}", t.fuzzy(from), t.fuzzy(to));
                    push(noted, kind, &m.title, &url, brief, Some(text))
                }
                Revision::Status { .. } => {}
            }
        }
    }
    out.sort_by(|a, b| {
        (b.0.cmp(&a.0))
            .then(a.1.cmp(&b.1))
            .then_with(|| a.2.title.cmp(&b.2.title))
            .then_with(|| a.2.url.cmp(&b.2.url))
    });
    out.truncate(KEPT);
    let mut events: Vec<Event> = out.into_iter().map(|(_, _, e)| e).collect();
    let mut seen = std::collections::HashMap::new();
    for e in &mut events {
        let slug: String = (e.url.trim_end_matches('/').rsplit(['/', '#']).next())
            .unwrap_or("")
            .to_string();
        let base = format!("c-{}-{}-{slug}", e.day, e.kind);
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        e.id = format!("{base}-{n}");
    }
    events
}

/// The kinds of change, in the order one day lists them.
const KINDS: [&str; 6] = ["new", "updated", "corrected", "done", "postponed", "moved"];

#[derive(Serialize)]
struct ChangesJson<'a> {
    version: u32,
    events: &'a [Event],
}

impl Renderer {
    /// The changes page, its feed and `changes.json`.
    pub(super) fn changes(&self) -> Vec<Job> {
        vec![
            Job::new("changes/index.html", "changes.html", |r| r.changes_values()),
            Job::new("changes/feed.xml", "atom.xml", |r| r.changes_feed()),
            Job::new("changes.json", "changes.json", |r| {
                let events = events(&r.site);
                let json = ChangesJson {
                    version: 1,
                    events: &events,
                };
                let mut ctx = r.base(PageKind::Changes, "", "", &r.site.url("changes.json"));
                ctx.insert(
                    "changes_json",
                    &serde_json::to_string(&json).unwrap_or_default(),
                );
                ctx
            }),
        ]
    }

    fn changes_values(&self) -> Context {
        let s = &self.site;
        let title = s.config.strings.get("changes_title");
        let mut ctx = self.base(PageKind::Changes, title, "", &s.url("changes/"));
        let events = events(s);
        ctx.insert("changes", &events[..events.len().min(SHOWN)]);
        ctx.insert("changes_feed", &s.url("changes/feed.xml"));
        ctx
    }

    fn changes_feed(&self) -> Context {
        let s = &self.site;
        let title = format!(
            "{} · {}",
            s.config.title,
            s.config.strings.get("changes_title")
        );
        let mut ctx = self.base(
            PageKind::Feed,
            &title,
            &s.config.description,
            &s.url("changes/feed.xml"),
        );
        let page = s.permalink(&s.url("changes/"));
        let events = events(s);
        let entries: Vec<serde_json::Value> = (events.iter().take(s.config.feed_limit))
            .map(|e| {
                let stamp = Date::parse(&e.day).map(|d| d.rfc3339()).unwrap_or_default();
                serde_json::json!({
                    "title": format!("{}{}{}", e.label, s.config.strings.get("colon"), e.title),
                    "permalink": s.permalink(&e.url),
                    "id": format!("{page}#{}", e.id),
                    "updated": stamp,
                    "published": stamp,
                    "summary": e.text.clone().unwrap_or_else(|| e.brief.clone()),
                    "content": null,
                    "author": null,
                    "categories": [e.label.clone()],
                })
            })
            .collect();
        let updated = events.first().and_then(|e| Date::parse(&e.day).ok());
        ctx.insert("feed_updated", &updated.unwrap_or(s.today).rfc3339());
        ctx.insert("alternate", &page);
        ctx.insert("entries", &entries);
        ctx
    }
}
