//! Editions placed in the site: each edition's serial and briefs resolved, the editions of a
//! serial checked against each other (one number each, numbers in the order of their dates, a
//! brief in one edition of a serial), and the editions not yet due left out like briefs.
//!
//! A serial's editions are at `editions/<serial>/<number>/`; its archive (往期) is
//! `editions/`. An edition lists briefs by slug: one that names no brief, a draft, or a brief
//! dated after the edition is an error at its line.

use std::collections::HashMap;
use std::sync::Arc;

use crate::date::Date;
use crate::diag::{self, Code, Diagnostic};
use crate::load::article::Located;
use crate::load::editions::EditionFile;
use crate::load::{Article, Config};
use crate::markdown::{self, Highlighter, LinkTarget, RenderOptions};

use super::{ArticleId, Id, Site};

/// One edition, its briefs resolved.
#[derive(Debug, Clone)]
pub(crate) struct Edition {
    /// Its serial: an index into `config.serials`.
    pub serial: usize,
    pub number: usize,
    pub date: Date,
    /// `title:`, else the serial's name.
    pub title: String,
    /// The editor's note, rendered (empty without one).
    pub note_html: String,
    /// Its briefs in the editor's order.
    pub briefs: Vec<ArticleId>,
    /// `content/_editions/…` (for clash reports).
    pub file: String,
}

/// The editions of the site, by serial (site.yaml order), then number.
#[derive(Debug, Clone, Default)]
pub(crate) struct Editions {
    pub list: Vec<Edition>,
    /// The editions each brief appears in, by brief.
    by_brief: HashMap<ArticleId, Vec<usize>>,
}

impl Editions {
    /// The editions brief `id` appears in (at most one per serial), in list order.
    pub(crate) fn of_brief(&self, id: ArticleId) -> &[usize] {
        self.by_brief.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The editions before and after edition `i` in its serial.
    pub(crate) fn neighbours(&self, i: usize) -> (Option<usize>, Option<usize>) {
        let serial = self.list[i].serial;
        let same = |j: usize| (self.list.get(j)?.serial == serial).then_some(j);
        (i.checked_sub(1).and_then(same), same(i + 1))
    }

    /// The editions of serial `serial`, in number order.
    pub(crate) fn of_serial(&self, serial: usize) -> impl Iterator<Item = (usize, &Edition)> {
        (self.list.iter().enumerate()).filter(move |(_, e)| e.serial == serial)
    }

    /// The briefs' ids moved as `map` says (serve's edit of a date moves a brief among the
    /// others).
    pub(crate) fn remap(&mut self, map: impl Fn(ArticleId) -> ArticleId) {
        for e in &mut self.list {
            for b in &mut e.briefs {
                *b = map(*b);
            }
        }
        self.index();
    }

    fn index(&mut self) {
        self.by_brief.clear();
        for (i, e) in self.list.iter().enumerate() {
            for &b in &e.briefs {
                self.by_brief.entry(b).or_default().push(i);
            }
        }
    }
}

/// Why a brief of the site's files is not among its briefs: a draft, or not yet due (its day).
pub(crate) type Hidden = HashMap<String, Option<Date>>;

/// The briefs of `sources` that are not built, by slug: drafts (`None`) and briefs not yet
/// due (their day).
pub(crate) fn hidden<'a>(
    sources: impl Iterator<Item = &'a Arc<Article>>,
    unbuilt: &super::schedule::Unbuilt,
) -> Hidden {
    sources
        .filter(|a| unbuilt.contains_key(&a.file))
        .map(|a| (a.slug.clone(), (!a.draft).then_some(a.date).flatten()))
        .collect()
}

/// What placing the editions needs besides the site.
pub(crate) struct Inputs<'a> {
    pub files: &'a [EditionFile],
    pub hidden: &'a Hidden,
    /// Editions dated later than today are left out unless this is set (`--future`).
    pub future: bool,
}

