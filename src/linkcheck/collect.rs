//! The external addresses of a site: links in the briefs' text and their `source_url`, each
//! with every place it is written.

use std::collections::BTreeMap;

use crate::model::Site;

/// A place an address is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Use {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

/// Every external address of `site`, with where each is written, in address order.
pub(crate) fn collect(site: &Site) -> BTreeMap<String, Vec<Use>> {
    let mut out: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for e in site.articles.iter().chain(&site.pages) {
        for l in &e.rendered.external_links {
            out.entry(l.url.clone()).or_default().push(Use {
                file: e.src.file.clone(),
                line: l.line,
                col: l.col,
            });
        }
        if let Some(url) = &e.src.source_url {
            let lower = url.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                let (line, col) = place_of(&e.src.text, url);
                out.entry(url.clone()).or_default().push(Use {
                    file: e.src.file.clone(),
                    line,
                    col,
                });
            }
        }
    }
    for uses in out.values_mut() {
        uses.sort();
    }
    out
}

/// Where `source_url`'s value stands in the front matter.
fn place_of(text: &str, url: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("source_url:")
            && let Some(at) = line.find(url)
        {
            return (i + 1, line[..at].chars().count() + 1);
        }
    }
    (1, 1)
}
