//! The sections of `site.yaml` that are more than one value: domains, regions, the time
//! zone, Markdown options and interface strings.

use std::collections::BTreeMap;

use super::{Config, DEFAULT_TIMEZONE, Domain, Region, Serial, Series};
use crate::diag::{self, Code};
use crate::i18n::Strings;
use crate::load::fields::{Fields, MapItem, Place};
use crate::load::yaml::Yaml;

/// Key rules shared by domains and regions: used in URLs, so plain ASCII.
fn check_key(f: &mut Fields, place: &Place, key: &str) -> bool {
    let ok = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !ok {
        let d = f
            .diag_at_value(
                Code::BadKey,
                place,
                Some(key),
                format!("`{key}` cannot be used as a key: it becomes part of web addresses"),
            )
            .help("use lowercase letters a-z, digits and `-`, e.g. `transport`");
        f.push(d);
    }
    ok
}

pub(super) fn read_domains(f: &mut Fields) -> Vec<Domain> {
    let Some((v, place)) = f.take("domains") else {
        f.missing(
            "domains",
            "[{key: ecology, name: 生态环境, description: …}]",
        );
        return Vec::new();
    };
    read_keyed_list(f, v, &place, &["key", "name", "description"], true)
        .into_iter()
        .map(|mut m| Domain {
            key: m.remove("key").unwrap_or_default(),
            name: m.remove("name").unwrap_or_default(),
            description: m.remove("description").unwrap_or_default(),
        })
        .collect()
}

pub(super) fn read_regions(f: &mut Fields) -> Vec<Region> {
    let Some((v, place)) = f.take("regions") else {
        return Vec::new();
    };
    read_keyed_list(f, v, &place, &["key", "name"], false)
        .into_iter()
        .map(|mut m| Region {
            key: m.remove("key").unwrap_or_default(),
            name: m.remove("name").unwrap_or_default(),
        })
        .collect()
}

pub(super) fn read_series(f: &mut Fields) -> Vec<Series> {
    let Some((v, place)) = f.take("series") else {
        return Vec::new();
    };
    read_keyed_list(f, v, &place, &["key", "name", "unit"], false)
        .into_iter()
        .map(|mut m| Series {
            key: m.remove("key").unwrap_or_default(),
            name: m.remove("name").unwrap_or_default(),
            unit: m.remove("unit").unwrap_or_default(),
        })
        .collect()
}

/// `serials:`, the runs of numbered editions.
pub(super) fn read_serials(f: &mut Fields) -> Vec<Serial> {
    let Some((v, place)) = f.take("serials") else {
        return Vec::new();
    };
    read_keyed_list(f, v, &place, &["key", "name", "description"], false)
        .into_iter()
        .map(|mut m| Serial {
            key: m.remove("key").unwrap_or_default(),
            name: m.remove("name").unwrap_or_default(),
            description: m.remove("description").unwrap_or_default(),
        })
        .collect()
}

