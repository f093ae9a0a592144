//! The site's other languages (`languages:` in site.yaml): each is a site of its own, made
//! from the translations (`x.en.md`) and written into its folder (`en/`), its pages linked to
//! the same pages in every other language ([`link`]).

use std::collections::HashMap;
use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::output::{GENERATED, Prefixed, Sink};
use crate::render::{Alternate, Languages};

use super::{Failure, Originals, Prepared, Request, Stage, prepare_indexed};

/// The site in another language, prepared, and where it is written.
pub(super) struct Other<'a> {
    pub request: Request,
    pub stage: Stage,
    pub sink: Prefixed<'a>,
}

/// The run of each other language of `main`'s site: its folder, and the request that makes
/// it from the briefs `main` read.
fn requests(req: &Request, main: &Prepared) -> Vec<(String, Request)> {
    let site = main.renderer.site();
    let originals = Arc::new(Originals {
        articles: (site.articles.iter().chain(&site.pages))
            .map(|e| Arc::clone(&e.src))
            .collect(),
        history: site.history.clone(),
    });
    (site.config.languages.iter())
        .map(|lang| {
            let request = Request {
                language: Some(lang.dir.clone()),
                originals: Some(Arc::clone(&originals)),
                pdf: false,
                links: None,
                china: false,
                ..req.clone()
            };
            (lang.dir.clone(), request)
        })
        .collect()
}

/// A language's site as the other languages' sites share with it: its warnings are its
/// translations' own (the originals' are the site's own language's), and `static/` and the
/// theme's files are published once, at the root (`root_path`).
fn as_translation(p: &mut Prepared, dir: &str, root_path: &str) {
    let own = format!(".{dir}.md");
    // A translation's milestones are its original's: their lateness is said there.
    p.warnings
        .retain(|w| w.file.ends_with(&own) && w.code != Code::OverdueMilestone);
    p.statics.clear();
    p.claimed.retain(|(_, maker)| maker == GENERATED);
    p.extras
        .retain(|f| !f.path.starts_with("assets/") && f.path != ".nojekyll");
    p.renderer.use_assets_of(root_path);
}

/// Each other language of `main`'s site, prepared and its search index written into its
/// folder of `sink`.
pub(super) fn prepare_all<'a>(
    req: &Request,
    main: &Stage,
    sink: &'a dyn Sink,
) -> Result<Vec<Other<'a>>, Failure> {
    let root_path = main.prepared.renderer.site().config.base_path().to_string();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (dir, request) in requests(req, &main.prepared) {
        let prefixed = Prefixed::new(sink, format!("{dir}/"));
        match prepare_indexed(&request, &prefixed) {
            Ok(mut stage) => {
                as_translation(&mut stage.prepared, &dir, &root_path);
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

/// serve's: each other language of `main`'s site, prepared (nothing written), by folder, all
/// the languages' pages linked.
pub(crate) fn prepare_languages(
    req: &Request,
    main: &mut Prepared,
) -> Result<Vec<(String, Prepared)>, Failure> {
    let root_path = main.renderer.site().config.base_path().to_string();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (dir, request) in requests(req, main) {
        match super::prepare(&request, |_, _| ()) {
            Ok((mut p, ())) => {
                as_translation(&mut p, &dir, &root_path);
                out.push((dir, p));
            }
            Err(f) => errors.extend(f.errors),
        }
    }
    if !errors.is_empty() {
        return Err(Failure::from(errors));
    }
    let mut others: Vec<&mut Prepared> = out.iter_mut().map(|(_, p)| p).collect();
    link(main, &mut others);
    Ok(out)
}

/// Tell every language's pages of the others: the same page there (or that language's home),
/// the translations older than their originals (a warning and a note on the page), and how
/// many briefs are not translated.
pub(super) fn link(main: &mut Prepared, others: &mut [&mut Prepared]) {
    if others.is_empty() {
        return;
    }
    let alternate = |p: &Prepared, default: bool| {
        let r = &p.renderer;
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
    all.extend(others.iter().map(|o| alternate(o, false)));
    let site = main.renderer.site();
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
        let theirs = other.renderer.site();
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
                other.warnings.push(
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
        other.renderer.set_languages(languages);
    }
    main.renderer.set_languages(Languages {
        all,
        ..Languages::default()
    });
}
