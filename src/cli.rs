//! The command line: `briefing build`, `check`, `new`, `serve`.
//!
//! Exit codes: 0 success; 1 the site has errors (or could not be written); 2 the command line
//! itself is wrong (unknown flag, missing argument).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::build::{self, Failure, Report, Request};
use crate::diag::Diagnostic;

#[derive(Parser, Debug)]
#[command(
    name = "briefing",
    version,
    about = "Build a cross-linked briefing portal from Markdown articles.",
    after_help = "Exit codes: 0 success, 1 errors in the site, 2 wrong command line.\nDocs: docs/ in the repository (editing guide: docs/editing.md)."
)]
pub struct Cli {
    /// Print only errors and warnings.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (default: public/).
    Build(BuildArgs),
    /// Check the site (everything build does, templates included) without writing anything.
    Check(CheckArgs),
}

#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site folder (the one with site.yaml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Override base_url from site.yaml (e.g. the GitHub Pages address).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

/// Whether to colour output on stderr.
pub fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Print diagnostics to stderr, each once, errors and warnings in file order.
pub fn print_diags(diags: &[Diagnostic]) {
    let color = use_color();
    for d in diags {
        eprintln!("{}", d.render(color));
    }
}

fn summary_errors(f: &Failure) -> String {
    let n = f.errors.len();
    let files: std::collections::BTreeSet<&str> =
        f.errors.iter().map(|d| d.file.as_str()).collect();
    format!(
        "{n} error{} in {} file{}; nothing was written (the previous output is unchanged)",
        if n == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    )
}

fn report_line(r: &Report, wrote: bool) -> String {
    let warn = match r.warnings.len() {
        0 => String::new(),
        1 => ", 1 warning".into(),
        n => format!(", {n} warnings"),
    };
    if wrote {
        format!(
            "built {} articles, {} pages ({} files) in {} ms into {}{warn}",
            r.articles,
            r.pages,
            r.files,
            r.elapsed.as_millis(),
            r.out.display()
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

/// Run a build or check and print the outcome; returns the exit code.
pub fn run_build(req: &Request, quiet: bool) -> i32 {
    match build::run(req) {
        Ok(r) => {
            print_diags(&r.warnings);
            if !quiet {
                println!("{}", report_line(&r, req.write));
            }
            0
        }
        Err(f) => {
            print_diags(&f.errors);
            print_diags(&f.warnings);
            eprintln!("{}", summary_errors(&f));
            1
        }
    }
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Build(a) => run_build(
            &Request {
                root: a.site.root,
                out: a.out,
                base_url: a.base_url,
                drafts: a.site.drafts,
                write: true,
            },
            cli.quiet,
        ),
        Command::Check(a) => run_build(
            &Request {
                root: a.site.root,
                out: None,
                base_url: None,
                drafts: a.site.drafts,
                write: false,
            },
            cli.quiet,
        ),
    }
}
