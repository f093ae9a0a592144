//! One pack of a repository (`objects/pack/pack-….pack` with its `.idx`), read as git's
//! documentation describes the two (`gitformat-pack`): the index finds an object's place, the
//! pack holds it compressed, either whole or as a delta against another object.
//!
//! Only what the history needs: version 2 indexes of SHA-1 repositories. Anything else —
//! another version, a size beyond [`MAX_SIZE`], a damaged entry — is `None`, and the
//! history is then read with the `git` command instead.

use std::fs::File;
use std::path::Path;

/// An object id (SHA-1).
pub(crate) type Id = [u8; 20];

/// The largest object read here: a larger one (or a damaged size) is left to git.
pub(super) const MAX_SIZE: usize = 1 << 28;

/// What an object is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Commit,
    Tree,
    Blob,
    Tag,
}

impl Kind {
    fn of(code: u8) -> Option<Kind> {
        Some(match code {
            1 => Kind::Commit,
            2 => Kind::Tree,
            3 => Kind::Blob,
            4 => Kind::Tag,
            _ => return None,
        })
    }

    /// The kind as a loose object's header names it.
    pub(super) fn named(name: &[u8]) -> Option<Kind> {
        Some(match name {
            b"commit" => Kind::Commit,
            b"tree" => Kind::Tree,
            b"blob" => Kind::Blob,
            b"tag" => Kind::Tag,
            _ => return None,
        })
    }
}

/// An entry of a pack, as stored: whole, or a delta against the entry at `base` in the same
/// pack, or against the object `Ref`.
pub(super) enum Stored {
    Whole(Kind),
    Offset(u64),
    Ref(Id),
}

/// An entry's head and compressed data.
pub(super) struct Entry {
    pub stored: Stored,
    /// The size of the object (or of the delta) once inflated.
    pub size: usize,
    pub data: Vec<u8>,
}

pub(super) struct Pack {
    file: File,
    /// The `.idx` file, whole.
    idx: Vec<u8>,
    count: usize,
    /// Each entry's offset, in order: an entry ends where the next begins.
    offsets: Vec<u64>,
    /// Where the entries end (before the pack's checksum).
    end: u64,
}

impl Pack {
    /// The pack whose index is `idx`, if both can be read and the index is of version 2.
    pub(super) fn open(idx: &Path) -> Option<Pack> {
        let bytes = std::fs::read(idx).ok()?;
        let file = File::open(idx.with_extension("pack")).ok()?;
        let end = file.metadata().ok()?.len().checked_sub(20)?;
        if bytes.get(..8)? != b"\xfftOc\0\0\0\x02" {
            return None;
        }
        let count = be32(&bytes, 8 + 255 * 4)? as usize;
        // Fan-out, ids, checksums and offsets, then the large offsets and two checksums.
        let large = 8 + 1024 + count * 28;
        (bytes.len() >= large + 40).then_some(())?;
        let mut pack = Pack {
            file,
            idx: bytes,
            count,
            offsets: Vec::new(),
            end,
        };
        let mut offsets: Vec<u64> = (0..count).map(|i| pack.offset(i)).collect::<Option<_>>()?;
        offsets.sort_unstable();
        pack.offsets = offsets;
        Some(pack)
    }

    /// The offset of the index's `i`-th object.
    fn offset(&self, i: usize) -> Option<u64> {
        let small = be32(&self.idx, 8 + 1024 + self.count * 24 + i * 4)?;
        if small & 0x8000_0000 == 0 {
            return Some(u64::from(small));
        }
        let at = 8 + 1024 + self.count * 28 + (small & 0x7fff_ffff) as usize * 8;
        let bytes = self.idx.get(at..at + 8)?;
        Some(u64::from_be_bytes(bytes.try_into().ok()?))
    }

