//! Test helpers: make a site in a temporary folder, run the real binary on it, read the output.

use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) const SITE_YAML: &str = "title: 测试简报
description: 用于测试的站点
base_url: https://example.github.io/repo/
as_of: 2026-06-15
paginate: 2
api: true
domains:
  - {key: ecology, name: 生态环境, description: 生态领域}
  - {key: transport, name: 交通一体化, description: 交通领域}
regions:
  - {key: beijing, name: 北京}
  - {key: hebei, name: 河北}
# Test sites are not repositories: history is tested apart (tests/it/history.rs).
history: false
";

/// A minimal valid article.
pub(crate) fn article(title: &str, date: &str, domains: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\ndomains: {domains}\n---\n{title}的正文。\n")
}

pub(crate) struct TestSite {
    pub(crate) dir: tempfile::TempDir,
}

pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    pub(crate) fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "build failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl TestSite {
    /// An empty site folder with the standard site.yaml.
    pub(crate) fn new() -> TestSite {
        let s = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        s.file("site.yaml", SITE_YAML);
        s
    }

    /// A copy of a fixture under tests/fixtures/.
    pub(crate) fn fixture(name: &str) -> TestSite {
        let s = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            s.root(),
        );
        s
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub(crate) fn file(&self, rel: &str, text: &str) -> &Self {
        self.bytes(rel, text.as_bytes())
    }

    /// Add `text` at the end of the site's file `rel` (a setting to a fixture's site.yaml).
    pub(crate) fn append(&self, rel: &str, text: &str) -> &Self {
        let before = std::fs::read_to_string(self.root().join(rel)).unwrap();
        self.file(rel, &format!("{before}{text}"))
    }

    pub(crate) fn bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    pub(crate) fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    /// Run `briefing <args…> --root <site>`.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// Run `briefing <args…> --root <site>` with extra environment variables.
    pub(crate) fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        run_in_env(self.root(), args, env)
    }

    pub(crate) fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// A built file as text.
    pub(crate) fn read(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }
}

pub(crate) fn run_in(root: &Path, args: &[&str]) -> Run {
    run_in_env(root, args, &[])
}

pub(crate) fn run_in_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefing"));
    cmd.args(args);
    if args.first().is_some_and(|a| *a == "build" || *a == "check") {
        cmd.arg("--root").arg(root);
    }
    let out = cmd
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every value of attribute `attr` in `html` (our output always double-quotes attributes).
pub(crate) fn attrs(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&pat) {
        rest = &rest[i + pat.len()..];
        let end = rest.find('"').unwrap();
        out.push(rest[..end].replace("&amp;", "&"));
        rest = &rest[end..];
    }
    out
}

/// The text between `start` and the next `end` after it.
pub(crate) fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found"));
    let rest = &html[i + start.len()..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Every file under `dir` with its bytes, by path (symbolic links not followed).
pub(crate) fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A `w`×`h` picture of busy detail (it compresses like a photo, not like a flat colour),
/// encoded as `format`.
pub(crate) fn picture(format: image::ImageFormat, w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 7 % 251) as u8,
            (y * 13 % 241) as u8,
            ((x ^ y) % 239) as u8,
        ])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), format)
        .unwrap();
    out
}
