//! The HTTP side of serve: answer requests from memory, keep live-reload event streams, and
//! put the reload script into every HTML page.

use std::io::Write;
use std::sync::Arc;

use super::wire::{HttpRequest, sse_message};

use super::state::Shared;
use crate::incremental::Made;
use crate::slug::encode_path;
use crate::text::escape_html;

/// The path (under the site's base path) of the live-reload event stream.
const EVENTS: &str = "__briefing/events";

/// A response header; our values are ASCII (paths are percent-encoded before they get here).
/// The content type for a file name.
fn content_type(path: &str) -> &'static str {
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
    // The base path comes from site.yaml: written into the script as a JSON string, with `</`
    // broken up so that no value can end the script element.
    let events = serde_json::to_string(&format!("{base_path}{EVENTS}"))
        .unwrap_or_else(|_| "\"/\"".into())
        .replace("</", "<\\/");
    format!(
        r#"<script>/* briefing serve: live reload */(function(){{var s=new EventSource({events});s.addEventListener("reload",function(){{location.reload()}});s.addEventListener("build-error",function(e){{var d=document.getElementById("briefing-overlay")||document.createElement("pre");d.id="briefing-overlay";d.setAttribute("role","alert");d.style.cssText="position:fixed;inset:0;margin:0;z-index:2147483647;overflow:auto;padding:1.5rem;background:rgba(24,24,27,.98);color:#fafafa;font:14px/1.55 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";d.textContent="briefing：内容有错误，修改保存后页面会自动刷新。当前显示的是上一次成功生成的页面。\n(briefing: the last change has errors; this is the last good build.)\n\n"+e.data;document.body.appendChild(d)}})}})();</script>"#
    )
}

fn inject(html: &[u8], script: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

const TEXT: (&str, &str) = ("Content-Type", "text/plain; charset=utf-8");

pub(super) fn handle(shared: &Arc<Shared>, request: HttpRequest) {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        request.answer(405, &[TEXT, ("Allow", "GET, HEAD")], b"only GET and HEAD\n");
        return;
    }
    if !host_allowed(shared, request.host.as_deref()) {
        let text = b"this preview answers only to the address it was started on\n";
        request.answer(403, &[TEXT], text);
        return;
    }
    let raw = request
        .target
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let path = percent_encoding::percent_decode_str(&raw)
        .decode_utf8_lossy()
        .into_owned();
    let base = shared.base_decoded.as_str();
    if path == format!("{base}{EVENTS}") {
        return events(shared, request);
    }
    let Some(rel) = path
        .strip_prefix(base)
        .or_else(|| (path == base.trim_end_matches('/')).then_some(""))
    else {
        if path == "/" {
            request.answer(302, &[("Location", &shared.base_path)], b"");
        } else {
            not_found(shared, request);
        }
        return;
    };
    if let Some(page) = error_page(shared) {
        let headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Cache-Control", "no-store"),
        ];
        request.answer(500, &headers, &page);
        return;
    }
    let mut rel = rel.to_string();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    if let Some(made) = Made::of(&rel) {
        shared.refresh_made(made);
    }
    let found = lookup(shared, &rel);
    match found {
        Some(bytes) => respond_file(shared, request, &rel, &bytes, 200),
        None => {
            let dir_index = format!("{rel}/index.html");
            let is_dir = shared
                .served
                .read()
                .is_ok_and(|s| s.files.contains_key(&dir_index))
                || shared.session.has_page(&dir_index);
            if is_dir {
                // Re-encode: a client may have sent the path as raw UTF-8.
                let location = encode_path(&path) + "/";
                request.answer(301, &[("Location", &location)], b"");
            } else {
                not_found(shared, request);
            }
        }
    }
}

/// The file at output path `rel`: a file held (static, theme, search index), else a page of
/// the last good build, rendered now.
fn lookup(shared: &Shared, rel: &str) -> Option<Arc<Vec<u8>>> {
    let held = shared
        .served
        .read()
        .ok()
        .and_then(|s| s.files.get(rel).cloned());
    held.or_else(|| match shared.session.page(rel)? {
        Ok(bytes) => Some(Arc::new(bytes)),
        Err(d) => Some(Arc::new(
            format!(
                "<!DOCTYPE html><html><body><pre>{}</pre></body></html>",
                escape_html(&d.render(false))
            )
            .into_bytes(),
        )),
    })
}

