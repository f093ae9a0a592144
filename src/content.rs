//! Load: walk `content/`, read each Markdown file, split off its front matter and check every
//! field. The result is plain data ([`Article`], [`Page`]) plus the diagnostics of every file.
//!
//! What this stage does not do: anything that needs other files (duplicate slugs, `related`,
//! links between articles). That is the model's job.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::date::{Date, FuzzyDate};
use crate::diag::{self, Diagnostic};
use crate::fields::{Fields, MapItem, Place, expect_map};
use crate::yaml::{self, Yaml};

/// Milestone status as written by editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Done,
    InProgress,
    Planned,
}

impl Status {
    pub const NAMES: &'static [&'static str] = &["done", "in_progress", "planned"];

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "done" => Some(Status::Done),
            "in_progress" => Some(Status::InProgress),
            "planned" => Some(Status::Planned),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::InProgress => "in_progress",
            Status::Planned => "planned",
        }
    }
}

/// A milestone as written in an article's front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneSpec {
    pub date: FuzzyDate,
    /// Line of the milestone's `date:` in the file.
    pub line: usize,
    pub title: String,
    pub status: Option<Status>,
    pub domain: Option<String>,
}

/// A key figure: a labelled number with its unit and year.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub label: String,
    /// As written (`4254`, `996.1`, `82.4`), never reformatted.
    pub value: String,
    pub unit: String,
    pub year: Option<i32>,
    pub note: Option<String>,
}

/// A value with the place it was written, for errors found later.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub col: usize,
}

/// What kind of document a content file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Article,
    /// A standalone page (e.g. about): only `title` is required; not listed anywhere.
    Page,
}

/// One content file, checked on its own.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path relative to the site root (`content/2026/a.md`).
    pub file: String,
    /// The whole file, for source lines in later diagnostics.
    pub text: String,
    pub layout: Layout,
    pub slug: String,
    pub slug_place: Located<()>,
    pub title: String,
    pub date: Option<Date>,
    pub domains: Vec<String>,
    pub regions: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub author: Option<String>,
    pub related: Vec<Located<String>>,
    pub draft: bool,
    pub milestones: Vec<MilestoneSpec>,
    pub figures: Vec<Figure>,
    pub extra: serde_json::Value,
    /// Markdown after the front matter.
    pub body: String,
    /// Line of the file where the body starts (1-based).
    pub body_line: usize,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    pub articles: Vec<Article>,
    pub diags: Vec<Diagnostic>,
    /// Files that had errors (relative paths); later stages do not report links to them.
    pub failed: Vec<String>,
    /// Files whose front matter parsed but had field errors: still checked for links to
    /// other files, so that one run reports everything.
    pub partial: Vec<Article>,
}

/// A file that could not be read as a complete article: its errors, and what was read of it
/// when the front matter at least parsed.
pub struct LoadError {
    pub diags: Vec<Diagnostic>,
    pub partial: Option<Box<Article>>,
}

impl From<Vec<Diagnostic>> for LoadError {
    fn from(diags: Vec<Diagnostic>) -> Self {
        LoadError {
            diags,
            partial: None,
        }
    }
}

const FIELDS: &[&str] = &[
    "title",
    "date",
    "domains",
    "regions",
    "tags",
    "summary",
    "source",
    "source_url",
    "author",
    "slug",
    "related",
    "draft",
    "milestones",
    "figures",
    "extra",
    "layout",
];

/// The Markdown files under `content/`, sorted, skipping `_`-prefixed and hidden names.
pub fn content_files(root: &Path) -> Vec<PathBuf> {
    let dir = root.join("content");
    WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('_') || name.starts_with('.'))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect()
}

/// Read and check every content file, in parallel.
pub fn load(root: &Path, config: &Config) -> Loaded {
    let files = content_files(root);
    let results: Vec<(String, Result<Article, LoadError>)> = files
        .par_iter()
        .map(|path| {
            let rel = diag::rel_path(root, path);
            let result = load_one(path, &rel, config);
            (rel, result)
        })
        .collect();
    let mut loaded = Loaded::default();
    for (rel, r) in results {
        match r {
            Ok(a) => loaded.articles.push(a),
            Err(e) => {
                loaded.diags.extend(e.diags);
                loaded.failed.push(rel);
                loaded.partial.extend(e.partial.map(|a| *a));
            }
        }
    }
    loaded
}

