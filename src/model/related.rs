//! Links between articles: related articles, backlinks, previous and next.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::load::Article;
use crate::markdown::Rendered;
use crate::model::{ArticleId, Id, Site};

/// Who links to each article: by `related` or by a link in the text. Newest first.
pub(super) fn backlinks(
    arts: &[Article],
    rendered: &[Rendered],
    explicit: &[Vec<ArticleId>],
) -> Vec<Vec<ArticleId>> {
    let file_index: HashMap<&str, ArticleId> = arts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.file.as_str(), ArticleId::new(i)))
        .collect();
    let mut back: Vec<Vec<ArticleId>> = vec![Vec::new(); arts.len()];
    for (i, r) in rendered.iter().enumerate() {
        let me = ArticleId::new(i);
        let mut targets: Vec<ArticleId> = r
            .md_links
            .iter()
            .filter_map(|l| file_index.get(l.target_file.as_str()).copied())
            .chain(explicit[i].iter().copied())
            .filter(|&t| t != me)
            .collect();
        targets.sort_unstable();
        targets.dedup();
        for t in targets {
            back[t.index()].push(me);
        }
    }
    back
}

/// Related articles: the explicit `related` first, then the closest by shared tags (2 points
/// each), domains (1 point each) and regions (1 point each), ties to the nearer date, then the
/// newer article. Candidates come from the tag index and the main domain's neighbours, never
/// the whole library; scores are kept in a reusable per-thread array.
pub(super) fn related(site: &Site, explicit: &[Vec<ArticleId>]) -> Vec<Vec<ArticleId>> {
    let n = site.articles.len();
    let limit = site.config.related_limit;
    let days: Vec<i64> = site.articles.iter().map(|a| a.date().to_days()).collect();
    site.articles
        .as_slice()
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u32; n], vec![false; n], Vec::<usize>::new()),
            |(score, seen, touched), (i, a)| {
                let mut out: Vec<ArticleId> = explicit[i].iter().copied().take(limit).collect();
                if out.len() >= limit {
                    return out;
                }
                let mut touch = |j: ArticleId, add: u32, touched: &mut Vec<usize>| {
                    let j = j.index();
                    if !seen[j] {
                        seen[j] = true;
                        touched.push(j);
                    }
                    score[j] += add;
                };
                for &t in &a.tags {
                    for &j in &site.tags[t].articles {
                        touch(j, 2, touched);
                    }
                }
                if let Some(&d) = a.domains.first() {
                    let list = &site.domains[d].articles;
                    if let Ok(p) = list.binary_search(&ArticleId::new(i)) {
                        let lo = p.saturating_sub(limit);
                        let hi = (p + limit + 1).min(list.len());
                        for &j in &list[lo..hi] {
                            touch(j, 0, touched);
                        }
                    }
                }
                let others = site.articles.as_slice();
                let mut cands: Vec<(u32, i64, usize)> = touched
                    .iter()
                    .copied()
                    .filter(|&j| j != i && !out.contains(&ArticleId::new(j)))
                    .map(|j| {
                        let b = &others[j];
                        let total = score[j]
                            + shared(&a.domains, &b.domains)
                            + shared(&a.regions, &b.regions);
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
                out.extend(cands.into_iter().map(|c| ArticleId::new(c.2)));
                out
            },
        )
        .collect()
}

fn shared<T: PartialEq>(x: &[T], y: &[T]) -> u32 {
    x.iter().filter(|v| y.contains(v)).count() as u32
}

/// Previous (older) and next (newer) article within each article's main domain.
pub(super) fn prev_next(site: &mut Site) {
    let mut links = Vec::new();
    for (d, g) in site.domains.enumerate() {
        for (p, &id) in g.articles.iter().enumerate() {
            if site.articles[id].domains.first() != Some(&d) {
                continue;
            }
            // The list is newest first: the next-newer is before, the older after.
            let next = p.checked_sub(1).map(|q| g.articles[q]);
            let prev = g.articles.get(p + 1).copied();
            links.push((id, prev, next));
        }
    }
    for (id, prev, next) in links {
        site.articles[id].prev = prev;
        site.articles[id].next = next;
    }
}
