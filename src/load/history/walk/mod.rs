//! What each commit changed in the site's `content/`, found here by comparing its tree with its
//! parent's ([`super::objects`]): the same answer `git diff-tree -r -M` gives ([`git::log`]),
//! for a third of the CPU. Each tree is inflated once; a folder whose id did not change is
//! not opened.
//!
//! Renames are git's to find (it pairs a deleted file with a similar added one): a commit
//! that both added and deleted content files is asked of `git diff-tree` alone. `None` when
//! an object cannot be read here: the caller then asks git for all of it.

use std::collections::HashMap;
use std::path::Path;

mod diff;

use super::git::{self, Commit, Repository};
use super::objects::{Id, Kind, Objects, id_of};
use crate::diag::Diagnostic;
use diff::{Change, Differ};

/// A commit as `git rev-list` lists it.
struct Listed {
    id: String,
    id_bytes: Id,
    tree: Id,
    parents: Vec<Id>,
    time: i64,
}

/// The commits of `range` that touched `content/`, as [`git::log`] gives them, oldest first.
pub(super) fn log(
    root: &Path,
    repo: &Repository,
    range: &str,
    tz: &jiff::tz::TimeZone,
    objects: &mut Objects,
) -> Option<Result<Vec<Commit>, Diagnostic>> {
    let listed = match rev_list(root, range) {
        Ok(listed) => listed?,
        Err(e) => return Some(Err(e)),
    };
    let content: Vec<&[u8]> = (repo.prefix.split('/'))
        .filter(|c| !c.is_empty())
        .map(str::as_bytes)
        .chain([&b"content"[..]])
        .collect();
    // Each commit's content folder first (small trees), then the folders compared, oldest
    // first (see `Objects` for why).
    let listed: Vec<&Listed> = listed.iter().filter(|c| c.parents.len() <= 1).collect();
    let mut folders: HashMap<Id, Option<Id>> = HashMap::new();
    for c in &listed {
        folders.insert(c.id_bytes, folder(objects, &c.tree, &content)?);
    }
    let mut differ = Differ::new(objects);
    let mut changed: Vec<Vec<Change>> = Vec::with_capacity(listed.len());
    for c in &listed {
        differ.next_commit();
        let new = folders[&c.id_bytes];
        let old = match c.parents.first() {
            Some(p) => match folders.get(p) {
                Some(old) => *old,
                None => {
                    let tree = commit_tree(differ.objects, p)?;
                    folder(differ.objects, &tree, &content)?
                }
            },
            None => None,
        };
        let mut changes = Vec::new();
        let mut path = repo.prefix.as_bytes().to_vec();
        path.extend_from_slice(b"content/");
        differ.diff(old.as_ref(), new.as_ref(), &mut path, &mut changes, 0)?;
        changed.push(changes);
    }
    let mut commits = Vec::new();
    let mut renamed = Vec::new();
    for (c, changes) in listed.iter().zip(&changed) {
        let has = |s: char| changes.iter().any(|ch| ch.status == s);
        if has('A') && has('D') {
            renamed.push((commits.len(), c.id.as_str()));
        }
        commits.push(commit(c, changes, &repo.prefix, tz)?);
    }
    if !renamed.is_empty() {
        let ids: Vec<&str> = renamed.iter().map(|(_, id)| *id).collect();
        match git::commits(root, repo, &ids, tz) {
            Ok(asked) if asked.len() == ids.len() => {
                for ((at, _), c) in renamed.iter().zip(asked) {
                    commits[*at] = c;
                }
            }
            Ok(_) => return None,
            Err(e) => return Some(Err(e)),
        }
    }
    Some(Ok(commits))
}

/// The commits of `range`, oldest first, with their trees, parents and times; `None` inside
/// if a line is not as asked (a SHA-256 repository's longer ids: left to git).
fn rev_list(root: &Path, range: &str) -> Result<Option<Vec<Listed>>, Diagnostic> {
    let out = git::rev_list(root, range, &["--format=%H %T %ct %P"])?;
    let text = String::from_utf8_lossy(&out);
    let listed = (text.lines())
        .filter(|l| !l.starts_with("commit "))
        .map(|line| {
            let mut f = line.split(' ');
            let id = f.next()?.to_string();
            let id_bytes = id_of(&id)?;
            let tree = id_of(f.next()?)?;
            let time = f.next()?.parse().ok()?;
            let parents = (f.filter(|p| !p.is_empty()).map(id_of)).collect::<Option<_>>()?;
            Some(Listed {
                id,
                id_bytes,
                tree,
                parents,
                time,
            })
        })
        .collect();
    Ok(listed)
}

/// The tree of commit `id`, from its first line (`tree <id>`).
fn commit_tree(objects: &mut Objects, id: &Id) -> Option<Id> {
    let commit = objects.read(id, Kind::Commit)?;
    id_of(std::str::from_utf8(commit.strip_prefix(b"tree ")?.get(..40)?).ok()?)
}

/// The folder at `path` (its names, one a level) within tree `root`, if there is one.
fn folder(objects: &mut Objects, root: &Id, path: &[&[u8]]) -> Option<Option<Id>> {
    let mut at = *root;
    for name in path {
        let tree = objects.read(&at, Kind::Tree)?;
        let mut start = 0;
        let found = loop {
            if start == tree.len() {
                break None;
            }
            let (entry, end) = diff::entry_at(&tree, start)?;
            if entry.name == *name {
                break Some(entry);
            }
            start = end;
        };
        match found {
            Some(e) if e.is_tree() => at = e.id,
            _ => return Some(None),
        }
    }
    Some(Some(at))
}

/// The commit as [`git::log`] gives it: its day, and its changes to briefs named from the
/// site's folder.
fn commit(c: &Listed, changes: &[Change], prefix: &str, tz: &jiff::tz::TimeZone) -> Option<Commit> {
    let files = (changes.iter())
        .filter(|ch| ch.path.ends_with(b".md"))
        .map(|ch| {
            let path = String::from_utf8_lossy(&ch.path);
            git::Touched {
                status: ch.status,
                path: path.strip_prefix(prefix).unwrap_or(&path).to_string(),
                renamed: None,
                blob: crate::text::hex(&ch.blob),
            }
        })
        .collect();
    Some(Commit {
        day: git::day_of(c.time, tz)?,
        files,
    })
}
