//! Checking the fields of a YAML mapping, with errors that point into the file.
//!
//! `site.yaml` and every article's front matter are read the same way: parse to a [`Yaml`]
//! tree, then take each field with the getter for its type. A getter that finds a problem
//! records a [`Diagnostic`] located on the key or on the offending value and returns `None`,
//! so one pass reports every problem of the file.

use crate::diag::{self, Code, Diagnostic};
use crate::load::locate::{Lines, Locator};
use crate::load::yaml::Yaml;

/// A mapping being checked, with what is needed to point at its text.
pub(crate) struct Fields<'a> {
    pub file: &'a str,
    /// The whole file's text, for source lines in diagnostics.
    file_text: &'a str,
    /// Line of the YAML text's first line within the file, minus one.
    line_offset: usize,
    locator: Locator<'a>,
    entries: Vec<(String, Yaml)>,
    /// Every top-level key the reader asked for, in order: the fields this mapping may have.
    asked: Vec<String>,
    pub diags: Vec<Diagnostic>,
}

/// Where a value stands: a key path for messages and the lines it spans.
#[derive(Clone)]
pub(crate) struct Place {
    pub field: String,
    pub key_line: Option<usize>,
    /// Column of the key, when it is not the first thing on its line.
    pub key_col: Option<usize>,
    pub lines: Option<Lines>,
}

impl<'a> Fields<'a> {
    /// `yaml_text` is the part of `file_text` that was parsed, starting at line
    /// `line_offset + 1` of the file.
    pub(crate) fn new(
        file: &'a str,
        file_text: &'a str,
        yaml_text: &'a str,
        line_offset: usize,
        entries: Vec<(String, Yaml)>,
    ) -> Self {
        Fields {
            file,
            file_text,
            line_offset,
            locator: Locator::new(yaml_text),
            entries,
            asked: Vec::new(),
            diags: Vec::new(),
        }
    }

    /// Report the keys nobody asked for as unknown, with a "did you mean" from the keys that
    /// were asked for. Call it after reading every field: the reader is the list of fields.
    pub(crate) fn reject_leftover(&mut self, what: &str) {
        let unknown: Vec<String> = self.entries.iter().map(|(k, _)| k.clone()).collect();
        let asked: Vec<&str> = self.asked.iter().map(String::as_str).collect();
        let mut diags = Vec::new();
        for key in unknown {
            let place = self.place(&key);
            let help = diag::suggest(&key, &asked, &format!("{what} are"));
            let d = self
                .diag_at_key(Code::UnknownField, &place, format!("unknown field `{key}`"))
                .span_len(key.chars().count())
                .help(help);
            diags.push(d);
        }
        self.diags.extend(diags);
    }

    /// Take a top-level value out of the mapping.
    pub(crate) fn take(&mut self, key: &str) -> Option<(Yaml, Place)> {
        if !self.asked.iter().any(|k| k == key) {
            self.asked.push(key.to_string());
        }
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        let (_, v) = self.entries.remove(i);
        Some((v, self.place(key)))
    }

    pub(crate) fn place(&self, key: &str) -> Place {
        match self.locator.top_key(key) {
            Some((line, lines)) => Place {
                field: key.to_string(),
                key_line: Some(line),
                key_col: None,
                lines: Some(lines),
            },
            None => Place {
                field: key.to_string(),
                key_line: None,
                key_col: None,
                lines: None,
            },
        }
    }

    /// The place of item `index` of a list at `parent`, and of `key` within it.
    pub(crate) fn item_place(&self, parent: &Place, index: usize, key: Option<&str>) -> Place {
        let item = parent.lines.and_then(|l| self.locator.list_item(l, index));
        let mut place = Place {
            field: format!("{}[{index}]", parent.field),
            key_line: item.map(|l| l.start),
            key_col: None,
            lines: item,
        };
        if let Some(key) = key {
            place.field = format!("{}.{key}", place.field);
            if let Some((line, col, lines)) = item.and_then(|l| self.locator.key_in(l, key)) {
                place.key_line = Some(line);
                place.key_col = Some(col);
                place.lines = Some(lines);
            }
        }
        place
    }

