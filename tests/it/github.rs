//! Editing on GitHub: workflow-command annotations, JSON diagnostics, warning summaries at
//! scale, edit links, and `briefing init`.

use crate::common::{SITE_YAML, TestSite, article};
use serde_json::Value;

fn site_with_errors() -> TestSite {
    let site = TestSite::new();
    site.file(
        "content/a.md",
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology, transprot]\n---\n见[乙](gone.md)。\n",
    );
    site.file("content/b.md", "---\ntitle: 乙: 副\n---\n");
    site
}

#[test]
fn github_format_prints_one_workflow_command_per_diagnostic() {
    let site = site_with_errors();
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "::error file=content/a.md,line=4,col=20,endColumn=29,title=unknown-domain::unknown domain `transprot` [domains]%0Ahelp: did you mean `transport`? (domains defined in site.yaml are: ecology, transport)",
            "::error file=content/a.md,line=6,col=2,endColumn=3,title=broken-link::link to a missing file: `gone.md` (looked for content/gone.md)%0Ahelp: link to another article by its file path relative to this file, e.g. `[见](../2026/hebei.md)`",
            "::error file=content/b.md,line=2,col=9,endColumn=10,title=yaml-syntax::YAML syntax error in the front matter: mapping values are not allowed in this context: a value contains `: `; put the whole value in quotes",
        ],
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .ends_with("3 errors in 2 files; nothing was written\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn annotations_name_files_from_the_repository_root() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join(".git")).unwrap();
    let root = repo.path().join("site");
    crate::common::copy_dir(site_with_errors().root(), &root);
    let run = crate::common::run_in(&root, &["check", "--format", "github"]);
    assert!(
        run.stdout
            .lines()
            .all(|l| l.starts_with("::error file=site/content/")),
        "{}",
        run.stdout
    );
    let json = crate::common::run_in(&root, &["check", "--format", "json"]);
    let doc: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["file"], "site/content/a.md");
}

