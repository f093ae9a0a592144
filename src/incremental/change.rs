//! What a batch of saved files asks for ([`Change`]), from their paths alone.

use std::path::{Path, PathBuf};

/// What a batch of changed paths asks for.
#[derive(Debug, PartialEq)]
pub(super) enum Change {
    /// Nothing the site is made from (an editor's backup or swap file).
    Nothing,
    /// Files of `static/` only.
    Static,
    /// Templates only (and perhaps `static/`).
    Templates,
    /// The text of these briefs (paths from the site root), and perhaps `static/`.
    Bodies(Vec<String>),
    /// `site.yaml`, a brief new, gone or renamed, a photo: a full build.
    Everything,
}

/// Sort the changed `paths` (absolute, under `root`) into a [`Change`]. `known` tells whether
/// a path from the root is a source of the last good build (a brief or a photo), or, ending
/// in `/`, a folder holding one.
pub(super) fn classify(root: &Path, paths: &[PathBuf], known: &dyn Fn(&str) -> bool) -> Change {
    let (mut statics, mut templates, mut bodies, mut everything) =
        (false, false, Vec::new(), false);
    for p in paths {
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel == "site.yaml" {
            everything = true;
        } else if rel.starts_with("static/") {
            statics = true;
        } else if rel.starts_with("templates/") {
            templates = true;
        } else if rel.starts_with("content/_sources/") && !rel.ends_with('~') {
            // A registered source changed: the briefs that quote it are checked again.
            everything = true;
        } else if rel.starts_with("content/_editions/") && rel.ends_with(".md") {
            // An edition: its pages, the archive and its briefs' edition lines.
            everything = true;
        } else if rel.starts_with("content/") {
            let is_md = rel.ends_with(".md");
            // A folder of briefs moved or deleted: its briefs are gone.
            if known(&format!("{rel}/")) {
                everything = true;
                continue;
            }
            match (known(&rel), p.is_file()) {
                (true, true) if is_md => bodies.push(rel),
                // A brief or photo gone, a photo changed, a new brief.
                (true, _) => everything = true,
                (false, true) if is_md => everything = true,
                // Not part of the site: an editor's backup, swap or temporary file.
                _ => {}
            }
        }
    }
    bodies.sort();
    bodies.dedup();
    match (everything, templates, bodies.is_empty()) {
        (true, _, _) | (false, true, false) => Change::Everything,
        (false, true, true) => Change::Templates,
        (false, false, false) => Change::Bodies(bodies),
        (false, false, true) if statics => Change::Static,
        _ => Change::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(root: &Path, rels: &[&str]) -> Vec<PathBuf> {
        rels.iter().map(|r| root.join(r)).collect()
    }

    #[test]
    fn changes_are_sorted_by_what_they_need() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "content/a.md",
            "content/b.md",
            "content/new.md",
            "content/a.md~",
        ] {
            std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
            std::fs::write(root.join(f), "x").unwrap();
        }
        let known = |rel: &str| {
            matches!(
                rel,
                "content/a.md" | "content/b.md" | "content/gone.md" | "content/" | "content/old/"
            )
        };
        let c = |rels: &[&str]| classify(root, &paths(root, rels), &known);
        assert_eq!(
            c(&["content/b.md", "content/a.md", "content/a.md"]),
            Change::Bodies(vec!["content/a.md".into(), "content/b.md".into()])
        );
        assert_eq!(
            c(&["content/a.md", "static/x.css"]),
            Change::Bodies(vec!["content/a.md".into()])
        );
        assert_eq!(c(&["templates/base.html"]), Change::Templates);
        assert_eq!(
            c(&["templates/base.html", "content/a.md"]),
            Change::Everything
        );
        assert_eq!(c(&["static/x.css"]), Change::Static);
        assert_eq!(c(&["site.yaml", "content/a.md"]), Change::Everything);
        assert_eq!(c(&["content/new.md"]), Change::Everything, "a new brief");
        assert_eq!(
            c(&["content/gone.md"]),
            Change::Everything,
            "a deleted brief"
        );
        assert_eq!(
            c(&["content/old"]),
            Change::Everything,
            "a folder of briefs moved away"
        );
        // An editor's backup file is not part of the site.
        assert_eq!(c(&["content/a.md~"]), Change::Nothing);
        assert_eq!(
            c(&["content/_sources/page.txt"]),
            Change::Everything,
            "a registered source: the quotes are checked again"
        );
        assert_eq!(c(&["content/.a.md.swp"]), Change::Nothing);
        assert_eq!(
            c(&["content/_editions/weekly-2.md"]),
            Change::Everything,
            "an edition"
        );
        assert_eq!(c(&["content/_editions/weekly-2.md~"]), Change::Nothing);
    }
}