    /// The place of `key` inside the mapping at `parent` (`publish:` → `publish.server`).
    pub(crate) fn sub_place(&self, parent: &Place, key: &str) -> Place {
        let found = parent.lines.and_then(|l| self.locator.key_in(l, key));
        Place {
            field: format!("{}.{key}", parent.field),
            key_line: found.map(|f| f.0).or(parent.key_line),
            key_col: found.map(|f| f.1),
            lines: found.map(|f| f.2).or(parent.lines),
        }
    }

    /// Where the text `needle` stands within `place` (file line, column), or the key's line
    /// when it cannot be found: for values checked later against other files.
    pub(crate) fn position(&self, place: &Place, needle: &str) -> (usize, usize) {
        let found = place.lines.and_then(|l| self.locator.find(l, needle));
        match (found, place.key_line) {
            (Some((line, col)), _) => (self.line_offset + line, col),
            (None, Some(line)) => (self.line_offset + line, 1),
            (None, None) => (self.line_offset + 1, 1),
        }
    }

    /// The place of the `nth` (from 0) whole-token `needle` within `place`, or where
    /// [`Fields::position`] puts it: for a list that names one value twice.
    pub(crate) fn nth_position(&self, place: &Place, needle: &str, nth: usize) -> (usize, usize) {
        let all = place.lines.map(|l| self.locator.find_all(l, needle));
        match all.as_ref().and_then(|a| a.get(nth)) {
            Some(&(line, col)) => (self.line_offset + line, col),
            None => self.position(place, needle),
        }
    }

    /// The plain scalar after `key:` at `place` as the file writes it (`12.50`, not the
    /// `12.5` YAML reads), ending at a `,` `}` `]`, a comment or the line's end.
    pub(crate) fn raw_scalar(&self, place: &Place, key: &str) -> Option<String> {
        let line = self.locator.line(place.key_line?.checked_sub(1)?)?;
        let from = line
            .char_indices()
            .nth(
                place
                    .key_col
                    .unwrap_or_else(|| self.locator.first_col(place.key_line.unwrap_or(1)))
                    - 1,
            )?
            .0;
        let rest = line[from..].trim_start_matches("- ").strip_prefix(key)?;
        let rest = rest.trim_start().strip_prefix(':')?.trim_start();
        let end = rest
            .find([',', '}', ']'])
            .into_iter()
            .chain(rest.find(" #"))
            .min()
            .unwrap_or(rest.len());
        let raw = rest[..end].trim_end();
        (!raw.is_empty()).then(|| raw.to_string())
    }

    /// The file line of the key of `place`.
    pub(crate) fn key_line(&self, place: &Place) -> usize {
        self.line_offset + place.key_line.unwrap_or(1)
    }

    /// A diagnostic on the key of `place`.
    pub(crate) fn diag_at_key(
        &self,
        code: Code,
        place: &Place,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic::error(code, self.file, message).field(place.field.clone());
        if let Some(line) = place.key_line {
            let col = place
                .key_col
                .unwrap_or_else(|| self.locator.first_col(line));
            d = d.at(self.line_offset + line, col);
        } else {
            d = d.at_line(self.line_offset + 1);
        }
        self.with_source(d)
    }

    /// `d` with its source line: from the lines the locator has split when it is in the
    /// YAML text, else from the file.
    fn with_source(&self, d: Diagnostic) -> Diagnostic {
        d.with_source_line(|line| {
            line.checked_sub(self.line_offset + 1)
                .and_then(|i| self.locator.line(i))
                .or_else(|| self.file_text.lines().nth(line.saturating_sub(1)))
        })
    }

