//! `briefing serve`: build in memory, serve over HTTP on loopback, rebuild on change, reload
//! open pages.
//!
//! Three parts that only share [`Shared`]:
//! - the **builder** runs the pipeline (with `base_url` pointing at this server, keeping the
//!   configured sub-path, so links behave as on GitHub Pages) and swaps the new files in; a
//!   failed build keeps the last good site and records the errors;
//! - the **watcher** (notify, debounced) watches `site.yaml`, `content/`, `templates/` and
//!   `static/`, and asks for a rebuild;
//! - the **server** (tiny_http) answers requests from memory and keeps one Server-Sent Events
//!   stream per open page, on which it announces `reload` or `build-error`.
//!
//! Nothing is written to disk: the source folders and `public/` are never touched.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tiny_http::{Header, Request, Response, Server};

use crate::build::{self, Failure, Request as BuildRequest};
use crate::cli::print_diags;
use crate::config::Config;
use crate::output::Memory;

/// The path (under the site's base path) of the live-reload event stream.
const EVENTS: &str = "__briefing/events";

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    /// 0: any free port.
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
    pub quiet: bool,
}

/// What the server serves: the last good build, and the errors of the last build if it failed.
#[derive(Default)]
struct Site {
    files: HashMap<String, Arc<Vec<u8>>>,
    /// Plain-text diagnostics of the last failed build.
    error: Option<String>,
}

struct Shared {
    site: RwLock<Site>,
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
    base_path: String,
}

impl Shared {
    /// Send one event to every open page, dropping the pages that went away.
    fn broadcast(&self, event: &str, data: &str) {
        let msg = sse_message(event, data);
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain_mut(|w| w.write_all(msg.as_bytes()).and_then(|()| w.flush()).is_ok());
        }
    }
}

fn sse_message(event: &str, data: &str) -> String {
    let mut msg = format!("event: {event}\n");
    for line in data.lines() {
        msg.push_str(&format!("data: {line}\n"));
    }
    msg.push('\n');
    msg
}

/// Run the server until the process is stopped. Returns the exit code.
pub fn serve(opts: &ServeOptions) -> i32 {
    let base_path = match Config::load(&opts.root) {
        Ok(c) => c.base_path().to_string(),
        Err(_) => "/".to_string(),
    };
    let server = match Server::http((opts.bind.as_str(), opts.port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {}:{}: {e}\n  = help: pick another port with --port",
                opts.bind, opts.port
            );
            return 1;
        }
    };
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(opts.port);
    let host = if opts.bind.contains(':') {
        format!("[{}]", opts.bind)
    } else {
        opts.bind.clone()
    };
    let url = format!("http://{host}:{port}{base_path}");
    let shared = Arc::new(Shared {
        site: RwLock::new(Site::default()),
        clients: Mutex::new(Vec::new()),
        base_path,
    });
    let builder = Builder {
        root: opts.root.clone(),
        base_url: url.clone(),
        drafts: opts.drafts,
        quiet: opts.quiet,
        shared: Arc::clone(&shared),
    };
    builder.rebuild();
    println!("serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    let _ = std::io::stdout().flush();
    let _watcher = match watch(builder) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("warning: cannot watch for changes ({e}); restart serve to see edits");
            None
        }
    };
    if opts.open {
        open_browser(&url);
    }
    for request in server.incoming_requests() {
        handle(&shared, request);
    }
    0
}

/// Rebuilds the site into [`Shared`].
struct Builder {
    root: PathBuf,
    base_url: String,
    drafts: bool,
    quiet: bool,
    shared: Arc<Shared>,
}

impl Builder {
    fn rebuild(&self) {
        let started = Instant::now();
        let req = BuildRequest {
            root: self.root.clone(),
            out: None,
            base_url: Some(self.base_url.clone()),
            drafts: self.drafts,
            write: false,
        };
        let sink = Memory::default();
        match build::render(&req, &sink) {
            Ok(report) => {
                let mut map: HashMap<String, Arc<Vec<u8>>> =
                    static_files(&self.root.join("static"));
                for f in sink.files.into_inner().unwrap_or_default() {
                    map.insert(f.path, Arc::new(f.bytes));
                }
                print_diags(&report.warnings);
                if let Ok(mut site) = self.shared.site.write() {
                    site.files = map;
                    site.error = None;
                }
                if !self.quiet {
                    println!(
                        "built {} articles, {} pages in {} ms",
                        report.articles,
                        report.pages,
                        started.elapsed().as_millis()
                    );
                }
                self.shared.broadcast("reload", "ok");
            }
            Err(Failure { errors, warnings }) => {
                print_diags(&errors);
                print_diags(&warnings);
                let text: String = errors
                    .iter()
                    .map(|d| d.render(false))
                    .collect::<Vec<_>>()
                    .join("\n");
                eprintln!(
                    "{} error(s); still serving the last good build",
                    errors.len()
                );
                if let Ok(mut site) = self.shared.site.write() {
                    site.error = Some(text.clone());
                }
                self.shared.broadcast("build-error", &text);
            }
        }
    }
}

/// The files of `static/`, by output path.
fn static_files(dir: &Path) -> HashMap<String, Arc<Vec<u8>>> {
    let mut map = HashMap::new();
    if !dir.is_dir() {
        return map;
    }
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            if let Ok(bytes) = std::fs::read(entry.path()) {
                map.insert(crate::diag::rel_path(dir, entry.path()), Arc::new(bytes));
            }
        }
    }
    map
}

