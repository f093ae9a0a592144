//! The template context: what each template receives, in one place.
//!
//! `docs/templates.md` is the reader's version of this file; keep them in step. Every value
//! here is computed from the [`Site`] model by the functions below; templates never search
//! the library.
//!
//! Every template gets:
//! - `site`: [`SiteCtx`] — title, description, base_url, base_path, language, today, domains,
//!   regions, standalone pages, extra, feed_url;
//! - `t`: the interface strings (`t.nav_home`, …), see `src/i18n.rs`;
//! - `assets`: [`Assets`] — URLs of the stylesheet, the code-highlighting stylesheet and the
//!   timeline script;
//! - `page_kind`, `title`, `description`, `current_url` (site-absolute path), `permalink`
//!   (full URL, canonical).
//!
//! Then each kind of page adds its own values; see [`crate::render`] for which template gets
//! which, and the structs below for the fields of each value.

use serde::Serialize;
use tera::Value;

pub(crate) mod editions;
mod items;
mod record;

pub(crate) use items::{figure_values, milestone_value};

pub(crate) use record::{CorrectionCtx, correction};

use super::Kept;
use crate::model::{ArticleId, DomainId, Entry, Group, GroupKind, Id, Site};

/// A name with a link: domain, region and tag chips, breadcrumbs, article references.
#[derive(Serialize, Clone)]
pub(crate) struct Link {
    pub key: String,
    pub name: String,
    pub url: String,
}

/// Site-wide values (`site`).
#[derive(Serialize)]
pub(crate) struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub language: &'a str,
    pub today: String,
    pub today_display: String,
    pub domains: Vec<GroupCtx<'a>>,
    pub regions: Vec<GroupCtx<'a>>,
    pub pages: Vec<Link>,
    pub feed_url: String,
    pub extra: &'a serde_json::Value,
    /// `zh_CN` for `zh-CN`: the form share cards (`og:locale`) use.
    pub og_locale: String,
    /// The 备案 lines, when set: `{text, url}` (the official register's address).
    pub icp: Option<Link>,
    pub police_record: Option<Link>,
    /// 往期, when site.yaml declares serials of editions.
    pub editions_url: Option<String>,
}

/// A domain, region or tag: name, link, count, feed (domains only).
#[derive(Serialize)]
pub(crate) struct GroupCtx<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub url: String,
    pub count: usize,
    /// `12 篇简报`
    pub count_label: String,
    pub feed_url: Option<String>,
}

/// URLs of the theme's files (`assets`).
#[derive(Serialize)]
pub(crate) struct Assets {
    pub style: String,
    /// Only set when some page has highlighted code.
    pub syntax: Option<String>,
    pub timeline_js: String,
    pub search_js: String,
}

/// Page navigation for paginated lists (`pagination`).
#[derive(Serialize)]
pub(crate) struct Pagination {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageLink>,
}

/// A page number in the pagination bar; `gap` entries stand for skipped numbers (…).
#[derive(Serialize)]
pub(crate) struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    pub gap: bool,
}

/// Values computed once per build and shared by every page that shows them.
pub(crate) struct Shared {
    pub links: Links,
    pub cards: Vec<Value>,
    pub milestones: Vec<Value>,
    /// Per article, its figures.
    pub figures: Vec<Vec<Value>>,
}

/// A domain's name and page.
pub(crate) fn domain_link(s: &Site, d: DomainId) -> Link {
    let g = &s.domains[d];
    Link {
        key: g.key.clone(),
        name: g.name.clone(),
        url: s.url(&format!("domains/{}/", g.key)),
    }
}

/// A group's name and page.
pub(crate) fn group_link(s: &Site, kind: GroupKind, g: &Group) -> Link {
    Link {
        key: g.key.clone(),
        name: g.name.clone(),
        url: s.group_url(kind, g),
    }
}

pub(crate) fn article_link(s: &Site, id: ArticleId) -> Link {
    let a = &s.articles[id];
    Link {
        key: a.src.slug.clone(),
        name: a.src.title.clone(),
        url: a.url.clone(),
    }
}

