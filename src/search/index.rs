//! The search index: for every run of one, two and three adjacent units (`雄`, `雄 安`,
//! `雄 安 新`, `4254`), the briefs that contain it, field by field. Split into shards by a hash of
//! the key, so a query fetches only the shards of its keys.
//!
//! A query run of up to three units is answered exactly by its key. A longer run needs every
//! three-unit piece of it (`京津冀`, `津冀协`, …); the search page then confirms each brief it
//! shows against the brief's text (see `search.js`).
//!
//! Key postings: `varint(ranks)`, then per rank that has briefs: a byte `rank | kind << 3`,
//! `varint(len)` and the briefs: kind 0 a delta-coded list of ids (LEB128 varints, the first
//! absolute), kind 1 a bitmap over all briefs (bit `i % 8` of byte `i / 8`), whichever is
//! smaller (the list when equal). Ranks: 0 title, 1 tags, domains and regions, 2 summary, 3
//! headings, 4 body; a brief is listed once per key, under the best rank it has the key in. A
//! shard file (as `build` makes it): `varint(keys)`, then per key in byte order: `varint(len)
//! key varint(len) postings`; the file written starts with a byte-length and the index's build
//! (see `search::files`). `search.js` reads the same layout.
//!
//! Building: each thread indexes a run of consecutive briefs with one hash-map look-up per
//! key and brief, the entry holding the key's briefs of every rank in one list ([`Postings`],
//! so listing a brief touches only the entry and the list's end); the runs' keys are put in
//! shards, and each shard joins its runs' lists in order, splits them by rank and is written,
//! in parallel. The files do not depend on the number of threads.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::search::token::{Piece, scan};
use crate::text::{FNV_PRIME, FNV_START, fnv1a};

/// The fields of a brief, in order of rank (a match in the title ranks first).
pub(crate) const FIELDS: usize = 6;
/// Longest run of units with a key of its own.
const GRAM: usize = 3;
/// The rank of each field (title, tags, domains and regions, summary, headings, body): tags
/// and places rank alike. A key's brief is listed under the best rank it has.
const RANK_OF: [u8; FIELDS] = [0, 1, 1, 2, 3, 4];
/// Ranks (see [`RANK_OF`]).
const RANKS: usize = 5;
/// Aim for shards of about this many bytes: a query fetches one shard per key.
const SHARD_TARGET: usize = 16 * 1024;
/// Unit ids: CJK characters are their code point; words are numbered from here.
const FIRST_WORD: u32 = 0x11_0000;
/// Unit ids fit in 21 bits, so a key of three units fits in a u64.
const UNIT_BITS: u32 = 21;

/// A brief's text by field: title, tags, domains and regions, summary, headings, body.
pub(crate) type DocFields<'a> = [std::borrow::Cow<'a, str>; FIELDS];

/// Words by id, and ids by word.
#[derive(Default)]
struct Words {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
}

impl Words {
    fn id(&mut self, w: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(w) {
            return Some(id);
        }
        let id = FIRST_WORD + self.words.len() as u32;
        if id >= 1 << UNIT_BITS {
            return None; // past a million distinct words: the rest are not indexed
        }
        self.ids.insert(w.to_string(), id);
        self.words.push(w.to_string());
        Some(id)
    }

    fn text(&self, id: u32) -> String {
        match char::from_u32(id).filter(|_| id < FIRST_WORD) {
            Some(c) => c.to_string(),
            None => self.words[(id - FIRST_WORD) as usize].clone(),
        }
    }
}

/// The index of a run of briefs (`build` makes one per thread, over consecutive briefs, and
/// joins them in order). Word ids are its own.
#[derive(Default)]
struct Partial {
    words: Words,
    /// Per key, its briefs: one look-up a key and brief finds the list and its end.
    keys: FxHashMap<u64, Postings>,
    /// Scratch: a field's units, as (id, position).
    units: Vec<(u32, u32)>,
}

