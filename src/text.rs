//! Small text helpers every stage may use: HTML escaping and its inverse, cutting text to a
//! length, and FNV-1a (the search key hash and cache-busting asset versions).

/// Escape text for HTML content and attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The inverse of [`escape_html`] (and of pulldown-cmark's escaping): the five entities read
/// back, `&amp;` last so `&amp;lt;` stays `&lt;`.
pub(crate) fn unescape_html(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// At most `n` characters, with `…` when cut.
pub(crate) fn truncate_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// FNV-1a's starting value and prime (32-bit).
pub(crate) const FNV_START: u32 = 0x811c_9dc5;
pub(crate) const FNV_PRIME: u32 = 0x0100_0193;

/// 32-bit FNV-1a of `bytes`.
pub(crate) fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(FNV_START, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(FNV_PRIME)
    })
}

/// 8 hex digits of FNV-1a: a stable cache-busting version for asset URLs.
pub(crate) fn short_hash(bytes: &[u8]) -> String {
    format!("{:08x}", fnv1a(bytes))
}

/// `bytes` in hexadecimal, two small digits a byte (an object id, a digest).
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digits = bytes.iter().flat_map(|b| [b >> 4, b & 15]);
    digits.map(|d| char::from(DIGITS[usize::from(d)])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_two_small_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn escaping_and_truncation() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(unescape_html("&amp;lt;&lt;b&gt;&quot;&#39;"), "&lt;<b>\"'");
        assert_eq!(truncate_chars("京津冀协同", 3), "京津冀…");
        assert_eq!(truncate_chars("京津冀", 3), "京津冀");
        assert_eq!(short_hash(b""), "811c9dc5");
        assert_ne!(short_hash(b"a"), short_hash(b"b"));
    }
}

/// `c.is_alphanumeric()` (Unicode's Alphabetic or Numeric; `search.js`'s
/// `[\p{Alphabetic}\p{N}]`), with ASCII, Han and the punctuation Chinese text is full of
/// answered without the Unicode tables: tokenizing and counting words ask this of every character.
pub(crate) fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // General Punctuation (“” — …), CJK punctuation (、。《》「」【】〔〕).
        0x2000..=0x206F | 0x3001..=0x3004 | 0x3008..=0x3020 => false,
        // Han, and Han extension A: letters all.
        0x3400..=0x4DBF | 0x4E00..=0x9FFF => true,
        _ => c.is_alphanumeric(),
    }
}

/// Drop the indentation and blank lines templates leave (spaces, tabs and line breaks after a
/// line break), except inside `<pre>`, `<textarea>`, `<script>` and `<style>`, where it may mean
/// something. What a browser shows is unchanged: between tags and words, a line break already
/// collapses with the spaces after it.
pub(crate) fn strip_indentation(html: &mut Vec<u8>) {
    const KEEP: [&[u8]; 4] = [b"pre", b"textarea", b"script", b"style"];
    let len = html.len();
    // Bytes before `out` are the result; `i` is where reading goes on.
    let mut out = 0;
    let mut i = 0;
    let mut keep_until: Option<&[u8]> = None;
    while i < len {
        // Only a line break or a tag can change what follows: copy up to the next one.
        let next = memchr::memchr2(b'\n', b'<', &html[i..]).map_or(len, |p| i + p + 1);
        if out != i {
            html.copy_within(i..next, out);
        }
        out += next - i;
        i = next;
        match html[i - 1] {
            b'<' => {
                let rest = &html[i..];
                match keep_until {
                    None => keep_until = KEEP.iter().copied().find(|t| starts_tag(rest, t)),
                    Some(t) => {
                        if rest.first() == Some(&b'/') && starts_tag(&rest[1..], t) {
                            keep_until = None;
                        }
                    }
                }
            }
            b'\n' if keep_until.is_none() => {
                while i < len && matches!(html[i], b' ' | b'\t' | b'\n') {
                    i += 1;
                }
            }
            _ => {}
        }
    }
    html.truncate(out);
}

/// Whether `rest` (the bytes after `<` or `</`) opens tag `name`, in any case.
fn starts_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(rest[name.len()], b'>' | b' ' | b'\t' | b'\n' | b'/')
}

#[cfg(test)]
#[test]
fn the_quick_alphanumeric_test_agrees_with_unicode() {
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        assert_eq!(
            is_alphanumeric(c),
            c.is_alphanumeric(),
            "U+{:04X}",
            c as u32
        );
    }
}

#[cfg(test)]
mod indentation_tests {
    use super::strip_indentation;

    fn strip(s: &str) -> String {
        let mut v = s.as_bytes().to_vec();
        strip_indentation(&mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn drops_indentation_between_tags() {
        assert_eq!(
            strip("<ul>\n    <li>a b</li>\n\n  \n\t<li>c</li>\n</ul>\n"),
            "<ul>\n<li>a b</li>\n<li>c</li>\n</ul>\n"
        );
    }

    #[test]
    fn keeps_preformatted_text_and_scripts() {
        let pre = "<div>\n  <pre class=\"x\"><code>fn main() {\n    go();\n}</code></pre>\n  <p>x</p>\n</div>";
        assert_eq!(
            strip(pre),
            "<div>\n<pre class=\"x\"><code>fn main() {\n    go();\n}</code></pre>\n<p>x</p>\n</div>"
        );
        assert_eq!(
            strip("<SCRIPT>\n  a();\n</SCRIPT>\n  <p>"),
            "<SCRIPT>\n  a();\n</SCRIPT>\n<p>"
        );
        assert_eq!(
            strip("<textarea>\n  t\n</textarea>"),
            "<textarea>\n  t\n</textarea>"
        );
        // A tag whose name only starts like one of them is not one of them.
        assert_eq!(strip("<preview>\n  a</preview>"), "<preview>\na</preview>");
    }
}
