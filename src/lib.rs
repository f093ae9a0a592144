//! briefing: a static site generator for policy briefing portals.
//!
//! The pipeline runs one way: [`content`] loads files (with [`config`] and [`yaml`]),
//! [`model`] validates and cross-links them (rendering bodies with [`markdown`]),
//! [`render`] fills the [`templates`] with values from [`context`], and [`output`] writes the
//! result atomically. [`build`] strings the stages together; [`cli`] is the command line,
//! [`serve`] the preview server and [`new`] the article starter.

pub mod api;
pub mod build;
pub mod cli;
pub mod config;
pub mod content;
pub mod context;
pub mod date;
pub mod diag;
pub mod fields;
pub mod i18n;
pub mod markdown;
pub mod model;
pub mod new;
pub mod output;
pub mod render;
pub mod serve;
pub mod templates;
pub mod yaml;
