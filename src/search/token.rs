//! The search tokenizer. `static/assets/search.js` has the same one, line for line in spirit:
//! the build indexes with this, the reader's browser queries with that, and a test runs both on
//! the same cases (tests/it/search.rs).
//!
//! Text becomes a sequence of *units*, each with a position:
//! - every CJK character (Han, kana, Hangul) is a unit of its own, so any Chinese substring is a
//!   run of consecutive units: matching needs no word segmentation and cannot disagree with it;
//! - so is every ASCII digit, and a `.` between two digits: a number is found inside a longer
//!   one, as Chinese is (`4254` in `14254` and in `4254.5`; `996.1` in `4996.1`), and a decimal
//!   only where its point stands (`425.4` is not `4254`);
//! - every run of other letters is one unit, lowercased: `pm` `2` `.` `5` for `PM2.5`;
//! - full-width ASCII (`４２５４`, `ＰＭ２.５`) is read as its ASCII twin;
//! - anything else (spaces, punctuation, line breaks) separates units and leaves a gap of one
//!   position, so `京津，冀` does not contain `津冀`.
//!
//! An index in English ([`Tongue::English`]) reads two things otherwise: white space between
//! two units leaves no gap (words in a row are a phrase, as characters are in Chinese), and each
//! word is cut to its stem ([`stem`]: `railways` and `railway`, `planned` and `plan`, are one
//! unit).

#[cfg(any(test, feature = "testing"))]
/// One unit of text: its lowercased text, its position, and where it stands in the input
/// (byte offsets, for marking matches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    pub text: String,
    pub pos: u32,
    pub start: usize,
    pub end: usize,
}

/// How an index reads words: as they are (Chinese, and every site not in English), or in
/// English (phrases across spaces, words by their stems).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Tongue {
    #[default]
    Plain,
    English,
}

impl Tongue {
    /// The tongue of a site in `language` (a BCP 47 tag).
    pub(crate) fn of(language: &str) -> Tongue {
        let primary = language.split(['-', '_']).next().unwrap_or("");
        match primary.eq_ignore_ascii_case("en") {
            true => Tongue::English,
            false => Tongue::Plain,
        }
    }
}

/// A light English stemmer, the same as the search script's: plurals (`railways`, `policies`,
/// `classes`) and `-ing`, `-ed` (a doubled last consonant undone: `planned`, `running`) come
/// off a lowercase ASCII word of four letters or more, leaving at least three with a vowel.
/// Other words are left as they are.
pub(crate) fn stem(word: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(word);
    }
    let mut s = word.to_string();
    if s.ends_with("ies") && s.len() > 4 {
        s.truncate(s.len() - 3);
        s.push('y');
    } else if s.ends_with("sses") {
        s.truncate(s.len() - 2);
    } else if s.ends_with('s') && !s.ends_with("ss") && !s.ends_with("us") && !s.ends_with("is") {
        s.pop();
    }
    for suffix in ["ing", "ed"] {
        let rest = s.len().saturating_sub(suffix.len());
        if s.ends_with(suffix) && rest >= 3 && s[..rest].bytes().any(is_vowel) {
            s.truncate(rest);
            let b = s.as_bytes();
            let n = b.len();
            if b[n - 1] == b[n - 2] && !is_vowel(b[n - 1]) && !b"lsz".contains(&b[n - 1]) {
                s.pop();
            }
            break;
        }
    }
    Cow::Owned(s)
}

fn is_vowel(b: u8) -> bool {
    b"aeiouy".contains(&b)
}

/// Full-width ASCII to ASCII; the ideographic space to a space.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// A character that is a unit on its own wherever it stands (a `.` is one between digits).
pub(crate) fn stands_alone(c: char) -> bool {
    is_cjk(c) || c.is_ascii_digit()
}

/// A CJK character.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // hiragana, katakana
        | 0x3400..=0x4DBF    // Han extension A
        | 0x4E00..=0x9FFF    // Han
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // Han compatibility
        | 0x20000..=0x3134F) // Han extensions B–G
}

fn is_word(c: char) -> bool {
    crate::text::is_alphanumeric(c)
}

/// A unit as the indexer sees it: a character that stands alone (see [`stands_alone`]; a
/// decimal point too), or a lowercased word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Char(char),
    Word(&'a str),
}

