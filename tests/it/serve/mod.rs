//! `briefing serve` end to end: start it on a free port, fetch pages, edit a file, see the
//! reload event and the new content, break the file, see the error event while the last good
//! site stays served, fix it.

use crate::common::TestSite;

mod edits;
mod http;
mod languages;
mod record;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
    base: String,
    /// What serve prints, line by line.
    lines: std::sync::mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_briefing"));
    command
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root());
    spawn(command)
}

/// `briefing serve` run in the site's folder, without `--root` (as the README says).
fn start_in(site: &TestSite) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_briefing"));
    command
        .args(["serve", "--port", "0"])
        .current_dir(site.root());
    spawn(command)
}

fn spawn(mut command: Command) -> Server {
    let mut child = command
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let errors = BufReader::new(child.stderr.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(i) = line.find("http://") {
            break line[i..].split_whitespace().next().unwrap().to_string();
        }
    };
    // Keep draining stdout and stderr (warnings) so the server never blocks on a full pipe.
    let (tx, rx) = std::sync::mpsc::channel();
    let to_errors = tx.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in errors.map_while(Result::ok) {
            let _ = to_errors.send(line);
        }
    });
    let rest = url.strip_prefix("http://").unwrap();
    let (addr, path) = rest.split_at(rest.find('/').unwrap());
    Server {
        child,
        addr: addr.to_string(),
        base: path.to_string(),
        lines: rx,
    }
}

/// The next line serve prints that starts with `prefix` (earlier lines are skipped).
fn printed(s: &Server, prefix: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match s.lines.recv_timeout(left) {
            Ok(line) if line.starts_with(prefix) => return line,
            Ok(_) => {}
            Err(_) => panic!("serve printed no line starting with `{prefix}`"),
        }
    }
}

/// The lines serve printed starting with each of `prefixes`, in any order (stdout and stderr
/// are read apart).
fn printed_each(s: &Server, prefixes: &[&str]) -> Vec<String> {
    let mut found: Vec<Option<String>> = vec![None; prefixes.len()];
    while found.iter().any(Option::is_none) {
        let line = printed(s, "");
        if let Some(i) =
            (0..prefixes.len()).find(|&i| found[i].is_none() && line.starts_with(prefixes[i]))
        {
            found[i] = Some(line);
        }
    }
    found.into_iter().flatten().collect()
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

fn get(s: &Server, path: &str) -> Reply {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        s.addr
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        headers: head.to_lowercase(),
        body: body.to_string(),
    }
}

/// Every file serve serves now is the file `briefing build` makes of the same sources (the
/// live-reload script aside): whichever path serve took for the edits before, its site is the
/// site a full build makes. Search files are made by serve when first asked for.
fn serves_what_a_build_makes(site: &TestSite, server: &Server) {
    let out = tempfile::tempdir().unwrap();
    let url = format!("http://{}{}", server.addr, server.base);
    let out_dir = out.path().join("public");
    crate::common::run_in(
        site.root(),
        &[
            "build",
            "--base-url",
            &url,
            "--out",
            out_dir.to_str().unwrap(),
        ],
    )
    .ok();
    let files = crate::common::tree(&out_dir);
    assert!(files.len() > 20, "{} files", files.len());
    for (rel, bytes) in files {
        if rel == ".briefing-output" {
            continue; // the build's mark on its output folder
        }
        let path = format!("{}{}", server.base, rel.trim_end_matches("index.html"));
        let served = get(server, &path).body;
        let served = match served.find("<script>/* briefing serve: live reload */") {
            Some(i) => {
                let end = i + served[i..].find("</script>").unwrap() + "</script>".len();
                format!("{}{}", &served[..i], &served[end..])
            }
            None => served,
        };
        assert!(
            served == String::from_utf8_lossy(&bytes),
            "{path} differs from what a build makes:\n--- served\n{served}\n--- built\n{}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

/// An open event stream.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(s: &Server) -> Events {
        let mut stream = TcpStream::connect(&s.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            stream,
            "GET {}__briefing/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            s.base, s.addr
        )
        .unwrap();
        Events {
            stream,
            seen: String::new(),
        }
    }

    /// Read until `needle` appears in what arrived after the last call; returns that text.
    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut buf = [0u8; 4096];
        loop {
            if let Some(i) = self.seen.find(needle) {
                let end = self.seen[i..]
                    .find("\n\n")
                    .map(|j| i + j + 2)
                    .unwrap_or(self.seen.len());
                let got: String = self.seen.drain(..end).collect();
                return got;
            }
            assert!(
                Instant::now() < deadline,
                "no `{needle}` in the event stream; got: {}",
                self.seen
            );
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed; got: {}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    }
}

/// Replace a file the way many editors save: write a temporary file, then rename it over.
fn save(site: &TestSite, rel: &str, text: &str) {
    let path = site.root().join(rel);
    let tmp = path.with_extension("md.tmp~");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

/// [`save`] a file, wait for the reload and return the line serve printed for it (starting
/// with `prefix`).
fn saved(
    site: &TestSite,
    server: &Server,
    events: &mut Events,
    rel: &str,
    text: &str,
    prefix: &str,
) -> String {
    save(site, rel, text);
    events.wait_for("event: reload");
    printed(server, prefix)
}

/// The site served is the site a build makes; then `rel` is saved back as `text`, and it
/// is again.
fn undone(site: &TestSite, server: &Server, events: &mut Events, rel: &str, text: &str) {
    serves_what_a_build_makes(site, server);
    saved(site, server, events, rel, text, "rebuilt ");
    serves_what_a_build_makes(site, server);
}

/// Send a raw request and read the whole reply.
fn raw(s: &Server, request: &str) -> String {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// A template edited into one that doubles a string until memory runs out cannot be stopped
/// from inside: serve says which template, and stops, instead of being killed without a word
/// (or taking the editor's machine down with it).
#[test]
fn a_runaway_template_stops_serve_with_a_clear_error() {
    let site = TestSite::fixture("basic");
    site.file("templates/404.html", "<p>x</p>\n");
    let mut server = start(&site);
    assert_eq!(
        get(&server, &format!("{}404.html", server.base)).status,
        200
    );
    site.file(
        "templates/404.html",
        "<p>x</p>\n{% set s = \"京津冀协同发展简报\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
    );
    // Ask for the page until serve has seen the edit and rendered it, and stopped.
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "serve stopped");
        let _ = TcpStream::connect(&server.addr).and_then(|mut stream| {
            stream.set_read_timeout(Some(Duration::from_secs(1)))?;
            write!(
                stream,
                "GET {}404.html HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                server.base, server.addr
            )?;
            stream.read_to_end(&mut Vec::new())
        });
        std::thread::sleep(Duration::from_millis(100));
    }
    let said = printed(&server, "error[template-error]");
    assert!(
        said.contains("rendering /404.html with `404.html` took more than 2 GB of memory"),
        "{said}"
    );
    printed(&server, "serve stopped; fix the template");
}

/// A source folder made while serve runs (`templates/`, for a first custom template) is
/// watched from then on: its first file and every later edit are served.
#[test]
fn a_templates_folder_made_while_serving_is_watched() {
    let site = TestSite::fixture("basic");
    assert!(!site.root().join("templates").exists());
    let server = start(&site);
    let page = format!("{}404.html", server.base);
    let shows = |marker: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !get(&server, &page).body.contains(marker) {
            assert!(Instant::now() < deadline, "serve shows {marker}");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    site.file("templates/404.html", "<p>第一版404</p>\n");
    shows("第一版404");
    site.file("templates/404.html", "<p>第二版404</p>\n");
    shows("第二版404");
}
