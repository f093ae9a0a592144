//! The values of a brief's record: its corrections, and its milestones' revisions.

use serde::Serialize;

use crate::load::Status;
use crate::load::history::Revision;
use crate::load::record::Correction;
use crate::model::Site;

/// A correction on a brief's page: `date` (`2026-07-02`), `date_display`, `label`
/// (`2026年7月2日更正`) and `text`.
#[derive(Serialize)]
pub(crate) struct CorrectionCtx<'a> {
    pub date: String,
    pub date_display: String,
    pub label: String,
    pub text: &'a str,
}

pub(crate) fn correction<'a>(s: &Site, c: &'a Correction) -> CorrectionCtx<'a> {
    let t = &s.config.strings;
    let date_display = t.date(c.date.value);
    CorrectionCtx {
        date: c.date.value.to_string(),
        label: t.format("correction_on", &[("date", &date_display)]),
        date_display,
        text: &c.text,
    }
}

/// A revision of a milestone: `noted` (`2026-06-01`), `field` (`date` or `status`), `from` and
/// `to` (as written: `2026-H1`, `planned`), and `text` (`2026年6月1日：时间由…改为…`).
#[derive(Serialize)]
pub(crate) struct RevisionCtx {
    pub noted: String,
    pub field: &'static str,
    pub from: String,
    pub to: String,
    pub text: String,
}

pub(super) fn revision(s: &Site, c: &Revision) -> RevisionCtx {
    let t = &s.config.strings;
    let status = |st: Status| t.get(status_key(st)).to_string();
    let (noted, field, from, to, shown) = match *c {
        Revision::Date { noted, from, to } => (
            noted,
            "date",
            from.code(),
            to.code(),
            (t.fuzzy(from), t.fuzzy(to)),
        ),
        Revision::Status { noted, from, to } => (
            noted,
            "status",
            from.key().to_string(),
            to.key().to_string(),
            (status(from), status(to)),
        ),
    };
    let key = if field == "date" {
        "change_date"
    } else {
        "change_status"
    };
    let text = t.format(
        key,
        &[
            ("noted", &t.date(noted)),
            ("from", &shown.0),
            ("to", &shown.1),
        ],
    );
    RevisionCtx {
        noted: noted.to_string(),
        field,
        from,
        to,
        text,
    }
}

pub(super) fn status_key(st: Status) -> &'static str {
    match st {
        Status::Done => "status_done",
        Status::InProgress => "status_in_progress",
        Status::Planned => "status_planned",
    }
}
