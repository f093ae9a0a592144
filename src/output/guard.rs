//! The output folder's guard: briefing only ever replaces a folder it made.
//!
//! A build replaces what is in its output folder (see [`super::staging`]). Before it does, the
//! folder must be new, empty, or marked as briefing's own (a `.briefing-output` file every
//! build writes); a symbolic link, a plain file, a folder of someone's files, or a folder that
//! holds or is inside the site's sources is refused. The path checked is the path written:
//! [`resolve`] settles symbolic links in the folders above it once, for both.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::output::OutputError;

/// The marker file at the top of every output folder briefing writes.
pub(crate) const MARKER: &str = ".briefing-output";
pub(crate) const MARKER_TEXT: &str =
    "This folder is the output of `briefing build`; the next build replaces what is in it.\n";

/// Whether `dir` is an output folder briefing made: it has the marker. Nothing else counts:
/// other generators write `.nojekyll` and `api/…` too, and a folder taken for briefing's would
/// lose every other file in it.
pub(crate) fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

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

/// The real path of the output folder `out` will name: symbolic links in the folders above it
/// resolved (the deepest one that exists is canonicalised; the rest do not exist yet, so they
/// cannot be links). The folder itself is not followed if it is a link: [`check`] refuses it.
pub(crate) fn resolve(out: &Path) -> PathBuf {
    // `..` after a symbolic link means the link's parent, so settle what exists first.
    let joined = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(out)
    };
    let Some(name) = joined.file_name().map(|n| n.to_os_string()) else {
        return absolute(&joined);
    };
    let parent = joined.parent().unwrap_or(Path::new("/"));
    let mut existing = parent.to_path_buf();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(n), Some(p)) => {
                rest.push(n.to_os_string());
                existing = p.to_path_buf();
            }
            _ => break,
        }
    }
    let mut real = fs::canonicalize(&existing).unwrap_or_else(|_| absolute(&existing));
    for part in rest.iter().rev() {
        if part == ".." {
            real.pop();
        } else if part != "." {
            real.push(part);
        }
    }
    real.join(name)
}

/// Refuse an output folder that would overwrite or delete anything briefing did not make.
/// `out` comes from [`resolve`]; `shown` is how the user wrote it.
pub(crate) fn check(root: &Path, out: &Path, shown: &Path) -> Result<(), OutputError> {
    let root = fs::canonicalize(root).unwrap_or_else(|_| absolute(root));
    let unsafe_ = |why: &str| OutputError::Unsafe {
        path: shown.display().to_string(),
        why: why.to_string(),
    };
    if out == root {
        return Err(unsafe_("it is the site folder itself"));
    }
    if root.starts_with(out) {
        return Err(unsafe_("it contains the site folder"));
    }
    for src in ["content", "templates", "static"] {
        if out.starts_with(root.join(src)) {
            return Err(unsafe_(&format!("it is inside the site's {src}/ folder")));
        }
    }
    if out.parent().is_none() {
        return Err(unsafe_("it is the file system's root"));
    }
    let Ok(meta) = fs::symlink_metadata(out) else {
        return Ok(()); // a new folder
    };
    if meta.file_type().is_symlink() {
        return Err(unsafe_(
            "it is a symbolic link; briefing replaces what is in its output folder, so it writes only to a real folder (pass the folder the link points to, if that is the one you mean)",
        ));
    }
    if !meta.is_dir() {
        return Err(unsafe_("it is a file, not a folder"));
    }
    if out.join("site.yaml").exists() || out.join("content").is_dir() || out.join(".git").exists() {
        return Err(unsafe_(
            "it holds a site's sources or a repository (site.yaml, content/ or .git)",
        ));
    }
    let empty = fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if !empty && !is_ours(out) {
        return Err(unsafe_(&format!(
            "it holds files briefing did not make (no {MARKER} file); a build replaces what is in its output folder, so it only does so in a folder it made — choose a new or empty folder, or empty this one yourself"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_sources_files_links_and_strangers_folders() {
        let tmp = std::env::temp_dir().join(format!("briefing-guard-{}", std::process::id()));
        let root = tmp.join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("site.yaml"), "").unwrap();
        let refused = |out: &Path| check(&root, &resolve(out), out).is_err();
        for bad in [
            root.clone(),
            root.join("content"),
            root.join("content/x"),
            root.join("static"),
            tmp.clone(),
        ] {
            assert!(refused(&bad), "{}", bad.display());
        }
        assert!(!refused(&root.join("public")), "a new folder is fine");
        // Someone's folder, a file, a link.
        let theirs = tmp.join("theirs");
        fs::create_dir_all(&theirs).unwrap();
        fs::write(theirs.join("thesis.docx"), "x").unwrap();
        assert!(refused(&theirs));
        fs::write(theirs.join(MARKER), MARKER_TEXT).unwrap();
        assert!(!refused(&theirs), "a folder with the marker is briefing's");
        let file = tmp.join("file");
        fs::write(&file, "x").unwrap();
        assert!(refused(&file));
        #[cfg(unix)]
        {
            let link = tmp.join("link");
            std::os::unix::fs::symlink(&theirs, &link).unwrap();
            assert!(refused(&link), "a link as --out");
            // `link/../site/content` is the site's content, however it is spelt.
            let sneaky = tmp.join("link2");
            std::os::unix::fs::symlink(root.join("content"), &sneaky).unwrap();
            assert!(refused(&sneaky.join("..").join("content")));
        }
        fs::remove_dir_all(&tmp).unwrap();
    }
}
