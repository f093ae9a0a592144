//! The model changed in place, for `serve`'s quick rebuild ([`crate::incremental`]).
//!
//! One brief given another text in place: `serve`'s quick rebuild after an edit that keeps the
//! brief's address. Its date, tags, domains, regions, milestones, figures and `related` may
//! change; its place among the others (briefs are numbered newest first), the lists, the
//! timeline, the figures, the related lists and the backlinks that depend on them are made
//! again as [`Site::build`] makes them, without making the model anew. An edit that changes a
//! brief's address, kind or draft state (other texts may link to it) is not done here.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::load::Article;

mod moved;
mod related_before;
#[cfg(test)]
mod tests;
use crate::model::{
    ArticleId, Entry, Group, Id, Milestone, MilestoneId, Site, Table, TagId, checks, groups,
    newest_first, related, series, timeline,
};
pub(crate) use moved::Moved;
pub(crate) use related_before::RelatedBefore;

/// What [`Site::replace`] changed besides the brief.
#[derive(Debug)]
pub(crate) struct Replaced {
    /// A list gained or lost a page, a tag was made or went, or the briefs' order, the
    /// timeline or the figures changed: the list of pages is to be made again.
    pub relist: bool,
    /// A tag was made, went or was renamed: the tags are numbered anew.
    pub tags_table: bool,
    /// The briefs whose cards show a renamed tag.
    pub recard: Vec<ArticleId>,
    /// The milestones were put in timeline order anew: for each, its id before (`None`: one
    /// of the edited brief's).
    pub milestones: Option<Vec<Option<MilestoneId>>>,
    /// The brief's id after the edit: another one if a new date moved it among the others
    /// (those it passed then moved by one).
    pub id: ArticleId,
}

impl Site {
    /// Give article `id` another text, `entry` (made by [`Entry::with_body`]), whose place in the
    /// site differs as `moved` says ([`Moved::between`]): its date, tags, domains, regions,
    /// milestones, figures and `related`, and what depends on them (its place among the
    /// others, the lists of its tags, domains and regions, previous and next, the timeline,
    /// the key figures and series, the related lists near the brief, the backlinks of the
    /// briefs it names) are made again as [`Site::build`] makes them: a tag new to the site
    /// is made, one only this brief had goes, one whose newest brief now writes it otherwise
    /// is renamed. `None`, the site unchanged, when its `related` names no brief: the full
    /// build reports that.
    pub(crate) fn replace(
        &mut self,
        id: ArticleId,
        mut entry: Entry,
        moved: Moved,
    ) -> Option<Replaced> {
        // A `related` naming no brief is an error, which the full build reports; so is a
        // record dated after today.
        if moved.related && !self.names_articles(id, &entry) {
            return None;
        }
        let mut future = Vec::new();
        checks::record_dates(std::slice::from_ref(&entry.src), self.today, &mut future);
        if !future.is_empty() {
            return None;
        }
        // Its milestones as written now, paired again with their history.
        entry.past = super::Past::of(self.history.as_deref(), &entry.src);
        // The briefs it links to, by file: their backlinks follow new links or `related`.
        let links_before =
            (moved.related || moved.links).then(|| self.links_of(id, &self.articles[id].src));
        // The related lists near the brief before the edit are scored again.
        let before = moved
            .related_lists()
            .then(|| RelatedBefore::of(self, &[id]));
        let id = if moved.date {
            let to = self.new_place(id, &entry);
            self.move_article(id, to);
            to
        } else {
            id
        };
        let mut replaced = Replaced {
            relist: moved.date,
            tags_table: false,
            recard: Vec::new(),
            milestones: None,
            id,
        };
        let tags_before = self.articles[id].tags.clone();
        let mut table = false;
        if moved.tags {
            let (relist, made_or_gone) = self.retag(id, &mut entry);
            replaced.relist |= relist;
            table = made_or_gone;
        }
        let per = self.config.paginate;
        if moved.domains {
            entry.domains = groups::ids_of(&entry.src.domains, &self.domains);
            let old = &self.articles[id].domains;
            replaced.relist |= regroup(&mut self.domains, id, old, &entry.domains, per);
        }
        if moved.regions {
            entry.regions = groups::ids_of(&entry.src.regions, &self.regions);
            let old = &self.articles[id].regions;
            replaced.relist |= regroup(&mut self.regions, id, old, &entry.regions, per);
        }
        // `Entry::with_body` took the brief's links from before a move.
        let now = &self.articles[id];
        (entry.related, entry.backlinks) = (now.related.clone(), now.backlinks.clone());
        let tags_now = entry.tags.clone();
        self.articles[id] = entry;
        // A tag is named as its newest brief writes it: an edit or a new date can rename it.
        if moved.tags || moved.date {
            let mine = tags_before.iter().chain(&tags_now).copied();
            let renamed = self.rename_tags(mine);
            for &t in &renamed {
                replaced.recard.extend_from_slice(&self.tags[t].articles);
            }
            table |= !renamed.is_empty();
        }
        if table {
            self.renumber_tags();
            replaced.relist = true;
            replaced.tags_table = true;
        }
        if let Some(before) = before {
            let arts: Vec<Arc<Article>> =
                self.articles.iter().map(|d| Arc::clone(&d.src)).collect();
            let explicit = checks::resolve_related(&arts, &HashSet::new(), &[], &mut Vec::new());
            let related = related::related(self, &explicit, Some(&before));
            for (a, r) in self.articles.iter_mut().zip(related) {
                a.related = r;
            }
        }
        if let Some(before) = links_before {
            self.relink(id, before);
        }
        if moved.date || moved.domains {
            related::prev_next(self);
        }
        if moved.timeline() {
            replaced.milestones = Some(self.remake_milestones(id));
            replaced.relist = true;
        }
        if moved.key_figures() {
            for g in self.domains.iter_mut() {
                g.figures.clear();
            }
            timeline::collect_figures(self);
            series::collect(self);
            replaced.relist = true;
        }
        Some(replaced)
    }

