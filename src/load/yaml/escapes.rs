//! Control characters written as YAML escapes (`"\f"`, `"\x01"`, `"\e"`, `"\u001B"`): typed
//! raw they are refused with the file ([`crate::load::source`]); written as escapes they
//! reach the parsed values, and from there feeds (invalid XML), terminals and CI logs. A
//! value may hold line breaks and tabs; any other control character is refused.

use super::Yaml;

/// Whether `c` may not stand in a value.
pub(super) fn refused(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t')
}

/// The first refused character of `text`. Bytes first: almost no text has a byte that can
/// start one (below 0x20 but tab and line feed, DEL, or 0xC2, which starts U+0080–U+009F).
fn first_of(text: &str) -> Option<char> {
    if !crate::load::source::may_have(text.as_bytes(), false) {
        return None;
    }
    text.chars().find(|&c| refused(c))
}

/// The first refused character in any text of `value` (keys and values).
pub(super) fn first_in(value: &Yaml) -> Option<char> {
    match value {
        Yaml::Str(s) => first_of(s),
        Yaml::List(items) => items.iter().find_map(first_in),
        Yaml::Map(entries) => entries
            .iter()
            .find_map(|(k, v)| first_of(k).or_else(|| first_in(v))),
        _ => None,
    }
}

/// Where (line, column, both 1-based, in `text`) an escape that writes `c` stands, if one
/// can be found: `\x01`, `\u0001`, `\U00000001` or a one-letter escape (`\e`, `\f`, …).
pub(super) fn position(text: &str, c: char) -> Option<(usize, usize, usize)> {
    let code = c as u32;
    let letter = match c {
        '\0' => Some('0'),
        '\u{7}' => Some('a'),
        '\u{8}' => Some('b'),
        '\u{b}' => Some('v'),
        '\u{c}' => Some('f'),
        '\r' => Some('r'),
        '\u{1b}' => Some('e'),
        '\u{85}' => Some('N'),
        _ => None,
    };
    let mut forms: Vec<String> = vec![
        format!("\\x{code:02x}"),
        format!("\\u{code:04x}"),
        format!("\\U{code:08x}"),
    ];
    forms.extend(letter.map(|l| format!("\\{l}")));
    for (i, line) in text.lines().enumerate() {
        let lower = line.to_ascii_lowercase();
        for form in &forms {
            // Hex digits in either case; the one-letter escapes are case-sensitive.
            let hay = if form.len() > 2 { &lower } else { line };
            let want = if form.len() > 2 {
                form.to_ascii_lowercase()
            } else {
                form.clone()
            };
            if let Some(at) = hay.find(&want) {
                let col = line[..at].chars().count() + 1;
                return Some((i + 1, col, want.chars().count()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_of_control_characters_are_found_where_written() {
        let text = "title: ok\nsummary: \"a\\fb\"\n";
        assert_eq!(position(text, '\u{c}'), Some((2, 12, 2)));
        assert_eq!(position("t: \"\\x1B[2J\"", '\u{1b}'), Some((1, 5, 4)));
        assert_eq!(position("t: \"\\e\"", '\u{1b}'), Some((1, 5, 2)));
        assert!(refused('\u{1b}') && refused('\r') && refused('\u{85}'));
        assert!(!refused('\n') && !refused('\t') && !refused('甲'));
        let v = Yaml::Map(vec![(
            "k".into(),
            Yaml::List(vec![Yaml::Str("a\u{1}".into())]),
        )]);
        assert_eq!(first_in(&v), Some('\u{1}'));
    }
}