/// The editions of `inputs` checked against the briefs (`arts`, in id order) and each other:
/// those to build (their notes not yet rendered, see [`render_notes`]), the errors, the
/// warnings. An edition dated after `today` (the day of now, as briefs are scheduled by it)
/// is not yet out.
pub(crate) fn check(
    arts: &[Arc<Article>],
    config: &Config,
    today: Date,
    inputs: &Inputs,
) -> (Editions, Vec<Diagnostic>, Vec<Diagnostic>) {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let slugs: HashMap<&str, ArticleId> = (arts.iter().enumerate())
        .map(|(i, a)| (a.slug.as_str(), ArticleId::new(i)))
        .collect();
    let mut list = Vec::new();
    for file in inputs.files {
        let serial = serial_of(config, file, &mut errors);
        let briefs = briefs_of(arts, file, &slugs, inputs.hidden, &mut errors);
        let (Some(serial), Some(briefs)) = (serial, briefs) else {
            continue;
        };
        list.push(Edition {
            serial,
            number: file.number.value,
            date: file.date.value,
            title: (file.title.clone()).unwrap_or_else(|| config.serials[serial].name.clone()),
            note_html: String::new(),
            briefs,
            file: file.file.clone(),
        });
    }
    let files: HashMap<&str, &EditionFile> =
        inputs.files.iter().map(|f| (f.file.as_str(), f)).collect();
    list.sort_by(|a, b| (a.serial, a.number, &a.file).cmp(&(b.serial, b.number, &b.file)));
    check_serials(config, &list, &files, &mut errors, &mut warnings);
    list.retain(|e| inputs.future || e.date <= today);
    let mut editions = Editions {
        list,
        by_brief: HashMap::new(),
    };
    editions.index();
    (editions, errors, warnings)
}

/// Each edition's note rendered, as a brief's body is: links to `.md` files resolve (the
/// site's addresses looked up once for every note).
pub(crate) fn render_notes(site: &mut Site, files: &[EditionFile], highlighter: &Highlighter) {
    let by_file: HashMap<&str, &str> = (site.articles.iter().chain(&site.pages))
        .map(|e| (e.src.file.as_str(), e.url.as_str()))
        .collect();
    let notes: Vec<String> = (site.editions.list.iter())
        .map(|e| match files.iter().find(|f| f.file == e.file) {
            Some(f) => note(&site.config, &by_file, f, highlighter),
            None => String::new(),
        })
        .collect();
    for (e, html) in site.editions.list.iter_mut().zip(notes) {
        e.note_html = html;
    }
}

/// The serial an edition belongs to: its `serial:`, or the site's only serial.
fn serial_of(config: &Config, file: &EditionFile, errors: &mut Vec<Diagnostic>) -> Option<usize> {
    let keys: Vec<&str> = config.serials.iter().map(|s| s.key.as_str()).collect();
    let Some(named) = &file.serial else {
        if keys.len() == 1 {
            return Some(0);
        }
        let (message, help) = match keys.len() {
            0 => (
                "an edition, but site.yaml declares no serial".to_string(),
                "declare the serial in site.yaml: `serials: [{key: weekly, name: 京津冀周报}]`"
                    .to_string(),
            ),
            _ => (
                "the edition does not say which serial it belongs to".to_string(),
                format!("add `serial:` with one of: {}", keys.join(", ")),
            ),
        };
        let d = Diagnostic::error(Code::UnknownSerial, &file.file, message)
            .at(2, 1)
            .field("serial")
            .with_source(&file.text)
            .help(help);
        errors.push(d);
        return None;
    };
    if let Some(i) = keys.iter().position(|k| *k == named.value) {
        return Some(i);
    }
    let help = match diag::did_you_mean(&named.value, keys.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if keys.is_empty() => {
            "declare the serial in site.yaml: `serials: [{key: weekly, name: 京津冀周报}]`"
                .to_string()
        }
        None => format!("the serials site.yaml declares are: {}", keys.join(", ")),
    };
    errors.push(
        located(
            Code::UnknownSerial,
            file,
            named,
            "serial",
            format!("unknown serial `{}`", named.value),
        )
        .help(help),
    );
    None
}

/// An error at a located value of an edition's file.
fn located<T>(
    code: Code,
    file: &EditionFile,
    at: &Located<T>,
    field: &str,
    message: String,
) -> Diagnostic {
    Diagnostic::error(code, &file.file, message)
        .at(at.line, at.col)
        .field(field)
        .with_source(&file.text)
}