    /// Whether every brief the `related` of `entry` (brief `id`'s new text) names is one of the
    /// site's, as the model's own check ([`checks::resolve_related`]) finds it.
    fn names_articles(&self, id: ArticleId, entry: &Entry) -> bool {
        let mut arts: Vec<Arc<Article>> =
            self.articles.iter().map(|d| Arc::clone(&d.src)).collect();
        arts[id.index()] = Arc::clone(&entry.src);
        let mut errors = Vec::new();
        checks::resolve_related(&arts, &HashSet::new(), &[], &mut errors);
        errors.is_empty()
    }

    /// The files brief `id` links to when its text is `a`: its body's links (as rendered
    /// now) and its `related`.
    fn links_of(&self, id: ArticleId, a: &Article) -> Vec<String> {
        let body = self.articles[id].rendered.md_links.iter();
        let related = a.related.iter().filter_map(|r| {
            let d = self.articles.iter().find(|d| d.src.slug == r.value)?;
            Some(d.src.file.clone())
        });
        let mut files: Vec<String> = body
            .map(|l| l.target_file.clone())
            .chain(related)
            .filter(|f| *f != a.file)
            .collect();
        files.sort_unstable();
        files.dedup();
        files
    }

    /// After brief `id`'s links or `related` changed: take it off the backlinks of the briefs
    /// it no longer links to (`before`: the files it linked to), and put it on those of the briefs
    /// it links to now, each list in brief order.
    fn relink(&mut self, id: ArticleId, before: Vec<String>) {
        let now = self.links_of(id, &self.articles[id].src);
        let by_file: HashMap<&str, ArticleId> = self
            .articles
            .enumerate()
            .map(|(i, d)| (d.src.file.as_str(), i))
            .collect();
        let gone: Vec<ArticleId> = (before.iter().filter(|f| !now.contains(f)))
            .filter_map(|f| by_file.get(f.as_str()).copied())
            .collect();
        let new: Vec<ArticleId> = (now.iter().filter(|f| !before.contains(f)))
            .filter_map(|f| by_file.get(f.as_str()).copied())
            .collect();
        for t in gone {
            self.articles[t].backlinks.retain(|&x| x != id);
        }
        for t in new {
            let back = &mut self.articles[t].backlinks;
            let at = back.partition_point(|&x| x < id);
            back.insert(at, id);
        }
    }