impl Partial {
    /// List brief `doc` (greater than any before) under every key of its fields, each key
    /// once, under the best rank it has. Fields come in rank order, so the first field a key
    /// is seen in is its best; the keys starting at a unit are tried longest first: a run
    /// listed before for this brief means its shorter prefixes were listed then too.
    fn add(&mut self, doc: u32, fields: &DocFields) {
        const NO_UNIT: u32 = u32::MAX;
        let stamp = doc + 1;
        let mut units = std::mem::take(&mut self.units);
        for (f, text) in fields.iter().enumerate() {
            let rank = RANK_OF[f];
            units.clear();
            scan(text, |piece, pos, _, _| {
                let id = match piece {
                    Piece::Cjk(c) => c as u32,
                    Piece::Word(w) => self.words.id(w).unwrap_or(NO_UNIT),
                };
                units.push((id, pos));
            });
            let mut keys = [0u64; GRAM];
            for i in 0..units.len() {
                let mut key = 0u64;
                let mut len = 0;
                for n in 0..GRAM {
                    let Some(&(id, pos)) = units.get(i + n) else {
                        break;
                    };
                    if id == NO_UNIT || n > 0 && units[i + n - 1].1 + 1 != pos {
                        break;
                    }
                    key |= u64::from(id + 1) << (UNIT_BITS * n as u32);
                    keys[n] = key;
                    len = n + 1;
                }
                for &key in keys[..len].iter().rev() {
                    let postings = self.keys.entry(key).or_default();
                    if postings.next == stamp {
                        break;
                    }
                    postings.push(doc, rank);
                }
            }
        }
        self.units = units;
    }
}

impl Partial {
    /// The run's words, and its keys by shard, each with its lists by rank.
    fn into_shards(self, shards: usize) -> (Vec<String>, ShardKeys) {
        let words = self.words.words;
        let hashes: Vec<u32> = words.iter().map(|w| fnv1a(w.as_bytes())).collect();
        let unit_hash = |id: u32| {
            if id < FIRST_WORD {
                id
            } else {
                hashes[(id - FIRST_WORD) as usize]
            }
        };
        let mask = shards as u32 - 1;
        let mut by_shard: ShardKeys = (0..shards).map(|_| Vec::new()).collect();
        for (key, postings) in self.keys {
            let hash = key_units(key).fold(FNV_START, |h, id| mix(h, unit_hash(id)));
            by_shard[(hash & mask) as usize].push((key, postings));
        }
        (words, by_shard)
    }
}

/// Keys with their briefs, by shard.
type ShardKeys = Vec<Vec<(u64, Postings)>>;

/// One step of the key hash: FNV-1a's step over a unit's hash instead of a byte.
fn mix(h: u32, unit: u32) -> u32 {
    (h ^ unit).wrapping_mul(FNV_PRIME)
}

fn key_units(key: u64) -> impl Iterator<Item = u32> {
    (0..GRAM as u32)
        .map(move |n| ((key >> (UNIT_BITS * n)) & ((1 << UNIT_BITS) - 1)) as u32)
        .take_while(|&id| id != 0)
        .map(|id| id - 1)
}

#[cfg(any(test, feature = "testing"))]
/// The shard hash of a key (units separated by spaces): [`mix`] over its units' hashes, a
/// CJK character hashing to its code point and a word to the FNV-1a of its UTF-8 bytes.
/// `search.js` computes the same from the query.
pub(crate) fn key_hash(key: &str) -> u32 {
    key.split(' ').fold(FNV_START, |h, unit| {
        let mut chars = unit.chars();
        let cjk = match (chars.next(), chars.next()) {
            (Some(c), None) if crate::search::token::is_cjk(c) => Some(c as u32),
            _ => None,
        };
        mix(h, cjk.unwrap_or_else(|| fnv1a(unit.as_bytes())))
    })
}

