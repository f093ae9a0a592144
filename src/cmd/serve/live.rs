//! serve's builder: keeps the last good build's model and templates ([`Live`]) and renders
//! each page when it is asked for (the rendered site is never held: at 10,000 briefs it is
//! 170 MB). For each batch of saved files it does the least work that gives the same site a
//! full build would:
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
//! Whatever the path, a change that fails keeps the last good site served and shows the
//! errors; the next change then gets a full build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::{Shared, static_files};
use crate::cmd::console;
use crate::diag::Diagnostic;
use crate::load::{self, Config};
use crate::markdown::Highlighter;
use crate::model::{ArticleId, Id, RelatedBefore, Reused};
use crate::output::Discard;
use crate::pipeline::{self, Failure, Prepared, Request as BuildRequest};
use crate::render::{Pages, Templates};

/// The last good build, as serve keeps it.
pub(crate) struct Live {
    pub(crate) prepared: Prepared,
    /// Its pages, rendered when asked for.
    pub(crate) pages: Pages,
}

/// What a batch of changed paths asks for.
#[derive(Debug, PartialEq)]
pub(super) enum Change {
    /// Nothing the site is made from (an editor's backup or swap file).
    Nothing,
    /// Files of `static/` only.
    Static,
    /// Templates only (and perhaps `static/`).
    Templates,
    /// The text of these briefs (paths from the site root), and perhaps `static/`.
    Bodies(Vec<String>),
    Everything,
}

/// Sort the changed `paths` (absolute, under `root`) into a [`Change`]. `known` tells whether
/// a path from the root is a source of the last good build (a brief or a photo).
pub(super) fn classify(root: &Path, paths: &[PathBuf], known: &dyn Fn(&str) -> bool) -> Change {
    let (mut statics, mut templates, mut bodies, mut everything) =
        (false, false, Vec::new(), false);
    for p in paths {
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel == "site.yaml" {
            everything = true;
        } else if rel.starts_with("static/") {
            statics = true;
        } else if rel.starts_with("templates/") {
            templates = true;
        } else if rel.starts_with("content/") {
            let is_md = rel.ends_with(".md");
            match (known(&rel), p.is_file()) {
                (true, true) if is_md => bodies.push(rel),
                // A brief or photo gone, a photo changed, a new brief.
                (true, _) => everything = true,
                (false, true) if is_md => everything = true,
                // Not part of the site: an editor's backup, swap or temporary file.
                _ => {}
            }
        }
    }
    bodies.sort();
    bodies.dedup();
    match (everything, templates, bodies.is_empty()) {
        (true, _, _) | (false, true, false) => Change::Everything,
        (false, true, true) => Change::Templates,
        (false, false, false) => Change::Bodies(bodies),
        (false, false, true) if statics => Change::Static,
        _ => Change::Nothing,
    }
}

/// Rebuilds the site into [`Shared`].
pub(super) struct Builder {
    pub(super) root: PathBuf,
    pub(super) base_url: String,
    pub(super) drafts: bool,
    pub(super) quiet: bool,
    pub(super) shared: Arc<Shared>,
    pub(super) highlighter: Highlighter,
}

impl Builder {
    fn request(&self) -> BuildRequest {
        BuildRequest {
            root: self.root.clone(),
            out: None,
            base_url: Some(self.base_url.clone()),
            edit_url: None,
            drafts: self.drafts,
            write: false,
            photos: true,
        }
    }

    /// Act on a batch of changed paths.
    pub(super) fn changed(&self, paths: &[PathBuf]) {
        let started = Instant::now();
        let change = {
            let live = self.shared.live.lock().unwrap_or_else(|e| e.into_inner());
            match live.as_ref() {
                // No good build to start from, or the last change failed: build it all.
                None => Change::Everything,
                Some(_) if self.has_error() => Change::Everything,
                Some(l) => {
                    let site = l.prepared.renderer.site();
                    let known = |rel: &str| {
                        site.articles.iter().any(|a| a.src.file == rel)
                            || site.pages.iter().any(|a| a.src.file == rel)
                            || site.photos.iter().any(|ph| ph.source == rel)
                    };
                    classify(&self.root, paths, &known)
                }
            }
        };
        match change {
            Change::Nothing => {}
            Change::Static => self.reload_static(started),
            Change::Templates => self.rerender(started),
            Change::Bodies(files) => {
                if !self.patch(&files, started) && !self.refresh(&files, started) {
                    self.rebuild();
                }
            }
            Change::Everything => self.rebuild(),
        }
    }

