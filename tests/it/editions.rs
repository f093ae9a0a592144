//! Editions (期): two serials' edition pages, the 往期 archive, each brief's edition line with
//! the editions before and after, a feed per serial, the print view, an edition not yet due
//! left out, and every problem of an edition file reported at its line with nothing written.

use crate::common::{TestSite, article, between};

/// 2026-06-15 12:00 in Beijing: "now" for these sites, whatever the clock says.
pub(crate) const NOW: &str = "1781496000";

/// `briefing build` at [`NOW`].
pub(crate) fn build(s: &TestSite) -> crate::common::Run {
    s.run_env(&["build"], &[("SOURCE_DATE_EPOCH", NOW)])
}

const SERIALS: &str = "serials:
  - {key: weekly, name: 京津冀周报, description: 每周一期}
  - {key: special, name: 专报}
";

/// Briefs a–e (e dated the day before today, 2026-06-14) and two serials: the weekly's
/// numbers 1 and 2, a number 3 not yet due (2026-06-20), and a special report that shares a
/// brief with the weekly.
pub(crate) fn site() -> TestSite {
    let s = TestSite::new();
    s.append("site.yaml", SERIALS);
    for (slug, date) in [
        ("a", "2026-05-30"),
        ("b", "2026-05-31"),
        ("c", "2026-06-05"),
        ("d", "2026-06-06"),
        ("e", "2026-06-14"),
    ] {
        let title = format!("简报{}", slug.to_uppercase());
        s.file(
            &format!("content/{slug}.md"),
            &article(&title, date, "[ecology]"),
        );
    }
    s.file(
        "content/c.md",
        "---\ntitle: 简报C\ndate: 2026-06-05\ndomains: [ecology]\nfigures:\n  - {label: 新能源运输场景, value: 10, unit: 个}\n---\n见[通知](https://gov.example/notice?a=1&b=2)与[简报A](a.md)。\n",
    );
    s.file(
        "content/_editions/weekly-1.md",
        "---\nserial: weekly\nnumber: 1\ndate: 2026-06-01\nbriefs: [b, a]\n---\n本期**两篇**，见[简报C](../c.md)。\n",
    );
    s.file(
        "content/_editions/weekly-2.md",
        "---\nserial: weekly\nnumber: 2\ndate: 2026-06-08\ntitle: 第二期特稿\nbriefs:\n  - d\n  - c\n---\n",
    );
    s.file(
        "content/_editions/weekly-3.md",
        "---\nserial: weekly\nnumber: 3\ndate: 2026-06-20\nbriefs: [e]\n---\n未到期的编者按。\n",
    );
    s.file(
        "content/_editions/special/1.md",
        "---\nserial: special\nnumber: 1\ndate: 2026-06-10\nbriefs: [c, b]\n---\n",
    );
    s
}

#[test]
fn edition_pages_archive_and_brief_lines_follow_the_editions() {
    let s = site();
    build(&s).ok();
    // 往期: both serials, the weekly's editions newest first; number 3 is not yet out.
    let archive = s.read("editions/index.html");
    let weekly = between(&archive, "id=\"s-weekly\"", "id=\"s-special\"");
    let (two, one) = (weekly.find("第2期"), weekly.find("第1期"));
    assert!(two.unwrap() < one.unwrap(), "{weekly}");
    assert!(archive.contains("/repo/editions/special/1/"), "{archive}");
    assert!(archive.contains("<h3 class=\"serial-year\">2026</h3>"));
    for file in crate::common::tree(&s.out()).keys() {
        let text = String::from_utf8_lossy(&crate::common::tree(&s.out())[file]).into_owned();
        assert!(
            !text.contains("未到期的编者按") && !text.contains("editions/weekly/3/"),
            "{file} shows the edition not yet due"
        );
    }
    assert!(!s.exists("editions/weekly/3/index.html"));
    // An edition: its contents in the editor's order, its note, the edition before it.
    let two = s.read("editions/weekly/2/index.html");
    assert!(two.contains("第二期特稿") && two.contains("第2期"), "{two}");
    let contents = between(&two, "本期目录", "</ol>");
    assert!(
        contents.find("简报D").unwrap() < contents.find("简报C").unwrap(),
        "{contents}"
    );
    assert!(two.contains("rel=\"prev\" href=\"/repo/editions/weekly/1/\""));
    assert!(!two.contains("rel=\"next\""), "number 3 is not out: {two}");
    let one = s.read("editions/weekly/1/index.html");
    assert!(one.contains("本期<strong>两篇</strong>"), "{one}");
    assert!(
        one.contains("href=\"/repo/articles/c/\""),
        "the note's link: {one}"
    );
    assert!(one.contains("rel=\"next\" href=\"/repo/editions/weekly/2/\""));
    // A brief in two serials says both, each with its serial's neighbours.
    let b = s.read("articles/b/index.html");
    let lines: Vec<&str> = (b.split("<p class=\"appeared\">").skip(1))
        .map(|l| &l[..l.find("</p>").unwrap()])
        .collect();
    assert_eq!(lines.len(), 2, "{b}");
    assert!(lines[0].contains("京津冀周报 第1期") && lines[0].contains("/repo/editions/weekly/2/"));
    assert!(lines[1].contains("专报 第1期") && !lines[1].contains("rel=\"prev\""));
    assert!(!s.read("articles/e/index.html").contains("appeared"));
    // The nav leads to 往期.
    assert!(s.read("index.html").contains("href=\"/repo/editions/\""));
}