fn key_text(key: u64, words: &Words) -> String {
    key_units(key)
        .map(|id| words.text(id))
        .collect::<Vec<_>>()
        .join(" ")
}

fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The briefs of one key while the index is built, each once with the rank it has the key in:
/// varints of `step * RANKS + rank`, the step from the brief before (the first brief whole).
/// One list a key, kept in the key's map entry, so listing a brief touches only that entry
/// and the list's end. Split by rank ([`DocList`]) when the shard is written.
#[derive(Default)]
struct Postings {
    /// The last brief listed, plus one (0: none yet).
    next: u32,
    bytes: Vec<u8>,
}

impl Postings {
    /// List brief `doc` (greater than any before) under `rank`.
    fn push(&mut self, doc: u32, rank: u8) {
        let step = match self.next {
            0 => doc,
            next => doc - (next - 1),
        };
        varint(&mut self.bytes, step * RANKS as u32 + u32::from(rank));
        self.next = doc + 1;
    }

    /// Add the briefs of `other`, every one greater than this list's.
    fn append(&mut self, other: Postings) {
        if other.next == 0 {
            return;
        }
        if self.next == 0 {
            *self = other;
            return;
        }
        // The other list's first brief is written whole: write it as a step from ours.
        let (first, used) = read_varint(&other.bytes, 0);
        let (doc, rank) = (first / RANKS as u32, first % RANKS as u32);
        varint(
            &mut self.bytes,
            (doc - (self.next - 1)) * RANKS as u32 + rank,
        );
        self.bytes.extend_from_slice(&other.bytes[used..]);
        self.next = other.next;
    }

    /// The briefs by rank, for the ranks that have any, in rank order.
    fn by_rank(&self, bitmap_len: usize) -> Vec<(u8, DocList)> {
        let mut lists: [Option<DocList>; RANKS] = Default::default();
        let mut at = 0;
        let mut doc: Option<u32> = None;
        while at < self.bytes.len() {
            let (v, used) = read_varint(&self.bytes, at);
            at = used;
            let d = doc.map_or(v / RANKS as u32, |d| d + v / RANKS as u32);
            doc = Some(d);
            lists[(v % RANKS as u32) as usize]
                .get_or_insert_with(DocList::default)
                .push(d, bitmap_len);
        }
        (0..RANKS as u8)
            .zip(lists)
            .filter_map(|(rank, list)| Some((rank, list?)))
            .collect()
    }
}

/// The briefs of one key in one rank: delta-coded as they come, turned into a bitmap over
/// all briefs once that is smaller.
#[derive(Default)]
struct DocList {
    /// The last brief added, plus one (0: none yet).
    next: u32,
    bitmap: bool,
    bytes: Vec<u8>,
}

impl DocList {
    /// Add brief `doc` (greater than any before), with a bitmap taking `bitmap_len` bytes.
    fn push(&mut self, doc: u32, bitmap_len: usize) {
        if self.bitmap {
            self.bytes[(doc / 8) as usize] |= 1 << (doc % 8);
            return;
        }
        let delta = if self.next == 0 {
            doc
        } else {
            doc - (self.next - 1)
        };
        varint(&mut self.bytes, delta);
        self.next = doc + 1;
        if self.bytes.len() > bitmap_len {
            self.make_bitmap(bitmap_len);
        }
    }

    fn make_bitmap(&mut self, bitmap_len: usize) {
        let mut bits = vec![0u8; bitmap_len];
        for doc in list_docs(&self.bytes) {
            bits[(doc / 8) as usize] |= 1 << (doc % 8);
        }
        self.bytes = bits;
        self.bitmap = true;
    }

    /// The briefs, in order.
    fn docs(&self) -> Vec<u32> {
        if !self.bitmap {
            return list_docs(&self.bytes).collect();
        }
        let mut docs = Vec::new();
        for (i, &byte) in self.bytes.iter().enumerate() {
            for bit in 0..8 {
                if byte & 1 << bit != 0 {
                    docs.push(i as u32 * 8 + bit);
                }
            }
        }
        docs
    }

