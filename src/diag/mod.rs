//! Diagnostics: the errors and warnings an editor sees.
//!
//! Every problem found in a run becomes one [`Diagnostic`]: which file (relative to the site
//! root), where in it (line:column, 1-based, when known), which field, what is wrong and how to
//! fix it. A run collects all of them, sorts them by file and position, and shows them the way
//! rustc does: the location, the offending source line with a caret under the spot, and a
//! `help:` line. Nothing here decides *what* is an error; the stages that find problems do.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthChar;

mod code;
pub(crate) mod explain;
mod suggest;
pub(crate) use code::Code;
pub(crate) use suggest::{did_you_mean, suggest};

/// How serious a diagnostic is. Errors fail the run; warnings are shown and the run goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// One problem, located as precisely as the stage that found it could.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators (`content/2026/a.md`); empty for a
    /// problem with the command line.
    pub file: String,
    /// The command-line argument concerned (`--base-url`), for problems that are not in a file.
    pub argument: Option<String>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub col: Option<usize>,
    /// How many characters the caret should underline (at least 1).
    pub len: usize,
    /// The front-matter field or setting concerned, e.g. `domains` or `milestones[1].date`.
    pub field: Option<String>,
    pub message: String,
    pub help: Option<String>,
    /// What kind of problem: a stable id for tools and `briefing explain`.
    pub code: Code,
    /// The text of the offending line, filled in by [`Diagnostic::with_source`].
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            argument: None,
            line: None,
            col: None,
            len: 1,
            field: None,
            message: message.into(),
            help: None,
            code,
            source_line: None,
        }
    }

    pub(crate) fn warning(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// The same diagnostic, as a warning.
    pub(crate) fn into_warning(self) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..self
        }
    }

    /// A problem with a command-line argument (`--base-url`, `<slug>`), not with a file.
    pub(crate) fn argument(
        code: Code,
        argument: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            argument: Some(argument.into()),
            ..Diagnostic::error(code, "", message)
        }
    }

    pub(crate) fn at(mut self, line: usize, col: usize) -> Self {
        self.line = Some(line);
        self.col = Some(col);
        self
    }

    pub(crate) fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub(crate) fn span_len(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }

    pub(crate) fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach the offending line, taken from the whole file's text.
    pub(crate) fn with_source(self, file_text: &str) -> Self {
        self.with_source_line(|line| file_text.lines().nth(line.saturating_sub(1)))
    }

    /// Attach the offending line, as `line_text` gives it (1-based): for callers that have a
    /// file's lines split already, so that thousands of errors in one file do not each read
    /// the file from its start.
    pub(crate) fn with_source_line<'t>(
        mut self,
        line_text: impl FnOnce(usize) -> Option<&'t str>,
    ) -> Self {
        if let Some(line) = self.line {
            self.source_line = line_text(line).map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    fn sort_key(&self) -> (&str, usize, usize, Severity, &str) {
        (
            &self.file,
            self.line.unwrap_or(0),
            self.col.unwrap_or(0),
            self.severity,
            &self.message,
        )
    }

    /// The location as `file:line:col` (or as much of it as is known), control characters
    /// made visible.
    pub(crate) fn location(&self) -> String {
        if let Some(arg) = &self.argument {
            return format!("command line: {}", visible(arg));
        }
        let file = visible(&self.file);
        match (self.line, self.col) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.into_owned(),
        }
    }

    /// Render in rustc style. `color` adds ANSI colours for a terminal. Every text that may
    /// hold what an editor wrote (message, field, help, file) is shown with its control
    /// characters made visible: a file name or value cannot clear a terminal, or start a
    /// line of its own in a CI log.
    pub(crate) fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let (label, code) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = String::new();
        let field = self
            .field
            .as_ref()
            .map(|f| format!(" [{}]", visible(f)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}{}",
            paint(code, &format!("{label}[{}]", self.code.id())),
            paint("1", &format!(": {}{field}", visible(&self.message)))
        );
        let gutter = self.line.map(|l| l.to_string().len()).unwrap_or(1);
        let pad = " ".repeat(gutter);
        if self.argument.is_some() {
            let _ = writeln!(out, "{pad} {} {}", paint("1;36", "="), self.location());
        } else {
            let _ = writeln!(out, "{pad}{} {}", paint("1;34", "-->"), self.location());
        }
        if let (Some(line), Some(src)) = (self.line, &self.source_line) {
            let bar = paint("1;34", "|");
            let (src, col) = shown_line(src, self.col);
            let src = src.as_str();
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(out, "{} {bar} {src}", paint("1;34", &line.to_string()));
            if let Some(col) = col {
                let lead = display_width_before(src, col);
                let width = display_width_span(src, col, self.len);
                let marker = format!("{}{}", " ".repeat(lead), "^".repeat(width.max(1)));
                let _ = writeln!(out, "{pad} {bar} {}", paint(code, &marker));
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} {} {}", paint("1;36", "= help:"), visible(help));
        }
        out
    }
}