#[test]
fn each_serial_has_a_feed_and_editions_are_in_the_sitemap() {
    let s = site();
    build(&s).ok();
    let feed = s.read("editions/weekly/feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 2, "{feed}");
    let first = entries[0]
        .descendants()
        .find(|n| n.has_tag_name("link"))
        .unwrap();
    assert_eq!(
        first.attribute("href"),
        Some("https://example.github.io/repo/editions/weekly/2/")
    );
    let content = entries[0]
        .descendants()
        .find(|n| n.has_tag_name("content"))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        content.find("简报D").unwrap() < content.find("简报C").unwrap(),
        "{content}"
    );
    let updated = doc
        .descendants()
        .find(|n| n.has_tag_name("updated"))
        .unwrap();
    assert_eq!(updated.text(), Some("2026-06-08T00:00:00Z"));
    let sitemap = s.read("sitemap.xml");
    assert!(
        sitemap.contains("/repo/editions/weekly/1/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("/repo/editions/</loc>"));
    assert!(!sitemap.contains("print/"), "print views are not listed");
}

#[test]
fn the_print_view_holds_the_whole_issue_with_links_as_notes() {
    let s = site();
    build(&s).ok();
    let view = s.read("editions/weekly/2/print/index.html");
    assert!(view.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(view.contains(
        "<link rel=\"canonical\" href=\"https://example.github.io/repo/editions/weekly/2/\">"
    ));
    let (d, c) = (
        view.find("id=\"b-1\"").unwrap(),
        view.find("id=\"b-2\"").unwrap(),
    );
    assert!(d < c && view[d..c].contains("简报D") && view[c..].contains("简报C"));
    // The running heads: the serial and number, each brief's title on its pages.
    assert!(
        view.contains("@top-left { content: \"京津冀周报 第2期\";"),
        "{view}"
    );
    assert!(view.contains("@page b-2 { @top-right { content: \"简报C\";"));
    assert!(view.contains("#b-2 { page: b-2; }"));
    // A link to another site is numbered, its address printed under the brief.
    assert!(
        view.contains("通知</a><sup class=\"print-note\">1</sup>"),
        "{view}"
    );
    let notes = between(&view, "class=\"notes\"", "</section>");
    assert!(
        notes.contains("<li>https://gov.example/notice?a=1&amp;b=2</li>"),
        "{notes}"
    );
    assert!(view.contains("新能源运输场景"), "the figures print too");
    // The edition's page links to it; without --pdf, to no PDF.
    let page = s.read("editions/weekly/2/index.html");
    assert!(page.contains("href=\"/repo/editions/weekly/2/print/\""));
    assert!(!page.contains(".pdf"));
}

#[test]
fn a_title_cannot_break_out_of_the_print_views_style() {
    let s = site();
    s.file(
        "content/d.md",
        "---\ntitle: '简报D\"; } </style><script>alert(1)</script>'\ndate: 2026-06-06\ndomains: [ecology]\n---\n正文。\n",
    );
    build(&s).ok();
    let view = s.read("editions/weekly/2/print/index.html");
    let style = between(&view, "<style>", "</style>");
    assert!(
        !style.contains("<script") && !style.contains("\"; }"),
        "{style}"
    );
    assert!(!view.contains("<script>alert"), "{view}");
}

/// Each problem of an edition file, at its line, with its code and help; all in one run, and
/// the last good build left as it was.
#[test]
fn bad_editions_are_errors_at_their_lines_and_nothing_is_written() {
    let s = site();
    build(&s).ok();
    let before = crate::common::tree(&s.out());
    s.file(
        "content/f.md",
        "---\ntitle: 草稿\ndate: 2026-06-01\ndomains: [ecology]\ndraft: true\n---\n草稿。\n",
    );
    s.file(
        "content/_editions/weekly-2.md",
        "---\nserial: weekly\nnumber: 2\ndate: 2026-06-08\nbriefs:\n  - d\n  - dd\n  - f\n  - e\n  - b\n---\n",
    );
    s.file(
        "content/_editions/weekly-4.md",
        "---\nserial: weekley\nnumber: 4\ndate: 2026-06-12\nbriefs: [a]\n---\n",
    );
    s.file(
        "content/_editions/weekly-5.md",
        "---\nserial: weekly\nnumber: 1\ndate: 2026-06-13\nbriefs: []\n---\n",
    );
    s.file(
        "content/_editions/special/2.md",
        "---\nserial: special\nnumber: 2\ndate: 2026-06-09\nbriefs: [d, d]\n---\n",
    );
    let run = build(&s);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let err = &run.stderr;
    for (code, at, words) in [
        ("unknown-brief", "weekly-2.md:7:5", "no brief has that slug"),
        ("unpublished-brief", "weekly-2.md:8:5", "`f` is a draft"),
        (
            "unpublished-brief",
            "weekly-2.md:9:5",
            "`e` is dated 2026-06-14, after the edition (2026-06-08)",
        ),
        (
            "unknown-serial",
            "weekly-4.md:2:9",
            "unknown serial `weekley`",
        ),
        (
            "empty-edition",
            "weekly-5.md:5",
            "the edition lists no briefs",
        ),
        (
            "brief-in-two-editions",
            "special/2.md:5:13",
            "`d` is listed twice in this edition",
        ),
    ] {
        let block = err
            .split("\nerror")
            .find(|b| b.contains(&format!("[{code}]")) && b.contains(at))
            .unwrap_or_else(|| panic!("no {code} at {at}:\n{err}"));
        assert!(block.contains(words), "{code}: {block}");
    }
    assert!(err.contains("did you mean `d`?"), "{err}");
    assert!(err.contains("did you mean `weekly`?"), "{err}");
    assert_eq!(
        crate::common::tree(&s.out()),
        before,
        "the last build is kept"
    );
}

#[test]
fn numbers_one_brief_per_serial_and_gaps() {
    let s = site();
    // Number 2 twice; a weekly brief in a second weekly edition; number 5 after a gap, dated
    // before number 2.
    s.file(
        "content/_editions/weekly-2b.md",
        "---\nserial: weekly\nnumber: 2\ndate: 2026-06-09\nbriefs: [a]\n---\n",
    );
    s.file("content/g.md", &article("简报G", "2026-06-01", "[ecology]"));
    s.file(
        "content/_editions/weekly-5.md",
        "---\nserial: weekly\nnumber: 5\ndate: 2026-06-02\nbriefs: [g]\n---\n",
    );
    let run = build(&s);
    assert_eq!(run.code, 1);
    let err = &run.stderr;
    assert!(
        err.contains("error[edition-number]: number 2 is also content/_editions/weekly-2.md's"),
        "{err}"
    );
    assert!(err.contains(
        "error[edition-number]: number 5 is dated 2026-06-02, before number 3 (2026-06-20)"
    ));
    assert!(err.contains(
        "error[brief-in-two-editions]: `a` is already in number 1 of 京津冀周报 (content/_editions/weekly-1.md)"
    ));
    assert!(
        err.contains("--> content/_editions/weekly-5.md:3:9"),
        "{err}"
    );
    assert!(
        err.contains("--> content/_editions/weekly-2b.md:5:10"),
        "{err}"
    );
    // A gap alone is a warning: the site builds.
    let s = site();
    s.remove("content/_editions/weekly-2.md");
    s.remove("content/_editions/weekly-3.md");
    s.file(
        "content/_editions/weekly-4.md",
        "---\nserial: weekly\nnumber: 4\ndate: 2026-06-12\nbriefs: [d]\n---\n",
    );
    let run = build(&s);
    run.ok();
    assert!(
        run.stderr
            .contains("warning[edition-gap]: numbers 2 to 3 are missing before this edition"),
        "{}",
        run.stderr
    );
}

#[test]
fn one_serial_needs_no_serial_field_and_editions_need_a_declared_serial() {
    let s = TestSite::new();
    s.file("content/a.md", &article("甲", "2026-06-01", "[ecology]"));
    s.file(
        "content/_editions/1.md",
        "---\nnumber: 1\ndate: 2026-06-02\nbriefs: [a]\n---\n",
    );
    let run = build(&s);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[unknown-serial]: an edition, but site.yaml declares no serial"),
        "{}",
        run.stderr
    );
    s.append("site.yaml", "serials:\n  - {key: weekly, name: 周报}\n");
    build(&s).ok();
    assert!(s.read("editions/weekly/1/index.html").contains("周报"));
}
