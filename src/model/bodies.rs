//! The bodies of briefs and pages rendered to HTML (in parallel, or one for serve), with the
//! problems of their links and photos.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::{ArticleId, Reused, Site, checks, doc_url, schedule, timeline};
use crate::diag::Diagnostic;
use crate::images::{Photo, Photos};
use crate::load::{Article, Config};
use crate::markdown::{self, Highlighter, LinkTarget, RenderOptions, Rendered};

/// What rendering the bodies needs.
pub(super) struct Bodies<'a> {
    pub config: &'a Config,
    pub highlighter: &'a Highlighter,
    pub photos: &'a Photos,
    pub unbuilt: &'a schedule::Unbuilt,
    pub broken: &'a HashSet<String>,
    pub reuse: &'a HashMap<String, Reused>,
    /// The briefs not in this language, by file, with their address in the site's own.
    pub elsewhere: &'a HashMap<String, String>,
}

impl Bodies<'_> {
    /// Render every body in parallel (`.md` links resolve to the address of the file's
    /// article) and check its links and photos; then forget its Markdown (see
    /// [`Article::drop_body`]), so the sources and their HTML are not all held at once.
    /// Returns the articles' and pages' rendered bodies, the errors and the warnings.
    #[allow(clippy::type_complexity)]
    pub(super) fn render_all(
        &self,
        arts: &mut [Arc<Article>],
        pages: &mut [Arc<Article>],
    ) -> (
        Vec<Arc<Rendered>>,
        Vec<Arc<Rendered>>,
        Vec<Diagnostic>,
        Vec<Diagnostic>,
    ) {
        let base = self.config.base_path();
        let mut by_file: HashMap<String, String> = arts
            .iter()
            .chain(pages.iter())
            .map(|a| (a.file.clone(), doc_url(base, a)))
            .collect();
        // In a translation, a link to a brief (`b.md`) goes to its translation (`b.en.md`),
        // else to the brief in the site's own language.
        let translated = (arts.iter().chain(pages.iter()))
            .filter_map(|a| Some((a.original.clone()?, doc_url(base, a))))
            .collect::<Vec<_>>();
        by_file.extend(translated);
        for (file, url) in self.elsewhere {
            by_file.entry(file.clone()).or_insert_with(|| url.clone());
        }
        // A brief not yet published: a link to it is shown as its text alone until then.
        by_file.extend(
            (self.unbuilt.iter())
                .filter(|(_, at)| at.is_some())
                .map(|(file, _)| (file.clone(), String::new())),
        );
        let resolve = |file: &str| by_file.get(file).map(|url| LinkTarget { url: url.clone() });
        let photo = |file: &str| self.photos.inspect(file);
        let one = |a: &mut Arc<Article>| {
            let cover = checks::cover(a, &photo);
            if let Some(old) = self.reuse.get(&a.file) {
                self.highlighter.note_classes(&old.rendered.code_classes);
                return (Arc::clone(&old.rendered), Vec::new(), old.warnings.clone());
            }
            let r = render_body(self.config, a, self.highlighter, &resolve, &photo);
            let (mut errors, mut warnings) = (Vec::new(), Vec::new());
            errors.extend(cover);
            checks::links(a, &r, self.unbuilt, self.broken, &mut errors);
            checks::links_to_scheduled(a, &r, self.unbuilt, &mut warnings);
            checks::images(a, &r, &mut errors, &mut warnings);
            // A fresh article is not shared yet: no copy is made.
            Arc::make_mut(a).drop_body();
            (Arc::new(r), errors, warnings)
        };
        let split = |all: Vec<(Arc<Rendered>, Vec<Diagnostic>, Vec<Diagnostic>)>,
                     errors: &mut Vec<Diagnostic>,
                     warnings: &mut Vec<Diagnostic>| {
            all.into_iter()
                .map(|(r, e, w)| {
                    errors.extend(e);
                    warnings.extend(w);
                    r
                })
                .collect::<Vec<_>>()
        };
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        let a = split(
            arts.par_iter_mut().map(one).collect(),
            &mut errors,
            &mut warnings,
        );
        let p = split(
            pages.par_iter_mut().map(one).collect(),
            &mut errors,
            &mut warnings,
        );
        (a, p, errors, warnings)
    }
}

/// Render one body: `.md` links resolve through `resolve`, photos are read through `photo`.
fn render_body(
    config: &Config,
    a: &Article,
    highlighter: &Highlighter,
    resolve: &(dyn Fn(&str) -> Option<LinkTarget> + Sync),
    photo: &(dyn Fn(&str) -> Result<Photo, String> + Sync),
) -> Rendered {
    markdown::to_html(
        a.body(),
        &RenderOptions {
            unsafe_html: config.unsafe_html,
            base_path: config.base_path(),
            highlighter,
            file: &a.file,
            body_line: a.body_line,
            resolve,
            photo,
        },
    )
}

impl Site {
    /// The warnings about article `id`'s milestones (those planned for a period that has
    /// ended), as [`Site::build`] gives them.
    pub(crate) fn milestone_warnings(&self, id: ArticleId) -> Vec<Diagnostic> {
        timeline::milestones_of(self, id, &self.articles[id]).1
    }

    /// A new text of one of the site's articles, rendered as [`Site::build`] renders bodies
    /// (its links resolve to the site's articles and pages as they are), with the errors
    /// and warnings its links and photos get. For `serve`'s quick rebuild of one brief.
    pub(crate) fn render_new_body(
        &self,
        root: &std::path::Path,
        a: &Article,
        highlighter: &Highlighter,
    ) -> (Rendered, Vec<Diagnostic>, Vec<Diagnostic>) {
        let resolve = |file: &str| {
            self.articles
                .iter()
                .chain(&self.pages)
                .find(|d| d.src.file == file)
                .map(|d| LinkTarget { url: d.url.clone() })
        };
        let photos = Photos::new(root);
        let photo = |file: &str| photos.inspect(file);
        let r = render_body(&self.config, a, highlighter, &resolve, &photo);
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        checks::links(a, &r, &HashMap::new(), &HashSet::new(), &mut errors);
        checks::images(a, &r, &mut errors, &mut warnings);
        (r, errors, warnings)
    }
}
