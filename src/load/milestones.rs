//! The milestones of a brief (`milestones:`), read and checked one by one.

use crate::diag::{self, Code};
use crate::load::fields::{Fields, MapItem};
use crate::load::lists::{MilestoneSpec, Status, fuzzy_value};
use crate::load::yaml::Yaml;

pub(crate) fn read_milestones(f: &mut Fields, domain_keys: &[&str]) -> Vec<MilestoneSpec> {
    let Some((v, place)) = f.take("milestones") else {
        return Vec::new();
    };
    let items = f.map_items(
        v,
        &place,
        "a list of milestones (`- date: …` / `title: …`)",
        "a milestone with `date:` and `title:`",
    );
    let known = ["date", "title", "status", "domain", "id", "quote"];
    let mut out: Vec<MilestoneSpec> = Vec::new();
    for MapItem {
        index: i,
        place: item_place,
        entries,
    } in items
    {
        let (mut date, mut title, mut status, mut domain) = (None, None, None, None);
        let mut id: Option<String> = None;
        let mut quote = None;
        let line = f.key_line(&f.item_place(&place, i, Some("date")));
        let mut ok = true;
        for (k, val) in entries {
            let kp = f.item_place(&place, i, Some(&k));
            match k.as_str() {
                "date" => match fuzzy_value(&val, "a milestone date") {
                    Ok(d) => date = Some(d),
                    Err(msg) => {
                        let needle = val.scalar_text();
                        let d = f
                                .diag_at_value(Code::BadFuzzyDate, &kp, needle.as_deref(), msg)
                                .help("milestone dates: `2026`, `2026-H2` (half), `2026-Q1` (quarter), `2026-05` or `2026-05-10`");
                        f.push(d);
                        ok = false;
                    }
                },
                "title" => title = f.text_of(val, &kp),
                "quote" => quote = super::lists::located_text(f, val, &kp),
                "id" => {
                    let given = f.text_of(val, &kp).unwrap_or_default();
                    if out.iter().any(|m| m.id.as_deref() == Some(given.as_str())) {
                        let d = f
                            .diag_at_value(
                                Code::DuplicateMilestoneId,
                                &kp,
                                Some(&given),
                                format!("two milestones of this brief have the id `{given}`"),
                            )
                            .help("an id keeps one milestone the same across edits: give each milestone its own, e.g. `id: xiongan-express-open`");
                        f.push(d);
                    }
                    id = Some(given);
                }
                "status" => {
                    let s = f.text_of(val, &kp).unwrap_or_default();
                    match Status::parse(&s) {
                        Some(st) => status = Some(st),
                        None => {
                            let d = f
                                .diag_at_value(
                                    Code::UnknownStatus,
                                    &kp,
                                    Some(&s),
                                    format!("unknown status `{s}`"),
                                )
                                .help(diag::suggest(&s, Status::NAMES, "statuses are"));
                            f.push(d);
                            ok = false;
                        }
                    }
                }
                "domain" => {
                    let key = f.text_of(val, &kp).unwrap_or_default();
                    f.check_keys(
                        Code::UnknownDomain,
                        &kp,
                        std::slice::from_ref(&key),
                        domain_keys,
                        "domain",
                    );
                    domain = Some(key);
                }
                other => {
                    let d = f
                        .diag_at_key(
                            Code::UnknownField,
                            &kp,
                            format!("unknown field `{other}` in a milestone"),
                        )
                        .span_len(other.chars().count())
                        .help(diag::suggest(other, &known, "milestone fields are"));
                    f.push(d);
                }
            }
        }
        for (name, present) in [("date", date.is_some() || !ok), ("title", title.is_some())] {
            if !present {
                let d = f
                    .diag_at_key(
                        Code::MissingField,
                        &item_place,
                        format!("milestone {} has no `{name}`", i + 1),
                    )
                    .field(format!("milestones[{i}].{name}"))
                    .help("each milestone needs `date:` and `title:`");
                f.push(d);
            }
        }
        if let (Some(date), Some(title)) = (date, title) {
            out.push(MilestoneSpec {
                id,
                date,
                line,
                title,
                status,
                domain,
                quote,
            });
        }
    }
    out
}

/// The milestones of an earlier version of a brief, read as [`read_milestones`] reads them
/// (a milestone without a readable `date:` and `title:` is left out, an unknown status is
/// none) but without their places or checks: the history reads every version of every brief
/// that changed, and only its milestones' identity, date and status count there.
pub(crate) fn past_milestones(value: Yaml) -> Vec<MilestoneSpec> {
    let Yaml::List(items) = value else {
        return Vec::new();
    };
    let text = |v: Yaml| v.into_text().ok();
    let milestone = |item: Yaml| {
        let Yaml::Map(entries) = item else {
            return None;
        };
        let (mut date, mut title, mut status, mut id, mut domain) = (None, None, None, None, None);
        for (key, value) in entries {
            match key.as_str() {
                "date" => date = Some(fuzzy_value(&value, "").ok()?),
                "title" => title = Some(text(value)?),
                "status" => status = text(value).as_deref().and_then(Status::parse),
                "id" => id = Some(text(value).unwrap_or_default()),
                "domain" => domain = text(value),
                _ => {}
            }
        }
        Some(MilestoneSpec {
            id,
            date: date?,
            line: 0,
            title: title?,
            status,
            domain,
            quote: None,
        })
    };
    items.into_iter().filter_map(milestone).collect()
}
