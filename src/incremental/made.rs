//! Files a [`super::Session`] makes from its model only when they are first asked for after a
//! change, instead of with every rebuild.

use crate::model::Site;
use crate::output::OutFile;

/// The search index (its `search/` files, not the search page) and the JSON API (`api/`,
/// when site.yaml asks for it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Made {
    /// `search/…` but the search page.
    Search,
    /// `api/…`.
    Api,
}

impl Made {
    /// Every kind.
    pub(crate) const ALL: [Made; 2] = [Made::Search, Made::Api];

    /// Which made files `path` (from the base path) is one of, if any.
    pub(crate) fn of(path: &str) -> Option<Made> {
        Made::ALL.into_iter().find(|m| m.owns(path))
    }

    /// Whether `path` is one of these files.
    pub(crate) fn owns(self, path: &str) -> bool {
        match self {
            Made::Search => path.starts_with("search/") && path != "search/index.html",
            Made::Api => path.starts_with("api/"),
        }
    }

    pub(super) fn make(self, site: &Site) -> Vec<OutFile> {
        match self {
            Made::Search => crate::search::files(site).0,
            Made::Api if site.config.api => crate::render::api::files(site),
            Made::Api => Vec::new(),
        }
    }
}
