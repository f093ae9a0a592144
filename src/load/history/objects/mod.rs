//! A repository's objects read in this process: its packs ([`pack`]) and loose objects.
//!
//! `git diff-tree` and `git cat-file` did this before, and git's own CPU was most of what
//! a cold read of the history costs: comparing every entry of each changed folder's tree
//! twice, and inflating every version whole when only its front matter is read. Here a tree
//! is inflated once and compared with its parent's, and a version is inflated only as far as
//! its front matter goes ([`Objects::blob_prefix`]).
//!
//! Deltas are resolved as git does, from the nearest object already made: each object made
//! on the way is kept ([`Made`], up to [`BUDGET`] bytes), so that reading a file's versions
//! oldest first makes each from the one before. Whatever cannot be read here (an object in
//! another repository's store, a SHA-256 repository, a damaged pack) is `None`, and the
//! caller asks the `git` command.

mod pack;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub(crate) use pack::{Id, Kind};
use pack::{Pack, Stored};

/// The bytes of objects kept to make others from.
const BUDGET: usize = 32 << 20;

/// The longest chain of deltas followed (git writes chains of at most 50 by default).
const MAX_CHAIN: usize = 10_000;

pub(crate) struct Objects {
    dir: PathBuf,
    packs: Vec<Pack>,
    made: Made,
    z: flate2::Decompress,
    /// How many objects are being made, each for the one before (a delta against an object
    /// named by its id starts another).
    depth: usize,
}

/// An object made, or the first part of one.
#[derive(Clone)]
struct Part {
    kind: Kind,
    bytes: Rc<Vec<u8>>,
    /// Whether `bytes` is the whole object.
    whole: bool,
}

impl Objects {
    /// The objects of the store at `dir` (`.git/objects`).
    pub(crate) fn open(dir: &Path) -> Option<Objects> {
        let mut idx: Vec<PathBuf> = std::fs::read_dir(dir.join("pack"))
            .map(|entries| {
                (entries.filter_map(|e| e.ok()).map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "idx"))
                    .collect()
            })
            .unwrap_or_default();
        // The newest pack's name is not known; any fixed order will do.
        idx.sort();
        let packs = idx.iter().map(|p| Pack::open(p)).collect::<Option<_>>()?;
        Some(Objects {
            dir: dir.to_path_buf(),
            packs,
            made: Made::default(),
            z: flate2::Decompress::new(true),
            depth: 0,
        })
    }

    /// Object `id`, whole, if it is of kind `kind`.
    pub(crate) fn read(&mut self, id: &Id, kind: Kind) -> Option<Rc<Vec<u8>>> {
        let part = self.part(id, usize::MAX, true)?;
        (part.kind == kind && part.whole).then_some(part.bytes)
    }

    /// The first part of blob `id`: enough of it for `enough` to say so, or all of it.
    pub(crate) fn blob_prefix(
        &mut self,
        id: &Id,
        enough: impl Fn(&[u8]) -> bool,
    ) -> Option<Rc<Vec<u8>>> {
        // Most front matters are shorter (581 bytes in the middle of the benchmark's).
        let mut limit = 2048;
        loop {
            let part = self.part(id, limit, true)?;
            (part.kind == Kind::Blob).then_some(())?;
            if part.whole || enough(&part.bytes) {
                return Some(part.bytes);
            }
            limit = limit.saturating_mul(4);
        }
    }

    /// The first `limit` bytes of object `id` (or all, if fewer). An object asked for
    /// (`asked`, not a base of one) is not kept: the history asks for each once, oldest
    /// first, and what is kept are the newer ones made on the way, which it asks for next.
    fn part(&mut self, id: &Id, limit: usize, asked: bool) -> Option<Part> {
        (self.depth < 64).then_some(())?;
        self.depth += 1;
        let found = (self.packs.iter().enumerate()).find_map(|(n, p)| Some((n, p.find(id)?)));
        let part = match found {
            Some((pack, offset)) => self.packed(pack, offset, limit, asked),
            None => self.loose(id),
        };
        self.depth -= 1;
        part
    }

    /// A loose object (`objects/ab/cdef…`), whole.
    fn loose(&self, id: &Id) -> Option<Part> {
        let hex = crate::text::hex(id);
        let data = std::fs::read(self.dir.join(&hex[..2]).join(&hex[2..])).ok()?;
        let bytes = whole_stream(&data)?;
        let nul = memchr::memchr(0, &bytes)?;
        let (head, body) = (&bytes[..nul], &bytes[nul + 1..]);
        let (name, size) = head.split_at(memchr::memchr(b' ', head)?);
        let size: usize = std::str::from_utf8(&size[1..]).ok()?.parse().ok()?;
        (size == body.len()).then_some(())?;
        Some(Part {
            kind: Kind::named(name)?,
            bytes: Rc::new(body.to_vec()),
            whole: true,
        })
    }

    /// The first `limit` bytes of the entry at `offset` of pack `pack`, its deltas resolved.
    fn packed(&mut self, pack: usize, offset: u64, limit: usize, asked: bool) -> Option<Part> {
        let keep = |at: u64| !asked || at != offset;
        // Down the chain of deltas to something made already or stored whole, noting how
        // much of each base the delta above it needs.
        let mut chain: Vec<(u64, Vec<u8>, usize)> = Vec::new();
        let (mut at, mut need) = (offset, limit);
        let mut bottom = loop {
            if let Some(part) = self.made.get(pack, at, need, !keep(at)) {
                break part;
            }
            (chain.len() < MAX_CHAIN).then_some(())?;
            let entry = self.packs[pack].entry(at)?;
            match entry.stored {
                Stored::Whole(kind) => {
                    let bytes = pack::inflate(&mut self.z, &entry.data, entry.size, need)?;
                    let whole = bytes.len() == entry.size;
                    let part = Part {
                        kind,
                        bytes: Rc::new(bytes),
                        whole,
                    };
                    if keep(at) {
                        self.made.keep(pack, at, &part);
                    }
                    break part;
                }
                Stored::Offset(base) => {
                    let delta = pack::inflate(&mut self.z, &entry.data, entry.size, usize::MAX)?;
                    let (needed, _) = pack::base_needed(&delta, need)?;
                    chain.push((at, delta, need));
                    (at, need) = (base, needed);
                }
                Stored::Ref(base) => {
                    let delta = pack::inflate(&mut self.z, &entry.data, entry.size, usize::MAX)?;
                    let (needed, _) = pack::base_needed(&delta, need)?;
                    chain.push((at, delta, need));
                    (base != [0; 20]).then_some(())?;
                    break self.part(&base, needed, false)?;
                }
            }
        };
        // Back up, making each from the one below.
        while let Some((at, delta, need)) = chain.pop() {
            let bytes = pack::apply(&bottom.bytes, &delta, need)?;
            let whole = bytes.len() == pack::result_size(&delta)?;
            bottom = Part {
                kind: bottom.kind,
                bytes: Rc::new(bytes),
                whole,
            };
            if keep(at) {
                self.made.keep(pack, at, &bottom);
            }
        }
        Some(bottom)
    }
}

