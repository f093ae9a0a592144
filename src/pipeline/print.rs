//! `build --pdf`: each edition's print view printed to PDF beside it, after the pages are
//! written and before the build is swapped in (a failed print leaves the last build as it
//! was). The view is printed once to learn the page each brief starts on, then again with
//! those numbers in its contents; an edition whose view is unchanged comes from the cache.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diag::{Code, Diagnostic};
use crate::output::{OutFile, Sink};
use crate::print::{self, Local};
use crate::render::{Renderer, ToPrint};

/// What was printed: editions printed now, and taken from the cache.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Printed {
    pub printed: usize,
    pub cached: usize,
}

/// Print every edition of `renderer`'s site into `sink`.
pub(super) fn print_editions(
    renderer: &mut Renderer,
    sink: &dyn Sink,
) -> Result<Printed, Vec<Diagnostic>> {
    let jobs = renderer.to_print();
    let mut done = Printed::default();
    if jobs.is_empty() {
        return Ok(done);
    }
    let failed = |file: &str, why: String| {
        Diagnostic::error(
            Code::PrintFailed,
            file,
            format!("cannot print the edition: {why}"),
        )
    };
    let cache = print::cache_dir();
    let mut todo = Vec::new();
    for job in &jobs {
        let view = renderer.print_view(job.edition).map_err(|d| vec![d])?;
        let key = key_of(&view);
        match cache.as_deref().and_then(|d| print::cached(d, &key)) {
            Some((pdf, pages)) => {
                finish(renderer, sink, job, pdf, pages)?;
                done.cached += 1;
            }
            None => todo.push((job, key)),
        }
    }
    if todo.is_empty() {
        return Ok(done);
    }
    let browser = print::browser().map_err(|why| {
        vec![failed(&todo[0].0.file, why).help(
            "install Chromium (Debian: `apt-get install chromium fonts-noto-cjk`) or set CHROME_PATH to a Chrome or Chromium; or build without --pdf",
        )]
    })?;
    let language = renderer.site().config.language.clone();
    if print::has_font_for(&language) == Some(false) {
        return Err(vec![failed(&todo[0].0.file, format!("no font for `{language}` is installed: the text would print as empty boxes"))
            .help("install a font for the language, e.g. `apt-get install fonts-noto-cjk` for Chinese")]);
    }
    let base = renderer.site().config.base_path().to_string();
    let local = Local::bind(&base).map_err(|e| {
        vec![failed(
            &todo[0].0.file,
            format!("cannot listen on 127.0.0.1: {e}"),
        )]
    })?;
    let tmp = std::env::temp_dir();
    let result = std::thread::scope(|scope| {
        scope.spawn(|| local.serve(sink));
        let mut result = Ok(());
        for (job, key) in &todo {
            let to = tmp.join(format!("briefing-{}-{key}.pdf", std::process::id()));
            let made = print_one(renderer, sink, &local, &browser, job, &to);
            let _ = std::fs::remove_file(&to);
            match made {
                Ok((pdf, pages)) => {
                    if let Some(dir) = cache.as_deref() {
                        print::keep(dir, key, &pdf, &pages);
                    }
                    if let Err(e) = finish(renderer, sink, job, pdf, pages) {
                        result = Err(e);
                        break;
                    }
                    done.printed += 1;
                }
                Err(why) => {
                    result = Err(vec![failed(&job.file, why).help(
                        "run the build again; if it fails again, open the edition's print view in a browser to see what it shows",
                    )]);
                    break;
                }
            }
        }
        local.stop();
        result
    });
    result.map(|()| done)
}

/// The cache key of a print view: its bytes (its styles and photos are named by their hash).
fn key_of(view: &[u8]) -> String {
    let digest = Sha256::new()
        .chain_update(b"briefing print 1\n")
        .chain_update(view)
        .finalize();
    crate::text::hex(&digest[..16])
}

/// Print `job` twice (the second time with page numbers in its contents): the PDF, its day
/// stamped, and the page each brief starts on.
fn print_one(
    renderer: &mut Renderer,
    sink: &dyn Sink,
    local: &Local,
    browser: &Path,
    job: &ToPrint,
    to: &Path,
) -> Result<(Vec<u8>, Vec<usize>), String> {
    let url = local.url(&job.view);
    print::print(browser, &url, to)?;
    let first = std::fs::read(to).map_err(|e| format!("cannot read the PDF: {e}"))?;
    let Some(pages) = print::pages_of(&first, &job.anchors) else {
        return Ok((print::stamped(first, job.day), Vec::new()));
    };
    put_view(renderer, sink, job, pages.clone())?;
    print::print(browser, &url, to)?;
    let second = std::fs::read(to).map_err(|e| format!("cannot read the PDF: {e}"))?;
    // The numbers take no room of their own: the pages stay where they were.
    let pages = print::pages_of(&second, &job.anchors).unwrap_or(pages);
    Ok((print::stamped(second, job.day), pages))
}

/// The print view written again with `pages` in its contents.
fn put_view(
    renderer: &mut Renderer,
    sink: &dyn Sink,
    job: &ToPrint,
    pages: Vec<usize>,
) -> Result<(), String> {
    renderer.set_print_pages(job.edition, pages);
    let bytes = renderer.print_view(job.edition).map_err(|d| d.message)?;
    sink.put(OutFile {
        path: job.page.clone(),
        bytes,
    })
    .map_err(|e| e.to_string())
}

/// The PDF and the numbered view written into the build.
fn finish(
    renderer: &mut Renderer,
    sink: &dyn Sink,
    job: &ToPrint,
    pdf: Vec<u8>,
    pages: Vec<usize>,
) -> Result<(), Vec<Diagnostic>> {
    let write = |e: String| vec![Diagnostic::error(Code::WriteFailed, &job.pdf, e)];
    if !pages.is_empty() {
        put_view(renderer, sink, job, pages).map_err(write)?;
    }
    sink.put(OutFile {
        path: job.pdf.clone(),
        bytes: pdf,
    })
    .map_err(|e| write(e.to_string()))
}
