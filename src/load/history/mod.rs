//! History from git: when the site is in a git repository, the commits that touched each
//! brief give its last change, and the versions of its front matter give each milestone's
//! history (every change of its date or status, with the day it was committed).
//!
//! Read with the `git` command (one `git log` and one `git cat-file --batch`), which every
//! machine that has the repository has: no C library to build, no second implementation of
//! git's formats. Without git, outside a repository, or in a shallow clone the site builds
//! without history and one warning says why and what to do.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::date::Date;
use crate::diag::{Code, Diagnostic};
use crate::load::Config;

pub(crate) mod track;

pub(crate) use track::{Change, Tracked};

/// What the repository says of the briefs, by file (`content/2026/a.md`, as named now).
#[derive(Debug, Default, Clone)]
pub(crate) struct History {
    pub files: HashMap<String, FileHistory>,
}

/// One brief's history.
#[derive(Debug, Clone)]
pub(crate) struct FileHistory {
    /// The day of the last commit that changed the file (under any earlier name).
    pub changed: Date,
    /// Its milestones as of that commit, each with its changes.
    pub milestones: Vec<Tracked>,
}

/// A commit and what it did to the content files.
struct Commit {
    hash: String,
    day: Date,
    /// `(status, path, new path for a rename)`.
    files: Vec<(char, String, Option<String>)>,
}

/// The history of the briefs of the site at `root`, or a warning saying why there is none.
pub(crate) fn read(root: &Path, config: &Config) -> Result<History, Diagnostic> {
    let where_ = repository(root)?;
    let commits = log(root, &config.timezone)?;
    let mut requests = Vec::new();
    for c in &commits {
        for (status, path, renamed) in &c.files {
            if *status != 'D' {
                let now = renamed.as_ref().unwrap_or(path);
                requests.push(format!("{}:{}{now}", c.hash, where_));
            }
        }
    }
    let mut blobs = blobs(root, &requests)?.into_iter();
    let mut files: HashMap<String, FileHistory> = HashMap::new();
    for c in &commits {
        let day = c.day;
        for (status, path, renamed) in &c.files {
            if *status == 'D' {
                files.remove(path);
                continue;
            }
            let before = match renamed {
                Some(now) => files.remove(path).map(|h| (now.clone(), h)),
                None => files.remove(path).map(|h| (path.clone(), h)),
            };
            let now = renamed.clone().unwrap_or_else(|| path.clone());
            let text = blobs.next().flatten();
            let milestones = text
                .map(|t| milestones_in(&now, t, config))
                .unwrap_or_default();
            let tracked = before.map(|(_, h)| h.milestones).unwrap_or_default();
            files.insert(
                now,
                FileHistory {
                    changed: day,
                    milestones: track::advance(&tracked, &milestones, day),
                },
            );
        }
    }
    Ok(History { files })
}

/// The milestones one version of a brief gives (none when it cannot be read).
fn milestones_in(
    rel: &str,
    bytes: Vec<u8>,
    config: &Config,
) -> Vec<crate::load::lists::MilestoneSpec> {
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md");
    match crate::load::front_matter::parse_file(rel, stem, bytes, config) {
        Ok(a) => a.milestones,
        Err(e) => e.partial.map(|a| a.milestones).unwrap_or_default(),
    }
}

/// Why there is no history: a warning, once per run, with the fix.
fn none(why: &str, help: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::NoHistory,
        "content/",
        format!("no history of the briefs: {why}"),
    )
    .help(help.to_string())
}

