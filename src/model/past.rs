//! A brief's past, from the repository's history ([`crate::load::history`]): the day its file
//! last changed, and for each of its milestones (as written now) the one it continues, with
//! that milestone's changes. The milestones written now are paired with those of the last
//! commit by the history's own rule, so an edit not yet committed keeps its history.

use std::sync::Arc;

use rayon::prelude::*;

use crate::date::Date;
use crate::load::Article;
use crate::load::history::{History, Tracked, track};

/// What the history says of one brief.
#[derive(Debug, Clone, Default)]
pub(crate) struct Past {
    /// The day of the last commit that changed its file.
    pub changed: Option<Date>,
    /// For each of its milestones, in the order written, its history.
    pub milestones: Vec<Option<Arc<Tracked>>>,
    /// The slugs it had before its present one (its file or `slug` renamed), oldest first.
    pub former: Vec<String>,
}

impl Past {
    /// The past of `a` in `history` (none without history, or for a file never committed).
    pub(crate) fn of(history: Option<&History>, a: &Article) -> Past {
        let Some(file) = history.and_then(|h| h.files.get(&a.file)) else {
            return Past {
                changed: None,
                milestones: vec![None; a.milestones.len()],
                former: Vec::new(),
            };
        };
        let pairs = track::pair(&file.milestones, &a.milestones);
        // A translation's file (`x.en.md`) names its address without the language (`x`).
        let language = (a.original.as_ref())
            .and_then(|_| a.file.trim_end_matches(".md").rsplit_once('.'))
            .map(|(_, l)| format!(".{l}"));
        let unsuffixed = |s: &String| match &language {
            Some(l) => s.strip_suffix(l.as_str()).unwrap_or(s).to_string(),
            None => s.clone(),
        };
        Past {
            former: (file.slugs.iter())
                .map(unsuffixed)
                .filter(|s| *s != a.slug)
                .collect(),
            changed: Some(file.changed),
            milestones: pairs
                .into_iter()
                .map(|j| j.map(|j| Arc::new(file.milestones[j].clone())))
                .collect(),
        }
    }
}

impl super::Site {
    /// Take the repository's history, which is read while the model is made (see
    /// `pipeline::prepare`): each brief's past, its milestones' on the timeline, and a warning
    /// for each address a renamed brief left leading nowhere.
    pub(crate) fn take_history(&mut self, history: Option<Arc<History>>) {
        let Some(read) = history.as_deref() else {
            return;
        };
        let pasts: Vec<Past> = (self.articles.as_slice().par_iter())
            .map(|e| Past::of(Some(read), &e.src))
            .collect();
        for (e, past) in self.articles.iter_mut().zip(pasts) {
            e.past = past;
        }
        for m in self.milestones.iter_mut() {
            let past = &self.articles[m.article].past;
            m.past = past.milestones.get(m.index).cloned().flatten();
        }
        self.history = history;
        let lost = lost_addresses(self);
        self.warnings.extend(lost);
    }
}

/// A warning for each address a brief had before that nothing leads from now: readers who
/// saved it, or cited it, find nothing.
fn lost_addresses(site: &super::Site) -> Vec<crate::diag::Diagnostic> {
    use crate::diag::{Code, Diagnostic};
    let slugs: std::collections::HashSet<&str> =
        site.articles.iter().map(|e| e.src.slug.as_str()).collect();
    let mut out = Vec::new();
    for e in site.articles.iter() {
        for old in &e.past.former {
            let segment = crate::slug::link_segment(old);
            let path = format!("articles/{segment}/index.html");
            let kept = e.src.aliases.iter().any(|a| a.path == path);
            if kept || slugs.contains(old.as_str()) {
                continue;
            }
            let address = format!("{}articles/{segment}/", site.config.base_path());
            let place = &e.src.slug_place;
            out.push(
                Diagnostic::warning(
                    Code::AddressChanged,
                    &e.src.file,
                    format!("this brief was at `{address}` before its file or `slug` was renamed; that address now leads nowhere"),
                )
                .at(place.line, place.col)
                .field("slug")
                .with_source(&e.src.text)
                .help(format!("keep the old address working: add `aliases: [{address}]`")),
            );
        }
    }
    out
}
