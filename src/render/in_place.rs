//! What the renderer changes in place for `serve`'s quick rebuild ([`crate::incremental`]):
//! one brief's new text ([`Renderer::replace_text`]), the shared values it touches
//! ([`Shared`]'s `renew`, `recard`, `move_article` …), and what a build keeps for the next
//! ([`Kept`]).

use std::collections::{BTreeSet, HashMap};

use tera::Value;

use super::context::{Shared, article_link, card, figure_values, milestone_value};
use super::{Renderer, photos, targets};
use crate::model::{ArticleId, Entry, Id, MilestoneId, Site};

impl Renderer {
    /// The values shared by pages that the next build may take over, all but `edited`'s.
    pub(crate) fn kept(&self, edited: &[String]) -> Kept {
        Kept::new(&self.site, &self.shared, edited)
    }

    /// Give article `id` a new text that keeps its address ([`Moved::between`]). What is
    /// shown of the brief itself changes (its page, and its card, milestones and figures,
    /// which every other page takes from the shared values when it is rendered); if its date,
    /// tags, domains, regions, milestones, figures or `related` changed, what depends on them
    /// is made again in the model ([`Site::replace`]; a new date moves the brief among the
    /// others, and its id with them; a renamed tag's cards are made again), as is what its
    /// links change (backlinks). Done only when the new body shows the same photos and leaves
    /// the code stylesheet as it is (no highlighting class new to the site, none gone). `None` when it was not done (the site is as before); else
    /// what changed, whether the list of pages must be made again ([`Renderer::pages`]), and
    /// the brief's id now.
    ///
    /// [`Moved::between`]: crate::model::Moved::between
    /// [`Site::replace`]: crate::model::Site::replace
    pub(crate) fn replace_text(
        &mut self,
        id: ArticleId,
        src: crate::load::Article,
        rendered: crate::markdown::Rendered,
    ) -> Option<(crate::model::Moved, bool, ArticleId)> {
        let old = &self.site.articles[id];
        let mut moved = crate::model::Moved::between(&old.src, &src)?;
        if photos(&old.rendered) != photos(&rendered)
            || !self.same_styles(id, &rendered.code_classes)
        {
            return None;
        }
        moved.links = targets(&old.rendered) != targets(&rendered);
        let split = self.site.timeline_split(self.site.milestones.len());
        let entry = crate::model::Entry::with_body(old, src, rendered);
        let done = self.site.replace(id, entry, moved)?;
        self.shared.move_article(id, done.id);
        if done.tags_table {
            self.shared.links.renew_tags(&self.site);
        }
        self.shared.recard(&self.site, &done.recard);
        if let Some(from) = &done.milestones {
            self.shared.reorder_milestones(from);
        }
        self.shared.renew(&self.site, done.id);
        if split != self.site.timeline_split(self.site.milestones.len()) {
            self.shared.renew_milestones(&self.site);
        }
        Some((moved, done.relist, done.id))
    }

    /// Whether the code stylesheet stays as it is when article `id`'s body uses `classes`:
    /// it has rules for exactly the classes some body uses, so the classes only this body
    /// uses must be the same before and after.
    fn same_styles(&self, id: ArticleId, classes: &[String]) -> bool {
        let old = &self.site.articles[id].rendered.code_classes;
        if classes.is_empty() && old.is_empty() {
            return true;
        }
        let others: BTreeSet<&str> = (self.site.articles.enumerate())
            .filter(|&(other, _)| other != id)
            .map(|(_, d)| d)
            .chain(&self.site.pages)
            .flat_map(|d| d.rendered.code_classes.iter().map(String::as_str))
            .collect();
        let own = |cs: &[String]| -> BTreeSet<String> {
            cs.iter()
                .filter(|c| !others.contains(c.as_str()))
                .cloned()
                .collect()
        };
        own(old) == own(classes)
    }
}

impl Shared {
    /// Make again what is shown of article `id` (its link, card, milestones and figures),
    /// after its text changed but not its place in the site.
    pub(crate) fn renew(&mut self, s: &Site, id: ArticleId) {
        self.links.articles[id.index()] = Value::from_serializable(&article_link(s, id));
        self.cards[id.index()] = card(s, &s.articles[id], &self.links);
        for &m in &s.articles[id].milestones {
            self.milestones[m.index()] = milestone_value(s, &s.milestones[m], &self.links);
        }
        self.figures[id.index()] = figure_values(s, id, &self.links);
    }

