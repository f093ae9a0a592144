//! The command line: `briefing build`, `check`, `new`, `serve`. Each command is a thin layer
//! over the pipeline; [`console`] prints what they report.
//!
//! Exit codes: 0 success; 1 the site has errors (or could not be written); 2 the command line
//! itself is wrong (unknown flag, missing argument).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::pipeline::{self, Request};

mod console;
mod digest;
mod explain;
mod formats;
mod init;
mod new;
mod serve;
mod translate;

#[derive(Parser, Debug)]
#[command(
    name = "briefing",
    version,
    about = "Build a cross-linked briefing portal from Markdown articles.",
    after_help = "Exit codes: 0 success, 1 errors in the site, 2 wrong command line.\nDocs: docs/ in the repository (editing guide: docs/editing.md)."
)]
pub(crate) struct Cli {
    /// Print only errors and warnings.
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Build the site into the output folder (default: public/).
    Build(BuildArgs),
    /// Check the site (everything build does, templates included) without writing anything.
    Check(CheckArgs),
    /// Start a new article: writes content/<year>/<slug>.md with a complete front matter.
    New(NewArgs),
    /// Start a new portal: site.yaml, an example brief, GitHub workflows, in an empty folder.
    Init(InitArgs),
    /// Build in memory, serve on http://127.0.0.1:1111/, rebuild and reload pages on change.
    Serve(ServeArgs),
    /// Write the fact-check log: every figure and milestone with its source's words and what
    /// the build checked (to stdout, or `--out FILE`).
    Facts(FactsArgs),
    /// Write a digest to send: an edition (`weekly/12`) or the briefs `--since` a day, as an
    /// HTML email with inline styles and its plain-text part.
    Digest(digest::DigestArgs),
    /// Send the built site to a second place set in site.yaml's `publish:` (a server by rsync
    /// over SSH, or an S3-compatible bucket by rclone): only what changed, and what the build
    /// no longer holds deleted there.
    Publish(PublishArgs),
    /// Explain a diagnostic code (`briefing explain unknown-domain`); without one, list them.
    Explain(ExplainArgs),
}

#[derive(Args, Debug)]
pub(crate) struct ExplainArgs {
    /// The code, as shown in `error[CODE]`, e.g. unknown-domain.
    pub(crate) code: Option<String>,
    /// The language of the explanation: `en` or `zh` [default: the site's `language`].
    #[arg(long, value_name = "LANG")]
    pub(crate) language: Option<String>,
    /// The site folder, whose `language` chooses the explanation's language.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
}

#[derive(Args, Debug)]
pub(crate) struct NewArgs {
    /// The article's address name, e.g. tianjin-ecology-measures (also the file name).
    pub(crate) slug: String,
    /// The title.
    #[arg(long, required_unless_present = "lang")]
    pub(crate) title: Option<String>,
    /// A domain key from site.yaml; repeat for several.
    #[arg(long = "domain", required_unless_present = "lang")]
    pub(crate) domains: Vec<String>,
    /// Start the translation of brief SLUG into this language of site.yaml's `languages:`
    /// (`en`): `x.en.md` beside `x.md`, with what it shares named and the words to translate.
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
    /// A region key from site.yaml; repeat for several.
    #[arg(long = "region")]
    pub(crate) regions: Vec<String>,
    /// Publication date, YYYY-MM-DD [default: today].
    #[arg(long)]
    pub(crate) date: Option<String>,
    /// The site folder (the one with site.yaml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
}

#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: String,
    /// Open the site in a browser.
    #[arg(long)]
    pub(crate) open: bool,
}

#[derive(Args, Debug, Clone)]
pub(crate) struct SiteArgs {
    /// The site folder (the one with site.yaml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Include briefs dated later than now (scheduled), each marked as not yet published.
    #[arg(long)]
    pub(crate) future: bool,
}

