//! Model: the validated site, with everything a page shows about other articles computed once.
//!
//! Input: the config and the loaded articles. Output: a [`Site`] in which articles are sorted
//! (newest first, ties by slug), bodies are rendered to HTML, and every cross reference is an
//! index: related articles, backlinks, previous/next within a domain, the articles and
//! milestones of each domain, region and tag, the timeline. Cross-file problems (duplicate
//! slugs, `related` or links to nothing, reserved page names) are reported here.
//!
//! Nothing here walks the whole library per page: each list is built once, in one pass or
//! through an index, so the cost grows with the number of articles, not its square.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Article, Figure, Layout, Status};
use crate::date::{Date, FuzzyDate};
use crate::diag::{self, Diagnostic};
use crate::markdown::{self, Highlighter, LinkTarget, RenderOptions, Rendered};

/// An article or page with its rendered body and its place in the site.
#[derive(Debug)]
pub struct Doc {
    pub src: Article,
    /// Site-absolute path (`/repo/articles/slug/`).
    pub url: String,
    pub rendered: Rendered,
    /// `summary:` or the first paragraph.
    pub summary: String,
    pub related: Vec<usize>,
    pub backlinks: Vec<usize>,
    /// Older and newer article within the first domain.
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// Indices into [`Site::tags`].
    pub tags: Vec<usize>,
    /// Indices into [`Site::milestones`].
    pub milestones: Vec<usize>,
}

impl Doc {
    pub fn date(&self) -> Date {
        self.src.date.unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }
}

/// A milestone with its status decided and its place on the timeline.
#[derive(Debug, Clone)]
pub struct Milestone {
    pub date: FuzzyDate,
    pub title: String,
    pub status: Status,
    /// Planned, but its period has ended: editors must confirm or move it.
    pub overdue: bool,
    /// Domain key.
    pub domain: String,
    /// Index into [`Site::articles`].
    pub article: usize,
    /// Anchor on the timeline page (`m-<slug>-<n>`).
    pub anchor: String,
}

/// The articles (and milestones, figures) of one domain, region or tag.
#[derive(Debug, Clone, Default)]
pub struct Group {
    pub key: String,
    pub name: String,
    pub description: String,
    /// URL path segment (tags: the slug, not yet percent-encoded).
    pub slug: String,
    pub articles: Vec<usize>,
    pub milestones: Vec<usize>,
    /// (article, figure index within the article)
    pub figures: Vec<(usize, usize)>,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// "Today" for the timeline: SOURCE_DATE_EPOCH, `as_of`, or the build date.
    pub today: Date,
    /// Newest first.
    pub articles: Vec<Doc>,
    /// Standalone pages (`layout: page`), by slug.
    pub pages: Vec<Doc>,
    pub domains: Vec<Group>,
    pub regions: Vec<Group>,
    /// Sorted by name.
    pub tags: Vec<Group>,
    /// Timeline order.
    pub milestones: Vec<Milestone>,
    pub has_code: bool,
    pub warnings: Vec<Diagnostic>,
}

/// Output names a standalone page may not take.
pub const RESERVED: &[&str] = &[
    "articles",
    "domains",
    "regions",
    "tags",
    "timeline",
    "figures",
    "api",
    "assets",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "index.html",
    "page",
];

pub struct ModelOptions {
    pub drafts: bool,
    pub today: Date,
    /// Content files that failed to load: links and `related` pointing at them are not
    /// reported again (their own errors say what to fix).
    pub broken: HashSet<String>,
}

/// A tag's URL segment: letters and digits of any script kept, ASCII lowercased, spaces to `-`,
/// characters that mean something in a URL or a file name dropped.
pub fn tag_slug(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            s.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '.' || c == '·') && !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "tag".into() } else { s }
}

/// Percent-encode a path segment (Chinese tags stay readable in the address bar).
pub fn encode_segment(s: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(s, SET).to_string()
}