/// The links of every domain, region and tag, made once: each card and milestone shares
/// them instead of holding copies (at 10,000 briefs, tens of MB).
pub(crate) struct Links {
    pub(super) domains: Vec<Value>,
    pub(super) regions: Vec<Value>,
    pub(super) tags: Vec<Value>,
    /// Each article's link (milestones and figures point to their article).
    pub(super) articles: Vec<Value>,
}

impl Links {
    pub(crate) fn new(s: &Site) -> Links {
        let v = |l: Link| Value::from_serializable(&l);
        Links {
            domains: s.domains.ids().map(|d| v(domain_link(s, d))).collect(),
            regions: s
                .regions
                .iter()
                .map(|g| v(group_link(s, GroupKind::Region, g)))
                .collect(),
            tags: tag_links(s),
            articles: s.articles.ids().map(|id| v(article_link(s, id))).collect(),
        }
    }
}

/// Each tag's link, by tag id.
fn tag_links(s: &Site) -> Vec<Value> {
    s.tags
        .iter()
        .map(|g| {
            Value::from_serializable(&Link {
                key: g.slug.clone(),
                name: g.name.clone(),
                url: s.group_url(GroupKind::Tag, g),
            })
        })
        .collect()
}

impl Links {
    /// The tags were numbered anew (a tag made or gone): their links follow. The links of
    /// the tags that stay are as before, so the cards holding them stay true.
    pub(crate) fn renew_tags(&mut self, s: &Site) {
        self.tags = tag_links(s);
    }

    /// `value` (a milestone or figure) with its `domain` and `article` links replaced by the
    /// shared ones, which are equal.
    fn share(&self, value: Value, domain: usize, article: usize) -> Value {
        let Some(mut m) = value.clone().into_map() else {
            return value;
        };
        m.insert("domain".into(), self.domains[domain].clone());
        m.insert("article".into(), self.articles[article].clone());
        Value::from(m)
    }
}

/// A card: an article as shown in lists, related articles, backlinks, prev/next, as a
/// template value whose links are shared ([`Links`]). Fields: `slug`, `title`, `url`,
/// `permalink`, `date` (`2026-06-10`), `date_display` (`2026年6月10日`), `summary`, `domains`,
/// `regions`, `tags` (links: `{key, name, url}`), `reading_minutes`, `reading_time`
/// (`阅读时间约 3 分钟`), `source` (or none), `draft`, `updated` and `updated_display` (the
/// latest of `updated:` and the corrections, or none), `modified` (the brief's last change:
/// the latest of `date`, `updated:` and the corrections), `scheduled` (dated later than now:
/// shown only with `--future` and in serve, as 未发布).
pub(crate) fn card(s: &Site, a: &Entry, links: &Links) -> Value {
    let t = &s.config.strings;
    let list = |ids: Vec<usize>, all: &[Value]| {
        Value::from(ids.into_iter().map(|i| all[i].clone()).collect::<Vec<_>>())
    };
    let minutes = a.rendered.reading_minutes();
    let mut m = tera::Map::new();
    let mut put = |k: &'static str, v: Value| {
        m.insert(k.into(), v);
    };
    put("slug", Value::from(a.src.slug.as_str()));
    put("title", Value::from(a.src.title.as_str()));
    put("url", Value::from(a.url.as_str()));
    put("permalink", Value::from(s.permalink(&a.url)));
    put("date", Value::from(a.date().to_string()));
    put("date_display", Value::from(t.date(a.date())));
    let updated = a.src.last_update();
    put("updated", Value::from(updated.map(|d| d.to_string())));
    put("updated_display", Value::from(updated.map(|d| t.date(d))));
    put("modified", Value::from(a.modified().to_string()));
    put("summary", Value::from(a.summary.as_str()));
    put(
        "domains",
        list(
            a.domains.iter().map(|d| d.index()).collect(),
            &links.domains,
        ),
    );
    put(
        "regions",
        list(
            a.regions.iter().map(|r| r.index()).collect(),
            &links.regions,
        ),
    );
    put(
        "tags",
        list(a.tags.iter().map(|g| g.index()).collect(), &links.tags),
    );
    put("reading_minutes", Value::from(minutes));
    put(
        "reading_time",
        Value::from(t.format("reading_time", &[("n", &minutes.to_string())])),
    );
    put("source", Value::from(a.src.source.as_deref()));
    put("draft", Value::from(a.src.draft));
    put("scheduled", Value::from(!s.published(&a.src)));
    Value::from(m)
}

