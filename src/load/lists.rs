//! The lists of mappings in the front matter: `milestones:` and `figures:`.

use crate::date::FuzzyDate;
use crate::diag::{self, Code};
use crate::load::article::Located;
use crate::load::config::Series;
use crate::load::fields::{Fields, MapItem, Place};
use crate::load::yaml::Yaml;

/// Milestone status as written by editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Status {
    Done,
    InProgress,
    Planned,
}

impl Status {
    pub(crate) const NAMES: &'static [&'static str] = &["done", "in_progress", "planned"];

    pub(crate) fn parse(s: &str) -> Option<Status> {
        match s {
            "done" => Some(Status::Done),
            "in_progress" => Some(Status::InProgress),
            "planned" => Some(Status::Planned),
            _ => None,
        }
    }

    pub(crate) fn key(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::InProgress => "in_progress",
            Status::Planned => "planned",
        }
    }
}

/// A milestone as written in an article's front matter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MilestoneSpec {
    /// What keeps the milestone one across edits to its title and date (`id:`); without it,
    /// its title (see `load::history`).
    pub id: Option<String>,
    pub date: FuzzyDate,
    /// Line of the milestone's `date:` in the file.
    pub line: usize,
    pub title: String,
    pub status: Option<Status>,
    pub domain: Option<String>,
    /// The source's words that say it (`quote:`), checked against the brief's `source_key`.
    pub quote: Option<Located<String>>,
}

/// A key figure: a labelled number with its unit and year.
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    pub label: String,
    /// As written (`4254`, `996.1`, `82.4`), never reformatted.
    pub value: String,
    pub unit: String,
    pub year: Option<i32>,
    pub note: Option<String>,
    /// 近, 约, 余, 以上 …: how the figure is qualified, where the source qualifies it.
    pub qualifier: Option<Qualifier>,
    /// The series (site.yaml `series:` key) this figure is a point of.
    pub series: Option<String>,
    /// When the figure holds (`2025`, `2026-Q1`): `period:`, else `year:`.
    pub period: Option<FuzzyDate>,
    /// The source's words that give it (`quote:`), checked against the brief's `source_key`.
    pub quote: Option<Located<String>>,
    /// Where the figure is written (line, column), for messages about it.
    pub at: (usize, usize),
}

/// Two figures are the same when they say the same: where they are written in the file (a line
/// added above moves them) is not part of it, so serve does not remake the key figures for it.
impl PartialEq for Figure {
    fn eq(&self, o: &Figure) -> bool {
        let quote = |f: &Figure| f.quote.as_ref().map(|q| q.value.clone());
        self.label == o.label
            && self.value == o.value
            && self.unit == o.unit
            && self.year == o.year
            && self.note == o.note
            && self.qualifier == o.qualifier
            && self.series == o.series
            && self.period == o.period
            && quote(self) == quote(o)
    }
}

/// A word that qualifies a figure (`近`100亿元, 10`余`个, 700万亩`以上`), and where it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Qualifier {
    pub word: &'static str,
    pub place: QualifierPlace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QualifierPlace {
    /// Before the number: 近100亿元.
    Before,
    /// After the number and its magnitude (万, 亿 …): 10余个, 5万余条.
    AfterNumber,
    /// After the unit: 700万亩以上.
    AfterUnit,
}

impl QualifierPlace {
    pub(crate) fn key(self) -> &'static str {
        match self {
            QualifierPlace::Before => "before",
            QualifierPlace::AfterNumber => "after_number",
            QualifierPlace::AfterUnit => "after_unit",
        }
    }
}

/// Every qualifier an editor may write, with its place.
pub(crate) const QUALIFIERS: &[(&str, QualifierPlace)] = &[
    ("近", QualifierPlace::Before),
    ("将近", QualifierPlace::Before),
    ("约", QualifierPlace::Before),
    ("超", QualifierPlace::Before),
    ("超过", QualifierPlace::Before),
    ("逾", QualifierPlace::Before),
    ("不到", QualifierPlace::Before),
    ("不足", QualifierPlace::Before),
    ("余", QualifierPlace::AfterNumber),
    ("多", QualifierPlace::AfterNumber),
    ("以上", QualifierPlace::AfterUnit),
    ("以下", QualifierPlace::AfterUnit),
    ("左右", QualifierPlace::AfterUnit),
];

impl Figure {
    /// The figure as a reader says it: `近100亿元`, `10余个`, `700万亩以上`, `4254亿元`.
    pub(crate) fn display(&self) -> String {
        let (before, unit) = self.parts();
        format!("{before}{}{unit}", self.value)
    }

