//! The site's `static/` folder: the files published as they are, by output path. The one
//! walk of `static/`: `build` copies these files, `check` and `build` claim their paths for
//! the clash check, and `serve` reads them into memory.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{self, Code, Diagnostic};

/// One file of `static/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StaticFile {
    /// Its output path (`assets/logo.png`), from `static/`, with `/` separators.
    pub(crate) path: String,
    /// Where it is on disk.
    pub(crate) source: PathBuf,
}

impl StaticFile {
    /// Who makes this output path, in clash reports: `static/<path>`.
    pub(crate) fn maker(&self) -> String {
        format!("static/{}", self.path)
    }
}

/// What `static/` holds, sorted by path.
#[derive(Debug, Default)]
pub(crate) struct Statics {
    pub(crate) files: Vec<StaticFile>,
    /// A symbolic link is not published (it could point anywhere on the machine).
    pub(crate) warnings: Vec<Diagnostic>,
    /// A folder that cannot be read.
    pub(crate) errors: Vec<Diagnostic>,
}

/// Walk `root/static` (absent: nothing).
pub(crate) fn statics(root: &Path) -> Statics {
    let dir = root.join("static");
    let mut out = Statics::default();
    if !dir.is_dir() {
        return out;
    }
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map_or_else(|| "static".into(), |p| diag::rel_path(root, p));
                out.errors.push(
                    Diagnostic::error(Code::Unreadable, at, format!("cannot read this: {e}"))
                        .help("give it read permission, or move it out of static/"),
                );
                continue;
            }
        };
        let path = diag::rel_path(&dir, entry.path());
        if entry.file_type().is_file() {
            out.files.push(StaticFile {
                path,
                source: entry.into_path(),
            });
        } else if entry.file_type().is_symlink() {
            out.warnings.push(
                Diagnostic::warning(
                    Code::SymbolicLink,
                    format!("static/{path}"),
                    "a symbolic link in static/ is not published",
                )
                .help("copy the file itself into static/ (a link could point anywhere on this machine)"),
            );
        }
    }
    out
}