/// Compute the shared values once, in parallel, taking over what `kept` has of them.
pub(crate) fn shared(s: &Site, kept: Option<&Kept>) -> Shared {
    use rayon::prelude::*;
    let links = Links::new(s);
    // Domains and regions come from site.yaml: when it changed, nothing is taken over.
    let kept = kept.filter(|k| k.domains == links.domains && k.regions == links.regions);
    // A tag's link is its slug, spelling and address: taken over cards must show the same.
    let tag_same: Vec<bool> = s
        .tags
        .iter()
        .zip(&links.tags)
        .map(|(g, now)| kept.is_some_and(|k| k.tags.get(&g.slug) == Some(now)))
        .collect();
    // A milestone's status depends on the day, its link on whether the timeline is split.
    let same_day =
        kept.filter(|k| k.today == s.today && k.split == s.timeline_split(s.milestones.len()));
    Shared {
        cards: s
            .articles
            .as_slice()
            .par_iter()
            .map(|a| {
                kept.and_then(|k| k.cards.get(&a.src.file))
                    .filter(|_| a.tags.iter().all(|t| tag_same[t.index()]))
                    .cloned()
                    .unwrap_or_else(|| card(s, a, &links))
            })
            .collect(),
        milestones: s
            .milestones
            .as_slice()
            .par_iter()
            .map(|m| {
                same_day
                    .and_then(|k| k.milestones.get(&m.anchor))
                    .cloned()
                    .unwrap_or_else(|| milestone_value(s, m, &links))
            })
            .collect(),
        figures: s
            .articles
            .ids()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|&article| {
                let a = &s.articles[article];
                if let Some(values) = kept.and_then(|k| k.figures.get(&a.src.file)) {
                    return values.clone();
                }
                figure_values(s, article, &links)
            })
            .collect(),
        links,
    }
}

pub(crate) fn group<'a>(s: &'a Site, kind: GroupKind, g: &'a Group) -> GroupCtx<'a> {
    GroupCtx {
        key: &g.key,
        name: &g.name,
        description: &g.description,
        url: s.group_url(kind, g),
        count: g.articles.len(),
        count_label: s
            .config
            .strings
            .format("article_count", &[("n", &g.articles.len().to_string())]),
        feed_url: (kind == GroupKind::Domain)
            .then(|| s.url(&format!("domains/{}/feed.xml", g.slug))),
    }
}

pub(crate) fn site(s: &Site) -> SiteCtx<'_> {
    let c = &s.config;
    let record = |text: &Option<String>, url: &dyn Fn(&str) -> String| {
        text.as_ref().map(|t| Link {
            key: String::new(),
            name: t.clone(),
            url: url(t),
        })
    };
    let police = |t: &str| {
        let code: String = t.chars().filter(char::is_ascii_digit).collect();
        format!("https://beian.mps.gov.cn/#/query/webSearch?code={code}")
    };
    SiteCtx {
        og_locale: c.language.replace('-', "_"),
        icp: record(&c.icp, &|_| "https://beian.miit.gov.cn/".to_string()),
        police_record: record(&c.police_record, &police),
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        base_path: c.base_path(),
        language: &c.language,
        today: s.today.to_string(),
        today_display: c.strings.date(s.today),
        domains: s
            .domains
            .iter()
            .map(|g| group(s, GroupKind::Domain, g))
            .collect(),
        regions: s
            .regions
            .iter()
            .map(|g| group(s, GroupKind::Region, g))
            .collect(),
        pages: s
            .pages
            .iter()
            .map(|p| Link {
                key: p.src.slug.clone(),
                name: p.src.title.clone(),
                url: p.url.clone(),
            })
            .collect(),
        feed_url: s.url("feed.xml"),
        editions_url: (!c.serials.is_empty()).then(|| s.url("editions/")),
        extra: &c.extra,
    }
}
