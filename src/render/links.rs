//! Links inside the site, checked once every page is known: an address from the site's root
//! (`/articles/x/`, with or without the base path) must be a page or a file the build writes,
//! and a `#heading` of a brief (this one's, `/articles/x/#…` or `b.md#…`) one of its headings.
//! A link that leads nowhere is an error at its line, with "did you mean".

use std::collections::{HashMap, HashSet};

use crate::diag::{self, Code, Diagnostic};
use crate::markdown::SiteLink;
use crate::model::Entry;
use crate::render::{Job, Renderer};

/// Ids the built-in `article.html` gives its own sections: a link to them is not a heading's.
const TEMPLATE_IDS: [&str; 6] = ["toc-h", "h-corr", "h-figs", "h-ms", "h-related", "h-back"];

impl Renderer {
    /// Links to addresses of this site that lead nowhere.
    pub(super) fn site_link_problems(
        &self,
        jobs: &[Job],
        claimed: &[(String, String)],
    ) -> Vec<Diagnostic> {
        let s = &self.site;
        let base = s.config.base_path();
        let mut files: HashSet<&str> = jobs.iter().map(|j| j.path.as_str()).collect();
        files.extend(claimed.iter().map(|(p, _)| p.as_str()));
        let entries: Vec<&Entry> = s.articles.iter().chain(&s.pages).collect();
        let page_of = |e: &Entry| {
            let address = e.url.strip_prefix(base).unwrap_or(&e.url);
            format!("{address}index.html")
        };
        let by_page: HashMap<String, &Entry> = entries.iter().map(|e| (page_of(e), *e)).collect();
        let by_file: HashMap<&str, &Entry> =
            entries.iter().map(|e| (e.src.file.as_str(), *e)).collect();
        let addresses: Vec<String> = entries
            .iter()
            .map(|e| format!("/{}", page_of(e).trim_end_matches("index.html")))
            .collect();
        let mut out = Vec::new();
        for e in &entries {
            for l in &e.rendered.site_links {
                let target = if l.path.is_empty() {
                    Some(*e)
                } else if let Some(file) = l.path.strip_prefix("file:") {
                    match by_file.get(file) {
                        Some(t) => Some(*t),
                        None => continue, // a missing brief: its own error says so
                    }
                } else {
                    match found(&files, &l.path) {
                        Some(page) => by_page.get(&page).copied(),
                        None => {
                            out.push(nowhere(e, l, &addresses));
                            continue;
                        }
                    }
                };
                if let (Some(t), Some(f)) = (target, &l.fragment)
                    && !has_id(t, f)
                {
                    out.push(no_heading(e, l, t, f));
                }
            }
        }
        out
    }
}

/// The file an address is served from, if the build writes it: the path itself, or its
/// folder's `index.html`.
fn found(files: &HashSet<&str>, path: &str) -> Option<String> {
    if files.contains(path) {
        return Some(path.to_string());
    }
    let folder = format!("{}/index.html", path.trim_end_matches('/'));
    let page = if path.is_empty() {
        "index.html".to_string()
    } else {
        folder
    };
    files.contains(page.as_str()).then_some(page)
}

fn has_id(e: &Entry, id: &str) -> bool {
    let id = percent_encoding::percent_decode_str(id).decode_utf8_lossy();
    TEMPLATE_IDS.contains(&id.as_ref()) || e.rendered.toc.iter().any(|h| h.id == id)
}

fn nowhere(e: &Entry, l: &SiteLink, addresses: &[String]) -> Diagnostic {
    let wrote = l.dest.split(['#', '?']).next().unwrap_or(&l.dest);
    let d = Diagnostic::error(
        Code::BrokenLink,
        &e.src.file,
        format!(
            "link to an address of this site that leads nowhere: `{}`",
            l.dest
        ),
    )
    .at(l.line, l.col)
    .span_len(l.dest.chars().count());
    match diag::did_you_mean(wrote, addresses.iter().map(String::as_str)) {
        Some(best) => d.help(format!("did you mean `{best}`?")),
        None => d.help("link to another brief by its file, e.g. `[见](../2026/hebei.md)`: the address follows it"),
    }
}

fn no_heading(e: &Entry, l: &SiteLink, target: &Entry, id: &str) -> Diagnostic {
    let ids = target.rendered.toc.iter().map(|h| h.id.as_str());
    let d = Diagnostic::error(
        Code::BrokenLink,
        &e.src.file,
        format!(
            "link to a heading that {} does not have: `#{id}`",
            target.src.file
        ),
    )
    .at(l.line, l.col)
    .span_len(l.dest.chars().count());
    match diag::did_you_mean(id, ids) {
        Some(best) => d.help(format!("did you mean `#{best}`?")),
        None => {
            let all: Vec<&str> = target.rendered.toc.iter().map(|h| h.id.as_str()).collect();
            d.help(format!("its headings are: {}", all.join(", ")))
        }
    }
}
