//! A file's bytes to text briefing can publish: not too large, UTF-8, no control
//! characters. Used for briefs ([`decode`]) and site.yaml ([`control_characters`]).

use crate::diag::{Code, Diagnostic};

/// Decode UTF-8, or say where the first bad byte is.
pub(crate) fn decode(rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Code::FileTooLarge,
            rel,
            format!(
                "the file is {} KB; a brief may be at most {} KB",
                bytes.len() / 1024,
                MAX_FILE_BYTES / 1024
            ),
        )
        .help("split it into several briefs, or move large tables and data into linked files"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let last_line = good.rsplit(|&b| b == b'\n').next().unwrap_or(good);
        let col = String::from_utf8_lossy(last_line).chars().count() + 1;
        Diagnostic::error(Code::NotUtf8, rel, "the file is not valid UTF-8 text")
            .at(line, col)
            .help("save the file with UTF-8 encoding (in most editors: Save As → Encoding → UTF-8); GBK/GB2312 files must be converted")
    })?;
    control_characters(rel, &text)?;
    Ok(text)
}

/// The largest content file read (2 MiB: a brief is a few KB).
pub(crate) const MAX_FILE_BYTES: usize = 2 << 20;

/// A control character other than tab and line breaks (a form feed pasted from a PDF, a NUL)
/// is an error: no web page, feed or sitemap may carry it.
pub(crate) fn control_characters(rel: &str, text: &str) -> Result<(), Diagnostic> {
    if !may_have_control(text.as_bytes()) {
        return Ok(());
    }
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let Some((offset, c)) = text.char_indices().find(|&(_, c)| bad(c)) else {
        return Ok(());
    };
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let more = text[offset..].chars().filter(|&c| bad(c)).count() - 1;
    let also = if more > 0 {
        format!(" (and {more} more in this file)")
    } else {
        String::new()
    };
    Err(Diagnostic::error(
        Code::ControlCharacter,
        rel,
        format!(
            "the file contains the control character U+{:04X}{also}, which web pages and feeds cannot carry",
            c as u32
        ),
    )
    .at(line, col)
    .with_source(text)
    .help("delete it (it is invisible in most editors; text pasted from PDF or Word often brings a form feed U+000C along)"))
}

/// Whether `bytes` (UTF-8) may hold a control character: a byte below 0x20 other than tab and
/// line breaks, DEL, or 0xC2, which starts U+0080 to U+009F (and other Latin-1 letters, so
/// this only tells where to look closer). Whole blocks at a time, which compiles to vector
/// code: almost every file has none.
fn may_have_control(bytes: &[u8]) -> bool {
    may_have(bytes, true)
}

/// [`may_have_control`], a carriage return counted as a control character when `cr_allowed`
/// is false (a parsed value: YAML reads line ends as `\n`, so a `\r` there was an escape).
pub(crate) fn may_have(bytes: &[u8], cr_allowed: bool) -> bool {
    let odd = |b: u8| {
        let allowed = b == b'\t' || b == b'\n' || (cr_allowed && b == b'\r');
        (b < 0x20 && !allowed) | (b == 0x7f) | (b == 0xc2)
    };
    bytes
        .chunks(64)
        .any(|block| block.iter().fold(false, |any, &b| any | odd(b)))
}

#[cfg(test)]
mod tests {
    use super::control_characters;

    #[test]
    fn control_characters_are_found_anywhere_and_nothing_else_is() {
        let long = "甲".repeat(40);
        for (text, bad) in [
            (format!("{long}\u{85}{long}"), Some("U+0085")),
            (format!("{long}\u{7f}"), Some("U+007F")),
            (format!("\u{1b}{long}"), Some("U+001B")),
            (format!("© ½ ·\t{long}\r\n{long}\n"), None),
        ] {
            let got = control_characters("a.md", &text).err().map(|d| d.message);
            match bad {
                Some(code) => assert!(got.as_deref().is_some_and(|m| m.contains(code)), "{got:?}"),
                None => assert_eq!(got, None),
            }
        }
    }
}
