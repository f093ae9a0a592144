//! Photos: an editor puts `xiongan-station.jpg` beside the brief and writes
//! `![说明](xiongan-station.jpg)`. The build checks the file (exists, is an image, not too large),
//! and publishes it at a few widths (never wider than the original), re-encoded: the original's
//! metadata (EXIF, GPS positions of where it was taken) is not carried over, its orientation is
//! applied first. Pages get `<img>` with `srcset`, `sizes`, `width` and `height`.
//!
//! Two steps: [`Photos::inspect`] reads a file's header once (size, format, dimensions,
//! orientation; a JPEG without its end, a photo reached through a linked folder refused)
//! while bodies are rendered; [`variants`] decodes within a memory budget, resizes and
//! encodes, in parallel, after the model is built, reusing results kept in a cache folder
//! between builds. `check` decodes every photo too ([`undecodable`]), so that it finds what
//! `build` would.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use rayon::prelude::*;

use sha2::{Digest, Sha256};

use crate::output::OutFile;

/// The widths published (those narrower than the original).
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1600];
/// The width of share cards' pictures: a brief's share photo gets a variant this wide too
/// (see `model/cards.rs`).
pub(crate) const CARD_WIDTH: u32 = 1200;
/// The largest photo accepted, in bytes and in pixels.
pub(crate) const MAX_BYTES: u64 = 20 << 20;
pub(crate) const MAX_PIXELS: u64 = 40_000_000;
/// JPEG quality of the published variants.
const QUALITY: u8 = 80;
/// Memory one photo may take to decode: a 40-megapixel photo at 8 bits a channel fits; a
/// 16-bit one that large does not (export it at 8 bits).
const MAX_DECODE_BYTES: u64 = 256 << 20;

/// A photo as published: where its variants go and how large it is (orientation applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Photo {
    /// The source, relative to the site root (`content/2026/x.jpg`).
    pub source: String,
    /// The source's bytes' SHA-256, its first 128 bits in hex: names the variants, keys the
    /// cache. A hash no one can make two photos share, so that a photo added (in a pull
    /// request, say) cannot take another's place on every page that shows it.
    pub hash: String,
    pub width: u32,
    pub height: u32,
    pub ext: &'static str,
    /// The widths published, ascending.
    pub widths: Vec<u32>,
}

impl Photo {
    /// A variant's path in the output.
    pub(crate) fn path(&self, width: u32) -> String {
        format!("images/{}", self.file_name(width))
    }

    /// A variant's file name (in `images/` and in the cache).
    fn file_name(&self, width: u32) -> String {
        format!("{}-{width}.{}", self.hash, self.ext)
    }

    /// The width a share card shows this photo at: [`CARD_WIDTH`] when it has that variant,
    /// else its widest (a photo narrower than a card).
    pub(crate) fn card_width(&self) -> u32 {
        if self.widths.contains(&CARD_WIDTH) {
            CARD_WIDTH
        } else {
            *self.widths.last().unwrap_or(&self.width)
        }
    }

    /// The height of the variant `width` wide.
    pub(crate) fn height_at(&self, width: u32) -> u32 {
        ((u64::from(self.height) * u64::from(width)) / u64::from(self.width.max(1))).max(1) as u32
    }

    /// `<img>` for the page, with every variant in `srcset`.
    pub(crate) fn html(&self, base_path: &str, alt: &str, title: Option<&str>) -> String {
        let largest = *self.widths.last().unwrap_or(&self.width);
        let srcset = self
            .widths
            .iter()
            .map(|&w| format!("{base_path}{} {w}w", self.path(w)))
            .collect::<Vec<_>>()
            .join(", ");
        let title = title
            .filter(|t| !t.is_empty())
            .map(|t| format!(" title=\"{}\"", crate::text::escape_html(t)))
            .unwrap_or_default();
        format!(
            "<img src=\"{base_path}{}\" srcset=\"{srcset}\" sizes=\"(min-width: 46rem) 42rem, 100vw\" width=\"{largest}\" height=\"{}\" alt=\"{}\"{title} loading=\"lazy\" decoding=\"async\">",
            self.path(largest),
            self.height_at(largest),
            crate::text::escape_html(alt)
        )
    }
}

/// The photos seen while rendering bodies, each inspected once.
#[derive(Default)]
pub(crate) struct Photos {
    root: PathBuf,
    seen: Mutex<HashMap<String, Result<Photo, String>>>,
}

