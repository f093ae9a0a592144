//! Publishing to an S3-compatible bucket with rclone, in three passes so that readers never
//! see a page whose photos or styles are not there yet:
//!
//! 1. the files of [`LONG_CACHE`] are copied with a year's `Cache-Control`;
//! 2. everything else is copied with five minutes';
//! 3. a `sync` (which finds nothing left to send) deletes what the build no longer holds,
//!    except what `keep` protects.
//!
//! The bucket is named on the command line as an rclone connection string
//! (`:s3,provider=Alibaba,endpoint=…:bucket/folder`): no rclone config file is needed, and the
//! keys come from the environment (`RCLONE_S3_ACCESS_KEY_ID`, `RCLONE_S3_SECRET_ACCESS_KEY`),
//! set from the repository's secrets, never from site.yaml.

use std::path::Path;
use std::process::Command;

use super::{LONG_CACHE, LONG_HEADER, Report, SHORT_HEADER, anchored, check_theirs, run, shown};
use crate::diag::{Code, Diagnostic};
use crate::load::config::Bucket;
use crate::output::MARKER;

const INSTALL: &str = "rclone 1.60 or newer: https://rclone.org/install/";
const KEYS: [&str; 2] = ["RCLONE_S3_ACCESS_KEY_ID", "RCLONE_S3_SECRET_ACCESS_KEY"];

/// The bucket as rclone names it.
pub(super) fn remote(b: &Bucket) -> String {
    let acl = if b.acl == "default" {
        String::new()
    } else {
        format!(",acl={}", b.acl)
    };
    let folder = if b.folder.is_empty() {
        String::new()
    } else {
        format!("/{}", b.folder)
    };
    format!(
        ":s3,provider={},endpoint={}{acl}:{}{folder}",
        b.provider, b.endpoint, b.name
    )
}

/// The three passes (see the module's comment).
fn passes(b: &Bucket, out: &Path, keep: &[String]) -> Vec<Command> {
    let to = remote(b);
    let base = |verb: &str| {
        let mut cmd = Command::new("rclone");
        cmd.arg(verb).arg(out).arg(&to).args([
            "--checksum",
            "--no-update-modtime",
            "--log-level",
            "INFO",
        ]);
        cmd
    };
    let mut long = base("copy");
    for p in LONG_CACHE {
        long.arg("--include").arg(p);
    }
    long.arg("--header-upload").arg(LONG_HEADER);
    let mut short = base("copy");
    for p in LONG_CACHE {
        short.arg("--exclude").arg(p);
    }
    short.arg("--header-upload").arg(SHORT_HEADER);
    let mut sync = base("sync");
    for k in keep {
        sync.arg("--exclude").arg(anchored(k, true));
    }
    vec![long, short, sync]
}

/// What rclone's INFO log says it did: `path: Copied (new)`, `path: Deleted`.
fn read_log(log: &str, report: &mut Report) {
    for line in log.lines() {
        let Some((_, what)) = line.split_once("INFO  : ") else {
            continue;
        };
        if let Some(path) = what.strip_suffix(": Deleted") {
            report.deleted.push(path.to_string());
        } else if let Some((path, _)) = what.split_once(": Copied (") {
            if path != MARKER {
                report.sent.push(path.to_string());
            }
        }
    }
}

pub(super) fn publish(
    b: &Bucket,
    out: &Path,
    keep: &[String],
    dry_run: bool,
) -> Result<Report, Vec<Diagnostic>> {
    let mut report = Report {
        to: format!("{}/{}", b.name, b.folder),
        ..Report::default()
    };
    let mut passes = passes(b, out, keep);
    if dry_run {
        report.planned = passes.iter().map(shown).collect();
        return Ok(report);
    }
    let missing: Vec<&str> = KEYS
        .into_iter()
        .filter(|k| std::env::var(k).map_or(true, |v| v.is_empty()))
        .collect();
    if !missing.is_empty() {
        return Err(vec![
            Diagnostic::error(
                Code::PublishFailed,
                "",
                format!("the bucket's keys are not set: {}", missing.join(", ")),
            )
            .help("set them from the repository's secrets (Settings → Secrets and variables → Actions); docs/publishing.md shows the workflow"),
        ]);
    }
    let mut list = Command::new("rclone");
    list.args(["lsf", "--max-depth", "1"]).arg(remote(b));
    let names: Vec<String> = run(&mut list, "look at the bucket", INSTALL, &report.to)?
        .lines()
        .map(|l| l.trim_end_matches('/').to_string())
        .collect();
    check_theirs(&names, keep, &report.to)?;
    for cmd in &mut passes {
        let log = run(cmd, "send the site", INSTALL, &report.to)?;
        read_log(&log, &mut report);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket() -> Bucket {
        Bucket {
            provider: "Alibaba".into(),
            endpoint: "oss-cn-beijing.aliyuncs.com".into(),
            name: "jjj-briefing".into(),
            folder: String::new(),
            acl: "public-read".into(),
        }
    }

    #[test]
    fn the_bucket_is_one_connection_string() {
        assert_eq!(
            remote(&bucket()),
            ":s3,provider=Alibaba,endpoint=oss-cn-beijing.aliyuncs.com,acl=public-read:jjj-briefing"
        );
        let b = Bucket {
            folder: "zh".into(),
            acl: "default".into(),
            ..bucket()
        };
        assert_eq!(
            remote(&b),
            ":s3,provider=Alibaba,endpoint=oss-cn-beijing.aliyuncs.com:jjj-briefing/zh"
        );
    }

    #[test]
    fn the_log_says_what_was_sent_and_deleted() {
        let mut r = Report::default();
        read_log(
            "2026/12/05 22:00:00 INFO  : articles/x/index.html: Copied (new)\n2026/12/05 22:00:00 INFO  : index.html: Copied (replaced existing)\n2026/12/05 22:00:00 INFO  : articles/y/index.html: Deleted\n2026/12/05 22:00:00 INFO  : \nTransferred: 2 / 2",
            &mut r,
        );
        assert_eq!(r.sent, ["articles/x/index.html", "index.html"]);
        assert_eq!(r.deleted, ["articles/y/index.html"]);
    }
}
