//! Model: the validated site, with everything a page shows about other articles computed once.
//!
//! Input: the config and the loaded articles. Output: a [`Site`] in which articles are sorted
//! (newest first, ties by slug), bodies are rendered to HTML, and every cross reference is a
//! typed id ([`ids`]): related articles, backlinks, previous/next within a domain, the articles
//! and milestones of each domain, region and tag, the timeline. Cross-file problems (duplicate
//! slugs, `related` or links to nothing, reserved page names) are reported here ([`checks`]).
//!
//! Nothing here walks the whole library per page: each list is built once, in one pass or
//! through an index, so the cost grows with the number of articles, not its square.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::date::Date;
use crate::diag::Diagnostic;
use crate::images::{Photo, Photos};
use crate::load::history::History;
use crate::load::{Article, Config, Layout};
use crate::markdown::{Highlighter, Rendered};
use crate::slug::link_segment;
use crate::text::truncate_chars;

mod bodies;
mod cards;
mod checks;
mod editions;
mod groups;
pub(crate) mod ids;
mod in_place;
mod past;
mod related;
mod schedule;
mod series;
mod timeline;
mod urls;

#[cfg(test)]
mod tests;

pub(crate) use editions::{Edition, Editions};
pub(crate) use ids::{ArticleId, DomainId, FigureId, Id, MilestoneId, RegionId, Table, TagId};
pub(crate) use in_place::{Moved, RelatedBefore};
pub(crate) use past::Past;
pub(crate) use schedule::Scheduled;
pub(crate) use series::SeriesData;
pub(crate) use timeline::Milestone;
pub(crate) use urls::GroupKind;

/// An article or page with its rendered body and its place in the site.
#[derive(Debug)]
pub(crate) struct Entry {
    /// Shared, so that serve's next model can take it over unchanged.
    pub src: Arc<Article>,
    /// Site-absolute path (`/repo/articles/slug/`).
    pub url: String,
    /// Shared, so that serve's next model can take it over unchanged ([`Reused`]).
    pub rendered: Arc<Rendered>,
    /// `summary:` or the first paragraph.
    pub summary: String,
    /// The article's domains, in the order written (the first is its main domain).
    pub domains: Vec<DomainId>,
    pub regions: Vec<RegionId>,
    pub tags: Vec<TagId>,
    pub related: Vec<ArticleId>,
    pub backlinks: Vec<ArticleId>,
    /// Older and newer article within the main domain.
    pub prev: Option<ArticleId>,
    pub next: Option<ArticleId>,
    pub milestones: Vec<MilestoneId>,
    /// What the repository's history says of it (empty without history).
    pub past: Past,
}

impl Entry {
    /// The day the brief last changed: the latest of its `date`, `updated`, corrections and
    /// the last commit that changed its file. Feeds, the sitemap and the JSON data give it.
    pub(crate) fn modified(&self) -> Date {
        let declared = self.src.declared_change().unwrap_or_else(|| self.date());
        self.past.changed.map_or(declared, |c| c.max(declared))
    }