/// A list of `{key, name, …}` mappings with text values; `key` and `name` required, keys unique.
/// `in_timeline`: the keys name folders beside the timeline's year pages (`timeline/2026/`), so
/// a key of digits only is refused.
fn read_keyed_list(
    f: &mut Fields,
    v: Yaml,
    place: &Place,
    allowed: &[&str],
    in_timeline: bool,
) -> Vec<BTreeMap<String, String>> {
    let items = f.map_items(
        v,
        place,
        "a list of `{key: …, name: …}` entries",
        "a `{key: …, name: …}` entry",
    );
    let mut out: Vec<BTreeMap<String, String>> = Vec::new();
    for MapItem {
        index: i,
        place: item_place,
        entries,
    } in items
    {
        let mut m = BTreeMap::new();
        for (k, val) in entries {
            let kp = f.item_place(place, i, Some(&k));
            if !allowed.contains(&k.as_str()) {
                let d = f
                    .diag_at_key(Code::UnknownField, &kp, format!("unknown field `{k}`"))
                    .help(diag::suggest(&k, allowed, "fields are"));
                f.push(d);
                continue;
            }
            if let Some(text) = f.text_of(val, &kp) {
                m.insert(k, text);
            }
        }
        let mut ok = true;
        for req in ["key", "name"] {
            if !m.contains_key(req) {
                let d = f
                    .diag_at_key(
                        Code::MissingField,
                        &item_place,
                        format!("entry {} has no `{req}`", i + 1),
                    )
                    .field(format!("{}[{i}].{req}", place.field));
                f.push(d);
                ok = false;
            }
        }
        if let Some(key) = m.get("key").cloned() {
            let kp = f.item_place(place, i, Some("key"));
            ok &= check_key(f, &kp, &key);
            if ok && in_timeline && key.bytes().all(|b| b.is_ascii_digit()) {
                let d = f
                    .diag_at_value(Code::BadKey, &kp, Some(&key), format!("key `{key}` is only digits"))
                    .help(format!(
                        "a domain's timeline is at `timeline/<key>/`, beside the pages of each year (`timeline/2026/`): add a letter, e.g. `key: d{key}`"
                    ));
                f.push(d);
                ok = false;
            }
            if out.iter().any(|o| o.get("key") == Some(&key)) {
                let d = f.diag_at_value(
                    Code::DuplicateKey,
                    &kp,
                    Some(&key),
                    format!("key `{key}` is used twice"),
                );
                f.push(d);
                ok = false;
            }
        }
        if ok {
            out.push(m);
        }
    }
    out
}

pub(super) fn read_timezone(f: &mut Fields, c: &mut Config) {
    let Some((v, place)) = f.take("timezone") else {
        return;
    };
    let Some(name) = f.text_of(v, &place) else {
        return;
    };
    match jiff::tz::TimeZone::get(name.trim()) {
        Ok(tz) => c.timezone = tz,
        Err(_) => {
            let d = f
                .diag_at_value(Code::UnknownTimeZone, &place, Some(&name), format!("unknown time zone `{name}`"))
                .help(format!(
                    "use an IANA time zone name, e.g. `timezone: {DEFAULT_TIMEZONE}` (Beijing time) or `timezone: UTC`"
                ));
            f.push(d);
        }
    }
}

pub(super) fn read_markdown(f: &mut Fields, c: &mut Config) {
    let Some((v, place)) = f.take("markdown") else {
        return;
    };
    let Yaml::Map(entries) = v else {
        f.wrong_type(&place, &v, "a mapping such as `{unsafe_html: false}`");
        return;
    };
    for (k, val) in entries {
        let kp = Place {
            field: format!("markdown.{k}"),
            ..place.clone()
        };
        match (k.as_str(), val) {
            ("unsafe_html", Yaml::Bool(b)) => c.unsafe_html = b,
            ("unsafe_html", other) => f.wrong_type(&kp, &other, "true or false"),
            (other, _) => {
                let d = f
                    .diag_at_value(
                        Code::UnknownSetting,
                        &kp,
                        Some(other),
                        format!("unknown setting `markdown.{other}`"),
                    )
                    .help(diag::suggest(other, &["unsafe_html"], "settings are"));
                f.push(d);
            }
        }
    }
}

pub(super) fn read_strings(f: &mut Fields, c: &mut Config) {
    let Some((v, place)) = f.take("strings") else {
        return;
    };
    let Yaml::Map(entries) = v else {
        f.wrong_type(&place, &v, "a mapping of interface strings");
        return;
    };
    let builtin = Strings::builtin();
    let known: Vec<&str> = builtin.keys().collect();
    for (k, val) in entries {
        let kp = Place {
            field: format!("strings.{k}"),
            ..place.clone()
        };
        if !known.contains(&k.as_str()) {
            let d = f
                .diag_at_value(
                    Code::UnknownInterfaceString,
                    &kp,
                    Some(&k),
                    format!("unknown interface string `{k}`"),
                )
                .help(diag::suggest(&k, &known, "strings are"));
            f.push(d);
            continue;
        }
        if let Some(text) = f.text_of(val, &kp) {
            c.strings.set(&k, text);
        }
    }
}
