//! YAML: the one module that talks to `serde_yaml`.
//!
//! `serde_yaml` parses the text and reports syntax errors with a line and column. Its values
//! carry no positions, so this module converts them into a small tree of its own ([`Yaml`])
//! and [`crate::load::locate::Locator`] finds where a key or a value stands in the source text. The
//! config and front-matter readers check fields one by one on that tree, which lets them
//! report every problem of a file at once, each with its own line and column.

use std::fmt;

use crate::diag::{Code, Diagnostic};

mod escapes;
mod slips;
#[cfg(test)]
mod tests;

pub(crate) use slips::full_width_colon;
use slips::input_method_slip;

#[cfg_attr(not(feature = "testing"), allow(unreachable_pub))] // public to the tests
/// A parsed YAML value. Mapping keys are kept in source order.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction (or `.nan`, `.inf`).
    Float(f64),
    /// Text.
    Str(String),
    /// A sequence.
    List(Vec<Yaml>),
    /// A mapping, in source order.
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// What the value is, in words an editor understands.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Yaml::Null => "nothing (an empty value)",
            Yaml::Bool(_) => "true/false",
            Yaml::Int(_) => "a whole number",
            Yaml::Float(_) => "a number",
            Yaml::Str(_) => "text",
            Yaml::List(_) => "a list",
            Yaml::Map(_) => "a mapping (key: value pairs)",
        }
    }

    /// The value as text, where text is asked for: text, or a number as written (`2.0` is
    /// `2`); anything else is given back.
    pub(crate) fn into_text(self) -> Result<String, Yaml> {
        match self {
            Yaml::Str(s) => Ok(s),
            Yaml::Int(i) => Ok(i.to_string()),
            Yaml::Float(f) => Ok(f.to_string()),
            other => Err(other),
        }
    }

    /// The scalar as it would be written in the file, used to find it again.
    pub(crate) fn scalar_text(&self) -> Option<String> {
        match self {
            Yaml::Bool(b) => Some(b.to_string()),
            Yaml::Int(i) => Some(i.to_string()),
            Yaml::Float(f) => Some(f.to_string()),
            Yaml::Str(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// Converts the value to JSON (for `extra`, passed as is to templates).
    #[cfg_attr(not(feature = "testing"), allow(unreachable_pub))] // public to the tests
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Yaml::Null => J::Null,
            Yaml::Bool(b) => J::Bool(*b),
            Yaml::Int(i) => J::from(*i),
            Yaml::Float(f) => serde_json::Number::from_f64(*f)
                .map(J::Number)
                .unwrap_or(J::Null),
            Yaml::Str(s) => J::String(s.clone()),
            Yaml::List(items) => J::Array(items.iter().map(Yaml::to_json).collect()),
            Yaml::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

#[cfg_attr(not(feature = "testing"), allow(unreachable_pub))] // public to the tests
/// A YAML syntax error, positioned in the parsed text (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What serde_yaml said, or this module's plainer words for it.
    pub message: String,
    /// The YAML reads, but a value holds a control character written as an escape.
    pub control: bool,
    /// How many characters to mark (at least 1).
    pub len: usize,
}

impl YamlError {
    /// As a diagnostic in `file`, whose whole text is `text`; `within` says where the YAML is
    /// (` in the front matter`, or nothing).
    pub(crate) fn diagnostic(&self, file: &str, text: &str, within: &str) -> Diagnostic {
        let d = if self.control {
            Diagnostic::error(Code::ControlCharacter, file, self.message.clone()).help(
                "delete the escape (such as `\\f`, `\\x01` or `\\e`): a value may hold line breaks and tabs, nothing else invisible",
            )
        } else {
            Diagnostic::error(
                Code::YamlSyntax,
                file,
                format!("YAML syntax error{within}: {}", self.message),
            )
        };
        d.at(self.line, self.col)
            .span_len(self.len)
            .with_source(text)
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

#[cfg_attr(not(feature = "testing"), allow(unreachable_pub))] // public to the tests
/// Parse a YAML document that starts on line `line_offset + 1` of its file; positions in
/// errors are lines of the file. An empty document is `Yaml::Null`.
pub fn parse(text: &str, line_offset: usize) -> Result<Yaml, YamlError> {
    if text.trim().is_empty() {
        return Ok(Yaml::Null);
    }
    if let Some((line, col)) = too_deep(text) {
        return Err(YamlError {
            line: line + line_offset,
            col,
            message: format!(
                "more than {MAX_FLOW_DEPTH} `[` or `{{` are open here: a value is nested that deep, or brackets are opened and never closed"
            ),
            control: false,
            len: 1,
        });
    }
    let value = serde_yaml::from_str::<Yaml>(text).map_err(|e| {
        let (mut line, mut col) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        // A slip at or before where the reader stopped is the likely cause.
        if let Some((at, col, message)) = input_method_slip(text).filter(|s| s.0 <= line) {
            return YamlError {
                line: at + line_offset,
                col,
                message,
                control: false,
                len: 1,
            };
        }
        let message = plain_message(&e.to_string(), line_offset);
        // serde_yaml places errors raised while reading a mapping at the mapping's start; point
        // at the second copy of a repeated key instead.
        if let Some(key) = message
            .strip_prefix("the key `")
            .and_then(|m| m.split_once("` is written twice"))
            .map(|(k, _)| k)
        {
            if let Some((l, c)) = second_key(text, line, key) {
                (line, col) = (l, c);
            }
        }
        YamlError {
            line: line + line_offset,
            col,
            message,
            control: false,
            len: 1,
        }
    })?;
    match escapes::first_in(&value) {
        None => Ok(value),
        Some(c) => {
            let (line, col, len) = escapes::position(text, c).unwrap_or((1, 1, 1));
            Err(YamlError {
                line: line + line_offset,
                col,
                message: format!(
                    "a value holds the control character U+{:04X}, written as an escape; web pages and feeds cannot carry it",
                    c as u32
                ),
                control: true,
                len,
            })
        }
    }
}

/// The deepest `[ ]` / `{ }` nesting read. A front matter needs three or four levels; the
/// YAML reader takes time growing with the square of the depth (100,000 levels, 200 KB,
/// took 20 s), so a file nested deeper is refused before it is read.
const MAX_FLOW_DEPTH: usize = 64;

/// Where (line, column, 1-based) more than [`MAX_FLOW_DEPTH`] brackets are open. Brackets
/// inside quotes count too: a value with that many is refused rather than read slowly.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let (mut line, mut line_start) = (1, 0);
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, text[line_start..i].chars().count() + 1));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
    }
    None
}

