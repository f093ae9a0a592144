//! The default site (this repository's content) built under a sub-path: every internal link
//! and #anchor resolves, nothing is loaded from another host, and pages stay light.

use crate::common::attrs;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

const BASE: &str = "/briefing/";

fn build_default_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = crate::common::run_in(
        repo,
        &[
            "build",
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            "https://example.github.io/briefing/",
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    (tmp, out)
}

fn html_files(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[test]
fn every_internal_link_and_anchor_resolves_under_a_sub_path() {
    let (_tmp, out) = build_default_site();
    let pages = html_files(&out);
    assert!(pages.len() > 40, "only {} pages", pages.len());
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    for p in &pages {
        let html = std::fs::read_to_string(p).unwrap();
        ids.insert(p.clone(), attrs(&html, "id").into_iter().collect());
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for p in &pages {
        let html = std::fs::read_to_string(p).unwrap();
        let here = p.strip_prefix(&out).unwrap().display().to_string();
        for url in attrs(&html, "href").into_iter().chain(attrs(&html, "src")) {
            // `data:,` is the empty favicon that spares a request for /favicon.ico.
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("mailto:")
                || url == "data:,"
            {
                continue;
            }
            checked += 1;
            let (path, frag) = match url.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(decode(f))),
                None => (url.clone(), None),
            };
            let path = path.split('?').next().unwrap().to_string();
            let target = if path.is_empty() {
                p.clone()
            } else if let Some(rest) = path.strip_prefix(BASE) {
                let mut t = out.join(decode(rest));
                if path.ends_with('/') {
                    t = t.join("index.html");
                }
                t
            } else {
                broken.push(format!("{here}: {url} is not under {BASE}"));
                continue;
            };
            if !target.exists() {
                broken.push(format!("{here}: {url} → missing {}", target.display()));
                continue;
            }
            if let Some(f) = frag {
                let found = ids.get(&target).is_some_and(|s| s.contains(&f));
                if !found {
                    broken.push(format!("{here}: {url} → no id `{f}`"));
                }
            }
        }
    }
    assert!(checked > 1000, "checked only {checked} links");
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn no_request_leaves_the_site_and_pages_stay_light() {
    let (_tmp, out) = build_default_site();
    let css = std::fs::metadata(out.join("assets/style.css"))
        .unwrap()
        .len();
    let js = std::fs::metadata(out.join("assets/timeline.js"))
        .unwrap()
        .len();
    let syntax = std::fs::metadata(out.join("assets/syntax.css"))
        .map(|m| m.len())
        .unwrap_or(0);
    assert!(
        css + js + syntax < 30 * 1024,
        "css {css} + js {js} + syntax {syntax} bytes"
    );
    for p in html_files(&out) {
        let html = std::fs::read_to_string(&p).unwrap();
        for src in attrs(&html, "src") {
            assert!(
                !src.contains("://"),
                "{}: external resource {src}",
                p.display()
            );
        }
        for tag in html.split("<link ").skip(1) {
            let tag = &tag[..tag.find('>').unwrap()];
            if tag.contains("stylesheet") || tag.contains("preload") || tag.contains("icon") {
                assert!(!tag.contains("://"), "{}: external {tag}", p.display());
            }
        }
        assert!(
            !html.contains("fonts.googleapis") && !html.contains("cdn."),
            "{}",
            p.display()
        );
        // The site is in Chinese, its English edition under en/.
        let lang = match p.strip_prefix(&out).unwrap().starts_with("en") {
            true => "<html lang=\"en\">",
            false => "<html lang=\"zh-CN\">",
        };
        assert!(html.contains(lang), "{}", p.display());
        assert!(
            html.contains("class=\"skip-link\" href=\"#main\""),
            "{}",
            p.display()
        );
        assert!(html.contains("<main id=\"main\""), "{}", p.display());
    }
}

#[test]
fn the_default_site_covers_every_domain_region_and_report() {
    let (_tmp, out) = build_default_site();
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    for d in ["ecology", "transport", "industry", "innovation", "safety"] {
        let html = read(&format!("domains/{d}/index.html"));
        assert!(
            html.contains("<ol class=\"rows\"><li><a href="),
            "domain {d} has no articles"
        );
    }
    for r in ["beijing", "tianjin", "hebei", "xiongan"] {
        assert!(
            read(&format!("regions/{r}/index.html")).contains("<ol class=\"rows\"><li><a href="),
            "region {r}"
        );
    }
    // Structure, not wording: an editor fixing a figure or a title must not break the tests.
    let json = |p: &str| -> serde_json::Value { serde_json::from_str(&read(p)).unwrap() };
    let articles = json("api/articles.json");
    let articles = articles["articles"].as_array().unwrap();
    assert!(articles.len() >= 10, "{} briefs", articles.len());
    for a in articles {
        assert!(
            a["source"].is_string(),
            "every brief names its source: {}",
            a["slug"]
        );
        assert!(
            !a["regions"].as_array().unwrap().is_empty(),
            "regions of {}",
            a["slug"]
        );
    }
    let figures = json("api/figures.json");
    let figures = figures["figures"].as_array().unwrap();
    assert!(figures.len() >= 20, "{} figures", figures.len());
    for f in figures {
        let range = f["value"].as_str().is_some_and(|v| v.contains('~'));
        assert!(
            f["number"].is_number() || range,
            "figure value is a number or a range: {f}"
        );
    }
    let milestones = json("api/milestones.json");
    let statuses: std::collections::BTreeSet<&str> = milestones["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_str().unwrap())
        .collect();
    assert!(
        statuses.contains("done") && statuses.contains("planned"),
        "{statuses:?}"
    );
    assert!(out.join("about/index.html").is_file());
}

/// The default site has an English edition of every brief, each page naming the other.
#[test]
fn every_brief_has_its_english_edition() {
    let (_tmp, out) = build_default_site();
    let briefs: Vec<_> = std::fs::read_dir(out.join("articles"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(briefs.len(), 12, "{briefs:?}");
    for slug in &briefs {
        let en = std::fs::read_to_string(out.join(format!("en/articles/{slug}/index.html")))
            .unwrap_or_else(|e| panic!("{slug} in English: {e}"));
        let zh = std::fs::read_to_string(out.join(format!("articles/{slug}/index.html"))).unwrap();
        let there = format!(
            "hreflang=\"en\" href=\"https://example.github.io/briefing/en/articles/{slug}/\""
        );
        let back = format!(
            "hreflang=\"zh-CN\" href=\"https://example.github.io/briefing/articles/{slug}/\""
        );
        assert!(zh.contains(&there) && en.contains(&back), "{slug}");
        assert!(
            !en.contains("out of date"),
            "{slug}: the translation is as new as its original"
        );
    }
    let home = std::fs::read_to_string(out.join("en/index.html")).unwrap();
    assert!(
        !home.contains("not yet translated"),
        "every brief is translated"
    );
}
