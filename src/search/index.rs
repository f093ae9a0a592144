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
//! smaller. Ranks: 0 title, 1 tags, domains and regions, 2 summary, 3 headings, 4 body; a
//! brief is listed once per key, under the best rank it has the key in. A shard file: `varint(keys)`, then per key in byte order: `varint(len) key
//! varint(len) postings`. `search.js` reads the same layout.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::search::token::{Piece, is_cjk, scan};
use crate::text::{FNV_PRIME, FNV_START, fnv1a};

/// The fields of a brief, in order of rank (a match in the title ranks first).
pub(crate) const FIELDS: usize = 6;
/// Longest run of units with a key of its own.
const GRAM: usize = 3;
/// Briefs tokenized at once: bounds the memory of the per-brief keys.
const BATCH: usize = 256;
/// The rank of each field (title, tags, domains and regions, summary, headings, body): tags
/// and places rank alike. A key's brief is listed under the best rank it has.
const RANK_OF: [u8; FIELDS] = [0, 1, 1, 2, 3, 4];
/// Shards are filled this many groups at a time, one task a group.
const GROUPS: usize = 16;
/// Shard numbers take the low bits of a key's tag; its rank is above them.
const SHARD_BITS: u32 = 0xffff;
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
    /// Each word's [`unit_hash`].
    hashes: Vec<u32>,
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
        self.hashes.push(fnv1a(w.as_bytes()));
        Some(id)
    }

    /// Unit `id`'s hash: a CJK character's code point, a word's FNV-1a.
    fn unit_hash(&self, id: u32) -> u32 {
        if id < FIRST_WORD {
            id
        } else {
            self.hashes[(id - FIRST_WORD) as usize]
        }
    }

    fn text(&self, id: u32) -> String {
        match char::from_u32(id).filter(|_| id < FIRST_WORD) {
            Some(c) => c.to_string(),
            None => self.words[(id - FIRST_WORD) as usize].clone(),
        }
    }
}

/// A brief's units, field by field, as (id, position): a CJK character's id is its code
/// point; a word's is [`LOCAL`] + its index in `words`, made global after the scan.
struct Scanned {
    fields: Vec<Vec<(u32, u32)>>,
    words: Vec<String>,
}

/// Marks a brief-local word index in [`Scanned`].
const LOCAL: u32 = 1 << 31;

fn scan_doc(fields: &DocFields) -> Scanned {
    let mut words: Vec<String> = Vec::new();
    let mut local: FxHashMap<String, u32> = FxHashMap::default();
    let fields = fields
        .iter()
        .map(|text| {
            let mut units = Vec::with_capacity(text.len() / 3);
            scan(text, |piece, pos, _, _| {
                let id = match piece {
                    Piece::Cjk(c) => c as u32,
                    Piece::Word(w) => {
                        let i = match local.get(&w) {
                            Some(&i) => i,
                            None => {
                                let i = words.len() as u32;
                                local.insert(w.clone(), i);
                                words.push(w);
                                i
                            }
                        };
                        LOCAL | i
                    }
                };
                units.push((id, pos));
            });
            units
        })
        .collect();
    Scanned { fields, words }
}

/// A brief's keys (one, two and three adjacent units), each once, as `(key, shard | rank <<
/// 16)`, the rank being that of the best field the key is in. They are ordered by group of
/// shards (see [`Grouping`]): group `g`'s keys are `keys[starts[g]..starts[g + 1]]`.
struct DocKeys {
    keys: Vec<(u64, u32)>,
    starts: [u32; GROUPS + 1],
}

impl DocKeys {
    fn group(&self, g: usize) -> &[(u64, u32)] {
        &self.keys[self.starts[g] as usize..self.starts[g + 1] as usize]
    }
}

/// Shards are filled in groups, one task a group: shard `s` is in group `s >> shift`.
#[derive(Clone, Copy)]
struct Grouping {
    mask: u32,
    shift: u32,
}

impl Grouping {
    fn new(shards: usize) -> Grouping {
        let groups = GROUPS.min(shards);
        Grouping {
            mask: shards as u32 - 1,
            shift: shards.trailing_zeros() - groups.trailing_zeros(),
        }
    }

