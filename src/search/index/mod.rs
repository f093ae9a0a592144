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

use crate::search::token::{Piece, Tongue, scan_as};
use crate::text::{FNV_PRIME, FNV_START, fnv1a};

mod postings;
#[cfg(test)]
mod tests;

use postings::{Postings, varint};

/// The fields of a brief, in order of rank (a match in the title ranks first).
pub(crate) const FIELDS: usize = 6;
/// How much text makes an index of keys nearly all new (see [`shard_count`]).
const NEW_TEXT: usize = 128 * 1024;
/// Longest run of units with a key of its own.
const GRAM: usize = 3;
/// The rank of each field (title, tags, domains and regions, summary, headings, body): tags
/// and places rank alike. A key's brief is listed under the best rank it has.
const RANK_OF: [u8; FIELDS] = [0, 1, 1, 2, 3, 4];
/// Ranks (see [`RANK_OF`]).
const RANKS: usize = 5;
/// Aim for shards of about this many bytes: a query fetches one shard per key.
const SHARD_TARGET: usize = 16 * 1024;
/// Unit ids: character units (CJK, digits, decimal points) are their code point; words are
/// numbered from here.
const FIRST_WORD: u32 = 0x11_0000;
/// Unit ids fit in 21 bits, so a key of three units fits in a u64.
const UNIT_BITS: u32 = 21;

/// A brief's text by field: title, tags, domains and regions, summary, headings, body.
pub(crate) type ArticleFields<'a> = [std::borrow::Cow<'a, str>; FIELDS];

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
    tongue: Tongue,
    words: Words,
    /// Per key, its briefs: one look-up a key and brief finds the list and its end.
    keys: FxHashMap<u64, Postings>,
    /// Scratch: a field's units, as (id, position).
    units: Vec<(u32, u32)>,
}

impl Partial {
    /// List brief `article` (greater than any before) under every key of its fields, each key
    /// once, under the best rank it has. Fields come in rank order, so the first field a key
    /// is seen in is its best; the keys starting at a unit are tried longest first: a run
    /// listed before for this brief means its shorter prefixes were listed then too.
    fn add(&mut self, article: u32, fields: &ArticleFields) {
        const NO_UNIT: u32 = u32::MAX;
        let stamp = article + 1;
        let mut units = std::mem::take(&mut self.units);
        for (f, text) in fields.iter().enumerate() {
            let rank = RANK_OF[f];
            units.clear();
            scan_as(text, self.tongue, |piece, pos, _, _| {
                let id = match piece {
                    Piece::Char(c) => c as u32,
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
                    postings.push(article, rank);
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
/// character unit (CJK, digit, decimal point) hashing to its code point and a word to the
/// FNV-1a of its UTF-8 bytes.
/// `search.js` computes the same from the query.
pub(crate) fn key_hash(key: &str) -> u32 {
    key.split(' ').fold(FNV_START, |h, unit| {
        let alone = crate::search::token::char_unit(unit).map(|c| c as u32);
        mix(h, alone.unwrap_or_else(|| fnv1a(unit.as_bytes())))
    })
}

fn key_text(key: u64, words: &Words) -> String {
    key_units(key)
        .map(|id| words.text(id))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The shards, as files' bytes, and how many keys went in.
pub(crate) struct Shards {
    pub files: Vec<Vec<u8>>,
    pub keys: usize,
}

/// How many shards for `briefs` briefs with texts of `bytes` bytes in all: a power of two, so
/// that a shard is about [`SHARD_TARGET`], and at most one for every two briefs: a few very
/// long briefs that repeat themselves make a small index, which a thousand files would only
/// scatter. Measured (docs/benchmarks.md): a large site's index is about a quarter of its text
/// (1.3 MB for 5.4 MB, 11 MB for 55 MB); a small one's is several times its text, as nearly
/// every key is new (87 KB for the default site's 19 KB). So the first [`NEW_TEXT`] bytes count
/// four times over, the rest a quarter.
pub(crate) fn shard_count(bytes: usize, briefs: usize) -> usize {
    let index = bytes / 4 + 4 * bytes.min(NEW_TEXT);
    let by_text = (index / SHARD_TARGET).next_power_of_two();
    let by_briefs = (briefs / 2).max(1).next_power_of_two();
    by_text.min(by_briefs).clamp(1, 4096)
}

/// Build the shards for `n` briefs, brief `i`'s texts being `fields(i)` (made when needed,
/// so no second copy of every text is held). Each thread indexes a run of consecutive briefs;
/// the runs are then joined in order, so every list stays in brief order, as delta coding
/// needs, and the result does not depend on the number of threads.
pub(crate) fn build<'a>(
    n: usize,
    fields: impl Fn(usize) -> ArticleFields<'a> + Sync,
    shards: usize,
    tongue: Tongue,
) -> Shards {
    let bitmap_len = n.div_ceil(8);
    let runs = rayon::current_num_threads().clamp(1, n.max(1));
    let per_run = n.div_ceil(runs).max(1);
    // Each run's words, and its keys by shard (a key's shard is a hash of its text).
    let partials: Vec<(Vec<String>, ShardKeys)> = (0..runs)
        .into_par_iter()
        .map(|r| {
            let mut p = Partial {
                tongue,
                ..Partial::default()
            };
            for article in r * per_run..((r + 1) * per_run).min(n) {
                p.add(article as u32, &fields(article));
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
