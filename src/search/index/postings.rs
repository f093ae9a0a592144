//! The byte format of a key's briefs (see the format at the top of [`super`]): lists made
//! while the index is built ([`Postings`]), split by rank and written as a delta-coded list or
//! a bitmap ([`ArticleList`]).

use super::RANKS;

pub(super) fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The briefs of one key while the index is built, each once with the rank it has the key in:
/// varints of `step * RANKS + rank`, the step from the brief before (the first brief whole).
/// One list a key, kept in the key's map entry, so listing a brief touches only that entry
/// and the list's end. Split by rank ([`ArticleList`]) when the shard is written.
#[derive(Default)]
pub(super) struct Postings {
    /// The last brief listed, plus one (0: none yet).
    pub(super) next: u32,
    pub(super) bytes: Vec<u8>,
}

impl Postings {
    /// List brief `article` (greater than any before) under `rank`.
    pub(super) fn push(&mut self, article: u32, rank: u8) {
        let step = match self.next {
            0 => article,
            next => article - (next - 1),
        };
        varint(&mut self.bytes, step * RANKS as u32 + u32::from(rank));
        self.next = article + 1;
    }

    /// Add the briefs of `other`, every one greater than this list's.
    pub(super) fn append(&mut self, other: Postings) {
        if other.next == 0 {
            return;
        }
        if self.next == 0 {
            *self = other;
            return;
        }
        // The other list's first brief is written whole: write it as a step from ours.
        let (first, used) = read_varint(&other.bytes, 0);
        let (article, rank) = (first / RANKS as u32, first % RANKS as u32);
        varint(
            &mut self.bytes,
            (article - (self.next - 1)) * RANKS as u32 + rank,
        );
        self.bytes.extend_from_slice(&other.bytes[used..]);
        self.next = other.next;
    }

    /// The briefs by rank, for the ranks that have any, in rank order.
    pub(super) fn by_rank(&self, bitmap_len: usize) -> Vec<(u8, ArticleList)> {
        let mut lists: [Option<ArticleList>; RANKS] = Default::default();
        let mut at = 0;
        let mut article: Option<u32> = None;
        while at < self.bytes.len() {
            let (v, used) = read_varint(&self.bytes, at);
            at = used;
            let d = article.map_or(v / RANKS as u32, |d| d + v / RANKS as u32);
            article = Some(d);
            lists[(v % RANKS as u32) as usize]
                .get_or_insert_with(ArticleList::default)
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
pub(super) struct ArticleList {
    /// The last brief added, plus one (0: none yet).
    next: u32,
    bitmap: bool,
    bytes: Vec<u8>,
}

impl ArticleList {
    /// Add brief `article` (greater than any before), with a bitmap taking `bitmap_len` bytes.
    pub(super) fn push(&mut self, article: u32, bitmap_len: usize) {
        if self.bitmap {
            self.bytes[(article / 8) as usize] |= 1 << (article % 8);
            return;
        }
        let delta = if self.next == 0 {
            article
        } else {
            article - (self.next - 1)
        };
        varint(&mut self.bytes, delta);
        self.next = article + 1;
        if self.bytes.len() > bitmap_len {
            self.make_bitmap(bitmap_len);
        }
    }

    pub(super) fn make_bitmap(&mut self, bitmap_len: usize) {
        let mut bits = vec![0u8; bitmap_len];
        for article in list_articles(&self.bytes) {
            bits[(article / 8) as usize] |= 1 << (article % 8);
        }
        self.bytes = bits;
        self.bitmap = true;
    }

    /// The briefs, in order.
    pub(super) fn articles(&self) -> Vec<u32> {
        if !self.bitmap {
            return list_articles(&self.bytes).collect();
        }
        let mut articles = Vec::new();
        for (i, &byte) in self.bytes.iter().enumerate() {
            for bit in 0..8 {
                if byte & 1 << bit != 0 {
                    articles.push(i as u32 * 8 + bit);
                }
            }
        }
        articles
    }

    /// `(kind, bytes)`: kind 0 the list, kind 1 the bitmap, whichever is smaller (the list
    /// when equal). A list made into a bitmap in a run may be small enough as a whole.
    pub(super) fn encode(mut self, bitmap_len: usize) -> (u8, Vec<u8>) {
        if self.bitmap {
            let count: u32 = self.bytes.iter().map(|b| b.count_ones()).sum();
            if count as usize <= bitmap_len {
                let articles = self.articles();
                let mut list = Vec::new();
                let mut before = None;
                for &article in &articles {
                    varint(&mut list, before.map_or(article, |b| article - b));
                    before = Some(article);
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
fn list_articles(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    let mut article: Option<u32> = None;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let (v, used) = read_varint(bytes, at);
        at = used;
        let d = article.map_or(v, |d| d + v);
        article = Some(d);
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
