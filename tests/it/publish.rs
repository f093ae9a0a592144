//! `briefing publish`: the server path runs for real, against Debian's sshd started on
//! 127.0.0.1 for the test (and stopped after); the bucket path is checked by the commands it
//! would run. Both refuse to delete what briefing did not publish.

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::common::{TestSite, article, tree};

/// An sshd of its own, on a free port of 127.0.0.1, that lets in one key; killed when dropped.
struct Sshd {
    dir: tempfile::TempDir,
    port: u16,
    child: Child,
}

impl Sshd {
    fn start() -> Sshd {
        let sshd = Path::new("/usr/sbin/sshd");
        assert!(
            sshd.exists() && which("rsync"),
            "the publish tests need sshd and rsync: apt-get install openssh-server rsync"
        );
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for key in ["host", "user"] {
            let made = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(d.join(key))
                .status()
                .unwrap();
            assert!(made.success());
        }
        // As root, sshd wants its privilege-separation folder, which Debian makes at boot.
        if is_root() {
            std::fs::create_dir_all("/run/sshd").unwrap();
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host\nAuthorizedKeysFile {d}/user.pub\nPidFile {d}/pid\nUsePAM no\nStrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n",
            d = d.display()
        );
        std::fs::write(d.join("sshd_config"), config).unwrap();
        let host_key = std::fs::read_to_string(d.join("host.pub")).unwrap();
        let mut fields = host_key.split_whitespace();
        let (kind, key) = (fields.next().unwrap(), fields.next().unwrap());
        std::fs::write(
            d.join("known_hosts"),
            format!("[127.0.0.1]:{port} {kind} {key}\n"),
        )
        .unwrap();
        let child = Command::new(sshd)
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stderr(std::fs::File::create(d.join("sshd.log")).unwrap())
            .spawn()
            .unwrap();
        let server = Sshd { dir, port, child };
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "sshd did not start: {}",
                std::fs::read_to_string(server.dir.path().join("sshd.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// `RSYNC_RSH` for a client that uses the test's key and knows the test's host key.
    fn rsh(&self) -> String {
        let d = self.dir.path().display();
        format!(
            "ssh -i {d}/user -o UserKnownHostsFile={d}/known_hosts -o StrictHostKeyChecking=yes"
        )
    }

    /// A folder on the "server" (the same machine).
    fn folder(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn which(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

fn site_for(server: &Sshd, folder: &Path) -> TestSite {
    let s = TestSite::new();
    for (slug, title) in [("a", "甲"), ("b", "乙"), ("c", "丙")] {
        s.file(
            &format!("content/{slug}.md"),
            &article(title, "2026-01-01", "[ecology]"),
        );
    }
    s.append(
        "site.yaml",
        &format!(
            "publish:\n  server:\n    target: 127.0.0.1:{}\n    port: {}\n",
            folder.display(),
            server.port
        ),
    );
    s
}

fn publish(s: &TestSite, server: &Sshd) -> crate::common::Run {
    s.run_env(
        &["publish", "server", "--root", s.root().to_str().unwrap()],
        &[("RSYNC_RSH", &server.rsh())],
    )
}

/// The files under `dir` whose modification time is after `since`.
fn touched_since(dir: &Path, since: std::time::SystemTime) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.metadata().unwrap().modified().unwrap() > since)
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn a_second_publish_sends_only_what_changed_and_deletes_what_is_gone() {
    let server = Sshd::start();
    let www = server.folder("www");
    let s = site_for(&server, &www);
    s.build().ok();
    let first = publish(&s, &server);
    assert_eq!(first.code, 0, "{}\n{}", first.stdout, first.stderr);
    let built = tree(&s.out());
    assert_eq!(
        tree(&www),
        built,
        "the server holds the build, file for file"
    );
    assert!(
        first
            .stdout
            .starts_with(&format!("published to 127.0.0.1:{}/: ", www.display())),
        "{}",
        first.stdout
    );
    // What the server's own people put there: a certificate challenge stays.
    std::fs::create_dir_all(www.join(".well-known/acme-challenge")).unwrap();
    std::fs::write(www.join(".well-known/acme-challenge/t"), "token").unwrap();

    // One brief changed, one gone.
    s.file(
        "content/a.md",
        &article("甲（修订）", "2026-01-01", "[ecology]"),
    );
    s.remove("content/c.md");
    s.build().ok();
    let rebuilt = tree(&s.out());
    let changed: BTreeSet<String> = rebuilt
        .iter()
        .filter(|(p, bytes)| built.get(*p) != Some(bytes))
        .map(|(p, _)| p.clone())
        .collect();
    assert!(changed.contains("articles/a/index.html"), "{changed:?}");
    assert!(!changed.contains("assets/style.css"), "{changed:?}");
    assert!(changed.len() < rebuilt.len() / 2, "{changed:?}");
    std::thread::sleep(Duration::from_millis(20));
    let before = std::time::SystemTime::now();
    std::thread::sleep(Duration::from_millis(20));
    let second = publish(&s, &server);
    assert_eq!(second.code, 0, "{}\n{}", second.stdout, second.stderr);

    // Sent: exactly the files whose bytes changed (rsync writes each file it sends anew).
    let sent = touched_since(&www, before);
    assert_eq!(sent, changed);
    let gone: Vec<&String> = built.keys().filter(|p| !rebuilt.contains_key(*p)).collect();
    assert!(
        gone.contains(&&"articles/c/index.html".to_string()),
        "{gone:?}"
    );
    assert!(
        second.stdout.contains(&format!(
            ": {} of {} files sent, {} deleted",
            changed.len(),
            rebuilt.len(),
            gone.len()
        )),
        "{}",
        second.stdout
    );
    for p in gone {
        assert!(
            second.stdout.contains(&format!("  deleted {p}\n")),
            "{p}: {}",
            second.stdout
        );
    }
    assert!(!www.join("articles/c").join("index.html").exists());
    assert_eq!(
        std::fs::read_to_string(www.join(".well-known/acme-challenge/t")).unwrap(),
        "token"
    );
    let mut on_server = tree(&www);
    on_server.remove(".well-known/acme-challenge/t");
    assert_eq!(on_server, rebuilt);
}

#[test]
fn a_server_folder_of_someone_elses_files_is_left_alone() {
    let server = Sshd::start();
    let www = server.folder("theirs");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join("index.php"), "<?php").unwrap();
    let s = site_for(&server, &www);
    s.build().ok();
    let run = publish(&s, &server);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "error[publish-refused]: the folder there holds files briefing did not publish (`index.php`): publishing would delete them"
        ),
        "{}",
        run.stderr
    );
    let left: Vec<_> = std::fs::read_dir(&www)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["index.php"]);
}

#[test]
fn publish_wants_a_whole_build_and_a_place() {
    let s = TestSite::new();
    s.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    let root = s.root().to_str().unwrap();
    let run = s.run(&["publish", "server", "--root", root]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[publish-failed]: there is no `publish.server` in site.yaml"),
        "{}",
        run.stderr
    );
    s.append(
        "site.yaml",
        "publish:\n  server: {target: deploy@example.cn:/var/www/jjj}\n",
    );
    let run = s.run(&["publish", "server", "--root", root]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[publish-refused]: this folder is not a site built by briefing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("run `briefing build` first"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_bucket_gets_long_cache_for_versioned_files_and_short_for_pages() {
    let s = TestSite::new();
    s.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    s.append(
        "site.yaml",
        "publish:\n  bucket:\n    provider: TencentCOS\n    endpoint: https://cos.ap-beijing.myqcloud.com\n    name: jjj-1250000000\n    folder: zh\n  keep: [downloads/]\n",
    );
    s.build().ok();
    let root = s.root().to_str().unwrap();
    let run = s.run(&["publish", "bucket", "--dry-run", "--root", root]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    let remote = ":s3,provider=TencentCOS,endpoint=cos.ap-beijing.myqcloud.com,acl=public-read:jjj-1250000000/zh";
    for line in &lines {
        assert!(line.contains(remote), "{line}");
        assert!(line.contains("--checksum"), "{line}");
    }
    assert!(lines[0].starts_with("rclone copy "));
    assert!(
        lines[0].contains("--include '/images/[0-9a-f]*-[0-9]*.*'"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("--include /assets/style.css"));
    assert!(
        lines[0].contains("--header-upload 'Cache-Control: public, max-age=31536000, immutable'")
    );
    assert!(lines[1].contains("--exclude /assets/style.css"));
    assert!(lines[1].contains("--header-upload 'Cache-Control: public, max-age=300'"));
    assert!(lines[2].starts_with("rclone sync "));
    for kept in ["'/.well-known/**'", "'/MP_verify_*.txt'", "'/downloads/**'"] {
        assert!(
            lines[2].contains(&format!("--exclude {kept}")),
            "{}",
            lines[2]
        );
    }

    // Without the keys, nothing is asked of the bucket.
    let run = s.run_env(
        &["publish", "bucket", "--root", root],
        &[
            ("RCLONE_S3_ACCESS_KEY_ID", ""),
            ("RCLONE_S3_SECRET_ACCESS_KEY", ""),
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[publish-failed]: the bucket's keys are not set: RCLONE_S3_ACCESS_KEY_ID, RCLONE_S3_SECRET_ACCESS_KEY"),
        "{}",
        run.stderr
    );
}

#[test]
fn publish_settings_that_would_reach_too_far_are_errors_at_their_line() {
    let s = TestSite::new();
    s.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    s.append(
        "site.yaml",
        "publish:\n  server:\n    target: deploy@example.cn:/\n    port: 0\n  bucket:\n    provider: Alibab\n    endpoint: oss.example.com,env_auth=true\n    name: JJJ\n    acl: public\n  keep: [../etc]\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    let err = &run.stderr;
    for expect in [
        "`deploy@example.cn:/` names the server's top folder or the user's home",
        "unknown provider `Alibab`",
        "did you mean `Alibaba`?",
        "`oss.example.com,env_auth=true` is not a host name",
        "`JJJ` is not a bucket name",
        "`../etc` is not a path inside the site",
        "`0` is not a port number (1 to 65535)",
        "unknown acl `public`",
    ] {
        assert!(err.contains(expect), "{expect}\n{err}");
    }
}

/// rsync that cannot be run, or that cannot reach the server, stops the publish with what it
/// said; nothing is sent or deleted.
#[test]
fn a_server_that_cannot_be_reached_or_no_rsync_is_an_error_saying_so() {
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let s = TestSite::new();
    s.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    s.append(
        "site.yaml",
        &format!("publish:\n  server:\n    target: 127.0.0.1:/srv/jjj/\n    port: {closed}\n"),
    );
    s.build().ok();
    let root = s.root().to_str().unwrap();
    let run = s.run(&["publish", "server", "--root", root]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[publish-failed]: `rsync` failed to look at the folder on the server"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Connection refused"), "{}", run.stderr);
    let run = s.run_env(
        &["publish", "server", "--root", root],
        &[("PATH", "/nonexistent")],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error[publish-failed]: cannot run `rsync` to look at the folder on the server"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("apt-get install rsync openssh-client"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_place_to_publish_without_its_address_is_an_error() {
    let s = TestSite::new();
    s.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    s.append("site.yaml", "publish:\n  bucket:\n    provider: Alibaba\n    endpoint: oss-cn-beijing.aliyuncs.com\n  server: {port: 22}\n");
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[missing-field]: `publish.bucket` has no `name`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("add `name: jjj-briefing`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error[missing-field]: `publish.server` has no `target`"),
        "{}",
        run.stderr
    );
}
