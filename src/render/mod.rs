//! Render: the model through Tera templates into files (in memory; `output` writes them).
//!
//! Templates come from [`templates`]; the values they get are documented in [`context`]. Which
//! page gets which template:
//!
//! | page | template | output |
//! |---|---|---|
//! | home | `index.html` | `index.html` |
//! | article | `article.html` | `articles/<slug>/index.html` |
//! | standalone page | `page.html` | `<slug>/index.html` |
//! | all articles, a region, a tag | `list.html` | `articles/`, `regions/<key>/`, `tags/<tag>/` (+ `page/<n>/`) |
//! | a domain | `domain.html` | `domains/<key>/` (+ `page/<n>/`) |
//! | domain overview | `domains.html` | `domains/index.html` |
//! | region and tag overviews | `terms.html` | `regions/index.html`, `tags/index.html` |
//! | timeline | `timeline.html` | `timeline/`, `timeline/<domain>/` (+ `<year>/` when split) |
//! | key figures | `figures.html` | `figures/index.html`, `figures/<domain>/` |
//! | search | `search.html` | `search/index.html` (the index itself: [`crate::search`]) |
//! | not found | `404.html` | `404.html` |
//! | 往期, a serial | `editions.html` | `editions/`, `editions/<serial>/` |
//! | an edition, its print view | `edition.html`, `print.html` | `editions/<serial>/<n>/`, `…/print/` |
//! | Atom feeds | `atom.xml` | `feed.xml`, `domains/<key>/feed.xml`, `editions/<serial>/feed.xml` |
//! | sitemap, robots | `sitemap.xml`, `robots.txt` | same |
//!
//! Besides pages: [`api`] writes the JSON data files and [`assets`] the theme's own files.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diag::{Code, Diagnostic};
use crate::model::{ArticleId, Id, MilestoneId, Site};
use crate::output::{OutFile, Sink};
use crate::text::short_hash;

pub(crate) mod api;
mod assets;
mod budget;
mod changes;
mod charts;
pub(crate) mod context;
mod digest;
mod editions;
mod fact_log;
mod feeds;
mod in_place;
mod languages;
mod links;
mod lists;
mod pages;
mod redirects;
mod share;
pub(crate) mod templates;
mod timeline;
mod watch;

pub(crate) use digest::{Digest, Selection};
pub(crate) use editions::ToPrint;
pub(crate) use fact_log::fact_log;

pub(crate) use assets::{Theme, ThemeAsset};
use budget::Budgeted;
use context::{Assets, Shared};
pub(crate) use in_place::Kept;
pub(crate) use languages::{Alternate, Languages};
pub(crate) use templates::Templates;
pub(crate) use watch::on_runaway;

/// What a page is: `page_kind` in templates (and `kind-…` on `<body>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    Home,
    Article,
    Page,
    Articles,
    Domain,
    Region,
    Tag,
    Domains,
    Regions,
    Tags,
    Timeline,
    Figures,
    Search,
    NotFound,
    Feed,
    Sitemap,
    Robots,
    Changes,
    Redirect,
    Editions,
    Edition,
    Print,
    Digest,
}

impl PageKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Article => "article",
            PageKind::Page => "page",
            PageKind::Articles => "articles",
            PageKind::Domain => "domain",
            PageKind::Region => "region",
            PageKind::Tag => "tag",
            PageKind::Domains => "domains",
            PageKind::Regions => "regions",
            PageKind::Tags => "tags",
            PageKind::Timeline => "timeline",
            PageKind::Figures => "figures",
            PageKind::Search => "search",
            PageKind::NotFound => "404",
            PageKind::Feed => "feed",
            PageKind::Sitemap => "sitemap",
            PageKind::Robots => "robots",
            PageKind::Changes => "changes",
            PageKind::Redirect => "redirect",
            PageKind::Editions => "editions",
            PageKind::Edition => "edition",
            PageKind::Print => "print",
            PageKind::Digest => "digest",
        }
    }
}

/// A page to render: output path, template, and how to make its own values.
///
/// The values are made when the page is rendered, on the rendering thread, and dropped right
/// after: listing the pages costs only their paths (serve lists them after each front-matter
/// edit and renders a page when it is opened), the pages' values are made in parallel, and a
/// build never holds every page's values (article pages carry their whole text) at once.
#[derive(Clone)]
struct Job {
    path: String,
    /// The content file the page comes from, if one does (for clash reports).
    origin: Option<String>,
    template: &'static str,
    values: Values,
    /// For the sitemap.
    lastmod: Option<String>,
    /// In the sitemap (a redirect page is not).
    listed: bool,
}

