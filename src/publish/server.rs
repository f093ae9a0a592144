//! Publishing to a server: rsync over SSH.
//!
//! The SSH command is `ssh` unless `RSYNC_RSH` gives another (with a key file, say); briefing
//! adds the port and `BatchMode` (a publish in CI must fail, not wait for a password). rsync
//! compares by checksum, puts the new files in place together at the end (`--delay-updates`)
//! and only then deletes what the build no longer holds. Cache headers on a server are its web
//! server's job: docs/publishing.md has the nginx lines.

use std::path::Path;
use std::process::Command;

use super::{Report, anchored, check_theirs, failure, output, run, shown};
use crate::diag::Diagnostic;
use crate::load::config::Server;
use crate::output::MARKER;

const INSTALL: &str = "e.g. `apt-get install rsync openssh-client`";

/// The SSH command rsync runs.
fn ssh(server: &Server) -> String {
    let base = std::env::var("RSYNC_RSH").unwrap_or_else(|_| "ssh".into());
    format!("{base} -p {} -o BatchMode=yes", server.port)
}

/// The top-level names of the folder on the server, or none when it does not exist yet.
fn listing(server: &Server) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut cmd = Command::new("rsync");
    cmd.args([
        "--list-only",
        "--protect-args",
        "-e",
        &ssh(server),
        &server.target,
    ]);
    let what = "look at the folder on the server";
    let out = output(&mut cmd, what, INSTALL, &server.target)?;
    if out.status.success() {
        let text = String::from_utf8_lossy(&out.stdout);
        return Ok(text
            .lines()
            .filter_map(listed_name)
            .filter(|n| *n != ".")
            .map(str::to_string)
            .collect());
    }
    // A folder that is not there yet: rsync makes it.
    if String::from_utf8_lossy(&out.stderr).contains("No such file or directory") {
        return Ok(Vec::new());
    }
    Err(failure(&cmd, what, &out, &server.target))
}

/// The name in a line of `rsync --list-only`: what follows the mode, size, date and time
/// (`drwxr-xr-x          4,096 2026/12/05 22:00:30 name`).
fn listed_name(line: &str) -> Option<&str> {
    let mut rest = line;
    for _ in 0..4 {
        rest = rest.trim_start();
        rest = &rest[rest.find(' ')?..];
    }
    Some(rest.trim_start()).filter(|n| !n.is_empty())
}

/// The rsync that sends `out` to the server.
fn sync_command(server: &Server, out: &Path, keep: &[String]) -> Command {
    let mut cmd = Command::new("rsync");
    cmd.args([
        "--recursive",
        "--checksum",
        "--delete-delay",
        "--delay-updates",
        "--compress",
        "--protect-args",
        "--chmod=D755,F644",
        "--itemize-changes",
    ]);
    for k in keep {
        cmd.arg(format!("--filter=P {}", anchored(k, false)));
    }
    let mut from = out.as_os_str().to_owned();
    from.push("/");
    cmd.arg("-e").arg(ssh(server)).arg(from).arg(&server.target);
    cmd
}

pub(super) fn publish(
    server: &Server,
    out: &Path,
    keep: &[String],
    dry_run: bool,
) -> Result<Report, Vec<Diagnostic>> {
    let mut report = Report {
        to: server.target.clone(),
        ..Report::default()
    };
    let mut cmd = sync_command(server, out, keep);
    if dry_run {
        report.planned.push(shown(&cmd));
        return Ok(report);
    }
    check_theirs(&listing(server)?, keep, &server.target)?;
    let said = run(&mut cmd, "send the site", INSTALL, &server.target)?;
    for line in said.lines() {
        // `<f.st...... articles/x/index.html`, `*deleting   articles/y/index.html`
        let Some((change, path)) = line.split_once(' ') else {
            continue;
        };
        let path = path.trim_start().to_string();
        if change.starts_with("<f") && path != MARKER {
            report.sent.push(path);
        } else if change == "*deleting" && !path.ends_with('/') {
            report.deleted.push(path);
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_from_a_listing() {
        assert_eq!(
            listed_name("drwxr-xr-x          4,096 2026/12/05 22:00:30 ."),
            Some(".")
        );
        assert_eq!(
            listed_name("-rw-r--r--             12 2026/12/05 22:00:30 MP verify.txt"),
            Some("MP verify.txt")
        );
        assert_eq!(listed_name("garbage"), None);
    }
}
