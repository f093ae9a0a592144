//! HTTP/1.1 on the wire, as little of it as a preview needs, with limits: a request's head
//! is at most [`MAX_HEAD`] bytes and must arrive within [`READ_TIMEOUT`]; every answer closes
//! the connection; writes time out, so a client that stops reading frees its thread.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The request line and headers together, at most.
pub(super) const MAX_HEAD: usize = 16 * 1024;
/// Time allowed for the request head, and for each write of the answer.
pub(super) const READ_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A request's head, with its connection.
pub(super) struct HttpRequest {
    pub method: String,
    /// The request target as sent (`/repo/a/?x=1`).
    pub target: String,
    pub host: Option<String>,
    /// The page that made the request, when a browser says (`Origin`).
    pub origin: Option<String>,
    /// `Sec-Fetch-Site`: `same-origin`, `cross-site` …, when a browser says.
    pub fetch_site: Option<String>,
    stream: TcpStream,
}

/// Why a request could not be read; the answer to send, if any.
pub(super) enum Refused {
    /// 400, 408 or 431, with a reason.
    Answer(u16, &'static str),
    /// The client went away.
    Gone,
}

/// Read one request's head from `stream`.
pub(super) fn read(mut stream: TcpStream) -> Result<HttpRequest, (Refused, Option<TcpStream>)> {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    let end = loop {
        if let Some(i) = find(&head, b"\r\n\r\n") {
            break i;
        }
        if head.len() > MAX_HEAD {
            return Err((
                Refused::Answer(431, "request head too large\n"),
                Some(stream),
            ));
        }
        match stream.read(&mut buf) {
            Ok(0) => return Err((Refused::Gone, None)),
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err((Refused::Answer(408, "request timed out\n"), Some(stream)));
            }
            Err(_) => return Err((Refused::Gone, None)),
        }
    };
    let text = String::from_utf8_lossy(&head[..end]);
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version)) = (first.next(), first.next(), first.next())
    else {
        return Err((Refused::Answer(400, "bad request line\n"), Some(stream)));
    };
    if !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return Err((Refused::Answer(400, "bad request line\n"), Some(stream)));
    }
    let headers: Vec<(&str, &str)> = lines.filter_map(|l| l.split_once(':')).collect();
    let header = |name: &str| {
        (headers.iter())
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
    };
    Ok(HttpRequest {
        method: method.to_string(),
        target: target.to_string(),
        host: header("host"),
        origin: header("origin"),
        fetch_site: header("sec-fetch-site"),
        stream,
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad HttpRequest",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "HttpRequest Timeout",
        431 => "HttpRequest Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "Service Unavailable",
    }
}

/// Header values are made plain ASCII (anything else percent-encoded): no address or name
/// can break the head of an answer.
fn safe(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_graphic() || b == b' ' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Write an answer and close: status, headers, and the body unless the request was `HEAD`.
pub(super) fn answer(
    mut stream: TcpStream,
    head_only: bool,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in headers {
        out.push_str(&format!("{k}: {}\r\n", safe(v)));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let _ = stream.write_all(out.as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
}

/// Send `refused`'s answer, if it has one.
pub(super) fn refuse(refused: Refused, stream: Option<TcpStream>) {
    if let (Refused::Answer(status, text), Some(stream)) = (refused, stream) {
        answer(
            stream,
            false,
            status,
            &[("Content-Type", "text/plain; charset=utf-8")],
            text.as_bytes(),
        );
    }
}

impl HttpRequest {
    pub(super) fn answer(self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let head_only = self.method == "HEAD";
        answer(self.stream, head_only, status, headers, body);
    }

    /// The connection, for an event stream that stays open.
    pub(super) fn into_stream(self) -> TcpStream {
        self.stream
    }
}

/// One Server-Sent Events message: each line of `data` its own `data:` line. A browser ends
/// a line at `\r\n`, `\n` or a lone `\r`: all three split here, so no text can start a
/// line (a forged `event:` or `data:`) of its own.
pub(super) fn sse_message(event: &str, data: &str) -> String {
    let mut msg = format!("event: {event}\n");
    for line in data.split("\r\n").flat_map(|l| l.split(['\r', '\n'])) {
        msg.push_str(&format!("data: {line}\n"));
    }
    msg.push('\n');
    msg
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn events_split_multi_line_data() {
        assert_eq!(
            sse_message("build-error", "a\nb"),
            "event: build-error\ndata: a\ndata: b\n\n"
        );
        assert_eq!(
            sse_message("build-error", "a\rb\r\nc\revent: reload"),
            "event: build-error\ndata: a\ndata: b\ndata: c\ndata: event: reload\n\n",
            "a lone CR ends a line too"
        );
    }

    /// What was read (method, target, host), or the status refused with.
    type Parsed = Result<(String, String, Option<String>), u16>;

    fn roundtrip(request: &[u8]) -> (Parsed, String) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let request = request.to_vec();
        let client = std::thread::spawn(move || {
            let mut s = TcpStream::connect(addr).unwrap();
            let _ = s.write_all(&request);
            let _ = s.shutdown(std::net::Shutdown::Write);
            let mut out = String::new();
            let _ = s.read_to_string(&mut out);
            out
        });
        let (stream, _) = listener.accept().unwrap();
        let result = match read(stream) {
            Ok(r) => {
                let parts = (r.method.clone(), r.target.clone(), r.host.clone());
                r.answer(200, &[("Location", "/简报/")], b"ok");
                Ok(parts)
            }
            Err((refused, stream)) => {
                let status = match &refused {
                    Refused::Answer(s, _) => *s,
                    Refused::Gone => 0,
                };
                refuse(refused, stream);
                Err(status)
            }
        };
        (result, client.join().unwrap())
    }

    #[test]
    fn reads_a_request_and_answers_with_safe_headers() {
        let (r, reply) = roundtrip(b"GET /a/?q=1 HTTP/1.1\r\nHost: localhost:1111\r\n\r\n");
        assert_eq!(
            r.ok(),
            Some((
                "GET".into(),
                "/a/?q=1".into(),
                Some("localhost:1111".into())
            ))
        );
        assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
        assert!(
            reply.contains("Location: /%E7%AE%80%E6%8A%A5/\r\n"),
            "{reply}"
        );
        assert!(reply.ends_with("\r\n\r\nok"), "{reply}");
    }

    #[test]
    fn refuses_oversized_and_malformed_heads() {
        let huge = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD * 2));
        let (r, reply) = roundtrip(huge.as_bytes());
        assert_eq!(r.err(), Some(431));
        assert!(reply.starts_with("HTTP/1.1 431"), "{reply}");
        let (r, _) = roundtrip(b"HELLO\r\n\r\n");
        assert_eq!(r.err(), Some(400));
        let (r, _) = roundtrip(b"GET http://evil/ HTTP/1.1\r\n\r\n");
        assert_eq!(r.err(), Some(400));
    }
}
