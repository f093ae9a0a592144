//! Scheduled publishing: a brief dated later than now is nowhere in the site until its time
//! (in the site's time zone), nothing may link to it, `--future` shows it as 未发布, and build
//! and check say what is scheduled and when the next is due.

use crate::common::{TestSite, article};

/// 2026-12-08 08:59 and 09:00 in Beijing.
const BEFORE: &str = "1796691540";
const AT: &str = "1796691600";

fn site() -> TestSite {
    let s = TestSite::new();
    s.file(
        "content/old.md",
        &article("已发布的简报", "2026-01-01", "[ecology]"),
    );
    s.file(
        "content/embargo.md",
        "---\ntitle: 禁发期内的简报\ndate: 2026-12-08 09:00\ndomains: [ecology]\ntags: [禁发标签]\nmilestones:\n  - {date: 2027, title: 禁发节点}\nfigures:\n  - {label: 禁发数字, value: 42, unit: 个}\n---\n禁发正文。\n",
    );
    s
}

/// Every file of the output that mentions `needle`.
fn mentions(s: &TestSite, needle: &str) -> Vec<String> {
    crate::common::tree(&s.out())
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn a_brief_not_yet_due_is_nowhere_until_its_time() {
    let s = site();
    let run = s.run_env(&["build"], &[("SOURCE_DATE_EPOCH", BEFORE)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("scheduled: 1 brief not yet published; the next, content/embargo.md (禁发期内的简报), is due 2026-12-08 09:00"),
        "{}",
        run.stdout
    );
    for secret in ["禁发", "embargo"] {
        assert_eq!(mentions(&s, secret), Vec::<String>::new(), "{secret} leaks");
    }
    assert!(!s.exists("tags/禁发标签/index.html"));
    // At its time it is published, everywhere.
    let run = s.run_env(&["build"], &[("SOURCE_DATE_EPOCH", AT)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("scheduled:"), "{}", run.stdout);
    let page = s.read("articles/embargo/index.html");
    assert!(
        page.contains("禁发正文") && !page.contains("未发布"),
        "{page}"
    );
    for file in [
        "feed.xml",
        "sitemap.xml",
        "api/articles.json",
        "api/milestones.json",
        "timeline/index.html",
        "articles/index.html",
    ] {
        assert!(
            s.read(file).contains("embargo") || s.read(file).contains("禁发"),
            "{file}"
        );
    }
}

#[test]
fn future_shows_it_marked_as_not_yet_published() {
    let s = site();
    let run = s.run_env(&["build", "--future"], &[("SOURCE_DATE_EPOCH", BEFORE)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = s.read("articles/embargo/index.html");
    assert!(page.contains("<p class=\"scheduled-banner\" role=\"note\">未发布：这篇简报还没到发布时间，只在预览中可见。</p>"), "{page}");
    assert!(
        !s.read("articles/old/index.html")
            .contains("scheduled-banner")
    );
    assert!(
        run.stdout.contains("scheduled: 1 brief not yet published"),
        "{}",
        run.stdout
    );
}

#[test]
fn nothing_leads_to_a_brief_before_its_time() {
    let s = site();
    s.file(
        "content/old.md",
        "---\ntitle: 已发布的简报\ndate: 2026-01-01\ndomains: [ecology]\nrelated: [embargo]\n---\n见[禁发简报](embargo.md)。\n",
    );
    let run = s.run_env(&["build"], &[("SOURCE_DATE_EPOCH", BEFORE)]);
    assert_eq!(run.code, 0, "the site is still published: {}", run.stderr);
    assert!(
        run.stderr.contains("warning[link-to-scheduled]: link to a brief not yet published: `embargo.md` (content/embargo.md) is scheduled for 2026-12-08 09:00; until then the link is shown as its text alone"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/old.md:7:2"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning[link-to-scheduled]: `related` names `embargo`, a brief not yet published: it is scheduled for 2026-12-08 09:00"),
        "{}",
        run.stderr
    );
    // The link's words stay; its address, and the brief's, are nowhere.
    let page = s.read("articles/old/index.html");
    assert!(page.contains("见禁发简报。"), "{page}");
    assert_eq!(mentions(&s, "embargo"), Vec::<String>::new());
    // Once it is out, the link and the related brief are there, without a word.
    let run = s.run_env(&["build"], &[("SOURCE_DATE_EPOCH", AT)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("link-to-scheduled"), "{}", run.stderr);
    let page = s.read("articles/old/index.html");
    assert!(
        page.contains("<a href=\"/repo/articles/embargo/\">禁发简报</a>"),
        "{page}"
    );
}

#[test]
fn a_time_of_day_that_is_not_one_is_an_error_at_its_line() {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        "---\ntitle: 甲\ndate: 2026-12-08 9点\ndomains: [ecology]\n---\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error[bad-date]: `9点` is not a time of day: write it as HH:MM, e.g. `09:00`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/a.md:3:7"),
        "{}",
        run.stderr
    );
}
