//! The map of `src/lib.rs` and docs/architecture.md, held: a stage imports only the stages
//! below it, so no import runs back up the pipeline.

use std::collections::BTreeSet;
use std::path::Path;

/// Each top-level module and what it may import (besides the leaves, which every module may).
const MAY_IMPORT: &[(&str, &[&str])] = &[
    ("cmd", &["incremental", "pipeline", "load", "publish"]),
    ("publish", &["load", "output"]),
    (
        "incremental",
        &[
            "pipeline", "load", "model", "render", "search", "markdown", "output",
        ],
    ),
    (
        "pipeline",
        &[
            "load",
            "model",
            "render",
            "search",
            "markdown",
            "images",
            "output",
            "linkcheck",
            "print",
        ],
    ),
    ("print", &["output"]),
    ("linkcheck", &["model"]),
    ("render", &["model", "search", "load", "markdown", "output"]),
    ("search", &["model", "output"]),
    ("model", &["load", "markdown", "images"]),
    ("markdown", &["images"]),
    ("images", &["output"]),
    ("load", &[]),
    ("output", &[]),
];

/// Modules every module may use: they import no stage.
const LEAVES: &[&str] = &["diag", "date", "text", "slug", "url", "i18n", "cache"];

/// The top-level modules `text` names as `crate::X`, outside comments and unit tests.
fn imports(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]\nmod tests {").next().unwrap_or("");
    let mut out = BTreeSet::new();
    for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for part in line.split("crate::").skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

#[test]
fn stages_import_only_what_the_map_allows() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    let mut seen = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let stage = rel.split(['/', '.']).next().unwrap().to_string();
        let Some((_, allowed)) = MAY_IMPORT.iter().find(|(s, _)| *s == stage) else {
            // The leaves import only leaves (checked below); lib.rs and the property tests
            // may use anything.
            if LEAVES.contains(&stage.as_str()) {
                for name in imports(&std::fs::read_to_string(path).unwrap()) {
                    if name != stage && !LEAVES.contains(&name.as_str()) {
                        wrong.push(format!("{rel}: a leaf imports {name}"));
                    }
                }
            }
            continue;
        };
        seen.insert(stage.clone());
        for name in imports(&std::fs::read_to_string(path).unwrap()) {
            if name != stage
                && !LEAVES.contains(&name.as_str())
                && !allowed.contains(&name.as_str())
            {
                wrong.push(format!("{rel}: {stage} imports {name}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the map:\n{}",
        wrong.join("\n")
    );
    // Every stage of the map exists: a renamed one would pass unchecked.
    for (stage, _) in MAY_IMPORT {
        assert!(seen.contains(*stage), "no module {stage}");
    }
}

#[test]
fn no_source_file_is_longer_than_500_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for dir in ["src", "tests"] {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "rs") {
                let lines = std::fs::read_to_string(path).unwrap().lines().count();
                if lines > 500 {
                    long.push(format!("{}: {lines} lines", path.display()));
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these by purpose:\n{}",
        long.join("\n")
    );
}
