//! A server on 127.0.0.1 for the browser that prints: it answers `GET` with the files of the
//! build being made (read through the [`Sink`], so files the build left unchanged come from
//! the output folder), under the site's base path, and nothing else. It lives as long as the
//! printing does and is never reachable from another machine.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::output::Sink;

/// A listening socket and the site it serves.
pub(crate) struct Local {
    listener: TcpListener,
    base_path: String,
    stop: AtomicBool,
}

impl Local {
    /// Listen on a free port of 127.0.0.1.
    pub(crate) fn bind(base_path: &str) -> std::io::Result<Local> {
        Ok(Local {
            listener: TcpListener::bind(("127.0.0.1", 0))?,
            base_path: base_path.to_string(),
            stop: AtomicBool::new(false),
        })
    }

    /// The address of site path `path` (`editions/a/1/print/`).
    pub(crate) fn url(&self, path: &str) -> String {
        let port = self.listener.local_addr().map_or(0, |a| a.port());
        format!("http://127.0.0.1:{port}{}{path}", self.base_path)
    }

    /// Answer requests until [`Local::stop`], one at a time.
    pub(crate) fn serve(&self, sink: &dyn Sink) {
        for stream in self.listener.incoming() {
            if self.stop.load(Ordering::SeqCst) {
                break;
            }
            if let Ok(s) = stream {
                let _ = self.answer(s, sink);
            }
        }
    }

    /// End [`Local::serve`]: the flag, then a connection to wake it.
    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Ok(addr) = self.listener.local_addr() {
            let _ = TcpStream::connect(addr);
        }
    }

    fn answer(&self, stream: TcpStream, sink: &dyn Sink) -> std::io::Result<()> {
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
        // A request head is a few hundred bytes: more is not read.
        let mut reader = BufReader::new(std::io::Read::take(stream.try_clone()?, 16 * 1024));
        let mut line = String::new();
        reader.read_line(&mut line)?;
        // The rest of the request head, unread otherwise (bounded).
        let mut header = String::new();
        for _ in 0..100 {
            header.clear();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
                break;
            }
        }
        let found = file_of(&line, &self.base_path).and_then(|rel| {
            let bytes = sink.read(&rel)?;
            Some((rel, bytes))
        });
        let mut out = stream;
        match found {
            Some((rel, bytes)) => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    content_type(&rel),
                    bytes.len()
                );
                out.write_all(head.as_bytes())?;
                out.write_all(&bytes)
            }
            None => out.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            ),
        }
    }
}

/// The output path a request line asks for: `GET /base/a/b/?v=1 HTTP/1.1` → `a/b/index.html`.
/// `None` for another method, a path outside the base, or one that climbs (`..`).
fn file_of(line: &str, base_path: &str) -> Option<String> {
    let mut words = line.split_whitespace();
    if words.next()? != "GET" {
        return None;
    }
    let target = words.next()?;
    let path = target.split(['?', '#']).next()?;
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let rel = path.strip_prefix(base_path)?;
    if rel.split('/').any(|seg| seg == ".." || seg == ".") || rel.contains('\\') {
        return None;
    }
    Some(match rel.is_empty() || rel.ends_with('/') {
        true => format!("{rel}index.html"),
        false => rel.to_string(),
    })
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::file_of;

    #[test]
    fn requests_map_to_files_of_the_build_and_never_above_it() {
        let f = |l: &str| file_of(l, "/repo/");
        assert_eq!(f("GET /repo/ HTTP/1.1"), Some("index.html".into()));
        assert_eq!(
            f("GET /repo/editions/a/1/print/?x=1 HTTP/1.1"),
            Some("editions/a/1/print/index.html".into())
        );
        assert_eq!(
            f("GET /repo/assets/style.css?v=ab HTTP/1.1"),
            Some("assets/style.css".into())
        );
        assert_eq!(
            f("GET /repo/%E6%A0%87%E7%AD%BE/ HTTP/1.1"),
            Some("标签/index.html".into())
        );
        assert_eq!(f("GET /repo/../secret HTTP/1.1"), None);
        assert_eq!(f("GET /repo/a/%2e%2e/%2e%2e/x HTTP/1.1"), None);
        assert_eq!(f("GET /other/x HTTP/1.1"), None);
        assert_eq!(f("POST /repo/ HTTP/1.1"), None);
    }
}