fn git(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(root)
        .args(["-c", "core.quotePath=false"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// The site's folder within the repository (`site/` or empty), if it is in a complete one.
fn repository(root: &Path) -> Result<String, Diagnostic> {
    let out = git(root)
        .args([
            "rev-parse",
            "--is-shallow-repository",
            "--show-prefix",
            "--verify",
            "-q",
            "HEAD",
        ])
        .output()
        .map_err(|_| {
            none(
                "the `git` command is not available",
                "install git to show when briefs and milestones changed",
            )
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    match (out.status.success(), lines.next(), lines.next()) {
        (true, Some("false"), prefix) => Ok(prefix.unwrap_or("").to_string()),
        (true, Some("true"), _) => Err(none(
            "the repository is a shallow clone",
            "fetch the whole history: in GitHub Actions, give `actions/checkout` the input `fetch-depth: 0`",
        )),
        _ => Err(none(
            "the site is not in a git repository with commits",
            "keep the site in git (`git init`, then commit) to show when briefs and milestones changed",
        )),
    }
}

/// Every commit that touched `content/`, oldest first, with what it did to its files; its day
/// is counted in the site's time zone.
fn log(root: &Path, tz: &jiff::tz::TimeZone) -> Result<Vec<Commit>, Diagnostic> {
    let out = git(root)
        .args(["log", "--reverse", "--date-order", "-z", "-M", "--relative"])
        .args(["--format=%x1e%H%x1f%ct", "--name-status", "--", "content"])
        .output()
        .map_err(|e| {
            none(
                &format!("`git log` failed ({e})"),
                "run `git log` in the site's folder to see why",
            )
        })?;
    if !out.status.success() {
        return Err(none(
            "`git log` failed",
            "run `git log` in the site's folder to see why",
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .split('\u{1e}')
        .filter_map(|r| parse_commit(r, tz))
        .collect())
}

fn parse_commit(record: &str, tz: &jiff::tz::TimeZone) -> Option<Commit> {
    let (head, rest) = record.split_once('\0')?;
    let (hash, time) = head.split_once('\u{1f}')?;
    let day = day_of(time.trim().parse().ok()?, tz)?;
    let mut tokens = rest
        .trim_start_matches('\n')
        .split('\0')
        .filter(|t| !t.is_empty());
    let mut files = Vec::new();
    while let Some(status) = tokens.next() {
        let kind = status.chars().next()?;
        let path = tokens.next()?.to_string();
        let renamed = match kind {
            'R' | 'C' => Some(tokens.next()?.to_string()),
            _ => None,
        };
        let kind = if kind == 'C' { 'A' } else { kind };
        let shown = renamed.as_deref().unwrap_or(&path);
        if shown.ends_with(".md") || kind == 'R' {
            files.push((kind, path, renamed));
        }
    }
    Some(Commit {
        hash: hash.to_string(),
        day,
        files,
    })
}

/// The day of a commit time in the site's time zone.
fn day_of(seconds: i64, tz: &jiff::tz::TimeZone) -> Option<Date> {
    let t = jiff::Timestamp::from_second(seconds).ok()?;
    Some(crate::date::date_in(t, tz))
}

/// The contents of `requests` (`commit:path`), in order; `None` for one that is missing.
fn blobs(root: &Path, requests: &[String]) -> Result<Vec<Option<Vec<u8>>>, Diagnostic> {
    let failed = || {
        none(
            "`git cat-file` failed",
            "run `git fsck` in the site's folder",
        )
    };
    let mut child = git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|_| failed())?;
    let mut stdin = child.stdin.take().ok_or_else(failed)?;
    let input: String = requests.iter().map(|r| format!("{r}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().ok_or_else(failed)?);
    let mut blobs = Vec::with_capacity(requests.len());
    let mut header = String::new();
    for _ in requests {
        header.clear();
        if out.read_line(&mut header).map_err(|_| failed())? == 0 {
            break;
        }
        let size = header
            .trim_end()
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse::<usize>().ok());
        match size.filter(|_| !header.trim_end().ends_with(" missing")) {
            Some(size) => {
                let mut blob = vec![0; size + 1];
                out.read_exact(&mut blob).map_err(|_| failed())?;
                blob.pop();
                blobs.push(Some(blob));
            }
            None => blobs.push(None),
        }
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}