/// How to make a page's own values from the model.
type Values = Arc<dyn Fn(&Renderer) -> Context + Send + Sync>;

impl Job {
    fn new(
        path: impl Into<String>,
        template: &'static str,
        values: impl Fn(&Renderer) -> Context + Send + Sync + 'static,
    ) -> Job {
        Job {
            path: path.into(),
            origin: None,
            template,
            values: Arc::new(values),
            lastmod: None,
            listed: true,
        }
    }
}

/// Every page of a site by output path, to be rendered when asked for.
pub(crate) struct Pages {
    jobs: std::collections::HashMap<String, Job>,
    global: Context,
}

impl Pages {
    pub(crate) fn has(&self, path: &str) -> bool {
        self.jobs.contains_key(path)
    }
}

/// Renders the pages of a site. It owns the model and the templates, so that `serve` can keep
/// it between edits and render each page when it is asked for ([`Renderer::render_page`]),
/// after a body changed ([`Renderer::replace_text`]) or a template did
/// ([`Renderer::set_templates`]), without loading or modelling anything again.
pub(crate) struct Renderer {
    site: Site,
    templates: Templates,
    shared: Shared,
    assets: Assets,
    /// The pages being rendered, watched for a loop or a string without end.
    watch: Arc<watch::Watch>,
    /// The editions are printed to PDF (`build --pdf`): their pages link the PDF.
    pdf: bool,
    /// The page each brief of an edition starts on in its PDF, by edition, once printed.
    print_pages: std::collections::HashMap<usize, Vec<usize>>,
    /// The site's other languages, as this one's pages link to them.
    languages: Languages,
}

impl Renderer {
    /// Asset URLs carry a version made from the bytes actually published.
    /// `kept`: values of an earlier build that may be taken over (see [`Kept`]).
    pub(crate) fn new(
        site: Site,
        templates: Templates,
        theme: &Theme,
        syntax_css: Option<&str>,
        kept: Option<&Kept>,
    ) -> Renderer {
        let versioned =
            |path: &str, bytes: &[u8]| format!("{}?v={}", site.url(path), short_hash(bytes));
        let theme = |a: ThemeAsset| versioned(a.path(), theme.bytes(a));
        let assets = Assets {
            style: theme(ThemeAsset::Style),
            syntax: syntax_css.map(|css| versioned("assets/syntax.css", css.as_bytes())),
            timeline_js: theme(ThemeAsset::TimelineScript),
            search_js: theme(ThemeAsset::SearchScript),
        };
        Renderer {
            shared: context::shared(&site, kept),
            site,
            templates,
            assets,
            watch: watch::Watch::start(),
            pdf: false,
            print_pages: std::collections::HashMap::new(),
            languages: Languages::default(),
        }
    }

