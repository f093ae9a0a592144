//! `check --china` (or `china: true` in site.yaml): every resource a page would load from
//! another host — in the templates (`src=`, a `<link>`'s `href=`), in static CSS (`url()`,
//! `@import`) and in the briefs (images, and with raw HTML allowed, any `src=`) — listed at
//! its file and line. A host known to be blocked or slow in mainland China is an error, named
//! as such; any other host a warning: a page that waits for it is blank or slow for readers
//! there.

use crate::diag::{Code, Diagnostic};
use crate::load::StaticFile;
use crate::render::Renderer;

/// Hosts that mainland readers cannot reach, or reach slowly, and what they serve.
const BLOCKED: &[(&str, &str)] = &[
    ("fonts.googleapis.com", "Google Fonts"),
    ("fonts.gstatic.com", "Google Fonts"),
    ("ajax.googleapis.com", "Google's CDN"),
    ("maps.googleapis.com", "Google Maps"),
    ("www.google-analytics.com", "Google Analytics"),
    ("www.googletagmanager.com", "Google Tag Manager"),
    ("www.google.com", "Google (reCAPTCHA, embeds)"),
    ("www.youtube.com", "YouTube"),
    ("youtube.com", "YouTube"),
    ("i.ytimg.com", "YouTube"),
    ("player.vimeo.com", "Vimeo"),
    ("platform.twitter.com", "Twitter/X embeds"),
    ("x.com", "Twitter/X"),
    ("twitter.com", "Twitter/X"),
    ("connect.facebook.net", "Facebook"),
    ("www.facebook.com", "Facebook"),
    ("www.instagram.com", "Instagram"),
    ("raw.githubusercontent.com", "raw GitHub content"),
    ("gist.github.com", "GitHub gists"),
    ("use.typekit.net", "Adobe Fonts"),
    ("disqus.com", "Disqus"),
    ("cdn.jsdelivr.net", "jsDelivr"),
    ("unpkg.com", "unpkg"),
    ("cdnjs.cloudflare.com", "cdnjs"),
];

/// The external resources of the site's templates, static CSS and briefs.
pub(super) fn check(renderer: &Renderer, statics: &[StaticFile]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (file, text) in renderer.template_sources() {
        scan(file, text, Kind::Html, &mut out);
    }
    for f in statics.iter().filter(|f| f.path.ends_with(".css")) {
        if let Ok(text) = std::fs::read_to_string(&f.source) {
            scan(&f.maker(), &text, Kind::Css, &mut out);
        }
    }
    let site = renderer.site();
    for e in site.articles.iter().chain(&site.pages) {
        for r in &e.rendered.external_resources {
            report(&e.src.file, r.line, r.col, &r.url, &mut out);
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Css,
}

/// The resources `text` loads from other hosts, each reported at its line.
fn scan(file: &str, text: &str, kind: Kind, out: &mut Vec<Diagnostic>) {
    for (i, line) in text.lines().enumerate() {
        let starts: &[&str] = match kind {
            Kind::Html => &["src=\"", "src='", "srcset=\"", "@import \"", "url("],
            Kind::Css => &["url(", "@import \"", "@import '"],
        };
        for start in starts {
            for (at, _) in line.match_indices(start) {
                let rest = &line[at + start.len()..];
                let rest = rest.trim_start_matches(['"', '\'', ' ']);
                let url: String = rest
                    .chars()
                    .take_while(|c| !matches!(c, '"' | '\'' | ')' | ' ' | ',' | '>'))
                    .collect();
                let col = line[..at].chars().count() + start.chars().count() + 1;
                report(file, i + 1, col, &url, out);
            }
        }
        // A stylesheet, font or icon a template links to.
        if kind == Kind::Html && line.contains("<link") {
            for (at, _) in line.match_indices("href=\"") {
                let url: String = line[at + 6..].chars().take_while(|c| *c != '"').collect();
                let col = line[..at].chars().count() + 7;
                report(file, i + 1, col, &url, out);
            }
        }
    }
}

/// A diagnostic for `url` when it is on another host.
fn report(file: &str, line: usize, col: usize, url: &str, out: &mut Vec<Diagnostic>) {
    let Some(host) = host(url) else { return };
    let d = match BLOCKED.iter().find(|(h, _)| host == *h || host.ends_with(&format!(".{h}"))) {
        Some((_, what)) => Diagnostic::error(
            Code::ForeignResource,
            file,
            format!("`{url}` is loaded from {host} ({what}), which readers in mainland China cannot reach or reach slowly: the page waits for it"),
        )
        .help("serve the file from this site (put it in `static/`), or leave it out"),
        None => Diagnostic::warning(
            Code::ForeignResource,
            file,
            format!("`{url}` is loaded from another host, {host}: readers in mainland China may wait for it"),
        )
        .help("serve the file from this site (put it in `static/`) if readers in mainland China need it"),
    };
    out.push(d.at(line, col).span_len(url.chars().count()));
}

/// The host of a web address that leaves the site (`https://x/…`, `//x/…`), lowercased.
fn host(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let rest = (lower.strip_prefix("https://"))
        .or_else(|| lower.strip_prefix("http://"))
        .or_else(|| lower.strip_prefix("//"))?;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    (!host.is_empty() && !host.contains('{')).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_from_other_hosts_are_found_where_they_stand() {
        let mut out = Vec::new();
        let html = "<head>\n<link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css?family=Noto\">\n<script src=\"https://example.cn/a.js\"></script>\n<img src=\"/local.png\"><a href=\"https://x.cn/\">x</a>\n";
        scan("templates/base.html", html, Kind::Html, &mut out);
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0].line, Some(2));
        assert!(out[0].message.contains("Google Fonts"));
        assert_eq!(out[1].severity, crate::diag::Severity::Warning);
        let mut css = Vec::new();
        scan(
            "static/x.css",
            "@import url(https://fonts.gstatic.com/x.css);\nbody { background: url('/bg.png') }\n",
            Kind::Css,
            &mut css,
        );
        assert_eq!(css.len(), 1, "{css:?}");
        assert_eq!(
            host("//cdn.jsdelivr.net/x"),
            Some("cdn.jsdelivr.net".into())
        );
        assert_eq!(host("/local"), None);
    }
}
