//! `site.yaml`: the site's settings, checked field by field.
//!
//! The reference for every setting is `docs/configuration.md`; defaults live in
//! [`Config::defaults`] and nowhere else.

use std::path::Path;

use crate::date::Date;
use crate::diag::{self, Code, Diagnostic};
use crate::i18n::Strings;
use crate::load::fields::{Fields, expect_map};
use crate::load::yaml::{self, Yaml};

mod languages;
mod publish;
mod sections;

pub(crate) use languages::Language;
pub(crate) use publish::{Bucket, Publish, Server};

use sections::{
    read_domains, read_markdown, read_regions, read_serials, read_series, read_strings,
    read_timezone,
};

/// A subject area of the portal (ecology, transport, …).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Domain {
    pub key: String,
    pub name: String,
    pub description: String,
}

/// A measure followed over time (a series of figures across briefs): declared in site.yaml so
/// that a figure's `series:` is checked, and its unit kept the same.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    pub key: String,
    pub name: String,
    pub unit: String,
}

/// A run of numbered editions (周报, 专报): declared in site.yaml (`serials:`), its editions
/// in `content/_editions/`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Serial {
    /// In addresses: `editions/<key>/`.
    pub key: String,
    pub name: String,
    pub description: String,
}

/// A place the portal reports on (beijing, tianjin, …).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Region {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: String,
    pub domains: Vec<Domain>,
    pub regions: Vec<Region>,
    /// Series of figures, in site.yaml order.
    pub series: Vec<Series>,
    /// Serials of editions, in site.yaml order.
    pub serials: Vec<Serial>,
    /// The site in other languages (`languages:`), each under its folder.
    pub languages: Vec<Language>,
    /// Set in the configuration of the site in another language (see
    /// [`Config::for_language`]): the folder of that language, whose translations are read.
    pub translating: Option<String>,
    /// Articles per listing page.
    pub paginate: usize,
    /// Entries per Atom feed.
    pub feed_limit: usize,
    /// How many related articles an article page shows.
    pub related_limit: usize,
    /// A timeline with more milestones than this gets a page per year (see `render/timeline.rs`).
    pub timeline_split: usize,
    /// syntect theme for code, light and dark.
    pub highlight_theme: String,
    pub highlight_theme_dark: String,
    /// Keep raw HTML written in Markdown (off: it is left out).
    pub unsafe_html: bool,
    /// Publish the JSON data files (`api/*.json`).
    pub api: bool,
    /// Read the briefs' history from git (`history:`, default true).
    pub history: bool,
    /// Show each figure's `quote:` as 原文 beside it on its brief's page (`show_quotes:`).
    pub show_quotes: bool,
    /// Run `check --china` in every `check` (`china:`, default false).
    pub china: bool,
    /// The day the site describes ("today" on the timeline), if fixed in site.yaml.
    pub as_of: Option<Date>,
    /// The IANA time zone in which "today" is counted (`Asia/Shanghai`).
    pub timezone: jiff::tz::TimeZone,
    /// Where a source file is edited: `{path}` is its path from the repository root.
    pub edit_url: Option<String>,
    /// The picture a shared link of a page without a photo shows (`share_image:`, a file of
    /// `static/`), with its size once read: `(path, width, height)`.
    pub share_image: Option<(String, u32, u32)>,
    /// The ICP 备案 number a site hosted in mainland China must show (`京ICP备…号`).
    pub icp: Option<String>,
    /// The public-security 备案 number (`京公网安备…号`).
    pub police_record: Option<String>,
    /// Where `briefing publish` sends a build (`publish:`).
    pub publish: Publish,
    /// Interface strings, built-in defaults merged with `strings:` from site.yaml.
    pub strings: Strings,
    /// Free data for templates.
    pub extra: serde_json::Value,
}

/// Highlight themes available for `highlight_theme` (syntect's built-in set).
pub(crate) const THEMES: &[&str] = &[
    "InspiredGitHub",
    "Solarized (light)",
    "Solarized (dark)",
    "base16-eighties.dark",
    "base16-mocha.dark",
    "base16-ocean.dark",
    "base16-ocean.light",
];

/// The time zone "today" is counted in when `timezone` is not set.
pub(crate) const DEFAULT_TIMEZONE: &str = "Asia/Shanghai";

const FILE: &str = "site.yaml";

impl Config {
    /// Every default in one place.
    pub(crate) fn defaults() -> Config {
        Config {
            title: String::new(),
            description: String::new(),
            base_url: "/".into(),
            language: "zh-CN".into(),
            domains: Vec::new(),
            regions: Vec::new(),
            series: Vec::new(),
            serials: Vec::new(),
            languages: Vec::new(),
            translating: None,
            paginate: 40,
            feed_limit: 20,
            related_limit: 5,
            timeline_split: 500,
            highlight_theme: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
            unsafe_html: false,
            api: false,
            history: true,
            china: false,
            show_quotes: false,
            as_of: None,
            timezone: jiff::tz::TimeZone::get(DEFAULT_TIMEZONE).unwrap_or(jiff::tz::TimeZone::UTC),
            edit_url: None,
            icp: None,
            share_image: None,
            police_record: None,
            publish: Publish::defaults(),
            strings: Strings::builtin(),
            extra: serde_json::Value::Object(Default::default()),
        }
    }

