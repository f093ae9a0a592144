//! Scheduled publishing: a brief dated later than now (`date: 2026-12-08`, or with the time it
//! is published, `2026-12-08 09:00`, in the site's time zone) is left out of every page, list,
//! feed, sitemap, search index and JSON file until then, and nothing may link to it (its
//! address would tell what is coming). `--future` (previews, serve) includes such briefs, each
//! shown as 未发布.

use std::collections::HashMap;
use std::sync::Arc;

use crate::date::Date;
use crate::load::{Article, Layout};

/// A brief whose time has not come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scheduled {
    pub file: String,
    pub slug: String,
    pub title: String,
    /// When it is published: `2026-12-08` or `2026-12-08 09:00`.
    pub at: String,
    /// `(day, minutes after midnight)`, for ordering.
    pub when: (Date, u32),
}

/// Whether `a` is published by `now` (`(day, minutes)` in the site's time zone).
pub(crate) fn due(a: &Article, now: (Date, u32)) -> bool {
    match a.date {
        Some(d) => (d, a.time.unwrap_or(0)) <= now,
        None => true,
    }
}

/// The briefs of `sources` not yet due at `now`, soonest first.
pub(crate) fn pending(sources: &[Arc<Article>], now: (Date, u32)) -> Vec<Scheduled> {
    let mut out: Vec<Scheduled> = (sources.iter())
        .filter(|a| a.layout == Layout::Article && !a.draft && !due(a, now))
        .filter_map(|a| {
            let day = a.date?;
            let at = match a.time {
                Some(m) => format!("{day} {:02}:{:02}", m / 60, m % 60),
                None => day.to_string(),
            };
            Some(Scheduled {
                file: a.file.clone(),
                slug: a.slug.clone(),
                title: a.title.clone(),
                at,
                when: (day, a.time.unwrap_or(0)),
            })
        })
        .collect();
    out.sort_by(|a, b| a.when.cmp(&b.when).then_with(|| a.file.cmp(&b.file)));
    out
}

/// The files not built, for the links that lead to them: a draft (`None`), or a brief not yet
/// due (when it is).
pub(crate) type Unbuilt = HashMap<String, Option<String>>;

/// `drafts` (left out without `--drafts`) and `scheduled` (left out until due), by file.
pub(crate) fn unbuilt(drafts: impl Iterator<Item = String>, scheduled: &[Scheduled]) -> Unbuilt {
    let mut out: Unbuilt = drafts.map(|f| (f, None)).collect();
    out.extend(
        scheduled
            .iter()
            .map(|s| (s.file.clone(), Some(s.at.clone()))),
    );
    out
}

impl super::Site {
    /// Whether brief `a` is published by now (a brief shown before, with `--future`, is not).
    pub(crate) fn published(&self, a: &Article) -> bool {
        due(a, self.now)
    }
}
