//! The terminal: diagnostics, colour, summary lines and the "building…" indicator, for every
//! command (build, check, serve, new) alike.
//!
//! Diagnostics and warnings go to stderr; the one-line report of a successful run to stdout.
//! Colour only on a terminal and without `NO_COLOR`. Every error is shown; of warnings that
//! come in numbers (overdue milestones), the first few of each kind and a count of the rest,
//! unless `--all-warnings`. `--format github|json` prints everything for machines instead
//! ([`super::formats`]).

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::sync::mpsc::{Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::cmd::formats::{self, Format};
#[cfg(test)]
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::pipeline::{Failure, Report};

/// Warnings of one kind shown before the rest are counted.
const SHOWN_PER_KIND: usize = 5;

/// How a command reports.
#[derive(Debug, Clone, Default)]
pub(crate) struct Style {
    pub format: Format,
    pub all_warnings: bool,
    /// The site folder's path from the repository root (`site/`), for machine formats.
    pub prefix: String,
}

/// Whether to colour output on stderr.
pub(crate) fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Print diagnostics to stderr, each once, in the order given.
pub(crate) fn print_diags(diags: &[Diagnostic]) {
    let color = use_color();
    for d in diags {
        eprintln!("{}", d.render(color));
    }
}

/// Print a run's warnings and errors in `style`. Returns nothing; the caller adds the summary.
pub(crate) fn print_all(errors: &[Diagnostic], warnings: &[Diagnostic], style: &Style) {
    match style.format {
        Format::Human => {
            print_diags(errors);
            let color = use_color();
            for line in human_warnings(warnings, style.all_warnings, color) {
                eprintln!("{line}");
            }
        }
        Format::Github => {
            for d in errors.iter().chain(warnings) {
                println!("{}", formats::github(d, &style.prefix));
            }
        }
        Format::Json => {
            let all: Vec<&Diagnostic> = errors.iter().chain(warnings).collect();
            let report = formats::json(&all, &style.prefix);
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        }
    }
}

/// Warnings for people: all of those of a code that is not counted
/// ([`crate::diag::Code::counted_as`]); of each counted code, the first few and a line that
/// counts the rest.
fn human_warnings(warnings: &[Diagnostic], all: bool, color: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut shown: Vec<(&str, usize)> = Vec::new();
    for d in warnings {
        let counted = d.code.counted_as();
        let seen = match counted {
            Some(kind) => match shown.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    shown.push((kind, 1));
                    1
                }
            },
            None => 1,
        };
        if all || counted.is_none() || seen <= SHOWN_PER_KIND {
            lines.push(d.render(color));
        }
    }
    if !all {
        for (kind, n) in shown.into_iter().filter(|(_, n)| *n > SHOWN_PER_KIND) {
            lines.push(format!(
                "… and {} more {kind} warnings; `--all-warnings` shows every one\n",
                thousands(n - SHOWN_PER_KIND)
            ));
        }
    }
    lines
}

/// `6371` → `6,371`
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A failed run: its errors, then its warnings, then one line that counts them.
pub(crate) fn print_failure(f: &Failure, what_happened: &str, style: &Style) {
    print_all(&f.errors, &f.warnings, style);
    eprintln!("{}; {what_happened}", error_count(&f.errors));
}

