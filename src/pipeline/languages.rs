//! The site's other languages (`languages:` in site.yaml): each is a site of its own, made
//! from the translations (`x.en.md`) and written into its folder (`en/`), its pages linked to
//! the same pages in every other language ([`link`]).

use std::collections::HashMap;
use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::output::{GENERATED, Prefixed, Sink};
use crate::render::{Alternate, Languages};

use super::{Failure, Request, Stage, prepare_indexed};

/// The site in another language, prepared, and where it is written.
pub(super) struct Other<'a> {
    pub request: Request,
    pub stage: Stage,
    pub sink: Prefixed<'a>,
}

/// Each other language of `main`'s site, prepared and its search index written into its
/// folder of `sink`. Its warnings are its translations' own (the originals' are `main`'s).
pub(super) fn prepare_all<'a>(
    req: &Request,
    main: &Stage,
    sink: &'a dyn Sink,
) -> Result<Vec<Other<'a>>, Failure> {
    let site = main.prepared.renderer.site();
    let config = &site.config;
    let originals: Vec<Arc<crate::load::Article>> = (site.articles.iter().chain(&site.pages))
        .map(|e| Arc::clone(&e.src))
        .collect();
    let originals = Arc::new(originals);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for lang in &config.languages {
        let request = Request {
            language: Some(lang.dir.clone()),
            originals: Some(Arc::clone(&originals)),
            pdf: false,
            links: None,
            china: false,
            ..req.clone()
        };
        let prefixed = Prefixed::new(sink, format!("{}/", lang.dir));
        match prepare_indexed(&request, &prefixed) {
            Ok(mut stage) => {
                let own = format!(".{}.md", lang.dir);
                let p = &mut stage.prepared;
                // A translation's milestones are its original's: their lateness is said there.
                p.warnings
                    .retain(|w| w.file.ends_with(&own) && w.code != Code::OverdueMilestone);
                // `static/` and the theme's files are published once, at the site's root.
                p.statics.clear();
                p.claimed.retain(|(_, maker)| maker == GENERATED);
                p.extras
                    .retain(|f| !f.path.starts_with("assets/") && f.path != ".nojekyll");
                p.renderer.use_assets_of(config.base_path());
                out.push(Other {
                    request,
                    stage,
                    sink: prefixed,
                });
            }
            Err(f) => errors.extend(f.errors),
        }
    }
    match errors.is_empty() {
        true => Ok(out),
        false => Err(Failure {
            warnings: main.prepared.warnings.clone(),
            ..Failure::from(errors)
        }),
    }
}

/// Tell every language's pages of the others: the same page there (or that language's home),
/// the translations older than their originals (a warning and a note on the page), and how
/// many briefs are not translated.
pub(super) fn link(main: &mut Stage, others: &mut [Other]) {
    if others.is_empty() {
        return;
    }
    let alternate = |stage: &Stage, default: bool| {
        let r = &stage.prepared.renderer;
        let c = &r.site().config;
        Alternate {
            code: c.language.clone(),
            name: c.strings.get("language_name").to_string(),
            base_path: c.base_path().to_string(),
            base_url: c.base_url.clone(),
            pages: Arc::new(r.page_paths()),
            default,
        }
    };
    let mut all = vec![alternate(main, true)];
    all.extend(others.iter().map(|o| alternate(&o.stage, false)));
    let site = main.prepared.renderer.site();
    let by_file: HashMap<&str, &crate::model::Entry> = site
        .articles
        .iter()
        .map(|a| (a.src.file.as_str(), a))
        .collect();
    for other in others.iter_mut() {
        let mut languages = Languages {
            all: all.clone(),
            ..Languages::default()
        };
        let theirs = other.stage.prepared.renderer.site();
        languages.untranslated = site.articles.len().saturating_sub(theirs.articles.len());
        languages.untranslated_in = (site.domains.iter().zip(theirs.domains.iter()))
            .map(|(g, t)| {
                (
                    g.key.clone(),
                    g.articles.len().saturating_sub(t.articles.len()),
                )
            })
            .collect();
        for (id, t) in theirs.articles.enumerate() {
            let Some(original) = &t.src.original else {
                continue;
            };
            let Some(o) = by_file.get(original.as_str()) else {
                continue;
            };
            if o.modified() > t.modified() {
                languages.outdated.insert(id);
                other.stage.prepared.warnings.push(
                    Diagnostic::warning(
                        Code::TranslationOutdated,
                        &t.src.file,
                        format!(
                            "the translation is older than its original: {} changed {}, the translation last {}",
                            original,
                            o.modified(),
                            t.modified()
                        ),
                    )
                    .help("bring the translation up to date and give it `updated:` with the day (its page says it may be out of date until then)"),
                );
            }
        }
        other.stage.prepared.renderer.set_languages(languages);
    }
    main.prepared.renderer.set_languages(Languages {
        all,
        ..Languages::default()
    });
}
