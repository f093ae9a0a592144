//! Atom feeds (the whole site, and each domain) and the sitemap.

use serde::Serialize;
use tera::Context;

use crate::model::{ArticleId, DomainId};
use crate::render::context;
use crate::render::{Job, PageKind, Renderer};

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
    /// The same page in each language that has it (a site in several languages).
    alternates: Vec<SitemapAlternate>,
}

#[derive(Serialize)]
struct SitemapAlternate {
    code: String,
    href: String,
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    permalink: String,
    /// The entry's id when it is not its address (the changes feed's).
    id: Option<String>,
    /// The entry's last change (see `Entry::modified`).
    updated: String,
    published: String,
    summary: &'a str,
    /// The whole text, while the feed stays within [`FEED_CONTENT_BYTES`]: past it (or for a
    /// brief over [`ENTRY_CONTENT_BYTES`]), the summary and the link only.
    content: Option<&'a str>,
    author: Option<&'a str>,
    categories: Vec<String>,
}

/// A brief's text is carried whole in a feed only up to this size (HTML bytes)...
pub(crate) const ENTRY_CONTENT_BYTES: usize = 64 * 1024;
/// ...and a feed carries at most this much text in all: ten huge briefs cannot make a feed
/// of hundreds of megabytes (readers poll feeds; the build holds them in memory).
pub(crate) const FEED_CONTENT_BYTES: usize = 1024 * 1024;

impl Renderer {
    /// The feed of the whole site (`None`) or of a domain.
    pub(super) fn feed(&self, domain: Option<DomainId>) -> Job {
        Job::new(self.feed_path(domain), "atom.xml", move |r| {
            r.feed_values(domain)
        })
    }

    fn feed_path(&self, domain: Option<DomainId>) -> String {
        match domain {
            None => "feed.xml".to_string(),
            Some(d) => format!("domains/{}/feed.xml", self.site.domains[d].key),
        }
    }

    fn feed_values(&self, domain: Option<DomainId>) -> Context {
        let s = &self.site;
        let path = self.feed_path(domain);
        let (title, alternate, items): (String, String, Vec<ArticleId>) = match domain {
            None => (
                s.config.title.clone(),
                s.url(""),
                s.articles.first_ids(s.config.feed_limit),
            ),
            Some(d) => {
                let g = &s.domains[d];
                (
                    format!("{} · {}", s.config.title, g.name),
                    s.url(&format!("domains/{}/", g.key)),
                    g.articles.clone(),
                )
            }
        };
        let items = &items[..items.len().min(s.config.feed_limit)];
        let mut ctx = self.base(PageKind::Feed, &title, &s.config.description, &s.url(&path));
        let mut budget = FEED_CONTENT_BYTES;
        let entries: Vec<FeedEntry> = items
            .iter()
            .map(|&id| {
                let a = &s.articles[id];
                let html = a.rendered.html.as_str();
                let whole = html.len() <= ENTRY_CONTENT_BYTES && html.len() <= budget;
                if whole {
                    budget -= html.len();
                }
                FeedEntry {
                    title: &a.src.title,
                    permalink: s.permalink(&a.url),
                    id: None,
                    updated: a.modified().rfc3339(),
                    published: a.date().rfc3339(),
                    summary: &a.summary,
                    content: whole.then_some(html),
                    author: a.src.author.as_deref().or(a.src.source.as_deref()),
                    categories: a
                        .domains
                        .iter()
                        .map(|&d| context::domain_link(s, d).name)
                        .collect(),
                }
            })
            .collect();
        // The feed changed when its newest entry appeared or any entry last changed.
        let updated = (items.iter().map(|&id| s.articles[id].modified()))
            .max()
            .map_or_else(|| s.today.rfc3339(), |d| d.rfc3339());
        ctx.insert("feed_updated", &updated);
        ctx.insert("alternate", &s.permalink(&alternate));
        ctx.insert("entries", &entries);
        ctx
    }

    /// The sitemap's values: every HTML page, in the order of [`Renderer::jobs`].
    pub(super) fn sitemap(&self) -> Context {
        let s = &self.site;
        let urls: Vec<SitemapUrl> = self
            .jobs()
            .iter()
            .filter(|j| j.listed && j.path.ends_with("index.html"))
            .map(|j| {
                let url = s.url(j.path.trim_end_matches("index.html"));
                let alternates = (self.alternates(&url).into_iter())
                    .filter(|a| a.there)
                    .map(|a| SitemapAlternate {
                        code: a.code.to_string(),
                        href: a.permalink,
                    })
                    .collect();
                SitemapUrl {
                    loc: s.permalink(&url),
                    lastmod: j.lastmod.clone(),
                    alternates,
                }
            })
            .collect();
        let mut ctx = self.base(PageKind::Sitemap, "", "", &s.url("sitemap.xml"));
        ctx.insert("languages", &!self.languages.all.is_empty());
        ctx.insert("urls", &urls);
        ctx
    }
}