impl Photos {
    pub(crate) fn new(root: &Path) -> Photos {
        Photos {
            root: root.to_path_buf(),
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// The photo at `source` (relative to the site root), or why it cannot be used.
    pub(crate) fn inspect(&self, source: &str) -> Result<Photo, String> {
        if let Some(known) = self.seen.lock().ok().and_then(|s| s.get(source).cloned()) {
            return known;
        }
        let result = inspect(&self.root, source);
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(source.to_string(), result.clone());
        }
        result
    }

    /// Every photo used, once per content (copies of one file in two folders share their
    /// variants), by source path.
    pub(crate) fn used(self) -> Vec<Photo> {
        let mut photos: Vec<Photo> = self
            .seen
            .into_inner()
            .unwrap_or_default()
            .into_values()
            .filter_map(Result::ok)
            .collect();
        // By content first, so copies sit together and dedup keeps the first source of each.
        photos.sort_by(|a, b| (&a.hash, &a.source).cmp(&(&b.hash, &b.source)));
        photos.dedup_by(|a, b| a.hash == b.hash);
        // Sorted by source: the model looks a brief's photo up by it (`model/cards.rs`).
        photos.sort_by(|a, b| a.source.cmp(&b.source));
        photos
    }
}

fn inspect(root: &Path, source: &str) -> Result<Photo, String> {
    let path = root.join(source);
    let meta = std::fs::symlink_metadata(&path).map_err(|_| "there is no such file".to_string())?;
    if !meta.is_file() {
        return Err("it is not a file (a folder or a link)".into());
    }
    if let Some(link) = linked_folder(root, source) {
        return Err(format!(
            "it is reached through the symbolic link `{link}`; photos are read only from real folders (a link could point anywhere on this machine)"
        ));
    }
    if meta.len() > MAX_BYTES {
        return Err(format!(
            "it is {:.1} MB; a photo may be at most {} MB (export it smaller)",
            meta.len() as f64 / 1_048_576.0,
            MAX_BYTES >> 20
        ));
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("it cannot be read: {e}"))?;
    let reader = ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let ext = match reader.format() {
        Some(ImageFormat::Png) => "png",
        Some(ImageFormat::Jpeg) if jpeg_cut_off(&bytes) => {
            return Err(
                "it is cut off (the JPEG has no end after its last scan); export it again from the original"
                    .into(),
            );
        }
        Some(ImageFormat::Jpeg | ImageFormat::WebP) => "jpg",
        _ => return Err("it is not a JPEG, PNG or WebP image".into()),
    };
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("it is not a readable image ({e})"))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "it is {w}×{h} pixels; a photo may have at most {} megapixels",
            MAX_PIXELS / 1_000_000
        ));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (width, height) = if turns(orientation) { (h, w) } else { (w, h) };
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&x| x < width).collect();
    if widths.len() < WIDTHS.len() {
        widths.push(width.min(WIDTHS[WIDTHS.len() - 1]));
    }
    widths.dedup();
    Ok(Photo {
        source: source.to_string(),
        hash: content_hash(&bytes),
        width,
        height,
        ext,
        widths,
    })
}

/// The first folder on the way from `root` to `source` (below `content/`) that is a symbolic
/// link, if any: content/ refuses linked folders, and photos must not come through one.
fn linked_folder(root: &Path, source: &str) -> Option<String> {
    let mut at = root.to_path_buf();
    let parts: Vec<&str> = source.split('/').collect();
    for (i, part) in parts.iter().enumerate().take(parts.len().saturating_sub(1)) {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(parts[..=i].join("/"));
        }
    }
    None
}

/// Whether a JPEG stops before its end: the end marker (`FF D9`) must follow the last
/// start-of-scan (`FF DA`). The coded data cannot hold `FF D9` (an `FF` there is followed by
/// `00` or a restart marker), and an embedded thumbnail's end comes before the first scan.
/// A cut-off JPEG otherwise decodes as grey.
fn jpeg_cut_off(bytes: &[u8]) -> bool {
    let last = |marker: u8| bytes.windows(2).rposition(|w| w == [0xFF, marker]);
    match (last(0xDA), last(0xD9)) {
        (Some(scan), Some(end)) => end < scan,
        _ => true,
    }
}

