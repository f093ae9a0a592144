//! Stable diagnostic codes: one per kind of problem, set where the diagnostic is made.
//!
//! A code's id (`unknown-domain`) is what tools rely on: `--format json` carries it as
//! `code`, `--format github` as the annotation's `title`, and `briefing explain ID` prints its
//! page from `docs/diagnostics.md` (or `docs/diagnostics.zh.md` for a Chinese site). A
//! message's wording may change; an id, once released, does not. Tests hold the three lists
//! together: every code has a page in both documents, every page names a code, and every
//! code is used somewhere in `src/`.

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $id:literal,)*) => {
        /// A kind of problem, with a stable kebab-case id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the order of the documentation.
            pub(crate) const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The stable id, e.g. `unknown-domain`.
            pub(crate) fn id(self) -> &'static str {
                match self {
                    $(Code::$variant => $id,)*
                }
            }
        }
    };
}

codes! {
    // Reading files.
    /// A file that is not UTF-8 text.
    NotUtf8 => "not-utf8",
    /// A file or folder that cannot be read (missing, no permission).
    Unreadable => "unreadable",
    /// A brief larger than briefing reads.
    FileTooLarge => "file-too-large",
    /// An invisible control character in a file.
    ControlCharacter => "control-character",
    /// A file in `content/` that is not a brief (another ending), left out.
    NotABrief => "not-a-brief",
    /// A symbolic link in `content/` or `static/`, left out.
    SymbolicLink => "symbolic-link",
    // Front matter and YAML.
    /// A brief without the `---` block at its top.
    NoFrontMatter => "no-front-matter",
    /// A front matter opened with `---` and never closed.
    UnclosedFrontMatter => "unclosed-front-matter",
    /// A fence typed with other dashes than `---`.
    BadFence => "bad-fence",
    /// YAML that cannot be read.
    YamlSyntax => "yaml-syntax",
    /// A block that should be `key: value` lines and is not.
    NotAMapping => "not-a-mapping",
    /// A field briefing does not know.
    UnknownField => "unknown-field",
    /// A required field that is absent.
    MissingField => "missing-field",
    /// A field that is present but empty.
    EmptyField => "empty-field",
    /// A value of the wrong type (a list for text, text for a number).
    WrongType => "wrong-type",
    /// A count in site.yaml below its least.
    CountTooSmall => "count-too-small",
    // Values.
    /// A publication date (or `as_of`) that is not a day.
    BadDate => "bad-date",
    /// An `updated:` or correction date before the brief's `date`, or after today.
    UpdateDate => "update-date",
    /// A milestone date or figure period that is not a fuzzy date.
    BadFuzzyDate => "bad-fuzzy-date",
    /// A milestone status that is not one of the statuses.
    UnknownStatus => "unknown-status",
    /// `source_key` names no registered source, or a brief quotes without naming one.
    UnknownSource => "unknown-source",
    /// A `quote:` that is not in the brief's registered source.
    QuoteNotFound => "quote-not-found",
    /// A figure whose number or qualifier its quote does not give.
    FigureNotInQuote => "figure-not-in-quote",
    /// A figure or milestone without a quote, in a brief with a registered source.
    UnquotedClaim => "unquoted-claim",
    /// A run of 30 characters or more of a brief's own words found in its source.
    CopiedText => "copied-text",
    /// Two milestones of one brief with the same `id:`.
    DuplicateMilestoneId => "duplicate-milestone-id",
    /// A domain that site.yaml does not define.
    UnknownDomain => "unknown-domain",
    /// A region that site.yaml does not define.
    UnknownRegion => "unknown-region",
    /// An article with an empty `domains` list.
    EmptyDomains => "empty-domains",
    /// More tags than a brief may have.
    TooManyTags => "too-many-tags",
    /// A tag with a Chinese comma in it: two tags typed as one.
    TagRunTogether => "tag-run-together",
    /// A tag written otherwise than its page shows it (letter case, spacing).
    TagMerged => "tag-merged",
    /// A `layout` that is not `article` or `page`.
    UnknownLayout => "unknown-layout",
    /// A slug (or file name) that cannot be a web address.
    UnsafeSlug => "unsafe-slug",
    /// A web address that cannot be published or used (`source_url`, `base_url`, `edit_url`).
    UnusableUrl => "unusable-url",
    /// A figure's value that is not a number a reader can use.
    BadNumber => "bad-number",
    /// A figure's qualifier that is not one of the qualifiers.
    UnknownQualifier => "unknown-qualifier",
    /// A figure naming a series that site.yaml does not define.
    UnknownSeries => "unknown-series",
    /// A figure in a series with another unit than the series.
    SeriesUnitMismatch => "series-unit-mismatch",
    /// A point of a series with neither `year` nor `period`.
    SeriesPointWithoutTime => "series-point-without-time",
    // site.yaml.
    /// A domain, region or series key that cannot be part of an address.
    BadKey => "bad-key",
    /// A key used twice in one list of site.yaml.
    DuplicateKey => "duplicate-key",
    /// A time zone that is not an IANA name.
    UnknownTimeZone => "unknown-time-zone",
    /// A highlighting theme briefing does not have.
    UnknownHighlightTheme => "unknown-highlight-theme",
    /// An interface string briefing does not have.
    UnknownInterfaceString => "unknown-interface-string",
    /// A `markdown.` setting briefing does not have.
    UnknownSetting => "unknown-setting",
    // The site as a whole.
    /// A page slug that one of the site's own pages uses.
    ReservedSlug => "reserved-slug",
    /// Two briefs with one slug.
    DuplicateSlug => "duplicate-slug",
    /// A link to a file that does not exist.
    BrokenLink => "broken-link",
    /// A link to a draft, which is not built.
    LinkToDraft => "link-to-draft",
    /// A resource a page loads from another host (`check --china`).
    ForeignResource => "foreign-resource",
    /// An external address that leads nowhere (`check --links`).
    DeadLink => "dead-link",
    /// An external address that has moved for good (`check --links`).
    MovedLink => "moved-link",
    /// A link (or `related`) to a brief scheduled for later.
    LinkToScheduled => "link-to-scheduled",
    /// An image that cannot be used.
    UnusableImage => "unusable-image",
    /// An image without a description for screen readers.
    ImageWithoutDescription => "image-without-description",
    /// A photo whose pixels cannot be read.
    DamagedPhoto => "damaged-photo",
    /// An alias that cannot be an address of this site.
    BadAlias => "bad-alias",
    /// An alias at an address something else already has.
    AliasClash => "alias-clash",
    /// A `related` entry naming no brief.
    UnknownRelated => "unknown-related",
    /// A milestone still planned after its date.
    OverdueMilestone => "overdue-milestone",
    /// No history of the briefs: not in a git repository, a shallow clone, or no git.
    NoHistory => "no-history",
    /// A brief's earlier address (from the history) that no alias keeps.
    AddressChanged => "address-changed",
    // Templates.
    /// A template that cannot be read or parsed.
    TemplateSyntax => "template-syntax",
    /// A template that fails while a page is rendered.
    TemplateError => "template-error",
    // Output and the command line.
    /// Two things that would be written at one address.
    PathClash => "path-clash",
    /// An output folder briefing refuses to write into.
    OutputFolder => "output-folder",
    /// A file that cannot be written.
    WriteFailed => "write-failed",
    /// A command-line argument that cannot be used.
    BadArgument => "bad-argument",
    /// A file `briefing new` or `init` will not overwrite.
    FileExists => "file-exists",
    // Languages.
    /// A language of `languages:` in site.yaml that cannot be used.
    BadLanguage => "bad-language",
    /// A translation with no brief to translate.
    TranslationWithoutOriginal => "translation-without-original",
    /// A translation that changes what it shares with its original.
    TranslationDiffers => "translation-differs",
    /// A translation older than its original.
    TranslationOutdated => "translation-outdated",
    // Editions.
    /// An edition's `serial:` names no serial of site.yaml.
    UnknownSerial => "unknown-serial",
    /// An edition lists no briefs.
    EmptyEdition => "empty-edition",
    /// An edition names a brief that no file has.
    UnknownBrief => "unknown-brief",
    /// An edition names a draft, or a brief not yet due on the edition's date.
    UnpublishedBrief => "unpublished-brief",
    /// A brief listed twice in one edition, or in two editions of one serial.
    BriefInTwoEditions => "brief-in-two-editions",
    /// Two editions of a serial with one number, or numbers against the order of their dates.
    EditionNumber => "edition-number",
    /// A number skipped in a serial's editions.
    EditionGap => "edition-gap",
    /// An edition could not be printed to PDF (`build --pdf`).
    PrintFailed => "print-failed",
    // Publishing.
    /// `briefing publish` cannot reach the other side, or is not set up.
    PublishFailed => "publish-failed",
    /// `briefing publish` refuses a folder: not a build, or someone else's on the other side.
    PublishRefused => "publish-refused",
}