/// `text` with each control character (line breaks, escape, NUL, C1 …) written as an escape
/// (`\n`, `\u{1b}`), so that it shows as text and does nothing.
pub(crate) fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Characters of a source line shown at most: a 20,000-character line is cut to a window
/// around the column.
const SHOWN_CHARS: usize = 100;

/// The source line as shown, and the column in it: control characters as `�` (a NUL or an
/// escape sequence must not reach the terminal), and a long line cut around `col` with `…`.
fn shown_line(src: &str, col: Option<usize>) -> (String, Option<usize>) {
    let chars: Vec<char> = src
        .chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    if chars.len() <= SHOWN_CHARS {
        return (chars.into_iter().collect(), col);
    }
    let at = col.unwrap_or(1).saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(SHOWN_CHARS / 3);
    let end = (start + SHOWN_CHARS).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, col.map(|c| c - start + usize::from(start > 0)))
}

/// Terminal columns taken by the characters before 1-based column `col`.
fn display_width_before(line: &str, col: usize) -> usize {
    line.chars()
        .take(col.saturating_sub(1))
        .map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) })
        .sum()
}

/// Terminal columns taken by `len` characters starting at 1-based column `col`.
fn display_width_span(line: &str, col: usize, len: usize) -> usize {
    line.chars()
        .skip(col.saturating_sub(1))
        .take(len)
        .map(|c| c.width().unwrap_or(1))
        .sum()
}

/// Sort diagnostics by file, then position, errors before warnings at the same spot.
pub(crate) fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// A path relative to `root`, with `/` separators, for messages.
pub(crate) fn rel_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_when_asked() {
        let d = Diagnostic::error(Code::BrokenLink, "content/a.md", "bad")
            .at(1, 1)
            .with_source("x\n")
            .help("fix it");
        let plain = d.render(false);
        let coloured = d.render(true);
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(
            coloured.contains("\x1b[1;31merror[broken-link]\x1b[0m"),
            "{coloured:?}"
        );
        assert!(
            plain.starts_with("error[broken-link]: bad\n --> content/a.md:1:1\n"),
            "{plain}"
        );
        assert!(plain.ends_with("= help: fix it\n"), "{plain}");
    }

    #[test]
    fn long_lines_are_cut_around_the_column_and_controls_hidden() {
        let line = format!("{}target{}", "甲".repeat(5000), "乙".repeat(5000));
        let d = Diagnostic::error(Code::BrokenLink, "content/a.md", "bad")
            .at(1, 5001)
            .span_len(6)
            .with_source(&line);
        let text = d.render(false);
        let shown = text.lines().nth(3).unwrap();
        assert!(shown.chars().count() < 120, "{shown}");
        assert!(shown.contains("…甲甲") && shown.contains("target乙") && shown.ends_with('…'));
        let caret = text.lines().nth(4).unwrap();
        let above = shown.find("target").unwrap();
        let width_before: usize = shown[..above].chars().map(|c| c.width().unwrap_or(0)).sum();
        assert_eq!(
            caret.find('^').unwrap() - "  | ".len(),
            width_before - "1 | ".len(),
            "{caret}"
        );
        let nul = Diagnostic::error(Code::BrokenLink, "a", "x")
            .at(1, 2)
            .with_source("a\u{0}b\u{1b}[2J")
            .render(false);
        assert!(!nul.contains('\u{0}') && !nul.contains('\u{1b}'), "{nul:?}");
    }

    #[test]
    fn caret_sits_under_cjk_text() {
        let d = Diagnostic::error(Code::BrokenLink, "content/a.md", "bad")
            .at(2, 8)
            .span_len(2)
            .with_source("---\ntags: [生态, x]\n");
        let text = d.render(false);
        assert!(text.contains("2 | tags: [生态, x]"), "{text}");
        // "tags: [" is 7 columns; 生态 is 4 columns wide.
        assert!(text.contains("  |        ^^^^\n"), "{text}");
    }
}
