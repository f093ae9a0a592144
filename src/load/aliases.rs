//! `aliases:` — the addresses a brief had before (its file or `slug` renamed): each gets a
//! page that sends the reader on, so an address shared in a chat group or cited in a document
//! keeps working. An alias is an address on this site, written as readers saw it
//! (`/articles/old-name/`, with or without the site's base path); it becomes the file
//! `articles/old-name/index.html` (or `old.html` as written).

use crate::diag::{Code, Diagnostic};
use crate::load::fields::{Fields, Place};
use crate::slug::slug_problem;

/// An old address of a brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alias {
    /// As written.
    pub written: String,
    /// The file its redirect page is written to (`articles/old-name/index.html`).
    pub path: String,
    pub line: usize,
    pub col: usize,
}

/// `aliases:`, each checked and made a file path under the site's `base_path`.
pub(crate) fn read_aliases(f: &mut Fields, base_path: &str) -> Vec<Alias> {
    let Some((v, place)) = f.take("aliases") else {
        return Vec::new();
    };
    let written = f.text_list(v, &place).unwrap_or_default();
    let mut out: Vec<Alias> = Vec::new();
    for w in written {
        let (line, col) = f.position(&place, &w);
        match output_path(w.trim(), base_path) {
            Ok(path) if out.iter().any(|a| a.path == path) => {}
            Ok(path) => out.push(Alias {
                written: w,
                path,
                line,
                col,
            }),
            Err(why) => push(f, &place, &w, why),
        }
    }
    out
}

fn push(f: &mut Fields, place: &Place, written: &str, why: String) {
    let d: Diagnostic = f
        .diag_at_value(Code::BadAlias, place, Some(written), why)
        .help("write the brief's old address on this site as readers saw it, e.g. `aliases: [/articles/old-name/]`");
    f.push(d);
}

/// The file the redirect page for `written` goes to, or why there is none.
fn output_path(written: &str, base_path: &str) -> Result<String, String> {
    let refuse = |why: &str| Err(format!("`{written}` cannot be an alias: {why}"));
    if written.contains("://") || written.starts_with("//") || written.contains(':') {
        return refuse(
            "an alias is an address on this site (`/articles/old-name/`), not a full web address",
        );
    }
    if written.contains(['?', '#']) {
        return refuse(
            "an address with `?` or `#` is the page before it; write that page's address",
        );
    }
    let rest = written.strip_prefix(base_path).unwrap_or(written);
    let rest = rest.trim_start_matches('/');
    if rest.is_empty() {
        return refuse("it is the site's home page");
    }
    let folder = rest.ends_with('/');
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    for s in &segments {
        if let Some(why) = slug_problem(s) {
            return refuse(&format!(
                "its part `{s}` cannot be a folder or file name: {why}"
            ));
        }
    }
    let last = segments.last().copied().unwrap_or_default();
    let joined = segments.join("/");
    if folder || !last.contains('.') {
        Ok(format!("{joined}/index.html"))
    } else if last.ends_with(".html") || last.ends_with(".htm") {
        Ok(joined)
    } else {
        refuse("a redirect can only be a page: an address ending in `/` or `.html`")
    }
}

#[cfg(test)]
mod tests {
    use super::output_path;

    #[test]
    fn aliases_become_the_files_their_addresses_serve() {
        let ok = |w: &str| output_path(w, "/repo/").unwrap();
        assert_eq!(ok("/articles/old/"), "articles/old/index.html");
        assert_eq!(ok("/repo/articles/old/"), "articles/old/index.html");
        assert_eq!(ok("articles/old"), "articles/old/index.html");
        assert_eq!(ok("/2025/旧简报.html"), "2025/旧简报.html");
        for bad in [
            "https://example.com/a/",
            "/",
            "/articles/../etc/",
            "/a/?p=1",
            "/old.php",
            "/con/",
            "//evil.example/",
        ] {
            assert!(output_path(bad, "/repo/").is_err(), "{bad}");
        }
    }
}
