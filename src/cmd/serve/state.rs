//! What serve's threads share ([`Shared`]): the [`Session`] that keeps the site, the files
//! served besides pages, the open live-reload streams; and how an [`Outcome`] reaches the
//! terminal and the open pages.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use super::streams::Streams;
use super::wire::sse_message;
use crate::cmd::console;
use crate::incremental::{Done, Made, Outcome, Session};

/// What is served besides pages: the last good build's files, and the errors of the last
/// change if it failed.
#[derive(Default)]
pub(super) struct Served {
    /// Static files, theme assets, photos, and the made files once made.
    pub(super) files: HashMap<String, Arc<Vec<u8>>>,
    /// Plain-text diagnostics of the last failed change.
    pub(super) error: Option<String>,
}

pub(super) struct Shared {
    pub(super) session: Session,
    pub(super) served: RwLock<Served>,
    /// The open pages' live-reload streams.
    pub(super) streams: Streams,
    /// The site's base path as published (ASCII, percent-encoded).
    pub(super) base_path: String,
    /// The same, decoded, to compare with decoded request paths.
    pub(super) base_decoded: String,
    /// Host names the server answers to besides loopback names (the bound address).
    pub(super) hosts: Vec<String>,
    /// Requests being answered now.
    pub(super) busy: AtomicUsize,
    /// Per kind of [`Made`] files: they are older than the model, and are made again when
    /// next asked for.
    stale: [AtomicBool; 2],
    /// Held while made files are made, so that a request that finds them being made waits
    /// for them.
    making: Mutex<()>,
    /// Print only errors and warnings.
    quiet: bool,
}

impl Shared {
    pub(super) fn new(
        session: Session,
        base_path: String,
        hosts: Vec<String>,
        quiet: bool,
    ) -> Self {
        Shared {
            session,
            served: RwLock::new(Served::default()),
            streams: Streams::default(),
            base_decoded: percent_encoding::percent_decode_str(&base_path)
                .decode_utf8_lossy()
                .into_owned(),
            base_path,
            hosts,
            busy: AtomicUsize::new(0),
            stale: Default::default(),
            making: Mutex::new(()),
            quiet,
        }
    }

    /// Show what a change did: print it, serve its files, and reload the open pages (or show
    /// them the errors). The outcome, with the build it retired, is dropped last.
    pub(super) fn show(&self, outcome: Outcome) {
        if let Done::Failed(failure) = &outcome.done {
            console::print_failure(
                failure,
                "still serving the last good build",
                &console::Style::default(),
            );
            let text: Vec<String> = failure.errors.iter().map(|d| d.render(false)).collect();
            let text = text.join("\n");
            if let Ok(mut served) = self.served.write() {
                served.error = Some(text.clone());
            }
            self.broadcast("build-error", &text);
            return;
        }
        if !outcome.reload() {
            return;
        }
        if outcome.model_changed() {
            for flag in &self.stale {
                flag.store(true, Ordering::SeqCst);
            }
        }
        if let Ok(mut served) = self.served.write() {
            if let Some(files) = &outcome.files {
                // Files may have gone: keep only the made files, then add the new ones.
                served.files.retain(|path, _| Made::of(path).is_some());
                served
                    .files
                    .extend(files.iter().map(|(p, b)| (p.clone(), Arc::clone(b))));
            }
            served.error = None;
        }
        console::print_all(&[], &outcome.warnings, &console::Style::default());
        if let Some(line) = summary(&outcome) {
            self.say(&line);
        }
        self.broadcast("reload", "ok");
    }

    /// Make the files of `made` from the kept model, if a change made them stale, and serve
    /// them.
    pub(super) fn refresh_made(&self, made: Made) {
        let stale = &self.stale[made as usize];
        if !stale.load(Ordering::SeqCst) {
            return;
        }
        let _one_at_a_time = self.making.lock().unwrap_or_else(|e| e.into_inner());
        // Another request may have made them while this one waited.
        if !stale.swap(false, Ordering::SeqCst) {
            return;
        }
        let Some(files) = self.session.make(made) else {
            return;
        };
        if let Ok(mut served) = self.served.write() {
            served.files.retain(|p, _| !made.owns(p));
            for f in files {
                served.files.insert(f.path, Arc::new(f.bytes));
            }
        }
    }

    /// Send one event to every open page, dropping the pages that went away.
    pub(super) fn broadcast(&self, event: &str, data: &str) {
        self.streams.send(sse_message(event, data).as_bytes());
    }

    fn say(&self, line: &str) {
        if !self.quiet {
            println!("{line}");
            let _ = std::io::stdout().flush();
        }
    }
}

/// The line serve prints for an outcome (none for nothing, or for a failure: its errors say
/// it).
fn summary(outcome: &Outcome) -> Option<String> {
    let ms = outcome.elapsed.as_millis();
    Some(match &outcome.done {
        Done::Nothing | Done::Failed(_) => return None,
        Done::Static => format!("static files read again in {ms} ms"),
        Done::Templates { pages } => {
            format!("templates changed: {pages} pages rendered again in {ms} ms (no Markdown read)")
        }
        Done::Patched { shown, note } => format!(
            "rebuilt {} in {ms} ms ({note}; other pages show the change when opened)",
            shown.join(", ")
        ),
        Done::Refreshed { files } => format!(
            "rebuilt the model for {} in {ms} ms (photos or code styles changed: every other text was taken over as rendered; pages are rendered when opened)",
            files.join(", ")
        ),
        Done::Rebuilt {
            articles,
            pages,
            warnings,
        } => format!(
            "built {articles} articles, {pages} pages in {ms} ms{}",
            console::warnings_suffix(*warnings)
        ),
    })
}