/// The edition's briefs as ids; `None` after an error.
fn briefs_of(
    arts: &[Arc<Article>],
    file: &EditionFile,
    slugs: &HashMap<&str, ArticleId>,
    hidden: &Hidden,
    errors: &mut Vec<Diagnostic>,
) -> Option<Vec<ArticleId>> {
    let before = errors.len();
    let mut out = Vec::new();
    for b in &file.briefs {
        let err = |code, message: String| {
            located(code, file, b, "briefs", message).span_len(b.value.chars().count())
        };
        let dated = match slugs.get(b.value.as_str()) {
            Some(&id) if arts[id.index()].draft => None,
            Some(&id) => {
                out.push(id);
                arts[id.index()].date
            }
            None => {
                match hidden.get(&b.value) {
                    Some(day) => *day,
                    None => {
                        let mut all: Vec<&str> = slugs.keys().copied().collect();
                        all.extend(hidden.keys().map(String::as_str));
                        all.sort_unstable();
                        let help = match diag::did_you_mean(&b.value, all.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "list briefs by slug: the file name without .md, or the brief's `slug:`".to_string(),
                    };
                        let message = format!(
                            "the edition lists `{}`, but no brief has that slug",
                            b.value
                        );
                        errors.push(err(Code::UnknownBrief, message).help(help));
                        continue;
                    }
                }
            }
        };
        match dated {
            None => errors.push(
                err(Code::UnpublishedBrief, format!("`{}` is a draft", b.value))
                    .help("an edition is published whole: publish the brief (remove `draft: true`) or take it out of the edition"),
            ),
            Some(day) if day > file.date.value => errors.push(
                err(
                    Code::UnpublishedBrief,
                    format!("`{}` is dated {day}, after the edition ({})", b.value, file.date.value),
                )
                .help("an edition holds briefs out by its date: date the edition later, or take the brief out"),
            ),
            Some(_) => {}
        }
    }
    (errors.len() == before).then_some(out)
}

/// An edition's note, rendered as a brief's body is (`by_file`: the site's addresses).
fn note(
    config: &Config,
    by_file: &HashMap<&str, &str>,
    file: &EditionFile,
    highlighter: &Highlighter,
) -> String {
    if file.note.is_empty() {
        return String::new();
    }
    let resolve = |f: &str| by_file.get(f).map(|u| LinkTarget { url: u.to_string() });
    let photo = |_: &str| Err("an edition's note shows no photos".to_string());
    let opts = RenderOptions {
        unsafe_html: config.unsafe_html,
        base_path: config.base_path(),
        highlighter,
        file: &file.file,
        body_line: file.note_line,
        resolve: &resolve,
        photo: &photo,
    };
    markdown::to_html(&file.note, &opts).html
}

/// The editions of each serial against each other (`list` sorted by serial and number).
fn check_serials(
    config: &Config,
    list: &[Edition],
    files: &HashMap<&str, &EditionFile>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<(usize, ArticleId), &Edition> = HashMap::new();
    for (i, e) in list.iter().enumerate() {
        let file = files[e.file.as_str()];
        let prev = i
            .checked_sub(1)
            .map(|j| &list[j])
            .filter(|p| p.serial == e.serial);
        if let Some(p) = prev {
            let at = |message: String| {
                located(Code::EditionNumber, file, &file.number, "number", message)
            };
            if p.number == e.number {
                errors.push(
                    at(format!("number {} is also {}'s", e.number, p.file)).help(
                        "give each edition of a serial its own number: the next after the last",
                    ),
                );
            } else if p.date > e.date {
                errors.push(
                    at(format!(
                        "number {} is dated {}, before number {} ({})",
                        e.number, e.date, p.number, p.date
                    ))
                    .help(
                        "numbers follow the dates: check the number and the date of both editions",
                    ),
                );
            } else if e.number > p.number + 1 {
                let missing = if e.number == p.number + 2 {
                    format!("number {} is missing", p.number + 1)
                } else {
                    format!("numbers {} to {} are missing", p.number + 1, e.number - 1)
                };
                warnings.push(
                    Diagnostic::warning(
                        Code::EditionGap,
                        &file.file,
                        format!("{missing} before this edition"),
                    )
                    .at(file.number.line, file.number.col)
                    .field("number")
                    .with_source(&file.text)
                    .help("number the editions one after another, or add the missing ones"),
                );
            }
        }
        for (k, &b) in e.briefs.iter().enumerate() {
            if let Some(first) = seen.get(&(e.serial, b)) {
                let slug = &file.briefs[k];
                errors.push(
                    located(
                        Code::BriefInTwoEditions,
                        file,
                        slug,
                        "briefs",
                        format!(
                            "`{}` is already in number {} of {} ({})",
                            slug.value, first.number, config.serials[e.serial].name, first.file
                        ),
                    )
                    .span_len(slug.value.chars().count())
                    .help("a brief appears in one edition of a serial: take it out of one of them"),
                );
            } else {
                seen.insert((e.serial, b), e);
            }
        }
    }
}
