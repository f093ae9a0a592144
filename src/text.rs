//! Small text helpers every stage may use: HTML escaping, cutting text to a length, and a
//! stable short hash for cache-busting asset URLs.

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

/// At most `n` characters, with `…` when cut.
pub(crate) fn truncate_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// 8 hex digits of FNV-1a: a stable cache-busting version for asset URLs.
pub(crate) fn short_hash(bytes: &[u8]) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_truncation() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(truncate_chars("京津冀协同", 3), "京津冀…");
        assert_eq!(truncate_chars("京津冀", 3), "京津冀");
        assert_eq!(short_hash(b""), "811c9dc5");
        assert_ne!(short_hash(b"a"), short_hash(b"b"));
    }
}
