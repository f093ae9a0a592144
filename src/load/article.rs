//! What a content file says, once checked: an [`Article`] (or standalone page) with its
//! milestones and figures, and the reader that fills it from the front matter.
//!
//! Every field an article may have is read here, once; keys left over after reading are
//! reported as unknown, with a "did you mean" from the keys that were read.

use crate::date::Date;
use crate::diag::{self, Code, Diagnostic};
use crate::load::aliases::{Alias, read_aliases};
use crate::load::config::Config;
use crate::load::fields::{Fields, INPUT_METHOD_COMMAS, items_run_together};
use crate::load::lists::{Figure, MilestoneSpec, read_figures};
use crate::load::milestones::read_milestones;
use crate::load::record::{Correction, read_corrections, read_updated};
use crate::load::yaml::Yaml;
use crate::slug::slug_problem;

/// A value with the place it was written, for errors found later.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located<T> {
    pub value: T,
    pub line: usize,
    pub col: usize,
}

/// What kind of document a content file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    Article,
    /// A standalone page (e.g. about): only `title` is required; not listed anywhere.
    Page,
}

/// One content file, checked on its own.
#[derive(Debug, Clone)]
pub(crate) struct Article {
    /// Path relative to the site root (`content/2026/a.md`).
    pub file: String,
    /// The whole file, for source lines in later diagnostics (after the model is built, only
    /// the front matter: see [`Article::drop_body`]).
    pub text: String,
    pub layout: Layout,
    pub slug: String,
    pub slug_place: Located<()>,
    pub title: String,
    pub date: Option<Date>,
    /// The time of day it is published, when `date` gives one (`2026-12-08 09:00`), as
    /// minutes after midnight in the site's time zone.
    pub time: Option<u32>,
    /// The day the text was last brought up to date (`updated:`).
    pub updated: Option<Located<Date>>,
    /// Errors put right since the brief appeared, in the order written.
    pub corrections: Vec<Correction>,
    pub domains: Vec<String>,
    pub regions: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    /// The registered source the brief's quotes come from (`source_key:`, a file of
    /// `content/_sources/`).
    pub source_key: Option<Located<String>>,
    pub author: Option<String>,
    pub related: Vec<Located<String>>,
    /// Its old addresses, each given a page that sends readers on.
    pub aliases: Vec<Alias>,
    /// The photo a shared link shows (`cover:`, beside the brief), with where it is written.
    pub cover: Option<Located<String>>,
    pub draft: bool,
    pub milestones: Vec<MilestoneSpec>,
    pub figures: Vec<Figure>,
    pub extra: serde_json::Value,
    /// Where the Markdown after the front matter starts in `text` (see [`Article::body`]).
    pub body_start: usize,
    /// Line of the file where the body starts (1-based).
    pub body_line: usize,
    /// Warnings about the front matter, found while reading it (a tag with a full-width
    /// comma in it): every build of a site with this article reports them, and so does
    /// serve when it reads the file again.
    pub notes: Vec<Diagnostic>,
    /// A translation's original (`content/x.md` for `content/x.en.md`).
    pub original: Option<String>,
}

impl Article {
    /// The day the brief last changed as its front matter says: the latest of its `date`,
    /// `updated` and corrections.
    pub(crate) fn declared_change(&self) -> Option<Date> {
        let record = (self.updated.iter().map(|u| u.value))
            .chain(self.corrections.iter().map(|c| c.date.value));
        self.date.into_iter().chain(record).max()
    }

    /// The latest of `updated` and the corrections, if any: what the page shows as 更新于.
    pub(crate) fn last_update(&self) -> Option<Date> {
        (self.updated.iter().map(|u| u.value))
            .chain(self.corrections.iter().map(|c| c.date.value))
            .max()
    }

    /// The Markdown after the front matter.
    pub(crate) fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }

    /// Forget the Markdown of the body (once it is rendered): [`Article::body`] is empty
    /// afterwards, the front matter stays.
    pub(crate) fn drop_body(&mut self) {
        self.text.truncate(self.body_start);
        self.text.shrink_to_fit();
    }

    /// The front matter, fences included: everything before the body.
    pub(crate) fn front_matter(&self) -> &str {
        self.text.get(..self.body_start).unwrap_or("")
    }
}

