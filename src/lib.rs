//! briefing: a static site generator for policy briefing portals.
//!
//! The pipeline runs one way, one folder per stage:
//!
//! ```text
//! cmd ──► pipeline ──► load ──► model ──► render ──► output
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
//! - `output`: where files go (staging folder, memory, nowhere), atomically;
//! - `diag`: diagnostics and their rustc-style rendering; `date`, `slug`, `text`, `i18n`:
//!   fuzzy dates, URL-safe names, small text helpers and interface strings.
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
mod slug;
mod text;

pub use cmd::main;
/// The YAML reader (its tree is used by the tests that check the workflow files).
pub use load::yaml;
