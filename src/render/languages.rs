//! The site in several languages, as each page shows it: `hreflang` alternates (with
//! `x-default`, the site's own language) and a language switch to the same page in each other
//! language, or that language's home where the page is not there (a brief not translated, a
//! tag of the other language's words); the note on a translation older than its original;
//! how many briefs are not translated.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Serialize;

use crate::model::ArticleId;
use crate::render::Renderer;

/// One language of the site, as the others link to it.
#[derive(Debug, Clone)]
pub(crate) struct Alternate {
    /// `zh-CN`, `en`.
    pub code: String,
    /// How the switch names it, in its own language: 中文, English.
    pub name: String,
    /// Its base path (`/repo/`, `/repo/en/`) and base URL.
    pub base_path: String,
    pub base_url: String,
    /// Its pages, by output path (`articles/x/index.html`).
    pub pages: Arc<HashSet<String>>,
    /// The site's own language (`x-default`).
    pub default: bool,
}

/// A language's version of the page being rendered (`alternates` in templates).
#[derive(Serialize)]
pub(crate) struct AlternateCtx<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// The same page in that language, or its home.
    pub url: String,
    pub permalink: String,
    /// This page's own language.
    pub current: bool,
    pub default: bool,
    /// The page is there in that language (else `url` is its home, and no `hreflang` names it).
    pub there: bool,
}

/// What the languages of a site tell each page.
#[derive(Debug, Default)]
pub(crate) struct Languages {
    /// Every language, this one included, in site.yaml order (empty: one language).
    pub all: Vec<Alternate>,
    /// Translations older than their original.
    pub outdated: HashSet<ArticleId>,
    /// Briefs of the site's own language not in this one.
    pub untranslated: usize,
    /// The same, by domain key.
    pub untranslated_in: std::collections::HashMap<String, usize>,
}

impl Renderer {
    /// Every page's output path (for the other languages' switches).
    pub(crate) fn page_paths(&self) -> HashSet<String> {
        (self.jobs().into_iter())
            .map(|j| j.path)
            .filter(|p| p.ends_with(".html"))
            .collect()
    }

    /// Take the theme's files (styles, scripts) from the site at `base_path` (the site's own
    /// language, at the root): one copy serves every language.
    pub(crate) fn use_assets_of(&mut self, base_path: &str) {
        let own = self.site.config.base_path().to_string();
        let rebase = |url: &mut String| {
            if let Some(rest) = url.strip_prefix(&own) {
                *url = format!("{base_path}{rest}");
            }
        };
        rebase(&mut self.assets.style);
        rebase(&mut self.assets.timeline_js);
        rebase(&mut self.assets.search_js);
        if let Some(s) = &mut self.assets.syntax {
            rebase(s);
        }
    }

    /// Tell the pages of the site's languages.
    pub(crate) fn set_languages(&mut self, languages: Languages) {
        self.languages = languages;
    }

    /// The versions of the page at site path `url` (`/repo/en/articles/x/`) in every language.
    pub(super) fn alternates(&self, url: &str) -> Vec<AlternateCtx<'_>> {
        let own = self.site.config.base_path();
        let Some(rel) = url.strip_prefix(own) else {
            return Vec::new();
        };
        let file = match rel.is_empty() || rel.ends_with('/') {
            true => format!("{rel}index.html"),
            false => rel.to_string(),
        };
        (self.languages.all.iter())
            .map(|l| {
                let current = l.code == self.site.config.language;
                let there = current || l.pages.contains(&file);
                let path = if there { rel } else { "" };
                AlternateCtx {
                    code: &l.code,
                    name: &l.name,
                    url: format!("{}{path}", l.base_path),
                    permalink: crate::slug::ascii_url(&format!("{}{path}", l.base_url)),
                    current,
                    default: l.default,
                    there,
                }
            })
            .collect()
    }

    /// Whether brief `id` is a translation older than its original.
    pub(super) fn outdated(&self, id: ArticleId) -> bool {
        self.languages.outdated.contains(&id)
    }

    /// "N more briefs are not yet translated", for the whole site or one domain (`key`), when
    /// there are any.
    pub(super) fn untranslated_note(&self, domain: Option<&str>) -> Option<String> {
        let n = match domain {
            None => self.languages.untranslated,
            Some(key) => self
                .languages
                .untranslated_in
                .get(key)
                .copied()
                .unwrap_or(0),
        };
        let t = &self.site.config.strings;
        (n > 0).then(|| t.format("untranslated", &[("n", &n.to_string())]))
    }
}
