//! Small input, huge output: feeds carry whole texts only up to a size.

use crate::common::{SITE_YAML, TestSite};

#[test]
fn feeds_carry_whole_texts_only_up_to_their_budget() {
    let s = TestSite::new();
    s.file("site.yaml", &format!("{SITE_YAML}feed_limit: 40\n"));
    // Thirty briefs of about 48 KB of text each (1.4 MB in all), and one of 200 KB.
    let paragraph = "京津冀协同发展推进生态环境联防联治。".repeat(60);
    for i in 0..30 {
        let body = format!("{paragraph}\n\n").repeat(15);
        s.file(
            &format!("content/b{i:02}.md"),
            &format!("---\ntitle: 简报{i}\ndate: 2026-01-{:02}\ndomains: [ecology]\nsummary: 摘要{i}\n---\n{body}", i % 28 + 1),
        );
    }
    s.file(
        "content/huge.md",
        &format!(
            "---\ntitle: 巨\ndate: 2026-02-01\ndomains: [ecology]\nsummary: 巨摘要\n---\n{}",
            format!("{paragraph}\n\n").repeat(70)
        ),
    );
    s.build().ok();
    let feed = s.read("feed.xml");
    let entries = feed.matches("<entry>").count();
    let contents: Vec<&str> = feed
        .split("<content type=\"html\">")
        .skip(1)
        .map(|c| c.split("</content>").next().unwrap())
        .collect();
    assert_eq!(entries, 31, "every brief has its entry");
    assert_eq!(feed.matches("<summary>").count(), 31);
    assert!(
        !contents.is_empty() && contents.len() < entries,
        "{} of {entries}",
        contents.len()
    );
    let carried: usize = contents.iter().map(|c| c.len()).sum();
    assert!(
        carried <= 1024 * 1024 + 31 * 4096,
        "{carried} bytes of escaped text"
    );
    // The newest, over 64 KB alone, is summary and link only.
    let first = feed.split("<entry>").nth(1).unwrap();
    assert!(
        first.contains("<title>巨</title>") && !first.contains("<content"),
        "{first:.300}"
    );
    assert!(feed.len() < 2 << 20, "{} bytes", feed.len());
}

/// A site of one brief whose 404 page has `template`.
fn site_with_404(template: &str) -> TestSite {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        &crate::common::article("甲", "2026-01-01", "[ecology]"),
    );
    s.file("templates/404.html", template);
    s
}

/// A template that writes without end is stopped at the page's budget, with an error at
/// the template, in build and in check (it would otherwise fill memory, or the disk).
#[test]
fn a_template_that_writes_without_end_is_stopped_with_a_clear_error() {
    // A million turns (within the range budget), 108 bytes each.
    let s = site_with_404(
        "{% for i in range(end=1000) %}{% for j in range(end=999) %}京津冀协同发展简报京津冀协同发展简报京津冀协同发展简报京津冀协同发展简报{% endfor %}{% endfor %}",
    );
    for command in ["check", "build"] {
        let run = s.run(&[command]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains("error[template-error]: rendering /404.html with `404.html` grew past 64 MB; it was stopped"),
            "{command}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("--> templates/404.html"),
            "{}",
            run.stderr
        );
    }
    assert!(!s.exists("404.html"));
}

/// A few long briefs that repeat themselves make a small index: it is not scattered over
/// a hundred shard files.
#[test]
fn a_small_index_of_long_briefs_stays_in_few_shards() {
    let s = TestSite::new();
    let paragraph = "京津冀协同发展推进生态环境联防联治。".repeat(40);
    for i in 0..3 {
        s.file(
            &format!("content/long{i}.md"),
            &format!(
                "---\ntitle: 长{i}\ndate: 2026-01-0{}\ndomains: [ecology]\n---\n{}",
                i + 1,
                format!("{paragraph}\n\n").repeat(900)
            ),
        );
    }
    s.build().ok();
    let shards = std::fs::read_dir(s.out().join("search/s")).unwrap().count();
    assert!(shards <= 2, "{shards} shard files for three briefs");
}

/// Loops inside loops that write nothing end at the page's `range` budget, with an error at
/// the loop, instead of running for hours.
#[test]
fn loops_that_write_nothing_end_at_the_range_budget() {
    let s = site_with_404(
        "<p>x</p>\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    let started = std::time::Instant::now();
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("`range` would make more than 1000000 numbers for this page in all: a loop runs too long"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> templates/404.html:2:"),
        "{}",
        run.stderr
    );
    assert!(started.elapsed().as_secs() < 60, "it ends");
}

/// Text doubled in a loop (`set_global s = s ~ s`) would fill memory until the system kills
/// the process without a word; the build stops first, naming the template, and the previous
/// output stays.
#[test]
fn a_string_doubled_without_end_stops_the_build_with_a_clear_error() {
    let s = site_with_404("<p>x</p>\n");
    s.build().ok();
    let before = crate::common::tree(&s.out());
    s.file(
        "templates/404.html",
        "<p>x</p>\n{% set s = \"京津冀协同发展简报\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
    );
    let run = s.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[template-error]: rendering /404.html with `404.html` took more than 2 GB of memory; briefing stopped"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> templates/404.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("nothing was written (the previous output is unchanged)"),
        "{}",
        run.stderr
    );
    assert_eq!(crate::common::tree(&s.out()), before);
}

/// Loops inside loops over a list (not `range`) that write nothing are not stopped from
/// inside; the watch stops the run once the page has rendered for 15 s, naming the template.
#[test]
fn loops_over_lists_that_write_nothing_stop_the_run_with_a_clear_error() {
    let each = "{% for a in xs %}".repeat(6) + &"{% endfor %}".repeat(6);
    let s = site_with_404(&format!(
        "<p>x</p>\n{{% set xs = \"a b c d e f g h i j k l m n o p q r s t u v w x y z\" | split(pat=\" \") %}}{each}"
    ));
    let started = std::time::Instant::now();
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[template-error]: rendering /404.html with `404.html` ran for more than 15 s without finishing; briefing stopped"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> templates/404.html"),
        "{}",
        run.stderr
    );
    assert!(started.elapsed().as_secs() < 60, "it ends");
}