/// An id from its 40 hexadecimal digits.
pub(crate) fn id_of(hex: &str) -> Option<Id> {
    let bytes = hex.as_bytes();
    (bytes.len() == 40).then_some(())?;
    let mut id = [0; 20];
    for (i, pair) in bytes.chunks(2).enumerate() {
        let digit = |c: u8| (c as char).to_digit(16);
        id[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
    }
    Some(id)
}

/// A zlib stream of unknown inflated size, whole (a loose object's).
fn whole_stream(data: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut z = flate2::read::ZlibDecoder::new(data).take(pack::MAX_SIZE as u64 + 64);
    z.read_to_end(&mut out).ok()?;
    Some(out)
}

/// Objects made, by pack and offset, that others may be made from: the most recently used
/// kept, up to [`BUDGET`] bytes.
#[derive(Default)]
struct Made {
    parts: HashMap<(usize, u64), (Part, u64)>,
    bytes: usize,
    clock: u64,
}

impl Made {
    /// What is made of the entry at `offset`, if it holds at least `limit` bytes (or all);
    /// no longer kept if `take`.
    fn get(&mut self, pack: usize, offset: u64, limit: usize, take: bool) -> Option<Part> {
        self.clock += 1;
        let (part, used) = self.parts.get_mut(&(pack, offset))?;
        (part.whole || part.bytes.len() >= limit).then_some(())?;
        *used = self.clock;
        if !take {
            return Some(part.clone());
        }
        let (part, _) = self.parts.remove(&(pack, offset))?;
        self.bytes -= part.bytes.len();
        Some(part)
    }

    fn keep(&mut self, pack: usize, offset: u64, part: &Part) {
        self.clock += 1;
        let size = part.bytes.len();
        if size > BUDGET / 4 {
            return;
        }
        if let Some((old, _)) = self
            .parts
            .insert((pack, offset), (part.clone(), self.clock))
        {
            self.bytes -= old.bytes.len();
        }
        self.bytes += size;
        if self.bytes > BUDGET {
            // The least recently used half goes.
            let mut used: Vec<u64> = self.parts.values().map(|(_, u)| *u).collect();
            let half = used.len() / 2;
            let (_, middle, _) = used.select_nth_unstable(half);
            let middle = *middle;
            self.parts.retain(|_, (_, u)| *u > middle);
            self.bytes = self.parts.values().map(|(p, _)| p.bytes.len()).sum();
        }
    }
}
