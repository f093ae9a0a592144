//! `briefing serve` end to end: start it on a free port, fetch pages, edit a file, see the
//! reload event and the new content, break the file, see the error event while the last good
//! site stays served, fix it.

use crate::common::TestSite;

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
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
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

#[test]
fn serve_builds_serves_reloads_and_shows_errors() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    assert_eq!(server.base, "/repo/", "serve keeps the base_url's sub-path");

    // Pages, content types, folders, misses.
    let home = get(&server, "/repo/");
    assert_eq!(home.status, 200);
    assert!(
        home.headers
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(home.body.contains("测试简报"));
    assert!(
        home.body
            .contains("new EventSource(\"/repo/__briefing/events\")"),
        "reload script injected"
    );
    let css = get(&server, "/repo/assets/style.css");
    assert!(css.headers.contains("content-type: text/css"));
    assert!(
        get(&server, "/repo/images/x.png")
            .headers
            .contains("content-type: image/png")
    );
    assert!(get(&server, "/repo/feed.xml").body.contains("<feed"));
    let tag = get(&server, "/repo/tags/%E7%94%9F%E6%80%81%E8%A1%A5%E5%81%BF/");
    assert_eq!(tag.status, 200, "percent-encoded Chinese paths resolve");
    let missing = get(&server, "/repo/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("页面未找到"),
        "the site's own 404 page"
    );
    let root = get(&server, "/");
    assert_eq!(root.status, 302);
    assert!(root.headers.contains("location: /repo/"));
    assert_eq!(get(&server, "/repo/articles/a").status, 301);
    // A folder without its slash redirects, with the Chinese path encoded in the header.
    let raw = get(&server, "/repo/tags/%E7%94%9F%E6%80%81%E8%A1%A5%E5%81%BF");
    assert_eq!(raw.status, 301);
    assert!(
        raw.headers
            .contains("location: /repo/tags/%e7%94%9f%e6%80%81%e8%a1%a5%e5%81%bf/"),
        "{}",
        raw.headers
    );

    // Edit: the page reloads and shows the new text.
    let mut events = Events::open(&server);
    assert!(
        events
            .wait_for(": connected")
            .to_lowercase()
            .contains("content-type: text/event-stream")
    );
    let original = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();
    save(
        &site,
        "content/2026/a.md",
        &original.replace("title: 甲文章", "title: 甲文章（修订）"),
    );
    events.wait_for("event: reload");
    assert!(
        get(&server, "/repo/articles/a/")
            .body
            .contains("<h1>甲文章（修订）</h1>")
    );

    // Break it: an error event with file, line and message; the last good site stays served.
    let broken = original
        .replace("title: 甲文章", "title: 甲文章（修订）")
        .replace("domains: [ecology]", "domains: [ecolgy]");
    save(&site, "content/2026/a.md", &broken);
    let err = events.wait_for("event: build-error");
    assert!(err.contains("unknown domain `ecolgy`"), "{err}");
    assert!(err.contains("content/2026/a.md:4:11"), "{err}");
    assert!(err.contains("did you mean `ecology`?"), "{err}");
    let page = get(&server, "/repo/articles/a/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>甲文章（修订）</h1>"));
    // A page opened now learns about the error at once (the overlay shows on load).
    let mut late = Events::open(&server);
    assert!(late.wait_for("event: build-error").contains("ecolgy"));

    // Fix it: reload again.
    save(&site, "content/2026/a.md", &original);
    events.wait_for("event: reload");
    assert!(
        get(&server, "/repo/articles/a/")
            .body
            .contains("<h1>甲文章</h1>")
    );

    // Templates and site.yaml are watched too.
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    // (a new folder is not watched until restart; an existing one is: edit site.yaml)
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    std::fs::write(
        site.root().join("site.yaml"),
        yaml.replace("title: 测试简报", "title: 新标题"),
    )
    .unwrap();
    events.wait_for("event: reload");
    assert!(get(&server, "/repo/").body.contains("新标题"));

    assert!(
        !site.root().join("public").exists(),
        "serve writes nothing to disk"
    );
}