    fn has_error(&self) -> bool {
        self.shared.site.read().is_ok_and(|s| s.error.is_some())
    }

    /// A full build: load, model, and render every page once to find errors (the pages are
    /// not kept: each is rendered again when asked for); the search index and the JSON API
    /// are made when first asked for. The last good build is served meanwhile.
    pub(super) fn rebuild(&self) {
        let started = Instant::now();
        let req = self.request();
        let result = pipeline::prepare(&req, |_| ()).and_then(|(prepared, ())| {
            let (_, pages) = prepared
                .renderer
                .render_all(&Discard, &prepared.claimed)
                .map_err(|errors| Failure {
                    warnings: prepared.warnings.clone(),
                    ..Failure::from(errors)
                })?;
            Ok((prepared, pages))
        });
        match result {
            Ok((prepared, count)) => {
                console::print_all(&[], &prepared.warnings, &console::Style::default());
                let articles = prepared.renderer.site().articles.len();
                let warnings = prepared.warnings.len();
                let pages = prepared.renderer.pages();
                let old = self.install(prepared, pages);
                self.say(&format!(
                    "built {articles} articles, {count} pages in {} ms{}",
                    started.elapsed().as_millis(),
                    console::warnings_suffix(warnings)
                ));
                self.shared.broadcast("reload", "ok");
                drop(old);
            }
            Err(failure) => self.failed(failure),
        }
    }

    /// Templates changed: render every page once from the kept model, to find errors.
    fn rerender(&self, started: Instant) {
        let templates = match Templates::load(&self.root) {
            Ok(t) => t,
            Err(errors) => return self.failed(Failure::from(errors)),
        };
        let mut live = self.shared.live.lock().unwrap_or_else(|e| e.into_inner());
        let Some(l) = live.as_mut() else {
            drop(live);
            return self.rebuild();
        };
        l.prepared.renderer.set_templates(templates);
        match l
            .prepared
            .renderer
            .render_all(&Discard, &l.prepared.claimed)
        {
            Ok((_, pages)) => {
                drop(live);
                if let Ok(mut site) = self.shared.site.write() {
                    site.error = None;
                }
                self.say(&format!(
                    "templates changed: {pages} pages rendered again in {} ms (no Markdown read)",
                    started.elapsed().as_millis()
                ));
                self.shared.broadcast("reload", "ok");
            }
            Err(errors) => {
                drop(live);
                self.failed(Failure::from(errors));
            }
        }
    }

    /// `static/` changed: read its files again.
    fn reload_static(&self, started: Instant) {
        let fresh = static_files(&self.root.join("static"));
        let extras: Vec<(String, Arc<Vec<u8>>)> = {
            let live = self.shared.live.lock().unwrap_or_else(|e| e.into_inner());
            live.as_ref()
                .map(|l| held(&l.prepared).collect())
                .unwrap_or_default()
        };
        if let Ok(mut site) = self.shared.site.write() {
            // Static files may have been removed: keep only the made files, then add the
            // theme's files and what static/ has now.
            site.files.retain(|path, _| Made::of(path).is_some());
            site.files.extend(extras);
            site.files.extend(fresh);
        }
        self.say(&format!(
            "static files read again in {} ms",
            started.elapsed().as_millis()
        ));
        self.shared.broadcast("reload", "ok");
    }

