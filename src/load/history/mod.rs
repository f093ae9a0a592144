//! History from git: when the site is in a git repository, the commits that touched each
//! brief give its last change, and the versions of its front matter give each milestone's
//! history (every change of its date or status, with the day it was committed).
//!
//! `git rev-list` lists the commits; the repository's objects are then read in this process
//! ([`objects`]): what each commit changed, by comparing its trees with its parent's
//! ([`walk`]), and each version's front matter, inflated no further. That takes less than
//! half the CPU `git diff-tree` and `git cat-file` took (docs/benchmarks.md), with no C
//! library, and reads nothing but git's documented formats. What cannot be read so — a
//! rename (git pairs the files), objects in another repository, a SHA-256 repository,
//! objects replaced by `git replace` — is asked of the `git` command ([`git`]), which gives
//! the same answer. Only briefs with more than one version are read (most never change once
//! published), and what was read is kept between builds ([`cache`]): a build at the same
//! commit asks git for the commit's id only, a build after new commits reads those. Without
//! git, outside a repository, or in a shallow clone the site builds without history and one
//! warning says why and what to do.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::date::Date;
use crate::diag::{Code, Diagnostic};
use crate::load::Config;
use crate::load::lists::MilestoneSpec;
use crate::load::milestones::past_milestones;
use crate::load::yaml::Yaml;

mod cache;
mod git;
mod objects;
mod quick;
pub(crate) mod track;
mod walk;

pub(crate) use track::{Revision, Tracked};

use git::Commit;
pub(crate) use git::git_dir;

/// What the repository says of the briefs, by file (`content/2026/a.md`, as named now).
#[derive(Debug, Default, Clone)]
pub(crate) struct History {
    pub files: HashMap<String, FileHistory>,
}

/// One brief's history.
#[derive(Debug, Clone)]
pub(crate) struct FileHistory {
    /// The day of the last commit that changed the file (under any earlier name).
    pub changed: Date,
    /// Its milestones as of that commit, each with its changes (when `read`).
    pub milestones: Vec<Tracked>,
    /// The id of its contents at that commit.
    pub blob: String,
    /// Whether its versions were read: a file committed once has no history of its
    /// milestones, and its one version is not read until a second comes.
    pub read: bool,
    /// The slugs (addresses) it had, oldest first, the present one last: a brief whose file
    /// or `slug` was renamed had others.
    pub slugs: Vec<String>,
}

/// What one version of a brief says that the history follows.
#[derive(Default)]
struct Version {
    milestones: Vec<MilestoneSpec>,
    /// Its `slug:`, when it has one (else its file name gives it).
    slug: Option<String>,
}

/// The history of the briefs of the site at `root`, or a warning saying why there is none.
pub(crate) fn read(root: &Path, config: &Config) -> Result<History, Diagnostic> {
    let repo = git::repository(root)?;
    let (range, files) = match cache::load(&repo.top, &repo.prefix) {
        Some((head, history)) if head == repo.head => return Ok(history),
        Some((head, history)) if git::is_ancestor(root, &head, &repo.head) => {
            (format!("{head}..{}", repo.head), history.files)
        }
        _ => (repo.head.clone(), HashMap::new()),
    };
    // The repository's objects are read here; what cannot be is asked of git.
    let mut objects = (!git::replaces(root))
        .then(|| objects::Objects::open(&repo.objects))
        .flatten();
    let tz = &config.timezone;
    let walked = (objects.as_mut()).and_then(|o| walk::log(root, &repo, &range, tz, o));
    let commits = match walked {
        Some(commits) => commits?,
        None => git::log(root, &repo, &range, tz)?,
    };
    let history = History {
        files: apply(root, &commits, files, objects)?,
    };

    cache::save(&repo.top, &repo.prefix, &repo.head, &history);
    Ok(history)
}

