//! Briefs whose text changed: given their new text in place ([`Session::patch`]), or the model
//! made anew around them from the kept briefs ([`Session::refresh`]).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use crate::diag::{self, Code, Diagnostic};
use crate::load::{self, Config};
use crate::model::{ArticleId, Id, RelatedBefore, Reused};
use crate::pipeline::{self, Failure};

use super::{Done, Outcome, Session, failed};

/// Each name of `names` not yet in `into`, added.
fn add_new<'a>(into: &mut Vec<&'a str>, names: Vec<&'a str>) {
    for name in names {
        if !into.contains(&name) {
            into.push(name);
        }
    }
}

impl Session {
    /// `files` changed, but not the address of their briefs (see
    /// [`crate::model::Moved::between`]): render each again, make again in the model what
    /// depends on the fields that changed ([`crate::model::Site::replace`]), renew what
    /// other pages show of it (its card, milestones and figures; pages are rendered when
    /// opened), and check its page and the home page. `None` when more is needed (the site
    /// may then be partly changed; what follows replaces it).
    pub(super) fn patch(&self, files: &[String], started: Instant) -> Option<Outcome> {
        let mut live = self.live_mut();
        let l = live.as_mut()?;
        let root = &self.request.root;
        let config: Config = l.prepared.renderer.site().config.clone();
        let mut shown = Vec::new();
        let (mut front_matter, mut relist) = (false, false);
        // The fields of the briefs' places that changed, and what was made again for them,
        // each named once.
        let (mut moved, mut remade): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        let mut new_warnings: Vec<Diagnostic> = Vec::new();
        let sources = load::facts::read_sources(root).0;
        for rel in files {
            let site = l.prepared.renderer.site();
            let id = ArticleId::new(site.articles.iter().position(|a| &a.src.file == rel)?);
            // Its errors are reported by the full build.
            let article = load::load_one(&root.join(rel), rel, &config).ok()?;
            // Its facts against its source: an error is the full build's to report.
            let (fact_errors, fact_warnings) = load::facts::check([&article], &sources);
            if !fact_errors.is_empty() {
                return None;
            }
            new_warnings.extend(fact_warnings);
            front_matter |= site.articles[id].src.front_matter() != article.front_matter();
            let (rendered, errors, warnings) =
                site.render_new_body(root, &article, &self.highlighter);
            if !errors.is_empty() {
                return None;
            }
            new_warnings.extend(article.notes.iter().cloned());
            let (fields, more_pages, id) =
                l.prepared.renderer.replace_text(id, article, rendered)?;
            relist |= more_pages;
            add_new(&mut moved, fields.fields());
            add_new(&mut remade, fields.remade());
            new_warnings.extend(warnings);
            // Its milestones' lines may have moved.
            new_warnings.extend(l.prepared.renderer.site().milestone_warnings(id));
            let path = l.prepared.renderer.article_path(id);
            if let Some(Err(d)) = l.prepared.renderer.render_page(&l.pages, &path) {
                return Some(failed(Failure::from(vec![d]), started));
            }
            shown.push(path);
        }
        if relist {
            l.pages = l.prepared.renderer.pages();
        }
        // The home page shows the newest briefs' cards: check it too, once.
        if let Some(Err(d)) = l.prepared.renderer.render_page(&l.pages, "index.html") {
            return Some(failed(Failure::from(vec![d]), started));
        }
        // These briefs' warnings are their new ones.
        l.prepared.warnings.retain(|w| !files.contains(&w.file));
        l.prepared.warnings.extend(new_warnings.iter().cloned());
        diag::sort(&mut l.prepared.warnings);
        drop(live);
        let note = match (front_matter, moved.is_empty(), shown.len()) {
            (_, false, _) => format!(
                "{} changed: {} made again in place",
                moved.join(", "),
                remade.join(", ")
            ),
            (false, _, 1) => "the text changed, not the front matter".to_string(),
            (false, _, _) => "the texts changed, not the front matter".to_string(),
            (true, true, 1) => {
                "the front matter changed, not the brief's place in the site".to_string()
            }
            (true, true, _) => {
                "the front matter changed, not the briefs' places in the site".to_string()
            }
        };
        let mut outcome = Outcome::new(Done::Patched { shown, note }, started.elapsed());
        outcome.warnings = new_warnings;
        Some(outcome)
    }

    /// The photos or code languages of `files` (briefs of the last good build) changed, or
    /// what they say cannot be done in place ([`Session::patch`]): read these files again and
    /// make the model anew from the kept articles, every other body taken over as it was
    /// rendered (see [`Reused`]), every related list far from them too. Then check the pages
    /// that show the change first: the briefs' own pages, their neighbours and the home page;
    /// any other page is checked when it is opened. `None` when a full build is needed
    /// instead: a file has errors (the full build reports every one), or a brief's address
    /// changed or it became a draft or a page (other texts may link to it).
    pub(super) fn refresh(&self, files: &[String], started: Instant) -> Option<Outcome> {
        // A site in several languages is made again whole: its languages are linked.
        if self.live().as_ref().is_some_and(|l| !l.others.is_empty()) {
            return None;
        }
        let sources = self.kept_sources(files)?;
        // Errors: the full build reports them.
        let (prepared, ()) = pipeline::prepare_from(&self.request, sources, |_, _| ()).ok()?;
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
                return Some(failed(Failure::from(vec![d]), started));
            }
        }
        let warnings: Vec<Diagnostic> = (prepared.warnings.iter())
            .filter(|w| files.contains(&w.file))
            .cloned()
            .collect();
        let done = Done::Refreshed {
            files: files.to_vec(),
        };
        let mut outcome = self.install(prepared, pages, Vec::new(), done, started);
        outcome.warnings = warnings;
        Some(outcome)
    }

    /// The articles of the last good build with `files` read again, and the bodies the next
    /// model may take over: `None` when [`Session::refresh`] cannot be used.
    fn kept_sources(&self, files: &[String]) -> Option<pipeline::Sources> {
        let live = self.live();
        let l = live.as_ref()?;
        let site = l.prepared.renderer.site();
        let mut fresh: HashMap<&str, load::Article> = HashMap::new();
        let mut edited = Vec::new();
        for rel in files {
            let id = ArticleId::new(site.articles.iter().position(|d| &d.src.file == rel)?);
            let old = &site.articles[id].src;
            let a = load::load_one(&self.request.root.join(rel), rel, &site.config).ok()?;
            if a.slug != old.slug || a.layout != old.layout || a.draft != old.draft {
                return None;
            }
            edited.push(id);
            fresh.insert(rel, a);
        }
        // Each kept body's warnings: those about its images.
        let mut warnings: HashMap<&str, Vec<Diagnostic>> = HashMap::new();
        for w in &l.prepared.warnings {
            if w.code == Code::ImageWithoutDescription {
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
}
