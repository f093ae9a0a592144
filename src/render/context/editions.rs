//! Editions as templates get them: `edition.html` (one edition), `editions.html` (往期, the
//! archive of every serial, or one serial's), `print.html` (an edition's print view) and the
//! line on a brief's page that says which edition it appeared in.

use serde::Serialize;

use super::Link;
use crate::model::{ArticleId, Edition, Site};

/// One edition (`edition`, and each edition of the archive).
#[derive(Serialize, Clone)]
pub(crate) struct EditionCtx {
    /// Its serial: `{key, name, url}` (the serial's own archive).
    pub serial: Link,
    pub number: usize,
    /// `第12期`
    pub number_label: String,
    /// `2026-12-05`
    pub date: String,
    pub date_display: String,
    pub year: i32,
    pub title: String,
    pub url: String,
    /// The editor's note, HTML (empty without one).
    pub note: String,
    pub count: usize,
    /// `本期 4 篇`
    pub count_label: String,
    /// The print view.
    pub print_url: String,
    /// The PDF beside it, when the build printed one (`build --pdf`).
    pub pdf_url: Option<String>,
}

/// A serial in the archive: its editions by year, newest first.
#[derive(Serialize)]
pub(crate) struct SerialCtx<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub url: String,
    pub feed_url: String,
    pub years: Vec<YearCtx>,
}

#[derive(Serialize)]
pub(crate) struct YearCtx {
    pub year: i32,
    pub editions: Vec<EditionCtx>,
}

/// The edition a brief appeared in, with the editions before and after it in its serial
/// (`editions` on a brief's page).
#[derive(Serialize)]
pub(crate) struct AppearedCtx {
    pub edition: EditionCtx,
    pub prev: Option<EditionCtx>,
    pub next: Option<EditionCtx>,
}

/// The site path of edition `e`'s folder, from the site's root: `editions/special/1/`.
pub(crate) fn edition_dir(s: &Site, e: &Edition) -> String {
    format!("editions/{}/{}/", s.config.serials[e.serial].key, e.number)
}

/// The PDF of edition `e`, from the site's root: `editions/special/1/special-1.pdf`.
pub(crate) fn pdf_path(s: &Site, e: &Edition) -> String {
    let key = &s.config.serials[e.serial].key;
    format!("{}{key}-{}.pdf", edition_dir(s, e), e.number)
}

/// Edition `i` of the site; `pdf` when the build prints the editions.
pub(crate) fn edition(s: &Site, i: usize, pdf: bool) -> EditionCtx {
    let e = &s.editions.list[i];
    let t = &s.config.strings;
    let serial = &s.config.serials[e.serial];
    let dir = edition_dir(s, e);
    EditionCtx {
        serial: Link {
            key: serial.key.clone(),
            name: serial.name.clone(),
            url: s.url(&format!("editions/{}/", serial.key)),
        },
        number: e.number,
        number_label: t.format("edition_number", &[("n", &e.number.to_string())]),
        date: e.date.to_string(),
        date_display: t.date(e.date),
        year: e.date.year,
        title: e.title.clone(),
        url: s.url(&dir),
        note: e.note_html.clone(),
        count: e.briefs.len(),
        count_label: t.format("edition_count", &[("n", &e.briefs.len().to_string())]),
        print_url: s.url(&format!("{dir}print/")),
        pdf_url: pdf.then(|| s.url(&pdf_path(s, e))),
    }
}

/// Serial `serial` with its editions by year, newest first.
pub(crate) fn serial(s: &Site, serial: usize, pdf: bool) -> SerialCtx<'_> {
    let c = &s.config.serials[serial];
    let mut years: Vec<YearCtx> = Vec::new();
    let mine: Vec<usize> = s.editions.of_serial(serial).map(|(i, _)| i).collect();
    for &i in mine.iter().rev() {
        let e = edition(s, i, pdf);
        match years.last_mut() {
            Some(y) if y.year == e.year => y.editions.push(e),
            _ => years.push(YearCtx {
                year: e.year,
                editions: vec![e],
            }),
        }
    }
    SerialCtx {
        key: &c.key,
        name: &c.name,
        description: &c.description,
        url: s.url(&format!("editions/{}/", c.key)),
        feed_url: s.url(&format!("editions/{}/feed.xml", c.key)),
        years,
    }
}

/// The editions brief `id` appeared in.
pub(crate) fn appeared(s: &Site, id: ArticleId, pdf: bool) -> Vec<AppearedCtx> {
    (s.editions.of_brief(id).iter())
        .map(|&i| {
            let (prev, next) = s.editions.neighbours(i);
            AppearedCtx {
                edition: edition(s, i, pdf),
                prev: prev.map(|j| edition(s, j, pdf)),
                next: next.map(|j| edition(s, j, pdf)),
            }
        })
        .collect()
}