/// `2 errors in 1 file`
fn error_count(errors: &[Diagnostic]) -> String {
    let n = errors.len();
    let files: BTreeSet<&str> = errors
        .iter()
        .map(|d| d.argument.as_deref().unwrap_or(&d.file))
        .collect();
    format!(
        "{n} error{} in {} {}{}",
        plural(n),
        files.len(),
        if errors.iter().all(|d| d.argument.is_some()) {
            "argument"
        } else {
            "file"
        },
        plural(files.len())
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn warning_count(r: &Report) -> String {
    warnings_suffix(r.warnings.len())
}

/// `, 3 warnings` (empty for none).
pub(crate) fn warnings_suffix(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!(", {n} warning{}", plural(n)),
    }
}

/// The line a successful build or check ends with.
pub(crate) fn report_line(r: &Report, wrote: bool) -> String {
    let mut lines = vec![done_line(r, wrote)];
    lines.extend(scheduled_line(r));
    lines.extend(r.links.clone());
    lines.join("\n")
}

/// What `briefing publish` did: a count, then the first few paths sent and deleted.
pub(crate) fn publish_report(r: &crate::publish::Report) -> String {
    const SHOWN: usize = 10;
    let mut lines = vec![format!(
        "published to {}: {} of {} files sent, {} deleted",
        crate::diag::visible(&r.to),
        r.sent.len(),
        r.files,
        r.deleted.len()
    )];
    for (word, paths) in [("sent", &r.sent), ("deleted", &r.deleted)] {
        for p in paths.iter().take(SHOWN) {
            lines.push(format!("  {word:<7} {}", crate::diag::visible(p)));
        }
        if paths.len() > SHOWN {
            lines.push(format!("  … and {} more {word}", paths.len() - SHOWN));
        }
    }
    lines.join("\n")
}

/// What is scheduled, and when the next is due: the Pages workflow's log says when a brief
/// will appear.
fn scheduled_line(r: &Report) -> Option<String> {
    let next = r.scheduled.first()?;
    let n = r.scheduled.len();
    Some(format!(
        "scheduled: {n} brief{} not yet published; the next, {} ({}), is due {}",
        plural(n),
        next.file,
        crate::diag::visible(&next.title),
        next.at
    ))
}

fn done_line(r: &Report, wrote: bool) -> String {
    let warn = warning_count(r);
    if wrote {
        format!(
            "built {} articles, {} pages ({} files) in {} ms into {}{warn}\n{}{}",
            r.articles,
            r.pages,
            r.files,
            r.elapsed.as_millis(),
            r.out.display(),
            search_line(r),
            print_line(r)
        )
    } else {
        format!(
            "checked {} articles, {} pages in {} ms: no errors{warn}",
            r.articles,
            r.pages,
            r.elapsed.as_millis()
        )
    }
}

/// What `build --pdf` printed, on a line of its own (nothing without `--pdf`).
fn print_line(r: &Report) -> String {
    let Some(p) = r.printed else {
        return String::new();
    };
    let n = p.printed + p.cached;
    format!(
        "\nPDF: {n} edition{} ({} printed, {} unchanged from the cache)",
        plural(n),
        p.printed,
        p.cached
    )
}

/// What the search index came to: readers fetch one shard per key of their query.
fn search_line(r: &Report) -> String {
    let s = &r.search;
    format!(
        "search index: {} keys in {} shard{} of {} KB in all, the largest {} KB",
        s.keys,
        s.shards,
        plural(s.shards),
        s.bytes.div_ceil(1024),
        s.largest.div_ceil(1024)
    )
}

/// Says "building… N s" on a terminal when a build takes more than a second; clears the line
/// when dropped.
pub(crate) struct Progress {
    done: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    pub(crate) fn start(enabled: bool) -> Progress {
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress {
                done: None,
                thread: None,
            };
        }
        let (tx, rx) = channel::<()>();
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            while rx.recv_timeout(Duration::from_secs(1)).is_err() {
                eprint!("\rbuilding… {} s", started.elapsed().as_secs());
            }
            if started.elapsed().as_secs() >= 1 {
                eprint!("\r\x1b[2K");
            }
        });
        Progress {
            done: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(tx) = self.done.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_of_a_kind_are_counted_past_the_first_few() {
        let overdue = |i: usize| {
            Diagnostic::warning(
                Code::OverdueMilestone,
                format!("content/{i}.md"),
                "planned, ended",
            )
        };
        let mut warnings: Vec<Diagnostic> = (0..6376).map(overdue).collect();
        warnings.push(Diagnostic::warning(
            Code::TagRunTogether,
            "site.yaml",
            "other",
        ));
        let lines = human_warnings(&warnings, false, false);
        assert_eq!(lines.len(), SHOWN_PER_KIND + 2, "{lines:?}");
        assert_eq!(
            lines.last().unwrap(),
            "… and 6,371 more overdue milestone warnings; `--all-warnings` shows every one\n"
        );
        assert_eq!(human_warnings(&warnings, true, false).len(), 6377);
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }

    #[test]
    fn errors_are_counted_by_file_or_argument() {
        let errors = vec![
            Diagnostic::error(Code::BrokenLink, "content/a.md", "x"),
            Diagnostic::error(Code::BrokenLink, "content/a.md", "y"),
            Diagnostic::error(Code::YamlSyntax, "site.yaml", "z"),
        ];
        assert_eq!(error_count(&errors), "3 errors in 2 files");
        let args = vec![Diagnostic::argument(Code::BadArgument, "--base-url", "bad")];
        assert_eq!(error_count(&args), "1 error in 1 argument");
    }
}
