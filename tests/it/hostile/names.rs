//! Names a file system refuses, and errors that would name briefing's own temporary folder:
//! each is a plain error at the editor's line or argument, never a raw OS error.

use super::site;

#[test]
fn names_windows_refuses_are_refused_everywhere() {
    let s = site();
    for (slug, why) in [
        ("nul", "Windows reserves this name"),
        ("Com1", "Windows reserves this name"),
        ("trailing.", "it ends with `.`"),
    ] {
        s.file(
            "content/b.md",
            &format!("---\ntitle: 乙\ndate: 2026-01-02\ndomains: [ecology]\nslug: \"{slug}\"\n---\n正文\n"),
        );
        let run = s.run(&["check"]);
        assert_eq!(run.code, 1, "{slug}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("unsafe slug `{slug}`: {why}")),
            "{slug}: {}",
            run.stderr
        );
    }
    std::fs::remove_file(s.root().join("content/b.md")).unwrap();
    // briefing new, with a reserved name.
    let run = s.run(&[
        "new",
        "CON",
        "--title",
        "标题",
        "--domain",
        "ecology",
        "--root",
        s.root().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("unsafe slug `CON`: Windows reserves"),
        "{}",
        run.stderr
    );
    assert!(
        !s.root()
            .join("content")
            .join("2026")
            .join("CON.md")
            .exists()
    );
}

#[test]
fn a_slug_too_long_for_a_folder_is_refused_at_its_line() {
    let s = site();
    let slug = "a".repeat(300);
    s.file(
        "content/b.md",
        &format!("---\ntitle: 乙\ndate: 2026-01-02\ndomains: [ecology]\nslug: {slug}\n---\n正文\n"),
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("is longer than 150 bytes"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/b.md:5:7"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("File name too long"), "{}", run.stderr);
    // A tag as long gets a page it can have.
    s.file(
        "content/b.md",
        &format!(
            "---\ntitle: 乙\ndate: 2026-01-02\ndomains: [ecology]\ntags: [{}]\n---\n正文\n",
            "长".repeat(120)
        ),
    );
    s.build().ok();
}

#[test]
fn init_on_a_dangling_link_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let link = tmp.path().join("portal");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &link).unwrap();
    let run = crate::common::run_in(tmp.path(), &["init", link.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is a symbolic link"), "{}", run.stderr);
    assert!(!run.stderr.contains("File exists"), "{}", run.stderr);
    assert!(!tmp.path().join("nowhere").exists());
}

/// Tags merge only by letter case and spacing: `C++`, `C#` and `C` keep pages of their own,
/// `PM2.5` keeps its dot, and a brief writing a tag otherwise than its page hears of it.
#[test]
fn tags_merge_only_by_case_and_spacing_and_a_merge_is_named() {
    let s = site();
    let brief = |file: &str, date: &str, tags: &str| {
        s.file(
            file,
            &format!(
                "---\ntitle: {file}\ndate: {date}\ndomains: [ecology]\ntags: [{tags}]\n---\n正文\n"
            ),
        );
    };
    brief("content/b.md", "2026-03-01", "C++, \"C#\", C, PM2.5");
    brief("content/c.md", "2026-02-01", "pm2.5");
    let run = s.build();
    run.ok();
    for (page, label) in [
        ("tags/c++/index.html", "C++"),
        ("tags/c~23/index.html", "C#"),
        ("tags/c/index.html", "C"),
        ("tags/pm2.5/index.html", "PM2.5"),
    ] {
        assert!(s.exists(page), "{page}");
        assert!(
            s.read(page).contains(&format!("<h1>{label}")) || s.read(page).contains(label),
            "{page}"
        );
    }
    assert!(!s.exists("tags/pm2-5/index.html"));
    assert!(
        run.stderr.contains("warning[tag-merged]: the tag `pm2.5` shares a page with `PM2.5`, and is shown as `PM2.5` [tags]")
            && run.stderr.contains("--> content/c.md"),
        "{}",
        run.stderr
    );
}