    pub(crate) fn date(&self) -> Date {
        self.src.date.unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// `old` with another text (`src`, at the same address) and its rendered body: its place
    /// in the site is kept as it was (its lists, links and milestones), for
    /// [`Site::replace`] to make again what the new text changes; its summary follows the new
    /// text.
    pub(crate) fn with_body(old: &Entry, src: Article, rendered: Rendered) -> Entry {
        Entry {
            summary: summary_of(&src, &rendered),
            src: Arc::new(src),
            rendered: Arc::new(rendered),
            url: old.url.clone(),
            domains: old.domains.clone(),
            regions: old.regions.clone(),
            tags: old.tags.clone(),
            related: old.related.clone(),
            backlinks: old.backlinks.clone(),
            prev: old.prev,
            next: old.next,
            milestones: old.milestones.clone(),
            past: old.past.clone(),
        }
    }

    /// The article's main domain: the first of `domains:` (the load stage makes sure an
    /// article has one; standalone pages have none and never ask).
    pub(crate) fn main_domain(&self) -> DomainId {
        self.domains[0]
    }
}

/// The articles (and milestones, figures) of one domain, region or tag.
#[derive(Debug, Clone, Default)]
pub(crate) struct Group {
    pub key: String,
    pub name: String,
    pub description: String,
    /// URL path segment (tags: the slug, not yet percent-encoded).
    pub slug: String,
    /// Newest first.
    pub articles: Vec<ArticleId>,
    /// Timeline order.
    pub milestones: Vec<MilestoneId>,
    pub figures: Vec<FigureId>,
}

#[derive(Debug)]
pub(crate) struct Site {
    pub config: Config,
    /// "Today" for the timeline: `as_of`, SOURCE_DATE_EPOCH, or the build date.
    pub today: Date,
    /// Newest first.
    pub articles: Table<ArticleId, Entry>,
    /// Standalone pages (`layout: page`), by slug.
    pub pages: Vec<Entry>,
    pub domains: Table<DomainId, Group>,
    pub regions: Table<RegionId, Group>,
    /// Sorted by name.
    pub tags: Table<TagId, Group>,
    /// Timeline order.
    pub milestones: Table<MilestoneId, Milestone>,
    pub has_code: bool,
    pub warnings: Vec<Diagnostic>,
    /// The photos the bodies show, each once.
    pub photos: Vec<Photo>,
    /// The series of figures declared in site.yaml, with their points.
    pub series: Vec<SeriesData>,
    /// The site folder's path from the repository root (`site/` or empty).
    pub repo_prefix: String,
    /// The repository's history of the briefs, kept for briefs edited in serve.
    pub history: Option<Arc<History>>,
    /// Now, as the build counts it (see [`ModelOptions::now`]).
    pub now: (Date, u32),
    /// The briefs not yet due, soonest first (left out, or shown as 未发布 with `--future`).
    pub scheduled: Vec<Scheduled>,
    /// The numbered editions (期) of the site's serials.
    pub editions: Editions,
}

/// A body rendered by an earlier build, taken over as it is: serve's quick rebuild after a
/// front-matter edit. Valid while the file's text and every address its links resolve to are
/// unchanged, which the caller makes sure of.
#[derive(Debug, Clone)]
pub(crate) struct Reused {
    pub rendered: Arc<Rendered>,
    /// The warnings rendering it gave (images without a description).
    pub warnings: Vec<Diagnostic>,
}

pub(crate) struct ModelOptions {
    /// The site folder (photos are read from it).
    pub root: std::path::PathBuf,
    /// The site folder's path from the repository root (`site/` or empty), for edit links.
    pub repo_prefix: String,
    pub drafts: bool,
    pub today: Date,
    /// Now, as `(day, minutes after midnight)` in the site's time zone: briefs dated later are
    /// scheduled ([`schedule`]).
    pub now: (Date, u32),
    /// Include scheduled briefs (`--future`, serve), shown as not yet published.
    pub future: bool,
    /// Content files that failed to load: links and `related` pointing at them are not
    /// reported again (their own errors say what to fix).
    pub broken: HashSet<String>,
    /// Bodies rendered before, by file: these articles come without their Markdown (see
    /// [`Article::drop_body`]) and are not rendered again. Empty for `build` and `check`.
    pub reuse: HashMap<String, Reused>,
    /// The related lists of the last build, where they may be taken over (serve).
    pub related: Option<RelatedBefore>,
    /// The editions' files (`content/_editions/`).
    pub editions: Vec<crate::load::editions::EditionFile>,
    /// In the site in another language: the briefs not translated, by file, with their
    /// address in the site's own language (links to them go there).
    pub elsewhere: HashMap<String, String>,
}

impl Site {
    /// Build the model from complete articles. `partial` are articles with field errors of
    /// their own: they take part in the cross-file checks (so their broken links are reported
    /// in the same run), and their presence makes the build fail after those checks.
    pub(crate) fn build(
        config: Config,
        mut sources: Vec<Arc<Article>>,
        partial: Vec<Article>,
        opts: &ModelOptions,
        highlighter: &Highlighter,
    ) -> Result<Site, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let incomplete = !partial.is_empty();
        sources.extend(partial.into_iter().map(Arc::new));
        let scheduled = schedule::pending(&sources, opts.now);
        let left_out: Vec<Scheduled> = if opts.future {
            Vec::new()
        } else {
            scheduled.clone()
        };
        let drafts = (sources.iter())
            .filter(|a| a.draft && !opts.drafts)
            .map(|a| a.file.clone());
        let unbuilt = schedule::unbuilt(drafts, &left_out);
        let hidden = editions::hidden(sources.iter(), &unbuilt);
        let (mut arts, mut pages): (Vec<Arc<Article>>, Vec<Arc<Article>>) = sources
            .into_iter()
            .filter(|a| !unbuilt.contains_key(&a.file))
            .partition(|a| a.layout == Layout::Article);
        arts.sort_by(|a, b| newest_first(a, b));
        pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        checks::unique_slugs(&arts, &mut diags);
        checks::unique_slugs(&pages, &mut diags);
        let languages: Vec<&str> = config.languages.iter().map(|l| l.dir.as_str()).collect();
        checks::reserved(&pages, &languages, &mut diags);
        let base = config.base_path().to_string();
        let photos = Photos::new(&opts.root);
        let bodies = bodies::Bodies {
            config: &config,
            highlighter,
            photos: &photos,
            unbuilt: &unbuilt,
            broken: &opts.broken,
            reuse: &opts.reuse,
            elsewhere: &opts.elsewhere,
        };
        let (art_rendered, page_rendered, body_diags, mut warnings) =
            bodies.render_all(&mut arts, &mut pages);
        warnings.extend(
            arts.iter()
                .chain(&pages)
                .flat_map(|a| a.notes.iter().cloned()),
        );
        diags.extend(body_diags);
        let explicit = checks::resolve_related(&arts, &opts.broken, &left_out, &mut diags);
        warnings.extend(checks::related_to_scheduled(&arts, &left_out));
        checks::record_dates(&arts, opts.today, &mut diags);
        let inputs = editions::Inputs {
            files: &opts.editions,
            hidden: &hidden,
            future: opts.future,
        };
        let (editions, edition_errors, edition_warnings) =
            editions::check(&arts, &config, opts.now.0, &inputs);
        diags.extend(edition_errors);
        warnings.extend(edition_warnings);
        if !diags.is_empty() || incomplete {
            return Err(diags);
        }
        let has_code = art_rendered
            .iter()
            .chain(&page_rendered)
            .any(|r| r.has_code);
        let backlinks = related::backlinks(&arts, &art_rendered, &explicit);
        let domains = groups::domains(&config);
        let regions = groups::regions(&config);
        let mut articles: Table<ArticleId, Entry> = arts
            .into_par_iter()
            .zip(art_rendered)
            .map(|(a, r)| make_doc(a, r, &base, &domains, &regions))
            .collect::<Vec<_>>()
            .into();
        let pages: Vec<Entry> = pages
            .into_iter()
            .zip(page_rendered)
            .map(|(a, r)| make_doc(a, r, &base, &domains, &regions))
            .collect();
        for (a, links) in articles.iter_mut().zip(backlinks) {
            a.backlinks = links;
        }
        let mut site = Site {
            config,
            today: opts.today,
            articles,
            pages,
            domains,
            regions,
            tags: Table::default(),
            milestones: Table::default(),
            has_code,
            warnings,
            photos: photos.used(),
            series: Vec::new(),
            repo_prefix: opts.repo_prefix.clone(),
            history: None,
            now: opts.now,
            scheduled,
            editions,
        };
        groups::fill(&mut site);
        let related = related::related(&site, &explicit, opts.related.as_ref());
        for (a, r) in site.articles.iter_mut().zip(related) {
            a.related = r;
        }
        related::prev_next(&mut site);
        timeline::build_milestones(&mut site);
        timeline::collect_figures(&mut site);
        series::collect(&mut site);
        cards::add_card_variants(&mut site);
        editions::render_notes(&mut site, &opts.editions, highlighter);
        Ok(site)
    }
}

