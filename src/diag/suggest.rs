//! "Did you mean": the closest known word to a typo, for help lines.

/// The closest of `candidates` to `word`, if any is close enough to be a plausible typo.
pub(crate) fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word_l, &c.to_lowercase()), c))
        .filter(|(d, c)| {
            let longest = word.chars().count().max(c.chars().count());
            *d <= 2.max(longest / 3) && *d < longest
        })
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// `did you mean `x`?` help text, or a list of what is allowed when nothing is close.
pub(crate) fn suggest(word: &str, known: &[&str], what: &str) -> String {
    match did_you_mean(word, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? ({what}: {})", known.join(", ")),
        None => format!("{what}: {}", known.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_common_typos() {
        let known = ["title", "date", "domains", "regions", "tags"];
        let cases = [
            ("domian", Some("domains")),
            ("domain", Some("domains")),
            ("tittle", Some("title")),
            ("regoins", Some("regions")),
            ("xyz", None),
            ("colour", None),
        ];
        for (input, expected) in cases {
            assert_eq!(did_you_mean(input, known), expected, "input {input}");
        }
    }
}
