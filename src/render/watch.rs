//! The watch over pages being rendered, for what [`super::budget`] cannot stop from inside:
//! a loop that writes nothing and calls nothing of ours (loops inside loops over the site's
//! lists), and text built up in memory (`{% set s = s ~ s %}` in a loop doubles it until
//! memory runs out, and the system kills the process without a word). Tera has no way to stop
//! a template from outside, so when a page has rendered for longer than [`MAX_STUCK`], or the
//! process has grown by more than [`MAX_GROWTH`] while pages render, the watch reports the
//! page and its template to the command's runaway handler ([`on_runaway`]), which says so and
//! ends the process: a clear error instead of a build that never ends or a silent kill.

use std::sync::{Arc, Condvar, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use super::budget::{MAX_PAGE_TIME, Spent};
use crate::diag::Diagnostic;

/// How long a page may render before the watch ends the process: longer than
/// [`MAX_PAGE_TIME`], so that a page that writes is stopped by its budget, with the run going
/// on to report every error, before the watch steps in.
pub(crate) const MAX_STUCK: Duration = Duration::from_secs(MAX_PAGE_TIME.as_secs() + 5);
/// How much the process may grow while pages render: the largest real build (50,000 briefs)
/// grows by a few hundred MB.
pub(crate) const MAX_GROWTH: usize = 2 << 30;
/// How often the watch looks while pages render.
const EVERY: Duration = Duration::from_millis(20);

/// What the command does with a runaway page: say so, and end the process.
type Handler = Box<dyn Fn(Diagnostic) + Send + Sync>;

/// Set once per process by the command (like a panic hook): how a runaway page is reported
/// before the process ends. Without one, the error is printed as text.
static HANDLER: OnceLock<Handler> = OnceLock::new();

/// Set how a runaway page is reported; the process ends after it (exit code 1).
pub(crate) fn on_runaway(handler: impl Fn(Diagnostic) + Send + Sync + 'static) {
    let _ = HANDLER.set(Box::new(handler));
}

/// A page being rendered.
struct Rendering {
    id: u64,
    page: String,
    template: String,
    file: String,
    started: Instant,
}

#[derive(Default)]
struct Pages {
    next: u64,
    now: Vec<Rendering>,
}

/// The pages a renderer is rendering, watched by a thread of its own that ends with it.
pub(crate) struct Watch {
    pages: Mutex<Pages>,
    wake: Condvar,
}

/// A page registered with the watch; dropped when its rendering ends.
pub(crate) struct Ticket<'a> {
    watch: &'a Watch,
    id: u64,
}

impl Watch {
    pub(crate) fn start() -> Arc<Watch> {
        let watch = Arc::new(Watch {
            pages: Mutex::new(Pages::default()),
            wake: Condvar::new(),
        });
        let weak = Arc::downgrade(&watch);
        // Without a thread the pages are not watched; the build goes on.
        let _ = std::thread::Builder::new()
            .name("briefing-watch".into())
            .spawn(move || watch_over(&weak));
        watch
    }

    /// Page `page` starts rendering with `template` (its file `file`).
    pub(crate) fn page(&self, page: &str, template: &str, file: String) -> Ticket<'_> {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        let id = pages.next;
        pages.next += 1;
        pages.now.push(Rendering {
            id,
            page: page.to_string(),
            template: template.to_string(),
            file,
            started: Instant::now(),
        });
        if pages.now.len() == 1 {
            self.wake.notify_one();
        }
        Ticket { watch: self, id }
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        let mut pages = (self.watch.pages.lock()).unwrap_or_else(|e| e.into_inner());
        pages.now.retain(|r| r.id != self.id);
    }
}

/// The watch's thread: asleep while nothing renders, else a look every [`EVERY`]; ends when
/// the watch does.
fn watch_over(watch: &Weak<Watch>) {
    let mut baseline: Option<usize> = None;
    loop {
        let Some(w) = watch.upgrade() else { return };
        let pages = w.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.now.is_empty() {
            baseline = None;
            // Woken by the next page, or now and then to see whether the watch has ended.
            let _ = w.wake.wait_timeout(pages, Duration::from_millis(500));
            continue;
        }
        let oldest = pages.now.iter().min_by_key(|r| r.started);
        let rss = resident();
        let base = *baseline.get_or_insert(rss);
        let spent = if rss.saturating_sub(base) > MAX_GROWTH {
            Some(Spent::Memory)
        } else if oldest.is_some_and(|r| r.started.elapsed() > MAX_STUCK) {
            Some(Spent::Stuck)
        } else {
            None
        };
        if let (Some(spent), Some(r)) = (spent, oldest) {
            let d = super::budget::over_budget(&r.file, &r.template, &r.page, spent);
            runaway(d);
        }
        drop(pages);
        drop(w);
        std::thread::sleep(EVERY);
    }
}

/// The process's resident memory, in bytes (0 where it cannot be read).
fn resident() -> usize {
    memory_stats::memory_stats().map_or(0, |m| m.physical_mem)
}

/// Report `d` through the handler and end the process.
fn runaway(d: Diagnostic) -> ! {
    match HANDLER.get() {
        Some(handler) => handler(d),
        None => eprintln!("{}", d.render(false)),
    }
    std::process::exit(1)
}
