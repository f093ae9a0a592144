//! Load and model the site, and make every file but the pages and the search index: what
//! `build` writes and `serve` keeps ([`Prepared`]).

use std::collections::HashMap;
use std::sync::Arc;

use crate::diag::{self, Code, Diagnostic};
use crate::load::history::History;
use crate::load::{self, Article, Config, config};
use crate::markdown::Highlighter;
use crate::model::{ModelOptions, Reused, Site};
use crate::output::{GENERATED, OutFile};
use crate::render::{self, Renderer, Templates, Theme};

use super::timings::Timings;
use super::{Failure, Request, today};

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
    /// The site's `static/` files, published as they are.
    pub statics: Vec<load::StaticFile>,
    pub warnings: Vec<Diagnostic>,
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
    with_model: impl FnOnce(&Site, &[(String, String)]) -> R,
) -> Result<(Prepared, R), Failure> {
    prepare_from(req, Sources::Disk, with_model)
}

/// [`prepare`], with the articles from `sources`.
pub(crate) fn prepare_from<R>(
    req: &Request,
    sources: Sources,
    with_model: impl FnOnce(&Site, &[(String, String)]) -> R,
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
    // The repository's history is read on a thread of its own, beside everything that does
    // not need it: git runs while the content loads, the model is made and `with_model` (the
    // search index) runs; the model takes it after. A cold read is mostly git's work, so
    // this keeps it off the build's path.
    std::thread::scope(|scope| {
        let history = scope.spawn({
            let config = config.clone();
            move || read_history(req, &config)
        });
        let mut timings = Timings::new();
        let highlighter = Highlighter::default();
        let modelled = model_site(req, config, given, related, &highlighter, &mut timings)?;
        let files = files_before_history(req, &modelled, &highlighter);
        let made = with_model(&modelled.site, &files.claimed);
        let history = history
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let prepared = with_history(modelled, files, history, kept.as_deref())?;
        Ok((prepared, made))
    })
}

/// The files made before the history is taken, and every path they and the static files
/// claim: all `with_model` needs to check the search index's paths against.
struct Early {
    /// The theme's assets, the code's stylesheet, `.nojekyll`.
    extras: Vec<OutFile>,
    photos: Result<Vec<OutFile>, Vec<Diagnostic>>,
    syntax_css: Option<String>,
    theme: Theme,
    claimed: Vec<(String, String)>,
}

/// Every file the build writes besides pages that needs no history, made first so that
/// every output path is claimed before anything is written: `check` finds the clashes
/// `build` would meet.
fn files_before_history(req: &Request, modelled: &Modelled, highlighter: &Highlighter) -> Early {
    let site = &modelled.site;
    let syntax_css = (site.has_code).then(|| {
        let config = &site.config;
        highlighter.css(&config.highlight_theme, &config.highlight_theme_dark)
    });
    let theme = Theme::load(&req.root);
    let extras = theme_files(&theme, syntax_css.clone());
    let photos = photo_files(req, site);
    let mut claimed: Vec<(String, String)> = (modelled.statics.iter())
        .map(|f| (f.path.clone(), f.maker()))
        .collect();
    claimed.extend(generated(&extras));
    claimed.extend(generated(photos.as_deref().unwrap_or_default()));
    Early {
        extras,
        photos,
        syntax_css,
        theme,
        claimed,
    }
}

/// Paths that the build makes, claimed.
fn generated(files: &[OutFile]) -> Vec<(String, String)> {
    (files.iter())
        .map(|f| (f.path.clone(), GENERATED.to_string()))
        .collect()
}

/// The site prepared once the history is read: the model takes it (or the warning that
/// there is none), then the JSON data and the pages' shared values are made.
fn with_history(
    modelled: Modelled,
    early: Early,
    history: Result<Option<Arc<History>>, Diagnostic>,
    kept: Option<&render::Kept>,
) -> Result<Prepared, Failure> {
    let mut timings = Timings::new();
    let Modelled {
        mut site,
        templates,
        statics,
        mut warnings,
    } = modelled;
    let Early {
        mut extras,
        photos,
        syntax_css,
        theme,
        mut claimed,
    } = early;
    let (history, no_history) = match history {
        Ok(h) => (h, None),
        Err(w) => (None, Some(w)),
    };
    site.take_history(history);
    timings.lap("history taken");
    warnings.extend(site.warnings.iter().cloned());
    warnings.extend(no_history);
    diag::sort(&mut warnings);
    extras.extend(photos.map_err(|errors| Failure {
        warnings: warnings.clone(),
        ..Failure::from(errors)
    })?);
    // The JSON data gives each brief's last change and its milestones' history.
    if site.config.api {
        let api = render::api::files(&site);
        claimed.extend(generated(&api));
        extras.extend(api);
    }
    timings.lap("api and assets");
    let renderer = Renderer::new(site, templates, &theme, syntax_css.as_deref(), kept);
    timings.lap("shared values");
    Ok(Prepared {
        renderer,
        extras,
        claimed,
        statics,
        warnings,
    })
}

/// The repository's history for `prepare_from`: the one the site's own language's run read
/// (for another language's run), or read now; a warning says why there is none.
fn read_history(req: &Request, config: &Config) -> Result<Option<Arc<History>>, Diagnostic> {
    match (config.history, &req.originals) {
        (true, Some(o)) => Ok(o.history.clone()),
        (true, None) => load::history::read(&req.root, config).map(|h| Some(Arc::new(h))),
        (false, _) => Ok(None),
    }
}