    /// `files` changed, but not the address of their briefs (see
    /// [`crate::model::Moved::between`]): render each again, make again in the model what
    /// depends on the fields that changed ([`crate::model::Site::replace`]), renew what
    /// other pages show of it (its card, milestones and figures; pages are rendered when
    /// opened), and check its page and the home page. Returns false when more is needed (the
    /// site may then be partly changed; what follows replaces it).
    fn patch(&self, files: &[String], started: Instant) -> bool {
        let mut live = self.shared.live.lock().unwrap_or_else(|e| e.into_inner());
        let Some(l) = live.as_mut() else {
            return false;
        };
        let config: Config = l.prepared.renderer.site().config.clone();
        let mut shown = Vec::new();
        let (mut front_matter, mut relist) = (false, false);
        // The fields of the briefs' places that changed, and what was made again for them,
        // each named once.
        let (mut moved, mut remade): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        let mut new_warnings: Vec<Diagnostic> = Vec::new();
        for rel in files {
            let site = l.prepared.renderer.site();
            let Some(id) = site.articles.iter().position(|a| &a.src.file == rel) else {
                return false;
            };
            let mut id = ArticleId::new(id);
            let Ok(article) = load::load_one(&self.root.join(rel), rel, &config) else {
                return false; // its errors are reported by the full build
            };
            front_matter |= site.articles[id].src.front_matter() != article.front_matter();
            let (rendered, errors, warnings) =
                site.render_new_body(&self.root, &article, &self.highlighter);
            if !errors.is_empty() {
                return false;
            }
            new_warnings.extend(article.notes.iter().cloned());
            match l.prepared.renderer.replace_text(id, article, rendered) {
                None => return false,
                Some((fields, more_pages, now)) => {
                    id = now;
                    relist |= more_pages;
                    for (into, names) in [
                        (&mut moved, fields.fields()),
                        (&mut remade, fields.remade()),
                    ] {
                        for name in names {
                            if !into.contains(&name) {
                                into.push(name);
                            }
                        }
                    }
                }
            }
            new_warnings.extend(warnings);
            // Its milestones' lines may have moved.
            new_warnings.extend(l.prepared.renderer.site().milestone_warnings(id));
            let path = l.prepared.renderer.article_path(id);
            if let Some(Err(d)) = l.prepared.renderer.render_page(&l.pages, &path) {
                drop(live);
                self.failed(Failure::from(vec![d]));
                return true;
            }
            shown.push(path);
        }
        if relist {
            l.pages = l.prepared.renderer.pages();
        }
        // The home page shows the newest briefs' cards: check it too, once.
        if let Some(Err(d)) = l.prepared.renderer.render_page(&l.pages, "index.html") {
            drop(live);
            self.failed(Failure::from(vec![d]));
            return true;
        }
        // This brief's warnings are its new ones.
        l.prepared.warnings.retain(|w| !files.contains(&w.file));
        l.prepared.warnings.extend(new_warnings.iter().cloned());
        crate::diag::sort(&mut l.prepared.warnings);
        drop(live);
        self.shared.made_stale();
        console::print_all(&[], &new_warnings, &console::Style::default());
        self.say(&format!(
            "rebuilt {} in {} ms ({}; other pages show the change when opened)",
            shown.join(", "),
            started.elapsed().as_millis(),
            match (front_matter, moved.is_empty(), shown.len()) {
                (_, false, _) => format!(
                    "{} changed: {} made again in place",
                    moved.join(", "),
                    remade.join(", ")
                ),
                (false, _, 1) => "the text changed, not the front matter".to_string(),
                (false, _, _) => "the texts changed, not the front matter".to_string(),
                (true, true, 1) =>
                    "the front matter changed, not the brief's place in the site".to_string(),
                (true, true, _) =>
                    "the front matter changed, not the briefs' places in the site".to_string(),
            }
        ));
        self.shared.broadcast("reload", "ok");
        true
    }

    /// The photos or code languages of `files` (briefs of the last good build) changed, or
    /// what they say cannot be done in place ([`Builder::patch`]): read these files again and make the
    /// model anew from the kept articles, every other body taken over as it was rendered
    /// (see [`Reused`]), every related list far from them too. Then check
    /// the pages that show the change first: the briefs' own pages, their neighbours and the
    /// home page; any other page is checked when it is opened. Returns false when a full build
    /// is needed instead: a file has errors (the full build reports every one), or a brief's
    /// address changed or it became a draft or a page (other texts may link to it).
    fn refresh(&self, files: &[String], started: Instant) -> bool {
        let Some(sources) = self.kept_sources(files) else {
            return false;
        };
        let Ok((prepared, ())) = pipeline::prepare_from(&self.request(), sources, |_| ()) else {
            return false; // the full build reports the errors
        };
        let pages = prepared.renderer.pages();
        let site = prepared.renderer.site();
        let mut check = vec!["index.html".to_string()];
        for rel in files {
            if let Some(id) = site.articles.iter().position(|a| &a.src.file == rel) {
                let a = &site.articles[ArticleId::new(id)];
                for shown in [Some(ArticleId::new(id)), a.prev, a.next]
                    .into_iter()
                    .flatten()
                {
                    check.push(prepared.renderer.article_path(shown));
                }
            }
        }
        for path in &check {
            if let Some(Err(d)) = prepared.renderer.render_page(&pages, path) {
                self.failed(Failure::from(vec![d]));
                return true;
            }
        }
        let warnings: Vec<Diagnostic> = prepared
            .warnings
            .iter()
            .filter(|w| files.contains(&w.file))
            .cloned()
            .collect();
        let old = self.install(prepared, pages);
        console::print_all(&[], &warnings, &console::Style::default());
        self.say(&format!(
            "rebuilt the model for {} in {} ms (photos or code styles changed: every other text was taken over as rendered; pages are rendered when opened)",
            files.join(", "),
            started.elapsed().as_millis()
        ));
        self.shared.broadcast("reload", "ok");
        drop(old);
        true
    }

