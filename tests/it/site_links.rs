//! Links inside the site lead somewhere: an address from the site's root must be a page or a
//! file of the build, a `#heading` one of the brief's headings; else an error at its line with
//! "did you mean", in check and build alike.

use crate::common::TestSite;

fn site(body: &str) -> TestSite {
    let s = TestSite::new();
    s.file(
        "content/a.md",
        &format!("---\ntitle: 甲\ndate: 2026-01-02\ndomains: [ecology]\n---\n## 背景\n\n{body}\n"),
    );
    s.file(
        "content/b.md",
        "---\ntitle: 乙\ndate: 2026-01-01\ndomains: [ecology]\n---\n## 第一部分\n\n正文。\n\n## 进展\n\n正文。\n",
    );
    s.file("static/files/plan.pdf", "%PDF");
    s
}

#[test]
fn links_that_lead_somewhere_pass() {
    let s = site(
        "见[乙](/articles/b/)、[乙的进展](/repo/articles/b/#进展)、[乙的第一部分](b.md#第一部分)、[本文背景](#背景)、[领域](/domains/ecology/)、[计划](/files/plan.pdf)、[订阅](/feed.xml)。",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Written with the base path, the address is not given it twice.
    let page = s.read("articles/a/index.html");
    assert!(
        page.contains("href=\"/repo/articles/b/#%E8%BF%9B%E5%B1%95\""),
        "{page}"
    );
}

#[test]
fn a_link_that_leads_nowhere_is_an_error_at_its_line() {
    for (body, expect, help) in [
        (
            "见[乙](/articles/bb/)。",
            "link to an address of this site that leads nowhere: `/articles/bb/`",
            "did you mean `/articles/b/`?",
        ),
        (
            "见[乙](/repo/articles/nope/)。",
            "link to an address of this site that leads nowhere: `/repo/articles/nope/`",
            "link to another brief by its file",
        ),
        (
            "见[乙的进展](/articles/b/#进度)。",
            "link to a heading that content/b.md does not have: `#进度`",
            "did you mean `#进展`?",
        ),
        (
            "见[乙的结论](/articles/b/#conclusion)。",
            "link to a heading that content/b.md does not have: `#conclusion`",
            "its headings are: 第一部分, 进展",
        ),
        (
            "见[乙](b.md#第二部分)。",
            "link to a heading that content/b.md does not have: `#第二部分`",
            "did you mean `#第一部分`?",
        ),
        (
            "见[上文](#背影)。",
            "link to a heading that content/a.md does not have: `#背影`",
            "did you mean `#背景`?",
        ),
    ] {
        let s = site(body);
        for command in ["check", "build"] {
            let run = s.run(&[command]);
            assert_eq!(run.code, 1, "{command} {body}: {}", run.stderr);
            assert!(
                run.stderr
                    .contains(&format!("error[broken-link]: {expect}")),
                "{command} {body}: {}",
                run.stderr
            );
            assert!(
                run.stderr.contains("--> content/a.md:8:2"),
                "{body}: {}",
                run.stderr
            );
            assert!(run.stderr.contains(help), "{body}: {}", run.stderr);
        }
        assert!(!s.exists("index.html"));
    }
}
