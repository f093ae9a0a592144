//! The pipeline: load → model → render → write, with plain data between the stages.
//!
//! [`run`] is what `briefing build` and `briefing check` call, [`render`] what `briefing serve`
//! calls. It never
//! panics on bad input: every problem becomes a [`Diagnostic`], all of a run's problems are
//! returned together, sorted, and the output folder is touched only when there are none.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::date::{self, Date};
use crate::diag::{self, Code, Diagnostic};
use crate::load::{self, Config, config};
use crate::markdown::Highlighter;
use crate::model::{ModelOptions, Reused, Site};
use crate::output::{self, Discard, OutFile, OutputError, Sink, Staging};
use crate::render::{self, Renderer, Templates, Theme};
use crate::search;

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
    /// `false` for `briefing check`: everything but writing.
    pub write: bool,
    /// Resize and encode photos (`build`, `serve`); `check` only inspects them.
    pub photos: bool,
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

/// The `language` of the site at `root`, when its site.yaml reads.
pub(crate) fn site_language(root: &std::path::Path) -> Option<String> {
    Config::load(root).ok().map(|c| c.language)
}

pub(crate) fn out_dir(req: &Request) -> PathBuf {
    req.out.clone().unwrap_or_else(|| req.root.join("public"))
}

/// Run the pipeline: build, then write unless `req.write` is off (then nothing is kept).
pub(crate) fn run(req: &Request) -> Result<Report, Failure> {
    let out = out_dir(req);
    if !req.write {
        return render(req, &Discard);
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
    staging
        .copy_dir(&req.root.join("static"))
        .map_err(out_error)?;
    let mut report = render(req, &staging)?;
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

/// A site loaded, modelled and ready to render: what `build` writes and what `serve` keeps
/// between edits.
pub(crate) struct Prepared {
    /// Owns the model and the templates.
    pub renderer: Renderer,
    /// Files besides pages and the search index: JSON data, theme assets, photos,
    /// `.nojekyll`.
    pub extras: Vec<OutFile>,
    /// Every output path that is not a page (static files, extras), with who makes it: for
    /// the clash check.
    pub claimed: Vec<(String, String)>,
    pub warnings: Vec<Diagnostic>,
}

/// Load, model and render the site into `sink` (static files are not included).
pub(crate) fn render(req: &Request, sink: &dyn Sink) -> Result<Report, Failure> {
    let started = Instant::now();
    // The search index is made and written before the pages' shared values exist, so the
    // two are never in memory together.
    let (prepared, index) = prepare(req, |site| {
        let mut timings = Timings::new();
        let (index, stats) = search::files(site);
        let paths: Vec<String> = index.iter().map(|f| f.path.clone()).collect();
        let written = index.into_par_iter().try_for_each(|file| {
            let path = file.path.clone();
            sink.put(file)
                .map_err(|e| Diagnostic::error(Code::WriteFailed, path, e.to_string()))
        });
        timings.lap("search index");
        (paths, stats, written)
    })?;
    let Prepared {
        renderer,
        extras,
        mut claimed,
        warnings,
    } = prepared;
    let mut timings = Timings::new();
    let with_warnings = |errors: Vec<Diagnostic>| {
        let mut f = Failure::from(errors);
        f.warnings = warnings.clone();
        f
    };
    let (index_paths, search, written) = index;
    written.map_err(|d| with_warnings(vec![d]))?;
    let index_files = index_paths.len();
    claimed.extend(index_paths.into_iter().map(|p| (p, GENERATED.to_string())));
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
    timings.lap("written");
    let articles = renderer.site().articles.len();
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
    })
}

/// Where [`prepare_from`] takes the articles from.
pub(crate) enum Sources {
    /// `site.yaml` and `content/`, read now.
    Disk,
    /// serve's quick rebuild: the configuration and articles of its last good build (a few
    /// of them read again), and the bodies it may take over as they are.
    Given {
        config: Box<Config>,
        articles: Vec<std::sync::Arc<load::Article>>,
        reuse: HashMap<String, Reused>,
        kept: Box<render::Kept>,
        /// The related lists, where the edit kept every brief's id.
        related: Option<crate::model::RelatedBefore>,
    },
}

