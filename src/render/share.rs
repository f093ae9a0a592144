//! What a shared link shows, and what search engines read: the structured data (JSON-LD,
//! schema.org) of the home page and the search page (`WebSite` with a `SearchAction`) and of a
//! brief (`NewsArticle` and its `BreadcrumbList`). The Open Graph and Twitter tags are in
//! `base.html`, from the values every page has.

use serde_json::{Value, json};

use crate::model::ArticleId;
use crate::render::Renderer;

/// The picture of a share card: its full address and size.
#[derive(serde::Serialize)]
pub(crate) struct ShareImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

impl Renderer {
    /// The site's own picture (`share_image:`), for pages without one of their own.
    pub(super) fn site_share_image(&self) -> Option<ShareImage> {
        let s = &self.site;
        let (path, width, height) = s.config.share_image.as_ref()?;
        Some(ShareImage {
            url: s.permalink(&s.url(path)),
            width: *width,
            height: *height,
        })
    }

    /// Brief `id`'s picture: its `cover:`, else its first photo, else the site's.
    pub(super) fn article_share_image(&self, id: ArticleId) -> Option<ShareImage> {
        let s = &self.site;
        match s.share_photo(id) {
            Some((p, width)) => Some(ShareImage {
                url: s.permalink(&s.url(&p.path(width))),
                width,
                height: p.height_at(width),
            }),
            None => self.site_share_image(),
        }
    }

    /// `WebSite`, with the search page as its `SearchAction`.
    pub(super) fn website_json_ld(&self) -> String {
        let s = &self.site;
        let search = s.permalink(&s.url("search/"));
        script(&json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": s.config.title,
            "description": s.config.description,
            "url": s.permalink(&s.url("")),
            "inLanguage": s.config.language,
            "potentialAction": {
                "@type": "SearchAction",
                "target": format!("{search}?q={{search_term_string}}"),
                "query-input": "required name=search_term_string",
            },
        }))
    }

    /// `NewsArticle` and the `BreadcrumbList` of brief `id`.
    pub(super) fn article_json_ld(&self, id: ArticleId) -> String {
        let s = &self.site;
        let a = &s.articles[id];
        let url = s.permalink(&a.url);
        let publisher = json!({"@type": "Organization", "name": s.config.title, "url": s.permalink(&s.url(""))});
        let author = match (&a.src.author, &a.src.source) {
            (Some(name), _) => json!({"@type": "Person", "name": name}),
            (None, Some(outlet)) => json!({"@type": "Organization", "name": outlet}),
            (None, None) => publisher.clone(),
        };
        let domain = &s.domains[a.main_domain()];
        let crumbs: Vec<Value> = [
            (s.config.strings.get("nav_home").to_string(), s.url("")),
            (domain.name.clone(), s.url(&format!("domains/{}/", domain.key))),
            (a.src.title.clone(), a.url.clone()),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (name, url))| {
            json!({"@type": "ListItem", "position": i + 1, "name": name, "item": s.permalink(&url)})
        })
        .collect();
        script(&json!({
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "NewsArticle",
                    "headline": a.src.title,
                    "description": a.summary,
                    "datePublished": a.date().to_string(),
                    "dateModified": a.modified().to_string(),
                    "inLanguage": s.config.language,
                    "mainEntityOfPage": url,
                    "url": url,
                    "articleSection": domain.name,
                    "keywords": a.src.tags,
                    "author": author,
                    "publisher": publisher,
                    "image": self.article_share_image(id).map(|i| i.url),
                },
                {"@type": "BreadcrumbList", "itemListElement": crumbs},
            ],
        }))
    }
}

/// `value` as the text of a `<script type="application/ld+json">`: `</` cannot end it.
fn script(value: &Value) -> String {
    value.to_string().replace("</", "<\\/")
}
