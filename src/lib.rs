//! briefing: a static site generator for policy briefing portals.
//!
//! The pipeline runs one way, one folder per stage (docs/architecture.md has the long
//! version and the glossary; `tests/it/architecture.rs` holds the code to this map):
//!
//! ```text
//! cmd ──► incremental (serve) ──► pipeline ──► load ──► model ──► render, search ──► output
//!  └────► pipeline (build, check)   │           │         │          │
//!                                   │           └─────────┴── markdown ──► images
//!                                   ├──► linkcheck (check --links) ──► model
//!                                   └──► print (build --pdf: editions to PDF) ──► output
//! cmd ──► publish (after build: the output folder to a second host) ──► load, output
//!        every stage ──► diag, date, slug, text, url, i18n, cache (leaves: they import no stage)
//! ```
//!
//! - [`cmd`]: the command line (`build`, `check`, `new`, `init`, `serve`, `facts`, `publish`, `explain`) and the
//!   console; `new` and `init` also read `site.yaml` (`load`) for the scaffold they write;
//! - `incremental`: serve's quick rebuild, one session applying each change in place;
//! - `pipeline`: strings the stages together for one run;
//! - `load`: `site.yaml`, `content/` and `static/` read and checked field by field;
//! - `model`: the validated, cross-linked site with typed ids;
//! - `markdown`: one body to HTML, with highlighting and link rewriting;
//! - `render`: the template context, the pages, the JSON API, the theme's assets;
//! - `publish`: `briefing publish`, a built site sent to a server (rsync) or bucket (rclone);
//! - `print`: `build --pdf`, each edition's print view to PDF through a headless Chromium;
//! - `linkcheck`: `check --links`, the external addresses asked for (the only network use);
//! - `search`: the search index (tokenizer, positional shards) the search page queries;
//! - `output`: where files go (staging folder, nowhere), atomically;
//! - `diag`: diagnostics, their stable codes and explanations, their rustc-style rendering;
//!   `date`, `slug`, `text`, `url`, `i18n`: fuzzy dates, URL-safe names, small text helpers,
//!   the URL policy and interface strings; `cache`: briefing's cache folder, written atomically.
//!
//! Words: *article* in code (a brief, 简报, to readers), *entry* for an article placed in the
//! model; see the glossary in docs/architecture.md.
//!
//! Everything is private to the crate except the binary's entry point; with the `testing`
//! feature, the hooks the integration tests and fuzz targets use.

#![forbid(unsafe_code)]

mod cache;
pub mod cmd;
mod date;
mod diag;
mod i18n;
mod images;
mod incremental;
mod linkcheck;
mod load;
mod markdown;
mod model;
mod output;
mod pipeline;
mod print;
mod publish;
mod render;
mod search;
mod slug;
mod text;
mod url;

#[cfg(test)]
mod properties;

pub use cmd::main;
/// The YAML reader (its tree is used by the tests that check the workflow files).
#[cfg(feature = "testing")]
pub use load::yaml;

/// What the integration tests compare with the search script (`static/assets/search.js`).
#[cfg(feature = "testing")]
pub mod search_contract {
    /// The search units of `text` as `(text, position)`.
    pub fn units(text: &str) -> Vec<(String, u32)> {
        crate::search::token::tokenize(text)
            .into_iter()
            .map(|u| (u.text, u.pos))
            .collect()
    }

    /// A query's runs of units (see `search::token::query_runs`).
    pub fn runs(query: &str) -> Vec<Vec<String>> {
        crate::search::token::query_runs(query)
    }

    /// [`units`] as an index in English reads them (phrases, stems).
    pub fn units_in_english(text: &str) -> Vec<(String, u32)> {
        let english = crate::search::token::Tongue::English;
        crate::search::token::tokenize_as(text, english)
            .into_iter()
            .map(|u| (u.text, u.pos))
            .collect()
    }

    /// [`runs`] for an index in English (a phrase in quotes is one run).
    pub fn runs_in_english(query: &str) -> Vec<Vec<String>> {
        crate::search::token::query_runs_as(query, crate::search::token::Tongue::English)
    }