    /// Read and check `site.yaml` in `root`.
    pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                vec![
                    Diagnostic::error(Code::NotUtf8, FILE, "site.yaml is not valid UTF-8 text")
                        .help("save the file with UTF-8 encoding"),
                ]
            })?,
            Err(e) => {
                return Err(vec![
                    Diagnostic::error(Code::Unreadable, FILE, format!("cannot read site.yaml: {e}")).help(format!(
                        "run briefing in a site folder (one with site.yaml), or pass --root; looked in {}",
                        root.display()
                    )),
                ]);
            }
        };
        crate::load::source::control_characters(FILE, &text).map_err(|d| vec![d])?;
        let mut config = Config::parse(&text)?;
        if let Some((path, width, height)) = &mut config.share_image {
            let file = root.join("static").join(&*path);
            match image::image_dimensions(&file) {
                Ok((w, h)) => (*width, *height) = (w, h),
                Err(e) => {
                    let d = Diagnostic::error(
                        Code::UnusableImage,
                        FILE,
                        format!("`share_image: {path}` cannot be used: static/{path} is not a readable picture ({e})"),
                    )
                    .field("share_image")
                    .help("put a JPEG or PNG in `static/` (1200×630 pixels suits share cards) and give its path, e.g. `share_image: images/share.png`");
                    return Err(vec![d]);
                }
            }
        }
        Ok(config)
    }

    pub(crate) fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let value = yaml::parse(text, 0).map_err(|e| vec![e.diagnostic(FILE, text, "")])?;
        let entries = expect_map(FILE, text, 1, value, "site.yaml").map_err(|d| vec![d])?;
        let mut f = Fields::new(FILE, text, text, 0, entries);
        let mut c = Config::defaults();
        c.title = f
            .req_text("title", "京津冀协同发展简报")
            .unwrap_or_default();
        c.description = f.opt_text("description").unwrap_or_default();
        if let Some(url) = f.req_text("base_url", "https://example.github.io/briefing/") {
            match normalize_base_url(&url) {
                Ok(u) => c.base_url = u,
                Err(msg) => {
                    let place = f.place("base_url");
                    let d = f.diag_at_value(Code::UnusableUrl, &place, Some(&url), msg).help(
                        "write the full address of the site, e.g. `https://example.github.io/briefing/`",
                    );
                    f.push(d);
                }
            }
        }
        if let Some(lang) = f.opt_text("language") {
            c.strings = Strings::builtin_for(&lang);
            c.language = lang;
        }
        c.domains = read_domains(&mut f);
        c.regions = read_regions(&mut f);
        c.series = read_series(&mut f);
        c.serials = read_serials(&mut f);
        c.languages = languages::read_languages(&mut f, &c);
        if let Some(n) = f.opt_usize("paginate", 1, c.paginate) {
            c.paginate = n;
        }
        if let Some(n) = f.opt_usize("feed_limit", 1, c.feed_limit) {
            c.feed_limit = n;
        }
        if let Some(n) = f.opt_usize("related_limit", 0, c.related_limit) {
            c.related_limit = n;
        }
        if let Some(n) = f.opt_usize("timeline_split", 0, c.timeline_split) {
            c.timeline_split = n;
        }
        if let Some(t) = f.opt_text("highlight_theme") {
            c.highlight_theme = t;
        }
        if let Some(t) = f.opt_text("highlight_theme_dark") {
            c.highlight_theme_dark = t;
        }
        read_markdown(&mut f, &mut c);
        if let Some(b) = f.opt_bool("history") {
            c.history = b;
        }
        if let Some(b) = f.opt_bool("show_quotes") {
            c.show_quotes = b;
        }
        if let Some(b) = f.opt_bool("china") {
            c.china = b;
        }
        if let Some(b) = f.opt_bool("api") {
            c.api = b;
        }
        if let Some((v, place)) = f.take("as_of") {
            if let Some(s) = f.text_of(v, &place) {
                match Date::parse(&s) {
                    Ok(d) => c.as_of = Some(d),
                    Err(msg) => {
                        let d = f.diag_at_value(Code::BadDate, &place, Some(&s), msg);
                        f.push(d);
                    }
                }
            }
        }
        read_timezone(&mut f, &mut c);
        if let Some(url) = f.opt_text("edit_url") {
            match check_edit_url(&url) {
                Ok(u) => c.edit_url = Some(u),
                Err(msg) => {
                    let place = f.place("edit_url");
                    let d = f
                        .diag_at_value(Code::UnusableUrl, &place, Some(&url), msg)
                        .help("e.g. `edit_url: https://github.com/OWNER/REPO/edit/main/{path}`");
                    f.push(d);
                }
            }
        }
        c.icp = f.opt_text("icp");
        c.share_image =
            (f.opt_text("share_image")).map(|p| (p.trim_start_matches('/').to_string(), 0, 0));
        c.police_record = f.opt_text("police_record");
        publish::read_publish(&mut f, &mut c);
        read_strings(&mut f, &mut c);
        if let Some((v, place)) = f.take("extra") {
            match v {
                Yaml::Map(_) => c.extra = v.to_json(),
                Yaml::Null => {}
                other => f.wrong_type(&place, &other, "a mapping of free data"),
            }
        }
        f.reject_leftover("settings of site.yaml");
        for theme in [&c.highlight_theme, &c.highlight_theme_dark] {
            if !THEMES.contains(&theme.as_str()) {
                let place = f.place(if *theme == c.highlight_theme {
                    "highlight_theme"
                } else {
                    "highlight_theme_dark"
                });
                let d = f
                    .diag_at_value(
                        Code::UnknownHighlightTheme,
                        &place,
                        Some(theme),
                        format!("unknown highlight theme `{theme}`"),
                    )
                    .help(diag::suggest(theme, THEMES, "themes are"));
                f.push(d);
            }
        }
        if f.diags.is_empty() {
            Ok(c)
        } else {
            Err(f.diags)
        }
    }

    /// The path part of `base_url` (`/` or `/briefing/`): the prefix of every internal link.
    pub(crate) fn base_path(&self) -> &str {
        let after_scheme = self.base_url.find("://").map(|i| i + 3).unwrap_or(0);
        match self.base_url[after_scheme..].find('/') {
            Some(i) => &self.base_url[after_scheme + i..],
            None => "/",
        }
    }
}

