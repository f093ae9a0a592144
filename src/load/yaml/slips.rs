//! What a Chinese input method types where YAML wants ASCII: an ideographic-space
//! indentation, a full-width colon after a key. Looked for only when the YAML does not read.

/// The first line where a Chinese input method typed what YAML reads only in ASCII: an
/// indentation with the ideographic space `　`, or a key with a full-width colon. As (line,
/// column, message).
pub(super) fn input_method_slip(text: &str) -> Option<(usize, usize, String)> {
    let indented = text.lines().enumerate().find_map(|(i, line)| {
        let lead = line.len() - line.trim_start_matches([' ', '\u{3000}']).len();
        line[..lead]
            .char_indices()
            .find(|&(_, c)| c == '\u{3000}')
            .map(|(at, _)| (i + 1, line[..at].chars().count() + 1))
    });
    let colon = full_width_colon(text);
    match (indented, colon) {
        (Some((l, c)), colon) if colon.is_none_or(|(cl, _, _)| l <= cl) => Some((
            l,
            c,
            "the line is indented with a full-width space `　`; YAML indents with ASCII spaces"
                .to_string(),
        )),
        (_, Some((l, c, key))) => Some((
            l,
            c,
            format!(
                "`{key}：` has a full-width colon `：`; YAML needs an ASCII colon and a space: `{key}: `"
            ),
        )),
        _ => None,
    }
}

/// The first line that starts with a key followed by a full-width colon (`summary：…`, as a
/// Chinese input method types it), as (line, column of the colon, key). Asked only when the
/// YAML does not read: inside a value the same text may be meant.
pub(crate) fn full_width_colon(text: &str) -> Option<(usize, usize, &str)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let body = line.trim_start();
        let body = body.strip_prefix("- ").unwrap_or(body).trim_start();
        let key_len = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        let key = &body[..key_len];
        let after = body[key_len..].trim_start();
        (key_len > 0
            && key.starts_with(|c: char| c.is_ascii_alphabetic())
            && after.starts_with('：'))
        .then(|| {
            let at = line.len() - after.len();
            (i + 1, line[..at].chars().count() + 1, key)
        })
    })
}