#[test]
fn before_the_first_good_build_every_page_shows_the_errors() {
    let site = TestSite::fixture("basic");
    let good = std::fs::read_to_string(site.root().join("content/2026/b.md")).unwrap();
    save(
        &site,
        "content/2026/b.md",
        &good.replace("date: 2026-06-01", "date: 2026-06-31"),
    );
    let server = start(&site);
    let page = get(&server, "/repo/articles/a/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("content/2026/b.md:3:7"), "{}", page.body);
    assert!(
        page.body.contains("`2026-06-31` is not a real date"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("__briefing/events"),
        "the error page reloads itself"
    );
    let mut events = Events::open(&server);
    events.wait_for("event: build-error");
    save(&site, "content/2026/b.md", &good);
    events.wait_for("event: reload");
    assert_eq!(get(&server, "/repo/articles/a/").status, 200);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = TestSite::fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
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

#[test]
fn serve_answers_only_get_and_head_from_its_own_host() {
    let site = TestSite::new();
    site.file(
        "content/a.md",
        &crate::common::article("甲", "2026-01-01", "[ecology]"),
    );
    let s = start(&site);
    let post = raw(
        &s,
        &format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            s.base, s.addr
        ),
    );
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");
    assert!(post.to_lowercase().contains("allow: get, head"), "{post}");
    let rebinding = raw(
        &s,
        &format!(
            "GET {} HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n",
            s.base
        ),
    );
    assert!(rebinding.starts_with("HTTP/1.1 403"), "{rebinding}");
    let localhost = raw(
        &s,
        &format!(
            "GET {} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            s.base
        ),
    );
    assert!(localhost.starts_with("HTTP/1.1 200"), "{localhost}");
}

#[test]
fn a_stuck_client_does_not_stall_others() {
    let site = TestSite::new();
    site.file(
        "content/a.md",
        &crate::common::article("甲", "2026-01-01", "[ecology]"),
    );
    let s = start(&site);
    // Half a request, never finished.
    let mut stuck = TcpStream::connect(&s.addr).unwrap();
    stuck.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
    let started = Instant::now();
    let r = get(&s, &s.base);
    assert_eq!(r.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    drop(stuck);
}

#[test]
fn a_chinese_base_path_is_served_without_a_panic() {
    let site = TestSite::new();
    site.file(
        "site.yaml",
        &crate::common::SITE_YAML.replace(
            "https://example.github.io/repo/",
            "https://example.github.io/简报/",
        ),
    );
    site.file(
        "content/a.md",
        &crate::common::article("甲", "2026-01-01", "[ecology]"),
    );
    let s = start(&site);
    assert_eq!(s.base, "/%E7%AE%80%E6%8A%A5/");
    let home = get(&s, &s.base);
    assert_eq!(home.status, 200, "{}", home.body);
    assert!(
        home.body.contains("href=\"/%E7%AE%80%E6%8A%A5/articles/"),
        "links stay ASCII"
    );
    let root = get(&s, "/");
    assert_eq!(root.status, 302);
    assert!(
        root.headers.contains("location: /%e7%ae%80%e6%8a%a5/"),
        "{}",
        root.headers
    );
}

#[test]
fn binding_beyond_loopback_warns_that_others_can_see_the_preview() {
    let site = TestSite::fixture("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let warning = lines
        .find_map(|l| l.ok().filter(|l| l.contains("warning: serving on")))
        .unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        warning.contains("anyone who can reach this machine can see the preview, drafts included")
            && warning.contains("--bind 127.0.0.1"),
        "{warning:?}"
    );
}

#[test]
fn each_edit_does_only_the_work_it_needs() {
    let site = TestSite::fixture("basic");
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    site.file("templates/robots.txt", "User-agent: *\n");
    let server = start(&site);
    let mut events = Events::open(&server);
    events.wait_for(": connected");
    let home = get(&server, "/repo/").body;
    let index = get(&server, "/repo/search/index.json").body;
    let original = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();

    // New words in a later paragraph: only this brief is rendered again; no other page changes.
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &original.replace("## 二\n", "## 二\n\n新增的一段：京雄快线试运行。\n"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/a/index.html in "),
        "{line}"
    );
    assert!(
        line.contains("the text changed, not the front matter"),
        "{line}"
    );
    assert!(
        get(&server, "/repo/articles/a/")
            .body
            .contains("新增的一段：京雄快线试运行。")
    );
    assert_eq!(get(&server, "/repo/").body, home, "no other page changes");
    // The feeds carry the latest bodies: they follow.
    assert!(
        get(&server, "/repo/feed.xml")
            .body
            .contains("新增的一段：京雄快线试运行。")
    );
    // The search index is made again when next asked for.
    let fresh = get(&server, "/repo/search/index.json").body;
    assert_ne!(fresh, index, "the index follows the new text");
    serves_what_a_build_makes(&site, &server);

    // The first paragraph is the brief's summary, which lists show: its card is made again,
    // and every page that shows it follows.
    let code_css = |page: &str| {
        let href = page.split("<link rel=\"stylesheet\" href=\"").nth(2)?;
        Some(get(&server, &href[..href.find('"')?]).body)
    };
    let css = code_css(&get(&server, "/repo/articles/a/").body).expect("a has code");
    let b_page = get(&server, "/repo/articles/b/").body;
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &original.replace("第一段，介绍甲。", "第一段，重新介绍甲。"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/a/index.html in "),
        "{line}"
    );
    assert!(get(&server, "/repo/").body.contains("第一段，重新介绍甲。"));

    // A new title keeps the brief's place in the site: every page that shows the brief
    // follows, its milestones on the timeline and its figures included.
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &original.replace("title: 甲文章", "title: 甲文章（新题）"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/a/index.html in ")
            && line.contains("the front matter changed, not the brief's place in the site"),
        "{line}"
    );
    for page in [
        "/repo/",
        "/repo/articles/b/",
        "/repo/timeline/",
        "/repo/figures/",
        "/repo/tags/生态补偿/",
        "/repo/feed.xml",
    ] {
        let body = get(&server, page).body;
        assert!(
            body.contains("甲文章（新题）"),
            "{page} shows the new title: {body}"
        );
        assert!(
            !body.contains("甲文章<"),
            "{page} shows no old title: {body}"
        );
    }
    serves_what_a_build_makes(&site, &server);
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &original,
        "rebuilt ",
    );

    // Edits to a brief's milestones, domains, regions, figures, date, `related` and links
    // keep its address: the timeline, the lists, the figures, its place among the others
    // (the briefs a new date passes are renumbered) and the backlinks are made again in
    // place. Code in a language no brief showed needs the stylesheet made again: the model
    // is made again, every other text taken over as it was rendered. Each time, and after
    // each is undone, the site is the site a build makes. Each row: the edit, how serve's
    // line starts and what it says, and a page that must show a text.
    let in_place = "rebuilt articles/a/index.html in ";
    for (edit, starts, says, shows) in [
        (
            original.replace(
                "    title: 营造林超700万亩\n",
                "    title: 营造林超700万亩\n    status: done\n",
            ),
            in_place,
            "milestones changed",
            None,
        ),
        (
            // Later on the timeline: the milestones between move up.
            original.replace("  - date: 2025\n", "  - date: 2027\n"),
            in_place,
            "milestones changed",
            None,
        ),
        (
            original.replace("domains: [ecology]", "domains: [transport, ecology]"),
            in_place,
            "domains changed",
            None,
        ),
        (
            original.replace("regions: [beijing]", "regions: [hebei, beijing]"),
            in_place,
            "regions changed",
            None,
        ),
        (
            original.replace("value: 4254, unit: 亿元", "value: 4255, unit: 亿元"),
            in_place,
            "figures changed",
            None,
        ),
        (
            original.replace("date: 2026-06-10", "date: 2026-03-10"),
            in_place,
            "date changed",
            None,
        ),
        (
            original.replace("related: [b]", "related: [c]"),
            in_place,
            "related changed",
            None,
        ),
        (
            original.replace("第一段，介绍甲。", "第一段，介绍甲，另见[丁文](d.md)。"),
            in_place,
            "links changed",
            Some(("/repo/articles/d/", "甲文章")),
        ),
        (
            format!("{original}\n```python\ndef f():\n    return 1\n```\n"),
            "rebuilt the model for content/2026/a.md in ",
            "",
            None,
        ),
    ] {
        let line = saved(
            &site,
            &server,
            &mut events,
            "content/2026/a.md",
            &edit,
            "rebuilt ",
        );
        assert!(line.starts_with(starts) && line.contains(says), "{line}");
        if let Some((page, text)) = shows {
            assert!(
                get(&server, page).body.contains(text),
                "{page} shows {text}"
            );
        }
        undone(&site, &server, &mut events, "content/2026/a.md", &original);
    }

    // A front-matter edit of a brief without code: the title shows everywhere at once, and
    // the other briefs' texts keep their code highlighting.
    let b = std::fs::read_to_string(site.root().join("content/2026/b.md")).unwrap();
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/b.md",
        &b.replace("title: 乙文章", "title: 乙文章（修订）"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/b/index.html in "),
        "{line}"
    );
    let a_page = get(&server, "/repo/articles/a/").body;
    assert!(a_page.contains("乙文章（修订）"), "a lists b as related");
    assert!(a_page.contains("class=\"code hl\""), "a's code, taken over");
    assert_eq!(code_css(&a_page).as_deref(), Some(css.as_str()));
    assert!(
        get(&server, "/repo/tags/生态补偿/")
            .body
            .contains("乙文章（修订）")
    );
    assert_ne!(get(&server, "/repo/articles/b/").body, b_page);

    // A tag the site has, added to an older brief: its list and the related lists near the
    // brief are made again in place; the site is still the site a build makes.
    let d = std::fs::read_to_string(site.root().join("content/2026/d.md")).unwrap();
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/d.md",
        &d.replace("tags: [交通]", "tags: [交通, 生态补偿]"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/d/index.html in ") && line.contains("tags changed"),
        "{line}"
    );
    // The tag lists two briefs a page: its third brief makes a second page.
    assert!(
        get(&server, "/repo/tags/生态补偿/page/2/")
            .body
            .contains("丁文章")
    );
    serves_what_a_build_makes(&site, &server);
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/d.md",
        &d,
        "rebuilt ",
    );
    assert_eq!(get(&server, "/repo/tags/生态补偿/page/2/").status, 404);
    serves_what_a_build_makes(&site, &server);

    // A tag new to the site: made in place, the tags numbered anew.
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/b.md",
        &b.replace("tags: [生态补偿]", "tags: [生态补偿, pm2.5]"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/b/index.html in ") && line.contains("tags changed"),
        "{line}"
    );
    assert!(get(&server, "/repo/tags/pm2-5/").body.contains("乙文章"));
    serves_what_a_build_makes(&site, &server);
    // Two tags run together by a full-width comma are one tag, and serve says so.
    let b_now = std::fs::read_to_string(site.root().join("content/2026/b.md")).unwrap();
    save(
        &site,
        "content/2026/b.md",
        &b_now.replace("tags: [生态补偿, pm2.5]", "tags: [生态补偿，pm2.5]"),
    );
    events.wait_for("event: reload");
    let lines = printed_each(
        &server,
        &[
            "rebuilt articles/b/index.html in ",
            "warning[tag-run-together]: the tag `生态补偿，pm2.5` has `，` in it",
        ],
    );
    assert!(lines[0].contains("tags changed"), "{lines:?}");
    undone(&site, &server, &mut events, "content/2026/b.md", &b_now);
    // A tag is named as the newest brief writes it. When a's front matter renames one, in
    // place, the cards of other briefs with that tag are made again with the new name.
    let a_now = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();
    let tagged = |spelling: &str| {
        a_now.replace(
            "tags: [大气污染联防联控, 生态补偿]",
            &format!("tags: [大气污染联防联控, 生态补偿, {spelling}]"),
        )
    };
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &tagged("PM2.5"),
        "rebuilt articles/a/index.html",
    );
    let chips = |page: &str, name: &str| page.matches(&format!(">#{name}<")).count();
    let home = get(&server, "/repo/").body;
    assert!(
        chips(&home, "PM2.5") >= 2 && chips(&home, "pm2.5") == 0,
        "{home}"
    );
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &tagged("Pm2.5"),
        "rebuilt articles/a/index.html",
    );
    let home = get(&server, "/repo/").body;
    assert!(
        chips(&home, "Pm2.5") >= 2 && chips(&home, "PM2.5") == 0,
        "b's card follows: {home}"
    );
    serves_what_a_build_makes(&site, &server);
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/b.md",
        &b,
        "rebuilt ",
    );
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &a_now,
        "rebuilt ",
    );

    // A new address for c: texts may link to it, so everything is built again.
    let c = std::fs::read_to_string(site.root().join("content/2026/c.md")).unwrap();
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/c.md",
        &c.replace("title: 丙文章", "title: 丙文章\nslug: bing"),
        "built ",
    );
    assert!(line.starts_with("built 4 articles"), "{line}");
    assert_eq!(get(&server, "/repo/articles/bing/").status, 200);

    // A template: every page again, from the kept model.
    site.file(
        "templates/robots.txt",
        "User-agent: *\nDisallow: /drafts/\n",
    );
    events.wait_for("event: reload");
    let line = printed(&server, "templates changed");
    assert!(line.contains("no Markdown read"), "{line}");
    assert!(
        get(&server, "/repo/robots.txt")
            .body
            .contains("Disallow: /drafts/")
    );

    // A static file: read again, nothing rendered.
    site.file("static/extra.css", "body { color: red }");
    events.wait_for("event: reload");
    printed(&server, "static files read again");
    assert_eq!(get(&server, "/repo/extra.css").body, "body { color: red }");

    // An editor's backup file next to a brief is not part of the site: nothing happens, and
    // the next real edit is still quick.
    site.file("content/2026/a.md~", "old");
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &original
            .replace("第一段，介绍甲。", "第一段，重新介绍甲。")
            .replace("## 三\n", "## 三\n\n又一段。\n"),
        "rebuilt ",
    );
    assert!(line.starts_with("rebuilt articles/a/index.html"), "{line}");
}

