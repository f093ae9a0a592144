//! The integration tests, one binary (one link step instead of one per topic): each module
//! builds real fixture sites with the real `briefing` binary and checks what it writes or
//! says.

// A failed unwrap is how a test (or its helper) reports.
#![allow(clippy::unwrap_used)]

mod common;

mod architecture;
mod build;
mod china;
mod default_site;
mod digest;
mod editions;
mod errors;
mod explain;
mod facts;
mod fuzz_regressions;
mod github;
mod history;
mod history_folders;
mod history_objects;
mod hostile;
mod languages;
mod linkcheck;
mod new;
mod photos;
mod print;
mod publish;
mod record;
mod redirects;
mod runs;
mod schedule;
mod search;
mod series;
mod serve;
mod settings;
mod share;
mod site_links;
mod timeline;
mod workflow;