pub(crate) fn read_fields(
    f: &mut Fields,
    stem: &str,
    config: &Config,
    body_start: usize,
    body_line: usize,
) -> Article {
    let layout = match f.opt_text("layout").as_deref() {
        None | Some("article") => Layout::Article,
        Some("page") => Layout::Page,
        Some(other) => {
            let place = f.place("layout");
            let d = f
                .diag_at_value(
                    Code::UnknownLayout,
                    &place,
                    Some(other),
                    format!("unknown layout `{other}`"),
                )
                .help(diag::suggest(other, &["article", "page"], "layouts are"));
            f.push(d);
            // Read the rest as a page, which requires least: one error, not three.
            Layout::Page
        }
    };
    let is_article = layout == Layout::Article;
    // A translation takes its date and domains from its original (`load::translations`).
    let required = is_article && config.translating.is_none();
    let title = f
        .req_text("title", "天津推动33项重点举措落地")
        .unwrap_or_default();
    let (date, time) = read_date(f, required);
    let updated = read_updated(f, date);
    let corrections = read_corrections(f, date);
    let domain_keys: Vec<&str> = config.domains.iter().map(|d| d.key.as_str()).collect();
    let region_keys: Vec<&str> = config.regions.iter().map(|r| r.key.as_str()).collect();
    let domains = match f.take("domains") {
        Some((v, place)) => {
            let keys = f.text_list(v, &place).unwrap_or_default();
            f.check_keys(Code::UnknownDomain, &place, &keys, &domain_keys, "domain");
            if keys.is_empty() && is_article {
                let d = f
                    .diag_at_key(
                        Code::EmptyDomains,
                        &place,
                        "`domains` is empty; an article needs at least one domain",
                    )
                    .help(format!(
                        "domains defined in site.yaml are: {}",
                        domain_keys.join(", ")
                    ));
                f.push(d);
            }
            dedup(keys)
        }
        None if required => {
            f.missing(
                "domains",
                &format!("[{}]", domain_keys.first().unwrap_or(&"ecology")),
            );
            Vec::new()
        }
        None => Vec::new(),
    };
    let regions = match f.take("regions") {
        Some((v, place)) => {
            let keys = f.text_list(v, &place).unwrap_or_default();
            f.check_keys(Code::UnknownRegion, &place, &keys, &region_keys, "region");
            dedup(keys)
        }
        None => Vec::new(),
    };
    let (tags, notes) = read_tags(f);
    if tags.len() > MAX_TAGS {
        let place = f.place("tags");
        let d = f
            .diag_at_key(
                Code::TooManyTags,
                &place,
                format!("{} tags; a brief may have at most {MAX_TAGS}", tags.len()),
            )
            .help("keep the tags a reader would browse by; every tag lists the brief on its page");
        f.push(d);
    }
    let summary = f.opt_text("summary");
    let source = f.opt_text("source");
    let source_url = read_url(f, "source_url");
    let source_key = f
        .take("source_key")
        .and_then(|(v, place)| super::lists::located_text(f, v, &place));
    let author = f.opt_text("author");
    let (slug, slug_place) = read_slug(f, stem);
    let related = read_related(f);
    let aliases = read_aliases(f, config.base_path());
    let cover = f.take("cover").and_then(|(v, place)| {
        let value = f.text_of(v, &place)?;
        let (line, col) = f.position(&place, &value);
        Some(Located { value, line, col })
    });
    let draft = f.opt_bool("draft").unwrap_or(false);
    let milestones = read_milestones(f, &domain_keys);
    let figures = read_figures(f, &config.series);
    let extra = match f.take("extra") {
        Some((v @ Yaml::Map(_), _)) => v.to_json(),
        Some((Yaml::Null, _)) | None => serde_json::Value::Object(Default::default()),
        Some((other, place)) => {
            f.wrong_type(&place, &other, "a mapping of free data");
            serde_json::Value::Null
        }
    };
    f.reject_leftover("fields");
    Article {
        file: f.file.to_string(),
        text: String::new(),
        layout,
        slug,
        slug_place,
        title,
        date,
        time,
        updated,
        corrections,
        domains,
        regions,
        tags,
        summary,
        source,
        source_url,
        source_key,
        author,
        related,
        aliases,
        cover,
        draft,
        milestones,
        figures,
        extra,
        body_start,
        body_line,
        notes,
        original: None,
    }
}

/// `items` without repeats, in order (a set, so a careless or hostile list of thousands
/// costs no more than its length).
fn dedup(items: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    let keep: Vec<bool> = items.iter().map(|i| seen.insert(i.as_str())).collect();
    items
        .into_iter()
        .zip(keep)
        .filter_map(|(item, keep)| keep.then_some(item))
        .collect()
}

