//! Comparing a brief's words with its source's: both folded the same way (whitespace dropped,
//! full-width punctuation and letters as half-width), so that a quote copied from a page laid
//! out with line breaks, or typed with a Chinese input method, is still found.

use std::collections::HashMap;

/// `text` folded for comparison, with each folded character's position (in chars) in `text`.
pub(crate) fn fold(text: &str) -> (Vec<char>, Vec<usize>) {
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut at = Vec::with_capacity(text.len() / 3);
    for (i, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        let c = match c {
            // Full-width ASCII (，：；！？（）０-９Ａ-Ｚ) as its half-width self.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '、' => ',',
            '。' => '.',
            '“' | '”' | '「' | '」' => '"',
            '‘' | '’' => '\'',
            '—' | '–' => '-',
            '〜' => '~',
            c => c,
        };
        out.push(c);
        at.push(i);
    }
    (out, at)
}

/// Where `needle` stands in `hay` (both folded), if it does.
pub(crate) fn find(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The stretch of `hay` most like `needle`: where most of `needle`'s 3-character pieces fall
/// at one offset. For "did you mean": a quote with one character wrong, a word left out.
pub(crate) fn nearest(hay: &[char], needle: &[char]) -> Option<(usize, usize)> {
    const K: usize = 3;
    if needle.len() < K || hay.len() < K {
        return None;
    }
    let mut at: HashMap<&[char], Vec<usize>> = HashMap::new();
    for (i, w) in hay.windows(K).enumerate() {
        at.entry(w).or_default().push(i);
    }
    let mut votes: HashMap<isize, usize> = HashMap::new();
    for (j, w) in needle.windows(K).enumerate() {
        for &i in at.get(w).map(Vec::as_slice).unwrap_or(&[]) {
            *votes.entry(i as isize - j as isize).or_default() += 1;
        }
    }
    let (&offset, &count) = votes.iter().max_by_key(|(o, c)| (**c, -**o))?;
    // At least a third of the pieces: otherwise nothing there is like the quote.
    if count * 3 < needle.len().saturating_sub(K - 1) {
        return None;
    }
    let start = offset.max(0) as usize;
    let end = (offset + needle.len() as isize).clamp(0, hay.len() as isize) as usize;
    Some((start, end.max(start)))
}

/// The hash of a run of characters, for [`Windows`].
fn hash(run: &[char]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    run.hash(&mut h);
    h.finish()
}

/// Every run of `len` characters of a text, by hash: made once per source, so that the copy
/// check of each line of each brief is one lookup per character.
#[derive(Debug, Clone, Default)]
pub(crate) struct Windows {
    len: usize,
    hashes: rustc_hash::FxHashSet<u64>,
}

impl Windows {
    pub(crate) fn new(text: &[char], len: usize) -> Windows {
        Windows {
            len,
            hashes: text.windows(len.max(1)).map(hash).collect(),
        }
    }
}

/// The first run of at least `windows.len` folded characters of `own` found in `hay` (whose
/// [`Windows`] they are), grown as long as it stays in `hay`, as (start in `own`, length).
pub(crate) fn copied_run(own: &[char], hay: &[char], windows: &Windows) -> Option<(usize, usize)> {
    let min = windows.len;
    if min == 0 || own.len() < min {
        return None;
    }
    for i in 0..=own.len() - min {
        // A hash seen is confirmed in the text itself: two runs may share a hash.
        if windows.hashes.contains(&hash(&own[i..i + min])) && find(hay, &own[i..i + min]).is_some()
        {
            let mut len = min;
            while i + len < own.len() && find(hay, &own[i..i + len + 1]).is_some() {
                len += 1;
            }
            return Some((i, len));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Vec<char> {
        fold(s).0
    }

    #[test]
    fn quotes_are_found_across_line_breaks_and_punctuation_widths() {
        let page = f("联合制定深化京津冀大气\n\n污染联防联控工作的意见,连续8年开展");
        assert!(find(&page, &f("大气污染联防联控工作的意见，连续8年")).is_some());
        assert!(find(&page, &f("连续9年")).is_none());
    }

    #[test]
    fn the_nearest_stretch_is_found_for_a_misquote() {
        let page = f("集群营收达到4254亿元,现有规上企业1319家");
        let (s, e) = nearest(&page, &f("集群营收达到4245亿元")).unwrap();
        assert_eq!(
            page[s..e].iter().collect::<String>(),
            "集群营收达到4254亿元"
        );
    }

    #[test]
    fn a_copied_run_is_found_and_grown() {
        let page = f("甲乙丙丁戊己庚辛壬癸子丑寅卯辰");
        let own = f("我们说甲乙丙丁戊己庚辛，然后");
        let windows = Windows::new(&page, 5);
        let (at, len) = copied_run(&own, &page, &windows).unwrap();
        assert_eq!(
            own[at..at + len].iter().collect::<String>(),
            "甲乙丙丁戊己庚辛"
        );
        assert!(copied_run(&f("完全不同的文字内容"), &page, &windows).is_none());
    }
}