    /// A diagnostic on the text `needle` within `place`, or on its key if it cannot be found.
    pub(crate) fn diag_at_value(
        &self,
        code: Code,
        place: &Place,
        needle: Option<&str>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let found = place
            .lines
            .zip(needle)
            .and_then(|(l, n)| self.locator.find(l, n).map(|p| (p, n.chars().count())));
        match found {
            Some(((line, col), len)) => self.with_source(
                Diagnostic::error(code, self.file, message)
                    .field(place.field.clone())
                    .at(self.line_offset + line, col)
                    .span_len(len),
            ),
            None => self.diag_at_key(code, place, message),
        }
    }

    /// Record a wrong-type error for `value`.
    pub(crate) fn wrong_type(&mut self, place: &Place, value: &Yaml, expected: &str) {
        let needle = value.scalar_text();
        let d = self.diag_at_value(
            Code::WrongType,
            place,
            needle.as_deref(),
            format!(
                "`{}` should be {expected}, but it is {}",
                place.field,
                value.kind()
            ),
        );
        // `date：2026` reads as text, not as `date: 2026`.
        let d = match value {
            Yaml::Str(text) => match crate::load::yaml::full_width_colon(text) {
                Some((_, _, key)) => d.help(format!(
                    "`{key}：` has a full-width colon `：`; YAML needs an ASCII colon and a space: `{key}: `"
                )),
                None => d,
            },
            _ => d,
        };
        self.diags.push(d);
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// A required field that is absent.
    pub(crate) fn missing(&mut self, key: &str, example: &str) {
        let d = self
            .with_source(
                Diagnostic::error(
                    Code::MissingField,
                    self.file,
                    format!("missing required field `{key}`"),
                )
                .field(key)
                .at_line(self.line_offset.max(1)),
            )
            .help(format!("add a line such as `{key}: {example}`"));
        self.diags.push(d);
    }

    /// Text: a string, or a number written without quotes (kept as written).
    pub(crate) fn text_of(&mut self, value: Yaml, place: &Place) -> Option<String> {
        match value.into_text() {
            Ok(text) => Some(text),
            Err(other) => {
                self.wrong_type(place, &other, "text");
                None
            }
        }
    }

    pub(crate) fn opt_text(&mut self, key: &str) -> Option<String> {
        let (v, place) = self.take(key)?;
        if v == Yaml::Null {
            return None;
        }
        self.text_of(v, &place)
    }

    pub(crate) fn req_text(&mut self, key: &str, example: &str) -> Option<String> {
        match self.take(key) {
            None => {
                self.missing(key, example);
                None
            }
            Some((v, place)) => {
                let text = self.text_of(v, &place)?;
                if text.trim().is_empty() {
                    let d = self
                        .diag_at_key(Code::EmptyField, &place, format!("`{key}` is empty"))
                        .help(format!("write it as `{key}: {example}`"));
                    self.push(d);
                    return None;
                }
                Some(text)
            }
        }
    }

    pub(crate) fn opt_bool(&mut self, key: &str) -> Option<bool> {
        let (v, place) = self.take(key)?;
        match v {
            Yaml::Bool(b) => Some(b),
            other => {
                self.wrong_type(&place, &other, "true or false");
                None
            }
        }
    }

    /// A whole number of at least `min`; `example` is shown in the help when it is less.
    pub(crate) fn opt_usize(&mut self, key: &str, min: usize, example: usize) -> Option<usize> {
        let (v, place) = self.take(key)?;
        match v {
            Yaml::Int(i) => match usize::try_from(i).ok().filter(|&n| n >= min) {
                Some(n) => Some(n),
                None => {
                    let d = self.diag_at_value(
                        Code::CountTooSmall,
                        &place,
                        Some(&i.to_string()),
                        format!("`{key}` should be at least {min}, but it is {i}"),
                    );
                    self.push(d.help(format!("write a whole number, e.g. `{key}: {example}`")));
                    None
                }
            },
            other => {
                self.wrong_type(&place, &other, "a whole number");
                None
            }
        }
    }

    /// A list of texts; a single text is accepted as a list of one.
    pub(crate) fn text_list(&mut self, value: Yaml, place: &Place) -> Option<Vec<String>> {
        match value {
            Yaml::Null => Some(Vec::new()),
            Yaml::Str(s) => Some(vec![s]),
            Yaml::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    match item {
                        Yaml::Str(s) => out.push(s),
                        Yaml::Int(n) => out.push(n.to_string()),
                        other => {
                            let p = Place {
                                field: format!("{}[{i}]", place.field),
                                ..place.clone()
                            };
                            self.wrong_type(&p, &other, "text");
                        }
                    }
                }
                Some(out)
            }
            other => {
                self.wrong_type(place, &other, "a list such as `[a, b]`");
                None
            }
        }
    }

    /// The items of a list of mappings (milestones, figures, domains …): each with its index,
    /// its place and its entries. A value that is not a list, or an item that is not a
    /// mapping, is reported with `list_what` / `item_what` ("a list of figures …").
    pub(crate) fn map_items(
        &mut self,
        value: Yaml,
        place: &Place,
        list_what: &str,
        item_what: &str,
    ) -> Vec<MapItem> {
        let items = match value {
            Yaml::List(items) => items,
            Yaml::Null => return Vec::new(),
            other => {
                self.wrong_type(place, &other, list_what);
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            let item_place = self.item_place(place, index, None);
            match item {
                Yaml::Map(entries) => out.push(MapItem {
                    index,
                    place: item_place,
                    entries,
                }),
                other => self.wrong_type(&item_place, &other, item_what),
            }
        }
        out
    }

    /// Check that each of `keys` is one of `known`; report the others with a suggestion.
    pub(crate) fn check_keys(
        &mut self,
        code: Code,
        place: &Place,
        keys: &[String],
        known: &[&str],
        what: &str,
    ) {
        for key in keys {
            if !known.contains(&key.as_str()) {
                let help = match items_run_together(key) {
                    Some(list) => format!(
                        "this is one item: separate items with an ASCII comma and a space, e.g. `{list}`"
                    ),
                    None => diag::suggest(key, known, &format!("{what}s defined in site.yaml are")),
                };
                let d = self
                    .diag_at_value(code, place, Some(key), format!("unknown {what} `{key}`"))
                    .help(help);
                self.push(d);
            }
        }
    }
}

