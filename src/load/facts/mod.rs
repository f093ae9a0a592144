//! Facts held to their source: a site keeps the text of its sources in
//! `content/_sources/<key>.txt` (or `.md`; never published), a brief names its source by key
//! (`source_key:`), and each figure and milestone gives the source's words that support it
//! (`quote:`). The build checks that every quote is in the source, that a figure's number and
//! qualifier are in its quote (`numbers`: 近百亿元, 十余个, 5万余条 read as Chinese writes them),
//! and that the brief's own words do not copy 30 characters or more of the source.

use std::path::Path;

use crate::diag::{self, Code, Diagnostic};
use crate::load::fields::{Fields, expect_map};
use crate::load::lists::Figure;
use crate::load::{Article, yaml};

mod copy;
pub(crate) mod numbers;
pub(crate) mod text;

pub(crate) use numbers::{numbers, same, unit_magnitude};

/// Where a site keeps its sources' text, under `content/`.
pub(crate) const FOLDER: &str = "_sources";
/// Characters of a brief's own text that may match its source before it is a copy.
pub(crate) const COPY_RUN: usize = 30;

/// A registered source: its text and what it is.
#[derive(Debug, Clone)]
pub(crate) struct SourceText {
    pub key: String,
    /// `content/_sources/<key>.txt`.
    pub file: String,
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    /// The text, folded for comparison ([`text::fold`]).
    pub folded: Vec<char>,
    /// Its runs of [`COPY_RUN`] characters, for the copy check.
    pub windows: text::Windows,
    /// It could not be read whole (an error says why): briefs naming it are not checked.
    pub broken: bool,
}

/// The registered sources of the site in `root`, by key, and the problems reading them.
pub(crate) fn read_sources(root: &Path) -> (Vec<SourceText>, Vec<Diagnostic>) {
    let dir = root.join("content").join(FOLDER);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (Vec::new(), Vec::new());
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .collect();
    paths.sort();
    let (mut out, mut diags) = (Vec::new(), Vec::new());
    for path in paths {
        let file = diag::rel_path(root, &path);
        let (source, problem) = read_one(&path, &file);
        out.push(source);
        diags.extend(problem);
    }
    (out, diags)
}

fn read_one(path: &Path, file: &str) -> (SourceText, Option<Diagnostic>) {
    let key = (path.file_stem()).map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let mut s = SourceText {
        title: key.clone(),
        key,
        file: file.to_string(),
        publisher: None,
        date: None,
        url: None,
        folded: Vec::new(),
        windows: text::Windows::default(),
        broken: true,
    };
    let text = match std::fs::read(path) {
        Err(e) => {
            let d = Diagnostic::error(
                Code::Unreadable,
                file,
                format!("cannot read the source: {e}"),
            );
            return (s, Some(d));
        }
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let d = Diagnostic::error(Code::NotUtf8, file, format!("the source is not UTF-8 text (at byte {at})"))
                    .help("save it as UTF-8 (a page saved as GBK or GB2312 must be converted first), so that quotes can be found in it");
                return (s, Some(d));
            }
        },
    };
    let (body, problem) = match text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
    {
        Some((header, body)) => (body, read_header(&mut s, header, &text).err()),
        None => (text.as_str(), None),
    };
    s.folded = text::fold(body).0;
    s.windows = text::Windows::new(&s.folded, COPY_RUN);
    s.broken = problem.is_some();
    (s, problem)
}

/// `title`, `publisher`, `date` and `url` from a source's header.
fn read_header(s: &mut SourceText, header: &str, whole: &str) -> Result<(), Diagnostic> {
    let value = yaml::parse(header, 1).map_err(|e| e.diagnostic(&s.file, whole, ""))?;
    let entries = expect_map(&s.file, whole, 2, value, "the source's header")?;
    let mut f = Fields::new(&s.file, whole, header, 1, entries);
    if let Some(title) = f.opt_text("title") {
        s.title = title;
    }
    s.publisher = f.opt_text("publisher");
    s.date = f.opt_text("date");
    s.url = f.opt_text("url");
    f.reject_leftover("fields of a source's header");
    match f.diags.into_iter().next() {
        Some(d) => Err(d),
        None => Ok(()),
    }
}

/// The checks of every brief that names a source: errors, then warnings.
pub(crate) fn check<'a>(
    articles: impl IntoIterator<Item = &'a Article>,
    sources: &[SourceText],
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for a in articles {
        check_article(a, sources, &mut errors, &mut warnings);
    }
    (errors, warnings)
}

