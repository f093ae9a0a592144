//! `check --links` against a local server on 127.0.0.1 (no request leaves the machine): each
//! kind of answer is reported as it should be, the answers kept are used on the next run, and
//! `--links=strict` makes failures errors.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::TestSite;

/// Requests per path.
type Counts = Arc<Mutex<HashMap<String, usize>>>;

/// A server on 127.0.0.1 answering each path as the test needs; its address and counts.
fn server() -> (String, Counts) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let counts: Counts = Arc::default();
    let seen = Arc::clone(&counts);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || answer(stream, &seen));
        }
    });
    (addr, counts)
}

fn answer(mut stream: TcpStream, seen: &Counts) {
    let mut buf = [0u8; 4096];
    let n = stream.read(&mut buf).unwrap_or(0);
    let head = String::from_utf8_lossy(&buf[..n]);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let count = {
        let mut c = seen.lock().unwrap();
        let n = c.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    let reply = |status: &str, extra: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
            body.len()
        )
    };
    let text = match path.as_str() {
        "/ok" => reply("200 OK", "", "好"),
        "/moved" => reply("301 Moved Permanently", "Location: /ok\r\n", ""),
        "/temp" => reply("302 Found", "Location: /ok\r\n", ""),
        "/gone404" => reply("404 Not Found", "", ""),
        "/gone410" => reply("410 Gone", "", ""),
        "/busy" if count == 1 => reply("429 Too Many Requests", "Retry-After: 1\r\n", ""),
        "/busy" => reply("200 OK", "", "好"),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            reply("200 OK", "", "好")
        }
        "/cut" => "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n只有一半".to_string(),
        _ => reply("500 Internal Server Error", "", ""),
    };
    let _ = stream.write_all(text.as_bytes());
}

fn site(addr: &str) -> TestSite {
    let s = TestSite::new();
    let links: String = [
        "ok", "moved", "temp", "gone404", "gone410", "busy", "slow", "cut",
    ]
    .iter()
    .map(|p| format!("- [{p}]({addr}/{p})\n"))
    .collect();
    s.file(
        "content/a.md",
        &format!("---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nsource: 某报\nsource_url: {addr}/gone404\n---\n{links}"),
    );
    s
}

#[test]
fn each_kind_of_answer_is_reported_and_kept_answers_are_used() {
    let (addr, counts) = server();
    let s = site(&addr);
    let cache = tempfile::tempdir().unwrap();
    let env = [("XDG_CACHE_HOME", cache.path().to_str().unwrap())];
    let args = ["check", "--links", "--link-timeout", "1"];
    let run = s.run_env(&args, &env);
    assert_eq!(run.code, 0, "failures are warnings: {}", run.stderr);
    let err = &run.stderr;
    for (line, expect) in [
        (
            9,
            format!("warning[moved-link]: `{addr}/moved` has moved for good to `{addr}/ok`"),
        ),
        (
            11,
            format!("warning[dead-link]: `{addr}/gone404` leads nowhere: 404 Not Found"),
        ),
        (
            12,
            format!("warning[dead-link]: `{addr}/gone410` leads nowhere: 410 Gone"),
        ),
        (
            14,
            format!("warning[dead-link]: `{addr}/slow` leads nowhere: no answer in time"),
        ),
        (
            15,
            format!("warning[dead-link]: `{addr}/cut` leads nowhere: the answer broke off"),
        ),
    ] {
        assert!(err.contains(&expect), "{expect}: {err}");
        assert!(
            err.contains(&format!("--> content/a.md:{line}:")),
            "line {line}: {err}"
        );
    }
    // source_url is checked too, at its place in the front matter.
    assert!(err.contains("--> content/a.md:6:13"), "{err}");
    for fine in ["/ok`", "/temp`", "/busy`"] {
        assert!(!err.contains(&format!("{addr}{fine} ")), "{fine}: {err}");
    }
    assert_eq!(
        counts.lock().unwrap()["/busy"],
        2,
        "asked again after its Retry-After"
    );
    assert!(
        run.stdout.contains("links: 8 addresses; 8 asked in"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("4 lead nowhere, 1 moved for good"),
        "{}",
        run.stdout
    );
    // The next run asks again only about what failed.
    let before = counts.lock().unwrap().clone();
    let again = s.run_env(&args, &env);
    assert_eq!(again.code, 0);
    let after = counts.lock().unwrap().clone();
    for path in ["/ok", "/moved", "/temp", "/busy"] {
        assert_eq!(
            after[path], before[path],
            "{path} was answered within the week"
        );
    }
    for path in ["/gone404", "/gone410", "/cut"] {
        assert!(after[path] > before[path], "{path} failed: asked again");
    }
    assert!(
        again.stdout.contains("4 answered in the last week"),
        "{}",
        again.stdout
    );
    // Strict: failures are errors, and the run fails.
    let strict = s.run_env(&["check", "--links=strict", "--link-timeout", "1"], &env);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict.stderr.contains("error[dead-link]"),
        "{}",
        strict.stderr
    );
}

#[test]
fn a_plain_check_and_build_ask_for_nothing() {
    let (addr, counts) = server();
    let s = site(&addr);
    assert_eq!(s.run(&["check"]).code, 0);
    s.build().ok();
    assert!(
        counts.lock().unwrap().is_empty(),
        "{:?}",
        counts.lock().unwrap()
    );
}
