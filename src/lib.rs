//! briefing: a static site generator for policy briefing portals.
//!
//! The pipeline runs one way, one folder per stage:
//!
//! ```text
//! cmd ──► pipeline ──► load ──► model ──► render, search ──► output
//!                       │         │          │
//!                       └─────────┴── markdown (bodies, highlighting)
//!        every stage ──► diag, date, slug, text, i18n (leaves: they import no stage)
//! ```
//!
//! - [`cmd`]: the command line (`build`, `check`, `new`, `serve`) and the console;
//! - `pipeline`: strings the stages together for one run;
//! - `load`: `site.yaml` and `content/` read and checked field by field (YAML, positions);
//! - `model`: the validated, cross-linked site with typed ids;
//! - `markdown`: one body to HTML, with highlighting and link rewriting;
//! - `render`: the template context, the pages, the JSON API, the theme's assets;
//! - `search`: the search index (tokenizer, positional shards) the search page queries;
//! - `output`: where files go (staging folder, memory, nowhere), atomically;
//! - `diag`: diagnostics and their rustc-style rendering; `date`, `slug`, `text`, `url`,
//!   `i18n`: fuzzy dates, URL-safe names, small text helpers, the URL policy and interface
//!   strings.
//!
//! Everything is private to the crate except what the binary and the integration tests use.

#![forbid(unsafe_code)]

pub mod cmd;
mod date;
mod diag;
mod i18n;
mod load;
mod markdown;
mod model;
mod output;
mod pipeline;
mod render;
mod search;
mod slug;
mod text;
mod url;

#[cfg(test)]
mod properties;

pub use cmd::main;
/// The YAML reader (its tree is used by the tests that check the workflow files).
pub use load::yaml;

/// What the integration tests compare with the search script (`static/assets/search.js`).
#[doc(hidden)]
pub mod search_contract {
    /// The search units of `text` as `(text, position)`.
    pub fn units(text: &str) -> Vec<(String, u32)> {
        crate::search::token::tokenize(text)
            .into_iter()
            .map(|u| (u.text, u.pos))
            .collect()
    }

    /// A query's runs of units (see `search::token::query_runs`).
    pub fn runs(query: &str) -> Vec<Vec<String>> {
        crate::search::token::query_runs(query)
    }

    /// The shard hash of an index key.
    pub fn key_hash(key: &str) -> u32 {
        crate::search::index::key_hash(key)
    }
}
