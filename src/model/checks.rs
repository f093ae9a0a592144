//! Cross-file checks: duplicate slugs, reserved page names, links and `related` entries that
//! lead nowhere. Each problem is reported on the file and position that causes it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::date::Date;
use crate::diag::{self, Code, Diagnostic};
use crate::load::Article;
use crate::markdown::Rendered;
use crate::model::schedule::{Scheduled, Unbuilt};
use crate::model::{ArticleId, Id};

/// Output names a standalone page may not take.
pub(crate) const RESERVED: &[&str] = &[
    "articles",
    "domains",
    "regions",
    "tags",
    "timeline",
    "figures",
    "search",
    "api",
    "assets",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "index.html",
    "page",
    "editions",
    "changes",
];

pub(super) fn reserved(pages: &[Arc<Article>], languages: &[&str], diags: &mut Vec<Diagnostic>) {
    let taken = |slug: &str| RESERVED.contains(&slug) || languages.contains(&slug);
    for p in pages.iter().filter(|p| taken(&p.slug)) {
        diags.push(
            Diagnostic::error(
                Code::ReservedSlug,
                &p.file,
                format!(
                    "the page slug `{}` is reserved for the site's own pages",
                    p.slug
                ),
            )
            .at(p.slug_place.line, p.slug_place.col)
            .field("slug")
            .with_source(&p.text)
            .help(format!(
                "choose another slug; reserved: {}{}",
                RESERVED.join(", "),
                languages
                    .iter()
                    .map(|l| format!(", {l} (a language of the site)"))
                    .collect::<String>()
            )),
        );
    }
}

pub(super) fn unique_slugs(articles: &[Arc<Article>], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Article> = HashMap::new();
    let mut by_file: Vec<&Article> = articles.iter().map(|a| &**a).collect();
    by_file.sort_by(|a, b| a.file.cmp(&b.file));
    for a in by_file {
        if let Some(first) = seen.get(a.slug.as_str()) {
            diags.push(
                Diagnostic::error(Code::DuplicateSlug, &a.file, format!("duplicate slug `{}`: {} uses it too", a.slug, first.file))
                    .at(a.slug_place.line, a.slug_place.col)
                    .field("slug")
                    .with_source(&a.text)
                    .help(format!(
                        "two articles would share the address …/{}/; give one of them another `slug:` (or rename the file)",
                        a.slug
                    )),
            );
        } else {
            seen.insert(&a.slug, a);
        }
    }
}

/// Links to `.md` files that are not built: missing files, drafts in a build without them,
/// briefs not yet due.
pub(super) fn links(
    a: &Article,
    r: &Rendered,
    unbuilt: &Unbuilt,
    broken: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    for l in r
        .md_links
        .iter()
        .filter(|l| !l.resolved && !broken.contains(&l.target_file))
    {
        let (code, why) = match unbuilt.get(&l.target_file) {
            Some(None) => {
                let why = format!(
                    "link to a draft: `{}` ({}) is not built without --drafts",
                    l.dest, l.target_file
                );
                (Code::LinkToDraft, why)
            }
            // Shown as its text alone (see `links_to_scheduled`).
            Some(Some(_)) => continue,
            None => {
                let why = format!(
                    "link to a missing file: `{}` (looked for {})",
                    l.dest, l.target_file
                );
                (Code::BrokenLink, why)
            }
        };
        let help = match code {
            Code::LinkToScheduled => {
                "publish this brief at the same time or later (give it that `date:`), or add the link once the other brief is out"
            }
            _ => {
                "link to another article by its file path relative to this file, e.g. `[见](../2026/hebei.md)`"
            }
        };
        diags.push(
            Diagnostic::error(code, &a.file, why)
                .at(l.line, l.col)
                .with_source(&a.text)
                .help(help),
        );
    }
}

/// Links to briefs not yet published: each is shown as its text alone until the brief is
/// out (its address would tell what is coming), with a warning.
pub(super) fn links_to_scheduled(
    a: &Article,
    r: &Rendered,
    unbuilt: &Unbuilt,
    warnings: &mut Vec<Diagnostic>,
) {
    for l in &r.md_links {
        let Some(Some(at)) = unbuilt.get(&l.target_file) else {
            continue;
        };
        warnings.push(
            Diagnostic::warning(
                Code::LinkToScheduled,
                &a.file,
                format!(
                    "link to a brief not yet published: `{}` ({}) is scheduled for {at}; until then the link is shown as its text alone",
                    l.dest, l.target_file
                ),
            )
            .at(l.line, l.col)
            .with_source(&a.text)
            .help("publish this brief at the same time or later (give it that `date:`) if the link matters to it"),
        );
    }
}

/// `related:` entries naming briefs not yet published: left out of the related list until
/// then, with a warning.
pub(super) fn related_to_scheduled(
    arts: &[Arc<Article>],
    scheduled: &[Scheduled],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in arts {
        for r in &a.related {
            let Some(s) = scheduled.iter().find(|s| s.slug == r.value) else {
                continue;
            };
            out.push(
                Diagnostic::warning(
                    Code::LinkToScheduled,
                    &a.file,
                    format!("`related` names `{}`, a brief not yet published: it is scheduled for {}, and left out of the related briefs until then", r.value, s.at),
                )
                .at(r.line, r.col)
                .span_len(r.value.chars().count())
                .field("related")
                .with_source(&a.text)
                .help("publish this brief at the same time or later (give it that `date:`) if the related brief matters to it"),
            );
        }
    }
    out
}

