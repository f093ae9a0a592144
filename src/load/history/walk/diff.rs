//! The files that differ between two trees, as `git diff-tree -r` finds them.
//!
//! A folder of briefs holds a thousand entries and a commit changes a few, so two versions of
//! a tree are mostly the same bytes. Where each entry starts is kept for the trees of the last
//! commits ([`Differ::starts`]): the tree a commit made is the one its child is compared
//! against. The runs of bytes the two trees share are then passed over whole, and only the
//! entries where they part are read.

use std::collections::HashMap;
use std::rc::Rc;

use crate::load::history::objects::{Id, Kind, Objects};

/// A change to a file: `A`, `D`, `M` or `T` (its kind changed), its path in the repository,
/// and its new contents (zeros when deleted).
pub(super) struct Change {
    pub status: char,
    pub path: Vec<u8>,
    pub blob: Id,
}

/// The deepest folder followed (deeper is left to git).
const DEPTH: usize = 256;

pub(super) struct Differ<'a> {
    pub objects: &'a mut Objects,
    /// The trees of the commit being compared, and of the one before, with where their
    /// entries start: a commit's parent is most often the commit before.
    trees: HashMap<Id, Tree>,
    before: HashMap<Id, Tree>,
}

/// A tree with where its entries start.
#[derive(Clone)]
struct Tree {
    bytes: Rc<Vec<u8>>,
    starts: Rc<Vec<u32>>,
}

impl Tree {
    fn entry(&self, n: usize) -> Option<Entry<'_>> {
        entry_at(&self.bytes, *self.starts.get(n)? as usize).map(|(e, _)| e)
    }

    /// Where entry `n` starts (the tree's end, past its last).
    fn start(&self, n: usize) -> usize {
        (self.starts.get(n)).map_or(self.bytes.len(), |&s| s as usize)
    }

    /// The first entry from `n` on that does not end by `end`.
    fn whole_within(&self, n: usize, end: usize) -> usize {
        let starts = &self.starts[n.min(self.starts.len())..];
        // Entry `k` ends where `k + 1` starts; the last ends with the tree.
        let next = starts.get(1..).unwrap_or(&[]);
        let ended = next.partition_point(|&s| s as usize <= end);
        match ended + 1 == starts.len() && self.bytes.len() <= end {
            true => n + starts.len(),
            false => n + ended,
        }
    }
}

