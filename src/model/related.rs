//! Links between articles: related articles, backlinks, previous and next.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::load::Article;
use crate::markdown::Rendered;
use crate::model::{ArticleId, Id, RelatedBefore, Site};

/// Who links to each article: by `related` or by a link in the text. Newest first.
pub(super) fn backlinks(
    arts: &[Arc<Article>],
    rendered: &[std::sync::Arc<Rendered>],
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
/// newer article. Candidates are each tag's briefs nearest in date ([`TAG_WINDOW`] on each
/// side) and the main domain's neighbours, never the whole library; scores are kept in a reusable per-thread array, each candidate's
/// domains and regions are compared as bit sets, and only the best few are kept while
/// scoring, so the cost is a few operations per (article, shared tag) pair.
///
/// With `before`, only the lists the edited briefs can have changed are made again; the
/// others are taken over.
pub(super) fn related(
    site: &Site,
    explicit: &[Vec<ArticleId>],
    before: Option<&RelatedBefore>,
) -> Vec<Vec<ArticleId>> {
    let n = site.articles.len();
    let limit = site.config.related_limit;
    let days: Vec<i64> = site.articles.iter().map(|a| a.date().to_days()).collect();
    let places: Vec<Places> = site.articles.iter().map(Places::of).collect();
    let before = before.filter(|b| b.lists.len() == n && b.files.len() == n);
    // A new date renumbers briefs: the lists before, in today's ids.
    let renumbered;
    let before = match before {
        Some(b)
            if b.files
                .iter()
                .zip(site.articles.iter())
                .any(|(f, a)| *f != a.src.file) =>
        {
            renumbered = b.renumbered(site);
            renumbered.as_ref()
        }
        b => b,
    };
    let mut stale = vec![before.is_none(); n];
    if let Some(b) = before {
        let now = b.edited.iter().flat_map(|&e| neighbourhood(site, e));
        for id in b.near.iter().copied().chain(now) {
            stale[id.index()] = true;
        }
    }
    site.articles
        .as_slice()
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u32; n], Vec::<usize>::new()),
            |(score, touched), (i, a)| {
                if let (false, Some(b)) = (stale[i], before) {
                    return b.lists[i].clone();
                }
                let mut out: Vec<ArticleId> = explicit[i].iter().copied().take(limit).collect();
                if out.len() >= limit {
                    return out;
                }
                // Scores are stored plus one, so that a neighbour sharing no tag (score 0) is
                // still recorded once.
                let mut touch = |j: ArticleId, add: u32| {
                    let j = j.index();
                    if score[j] == 0 {
                        touched.push(j);
                        score[j] = 1;
                    }
                    score[j] += add;
                };
                for &t in &a.tags {
                    for &j in near(&site.tags[t].articles, i, TAG_WINDOW) {
                        touch(j, 2);
                    }
                }
                if let Some(&d) = a.domains.first() {
                    for &j in near(&site.domains[d].articles, i, limit) {
                        touch(j, 0);
                    }
                }
                let mut best = TopK::new(limit - out.len());
                for &j in touched.iter() {
                    let tag_points = score[j] - 1;
                    score[j] = 0;
                    if j == i || out.contains(&ArticleId::new(j)) {
                        continue;
                    }
                    let total = tag_points + places[i].shared(&places[j]);
                    best.offer((total, (days[j] - days[i]).abs(), j));
                }
                touched.clear();
                out.extend(best.into_sorted().into_iter().map(|c| ArticleId::new(c.2)));
                out
            },
        )
        .collect()
}

/// The briefs whose related lists an edit to brief `id`'s tags, domains, regions or `related`
/// can change: itself, and every brief it is a candidate of. A brief's candidates are those
/// within [`TAG_WINDOW`] of it in each of its tags' lists and within `related_limit` of it in
/// its main domain's list, and being within a window of each other is mutual: so these are
/// the briefs within those windows of `id` in its tags' and domains' lists. Taken from the
/// model before the edit and after it, they cover briefs it joins and leaves.
pub(in crate::model) fn neighbourhood(site: &Site, id: ArticleId) -> Vec<ArticleId> {
    let a = &site.articles[id];
    let i = id.index();
    let mut out = vec![id];
    for &t in &a.tags {
        out.extend_from_slice(near(&site.tags[t].articles, i, TAG_WINDOW));
    }
    for &d in &a.domains {
        out.extend_from_slice(near(
            &site.domains[d].articles,
            i,
            site.config.related_limit,
        ));
    }
    out
}

