//! Load: walk `content/`, read each Markdown file, split off its front matter and check every
//! field. The result is plain data ([`Article`]) plus the diagnostics of every file.
//!
//! What this stage does not do: anything that needs other files (duplicate slugs, `related`,
//! links between articles). That is the model's job.
//!
//! - [`config`] reads `site.yaml`;
//! - [`front_matter`]: one file, bytes to article;
//! - [`article`], [`lists`] and [`record`]: the fields of an article (`record`: `updated` and
//!   `corrections`);
//! - [`fields`]: checking a YAML mapping field by field, with positions;
//! - [`statics`]: the files of `static/`, published as they are;
//! - [`yaml`] and [`locate`]: the YAML parser (the one place serde_yaml is used) and where
//!   keys and values stand in the text.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{self, Code, Diagnostic};

pub(crate) mod aliases;
pub(crate) mod article;
pub(crate) mod config;
pub(crate) mod editions;
pub(crate) mod facts;
pub(crate) mod fields;
pub(crate) mod front_matter;
pub(crate) mod history;
pub(crate) mod lists;
pub(crate) mod locate;
mod milestones;
pub(crate) mod record;
pub(crate) mod source;
mod statics;
pub(crate) mod translations;
#[cfg(feature = "testing")]
pub mod yaml;
#[cfg(not(feature = "testing"))]
pub(crate) mod yaml;

pub(crate) use article::{Article, Layout};
pub(crate) use config::Config;
pub(crate) use lists::Status;
pub(crate) use statics::{StaticFile, statics};

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub articles: Vec<Article>,
    pub diags: Vec<Diagnostic>,
    /// Files in `content/` that look meant as briefs but are not read.
    pub warnings: Vec<Diagnostic>,
    /// Files that had errors (relative paths); later stages do not report links to them.
    pub failed: Vec<String>,
    /// Files whose front matter parsed but had field errors: still checked for links to
    /// other files, so that one run reports everything.
    pub partial: Vec<Article>,
    /// In the site in another language: the briefs without a translation, by file, with their
    /// address in the site's own language.
    pub elsewhere: std::collections::HashMap<String, String>,
}

/// A file that could not be read as a complete article: its errors, and what was read of it
/// when the front matter at least parsed.
pub(crate) struct LoadError {
    pub diags: Vec<Diagnostic>,
    pub partial: Option<Box<Article>>,
}

impl From<Vec<Diagnostic>> for LoadError {
    fn from(diags: Vec<Diagnostic>) -> Self {
        LoadError {
            diags,
            partial: None,
        }
    }
}

/// The site folder's path from the repository root, with a trailing `/` (`site/`), or empty:
/// what to put before a site-relative path so that GitHub finds the file.
pub(crate) fn repo_prefix(root: &Path) -> String {
    let Ok(root) = root.canonicalize() else {
        return String::new();
    };
    let repo = std::env::var_os("GITHUB_WORKSPACE")
        .and_then(|w| Path::new(&w).canonicalize().ok())
        .filter(|w| root.starts_with(w))
        .or_else(|| {
            root.ancestors()
                .find(|a| a.join(".git").exists())
                .map(Path::to_path_buf)
        });
    match repo.as_deref().and_then(|r| root.strip_prefix(r).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            format!("{}/", parts.join("/"))
        }
        _ => String::new(),
    }
}

/// The Markdown files under `content/`, sorted, skipping `_`-prefixed and hidden names.
pub(crate) fn content_files(root: &Path) -> Vec<PathBuf> {
    scan_content(root).0
}

/// The Markdown files under `content/` (see [`content_files`]), and what an editor may have
/// meant as a brief but is not read, each said once: a symbolic link, a file named `.MD` or
/// `.markdown` (warnings), a folder that cannot be read (an error: its briefs would be
/// missing without a word).
pub(crate) fn scan_content(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let dir = root.join("content");
    let mut files = Vec::new();
    let mut notes = Vec::new();
    let walk = WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('_') || name.starts_with('.'))
        });
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e)
                if e.depth() == 0
                    && e.io_error()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) =>
            {
                continue;
            }
            Err(e) => {
                let at = e
                    .path()
                    .map(|p| diag::rel_path(root, p))
                    .unwrap_or_else(|| "content".into());
                let why = e
                    .io_error()
                    .map_or_else(|| e.to_string(), |io| io.to_string());
                notes.push(
                    Diagnostic::error(Code::Unreadable, at, format!("cannot read this folder: {why}"))
                        .help("its briefs would be left out; give the folder read permission, or move it out of content/"),
                );
                continue;
            }
        };
        let path = entry.path();
        let ext = path.extension().map(|x| x.to_string_lossy().into_owned());
        let rel = || diag::rel_path(root, path);
        if entry.path_is_symlink() {
            notes.push(
                Diagnostic::warning(
                    Code::SymbolicLink,
                    rel(),
                    "a symbolic link in content/ is not read",
                )
                .help(
                    "put the file itself in content/ (a link could point anywhere on this machine)",
                ),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        match ext {
            Some(ext) if ext == "md" => files.push(entry.into_path()),
            Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") => {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                notes.push(
                    Diagnostic::warning(
                        Code::NotABrief,
                        rel(),
                        format!("a file ending in `.{ext}` is not read as a brief"),
                    )
                    .help(format!("briefs end in `.md`: rename it to `{stem}.md`")),
                );
            }
            _ => {}
        }
    }
    (files, notes)
}

/// Read and check every content file, in parallel.
pub(crate) fn load(root: &Path, config: &Config) -> Loaded {
    let (mut files, notes) = scan_content(root);
    // Translations (`x.en.md`) are read with their language's site.
    files.retain(|p| {
        let stem = p.file_stem().map(|s| s.to_string_lossy());
        stem.is_none_or(|s| translations::language_of(&s, config).is_none())
    });
    let results: Vec<(String, Result<Article, LoadError>)> = files
        .par_iter()
        .map(|path| {
            let rel = diag::rel_path(root, path);
            let result = load_one(path, &rel, config);
            (rel, result)
        })
        .collect();
    let mut loaded = Loaded::default();
    for note in notes {
        match note.severity {
            diag::Severity::Error => loaded.diags.push(note),
            _ => loaded.warnings.push(note),
        }
    }
    for (rel, r) in results {
        match r {
            Ok(a) => loaded.articles.push(a),
            Err(e) => {
                loaded.diags.extend(e.diags);
                loaded.failed.push(rel);
                loaded.partial.extend(e.partial.map(|a| *a));
            }
        }
    }
    loaded
}

/// Read and check one content file (`rel`: its path from the site root, for messages).
pub(crate) fn load_one(path: &Path, rel: &str, config: &Config) -> Result<Article, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| {
        LoadError::from(vec![Diagnostic::error(
            Code::Unreadable,
            rel,
            format!("cannot read the file: {e}"),
        )])
    })?;
    let mut stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A translation's address is its original's: `x.en.md` is `x`.
    if let Some(dir) = &config.translating {
        if let Some(base) = stem.strip_suffix(&format!(".{dir}")) {
            stem = base.to_string();
        }
    }
    front_matter::parse_file(rel, &stem, bytes, config)
}
