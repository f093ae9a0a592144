//! One content file from bytes to an [`Article`]: UTF-8, the `---` front matter split from the
//! body, YAML parsed, every field checked.

use crate::diag::{Code, Diagnostic};
use crate::load::LoadError;
use crate::load::article::{Article, read_fields};
use crate::load::config::Config;
use crate::load::fields::{Fields, expect_map};
use crate::load::yaml;

/// Decode UTF-8, or say where the first bad byte is.
fn decode(rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Code::FileTooLarge,
            rel,
            format!(
                "the file is {} KB; a brief may be at most {} KB",
                bytes.len() / 1024,
                MAX_FILE_BYTES / 1024
            ),
        )
        .help("split it into several briefs, or move large tables and data into linked files"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let last_line = good.rsplit(|&b| b == b'\n').next().unwrap_or(good);
        let col = String::from_utf8_lossy(last_line).chars().count() + 1;
        Diagnostic::error(Code::NotUtf8, rel, "the file is not valid UTF-8 text")
            .at(line, col)
            .help("save the file with UTF-8 encoding (in most editors: Save As → Encoding → UTF-8); GBK/GB2312 files must be converted")
    })?;
    control_characters(rel, &text)?;
    Ok(text)
}

/// The largest content file read (2 MiB: a brief is a few KB).
pub(crate) const MAX_FILE_BYTES: usize = 2 << 20;

/// A control character other than tab and line breaks (a form feed pasted from a PDF, a NUL)
/// is an error: no web page, feed or sitemap may carry it.
pub(crate) fn control_characters(rel: &str, text: &str) -> Result<(), Diagnostic> {
    if !may_have_control(text.as_bytes()) {
        return Ok(());
    }
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let Some((offset, c)) = text.char_indices().find(|&(_, c)| bad(c)) else {
        return Ok(());
    };
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let more = text[offset..].chars().filter(|&c| bad(c)).count() - 1;
    let also = if more > 0 {
        format!(" (and {more} more in this file)")
    } else {
        String::new()
    };
    Err(Diagnostic::error(
        Code::ControlCharacter,
        rel,
        format!(
            "the file contains the control character U+{:04X}{also}, which web pages and feeds cannot carry",
            c as u32
        ),
    )
    .at(line, col)
    .with_source(text)
    .help("delete it (it is invisible in most editors; text pasted from PDF or Word often brings a form feed U+000C along)"))
}

/// Whether `bytes` (UTF-8) may hold a control character: a byte below 0x20 other than tab and
/// line breaks, DEL, or 0xC2, which starts U+0080 to U+009F (and other Latin-1 letters, so
/// this only tells where to look closer). Whole blocks at a time, which compiles to vector
/// code: almost every file has none.
fn may_have_control(bytes: &[u8]) -> bool {
    let odd = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7f) | (b == 0xc2);
    bytes
        .chunks(64)
        .any(|block| block.iter().fold(false, |any, &b| any | odd(b)))
}

/// The front matter and the body of a file, with the line each starts on.
pub(crate) struct Split<'a> {
    pub front: &'a str,
    pub front_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// A line of dashes that is not `---`: `———` or `－－－` as a Chinese input method types them.
fn looks_like_a_fence(line: &str) -> bool {
    let line = line.trim();
    line != "---"
        && line.chars().count() >= 2
        && line
            .chars()
            .all(|c| matches!(c, '-' | '—' | '–' | '―' | '－' | '─' | 'ー' | '一'))
        && line.chars().any(|c| c != '-' && c != '一')
}

fn not_a_fence(rel: &str, text: &str, line: usize, l: &str) -> Diagnostic {
    Diagnostic::error(
        Code::BadFence,
        rel,
        format!(
            "`{}` is not `---`: front matter begins and ends with three ASCII hyphens",
            l.trim()
        ),
    )
    .at(line, 1)
    .with_source(text)
    .help("replace the line with `---` (type it with the input method in English mode)")
}

