//! Share cards: the photo a shared link of a brief shows — its `cover:`, else the first photo
//! of its text — is published at [`CARD_WIDTH`] too, the width chat apps and search engines
//! draw a card at (a wider variant would be downloaded for nothing, a narrower one blurred).

use crate::images::{CARD_WIDTH, Photo};
use crate::model::{ArticleId, Site};

impl Site {
    /// The index in `photos` of brief `id`'s own picture for share cards, if it has one.
    fn share_photo_index(&self, id: ArticleId) -> Option<usize> {
        let a = &self.articles[id];
        let source = (a.src.cover.as_ref())
            .and_then(|c| crate::markdown::local_file(&c.value, &a.src.file))
            .or_else(|| {
                (a.rendered.images.iter())
                    .find(|i| i.problem.is_none())
                    .map(|i| i.target_file.clone())
            })?;
        // `photos` is sorted by source (`Photos::used`).
        (self.photos)
            .binary_search_by(|p| p.source.as_str().cmp(&source))
            .ok()
    }

    /// Brief `id`'s picture for share cards, and the width to show it at.
    pub(crate) fn share_photo(&self, id: ArticleId) -> Option<(&Photo, u32)> {
        let p = &self.photos[self.share_photo_index(id)?];
        Some((p, p.card_width()))
    }
}

/// Give every brief's share photo its card-wide variant.
pub(super) fn add_card_variants(site: &mut Site) {
    let cards: Vec<usize> = (site.articles.ids())
        .filter_map(|id| site.share_photo_index(id))
        .collect();
    for i in cards {
        let p = &mut site.photos[i];
        if p.width > CARD_WIDTH && !p.widths.contains(&CARD_WIDTH) {
            p.widths.push(CARD_WIDTH);
            p.widths.sort_unstable();
        }
    }
}
