//! A quick reading of a `milestones:` block in the forms editors write (one milestone a line
//! in braces, or one field a line), for the history's versions: a cold read parses every
//! version of every brief that changed (14,132 at 10,000 briefs), and the YAML reader took
//! 70,000 instructions a block. Where it answers, it answers what the YAML reader would (a
//! test holds the two together); anything else — quotes, comments, blank lines, an odd
//! value, a key twice — is left to the YAML reader (`None`).

use crate::load::yaml::Yaml;

/// The value of `milestones:` in `block` (which starts with that line), when the block is
/// in a form read here.
pub(super) fn milestones(block: &str) -> Option<Yaml> {
    let mut lines = block.strip_suffix('\n').unwrap_or(block).split('\n');
    if lines.next()? != "milestones:" {
        return None;
    }
    // Each milestone's fields, and whether it was written in braces.
    let mut items: Vec<(Vec<(String, Yaml)>, bool)> = Vec::new();
    let mut indent = None;
    for line in lines {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[spaces..];
        let indent = *indent.get_or_insert(spaces);
        if spaces == indent + 2 {
            // A field of the milestone above, two spaces in from its `-`.
            match items.last_mut()? {
                (item, false) => add(item, pair(rest, false)?)?,
                (_, true) => return None,
            }
        } else if spaces != indent {
            return None;
        } else if let Some(flow) = rest.strip_prefix("- {") {
            let mut item = Vec::new();
            for field in flow.strip_suffix('}')?.split(", ") {
                add(&mut item, pair(field, true)?)?;
            }
            items.push((item, true));
        } else {
            let mut item = Vec::new();
            add(&mut item, pair(rest.strip_prefix("- ")?, false)?)?;
            items.push((item, false));
        }
    }
    if items.is_empty() {
        return Some(Yaml::Null);
    }
    Some(Yaml::List(
        items.into_iter().map(|(item, _)| Yaml::Map(item)).collect(),
    ))
}

/// `field` added to a milestone, unless the milestone has it already.
fn add(item: &mut Vec<(String, Yaml)>, field: (String, Yaml)) -> Option<()> {
    if item.iter().any(|(k, _)| *k == field.0) {
        return None;
    }
    item.push(field);
    Some(())
}

/// `key: value`, with a key of small letters and `_`.
fn pair(field: &str, flow: bool) -> Option<(String, Yaml)> {
    let (key, value) = field.split_once(": ")?;
    let plain_key = !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    plain_key.then_some(())?;
    Some((key.to_string(), scalar(value, flow)?))
}

