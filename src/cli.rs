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
    /// Start a new article: writes content/<year>/<slug>.md with a complete front matter.
    New(NewArgs),
    /// Build in memory, serve on http://127.0.0.1:1111/, rebuild and reload pages on change.
    Serve(ServeArgs),
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The article's address name, e.g. tianjin-ecology-measures (also the file name).
    pub slug: String,
    /// The title.
    #[arg(long)]
    pub title: String,
    /// A domain key from site.yaml; repeat for several.
    #[arg(long = "domain", required = true)]
    pub domains: Vec<String>,
    /// A region key from site.yaml; repeat for several.
    #[arg(long = "region")]
    pub regions: Vec<String>,
    /// Publication date, YYYY-MM-DD [default: today].
    #[arg(long)]
    pub date: Option<String>,
    /// The site folder (the one with site.yaml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in a browser.
    #[arg(long)]
    pub open: bool,
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

/// Says "building…" on a terminal when a build takes more than a second.
struct Progress {
    done: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(enabled: bool) -> Progress {
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress {
                done: None,
                thread: None,
            };
        }
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let started = std::time::Instant::now();
            while rx.recv_timeout(std::time::Duration::from_secs(1)).is_err() {
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

/// Run a build or check and print the outcome; returns the exit code.
pub fn run_build(req: &Request, quiet: bool) -> i32 {
    let progress = Progress::start(!quiet);
    let result = build::run(req);
    drop(progress);
    match result {
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
        Command::New(a) => run_new(a),
        Command::Serve(a) => crate::serve::serve(&crate::serve::ServeOptions {
            root: a.site.root,
            bind: a.bind,
            port: a.port,
            drafts: a.site.drafts,
            open: a.open,
            quiet: cli.quiet,
        }),
    }
}

fn run_new(a: NewArgs) -> i32 {
    let req = crate::new::NewArticle {
        root: a.root,
        slug: a.slug,
        title: a.title,
        domains: a.domains,
        regions: a.regions,
        date: a.date,
    };
    match crate::new::create(&req, build::clock_today()) {
        Ok(path) => {
            println!("wrote {path}");
            0
        }
        Err(d) => {
            print_diags(&d);
            1
        }
    }
}
