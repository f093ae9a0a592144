//! The staging folder: a build's files are written beside the output folder and swapped in
//! whole. It carries briefing's marker from the start, so that an interrupted build's leftover
//! is recognised, and removed, by the next build.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::guard::{MARKER, MARKER_TEXT, is_ours};
use crate::output::{OutFile, OutputError, Sink, io_err};

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
    /// Stage a build for `out`, a path from [`super::guard::resolve`] that passed
    /// [`super::guard::check`].
    pub(crate) fn new(out: &Path) -> Result<Staging, OutputError> {
        let out = out.to_path_buf();
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
        remove_stale(parent, &name);
        if tmp.exists() && is_ours(&tmp) {
            fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
        }
        fs::create_dir(&tmp).map_err(io_err(&tmp))?;
        let marker = tmp.join(MARKER);
        fs::write(&marker, MARKER_TEXT).map_err(io_err(&marker))?;
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
        // The new site is in place; an old copy that cannot be removed now (a file still
        // open on some systems) carries the marker, and the next build removes it.
        let _ = remove_tree(old);
    } else {
        fs::rename(tmp, out).map_err(io_err(out))?;
    }
    Ok(())
}

/// Staging and old-output folders of builds that are no longer running (interrupted, killed):
/// `.<name>.briefing-new-<pid>` and `.<name>.briefing-old-<pid>` with briefing's marker, whose
/// process is gone. Only where that can be known (`/proc`); never a folder without the marker.
fn remove_stale(parent: &Path, name: &str) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file = entry.file_name().to_string_lossy().into_owned();
        let pid = [".briefing-new-", ".briefing-old-"]
            .iter()
            .find_map(|k| file.strip_prefix(&format!(".{name}{k}")))
            .and_then(|p| p.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        let path = entry.path();
        let gone = pid != std::process::id() && !proc.join(pid.to_string()).exists();
        if gone && is_ours(&path) && !path.is_symlink() {
            let _ = remove_tree(&path);
        }
    }
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
    fn paths_cannot_escape() {
        assert!(safe_join(Path::new("/tmp/x"), "../evil").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "/etc/passwd").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "a/b/index.html").is_ok());
    }
}
