//! Series: the figures that share a `series:` key, in time order — the same measure across
//! briefs, drawn as a chart where it has at least two points.

use crate::date::FuzzyDate;
use crate::model::{DomainId, FigureId, Id, Site};

/// One declared series and its points.
#[derive(Debug, Clone)]
pub(crate) struct SeriesData {
    pub key: String,
    pub name: String,
    pub unit: String,
    /// In time order (period, then the newer brief first).
    pub points: Vec<Point>,
}

#[derive(Debug, Clone)]
pub(crate) struct Point {
    pub period: FuzzyDate,
    pub value: f64,
    pub figure: FigureId,
    /// The main domain of the point's brief.
    pub domain: DomainId,
}

impl SeriesData {
    /// The points of one domain (all when `None`).
    pub(crate) fn points_in(&self, domain: Option<DomainId>) -> Vec<&Point> {
        self.points
            .iter()
            .filter(|p| domain.is_none_or(|d| p.domain == d))
            .collect()
    }
}

/// Every declared series with its points; a point needs a numeric value (`2~6` is none).
pub(super) fn collect(site: &mut Site) {
    let mut all: Vec<SeriesData> = site
        .config
        .series
        .iter()
        .map(|s| SeriesData {
            key: s.key.clone(),
            name: s.name.clone(),
            unit: s.unit.clone(),
            points: Vec::new(),
        })
        .collect();
    for (article, a) in site.articles.enumerate() {
        for (index, f) in a.src.figures.iter().enumerate() {
            let (Some(key), Some(period)) = (&f.series, f.period) else {
                continue;
            };
            let Ok(value) = f.value.replace(',', "").parse::<f64>() else {
                continue;
            };
            if let Some(s) = all.iter_mut().find(|s| &s.key == key) {
                s.points.push(Point {
                    period,
                    value,
                    figure: FigureId { article, index },
                    domain: a.main_domain(),
                });
            }
        }
    }
    for s in &mut all {
        s.points.sort_by(|x, y| {
            x.period
                .cmp(&y.period)
                .then_with(|| x.figure.article.index().cmp(&y.figure.article.index()))
        });
    }
    site.series = all;
}
