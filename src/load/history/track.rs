//! Following milestones from one version of a brief to the next.
//!
//! The rule (docs/content.md): a milestone is the same milestone in the next version when it
//! has the same `id:`; else, without ids, the same title; else, among those left, the same
//! date (a title reworded on the same date is the same milestone). Anything left is new;
//! a milestone left over from before was removed.

use crate::date::{Date, FuzzyDate};
use crate::load::Status;
use crate::load::lists::MilestoneSpec;

/// A revision: one change of a milestone's date or status, and the day it was committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Revision {
    Date {
        noted: Date,
        from: FuzzyDate,
        to: FuzzyDate,
    },
    Status {
        noted: Date,
        from: Status,
        to: Status,
    },
}

/// A milestone as the history knows it after the last commit read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tracked {
    pub id: Option<String>,
    pub title: String,
    pub date: FuzzyDate,
    /// As written; a milestone without `status:` counts as planned.
    pub status: Status,
    /// The date it was first given.
    pub first_date: FuzzyDate,
    /// The day it first appeared.
    pub since: Date,
    /// Every revision, oldest first.
    pub revisions: Vec<Revision>,
}

impl Tracked {
    fn new(m: &MilestoneSpec, noted: Date) -> Tracked {
        Tracked {
            id: m.id.clone(),
            title: m.title.clone(),
            date: m.date,
            status: written_status(m),
            first_date: m.date,
            since: noted,
            revisions: Vec::new(),
        }
    }

    /// Take the milestone's next version, noting what changed on `noted`.
    fn follow(&mut self, m: &MilestoneSpec, noted: Date) {
        if m.date != self.date {
            self.revisions.push(Revision::Date {
                noted,
                from: self.date,
                to: m.date,
            });
        }
        let status = written_status(m);
        if status != self.status {
            self.revisions.push(Revision::Status {
                noted,
                from: self.status,
                to: status,
            });
        }
        self.id = m.id.clone();
        self.title = m.title.clone();
        self.date = m.date;
        self.status = status;
    }
}

fn written_status(m: &MilestoneSpec) -> Status {
    m.status.unwrap_or(Status::Planned)
}

/// For each of `next`, the one of `before` it continues, by the rule above.
pub(crate) fn pair(before: &[Tracked], next: &[MilestoneSpec]) -> Vec<Option<usize>> {
    let mut taken = vec![false; before.len()];
    let mut pairs: Vec<Option<usize>> = vec![None; next.len()];
    type Rule = fn(&Tracked, &MilestoneSpec) -> bool;
    let rules: [Rule; 3] = [
        |t, m| t.id.is_some() && t.id == m.id,
        |t, m| (t.id.is_none() || m.id.is_none()) && t.title == m.title,
        |t, m| (t.id.is_none() || m.id.is_none()) && t.date == m.date,
    ];
    for rule in rules {
        for (i, m) in next.iter().enumerate() {
            if pairs[i].is_some() {
                continue;
            }
            if let Some(j) = (0..before.len()).find(|&j| !taken[j] && rule(&before[j], m)) {
                taken[j] = true;
                pairs[i] = Some(j);
            }
        }
    }
    pairs
}

/// The milestones after a commit of `next` on `noted`, continuing `before`.
pub(crate) fn advance(before: &[Tracked], next: &[MilestoneSpec], noted: Date) -> Vec<Tracked> {
    pair(before, next)
        .into_iter()
        .zip(next)
        .map(|(j, m)| match j {
            Some(j) => {
                let mut t = before[j].clone();
                t.follow(m, noted);
                t
            }
            None => Tracked::new(m, noted),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(id: Option<&str>, title: &str, date: &str, status: Option<Status>) -> MilestoneSpec {
        MilestoneSpec {
            id: id.map(str::to_string),
            date: FuzzyDate::parse(date).unwrap(),
            line: 1,
            title: title.to_string(),
            status,
            domain: None,
            quote: None,
        }
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn a_milestone_is_followed_through_moves_renames_and_status() {
        let v1 = [spec(None, "快线建成", "2026-H1", None)];
        let t = advance(&[], &v1, day("2026-01-10"));
        // Moved twice, then renamed on the same date, then done.
        let t = advance(
            &t,
            &[spec(None, "快线建成", "2026-H2", None)],
            day("2026-06-01"),
        );
        let t = advance(
            &t,
            &[spec(None, "快线建成", "2027-Q1", None)],
            day("2026-11-01"),
        );
        assert!(t[0].date > t[0].first_date, "later than first promised");
        let t = advance(
            &t,
            &[spec(None, "快线建成通车", "2027-Q1", None)],
            day("2026-12-01"),
        );
        let t = advance(
            &t,
            &[spec(None, "快线建成通车", "2027-Q1", Some(Status::Done))],
            day("2027-02-01"),
        );
        let m = &t[0];
        assert_eq!(m.title, "快线建成通车");
        assert_eq!(m.first_date.code(), "2026-H1");
        assert_eq!(m.since, day("2026-01-10"));
        assert_eq!(m.revisions.len(), 3, "{:?}", m.revisions);
        assert!(matches!(&m.revisions[0], Revision::Date { noted, from, to }
            if *noted == day("2026-06-01") && from.code() == "2026-H1" && to.code() == "2026-H2"));
        assert!(matches!(
            &m.revisions[2],
            Revision::Status {
                to: Status::Done,
                ..
            }
        ));
    }

    #[test]
    fn ids_win_over_titles_and_titles_over_dates() {
        let before = advance(
            &[],
            &[
                spec(Some("a"), "甲", "2026", None),
                spec(None, "乙", "2027", None),
            ],
            day("2026-01-01"),
        );
        // `a` renamed and moved keeps its id; 乙 reworded on its date stays 乙's history.
        let next = [
            spec(None, "乙二", "2027", None),
            spec(Some("a"), "甲改", "2028", None),
        ];
        assert_eq!(pair(&before, &next), vec![Some(1), Some(0)]);
        // A new milestone on another date with a new title is new.
        let next = [spec(None, "丙", "2030", None)];
        assert_eq!(pair(&before, &next), vec![None]);
    }
}