impl Site {
    /// Build the model from complete articles. `partial` are articles with field errors of
    /// their own: they take part in the cross-file checks (so their broken links are reported
    /// in the same run), and their presence makes the build fail after those checks.
    pub fn build(
        config: Config,
        mut sources: Vec<Article>,
        partial: Vec<Article>,
        opts: &ModelOptions,
        highlighter: &Highlighter,
    ) -> Result<Site, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let incomplete = !partial.is_empty();
        sources.extend(partial);
        let draft_files: HashSet<String> = sources
            .iter()
            .filter(|a| a.draft && !opts.drafts)
            .map(|a| a.file.clone())
            .collect();
        let (mut arts, mut pages): (Vec<Article>, Vec<Article>) = sources
            .into_iter()
            .filter(|a| opts.drafts || !a.draft)
            .partition(|a| a.layout == Layout::Article);
        arts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        check_unique_slugs(&arts, &mut diags);
        check_unique_slugs(&pages, &mut diags);
        check_reserved(&pages, &mut diags);
        let base = config.base_path().to_string();
        let (art_rendered, page_rendered) = render_bodies(&config, &arts, &pages, highlighter);
        for (a, r) in arts
            .iter()
            .zip(&art_rendered)
            .chain(pages.iter().zip(&page_rendered))
        {
            link_errors(a, r, &draft_files, &opts.broken, &mut diags);
        }
        let slug_index: HashMap<&str, usize> = arts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.slug.as_str(), i))
            .collect();
        let file_index: HashMap<&str, usize> = arts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.file.as_str(), i))
            .collect();
        let broken_stems: HashSet<&str> = opts
            .broken
            .iter()
            .map(|f| f.rsplit('/').next().unwrap_or(f).trim_end_matches(".md"))
            .collect();
        let explicit = resolve_related(&arts, &slug_index, &broken_stems, &mut diags);
        if !diags.is_empty() || incomplete {
            return Err(diags);
        }
        let has_code = art_rendered
            .iter()
            .chain(&page_rendered)
            .any(|r| r.has_code);
        let backlinks = backlinks(&arts, &art_rendered, &explicit, &file_index);
        let mut articles: Vec<Doc> = arts
            .into_iter()
            .zip(art_rendered)
            .map(|(a, r)| make_doc(a, r, &base))
            .collect();
        let pages: Vec<Doc> = pages
            .into_iter()
            .zip(page_rendered)
            .map(|(a, r)| make_doc(a, r, &base))
            .collect();
        for (i, links) in backlinks.into_iter().enumerate() {
            articles[i].backlinks = links;
        }
        let domains = group_by_keys(&articles, &config, |a| &a.src.domains, true);
        let regions = group_by_keys(&articles, &config, |a| &a.src.regions, false);
        let tags = group_tags(&mut articles);
        let related = related(&articles, &explicit, &domains, &tags, config.related_limit);
        for (a, r) in articles.iter_mut().zip(related) {
            a.related = r;
        }
        prev_next(&mut articles, &domains);
        let mut site = Site {
            config,
            today: opts.today,
            articles,
            pages,
            domains,
            regions,
            tags,
            milestones: Vec::new(),
            has_code,
            warnings: Vec::new(),
        };
        site.build_milestones();
        site.collect_figures();
        Ok(site)
    }

    pub fn domain(&self, key: &str) -> Option<&Group> {
        self.domains.iter().find(|d| d.key == key)
    }

    fn build_milestones(&mut self) {
        let today = self.today;
        let mut all = Vec::new();
        for (ai, a) in self.articles.iter().enumerate() {
            for (mi, m) in a.src.milestones.iter().enumerate() {
                let ended = m.date.end() < today;
                let status = m
                    .status
                    .unwrap_or(if ended { Status::Done } else { Status::Planned });
                let overdue = status == Status::Planned && ended;
                if overdue {
                    self.warnings.push(
                        Diagnostic::warning(
                            &a.src.file,
                            format!(
                                "milestone `{}` is planned for {}, which has ended (today is {today})",
                                m.title,
                                m.date.code()
                            ),
                        )
                        .at_line(m.line)
                        .field(format!("milestones[{mi}].status"))
                        .with_source(&a.src.text)
                        .help("if it happened, set `status: done`; if it is late, move its `date:`; the site shows it as 待更新 until then"),
                    );
                }
                all.push(Milestone {
                    date: m.date,
                    title: m.title.clone(),
                    status,
                    overdue,
                    domain: m.domain.clone().unwrap_or_else(|| a.src.domains[0].clone()),
                    article: ai,
                    anchor: format!("m-{}-{}", a.src.slug, mi + 1),
                });
            }
        }
        // Timeline order: the period (start, coarser first), then the article's date, then title.
        all.sort_by(|x, y| {
            x.date
                .cmp(&y.date)
                .then_with(|| x.article.cmp(&y.article))
                .then_with(|| x.title.cmp(&y.title))
        });
        for (i, m) in all.iter().enumerate() {
            self.articles[m.article].milestones.push(i);
            if let Some(d) = self.domains.iter_mut().find(|d| d.key == m.domain) {
                d.milestones.push(i);
            }
            for r in &self.articles[m.article].src.regions {
                if let Some(g) = self.regions.iter_mut().find(|g| &g.key == r) {
                    g.milestones.push(i);
                }
            }
        }
        self.milestones = all;
    }

    fn collect_figures(&mut self) {
        for (ai, a) in self.articles.iter().enumerate() {
            for fi in 0..a.src.figures.len() {
                if let Some(d) = self.domains.iter_mut().find(|d| d.key == a.src.domains[0]) {
                    d.figures.push((ai, fi));
                }
            }
        }
    }

    pub fn figure(&self, (a, f): (usize, usize)) -> &Figure {
        &self.articles[a].src.figures[f]
    }
}