    /// Serve a new good build: its model, its static and generated files; the search index
    /// is made when next asked for. Returns the old build, for the caller to let go of after
    /// the reload is sent (freeing 10,000 briefs takes a while).
    fn install(&self, prepared: Prepared, pages: Pages) -> Option<Live> {
        let mut map = static_files(&self.root.join("static"));
        map.extend(held(&prepared));
        let old = self
            .shared
            .live
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .replace(Live { prepared, pages });
        self.shared.made_stale();
        if let Ok(mut site) = self.shared.site.write() {
            site.files = map;
            site.error = None;
        }
        old
    }

    /// The articles of the last good build with `files` read again, and the bodies the next
    /// model may take over: `None` when [`Builder::refresh`] cannot be used.
    fn kept_sources(&self, files: &[String]) -> Option<pipeline::Sources> {
        let live = self.shared.live.lock().unwrap_or_else(|e| e.into_inner());
        let l = live.as_ref()?;
        let site = l.prepared.renderer.site();
        let mut fresh: HashMap<&str, load::Article> = HashMap::new();
        let mut edited = Vec::new();
        for rel in files {
            let id = site.articles.iter().position(|d| &d.src.file == rel)?;
            let id = ArticleId::new(id);
            let old = &site.articles[id].src;
            let a = load::load_one(&self.root.join(rel), rel, &site.config).ok()?;
            if a.slug != old.slug || a.layout != old.layout || a.draft != old.draft {
                return None;
            }
            edited.push(id);
            fresh.insert(rel, a);
        }
        // Each kept body's warnings: those about its images.
        let mut warnings: HashMap<&str, Vec<Diagnostic>> = HashMap::new();
        for w in &l.prepared.warnings {
            if w.code == crate::diag::Code::ImageWithoutDescription {
                warnings.entry(w.file.as_str()).or_default().push(w.clone());
            }
        }
        let mut reuse = HashMap::new();
        let mut articles = Vec::with_capacity(site.articles.len() + site.pages.len());
        for d in site.articles.iter().chain(&site.pages) {
            let file = d.src.file.as_str();
            match fresh.remove(file) {
                Some(a) => articles.push(Arc::new(a)),
                None => {
                    let reused = Reused {
                        rendered: Arc::clone(&d.rendered),
                        warnings: warnings.remove(file).unwrap_or_default(),
                    };
                    reuse.insert(file.to_string(), reused);
                    articles.push(Arc::clone(&d.src));
                }
            }
        }
        Some(pipeline::Sources::Given {
            config: Box::new(site.config.clone()),
            articles,
            reuse,
            kept: Box::new(l.prepared.renderer.kept(files)),
            // The related lists far from the edited briefs are taken over, renumbered if a
            // date changed.
            related: Some(RelatedBefore::of(site, &edited)),
        })
    }

    fn failed(&self, failure: Failure) {
        console::print_failure(
            &failure,
            "still serving the last good build",
            &console::Style::default(),
        );
        let text: String = failure
            .errors
            .iter()
            .map(|d| d.render(false))
            .collect::<Vec<_>>()
            .join("\n");
        if let Ok(mut site) = self.shared.site.write() {
            site.error = Some(text.clone());
        }
        self.shared.broadcast("build-error", &text);
    }

    fn say(&self, line: &str) {
        if !self.quiet {
            println!("{line}");
            let _ = std::io::Write::flush(&mut std::io::stdout());
        }
    }
}

/// The files besides pages that serve holds for a build (theme assets, photos); the made
/// files are left to [`refresh_made`].
fn held(prepared: &Prepared) -> impl Iterator<Item = (String, Arc<Vec<u8>>)> + '_ {
    prepared
        .extras
        .iter()
        .filter(|f| Made::of(&f.path).is_none())
        .map(|f| (f.path.clone(), Arc::new(f.bytes.clone())))
}