type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watch the sources; each debounced batch of changes triggers one rebuild.
fn watch(builder: Builder) -> notify::Result<Watcher> {
    let root = builder
        .root
        .canonicalize()
        .unwrap_or_else(|_| builder.root.clone());
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
    let mut debouncer = new_debouncer(Duration::from_millis(150), None, tx)?;
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    for s in &sources {
        if s.is_dir() {
            debouncer.watch(s, RecursiveMode::Recursive)?;
        }
    }
    std::thread::spawn(move || {
        for result in rx {
            let Ok(events) = result else { continue };
            // Reading the sources during a build raises access events: only changes count.
            let changed = events
                .iter()
                .filter(|e| !e.kind.is_access())
                .any(|e| e.paths.iter().any(|p| relevant(p)));
            if changed {
                builder.rebuild();
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

/// A response header; our values are ASCII (paths are percent-encoded before they get here).
fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// The content type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The script added to every served HTML page: reload on `reload`, show an overlay with the
/// errors on `build-error`.
fn reload_script(base_path: &str) -> String {
    format!(
        r#"<script>/* briefing serve: live reload */(function(){{var s=new EventSource("{base_path}{EVENTS}");s.addEventListener("reload",function(){{location.reload()}});s.addEventListener("build-error",function(e){{var d=document.getElementById("briefing-overlay")||document.createElement("pre");d.id="briefing-overlay";d.setAttribute("role","alert");d.style.cssText="position:fixed;inset:0;margin:0;z-index:2147483647;overflow:auto;padding:1.5rem;background:rgba(24,24,27,.98);color:#fafafa;font:14px/1.55 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";d.textContent="briefing：内容有错误，修改保存后页面会自动刷新。当前显示的是上一次成功生成的页面。\n(briefing: the last change has errors; this is the last good build.)\n\n"+e.data;document.body.appendChild(d)}})}})();</script>"#
    )
}

fn inject(html: &[u8], script: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

fn handle(shared: &Arc<Shared>, request: Request) {
    let raw = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let path = percent_encoding::percent_decode_str(&raw)
        .decode_utf8_lossy()
        .into_owned();
    let base = shared.base_path.as_str();
    if path == format!("{base}{EVENTS}") {
        return events(shared, request);
    }
    let Some(rel) = path
        .strip_prefix(base)
        .or_else(|| (path == base.trim_end_matches('/')).then_some(""))
    else {
        if path == "/" {
            let _ = request.respond(Response::empty(302).with_header(header("Location", base)));
        } else {
            not_found(shared, request);
        }
        return;
    };
    if let Some(page) = error_page(shared) {
        let response = Response::from_data(page)
            .with_status_code(500)
            .with_header(header("Content-Type", "text/html; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = request.respond(response);
        return;
    }
    let mut rel = rel.to_string();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    let found = shared
        .site
        .read()
        .ok()
        .and_then(|s| s.files.get(&rel).cloned());
    match found {
        Some(bytes) => respond_file(shared, request, &rel, &bytes, 200),
        None => {
            let dir_index = format!("{rel}/index.html");
            let is_dir = shared
                .site
                .read()
                .is_ok_and(|s| s.files.contains_key(&dir_index));
            if is_dir {
                // Re-encode: a client may have sent the path as raw UTF-8.
                let location: String = path
                    .split('/')
                    .map(crate::model::encode_segment)
                    .collect::<Vec<_>>()
                    .join("/")
                    + "/";
                let _ = request
                    .respond(Response::empty(301).with_header(header("Location", &location)));
            } else {
                not_found(shared, request);
            }
        }
    }
}

/// Before the first good build there is no site to show: every page is the error report,
/// which reloads itself once the errors are fixed.
fn error_page(shared: &Shared) -> Option<Vec<u8>> {
    let site = shared.site.read().ok()?;
    if !site.files.is_empty() {
        return None;
    }
    let text = site.error.as_deref()?;
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>briefing: build errors</title></head><body><h1 style=\"font:600 18px sans-serif\">briefing：内容有错误，修改保存后本页会自动刷新 (the site has errors)</h1><pre style=\"white-space:pre-wrap;font:14px/1.5 monospace\">{}</pre></body></html>",
        crate::markdown::escape(text)
    );
    Some(inject(body.as_bytes(), &reload_script(&shared.base_path)))
}

fn respond_file(shared: &Shared, request: Request, rel: &str, bytes: &[u8], status: u16) {
    let ctype = content_type(rel);
    let body = if ctype.starts_with("text/html") {
        inject(bytes, &reload_script(&shared.base_path))
    } else {
        bytes.to_vec()
    };
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

fn not_found(shared: &Shared, request: Request) {
    let page = shared
        .site
        .read()
        .ok()
        .and_then(|s| s.files.get("404.html").cloned());
    match page {
        Some(bytes) => respond_file(shared, request, "404.html", &bytes, 404),
        None => {
            let _ = request.respond(Response::from_string("not found").with_status_code(404));
        }
    }
}

/// Keep the connection open as an event stream; announce the current error at once.
fn events(shared: &Arc<Shared>, request: Request) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer.write_all(head.as_bytes()).is_err() {
        return;
    }
    let current = shared.site.read().ok().and_then(|s| s.error.clone());
    let first = match current {
        Some(text) => sse_message("build-error", &text),
        None => ": connected\n\n".to_string(),
    };
    if writer
        .write_all(first.as_bytes())
        .and_then(|()| writer.flush())
        .is_ok()
    {
        if let Ok(mut clients) = shared.clients.lock() {
            clients.push(writer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_multi_line_data() {
        assert_eq!(
            sse_message("build-error", "a\nb"),
            "event: build-error\ndata: a\ndata: b\n\n"
        );
    }

    #[test]
    fn scripts_go_before_the_end_of_body() {
        let out = inject(b"<html><body><p>x</p></body></html>", "<script></script>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><script></script></body></html>"
        );
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("x.PNG"), "image/png");
        assert_eq!(content_type("CNAME"), "application/octet-stream");
    }
}