/// The address of an article or page: `/base/articles/<slug>/` or `/base/<slug>/`.
fn doc_url(base: &str, a: &Article) -> String {
    let prefix = match a.layout {
        Layout::Article => "articles/",
        Layout::Page => "",
    };
    format!("{base}{prefix}{}/", encode_segment(&a.slug))
}

fn check_reserved(pages: &[Article], diags: &mut Vec<Diagnostic>) {
    for p in pages.iter().filter(|p| RESERVED.contains(&p.slug.as_str())) {
        diags.push(
            Diagnostic::error(
                &p.file,
                format!(
                    "the page slug `{}` is reserved for the site's own pages",
                    p.slug
                ),
            )
            .at(p.slug_place.line, p.slug_place.col)
            .field("slug")
            .with_source(&p.text)
            .help(format!(
                "choose another slug; reserved: {}",
                RESERVED.join(", ")
            )),
        );
    }
}

/// Render every body in parallel; `.md` links resolve to the address of the file's article.
fn render_bodies(
    config: &Config,
    arts: &[Article],
    pages: &[Article],
    highlighter: &Highlighter,
) -> (Vec<Rendered>, Vec<Rendered>) {
    let base = config.base_path();
    let by_file: HashMap<&str, String> = arts
        .iter()
        .chain(pages)
        .map(|a| (a.file.as_str(), doc_url(base, a)))
        .collect();
    let resolve = |file: &str| by_file.get(file).map(|url| LinkTarget { url: url.clone() });
    let render = |a: &Article| {
        markdown::render(
            &a.body,
            &RenderOptions {
                unsafe_html: config.unsafe_html,
                base_path: base,
                highlighter,
                file: &a.file,
                body_line: a.body_line,
                resolve: &resolve,
            },
        )
    };
    (
        arts.par_iter().map(render).collect(),
        pages.par_iter().map(render).collect(),
    )
}

fn make_doc(a: Article, r: Rendered, base: &str) -> Doc {
    let summary = a
        .summary
        .clone()
        .unwrap_or_else(|| truncate_chars(&r.first_paragraph, 160));
    Doc {
        url: doc_url(base, &a),
        src: a,
        rendered: r,
        summary,
        related: Vec::new(),
        backlinks: Vec::new(),
        prev: None,
        next: None,
        tags: Vec::new(),
        milestones: Vec::new(),
    }
}

/// At most `n` characters, with `…` when cut.
pub fn truncate_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn check_unique_slugs(docs: &[Article], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Article> = HashMap::new();
    let mut by_file: Vec<&Article> = docs.iter().collect();
    by_file.sort_by(|a, b| a.file.cmp(&b.file));
    for a in by_file {
        if let Some(first) = seen.get(a.slug.as_str()) {
            diags.push(
                Diagnostic::error(&a.file, format!("duplicate slug `{}`: {} uses it too", a.slug, first.file))
                    .at(a.slug_place.line, a.slug_place.col)
                    .field("slug")
                    .with_source(&a.text)
                    .help(format!(
                        "two articles would share the address …/{}/; give one of them another `slug:` (or rename the file)",
                        a.slug
                    )),
            );
        } else {
            seen.insert(&a.slug, a);
        }
    }
}

