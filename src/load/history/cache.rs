//! The history kept between builds, beside the photo cache: the last commit read and what the
//! history said then. A build at the same commit reads nothing from git but the commit's id; a
//! build after new commits reads only those (when the one kept is an ancestor of the new one).
//! A cache that cannot be read is ignored; one that cannot be written is left out.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{FileHistory, History, Revision, Tracked};
use crate::date::{Date, FuzzyDate};
use crate::load::Status;

/// Bump when the kept form or what it means changes.
const VERSION: u32 = 2;

#[derive(Serialize, Deserialize)]
struct Kept {
    version: u32,
    head: String,
    files: HashMap<String, KeptFile>,
}

#[derive(Serialize, Deserialize)]
struct KeptFile {
    changed: String,
    milestones: Vec<KeptMilestone>,
    blob: String,
    read: bool,
    slugs: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct KeptMilestone {
    id: Option<String>,
    title: String,
    date: String,
    status: String,
    first_date: String,
    since: String,
    /// `(noted, "date"|"status", from, to)`.
    revisions: Vec<(String, String, String, String)>,
}

/// The file for the site whose repository is at `top` and whose folder in it is `prefix`.
fn file(top: &str, prefix: &str) -> Option<PathBuf> {
    let key = crate::text::short_hash(format!("{top}\0{prefix}").as_bytes());
    // Beside the photo cache (`~/.cache/briefing/`), which the Pages workflow keeps.
    let dir = crate::cache::dir("history")?;
    Some(dir.join(format!("{key}.json")))
}

/// The history kept for this site, and the commit it was read at.
pub(super) fn load(top: &str, prefix: &str) -> Option<(String, History)> {
    let bytes = std::fs::read(file(top, prefix)?).ok()?;
    let kept: Kept = serde_json::from_slice(&bytes).ok()?;
    if kept.version != VERSION {
        return None;
    }
    let mut files = HashMap::with_capacity(kept.files.len());
    for (path, f) in kept.files {
        let milestones = f
            .milestones
            .into_iter()
            .map(tracked)
            .collect::<Option<_>>()?;
        let changed = Date::parse(&f.changed).ok()?;
        files.insert(
            path,
            FileHistory {
                changed,
                milestones,
                blob: f.blob,
                read: f.read,
                slugs: f.slugs,
            },
        );
    }
    Some((kept.head, History { files }))
}

/// Keep `history`, read at commit `head`.
pub(super) fn save(top: &str, prefix: &str, head: &str, history: &History) {
    let Some(path) = file(top, prefix) else {
        return;
    };
    let files = (history.files.iter())
        .map(|(p, f)| {
            let milestones = f.milestones.iter().map(kept).collect();
            let changed = f.changed.to_string();
            (
                p.clone(),
                KeptFile {
                    changed,
                    milestones,
                    blob: f.blob.clone(),
                    read: f.read,
                    slugs: f.slugs.clone(),
                },
            )
        })
        .collect();
    let kept = Kept {
        version: VERSION,
        head: head.to_string(),
        files,
    };
    let Ok(bytes) = serde_json::to_vec(&kept) else {
        return;
    };
    if let (Some(dir), Some(name)) = (path.parent(), path.file_name()) {
        crate::cache::keep(dir, &name.to_string_lossy(), &bytes);
    }
}

fn kept(t: &Tracked) -> KeptMilestone {
    KeptMilestone {
        id: t.id.clone(),
        title: t.title.clone(),
        date: t.date.code(),
        status: t.status.key().to_string(),
        first_date: t.first_date.code(),
        since: t.since.to_string(),
        revisions: (t.revisions.iter())
            .map(|c| match c {
                Revision::Date { noted, from, to } => {
                    (noted.to_string(), "date".into(), from.code(), to.code())
                }
                Revision::Status { noted, from, to } => (
                    noted.to_string(),
                    "status".into(),
                    from.key().into(),
                    to.key().into(),
                ),
            })
            .collect(),
    }
}

fn tracked(k: KeptMilestone) -> Option<Tracked> {
    let fuzzy = |s: &str| FuzzyDate::parse(s).ok();
    let revisions = (k.revisions.iter())
        .map(|(noted, field, from, to)| {
            let noted = Date::parse(noted).ok()?;
            Some(match field.as_str() {
                "date" => Revision::Date {
                    noted,
                    from: fuzzy(from)?,
                    to: fuzzy(to)?,
                },
                _ => Revision::Status {
                    noted,
                    from: Status::parse(from)?,
                    to: Status::parse(to)?,
                },
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Tracked {
        id: k.id,
        title: k.title,
        date: fuzzy(&k.date)?,
        status: Status::parse(&k.status)?,
        first_date: fuzzy(&k.first_date)?,
        since: Date::parse(&k.since).ok()?,
        revisions,
    })
}
