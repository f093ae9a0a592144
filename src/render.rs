//! Render: the model through Tera templates into files (in memory; `output` writes them).
//!
//! Templates come from [`crate::templates`]. Which page gets which template:
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
//! | timeline | `timeline.html` | `timeline/`, `timeline/<domain>/` |
//! | key figures | `figures.html` | `figures/index.html` |
//! | not found | `404.html` | `404.html` |
//! | Atom feeds | `atom.xml` | `feed.xml`, `domains/<key>/feed.xml` |
//! | sitemap, robots | `sitemap.xml`, `robots.txt` | same |
//!
//! The values each template gets are documented in [`crate::context`].

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::content::Status;
use crate::context::{Assets, Link, Shared, pagination};
use crate::diag::Diagnostic;
use crate::model::{Site, encode_segment};
use crate::templates::{Templates, ThemeFile};

/// Where rendered files go: the staging folder of a build, memory for `serve`, nowhere for
/// `check`. Called from many threads at once.
pub trait Sink: Sync {
    fn put(&self, file: OutFile) -> Result<(), String>;
}

/// One file of the built site: path relative to the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// How many key figures a domain page shows (the figures page has them all).
const DOMAIN_FIGURES: usize = 8;

/// A page to render: output path, template and its own values.
struct Job {
    path: String,
    template: &'static str,
    ctx: OwnValues,
    /// For the sitemap.
    lastmod: Option<String>,
}

/// A page's own values, or what is needed to make them when the page is rendered: article
/// pages carry their whole text, so their values are built on the rendering thread and
/// dropped right after, instead of all at once.
enum OwnValues {
    Ready(Context),
    Article(usize),
}

/// Renders every page of `site`.
pub struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    shared: Shared,
    assets: Assets,
}

