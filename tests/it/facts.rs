//! Facts held to their registered source: quotes found in `content/_sources/`, figures' numbers
//! and qualifiers found in their quotes (Chinese numerals, 万 and 亿), copies of the source
//! flagged, and the fact-check log written from it all.

use crate::common::TestSite;

/// A source laid out as a page is: line breaks inside sentences, full-width punctuation.
const SOURCE: &str = "---\ntitle: 协同发展看京津冀（专版）\npublisher: 测试日报\n---\n\
2025年，京津冀安全应急装备集群营收达到4254亿元。2026年3月，近百亿元京津冀协同创新和产业\n\
协作重大示范项目发布。以天津港为核心建设十余个新能源车运输场景，共享执法数据5万余条，减少碳排放约278万吨。\n\
为顶尖专家提供每年2~6个月的弹性工作期。集群内优质企业占比达82.4%。快线全长86.3公里，\n\
签订实施三期引滦入津上下游横向生态保护补偿协议，营造林超700万亩，一小时到达北京丽泽商务区。\n\
这是一段很长的原文句子，用来检验简报自己的文字有没有照抄原文三十个字以上的情况。\n";

fn brief(figures: &str, body: &str) -> String {
    format!(
        "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nsource_key: jjj-page\nfigures:\n{figures}milestones:\n  - date: 2026-03\n    title: 示范项目发布\n    quote: \"近百亿元京津冀协同创新和产业协作重大示范项目发布\"\n---\n{body}\n"
    )
}

fn site(figures: &str, body: &str) -> TestSite {
    let s = TestSite::new();
    s.file("content/_sources/jjj-page.txt", SOURCE);
    s.file("content/a.md", &brief(figures, body));
    s
}