/// Check `value` against the parts of JSON Schema that docs/diagnostics.schema.json uses.
fn conforms(value: &Value, schema: &Value, at: &str) -> Result<(), String> {
    if let Some(c) = schema.get("const") {
        if value != c {
            return Err(format!("{at}: {value} is not {c}"));
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            return Err(format!("{at}: {value} not in {options:?}"));
        }
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        });
        if !ok {
            return Err(format!("{at}: {value} is not {types:?}"));
        }
    }
    if let (Some(min), Some(n)) = (
        schema.get("minimum").and_then(Value::as_u64),
        value.as_u64(),
    ) {
        if n < min {
            return Err(format!("{at}: {n} < {min}"));
        }
    }
    if let Some(obj) = value.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = req.as_str().unwrap();
            if !obj.contains_key(key) {
                return Err(format!("{at}: no `{key}`"));
            }
        }
        for (k, v) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(s) => conforms(v, s, &format!("{at}.{k}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{at}: unexpected `{k}`"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            conforms(v, items, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn json_format_matches_its_schema_and_counts() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/diagnostics.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let site = site_with_errors();
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let doc: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    conforms(&doc, &schema, "$").unwrap();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["errors"], 3);
    let first = &doc["diagnostics"][0];
    assert_eq!(
        (
            &first["file"],
            &first["line"],
            &first["column"],
            &first["end_column"],
            &first["field"]
        ),
        (
            &Value::from("content/a.md"),
            &Value::from(4),
            &Value::from(20),
            &Value::from(29),
            &Value::from("domains")
        )
    );
    assert_eq!(first["code"], "unknown-domain");
    assert_eq!(doc["version"], 2);
    assert_eq!(
        first["help"],
        "did you mean `transport`? (domains defined in site.yaml are: ecology, transport)"
    );
    // A good site: ok, warnings kept in full.
    let good = overdue_site(8);
    let run = good.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    conforms(&doc, &schema, "$").unwrap();
    assert_eq!(
        (&doc["ok"], &doc["warnings"]),
        (&Value::from(true), &Value::from(8))
    );
    assert_eq!(doc["diagnostics"][0]["code"], "overdue-milestone");
}

/// A site whose one brief has `n` overdue planned milestones.
fn overdue_site(n: usize) -> TestSite {
    let site = TestSite::new();
    let ms: String = (0..n)
        .map(|i| {
            format!(
                "  - {{date: 2025-Q{}, title: 节点{i}, status: planned}}\n",
                i % 4 + 1
            )
        })
        .collect();
    site.file(
        "content/a.md",
        &format!("---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nmilestones:\n{ms}---\n"),
    );
    site
}

#[test]
fn warnings_of_one_kind_are_summarised_unless_all_are_asked_for() {
    let site = overdue_site(8);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr
            .matches("warning[overdue-milestone]: milestone")
            .count(),
        5,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("… and 3 more overdue milestone warnings; `--all-warnings` shows every one"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("no errors, 8 warnings"),
        "{}",
        run.stdout
    );
    let all = site.run(&["check", "--all-warnings"]);
    assert_eq!(
        all.stderr
            .matches("warning[overdue-milestone]: milestone")
            .count(),
        8
    );
    assert!(!all.stderr.contains("more overdue"));
    let gh = site.run(&["check", "--format", "github"]);
    assert_eq!(
        gh.stdout
            .lines()
            .filter(|l| l.starts_with("::warning "))
            .count(),
        8
    );
}

#[test]
fn edit_links_follow_edit_url_and_are_absent_without_it() {
    let site = TestSite::new();
    site.file(
        "content/2026/a.md",
        &article("甲", "2026-01-01", "[ecology]"),
    );
    site.build().ok();
    assert!(!site.read("articles/a/index.html").contains("编辑本页"));
    site.file(
        "site.yaml",
        &format!("{SITE_YAML}edit_url: https://github.com/o/r/edit/main/{{path}}\n"),
    );
    site.build().ok();
    assert!(
        site.read("articles/a/index.html").contains(
            "<a href=\"https://github.com/o/r/edit/main/content/2026/a.md\">编辑本页</a>"
        )
    );
    let bad = site.run(&["build", "--edit-url", "https://github.com/o/r/edit/main/"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("has no `{path}` for the file's path"),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stderr.contains("= command line: --edit-url"),
        "{}",
        bad.stderr
    );
}

#[test]
fn init_scaffolds_a_site_that_builds_and_refuses_a_folder_with_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("portal");
    let run = crate::common::run_in(tmp.path(), &["init", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for f in [
        "site.yaml",
        ".gitignore",
        ".github/workflows/pages.yml",
        ".github/workflows/preview.yml",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let built = crate::common::run_in(&dir, &["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(dir.join("public/index.html").is_file());
    // Its workflows download a release instead of compiling, and check with annotations.
    for wf in ["pages.yml", "preview.yml"] {
        let src = std::fs::read_to_string(dir.join(".github/workflows").join(wf)).unwrap();
        briefing::yaml::parse(&src, 0).unwrap_or_else(|e| panic!("{wf}: {e}"));
        assert!(src.contains("gh release download"), "{wf}");
        assert!(
            src.contains(&format!("BRIEFING_VERSION: v{}", env!("CARGO_PKG_VERSION"))),
            "{wf}"
        );
        assert!(src.contains("./briefing check --format github"), "{wf}");
        assert!(!src.contains("cargo "), "{wf} compiles nothing");
    }
    // Publishing keeps resized photos between runs, restored before the build.
    let pages = std::fs::read_to_string(dir.join(".github/workflows/pages.yml")).unwrap();
    let cache = pages
        .find("path: ~/.cache/briefing\n          key: briefing-photos-${{ hashFiles('content/**/*.jpg'")
        .expect("a photo cache step");
    assert!(cache < pages.find("./briefing build").unwrap());
    // It prints the editions, a Chinese font installed when the site has some.
    assert!(pages.contains("./briefing build --pdf"), "{pages}");
    let fonts = pages
        .find("if: hashFiles('content/_editions/**') != ''")
        .unwrap();
    assert!(fonts < pages.find("./briefing build").unwrap());
    assert!(pages.contains("path: ~/.cache/briefing/pdf"));
    let again = crate::common::run_in(tmp.path(), &["init", dir.to_str().unwrap()]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("is not an empty folder"),
        "{}",
        again.stderr
    );
}
