//! The URL policy: one rule for every address an editor or a config writes (front matter,
//! `site.yaml`, Markdown links and images). An address is published only if it is relative
//! (`../a.md`, `/images/x.png`, `#part`) or uses one of [`ALLOWED`] schemes; `javascript:`,
//! `data:`, `vbscript:`, `file:` and every other scheme are refused, however they are spelt
//! (`JaVaScRiPt:`, with tabs or line breaks inside, which browsers ignore).

/// Schemes a published link may use.
pub(crate) const ALLOWED: &[&str] = &["http", "https", "mailto", "tel"];

/// The scheme of `url` as a browser would read it (lowercased, white space and control
/// characters dropped), if it has one.
pub(crate) fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let (head, _) = cleaned.split_once(':')?;
    let ok = head.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    // `a/b:c` or `?x:y` is a relative path with a colon in it, not a scheme.
    ok.then(|| head.to_ascii_lowercase())
}

/// Why `url` may not be published, if it may not.
pub(crate) fn refused(url: &str) -> Option<String> {
    match scheme(url) {
        Some(s) if !ALLOWED.contains(&s.as_str()) => Some(format!(
            "`{s}:` addresses are not published (allowed: {}, or a relative path)",
            ALLOWED
                .iter()
                .map(|a| format!("{a}:"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_mail_and_phone_schemes_pass() {
        let cases = [
            ("https://example.cn/a", true),
            ("http://x", true),
            ("mailto:a@b.cn", true),
            ("tel:+86-10-1234", true),
            ("../2026/a.md", true),
            ("/images/a.png", true),
            ("#part", true),
            ("a/b:c", true),
            ("javascript:alert(1)", false),
            (" JaVaScRiPt:alert(1)", false),
            ("java\tscript:alert(1)", false),
            ("java\nscript:alert(1)", false),
            ("data:text/html,<script>", false),
            ("vbscript:x", false),
            ("file:///etc/passwd", false),
        ];
        for (url, ok) in cases {
            assert_eq!(refused(url).is_none(), ok, "{url:?}");
        }
    }
}