impl<'a> Differ<'a> {
    pub(super) fn new(objects: &'a mut Objects) -> Differ<'a> {
        Differ {
            objects,
            trees: HashMap::new(),
            before: HashMap::new(),
        }
    }

    /// The next commit is compared: the trees of the one before it are kept for it.
    pub(super) fn next_commit(&mut self) {
        self.before = std::mem::take(&mut self.trees);
    }

    /// The changes from tree `old` to tree `new` (either missing: empty), named from `path`
    /// (which ends in `/`).
    pub(super) fn diff(
        &mut self,
        old: Option<&Id>,
        new: Option<&Id>,
        path: &mut Vec<u8>,
        out: &mut Vec<Change>,
        depth: usize,
    ) -> Option<()> {
        if old == new {
            return Some(());
        }
        (depth <= DEPTH).then_some(())?;
        let old = self.tree(old)?;
        let new_bytes = match new {
            Some(id) => self.objects.read(id, Kind::Tree)?,
            None => Rc::new(Vec::new()),
        };
        let mut starts = Vec::with_capacity(old.starts.len() + 4);
        let (mut n, mut at) = (0, 0);
        loop {
            // Pass over the entries the two trees share, byte for byte.
            let from = old.start(n);
            let shared = same_prefix(&old.bytes[from..], &new_bytes[at..]);
            let past = old.whole_within(n, from + shared);
            let shift = |s: &u32| (*s as usize + at - from) as u32;
            starts.extend(old.starts[n..past].iter().map(shift));
            n = past;
            at += old.start(n) - from;
            let x = old.entry(n);
            let y = match at < new_bytes.len() {
                true => Some(entry_at(&new_bytes, at)?),
                false => None,
            };
            let side = match (&x, &y) {
                (None, None) => break,
                (Some(x), Some((y, _))) => order(x, y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
            };
            let (x, y) = match side {
                std::cmp::Ordering::Less => (x, None),
                std::cmp::Ordering::Greater => (None, y),
                std::cmp::Ordering::Equal => (x, y),
            };
            if x.is_some() {
                n += 1;
            }
            let y = match y {
                Some((y, end)) => {
                    starts.push(u32::try_from(at).ok()?);
                    at = end;
                    Some(y)
                }
                None => None,
            };
            self.change(x, y, path, out, depth)?;
        }
        if let Some(id) = new {
            let tree = Tree {
                bytes: new_bytes,
                starts: Rc::new(starts),
            };
            self.trees.insert(*id, tree);
        }
        Some(())
    }

    /// Tree `id` (none: empty) with where its entries start.
    fn tree(&mut self, id: Option<&Id>) -> Option<Tree> {
        let Some(id) = id else {
            return Some(Tree {
                bytes: Rc::new(Vec::new()),
                starts: Rc::new(Vec::new()),
            });
        };
        if let Some(tree) = self.trees.get(id).or_else(|| self.before.get(id)) {
            return Some(tree.clone());
        }
        let bytes = self.objects.read(id, Kind::Tree)?;
        let starts = Rc::new(starts_of(&bytes)?);
        Some(Tree { bytes, starts })
    }

    /// What became of one entry: `x` before, `y` after (of the same name and order).
    fn change(
        &mut self,
        x: Option<Entry>,
        y: Option<Entry>,
        path: &mut Vec<u8>,
        out: &mut Vec<Change>,
        depth: usize,
    ) -> Option<()> {
        let name = x.or(y)?.name;
        let mut file = |status, blob| {
            let mut p = path.clone();
            p.extend_from_slice(name);
            out.push(Change {
                status,
                path: p,
                blob,
            });
        };
        match (x, y) {
            (Some(x), Some(y)) if !x.is_tree() && !y.is_tree() => {
                if x.id != y.id || x.mode != y.mode {
                    file(if x.sort() == y.sort() { 'M' } else { 'T' }, y.id);
                }
                return Some(());
            }
            (Some(x), None) if !x.is_tree() => {
                file('D', [0; 20]);
                return Some(());
            }
            (None, Some(y)) if !y.is_tree() => {
                file('A', y.id);
                return Some(());
            }
            _ => {}
        }
        // A folder (in git's order a folder and a file of one name are two entries).
        let keep = path.len();
        path.extend_from_slice(name);
        path.push(b'/');
        let (old, new) = (x.map(|e| e.id), y.map(|e| e.id));
        let done = self.diff(old.as_ref(), new.as_ref(), path, out, depth + 1);
        path.truncate(keep);
        done
    }
}

/// How many bytes `a` and `b` begin with alike.
fn same_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 32 <= n && a[i..i + 32] == b[i..i + 32] {
        i += 32;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// An entry of a tree.
#[derive(Clone, Copy)]
pub(super) struct Entry<'a> {
    pub mode: &'a [u8],
    pub name: &'a [u8],
    pub id: Id,
}

impl Entry<'_> {
    pub(super) fn is_tree(&self) -> bool {
        self.mode == b"40000"
    }

    /// A file, a symbolic link or a submodule: a change between them is git's `T`.
    fn sort(&self) -> &[u8] {
        match self.mode {
            b"120000" | b"160000" => self.mode,
            _ => b"file",
        }
    }
}

/// The entry (`<mode> <name>\0<id>`) at `at` of a tree, and where it ends; `None` if damaged.
pub(super) fn entry_at(tree: &[u8], at: usize) -> Option<(Entry<'_>, usize)> {
    let rest = tree.get(at..)?;
    let space = memchr::memchr(b' ', rest)?;
    let nul = space + memchr::memchr(0, &rest[space..])?;
    let id = rest.get(nul + 1..nul + 21)?.try_into().ok()?;
    let entry = Entry {
        mode: &rest[..space],
        name: &rest[space + 1..nul],
        id,
    };
    Some((entry, at + nul + 21))
}

/// Where each entry of a tree starts; `None` if it is damaged.
fn starts_of(tree: &[u8]) -> Option<Vec<u32>> {
    let mut starts = Vec::new();
    let mut at = 0;
    while at < tree.len() {
        starts.push(u32::try_from(at).ok()?);
        at = entry_at(tree, at)?.1;
    }
    Some(starts)
}

/// Git's order of a tree's entries: by name, a folder's name as if it ended in `/`.
fn order(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    let end = |e: &Entry| if e.is_tree() { b'/' } else { 0 };
    let n = a.name.len().min(b.name.len());
    (a.name[..n].cmp(&b.name[..n])).then_with(|| {
        let next = |e: &Entry| e.name.get(n).copied().unwrap_or(end(e));
        next(a).cmp(&next(b))
    })
}
