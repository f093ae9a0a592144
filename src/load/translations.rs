//! Translations: `x.en.md` beside `x.md` is the brief `x` in English (a language of
//! `languages:`). It words its own title, summary, text, tags, figures' labels and units and
//! milestones' titles; what is not words is its original's — the date, domains, regions, the
//! figures' values and periods, the milestones' dates and statuses, the address. A
//! translation need not state those; if it does, a difference is an error at its line.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{self, Code, Diagnostic};
use crate::load::{Article, Config, Loaded, load, load_one, scan_content};

/// The language folder (`en`) a content file's stem (`x.en`) is a translation into, among the
/// site's `languages`.
pub(crate) fn language_of<'a>(stem: &str, config: &'a Config) -> Option<&'a str> {
    let (_, suffix) = stem.rsplit_once('.')?;
    (config.languages.iter())
        .map(|l| l.dir.as_str())
        .find(|dir| *dir == suffix)
}

/// The briefs of the site in `config.translating`: each translation merged with its original,
/// `originals` (as the site's own language's run has them; read here when not given).
/// Briefs without a translation are not there. The originals' own problems, and drafts and
/// briefs not yet due, are the site's language's run to report.
pub(crate) fn load_translations(
    root: &Path,
    config: &Config,
    originals: Option<&[Arc<Article>]>,
) -> Loaded {
    let Some(dir) = config.translating.as_deref() else {
        return Loaded::default();
    };
    let read;
    let originals: Vec<&Article> = match originals {
        Some(given) => given.iter().map(|a| &**a).collect(),
        None => {
            read = load(root, config);
            read.articles.iter().chain(&read.partial).collect()
        }
    };
    let by_file: HashMap<&str, &Article> =
        originals.iter().map(|a| (a.file.as_str(), *a)).collect();
    let suffix = format!(".{dir}.md");
    let mut out = Loaded::default();
    let mut untranslated: std::collections::HashSet<&str> = by_file.keys().copied().collect();
    for path in scan_content(root).0 {
        let rel = diag::rel_path(root, &path);
        let Some(original) = rel.strip_suffix(&suffix).map(|s| format!("{s}.md")) else {
            continue;
        };
        let read = load_one(&path, &rel, config);
        let translation = match read {
            Ok(t) => t,
            Err(e) => {
                out.diags.extend(e.diags);
                out.failed.push(rel);
                continue;
            }
        };
        let Some(orig) = by_file.get(original.as_str()) else {
            // A draft, a brief not yet due or one that failed: the original's run says so.
            if !root.join(&original).is_file() {
                out.diags.push(
                    Diagnostic::error(
                        Code::TranslationWithoutOriginal,
                        &rel,
                        format!("a translation of {original}, which is not there"),
                    )
                    .help(format!("a translation stands beside its brief: name it after the brief's file with `.{dir}` before `.md`, e.g. `x.{dir}.md` beside `x.md`")),
                );
            }
            continue;
        };
        untranslated.remove(original.as_str());
        match merge(orig, translation) {
            Ok(a) => out.articles.push(a),
            Err(d) => {
                out.diags.extend(d);
                out.failed.push(rel);
            }
        }
    }
    // `/repo/en/` → `/repo/`: where the briefs not translated are.
    let own = config.base_path();
    let home = own.strip_suffix(&format!("{dir}/")).unwrap_or(own);
    out.elsewhere = (untranslated.into_iter())
        .map(|file| {
            let a = by_file[file];
            let prefix = match a.layout {
                crate::load::Layout::Article => "articles/",
                crate::load::Layout::Page => "",
            };
            let url = format!("{home}{prefix}{}/", crate::slug::link_segment(&a.slug));
            (file.to_string(), url)
        })
        .collect();
    out
}

/// The line of `key:` at the top level of `a`'s front matter.
fn key_line(a: &Article, key: &str) -> usize {
    let needle = format!("{key}:");
    (a.front_matter().lines().enumerate())
        .find(|(_, l)| l.starts_with(&needle))
        .map_or(1, |(i, _)| i + 1)
}