/// Decode `bytes` fully within [`MAX_DECODE_BYTES`], orientation applied: what `check` does
/// to find a photo damaged after a good header, and what the build resizes.
fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    reader.limits(limits);
    let too_large = || {
        format!(
            "it needs more than {} MB of memory to decode (a 16-bit or very large image): export it as an 8-bit JPEG or PNG",
            MAX_DECODE_BYTES >> 20
        )
    };
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    if decoder.total_bytes() > MAX_DECODE_BYTES {
        return Err(too_large());
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(),
        e => e.to_string(),
    })?;
    image.apply_orientation(orientation);
    // Published at 8 bits a channel: resizing a 16-bit image takes four times the memory.
    if image.color().bytes_per_pixel() > 4 {
        image = if image.color().has_alpha() {
            DynamicImage::ImageRgba8(image.to_rgba8())
        } else {
            DynamicImage::ImageRgb8(image.to_rgb8())
        };
    }
    Ok(image)
}

/// The photos among `photos` whose pixels do not decode: (source, why). For `check`, which
/// resizes nothing but must find what the build would.
pub(crate) fn undecodable(root: &Path, photos: &[Photo]) -> Vec<(String, String)> {
    photos
        .par_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(root.join(&p.source)).map_err(|e| e.to_string());
            let why = bytes.and_then(|b| decode(&b).map(drop)).err()?;
            Some((p.source.clone(), why))
        })
        .collect()
}

/// The first 128 bits of the SHA-256 of `bytes`, in hex.
fn content_hash(bytes: &[u8]) -> String {
    crate::text::hex(&Sha256::digest(bytes)[..16])
}

/// The folder where variants are kept between builds: the user's own cache folder
/// (`~/.cache/briefing/` on Linux, `~/Library/Caches/briefing/` on macOS), never a folder
/// other users can write to, where one could put files in for a build to publish. Named by
/// the way variants are made, so a briefing that makes them differently does not reuse
/// another's. `None` (no cache) when the system names no such folder.
pub(crate) fn cache_dir() -> Option<PathBuf> {
    crate::cache::dir(CACHE_VERSION)
}

/// Changes whenever a variant of the same source would come out differently (widths,
/// quality, filter, encoder).
const CACHE_VERSION: &str = "images-1";

/// Whether an orientation turns the picture a quarter (width and height swap).
fn turns(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The published files of `photos`, made in parallel: every variant of a photo, or (source,
/// why) once for a photo that cannot be made. With `cache`, variants made by earlier builds
/// are reused (keyed by the source's hash) and new ones are kept there.
pub(crate) fn variants(
    root: &Path,
    photos: &[Photo],
    cache: Option<&Path>,
) -> Vec<Result<OutFile, (String, String)>> {
    photos
        .par_iter()
        .flat_map_iter(|p| match make(root, p, cache) {
            Ok(files) => files
                .into_iter()
                .map(|(w, bytes)| {
                    Ok(OutFile {
                        path: p.path(w),
                        bytes,
                    })
                })
                .collect(),
            Err(e) => vec![Err((p.source.clone(), e))],
        })
        .collect()
}

fn make(root: &Path, p: &Photo, cache: Option<&Path>) -> Result<Vec<(u32, Vec<u8>)>, String> {
    let cached: Option<Vec<(u32, Vec<u8>)>> = cache.and_then(|dir| {
        p.widths
            .iter()
            .map(|&w| std::fs::read(dir.join(p.file_name(w))).ok().map(|b| (w, b)))
            .collect()
    });
    if let Some(files) = cached {
        return Ok(files);
    }
    let bytes = std::fs::read(root.join(&p.source)).map_err(|e| e.to_string())?;
    let image = decode(&bytes)?;
    let mut out = Vec::new();
    for &w in &p.widths {
        let resized = if w == image.width() {
            image.clone()
        } else {
            image.resize_exact(w, p.height_at(w), image::imageops::FilterType::CatmullRom)
        };
        let mut buf = Vec::new();
        if p.ext == "png" {
            resized
                .write_to(&mut Cursor::new(&mut buf), ImageFormat::Png)
                .map_err(|e| e.to_string())?;
        } else {
            let rgb = DynamicImage::ImageRgb8(resized.to_rgb8());
            rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut buf, QUALITY,
            ))
            .map_err(|e| e.to_string())?;
        }
        if let Some(dir) = cache {
            crate::cache::keep(dir, &p.file_name(w), &buf);
        }
        out.push((w, buf));
    }
    Ok(out)
}