fn load_one(path: &Path, rel: &str, config: &Config) -> Result<Article, LoadError> {
    {
        {
            let bytes = std::fs::read(path).map_err(|e| {
                LoadError::from(vec![Diagnostic::error(
                    rel,
                    format!("cannot read the file: {e}"),
                )])
            })?;
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            parse_file(rel, &stem, bytes, config)
        }
    }
}

/// Decode UTF-8, or say where the first bad byte is.
fn decode(rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let last_line = good.rsplit(|&b| b == b'\n').next().unwrap_or(good);
        let col = String::from_utf8_lossy(last_line).chars().count() + 1;
        Diagnostic::error(rel, "the file is not valid UTF-8 text")
            .at(line, col)
            .help("save the file with UTF-8 encoding (in most editors: Save As → Encoding → UTF-8); GBK/GB2312 files must be converted")
    })
}

/// The front matter and the body of a file, with the line each starts on.
pub struct Split<'a> {
    pub front: &'a str,
    pub front_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Split `---` front matter from the body.
pub fn split_front_matter<'a>(rel: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text_nobom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text_nobom.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(rel, "the file does not start with front matter")
            .at(1, 1)
            .with_source(text)
            .help("begin the file with a line `---`, the fields (title, date, domains …), then another `---`"));
    }
    let start = text.len() - text_nobom.len() + first.len() + 1;
    let mut offset = start.min(text.len());
    for (line, l) in (2..).zip(text[offset..].split_inclusive('\n')) {
        if l.trim_end() == "---" {
            let front = &text[start.min(text.len())..offset];
            let body_start = offset + l.len();
            return Ok(Split {
                front,
                front_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(Diagnostic::error(rel, "the front matter is never closed")
        .at(1, 1)
        .with_source(text)
        .help("add a line `---` after the last field, before the article text"))
}

/// Check one file completely.
pub fn parse_file(
    rel: &str,
    stem: &str,
    bytes: Vec<u8>,
    config: &Config,
) -> Result<Article, LoadError> {
    let text = decode(rel, bytes).map_err(|d| LoadError::from(vec![d]))?;
    let split = split_front_matter(rel, &text).map_err(|d| LoadError::from(vec![d]))?;
    let offset = split.front_line - 1;
    let value = yaml::parse(split.front, offset).map_err(|e| {
        LoadError::from(vec![
            Diagnostic::error(
                rel,
                format!("YAML syntax error in the front matter: {}", e.message),
            )
            .at(e.line, e.col)
            .with_source(&text),
        ])
    })?;
    let entries = expect_map(rel, &text, split.front_line, value, "the front matter")
        .map_err(|d| LoadError::from(vec![d]))?;
    let (front, body, body_line) = (split.front, split.body.to_string(), split.body_line);
    let mut f = Fields::new(rel, &text, front, offset, entries);
    let mut article = read_fields(&mut f, stem, config, body, body_line);
    let diags = std::mem::take(&mut f.diags);
    drop(f);
    article.text = text;
    if diags.is_empty() {
        Ok(article)
    } else {
        Err(LoadError {
            diags,
            partial: Some(Box::new(article)),
        })
    }
}

fn read_fields(
    f: &mut Fields,
    stem: &str,
    config: &Config,
    body: String,
    body_line: usize,
) -> Article {
    f.reject_unknown(FIELDS, "fields");
    let layout = match f.opt_text("layout").as_deref() {
        None | Some("article") => Layout::Article,
        Some("page") => Layout::Page,
        Some(other) => {
            let place = f.place("layout");
            let d = f
                .diag_at_value(&place, Some(other), format!("unknown layout `{other}`"))
                .help(diag::suggest(other, &["article", "page"], "layouts are"));
            f.push(d);
            Layout::Article
        }
    };
    let is_article = layout == Layout::Article;
    let title = f
        .req_text("title", "天津推动33项重点举措落地")
        .unwrap_or_default();
    let date = read_date(f, is_article);
    let domain_keys: Vec<&str> = config.domains.iter().map(|d| d.key.as_str()).collect();
    let region_keys: Vec<&str> = config.regions.iter().map(|r| r.key.as_str()).collect();
    let domains = match f.take("domains") {
        Some((v, place)) => {
            let keys = f.text_list(v, &place).unwrap_or_default();
            f.check_keys(&place, &keys, &domain_keys, "domain");
            if keys.is_empty() && is_article {
                let d = f
                    .diag_at_key(
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
        None if is_article => {
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
            f.check_keys(&place, &keys, &region_keys, "region");
            dedup(keys)
        }
        None => Vec::new(),
    };
    let tags = dedup(
        f.opt_text_list("tags")
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
    );
    let summary = f.opt_text("summary");
    let source = f.opt_text("source");
    let source_url = f.opt_text("source_url");
    let author = f.opt_text("author");
    let (slug, slug_place) = read_slug(f, stem);
    let related = read_related(f);
    let draft = f.opt_bool("draft").unwrap_or(false);
    let milestones = read_milestones(f, &domain_keys);
    let figures = read_figures(f);
    let extra = match f.take("extra") {
        Some((v @ Yaml::Map(_), _)) => v.to_json(),
        Some((Yaml::Null, _)) | None => serde_json::Value::Object(Default::default()),
        Some((other, place)) => {
            f.wrong_type(&place, &other, "a mapping of free data");
            serde_json::Value::Null
        }
    };
    Article {
        file: f.file.to_string(),
        text: String::new(),
        layout,
        slug,
        slug_place,
        title,
        date,
        domains,
        regions,
        tags,
        summary,
        source,
        source_url,
        author,
        related,
        draft,
        milestones,
        figures,
        extra,
        body,
        body_line,
    }
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

fn read_date(f: &mut Fields, required: bool) -> Option<Date> {
    let Some((v, place)) = f.take("date") else {
        if required {
            f.missing("date", "2026-06-10");
        }
        return None;
    };
    let text = f.text_of(v, &place)?;
    match Date::parse(&text) {
        Ok(d) => Some(d),
        Err(msg) => {
            let d = f
                .diag_at_value(&place, Some(&text), msg)
                .help("write the publication date as YYYY-MM-DD, e.g. `date: 2026-06-10`");
            f.push(d);
            None
        }
    }
}

/// A slug becomes a folder name and part of a URL: no separators, no `..`, no spaces.
pub fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.is_empty() {
        Some("it is empty")
    } else if slug.contains(['/', '\\']) {
        Some("it contains `/` or `\\`")
    } else if slug.starts_with('.') {
        Some("it starts with `.`")
    } else if slug.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("it contains spaces")
    } else if slug.contains(['?', '#', '%', '"', '\'', '<', '>', '&', ':', '*', '|']) {
        Some("it contains one of ? # % \" ' < > & : * |")
    } else {
        None
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
                    .diag_at_value(&place, Some(&slug), format!("unsafe slug `{slug}`: {why}"))
                    .help("a slug is the last part of the page's address: use letters, digits and `-`, e.g. `tianjin-ecology-measures`");
                f.push(d);
            }
            (slug, located)
        }
        None => {
            if let Some(why) = slug_problem(stem) {
                let d = Diagnostic::error(f.file, format!("the file name `{stem}` cannot be used as the page address: {why}"))
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

fn read_milestones(f: &mut Fields, domain_keys: &[&str]) -> Vec<MilestoneSpec> {
    let Some((v, place)) = f.take("milestones") else {
        return Vec::new();
    };
    let items = f.map_items(
        v,
        &place,
        "a list of milestones (`- date: …` / `title: …`)",
        "a milestone with `date:` and `title:`",
    );
    let known = ["date", "title", "status", "domain"];
    let mut out = Vec::new();
    for MapItem {
        index: i,
        place: item_place,
        entries,
    } in items
    {
        let (mut date, mut title, mut status, mut domain) = (None, None, None, None);
        let line = f.key_line(&f.item_place(&place, i, Some("date")));
        let mut ok = true;
        for (k, val) in entries {
            let kp = f.item_place(&place, i, Some(&k));
            match k.as_str() {
                "date" => {
                    let parsed = match &val {
                        Yaml::Int(y) => FuzzyDate::from_year(*y),
                        Yaml::Str(s) => FuzzyDate::parse(s),
                        other => Err(format!(
                            "a milestone date should be text, but it is {}",
                            other.kind()
                        )),
                    };
                    match parsed {
                        Ok(d) => date = Some(d),
                        Err(msg) => {
                            let needle = val.scalar_text();
                            let d = f
                                .diag_at_value(&kp, needle.as_deref(), msg)
                                .help("milestone dates: `2026`, `2026-H2` (half), `2026-Q1` (quarter), `2026-05` or `2026-05-10`");
                            f.push(d);
                            ok = false;
                        }
                    }
                }
                "title" => title = f.text_of(val, &kp),
                "status" => {
                    let s = f.text_of(val, &kp).unwrap_or_default();
                    match Status::parse(&s) {
                        Some(st) => status = Some(st),
                        None => {
                            let d = f
                                .diag_at_value(&kp, Some(&s), format!("unknown status `{s}`"))
                                .help(diag::suggest(&s, Status::NAMES, "statuses are"));
                            f.push(d);
                            ok = false;
                        }
                    }
                }
                "domain" => {
                    let key = f.text_of(val, &kp).unwrap_or_default();
                    f.check_keys(&kp, std::slice::from_ref(&key), domain_keys, "domain");
                    domain = Some(key);
                }
                other => {
                    let d = f
                        .diag_at_key(&kp, format!("unknown field `{other}` in a milestone"))
                        .span_len(other.chars().count())
                        .help(diag::suggest(other, &known, "milestone fields are"));
                    f.push(d);
                }
            }
        }
        for (name, present) in [("date", date.is_some() || !ok), ("title", title.is_some())] {
            if !present {
                let d = f
                    .diag_at_key(&item_place, format!("milestone {} has no `{name}`", i + 1))
                    .field(format!("milestones[{i}].{name}"))
                    .help("each milestone needs `date:` and `title:`");
                f.push(d);
            }
        }
        if let (Some(date), Some(title)) = (date, title) {
            out.push(MilestoneSpec {
                date,
                line,
                title,
                status,
                domain,
            });
        }
    }
    out
}

fn read_figures(f: &mut Fields) -> Vec<Figure> {
    let Some((v, place)) = f.take("figures") else {
        return Vec::new();
    };
    let items = f.map_items(
        v,
        &place,
        "a list of figures (`- {label: …, value: …, unit: …}`)",
        "a figure with `label:` and `value:`",
    );
    let known = ["label", "value", "unit", "year", "note"];
    let mut out = Vec::new();
    for MapItem {
        index: i,
        place: item_place,
        entries,
    } in items
    {
        let mut bad_value = false;
        let mut fig = Figure {
            label: String::new(),
            value: String::new(),
            unit: String::new(),
            year: None,
            note: None,
        };
        for (k, val) in entries {
            let kp: Place = f.item_place(&place, i, Some(&k));
            match k.as_str() {
                "label" => fig.label = f.text_of(val, &kp).unwrap_or_default(),
                "value" => match val {
                    Yaml::Int(n) => fig.value = n.to_string(),
                    Yaml::Float(x) => fig.value = x.to_string(),
                    Yaml::Str(s) => fig.value = s,
                    other => {
                        bad_value = true;
                        f.wrong_type(&kp, &other, "a number such as `4254` or `996.1`");
                    }
                },
                "unit" => fig.unit = f.text_of(val, &kp).unwrap_or_default(),
                "note" => fig.note = f.text_of(val, &kp),
                "year" => match val {
                    Yaml::Int(y) if (1000..=9999).contains(&y) => fig.year = Some(y as i32),
                    other => f.wrong_type(&kp, &other, "a four-digit year such as `2025`"),
                },
                other => {
                    let d = f
                        .diag_at_key(&kp, format!("unknown field `{other}` in a figure"))
                        .help(diag::suggest(other, &known, "figure fields are"));
                    f.push(d);
                }
            }
        }
        for (name, val) in [("label", &fig.label), ("value", &fig.value)] {
            if val.is_empty() && !(name == "value" && bad_value) {
                let d = f
                    .diag_at_key(&item_place, format!("figure {} has no `{name}`", i + 1))
                    .field(format!("figures[{i}].{name}"))
                    .help("write a figure as `- {label: 集群营收, value: 4254, unit: 亿元, year: 2025}`");
                f.push(d);
            }
        }
        out.push(fig);
    }
    out
}