impl Code {
    /// The code with id `id`.
    pub(crate) fn from_id(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id() == id)
    }

    /// For kinds of warning that come in numbers, the words for many of them (`overdue
    /// milestone`): the terminal shows a few and counts the rest.
    pub(crate) fn counted_as(self) -> Option<&'static str> {
        match self {
            Code::OverdueMilestone => Some("overdue milestone"),
            Code::ImageWithoutDescription => Some("image without a description"),
            Code::UnquotedClaim => Some("figure or milestone without a quote"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn documented(doc: &str) -> Vec<String> {
        doc.lines()
            .filter_map(|l| l.strip_prefix("## `")?.strip_suffix('`'))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn ids_are_kebab_case_and_distinct() {
        let mut seen = BTreeSet::new();
        for c in Code::ALL {
            let id = c.id();
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{id}"
            );
            assert!(seen.insert(id), "{id} twice");
            assert_eq!(Code::from_id(id), Some(*c));
        }
    }

    /// Each document has a page for every code, in the order of [`Code::ALL`], and no other.
    #[test]
    fn every_code_has_a_page_in_each_language() {
        let ids: Vec<String> = Code::ALL.iter().map(|c| c.id().to_string()).collect();
        for doc in [super::super::explain::EN, super::super::explain::ZH] {
            assert_eq!(documented(doc), ids);
        }
    }

    /// The JSON schema lists exactly the codes, in order.
    #[test]
    fn the_json_schema_lists_every_code() {
        let schema = include_str!("../../docs/diagnostics.schema.json");
        let doc: serde_json::Value = serde_json::from_str(schema).unwrap();
        let listed = &doc["properties"]["diagnostics"]["items"]["properties"]["code"]["enum"];
        let ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        assert_eq!(listed, &serde_json::json!(ids));
    }

    /// Every code is emitted somewhere: named in `src/` outside this file and outside tests.
    #[test]
    fn every_code_is_used() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = BTreeSet::new();
        for entry in walkdir::WalkDir::new(&src)
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs")
                || path.ends_with("diag/code.rs")
                || path.file_name().is_some_and(|n| n == "tests.rs")
            {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            // Code outside `#[cfg(test)] mod tests` only.
            let text = text.split("#[cfg(test)]\nmod tests {").next().unwrap_or("");
            for part in text.split("Code::").skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                used.insert(name);
            }
        }
        for c in Code::ALL {
            assert!(
                used.contains(&format!("{c:?}")),
                "{} is never emitted",
                c.id()
            );
        }
    }
}
