//! The timeline: every article's milestones with their status decided against "today", in
//! timeline order; and the key figures of each domain.

use crate::date::FuzzyDate;
use crate::diag::{Code, Diagnostic};
use crate::load::Status;
use rayon::prelude::*;

use crate::model::{ArticleId, DomainId, Entry, FigureId, Id, MilestoneId, Site};

/// A milestone with its status decided and its place on the timeline.
#[derive(Debug, Clone)]
pub(crate) struct Milestone {
    pub date: FuzzyDate,
    pub title: String,
    pub status: Status,
    /// Planned, but its period has ended: editors must confirm or move it.
    pub overdue: bool,
    pub domain: DomainId,
    pub article: ArticleId,
    /// Its place in its brief's `milestones:`, from 0.
    pub index: usize,
    /// Anchor on the timeline page (`m-<slug>-<n>`).
    pub anchor: String,
    /// Its history in the repository, if it has one.
    pub past: Option<std::sync::Arc<crate::load::history::Tracked>>,
}

impl Milestone {
    /// Not done, and now dated later than first promised: the date it was first given.
    pub(crate) fn postponed_from(&self) -> Option<crate::date::FuzzyDate> {
        let first = self.past.as_ref()?.first_date;
        (self.status != Status::Done && self.date > first).then_some(first)
    }
}

/// Decide each milestone's status, warn about overdue ones, put them in timeline order and
/// list them on their article, domain and regions.
pub(super) fn build_milestones(site: &mut Site) {
    let per_article: Vec<(Vec<Milestone>, Vec<Diagnostic>)> = site
        .articles
        .as_slice()
        .par_iter()
        .enumerate()
        .map(|(i, a)| milestones_of(site, ArticleId::new(i), a))
        .collect();
    let mut all = Vec::new();
    for (milestones, warnings) in per_article {
        all.extend(milestones);
        site.warnings.extend(warnings);
    }
    all.par_sort_by(timeline_order);
    place_milestones(site, all);
}

/// Timeline order: the period (start, coarser first), then the article's date, then title.
fn timeline_order(x: &Milestone, y: &Milestone) -> std::cmp::Ordering {
    x.date
        .cmp(&y.date)
        .then_with(|| x.article.cmp(&y.article))
        .then_with(|| x.title.cmp(&y.title))
}

/// `milestones` in timeline order, each with what goes with it; equal ones keep their order.
pub(super) fn in_order<T: Send>(mut milestones: Vec<(Milestone, T)>) -> Vec<(Milestone, T)> {
    milestones.par_sort_by(|x, y| timeline_order(&x.0, &y.0));
    milestones
}

/// Number the milestones (in timeline order) and list them on their article, domain and
/// regions.
pub(super) fn place_milestones(site: &mut Site, all: Vec<Milestone>) {
    for (i, m) in all.iter().enumerate() {
        let id = MilestoneId::new(i);
        site.articles[m.article].milestones.push(id);
        site.domains[m.domain].milestones.push(id);
        for &r in &site.articles[m.article].regions {
            site.regions[r].milestones.push(id);
        }
    }
    site.milestones = all.into();
}

/// Article `id`'s milestones with their status decided, and a warning for each overdue one.
pub(super) fn milestones_of(
    site: &Site,
    id: ArticleId,
    a: &Entry,
) -> (Vec<Milestone>, Vec<Diagnostic>) {
    let today = site.today;
    let mut warnings = Vec::new();
    let milestones = a
        .src
        .milestones
        .iter()
        .enumerate()
        .map(|(mi, m)| {
            let ended = m.date.end() < today;
            let status = m
                .status
                .unwrap_or(if ended { Status::Done } else { Status::Planned });
            let overdue = status == Status::Planned && ended;
            if overdue {
                warnings.push(
                    Diagnostic::warning(
                        Code::OverdueMilestone,
                        &a.src.file,
                        format!(
                            "milestone `{}` is planned for {}, which has ended (today is {today})",
                            m.title,
                            m.date.code()
                        ),
                    )
                    .at_line(m.line)
                    .field(format!("milestones[{mi}].status"))
                    .with_source(&a.src.text)
                    .help("if it happened, set `status: done`; if it is late, move its `date:`; the site shows it as 待更新 until then"),
                );
            }
            let domain = m
                .domain
                .as_ref()
                .and_then(|k| site.domains.enumerate().find(|(_, g)| &g.key == k))
                .map(|(d, _)| d)
                .unwrap_or_else(|| a.main_domain());
            Milestone {
                date: m.date,
                title: m.title.clone(),
                status,
                overdue,
                domain,
                article: id,
                index: mi,
                anchor: format!("m-{}-{}", a.src.slug, mi + 1),
                past: a.past.milestones.get(mi).cloned().flatten(),
            }
        })
        .collect();
    (milestones, warnings)
}

/// Each domain's key figures: those of the articles whose main domain it is, newest first.
pub(super) fn collect_figures(site: &mut Site) {
    for (id, a) in site.articles.enumerate() {
        for index in 0..a.src.figures.len() {
            site.domains[a.main_domain()]
                .figures
                .push(FigureId { article: id, index });
        }
    }
}
