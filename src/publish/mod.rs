//! `briefing publish server|bucket`: send a built output folder to a second place — a server
//! by rsync over SSH, or an S3-compatible bucket (Aliyun OSS, Tencent COS, Huawei OBS) by
//! rclone — so that readers in mainland China reach the site on a host near them.
//!
//! It runs after `build`, on its output folder, and sends only what changed (compared by
//! checksum, since a fresh CI checkout gives every file a new time), then deletes on the other
//! side what the build no longer holds. Two guards keep it from deleting what briefing did not
//! make: the folder sent must be a whole briefing build (its marker and `index.html`), and the
//! folder on the other side must be new, empty, or one briefing published to before (it holds
//! the marker). Paths in `keep:` (and `.well-known/`, WeChat's `MP_verify_*.txt`) are never
//! deleted.
//!
//! Cache headers: [`LONG_CACHE`] names the files whose address changes with their bytes
//! (photo variants by their hash, the theme's files by the `?v=` every page gives them); they
//! may be kept a year. Everything else (pages, feeds, the search index) is kept five minutes,
//! so a correction reaches readers soon.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::diag::{Code, Diagnostic, visible};
use crate::load::config::Config;
use crate::output::{MARKER, is_ours};

mod bucket;
mod server;

/// Where to publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// `publish.server`: rsync over SSH.
    Server,
    /// `publish.bucket`: rclone to an S3-compatible bucket.
    Bucket,
}

/// What `briefing publish` was asked to do.
pub(crate) struct Options {
    pub root: PathBuf,
    pub out: Option<PathBuf>,
    pub target: Target,
    /// Print the commands instead of running them.
    pub dry_run: bool,
}

/// What a publish did.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Where it went (`deploy@host:/var/www/jjj/`).
    pub to: String,
    /// Files sent (new or changed), by path in the output folder.
    pub sent: Vec<String>,
    /// Files deleted on the other side.
    pub deleted: Vec<String>,
    /// Files in the build.
    pub files: usize,
    /// The commands, shell-quoted, when they were only printed (`--dry-run`).
    pub planned: Vec<String>,
}

/// Files whose address changes with their content, as rclone/rsync patterns from the top of
/// the output folder: photo variants (`images/<hash>-<width>.<ext>`) and the theme's files.
pub(crate) const LONG_CACHE: &[&str] = &[
    "/images/[0-9a-f]*-[0-9]*.*",
    "/assets/style.css",
    "/assets/timeline.js",
    "/assets/search.js",
];
/// `Cache-Control` for [`LONG_CACHE`].
pub(crate) const LONG_HEADER: &str = "Cache-Control: public, max-age=31536000, immutable";
/// `Cache-Control` for everything else.
pub(crate) const SHORT_HEADER: &str = "Cache-Control: public, max-age=300";

/// Publish the output folder of the site in `opts.root`.
pub(crate) fn publish(opts: &Options) -> Result<Report, Vec<Diagnostic>> {
    let config = Config::load(&opts.root)?;
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    let keep = &config.publish.keep;
    let report = match opts.target {
        Target::Server => {
            let Some(s) = &config.publish.server else {
                return Err(vec![not_set(
                    "server",
                    "server:\n    target: deploy@203.0.113.5:/var/www/briefing/",
                )]);
            };
            let files = built_files(&out)?;
            Report {
                files,
                ..server::publish(s, &out, keep, opts.dry_run)?
            }
        }
        Target::Bucket => {
            let Some(b) = &config.publish.bucket else {
                return Err(vec![not_set(
                    "bucket",
                    "bucket: {provider: Alibaba, endpoint: oss-cn-beijing.aliyuncs.com, name: jjj-briefing}",
                )]);
            };
            let files = built_files(&out)?;
            Report {
                files,
                ..bucket::publish(b, &out, keep, opts.dry_run)?
            }
        }
    };
    Ok(report)
}

fn not_set(what: &str, example: &str) -> Diagnostic {
    Diagnostic::error(
        Code::PublishFailed,
        "site.yaml",
        format!(
            "there is no `publish.{what}` in site.yaml: briefing does not know where to publish"
        ),
    )
    .field(format!("publish.{what}"))
    .help(format!(
        "add it, e.g.\npublish:\n  {example}\n(docs/publishing.md)"
    ))
}

/// The number of files in `out`, once it is known to be a whole briefing build.
fn built_files(out: &Path) -> Result<usize, Vec<Diagnostic>> {
    let shown = out.display().to_string();
    let whole = is_ours(out) && out.join("index.html").is_file();
    if !whole {
        return Err(vec![
            Diagnostic::error(
                Code::PublishRefused,
                shown,
                "this folder is not a site built by briefing (it has no `.briefing-output` and `index.html`)",
            )
            .help("run `briefing build` first, or pass the folder it wrote with `--out`"),
        ]);
    }
    Ok(walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count())
}