impl<'a> Renderer<'a> {
    /// Asset URLs carry a version made from the bytes actually published (`theme` from
    /// [`crate::templates::theme_files`]).
    pub fn new(
        site: &'a Site,
        templates: &'a Templates,
        theme: &[ThemeFile],
        syntax_css: Option<&str>,
    ) -> Renderer<'a> {
        let versioned =
            |path: &str, bytes: &[u8]| format!("{}?v={}", site.url(path), short_hash(bytes));
        let theme = |i: usize| versioned(theme[i].path, &theme[i].bytes);
        let assets = Assets {
            style: theme(0),
            syntax: syntax_css.map(|css| versioned("assets/syntax.css", css.as_bytes())),
            timeline_js: theme(1),
        };
        Renderer {
            site,
            templates,
            shared: site.shared(),
            assets,
        }
    }

    /// Render all pages into `sink`, in parallel; template errors are collected (once per
    /// distinct error). Returns how many files and how many HTML pages were produced.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<(usize, usize), Vec<Diagnostic>> {
        let mut global = Context::new();
        global.insert("site", &self.site.site_ctx());
        global.insert("t", self.site.config.strings.map());
        global.insert("assets", &self.assets);
        let jobs = self.jobs();
        let pages = jobs.iter().filter(|j| j.path.ends_with(".html")).count();
        let files = jobs.len();
        let errors: Vec<Diagnostic> = jobs
            .into_par_iter()
            .filter_map(|job| {
                let mut ctx = global.clone();
                ctx.extend(match job.ctx {
                    OwnValues::Ready(c) => c,
                    OwnValues::Article(i) => self.article_ctx(i),
                });
                // Render straight into bytes: the output is written as bytes anyway, so the
                // UTF-8 check `render` would do on every page is skipped.
                let mut bytes = Vec::with_capacity(16 * 1024);
                let result = match self
                    .templates
                    .tera
                    .render_to(job.template, &ctx, &mut bytes)
                {
                    Ok(()) => sink.put(OutFile {
                        path: job.path.clone(),
                        bytes,
                    }),
                    Err(e) => return Some(self.templates.error(&e, &format!("/{}", job.path))),
                };
                result.err().map(|e| Diagnostic::error(job.path.clone(), e))
            })
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

    fn base(&self, kind: &str, title: &str, description: &str, url: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert("has_code", &false);
        ctx.insert("page_kind", kind);
        ctx.insert("title", title);
        ctx.insert("description", description);
        ctx.insert("current_url", url);
        ctx.insert("permalink", &self.site.permalink(url));
        ctx
    }

    fn cards(&self, items: &[usize]) -> Value {
        Value::from(
            items
                .iter()
                .map(|&i| self.shared.cards[i].clone())
                .collect::<Vec<_>>(),
        )
    }

    fn milestones(&self, items: &[usize]) -> Value {
        Value::from(
            items
                .iter()
                .map(|&i| self.shared.milestones[i].clone())
                .collect::<Vec<_>>(),
        )
    }

    fn jobs(&self) -> Vec<Job> {
        let s = self.site;
        let mut jobs = vec![self.home()];
        jobs.extend(
            (0..s.articles.len())
                .into_par_iter()
                .map(|i| self.article(i))
                .collect::<Vec<_>>(),
        );
        for p in &s.pages {
            let mut ctx = self.base("page", &p.src.title, &p.summary, &p.url);
            ctx.insert("page", &PageCtx::new(p));
            ctx.insert("has_code", &p.rendered.has_code);
            jobs.push(Job {
                path: format!("{}/index.html", p.src.slug),
                template: "page.html",
                ctx: OwnValues::Ready(ctx),
                lastmod: None,
            });
        }
        let all: Vec<usize> = (0..s.articles.len()).collect();
        let t = &s.config.strings;
        let list = Link {
            key: "articles".into(),
            name: t.get("all_articles").into(),
            url: s.url("articles/"),
        };
        jobs.extend(self.paginated("list.html", "articles", "articles/", &list, "", &all, None));
        for g in &s.domains {
            let link = self.group_link("domains", g);
            let out = format!("domains/{}/", g.slug);
            jobs.extend(self.paginated(
                "domain.html",
                "domain",
                &out,
                &link,
                &g.description,
                &g.articles,
                Some(g),
            ));
        }
        for (kind, groups) in [("regions", &s.regions), ("tags", &s.tags)] {
            for g in groups.iter() {
                let link = self.group_link(kind, g);
                let out = format!("{kind}/{}/", g.slug);
                let page_kind = if kind == "regions" { "region" } else { "tag" };
                jobs.extend(self.paginated(
                    "list.html",
                    page_kind,
                    &out,
                    &link,
                    &g.description,
                    &g.articles,
                    None,
                ));
            }
        }
        jobs.push(self.domains_overview());
        jobs.push(self.terms("regions", "region"));
        jobs.push(self.terms("tags", "tag"));
        jobs.push(self.timeline(None));
        for g in &s.domains {
            jobs.push(self.timeline(Some(&g.key)));
        }
        jobs.push(self.figures());
        jobs.push(Job {
            path: "404.html".into(),
            template: "404.html",
            ctx: OwnValues::Ready(self.base(
                "404",
                t.get("not_found_title"),
                "",
                &s.url("404.html"),
            )),
            lastmod: None,
        });
        jobs.push(self.feed(None));
        for g in &s.domains {
            jobs.push(self.feed(Some(&g.key)));
        }
        let urls: Vec<SitemapUrl> = jobs
            .iter()
            .filter(|j| j.path.ends_with("index.html"))
            .map(|j| SitemapUrl {
                loc: s.permalink(&s.url(j.path.trim_end_matches("index.html"))),
                lastmod: j.lastmod.clone(),
            })
            .collect();
        let mut ctx = self.base("sitemap", "", "", &s.url("sitemap.xml"));
        ctx.insert("urls", &urls);
        jobs.push(Job {
            path: "sitemap.xml".into(),
            template: "sitemap.xml",
            ctx: OwnValues::Ready(ctx),
            lastmod: None,
        });
        jobs.push(Job {
            path: "robots.txt".into(),
            template: "robots.txt",
            ctx: OwnValues::Ready(self.base("robots", "", "", &s.url("robots.txt"))),
            lastmod: None,
        });
        jobs
    }

    fn group_link(&self, kind: &str, g: &crate::model::Group) -> Link {
        Link {
            key: g.key.clone(),
            name: g.name.clone(),
            url: self.site.group_url(kind, g),
        }
    }

    /// `{group, …extra}` for a domain: what home, overview and figures pages list.
    fn domain_value<const N: usize>(
        &self,
        g: &crate::model::Group,
        extra: [(&'static str, Value); N],
    ) -> Value {
        let mut m = tera::Map::new();
        let group = self.site.group_ctx("domains", g);
        m.insert("group".into(), Value::from_serializable(&group));
        for (k, v) in extra {
            m.insert(k.into(), v);
        }
        Value::from(m)
    }

    fn home(&self) -> Job {
        let s = self.site;
        let mut ctx = self.base("home", &s.config.title, &s.config.description, &s.url(""));
        let latest: Vec<usize> = (0..s.articles.len().min(6)).collect();
        ctx.insert_value("latest", self.cards(&latest));
        let domain_cards: Vec<Value> = s
            .domains
            .iter()
            .map(|g| {
                let latest = g.articles.first().map(|&i| self.shared.cards[i].clone());
                self.domain_value(
                    g,
                    [
                        ("latest", latest.unwrap_or(Value::none())),
                        ("milestone_count", Value::from(g.milestones.len())),
                    ],
                )
            })
            .collect();
        ctx.insert_value("domain_cards", Value::from(domain_cards));
        // Key figures: the first figure of each article, newest articles first, at most 8.
        let figs: Vec<Value> = self
            .shared
            .figures
            .iter()
            .filter_map(|f| f.first().cloned())
            .take(8)
            .collect();
        ctx.insert_value("key_figures", Value::from(figs));
        // The next planned milestones (work under way is on the timeline, not "next").
        let upcoming: Vec<usize> = (0..s.milestones.len())
            .filter(|&i| s.milestones[i].status == Status::Planned && !s.milestones[i].overdue)
            .take(5)
            .collect();
        let recent: Vec<usize> = (0..s.milestones.len())
            .rev()
            .filter(|&i| s.milestones[i].status == Status::Done)
            .take(5)
            .collect();
        ctx.insert_value("upcoming", self.milestones(&upcoming));
        ctx.insert_value("recent_done", self.milestones(&recent));
        Job {
            path: "index.html".into(),
            template: "index.html",
            ctx: OwnValues::Ready(ctx),
            lastmod: None,
        }
    }

    fn article(&self, i: usize) -> Job {
        let a = &self.site.articles[i];
        Job {
            path: format!("articles/{}/index.html", a.src.slug),
            template: "article.html",
            ctx: OwnValues::Article(i),
            lastmod: Some(a.date().to_string()),
        }
    }

    fn article_ctx(&self, i: usize) -> Context {
        let s = self.site;
        let a = &s.articles[i];
        let mut ctx = self.base("article", &a.src.title, &a.summary, &a.url);
        ctx.insert_value("article", self.shared.cards[i].clone());
        ctx.insert("content", &a.rendered.html);
        ctx.insert("toc", &a.rendered.toc);
        ctx.insert("show_toc", &(a.rendered.toc.len() >= 3));
        ctx.insert("has_code", &a.rendered.has_code);
        ctx.insert("source_url", &a.src.source_url);
        ctx.insert("author", &a.src.author);
        ctx.insert("extra", &a.src.extra);
        ctx.insert("lastmod", &a.date().to_string());
        ctx.insert_value("figures", Value::from(self.shared.figures[i].clone()));
        ctx.insert_value("milestones", self.milestones(&a.milestones));
        ctx.insert_value("related", self.cards(&a.related));
        ctx.insert_value("backlinks", self.cards(&a.backlinks));
        let one = |o: Option<usize>| {
            o.map(|j| self.shared.cards[j].clone())
                .unwrap_or(Value::none())
        };
        ctx.insert_value("prev", one(a.prev));
        ctx.insert_value("next", one(a.next));
        let t = &s.config.strings;
        let mut crumbs = vec![Link {
            key: "home".into(),
            name: t.get("nav_home").into(),
            url: s.url(""),
        }];
        if let Some(d) = a.src.domains.first() {
            crumbs.push(s.domain_link(d));
        }
        ctx.insert("breadcrumbs", &crumbs);
        ctx
    }

    #[allow(clippy::too_many_arguments)]
    fn paginated(
        &self,
        template: &'static str,
        kind: &str,
        out: &str,
        list: &Link,
        description: &str,
        items: &[usize],
        domain: Option<&crate::model::Group>,
    ) -> Vec<Job> {
        let s = self.site;
        let per = s.config.paginate;
        let total = items.len().div_ceil(per).max(1);
        (1..=total)
            .map(|n| {
                let path = if n == 1 {
                    out.to_string()
                } else {
                    format!("{out}page/{n}/")
                };
                let url = s.url(&encode_path(&path));
                let mut ctx = self.base(kind, &list.name, description, &url);
                let chunk = &items[((n - 1) * per).min(items.len())..(n * per).min(items.len())];
                ctx.insert("list", list);
                ctx.insert_value("articles", self.cards(chunk));
                ctx.insert("pagination", &pagination(&list.url, n, total));
                if let Some(g) = domain {
                    ctx.insert("group", &s.group_ctx("domains", g));
                    let near = self.around_today(&g.milestones, 5);
                    ctx.insert_value("milestones", self.milestones(&near));
                    ctx.insert("milestone_count", &g.milestones.len());
                    let figs: Vec<Value> = g
                        .figures
                        .iter()
                        .take(DOMAIN_FIGURES)
                        .map(|&(a, f)| self.shared.figures[a][f].clone())
                        .collect();
                    ctx.insert_value("figures", Value::from(figs));
                    ctx.insert("figure_count", &g.figures.len());
                }
                Job {
                    path: format!("{path}index.html"),
                    template,
                    ctx: OwnValues::Ready(ctx),
                    lastmod: None,
                }
            })
            .collect()
    }

    /// Up to `n` latest done milestones and the next `n` not done, in timeline order: what a
    /// domain page shows (the domain's timeline page has them all).
    fn around_today(&self, items: &[usize], n: usize) -> Vec<usize> {
        let s = self.site;
        let done: Vec<usize> = items
            .iter()
            .copied()
            .filter(|&i| s.milestones[i].status == Status::Done)
            .collect();
        let mut out: Vec<usize> = done[done.len().saturating_sub(n)..].to_vec();
        out.extend(
            items
                .iter()
                .copied()
                .filter(|&i| s.milestones[i].status != Status::Done)
                .take(n),
        );
        out.sort_unstable();
        out
    }

    fn domains_overview(&self) -> Job {
        let s = self.site;
        let t = &s.config.strings;
        let mut ctx = self.base("domains", t.get("nav_domains"), "", &s.url("domains/"));
        let groups: Vec<Value> = s
            .domains
            .iter()
            .map(|g| {
                self.domain_value(
                    g,
                    [
                        ("latest", self.cards(&g.articles[..g.articles.len().min(3)])),
                        ("milestone_count", Value::from(g.milestones.len())),
                        ("figure_count", Value::from(g.figures.len())),
                    ],
                )
            })
            .collect();
        ctx.insert_value("groups", Value::from(groups));
        Job {
            path: "domains/index.html".into(),
            template: "domains.html",
            ctx: OwnValues::Ready(ctx),
            lastmod: None,
        }
    }

    fn terms(&self, kind: &str, single: &str) -> Job {
        let s = self.site;
        let t = &s.config.strings;
        let groups = if kind == "regions" {
            &s.regions
        } else {
            &s.tags
        };
        let title = t.get(if kind == "regions" {
            "nav_regions"
        } else {
            "nav_tags"
        });
        let mut ctx = self.base(kind, title, "", &s.url(&format!("{kind}/")));
        let terms: Vec<_> = groups.iter().map(|g| s.group_ctx(kind, g)).collect();
        ctx.insert("terms", &terms);
        ctx.insert("term_kind", single);
        Job {
            path: format!("{kind}/index.html"),
            template: "terms.html",
            ctx: OwnValues::Ready(ctx),
            lastmod: None,
        }
    }

    fn timeline(&self, domain: Option<&str>) -> Job {
        let s = self.site;
        let t = &s.config.strings;
        let (path, items): (String, Vec<usize>) = match domain {
            None => ("timeline/".into(), (0..s.milestones.len()).collect()),
            Some(k) => (
                format!("timeline/{k}/"),
                s.domain(k)
                    .map(|g| g.milestones.clone())
                    .unwrap_or_default(),
            ),
        };
        let title = match domain {
            Some(k) => format!("{} · {}", t.get("nav_timeline"), s.domain_link(k).name),
            None => t.get("nav_timeline").to_string(),
        };
        let mut ctx = self.base("timeline", &title, "", &s.url(&path));
        // Group by year; the "today" line goes before the first milestone that starts later.
        let first_future = items
            .iter()
            .position(|&i| s.milestones[i].date.start() > s.today);
        let mut years: Vec<YearGroup> = Vec::new();
        for (pos, &i) in items.iter().enumerate() {
            let year = s.milestones[i].date.year;
            if years.last().map(|y| y.year) != Some(year) {
                years.push(YearGroup {
                    year,
                    items: Vec::new(),
                });
            }
            let mut v = self.shared.milestones[i].clone();
            if first_future == Some(pos) {
                if let Some(m) = v.as_map() {
                    let mut m = m.clone();
                    m.insert("today_before".into(), Value::from(true));
                    v = Value::from(m);
                }
            }
            if let Some(y) = years.last_mut() {
                y.items.push(v);
            }
        }
        ctx.insert_value(
            "years",
            Value::from(
                years
                    .into_iter()
                    .map(|y| {
                        let mut m = tera::Map::new();
                        m.insert("year".into(), Value::from(y.year));
                        m.insert("items".into(), Value::from(y.items));
                        Value::from(m)
                    })
                    .collect::<Vec<_>>(),
            ),
        );
        ctx.insert(
            "today_after_all",
            &(first_future.is_none() && !items.is_empty()),
        );
        ctx.insert("filter_current", domain.unwrap_or(""));
        let mut filters = vec![Link {
            key: String::new(),
            name: t.get("timeline_all").into(),
            url: s.url("timeline/"),
        }];
        filters.extend(s.domains.iter().map(|g| Link {
            key: g.key.clone(),
            name: g.name.clone(),
            url: s.url(&format!("timeline/{}/", g.key)),
        }));
        ctx.insert("filters", &filters);
        Job {
            path: format!("{path}index.html"),
            template: "timeline.html",
            ctx: OwnValues::Ready(ctx),
            lastmod: None,
        }
    }

    fn figures(&self) -> Job {
        let s = self.site;
        let t = &s.config.strings;
        let mut ctx = self.base("figures", t.get("nav_figures"), "", &s.url("figures/"));
        let groups: Vec<Value> = s
            .domains
            .iter()
            .filter(|g| !g.figures.is_empty())
            .map(|g| {
                let figs: Vec<Value> = g
                    .figures
                    .iter()
                    .map(|&(a, f)| self.shared.figures[a][f].clone())
                    .collect();
                self.domain_value(g, [("figures", Value::from(figs))])
            })
            .collect();
        ctx.insert_value("groups", Value::from(groups));
        Job {
            path: "figures/index.html".into(),
            template: "figures.html",
            ctx: OwnValues::Ready(ctx),
            lastmod: None,
        }
    }

    fn feed(&self, domain: Option<&str>) -> Job {
        let s = self.site;
        let (path, title, alternate, items): (String, String, String, Vec<usize>) = match domain {
            None => (
                "feed.xml".into(),
                s.config.title.clone(),
                s.url(""),
                (0..s.articles.len()).collect(),
            ),
            Some(k) => {
                let g = s.domain(k).expect("domain exists");
                (
                    format!("domains/{k}/feed.xml"),
                    format!("{} · {}", s.config.title, g.name),
                    s.url(&format!("domains/{k}/")),
                    g.articles.clone(),
                )
            }
        };
        let items = &items[..items.len().min(s.config.feed_limit)];
        let mut ctx = self.base("feed", &title, &s.config.description, &s.url(&path));
        let entries: Vec<FeedEntry> = items
            .iter()
            .map(|&i| {
                let a = &s.articles[i];
                FeedEntry {
                    title: &a.src.title,
                    permalink: s.permalink(&a.url),
                    updated: a.date().rfc3339(),
                    summary: &a.summary,
                    content: &a.rendered.html,
                    author: a.src.author.as_deref().or(a.src.source.as_deref()),
                    categories: a
                        .src
                        .domains
                        .iter()
                        .map(|k| s.domain_link(k).name)
                        .collect(),
                }
            })
            .collect();
        let updated = items
            .first()
            .map(|&i| s.articles[i].date().rfc3339())
            .unwrap_or_else(|| s.today.rfc3339());
        ctx.insert("feed_updated", &updated);
        ctx.insert("alternate", &s.permalink(&alternate));
        ctx.insert("entries", &entries);
        Job {
            path,
            template: "atom.xml",
            ctx: OwnValues::Ready(ctx),
            lastmod: None,
        }
    }
}

/// Percent-encode each segment of an output path for use in a URL.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// 8 hex digits of FNV-1a: a stable cache-busting version for asset URLs.
pub fn short_hash(bytes: &[u8]) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    url: &'a str,
    content: &'a str,
    toc: &'a [crate::markdown::TocEntry],
    extra: &'a serde_json::Value,
}

impl<'a> PageCtx<'a> {
    fn new(p: &'a crate::model::Doc) -> Self {
        PageCtx {
            title: &p.src.title,
            url: &p.url,
            content: &p.rendered.html,
            toc: &p.rendered.toc,
            extra: &p.src.extra,
        }
    }
}

struct YearGroup {
    year: i32,
    items: Vec<Value>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    permalink: String,
    updated: String,
    summary: &'a str,
    content: &'a str,
    author: Option<&'a str>,
    categories: Vec<String>,
}