    /// `(kind, bytes)`: kind 0 the list, kind 1 the bitmap, whichever is smaller (the list
    /// when equal). A list made into a bitmap in a run may be small enough as a whole.
    fn encode(mut self, bitmap_len: usize) -> (u8, Vec<u8>) {
        if self.bitmap {
            let count: u32 = self.bytes.iter().map(|b| b.count_ones()).sum();
            if count as usize <= bitmap_len {
                let docs = self.docs();
                let mut list = Vec::new();
                let mut before = None;
                for &doc in &docs {
                    varint(&mut list, before.map_or(doc, |b| doc - b));
                    before = Some(doc);
                }
                if list.len() <= bitmap_len {
                    return (0, list);
                }
            }
        } else if self.bytes.len() > bitmap_len {
            self.make_bitmap(bitmap_len);
        }
        (u8::from(self.bitmap), self.bytes)
    }
}

/// The briefs of a delta-coded list.
fn list_docs(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    let mut doc: Option<u32> = None;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let (v, used) = read_varint(bytes, at);
        at = used;
        let d = doc.map_or(v, |d| d + v);
        doc = Some(d);
        Some(d)
    })
}

/// The varint at `at` in `bytes`, and where the next one starts.
fn read_varint(bytes: &[u8], mut at: usize) -> (u32, usize) {
    let mut v = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(at) {
        at += 1;
        v |= u32::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            break;
        }
    }
    (v, at)
}

/// The shards, as files' bytes, and how many keys went in.
pub(crate) struct Shards {
    pub files: Vec<Vec<u8>>,
    pub keys: usize,
}

/// How many shards for texts of `bytes` bytes in all: a power of two, so that a shard is
/// about [`SHARD_TARGET`] (measured: the index is about a quarter of the text).
pub(crate) fn shard_count(bytes: usize) -> usize {
    (bytes / 4 / SHARD_TARGET)
        .next_power_of_two()
        .clamp(1, 4096)
}

/// Build the shards for `n` briefs, brief `i`'s texts being `fields(i)` (made when needed,
/// so no second copy of every text is held). Each thread indexes a run of consecutive briefs;
/// the runs are then joined in order, so every list stays in brief order, as delta coding
/// needs, and the result does not depend on the number of threads.
pub(crate) fn build<'a>(
    n: usize,
    fields: impl Fn(usize) -> DocFields<'a> + Sync,
    shards: usize,
) -> Shards {
    let bitmap_len = n.div_ceil(8);
    let runs = rayon::current_num_threads().clamp(1, n.max(1));
    let per_run = n.div_ceil(runs).max(1);
    // Each run's words, and its keys by shard (a key's shard is a hash of its text).
    let partials: Vec<(Vec<String>, ShardKeys)> = (0..runs)
        .into_par_iter()
        .map(|r| {
            let mut p = Partial::default();
            for doc in r * per_run..((r + 1) * per_run).min(n) {
                p.add(doc as u32, &fields(doc));
            }
            p.into_shards(shards)
        })
        .collect();
    // Words get their global ids in brief order.
    let mut words = Words::default();
    let mut globals: Vec<Vec<Option<u32>>> = Vec::with_capacity(runs);
    let mut by_shard: Vec<ShardKeys> = (0..shards).map(|_| Vec::new()).collect();
    for (run_words, run_shards) in partials {
        globals.push(run_words.iter().map(|w| words.id(w)).collect());
        for (into, keys) in by_shard.iter_mut().zip(run_shards) {
            into.push(keys);
        }
    }
    let encoded: Vec<(Vec<u8>, usize)> = by_shard
        .into_par_iter()
        .map(|runs| encode_shard(join(runs, &globals), &words, bitmap_len))
        .collect();
    Shards {
        keys: encoded.iter().map(|e| e.1).sum(),
        files: encoded.into_iter().map(|e| e.0).collect(),
    }
}