fn check_article(
    a: &Article,
    sources: &[SourceText],
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let quotes = (a.figures.iter().filter_map(|f| f.quote.as_ref()))
        .chain(a.milestones.iter().filter_map(|m| m.quote.as_ref()));
    let Some(key) = &a.source_key else {
        if let Some(q) = quotes.into_iter().next() {
            errors.push(
                Diagnostic::error(
                    Code::UnknownSource,
                    &a.file,
                    "a quote, but the brief names no source to find it in",
                )
                .at(q.line, q.col)
                .field("quote")
                .with_source(&a.text)
                .help(
                    "name the source: `source_key: KEY`, its text being content/_sources/KEY.txt",
                ),
            );
        }
        return;
    };
    let Some(source) = sources.iter().find(|s| s.key == key.value) else {
        let keys: Vec<&str> = sources.iter().map(|s| s.key.as_str()).collect();
        let help = match diag::did_you_mean(&key.value, keys.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "keep the source's text in content/{FOLDER}/{}.txt, or name one of: {}",
                key.value,
                keys.join(", ")
            ),
        };
        errors.push(
            Diagnostic::error(
                Code::UnknownSource,
                &a.file,
                format!("unknown source `{}`", key.value),
            )
            .at(key.line, key.col)
            .span_len(key.value.chars().count())
            .field("source_key")
            .with_source(&a.text)
            .help(help),
        );
        return;
    };
    if source.broken {
        return;
    }
    for (i, fig) in a.figures.iter().enumerate() {
        match &fig.quote {
            Some(q) => errors.extend(check_figure(a, source, fig, q)),
            None => warnings.push(unquoted(
                a,
                source,
                &format!("figures[{i}]"),
                &fig.display(),
                fig.at,
            )),
        }
    }
    for (i, m) in a.milestones.iter().enumerate() {
        match &m.quote {
            Some(q) => errors.extend(find_quote(a, source, q).err()),
            None => warnings.push(unquoted(
                a,
                source,
                &format!("milestones[{i}]"),
                &m.title,
                (m.line, 1),
            )),
        }
    }
    warnings.extend(copy::check(a, source));
}

fn unquoted(
    a: &Article,
    source: &SourceText,
    field: &str,
    what: &str,
    (line, col): (usize, usize),
) -> Diagnostic {
    Diagnostic::warning(
        Code::UnquotedClaim,
        &a.file,
        format!(
            "`{}` gives no quote from its source `{}`",
            diag::visible(what),
            source.key
        ),
    )
    .at(line, col)
    .field(field.to_string())
    .with_source(&a.text)
    .help("add `quote:` with the source's own words that say it, so the build can hold it to them")
}

/// The quote's place in the source, or an error with the nearest words there.
fn find_quote(
    a: &Article,
    source: &SourceText,
    q: &crate::load::article::Located<String>,
) -> Result<(), Diagnostic> {
    let needle = text::fold(&q.value).0;
    if text::find(&source.folded, &needle).is_some() {
        return Ok(());
    }
    let help = match text::nearest(&source.folded, &needle) {
        Some((s, e)) => format!(
            "the nearest words in {} are “{}”: copy the source's words exactly (spaces and full- or half-width punctuation do not matter)",
            source.file,
            diag::visible(&source.folded[s..e].iter().collect::<String>())
        ),
        None => format!(
            "nothing in {} is like it: quote the words of the source that say this",
            source.file
        ),
    };
    Err(Diagnostic::error(
        Code::QuoteNotFound,
        &a.file,
        format!("the quote is not in the source `{}`", source.key),
    )
    .at(q.line, q.col)
    .span_len(q.value.chars().count())
    .field("quote")
    .with_source(&a.text)
    .help(help))
}

/// The quote is in the source, and gives the figure's number with its qualifier.
fn check_figure(
    a: &Article,
    source: &SourceText,
    fig: &Figure,
    q: &crate::load::article::Located<String>,
) -> Option<Diagnostic> {
    if let Err(d) = find_quote(a, source, q) {
        return Some(d);
    }
    let found = numbers(&q.value);
    let scale = unit_magnitude(&fig.unit);
    let wanted: Vec<f64> = (fig.value.split(['~', '～', '至']))
        .filter_map(|v| v.trim().parse::<f64>().ok())
        .map(|v| v * scale)
        .collect();
    let word = fig.qualifier.map(|q| q.word);
    let error = |message: String, help: String| {
        Some(
            Diagnostic::error(Code::FigureNotInQuote, &a.file, message)
                .at(q.line, q.col)
                .span_len(q.value.chars().count())
                .field("quote")
                .with_source(&a.text)
                .help(help),
        )
    };
    if wanted.is_empty() {
        return None;
    }
    let matches: Vec<&numbers::Number> = found
        .iter()
        .filter(|n| wanted.iter().any(|w| same(n.value, *w)))
        .collect();
    if matches.len() < wanted.len() {
        let seen: Vec<String> = found
            .iter()
            .map(|n| diag::visible(&n.text).into_owned())
            .collect();
        return error(
            format!("the quote does not give {}", diag::visible(&fig.display())),
            if seen.is_empty() {
                "the quote has no number: quote the words that give this one".to_string()
            } else {
                format!(
                    "the numbers in the quote are {}: fix the figure's `value` or `unit` (万 and 亿 count), or quote the words that give it",
                    seen.join(", ")
                )
            },
        );
    }
    if !matches.iter().any(|n| n.qualifier == word) {
        let said = matches[0].qualifier.unwrap_or("no qualifier");
        return error(
            format!(
                "the quote says {}, the figure {}",
                matches[0].text,
                fig.display()
            ),
            format!("set the figure's `qualifier` as the source words it ({said})"),
        );
    }
    None
}
