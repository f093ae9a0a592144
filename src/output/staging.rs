//! The staging folder: a build's files are written beside the output folder and swapped in
//! whole; and the guard that keeps the output folder away from the site's sources.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::output::{OutFile, OutputError, Sink, io_err};

/// Make `p` absolute and lexically normal (no `.`/`..`), without touching the disk.
fn absolute(p: &Path) -> PathBuf {
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
pub(crate) fn check_out_dir(root: &Path, out: &Path) -> Result<(), OutputError> {
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

/// A build's output being written: a temporary folder beside the output folder that becomes
/// the output folder on [`Staging::commit`]. Dropped without commit, it removes itself, so a
/// failed build leaves the previous output exactly as it was.
pub(crate) struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    dirs: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    pub(crate) fn new(out: &Path) -> Result<Staging, OutputError> {
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
        let pid = std::process::id();
        let tmp = parent.join(format!(".{name}.briefing-new-{pid}"));
        let old = parent.join(format!(".{name}.briefing-old-{pid}"));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
        }
        fs::create_dir_all(&tmp).map_err(io_err(&tmp))?;
        Ok(Staging {
            out,
            tmp,
            old,
            dirs: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Copy a folder (the site's `static/`) into the staging folder.
    pub(crate) fn copy_dir(&self, dir: &Path) -> Result<(), OutputError> {
        if dir.is_dir() {
            copy_tree(dir, &self.tmp)?;
        }
        Ok(())
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let full = safe_join(&self.tmp, rel)?;
        if let Some(parent) = full.parent() {
            let known = self
                .dirs
                .lock()
                .map(|d| d.contains(parent))
                .unwrap_or(false);
            if !known {
                fs::create_dir_all(parent).map_err(io_err(parent))?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(parent.to_path_buf());
                }
            }
        }
        fs::write(&full, bytes).map_err(io_err(&full))
    }

    /// Swap the staging folder in as the output folder.
    pub(crate) fn commit(mut self) -> Result<(), OutputError> {
        swap(&self.out, &self.tmp, &self.old)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

impl Sink for Staging {
    fn put(&self, file: OutFile) -> Result<(), OutputError> {
        self.write(&file.path, &file.bytes)
    }
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
        remove_tree(old).map_err(io_err(old))?;
    } else {
        fs::rename(tmp, out).map_err(io_err(out))?;
    }
    Ok(())
}

/// `remove_dir_all`, with the top-level entries removed in parallel (a large site's old
/// output has tens of thousands of files).
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.par_iter().try_for_each(|p| {
        if p.is_dir() && !p.is_symlink() {
            fs::remove_dir_all(p)
        } else {
            fs::remove_file(p)
        }
    })?;
    fs::remove_dir(dir)
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
