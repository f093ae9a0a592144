//! Where keys and values stand in a YAML text, so that checks made on the parsed tree can
//! point at a line and column. serde_yaml's values carry no positions; this reads the text.

use std::cell::RefCell;

/// Finds where keys and values stand in a YAML text, so that checks made on the [`crate::load::yaml::Yaml`] tree
/// can point at a line and column. Lines and columns are 1-based and relative to the text
/// given; callers add the offset of the text within its file.
pub(crate) struct Locator<'a> {
    lines: Vec<&'a str>,
    /// The item start lines of the last block list asked about: callers go through a list's
    /// items one by one, and finding the starts again for each item would take time growing
    /// with the square of the list's length.
    items: RefCell<Option<(Lines, Vec<usize>)>>,
}

/// A range of lines (1-based, inclusive start, exclusive end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lines {
    pub start: usize,
    pub end: usize,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Locator {
            lines: text.lines().collect(),
            items: RefCell::new(None),
        }
    }

    /// Line `index` (0-based) of the text.
    pub(crate) fn line(&self, index: usize) -> Option<&'a str> {
        self.lines.get(index).copied()
    }

    fn indent(line: &str) -> usize {
        line.len() - line.trim_start().len()
    }

    fn is_key_line(line: &str, key: &str) -> bool {
        let t = line.trim_start().trim_start_matches("- ");
        let t = t.trim_start();
        let unquoted = t.strip_prefix(key);
        let quoted = t
            .strip_prefix('"')
            .and_then(|r| r.strip_prefix(key))
            .and_then(|r| r.strip_prefix('"'))
            .or_else(|| {
                t.strip_prefix('\'')
                    .and_then(|r| r.strip_prefix(key))
                    .and_then(|r| r.strip_prefix('\''))
            });
        unquoted
            .or(quoted)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    }

    /// The line of a top-level `key:` and the lines its value spans.
    pub(crate) fn top_key(&self, key: &str) -> Option<(usize, Lines)> {
        let idx = self
            .lines
            .iter()
            .position(|l| Self::indent(l) == 0 && Self::is_key_line(l, key))?;
        let end = self.lines[idx + 1..]
            .iter()
            .position(|l| {
                let t = l.trim_start();
                Self::indent(l) == 0 && !t.is_empty() && !t.starts_with('#') && !t.starts_with('-')
            })
            .map(|p| idx + 1 + p)
            .unwrap_or(self.lines.len());
        Some((
            idx + 1,
            Lines {
                start: idx + 1,
                end: end + 1,
            },
        ))
    }

    /// The lines of item `index` (0-based) of a block list within `within`.
    pub(crate) fn list_item(&self, within: Lines, index: usize) -> Option<Lines> {
        let mut cache = self.items.borrow_mut();
        let starts = match &*cache {
            Some((lines, starts)) if *lines == within => starts,
            _ => &cache.insert((within, self.item_starts(within))).1,
        };
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).copied().unwrap_or(within.end);
        Some(Lines { start, end })
    }

    /// The first line of each item of a block list within `within`.
    fn item_starts(&self, within: Lines) -> Vec<usize> {
        let slice = |l: usize| self.lines.get(l - 1).copied().unwrap_or("");
        let mut starts = Vec::new();
        let mut item_indent = None;
        for ln in within.start + 1..within.end {
            let l = slice(ln);
            if l.trim_start().starts_with("- ") || l.trim() == "-" {
                let ind = Self::indent(l);
                if item_indent.is_none() {
                    item_indent = Some(ind);
                }
                if Some(ind) == item_indent {
                    starts.push(ln);
                }
            }
        }
        starts
    }

    /// Where `key:` stands within `within`: (line, column, the lines of its value). A key at
    /// the start of a line is preferred; otherwise one inside a `{key: value, …}` mapping.
    pub(crate) fn key_in(&self, within: Lines, key: &str) -> Option<(usize, usize, Lines)> {
        for ln in within.start..within.end {
            let l = self.lines.get(ln - 1)?;
            if Self::is_key_line(l, key) {
                let col = l.find(key).map(|b| l[..b].chars().count() + 1).unwrap_or(1);
                let lines = Lines {
                    start: ln,
                    end: (ln + 1).max(self.next_sibling(ln, within.end)),
                };
                return Some((ln, col, lines));
            }
        }
        for ln in within.start..within.end {
            let l = self.lines.get(ln - 1)?;
            for lead in ['{', ',', ' '] {
                if let Some(b) = l
                    .find(&format!("{lead}{key}:"))
                    .or_else(|| l.find(&format!("{lead} {key}:")))
                {
                    let at = b + l[b..].find(key).unwrap_or(0);
                    let col = l[..at].chars().count() + 1;
                    return Some((
                        ln,
                        col,
                        Lines {
                            start: ln,
                            end: ln + 1,
                        },
                    ));
                }
            }
        }
        None
    }

    fn next_sibling(&self, line: usize, limit: usize) -> usize {
        let base = Self::indent(self.lines[line - 1].trim_start_matches("- "));
        let key_indent = {
            let l = self.lines[line - 1];
            let t = l.trim_start();
            if let Some(rest) = t.strip_prefix("- ") {
                Self::indent(l) + 2 + (rest.len() - rest.trim_start().len())
            } else {
                base
            }
        };
        for ln in line + 1..limit {
            let l = self.lines[ln - 1];
            if !l.trim().is_empty()
                && Self::indent(l) <= key_indent
                && !l.trim_start().starts_with('#')
            {
                let is_list_cont =
                    l.trim_start().starts_with("- ") && Self::indent(l) == key_indent;
                if !is_list_cont {
                    return ln;
                }
            }
        }
        limit
    }

    /// Where the value `needle` stands within `within`, as (line, column), after the key on
    /// the first line. A whole token is preferred (so in `[ecology, eco]` the value `eco` is
    /// the second item, not the start of `ecology`); failing that, the first occurrence.
    pub(crate) fn find(&self, within: Lines, needle: &str) -> Option<(usize, usize)> {
        if needle.is_empty() {
            return None;
        }
        self.find_where(within, needle, true)
            .or_else(|| self.find_where(within, needle, false))
    }

    /// Every place `needle` stands as a whole token within lines `within`, in order.
    pub(crate) fn find_all(&self, within: Lines, needle: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for ln in within.start..within.end {
            let Some(l) = self.lines.get(ln.wrapping_sub(1)) else {
                break;
            };
            let from = match ln == within.start {
                true => l.find(':').map_or(0, |i| i + 1),
                false => 0,
            };
            for (b, _) in l[from..].match_indices(needle) {
                let byte = from + b;
                let before = l[..byte].chars().next_back();
                let after = l[byte + needle.len()..].chars().next();
                if !needle.is_empty() && token_start(before) && token_end(after) {
                    out.push((ln, l[..byte].chars().count() + 1));
                }
            }
        }
        out
    }

    fn find_where(&self, within: Lines, needle: &str, whole: bool) -> Option<(usize, usize)> {
        for ln in within.start..within.end {
            let l = self.lines.get(ln.wrapping_sub(1))?;
            let from = if ln == within.start {
                l.find(':').map(|i| i + 1).unwrap_or(0)
            } else {
                0
            };
            for (b, _) in l[from..].match_indices(needle) {
                let byte = from + b;
                let before = l[..byte].chars().next_back();
                let after = l[byte + needle.len()..].chars().next();
                if !whole || (token_start(before) && token_end(after)) {
                    return Some((ln, l[..byte].chars().count() + 1));
                }
            }
        }
        None
    }

    /// The column (1-based) of the first non-blank character on `line`.
    pub(crate) fn first_col(&self, line: usize) -> usize {
        self.lines
            .get(line.wrapping_sub(1))
            .map(|l| Self::indent(l) + 1)
            .unwrap_or(1)
    }
}