#[cfg(any(test, feature = "testing"))]
/// The units of `text`, positions counted from 0.
pub(crate) fn tokenize(text: &str) -> Vec<Unit> {
    tokenize_as(text, Tongue::Plain)
}

#[cfg(any(test, feature = "testing"))]
/// The units of `text` as an index in `tongue` reads it.
pub(crate) fn tokenize_as(text: &str, tongue: Tongue) -> Vec<Unit> {
    let mut units = Vec::new();
    scan_as(text, tongue, |piece, pos, start, end| {
        let text = match piece {
            Piece::Char(c) => c.to_string(),
            Piece::Word(w) => w.to_string(),
        };
        units.push(Unit {
            text,
            pos,
            start,
            end,
        });
    });
    units
}

/// Call `emit(piece, position, start, end)` for each unit of `text`, in order, as an index
/// in `tongue` reads it.
pub(crate) fn scan_as(text: &str, tongue: Tongue, emit: impl FnMut(Piece, u32, usize, usize)) {
    // Made twice by the compiler: the plain scan pays nothing for English.
    match tongue {
        Tongue::Plain => scan_in::<false>(text, emit),
        Tongue::English => scan_in::<true>(text, emit),
    }
}

fn scan_in<const ENGLISH: bool>(text: &str, mut emit: impl FnMut(Piece, u32, usize, usize)) {
    // A word's lowercased text, made in one buffer reused for every word.
    let mut run = String::new();
    let mut chars = text.char_indices().map(|(i, c)| (i, fold(c))).peekable();
    let mut any = false;
    let mut pos: u32 = 0;
    let mut gap = false;
    let mut before = ' ';
    while let Some((start, c)) = chars.next() {
        let prev = std::mem::replace(&mut before, c);
        let word = if stands_alone(c) || is_point(prev, c, chars.peek().map(|&(_, n)| n)) {
            false
        } else if is_word(c) {
            run.clear();
            run.extend(c.to_lowercase());
            while let Some(&(_, d)) = chars.peek() {
                if !is_word(d) || stands_alone(d) {
                    break;
                }
                run.extend(d.to_lowercase());
                before = d;
                chars.next();
            }
            true
        } else {
            // In English, white space joins the words of a phrase; punctuation still parts.
            gap |= any && !(ENGLISH && c.is_whitespace());
            continue;
        };
        if gap {
            pos += 1;
            gap = false;
        }
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        let stemmed = (ENGLISH && word).then(|| stem(&run).into_owned());
        let unit = match (&stemmed, word) {
            (Some(s), _) => Piece::Word(s),
            (None, true) => Piece::Word(&run),
            (None, false) => Piece::Char(c),
        };
        emit(unit, pos, start, end);
        any = true;
        pos += 1;
    }
}

#[cfg(any(test, feature = "testing"))]
/// The character of a one-character unit that is a character unit (CJK, a digit, a decimal
/// point), as opposed to a one-letter word.
pub(crate) fn char_unit(unit: &str) -> Option<char> {
    let mut chars = unit.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if stands_alone(c) || c == '.' => Some(c),
        _ => None,
    }
}

/// A `.` between two ASCII digits: a decimal point, a unit of its own.
fn is_point(before: char, c: char, next: Option<char>) -> bool {
    c == '.' && before.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit())
}

#[cfg(any(test, feature = "testing"))]
/// A query: its terms (split at white space), each cut at gaps into runs of units that must
/// stand together. A brief matches when it has every run.
pub(crate) fn query_runs(query: &str) -> Vec<Vec<String>> {
    query_runs_as(query, Tongue::Plain)
}

#[cfg(any(test, feature = "testing"))]
/// [`query_runs`] for an index in `tongue`. In English, words in quotes (`"new area"`,
/// `“new area”`) are a phrase, one run; other words are runs of their own.
pub(crate) fn query_runs_as(query: &str, tongue: Tongue) -> Vec<Vec<String>> {
    if tongue == Tongue::Plain {
        return runs_of(query, tongue);
    }
    let mut runs = Vec::new();
    for (i, part) in query.split(['"', '“', '”']).enumerate() {
        match i % 2 {
            1 => runs.extend(runs_of(part, tongue)),
            _ => {
                for word in part.split_whitespace() {
                    runs.extend(runs_of(word, tongue));
                }
            }
        }
    }
    runs
}

