//! Domains, regions and tags: which articles each one lists.

use std::collections::{BTreeMap, HashMap};

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
    let (tags, per_article) = tags(site);
    site.tags = tags;
    for (a, t) in site.articles.iter_mut().zip(per_article) {
        a.tags = t;
    }
}

/// Tags by slug (`PM2.5` and `pm2.5` are one tag, named as first written), sorted by name; and
/// each article's tags.
fn tags(site: &Site) -> (Table<TagId, Group>, Vec<Vec<TagId>>) {
    let mut by_slug: BTreeMap<String, Group> = BTreeMap::new();
    for (id, a) in site.articles.enumerate() {
        for t in &a.src.tags {
            let slug = tag_slug(t);
            let g = by_slug.entry(slug.clone()).or_insert_with(|| Group {
                key: slug.clone(),
                name: t.clone(),
                slug,
                ..Group::default()
            });
            if g.articles.last() != Some(&id) {
                g.articles.push(id);
            }
        }
    }
    let mut tags: Vec<Group> = by_slug.into_values().collect();
    tags.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.slug.cmp(&b.slug)));
    let index: HashMap<&str, TagId> = tags
        .iter()
        .enumerate()
        .map(|(i, g)| (g.slug.as_str(), TagId::new(i)))
        .collect();
    let per_article = site
        .articles
        .iter()
        .map(|a| {
            let mut v: Vec<TagId> = a
                .src
                .tags
                .iter()
                .map(|t| index[tag_slug(t).as_str()])
                .collect();
            v.dedup();
            v
        })
        .collect();
    (tags.into(), per_article)
}