    /// Where brief `id` stands among the others with the date of `entry`: newest first, ties
    /// by address, as [`Site::build`] orders them.
    fn new_place(&self, id: ArticleId, entry: &Entry) -> ArticleId {
        let before = self
            .articles
            .enumerate()
            .filter(|&(other, d)| other != id && newest_first(&d.src, &entry.src).is_lt())
            .count();
        ArticleId::new(before)
    }

    /// Move brief `from` to place `to` among the others, renumbering those between by one:
    /// the lists of briefs (each stays newest first), the related lists, backlinks and
    /// milestones follow. Moving it back undoes this exactly. What depends on the order
    /// itself (related lists, previous and next, the timeline, the key figures and series)
    /// is left for the caller to make again.
    fn move_article(&mut self, from: ArticleId, to: ArticleId) {
        if from == to {
            return;
        }
        let (a, b) = (from.index(), to.index());
        let map = |x: ArticleId| match x.index() {
            i if i == a => to,
            i if a < b && i > a && i <= b => ArticleId::new(i - 1),
            i if b < a && i >= b && i < a => ArticleId::new(i + 1),
            _ => x,
        };
        let mut articles = std::mem::take(&mut self.articles).into_vec();
        let moved = articles.remove(a);
        articles.insert(b, moved);
        self.articles = articles.into();
        for d in self.articles.iter_mut().chain(self.pages.iter_mut()) {
            for x in d.related.iter_mut().chain(d.backlinks.iter_mut()) {
                *x = map(*x);
            }
            d.backlinks.sort_unstable();
        }
        let groups = self.domains.iter_mut();
        for g in groups
            .chain(self.regions.iter_mut())
            .chain(self.tags.iter_mut())
        {
            let member = g.articles.contains(&from);
            g.articles.retain(|&x| x != from);
            for x in g.articles.iter_mut() {
                *x = map(*x);
            }
            if member {
                let at = g.articles.partition_point(|&x| x < to);
                g.articles.insert(at, to);
            }
        }
        for m in self.milestones.iter_mut() {
            m.article = map(m.article);
        }
        self.editions.remap(map);
    }

    /// Give brief `id` (its new text `entry`) its tags: each known tag it has before or after
    /// the edit gets its list anew; a tag new to the site is made (at the end of the table,
    /// named as the brief writes it; [`Site::renumber_tags`] sorts it in). Returns whether a
    /// list gained or lost a page, and whether a tag was made or went.
    fn retag(&mut self, id: ArticleId, entry: &mut Entry) -> (bool, bool) {
        use crate::slug::tag_slug;
        let slugs: Vec<String> = entry.src.tags.iter().map(|t| tag_slug(t)).collect();
        let mut number: HashMap<String, TagId> = self
            .tags
            .enumerate()
            .map(|(t, g)| (g.slug.clone(), t))
            .collect();
        let mut made = false;
        for (slug, name) in slugs.iter().zip(&entry.src.tags) {
            if !number.contains_key(slug) {
                let t = self.tags.push(Group {
                    key: slug.clone(),
                    name: name.clone(),
                    slug: slug.clone(),
                    articles: vec![id],
                    ..Group::default()
                });
                number.insert(slug.clone(), t);
                made = true;
            }
        }
        entry.tags = slugs.iter().map(|s| number[s]).collect();
        entry.tags.dedup();
        let per = self.config.paginate;
        let pages = |n: usize| n.div_ceil(per).max(1);
        let (mut relist, mut gone) = (false, false);
        let old = self.articles[id].tags.clone();
        for &t in old.iter().chain(&entry.tags) {
            let list = &mut self.tags[t].articles;
            let before = pages(list.len());
            list.retain(|&a| a != id);
            if entry.tags.contains(&t) {
                let at = list.partition_point(|&a| a < id);
                list.insert(at, id);
            }
            relist |= pages(list.len()) != before;
            gone |= list.is_empty();
        }
        (relist, made || gone)
    }

