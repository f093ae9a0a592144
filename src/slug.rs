//! Slugs and URL segments: the one place that decides how names become parts of addresses.
//!
//! - [`tag_slug`]: a tag's folder name (`tags/<slug>/`);
//! - [`heading_id`]: a heading's `id` (the `#fragment` of a section);
//! - [`slug_problem`]: whether an editor's `slug:` (or file name) is safe as a folder name;
//! - [`encode_segment`] / [`encode_path`]: percent-encoding of such names in URLs.
//!
//! All of them keep letters and digits of every script, so Chinese names stay readable in the
//! address bar, and drop or refuse what means something to a URL or a file system.

/// A tag's URL segment: letters and digits of any script kept, ASCII lowercased, spaces to `-`,
/// `.`, `+` and `~` kept (`PM2.5`, `C++`), other ASCII signs written as `~` and their code
/// (`C#` → `c~23`), other signs dropped; tags merge only by letter case and spacing. A tag with no letter or
/// digit (`!!!`) gets `tag-` and a hash of its name, so two such tags never share a page.
pub(crate) fn tag_slug(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if crate::text::is_alphanumeric(c) || matches!(c, '-' | '_' | '.' | '+' | '~') {
            // Lowercasing may add a combining mark (`İ` → `i̇`): keep only what a slug keeps, so
            // a slug's slug is itself (found by the `slugs` fuzz target).
            s.extend(c.to_lowercase().filter(|l| {
                crate::text::is_alphanumeric(*l) || matches!(*l, '-' | '_' | '.' | '+' | '~')
            }));
        } else if (c.is_whitespace() || c == '·') && !s.ends_with('-') {
            s.push('-');
        } else if c.is_ascii_punctuation() {
            // `C#` is not `C`: other ASCII signs are kept, written as `~` and their code.
            s.push_str(&format!("~{:02x}", c as u32));
        }
    }
    let s = s.trim_matches(['-', '.']).to_string();
    if s.is_empty() {
        format!("tag-{}", crate::text::short_hash(name.trim().as_bytes()))
    } else if s.len() > MAX_SLUG_BYTES {
        // A tag too long for a folder name: its start, and a hash of the whole.
        let mut cut = MAX_SLUG_BYTES - 20;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        let head = s[..cut].trim_end_matches('-');
        format!("{head}-{}", crate::text::short_hash(name.trim().as_bytes()))
    } else if windows_reserved(&s) {
        format!("{s}_")
    } else {
        s
    }
}

/// A heading's id: letters and digits of any script kept (so Chinese stays), ASCII lowercased,
/// spaces and dashes to a single `-`, everything else dropped.
pub(crate) fn heading_id(title: &str) -> String {
    let mut id = String::with_capacity(title.len());
    let mut dash = false;
    for c in title.trim().chars() {
        if crate::text::is_alphanumeric(c) {
            if dash && !id.is_empty() {
                id.push('-');
            }
            dash = false;
            id.extend(
                c.to_lowercase()
                    .filter(|l| crate::text::is_alphanumeric(*l)),
            );
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '·' {
            dash = true;
        }
    }
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// A slug becomes a folder name and part of a URL: no separators, no `..`, no spaces.
pub(crate) fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.is_empty() {
        Some("it is empty")
    } else if slug.len() > MAX_SLUG_BYTES {
        Some(
            "it is longer than 150 bytes (a Chinese character takes 3): too long for a folder name",
        )
    } else if slug.contains(['/', '\\']) {
        Some("it contains `/` or `\\`")
    } else if slug.starts_with('.') {
        Some("it starts with `.`")
    } else if slug.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("it contains spaces")
    } else if slug.contains(['?', '#', '%', '"', '\'', '<', '>', '&', ':', '*', '|']) {
        Some("it contains one of ? # % \" ' < > & : * |")
    } else if slug.ends_with('.') {
        Some("it ends with `.`, which Windows drops from folder names")
    } else if windows_reserved(slug) {
        Some("Windows reserves this name (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9) for devices")
    } else {
        None
    }
}

/// The longest slug, in bytes: a folder name may have 255, and a page's folder is also
/// written with a temporary name beside it.
const MAX_SLUG_BYTES: usize = 150;

/// Whether Windows reserves `name` (with or without an extension, in any case) for a device:
/// a folder of that name cannot be made there, and the binaries ship for Windows.
pub(crate) fn windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && matches!(stem.as_bytes()[3], b'1'..=b'9'))
}

/// Percent-encode a path segment (Chinese tags stay readable in the address bar).
pub(crate) fn encode_segment(s: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(s, SET).to_string()
}