/// A value in quotes without escapes is its text. A value written plainly, as the YAML reader
/// takes it: a year is a number; a date, a word
/// of small letters, words with a space between or text with a character beyond ASCII is
/// text (no number, `true` or `null` has a space or such a character).
fn scalar(value: &str, flow: bool) -> Option<Yaml> {
    // Characters that are not text, or that YAML reads as the end of a line.
    let unreadable = |c: char| {
        c.is_control()
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
    };
    if value.starts_with(char::is_whitespace) || value.ends_with(char::is_whitespace) {
        return None;
    }
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            // Quoted, without a quote, an escape or a character YAML reads otherwise.
            let inner = inner.strip_suffix(quote)?;
            let plain = !inner.contains(['"', '\'', '\\']) && !inner.chars().any(unreadable);
            return plain.then(|| Yaml::Str(inner.to_string()));
        }
    }
    let first = value.chars().next()?;
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    let odd = |c: char| {
        unreadable(c)
            || matches!(c, ':' | '#')
            || (flow && matches!(c, ',' | '[' | ']' | '{' | '}'))
    };
    if indicator || value.chars().any(odd) {
        return None;
    }
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if digits(value, 4) && !value.starts_with('0') {
        return value.parse().ok().map(Yaml::Int);
    }
    let dated = value.split_once('-').is_some_and(|(year, rest)| {
        digits(year, 4)
            && (rest.split('-'))
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    });
    let word = first.is_ascii_lowercase()
        && (value.bytes())
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        && !matches!(
            value,
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    (dated || word || value.contains(' ') || !value.is_ascii())
        .then(|| Yaml::Str(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::milestones;
    use crate::load::yaml::{Yaml, parse};

    /// What the YAML reader makes of `block`'s `milestones:`.
    fn full(block: &str) -> Option<Yaml> {
        match parse(block, 0) {
            Ok(Yaml::Map(mut entries)) => entries.pop().map(|(_, v)| v),
            _ => None,
        }
    }

    /// Where the quick reading answers, it answers what the YAML reader does.
    fn agrees(block: &str) -> bool {
        match milestones(block) {
            Some(quick) => {
                assert_eq!(Some(quick), full(block), "{block}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn the_forms_editors_write_are_read_as_the_yaml_reader_reads_them() {
        let read = [
            "milestones:\n  - date: 2026\n    title: 安新横向生态补偿建成投运\n    status: done\n  - date: 2026-10-23\n    title: 张家口机动车排放监管全线贯通\n    status: planned\n    domain: ecology\n",
            "milestones:\n- date: 2026-H2\n  title: 快线建成\n",
            "milestones:\n  - {date: 2026-H1, title: 快线建成}\n  - {id: port, date: 2026-Q3, title: 码头开工, status: ongoing}\n",
            "milestones:\n  - {date: 2026-05, title: 京雄城际 2.0 开通}\n",
            "milestones:\n  - date: 2025\n    title: 北京流向津冀技术合同成交额达996.1亿元\n    quote: \"2025年,北京: 996.1亿元 # 全年\"\n",
            "milestones:\n  - {date: 2026, title: '雄安: 快线'}\n",
            "milestones:\n  - {date: 2025, title: Technology contracts reach 99.61 billion yuan}\n",
            "milestones:\n",
        ];
        for block in read {
            assert!(agrees(block), "not read quickly: {block}");
        }
    }

    #[test]
    fn anything_else_is_left_to_the_yaml_reader() {
        let left = [
            "milestones:\n  - {date: 2026, title: 节点}\n    status: done\n",
            "milestones:\n  - date: 2026\n    title: 1.5\n",
            "milestones:\n  - date: 2026\n    title: Null\n",
            "milestones:\n  - date: 2026\n    title: \"引\\\"号\"\n",
            "milestones:\n  - date: 2026\n    title: '引''号'\n",
            "milestones:\n  - {date: 2026, title: \"一, 二\"}\n",
            "milestones:\n  - date: 2026 # 注释\n    title: 节点\n",
            "milestones:\n  - date: 2026\n\n    title: 节点\n",
            "milestones:\n  - date: 2026\n    title: 节点: 二期\n",
            "milestones:\n  - date: 2026\n    date: 2027\n    title: 节点\n",
            "milestones:\n  - {date: 2026, title: 一, 二}\n",
            "milestones:\n  - date: 2026\n    title: 节点 \n",
            "milestones:\n  - date: 2026\n    status: true\n    title: 节点\n",
            "milestones:\n  - date: 0x7E2\n    title: 节点\n",
            // Found by the property below: a year with a leading 0 is text to the YAML
            // reader, and a value's leading space is not the value's.
            "milestones:\n  - date: 0000\n    title: 节点\n",
            "milestones:\n  - date:  A\n    title: 节点\n",
            "milestones:\n  - date: 2026\n   title: 节点\n",
            "milestones:\n  - date: 2026\n      title: 节点\n",
            "milestones: []\n",
            "milestones:\n  - date: 2026\n    title: 节点\u{2028}续\n",
            "milestones:\n  - date: 2026\n    title: 节点\t续\n",
            "milestones:\n  - date: 2026\n    title: &a 节点\n",
        ];
        for block in left {
            assert!(
                !agrees(block),
                "read quickly, but it should not be: {block}"
            );
        }
    }

    /// Every milestone block of the default site: the quick reading answers for most, and
    /// agrees with the YAML reader wherever it answers.
    #[test]
    fn the_default_sites_blocks_agree() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let (mut seen, mut quick) = (0, 0);
        for entry in walkdir::WalkDir::new(root) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).unwrap();
                if let Some(at) = text.find("\nmilestones:") {
                    let block = &text[at + 1..];
                    let end = (block.match_indices('\n').map(|(i, _)| i + 1))
                        .find(|&i| !block[i..].starts_with(' '))
                        .unwrap_or(block.len());
                    seen += 1;
                    quick += usize::from(agrees(&block[..end]));
                }
            }
        }
        assert!(
            seen >= 12 && quick * 2 >= seen,
            "{quick} of {seen} blocks read quickly"
        );
    }

    /// A value as an editor might write it: years, dates, words, text in any script, ASCII
    /// with YAML's own characters, quoted or not.
    fn value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            "[0-9]{4}",
            "[0-9]{1,6}",
            "[0-9]{4}-(H[12]|Q[1-5]|[0-9]{2}|[0-9]{2}-[0-9]{2}|[a-z0-9]{1,3})",
            "[a-zA-Z_~.-]{1,8}",
            "(null|true|false|yes|no|on|off|y|n|NULL|True|.inf|.nan|0x1F|0o17|1e3|1.5|-1|\\+1)",
            "[京津冀雄安 ，。:#,\\[\\]{}'\"!&*|>%@`-]{1,12}",
            "\\PC{1,12}",
            "[ -~]{1,12}",
            "\"[^\"\\\\]{0,8}\"",
            "'[^']{0,8}'",
        ]
    }

    proptest::proptest! {
        #[test]
        fn the_quick_reading_agrees_wherever_it_answers(
            items in proptest::collection::vec(
                (proptest::bool::ANY, proptest::collection::vec(
                    ("(date|title|status|id|domain|quote|Title|x y)", value()), 1..4)),
                0..4),
            indent in 0usize..3,
        ) {
            let pad = " ".repeat(indent);
            let mut block = String::from("milestones:\n");
            for (flow, fields) in &items {
                let pairs: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                if *flow {
                    block += &format!("{pad}- {{{}}}\n", pairs.join(", "));
                } else {
                    block += &format!("{pad}- {}\n", pairs[0]);
                    for pair in &pairs[1..] {
                        block += &format!("{pad}  {pair}\n");
                    }
                }
            }
            if let Some(quick) = milestones(&block) {
                proptest::prop_assert_eq!(Some(quick), full(&block), "{}", block);
            }
        }
    }
}