fn link_errors(
    a: &Article,
    r: &Rendered,
    drafts: &HashSet<String>,
    broken: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    for l in r
        .md_links
        .iter()
        .filter(|l| !l.resolved && !broken.contains(&l.target_file))
    {
        let why = if drafts.contains(&l.target_file) {
            format!(
                "link to a draft: `{}` ({}) is not built without --drafts",
                l.dest, l.target_file
            )
        } else {
            format!(
                "link to a missing file: `{}` (looked for {})",
                l.dest, l.target_file
            )
        };
        diags.push(
            Diagnostic::error(&a.file, why)
                .at(l.line, l.col)
                .with_source(&a.text)
                .help("link to another article by its file path relative to this file, e.g. `[见](../2026/hebei.md)`"),
        );
    }
}

/// `related:` slugs → article indices (errors for unknown slugs).
fn resolve_related(
    arts: &[Article],
    slug_index: &HashMap<&str, usize>,
    broken: &HashSet<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Vec<usize>> {
    let slugs: Vec<&str> = {
        let mut s: Vec<&str> = slug_index.keys().copied().collect();
        s.sort_unstable();
        s
    };
    arts.iter()
        .enumerate()
        .map(|(i, a)| {
            let mut out = Vec::new();
            for r in &a.related {
                match slug_index.get(r.value.as_str()) {
                    Some(&j) if j != i => {
                        if !out.contains(&j) {
                            out.push(j);
                        }
                    }
                    Some(_) => {}
                    None if broken.contains(r.value.as_str()) => {}
                    None => {
                        let mut d = Diagnostic::error(&a.file, format!("`related` names `{}`, but no article has that slug", r.value))
                            .at(r.line, r.col)
                            .span_len(r.value.chars().count())
                            .field("related")
                            .with_source(&a.text);
                        d = match diag::did_you_mean(&r.value, slugs.iter().copied()) {
                            Some(best) => d.help(format!("did you mean `{best}`?")),
                            None => d.help("`related` takes article slugs: the file name without .md, or the article's `slug:`"),
                        };
                        diags.push(d);
                    }
                }
            }
            out
        })
        .collect()
}

/// Who links to each article: by `related` or by a link in the text. Newest first.
fn backlinks(
    arts: &[Article],
    rendered: &[Rendered],
    explicit: &[Vec<usize>],
    file_index: &HashMap<&str, usize>,
) -> Vec<Vec<usize>> {
    let mut back: Vec<Vec<usize>> = vec![Vec::new(); arts.len()];
    for (i, r) in rendered.iter().enumerate() {
        let mut targets: Vec<usize> = r
            .md_links
            .iter()
            .filter_map(|l| file_index.get(l.target_file.as_str()).copied())
            .chain(explicit[i].iter().copied())
            .filter(|&t| t != i)
            .collect();
        targets.sort_unstable();
        targets.dedup();
        for t in targets {
            back[t].push(i);
        }
    }
    back
}

fn group_by_keys<'a>(
    articles: &'a [Doc],
    config: &Config,
    keys: impl Fn(&'a Doc) -> &'a Vec<String>,
    domains: bool,
) -> Vec<Group> {
    let mut groups: Vec<Group> = if domains {
        config
            .domains
            .iter()
            .map(|d| Group {
                key: d.key.clone(),
                name: d.name.clone(),
                description: d.description.clone(),
                slug: d.key.clone(),
                ..Group::default()
            })
            .collect()
    } else {
        config
            .regions
            .iter()
            .map(|r| Group {
                key: r.key.clone(),
                name: r.name.clone(),
                slug: r.key.clone(),
                ..Group::default()
            })
            .collect()
    };
    let pos: HashMap<String, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.key.clone(), i))
        .collect();
    for (i, a) in articles.iter().enumerate() {
        for k in keys(a) {
            if let Some(&g) = pos.get(k) {
                groups[g].articles.push(i);
            }
        }
    }
    groups
}

fn group_tags(articles: &mut [Doc]) -> Vec<Group> {
    let mut by_slug: BTreeMap<String, Group> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        for t in &a.src.tags {
            let slug = tag_slug(t);
            let g = by_slug.entry(slug.clone()).or_insert_with(|| Group {
                key: slug.clone(),
                name: t.clone(),
                slug,
                ..Group::default()
            });
            if g.articles.last() != Some(&i) {
                g.articles.push(i);
            }
        }
    }
    let mut tags: Vec<Group> = by_slug.into_values().collect();
    tags.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.slug.cmp(&b.slug)));
    let index: HashMap<&str, usize> = tags
        .iter()
        .enumerate()
        .map(|(i, g)| (g.slug.as_str(), i))
        .collect();
    let per_article: Vec<Vec<usize>> = articles
        .iter()
        .map(|a| {
            let mut v: Vec<usize> = a
                .src
                .tags
                .iter()
                .map(|t| index[tag_slug(t).as_str()])
                .collect();
            v.dedup();
            v
        })
        .collect();
    for (a, v) in articles.iter_mut().zip(per_article) {
        a.tags = v;
    }
    tags
}