    fn group(self, tag: u32) -> usize {
        ((tag & SHARD_BITS) >> self.shift) as usize
    }
}

/// The keys of a brief. `global[i]` is the global id of the brief's word `i` (`None`: not
/// indexed); `seen` is scratch space, reused between briefs.
fn doc_keys(
    scanned: &Scanned,
    global: &[Option<u32>],
    words: &Words,
    grouping: Grouping,
    seen: &mut FxHashMap<u64, u32>,
) -> DocKeys {
    seen.clear();
    let id_of = |id: u32| {
        if id & LOCAL == 0 {
            Some(id)
        } else {
            global[(id & !LOCAL) as usize]
        }
    };
    // Fields come in rank order, so the first field a key is seen in is its best. The keys
    // starting at a unit are tried longest first: a run seen before in this brief means its
    // shorter prefixes were seen then too (with a rank as good), so they need no lookup.
    let mut keys = [(0u64, 0u32); GRAM];
    for (f, units) in scanned.fields.iter().enumerate() {
        let rank = u32::from(RANK_OF[f]) << 16;
        for i in 0..units.len() {
            let mut key = 0u64;
            let mut hash = FNV_START;
            let mut len = 0;
            for n in 0..GRAM {
                let Some(&(raw, pos)) = units.get(i + n) else {
                    break;
                };
                if n > 0 && units[i + n - 1].1 + 1 != pos {
                    break;
                }
                let Some(id) = id_of(raw) else {
                    break;
                };
                hash = mix(hash, words.unit_hash(id));
                key |= u64::from(id + 1) << (UNIT_BITS * n as u32);
                keys[n] = (key, hash);
                len = n + 1;
            }
            for &(key, hash) in keys[..len].iter().rev() {
                let before = seen.len();
                seen.entry(key).or_insert((hash & grouping.mask) | rank);
                if seen.len() == before {
                    break;
                }
            }
        }
    }
    // A counting sort by group.
    let mut starts = [0u32; GROUPS + 1];
    for &tag in seen.values() {
        starts[grouping.group(tag) + 1] += 1;
    }
    for g in 0..GROUPS {
        starts[g + 1] += starts[g];
    }
    let mut at = starts;
    let mut keys = vec![(0, 0); seen.len()];
    for (&key, &tag) in seen.iter() {
        let slot = &mut at[grouping.group(tag)];
        keys[*slot as usize] = (key, tag);
        *slot += 1;
    }
    DocKeys { keys, starts }
}

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

