//! serve as an HTTP server: builds, serves, reloads, shows errors; answers only what it should.

use super::*;
use crate::common::TestSite;

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

/// In the site's folder, without `--root`, an edit is seen and applied in place as with an
/// absolute `--root` (the watcher reports absolute paths).
#[test]
fn serve_in_the_site_folder_sees_edits() {
    let site = TestSite::fixture("basic");
    let server = start_in(&site);
    let mut events = Events::open(&server);
    let before = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &format!("{before}\n在站点文件夹里改的一句。\n"),
        "rebuilt ",
    );
    assert!(line.contains("articles/a/index.html"), "{line}");
    assert!(
        get(&server, "/repo/articles/a/")
            .body
            .contains("在站点文件夹里改的一句。")
    );
}

/// Bound beyond loopback, serve answers the machine's own addresses (a phone on the same
/// network asks for `http://192.168.1.5:1111/`), as its warning says; a name is still refused
/// (DNS rebinding needs a name, never an address).
#[test]
fn bound_beyond_loopback_it_answers_addresses_and_refuses_names() {
    let site = TestSite::fixture("basic");
    let mut command = Command::new(env!("CARGO_BIN_EXE_briefing"));
    command
        .args(["serve", "--port", "0", "--bind", "0.0.0.0", "--root"])
        .arg(site.root());
    let s = spawn(command);
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    let ask = |host: &str| {
        raw(
            &s,
            &format!(
                "GET {} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
                s.base
            ),
        )
    };
    for host in [format!("192.168.1.5:{port}"), format!("[fe80::1]:{port}")] {
        let reply = ask(&host);
        assert!(reply.starts_with("HTTP/1.1 200"), "{host}: {reply}");
    }
    let named = ask(&format!("evil.example:{port}"));
    assert!(named.starts_with("HTTP/1.1 403"), "{named}");
}

/// A folder of briefs moved out of `content/` is gone from the site at once (not at the next
/// restart).
#[test]
fn a_folder_of_briefs_moved_out_of_content_is_gone() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let mut events = Events::open(&server);
    assert_eq!(get(&server, "/repo/articles/a/").status, 200);
    std::fs::rename(
        site.root().join("content/2026"),
        site.root().join("moved-away"),
    )
    .unwrap();
    events.wait_for("event: reload");
    assert_eq!(get(&server, "/repo/articles/a/").status, 404);
    serves_what_a_build_makes(&site, &server);
}

/// The reload stream answers only the preview's own pages: another site open in the browser
/// cannot hold streams open (or learn of the errors).
#[test]
fn the_reload_stream_refuses_other_sites() {
    let site = TestSite::fixture("basic");
    let s = start(&site);
    let ask = |extra: &str| {
        raw(
            &s,
            &format!(
                "GET {}__briefing/events HTTP/1.1\r\nHost: {}\r\n{extra}Connection: close\r\n\r\n",
                s.base, s.addr
            ),
        )
    };
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    let other_port = format!(
        "Origin: http://127.0.0.1:{}\r\n",
        port.parse::<u32>().unwrap() + 1
    );
    for extra in [
        "Origin: https://evil.example\r\n",
        "Origin: null\r\n",
        other_port.as_str(),
        "Sec-Fetch-Site: cross-site\r\n",
        "Sec-Fetch-Site: same-site\r\n",
    ] {
        let reply = ask(extra);
        assert!(reply.starts_with("HTTP/1.1 403"), "{extra}: {reply}");
    }
    // The preview's own page is answered (the stream stays open: read its head only).
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let own = format!(
        "GET {}__briefing/events HTTP/1.1\r\nHost: {}\r\nOrigin: http://{}\r\nSec-Fetch-Site: same-origin\r\n\r\n",
        s.base, s.addr, s.addr
    );
    stream.write_all(own.as_bytes()).unwrap();
    let mut head = [0u8; 15];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 200 OK");
}
