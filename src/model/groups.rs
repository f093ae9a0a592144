//! Domains, regions and tags: which articles each one lists.

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic};
use crate::load::Config;
use crate::model::{DomainId, Group, Id, RegionId, Site, Table, TagId};
use crate::slug::tag_slug;

/// The domains of site.yaml, in its order, with no articles yet.
pub(super) fn domains(config: &Config) -> Table<DomainId, Group> {
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
        .collect::<Vec<_>>()
        .into()
}

/// The regions of site.yaml, in its order, with no articles yet.
pub(super) fn regions(config: &Config) -> Table<RegionId, Group> {
    config
        .regions
        .iter()
        .map(|r| Group {
            key: r.key.clone(),
            name: r.name.clone(),
            slug: r.key.clone(),
            ..Group::default()
        })
        .collect::<Vec<_>>()
        .into()
}

/// The ids of `keys` in `groups` (keys were checked against site.yaml when loading).
pub(super) fn ids_of<I: Id>(keys: &[String], groups: &Table<I, Group>) -> Vec<I> {
    keys.iter()
        .filter_map(|k| {
            groups
                .enumerate()
                .find(|(_, g)| &g.key == k)
                .map(|(id, _)| id)
        })
        .collect()
}

/// Fill the article lists of domains and regions, and make the tags.
pub(super) fn fill(site: &mut Site) {
    for (id, a) in site.articles.enumerate() {
        for &d in &a.domains {
            site.domains[d].articles.push(id);
        }
        for &r in &a.regions {
            site.regions[r].articles.push(id);
        }
    }
    let (tags, per_article, merged) = tags(site);
    site.tags = tags;
    for (a, t) in site.articles.iter_mut().zip(per_article) {
        a.tags = t;
    }
    let warnings = merged_spellings(site, &merged);
    site.warnings.extend(warnings);
}

/// A warning for each brief that writes a tag otherwise than the tag's page shows it (`pm2.5`
/// beside `PM2.5`): the two share one page, which no editor should learn by surprise.
/// `merged`: each spelling shown otherwise, with the name shown ([`tags`] finds them).
fn merged_spellings(site: &Site, merged: &HashMap<String, String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if merged.is_empty() {
        return out;
    }
    for a in site.articles.iter() {
        for written in &a.src.tags {
            if let Some(shown) = merged.get(written) {
                out.push(
                    Diagnostic::warning(
                        Code::TagMerged,
                        &a.src.file,
                        format!("the tag `{written}` shares a page with `{shown}`, and is shown as `{shown}`"),
                    )
                    .field("tags")
                    .help(format!(
                        "tags that differ only in letter case or spacing are one tag; write `{shown}` to say so, or make the tags differ in their letters"
                    )),
                );
            }
        }
    }
    out
}

/// Tags by slug (`PM2.5` and `pm2.5` are one tag, named as first written), sorted by name;
/// each article's tags; and each spelling shown otherwise, with the name shown. Each distinct
/// spelling is made a slug once: a large site writes the same few hundred tags tens of
/// thousands of times.
#[allow(clippy::type_complexity)]
fn tags(
    site: &Site,
) -> (
    Table<TagId, Group>,
    Vec<Vec<TagId>>,
    HashMap<String, String>,
) {
    // Each spelling's tag, numbered in order of first use (newest brief first).
    let mut spelling: HashMap<&str, usize> = HashMap::new();
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let per_article: Vec<Vec<usize>> = site
        .articles
        .enumerate()
        .map(|(id, a)| {
            let mut mine: Vec<usize> = a
                .src
                .tags
                .iter()
                .map(|t| {
                    let tag = *spelling.entry(t.as_str()).or_insert_with(|| {
                        let slug = tag_slug(t);
                        *by_slug.entry(slug.clone()).or_insert_with(|| {
                            groups.push(Group {
                                key: slug.clone(),
                                name: t.clone(),
                                slug,
                                ..Group::default()
                            });
                            groups.len() - 1
                        })
                    });
                    let g = &mut groups[tag];
                    if g.articles.last() != Some(&id) {
                        g.articles.push(id);
                    }
                    tag
                })
                .collect();
            mine.dedup();
            mine
        })
        .collect();
    let merged: HashMap<String, String> = (spelling.iter())
        .filter(|(written, g)| groups[**g].name != **written)
        .map(|(written, g)| (written.to_string(), groups[*g].name.clone()))
        .collect();
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&groups[a], &groups[b]);
        a.name.cmp(&b.name).then_with(|| a.slug.cmp(&b.slug))
    });
    let mut id_of = vec![TagId::new(0); groups.len()];
    for (i, &g) in order.iter().enumerate() {
        id_of[g] = TagId::new(i);
    }
    let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    let tags: Vec<Group> = order.iter().filter_map(|&g| slots[g].take()).collect();
    let per_article = per_article
        .into_iter()
        .map(|v| v.into_iter().map(|g| id_of[g]).collect())
        .collect();
    (tags.into(), per_article, merged)
}
