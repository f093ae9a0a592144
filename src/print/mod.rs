//! Print: an edition's print view to PDF through a headless Chromium (`build --pdf`).
//!
//! The build being made is served on 127.0.0.1 ([`server`]) while the browser prints, so the
//! page is printed as readers' browsers show it, with the site's photos and styles. CSS paged
//! media does the layout (A4, running heads, page numbers, each brief on a new page); the
//! page each brief starts on is read from the printed PDF ([`pdf`]) and written into the
//! contents, then the issue is printed again. A PDF is kept in the cache by the print view's
//! bytes: an edition whose view did not change is not printed again.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::date::Date;

mod pdf;
mod server;

pub(crate) use pdf::{pages_of, set_dates};
pub(crate) use server::Local;

/// How long one print may take before the browser is stopped.
const TIMEOUT: Duration = Duration::from_secs(180);

/// The browser that prints: `CHROME_PATH` (as Lighthouse and Puppeteer read it), else the
/// first of Chromium's and Chrome's usual names on `PATH`.
pub(crate) fn browser() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("CHROME_PATH").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return match p.is_file() {
            true => Ok(p),
            false => Err(format!(
                "CHROME_PATH names {}, which is not a file",
                p.display()
            )),
        };
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
        .ok_or_else(|| "no Chromium or Chrome found on PATH".to_string())
}

/// Whether the system has a font for `language` (`zh-CN`), when `fc-list` can tell: without
/// one, Chinese prints as empty boxes. `None` when it cannot be asked.
pub(crate) fn has_font_for(language: &str) -> Option<bool> {
    let lang = language.split('-').next().unwrap_or(language);
    let out = Command::new("fc-list")
        .arg(format!(":lang={lang}"))
        .arg("family")
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| !String::from_utf8_lossy(&out.stdout).trim().is_empty())
}

/// Print `url` to the PDF file `to` with `browser`.
pub(crate) fn print(browser: &Path, url: &str, to: &Path) -> Result<(), String> {
    let profile = std::env::temp_dir().join(format!(
        "briefing-print-{}-{}",
        std::process::id(),
        crate::text::short_hash(url.as_bytes())
    ));
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
        "--run-all-compositor-stages-before-draw",
    ]);
    // Chromium's sandbox cannot start as root (a CI container); elsewhere it stays on.
    if is_root() {
        cmd.arg("--no-sandbox");
    }
    cmd.arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", to.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let result = run(cmd, to);
    let _ = std::fs::remove_dir_all(&profile);
    result
}

fn run(mut cmd: Command, to: &Path) -> Result<(), String> {
    let _ = std::fs::remove_file(to);
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start the browser: {e}"))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the browser did not finish printing in {} s",
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("cannot wait for the browser: {e}")),
        }
    };
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut stderr);
    }
    let made = std::fs::metadata(to).is_ok_and(|m| m.len() > 0);
    match (status.success(), made) {
        (true, true) => Ok(()),
        _ => {
            let last = (stderr.lines().rev())
                .find(|l| !l.contains("dbus") && !l.trim().is_empty())
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_control())
                .take(300)
                .collect::<String>();
            Err(format!("the browser printed nothing ({status}): {last}"))
        }
    }
}

/// Whether this process runs as root (Linux; elsewhere, never).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(2))
            == Some("0")
    })
}

/// The cache of printed editions: `<key>.pdf` and `<key>.pages`, by the print view's hash.
pub(crate) fn cache_dir() -> Option<PathBuf> {
    crate::cache::dir("pdf")
}

/// A printed edition from the cache: its PDF and the page each brief starts on.
pub(crate) fn cached(dir: &Path, key: &str) -> Option<(Vec<u8>, Vec<usize>)> {
    let pdf = std::fs::read(dir.join(format!("{key}.pdf"))).ok()?;
    let pages = std::fs::read_to_string(dir.join(format!("{key}.pages"))).ok()?;
    let pages = pages
        .split_whitespace()
        .map(|n| n.parse().ok())
        .collect::<Option<Vec<usize>>>()?;
    Some((pdf, pages))
}

/// Keep a printed edition in the cache.
pub(crate) fn keep(dir: &Path, key: &str, pdf: &[u8], pages: &[usize]) {
    let list: Vec<String> = pages.iter().map(usize::to_string).collect();
    crate::cache::keep(dir, &format!("{key}.pdf"), pdf);
    crate::cache::keep(dir, &format!("{key}.pages"), list.join(" ").as_bytes());
}

/// A PDF's day stamped, for [`set_dates`].
pub(crate) fn stamped(mut pdf: Vec<u8>, day: Date) -> Vec<u8> {
    set_dates(&mut pdf, day);
    pdf
}