/// A path segment as written in the site's own links: letters and digits of any script stay
/// as they are (`tags/大气污染联防联控/`, a valid URL that browsers request percent-encoded,
/// at a third of the bytes), everything else is percent-encoded as [`encode_segment`] does.
/// Full addresses given to other programs (canonical links, feeds, sitemap, API) go through
/// [`ascii_url`].
pub(crate) fn link_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for c in s.chars() {
        let keep = c.is_ascii_alphanumeric()
            || matches!(c, '-' | '_' | '.' | '~')
            || (!c.is_ascii() && crate::text::is_alphanumeric(c));
        if keep {
            out.push(c);
        } else {
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// [`link_segment`] for each segment of a `/`-separated path.
pub(crate) fn link_path(path: &str) -> String {
    path.split('/')
        .map(link_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// An address with every non-ASCII byte percent-encoded (ASCII, including `%`, is kept).
pub(crate) fn ascii_url(url: &str) -> String {
    if url.is_ascii() {
        return url.to_string();
    }
    let mut out = String::with_capacity(url.len() * 2);
    for c in url.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Percent-encode each segment of a `/`-separated path.
pub(crate) fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_segments_keep_letters_and_encode_the_rest() {
        assert_eq!(link_segment("大气污染联防联控"), "大气污染联防联控");
        assert_eq!(link_segment("pm2-5"), "pm2-5");
        // Not letters: ideographic space, full-width punctuation, ASCII punctuation.
        assert_eq!(link_segment("a\u{3000}b"), "a%E3%80%80b");
        assert_eq!(link_segment("（a）"), "%EF%BC%88a%EF%BC%89");
        assert_eq!(link_segment("a b?#%"), "a%20b%3F%23%25");
        assert_eq!(link_path("tags/雄安/page/2/"), "tags/雄安/page/2/");
        // The full address has the same bytes, encoded.
        assert_eq!(
            ascii_url("https://x.cn/tags/雄安/"),
            format!("https://x.cn/tags/{}/", encode_segment("雄安"))
        );
        assert_eq!(ascii_url("https://x.cn/a%20b/"), "https://x.cn/a%20b/");
    }

    #[test]
    fn tag_slugs() {
        let cases = [
            ("大气污染联防联控", "大气污染联防联控"),
            ("  PM2.5 ", "pm2.5"),
            ("C++", "c++"),
            ("C#", "c~23"),
            ("C", "c"),
            ("Hello World", "hello-world"),
            ("京津冀·协同", "京津冀-协同"),
            ("燕山—塞罕坝", "燕山塞罕坝"),
            ("a/b?c#d", "a~2fb~3fc~23d"),
            ("v1.", "v1"),
            ("--x--", "x"),
            ("İstanbul", "istanbul"),
        ];
        for (input, expected) in cases {
            assert_eq!(tag_slug(input), expected, "tag {input:?}");
        }
        // Tags without letters or digits keep pages of their own.
        assert_eq!(tag_slug("!!!"), "~21~21~21");
        let (a, b) = (tag_slug("！！！"), tag_slug("？？？"));
        assert!(
            a.starts_with("tag-") && b.starts_with("tag-") && a != b,
            "{a} {b}"
        );
        assert_eq!(tag_slug(" ！！！ "), a, "stable");
        // Names Windows reserves, and tags too long for a folder, get pages they can have.
        assert_eq!(tag_slug("CON"), "con_");
        assert_eq!(tag_slug("con_"), "con_");
        let long = tag_slug(&"长".repeat(100));
        assert!(
            long.len() <= MAX_SLUG_BYTES && slug_problem(&long).is_none(),
            "{long}"
        );
        assert_eq!(tag_slug(&long), long);
    }

    #[test]
    fn heading_ids() {
        let cases = [
            ("交通 京雄快线", "交通-京雄快线"),
            ("产业 燕赵实验室“组团出道”", "产业-燕赵实验室组团出道"),
            ("Hello, World!", "hello-world"),
            ("2026 年 H2", "2026-年-h2"),
            ("  a -- b  ", "a-b"),
            ("！！！", "section"),
        ];
        for (input, expected) in cases {
            assert_eq!(heading_id(input), expected, "heading {input:?}");
        }
    }

    #[test]
    fn slug_problems() {
        let windows = Some(
            "Windows reserves this name (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9) for devices",
        );
        let long = "长".repeat(51);
        let cases: [(&str, Option<&str>); 15] = [
            ("con", windows),
            ("NUL", windows),
            ("com7.md", windows),
            ("lpt1", windows),
            ("console", None),
            (
                "a.",
                Some("it ends with `.`, which Windows drops from folder names"),
            ),
            (
                &long,
                Some(
                    "it is longer than 150 bytes (a Chinese character takes 3): too long for a folder name",
                ),
            ),
            ("tianjin-ecology", None),
            ("京雄城际", None),
            ("", Some("it is empty")),
            ("a/b", Some("it contains `/` or `\\`")),
            ("..", Some("it starts with `.`")),
            (".hidden", Some("it starts with `.`")),
            ("a b", Some("it contains spaces")),
            ("a?b", Some("it contains one of ? # % \" ' < > & : * |")),
        ];
        for (input, expected) in cases {
            assert_eq!(slug_problem(input), expected, "slug {input:?}");
        }
    }

    #[test]
    fn url_segments() {
        let cases = [
            ("京津冀", "%E4%BA%AC%E6%B4%A5%E5%86%80"),
            ("a-b_c.d~e", "a-b_c.d~e"),
            ("a b/c", "a%20b%2Fc"),
        ];
        for (input, expected) in cases {
            assert_eq!(encode_segment(input), expected, "segment {input:?}");
        }
        assert_eq!(
            encode_path("tags/生态/index.html"),
            "tags/%E7%94%9F%E6%80%81/index.html"
        );
    }

    #[test]
    fn slugs_are_idempotent_and_safe() {
        for input in ["大气 污染", "PM2.5", "a/b", "..", "x y z", "A-B"] {
            let once = tag_slug(input);
            assert_eq!(tag_slug(&once), once, "tag_slug({input:?}) is stable");
            assert_eq!(
                slug_problem(&once),
                None,
                "tag_slug({input:?}) = {once:?} is safe"
            );
            let id = heading_id(input);
            assert_eq!(heading_id(&id), id, "heading_id({input:?}) is stable");
        }
    }
}