    /// What goes before the number, and the unit with any qualifier placed in it.
    pub(crate) fn parts(&self) -> (&'static str, String) {
        let Some(q) = self.qualifier else {
            return ("", self.unit.clone());
        };
        match q.place {
            QualifierPlace::Before => (q.word, self.unit.clone()),
            QualifierPlace::AfterUnit => ("", format!("{}{}", self.unit, q.word)),
            QualifierPlace::AfterNumber => {
                // After the magnitude that leads the unit: 5 + 万 + 余 + 条.
                let magnitude = self
                    .unit
                    .char_indices()
                    .take_while(|(_, c)| "十百千万亿".contains(*c))
                    .last()
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let (m, rest) = self.unit.split_at(magnitude);
                ("", format!("{m}{}{rest}", q.word))
            }
        }
    }
}

/// A text value with where it is written.
pub(super) fn located_text(f: &mut Fields, val: Yaml, place: &Place) -> Option<Located<String>> {
    let value = f.text_of(val, place)?;
    let (line, col) = f.position(place, &value);
    Some(Located { value, line, col })
}

/// A fuzzy date written as text (`2026-H2`) or as a bare year (`2026`).
pub(super) fn fuzzy_value(val: &Yaml, what: &str) -> Result<FuzzyDate, String> {
    match val {
        Yaml::Int(y) => FuzzyDate::from_year(*y),
        Yaml::Str(s) => FuzzyDate::parse(s),
        other => Err(format!("{what} should be text, but it is {}", other.kind())),
    }
}

/// Whether `raw` (a scalar as the file writes it) reads as the number `value`: the check
/// that the text found is the value's own.
fn same_number(raw: &str, value: &Yaml) -> bool {
    let plain = raw.replace('_', "");
    match value {
        Yaml::Int(n) => {
            plain.parse::<i64>().is_ok_and(|r| r == *n)
                || plain.parse::<f64>().is_ok_and(|r| r == *n as f64)
        }
        Yaml::Float(x) => plain.parse::<f64>().is_ok_and(|r| r == *x),
        _ => false,
    }
}