/// Related articles: the explicit `related` first, then the closest by shared tags (2 points
/// each), domains (1 point each) and regions (1 point each), ties to the nearer date, then the
/// newer article. Candidates come from the tag index and the first domain's neighbours, never
/// the whole library; scores are kept in a reusable per-thread array.
fn related(
    articles: &[Doc],
    explicit: &[Vec<usize>],
    domains: &[Group],
    tags: &[Group],
    limit: usize,
) -> Vec<Vec<usize>> {
    let n = articles.len();
    let index_of = |keys: &[String], groups: &[Group]| -> Vec<u16> {
        keys.iter()
            .filter_map(|k| groups.iter().position(|g| &g.key == k))
            .map(|p| p as u16)
            .collect()
    };
    let doms: Vec<Vec<u16>> = articles
        .iter()
        .map(|a| index_of(&a.src.domains, domains))
        .collect();
    let region_keys: Vec<String> = {
        let mut keys: Vec<String> = articles
            .iter()
            .flat_map(|a| a.src.regions.iter().cloned())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    };
    let regs: Vec<Vec<u16>> = articles
        .iter()
        .map(|a| {
            a.src
                .regions
                .iter()
                .filter_map(|r| region_keys.binary_search(r).ok())
                .map(|p| p as u16)
                .collect()
        })
        .collect();
    let days: Vec<i64> = articles.iter().map(|a| a.date().to_days()).collect();
    let shared = |x: &[u16], y: &[u16]| x.iter().filter(|v| y.contains(v)).count() as u32;
    articles
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u32; n], vec![false; n], Vec::<usize>::new()),
            |(score, seen, touched), (i, a)| {
                let mut out: Vec<usize> = explicit[i].iter().copied().take(limit).collect();
                if out.len() >= limit {
                    return out;
                }
                let mut touch = |j: usize, add: u32, touched: &mut Vec<usize>| {
                    if !seen[j] {
                        seen[j] = true;
                        touched.push(j);
                    }
                    score[j] += add;
                };
                for &t in &a.tags {
                    for &j in &tags[t].articles {
                        touch(j, 2, touched);
                    }
                }
                if let Some(&d) = doms[i].first() {
                    let list = &domains[usize::from(d)].articles;
                    if let Ok(p) = list.binary_search(&i) {
                        let lo = p.saturating_sub(limit);
                        let hi = (p + limit + 1).min(list.len());
                        for &j in &list[lo..hi] {
                            touch(j, 0, touched);
                        }
                    }
                }
                let mut cands: Vec<(u32, i64, usize)> = touched
                    .iter()
                    .copied()
                    .filter(|&j| j != i && !out.contains(&j))
                    .map(|j| {
                        let total =
                            score[j] + shared(&doms[i], &doms[j]) + shared(&regs[i], &regs[j]);
                        (total, (days[j] - days[i]).abs(), j)
                    })
                    .collect();
                for &j in touched.iter() {
                    score[j] = 0;
                    seen[j] = false;
                }
                touched.clear();
                let order = |x: &(u32, i64, usize), y: &(u32, i64, usize)| {
                    y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2))
                };
                let k = limit - out.len();
                if cands.len() > k {
                    cands.select_nth_unstable_by(k, order);
                    cands.truncate(k);
                }
                cands.sort_unstable_by(order);
                out.extend(cands.into_iter().map(|c| c.2));
                out
            },
        )
        .collect()
}

fn prev_next(articles: &mut [Doc], domains: &[Group]) {
    for d in domains {
        for (p, &i) in d.articles.iter().enumerate() {
            if articles[i].src.domains.first() != Some(&d.key) {
                continue;
            }
            // The list is newest first: the next-newer is before, the older after.
            articles[i].next = p.checked_sub(1).map(|q| d.articles[q]);
            articles[i].prev = d.articles.get(p + 1).copied();
        }
    }
}
