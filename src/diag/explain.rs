//! The long explanation of each [`super::Code`]: its page in `docs/diagnostics.md` (English)
//! or `docs/diagnostics.zh.md` (Chinese), embedded in the binary for `briefing explain`.
//! A page starts at a line ``## `id` `` and runs to the next `## `.

/// The English pages.
pub(crate) const EN: &str = include_str!("../../docs/diagnostics.md");
/// The Chinese pages.
pub(crate) const ZH: &str = include_str!("../../docs/diagnostics.zh.md");

fn doc(chinese: bool) -> &'static str {
    if chinese { ZH } else { EN }
}

/// The page of the code `id`, without its heading, or `None` when no page has that id.
pub(crate) fn page(id: &str, chinese: bool) -> Option<&'static str> {
    let heading = format!("## `{id}`\n");
    let text = doc(chinese);
    let start = text.find(&heading)? + heading.len();
    let rest = &text[start..];
    let end = rest.find("\n## ").map_or(rest.len(), |i| i + 1);
    Some(rest[..end].trim())
}

/// The first line of the page of `id`: what the problem is, in a sentence.
pub(crate) fn summary(id: &str, chinese: bool) -> &'static str {
    let first = page(id, chinese)
        .and_then(|p| p.lines().next())
        .unwrap_or("");
    // `**error** · A brief names …`
    first.split_once(" · ").map_or(first, |(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn each_page_runs_to_the_next() {
        for chinese in [false, true] {
            for c in Code::ALL {
                let p = page(c.id(), chinese).unwrap();
                assert!(!p.contains("\n## "), "{}", c.id());
                let severities: &[&str] = if chinese {
                    &["**错误** · ", "**警告** · "]
                } else {
                    &["**error** · ", "**warning** · "]
                };
                assert!(
                    severities.iter().any(|s| p.starts_with(s)),
                    "{}: {p}",
                    c.id()
                );
                assert!(!summary(c.id(), chinese).is_empty());
            }
        }
        assert_eq!(page("no-such-code", false), None);
    }
}
