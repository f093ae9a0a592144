//! `briefing serve`: build in memory, serve over HTTP on loopback, rebuild on change, reload
//! open pages.
//!
//! Three parts that only share [`Shared`] (`state.rs`):
//! - the **session** ([`crate::incremental::Session`]) keeps the site in memory (with
//!   `base_url` pointing at this server, keeping the configured sub-path, so links behave as
//!   on GitHub Pages) and applies each change; a failed change keeps the last good site and
//!   records the errors;
//! - the **watcher** (notify, debounced) watches `site.yaml`, `content/`, `templates/` and
//!   `static/`, hands each batch of changed paths to the session, and shows the outcome;
//! - the **server** ([`wire`]: a little HTTP over `std::net`, with limits and timeouts) answers
//!   requests from memory, each on a thread of its own, and keeps one Server-Sent Events
//!   stream per open page, on which it announces `reload` or `build-error`.
//!
//! Nothing is written to disk: the source folders and `public/` are never touched.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::incremental::{DEBOUNCE, Session};

mod http;
mod state;
mod streams;
mod wire;

use state::Shared;

#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    pub(crate) root: PathBuf,
    pub(crate) bind: String,
    /// 0: any free port.
    pub(crate) port: u16,
    pub(crate) drafts: bool,
    pub(crate) open: bool,
    pub(crate) quiet: bool,
}

/// Run the server until the process is stopped. Returns the exit code (only on failing to
/// start: once serving, it serves until stopped).
pub(crate) fn serve(opts: &ServeOptions) -> u8 {
    let base_path = crate::pipeline::base_path(&opts.root).unwrap_or_else(|| "/".into());
    let server = match TcpListener::bind((opts.bind.as_str(), opts.port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {}:{}: {e}\n  = help: pick another port with --port",
                opts.bind, opts.port
            );
            return 1;
        }
    };
    let port = server.local_addr().map(|a| a.port()).unwrap_or(opts.port);
    let host = if opts.bind.contains(':') {
        format!("[{}]", opts.bind)
    } else {
        opts.bind.clone()
    };
    let url = format!("http://{host}:{port}{base_path}");
    let loopback = opts
        .bind
        .parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(opts.bind == "localhost");
    if !loopback {
        eprintln!(
            "warning: serving on {} — anyone who can reach this machine can see the preview, drafts included; use the default --bind 127.0.0.1 to keep it to yourself",
            opts.bind
        );
    }
    // A page whose template runs away (a loop without end, a string doubled until memory
    // runs out) cannot be stopped from inside: serve says which, and stops.
    crate::pipeline::on_runaway(|d| {
        crate::cmd::console::print_diags(&[d]);
        eprintln!("serve stopped; fix the template and run `briefing serve` again");
    });
    let session = Session::new(opts.root.clone(), url.clone(), opts.drafts);
    let hosts = vec![opts.bind.trim_matches(['[', ']']).to_ascii_lowercase()];
    let shared = Arc::new(Shared::new(session, base_path, hosts, opts.quiet));
    shared.show(shared.session.rebuild());
    // Watching first: once serve says it is serving, every save is seen.
    let _watcher = match watch(Arc::clone(&shared)) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("warning: cannot watch for changes ({e}); restart serve to see edits");
            None
        }
    };
    println!("serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }
    heartbeat(Arc::clone(&shared));
    loop {
        match server.accept() {
            Ok((stream, _)) => answer(&shared, stream),
            // Out of file descriptors, a reset connection: say so and keep serving.
            Err(e) => {
                eprintln!("warning: could not accept a connection ({e}); still serving");
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }
}

/// Requests answered at once; past this, a request gets 503 at once instead of a thread.
const MAX_BUSY: usize = 64;

/// Answer `request` on a thread of its own, so a slow or stuck client never holds up the
/// others.
fn answer(shared: &Arc<Shared>, stream: TcpStream) {
    if shared.busy.fetch_add(1, Ordering::SeqCst) >= MAX_BUSY {
        shared.busy.fetch_sub(1, Ordering::SeqCst);
        wire::answer(
            stream,
            false,
            503,
            &[("Content-Type", "text/plain")],
            b"busy\n",
        );
        return;
    }
    let mine = Arc::clone(shared);
    let spawned = std::thread::Builder::new().spawn(move || {
        match wire::read(stream) {
            Ok(request) => http::handle(&mine, request),
            Err((refused, stream)) => wire::refuse(refused, stream),
        }
        mine.busy.fetch_sub(1, Ordering::SeqCst);
    });
    if spawned.is_err() {
        eprintln!("warning: could not start a thread for a request; still serving");
        shared.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Every 15 s, a comment line on every live-reload stream: streams of pages that were closed
/// fail to take it and are dropped, with their connections.
fn heartbeat(shared: Arc<Shared>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(15));
            shared.streams.send(b": ping\n\n");
        }
    });
}

type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watch the sources; each debounced batch of changes is applied once. A source folder
/// made (or made again) while serve runs is watched from then on.
fn watch(shared: Arc<Shared>) -> notify::Result<Arc<std::sync::Mutex<Watcher>>> {
    let given = shared.session.root();
    let root = given.canonicalize().unwrap_or_else(|_| given.to_path_buf());
    let sources: Vec<PathBuf> = ["content", "templates", "static"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    let relevant = {
        let root = root.clone();
        let sources = sources.clone();
        move |p: &Path| p == root.join("site.yaml") || sources.iter().any(|s| p.starts_with(s))
    };
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx)?;
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    // A commit (or a checkout) writes to the repository's log of HEAD: the history changed.
    let head_log = crate::load::history::git_dir(&root)
        .map(|d| d.join("logs"))
        .filter(|d| d.is_dir());
    if let Some(logs) = &head_log {
        let _ = debouncer.watch(logs, RecursiveMode::NonRecursive);
    }
    for s in &sources {
        if s.is_dir() {
            debouncer.watch(s, RecursiveMode::Recursive)?;
        }
    }
    let debouncer = Arc::new(std::sync::Mutex::new(debouncer));
    let watcher = Arc::clone(&debouncer);
    std::thread::spawn(move || {
        for result in rx {
            let Ok(events) = result else {
                // The watcher lost track (too many events): build it all.
                shared.show(shared.session.rebuild());
                continue;
            };
            let committed = events.iter().filter(|e| !e.kind.is_access()).any(|e| {
                e.paths.iter().any(|p| {
                    head_log.as_ref().is_some_and(|l| p.starts_with(l)) && p.ends_with("HEAD")
                })
            });
            if committed {
                shared.show(shared.session.rebuild());
                continue;
            }
            // Reading the sources during a build raises access events: only changes count.
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| !e.kind.is_access())
                .flat_map(|e| e.paths.iter().cloned())
                .filter(|p| relevant(p))
                .collect();
            paths.sort();
            paths.dedup();
            // A folder that was not there (`templates/` made after serve started): files
            // saved in it before its watch began would be missed, so all is built again.
            let appeared: Vec<&PathBuf> = (sources.iter())
                .filter(|s| paths.contains(s) && s.is_dir())
                .collect();
            if !appeared.is_empty() {
                if let Ok(mut w) = watcher.lock() {
                    for s in appeared {
                        let _ = w.watch(s, RecursiveMode::Recursive);
                    }
                }
                shared.show(shared.session.rebuild());
            } else if !paths.is_empty() {
                shared.show(shared.session.apply(&paths));
            }
        }
    });
    Ok(debouncer)
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("warning: could not open a browser; visit {url}");
    }
}