/// Translation `t` with what it shares taken from `orig`, or the fields it changes.
fn merge(orig: &Article, mut t: Article) -> Result<Article, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let differs = |t: &Article, line: usize, field: &str, what: String| {
        Diagnostic::error(Code::TranslationDiffers, &t.file, what)
            .at_line(line)
            .field(field)
            .with_source(&t.text)
            .help(format!(
                "a translation shares this with {}: leave it out, or write it as the original does",
                orig.file
            ))
    };
    if t.date.is_some() && (t.date, t.time) != (orig.date, orig.time) {
        let shown = orig.date.map(|d| d.to_string()).unwrap_or_default();
        errors.push(differs(
            &t,
            key_line(&t, "date"),
            "date",
            format!("`date` differs from the original's ({shown})"),
        ));
    }
    for (field, mine, theirs) in [
        ("domains", &t.domains, &orig.domains),
        ("regions", &t.regions, &orig.regions),
    ] {
        if !mine.is_empty() && mine != theirs {
            let what = format!(
                "`{field}` differs from the original's ([{}])",
                theirs.join(", ")
            );
            errors.push(differs(&t, key_line(&t, field), field, what));
        }
    }
    errors.extend(shared_figures(orig, &t, &differs));
    errors.extend(shared_milestones(orig, &t, &differs));
    if !errors.is_empty() {
        return Err(errors);
    }
    (t.date, t.time) = (orig.date, orig.time);
    t.domains = orig.domains.clone();
    t.regions = orig.regions.clone();
    if t.figures.is_empty() {
        t.figures = orig.figures.clone();
    }
    // What a figure or milestone left out is its original's; the source's words it gives
    // too, in the original's language.
    for (f, o) in t.figures.iter_mut().zip(&orig.figures) {
        f.quote = f.quote.take().or_else(|| o.quote.clone());
        (f.year, f.period, f.series) = (o.year, o.period, o.series.clone());
    }
    if t.milestones.is_empty() {
        t.milestones = orig.milestones.clone();
    }
    for (m, o) in t.milestones.iter_mut().zip(&orig.milestones) {
        m.quote = m.quote.take().or_else(|| o.quote.clone());
        m.id = m.id.take().or_else(|| o.id.clone());
        (m.status, m.domain) = (o.status, o.domain.clone());
    }
    t.slug = orig.slug.clone();
    t.draft |= orig.draft;
    t.layout = orig.layout;
    t.source = t.source.or_else(|| orig.source.clone());
    t.source_url = t.source_url.or_else(|| orig.source_url.clone());
    t.author = t.author.or_else(|| orig.author.clone());
    t.source_key = t.source_key.or_else(|| orig.source_key.clone());
    if t.related.is_empty() {
        t.related = orig.related.clone();
    }
    if t.cover.is_none() {
        t.cover = orig.cover.clone();
    }
    t.original = Some(orig.file.clone());
    Ok(t)
}

type Differs<'a> = dyn Fn(&Article, usize, &str, String) -> Diagnostic + 'a;

/// A list the translation may give (figures, milestones): none, or as many as the original's,
/// each item agreeing with the original's as `check` says (`Some((line, message))` where it
/// does not).
fn shared_list<T>(
    t: &Article,
    field: &str,
    mine: &[T],
    theirs: &[T],
    differs: &Differs,
    check: impl Fn(usize, &T, &T) -> Option<(usize, String)>,
) -> Vec<Diagnostic> {
    if mine.is_empty() {
        return Vec::new();
    }
    if mine.len() != theirs.len() {
        let what = format!(
            "{} {field}, but the original has {}",
            mine.len(),
            theirs.len()
        );
        return vec![differs(t, key_line(t, field), field, what)];
    }
    (mine.iter().zip(theirs).enumerate())
        .filter_map(|(i, (a, b))| check(i, a, b))
        .map(|(line, what)| differs(t, line, field, what))
        .collect()
}

/// A translation's figures, when it gives them: as many as the original's, each with the same
/// value, and the same period and series where it states them (label, unit, qualifier and
/// note are words of its own).
fn shared_figures(orig: &Article, t: &Article, differs: &Differs) -> Vec<Diagnostic> {
    shared_list(
        t,
        "figures",
        &t.figures,
        &orig.figures,
        differs,
        |i, a, b| {
            let same = a.value == b.value
                && a.period.is_none_or(|p| Some(p) == b.period)
                && a.series
                    .as_ref()
                    .is_none_or(|s| Some(s) == b.series.as_ref());
            let period = b
                .period
                .map(|p| format!(" ({})", p.code()))
                .unwrap_or_default();
            let what = format!(
                "figure {} is {} here, {}{period} in the original",
                i + 1,
                a.value,
                b.value
            );
            (!same).then_some((a.at.0, what))
        },
    )
}

/// A translation's milestones, when it gives them: as many as the original's, each with the
/// same date, and the same status and domain where it states them (the title is its own).
fn shared_milestones(orig: &Article, t: &Article, differs: &Differs) -> Vec<Diagnostic> {
    shared_list(
        t,
        "milestones",
        &t.milestones,
        &orig.milestones,
        differs,
        |i, a, b| {
            let same = a.date == b.date
                && a.status.is_none_or(|s| Some(s) == b.status)
                && a.domain
                    .as_ref()
                    .is_none_or(|d| Some(d) == b.domain.as_ref());
            let status = b
                .status
                .map(|s| format!(", {}", s.key()))
                .unwrap_or_default();
            let what = format!(
                "milestone {} differs from the original's ({}{status})",
                i + 1,
                b.date.code()
            );
            (!same).then_some((a.line, what))
        },
    )
}