pub(crate) fn read_figures(f: &mut Fields, series: &[Series]) -> Vec<Figure> {
    let Some((v, place)) = f.take("figures") else {
        return Vec::new();
    };
    let items = f.map_items(
        v,
        &place,
        "a list of figures (`- {label: …, value: …, unit: …}`)",
        "a figure with `label:` and `value:`",
    );
    let known = [
        "label",
        "value",
        "unit",
        "year",
        "note",
        "qualifier",
        "series",
        "period",
        "quote",
    ];
    let mut out = Vec::new();
    for MapItem {
        index: i,
        place: item_place,
        entries,
    } in items
    {
        let mut bad_value = false;
        let mut fig = Figure {
            label: String::new(),
            value: String::new(),
            unit: String::new(),
            year: None,
            note: None,
            qualifier: None,
            series: None,
            period: None,
            quote: None,
            at: f.position(&item_place, "label"),
        };
        let mut series_place = None;
        for (k, val) in entries {
            let kp: Place = f.item_place(&place, i, Some(&k));
            match k.as_str() {
                "label" => fig.label = f.text_of(val, &kp).unwrap_or_default(),
                "value" => match val {
                    Yaml::Float(x) if !x.is_finite() => {
                        bad_value = true;
                        let raw = f.raw_scalar(&kp, "value").unwrap_or_else(|| x.to_string());
                        let d = f
                            .diag_at_value(Code::BadNumber, &kp, Some(&raw), format!(
                                "`{raw}` is not a number a reader can use"
                            ))
                            .help("write the number as the source gives it (`value: 996.1`), or text in quotes (`value: \"2~6\"`)");
                        f.push(d);
                    }
                    // As written: `12.50` stays `12.50`, `4254.0` stays `4254.0` (YAML would
                    // read them as 12.5 and 4254); YAML's digit separator `_` is dropped.
                    Yaml::Int(_) | Yaml::Float(_) => {
                        fig.value = f
                            .raw_scalar(&kp, "value")
                            .filter(|raw| same_number(raw, &val))
                            .map(|raw| raw.replace('_', ""))
                            .unwrap_or_else(|| val.scalar_text().unwrap_or_default());
                    }
                    Yaml::Str(s) => fig.value = s,
                    other => {
                        bad_value = true;
                        f.wrong_type(&kp, &other, "a number such as `4254` or `996.1`");
                    }
                },
                "unit" => fig.unit = f.text_of(val, &kp).unwrap_or_default(),
                "note" => fig.note = f.text_of(val, &kp),
                "quote" => fig.quote = located_text(f, val, &kp),
                "qualifier" => {
                    let word = f.text_of(val, &kp).unwrap_or_default();
                    match QUALIFIERS.iter().find(|(w, _)| *w == word.trim()) {
                        Some(&(word, place)) => fig.qualifier = Some(Qualifier { word, place }),
                        None => {
                            let words: Vec<&str> = QUALIFIERS.iter().map(|(w, _)| *w).collect();
                            let d = f
                                .diag_at_value(Code::UnknownQualifier, &kp, Some(&word), format!("unknown qualifier `{word}`"))
                                .help(format!(
                                    "{}; write the number itself in `value` (近百亿元 → `value: 100, unit: 亿元, qualifier: 近`)",
                                    diag::suggest(&word, &words, "qualifiers are")
                                ));
                            f.push(d);
                        }
                    }
                }
                "year" => match val {
                    Yaml::Int(y) if (1000..=9999).contains(&y) => fig.year = Some(y as i32),
                    other => f.wrong_type(&kp, &other, "a four-digit year such as `2025`"),
                },
                "series" => {
                    let key = f.text_of(val, &kp).unwrap_or_default();
                    if series.iter().any(|s| s.key == key) {
                        fig.series = Some(key);
                        series_place = Some(kp);
                    } else {
                        let keys: Vec<&str> = series.iter().map(|s| s.key.as_str()).collect();
                        let help = if keys.is_empty() {
                            "declare the series in site.yaml first: `series: [{key: tech-contracts, name: 北京流向津冀技术合同成交额, unit: 亿元}]`".to_string()
                        } else {
                            diag::suggest(&key, &keys, "series defined in site.yaml are")
                        };
                        let d = f
                            .diag_at_value(
                                Code::UnknownSeries,
                                &kp,
                                Some(&key),
                                format!("unknown series `{key}`"),
                            )
                            .help(help);
                        f.push(d);
                    }
                }
                "period" => match fuzzy_value(&val, "a period") {
                    Ok(p) => fig.period = Some(p),
                    Err(msg) => {
                        let needle = val.scalar_text();
                        let d = f
                            .diag_at_value(Code::BadFuzzyDate, &kp, needle.as_deref(), msg)
                            .help("a period is `2025`, `2025-H2`, `2025-Q3` or `2025-07`");
                        f.push(d);
                    }
                },
                other => {
                    let d = f
                        .diag_at_key(
                            Code::UnknownField,
                            &kp,
                            format!("unknown field `{other}` in a figure"),
                        )
                        .help(diag::suggest(other, &known, "figure fields are"));
                    f.push(d);
                }
            }
        }
        for (name, val) in [("label", &fig.label), ("value", &fig.value)] {
            if val.is_empty() && !(name == "value" && bad_value) {
                let d = f
                    .diag_at_key(Code::MissingField, &item_place, format!("figure {} has no `{name}`", i + 1))
                    .field(format!("figures[{i}].{name}"))
                    .help("write a figure as `- {label: 集群营收, value: 4254, unit: 亿元, year: 2025}`");
                f.push(d);
            }
        }
        if let (Some(key), Some(kp)) = (&fig.series, &series_place) {
            let declared = series
                .iter()
                .find(|s| &s.key == key)
                .map(|s| s.unit.as_str());
            if declared.is_some_and(|u| u != fig.unit) {
                let d = f
                    .diag_at_value(Code::SeriesUnitMismatch, kp, Some(key), format!(
                        "the figure's unit `{}` differs from the unit of series `{key}`, `{}`",
                        fig.unit,
                        declared.unwrap_or_default()
                    ))
                    .help("every point of a series is in the series' unit: convert the value (1亿元 = 10000万元), or use another series");
                f.push(d);
            }
            if fig.period.is_none() && fig.year.is_none() {
                let d = f
                    .diag_at_key(
                        Code::SeriesPointWithoutTime,
                        kp,
                        format!(
                            "figure {} is in a series but has no `year:` or `period:`",
                            i + 1
                        ),
                    )
                    .help("a point of a series needs its time: `year: 2025` or `period: 2026-Q1`");
                f.push(d);
            }
        }
        if fig.period.is_none() {
            fig.period = fig
                .year
                .and_then(|y| FuzzyDate::from_year(i64::from(y)).ok());
        }
        out.push(fig);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_read_as_people_write_them() {
        let fig = |value: &str, unit: &str, q: &str| Figure {
            label: String::new(),
            value: value.into(),
            unit: unit.into(),
            year: None,
            note: None,
            series: None,
            period: None,
            quote: None,
            at: (1, 1),
            qualifier: QUALIFIERS
                .iter()
                .find(|(w, _)| *w == q)
                .map(|&(word, place)| Qualifier { word, place }),
        };
        let cases = [
            (fig("100", "亿元", "近"), "近100亿元"),
            (fig("10", "个", "余"), "10余个"),
            (fig("5", "万条", "余"), "5万余条"),
            (fig("700", "万亩", "以上"), "700万亩以上"),
            (fig("278", "万吨", "约"), "约278万吨"),
            (fig("4254", "亿元", ""), "4254亿元"),
            (fig("2~6", "个月", ""), "2~6个月"),
        ];
        for (f, expected) in cases {
            assert_eq!(f.display(), expected);
        }
    }
}