/// Whether the folder on the other side may be published into: it is new or empty, or it
/// holds briefing's marker. `names` are its top-level entries; those that `keep` protects do
/// not count (a server's `.well-known/` is there before the first publish).
fn check_theirs(names: &[String], keep: &[String], to: &str) -> Result<(), Vec<Diagnostic>> {
    if names.iter().any(|n| n == MARKER) {
        return Ok(());
    }
    let theirs: Vec<&String> = names
        .iter()
        .filter(|n| {
            !keep
                .iter()
                .any(|k| glob_matches(k.trim_end_matches('/'), n))
        })
        .collect();
    if theirs.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = theirs
        .iter()
        .take(5)
        .map(|n| format!("`{}`", visible(n)))
        .collect();
    let more = theirs.len().saturating_sub(5);
    Err(vec![
        Diagnostic::error(
            Code::PublishRefused,
            visible(to).into_owned(),
            format!(
                "the folder there holds files briefing did not publish ({}{}): publishing would delete them",
                shown.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ),
        )
        .help("publish into a new or empty folder; or, if those files may go, empty the folder first; or list what must stay under `publish.keep`"),
    ])
}

/// `*` in `pattern` stands for any run of characters; the rest must match `name` exactly.
fn glob_matches(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// A keep pattern as a filter rule anchored at the top (`.well-known/` → `/.well-known/**`
/// for rclone, `/.well-known/` for rsync).
fn anchored(keep: &str, all_below: bool) -> String {
    if keep.ends_with('/') && all_below {
        format!("/{keep}**")
    } else {
        format!("/{keep}")
    }
}

/// A command as a shell would show it, each argument quoted when it needs to be.
fn shown(cmd: &Command) -> String {
    let quote = |s: &str| {
        if !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+".contains(&b))
        {
            s.to_string()
        } else {
            format!("'{}'", s.replace('\'', r"'\''"))
        }
    };
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| quote(&a.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Start `cmd` and wait for it; an error if it cannot be run at all (not installed). `place`
/// is where it works (the server or bucket), for the error's location.
fn output(
    cmd: &mut Command,
    what: &str,
    install: &str,
    place: &str,
) -> Result<Output, Vec<Diagnostic>> {
    cmd.output().map_err(|e| {
        let program = cmd.get_program().to_string_lossy();
        vec![
            Diagnostic::error(
                Code::PublishFailed,
                visible(place).into_owned(),
                format!("cannot run `{program}` to {what}: {e}"),
            )
            .help(format!(
                "install it ({install}) and run `briefing publish` again"
            )),
        ]
    })
}

/// The error for a run of `cmd` that failed: its program, its exit and the last lines it said.
fn failure(cmd: &Command, what: &str, out: &Output, place: &str) -> Vec<Diagnostic> {
    let program = cmd.get_program().to_string_lossy();
    let said = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = said.lines().collect();
    let last: Vec<String> = (lines[lines.len().saturating_sub(6)..].iter())
        .map(|l| visible(l).into_owned())
        .collect();
    vec![
        Diagnostic::error(
            Code::PublishFailed,
            visible(place).into_owned(),
            format!("`{program}` failed to {what} ({}):\n{}", out.status, last.join("\n")),
        )
        .help("nothing was deleted before the new files were in place; fix what it says (address, keys, permissions) and publish again"),
    ]
}

/// Run `cmd`; what it wrote (standard output, then its log on standard error), or an error
/// naming the program and what it said.
fn run(
    cmd: &mut Command,
    what: &str,
    install: &str,
    place: &str,
) -> Result<String, Vec<Diagnostic>> {
    let out = output(cmd, what, install, place)?;
    if !out.status.success() {
        return Err(failure(cmd, what, &out, place));
    }
    let mut said = String::from_utf8_lossy(&out.stdout).into_owned();
    said.push_str(&String::from_utf8_lossy(&out.stderr));
    Ok(said)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_patterns_match_names() {
        assert!(glob_matches("MP_verify_*.txt", "MP_verify_abc.txt"));
        assert!(!glob_matches("MP_verify_*.txt", "MP_verify_abc.html"));
        assert!(glob_matches(".well-known", ".well-known"));
        assert!(!glob_matches(".well-known", "well-known"));
        assert!(glob_matches("a*b*c", "aXbYc"));
        assert!(!glob_matches("a*b*c", "aXbY"));
    }

    #[test]
    fn a_folder_of_someone_elses_files_is_refused() {
        let keep = vec![".well-known/".to_string(), "MP_verify_*.txt".to_string()];
        assert!(check_theirs(&[], &keep, "x").is_ok());
        assert!(
            check_theirs(
                &[".well-known".into(), "MP_verify_1.txt".into()],
                &keep,
                "x"
            )
            .is_ok()
        );
        assert!(check_theirs(&["index.html".into(), MARKER.into()], &keep, "x").is_ok());
        let err =
            check_theirs(&["index.html".into(), "wp-config.php".into()], &keep, "x").unwrap_err();
        assert!(
            err[0].message.contains("`index.html`, `wp-config.php`"),
            "{}",
            err[0].message
        );
    }
}
