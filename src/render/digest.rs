//! A digest to send (`briefing digest`): an edition, or the briefs since a day, as an HTML
//! email and its plain-text part (templates `digest.html` and `digest.txt`).
//!
//! Mail clients keep little of a web page: the HTML has inline styles only, no script and no
//! stylesheet, images by absolute address, every link with the site's address. A 公众号
//! editor keeps no link to another site, so each link is also numbered and its address
//! printed in the references at the end.

use serde::Serialize;
use tera::Context;

use crate::date::Date;
use crate::diag::{self, Code, Diagnostic};
use crate::model::{ArticleId, Site};
use crate::render::context::editions as ectx;
use crate::render::editions::{absolute_links, footnoted};
use crate::render::{Job, PageKind, Renderer};

/// What a digest holds: one edition (`weekly/12`, or `12` on a site of one serial), or the
/// briefs published since a day.
#[derive(Debug, Clone)]
pub(crate) enum Selection {
    Edition(String),
    Since(Date),
}

/// A digest's two parts and the name its files take (`weekly-12`, `since-2026-06-01`).
#[derive(Debug)]
pub(crate) struct Digest {
    pub name: String,
    pub html: String,
    pub text: String,
}

#[derive(Serialize)]
struct Item {
    title: String,
    url: String,
    date_display: String,
    source: Option<String>,
    summary: String,
    /// The number of its link in the references.
    reference: usize,
    /// The share photo's absolute address, when the brief has one.
    image: Option<String>,
}

#[derive(Serialize)]
struct Reference {
    n: usize,
    url: String,
}

impl Renderer {
    /// The digest of `selection`.
    pub(crate) fn digest(&self, selection: &Selection) -> Result<Digest, Diagnostic> {
        let s = &self.site;
        let (name, heading, when, note, briefs) = match selection {
            Selection::Edition(which) => {
                let i = find_edition(s, which)?;
                let e = ectx::edition(s, i, false);
                let name = format!("{}-{}", e.serial.key, e.number);
                let heading = format!("{} {}", e.serial.name, e.number_label);
                let briefs = s.editions.list[i].briefs.clone();
                (name, heading, e.date_display, e.note, briefs)
            }
            Selection::Since(day) => {
                let t = &s.config.strings;
                let briefs: Vec<ArticleId> = (s.articles.enumerate())
                    .filter(|(_, a)| a.date() >= *day && s.published(&a.src))
                    .map(|(id, _)| id)
                    .collect();
                let heading = format!("{} · {}", s.config.title, t.get("digest_since"));
                let when = format!("{} — {}", t.date(*day), t.date(s.today));
                (format!("since-{day}"), heading, when, String::new(), briefs)
            }
        };
        let base = s.permalink(s.config.base_path());
        let mut refs: Vec<Reference> = Vec::new();
        let number =
            |url: String, refs: &mut Vec<Reference>| match refs.iter().position(|r| r.url == url) {
                Some(k) => k + 1,
                None => {
                    refs.push(Reference {
                        n: refs.len() + 1,
                        url,
                    });
                    refs.len()
                }
            };
        // The note's links: absolute, numbered after the text they stand on.
        let (note, note_links) = footnoted(&absolute_links(&note, s.config.base_path(), &base));
        for url in note_links {
            number(url, &mut refs);
        }
        let items: Vec<Item> = (briefs.iter())
            .map(|&id| {
                let a = &s.articles[id];
                let url = s.permalink(&a.url);
                Item {
                    title: a.src.title.clone(),
                    reference: number(url.clone(), &mut refs),
                    url,
                    date_display: s.config.strings.date(a.date()),
                    source: a.src.source.clone(),
                    summary: a.summary.clone(),
                    image: (s.share_photo(id)).map(|(p, w)| s.permalink(&s.url(&p.path(w)))),
                }
            })
            .collect();
        let note = styled(&note.replace(NOTE_MARK, "<sup style=\"color:#545b63;\">"));
        let values = serde_json::json!({
            "heading": heading,
            "when": when,
            "note_text": plain(&note),
            "note": note,
            "items": items,
            "references": refs,
            "site_url": base,
        });
        let render = |template: &'static str| {
            let values = values.clone();
            let job = Job::new(format!("{name}.{template}"), template, move |r| {
                let s = &r.site;
                let mut ctx = r.base(PageKind::Digest, &s.config.title, "", &s.url(""));
                if let Ok(c) = Context::from_serialize(&values) {
                    ctx.extend(c);
                }
                ctx
            });
            let bytes = self.render_bytes(&self.global(), job)?;
            Ok::<_, Diagnostic>(String::from_utf8_lossy(&bytes).into_owned())
        };
        Ok(Digest {
            html: render("digest.html")?,
            text: render("digest.txt")?,
            name,
        })
    }
}

/// How [`footnoted`] marks a note's number.
const NOTE_MARK: &str = "<sup class=\"print-note\">";

/// The note's HTML with each element mail clients style on their own given its style inline.
fn styled(html: &str) -> String {
    [
        ("<p>", "<p style=\"margin:0 0 8px;\">"),
        ("<a href=", "<a style=\"color:#0b4f8a;\" href="),
        ("<ul>", "<ul style=\"margin:0 0 8px;padding-left:20px;\">"),
        ("<ol>", "<ol style=\"margin:0 0 8px;padding-left:20px;\">"),
        ("<li>", "<li style=\"margin:0;\">"),
        ("<blockquote>", "<blockquote style=\"margin:0 0 8px;padding-left:12px;border-left:3px solid #dcd8cf;\">"),
    ]
    .iter()
    .fold(html.to_string(), |h, (from, to)| h.replace(from, to))
}

/// The note's HTML as plain text (as search reads a body), its numbers as `[1]`.
fn plain(html: &str) -> String {
    let html = html
        .replace("<sup style=\"color:#545b63;\">", "[")
        .replace("</sup>", "]");
    crate::search::html_text(&html).trim().to_string()
}

/// The edition `which` names: `weekly/12`, `weekly-12`, or `12` on a site of one serial.
fn find_edition(s: &Site, which: &str) -> Result<usize, Diagnostic> {
    let all: Vec<String> = (s.editions.list.iter())
        .map(|e| format!("{}/{}", s.config.serials[e.serial].key, e.number))
        .collect();
    let wanted = match which.split_once(['/', '-']) {
        Some((serial, n)) => format!("{serial}/{n}"),
        None if s.config.serials.len() == 1 => format!("{}/{which}", s.config.serials[0].key),
        None => which.to_string(),
    };
    if let Some(i) = all.iter().position(|e| *e == wanted) {
        return Ok(i);
    }
    let help = match diag::did_you_mean(&wanted, all.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None if all.is_empty() => {
            "the site has no edition yet: add one to content/_editions/".to_string()
        }
        None => format!("the editions are: {}", all.join(", ")),
    };
    Err(Diagnostic::argument(
        Code::BadArgument,
        "EDITION",
        format!("no edition `{}`", diag::visible(which)),
    )
    .help(help))
}