/// How build and check report problems.
#[derive(Args, Debug, Clone)]
pub(crate) struct ReportArgs {
    /// How to print errors and warnings: human (default), github (workflow commands that
    /// annotate a pull request), json (one document on stdout).
    #[arg(long, value_enum, default_value_t = formats::Format::Human)]
    pub(crate) format: formats::Format,
    /// Show every warning (by default, a few of each kind and a count of the rest).
    #[arg(long)]
    pub(crate) all_warnings: bool,
}

#[derive(Args, Debug)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    #[command(flatten)]
    pub(crate) report: ReportArgs,
    /// Override edit_url from site.yaml (`https://github.com/OWNER/REPO/edit/main/{path}`).
    #[arg(long, value_name = "URL")]
    pub(crate) edit_url: Option<String>,
    /// Output folder [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Override base_url from site.yaml (e.g. the GitHub Pages address).
    #[arg(long, value_name = "URL")]
    pub(crate) base_url: Option<String>,
    /// Print each edition to PDF beside its page with a headless Chromium (CHROME_PATH, or
    /// chromium on PATH); an edition whose print view is unchanged comes from the cache.
    #[arg(long)]
    pub(crate) pdf: bool,
}

#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    #[command(flatten)]
    pub(crate) report: ReportArgs,
    /// Also ask for every external address (links and `source_url`); failures are warnings,
    /// or errors with `--links=strict`. Answers are kept for a week.
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "warn", require_equals = true)]
    pub(crate) links: Option<LinkMode>,
    /// How long to wait for one address, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    pub(crate) link_timeout: f64,
    /// Also list every resource a page loads from another host (fonts, scripts, images,
    /// embeds): hosts blocked or slow in mainland China are errors, others warnings.
    #[arg(long)]
    pub(crate) china: bool,
}

/// How `check --links` reports an address that leads nowhere.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkMode {
    /// A warning (the web is flaky).
    Warn,
    /// An error.
    Strict,
}

#[derive(Args, Debug)]
pub(crate) struct FactsArgs {
    /// The site folder (the one with site.yaml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Write the log to this file (e.g. docs/fact-check.md) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct PublishArgs {
    /// Where to: `server` (publish.server) or `bucket` (publish.bucket).
    #[arg(value_enum)]
    pub(crate) target: PublishTarget,
    /// The site folder (the one with site.yaml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// The built folder to send [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Print the commands instead of running them.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

/// The places `briefing publish` knows.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PublishTarget {
    /// A server, by rsync over SSH.
    Server,
    /// An S3-compatible bucket (Aliyun OSS, Tencent COS, Huawei OBS), by rclone.
    Bucket,
}

#[derive(Args, Debug)]
pub(crate) struct InitArgs {
    /// The folder for the new site (created; it must be empty or absent).
    pub(crate) dir: PathBuf,
}

/// Run a build or check and print the outcome; returns the exit code.
fn run_build(req: &Request, quiet: bool, report: &ReportArgs) -> u8 {
    let style = console::Style {
        format: report.format,
        all_warnings: report.all_warnings,
        prefix: crate::load::repo_prefix(&req.root),
    };
    let what = if req.write {
        "nothing was written (the previous output is unchanged)"
    } else {
        "nothing was written"
    };
    // A page whose template runs away ends the process: say so, as any failed run would.
    let hook_style = style.clone();
    pipeline::on_runaway(move |d| {
        console::print_failure(&pipeline::Failure::from(vec![d]), what, &hook_style)
    });
    let progress = console::Progress::start(!quiet && style.format == formats::Format::Human);
    let result = pipeline::run(req);
    drop(progress);
    match result {
        Ok(r) => {
            console::print_all(&[], &r.warnings, &style);
            if !quiet {
                let line = console::report_line(&r, req.write);
                match style.format {
                    // stdout carries the JSON document alone.
                    formats::Format::Json => eprintln!("{line}"),
                    _ => println!("{line}"),
                }
            }
            0
        }
        Err(f) => {
            console::print_failure(&f, what, &style);
            1
        }
    }
}

