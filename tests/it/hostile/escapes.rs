//! Escape sequences and forged lines: control characters written as YAML escapes are
//! refused like raw ones, and no text an editor wrote reaches a terminal or a CI log as
//! anything but text.

use super::site;
use crate::common::TestSite;

#[test]
fn control_characters_written_as_yaml_escapes_are_refused_where_written() {
    for (value, code, shown) in [
        (r#""生态\f补偿""#, "U+000C", r"\f"),
        (r#""\x01甲""#, "U+0001", r"\x01"),
        (r#""甲\e[2J""#, "U+001B", r"\e"),
        (r#""甲\u001B乙""#, "U+001B", r"\u001B"),
    ] {
        let s = site();
        s.file(
            "content/b.md",
            &format!("---\ntitle: 乙\ndate: 2026-01-02\ndomains: [ecology]\nsummary: {value}\n---\n正文\n"),
        );
        let run = s.run(&["build"]);
        assert_eq!(run.code, 1, "{value}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "error[control-character]: a value holds the control character {code}, written as an escape"
            )),
            "{value}: {}",
            run.stderr
        );
        let inner = &value[1..];
        let before = inner[..inner.find('\\').unwrap()].chars().count();
        let col = "summary: \"".chars().count() + before + 1;
        assert!(
            run.stderr.contains(&format!("--> content/b.md:5:{col}")),
            "{value} ({shown}) at column {col}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{c}'),
            "{:?}",
            run.stderr
        );
        assert!(!s.exists("feed.xml"), "nothing was written");
    }
}

#[test]
fn a_value_or_file_name_cannot_forge_lines_or_drive_the_terminal() {
    let s = TestSite::new();
    // A domain that starts a GitHub workflow command on a line of its own, and a file whose
    // name clears the screen.
    s.file(
        "content/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [\"eco\\n::error file=x::forged\"]\n---\n正文\n",
    );
    s.file("content/\u{1b}[2Jb.md", "---\ntitle: 乙\n---\n");
    for format in ["human", "github"] {
        let run = s.run(&["check", "--format", format]);
        assert_eq!(run.code, 1);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(!all.contains('\u{1b}'), "{format}: {all:?}");
        assert!(
            !all.lines().any(|l| l.starts_with("::error file=x")),
            "{format}: a forged command line: {all}"
        );
        assert!(
            all.contains(r"\u{1b}[2Jb.md"),
            "{format}: the name is shown: {all}"
        );
    }
    let human = s.run(&["check"]);
    assert!(
        human
            .stderr
            .contains(r"unknown domain `eco\n::error file=x::forged`"),
        "{}",
        human.stderr
    );
}
