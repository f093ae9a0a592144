//! The related lists of the last build, kept for the next: see [`RelatedBefore`].

use std::collections::HashMap;

use crate::model::related::neighbourhood;
use crate::model::{ArticleId, Id, Site};

/// The related lists of the last build, for [`crate::model::related`] to take over where they cannot have
/// changed: serve's quick rebuild after an edit to some briefs' tags, domains, regions,
/// `related` or dates, but not to any brief's address or presence. A new date moves a brief
/// among the others and renumbers those it passes, but keeps their order: a brief whose
/// windows neither held the edited one before nor hold it after has the same candidates, in
/// the same order, so the same list, its ids renumbered.
pub(crate) struct RelatedBefore {
    /// By article id.
    pub(in crate::model) lists: Vec<Vec<ArticleId>>,
    /// The edited briefs.
    pub(in crate::model) edited: Vec<ArticleId>,
    /// Their [`neighbourhood`]s in the last build.
    pub(in crate::model) near: Vec<ArticleId>,
    /// Each brief's file, by article id: how ids are renumbered.
    pub(in crate::model) files: Vec<String>,
}

impl RelatedBefore {
    /// What the related lists of `site` are before an edit to briefs `edited`.
    pub(crate) fn of(site: &Site, edited: &[ArticleId]) -> RelatedBefore {
        RelatedBefore {
            lists: site.articles.iter().map(|d| d.related.clone()).collect(),
            edited: edited.to_vec(),
            near: edited
                .iter()
                .flat_map(|&e| neighbourhood(site, e))
                .collect(),
            files: site.articles.iter().map(|d| d.src.file.clone()).collect(),
        }
    }

    /// The same with the ids of `site`, whose briefs are those before (`None` if they are
    /// not), perhaps in another order.
    pub(in crate::model) fn renumbered(&self, site: &Site) -> Option<RelatedBefore> {
        let now: HashMap<&str, ArticleId> = site
            .articles
            .enumerate()
            .map(|(id, d)| (d.src.file.as_str(), id))
            .collect();
        let new_id: Vec<ArticleId> = self
            .files
            .iter()
            .map(|f| now.get(f.as_str()).copied())
            .collect::<Option<_>>()?;
        let ids = |list: &[ArticleId]| list.iter().map(|j| new_id[j.index()]).collect();
        let mut lists = vec![Vec::new(); self.lists.len()];
        for (old, list) in self.lists.iter().enumerate() {
            lists[new_id[old].index()] = ids(list);
        }
        Some(RelatedBefore {
            lists,
            edited: ids(&self.edited),
            near: ids(&self.near),
            files: site.articles.iter().map(|d| d.src.file.clone()).collect(),
        })
    }
}
