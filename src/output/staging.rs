//! The staging folder: a build's files are written beside the output folder, and only when
//! the whole build has succeeded do they go in. A first build's folder is swapped in whole.
//! When the output folder is already briefing's, a file whose bytes are already there is not
//! written again: only the changed files are staged, then moved over their old versions, and
//! the files the build no longer makes are removed (on a disk, a rebuild after a small change
//! then does not create and delete every page). It carries briefing's marker from the start, so that an interrupted build's leftover
//! is recognised, and removed, by the next build.

use std::collections::{HashMap, HashSet};
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
    /// The regular files of the output folder being updated, by path, with their sizes (not
    /// through symbolic links); `None` for a first build, whose folder is swapped in whole.
    before: Option<HashMap<String, u64>>,
    /// Every path this build makes, and those of them written to the staging folder.
    made: Mutex<(HashSet<String>, Vec<String>)>,
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
        let before = (out.is_dir() && !out.is_symlink() && is_ours(&out)).then(|| files_of(&out));
        Ok(Staging {
            out,
            tmp,
            old,
            dirs: Mutex::new(HashSet::new()),
            committed: false,
            before,
            made: Mutex::new((HashSet::new(), Vec::new())),
        })
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let full = safe_join(&self.tmp, rel)?;
        let unchanged = self.unchanged(rel, bytes);
        if let Ok(mut made) = self.made.lock() {
            // A file written again (an edition's print view, numbered once printed) is
            // counted once, as its last bytes say.
            let again = !made.0.insert(rel.to_string());
            if again {
                made.1.retain(|p| p != rel);
            }
            if !unchanged {
                made.1.push(rel.to_string());
            } else if again {
                let _ = fs::remove_file(&full);
            }
        }
        if unchanged {
            return Ok(());
        }
        if let Some(parent) = full.parent() {
            let known = self
                .dirs
                .lock()
                .map(|d| d.contains(parent))
                .unwrap_or(false);
            if !known {
                // Errors name the path in the output, never the temporary folder's.
                fs::create_dir_all(parent).map_err(io_err(Path::new(rel)))?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(parent.to_path_buf());
                }
            }
        }
        fs::write(&full, bytes).map_err(io_err(Path::new(rel)))
    }

    /// Whether the output folder being updated has this file with these bytes already.
    fn unchanged(&self, rel: &str, bytes: &[u8]) -> bool {
        let Some(before) = &self.before else {
            return false;
        };
        before.get(rel) == Some(&(bytes.len() as u64))
            && fs::read(self.out.join(rel)).is_ok_and(|old| old == bytes)
    }

    /// Put the build in place: swap the staging folder in (a first build), or move the
    /// changed files over their old versions and remove what the build no longer makes.
    pub(crate) fn commit(mut self) -> Result<(), OutputError> {
        match self.before.take() {
            None => swap(&self.out, &self.tmp, &self.old)?,
            Some(_) => {
                let (made, mut changed) = self.made.lock().map(|m| m.clone()).unwrap_or_default();
                changed.sort();
                update(&self.out, &self.tmp, &made, &changed)?;
                let _ = fs::remove_dir_all(&self.tmp);
            }
        }
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

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let made = self.made.lock().ok()?.0.contains(path);
        if !made {
            return None;
        }
        // Written now, or left as it was in the output folder (unchanged).
        let fresh = safe_join(&self.tmp, path).ok()?;
        match fresh.is_file() {
            true => fs::read(fresh).ok(),
            false => fs::read(safe_join(&self.out, path).ok()?).ok(),
        }
    }

    fn copy(&self, path: &str, source: &Path) -> Result<(), OutputError> {
        let bytes = fs::read(source).map_err(io_err(source))?;
        self.write(path, &bytes)
    }
}

/// The regular files under `dir` by path (`/`-separated), with their sizes; symbolic links
/// are not followed.
fn files_of(dir: &Path) -> HashMap<String, u64> {
    WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel = rel.to_string_lossy().replace('\\', "/");
            Some((rel, e.metadata().ok()?.len()))
        })
        .collect()
}

/// Update `out` in place from a build whose files are `made`, of which `changed` are in
/// `tmp`: move each changed file over its old version (making its folders, removing whatever
/// is in their way), then remove the files and folders of `out` the build no longer makes.
fn update(
    out: &Path,
    tmp: &Path,
    made: &HashSet<String>,
    changed: &[String],
) -> Result<(), OutputError> {
    // An output of a briefing from before the marker gets it now.
    let marker = out.join(MARKER);
    if !marker.is_file() {
        fs::write(&marker, MARKER_TEXT).map_err(io_err(&marker))?;
    }
    for rel in changed {
        let dest = out.join(rel);
        make_room(out, &dest)?;
        fs::rename(tmp.join(rel), &dest).map_err(io_err(&dest))?;
    }
    // Folders that hold a made file stay.
    let mut keep_dirs: HashSet<&str> = HashSet::new();
    for rel in made {
        let mut p = rel.as_str();
        while let Some((parent, _)) = p.rsplit_once('/') {
            if !keep_dirs.insert(parent) {
                break;
            }
            p = parent;
        }
    }
    let entries: Vec<(PathBuf, bool)> = WalkDir::new(out)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| (e.path().to_path_buf(), e.file_type().is_dir()))
        .collect();
    for (path, is_dir) in entries {
        let Ok(rel) = path.strip_prefix(out) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel == MARKER || made.contains(&rel) || (is_dir && keep_dirs.contains(rel.as_str())) {
            continue;
        }
        let gone = if is_dir {
            fs::remove_dir(&path)
        } else {
            fs::remove_file(&path)
        };
        // A folder that is not empty holds something kept; anything else must go.
        if let Err(e) = gone {
            if !is_dir {
                return Err(io_err(&path)(e));
            }
        }
    }
    Ok(())
}

/// Make the way to `dest` inside `out` free: its folders exist as folders (a file or link
/// where one must be is removed), and `dest` itself is not a folder.
fn make_room(out: &Path, dest: &Path) -> Result<(), OutputError> {
    let Some(parent) = dest.parent() else {
        return Ok(());
    };
    let mut p = out.to_path_buf();
    if let Ok(rel) = parent.strip_prefix(out) {
        for c in rel.components() {
            p.push(c);
            match fs::symlink_metadata(&p) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => {
                    fs::remove_file(&p).map_err(io_err(&p))?;
                    fs::create_dir(&p).map_err(io_err(&p))?;
                }
                Err(_) => fs::create_dir(&p).map_err(io_err(&p))?,
            }
        }
    }
    if let Ok(m) = fs::symlink_metadata(dest) {
        if m.is_dir() {
            fs::remove_dir_all(dest).map_err(io_err(dest))?;
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

    #[test]
    fn a_write_error_names_the_output_path_not_the_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        staging.write("search", b"a file").unwrap();
        let e = staging
            .write("search/s/0.bin", b"x")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("cannot write search/s/0.bin: "), "{e}");
        assert!(!e.contains("briefing-new"), "{e}");
    }
}
