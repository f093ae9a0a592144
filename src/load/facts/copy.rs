//! The copy check: a brief is written in its editors' own words, so a run of
//! [`COPY_RUN`](super::COPY_RUN) characters or more of its title, summary or text (outside
//! quotation marks, title marks 《》 and block quotes, where a quotation is marked as one) that stands word for
//! word in its source is a warning, at its line.

use super::SourceText;
use super::text::{copied_run, fold};
use crate::diag::{Code, Diagnostic};
use crate::load::Article;

/// The brief's own words: (line in the file, text), quotations taken out.
fn own_words(a: &Article) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in a
        .text
        .lines()
        .enumerate()
        .take(a.body_line.saturating_sub(1))
    {
        for key in ["title:", "summary:"] {
            if let Some(v) = line.strip_prefix(key) {
                out.push((i + 1, unquoted(v)));
            }
        }
    }
    let body = a.text.get(a.body_start..).unwrap_or("");
    for (i, line) in body.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with('>') || t.starts_with('|') || t.starts_with("```") {
            continue;
        }
        out.push((a.body_line + i, unquoted(&plain(t))));
    }
    out
}

/// Markdown's marks taken out: `**`, link targets (`[text](target)` → text).
fn plain(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..at]);
        rest = rest[at + 2..].split_once(')').map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    out.replace(['*', '[', '#'], "")
}

/// `text` without what stands in quotation marks (“…”, 「…」, "…") or title marks (《…》: the
/// name of a plan or a standard is written as it is).
fn unquoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut straight = false;
    for c in text.chars() {
        match c {
            '“' | '「' | '『' | '《' => depth += 1,
            '”' | '」' | '』' | '》' => depth = depth.saturating_sub(1),
            '"' => straight = !straight,
            _ if depth == 0 && !straight => out.push(c),
            _ => {}
        }
    }
    out
}

pub(super) fn check(a: &Article, source: &SourceText) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (line, words) in own_words(a) {
        let own = fold(&words).0;
        if let Some((at, len)) = copied_run(&own, &source.folded, &source.windows) {
            let run: String = own[at..at + len].iter().collect();
            let run = crate::diag::visible(&run);
            out.push(
                Diagnostic::warning(
                    Code::CopiedText,
                    &a.file,
                    format!("{len} characters stand word for word in the source `{}`: “{run}”", source.key),
                )
                .at_line(line)
                .with_source(&a.text)
                .help("say it in the brief's own words; or, if the source's words matter, mark them as a quotation (“…”) and name who said them"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotations_and_link_targets_are_not_own_words() {
        assert_eq!(unquoted("他说“原话在此”，然后"), "他说，然后");
        assert_eq!(
            unquoted("获批的《某某规划（2023—2035年）》推动"),
            "获批的推动"
        );
        assert_eq!(
            plain("见[雄安快线](xiongan.md)的**进展**"),
            "见雄安快线的进展"
        );
    }
}