    /// Every template in use, as `(file, text)`: the site's own and the built-in ones it does
    /// not replace.
    pub(crate) fn template_sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.templates.sources()
    }

    pub(crate) fn site(&self) -> &Site {
        &self.site
    }

    /// Use other templates (the model and the values made from it stay).
    pub(crate) fn set_templates(&mut self, templates: Templates) {
        self.templates = templates;
    }

    fn global(&self) -> Context {
        let mut global = Context::new();
        global.insert("site", &context::site(&self.site));
        global.insert("t", self.site.config.strings.map());
        global.insert("assets", &self.assets);
        global
    }

    /// Every page, by output path, ready to be rendered one at a time ([`Renderer::render_page`]):
    /// what `serve` keeps instead of the rendered pages.
    pub(crate) fn pages(&self) -> Pages {
        Pages {
            jobs: self
                .jobs()
                .into_iter()
                .map(|j| (j.path.clone(), j))
                .collect(),
            global: self.global(),
        }
    }

    /// The output path of article `id`'s page.
    pub(crate) fn article_path(&self, id: ArticleId) -> String {
        self.article(id).path
    }

    /// The page at output path `path` (`articles/a/index.html`), if there is one, rendered now
    /// from the model as it is.
    pub(crate) fn render_page(
        &self,
        pages: &Pages,
        path: &str,
    ) -> Option<Result<Vec<u8>, Diagnostic>> {
        let job = pages.jobs.get(path)?.clone();
        Some(self.render_bytes(&pages.global, job))
    }

    /// Render all pages into `sink`, in parallel; template errors are collected (once per
    /// distinct error). Returns how many files and how many HTML pages were produced.
    pub(crate) fn render_all(
        &self,
        sink: &dyn Sink,
        claimed: &[(String, String)],
    ) -> Result<(usize, usize), Vec<Diagnostic>> {
        let jobs = self.jobs();
        let mut problems = self.alias_clashes(&jobs, claimed);
        problems.extend(self.site_link_problems(&jobs, claimed));
        if !problems.is_empty() {
            return Err(problems);
        }
        let pages = jobs.iter().map(|j| {
            let origin = j
                .origin
                .clone()
                .unwrap_or_else(|| crate::output::GENERATED.into());
            (j.path.clone(), origin)
        });
        let clashes = crate::output::clashes(pages.chain(claimed.iter().cloned()).collect());
        if !clashes.is_empty() {
            return Err(clashes);
        }
        let global = self.global();
        let pages = jobs.iter().filter(|j| j.path.ends_with(".html")).count();
        let files = jobs.len();
        let errors: Vec<Diagnostic> = jobs
            .into_par_iter()
            .filter_map(|job| self.render_one(&global, job, sink))
            .collect();
        let mut seen = BTreeSet::new();
        let errors: Vec<Diagnostic> = errors
            .into_iter()
            .filter(|d| seen.insert((d.file.clone(), d.line, d.col, d.message.clone())))
            .collect();
        if errors.is_empty() {
            Ok((files, pages))
        } else {
            Err(errors)
        }
    }

    fn render_one(&self, global: &Context, job: Job, sink: &dyn Sink) -> Option<Diagnostic> {
        let path = job.path.clone();
        match self.render_bytes(global, job) {
            Ok(bytes) => sink
                .put(OutFile {
                    path: path.clone(),
                    bytes,
                })
                .err()
                .map(|e| Diagnostic::error(Code::WriteFailed, path, e.to_string())),
            Err(d) => Some(d),
        }
    }

    /// One page's bytes.
    fn render_bytes(&self, global: &Context, job: Job) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = global.clone();
        ctx.extend((job.values)(self));
        // Render straight into bytes: the output is written as bytes anyway, so the UTF-8
        // check `render` would do on every page is skipped.
        let mut out = Budgeted::new(Vec::with_capacity(16 * 1024));
        budget::start_page();
        let file = self.templates.file_of(job.template);
        let _watched = self.watch.page(&job.path, job.template, file);
        let rendered = self.templates.tera.render_to(job.template, &ctx, &mut out);
        if out.spent.is_some() {
            return Err(self
                .templates
                .over_budget(job.template, &job.path, out.spent));
        }
        rendered.map_err(|e| self.templates.error(&e, &format!("/{}", job.path)))?;
        let mut bytes = out.bytes;
        if job.path.ends_with(".html") {
            crate::text::strip_indentation(&mut bytes);
        }
        Ok(bytes)
    }

    /// The values every page gets besides the global ones.
    fn base(&self, kind: PageKind, title: &str, description: &str, url: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert("has_code", &false);
        ctx.insert("page_kind", kind.name());
        ctx.insert("title", title);
        ctx.insert("description", description);
        ctx.insert("current_url", url);
        ctx.insert("permalink", &self.site.permalink(url));
        // Structured data and the share card's picture: pages with their own set them.
        ctx.insert("json_ld", "");
        ctx.insert("share_image", &self.site_share_image());
        // Only a site in several languages has them: one language's pages are as before.
        if !self.languages.all.is_empty() {
            ctx.insert("alternates", &self.alternates(url));
            ctx.insert("untranslated_note", &self.untranslated_note(None));
        }
        ctx
    }

    fn cards(&self, items: &[ArticleId]) -> Value {
        Value::from(
            items
                .iter()
                .map(|&i| self.shared.cards[i.index()].clone())
                .collect::<Vec<_>>(),
        )
    }

    fn milestones(&self, items: &[MilestoneId]) -> Value {
        Value::from(
            items
                .iter()
                .map(|&i| self.shared.milestones[i.index()].clone())
                .collect::<Vec<_>>(),
        )
    }
}

/// The files a body links to, each once, sorted.
fn targets(r: &crate::markdown::Rendered) -> Vec<&str> {
    let mut t: Vec<&str> = r.md_links.iter().map(|l| l.target_file.as_str()).collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// The photos a body shows, sorted.
fn photos(r: &crate::markdown::Rendered) -> Vec<&str> {
    let mut t: Vec<&str> = r.images.iter().map(|i| i.target_file.as_str()).collect();
    t.sort_unstable();
    t
}