/// `text` as a YAML scalar that reads back as exactly `text` (quoted when YAML would read it
/// as something else: `yes`, `2026`, `a: b`, `#x`).
pub(crate) fn scalar(text: &str) -> String {
    serde_yaml::to_string(text)
        .map(|s| s.trim_end_matches('\n').to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

/// Line and column of the second `key:` at or after line `from` (1-based).
fn second_key(text: &str, from: usize, key: &str) -> Option<(usize, usize)> {
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let t = l.trim_start().trim_start_matches("- ");
        let lead = l.len() - t.len();
        if t.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, l[..lead].chars().count() + 1));
            }
        }
    }
    None
}

/// Read YAML straight into [`Yaml`] (no intermediate tree): keys become text, tags are
/// dropped, and a key given twice is an error.
impl<'de> serde::Deserialize<'de> for Yaml {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Yaml, D::Error> {
        d.deserialize_any(YamlVisitor)
    }
}

struct YamlVisitor;

impl<'de> serde::de::Visitor<'de> for YamlVisitor {
    type Value = Yaml;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Yaml, E> {
        Ok(Yaml::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Yaml, E> {
        Ok(Yaml::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Yaml, E> {
        Ok(i64::try_from(v)
            .map(Yaml::Int)
            .unwrap_or(Yaml::Float(v as f64)))
    }
    /// Whole numbers past 64 bits (`99999999999999999999`) read as the number they are,
    /// so the field that gets one says what it expected instead of a YAML error.
    fn visit_u128<E>(self, v: u128) -> Result<Yaml, E> {
        Ok(Yaml::Float(v as f64))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Yaml, E> {
        Ok(Yaml::Float(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Yaml, E> {
        Ok(Yaml::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Yaml, E> {
        Ok(Yaml::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Yaml, E> {
        Ok(Yaml::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }
    fn visit_none<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Yaml::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        let mut entries: Vec<(String, Yaml)> = Vec::with_capacity(map.size_hint().unwrap_or(0));
        // The keys seen, once there are enough that looking through them one by one would
        // make a mapping of many keys take time growing with the square of its size.
        let mut seen: Option<std::collections::HashSet<String>> = None;
        while let Some(key) = map.next_key::<Yaml>()? {
            let key = match key {
                Yaml::Str(s) => s,
                Yaml::Int(i) => i.to_string(),
                Yaml::Float(f) => f.to_string(),
                Yaml::Bool(b) => b.to_string(),
                Yaml::Null => "null".to_string(),
                other => {
                    return Err(serde::de::Error::custom(format!(
                        "a key must be plain text, found {}",
                        other.kind()
                    )));
                }
            };
            let twice = match &mut seen {
                Some(seen) => !seen.insert(key.clone()),
                None => entries.iter().any(|(k, _)| *k == key),
            };
            if seen.is_none() && entries.len() >= 16 {
                let mut keys: std::collections::HashSet<String> =
                    entries.iter().map(|(k, _)| k.clone()).collect();
                keys.insert(key.clone());
                seen = Some(keys);
            }
            if twice {
                return Err(serde::de::Error::custom(format!(
                    "the key `{key}` is written twice; keep one"
                )));
            }
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Yaml::Map(entries))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Yaml, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, variant) = data.variant::<String>()?;
        variant.newtype_variant()
    }
}

/// serde_yaml's messages carry " at line L column C": the first is the error's own position,
/// reported separately, so it is dropped; later ones (where a quote or a list began) are kept
/// as "(started at line L)" in file lines. Common mistakes get a plain explanation.
fn plain_message(raw: &str, line_offset: usize) -> String {
    let mut msg = String::new();
    let mut rest = raw;
    let mut first = true;
    while let Some(i) = rest.find(" at line ") {
        msg.push_str(&rest[..i]);
        let after = &rest[i + 9..];
        let digits = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        let line: usize = after[..digits].parse().unwrap_or(0);
        let mut tail = &after[digits..];
        if let Some(col) = tail.strip_prefix(" column ") {
            tail = col.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        if !first {
            msg.push_str(&format!(" (started at line {})", line + line_offset));
        }
        first = false;
        rest = tail;
    }
    msg.push_str(rest);
    if msg.contains("mapping values are not allowed") {
        msg.push_str(": a value contains `: `; put the whole value in quotes");
    } else if msg.contains("quoted scalar") {
        msg.push_str(": a quote is opened but never closed; end the value with the same quote");
    } else if msg.contains("found character that cannot start any token") {
        msg.push_str(": a value starts with a character YAML reserves (such as ` or @ or a tab); put the whole value in quotes and indent with spaces");
    }
    msg
}