    /// Where object `id` is in this pack, if it is.
    pub(super) fn find(&self, id: &Id) -> Option<u64> {
        let fan = |b: usize| be32(&self.idx, 8 + b * 4).map(|n| n as usize);
        let first = usize::from(id[0]);
        let (mut lo, mut hi) = (if first == 0 { 0 } else { fan(first - 1)? }, fan(first)?);
        hi = hi.min(self.count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = 8 + 1024 + mid * 20;
            match self.idx.get(at..at + 20)?.cmp(&id[..]) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.offset(mid),
            }
        }
        None
    }

    /// The entry at `offset`: its head, and its compressed data (to the next entry).
    pub(super) fn entry(&self, offset: u64) -> Option<Entry> {
        let next = self.offsets.partition_point(|&o| o <= offset);
        let end = self.offsets.get(next).copied().unwrap_or(self.end);
        let len = usize::try_from(end.checked_sub(offset)?).ok()?;
        (len <= MAX_SIZE).then_some(())?;
        let mut bytes = vec![0; len];
        read_at(&self.file, &mut bytes, offset).ok()?;
        let (code, size, mut at) = head(&bytes)?;
        let stored = match code {
            6 => {
                let (back, used) = base_distance(&bytes[at..])?;
                at += used;
                Stored::Offset(offset.checked_sub(back).filter(|_| back > 0)?)
            }
            7 => {
                let id = bytes.get(at..at + 20)?.try_into().ok()?;
                at += 20;
                Stored::Ref(id)
            }
            code => Stored::Whole(Kind::of(code)?),
        };
        bytes.drain(..at);
        Some(Entry {
            stored,
            size,
            data: bytes,
        })
    }
}

/// `bytes.len()` bytes of `file` from `offset`, in one call where the system has one.
#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(not(unix))]
fn read_at(mut file: &File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    file.seek(std::io::SeekFrom::Start(offset))?;
    file.read_exact(bytes)
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// An entry's type code, its inflated size, and where its data (or delta base) begins.
fn head(bytes: &[u8]) -> Option<(u8, usize, usize)> {
    let mut c = *bytes.first()?;
    let code = (c >> 4) & 7;
    let mut size = usize::from(c & 15);
    let (mut shift, mut at) = (4, 1);
    while c & 0x80 != 0 {
        c = *bytes.get(at)?;
        at += 1;
        (shift < 60).then_some(())?;
        size |= usize::from(c & 0x7f) << shift;
        shift += 7;
    }
    (size <= MAX_SIZE).then_some((code, size, at))
}

/// How far back an offset delta's base is, and the bytes that said so.
fn base_distance(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut c = *bytes.first()?;
    let mut back = u64::from(c & 0x7f);
    let mut at = 1;
    while c & 0x80 != 0 {
        c = *bytes.get(at)?;
        at += 1;
        back = back.checked_add(1)?.checked_mul(128)? | u64::from(c & 0x7f);
    }
    Some((back, at))
}

/// The first `limit` bytes (or all, if fewer) of the `size` bytes that zlib data `data`
/// inflates to; `None` if it does not inflate to `size` bytes. `z` is reused (its state is
/// tens of kilobytes, and a cold read inflates some 30,000 objects and deltas).
pub(super) fn inflate(
    z: &mut flate2::Decompress,
    data: &[u8],
    size: usize,
    limit: usize,
) -> Option<Vec<u8>> {
    let want = size.min(limit);
    let mut out = vec![0; want];
    z.reset(true);
    loop {
        let (read, written) = (z.total_in() as usize, z.total_out() as usize);
        if written == want {
            break;
        }
        let status = z
            .decompress(
                &data[read.min(data.len())..],
                &mut out[written..],
                flate2::FlushDecompress::None,
            )
            .ok()?;
        let stalled = z.total_in() as usize == read && z.total_out() as usize == written;
        if status == flate2::Status::StreamEnd || stalled {
            break;
        }
    }
    (z.total_out() as usize == want).then_some(out)
}

/// A delta's two sizes (of its base and of its result), and where its instructions begin.
fn delta_sizes(delta: &[u8]) -> Option<(usize, usize, usize)> {
    let mut at = 0;
    let mut size = || {
        let (mut n, mut shift) = (0usize, 0);
        loop {
            let c = *delta.get(at)?;
            at += 1;
            (shift < 60).then_some(())?;
            n |= usize::from(c & 0x7f) << shift;
            shift += 7;
            if c & 0x80 == 0 {
                return (n <= MAX_SIZE).then_some(n);
            }
        }
    };
    let base = size()?;
    let result = size()?;
    Some((base, result, at))
}

/// One instruction of a delta: copy `len` bytes of the base from `from`, or insert the
/// delta's bytes `from..from + len`.
enum Step {
    Copy { from: usize, len: usize },
    Insert { from: usize, len: usize },
}

/// The instructions of `delta`, from `at`.
fn steps(delta: &[u8], mut at: usize) -> impl Iterator<Item = Option<Step>> + '_ {
    std::iter::from_fn(move || {
        let c = *delta.get(at)?;
        at += 1;
        if c & 0x80 == 0 {
            let len = usize::from(c);
            let from = at;
            at += len;
            let fits = len > 0 && at <= delta.len();
            return Some(fits.then_some(Step::Insert { from, len }));
        }
        let mut field = |bits: u8, bytes: usize| {
            let mut n = 0usize;
            for i in 0..bytes {
                if c & (bits << i) != 0 {
                    n |= usize::from(*delta.get(at)?) << (8 * i);
                    at += 1;
                }
            }
            Some(n)
        };
        let step = (field(0x01, 4), field(0x10, 3));
        Some(match step {
            (Some(from), Some(len)) => Some(Step::Copy {
                from,
                len: if len == 0 { 0x10000 } else { len },
            }),
            _ => None,
        })
    })
}

