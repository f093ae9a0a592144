//! `languages:`: the site in other languages. The site's own `language` is the first, at the
//! site's root; each other is at `/<dir>/` with its title, description, domain and region
//! names and interface strings, its briefs the translations (`x.en.md` beside `x.md`).

use super::{Config, Domain, Region};
use crate::diag::{self, Code};
use crate::i18n::Strings;
use crate::load::fields::{Fields, MapItem, Place};
use crate::load::yaml::Yaml;

/// One other language of the site.
#[derive(Debug, Clone)]
pub(crate) struct Language {
    /// A BCP 47 tag (`en`, `en-GB`): the pages' `lang` and `hreflang`.
    pub code: String,
    /// Its folder and the suffix of its translations: the code in lowercase (`en`, `en-gb`).
    pub dir: String,
    pub title: String,
    pub description: String,
    /// Names (and descriptions) of the domains in this language, by key.
    pub domains: Vec<(String, String, Option<String>)>,
    /// Names of the regions in this language, by key.
    pub regions: Vec<(String, String)>,
    /// Interface strings: its language's built-in ones, with the site's overrides.
    pub strings: Strings,
}

/// Whether `code` looks like a language tag: `en`, `en-GB`, `zh-Hant`.
fn is_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `languages:` of site.yaml; `c` has its domains, regions and language read.
pub(super) fn read_languages(f: &mut Fields, c: &Config) -> Vec<Language> {
    let Some((v, place)) = f.take("languages") else {
        return Vec::new();
    };
    let items = f.map_items(
        v,
        &place,
        "a list of languages (`- {code: en, title: …}`)",
        "a language: `{code: en, title: …}`",
    );
    let mut out: Vec<Language> = Vec::new();
    for MapItem {
        index: i,
        place: item,
        entries,
    } in items
    {
        let mut lang = Language {
            code: String::new(),
            dir: String::new(),
            title: String::new(),
            description: String::new(),
            domains: Vec::new(),
            regions: Vec::new(),
            strings: Strings::builtin(),
        };
        let mut overrides = Vec::new();
        for (k, val) in entries {
            let kp = f.item_place(&place, i, Some(&k));
            match k.as_str() {
                "code" => lang.code = f.text_of(val, &kp).unwrap_or_default(),
                "title" => lang.title = f.text_of(val, &kp).unwrap_or_default(),
                "description" => lang.description = f.text_of(val, &kp).unwrap_or_default(),
                "domains" => lang.domains = names(f, val, &kp, c, true),
                "regions" => {
                    lang.regions = (names(f, val, &kp, c, false).into_iter())
                        .map(|(k, n, _)| (k, n))
                        .collect()
                }
                "strings" => overrides = strings(f, val, &kp),
                other => {
                    const KNOWN: &[&str] = &[
                        "code",
                        "title",
                        "description",
                        "domains",
                        "regions",
                        "strings",
                    ];
                    let d = f
                        .diag_at_key(
                            Code::UnknownField,
                            &kp,
                            format!("unknown field `{other}` of a language"),
                        )
                        .help(diag::suggest(other, KNOWN, "fields of a language are"));
                    f.push(d);
                }
            }
        }
        let problem = if !is_tag(&lang.code) {
            Some(format!("`{}` is not a language tag", lang.code))
        } else if lang.code.eq_ignore_ascii_case(&c.language) {
            Some(format!("`{}` is the site's own `language`", lang.code))
        } else if out.iter().any(|l| l.code.eq_ignore_ascii_case(&lang.code)) {
            Some(format!("`{}` is listed twice", lang.code))
        } else if ["api", "assets", "images", "search", "page"]
            .contains(&lang.code.to_ascii_lowercase().as_str())
        {
            Some(format!(
                "`{}` is the name of one of the site's folders",
                lang.code
            ))
        } else if lang.title.trim().is_empty() {
            Some(format!("language `{}` has no `title`", lang.code))
        } else {
            None
        };
        if let Some(msg) = problem {
            let d = f
                .diag_at_key(Code::BadLanguage, &item, msg)
                .field(format!("languages[{i}]"))
                .help("give each other language its tag and the site's title in it: `- {code: en, title: Beijing–Tianjin–Hebei Briefing}`");
            f.push(d);
            continue;
        }
        lang.dir = lang.code.to_ascii_lowercase();
        lang.strings = Strings::builtin_for(&lang.code);
        for (k, v) in overrides {
            lang.strings.set(&k, v);
        }
        out.push(lang);
    }
    out
}