const GOOD: &str = "  - {label: 营收, value: 4254, unit: 亿元, quote: \"京津冀安全应急装备集群营收达到4254亿元\"}
  - {label: 示范项目, value: 100, unit: 亿元, qualifier: 近, quote: \"近百亿元京津冀协同创新和产业协作重大示范项目\"}
  - {label: 场景, value: 10, unit: 个, qualifier: 余, quote: \"以天津港为核心建设十余个新能源车运输场景\"}
  - {label: 数据, value: 5, unit: 万条, qualifier: 余, quote: \"共享执法数据5万余条\"}
  - {label: 减碳, value: 278, unit: 万吨, qualifier: 约, quote: \"减少碳排放约278万吨\"}
  - {label: 工作期, value: \"2~6\", unit: 个月, quote: \"每年2~6个月的弹性工作期\"}
  - {label: 占比, value: 82.4, unit: \"%\", quote: \"优质企业占比达82.4%\"}
  - {label: 全长, value: 86.3, unit: 公里, quote: \"快线全长86.3公里\"}
  - {label: 协议, value: 3, unit: 期, quote: \"签订实施三期引滦入津\"}
  - {label: 营造林, value: 700, unit: 万亩, qualifier: 超, quote: \"营造林超700万亩\"}
  - {label: 到丽泽, value: 1, unit: 小时, quote: \"一小时到达北京丽泽商务区\"}
";

#[test]
fn figures_quoted_from_their_source_build_and_show_the_quote() {
    let s = site(GOOD, "正文用自己的话写。");
    s.append("site.yaml", "show_quotes: true\n");
    let run = s.build();
    run.ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = s.read("articles/a/index.html");
    assert!(
        page.contains("<p class=\"fig-quote\"><span class=\"fig-quote-label\">原文</span>“共享执法数据5万余条”</p>"),
        "{page}"
    );
    // Lists show figures without their quotes; without the setting, no page shows them.
    assert!(!s.read("figures/index.html").contains("fig-quote"));
    s.file("site.yaml", crate::common::SITE_YAML);
    s.build().ok();
    assert!(!s.read("articles/a/index.html").contains("fig-quote"));
}

/// Each wrong figure is an error at its quote's line, with what the quote does say; nothing
/// is written.
#[test]
fn a_figure_its_quote_does_not_give_is_an_error_at_the_quote() {
    let s = site(GOOD, "正文。");
    s.build().ok();
    let before = crate::common::tree(&s.out());
    s.file(
        "content/a.md",
        &brief(
            "  - {label: 营收, value: 4245, unit: 亿元, quote: \"集群营收达到4254亿元\"}
  - {label: 示范项目, value: 100, unit: 亿元, qualifier: 约, quote: \"近百亿元京津冀协同创新\"}
  - {label: 数据, value: 5, unit: 亿条, qualifier: 余, quote: \"共享执法数据5万余条\"}
  - {label: 营造林, value: 700, unit: 万亩, quote: \"营造林近700万亩\"}
",
            "正文。",
        ),
    );
    let run = s.build();
    assert_eq!(run.code, 1);
    let err = &run.stderr;
    for (expect, at) in [
        (
            "error[figure-not-in-quote]: the quote does not give 4245亿元",
            "content/a.md:7:",
        ),
        ("the numbers in the quote are 4254亿", ""),
        (
            "error[figure-not-in-quote]: the quote says 近百亿, the figure 约100亿元",
            "content/a.md:8:",
        ),
        (
            "set the figure's `qualifier` as the source words it (近)",
            "",
        ),
        (
            "error[figure-not-in-quote]: the quote does not give 5亿余条",
            "content/a.md:9:",
        ),
        (
            "error[quote-not-found]: the quote is not in the source `jjj-page`",
            "content/a.md:10:",
        ),
        (
            "the nearest words in content/_sources/jjj-page.txt are “营造林超700万亩",
            "",
        ),
    ] {
        let i = err
            .find(expect)
            .unwrap_or_else(|| panic!("{expect}\n{err}"));
        assert!(err[i..].contains(at), "{expect} at {at}\n{err}");
    }
    assert_eq!(
        crate::common::tree(&s.out()),
        before,
        "the previous output is untouched"
    );
}

#[test]
fn sources_named_wrong_or_unreadable_are_errors() {
    let s = site(GOOD, "正文。");
    s.file(
        "content/a.md",
        &brief(GOOD, "正文。").replace("source_key: jjj-page", "source_key: jjj-pag"),
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[unknown-source]: unknown source `jjj-pag`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/a.md:5:13"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `jjj-page`?"),
        "{}",
        run.stderr
    );
    // A quote with no source to find it in.
    s.file(
        "content/a.md",
        &brief(GOOD, "正文。").replace("source_key: jjj-page\n", ""),
    );
    let run = s.run(&["check"]);
    assert!(
        run.stderr.contains(
            "error[unknown-source]: a quote, but the brief names no source to find it in"
        ),
        "{}",
        run.stderr
    );
    // A source saved as GBK.
    s.file("content/a.md", &brief(GOOD, "正文。"));
    s.bytes(
        "content/_sources/jjj-page.txt",
        &[0xbe, 0xa9, 0xbd, 0xf2, 0xbc, 0xbd],
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[not-utf8]: the source is not UTF-8 text (at byte 0)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/_sources/jjj-page.txt"),
        "{}",
        run.stderr
    );
}

#[test]
fn unquoted_figures_and_copied_sentences_are_warnings() {
    let s = site(
        "  - {label: 营收, value: 4254, unit: 亿元}\n",
        "这是一段很长的原文句子，用来检验简报自己的文字有没有照抄原文三十个字以上的情况。\n\n他们说：“这是一段很长的原文句子，用来检验简报自己的文字有没有照抄原文三十个字以上的情况。”\n",
    );
    let run = s.build();
    run.ok();
    let err = &run.stderr;
    assert!(
        err.contains(
            "warning[unquoted-claim]: `4254亿元` gives no quote from its source `jjj-page`"
        ),
        "{err}"
    );
    assert!(err.contains("content/a.md:7:"), "{err}");
    assert!(
        err.contains("warning[copied-text]: 40 characters stand word for word in the source `jjj-page`: “这是一段很长的原文句子"),
        "{err}"
    );
    // Once: the same words in quotation marks are a quotation, not a copy.
    assert_eq!(err.matches("warning[copied-text]").count(), 1, "{err}");
    assert!(err.contains("content/a.md:13"), "{err}");
}

/// The default site's log is the log `briefing facts` writes: it cannot drift from the content.
#[test]
fn the_default_sites_fact_check_log_is_written_from_its_content() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = crate::common::run_in(repo, &["facts", "--root", repo.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kept = std::fs::read_to_string(repo.join("docs/fact-check.md")).unwrap();
    assert!(
        run.stdout == kept,
        "docs/fact-check.md differs from what `briefing facts` writes: run `cargo run -- facts --out docs/fact-check.md`"
    );
    // The corrections shown to readers are in it: the 三期 fix among them.
    assert!(
        run.stdout
            .contains("- 2026-11-28: 原稿正文称签订实施“第三期”引滦入津"),
        "{}",
        run.stdout
    );
    // Every figure and milestone of the default site has its quote.
    assert!(!run.stdout.contains("no quote"), "{}", run.stdout);
    assert!(run.stdout.contains("| figure · 集群营收: 4254亿元 (2025) | 2025年,京津冀安全应急装备集群营收达到4254亿元 | quote found; 4254亿元 in it |"));
}

/// A source or a quote with terminal control characters in it: what the errors show of them
/// is escaped, so a source copied from a page cannot recolour or rewrite a terminal or CI log.
#[test]
fn control_characters_from_a_source_do_not_reach_the_terminal() {
    let s = TestSite::new();
    s.file(
        "content/_sources/jjj-page.txt",
        "集群营收达到\u{1b}[2J4254亿元。\n",
    );
    s.file(
        "content/a.md",
        &brief(
            "  - {label: 营收, value: 4254, unit: 亿元, quote: \"集群营收达到4254亿\"}\n",
            "正文。",
        ),
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[quote-not-found]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\\u{1b}[2J"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
}

#[test]
fn a_source_header_with_a_wrong_field_and_a_log_that_cannot_be_written_are_errors() {
    let s = site(GOOD, "正文。");
    s.file(
        "content/_sources/jjj-page.txt",
        &SOURCE.replace("publisher: 测试日报", "publsher: 测试日报"),
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[unknown-field]: unknown field `publsher`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/_sources/jjj-page.txt:3:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `publisher`?"),
        "{}",
        run.stderr
    );
    s.file("content/_sources/jjj-page.txt", SOURCE);
    let root = s.root().to_str().unwrap();
    let target = s.root().join("no-such-folder/fact-check.md");
    let run = s.run(&["facts", "--root", root, "--out", target.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[write-failed]: cannot write the log: No such file or directory"),
        "{}",
        run.stderr
    );
    assert!(!target.exists());
}