/// Files serve makes from the kept model when they are first asked for after a change,
/// instead of with every rebuild: the search index (its `search/` files, not the search page)
/// and the JSON API (`api/`, when site.yaml asks for it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Made {
    Search,
    Api,
}

impl Made {
    pub(super) const ALL: [Made; 2] = [Made::Search, Made::Api];

    /// Which made files `path` (from the base path) is one of, if any.
    pub(super) fn of(path: &str) -> Option<Made> {
        Made::ALL.into_iter().find(|m| m.owns(path))
    }

    fn owns(self, path: &str) -> bool {
        match self {
            Made::Search => path.starts_with("search/") && path != "search/index.html",
            Made::Api => path.starts_with("api/"),
        }
    }

    fn make(self, site: &crate::model::Site) -> Vec<crate::output::OutFile> {
        match self {
            Made::Search => crate::search::files(site).0,
            Made::Api if site.config.api => crate::render::api::files(site),
            Made::Api => Vec::new(),
        }
    }
}

/// Make the files of `made` from the kept model, if a change made them stale, and serve them.
pub(super) fn refresh_made(shared: &Shared, made: Made) {
    let stale = &shared.stale[made as usize];
    if !stale.load(Ordering::SeqCst) {
        return;
    }
    let live = shared.live.lock().unwrap_or_else(|e| e.into_inner());
    // Another request may have made them while this one waited.
    if !stale.swap(false, Ordering::SeqCst) {
        return;
    }
    let Some(l) = live.as_ref() else {
        return;
    };
    let files = made.make(l.prepared.renderer.site());
    drop(live);
    if let Ok(mut site) = shared.site.write() {
        site.files.retain(|p, _| !made.owns(p));
        for f in files {
            site.files.insert(f.path, Arc::new(f.bytes));
        }
    }
}

/// The page at output path `path`, rendered now from the last good build, if it has one.
pub(super) fn page(shared: &Shared, path: &str) -> Option<Arc<Vec<u8>>> {
    let live = shared.live.lock().unwrap_or_else(|e| e.into_inner());
    let l = live.as_ref()?;
    match l.prepared.renderer.render_page(&l.pages, path)? {
        Ok(bytes) => Some(Arc::new(bytes)),
        Err(d) => Some(Arc::new(
            format!(
                "<!DOCTYPE html><html><body><pre>{}</pre></body></html>",
                crate::text::escape_html(&d.render(false))
            )
            .into_bytes(),
        )),
    }
}

/// Whether the last good build has a page at output path `path`.
pub(super) fn has_page(shared: &Shared, path: &str) -> bool {
    let live = shared.live.lock().unwrap_or_else(|e| e.into_inner());
    live.as_ref().is_some_and(|l| l.pages.has(path))
}

/// How long serve waits after a change for more changes before rebuilding.
pub(super) const DEBOUNCE: Duration = Duration::from_millis(100);

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(root: &Path, rels: &[&str]) -> Vec<PathBuf> {
        rels.iter().map(|r| root.join(r)).collect()
    }

    #[test]
    fn changes_are_sorted_by_what_they_need() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "content/a.md",
            "content/b.md",
            "content/new.md",
            "content/a.md~",
        ] {
            std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
            std::fs::write(root.join(f), "x").unwrap();
        }
        let known = |rel: &str| matches!(rel, "content/a.md" | "content/b.md" | "content/gone.md");
        let c = |rels: &[&str]| classify(root, &paths(root, rels), &known);
        assert_eq!(
            c(&["content/b.md", "content/a.md", "content/a.md"]),
            Change::Bodies(vec!["content/a.md".into(), "content/b.md".into()])
        );
        assert_eq!(
            c(&["content/a.md", "static/x.css"]),
            Change::Bodies(vec!["content/a.md".into()])
        );
        assert_eq!(c(&["templates/base.html"]), Change::Templates);
        assert_eq!(
            c(&["templates/base.html", "content/a.md"]),
            Change::Everything
        );
        assert_eq!(c(&["static/x.css"]), Change::Static);
        assert_eq!(c(&["site.yaml", "content/a.md"]), Change::Everything);
        assert_eq!(c(&["content/new.md"]), Change::Everything, "a new brief");
        assert_eq!(
            c(&["content/gone.md"]),
            Change::Everything,
            "a deleted brief"
        );
        // An editor's backup file is not part of the site.
        assert_eq!(c(&["content/a.md~"]), Change::Nothing);
        assert_eq!(c(&["content/.a.md.swp"]), Change::Nothing);
    }
}