/// Load and model the site, and make everything but the pages and the search index.
/// `with_model` runs on the model before the pages' shared values are made (`build` makes
/// the search index there); its result is returned beside.
pub(crate) fn prepare<R>(
    req: &Request,
    with_model: impl FnOnce(&Site) -> R,
) -> Result<(Prepared, R), Failure> {
    prepare_from(req, Sources::Disk, with_model)
}

/// [`prepare`], with the articles from `sources`.
pub(crate) fn prepare_from<R>(
    req: &Request,
    sources: Sources,
    with_model: impl FnOnce(&Site) -> R,
) -> Result<(Prepared, R), Failure> {
    let (config, given, kept, related) = match sources {
        Sources::Disk => (load_config(req)?, None, None, None),
        Sources::Given {
            config,
            articles,
            reuse,
            kept,
            related,
        } => (*config, Some((articles, reuse)), Some(kept), related),
    };
    let mut timings = Timings::new();
    let templates = Templates::load(&req.root);
    timings.lap("templates");
    let (loaded, articles, reuse) = match given {
        None => {
            let mut loaded = load::load(&req.root, &config);
            let articles = std::mem::take(&mut loaded.articles);
            let articles = articles.into_iter().map(std::sync::Arc::new).collect();
            (loaded, articles, HashMap::new())
        }
        Some((articles, reuse)) => (load::Loaded::default(), articles, reuse),
    };
    timings.lap("load");
    let mut errors = loaded.diags;
    let skipped = loaded.warnings;
    let templates = match templates {
        Ok(t) => Some(t),
        Err(d) => {
            errors.extend(d);
            None
        }
    };
    // Model: run even when some files failed, so cross-file problems show in the same run.
    let highlighter = Highlighter::default();
    let opts = ModelOptions {
        root: req.root.clone(),
        repo_prefix: load::repo_prefix(&req.root),
        drafts: req.drafts,
        today: today(&config),
        broken: loaded.failed.into_iter().collect(),
        reuse,
        related,
    };
    let site = Site::build(config, articles, loaded.partial, &opts, &highlighter);
    timings.lap("model");
    let (site, templates) = match (site, templates) {
        (Ok(site), Some(t)) if errors.is_empty() => (site, t),
        (site, _) => {
            if let Err(d) = site {
                errors.extend(d);
            }
            return Err(errors.into());
        }
    };
    let mut warnings = site.warnings.clone();
    warnings.extend(skipped);
    warnings.extend(static_files(&req.root.join("static")).1);
    diag::sort(&mut warnings);
    let syntax_css = site.has_code.then(|| {
        highlighter.css(
            &site.config.highlight_theme,
            &site.config.highlight_theme_dark,
        )
    });
    let theme = Theme::load(&req.root);
    // Every file the build writes besides pages, made first so that every output path is
    // claimed before anything is written: `check` finds the clashes `build` would meet.
    let mut extras = extra_files(&site, &theme, syntax_css.clone());
    extras.extend(photo_files(req, &site).map_err(|errors| Failure {
        warnings: warnings.clone(),
        ..Failure::from(errors)
    })?);
    timings.lap("api and assets");
    let (mut claimed, _) = static_files(&req.root.join("static"));
    claimed.extend(
        extras
            .iter()
            .map(|f| (f.path.clone(), GENERATED.to_string())),
    );
    let made = with_model(&site);
    let mut timings = Timings::new();
    let renderer = Renderer::new(
        site,
        templates,
        &theme,
        syntax_css.as_deref(),
        kept.as_deref(),
    );
    timings.lap("shared values");
    Ok((
        Prepared {
            renderer,
            extras,
            claimed,
            warnings,
        },
        made,
    ))
}

/// `site.yaml`, with the command line's `--base-url` and `--edit-url` applied.
fn load_config(req: &Request) -> Result<Config, Failure> {
    let mut config = Config::load(&req.root)?;
    if let Some(url) = &req.base_url {
        config.base_url = config::normalize_base_url(url).map_err(|msg| {
            vec![
                Diagnostic::argument(Code::BadArgument, "--base-url", msg)
                    .help("e.g. --base-url https://example.github.io/briefing/"),
            ]
        })?;
    }
    if let Some(url) = &req.edit_url {
        config.edit_url = Some(config::check_edit_url(url).map_err(|msg| {
            vec![
                Diagnostic::argument(Code::BadArgument, "--edit-url", msg)
                    .help("e.g. --edit-url https://github.com/OWNER/REPO/edit/main/{path}"),
            ]
        })?);
    }
    Ok(config)
}

