//! The list of pages to render, and the home, article and standalone pages.

use serde::Serialize;
use tera::{Context, Value};

use crate::load::Status;
use crate::markdown::TocEntry;
use crate::model::{ArticleId, Entry, Group, GroupKind, Id, MilestoneId};
use crate::render::context::{self, Link};
use crate::render::{Job, PageKind, Renderer};

impl Renderer {
    /// Every page of the site, in a fixed order (the sitemap lists them in it).
    pub(super) fn jobs(&self) -> Vec<Job> {
        let s = &self.site;
        let mut jobs = vec![self.home()];
        jobs.extend(s.articles.ids().map(|id| self.article(id)));
        jobs.extend((0..s.pages.len()).map(|i| self.standalone(i)));
        jobs.extend(self.lists());
        jobs.push(self.domains_overview());
        jobs.push(self.terms(GroupKind::Region));
        jobs.push(self.terms(GroupKind::Tag));
        jobs.extend(self.timeline(None));
        jobs.extend(s.domains.ids().flat_map(|d| self.timeline(Some(d))));
        jobs.extend(self.figures());
        jobs.push(self.search());
        jobs.extend(self.changes());
        jobs.extend(self.editions());
        jobs.extend(self.redirects());
        jobs.push(Job::new("404.html", "404.html", |r| {
            let s = &r.site;
            let title = s.config.strings.get("not_found_title");
            r.base(PageKind::NotFound, title, "", &s.url("404.html"))
        }));
        jobs.push(self.feed(None));
        jobs.extend(s.domains.ids().map(|d| self.feed(Some(d))));
        jobs.push(Job::new("sitemap.xml", "sitemap.xml", |r| r.sitemap()));
        jobs.push(Job::new("robots.txt", "robots.txt", |r| {
            r.base(PageKind::Robots, "", "", &r.site.url("robots.txt"))
        }));
        jobs
    }

