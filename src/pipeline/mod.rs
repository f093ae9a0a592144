//! The pipeline: load → model → render → write, with plain data between the stages.
//!
//! [`run`] is what `briefing build` and `briefing check` call; [`prepare`] and
//! [`prepare_from`] are what serve's session ([`crate::incremental`]) calls. It never panics
//! on bad input: every problem becomes a [`Diagnostic`], all of a run's problems are
//! returned together, sorted, and the output folder is touched only when there are none.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::date::{self, Date};
use crate::diag::{self, Code, Diagnostic};
use crate::load::Config;
use crate::output::{self, Discard, GENERATED, OutputError, Sink, Staging};
use crate::search;

mod china;
mod languages;
mod links;
mod prepare;
mod print;
mod timings;

pub(crate) use crate::linkcheck::Options as LinkOptions;
/// How the command reports a page whose template runs away (see `render::watch`).
pub(crate) use crate::render::on_runaway;
/// What `briefing digest` holds, and what it writes.
pub(crate) use crate::render::{Digest, Selection};
pub(crate) use languages::prepare_languages;
pub(crate) use prepare::{Prepared, Sources, prepare, prepare_from};
use timings::Timings;

/// What to build and how.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) root: PathBuf,
    /// Default: `<root>/public`.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Overrides `edit_url` in site.yaml.
    pub edit_url: Option<String>,
    pub drafts: bool,
    /// Include briefs scheduled for later (`--future`; serve), shown as not yet published.
    pub future: bool,
    /// `false` for `briefing check`: everything but writing.
    pub write: bool,
    /// Resize and encode photos (`build`, `serve`); `check` only inspects them.
    pub photos: bool,
    /// Ask for every external address (`check --links`); nothing else makes a request.
    pub links: Option<crate::linkcheck::Options>,
    /// List what pages load from other hosts (`check --china`, or `china: true`).
    pub china: bool,
    /// Print each edition to PDF (`build --pdf`).
    pub pdf: bool,
    /// The site in another language (`languages:`, by folder: `en`): its translations.
    pub language: Option<String>,
    /// For the site in another language: what the site's own language's run read, not read
    /// again.
    pub originals: Option<Arc<Originals>>,
}

/// What the site's own language's run read, for the runs of its other languages.
#[derive(Debug)]
pub(crate) struct Originals {
    /// Its briefs (the originals the translations share with).
    pub articles: Vec<Arc<crate::load::Article>>,
    /// The repository's history (the translations' files are in it too).
    pub history: Option<Arc<crate::load::history::History>>,
}

impl Request {
    /// A run that reads and checks the site at `root` and writes nothing (`facts`, `digest`).
    pub(crate) fn reading(root: PathBuf) -> Request {
        Request {
            root,
            out: None,
            base_url: None,
            edit_url: None,
            drafts: false,
            future: false,
            write: false,
            photos: false,
            links: None,
            china: false,
            pdf: false,
            language: None,
            originals: None,
        }
    }
}

/// A successful run.
#[derive(Debug)]
pub(crate) struct Report {
    pub articles: usize,
    pub pages: usize,
    pub files: usize,
    pub out: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    pub search: search::Stats,
    /// Briefs not yet due, soonest first (left out unless `--future`).
    pub scheduled: Vec<crate::model::Scheduled>,
    /// What `check --links` said it cost.
    pub links: Option<String>,
    /// What `build --pdf` printed.
    pub printed: Option<print::Printed>,
}

/// A failed run: the errors, and the warnings found before them.
#[derive(Debug)]
pub(crate) struct Failure {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(mut errors: Vec<Diagnostic>) -> Self {
        diag::sort(&mut errors);
        Failure {
            errors,
            warnings: Vec::new(),
        }
    }
}

/// "Today" for the timeline: `as_of` in site.yaml, else `SOURCE_DATE_EPOCH`, else the clock,
/// in the site's time zone.
pub(crate) fn today(config: &Config) -> Date {
    config
        .as_of
        .unwrap_or_else(|| date::today_in(&config.timezone))
}

/// The base path of the site at `root` (`/repo/`), when its site.yaml reads.
pub(crate) fn base_path(root: &std::path::Path) -> Option<String> {
    Config::load(root).ok().map(|c| c.base_path().to_string())
}

