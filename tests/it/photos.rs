//! Photos beside a brief: resized to a few widths, metadata stripped, orientation applied,
//! `<img>` with srcset and dimensions; missing, broken and oversize files are errors at the
//! place they are used; a photo without a description is a warning.

use crate::common::TestSite;

/// A 3000×2000 JPEG as a phone writes it: EXIF with orientation 6 (turn 90° clockwise) and
/// a GPS position.
fn phone_photo() -> Vec<u8> {
    // Smooth like a photo of sky and ground, with some detail.
    let img = image::RgbImage::from_fn(3000, 2000, |x, y| {
        let detail = (x / 7 + y / 5) % 9;
        image::Rgb([
            (x / 12 % 240 + detail) as u8,
            (y / 8) as u8,
            (160 - y / 16 + detail) as u8,
        ])
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    // TIFF (little-endian): IFD0 with Orientation = 6 and a GPS IFD pointer; GPS IFD with
    // GPSLatitudeRef = "N".
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend([0x12, 0x01, 3, 0]);
    tiff.extend(1u32.to_le_bytes());
    tiff.extend([6, 0, 0, 0]);
    tiff.extend([0x25, 0x88, 4, 0]);
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(38u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend([1, 0, 2, 0]);
    tiff.extend(2u32.to_le_bytes());
    tiff.extend(*b"N\0\0\0");
    tiff.extend(0u32.to_le_bytes());
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xff, 0xe1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

#[test]
fn a_phone_photo_is_published_resized_upright_and_without_metadata() {
    let site = TestSite::new();
    let photo = phone_photo();
    assert!(photo.windows(4).any(|w| w == b"Exif"));
    site.bytes("content/2026/station.jpg", &photo);
    site.file(
        "content/2026/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n![雄安站候车大厅](station.jpg \"雄安站\")\n",
    );
    let run = site.build();
    run.ok();
    let html = site.read("articles/a/index.html");
    let img = crate::common::between(&html, "<img ", ">");
    for part in [
        "srcset=\"/repo/images/",
        "-480.jpg 480w, /repo/images/",
        "-1600.jpg 1600w\"",
        "sizes=\"(min-width: 46rem) 42rem, 100vw\"",
        "width=\"1600\" height=\"2400\"",
        "alt=\"雄安站候车大厅\"",
        "title=\"雄安站\"",
        "loading=\"lazy\" decoding=\"async\"",
    ] {
        assert!(img.contains(part), "`{part}` in <img {img}>");
    }
    let mut variants: Vec<_> = std::fs::read_dir(site.out().join("images"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    variants.sort();
    // 480, 960 and 1600 for the page, 1200 for share cards (the brief's first photo): each
    // without the phone's metadata.
    assert_eq!(variants.len(), 4, "{variants:?}");
    for v in &variants {
        let bytes = std::fs::read(v).unwrap();
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "{} keeps EXIF",
            v.display()
        );
        assert!(
            bytes.len() < 400 * 1024,
            "{} is {} bytes",
            v.display(),
            bytes.len()
        );
        let (w, h) = image::image_dimensions(v).unwrap();
        assert_eq!(
            h * 2,
            w * 3,
            "{}: {w}×{h} is upright (portrait)",
            v.display()
        );
    }
    assert!(site.out().join("images").read_dir().unwrap().count() == 4);
    // The source is not published as it is.
    assert!(!site.exists("articles/a/station.jpg") && !site.exists("content"));
}

#[test]
fn missing_broken_and_oversize_photos_are_errors_and_no_description_is_a_warning() {
    let site = TestSite::new();
    site.file("content/2026/notes.jpg", "this is not a picture");
    site.bytes("content/2026/big.jpg", &vec![0u8; 21 << 20]);
    std::fs::create_dir_all(site.root().join("content/2026/folder.jpg")).unwrap();
    site.file(
        "content/2026/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n![缺](nope.jpg)\n\n![坏](notes.jpg)\n\n![大](big.jpg)\n\n![夹](folder.jpg)\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (place, message) in [
        (
            "content/2026/a.md:6:1",
            "the image `nope.jpg` cannot be used: there is no such file",
        ),
        (
            "content/2026/a.md:8:1",
            "the image `notes.jpg` cannot be used: it is not a JPEG, PNG or WebP image",
        ),
        (
            "content/2026/a.md:10:1",
            "the image `big.jpg` cannot be used: it is 21.0 MB; a photo may be at most 20 MB",
        ),
        (
            "content/2026/a.md:12:1",
            "the image `folder.jpg` cannot be used: it is not a file (a folder or a link)",
        ),
    ] {
        assert!(run.stderr.contains(place), "{place}:\n{}", run.stderr);
        assert!(run.stderr.contains(message), "{message}:\n{}", run.stderr);
    }
    site.bytes("content/2026/ok.jpg", &phone_photo());
    site.file(
        "content/2026/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n正文\n\n![](ok.jpg)\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning[image-without-description]: the image `ok.jpg` has no description"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/2026/a.md:8:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_photo_whose_header_reads_but_whose_pixels_do_not_fails_the_build_once_and_keeps_the_site() {
    let site = TestSite::new();
    site.file(
        "content/2026/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n正文\n",
    );
    site.build().ok();
    let before = site.read("articles/a/index.html");
    // A PNG cut off inside its pixel data: its size and kind read, its pixels do not.
    let mut png = crate::common::picture(image::ImageFormat::Png, 1200, 800);
    png.truncate(png.len() / 3);
    site.bytes("content/2026/cut.png", &png);
    site.file(
        "content/2026/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n新正文\n\n![站台](cut.png)\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("the photo cannot be resized").count(),
        1,
        "one error for the photo, not one per width:\n{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error[damaged-photo]: the photo cannot be resized")
            && run.stderr.contains("content/2026/cut.png")
            && run.stderr.contains("export it again from the original"),
        "{}",
        run.stderr
    );
    assert_eq!(
        site.read("articles/a/index.html"),
        before,
        "the site is kept"
    );
}

#[test]
fn copies_of_one_photo_in_several_places_share_their_variants() {
    let site = TestSite::new();
    let photo = |shade: u8| {
        let img = image::RgbImage::from_fn(60, 40, |x, y| image::Rgb([shade, x as u8, y as u8]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png
    };
    // a and c are the same file; b, another photo, sorts between them.
    site.bytes("content/2026/a.png", &photo(10));
    site.bytes("content/2026/b.png", &photo(200));
    site.bytes("content/2026/c.png", &photo(10));
    site.file(
        "content/2026/x.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n![一](a.png)\n\n![二](b.png)\n\n![三](c.png)\n",
    );
    site.build().ok();
    let html = site.read("articles/x/index.html");
    let srcs = crate::common::attrs(&html, "src");
    let images: Vec<&String> = srcs.iter().filter(|s| s.contains("/images/")).collect();
    assert_eq!(images.len(), 3, "{images:?}");
    assert_eq!(images[0], images[2], "the copies share one file");
    assert_ne!(images[0], images[1]);
    assert!(
        site.exists(images[0].trim_start_matches("/repo/")),
        "{images:?}"
    );
}

/// Variants are named by the source's SHA-256 (128 bits, so no photo added in a pull request
/// can be made to share another's name) and kept in the user's own cache folder, not in a
/// folder every user of the machine can write to.
#[test]
fn variants_are_named_by_a_strong_hash_and_cached_in_the_users_own_folder() {
    use sha2::{Digest, Sha256};
    let site = TestSite::new();
    let cache = tempfile::tempdir().unwrap();
    let photo = phone_photo();
    site.bytes("content/2026/station.jpg", &photo);
    site.file(
        "content/2026/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n![雄安站](station.jpg)\n",
    );
    let env = [("XDG_CACHE_HOME", cache.path().to_str().unwrap())];
    site.run_env(&["build"], &env).ok();
    let hash: String = Sha256::digest(&photo)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hash.len(), 32);
    let mut published: Vec<String> = std::fs::read_dir(site.out().join("images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    published.sort();
    // The brief's first photo is its share picture: it has a card-wide variant (1200) too.
    let want: Vec<String> = [1200, 1600, 480, 960]
        .iter()
        .map(|w| format!("{hash}-{w}.jpg"))
        .collect();
    assert_eq!(published, want);
    let kept = cache.path().join("briefing/images-1");
    for name in &want {
        assert_eq!(
            std::fs::read(kept.join(name)).unwrap(),
            std::fs::read(site.out().join("images").join(name)).unwrap(),
            "{name} is kept in the cache as published"
        );
    }
    // Nothing but the variants is left there (no temporary files).
    assert_eq!(std::fs::read_dir(&kept).unwrap().count(), want.len());
    // A second build takes them from the cache: a variant changed there is what is published
    // (the cache is the user's own, so it is trusted), which shows it was read.
    std::fs::write(kept.join(&want[1]), b"kept").unwrap();
    std::fs::remove_dir_all(site.out()).unwrap();
    site.run_env(&["build"], &env).ok();
    assert_eq!(
        std::fs::read(site.out().join("images").join(&want[1])).unwrap(),
        b"kept"
    );
}
