//! Editions (期): numbered issues of a serial, each a file of `content/_editions/` whose front
//! matter gives the serial, number, date, title and the briefs in the editor's order, and
//! whose body is the editor's note. Read and checked field by field here; what needs the
//! briefs (a slug that names none, a draft, a brief in two editions, numbers in order) is the
//! model's to check ([`crate::model::Editions`]).

use std::path::Path;

use walkdir::WalkDir;

use crate::date::Date;
use crate::diag::{self, Code, Diagnostic};
use crate::load::article::Located;
use crate::load::fields::{Fields, Place, expect_map};
use crate::load::front_matter::split_front_matter;
use crate::load::source::decode;
use crate::load::yaml::{self, Yaml};

/// Where a site keeps its editions, under `content/`.
pub(crate) const FOLDER: &str = "_editions";

/// One edition as its file gives it.
#[derive(Debug, Clone)]
pub(crate) struct EditionFile {
    /// `content/_editions/special-1.md`.
    pub file: String,
    /// The whole file, for errors found later.
    pub text: String,
    /// `serial:`; may be left out when site.yaml declares one serial.
    pub serial: Option<Located<String>>,
    pub number: Located<usize>,
    pub date: Located<Date>,
    /// `title:`, else the serial's name and the number make one.
    pub title: Option<String>,
    /// The briefs by slug, in the editor's order, each once.
    pub briefs: Vec<Located<String>>,
    /// The editor's note (Markdown), and the file line it starts on.
    pub note: String,
    pub note_line: usize,
}

/// Every edition of the site in `root`, in file order, and the problems of their files.
pub(crate) fn read(root: &Path) -> (Vec<EditionFile>, Vec<Diagnostic>) {
    let dir = root.join("content").join(FOLDER);
    let mut paths: Vec<_> = WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    let (mut out, mut diags) = (Vec::new(), Vec::new());
    for path in paths {
        let file = diag::rel_path(root, &path);
        match read_one(&path, &file) {
            Ok(e) => out.push(e),
            Err(d) => diags.extend(d),
        }
    }
    (out, diags)
}

fn read_one(path: &Path, file: &str) -> Result<EditionFile, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::error(
            Code::Unreadable,
            file,
            format!("cannot read the edition: {e}"),
        )]
    })?;
    let text = decode(file, bytes).map_err(|d| vec![d])?;
    let split = split_front_matter(file, &text).map_err(|d| vec![d])?;
    let offset = split.front_line - 1;
    let value = yaml::parse(split.front, offset)
        .map_err(|e| vec![e.diagnostic(file, &text, " in the front matter")])?;
    let entries = expect_map(file, &text, split.front_line, value, "the front matter")
        .map_err(|d| vec![d])?;
    let (note, note_line) = (split.body.trim().to_string(), split.body_line);
    let mut f = Fields::new(file, &text, split.front, offset, entries);
    let serial = located_text(&mut f, "serial");
    let number = read_number(&mut f);
    let date = read_date(&mut f);
    let title = f.opt_text("title").map(|t| t.trim().to_string());
    let briefs = read_briefs(&mut f);
    f.reject_leftover("fields of an edition");
    let diags = std::mem::take(&mut f.diags);
    drop(f);
    let edition = match (number, date) {
        (Some(number), Some(date)) if diags.is_empty() => EditionFile {
            file: file.to_string(),
            serial,
            number,
            date,
            title: title.filter(|t| !t.is_empty()),
            briefs,
            note,
            note_line,
            text,
        },
        _ => return Err(diags),
    };
    let twice = listed_twice(&edition);
    match twice.is_empty() {
        true => Ok(edition),
        false => Err(twice),
    }
}

/// A text field with where its value stands.
fn located_text(f: &mut Fields, key: &str) -> Option<Located<String>> {
    let (v, place) = f.take(key)?;
    let value = f.text_of(v, &place)?.trim().to_string();
    Some(at(f, &place, value))
}

fn at<T: ToString>(f: &Fields, place: &Place, value: T) -> Located<T> {
    let (line, col) = f.position(place, &value.to_string());
    Located { value, line, col }
}

/// `number:`, a whole number from 1.
fn read_number(f: &mut Fields) -> Option<Located<usize>> {
    let Some((v, place)) = f.take("number") else {
        f.missing("number", "1");
        return None;
    };
    match v {
        Yaml::Int(i) if i >= 1 => Some(at(f, &place, i as usize)),
        Yaml::Int(i) => {
            let d = f
                .diag_at_value(
                    Code::CountTooSmall,
                    &place,
                    Some(&i.to_string()),
                    format!("an edition's `number` starts at 1, but it is {i}"),
                )
                .help("number the editions of a serial 1, 2, 3 …, e.g. `number: 1`");
            f.push(d);
            None
        }
        other => {
            f.wrong_type(&place, &other, "a whole number such as `12`");
            None
        }
    }
}

/// `date:`, the day the edition appears.
fn read_date(f: &mut Fields) -> Option<Located<Date>> {
    let Some((v, place)) = f.take("date") else {
        f.missing("date", "2026-12-05");
        return None;
    };
    let text = f.text_of(v, &place)?.trim().to_string();
    match Date::parse(&text) {
        Ok(d) => {
            let (line, col) = f.position(&place, &text);
            Some(Located {
                value: d,
                line,
                col,
            })
        }
        Err(msg) => {
            let d = f
                .diag_at_value(Code::BadDate, &place, Some(&text), msg)
                .help("write the day the edition appears as YYYY-MM-DD, e.g. `date: 2026-12-05`");
            f.push(d);
            None
        }
    }
}

/// `briefs:`, the contents in order: at least one, each once.
fn read_briefs(f: &mut Fields) -> Vec<Located<String>> {
    const EXAMPLE: &str = "briefs: [tianjin-ecology-33-measures, yanzhao-laboratories]";
    let Some((v, place)) = f.take("briefs") else {
        f.missing("briefs", EXAMPLE);
        return Vec::new();
    };
    let slugs = f.text_list(v, &place).unwrap_or_default();
    if slugs.is_empty() && f.diags.is_empty() {
        let d = f
            .diag_at_key(Code::EmptyEdition, &place, "the edition lists no briefs")
            .help(format!(
                "list its briefs by slug, in the order the edition gives them: `{EXAMPLE}`"
            ));
        f.push(d);
    }
    let mut out: Vec<Located<String>> = Vec::new();
    for slug in slugs {
        let value = slug.trim().to_string();
        let before = out.iter().filter(|b| b.value == value).count();
        let (line, col) = f.nth_position(&place, &value, before);
        out.push(Located { value, line, col });
    }
    out
}

/// A brief listed twice in one edition: an error at the second.
fn listed_twice(e: &EditionFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, b) in e.briefs.iter().enumerate() {
        if let Some(first) = e.briefs[..i].iter().find(|x| x.value == b.value) {
            let d = Diagnostic::error(
                Code::BriefInTwoEditions,
                &e.file,
                format!("`{}` is listed twice in this edition", b.value),
            )
            .at(b.line, b.col)
            .span_len(b.value.chars().count())
            .field("briefs")
            .with_source(&e.text)
            .help(format!(
                "an edition gives each brief once; it is listed first at line {}",
                first.line
            ));
            out.push(d);
        }
    }
    out
}