    /// Name each of `tags` as its newest brief writes it (a tag is named as first written,
    /// newest brief first). Returns those whose name changed.
    fn rename_tags(&mut self, tags: impl Iterator<Item = TagId>) -> Vec<TagId> {
        use crate::slug::tag_slug;
        let mut renamed = Vec::new();
        for t in tags {
            let g = &self.tags[t];
            let Some(&newest) = g.articles.first() else {
                continue;
            };
            let written = self.articles[newest].src.tags.iter();
            let Some(name) = written.clone().find(|n| tag_slug(n) == g.slug) else {
                continue;
            };
            if *name != g.name && !renamed.contains(&t) {
                self.tags[t].name = name.clone();
                renamed.push(t);
            }
        }
        renamed
    }

    /// Drop the tags no brief has, sort the rest by name (as [`Site::build`] does) and give
    /// every brief its tags' new numbers.
    fn renumber_tags(&mut self) {
        let mut groups: Vec<Group> = std::mem::take(&mut self.tags).into_vec();
        let old_slugs: Vec<String> = groups.iter().map(|g| g.slug.clone()).collect();
        groups.retain(|g| !g.articles.is_empty());
        groups.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.slug.cmp(&b.slug)));
        let number: HashMap<&str, TagId> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.slug.as_str(), TagId::new(i)))
            .collect();
        let renumber: Vec<Option<TagId>> = old_slugs
            .iter()
            .map(|s| number.get(s.as_str()).copied())
            .collect();
        for d in self.articles.iter_mut() {
            d.tags = d.tags.iter().filter_map(|t| renumber[t.index()]).collect();
        }
        self.tags = groups.into();
    }

    /// Put the milestones in timeline order again after brief `id`'s changed, and list them
    /// again on their briefs, domains and regions. Returns each milestone's id before
    /// (`None`: one of brief `id`'s).
    fn remake_milestones(&mut self, id: ArticleId) -> Vec<Option<MilestoneId>> {
        let (mine, _) = timeline::milestones_of(self, id, &self.articles[id]);
        let all: Vec<(Milestone, Option<MilestoneId>)> = std::mem::take(&mut self.milestones)
            .into_vec()
            .into_iter()
            .enumerate()
            .filter(|(_, m)| m.article != id)
            .map(|(i, m)| (m, Some(MilestoneId::new(i))))
            .chain(mine.into_iter().map(|m| (m, None)))
            .collect();
        let (all, from): (Vec<Milestone>, Vec<Option<MilestoneId>>) =
            timeline::in_order(all).into_iter().unzip();
        for a in self.articles.iter_mut() {
            a.milestones.clear();
        }
        for g in self.domains.iter_mut().chain(self.regions.iter_mut()) {
            g.milestones.clear();
        }
        timeline::place_milestones(self, all);
        from
    }
}

/// Move brief `id` from the lists of groups `old` to those of `new`, keeping each list newest
/// first. Returns whether a list gained or lost a page (`per` briefs a page).
fn regroup<I: Id + PartialEq>(
    groups: &mut Table<I, Group>,
    id: ArticleId,
    old: &[I],
    new: &[I],
    per: usize,
) -> bool {
    let pages = |n: usize| n.div_ceil(per).max(1);
    let mut relist = false;
    for g in old.iter().filter(|g| !new.contains(g)) {
        let list = &mut groups[*g].articles;
        let before = pages(list.len());
        list.retain(|&a| a != id);
        relist |= pages(list.len()) != before;
    }
    for g in new.iter().filter(|g| !old.contains(g)) {
        let list = &mut groups[*g].articles;
        let before = pages(list.len());
        let at = list.partition_point(|&a| a < id);
        list.insert(at, id);
        relist |= pages(list.len()) != before;
    }
    relist
}
