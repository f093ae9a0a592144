//! The theme's own files (stylesheet, timeline script): embedded in the binary, each replaced
//! by the site's `static/` file of the same path when it has one. Pages link them by name
//! ([`ThemeAsset`]), with a version made from the bytes actually published.

use std::path::Path;

/// A file of the built-in theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ThemeAsset {
    Style,
    TimelineScript,
    SearchScript,
}

impl ThemeAsset {
    pub(crate) const ALL: [ThemeAsset; 3] = [
        ThemeAsset::Style,
        ThemeAsset::TimelineScript,
        ThemeAsset::SearchScript,
    ];

    /// Its path in the output (and in a site's `static/`, to override it).
    pub(crate) fn path(self) -> &'static str {
        match self {
            ThemeAsset::Style => "assets/style.css",
            ThemeAsset::TimelineScript => "assets/timeline.js",
            ThemeAsset::SearchScript => "assets/search.js",
        }
    }

    fn builtin(self) -> &'static str {
        match self {
            ThemeAsset::Style => include_str!("../../static/assets/style.css"),
            ThemeAsset::TimelineScript => include_str!("../../static/assets/timeline.js"),
            ThemeAsset::SearchScript => include_str!("../../static/assets/search.js"),
        }
    }
}

/// A theme file as it will be published: the site's `static/<path>` when it has one (then
/// the static copy publishes it), else the built-in bytes (then the build writes them).
pub(crate) struct ThemeFile {
    pub asset: ThemeAsset,
    pub bytes: Vec<u8>,
    pub overridden: bool,
}

/// A file's bytes, unless it is missing or a symbolic link.
fn read_real_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    std::fs::read(path)
}

/// The theme's files for the site in `root`, one per [`ThemeAsset`].
pub(crate) struct Theme {
    files: Vec<ThemeFile>,
}

impl Theme {
    pub(crate) fn load(root: &Path) -> Theme {
        let files = ThemeAsset::ALL
            .iter()
            .map(
                // A symbolic link is not published (see the static copy), so it does not
                // replace the built-in file either.
                |&asset| match read_real_file(&root.join("static").join(asset.path())) {
                    Ok(bytes) => ThemeFile {
                        asset,
                        bytes,
                        overridden: true,
                    },
                    Err(_) => ThemeFile {
                        asset,
                        bytes: asset.builtin().as_bytes().to_vec(),
                        overridden: false,
                    },
                },
            )
            .collect();
        Theme { files }
    }

    /// The published bytes of `asset`.
    pub(crate) fn bytes(&self, asset: ThemeAsset) -> &[u8] {
        self.files
            .iter()
            .find(|f| f.asset == asset)
            .map(|f| f.bytes.as_slice())
            .unwrap_or_default()
    }

    /// The files the build writes (those the site's `static/` does not override).
    pub(crate) fn written(&self) -> impl Iterator<Item = &ThemeFile> {
        self.files.iter().filter(|f| !f.overridden)
    }
}
