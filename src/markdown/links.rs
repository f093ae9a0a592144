//! Links and images in a body: `.md` links become article URLs (or are reported), `/` paths
//! get the site's base path, and `javascript:`-like URLs are neutralised.

use pulldown_cmark::CowStr;

use crate::markdown::RenderOptions;

/// A local image found in the body (`![说明](photo.jpg)`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MdImage {
    /// As written.
    pub dest: String,
    /// The file it points to, relative to the root.
    pub target_file: String,
    pub line: usize,
    pub col: usize,
    pub alt_empty: bool,
    /// Why it cannot be used, if it cannot.
    pub problem: Option<String>,
}

/// A `.md` link found in the body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MdLink {
    /// As written.
    pub dest: String,
    /// The content file it points to, relative to the root.
    pub target_file: String,
    pub resolved: bool,
    pub line: usize,
    pub col: usize,
}

/// A link to an address of this site, with where it is written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SiteLink {
    /// As written.
    pub dest: String,
    /// The address from the site's root, without the base path (`articles/x/`); empty for
    /// this page.
    pub path: String,
    /// The heading it leads to (`#…`), if any.
    pub fragment: Option<String>,
    pub line: usize,
    pub col: usize,
}

/// A link to another site, with where it is written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExternalLink {
    pub url: String,
    pub line: usize,
    pub col: usize,
}

/// Byte offset → (line, column) within the body, both 1-based; columns count characters.
pub(super) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    pub(super) fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (line, col)
    }
}

fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// `/images/a.png` → `/repo/images/a.png` (a path written with the base path stays).
pub(super) fn rebase<'a>(dest: &CowStr<'a>, base_path: &str) -> CowStr<'a> {
    // The one URL policy (crate::url): a refused scheme becomes a dead link.
    if crate::url::refused(dest).is_some() {
        return "#".into();
    }
    if base_path != "/" && dest.starts_with(base_path) {
        return dest.clone();
    }
    match dest.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') && base_path != "/" => {
            format!("{base_path}{rest}").into()
        }
        _ => dest.clone(),
    }
}

/// Note `dest` when it leads to an address of this site: a path from the site's root
/// (`/articles/x/`, with or without the base path), a fragment of this page (`#heading`), or a
/// brief's heading (`b.md#heading`, its page known once the model is).
pub(super) fn note_site_link(
    dest: &str,
    opts: &RenderOptions,
    (line, col): (usize, usize),
    links: &mut Vec<SiteLink>,
) {
    if is_external(dest) || dest.starts_with("//") || dest.is_empty() {
        return;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string()).filter(|f| !f.is_empty())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let path = if let Some(rooted) = path.strip_prefix('/') {
        let base = opts.base_path.trim_start_matches('/');
        rooted
            .strip_prefix(base)
            .filter(|_| !base.is_empty())
            .unwrap_or(rooted)
            .to_string()
    } else if path.is_empty() {
        String::new()
    } else if path.ends_with(".md") && fragment.is_some() {
        // A brief's heading: the page is the file's, checked with the file's headings.
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        format!("file:{}", join_relative(opts.file, &decoded))
    } else {
        return;
    };
    let path = percent_encoding::percent_decode_str(&path)
        .decode_utf8_lossy()
        .into_owned();
    links.push(SiteLink {
        dest: dest.to_string(),
        path,
        fragment,
        line,
        col,
    });
}

/// Note `dest` when it is a web address of another site.
pub(super) fn note_external_link(
    dest: &str,
    (line, col): (usize, usize),
    links: &mut Vec<ExternalLink>,
) {
    let lower = dest.get(..8).unwrap_or(dest).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        links.push(ExternalLink {
            url: dest.to_string(),
            line,
            col,
        });
    }
}

/// Note every `src=` of raw HTML (allowed with `markdown.unsafe_html`) that is a web address
/// of another site: an `<iframe>`, `<img>` or `<script>` the page would load.
pub(super) fn note_html_resources(
    html: &str,
    (line, col): (usize, usize),
    out: &mut Vec<ExternalLink>,
) {
    for (at, _) in html.match_indices("src=") {
        let rest = html[at + 4..].trim_start_matches(['"', '\'']);
        let url: String = rest
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '>'))
            .collect();
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
        {
            let before = &html[..at];
            let lines = before.matches('\n').count();
            let col = match before.rfind('\n') {
                Some(nl) => before[nl + 1..].chars().count() + 1,
                None => col + before.chars().count(),
            };
            out.push(ExternalLink {
                url,
                line: line + lines,
                col,
            });
        }
    }
}

pub(super) fn rewrite_link<'a>(
    dest: &CowStr<'a>,
    opts: &RenderOptions,
    (line, col): (usize, usize),
    links: &mut Vec<MdLink>,
) -> CowStr<'a> {
    if is_external(dest) || dest.starts_with('#') || dest.starts_with('/') || dest.is_empty() {
        return rebase(dest, opts.base_path);
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest.as_ref(), None),
    };
    let path = path.split('?').next().unwrap_or(path);
    if !path.ends_with(".md") {
        return dest.clone();
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let target_file = join_relative(opts.file, &decoded);
    let target = (opts.resolve)(&target_file);
    links.push(MdLink {
        dest: dest.to_string(),
        target_file,
        resolved: target.is_some(),
        line,
        col,
    });
    match target {
        Some(t) => match fragment {
            Some(f) => format!("{}#{f}", t.url).into(),
            None => t.url.into(),
        },
        None => dest.clone(),
    }
}

/// The content file a local address points to (`photo.jpg`, `img/a.png`, `../2025/b.jpg`),
/// relative to the root; `None` for web addresses, site paths (`/images/…`) and fragments.
pub(crate) fn local_file(dest: &str, from: &str) -> Option<String> {
    if dest.is_empty() || is_external(dest) || dest.starts_with(['/', '#', '?']) {
        return None;
    }
    let path = dest.split(['?', '#']).next().unwrap_or(dest);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    Some(join_relative(from, &decoded))
}

/// Resolve `rel` against the folder of `from` (both `/`-separated, relative to the root).
pub(crate) fn join_relative(from: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}
