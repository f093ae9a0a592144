//! Write: put the rendered files in place, atomically.
//!
//! The site is written to a temporary folder beside the output folder; only when every file is
//! written is the old output swapped out and the new one renamed in. A failed build leaves the
//! previous site exactly as it was. Nothing is written outside the output folder and its
//! temporary sibling, and the output folder may not be one that holds the site's sources.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::render::OutFile;

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
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

/// Make `p` absolute and lexically normal (no `.`/`..`), without touching the disk.
pub fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Refuse output folders that would overwrite or delete the site's sources.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), OutputError> {
    let root = fs::canonicalize(root).unwrap_or_else(|_| absolute(root));
    let out_abs = match fs::canonicalize(out) {
        Ok(p) => p,
        Err(_) => absolute(out),
    };
    let unsafe_ = |why: &str| OutputError::Unsafe {
        path: out.display().to_string(),
        why: why.to_string(),
    };
    if out_abs == root {
        return Err(unsafe_("it is the site folder itself"));
    }
    if root.starts_with(&out_abs) {
        return Err(unsafe_("it contains the site folder"));
    }
    for src in ["content", "templates", "static"] {
        if out_abs.starts_with(root.join(src)) {
            return Err(unsafe_(&format!("it is inside the site's {src}/ folder")));
        }
    }
    if out_abs.parent().is_none() {
        return Err(unsafe_("it is the file system's root"));
    }
    if out_abs.join("site.yaml").exists() || out_abs.join("content").is_dir() {
        return Err(unsafe_("it holds a site's sources (site.yaml or content/)"));
    }
    Ok(())
}

/// Check a relative output path: no absolute parts, no `..`.
fn safe_join(base: &Path, rel: &str) -> Result<PathBuf, OutputError> {
    let p = Path::new(rel);
    if p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(OutputError::Escape(rel.to_string()));
    }
    Ok(base.join(p))
}

/// Write `files` and copy `static_dir` into `out`, replacing it only on success.
pub fn write_site(
    out: &Path,
    files: &[OutFile],
    static_dir: Option<&Path>,
) -> Result<(), OutputError> {
    let out = absolute(out);
    let parent = out.parent().ok_or_else(|| OutputError::Unsafe {
        path: out.display().to_string(),
        why: "it has no parent folder".into(),
    })?;
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.briefing-new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.briefing-old-{}", std::process::id()));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
    }
    let result = fill(&tmp, files, static_dir).and_then(|()| swap(&out, &tmp, &old));
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

fn fill(tmp: &Path, files: &[OutFile], static_dir: Option<&Path>) -> Result<(), OutputError> {
    fs::create_dir_all(tmp).map_err(io_err(tmp))?;
    if let Some(dir) = static_dir.filter(|d| d.is_dir()) {
        copy_tree(dir, tmp)?;
    }
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        let full = safe_join(tmp, &d.to_string_lossy())?;
        fs::create_dir_all(&full).map_err(io_err(&full))?;
    }
    files.par_iter().try_for_each(|f| {
        let full = safe_join(tmp, &f.path)?;
        fs::write(&full, &f.bytes).map_err(io_err(&full))
    })
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), OutputError> {
    for entry in WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(|e| OutputError::Io {
            path: from.display().to_string(),
            source: e.into(),
        })?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).map_err(io_err(&dest))?;
        } else if entry.file_type().is_file() {
            fs::copy(entry.path(), &dest).map_err(io_err(&dest))?;
        }
    }
    Ok(())
}

fn swap(out: &Path, tmp: &Path, old: &Path) -> Result<(), OutputError> {
    if out.exists() {
        fs::rename(out, old).map_err(io_err(out))?;
        if let Err(e) = fs::rename(tmp, out) {
            let _ = fs::rename(old, out);
            return Err(io_err(out)(e));
        }
        fs::remove_dir_all(old).map_err(io_err(old))?;
    } else {
        fs::rename(tmp, out).map_err(io_err(out))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_source_folders() {
        let root = std::env::temp_dir().join(format!("briefing-out-test-{}", std::process::id()));
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("site.yaml"), "").unwrap();
        for bad in [
            root.clone(),
            root.join("content"),
            root.join("content/x"),
            root.join("static"),
            root.parent().unwrap().to_path_buf(),
        ] {
            assert!(check_out_dir(&root, &bad).is_err(), "{}", bad.display());
        }
        assert!(check_out_dir(&root, &root.join("public")).is_ok());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn paths_cannot_escape() {
        assert!(safe_join(Path::new("/tmp/x"), "../evil").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "/etc/passwd").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "a/b/index.html").is_ok());
    }
}