/// The order of articles: newest first, ties by address.
fn newest_first(a: &Article, b: &Article) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug))
}

/// The address of an article or page: `/base/articles/<slug>/` or `/base/<slug>/`.
fn doc_url(base: &str, a: &Article) -> String {
    let prefix = match a.layout {
        Layout::Article => "articles/",
        Layout::Page => "",
    };
    format!("{base}{prefix}{}/", link_segment(&a.slug))
}

fn make_doc(
    a: Arc<Article>,
    r: Arc<Rendered>,
    base: &str,
    domains: &Table<DomainId, Group>,
    regions: &Table<RegionId, Group>,
) -> Entry {
    let summary = summary_of(&a, &r);
    Entry {
        past: Past::of(None, &a),
        url: doc_url(base, &a),
        domains: groups::ids_of(&a.domains, domains),
        regions: groups::ids_of(&a.regions, regions),
        src: a,
        rendered: r,
        summary,
        related: Vec::new(),
        backlinks: Vec::new(),
        prev: None,
        next: None,
        tags: Vec::new(),
        milestones: Vec::new(),
    }
}

/// `summary:`, or the start of the first paragraph.
fn summary_of(a: &Article, r: &Rendered) -> String {
    a.summary
        .clone()
        .unwrap_or_else(|| truncate_chars(&r.first_paragraph, 160))
}