/// `files` (the history before `commits`) after `commits`.
fn apply(
    root: &Path,
    commits: &[Commit],
    mut files: HashMap<String, FileHistory>,
    objects: Option<objects::Objects>,
) -> Result<HashMap<String, FileHistory>, Diagnostic> {
    let touched = || commits.iter().flat_map(|c| c.files.iter());
    // Only a file with more than one version can have a history of its milestones.
    let mut touches: HashMap<&str, usize> = HashMap::new();
    for t in touched() {
        *touches.entry(t.path.as_str()).or_default() += 1;
        if let Some(new) = &t.renamed {
            *touches.entry(new.as_str()).or_default() += 1;
        }
    }
    let needed: Vec<bool> = touched()
        .map(|t| {
            let now = t.renamed.as_deref().unwrap_or(&t.path);
            let again = touches[now] > 1 || touches[t.path.as_str()] > 1;
            t.status != 'D' && (again || files.contains_key(&t.path))
        })
        .collect();
    // The versions to read: those needed, and the one before of a file not read till now.
    let ids: Vec<&str> = (touched().zip(&needed))
        .filter(|(_, need)| **need)
        .map(|(t, _)| t.blob.as_str())
        .chain(
            (touched().filter_map(|t| files.get(&t.path)))
                .filter(|f| !f.read)
                .map(|f| f.blob.as_str()),
        )
        .collect();
    // Each version once, oldest first: in a pack made by `git clone` or `git gc` (not by
    // `git fast-import`), git's CPU for the 14,132 versions of `tests/bench/history_repo.py`
    // is 0.27 s asked so, against 0.36 s newest first. Each version's milestones are parsed
    // as it comes, while git inflates the next. One reader: two at once cost more CPU than
    // they saved time, beside a build that keeps both cores busy.
    let mut seen = HashSet::new();
    let ids: Vec<&str> = ids.into_iter().filter(|id| seen.insert(*id)).collect();
    let versions = versions(root, &ids, objects)?;
    let parsed: HashMap<String, Version> = (ids.iter().zip(versions))
        .map(|(id, v)| (id.to_string(), v.unwrap_or_default()))
        .collect();
    let version = |blob: &str| {
        parsed
            .get(blob)
            .map_or(&[][..], |v| v.milestones.as_slice())
    };
    let slug = |blob: &str, path: &str| {
        (parsed.get(blob).and_then(|v| v.slug.clone())).unwrap_or_else(|| stem(path).to_string())
    };
    for (t, need, day) in (commits.iter())
        .flat_map(|c| c.files.iter().map(move |t| (t, c.day)))
        .zip(&needed)
        .map(|((t, day), need)| (t, *need, day))
    {
        let before = files.remove(&t.path);
        if t.status == 'D' {
            continue;
        }
        let now = t.renamed.clone().unwrap_or_else(|| t.path.clone());
        let mut slugs = match &before {
            Some(b) if b.read => b.slugs.clone(),
            Some(b) => vec![slug(&b.blob, &t.path)],
            None => Vec::new(),
        };
        let current = slug(&t.blob, &now);
        if slugs.last() != Some(&current) {
            slugs.retain(|s| *s != current);
            slugs.push(current);
        }
        let milestones = if need {
            // The version before, read now if it was not (a file's second version).
            let tracked = match before {
                Some(b) if b.read => b.milestones,
                Some(b) => track::advance(&[], version(&b.blob), b.changed),
                None => Vec::new(),
            };
            track::advance(&tracked, version(&t.blob), day)
        } else {
            Vec::new()
        };
        let blob = t.blob.clone();
        let (changed, read) = (day, need);
        files.insert(
            now,
            FileHistory {
                changed,
                milestones,
                blob,
                read,
                slugs,
            },
        );
    }
    Ok(files)
}