/// The size of what `delta` makes.
pub(super) fn result_size(delta: &[u8]) -> Option<usize> {
    delta_sizes(delta).map(|(_, result, _)| result)
}

/// How much of its base delta `delta` reads to make the first `limit` bytes of its result,
/// and the result's whole size.
pub(super) fn base_needed(delta: &[u8], limit: usize) -> Option<(usize, usize)> {
    let (base, result, at) = delta_sizes(delta)?;
    let (mut made, mut needed) = (0, 0);
    for step in steps(delta, at) {
        if made >= limit {
            break;
        }
        match step? {
            Step::Copy { from, len } => {
                // Only as much of the base as the part asked for takes.
                let used = len.min(limit - made);
                (from.checked_add(len)? <= base).then_some(())?;
                needed = needed.max(from + used);
                made += len;
            }
            Step::Insert { len, .. } => made += len,
        }
    }
    Some((needed, result))
}

/// The first `limit` bytes (or all) of what `delta` makes of `base`, which must hold at least
/// what [`base_needed`] said.
pub(super) fn apply(base: &[u8], delta: &[u8], limit: usize) -> Option<Vec<u8>> {
    let (_, result, at) = delta_sizes(delta)?;
    let want = result.min(limit);
    let mut out = Vec::with_capacity(want);
    let mut steps = steps(delta, at);
    let mut made = 0usize;
    while made < want {
        let (bytes, from, len) = match steps.next()?? {
            Step::Copy { from, len } => (base, from, len),
            Step::Insert { from, len } => (delta, from, len),
        };
        // Only the part asked for is made.
        let used = len.min(want - made);
        out.extend_from_slice(bytes.get(from..from + used)?);
        made += len;
    }
    // A whole object: its instructions end where it does.
    let whole = made == result && steps.next().is_none();
    (want < result || whole).then(|| {
        out.truncate(want);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A delta in git's form: the two sizes, then each step.
    fn delta(base: usize, steps: &[Step], inserts: &[&[u8]]) -> (Vec<u8>, usize) {
        let mut ops = Vec::new();
        let (mut made, mut text) = (0, inserts.iter());
        for step in steps {
            match *step {
                Step::Copy { from, len } => {
                    ops.push(0x80 | 0x01 | 0x02 | 0x04 | 0x08 | 0x10 | 0x20);
                    ops.extend_from_slice(&(from as u32).to_le_bytes());
                    ops.extend_from_slice(&(len as u32).to_le_bytes()[..2]);
                    made += len;
                }
                Step::Insert { len, .. } => {
                    let bytes = text.next().unwrap();
                    assert_eq!(bytes.len(), len);
                    ops.push(len as u8);
                    ops.extend_from_slice(bytes);
                    made += len;
                }
            }
        }
        let size = |mut n: usize, out: &mut Vec<u8>| loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            out.push(if n > 0 { low | 0x80 } else { low });
            if n == 0 {
                break;
            }
        };
        let mut out = Vec::new();
        size(base, &mut out);
        size(made, &mut out);
        out.extend_from_slice(&ops);
        (out, made)
    }

    const BASE: &[u8] = b"---\ntitle: a\nmilestones: []\n---\nThe body of the brief, long.\n";

    fn edit() -> (Vec<u8>, Vec<u8>) {
        let steps = [
            Step::Copy { from: 0, len: 11 },
            Step::Insert { from: 0, len: 1 },
            Step::Copy {
                from: 12,
                len: BASE.len() - 12,
            },
        ];
        let (d, _) = delta(BASE.len(), &steps, &[b"b"]);
        let mut want = BASE.to_vec();
        want[11] = b'b';
        (d, want)
    }

    #[test]
    fn a_delta_makes_its_object_or_the_first_part_of_it() {
        let (d, want) = edit();
        assert_eq!(apply(BASE, &d, usize::MAX).unwrap(), want);
        assert_eq!(result_size(&d), Some(want.len()));
        for limit in [0, 1, 11, 12, 13, 30, want.len()] {
            assert_eq!(apply(BASE, &d, limit).unwrap(), want[..limit], "{limit}");
            // Only as much of the base as the part takes.
            let (needed, _) = base_needed(&d, limit).unwrap();
            assert!(
                needed <= limit.max(12) && needed <= BASE.len(),
                "{limit}: {needed}"
            );
            assert_eq!(apply(&BASE[..needed], &d, limit).unwrap(), want[..limit]);
        }
    }

    #[test]
    fn a_damaged_delta_makes_nothing() {
        let (d, _) = edit();
        // Cut short anywhere, its copy beyond the base, an instruction 0.
        for cut in 0..d.len() {
            assert_eq!(apply(BASE, &d[..cut], usize::MAX), None, "cut at {cut}");
        }
        let (beyond, _) = delta(4, &[Step::Copy { from: 2, len: 3 }], &[]);
        assert_eq!(apply(b"abcd", &beyond, usize::MAX), None);
        assert_eq!(base_needed(&beyond, usize::MAX), None);
        let mut zero = d.clone();
        zero.insert(2, 0);
        assert_eq!(apply(BASE, &zero, usize::MAX), None);
        // More made than it says.
        let mut long = d.clone();
        long.extend_from_slice(&[1, b'x']);
        assert_eq!(apply(BASE, &long, usize::MAX), None);
    }

    #[test]
    fn inflate_gives_the_size_asked_or_nothing() {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(BASE).unwrap();
        let data = e.finish().unwrap();
        let mut z = flate2::Decompress::new(true);
        assert_eq!(
            inflate(&mut z, &data, BASE.len(), usize::MAX).unwrap(),
            BASE
        );
        assert_eq!(inflate(&mut z, &data, BASE.len(), 10).unwrap(), BASE[..10]);
        assert_eq!(inflate(&mut z, &data, BASE.len() + 1, usize::MAX), None);
        assert_eq!(
            inflate(&mut z, &data[..data.len() / 2], BASE.len(), usize::MAX),
            None
        );
        assert_eq!(inflate(&mut z, b"not zlib", 4, usize::MAX), None);
    }

    proptest::proptest! {
        /// Whatever the bytes, reading them as a delta or an entry's head never panics.
        #[test]
        fn any_bytes_as_a_delta_or_a_head(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
            limit in 0usize..80,
        ) {
            let _ = apply(BASE, &bytes, limit);
            let _ = base_needed(&bytes, limit);
            let _ = head(&bytes);
            let _ = base_distance(&bytes);
        }
    }
}