/// Stage timings on stderr when `BRIEFING_TIMINGS` is set (for profiling, not for users).
struct Timings {
    on: bool,
    last: Instant,
    /// CPU time (user + system, ms) at `last`: against the wall time, how well a stage
    /// used the cores.
    cpu: u64,
}

impl Timings {
    fn new() -> Timings {
        Timings {
            on: std::env::var_os("BRIEFING_TIMINGS").is_some(),
            last: Instant::now(),
            cpu: cpu_ms(),
        }
    }

    fn lap(&mut self, stage: &str) {
        if self.on {
            let cpu = cpu_ms();
            eprintln!(
                "{stage:>20}: {:>6} ms (cpu {:>5} ms), resident {:>5} MiB (peak {} MiB)",
                self.last.elapsed().as_millis(),
                cpu.saturating_sub(self.cpu),
                memory("VmRSS:"),
                memory("VmHWM:")
            );
            self.last = Instant::now();
            self.cpu = cpu;
        }
    }
}

/// This process's CPU time so far, user and system, in ms (0 where `/proc` has none).
fn cpu_ms() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces:
    // utime and stime are the 12th and 13th, in clock ticks of 10 ms.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let mut fields = after.split_whitespace().skip(11);
    let mut tick = || {
        fields
            .next()
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (tick() + tick()) * 10
}

/// A memory figure of this process in MiB from `/proc/self/status` (0 where there is none).
fn memory(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// The photos' published variants: made (or taken from the cache) for `build` and `serve`;
/// for `check`, only their paths, which take part in the clash check.
fn photo_files(req: &Request, site: &Site) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    if !req.photos {
        return Ok(site
            .photos
            .iter()
            .flat_map(|p| {
                p.widths.iter().map(|&w| OutFile {
                    path: p.path(w),
                    bytes: Vec::new(),
                })
            })
            .collect());
    }
    let cache = crate::images::cache_dir();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for made in crate::images::variants(&req.root, &site.photos, cache.as_deref()) {
        match made {
            Ok(f) => files.push(f),
            Err((source, why)) => errors.push(
                Diagnostic::error(Code::DamagedPhoto, source, format!("the photo cannot be resized: {why}"))
                    .help("its size reads but its pixels do not: the file is probably cut off or damaged; export it again from the original"),
            ),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Who makes a generated file, in clash reports.
const GENERATED: &str = "(generated by briefing)";

/// The site's `static/` files as (output path, source path).
/// The site's `static/` files as (output path, source path), and a warning for each symbolic
/// link there: links are not published (one could point anywhere on the machine).
fn static_files(dir: &std::path::Path) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut links = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = diag::rel_path(dir, e.path());
        if e.file_type().is_file() {
            files.push((rel.clone(), format!("static/{rel}")));
        } else if e.file_type().is_symlink() {
            links.push(
                Diagnostic::warning(Code::SymbolicLink, format!("static/{rel}"), "a symbolic link in static/ is not published")
                    .help("copy the file itself into static/ (a link could point anywhere on this machine)"),
            );
        }
    }
    (files, links)
}

/// Files that are not templates: the JSON API (when `api: true`), the theme's assets,
/// `.nojekyll`.
fn extra_files(site: &Site, theme: &Theme, syntax_css: Option<String>) -> Vec<OutFile> {
    let mut files = if site.config.api {
        render::api::files(site)
    } else {
        Vec::new()
    };
    files.push(OutFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
    });
    files.extend(theme.written().map(|t| OutFile {
        path: t.asset.path().to_string(),
        bytes: t.bytes.clone(),
    }));
    if let Some(css) = syntax_css {
        files.push(OutFile {
            path: "assets/syntax.css".into(),
            bytes: css.into_bytes(),
        });
    }
    files
}