    /// `{group, …extra}` for a domain: what home, overview and figures pages list.
    pub(super) fn domain_value<const N: usize>(
        &self,
        g: &Group,
        extra: [(&'static str, Value); N],
    ) -> Value {
        let mut m = tera::Map::new();
        let group = context::group(&self.site, GroupKind::Domain, g);
        m.insert("group".into(), Value::from_serializable(&group));
        for (k, v) in extra {
            m.insert(k.into(), v);
        }
        Value::from(m)
    }

    fn home(&self) -> Job {
        Job::new("index.html", "index.html", |r| r.home_values())
    }

    fn home_values(&self) -> Context {
        let s = &self.site;
        let mut ctx = self.base(
            PageKind::Home,
            &s.config.title,
            &s.config.description,
            &s.url(""),
        );
        ctx.insert_value("latest", self.cards(&s.articles.first_ids(6)));
        ctx.insert("json_ld", &self.website_json_ld());
        // What the home page's script says to a returning reader (see changes.rs).
        let t = &s.config.strings;
        let since = serde_json::json!({
            "lead": t.get("since_visit"),
            "none": t.get("since_none"),
            "new": t.get("since_new"),
            "done": t.get("since_done"),
            "postponed": t.get("since_postponed"),
            "corrected": t.get("since_corrected"),
        });
        ctx.insert("since_strings", &since.to_string());
        let domain_cards: Vec<Value> = s
            .domains
            .iter()
            .map(|g| {
                let latest = g
                    .articles
                    .first()
                    .map(|&i| self.shared.cards[i.index()].clone());
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
        let upcoming: Vec<MilestoneId> = s
            .milestones
            .enumerate()
            .filter(|(_, m)| m.status == Status::Planned && !m.overdue)
            .map(|(id, _)| id)
            .take(5)
            .collect();
        let recent: Vec<MilestoneId> = s
            .milestones
            .enumerate()
            .filter(|(_, m)| m.status == Status::Done)
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .take(5)
            .collect();
        ctx.insert_value("upcoming", self.milestones(&upcoming));
        ctx.insert_value("recent_done", self.milestones(&recent));
        ctx
    }

    pub(super) fn article(&self, id: ArticleId) -> Job {
        let a = &self.site.articles[id];
        Job {
            path: format!("articles/{}/index.html", a.src.slug),
            origin: Some(a.src.file.clone()),
            template: "article.html",
            values: std::sync::Arc::new(move |r: &Renderer| r.article_ctx(id)),
            lastmod: Some(a.modified().to_string()),
            listed: true,
        }
    }

    pub(super) fn article_ctx(&self, id: ArticleId) -> Context {
        let s = &self.site;
        let a = &s.articles[id];
        let mut ctx = self.base(PageKind::Article, &a.src.title, &a.summary, &a.url);
        ctx.insert_value("article", self.shared.cards[id.index()].clone());
        ctx.insert("content", &a.rendered.html);
        ctx.insert("json_ld", &self.article_json_ld(id));
        ctx.insert("share_image", &self.article_share_image(id));
        ctx.insert("toc", &a.rendered.toc);
        ctx.insert("show_toc", &(a.rendered.toc.len() >= 3));
        ctx.insert("has_code", &a.rendered.has_code);
        ctx.insert("source_url", &a.src.source_url);
        ctx.insert("author", &a.src.author);
        ctx.insert("extra", &a.src.extra);
        ctx.insert("lastmod", &a.modified().to_string());
        let corrections: Vec<context::CorrectionCtx> = (a.src.corrections.iter())
            .map(|c| context::correction(s, c))
            .collect();
        ctx.insert("corrections", &corrections);
        ctx.insert("editions", &self.appeared(id));
        ctx.insert("translation_outdated", &self.outdated(id));
        ctx.insert_value(
            "figures",
            Value::from(self.shared.figures[id.index()].clone()),
        );
        ctx.insert_value("milestones", self.milestones(&a.milestones));
        ctx.insert_value("related", self.cards(&a.related));
        ctx.insert_value("backlinks", self.cards(&a.backlinks));
        let one = |o: Option<ArticleId>| {
            o.map(|j| self.shared.cards[j.index()].clone())
                .unwrap_or(Value::none())
        };
        ctx.insert_value("prev", one(a.prev));
        ctx.insert_value("next", one(a.next));
        let t = &s.config.strings;
        let crumbs = vec![
            Link {
                key: "home".into(),
                name: t.get("nav_home").into(),
                url: s.url(""),
            },
            context::domain_link(s, a.main_domain()),
        ];
        ctx.insert("breadcrumbs", &crumbs);
        ctx.insert("edit_url", &s.edit_url(a));
        ctx
    }

    /// The search page: a shell that `search.js` fills from the index; without JavaScript it
    /// offers the domain and tag lists instead.
    fn search(&self) -> Job {
        Job::new("search/index.html", "search.html", |r| r.search_values())
    }

    fn search_values(&self) -> Context {
        let s = &self.site;
        let t = &s.config.strings;
        let mut ctx = self.base(
            PageKind::Search,
            t.get("search_title"),
            "",
            &s.url("search/"),
        );
        let tags: Vec<_> = s
            .tags
            .iter()
            .map(|g| context::group(s, GroupKind::Tag, g))
            .collect();
        ctx.insert("tags", &tags);
        ctx.insert("search_index", &s.url("search/"));
        ctx.insert("search_shards", &crate::search::shard_count(s));
        // The script reads an index in English as English (phrases, stems); others as they are.
        let english = crate::search::english(&s.config.language);
        ctx.insert("search_lang", &english.then_some("en"));
        ctx.insert("json_ld", &self.website_json_ld());
        let keys = [
            "search_empty",
            "search_searching",
            "search_count",
            "search_none",
            "search_failed",
            "prev_page",
            "next_page",
        ];
        let strings: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .map(|k| (k.trim_start_matches("search_").to_string(), t.get(k).into()))
            .collect();
        // Inside <script type="application/json">: `</` must not end the element.
        let json = serde_json::to_string(&strings)
            .unwrap_or_default()
            .replace("</", "<\\/");
        ctx.insert("search_strings", &json);
        ctx
    }

    /// Standalone page `i` of the site's pages.
    fn standalone(&self, i: usize) -> Job {
        let p = &self.site.pages[i];
        let mut job = Job::new(
            format!("{}/index.html", p.src.slug),
            "page.html",
            move |r| {
                let p = &r.site.pages[i];
                let mut ctx = r.base(PageKind::Page, &p.src.title, &p.summary, &p.url);
                ctx.insert("page", &PageCtx::new(p));
                ctx.insert("has_code", &p.rendered.has_code);
                ctx.insert("edit_url", &r.site.edit_url(p));
                ctx
            },
        );
        job.origin = Some(p.src.file.clone());
        job
    }
}

/// A standalone page (`page`).
#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    url: &'a str,
    content: &'a str,
    toc: &'a [TocEntry],
    extra: &'a serde_json::Value,
}

impl<'a> PageCtx<'a> {
    fn new(p: &'a Entry) -> Self {
        PageCtx {
            title: &p.src.title,
            url: &p.url,
            content: &p.rendered.html,
            toc: &p.rendered.toc,
            extra: &p.src.extra,
        }
    }
}