/// The shard hash of a key (units separated by spaces): [`mix`] over its units' hashes, a
/// CJK character hashing to its code point and a word to the FNV-1a of its UTF-8 bytes.
/// `search.js` computes the same from the query.
pub(crate) fn key_hash(key: &str) -> u32 {
    key.split(' ').fold(FNV_START, |h, unit| {
        let mut chars = unit.chars();
        let cjk = match (chars.next(), chars.next()) {
            (Some(c), None) if is_cjk(c) => Some(c as u32),
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
        let mut doc = 0u32;
        let mut at = 0;
        let mut first = true;
        while at < self.bytes.len() {
            let mut v = 0u32;
            let mut shift = 0;
            loop {
                let b = self.bytes[at];
                at += 1;
                v |= u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            doc = if first { v } else { doc + v };
            first = false;
            bits[(doc / 8) as usize] |= 1 << (doc % 8);
        }
        self.bytes = bits;
        self.bitmap = true;
    }

    /// `(kind, bytes)`: kind 0 the list, kind 1 the bitmap.
    fn encode(self) -> (u8, Vec<u8>) {
        (u8::from(self.bitmap), self.bytes)
    }
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
/// a batch at a time, so no second copy of every text is held).
pub(crate) fn build<'a>(
    n: usize,
    fields: impl Fn(usize) -> DocFields<'a> + Sync,
    shards: usize,
) -> Shards {
    let grouping = Grouping::new(shards);
    let per_group = shards.div_ceil(GROUPS);
    let bitmap_len = n.div_ceil(8);
    let mut words = Words::default();
    // Per group of shards, per shard: (key, rank) → the briefs.
    type ShardMap = FxHashMap<(u64, u8), DocList>;
    let mut groups: Vec<Vec<ShardMap>> = (0..shards)
        .map(|_| ShardMap::default())
        .collect::<Vec<_>>()
        .chunks_mut(per_group)
        .map(|c| c.iter_mut().map(std::mem::take).collect())
        .collect();
    for start in (0..n).step_by(BATCH) {
        let batch = start..(start + BATCH).min(n);
        let scanned: Vec<Scanned> = batch
            .clone()
            .into_par_iter()
            .map(|i| scan_doc(&fields(i)))
            .collect();
        // Words get their global ids in brief order (the only sequential step).
        let globals: Vec<Vec<Option<u32>>> = scanned
            .iter()
            .map(|s| s.words.iter().map(|w| words.id(w)).collect())
            .collect();
        let keys: Vec<DocKeys> = scanned
            .par_iter()
            .zip(&globals)
            .map_init(FxHashMap::default, |seen, (s, g)| {
                doc_keys(s, g, &words, grouping, seen)
            })
            .collect();
        drop(scanned);
        // Each group's task adds the batch's keys of its shards, brief by brief, so every
        // list grows in brief order, as delta coding needs.
        groups.par_iter_mut().enumerate().for_each(|(g, maps)| {
            for (i, doc_keys) in keys.iter().enumerate() {
                let doc = (batch.start + i) as u32;
                for &(key, tag) in doc_keys.group(g) {
                    let shard = (tag & SHARD_BITS) as usize % per_group;
                    maps[shard]
                        .entry((key, (tag >> 16) as u8))
                        .or_default()
                        .push(doc, bitmap_len);
                }
            }
        });
    }
    let encoded: Vec<(Vec<u8>, usize)> = groups
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|m| encode_shard(m, &words))
        .collect();
    Shards {
        keys: encoded.iter().map(|e| e.1).sum(),
        files: encoded.into_iter().map(|e| e.0).collect(),
    }
}

/// A shard's file, and how many keys it has.
fn encode_shard(map: FxHashMap<(u64, u8), DocList>, words: &Words) -> (Vec<u8>, usize) {
    let mut by_key: FxHashMap<u64, Vec<(u8, DocList)>> = FxHashMap::default();
    for ((key, rank), list) in map {
        by_key.entry(key).or_default().push((rank, list));
    }
    let mut entries: Vec<(String, Vec<(u8, DocList)>)> = by_key
        .into_iter()
        .map(|(key, mut lists)| {
            lists.sort_unstable_by_key(|l| l.0);
            (key_text(key, words), lists)
        })
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::new();
    varint(&mut out, entries.len() as u32);
    for (key, lists) in &mut entries {
        let mut postings = Vec::new();
        varint(&mut postings, lists.len() as u32);
        for (rank, list) in lists.drain(..) {
            let (kind, bytes) = list.encode();
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
        let mut words = Words::default();
        let scanned = scan_doc(d);
        let global: Vec<Option<u32>> = scanned.words.iter().map(|w| words.id(w)).collect();
        let grouping = Grouping::new(1024);
        let keys = doc_keys(
            &scanned,
            &global,
            &words,
            grouping,
            &mut FxHashMap::default(),
        );
        for g in 0..GROUPS {
            assert!(keys.group(g).iter().all(|k| grouping.group(k.1) == g));
        }
        keys.keys
            .into_iter()
            .map(|(k, tag)| {
                let text = key_text(k, &words);
                assert_eq!(tag & SHARD_BITS, key_hash(&text) & 1023, "hash of {text}");
                (text, tag >> 16)
            })
            .collect()
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
        assert_eq!(few.encode(), (0, vec![3, 0x81, 7]));
        let mut many = DocList::default();
        for d in 0..20 {
            many.push(d, 3);
        }
        assert_eq!(many.encode(), (1, vec![0xff, 0xff, 0x0f]));
        let mut sparse = DocList::default();
        for d in [0, 9, 18] {
            sparse.push(d, 3);
        }
        assert_eq!(
            sparse.encode(),
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
        // The same values search.js computes (tests/search.rs checks them in node).
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
}
