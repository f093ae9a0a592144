//! Paginated lists (all articles, each domain, region and tag), the overviews of domains,
//! regions and tags, and the key figures page.

use tera::{Context, Value};

use crate::load::Status;
use crate::model::{ArticleId, DomainId, GroupKind, Id, MilestoneId, RegionId, TagId};
use crate::render::context::{self, Link, PageLink, Pagination};
use crate::render::{Job, PageKind, Renderer, charts};
use crate::slug::link_path;

/// How many key figures a domain page shows (the figures pages have them all).
const DOMAIN_FIGURES: usize = 8;
/// How many of a domain's key figures the figures page shows, newest first; a domain with
/// more has a figures page of its own (`figures/<domain>/`), so the figures page stays small
/// however many briefs there are.
const FIGURES_PER_DOMAIN: usize = 12;

/// Which paginated list.
#[derive(Clone, Copy)]
enum ListOf {
    All,
    Domain(DomainId),
    Region(RegionId),
    Tag(TagId),
}

/// One paginated list: its pages' template and kind, folder, name and articles.
struct List<'a> {
    template: &'static str,
    kind: PageKind,
    /// Output folder (`domains/ecology/`).
    out: String,
    link: Link,
    description: &'a str,
    /// The articles, or `None` for every article of the site.
    items: Option<&'a [ArticleId]>,
    domain: Option<DomainId>,
}

impl Renderer {
    /// All articles, then each domain, region and tag, each over as many pages as it needs.
    pub(super) fn lists(&self) -> Vec<Job> {
        let s = &self.site;
        let mut jobs = self.paginated(ListOf::All);
        for d in s.domains.ids() {
            jobs.extend(self.paginated(ListOf::Domain(d)));
        }
        for r in s.regions.ids() {
            jobs.extend(self.paginated(ListOf::Region(r)));
        }
        for t in s.tags.ids() {
            jobs.extend(self.paginated(ListOf::Tag(t)));
        }
        jobs
    }