/// An edit link pattern: a web address (`https://…`) with `{path}` where the file's path goes.
pub(crate) fn check_edit_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let web = url.starts_with("https://") || url.starts_with("http://");
    if !web || url.contains(char::is_whitespace) || url.contains(['"', '<', '>']) {
        return Err(format!(
            "`{url}` is not a web address starting with https://"
        ));
    }
    if !url.contains("{path}") {
        return Err(format!("`{url}` has no `{{path}}` for the file's path"));
    }
    Ok(url.to_string())
}

/// `https://x.github.io/repo` → `https://x.github.io/repo/`; a bare path such as `/repo/` is
/// accepted too (links then work, but feeds and sitemaps need a full address).
pub(crate) fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let ok = url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/');
    let bad_char = |c: char| c.is_whitespace() || c.is_control() || "?#\"'<>\\`{}|^".contains(c);
    if !ok || url.contains(bad_char) {
        return Err(format!(
            "`{url}` is not a site address (it should start with https:// and have no spaces, quotes, ? or #)"
        ));
    }
    // A Chinese folder name is fine, written percent-encoded: every link stays plain ASCII.
    let mut u: String = url
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                percent_encoding::utf8_percent_encode(
                    c.encode_utf8(&mut [0; 4]),
                    percent_encoding::NON_ALPHANUMERIC,
                )
                .to_string()
            }
        })
        .collect();
    if !u.ends_with('/') {
        u.push('/');
    }
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "title: T\nbase_url: https://x.github.io/repo\ndomains:\n  - {key: ecology, name: 生态环境}\nregions:\n  - key: beijing\n    name: 北京\n";

    #[test]
    fn reads_a_good_config_with_defaults() {
        let c = Config::parse(GOOD).unwrap();
        assert_eq!(c.base_url, "https://x.github.io/repo/");
        assert_eq!(c.base_path(), "/repo/");
        assert_eq!(c.domains[0].name, "生态环境");
        assert_eq!(c.regions[0].key, "beijing");
        assert_eq!(c.paginate, 40);
    }

    #[test]
    fn reports_every_problem_with_positions() {
        let text = "title: T\nbase_url: ftp://x\npaginate: ten\ndomians: []\ndomains:\n  - {key: Eco Logy, name: 生态}\n";
        let errs = Config::parse(text).unwrap_err();
        let msgs: Vec<String> = errs
            .iter()
            .map(|d| format!("{} {}", d.location(), d.message))
            .collect();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("site.yaml:2:11 `ftp://x` is not a site address")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("site.yaml:3:11 `paginate` should be a whole number")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("site.yaml:4:1 unknown field `domians`")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("`Eco Logy` cannot be used as a key")),
            "{msgs:?}"
        );
        let typo = errs.iter().find(|d| d.message.contains("domians")).unwrap();
        assert!(
            typo.help
                .as_ref()
                .unwrap()
                .starts_with("did you mean `domains`?")
        );
    }
}