    /// The shard hash of an index key.
    pub fn key_hash(key: &str) -> u32 {
        crate::search::index::key_hash(key)
    }
}

/// Entry points for the fuzz targets in `tests/fuzz/` and their kept crash inputs: each
/// asserts what must hold for any input.
#[cfg(feature = "testing")]
pub mod fuzzing {
    use crate::load::Config;

    const SITE: &str = "title: T\nbase_url: https://x.cn/\ndomains:\n  - {key: ecology, name: 生态}\nregions:\n  - {key: hebei, name: 河北}\n";

    /// A content file: read and checked like a build does.
    pub fn front_matter(data: &[u8]) {
        let Ok(config) = Config::parse(SITE) else {
            unreachable!("the fuzzing site.yaml is valid")
        };
        match crate::load::front_matter::parse_file("content/f.md", "f", data.to_vec(), &config) {
            Err(e) => {
                for d in &e.diags {
                    assert_eq!(d.file, "content/f.md");
                    // What a terminal or a CI log gets holds no control character but the
                    // line breaks between its own lines.
                    let shown = d.render(false);
                    assert!(
                        !shown.chars().any(|c| c.is_control() && c != '\n'),
                        "{shown:?}"
                    );
                }
            }
            Ok(a) => {
                // No value that reaches pages and feeds holds a control character but a line
                // break or a tab, however it was written (raw or as a YAML escape).
                let texts = [Some(&a.title), a.summary.as_ref(), a.source.as_ref()];
                for text in texts.into_iter().flatten().chain(&a.tags) {
                    assert!(
                        !text
                            .chars()
                            .any(|c| c.is_control() && !matches!(c, '\n' | '\t')),
                        "{text:?}"
                    );
                }
            }
        }
    }

    /// A milestone date.
    pub fn fuzzy_date(data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        if let Ok(d) = crate::date::FuzzyDate::parse(text) {
            assert!(d.start() <= d.end(), "{text}");
            assert_eq!(
                crate::date::FuzzyDate::parse(&d.code()).ok(),
                Some(d),
                "{text}"
            );
        }
    }

    /// A Markdown body, links rewritten.
    pub fn markdown(data: &[u8]) {
        let Ok(body) = std::str::from_utf8(data) else {
            return;
        };
        let hl = crate::markdown::Highlighter::default();
        let resolve = |_: &str| None;
        let photo = |_: &str| Err("no photos here".to_string());
        let r = crate::markdown::to_html(
            body,
            &crate::markdown::RenderOptions {
                unsafe_html: false,
                base_path: "/repo/",
                highlighter: &hl,
                file: "content/a.md",
                body_line: 1,
                resolve: &resolve,
                photo: &photo,
            },
        );
        for attr in ["href=\"", "src=\""] {
            for part in r.html.split(attr).skip(1) {
                let url = part.split('"').next().unwrap_or("");
                let url = url.replace("&amp;", "&");
                assert!(crate::url::refused(&url).is_none(), "published {url:?}");
            }
        }
    }

    /// A name made into slugs and ids.
    pub fn slugs(data: &[u8]) {
        let Ok(name) = std::str::from_utf8(data) else {
            return;
        };
        let slug = crate::slug::tag_slug(name);
        assert_eq!(
            crate::slug::slug_problem(&slug),
            None,
            "{name:?} → {slug:?}"
        );
        assert_eq!(crate::slug::tag_slug(&slug), slug);
        let id = crate::slug::heading_id(name);
        assert_eq!(crate::slug::heading_id(&id), id);
    }

    /// A text tokenized for search.
    pub fn tokenizer(data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let units = crate::search::token::tokenize(text);
        let mut last: Option<u32> = None;
        for u in &units {
            assert!(last.is_none_or(|p| u.pos > p));
            last = Some(u.pos);
            assert!(text.get(u.start..u.end).is_some(), "{u:?}");
            assert!(!u.text.is_empty());
        }
    }
}
