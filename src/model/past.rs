//! A brief's past, from the repository's history ([`crate::load::history`]): the day its file
//! last changed, and for each of its milestones (as written now) the one it continues, with
//! that milestone's changes. The milestones written now are paired with those of the last
//! commit by the history's own rule, so an edit not yet committed keeps its history.

use std::sync::Arc;

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
}

impl Past {
    /// The past of `a` in `history` (none without history, or for a file never committed).
    pub(crate) fn of(history: Option<&History>, a: &Article) -> Past {
        let Some(file) = history.and_then(|h| h.files.get(&a.file)) else {
            return Past {
                changed: None,
                milestones: vec![None; a.milestones.len()],
            };
        };
        let pairs = track::pair(&file.milestones, &a.milestones);
        Past {
            changed: Some(file.changed),
            milestones: pairs
                .into_iter()
                .map(|j| j.map(|j| Arc::new(file.milestones[j].clone())))
                .collect(),
        }
    }
}