/// `date:` — a day, or a day and a time of day (`2026-12-08 09:00`, in the site's time zone:
/// the brief is published then).
fn read_date(f: &mut Fields, required: bool) -> (Option<Date>, Option<u32>) {
    let Some((v, place)) = f.take("date") else {
        if required {
            f.missing("date", "2026-06-10");
        }
        return (None, None);
    };
    let Some(text) = f.text_of(v, &place) else {
        return (None, None);
    };
    let (day, time) = match text.trim().split_once([' ', 'T']) {
        Some((day, time)) => (day, Some(time.trim())),
        None => (text.trim(), None),
    };
    let parsed = Date::parse(day).and_then(|d| match time.map(clock_time) {
        Some(Err(e)) => Err(e),
        Some(Ok(t)) => Ok((d, Some(t))),
        None => Ok((d, None)),
    });
    match parsed {
        Ok((d, t)) => (Some(d), t),
        Err(msg) => {
            let d = f
                .diag_at_value(Code::BadDate, &place, Some(&text), msg)
                .help("write the publication date as YYYY-MM-DD, e.g. `date: 2026-06-10`, or with the time it is published, `date: 2026-12-08 09:00`");
            f.push(d);
            (None, None)
        }
    }
}

/// `09:00` as minutes after midnight.
fn clock_time(t: &str) -> Result<u32, String> {
    let bad = || format!("`{t}` is not a time of day: write it as HH:MM, e.g. `09:00`");
    let (h, m) = t.split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 || t.len() != 5 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// The tags, each once, and a warning for each that looks like two tags run together by a
/// full-width comma, `、` or `；` (`[生态，交通]` is one tag to YAML). Such a tag is kept as
/// written: it may be meant.
fn read_tags(f: &mut Fields) -> (Vec<String>, Vec<Diagnostic>) {
    let Some((value, place)) = f.take("tags") else {
        return (Vec::new(), Vec::new());
    };
    let tags = dedup(
        f.text_list(value, &place)
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
    );
    let notes = tags
        .iter()
        .filter_map(|tag| {
            let list = items_run_together(tag)?;
            let mark = tag.chars().find(|c| INPUT_METHOD_COMMAS.contains(c))?;
            let d = f
                .diag_at_value(
                    Code::TagRunTogether,
                    &place,
                    Some(tag),
                    format!("the tag `{tag}` has `{mark}` in it, so it is one tag"),
                )
                .help(format!(
                    "to give two tags, separate them with an ASCII comma and a space, e.g. `tags: {list}`"
                ));
            Some(d.into_warning())
        })
        .collect();
    (tags, notes)
}

/// Tags a brief may have: each tag's page lists the brief with all its tags, so the pages
/// grow with the square of this number.
pub(crate) const MAX_TAGS: usize = 30;

/// An address field, under the one URL policy ([`crate::url`]).
fn read_url(f: &mut Fields, key: &str) -> Option<String> {
    let url = f.opt_text(key)?;
    match crate::url::refused(&url) {
        None => Some(url),
        Some(why) => {
            let place = f.place(key);
            let d = f
                .diag_at_value(Code::UnusableUrl, &place, Some(&url), format!("`{key}` cannot be published: {why}"))
                .help("write the web address of the original report, e.g. `source_url: https://news.example.cn/2026/0610.html`");
            f.push(d);
            None
        }
    }
}

fn read_slug(f: &mut Fields, stem: &str) -> (String, Located<()>) {
    let here = |line: usize, col: usize| Located {
        value: (),
        line,
        col,
    };
    match f.take("slug") {
        Some((v, place)) => {
            let slug = f.text_of(v, &place).unwrap_or_default();
            let (line, col) = f.position(&place, &slug);
            let located = here(line, col);
            if let Some(why) = slug_problem(&slug) {
                let d = f
                    .diag_at_value(Code::UnsafeSlug, &place, Some(&slug), format!("unsafe slug `{slug}`: {why}"))
                    .help("a slug is the last part of the page's address: use letters, digits and `-`, e.g. `tianjin-ecology-measures`");
                f.push(d);
            }
            (slug, located)
        }
        None => {
            if let Some(why) = slug_problem(stem) {
                let d = Diagnostic::error(Code::UnsafeSlug, f.file, format!("the file name `{stem}` cannot be used as the page address: {why}"))
                    .field("slug")
                    .help("rename the file, or set `slug:` in the front matter, e.g. `slug: tianjin-ecology-measures`");
                f.push(d);
            }
            (stem.to_string(), here(1, 1))
        }
    }
}

fn read_related(f: &mut Fields) -> Vec<Located<String>> {
    let Some((v, place)) = f.take("related") else {
        return Vec::new();
    };
    let slugs = f.text_list(v, &place).unwrap_or_default();
    slugs
        .into_iter()
        .map(|s| {
            let (line, col) = f.position(&place, &s);
            Located {
                line,
                col,
                value: s,
            }
        })
        .collect()
}
