//! What changed, newest first: new briefs, updates and corrections, milestones done, postponed
//! or moved (from the repository's history). Shown on `changes/` (最近更新), as the Atom feed
//! `changes/feed.xml`, and as `changes.json`, which the home page reads to tell a returning
//! reader what changed since their last visit.

use std::borrow::Cow;

use serde::Serialize;
use tera::Context;

use crate::date::{Date, FuzzyDate};
use crate::i18n::Strings;
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

/// Every change of the site, newest first (ties in a fixed order), the first [`KEPT`].
///
/// Each change is first found as a [`Found`] (borrowed, no text made), and only those kept
/// become an [`Event`]: a site of 10,000 briefs with its history has some 20,000 changes, and
/// three pages ask for them.
pub(crate) fn events(s: &Site) -> Vec<Event> {
    let mut found = Vec::new();
    for a in s.articles.iter() {
        let (title, url) = (a.src.title.as_str(), Cow::Borrowed(a.url.as_str()));
        let brief = |day, kind, text| Found {
            day,
            kind,
            title,
            url: url.clone(),
            brief: title,
            text,
        };
        found.push(brief(a.date(), "new", Text::None));
        if let Some(u) = &a.src.updated {
            found.push(brief(u.value, "updated", Text::None));
        }
        for c in &a.src.corrections {
            found.push(brief(c.date.value, "corrected", Text::Correction(&c.text)));
        }
    }
    for m in s.milestones.iter() {
        let revisions = || m.past.iter().flat_map(|p| p.revisions.iter());
        if revisions().next().is_none() {
            continue;
        }
        let url: Cow<str> = Cow::Owned(s.milestone_url(m));
        let brief = s.articles[m.article].src.title.as_str();
        for c in revisions() {
            let (day, kind, text) = match *c {
                Revision::Status {
                    noted,
                    to: Status::Done,
                    ..
                } => (noted, "done", Text::None),
                Revision::Date { noted, from, to } => {
                    let kind = if to > from { "postponed" } else { "moved" };
                    (noted, kind, Text::Moved(from, to))
                }
                Revision::Status { .. } => continue,
            };
            let (title, url) = (m.title.as_str(), url.clone());
            found.push(Found {
                day,
                kind,
                title,
                url,
                brief,
                text,
            });
        }
    }
    let rank = |f: &Found| KINDS.iter().position(|k| *k == f.kind).unwrap_or(0);
    found.sort_by(|a, b| {
        (b.day.cmp(&a.day))
            .then(rank(a).cmp(&rank(b)))
            .then_with(|| a.title.cmp(b.title))
            .then_with(|| a.url.cmp(&b.url))
    });
    found.truncate(KEPT);
    let mut seen = std::collections::HashMap::new();
    (found.into_iter())
        .map(|f| {
            let mut e = f.event(&s.config.strings);
            let slug = (e.url.trim_end_matches('/').rsplit(['/', '#']).next()).unwrap_or("");
            let base = format!("c-{}-{}-{slug}", e.day, e.kind);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            e.id = format!("{base}-{n}");
            e
        })
        .collect()
}

/// A change found, before it is kept: what [`Event`] is made of, borrowed from the model.
struct Found<'a> {
    day: Date,
    kind: &'static str,
    title: &'a str,
    url: Cow<'a, str>,
    brief: &'a str,
    text: Text<'a>,
}

/// What a change says in words, before it is written.
enum Text<'a> {
    None,
    Correction(&'a str),
    Moved(FuzzyDate, FuzzyDate),
}

impl Found<'_> {
    fn event(self, t: &Strings) -> Event {
        let text = match self.text {
            Text::None => None,
            Text::Correction(text) => Some(text.to_string()),
            Text::Moved(from, to) => Some(format!("{} → {}", t.fuzzy(from), t.fuzzy(to))),
        };
        Event {
            day: self.day.to_string(),
            day_display: t.date(self.day),
            kind: self.kind,
            label: t.get(&format!("change_{}", self.kind)).to_string(),
            title: self.title.to_string(),
            url: self.url.into_owned(),
            brief: self.brief.to_string(),
            text,
            id: String::new(),
        }
    }
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