    /// Make every milestone's value again (the timeline got or lost its pages per year, so
    /// every milestone's link changed).
    pub(crate) fn renew_milestones(&mut self, s: &Site) {
        self.milestones = s
            .milestones
            .iter()
            .map(|m| milestone_value(s, m, &self.links))
            .collect();
    }

    /// Make the cards of `articles` again (a tag they show was renamed).
    pub(crate) fn recard(&mut self, s: &Site, articles: &[ArticleId]) {
        for &a in articles {
            self.cards[a.index()] = card(s, &s.articles[a], &self.links);
        }
    }

    /// Move what is shown of article `from` to `to`, after a new date moved it among the
    /// others ([`crate::model::Site::replace`]): those between move by one.
    pub(crate) fn move_article(&mut self, from: ArticleId, to: ArticleId) {
        fn shift<T>(v: &mut Vec<T>, from: usize, to: usize) {
            let x = v.remove(from);
            v.insert(to, x);
        }
        let (a, b) = (from.index(), to.index());
        if a != b {
            shift(&mut self.links.articles, a, b);
            shift(&mut self.cards, a, b);
            shift(&mut self.figures, a, b);
        }
    }

    /// Put the milestones' values in their new order after the timeline was made again:
    /// `from` gives each milestone's id before (`None`: a milestone of the edited brief,
    /// whose value [`Shared::renew`] then makes).
    pub(crate) fn reorder_milestones(&mut self, from: &[Option<MilestoneId>]) {
        let mut old: Vec<Option<Value>> = std::mem::take(&mut self.milestones)
            .into_iter()
            .map(Some)
            .collect();
        self.milestones = from
            .iter()
            .map(|m| {
                m.and_then(|m| old[m.index()].take())
                    .unwrap_or_else(Value::none)
            })
            .collect();
    }
}

/// The shared values of a build, kept for the next one (serve's quick rebuild after a
/// front-matter edit, see `Sources::Given`), for every brief but the edited ones: cards and
/// figures by file, milestones by anchor, and the links they were made with. A card, figure
/// or milestone depends only on its own brief (unchanged), the links of its domain and
/// regions (from site.yaml), of its tags (compared one by one) and, for a milestone, the day:
/// [`super::context::shared`] takes each over when those are the same.
pub(crate) struct Kept {
    pub(super) today: crate::date::Date,
    /// Whether the timeline had a page per year (a milestone's link depends on it).
    pub(super) split: bool,
    pub(super) domains: Vec<Value>,
    pub(super) regions: Vec<Value>,
    /// By slug.
    pub(super) tags: HashMap<String, Value>,
    pub(super) cards: HashMap<String, Value>,
    pub(super) milestones: HashMap<String, Value>,
    pub(super) figures: HashMap<String, Vec<Value>>,
}

impl Kept {
    pub(crate) fn new(s: &Site, shared: &Shared, edited: &[String]) -> Kept {
        let keep = |a: &Entry| !edited.contains(&a.src.file);
        let links = &shared.links;
        let mut kept = Kept {
            today: s.today,
            split: s.timeline_split(s.milestones.len()),
            domains: links.domains.clone(),
            regions: links.regions.clone(),
            tags: s
                .tags
                .iter()
                .zip(&links.tags)
                .map(|(g, v)| (g.slug.clone(), v.clone()))
                .collect(),
            cards: HashMap::new(),
            milestones: HashMap::new(),
            figures: HashMap::new(),
        };
        for (id, a) in s.articles.enumerate().filter(|(_, a)| keep(a)) {
            let file = &a.src.file;
            kept.cards
                .insert(file.clone(), shared.cards[id.index()].clone());
            kept.figures
                .insert(file.clone(), shared.figures[id.index()].clone());
        }
        for (m, v) in s.milestones.iter().zip(&shared.milestones) {
            if keep(&s.articles[m.article]) {
                kept.milestones.insert(m.anchor.clone(), v.clone());
            }
        }
        kept
    }
}
