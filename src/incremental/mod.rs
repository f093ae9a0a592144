//! serve's quick rebuild, in one room: a [`Session`] keeps the last good build's model and
//! templates and renders each page when it is asked for (the rendered site is never held: at
//! 10,000 briefs it is 170 MB). [`Session::apply`] takes a batch of saved files and does the
//! least work that gives the same site a full build would, returning an [`Outcome`]; serve
//! only watches files, hands their paths over, and prints, serves and reloads what the
//! outcome says.
//!
//! | what changed | what is done |
//! |---|---|
//! | briefs, but not their place in the site (address, date, domains, regions, tags, `related`, milestones, figures), their links and photos | each brief is read and rendered again, and what other pages show of it (card, milestones, figures) made again; its page and the home page are checked, other pages when opened (pages are made from the model when asked for); the search index and the JSON API are made again when next asked for |
//! | the dates, tags, domains, regions, milestones, figures, `related` or links of briefs (their address unchanged, every `related` naming a brief), their photos unchanged | as above, and what depends on those fields is made again in place ([`crate::model::Site::replace`]): a new date moves the brief among the others (those it passes are renumbered); the lists of its tags, domains and regions, previous and next, the timeline, the key figures and series, the related lists near each brief, the backlinks of the briefs a `related` or a link names or named (a tag new to the site is made, one no brief has any more goes, one whose newest brief writes it otherwise is renamed and the cards showing it made again); the list of pages too if a list gained or lost a page, or the order, the timeline or figures changed |
//! | the photos of briefs or the code languages they show (their addresses unchanged), or a `related` naming no brief (an error) | these briefs are read again and the model made anew from the kept ones, every other text taken over as rendered, and every related list far from them (renumbered if a date changed); their pages, their neighbours and the home page are checked, other pages when opened |
//! | templates only | every page is rendered once from the kept model to find errors: no Markdown is read or parsed |
//! | `static/` only | the static files are read again |
//! | anything else (`site.yaml`, a new, deleted or renamed brief, a new address, a photo) | a full build |
//!
//! Whatever the path, a change that fails keeps the last good site served and reports the
//! errors; the next change then gets a full build.
//!
//! The pieces each stage changes in place live with that stage: [`crate::model::Site::replace`]
//! and `RelatedBefore` in `model/in_place/`, `Renderer::replace_text` and `Kept` in
//! `render/in_place.rs`; [`crate::pipeline::Sources::Given`] is how a refresh hands the kept
//! briefs to the pipeline.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;
use crate::markdown::Highlighter;
use crate::output::{Discard, OutFile};
use crate::pipeline::{self, Failure, Prepared, Request};
use crate::render::{Pages, Templates};

mod change;
mod in_place;
mod made;
mod outcome;

use change::{Change, classify};
pub(crate) use made::Made;
pub(crate) use outcome::{Done, Outcome};

/// How long to wait after a change for more changes before acting on them.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(100);

/// The last good build, as a session keeps it.
pub(crate) struct Live {
    prepared: Prepared,
    /// Its pages, rendered when asked for.
    pages: Pages,
    /// The site in its other languages, by folder (`en`): made again by every full build
    /// (an edit made in place shows in the site's own language).
    others: Vec<(String, Prepared, Pages)>,
}

/// A site built in memory and kept up to date, change by change.
pub(crate) struct Session {
    request: Request,
    highlighter: Highlighter,
    /// The last good build; `None` until the first build succeeds. Page requests and the
    /// template check read it together; only a change written in place or a new build
    /// swapped in holds it alone, briefly.
    live: RwLock<Option<Live>>,
    /// The last change failed: the next gets a full build.
    failed: AtomicBool,
}

impl Session {
    /// A session for the site at `root`, its pages addressed from `base_url` (serve's own
    /// address, with the site's sub-path); nothing is built until [`Session::rebuild`]. The
    /// root is made absolute: changed paths come from the watcher as absolute paths.
    pub(crate) fn new(root: PathBuf, base_url: String, drafts: bool) -> Session {
        Session {
            request: Request {
                root: root.canonicalize().unwrap_or(root),
                out: None,
                base_url: Some(base_url),
                edit_url: None,
                drafts,
                // serve shows what is scheduled, marked as not yet published.
                future: true,
                links: None,
                china: false,
                write: false,
                photos: true,
                pdf: false,
                language: None,
                originals: None,
            },
            highlighter: Highlighter::default(),
            live: RwLock::new(None),
            failed: AtomicBool::new(false),
        }
    }

