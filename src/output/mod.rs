//! Write: put the rendered files in place, atomically.
//!
//! Rendered files go to a [`Sink`]: the [`Staging`] folder of a build, or nowhere
//! ([`Discard`]) for `check` and for `serve`'s check of every page. The staging folder sits beside the output
//! folder; only when every file is written does anything go in: a first build's folder is
//! renamed in, a rebuild's changed files are moved over their old versions and the files no
//! longer made are removed. A failed build leaves the previous site exactly as it was. Nothing is written
//! outside the output folder and its temporary sibling, and the output folder may not be one
//! that holds the site's sources.

use std::io;
use std::path::Path;

mod claims;
mod guard;
mod staging;

pub(crate) use claims::clashes;
pub(crate) use guard::{check as check_out_dir, resolve as resolve_out_dir};
pub(crate) use staging::Staging;

/// Where rendered files go. Called from many threads at once.
pub(crate) trait Sink: Sync {
    fn put(&self, file: OutFile) -> Result<(), OutputError>;
}

/// One file of the built site: path relative to the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum OutputError {
    #[error("refusing to use {path} as the output folder: {why}")]
    Unsafe { path: String, why: String },
    #[error("cannot write {path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("a file would be written outside the output folder: {0}")]
    Escape(String),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Drops the files (for `check`, and for `serve`, which renders each page when asked for:
/// everything is rendered, nothing is kept).
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, _file: OutFile) -> Result<(), OutputError> {
        Ok(())
    }
}