/// DNS rebinding guard: a page on some other site must not be able to read the preview
/// (drafts included) by pointing its own name at 127.0.0.1. The `Host` must be one the server
/// was started on, a loopback name, or, when bound to every address, an address.
fn host_allowed(shared: &Shared, host: Option<&str>) -> bool {
    let Some(host) = host.map(str::to_ascii_lowercase) else {
        return true; // HTTP/1.0 clients send none
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host.as_str(), |(n, _)| n),
    };
    // Bound to every address (`--bind 0.0.0.0`), the machine's own addresses are answered:
    // rebinding needs a name, never an address.
    let everywhere = shared.hosts.iter().any(|h| h == "0.0.0.0" || h == "::");
    ["localhost", "127.0.0.1", "::1"].contains(&name)
        || shared.hosts.iter().any(|h| h == name)
        || (everywhere && name.parse::<std::net::IpAddr>().is_ok())
}

/// Before the first good build there is no site to show: every page is the error report,
/// which reloads itself once the errors are fixed.
fn error_page(shared: &Shared) -> Option<Vec<u8>> {
    let site = shared.served.read().ok()?;
    if !site.files.is_empty() {
        return None;
    }
    let text = site.error.as_deref()?;
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>briefing: build errors</title></head><body><h1 style=\"font:600 18px sans-serif\">briefing：内容有错误，修改保存后本页会自动刷新 (the site has errors)</h1><pre style=\"white-space:pre-wrap;font:14px/1.5 monospace\">{}</pre></body></html>",
        escape_html(text)
    );
    Some(inject(body.as_bytes(), &reload_script(&shared.base_path)))
}

fn respond_file(shared: &Shared, request: HttpRequest, rel: &str, bytes: &[u8], status: u16) {
    let ctype = content_type(rel);
    let body = if ctype.starts_with("text/html") {
        inject(bytes, &reload_script(&shared.base_path))
    } else {
        bytes.to_vec()
    };
    request.answer(
        status,
        &[("Content-Type", ctype), ("Cache-Control", "no-store")],
        &body,
    );
}

fn not_found(shared: &Shared, request: HttpRequest) {
    let page = lookup(shared, "404.html");
    match page {
        Some(bytes) => respond_file(shared, request, "404.html", &bytes, 404),
        None => request.answer(404, &[TEXT], b"not found\n"),
    }
}

/// Keep the connection open as an event stream; announce the current error at once.
fn events(shared: &Arc<Shared>, request: HttpRequest) {
    // Only the preview's own pages: any other site a browser has open could otherwise hold
    // streams open here.
    let cross_site = request
        .fetch_site
        .as_deref()
        .is_some_and(|s| !matches!(s, "same-origin" | "none"));
    // An `Origin` must be this server's own address, port included (another program on
    // this machine is another site), as the browser asked for it (`Host`).
    let foreign_origin = request.origin.as_deref().is_some_and(|o| {
        let host = o.split_once("://").map_or(o, |(_, h)| h);
        let own = request
            .host
            .as_deref()
            .is_some_and(|h| h.eq_ignore_ascii_case(host));
        o == "null" || !own || !host_allowed(shared, Some(host))
    });
    if cross_site || foreign_origin {
        request.answer(
            403,
            &[TEXT],
            b"the reload stream is for the preview's own pages\n",
        );
        return;
    }
    let mut writer = request.into_stream();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer.write_all(head.as_bytes()).is_err() {
        return;
    }
    let current = shared.served.read().ok().and_then(|s| s.error.clone());
    let first = match current {
        Some(text) => sse_message("build-error", &text),
        None => ": connected\n\n".to_string(),
    };
    if writer
        .write_all(first.as_bytes())
        .and_then(|()| writer.flush())
        .is_ok()
    {
        // Past the cap the stream is closed; the page's EventSource tries again later.
        let _ = shared.streams.add(writer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
