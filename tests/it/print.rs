//! `build --pdf`: each edition printed by a real headless Chromium, its text read back with
//! pdftotext: the masthead, the contents with the page each brief starts on, each brief on a
//! page of its own, figures whole, page numbers and links as notes; the same input prints to
//! the same bytes, an unchanged edition comes from the cache, and a failed print keeps the
//! last build.

use std::path::Path;
use std::process::Command;

use crate::common::TestSite;
use crate::editions::site;

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

/// The text of pages `from..=to` of `pdf` (pdftotext, laid out as printed).
fn text(pdf: &Path, from: usize, to: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &from.to_string(), "-l", &to.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line[6..].trim().parse().unwrap()
}

fn build_pdf(s: &TestSite, cache: &Path) -> crate::common::Run {
    s.run_env(
        &["build", "--pdf"],
        &[
            ("XDG_CACHE_HOME", cache.to_str().unwrap()),
            ("SOURCE_DATE_EPOCH", crate::editions::NOW),
        ],
    )
}

#[test]
fn editions_print_to_pdf_with_contents_page_numbers_and_whole_briefs() {
    assert!(
        have("chromium") && have("pdftotext"),
        "the print tests need Chromium and pdftotext: apt-get install chromium fonts-noto-cjk poppler-utils"
    );
    let s = site();
    let cache = tempfile::tempdir().unwrap();
    let run = build_pdf(&s, cache.path());
    run.ok();
    assert!(
        run.stdout
            .contains("PDF: 3 editions (3 printed, 0 unchanged from the cache)"),
        "{}",
        run.stdout
    );
    let pdf = s.out().join("editions/weekly/2/weekly-2.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF") && bytes.len() < 5 * 1024 * 1024);
    // Its links go to the site, not to the address it was printed from.
    assert!(!String::from_utf8_lossy(&bytes).contains("127.0.0.1"));
    assert!(
        String::from_utf8_lossy(&bytes).contains("(https://example.github.io/repo/articles/a/)")
    );
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "{fonts}"
    );
    assert!(fonts.lines().count() > 2, "fonts embedded: {fonts}");
    // Masthead and contents on page 1, with the page each brief starts on.
    let first = text(&pdf, 1, 1);
    assert!(
        first.contains("京津冀周报") && first.contains("第2期"),
        "{first}"
    );
    assert!(first.contains("第二期特稿") && first.contains("2026年6月8日"));
    let pages = page_count(&pdf);
    let starts: Vec<usize> = ["简报D", "简报C"]
        .iter()
        .map(|title| {
            let line = first.lines().find(|l| l.contains(title)).unwrap();
            line.split_whitespace().last().unwrap().parse().unwrap()
        })
        .collect();
    assert!(
        starts[0] >= 2 && starts[0] < starts[1] && starts[1] <= pages,
        "{starts:?} of {pages}: {first}"
    );
    for (title, &p) in ["简报D", "简报C"].iter().zip(&starts) {
        let page = text(&pdf, p, p);
        // The running head names the serial; the brief's title opens the page.
        assert!(page.contains("京津冀周报 第2期"), "page {p}: {page}");
        assert!(page.contains(title), "page {p}: {page}");
        if p > 2 {
            assert!(
                !text(&pdf, p - 1, p - 1).contains(title),
                "{title} starts on {p}"
            );
        }
        let bare: String = page.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            bare.contains(&format!("{p}/{pages}")),
            "page number: {page}"
        );
    }
    let c = text(&pdf, starts[1], pages);
    // A figure is kept whole, its value and label on one page; the link is a note.
    let on_page = (starts[1]..=pages)
        .map(|p| text(&pdf, p, p))
        .find(|t| t.contains("新能源运输场景"))
        .unwrap();
    assert!(on_page.contains("10"), "{on_page}");
    assert!(c.contains("https://gov.example/notice?a=1&b=2"), "{c}");
    // The edition's page and the archive link it.
    assert!(
        s.read("editions/weekly/2/index.html")
            .contains("href=\"/repo/editions/weekly/2/weekly-2.pdf\"")
    );
    assert!(s.read("editions/index.html").contains("weekly-1.pdf"));
    // The printed contents are in the print view too.
    let view = s.read("editions/weekly/2/print/index.html");
    assert!(
        view.contains(&format!("<span class=\"pg\">{}</span>", starts[1])),
        "{view}"
    );

    // Again: nothing printed, the same bytes.
    let run = build_pdf(&s, cache.path());
    run.ok();
    assert!(
        run.stdout
            .contains("(0 printed, 3 unchanged from the cache)"),
        "{}",
        run.stdout
    );
    assert!(std::fs::read(&pdf).unwrap() == bytes, "the cached PDF");
    // Printed afresh (another cache), the same bytes: the PDF's dates are the edition's day.
    let fresh = tempfile::tempdir().unwrap();
    build_pdf(&s, fresh.path()).ok();
    assert!(
        std::fs::read(&pdf).unwrap() == bytes,
        "printing is deterministic"
    );
    // A brief's new title: the two editions that hold it are printed again.
    s.file(
        "content/c.md",
        "---\ntitle: 简报C（修订）\ndate: 2026-06-05\ndomains: [ecology]\n---\n正文。\n",
    );
    let run = build_pdf(&s, cache.path());
    run.ok();
    assert!(
        run.stdout
            .contains("(2 printed, 1 unchanged from the cache)"),
        "{}",
        run.stdout
    );
    assert!(text(&pdf, 1, 1).contains("简报C（修订）"));
}

#[test]
fn a_print_that_fails_keeps_the_last_build() {
    let s = site();
    crate::editions::build(&s).ok();
    let before = crate::common::tree(&s.out());
    let cache = tempfile::tempdir().unwrap();
    let run = s.run_env(
        &["build", "--pdf"],
        &[
            ("XDG_CACHE_HOME", cache.path().to_str().unwrap()),
            ("CHROME_PATH", "/nonexistent/chromium"),
            ("SOURCE_DATE_EPOCH", crate::editions::NOW),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("error[print-failed]: cannot print the edition: CHROME_PATH names /nonexistent/chromium, which is not a file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/_editions/"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("apt-get install chromium fonts-noto-cjk")
    );
    assert_eq!(crate::common::tree(&s.out()), before);
}