/// Whether a value may start after `c`: the start of the line, a space, a quote or a flow
/// delimiter.
fn token_start(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || matches!(c, '[' | '{' | ',' | ':' | '"' | '\''))
}

/// Whether a value may end before `c`: the end of the line, a space, a quote, a comment or a
/// flow delimiter.
fn token_end(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || matches!(c, ']' | '}' | ',' | '"' | '\'' | '#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_finds_keys_items_and_values() {
        let text = "title: x\nmilestones:\n  - date: 2026-H1\n    title: a\n  - date: 2026-H3\n    title: b\ntags: [a, b]\n";
        let loc = Locator::new(text);
        let (line, range) = loc.top_key("milestones").unwrap();
        assert_eq!(line, 2);
        let item = loc.list_item(range, 1).unwrap();
        assert_eq!(item.start, 5);
        let (dl, dc, drange) = loc.key_in(item, "date").unwrap();
        assert_eq!((dl, dc), (5, 5));
        let flow = Locator::new("figures:\n  - {label: 营收, value: [1]}\n");
        let (_, figs) = flow.top_key("figures").unwrap();
        let item = flow.list_item(figs, 0).unwrap();
        assert_eq!(
            flow.key_in(item, "value").map(|(l, c, _)| (l, c)),
            Some((2, 17))
        );
        assert_eq!(loc.find(drange, "2026-H3"), Some((5, 11)));
        let (_, tags) = loc.top_key("tags").unwrap();
        assert_eq!(loc.find(tags, "b"), Some((7, 11)));
    }

    #[test]
    fn values_are_found_at_token_boundaries() {
        let loc = Locator::new(
            "domains: [ecology, eco]\ntags:\n  - 生态补偿\n  - 生态\ntitle: \"eco\"\n",
        );
        let (_, domains) = loc.top_key("domains").unwrap();
        assert_eq!(loc.find(domains, "eco"), Some((1, 20)));
        assert_eq!(loc.find(domains, "ecology"), Some((1, 11)));
        let (_, tags) = loc.top_key("tags").unwrap();
        assert_eq!(loc.find(tags, "生态"), Some((4, 5)));
        let (_, title) = loc.top_key("title").unwrap();
        assert_eq!(loc.find(title, "eco"), Some((5, 9)));
        // Not a whole token anywhere: the first occurrence is still better than nothing.
        assert_eq!(loc.find(domains, "colo"), Some((1, 12)));
    }
}