    fn list(&self, of: ListOf) -> List<'_> {
        let s = &self.site;
        let (kind, g, domain) = match of {
            ListOf::All => {
                return List {
                    template: "list.html",
                    kind: PageKind::Articles,
                    out: "articles/".into(),
                    link: Link {
                        key: "articles".into(),
                        name: s.config.strings.get("all_articles").into(),
                        url: s.url("articles/"),
                    },
                    description: "",
                    items: None,
                    domain: None,
                };
            }
            ListOf::Domain(d) => (GroupKind::Domain, &s.domains[d], Some(d)),
            ListOf::Region(r) => (GroupKind::Region, &s.regions[r], None),
            ListOf::Tag(t) => (GroupKind::Tag, &s.tags[t], None),
        };
        let (template, page_kind) = match kind {
            GroupKind::Domain => ("domain.html", PageKind::Domain),
            GroupKind::Region => ("list.html", PageKind::Region),
            GroupKind::Tag => ("list.html", PageKind::Tag),
        };
        List {
            template,
            kind: page_kind,
            out: format!("{}/{}/", kind.dir(), g.slug),
            link: context::group_link(s, kind, g),
            description: &g.description,
            items: Some(&g.articles),
            domain,
        }
    }

    /// A list's pages: the first in its folder, the others in `page/<n>/` under it.
    fn paginated(&self, of: ListOf) -> Vec<Job> {
        let s = &self.site;
        let list = self.list(of);
        let len = list.items.map_or(s.articles.len(), <[ArticleId]>::len);
        let total = len.div_ceil(s.config.paginate).max(1);
        (1..=total)
            .map(|n| {
                Job::new(
                    format!("{}index.html", page_dir(&list.out, n)),
                    list.template,
                    move |r| r.list_page(of, n, total),
                )
            })
            .collect()
    }

    /// The values of page `n` of `total` of a list.
    fn list_page(&self, of: ListOf, n: usize, total: usize) -> Context {
        let s = &self.site;
        let per = s.config.paginate;
        let list = self.list(of);
        let url = s.url(&link_path(&page_dir(&list.out, n)));
        let mut ctx = self.base(list.kind, &list.link.name, list.description, &url);
        let len = list.items.map_or(s.articles.len(), <[ArticleId]>::len);
        let range = ((n - 1) * per).min(len)..(n * per).min(len);
        let chunk: Vec<ArticleId> = match list.items {
            Some(items) => items[range].to_vec(),
            None => range.map(ArticleId::new).collect(),
        };
        ctx.insert("list", &list.link);
        ctx.insert_value("articles", self.cards(&chunk));
        ctx.insert("pagination", &pagination(&list.link.url, n, total));
        // A domain's page counts the domain's briefs not translated (a site in languages).
        if let (Some(d), true) = (list.domain, ctx.contains_key("untranslated_note")) {
            ctx.insert(
                "untranslated_note",
                &self.untranslated_note(Some(&s.domains[d].key)),
            );
        }
        if let Some(d) = list.domain {
            ctx.insert(
                "group",
                &context::group(s, GroupKind::Domain, &s.domains[d]),
            );
        }
        // A domain's overview (progress, milestones, figures) is on its first page
        // only: later pages are the list.
        if let (Some(d), 1) = (list.domain, n) {
            let g = &s.domains[d];
            let near = self.around_today(&g.milestones, 5);
            ctx.insert_value("milestones", self.milestones(&near));
            ctx.insert("milestone_count", &g.milestones.len());
            ctx.insert_value(
                "figures",
                self.figure_values(&g.figures[..g.figures.len().min(DOMAIN_FIGURES)]),
            );
            ctx.insert("figure_count", &g.figures.len());
            ctx.insert("figures_url", &self.figures_url(d));
            ctx.insert("series", &charts::series(s, Some(d)));
            ctx.insert("progress", &charts::progress(s, &g.milestones));
            let due: Vec<MilestoneId> = g
                .milestones
                .iter()
                .copied()
                .filter(|&m| s.milestones[m].status == Status::Planned && !s.milestones[m].overdue)
                .take(3)
                .collect();
            ctx.insert_value("due", self.milestones(&due));
        }
        ctx
    }

    fn figure_values(&self, figures: &[crate::model::FigureId]) -> Value {
        Value::from(
            figures
                .iter()
                .map(|f| self.shared.figures[f.article.index()][f.index].clone())
                .collect::<Vec<_>>(),
        )
    }

    /// Up to `n` latest done milestones and the next `n` not done, in timeline order: what a
    /// domain page shows (the domain's timeline page has them all).
    fn around_today(&self, items: &[MilestoneId], n: usize) -> Vec<MilestoneId> {
        let s = &self.site;
        let done = |i: &MilestoneId| s.milestones[*i].status == Status::Done;
        let finished: Vec<MilestoneId> = items.iter().copied().filter(done).collect();
        let mut out: Vec<MilestoneId> = finished[finished.len().saturating_sub(n)..].to_vec();
        out.extend(items.iter().copied().filter(|i| !done(i)).take(n));
        out.sort_unstable();
        out
    }

    pub(super) fn domains_overview(&self) -> Job {
        Job::new("domains/index.html", "domains.html", |r| {
            r.domains_overview_values()
        })
    }

    fn domains_overview_values(&self) -> Context {
        let s = &self.site;
        let t = &s.config.strings;
        let mut ctx = self.base(
            PageKind::Domains,
            t.get("nav_domains"),
            "",
            &s.url("domains/"),
        );
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
        ctx
    }

    /// The overview of regions or tags.
    pub(super) fn terms(&self, kind: GroupKind) -> Job {
        Job::new(
            format!("{}/index.html", kind.dir()),
            "terms.html",
            move |r| r.terms_values(kind),
        )
    }

    fn terms_values(&self, kind: GroupKind) -> Context {
        let s = &self.site;
        let t = &s.config.strings;
        let (groups, title, page_kind) = match kind {
            GroupKind::Region => (
                s.regions.as_slice(),
                t.get("nav_regions"),
                PageKind::Regions,
            ),
            _ => (s.tags.as_slice(), t.get("nav_tags"), PageKind::Tags),
        };
        let dir = kind.dir();
        let mut ctx = self.base(page_kind, title, "", &s.url(&format!("{dir}/")));
        let terms: Vec<_> = groups.iter().map(|g| context::group(s, kind, g)).collect();
        ctx.insert("terms", &terms);
        ctx.insert("term_kind", kind.single());
        ctx
    }

    /// The figures page, and a page for each domain with more figures than it shows.
    pub(super) fn figures(&self) -> Vec<Job> {
        let s = &self.site;
        let mut jobs = vec![Job::new("figures/index.html", "figures.html", |r| {
            r.figures_values(None)
        })];
        jobs.extend(
            s.domains
                .ids()
                .filter(|&d| s.domains[d].figures.len() > FIGURES_PER_DOMAIN)
                .map(|d| {
                    let path = format!("figures/{}/index.html", s.domains[d].key);
                    Job::new(path, "figures.html", move |r| r.figures_values(Some(d)))
                }),
        );
        jobs
    }

    /// Where all of a domain's figures are: its own figures page, or its part of the
    /// figures page.
    fn figures_url(&self, d: DomainId) -> String {
        let s = &self.site;
        let key = &s.domains[d].key;
        if s.domains[d].figures.len() > FIGURES_PER_DOMAIN {
            s.url(&format!("figures/{key}/"))
        } else {
            format!("{}#f-{key}", s.url("figures/"))
        }
    }

    /// The figures page (`None`: every domain's newest, with the series) or a domain's.
    fn figures_values(&self, domain: Option<DomainId>) -> Context {
        let s = &self.site;
        let t = &s.config.strings;
        let (title, path) = match domain {
            None => (t.get("nav_figures").to_string(), "figures/".to_string()),
            Some(d) => (
                format!("{} · {}", t.get("nav_figures"), s.domains[d].name),
                format!("figures/{}/", s.domains[d].key),
            ),
        };
        let mut ctx = self.base(PageKind::Figures, &title, "", &s.url(&path));
        let groups: Vec<Value> = s
            .domains
            .ids()
            .filter(|&d| domain.is_none_or(|only| only == d))
            .filter(|&d| !s.domains[d].figures.is_empty())
            .map(|d| {
                let g = &s.domains[d];
                let shown = match domain {
                    None => &g.figures[..g.figures.len().min(FIGURES_PER_DOMAIN)],
                    Some(_) => &g.figures[..],
                };
                let more = (shown.len() < g.figures.len()).then(|| self.figures_url(d));
                self.domain_value(
                    g,
                    [
                        ("figures", self.figure_values(shown)),
                        ("figure_count", Value::from(g.figures.len())),
                        ("all_url", Value::from_serializable(&more)),
                    ],
                )
            })
            .collect();
        ctx.insert_value("groups", Value::from(groups));
        ctx.insert("series", &charts::series(s, domain));
        ctx
    }
}

