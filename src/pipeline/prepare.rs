//! Load and model the site, and make every file but the pages and the search index: what
//! `build` writes and `serve` keeps ([`Prepared`]).

use std::collections::HashMap;
use std::sync::Arc;

use crate::diag::{self, Code, Diagnostic};
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
    let mut timings = Timings::new();
    let templates = Templates::load(&req.root);
    timings.lap("templates");
    // The repository's history is read beside the content: git runs while the files load.
    // Another language's run takes the history the site's own language's run read.
    let (history, (loaded, articles, reuse)) = rayon::join(
        || match (config.history, &req.originals) {
            (true, Some(o)) => Ok(o.history.clone()),
            (true, None) => load::history::read(&req.root, &config).map(|h| Some(Arc::new(h))),
            (false, _) => Ok(None),
        },
        || load_sources(req, &config, given),
    );
    timings.lap("load");
    let (history, no_history) = match history {
        Ok(h) => (h, None),
        Err(w) => (None, Some(w)),
    };
    let mut errors = loaded.diags;
    let mut skipped = loaded.warnings;
    skipped.extend(no_history);
    // Facts held to their registered sources (content/_sources/), where briefs name one.
    // A translation's facts are its original's, checked in the site's own language.
    if config.translating.is_none() {
        let (texts, unreadable) = load::facts::read_sources(&req.root);
        errors.extend(unreadable);
        let (fact_errors, fact_warnings) =
            load::facts::check(articles.iter().map(|a| &**a), &texts);
        errors.extend(fact_errors);
        skipped.extend(fact_warnings);
    }
    timings.lap("facts");
    // Editions are the site's own language's.
    let (editions, edition_errors) = match config.translating {
        None => load::editions::read(&req.root),
        Some(_) => Default::default(),
    };
    errors.extend(edition_errors);
    let statics = load::statics(&req.root);
    errors.extend(statics.errors);
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
        now: crate::date::now_in(&config.timezone),
        future: req.future,
        broken: loaded.failed.into_iter().collect(),
        reuse,
        related,
        history,
        editions,
        elsewhere: loaded.elsewhere,
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
    warnings.extend(statics.warnings);
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
    let mut claimed: Vec<(String, String)> = (statics.files.iter())
        .map(|f| (f.path.clone(), f.maker()))
        .collect();
    claimed.extend(
        extras
            .iter()
            .map(|f| (f.path.clone(), GENERATED.to_string())),
    );
    let made = with_model(&site, &claimed);
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
            statics: statics.files,
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
