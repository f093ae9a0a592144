//! One content file from bytes to an [`Article`]: UTF-8, the `---` front matter split from the
//! body, YAML parsed, every field checked.

use crate::diag::{Code, Diagnostic};
use crate::load::LoadError;
use crate::load::article::{Article, read_fields};
use crate::load::config::Config;
use crate::load::fields::{Fields, expect_map};
use crate::load::source::decode;
use crate::load::yaml;

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
    let value = yaml::parse(split.front, offset)
        .map_err(|e| LoadError::from(vec![e.diagnostic(rel, &text, " in the front matter")]))?;
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
    use super::split_front_matter;

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
}
