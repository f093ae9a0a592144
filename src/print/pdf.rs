//! What the build reads of a PDF Chromium printed, and the one thing it changes: the page each
//! named destination (`#b-1`, an anchor of the print view) stands on, found through the
//! document's page tree and its `/Dests`; and the creation and modification dates, set to the
//! edition's day so that the same edition prints to the same bytes.
//!
//! Chromium (Skia) writes every dictionary as plain text and no object streams; a PDF that
//! does otherwise yields no page numbers, never an error.

use std::collections::HashMap;

use crate::date::Date;

/// The page (from 1) each of `names` starts on, or `None` when the PDF does not say.
pub(crate) fn pages_of(pdf: &[u8], names: &[String]) -> Option<Vec<usize>> {
    let objects = objects(pdf);
    let catalog = find(pdf, b"/Type /Catalog", 0)?;
    let object = memchr::memmem::rfind(&pdf[..catalog], b" 0 obj")?;
    let catalog = dict_at(pdf, object)?;
    let root = reference(catalog, b"/Pages")?;
    let mut leaves = Vec::new();
    walk(pdf, &objects, root, &mut leaves, 0)?;
    let dests = reference(catalog, b"/Dests")?;
    let dests = dict_at(pdf, *objects.get(&dests)?)?;
    names
        .iter()
        .map(|n| {
            let key = format!("/{n} [");
            let at = find(dests, key.as_bytes(), 0)? + key.len();
            let page = number_before_ref(&dests[at..])?;
            leaves.iter().position(|&p| p == page).map(|i| i + 1)
        })
        .collect()
}

/// `/CreationDate` and `/ModDate` set to `day`, midnight UTC (the same length: offsets hold).
pub(crate) fn set_dates(pdf: &mut [u8], day: Date) {
    let stamp = format!("D:{:04}{:02}{:02}000000", day.year, day.month, day.day);
    for key in [&b"/CreationDate (D:"[..], &b"/ModDate (D:"[..]] {
        let mut from = 0;
        while let Some(at) = find(pdf, key, from) {
            let start = at + key.len() - 2;
            let end = start + stamp.len();
            let digits = pdf
                .get(start + 2..end)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
            if digits {
                pdf[start..end].copy_from_slice(stamp.as_bytes());
            }
            from = end.min(pdf.len());
        }
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|i| i + from)
}

/// Where each object `N 0 obj` starts (the byte after `obj`).
fn objects(pdf: &[u8]) -> HashMap<usize, usize> {
    let mut out = HashMap::new();
    for at in memchr::memmem::find_iter(pdf, b" 0 obj") {
        let start = pdf[..at]
            .iter()
            .rposition(|b| !b.is_ascii_digit())
            .map_or(0, |i| i + 1);
        if let Some(n) = std::str::from_utf8(&pdf[start..at])
            .ok()
            .and_then(|s| s.parse().ok())
        {
            out.insert(n, at + " 0 obj".len());
        }
    }
    out
}

/// The dictionary that starts after byte `at`: from its `<<` to its matching `>>`.
fn dict_at(pdf: &[u8], at: usize) -> Option<&[u8]> {
    let open = find(pdf, b"<<", at)?;
    let mut depth = 0usize;
    let mut i = open;
    while i + 1 < pdf.len() {
        match &pdf[i..i + 2] {
            b"<<" => {
                depth += 1;
                i += 2;
            }
            b">>" => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(&pdf[open..i]);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The object `key N 0 R` names in `dict`.
fn reference(dict: &[u8], key: &[u8]) -> Option<usize> {
    let at = find(dict, key, 0)? + key.len();
    number_before_ref(&dict[at..])
}

/// `N` of the first `N 0 R` at the start of `s` (after spaces).
fn number_before_ref(s: &[u8]) -> Option<usize> {
    let s = std::str::from_utf8(&s[..s.len().min(40)]).ok()?;
    let mut words = s.split_whitespace();
    let n = words.next()?.parse().ok()?;
    (words.next()? == "0" && words.next()?.starts_with('R')).then_some(n)
}

/// The leaves of the page tree under object `node`, in order.
fn walk(
    pdf: &[u8],
    objects: &HashMap<usize, usize>,
    node: usize,
    out: &mut Vec<usize>,
    depth: usize,
) -> Option<()> {
    if depth > 32 {
        return None;
    }
    let dict = dict_at(pdf, *objects.get(&node)?)?;
    let Some(kids) = find(dict, b"/Kids [", 0) else {
        out.push(node);
        return Some(());
    };
    let list = &dict[kids + 7..];
    let list = &list[..find(list, b"]", 0)?];
    let text = std::str::from_utf8(list).ok()?;
    let words: Vec<&str> = text.split_whitespace().collect();
    for r in words.chunks(3) {
        walk(pdf, objects, r.first()?.parse().ok()?, out, depth + 1)?;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page tree of two levels, as a long document has, and destinations on pages 1 and 3.
    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<</Type /Page /Parent 5 0 R>>\nendobj\n\
2 0 obj\n<</Type /Page /Parent 6 0 R>>\nendobj\n3 0 obj\n<</Type /Page /Parent 6 0 R>>\nendobj\n\
5 0 obj\n<</Type /Pages /Kids [1 0 R] /Count 1>>\nendobj\n\
6 0 obj\n<</Type /Pages /Kids [3 0 R 2 0 R] /Count 2>>\nendobj\n\
7 0 obj\n<</Type /Pages /Kids [5 0 R 6 0 R] /Count 3>>\nendobj\n\
8 0 obj\n<</b-1 [1 0 R /XYZ 6 827 0]\n/b-2 [2 0 R /XYZ 6 827 0]>>\nendobj\n\
9 0 obj\n<</Type /Catalog\n/Pages 7 0 R\n/Dests 8 0 R>>\nendobj\n\
10 0 obj\n<</CreationDate (D:20261206000323+00'00')\n/ModDate (D:20261206000323+00'00')>>\nendobj\n";

    #[test]
    fn destinations_are_found_on_their_pages_through_the_tree() {
        let names = ["b-1".to_string(), "b-2".to_string()];
        assert_eq!(pages_of(PDF, &names), Some(vec![1, 3]));
        assert_eq!(pages_of(PDF, &["b-9".to_string()]), None);
        assert_eq!(pages_of(b"%PDF-1.4 nothing", &names), None);
    }

    #[test]
    fn dates_become_the_editions_day_in_the_same_length() {
        let mut pdf = PDF.to_vec();
        set_dates(&mut pdf, Date::parse("2026-06-12").unwrap());
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(text.matches("(D:20260612000000+00'00')").count(), 2);
        assert_eq!(pdf.len(), PDF.len());
    }
}
