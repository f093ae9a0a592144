//! Photos that must not pass: cut off, reached through a linked folder, too large to decode
//! in memory; and `check` finds what `build` would.

use crate::common::{TestSite, picture};

fn site_showing(photo: &str) -> TestSite {
    let site = TestSite::new();
    site.file(
        "content/2026/a.md",
        &format!(
            "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n正文\n\n![站台]({photo})\n"
        ),
    );
    site
}

#[test]
fn a_cut_off_jpeg_is_an_error_not_a_grey_picture() {
    let mut jpeg = picture(image::ImageFormat::Jpeg, 800, 600);
    jpeg.truncate(jpeg.len() * 2 / 3);
    let site = site_showing("cut.jpg");
    site.bytes("content/2026/cut.jpg", &jpeg);
    for command in ["check", "build"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("the image `cut.jpg` cannot be used: it is cut off"),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn check_finds_a_photo_damaged_after_a_good_header() {
    let mut png = picture(image::ImageFormat::Png, 1200, 800);
    png.truncate(png.len() / 3);
    let site = site_showing("cut.png");
    site.bytes("content/2026/cut.png", &png);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[damaged-photo]: the photo cannot be resized")
            && run.stderr.contains("content/2026/cut.png"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_photo_reached_through_a_linked_folder_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.png"),
        picture(image::ImageFormat::Png, 64, 64),
    )
    .unwrap();
    let site = site_showing("linked/secret.png");
    std::os::unix::fs::symlink(outside.path(), site.root().join("content/2026/linked")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("it is reached through the symbolic link `content/2026/linked`"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("public").exists());
}

/// A PNG chunk: length, type, data, CRC-32 of type and data.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in kind.iter().chain(data) {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend(kind);
    out.extend(data);
    out.extend((!crc).to_be_bytes());
    out
}

#[test]
fn a_photo_too_large_to_decode_in_memory_is_refused_before_it_is_read() {
    // 6000×6000 pixels at 16 bits a channel, RGBA: 288 MB to decode (the header says so; the
    // pixel data need not be there for the budget to refuse it).
    let mut ihdr = 6000u32.to_be_bytes().to_vec();
    ihdr.extend(6000u32.to_be_bytes());
    ihdr.extend([16, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    png.extend(chunk(b"IEND", &[]));
    let site = site_showing("deep.png");
    site.bytes("content/2026/deep.png", &png);
    for command in ["check", "build"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("it needs more than 256 MB of memory to decode"),
            "{command}: {}",
            run.stderr
        );
    }
}