/// What each version of `ids` says; `None` for one that is missing. Read here as far as
/// each front matter goes; what cannot be read here is asked of `git cat-file`.
fn versions(
    root: &Path,
    ids: &[&str],
    objects: Option<objects::Objects>,
) -> Result<Vec<Option<Version>>, Diagnostic> {
    let Some(mut objects) = objects else {
        return git::blobs(root, ids, version_of);
    };
    let mut read: Vec<Option<Version>> = (ids.iter())
        .map(|id| {
            let bytes = objects.blob_prefix(&objects::id_of(id)?, front_read)?;
            Some(version_of(&bytes))
        })
        .collect();
    let missing: Vec<usize> = (0..ids.len()).filter(|&i| read[i].is_none()).collect();
    if !missing.is_empty() {
        let asked: Vec<&str> = missing.iter().map(|&i| ids[i]).collect();
        for (i, v) in missing
            .into_iter()
            .zip(git::blobs(root, &asked, version_of)?)
        {
            read[i] = v;
        }
    }
    Ok(read)
}

/// Whether the first part of a version holds all that [`version_of`] reads: it does not
/// start a front matter, or the front matter ends within it.
fn front_read(part: &[u8]) -> bool {
    let rest = (part.strip_prefix(b"---\n")).or_else(|| part.strip_prefix(b"---\r\n"));
    match rest {
        Some(rest) => memchr::memmem::find(rest, b"\n---").is_some(),
        None => part.len() >= 5,
    }
}

/// What one version of a brief gives (nothing when it cannot be read). Only what the history
/// follows is read — its `slug:` line and its `milestones:` block — not the whole front
/// matter, and only those are taken as text: a cold read reads every version of every brief
/// that changed, and checking a whole brief's UTF-8 cost more than parsing its milestones.
fn version_of(bytes: &[u8]) -> Version {
    let Some(rest) = (bytes.strip_prefix(b"---\n")).or_else(|| bytes.strip_prefix(b"---\r\n"))
    else {
        return Version::default();
    };
    let front = memchr::memmem::find(rest, b"\n---").map_or(rest, |end| &rest[..end]);
    let slug = (front.split(|&b| b == b'\n'))
        .find_map(|l| l.strip_prefix(b"slug:"))
        .and_then(|v| std::str::from_utf8(v).ok())
        .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
        .filter(|s| !s.is_empty());
    Version {
        slug,
        milestones: milestones_of(front),
    }
}

/// The milestones of a front matter, from its `milestones:` block alone.
fn milestones_of(front: &[u8]) -> Vec<MilestoneSpec> {
    let Some(start) = memchr::memmem::find(front, b"\nmilestones:")
        .map(|i| i + 1)
        .or_else(|| front.starts_with(b"milestones:").then_some(0))
    else {
        return Vec::new();
    };
    let block = &front[start..];
    // The block ends at the next key written at the start of a line.
    let end = (memchr::memchr_iter(b'\n', block))
        .map(|i| i + 1)
        .find(|&i| starts_key(&block[i..]))
        .unwrap_or(block.len());
    let Ok(block) = std::str::from_utf8(&block[..end]) else {
        return Vec::new();
    };
    let value = quick::milestones(block).or_else(|| match crate::load::yaml::parse(block, 0) {
        Ok(Yaml::Map(mut entries)) => entries.pop().map(|(_, value)| value),
        _ => None,
    });
    value.map(past_milestones).unwrap_or_default()
}

/// Whether a line starts with a letter, a digit or `_`: a key at the start of a line. Only
/// its first character is decoded (at most four bytes): the rest of the block may be long.
fn starts_key(line: &[u8]) -> bool {
    let first = &line[..line.len().min(4)];
    (first.utf8_chunks().next())
        .and_then(|chunk| chunk.valid().chars().next())
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// A file's name without its folder and `.md`: the slug it gives a brief without `slug:`.
fn stem(path: &str) -> &str {
    path.rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".md")
}

/// Why there is no history: a warning, once per run, with the fix.
fn none(why: &str, help: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::NoHistory,
        "content/",
        format!("no history of the briefs: {why}"),
    )
    .help(help.to_string())
}
