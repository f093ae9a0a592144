//! The YAML reader: values, positions, the messages for common slips.

use super::*;

#[test]
fn parses_scalars_lists_and_maps_in_order() {
    let y = parse("b: 1\na: [x, 2026]\nc: {d: true}\n", 0).unwrap();
    let Yaml::Map(entries) = y else { panic!() };
    let keys: Vec<_> = entries.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["b", "a", "c"]);
    assert_eq!(
        entries[1].1,
        Yaml::List(vec![Yaml::Str("x".into()), Yaml::Int(2026)])
    );
}

#[test]
fn keys_twice_tags_and_empty_documents() {
    let e = parse("title: a\ntitle: b\n", 1).unwrap_err();
    assert!(
        e.message.contains("the key `title` is written twice"),
        "{}",
        e.message
    );
    assert_eq!(e.line, 3, "{e:?}");
    assert_eq!(parse("", 0).unwrap(), Yaml::Null);
    assert_eq!(parse("# only a comment\n", 0).unwrap(), Yaml::Null);
    let y = parse("a: !!str 2026\nb: !custom x\nc: ~\n", 0).unwrap();
    assert_eq!(
        y,
        Yaml::Map(vec![
            ("a".into(), Yaml::Str("2026".into())),
            ("b".into(), Yaml::Str("x".into())),
            ("c".into(), Yaml::Null),
        ])
    );
}

#[test]
fn scalars_read_back_as_written() {
    for text in [
        "天津推动33项举措",
        "标题: 副标题",
        "2026",
        "yes",
        "a \"b\"",
        "#tag",
        "- x",
        "{a}",
        "~",
    ] {
        let doc = format!("k: {}\n", scalar(text));
        assert_eq!(
            parse(&doc, 0).unwrap(),
            Yaml::Map(vec![("k".into(), Yaml::Str(text.into()))]),
            "{doc}"
        );
    }
}

#[test]
fn syntax_errors_have_positions_and_plain_messages() {
    let e = parse("title: a\ndate: [2026\n", 0).unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.message.contains("(started at line 2)"), "{}", e.message);
    let e = parse("title: 标题: 副标题\n", 1).unwrap_err();
    assert_eq!((e.line, e.col), (2, 10));
    assert!(e.message.contains("put the whole value in quotes"));
}

#[test]
fn a_full_width_colon_after_a_key_is_named() {
    let e = parse("title: 甲\nsummary：一句话\n", 1).unwrap_err();
    assert_eq!((e.line, e.col), (3, 8), "{e:?}");
    assert!(
        e.message
            .contains("`summary：` has a full-width colon `：`")
            && e.message.contains("`summary: `"),
        "{}",
        e.message
    );
    assert_eq!(full_width_colon("date：2026"), Some((1, 5, "date")));
    assert_eq!(full_width_colon("  - date ：2026"), Some((1, 10, "date")));
    assert_eq!(full_width_colon("PM2.5：下降"), None);
    assert_eq!(full_width_colon("标题：副标题"), None);
    let e = parse("milestones:\n\u{3000}- {date: 2026, title: 乙}\n", 0).unwrap_err();
    assert_eq!((e.line, e.col), (2, 1), "{e:?}");
    assert!(
        e.message.contains("indented with a full-width space"),
        "{}",
        e.message
    );
    // A slip after the line where the reader stopped is not the cause.
    let e = parse("title: 标题: 副标题\nsummary: >\n  note：x\n", 0).unwrap_err();
    assert_eq!(e.line, 1, "{e:?}");
    assert!(
        e.message.contains("put the whole value in quotes"),
        "{}",
        e.message
    );
    // Inside a value it is text, and the YAML reads.
    assert!(parse("summary: >\n  GDP：增长\n", 0).is_ok());
}

#[test]
fn nesting_is_refused_past_the_limit_where_it_passes_it() {
    let nested = |n: usize| format!("a: {}1{}\n", "[".repeat(n), "]".repeat(n));
    let mut value = parse(&nested(MAX_FLOW_DEPTH), 0).unwrap();
    for _ in 0..=MAX_FLOW_DEPTH {
        value = match value {
            Yaml::Map(mut e) => e.remove(0).1,
            Yaml::List(mut items) => items.remove(0),
            other => panic!("{other:?}"),
        };
    }
    assert_eq!(value, Yaml::Int(1));
    let e = parse(&format!("x: 1\n{}", nested(MAX_FLOW_DEPTH + 1)), 3).unwrap_err();
    assert_eq!((e.line, e.col), (5, 4 + MAX_FLOW_DEPTH), "{e:?}");
    assert!(
        e.message.contains("more than 64 `[` or `{`"),
        "{}",
        e.message
    );
    // Closed brackets do not add up.
    assert!(parse("a: [[1], {b: 2}]\n", 0).is_ok());
    assert!(too_deep(&"[]".repeat(1000)).is_none());
}
