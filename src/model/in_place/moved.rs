//! What an edit changed of a brief's place in the site ([`Moved`]).

use crate::load::Article;

/// What an edit changed of a brief's place in the site, among what [`crate::model::Site::replace`] can
/// change in place. Where the fields are written may differ.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Moved {
    /// A new date moves the brief among the others (they are numbered newest first).
    pub date: bool,
    pub tags: bool,
    pub domains: bool,
    pub regions: bool,
    pub milestones: bool,
    pub figures: bool,
    /// `related`: the brief's related list, and the backlinks of the briefs it names.
    pub related: bool,
    /// The briefs its text links to (set by the caller, which renders the text): their
    /// backlinks.
    pub links: bool,
}

impl Moved {
    /// What changed from `old` to `new`, another text of the same brief. `None` when its
    /// address, kind or draft state changed: the model must be made anew. Everything the
    /// model links a brief by is made from these fields alone, so when none changed the edit
    /// changes only what is shown of the brief itself (its title, summary, source, body…).
    pub(crate) fn between(old: &Article, new: &Article) -> Option<Moved> {
        let related = |a: &Article| {
            a.related
                .iter()
                .map(|r| r.value.clone())
                .collect::<Vec<_>>()
        };
        let milestones = |a: &Article| {
            a.milestones
                .iter()
                .map(|m| (m.date, m.title.clone(), m.status, m.domain.clone()))
                .collect::<Vec<_>>()
        };
        let same = old.slug == new.slug && old.layout == new.layout && old.draft == new.draft;
        same.then(|| Moved {
            date: old.date != new.date,
            tags: old.tags != new.tags,
            domains: old.domains != new.domains,
            regions: old.regions != new.regions,
            milestones: milestones(old) != milestones(new),
            figures: old.figures != new.figures,
            related: related(old) != related(new),
            links: false,
        })
    }

    /// The names of the fields that changed, as editors write them.
    pub(crate) fn fields(&self) -> Vec<&'static str> {
        [
            (self.date, "date"),
            (self.tags, "tags"),
            (self.domains, "domains"),
            (self.regions, "regions"),
            (self.milestones, "milestones"),
            (self.figures, "figures"),
            (self.related, "related"),
            (self.links, "links"),
        ]
        .into_iter()
        .filter_map(|(changed, name)| changed.then_some(name))
        .collect()
    }

    /// What [`crate::model::Site::replace`] makes again for these changes, for serve to say.
    pub(crate) fn remade(&self) -> Vec<&'static str> {
        let places = self.date || self.tags || self.domains || self.regions;
        [
            (places, "their lists"),
            (self.related_lists(), "the related lists near the brief"),
            (self.related || self.links, "backlinks"),
            (self.date || self.domains, "previous and next"),
            (self.timeline(), "the timeline"),
            (self.key_figures(), "the key figures"),
        ]
        .into_iter()
        .filter_map(|(made, what)| made.then_some(what))
        .collect()
    }

    /// The related lists depend on the brief's date, tags, domains, regions and `related`.
    pub(super) fn related_lists(&self) -> bool {
        self.date || self.tags || self.domains || self.regions || self.related
    }

    /// A milestone is listed on its domain (by default the brief's main one) and the brief's
    /// regions, and placed on the timeline by the brief's place among the others.
    pub(super) fn timeline(&self) -> bool {
        self.date || self.milestones || self.domains || self.regions
    }

    /// A figure is listed on the brief's main domain, among the others by the brief's place.
    pub(super) fn key_figures(&self) -> bool {
        self.date || self.figures || self.domains
    }
}
