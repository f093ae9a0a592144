//! What a change did ([`Outcome`]): what serve prints, reloads and serves after it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::diag::Diagnostic;
use crate::pipeline::Failure;

use super::Live;

/// What was done for a change.
#[derive(Debug)]
pub(crate) enum Done {
    /// Nothing the site is made from changed.
    Nothing,
    /// The static files were read again.
    Static,
    /// The templates changed: every page was rendered once from the kept model.
    Templates {
        /// How many pages.
        pages: usize,
    },
    /// Briefs were given their new text in place.
    Patched {
        /// Their pages' output paths.
        shown: Vec<String>,
        /// What changed and what was made again, in words.
        note: String,
    },
    /// The model was made anew from the kept briefs, these read again.
    Refreshed {
        /// The files read again.
        files: Vec<String>,
    },
    /// A full build.
    Rebuilt {
        /// Briefs in the site.
        articles: usize,
        /// Pages rendered.
        pages: usize,
        /// Its warnings.
        warnings: usize,
    },
    /// The change has errors: the last good build is still served.
    Failed(Failure),
}

/// What a change did, and what serve should do now.
pub(crate) struct Outcome {
    /// What was done.
    pub(crate) done: Done,
    /// Warnings to show now: the new ones (every one after a full build).
    pub(crate) warnings: Vec<Diagnostic>,
    /// The files besides pages to serve from now on (static files, theme assets, photos), by
    /// output path, when they changed. The made files ([`super::Made`]) are not among them.
    pub(crate) files: Option<HashMap<String, Arc<Vec<u8>>>>,
    /// How long it took.
    pub(crate) elapsed: Duration,
    /// The build this change replaced: freed when the outcome is dropped, after serve has
    /// sent the reload (freeing 10,000 briefs takes a while).
    pub(super) retired: Option<Live>,
}

impl Outcome {
    pub(super) fn new(done: Done, elapsed: Duration) -> Outcome {
        Outcome {
            done,
            warnings: Vec::new(),
            files: None,
            elapsed,
            retired: None,
        }
    }

    /// Whether open pages should reload.
    pub(crate) fn reload(&self) -> bool {
        !matches!(self.done, Done::Nothing | Done::Failed(_))
    }

    /// Whether the model changed, so that the made files ([`super::Made`]) are stale.
    pub(crate) fn model_changed(&self) -> bool {
        matches!(
            self.done,
            Done::Patched { .. } | Done::Refreshed { .. } | Done::Rebuilt { .. }
        )
    }
}