#[cfg(any(test, feature = "testing"))]
/// The units of `query` cut at gaps.
fn runs_of(query: &str, tongue: Tongue) -> Vec<Vec<String>> {
    let mut runs: Vec<Vec<String>> = Vec::new();
    let mut last: Option<u32> = None;
    for u in tokenize_as(query, tongue) {
        if last.is_none_or(|p| u.pos != p + 1) {
            runs.push(Vec::new());
        }
        last = Some(u.pos);
        if let Some(run) = runs.last_mut() {
            run.push(u.text);
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units as `text@pos`, space-separated.
    fn show(text: &str) -> String {
        tokenize(text)
            .iter()
            .map(|u| format!("{}@{}", u.text, u.pos))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn units_and_positions() {
        let cases = [
            ("雄安新区", "雄@0 安@1 新@2 区@3"),
            ("京津，冀", "京@0 津@1 冀@3"),
            ("PM2.5浓度", "pm@0 2@1 .@2 5@3 浓@4 度@5"),
            ("营收96.1亿元", "营@0 收@1 9@2 6@3 .@4 1@5 亿@6 元@7"),
            ("54 5.4", "5@0 4@1 5@3 .@4 4@5"),
            ("G7国", "g@0 7@1 国@2"),
            ("a1b", "a@0 1@1 b@2"),
            ("版本 2.", "版@0 本@1 2@3"),
            (".5 和 5.", "5@0 和@2 5@4"),
            ("ＰＭ２．５ ４２", "pm@0 2@1 .@2 5@3 4@5 2@6"),
            ("Hello, World!", "hello@0 world@2"),
            ("  前后空白  ", "前@0 后@1 空@2 白@3"),
            ("B-2", "b@0 2@2"),
            ("1.2.3", "1@0 .@1 2@2 .@3 3@4"),
            ("1..2", "1@0 2@2"),
            ("Café ŠKODA", "café@0 škoda@2"),
            (
                "ひらがなカタカナ",
                "ひ@0 ら@1 が@2 な@3 カ@4 タ@5 カ@6 ナ@7",
            ),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(show(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn units_know_where_they_stand() {
        let text = "京雄 PM2.5";
        let u = tokenize(text);
        assert_eq!(&text[u[1].start..u[1].end], "雄");
        assert_eq!(&text[u[2].start..u[2].end], "PM");
        assert_eq!(&text[u[4].start..u[4].end], ".");
    }

    #[test]
    fn english_reads_phrases_across_spaces_and_words_by_their_stems() {
        let show = |text: &str| {
            tokenize_as(text, Tongue::English)
                .iter()
                .map(|u| format!("{}@{}", u.text, u.pos))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            show("Railways of Xiong'an New Area"),
            "railway@0 of@1 xiong@2 an@4 new@5 area@6"
        );
        assert_eq!(show("planned, running; policies"), "plan@0 run@2 policy@4");
        for (word, stemmed) in [
            ("railways", "railway"),
            ("railway", "railway"),
            ("buildings", "build"),
            ("classes", "class"),
            ("developed", "develop"),
            ("falling", "fall"),
            ("bus", "bus"),
            ("analysis", "analysis"),
            ("used", "used"),
            ("café", "café"),
        ] {
            assert_eq!(stem(word), stemmed, "{word}");
        }
        let runs = |q: &str| query_runs_as(q, Tongue::English);
        assert_eq!(
            runs("railways Xiong'an"),
            [vec!["railway"], vec!["xiong"], vec!["an"]]
        );
        assert_eq!(
            runs("\"new area\" plans"),
            [vec!["new", "area"], vec!["plan"]]
        );
        assert_eq!(runs("“New Areas”"), [vec!["new", "area"]]);
        assert_eq!(query_runs("new area"), [vec!["new"], vec!["area"]]);
    }

    #[test]
    fn queries_are_runs_of_units() {
        let runs = |q: &str| query_runs(q);
        assert_eq!(runs("雄安新区"), [["雄", "安", "新", "区"]]);
        assert_eq!(runs("京雄 42"), vec![vec!["京", "雄"], vec!["4", "2"]]);
        assert_eq!(runs("生态·补偿"), vec![vec!["生", "态"], vec!["补", "偿"]]);
        assert!(runs(" ，。 ").is_empty());
    }
}
