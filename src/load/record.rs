//! A brief's record after it appeared: `updated:` (the day its text was last brought up to
//! date) and `corrections:` (each error put right, with the day and what was wrong). Both say
//! what happened to a brief already published, so neither may come before its `date`; that
//! they are not in the future is checked by the model, which knows today.

use crate::date::Date;
use crate::diag::{self, Code};
use crate::load::article::Located;
use crate::load::fields::{Fields, MapItem, Place};

/// A correction to a published brief.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Correction {
    pub date: Located<Date>,
    /// What was wrong and what is right, as the editor wrote it (plain text).
    pub text: String,
}

/// `updated:`, checked against `date`.
pub(crate) fn read_updated(f: &mut Fields, date: Option<Date>) -> Option<Located<Date>> {
    let (v, place) = f.take("updated")?;
    let text = f.text_of(v, &place)?;
    let updated = parse_date(f, &place, &text, "updated", "`updated: 2026-07-02`")?;
    not_before(f, &place, &text, &updated, date, "`updated`");
    Some(updated)
}

/// `corrections:`, each checked: a date not before `date`, and a text.
pub(crate) fn read_corrections(f: &mut Fields, date: Option<Date>) -> Vec<Correction> {
    const EXAMPLE: &str = "- {date: 2026-07-02, text: 原稿称“第三期”，应为“三期”。}";
    let Some((v, place)) = f.take("corrections") else {
        return Vec::new();
    };
    let items = f.map_items(
        v,
        &place,
        "a list of corrections (`- {date: …, text: …}`)",
        "a correction with `date:` and `text:`",
    );
    let mut out = Vec::new();
    for MapItem {
        index: i,
        place: item_place,
        entries,
    } in items
    {
        let (mut when, mut text, mut dated) = (None, String::new(), false);
        for (k, val) in entries {
            let kp: Place = f.item_place(&place, i, Some(&k));
            match k.as_str() {
                "date" => {
                    dated = true;
                    let Some(written) = f.text_of(val, &kp) else {
                        continue;
                    };
                    when = parse_date(f, &kp, &written, "date", EXAMPLE);
                    if let Some(d) = &when {
                        not_before(f, &kp, &written, d, date, "a correction");
                    }
                }
                "text" => text = f.text_of(val, &kp).unwrap_or_default().trim().to_string(),
                other => {
                    let d = f
                        .diag_at_key(
                            Code::UnknownField,
                            &kp,
                            format!("unknown field `{other}` in a correction"),
                        )
                        .help(diag::suggest(
                            other,
                            &["date", "text"],
                            "correction fields are",
                        ));
                    f.push(d);
                }
            }
        }
        if text.is_empty() {
            let d = f
                .diag_at_key(
                    Code::MissingField,
                    &item_place,
                    format!("correction {} has no `text`", i + 1),
                )
                .field(format!("corrections[{i}].text"))
                .help(format!("say what was wrong and what is right: `{EXAMPLE}`"));
            f.push(d);
        }
        match when {
            Some(date) if !text.is_empty() => out.push(Correction { date, text }),
            Some(_) => {}
            // A date written but not understood is reported where it stands.
            None if dated => {}
            None => {
                let d = f
                    .diag_at_key(
                        Code::MissingField,
                        &item_place,
                        format!("correction {} has no `date`", i + 1),
                    )
                    .field(format!("corrections[{i}].date"))
                    .help(format!("give the day the correction was made: `{EXAMPLE}`"));
                f.push(d);
            }
        }
    }
    out
}

/// `text` as a date, with its place; an error at it if it is not one.
fn parse_date(
    f: &mut Fields,
    place: &Place,
    text: &str,
    key: &str,
    example: &str,
) -> Option<Located<Date>> {
    match Date::parse(text) {
        Ok(value) => {
            let (line, col) = f.position(place, text);
            Some(Located { value, line, col })
        }
        Err(msg) => {
            let d = f
                .diag_at_value(Code::BadDate, place, Some(text), msg)
                .help(format!("write `{key}` as YYYY-MM-DD, e.g. {example}"));
            f.push(d);
            None
        }
    }
}

/// An error at `place` when `when` is before the brief's `date`.
fn not_before(
    f: &mut Fields,
    place: &Place,
    text: &str,
    when: &Located<Date>,
    date: Option<Date>,
    what: &str,
) {
    let Some(date) = date.filter(|d| when.value < *d) else {
        return;
    };
    let d = f
        .diag_at_value(
            Code::UpdateDate,
            place,
            Some(text),
            format!("{what} is dated {}, before the brief's `date` ({date})", when.value),
        )
        .help("a brief is updated or corrected after it appears: check both dates; if the brief appeared later, change its `date`");
    f.push(d);
}