/// `{key: name}` or `{key: {name, description}}` for domains (`with_description`) or regions,
/// each key one of the site's.
fn names(
    f: &mut Fields,
    v: Yaml,
    place: &Place,
    c: &Config,
    with_description: bool,
) -> Vec<(String, String, Option<String>)> {
    let keys: Vec<&str> = match with_description {
        true => c.domains.iter().map(|d: &Domain| d.key.as_str()).collect(),
        false => c.regions.iter().map(|r: &Region| r.key.as_str()).collect(),
    };
    let Yaml::Map(entries) = v else {
        f.wrong_type(
            place,
            &v,
            "a mapping of keys to names (`{ecology: Ecology}`)",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, val) in entries {
        let kp = f.sub_place(place, &k);
        if !keys.contains(&k.as_str()) {
            let what = if with_description { "domain" } else { "region" };
            let d = f
                .diag_at_key(Code::UnknownField, &kp, format!("unknown {what} `{k}`"))
                .help(diag::suggest(
                    &k,
                    &keys,
                    &format!("{what}s of site.yaml are"),
                ));
            f.push(d);
            continue;
        }
        match val {
            Yaml::Map(inner) if with_description => {
                let get = |name: &str| {
                    inner
                        .iter()
                        .find(|(ik, _)| ik == name)
                        .and_then(|(_, v)| match v {
                            Yaml::Str(s) => Some(s.clone()),
                            _ => None,
                        })
                };
                out.push((k, get("name").unwrap_or_default(), get("description")));
            }
            other => {
                if let Some(name) = f.text_of(other, &kp) {
                    out.push((k, name, None));
                }
            }
        }
    }
    out
}

/// A language's `strings:`, each key a known interface string.
fn strings(f: &mut Fields, v: Yaml, place: &Place) -> Vec<(String, String)> {
    let Yaml::Map(entries) = v else {
        f.wrong_type(place, &v, "a mapping of interface strings");
        return Vec::new();
    };
    let builtin = Strings::builtin();
    let known: Vec<&str> = builtin.keys().collect();
    let mut out = Vec::new();
    for (k, val) in entries {
        let kp = f.sub_place(place, &k);
        if !known.contains(&k.as_str()) {
            let d = f
                .diag_at_key(
                    Code::UnknownInterfaceString,
                    &kp,
                    format!("unknown interface string `{k}`"),
                )
                .help(diag::suggest(&k, &known, "interface strings are"));
            f.push(d);
            continue;
        }
        if let Some(text) = f.text_of(val, &kp) {
            out.push((k, text));
        }
    }
    out
}

impl Config {
    /// The site in `lang`: its title, names and strings, at `/<dir>/` under the base URL, its
    /// briefs the translations into `lang` (`translating`). Serials (editions) are the site's
    /// own language's.
    pub(crate) fn for_language(&self, lang: &Language) -> Config {
        let mut c = self.clone();
        c.language = lang.code.clone();
        c.title = lang.title.clone();
        c.description = lang.description.clone();
        c.base_url = format!("{}{}/", self.base_url, lang.dir);
        for d in &mut c.domains {
            if let Some((_, name, desc)) = lang.domains.iter().find(|(k, ..)| *k == d.key) {
                d.name = name.clone();
                d.description = desc.clone().unwrap_or_default();
            }
        }
        for r in &mut c.regions {
            if let Some((_, name)) = lang.regions.iter().find(|(k, _)| *k == r.key) {
                r.name = name.clone();
            }
        }
        c.strings = lang.strings.clone();
        c.serials = Vec::new();
        c.translating = Some(lang.dir.clone());
        c
    }
}