/// Photos that cannot be used (errors), and photos without a description (warnings).
pub(super) fn images(
    a: &Article,
    r: &Rendered,
    diags: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    for img in &r.images {
        if let Some(why) = &img.problem {
            diags.push(
                Diagnostic::error(Code::UnusableImage, &a.file, format!("the image `{}` cannot be used: {why}", img.dest))
                    .at(img.line, img.col)
                    .span_len(img.dest.chars().count() + 4)
                    .with_source(&a.text)
                    .help(format!(
                        "put the photo beside the brief and name it as written (looked for {}); photos are JPEG, PNG or WebP, at most 20 MB and 40 megapixels",
                        img.target_file
                    )),
            );
        } else if img.alt_empty {
            warnings.push(
                Diagnostic::warning(Code::ImageWithoutDescription, &a.file, format!("the image `{}` has no description", img.dest))
                    .at(img.line, img.col)
                    .with_source(&a.text)
                    .help("write what the photo shows between the brackets, e.g. `![雄安站候车大厅](xiongan-station.jpg)`: screen readers read it, and it shows when the photo does not load"),
            );
        }
    }
}

/// `related:` slugs → article ids (errors for unknown slugs). Slugs of files that failed to
/// load are not reported again.
pub(super) fn resolve_related(
    arts: &[Arc<Article>],
    broken_files: &HashSet<String>,
    scheduled: &[Scheduled],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Vec<ArticleId>> {
    let slug_index: HashMap<&str, ArticleId> = arts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.slug.as_str(), ArticleId::new(i)))
        .collect();
    let broken: HashSet<&str> = broken_files
        .iter()
        .map(|f| f.rsplit('/').next().unwrap_or(f).trim_end_matches(".md"))
        .collect();
    let mut slugs: Vec<&str> = slug_index.keys().copied().collect();
    slugs.sort_unstable();
    arts.iter()
        .enumerate()
        .map(|(i, a)| {
            let me = ArticleId::new(i);
            let mut out = Vec::new();
            for r in &a.related {
                match slug_index.get(r.value.as_str()) {
                    Some(&j) if j != me => {
                        if !out.contains(&j) {
                            out.push(j);
                        }
                    }
                    Some(_) => {}
                    None if broken.contains(r.value.as_str()) => {}
                    // Left out until it is published (see `related_to_scheduled`).
                    None if scheduled.iter().any(|s| s.slug == r.value) => {}
                    None => {
                        let d = Diagnostic::error(Code::UnknownRelated, &a.file, format!("`related` names `{}`, but no article has that slug", r.value))
                            .at(r.line, r.col)
                            .span_len(r.value.chars().count())
                            .field("related")
                            .with_source(&a.text);
                        diags.push(match diag::did_you_mean(&r.value, slugs.iter().copied()) {
                            Some(best) => d.help(format!("did you mean `{best}`?")),
                            None => d.help("`related` takes article slugs: the file name without .md, or the article's `slug:`"),
                        });
                    }
                }
            }
            out
        })
        .collect()
}

/// `updated:` and corrections dated after today: a record says what happened, not what will.
pub(super) fn record_dates(arts: &[Arc<Article>], today: Date, diags: &mut Vec<Diagnostic>) {
    for a in arts {
        let dates = (a.updated.iter().map(|u| ("updated".to_string(), u))).chain(
            (a.corrections.iter().enumerate())
                .map(|(i, c)| (format!("corrections[{i}].date"), &c.date)),
        );
        for (field, when) in dates.filter(|(_, w)| w.value > today) {
            let what = if field == "updated" {
                "`updated`"
            } else {
                "a correction"
            };
            let d = Diagnostic::error(
                Code::UpdateDate,
                &a.file,
                format!("{what} is dated {}, after today ({today})", when.value),
            )
            .at(when.line, when.col)
            .span_len(10)
            .field(field)
            .with_source(&a.text)
            .help("write the day the brief was updated or corrected, once it has been; to publish a brief later, give it that `date`");
            diags.push(d);
        }
    }
}

/// The brief's `cover:` photo, inspected (so it is published with the others): an error at its
/// line when it cannot be used.
pub(super) fn cover(
    a: &Article,
    photo: &dyn Fn(&str) -> Result<crate::images::Photo, String>,
) -> Option<Diagnostic> {
    let c = a.cover.as_ref()?;
    let why = match crate::markdown::local_file(&c.value, &a.file) {
        Some(file) => photo(&file).err()?,
        None => "a cover is a photo beside the brief (`cover: photo.jpg`), not a web address"
            .to_string(),
    };
    Some(
        Diagnostic::error(
            Code::UnusableImage,
            &a.file,
            format!("the cover `{}` cannot be used: {why}", c.value),
        )
        .at(c.line, c.col)
        .span_len(c.value.chars().count())
        .field("cover")
        .with_source(&a.text)
        .help("name a JPEG, PNG or WebP photo beside the brief, e.g. `cover: station.jpg`"),
    )
}