/// The `language` of the site at `root`, when its site.yaml reads.
pub(crate) fn site_language(root: &std::path::Path) -> Option<String> {
    Config::load(root).ok().map(|c| c.language)
}

pub(crate) fn out_dir(req: &Request) -> PathBuf {
    req.out.clone().unwrap_or_else(|| req.root.join("public"))
}

/// The fact-check log of the site (`briefing facts`): the site loaded and checked as `check`
/// does, then its claims and their sources' words as Markdown.
pub(crate) fn fact_log(req: &Request) -> Result<String, Failure> {
    let texts = crate::load::facts::read_sources(&req.root).0;
    let (_, log) = prepare::prepare(req, |site, _| crate::render::fact_log(site, &texts))?;
    Ok(log)
}

/// The digest of `selection` (`briefing digest`): the site loaded and checked as `check`
/// does, then the edition or the briefs since a day as an HTML email and its text.
pub(crate) fn digest(req: &Request, selection: &Selection) -> Result<Digest, Failure> {
    let (prepared, ()) = prepare::prepare(req, |_, _| ())?;
    let warnings = prepared.warnings.clone();
    (prepared.renderer.digest(selection)).map_err(|d| Failure {
        warnings,
        ..Failure::from(vec![d])
    })
}

/// Run the pipeline: build, then write unless `req.write` is off (then nothing is kept).
pub(crate) fn run(req: &Request) -> Result<Report, Failure> {
    let out = out_dir(req);
    if !req.write {
        return render_site(req, &Discard);
    }
    let started = Instant::now();
    let out_error = |e: OutputError| {
        Failure::from(vec![Diagnostic::error(
            Code::WriteFailed,
            out.display().to_string(),
            e.to_string(),
        )])
    };
    // The folder checked is the folder written: links above it are settled once.
    let real_out = output::resolve_out_dir(&out);
    output::check_out_dir(&req.root, &real_out, &out).map_err(|e| {
        Failure::from(vec![
            Diagnostic::error(Code::OutputFolder, out.display().to_string(), e.to_string())
                .help("pass another folder with --out, e.g. `--out public`"),
        ])
    })?;
    let staging = Staging::new(&real_out).map_err(out_error)?;
    let mut report = render_site(req, &staging)?;
    let mut timings = Timings::new();
    staging.commit().map_err(|e| Failure {
        warnings: report.warnings.clone(),
        ..out_error(e)
    })?;
    timings.lap("swap in");
    // The whole run, static copy and swap included.
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Load, model and render the site into `sink`, with the static files; then its other
/// languages, each into its folder ([`languages`]).
pub(crate) fn render_site(req: &Request, sink: &dyn Sink) -> Result<Report, Failure> {
    let started = Instant::now();
    let mut main = prepare_indexed(req, sink)?;
    let mut others = languages::prepare_all(req, &main, sink)?;
    let mut linked: Vec<&mut Prepared> = others.iter_mut().map(|o| &mut o.stage.prepared).collect();
    languages::link(&mut main.prepared, &mut linked);
    let mut report = finish(req, main, sink)?;
    for other in others {
        let sink = other.sink;
        let sub = finish(&other.request, other.stage, &sink).map_err(|mut f| {
            f.warnings.extend(report.warnings.clone());
            f
        })?;
        report.pages += sub.pages;
        report.files += sub.files;
        report.warnings.extend(sub.warnings);
    }
    diag::sort(&mut report.warnings);
    report.elapsed = started.elapsed();
    Ok(report)
}

/// A site prepared, its search index written: what is left is its pages.
pub(crate) struct Stage {
    prepared: Prepared,
    search: search::Stats,
    /// The index's paths, claimed.
    index_paths: Vec<String>,
}

/// Load and model the site of `req`, and write its search index into `sink`.
fn prepare_indexed(req: &Request, sink: &dyn Sink) -> Result<Stage, Failure> {
    // The search index is made and written before the pages' shared values exist, so the
    // two are never in memory together.
    let (prepared, index) = prepare(req, |site, claimed| {
        let mut timings = Timings::new();
        let (index, stats) = search::files(site);
        let paths: Vec<String> = index.iter().map(|f| f.path.clone()).collect();
        // The index is written before the pages: its paths are checked against the other
        // claims first (a static file `search` would otherwise stop the write half-way).
        let mut claims = claimed.to_vec();
        claims.extend(paths.iter().map(|p| (p.clone(), GENERATED.to_string())));
        let clashes = output::clashes(claims);
        let written = if clashes.is_empty() {
            index.into_par_iter().try_for_each(|file| {
                let path = file.path.clone();
                sink.put(file)
                    .map_err(|e| vec![Diagnostic::error(Code::WriteFailed, path, e.to_string())])
            })
        } else {
            Err(clashes)
        };
        timings.lap("search index");
        (paths, stats, written)
    })?;
    let (index_paths, search, written) = index;
    if let Err(errors) = written {
        let mut f = Failure::from(errors);
        f.warnings = prepared.warnings.clone();
        return Err(f);
    }
    Ok(Stage {
        prepared,
        search,
        index_paths,
    })
}

/// Render a prepared site's pages into `sink`, with its other files; print its editions
/// (`--pdf`) and run the checks asked for.
fn finish(req: &Request, stage: Stage, sink: &dyn Sink) -> Result<Report, Failure> {
    let started = Instant::now();
    let Stage {
        prepared,
        search,
        index_paths,
    } = stage;
    let Prepared {
        mut renderer,
        extras,
        mut claimed,
        statics,
        warnings,
    } = prepared;
    let mut timings = Timings::new();
    let with_warnings = |errors: Vec<Diagnostic>| {
        let mut f = Failure::from(errors);
        f.warnings = warnings.clone();
        f
    };
    let index_files = index_paths.len();
    claimed.extend(index_paths.into_iter().map(|p| (p, GENERATED.to_string())));
    let pdf = req.pdf && req.write;
    if pdf {
        renderer.print_editions();
        let pdfs = renderer.to_print().into_iter().map(|p| (p.pdf, p.file));
        claimed.extend(pdfs);
    }
    let (mut files, pages) = renderer.render_all(sink, &claimed).map_err(with_warnings)?;
    timings.lap("templates rendered");
    files += extras.len() + index_files;
    extras
        .into_par_iter()
        .try_for_each(|file| {
            let path = file.path.clone();
            sink.put(file)
                .map_err(|e| Diagnostic::error(Code::WriteFailed, path, e.to_string()))
        })
        .map_err(|d| with_warnings(vec![d]))?;
    statics
        .par_iter()
        .try_for_each(|f| {
            sink.copy(&f.path, &f.source)
                .map_err(|e| Diagnostic::error(Code::WriteFailed, f.maker(), e.to_string()))
        })
        .map_err(|d| with_warnings(vec![d]))?;
    timings.lap("written");
    let printed = match pdf {
        true => Some(print::print_editions(&mut renderer, sink).map_err(with_warnings)?),
        false => None,
    };
    if let Some(p) = printed {
        files += p.printed + p.cached;
        timings.lap("printed");
    }
    let articles = renderer.site().articles.len();
    let scheduled = renderer.site().scheduled.clone();
    // The checks asked for on the command line (or in site.yaml), their findings together.
    let mut asked = Vec::new();
    if !req.write && (req.china || renderer.site().config.china) {
        asked.extend(china::check(&renderer, &statics));
    }
    let links = req.links.as_ref().map(|opts| {
        let found = links::check_links(renderer.site(), opts);
        asked.extend(found.diagnostics);
        found.summary
    });
    let (errors, noted): (Vec<_>, Vec<_>) =
        (asked.into_iter()).partition(|d| d.severity == crate::diag::Severity::Error);
    if !errors.is_empty() {
        let mut f = with_warnings(errors);
        f.warnings.extend(noted);
        return Err(f);
    }
    let mut warnings = warnings;
    warnings.extend(noted);
    // The model and its values are a few hundred thousand allocations at 10,000 briefs:
    // freed on another thread, while this one swaps the output in and reports (when the
    // process ends first, the system takes the memory back at once). No thread to be had: it
    // is freed here, as the closure is dropped (`spawn` would panic instead).
    let _ = std::thread::Builder::new().spawn(move || drop(renderer));
    Ok(Report {
        articles,
        pages,
        files,
        out: out_dir(req),
        elapsed: started.elapsed(),
        warnings,
        search,
        scheduled,
        links,
        printed,
    })
}