/// The whole program: parse the command line, run the command, say how it went.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let code = match cli.command {
        Command::Build(a) => run_build(
            &Request {
                root: a.site.root,
                out: a.out,
                base_url: a.base_url,
                edit_url: a.edit_url,
                drafts: a.site.drafts,
                future: a.site.future,
                links: None,
                china: false,
                write: true,
                photos: true,
                pdf: a.pdf,
                language: None,
                originals: None,
            },
            cli.quiet,
            &a.report,
        ),
        Command::Check(a) => run_build(
            &Request {
                root: a.site.root,
                out: None,
                base_url: None,
                edit_url: None,
                drafts: a.site.drafts,
                future: a.site.future,
                links: a.links.map(|mode| crate::pipeline::LinkOptions {
                    timeout: std::time::Duration::from_secs_f64(a.link_timeout.max(0.1)),
                    strict: mode == LinkMode::Strict,
                }),
                china: a.china,
                write: false,
                photos: false,
                pdf: false,
                language: None,
                originals: None,
            },
            cli.quiet,
            &a.report,
        ),
        Command::New(a) => run_new(a),
        Command::Init(a) => match init::init(&a.dir) {
            Ok(files) => {
                if !cli.quiet {
                    println!("{}", init::report(&a.dir, &files));
                }
                0
            }
            Err(d) => {
                console::print_diags(&d);
                1
            }
        },
        Command::Publish(a) => run_publish(a, cli.quiet),
        Command::Facts(a) => run_facts(a),
        Command::Digest(a) => digest::run(a),
        Command::Explain(a) => explain::run(a.code.as_deref(), a.language.as_deref(), &a.root),
        Command::Serve(a) => serve::serve(&serve::ServeOptions {
            root: a.site.root,
            bind: a.bind,
            port: a.port,
            drafts: a.site.drafts,
            open: a.open,
            quiet: cli.quiet,
        }),
    };
    ExitCode::from(code)
}

fn run_new(a: NewArgs) -> u8 {
    let made = match &a.lang {
        Some(lang) => translate::create(&a.root, &a.slug, lang, a.title.as_deref()),
        None => new::create(&new::NewArticle {
            root: a.root,
            slug: a.slug,
            title: a.title.unwrap_or_default(),
            domains: a.domains,
            regions: a.regions,
            date: a.date,
        }),
    };
    match made {
        Ok(path) => {
            println!("wrote {path}");
            0
        }
        Err(d) => {
            console::print_diags(&d);
            1
        }
    }
}

fn run_publish(a: PublishArgs, quiet: bool) -> u8 {
    use crate::publish::{Options, Target};
    let opts = Options {
        root: a.root,
        out: a.out,
        target: match a.target {
            PublishTarget::Server => Target::Server,
            PublishTarget::Bucket => Target::Bucket,
        },
        dry_run: a.dry_run,
    };
    match crate::publish::publish(&opts) {
        Ok(r) if !r.planned.is_empty() => {
            println!("{}", r.planned.join("\n"));
            0
        }
        Ok(r) => {
            if !quiet {
                println!("{}", console::publish_report(&r));
            }
            0
        }
        Err(d) => {
            console::print_diags(&d);
            1
        }
    }
}

fn run_facts(a: FactsArgs) -> u8 {
    let req = Request::reading(a.root);
    let log = match pipeline::fact_log(&req) {
        Ok(log) => log,
        Err(f) => {
            console::print_failure(&f, "no log was written", &console::Style::default());
            return 1;
        }
    };
    let Some(path) = a.out else {
        print!("{log}");
        return 0;
    };
    // Written beside, then moved over: a reader of the file never sees half of it.
    let tmp = path.with_extension("md.tmp");
    match std::fs::write(&tmp, &log).and_then(|()| std::fs::rename(&tmp, &path)) {
        Ok(()) => {
            println!("wrote {}", path.display());
            0
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            console::print_diags(&[crate::diag::Diagnostic::error(
                crate::diag::Code::WriteFailed,
                path.display().to_string(),
                format!("cannot write the log: {e}"),
            )]);
            1
        }
    }
}
