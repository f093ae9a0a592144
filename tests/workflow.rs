//! The GitHub Pages workflow: valid YAML, the official Pages actions, `check` before `build`,
//! and its build command really builds the site under a project sub-path.

mod common;
use briefing::yaml::{self, Yaml};
use std::path::Path;

fn get<'a>(y: &'a Yaml, key: &str) -> &'a Yaml {
    match y {
        Yaml::Map(entries) => entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("no `{key}`")),
        _ => panic!("not a mapping looking for `{key}`"),
    }
}

fn steps(job: &Yaml) -> Vec<&Yaml> {
    match get(job, "steps") {
        Yaml::List(items) => items.iter().collect(),
        _ => panic!("steps is not a list"),
    }
}

fn text<'a>(y: &'a Yaml, key: &str) -> Option<&'a str> {
    match y {
        Yaml::Map(entries) => entries
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| match v {
                Yaml::Str(s) => Some(s.as_str()),
                _ => None,
            }),
        _ => None,
    }
}

#[test]
fn the_pages_workflow_checks_builds_and_deploys_with_the_official_actions() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(repo.join(".github/workflows/pages.yml")).unwrap();
    let wf = yaml::parse(&src, 0).expect("the workflow is valid YAML");
    let perms = get(&wf, "permissions");
    assert_eq!(text(perms, "pages"), Some("write"));
    assert_eq!(text(perms, "id-token"), Some("write"));
    let jobs = get(&wf, "jobs");
    let build = steps(get(jobs, "build"));
    let deploy = steps(get(jobs, "deploy"));
    let uses: Vec<&str> = build
        .iter()
        .chain(&deploy)
        .filter_map(|s| text(s, "uses"))
        .collect();
    for action in [
        "actions/checkout@v6",
        "actions/configure-pages@v6",
        "actions/upload-pages-artifact@v5",
        "actions/deploy-pages@v5",
        "actions/cache@v6",
    ] {
        assert!(uses.contains(&action), "{action} not used: {uses:?}");
    }
    let runs: Vec<&str> = build.iter().filter_map(|s| text(s, "run")).collect();
    let check = runs
        .iter()
        .position(|r| r.contains("-- check"))
        .expect("runs briefing check");
    let build_i = runs
        .iter()
        .position(|r| r.contains("-- build"))
        .expect("runs briefing build");
    assert!(check < build_i, "check runs before build");
    let cmd = runs[build_i];
    assert!(
        cmd.contains("--base-url \"${{ steps.pages.outputs.base_url }}/\""),
        "{cmd}"
    );
    assert!(cmd.contains("--locked"), "{cmd}");
    let upload = build
        .iter()
        .find(|s| text(s, "uses").is_some_and(|u| u.starts_with("actions/upload-pages-artifact")))
        .unwrap();
    assert_eq!(text(get(upload, "with"), "path"), Some("public"));

    // Run the same build command, with the value Pages gives a project site.
    let args: Vec<String> = cmd
        .split(" -- ")
        .nth(1)
        .unwrap()
        .replace(
            "\"${{ steps.pages.outputs.base_url }}/\"",
            "https://someone.github.io/briefing/",
        )
        .split_whitespace()
        .map(String::from)
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    all.extend(["--out", out.to_str().unwrap()]);
    let run = common::run_in(repo, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("href=\"/briefing/articles/"),
        "links carry the project sub-path"
    );
    assert!(home.contains("<link rel=\"canonical\" href=\"https://someone.github.io/briefing/\">"));
    assert!(out.join(".nojekyll").exists());
}

#[test]
fn a_cname_in_static_is_published() {
    let site = common::TestSite::new();
    site.file(
        "content/a.md",
        &common::article("甲", "2026-01-01", "[ecology]"),
    );
    site.file("static/CNAME", "briefing.example.cn\n");
    site.build().ok();
    assert_eq!(site.read("CNAME"), "briefing.example.cn\n");
}