/// A site loaded and modelled, without its history yet.
struct Modelled {
    site: Site,
    templates: Templates,
    /// The site's `static/` files.
    statics: Vec<load::StaticFile>,
    /// The warnings of loading, the facts and the static files (the model's own are in
    /// `site.warnings`).
    warnings: Vec<Diagnostic>,
}

/// Load the site (templates, content, facts, editions, static files) and make its model;
/// every error of them at once.
fn model_site(
    req: &Request,
    config: Config,
    given: Option<Given>,
    related: Option<crate::model::RelatedBefore>,
    highlighter: &Highlighter,
    timings: &mut Timings,
) -> Result<Modelled, Failure> {
    let templates = Templates::load(&req.root);
    timings.lap("templates");
    let (loaded, articles, reuse) = load_sources(req, &config, given);
    timings.lap("load");
    let mut errors = loaded.diags;
    let mut warnings = loaded.warnings;
    // Facts held to their registered sources (content/_sources/), where briefs name one.
    // A translation's facts are its original's, checked in the site's own language.
    if config.translating.is_none() {
        let (texts, unreadable) = load::facts::read_sources(&req.root);
        errors.extend(unreadable);
        let (fact_errors, fact_warnings) =
            load::facts::check(articles.iter().map(|a| &**a), &texts);
        errors.extend(fact_errors);
        warnings.extend(fact_warnings);
    }
    timings.lap("facts");
    // Editions are the site's own language's.
    let (editions, edition_errors) = match config.translating {
        None => load::editions::read(&req.root),
        Some(_) => Default::default(),
    };
    errors.extend(edition_errors);
    let mut statics = load::statics(&req.root);
    errors.append(&mut statics.errors);
    warnings.append(&mut statics.warnings);
    let templates = match templates {
        Ok(t) => Some(t),
        Err(d) => {
            errors.extend(d);
            None
        }
    };
    // Model: run even when some files failed, so cross-file problems show in the same run.
    let opts = ModelOptions {
        root: req.root.clone(),
        repo_prefix: load::repo_prefix(&req.root),
        drafts: req.drafts,
        today: today(&config),
        now: crate::date::now_in(&config.timezone),
        future: req.future,
        broken: loaded.failed.into_iter().collect(),
        reuse,
        related,
        editions,
        elsewhere: loaded.elsewhere,
    };
    let site = Site::build(config, articles, loaded.partial, &opts, highlighter);
    timings.lap("model");
    match (site, templates) {
        (Ok(site), Some(templates)) if errors.is_empty() => Ok(Modelled {
            site,
            templates,
            statics: statics.files,
            warnings,
        }),
        (site, _) => {
            if let Err(d) = site {
                errors.extend(d);
            }
            Err(errors.into())
        }
    }
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
    if let Some(dir) = &req.language {
        match config.languages.iter().find(|l| &l.dir == dir) {
            Some(lang) => config = config.for_language(lang),
            None => {
                let d = Diagnostic::argument(
                    Code::BadArgument,
                    "language",
                    format!("no language `{dir}` in site.yaml"),
                );
                return Err(vec![d].into());
            }
        }
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

/// The photos' published variants: made (or taken from the cache) for `build` and `serve`;
/// for `check`, only their paths, which take part in the clash check.
fn photo_files(req: &Request, site: &Site) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let damaged = |(source, why): (String, String)| {
        Diagnostic::error(Code::DamagedPhoto, source, format!("the photo cannot be resized: {why}"))
            .help("its size reads but its pixels do not: the file is probably cut off or damaged; export it again from the original")
    };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if !req.photos {
        // `check`: every photo decoded (not resized), so that it finds what `build` would.
        errors.extend(
            crate::images::undecodable(&req.root, &site.photos)
                .into_iter()
                .map(damaged),
        );
        files.extend(site.photos.iter().flat_map(|p| {
            p.widths.iter().map(|&w| OutFile {
                path: p.path(w),
                bytes: Vec::new(),
            })
        }));
    } else {
        let cache = crate::images::cache_dir();
        for made in crate::images::variants(&req.root, &site.photos, cache.as_deref()) {
            match made {
                Ok(f) => files.push(f),
                Err(e) => errors.push(damaged(e)),
            }
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// The theme's assets, the code's stylesheet and `.nojekyll`.
fn theme_files(theme: &Theme, syntax_css: Option<String>) -> Vec<OutFile> {
    let mut files = vec![OutFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
    }];
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

/// Articles as `serve` gives them, with the bodies rendered before.
type Given = (Vec<Arc<Article>>, HashMap<String, Reused>);

/// The articles: read from `content/`, or as `serve` gives them.
fn load_sources(
    req: &Request,
    config: &Config,
    given: Option<Given>,
) -> (load::Loaded, Vec<Arc<Article>>, HashMap<String, Reused>) {
    match given {
        None => {
            let mut loaded = match config.translating {
                Some(_) => load::translations::load_translations(
                    &req.root,
                    config,
                    req.originals.as_ref().map(|o| o.articles.as_slice()),
                ),
                None => load::load(&req.root, config),
            };
            let articles = std::mem::take(&mut loaded.articles);
            let articles = articles.into_iter().map(Arc::new).collect();
            (loaded, articles, HashMap::new())
        }
        Some((articles, reuse)) => (load::Loaded::default(), articles, reuse),
    }
}