/// What a Chinese input method types for `,` in a list: the full-width comma, `、` and `；`.
pub(crate) const INPUT_METHOD_COMMAS: [char; 3] = ['，', '、', '；'];

/// `ecology，transport` (a list item with one of [`INPUT_METHOD_COMMAS`] in it): the list it
/// was meant to be, `[ecology, transport]`.
pub(crate) fn items_run_together(item: &str) -> Option<String> {
    let parts: Vec<&str> = item
        .split(INPUT_METHOD_COMMAS)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (parts.len() > 1).then(|| format!("[{}]", parts.join(", ")))
}

/// One mapping of a list, from [`Fields::map_items`].
pub(crate) struct MapItem {
    pub index: usize,
    pub place: Place,
    pub entries: Vec<(String, Yaml)>,
}

/// The entries of a mapping, or a diagnostic saying the text is not one.
pub(crate) fn expect_map(
    file: &str,
    file_text: &str,
    line: usize,
    value: Yaml,
    what: &str,
) -> Result<Vec<(String, Yaml)>, Diagnostic> {
    match value {
        Yaml::Map(entries) => Ok(entries),
        Yaml::Null => Ok(Vec::new()),
        other => Err(Diagnostic::error(
            Code::NotAMapping,
            file,
            format!(
                "{what} should be `key: value` lines, but it is {}",
                other.kind()
            ),
        )
        .at_line(line)
        .with_source(file_text)),
    }
}