/// A milestone more puts the timeline past `timeline_split`: it gets a page per year and every
/// milestone's link changes, whichever way serve takes the edit (in place, or the model made
/// again with the other briefs' values taken over); one less undoes it.
#[test]
fn a_timeline_growing_past_its_split_is_served_as_a_build_makes_it() {
    let site = TestSite::fixture("basic");
    // The fixture has 7 milestones.
    site.append("site.yaml", "timeline_split: 7\n");
    let server = start(&site);
    let mut events = Events::open(&server);
    events.wait_for(": connected");
    let original = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();
    let one_more = original.replace(
        "milestones:\n",
        "milestones:\n  - date: 2026-12\n    title: 年底再添一项\n",
    );
    let code = "\n```python\ndef f():\n    return 1\n```\n";
    for (edit, starts) in [
        (one_more.clone(), "rebuilt articles/a/index.html in "),
        (
            format!("{one_more}{code}"),
            "rebuilt the model for content/2026/a.md in ",
        ),
    ] {
        assert!(
            get(&server, "/repo/articles/d/")
                .body
                .contains("/repo/timeline/#m-d-")
        );
        let line = saved(
            &site,
            &server,
            &mut events,
            "content/2026/a.md",
            &edit,
            "rebuilt ",
        );
        assert!(line.starts_with(starts), "{line}");
        let d = get(&server, "/repo/articles/d/").body;
        assert!(
            d.contains("/repo/timeline/2026/#m-d-") && !d.contains("/repo/timeline/#m-"),
            "another brief's milestones link to their year: {d}"
        );
        assert!(
            get(&server, "/repo/timeline/2026/")
                .body
                .contains("年底再添一项")
        );
        undone(&site, &server, &mut events, "content/2026/a.md", &original);
    }
}