/// How many briefs on each side, by date, a tag offers as candidates. A tag of a large site
/// can have thousands of briefs: taking them all makes the work grow with the square of the
/// site. Within the window every brief of the tag is a candidate, so a small site's related
/// lists are exact; in a large one, briefs that share a tag but are far apart in time are
/// left out (the ranking prefers nearer dates among equals anyway).
const TAG_WINDOW: usize = 64;

/// The briefs of `list` (ids, newest first) within `w` places of brief `i`, if it is there.
fn near(list: &[ArticleId], i: usize, w: usize) -> &[ArticleId] {
    match list.binary_search(&ArticleId::new(i)) {
        Ok(p) => &list[p.saturating_sub(w)..(p + w + 1).min(list.len())],
        Err(_) => &[],
    }
}

/// An article's domains and regions as bit sets (ids below 64), with the full lists kept for
/// sites that have more.
struct Places<'a> {
    domains: u64,
    regions: u64,
    /// Set when an id does not fit the bit sets: compare the lists instead.
    lists: Option<(&'a [crate::model::DomainId], &'a [crate::model::RegionId])>,
}

impl<'a> Places<'a> {
    fn of(a: &'a crate::model::Entry) -> Places<'a> {
        let domains = mask(a.domains.iter().map(|d| d.index()));
        let regions = mask(a.regions.iter().map(|r| r.index()));
        match (domains, regions) {
            (Some(domains), Some(regions)) => Places {
                domains,
                regions,
                lists: None,
            },
            _ => Places {
                domains: 0,
                regions: 0,
                lists: Some((&a.domains, &a.regions)),
            },
        }
    }

    /// Domains and regions in common.
    fn shared(&self, other: &Places) -> u32 {
        match (self.lists, other.lists) {
            (None, None) => {
                (self.domains & other.domains).count_ones()
                    + (self.regions & other.regions).count_ones()
            }
            (Some((d, r)), Some((od, or))) => shared(d, od) + shared(r, or),
            // One side fits the bit sets and the other does not: that side's ids are all
            // below 64, so the other's ids of 64 and more cannot be shared.
            (Some((d, r)), None) | (None, Some((d, r))) => {
                let bits = if self.lists.is_none() { self } else { other };
                let count = |mask: u64, ids: &mut dyn Iterator<Item = usize>| {
                    ids.filter(|&i| i < 64 && mask & (1 << i) != 0).count() as u32
                };
                count(bits.domains, &mut d.iter().map(|x| x.index()))
                    + count(bits.regions, &mut r.iter().map(|x| x.index()))
            }
        }
    }
}

/// Ids as a bit set, if all are below 64.
fn mask(mut ids: impl Iterator<Item = usize>) -> Option<u64> {
    ids.try_fold(0u64, |m, i| (i < 64).then(|| m | 1 << i))
}

fn shared<T: PartialEq>(x: &[T], y: &[T]) -> u32 {
    x.iter().filter(|v| y.contains(v)).count() as u32
}

/// A candidate: (points, days apart, article index). Better is more points, then fewer days,
/// then the lower index (the newer article).
type Candidate = (u32, i64, usize);

fn better(x: &Candidate, y: &Candidate) -> std::cmp::Ordering {
    y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2))
}

/// The best `k` candidates offered, kept sorted (k is small: `related_limit`).
struct TopK {
    k: usize,
    items: Vec<Candidate>,
}

impl TopK {
    fn new(k: usize) -> TopK {
        TopK {
            k,
            items: Vec::with_capacity(k + 1),
        }
    }

    fn offer(&mut self, c: Candidate) {
        if self.k == 0 {
            return;
        }
        if self.items.len() == self.k
            && better(&c, self.items.last().expect("k > 0")) != std::cmp::Ordering::Less
        {
            return;
        }
        let at = self
            .items
            .partition_point(|x| better(x, &c) == std::cmp::Ordering::Less);
        self.items.insert(at, c);
        self.items.truncate(self.k);
    }

    fn into_sorted(self) -> Vec<Candidate> {
        self.items
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_offers_the_briefs_nearest_in_date() {
        let ids = |r: std::ops::Range<usize>| r.map(ArticleId::new).collect::<Vec<_>>();
        let list: Vec<ArticleId> = ids(0..1000);
        // In the middle: w on each side and the brief itself.
        assert_eq!(near(&list, 500, 3), &ids(497..504)[..]);
        // At the ends the window is cut, not shifted.
        assert_eq!(near(&list, 1, 3), &ids(0..5)[..]);
        assert_eq!(near(&list, 999, 3), &ids(996..1000)[..]);
        // A brief not in the list has no neighbours there.
        assert!(near(&ids(0..10), 20, 3).is_empty());
        // A small tag is taken whole.
        assert_eq!(near(&ids(0..10), 4, TAG_WINDOW), &ids(0..10)[..]);
    }
}