    /// The site's folder, absolute.
    pub(crate) fn root(&self) -> &Path {
        &self.request.root
    }

    fn live(&self) -> RwLockReadGuard<'_, Option<Live>> {
        self.live.read().unwrap_or_else(|e| e.into_inner())
    }

    fn live_mut(&self) -> RwLockWriteGuard<'_, Option<Live>> {
        self.live.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Act on a batch of changed paths (absolute, under the root).
    pub(crate) fn apply(&self, paths: &[PathBuf]) -> Outcome {
        let started = Instant::now();
        let change = match self.live().as_ref() {
            // No good build to start from, or the last change failed: build it all.
            None => Change::Everything,
            Some(_) if self.failed.load(Ordering::SeqCst) => Change::Everything,
            Some(l) => {
                let site = l.prepared.renderer.site();
                let sources = (site.articles.iter().chain(&site.pages))
                    .map(|a| a.src.file.as_str())
                    .chain(site.photos.iter().map(|ph| ph.source.as_str()));
                let sources: Vec<&str> = sources.collect();
                // A file, or (ending in `/`) a folder holding one.
                let known = |rel: &str| match rel.strip_suffix('/') {
                    Some(dir) => sources.iter().any(|s| {
                        s.strip_prefix(dir)
                            .is_some_and(|rest| rest.starts_with('/'))
                    }),
                    None => sources.contains(&rel),
                };
                classify(self.root(), paths, &known)
            }
        };
        let outcome = match change {
            Change::Nothing => Outcome::new(Done::Nothing, started.elapsed()),
            Change::Static => self.reload_static(started),
            Change::Templates => self.rerender(started),
            Change::Bodies(files) => self
                .patch(&files, started)
                .or_else(|| self.refresh(&files, started))
                .unwrap_or_else(|| self.rebuild()),
            Change::Everything => self.rebuild(),
        };
        let failed = matches!(outcome.done, Done::Failed(_));
        if failed || outcome.reload() {
            self.failed.store(failed, Ordering::SeqCst);
        }
        outcome
    }

    /// A full build: load, model, and render every page once to find errors (the pages are
    /// not kept: each is rendered again when asked for). The last good build is served
    /// meanwhile: the lock is taken only to swap the new one in.
    pub(crate) fn rebuild(&self) -> Outcome {
        let started = Instant::now();
        let result = pipeline::prepare(&self.request, |_, _| ()).and_then(|(mut prepared, ())| {
            let others = pipeline::prepare_languages(&self.request, &mut prepared)?;
            let mut count = 0;
            for p in std::iter::once(&prepared).chain(others.iter().map(|(_, p)| p)) {
                let (_, pages) =
                    (p.renderer.render_all(&Discard, &p.claimed)).map_err(|errors| Failure {
                        warnings: p.warnings.clone(),
                        ..Failure::from(errors)
                    })?;
                count += pages;
            }
            Ok((prepared, others, count))
        });
        let outcome = match result {
            Ok((prepared, others, count)) => {
                let done = Done::Rebuilt {
                    articles: prepared.renderer.site().articles.len(),
                    pages: count,
                    warnings: prepared.warnings.len(),
                };
                let mut warnings = prepared.warnings.clone();
                warnings.extend(others.iter().flat_map(|(_, p)| p.warnings.iter().cloned()));
                let pages = prepared.renderer.pages();
                let others = (others.into_iter())
                    .map(|(dir, p)| {
                        let pages = p.renderer.pages();
                        (dir, p, pages)
                    })
                    .collect();
                let mut outcome = self.install(prepared, pages, others, done, started);
                outcome.warnings = warnings;
                outcome
            }
            Err(failure) => Outcome::new(Done::Failed(failure), started.elapsed()),
        };
        self.failed
            .store(matches!(outcome.done, Done::Failed(_)), Ordering::SeqCst);
        outcome
    }

    /// Templates changed: render every page once from the kept model, to find errors.
    fn rerender(&self, started: Instant) -> Outcome {
        let templates = match Templates::load(self.root()) {
            Ok(t) => t,
            Err(errors) => return failed(Failure::from(errors), started),
        };
        let mut live = self.live_mut();
        let Some(l) = live.as_mut() else {
            drop(live);
            return self.rebuild();
        };
        l.prepared.renderer.set_templates(templates);
        drop(live);
        // Every page rendered once to find errors, while pages are still answered.
        let live = self.live();
        let Some(l) = live.as_ref() else {
            drop(live);
            return self.rebuild();
        };
        let rendered = l
            .prepared
            .renderer
            .render_all(&Discard, &l.prepared.claimed);
        drop(live);
        match rendered {
            Ok((_, pages)) => Outcome::new(Done::Templates { pages }, started.elapsed()),
            Err(errors) => failed(Failure::from(errors), started),
        }
    }

    /// `static/` changed: read its files again.
    fn reload_static(&self, started: Instant) -> Outcome {
        let mut files = read(&crate::load::statics(self.root()).files);
        if let Some(l) = self.live().as_ref() {
            files.extend(held(&l.prepared));
        }
        let mut outcome = Outcome::new(Done::Static, started.elapsed());
        outcome.files = Some(files);
        outcome
    }

    /// Keep a new good build: its model, and the files to serve with it. The old build is
    /// handed back in the outcome, to be freed once the reload is sent.
    fn install(
        &self,
        prepared: Prepared,
        pages: Pages,
        others: Vec<(String, Prepared, Pages)>,
        done: Done,
        started: Instant,
    ) -> Outcome {
        let mut files = read(&prepared.statics);
        files.extend(held(&prepared));
        // The other languages' files, made now: their search index and data are not made on
        // demand.
        for (dir, p, _) in &others {
            let site = p.renderer.site();
            let made = Made::ALL.into_iter().flat_map(|m| m.make(site));
            let own = held(p).chain(made.map(|f| (f.path, Arc::new(f.bytes))));
            files.extend(own.map(|(path, bytes)| (format!("{dir}/{path}"), bytes)));
        }
        let live = Live {
            prepared,
            pages,
            others,
        };
        let retired = self.live_mut().replace(live);
        let mut outcome = Outcome::new(done, started.elapsed());
        outcome.files = Some(files);
        outcome.retired = retired;
        outcome
    }

    /// The page at output path `path`, rendered now from the last good build, if it has one.
    pub(crate) fn page(&self, path: &str) -> Option<Result<Vec<u8>, Diagnostic>> {
        let live = self.live();
        let l = live.as_ref()?;
        match l.language_of(path) {
            Some((p, pages, rest)) => p.renderer.render_page(pages, rest),
            None => l.prepared.renderer.render_page(&l.pages, path),
        }
    }

    /// Whether the last good build has a page at output path `path`.
    pub(crate) fn has_page(&self, path: &str) -> bool {
        self.live()
            .as_ref()
            .is_some_and(|l| match l.language_of(path) {
                Some((_, pages, rest)) => pages.has(rest),
                None => l.pages.has(path),
            })
    }

    /// The files of `made`, made now from the last good build (`None` before the first).
    pub(crate) fn make(&self, made: Made) -> Option<Vec<OutFile>> {
        let live = self.live();
        Some(made.make(live.as_ref()?.prepared.renderer.site()))
    }
}

impl Live {
    /// The other language whose folder `path` is in, and the path within it.
    fn language_of<'a>(&self, path: &'a str) -> Option<(&Prepared, &Pages, &'a str)> {
        self.others.iter().find_map(|(dir, p, pages)| {
            let rest = path.strip_prefix(dir.as_str())?.strip_prefix('/')?;
            Some((p, pages, rest))
        })
    }
}

fn failed(failure: Failure, started: Instant) -> Outcome {
    Outcome::new(Done::Failed(failure), started.elapsed())
}

/// The bytes of `static/` files, read now, by output path.
fn read(files: &[crate::load::StaticFile]) -> HashMap<String, Arc<Vec<u8>>> {
    files
        .iter()
        .filter_map(|f| Some((f.path.clone(), Arc::new(std::fs::read(&f.source).ok()?))))
        .collect()
}

/// The files besides pages that a build holds (theme assets, photos); the made files are
/// left to [`Session::make`].
fn held(prepared: &Prepared) -> impl Iterator<Item = (String, Arc<Vec<u8>>)> + '_ {
    prepared
        .extras
        .iter()
        .filter(|f| Made::of(&f.path).is_none())
        .map(|f| (f.path.clone(), Arc::new(f.bytes.clone())))
}
