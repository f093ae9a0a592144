//! briefing's cache folder (`~/.cache/briefing/`, or under `$XDG_CACHE_HOME`; on macOS
//! `~/Library/Caches/briefing/`): resized photos, the briefs' history, link-check answers.
//! Never a folder other users can write to. What is kept is written whole, then renamed, so a
//! run that reads it never sees half of it.

use std::path::{Path, PathBuf};

/// `name` in the cache folder.
pub(crate) fn dir(name: &str) -> Option<PathBuf> {
    Some(dirs::cache_dir()?.join("briefing").join(name))
}

/// Keep `bytes` as `name` in `dir`: written beside its name and renamed into place, so a build
/// running at the same time (serve and build) never reads half a file.
///
/// The temporary name is created new (never a file or link found there), so nothing
/// outside the cache is ever written through it.
pub(crate) fn keep(dir: &Path, name: &str, bytes: &[u8]) {
    use std::io::Write;
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.{}", std::process::id()));
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes));
    match written {
        Ok(()) => {
            if std::fs::rename(&tmp, &path).is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
        }
        // Ours but cut short: removed. Someone else's: left alone.
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            let _ = std::fs::remove_file(&tmp);
        }
        Err(_) => {}
    }
}