/// Split `---` front matter from the body.
pub(crate) fn split_front_matter<'a>(rel: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text_nobom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text_nobom.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        if looks_like_a_fence(first) {
            return Err(not_a_fence(rel, text, 1, first));
        }
        return Err(Diagnostic::error(Code::NoFrontMatter, rel, "the file does not start with front matter")
            .at(1, 1)
            .with_source(text)
            .help("begin the file with a line `---`, the fields (title, date, domains …), then another `---`"));
    }
    let start = text.len() - text_nobom.len() + first.len() + 1;
    let mut offset = start.min(text.len());
    for (line, l) in (2..).zip(text[offset..].split_inclusive('\n')) {
        if l.trim_end() == "---" {
            let front = &text[start.min(text.len())..offset];
            let body_start = offset + l.len();
            return Ok(Split {
                front,
                front_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    if let Some((line, l)) = (1..)
        .zip(text.lines())
        .skip(1)
        .find(|(_, l)| looks_like_a_fence(l))
    {
        return Err(not_a_fence(rel, text, line, l));
    }
    Err(Diagnostic::error(
        Code::UnclosedFrontMatter,
        rel,
        "the front matter is never closed",
    )
    .at(1, 1)
    .with_source(text)
    .help("add a line `---` after the last field, before the article text"))
}

/// Check one file completely.
pub(crate) fn parse_file(
    rel: &str,
    stem: &str,
    bytes: Vec<u8>,
    config: &Config,
) -> Result<Article, LoadError> {
    let text = decode(rel, bytes).map_err(|d| LoadError::from(vec![d]))?;
    let split = split_front_matter(rel, &text).map_err(|d| LoadError::from(vec![d]))?;
    let offset = split.front_line - 1;
    let value = yaml::parse(split.front, offset).map_err(|e| {
        LoadError::from(vec![
            Diagnostic::error(
                Code::YamlSyntax,
                rel,
                format!("YAML syntax error in the front matter: {}", e.message),
            )
            .at(e.line, e.col)
            .with_source(&text),
        ])
    })?;
    let entries = expect_map(rel, &text, split.front_line, value, "the front matter")
        .map_err(|d| LoadError::from(vec![d]))?;
    let (front, body_line) = (split.front, split.body_line);
    let body_start = text.len() - split.body.len();
    let mut f = Fields::new(rel, &text, front, offset, entries);
    let mut article = read_fields(&mut f, stem, config, body_start, body_line);
    let diags = std::mem::take(&mut f.diags);
    drop(f);
    article.text = text;
    if diags.is_empty() {
        Ok(article)
    } else {
        Err(LoadError {
            diags,
            partial: Some(Box::new(article)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{control_characters, split_front_matter};

    #[test]
    fn a_fence_of_chinese_dashes_is_named_where_it_stands() {
        let at = |text: &str| {
            let d = split_front_matter("a.md", text).err().unwrap();
            (d.line, d.message)
        };
        let (line, msg) = at("－－－\ntitle: 甲\n---\n");
        assert_eq!(line, Some(1));
        assert!(msg.starts_with("`－－－` is not `---`"), "{msg}");
        let (line, msg) = at("---\ntitle: 甲\n——\n正文\n");
        assert_eq!(line, Some(3));
        assert!(msg.starts_with("`——` is not `---`"), "{msg}");
        // A line of 一 is text; a closed front matter leaves the body's dashes alone.
        assert_eq!(
            at("---\ntitle: 甲\n一一\n").1,
            "the front matter is never closed"
        );
        assert!(split_front_matter("a.md", "---\ntitle: 甲\n---\n——\n").is_ok());
    }

    #[test]
    fn control_characters_are_found_anywhere_and_nothing_else_is() {
        let long = "甲".repeat(40);
        for (text, bad) in [
            (format!("{long}\u{85}{long}"), Some("U+0085")),
            (format!("{long}\u{7f}"), Some("U+007F")),
            (format!("\u{1b}{long}"), Some("U+001B")),
            (format!("© ½ ·\t{long}\r\n{long}\n"), None),
        ] {
            let got = control_characters("a.md", &text).err().map(|d| d.message);
            match bad {
                Some(code) => assert!(got.as_deref().is_some_and(|m| m.contains(code)), "{got:?}"),
                None => assert_eq!(got, None),
            }
        }
    }
}