/// The folder of page `n` of a list whose first page is in `out`.
fn page_dir(out: &str, n: usize) -> String {
    if n == 1 {
        out.to_string()
    } else {
        format!("{out}page/{n}/")
    }
}

/// Pagination for page `current` (1-based) of `total`, under `base` (`/domains/x/`).
fn pagination(base: &str, current: usize, total: usize) -> Pagination {
    let url = |n: usize| {
        if n == 1 {
            base.to_string()
        } else {
            format!("{base}page/{n}/")
        }
    };
    Pagination {
        current,
        total,
        prev_url: (current > 1).then(|| url(current - 1)),
        next_url: (current < total).then(|| url(current + 1)),
        pages: page_window(current, total)
            .into_iter()
            .map(|n| match n {
                Some(n) => PageLink {
                    number: n,
                    url: url(n),
                    current: n == current,
                    gap: false,
                },
                None => PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                },
            })
            .collect(),
    }
}

/// Page numbers to show: the first, the last, and two either side of the current one, with
/// `None` for each run of skipped numbers. Keeps every page's bar small however many pages.
fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    for n in 1..=total {
        let near = n + 2 >= current && n <= current + 2;
        if n == 1 || n == total || near {
            out.push(Some(n));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_windows_stay_small() {
        let show = |c, t| {
            page_window(c, t)
                .iter()
                .map(|n| n.map(|n| n.to_string()).unwrap_or("…".into()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(show(1, 1), "1");
        assert_eq!(show(1, 4), "1 2 3 4");
        assert_eq!(show(1, 100), "1 2 3 … 100");
        assert_eq!(show(50, 100), "1 … 48 49 50 51 52 … 100");
        assert_eq!(show(100, 100), "1 … 98 99 100");
        let p = pagination("/d/", 2, 3);
        assert_eq!(p.prev_url.as_deref(), Some("/d/"));
        assert_eq!(p.next_url.as_deref(), Some("/d/page/3/"));
    }
}