/// One shard's keys from every run, in run order, joined: each key once, with its words'
/// global ids, each of its lists the runs' lists one after the other.
fn join(runs: ShardKeys, globals: &[Vec<Option<u32>>]) -> Vec<(u64, Postings)> {
    let mut joined: FxHashMap<u64, Postings> = FxHashMap::default();
    for (keys, global) in runs.into_iter().zip(globals) {
        for (key, postings) in keys {
            let Some(key) = translate(key, global) else {
                continue;
            };
            joined.entry(key).or_default().append(postings);
        }
    }
    joined.into_iter().collect()
}

/// A run's key with its words' global ids (`None`: a word past the limit).
fn translate(key: u64, global: &[Option<u32>]) -> Option<u64> {
    let mut out = 0u64;
    for (n, id) in key_units(key).enumerate() {
        let id = if id < FIRST_WORD {
            id
        } else {
            global[(id - FIRST_WORD) as usize]?
        };
        out |= u64::from(id + 1) << (UNIT_BITS * n as u32);
    }
    Some(out)
}

/// A shard's file, and how many keys it has.
fn encode_shard(keys: Vec<(u64, Postings)>, words: &Words, bitmap_len: usize) -> (Vec<u8>, usize) {
    let mut entries: Vec<(String, Postings)> = keys
        .into_iter()
        .map(|(key, postings)| (key_text(key, words), postings))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::new();
    varint(&mut out, entries.len() as u32);
    for (key, briefs) in &entries {
        let lists = briefs.by_rank(bitmap_len);
        let mut postings = Vec::new();
        varint(&mut postings, lists.len() as u32);
        for (rank, list) in lists {
            let (kind, bytes) = list.encode(bitmap_len);
            postings.push(rank | kind << 3);
            varint(&mut postings, bytes.len() as u32);
            postings.extend_from_slice(&bytes);
        }
        varint(&mut out, key.len() as u32);
        out.extend_from_slice(key.as_bytes());
        varint(&mut out, postings.len() as u32);
        out.extend_from_slice(&postings);
    }
    (out, entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(title: &str, body: &str) -> DocFields<'static> {
        [
            title.to_string().into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            body.to_string().into(),
        ]
    }

    fn keys_of(d: &DocFields) -> Vec<(String, u32)> {
        let mut p = Partial::default();
        p.add(0, d);
        let (run_words, by_shard) = p.into_shards(1024);
        let mut words = Words::default();
        for w in &run_words {
            words.id(w);
        }
        let mut out = Vec::new();
        for (shard, keys) in by_shard.into_iter().enumerate() {
            for (key, postings) in keys {
                let text = key_text(key, &words);
                assert_eq!(shard as u32, key_hash(&text) & 1023, "shard of {text}");
                let lists = postings.by_rank(1);
                assert_eq!(lists.len(), 1, "{text} is listed once");
                out.push((text, u32::from(lists[0].0)));
            }
        }
        out
    }

    #[test]
    fn keys_are_runs_of_up_to_three_units_with_their_best_rank() {
        let keys = keys_of(&fields("雄安", "京雄，PM2.5"));
        let mut keys: Vec<(&str, u32)> = keys.iter().map(|(k, r)| (k.as_str(), *r)).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                ("pm2.5", 4),
                ("京", 4),
                ("京 雄", 4),
                ("安", 0),
                ("雄", 0),
                ("雄 安", 0),
            ]
        );
        let long = keys_of(&fields("", "京津冀协"));
        let texts: Vec<&str> = long.iter().map(|(k, _)| k.as_str()).collect();
        assert!(
            texts.contains(&"京 津 冀") && texts.contains(&"津 冀 协"),
            "{texts:?}"
        );
        assert!(!texts.iter().any(|k| k.split(' ').count() > 3), "{texts:?}");
    }

    #[test]
    fn lists_become_bitmaps_when_that_is_smaller() {
        let mut few = DocList::default();
        few.push(3, 125);
        few.push(900, 125);
        assert_eq!(few.encode(125), (0, vec![3, 0x81, 7]));
        let mut many = DocList::default();
        for d in 0..20 {
            many.push(d, 3);
        }
        assert_eq!(many.encode(3), (1, vec![0xff, 0xff, 0x0f]));
        let mut sparse = DocList::default();
        for d in [0, 9, 18] {
            sparse.push(d, 3);
        }
        assert_eq!(
            sparse.encode(3),
            (0, vec![0, 9, 9]),
            "not larger than the bitmap"
        );
    }

    #[test]
    fn varints_and_hashes_are_stable() {
        let mut out = Vec::new();
        for v in [0, 127, 128, 300, 1 << 20] {
            varint(&mut out, v);
        }
        assert_eq!(out, [0, 127, 0x80, 1, 0xac, 2, 0x80, 0x80, 0x40]);
        // The same values search.js computes (tests/it/search.rs checks them in node).
        assert_eq!(key_hash("雄"), mix(FNV_START, '雄' as u32));
        assert_eq!(key_hash("4254"), mix(FNV_START, fnv1a(b"4254")));
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(40 * SHARD_TARGET), 16);
    }

    #[test]
    fn shards_hold_every_key_once() {
        let docs = [fields("甲", "京雄"), fields("乙", "京津")];
        let s = build(2, |i| docs[i].clone(), 2);
        assert_eq!(s.files.len(), 2);
        // 甲 乙 京 雄 津, 京 雄, 京 津
        assert_eq!(s.keys, 7);
    }

    #[test]
    fn lists_joined_are_the_lists_made_whole() {
        let all: Vec<(u32, u8)> = vec![
            (0, 4),
            (1, 0),
            (5, 2),
            (130, 4),
            (131, 1),
            (700, 3),
            (2000, 4),
        ];
        for split in 0..=all.len() {
            let mut whole = Postings::default();
            let (mut first, mut second) = (Postings::default(), Postings::default());
            for (i, &(d, rank)) in all.iter().enumerate() {
                whole.push(d, rank);
                if i < split {
                    first.push(d, rank);
                } else {
                    second.push(d, rank);
                }
            }
            first.append(second);
            assert_eq!(first.bytes, whole.bytes, "split at {split}");
            assert_eq!(first.next, whole.next, "split at {split}");
        }
        // Split by rank, each list holds its briefs in order.
        let mut p = Postings::default();
        for &(d, rank) in &all {
            p.push(d, rank);
        }
        let ranks: Vec<(u8, Vec<u32>)> = p
            .by_rank(1000)
            .into_iter()
            .map(|(rank, list)| (rank, list.docs()))
            .collect();
        assert_eq!(
            ranks,
            [
                (0, vec![1]),
                (1, vec![131]),
                (2, vec![5]),
                (3, vec![700]),
                (4, vec![0, 130, 2000])
            ]
        );
        // Small enough in the end, a list made a bitmap is written as a list.
        let mut small = DocList::default();
        small.push(3, 4);
        small.make_bitmap(4);
        assert_eq!(small.encode(4), (0, vec![3]));
    }

    #[test]
    fn the_index_does_not_depend_on_the_number_of_threads() {
        let docs: Vec<DocFields> = (0..300)
            .map(|i| {
                fields(
                    &format!("第{i}号 雄安新区 PM2.{}", i % 7),
                    &format!(
                        "京津冀协同发展，{}。word{} 4254",
                        "生态".repeat(i % 5),
                        i % 13
                    ),
                )
            })
            .collect();
        let with = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| build(docs.len(), |i| docs[i].clone(), 8))
                .files
        };
        let one = with(1);
        assert_eq!(with(2), one);
        assert_eq!(with(3), one);
        assert_eq!(with(7), one);
    }
}
