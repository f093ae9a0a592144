//! Diagnostics for machines: GitHub Actions workflow commands (so errors show on a pull
//! request's changed lines) and JSON (for editors' tools). Both keep every diagnostic; both name
//! files by their path from the repository root, so a site in a sub-folder still points at the
//! right file.

use serde::Serialize;

#[cfg(test)]
use crate::diag::Code;
use crate::diag::{Diagnostic, Severity};

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum Format {
    /// rustc-style blocks on stderr, for people.
    #[default]
    Human,
    /// `::error file=…,line=…::…` workflow commands on stdout, for GitHub Actions.
    Github,
    /// One JSON document on stdout, for tools.
    Json,
}

/// Workflow-command data: `%`, CR and LF escaped as GitHub documents.
/// Any other control character (an escape sequence in a file name or a value) is written
/// out visibly, so that nothing reaches the log that acts on it.
fn escape_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::diag::visible(&s).into_owned()
}

/// Workflow-command property values: the data escapes, and `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One diagnostic as a GitHub Actions workflow command.
pub(crate) fn github(d: &Diagnostic, prefix: &str) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if d.argument.is_none() {
        props.push(format!(
            "file={}",
            escape_property(&format!("{prefix}{}", d.file))
        ));
    }
    if let Some(line) = d.line {
        props.push(format!("line={line}"));
        if let Some(col) = d.col {
            props.push(format!("col={col}"));
            props.push(format!("endColumn={}", col + d.len));
        }
    }
    props.push(format!("title={}", d.code.id()));
    let mut text = d.message.clone();
    if let Some(field) = &d.field {
        text.push_str(&format!(" [{field}]"));
    }
    if let Some(arg) = &d.argument {
        text.push_str(&format!(" (command line: {arg})"));
    }
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    format!("::{command} {}::{}", props.join(","), escape_data(&text))
}

/// The JSON document: every diagnostic, and the counts. Schema: `docs/diagnostics.schema.json`.
#[derive(Serialize)]
pub(crate) struct JsonReport<'a> {
    pub version: u32,
    pub ok: bool,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    severity: &'static str,
    /// From the repository root; absent for a problem with the command line.
    file: Option<String>,
    argument: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    /// Where the marked span ends (exclusive), on the same line.
    end_column: Option<usize>,
    field: Option<&'a str>,
    /// The stable code (`unknown-domain`): `briefing explain CODE` says more.
    code: &'static str,
    message: &'a str,
    help: Option<&'a str>,
}

pub(crate) fn json<'a>(diags: &[&'a Diagnostic], prefix: &str) -> JsonReport<'a> {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    JsonReport {
        version: 2,
        ok: errors == 0,
        errors,
        warnings: diags.len() - errors,
        diagnostics: diags
            .iter()
            .map(|d| JsonDiagnostic {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                file: d.argument.is_none().then(|| format!("{prefix}{}", d.file)),
                argument: d.argument.as_deref(),
                line: d.line,
                column: d.col,
                end_column: d.col.map(|c| c + d.len),
                field: d.field.as_deref(),
                code: d.code.id(),
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_as_github_documents() {
        let d = Diagnostic::error(
            Code::UnknownDomain,
            "content/2026/x,y.md",
            "unknown domain `transprot`: 100%\r\n",
        )
        .at(4, 11)
        .span_len(9)
        .field("domains")
        .help("did you mean `transport`?");
        assert_eq!(
            github(&d, "site/"),
            "::error file=site/content/2026/x%2Cy.md,line=4,col=11,endColumn=20,title=unknown-domain::unknown domain `transprot`: 100%25%0D%0A [domains]%0Ahelp: did you mean `transport`?"
        );
        let w = Diagnostic::warning(
            Code::OverdueMilestone,
            "content/a.md",
            "milestone `通车` is planned for 2026-Q1",
        )
        .at_line(7);
        assert_eq!(
            github(&w, ""),
            "::warning file=content/a.md,line=7,title=overdue-milestone::milestone `通车` is planned for 2026-Q1"
        );
        let a = Diagnostic::argument(
            Code::BadArgument,
            "--base-url",
            "`ftp://x` is not a site address",
        );
        assert_eq!(
            github(&a, ""),
            "::error title=bad-argument::`ftp://x` is not a site address (command line: --base-url)"
        );
    }
}
