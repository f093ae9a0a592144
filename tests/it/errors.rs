//! Every error an editor can meet: the message, the file, the line:column and the help.
//! One table row per case; each builds a small site that has exactly that problem.

use crate::common::{TestSite, article};

struct Case {
    name: &'static str,
    file: &'static str,
    text: &'static [u8],
    /// `path:line:col` expected in the report.
    location: &'static str,
    /// Substrings the report must contain.
    expect: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "milestone id used twice",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-03-01\ndomains: [ecology]\nmilestones:\n  - {id: express, date: 2026-H2, title: 快线建成}\n  - {id: express, date: 2027, title: 快线通车}\n---\n".as_bytes(),
        location: "content/a.md:7:",
        expect: &["error[duplicate-milestone-id]: two milestones of this brief have the id `express`", "give each milestone its own"],
    },
    Case {
        name: "updated before date",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-03-01\nupdated: 2026-02-28\ndomains: [ecology]\n---\n".as_bytes(),
        location: "content/a.md:4:10",
        expect: &["error[update-date]: `updated` is dated 2026-02-28, before the brief's `date` (2026-03-01)", "if the brief appeared later, change its `date`"],
    },
    Case {
        name: "correction without text",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-03-01\ndomains: [ecology]\ncorrections:\n  - {date: 2026-03-02}\n---\n".as_bytes(),
        location: "content/a.md:6:",
        expect: &["error[missing-field]: correction 1 has no `text`", "say what was wrong and what is right"],
    },
    Case {
        name: "correction in the future",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-03-01\ndomains: [ecology]\ncorrections:\n  - date: 2026-06-20\n    text: 数字有误。\n---\n".as_bytes(),
        location: "content/a.md:6:11",
        expect: &["error[update-date]: a correction is dated 2026-06-20, after today (2026-06-15)", "once it has been"],
    },
    Case {
        name: "correction field misspelt",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-03-01\ndomains: [ecology]\ncorrections:\n  - date: 2026-03-02\n    txt: 数字有误。\n---\n".as_bytes(),
        location: "content/a.md:7:5",
        expect: &["unknown field `txt` in a correction", "did you mean `text`?", "correction 1 has no `text`"],
    },
    Case {
        name: "yaml syntax",
        file: "content/a.md",
        text: "---\ntitle: 标题: 副标题\ndate: 2026-01-01\ndomains: [ecology]\n---\n".as_bytes(),
        location: "content/a.md:2:10",
        expect: &["YAML syntax error", "put the whole value in quotes", "2 | title: 标题: 副标题"],
    },
    Case {
        name: "unclosed quote",
        file: "content/a.md",
        text: "---\ntitle: \"标题\ndate: 2026-01-01\n---\n".as_bytes(),
        location: "content/a.md:",
        expect: &["quote is opened but never closed", "started at line 2"],
    },
    Case {
        name: "key written twice",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\ntitle: 乙\n---\n".as_bytes(),
        location: "content/a.md:5:1",
        expect: &["the key `title` is written twice; keep one"],
    },
    Case {
        name: "reserved page slug",
        file: "content/a.md",
        text: "---\ntitle: 时间\nlayout: page\nslug: timeline\n---\n".as_bytes(),
        location: "content/a.md:4:7",
        expect: &["the page slug `timeline` is reserved", "choose another slug"],
    },
    Case {
        name: "unknown layout",
        file: "content/a.md",
        text: "---\ntitle: 关于\nlayout: pgae\n---\n".as_bytes(),
        location: "content/a.md:3:9",
        expect: &["unknown layout `pgae`", "did you mean `page`?"],
    },
    Case {
        name: "link to a draft",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n---\n见[草稿](draft.md)。\n".as_bytes(),
        location: "content/a.md:6:2",
        expect: &["link to a draft: `draft.md`", "not built without --drafts"],
    },
    Case {
        name: "empty domains",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: []\n---\n".as_bytes(),
        location: "content/a.md:4:1",
        expect: &["`domains` is empty; an article needs at least one domain"],
    },
    Case {
        name: "milestone without title, unknown milestone field",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nmilestones:\n  - date: 2026\n    titel: 通车\n---\n".as_bytes(),
        location: "content/a.md:7:5",
        expect: &["unknown field `titel` in a milestone", "did you mean `title`?", "milestone 1 has no `title`"],
    },
    Case {
        name: "figure without label",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nfigures:\n  - {value: 1, unit: 个}\n---\n".as_bytes(),
        location: "content/a.md:6:3",
        expect: &["figure 1 has no `label`"],
    },
    Case {
        name: "unknown highlight theme",
        file: "site.yaml",
        text: "title: 站\nbase_url: https://x.github.io/\ndomains:\n  - {key: ecology, name: 生态}\nhighlight_theme: InspiredGithub\n".as_bytes(),
        location: "site.yaml:5:18",
        expect: &["unknown highlight theme `InspiredGithub`", "did you mean `InspiredGitHub`?"],
    },
    Case {
        name: "no front matter",
        file: "content/a.md",
        text: "# 标题\n正文\n".as_bytes(),
        location: "content/a.md:1:1",
        expect: &["does not start with front matter", "begin the file with a line `---`"],
    },
    Case {
        name: "front matter never closed",
        file: "content/a.md",
        text: "---\ntitle: 标题\n\n正文\n".as_bytes(),
        location: "content/a.md:1:1",
        expect: &["front matter is never closed", "add a line `---`"],
    },
    Case {
        name: "missing required field",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndomains: [ecology]\n---\n".as_bytes(),
        location: "content/a.md:1",
        expect: &["missing required field `date`", "`date: 2026-06-10`"],
    },
    Case {
        name: "wrong type",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomains: [ecology]\ntags: {a: 1}\n---\n".as_bytes(),
        location: "content/a.md:5:1",
        expect: &["`tags` should be a list such as `[a, b]`, but it is a mapping"],
    },
    Case {
        name: "impossible date",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-02-30\ndomains: [ecology]\n---\n".as_bytes(),
        location: "content/a.md:3:7",
        expect: &["`2026-02-30` is not a real date: 2026-02 has 28 days", "[date]", "^^^^^^^^^^"],
    },
    Case {
        name: "bad date shape",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026/6/1\ndomains: [ecology]\n---\n".as_bytes(),
        location: "content/a.md:3:7",
        expect: &["not a date in the form YYYY-MM-DD: write `2026-06-01`"],
    },
    Case {
        name: "bad fuzzy date",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomains: [ecology]\nmilestones:\n  - date: 2026-H3\n    title: 通车\n---\n".as_bytes(),
        location: "content/a.md:6:11",
        expect: &["`2026-H3`: a year has two halves", "[milestones[0].date]", "`2026-Q1` (quarter)"],
    },
    Case {
        name: "bad status",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomains: [ecology]\nmilestones:\n  - date: 2026\n    title: 通车\n    status: complete\n---\n".as_bytes(),
        location: "content/a.md:8:13",
        expect: &["unknown status `complete`", "statuses are: done, in_progress, planned"],
    },
    Case {
        name: "status typo",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomains: [ecology]\nmilestones:\n  - {date: 2026-Q2, title: 通车, status: planed}\n---\n".as_bytes(),
        location: "content/a.md:6:",
        expect: &["unknown status `planed`", "did you mean `planned`?"],
    },
    Case {
        name: "unknown domain",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomains: [ecology, transprot]\n---\n".as_bytes(),
        location: "content/a.md:4:20",
        expect: &["unknown domain `transprot`", "did you mean `transport`?", "ecology, transport"],
    },
    Case {
        name: "unknown region",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomains: [ecology]\nregions: [hebie]\n---\n".as_bytes(),
        location: "content/a.md:5:11",
        expect: &["unknown region `hebie`", "did you mean `hebei`?"],
    },
    Case {
        name: "unknown field",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomian: [ecology]\ndomains: [ecology]\n---\n".as_bytes(),
        location: "content/a.md:4:1",
        expect: &["unknown field `domian`", "did you mean `domains`?"],
    },
    Case {
        name: "unsafe slug",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomains: [ecology]\nslug: ../../etc\n---\n".as_bytes(),
        location: "content/a.md:5:7",
        expect: &["unsafe slug `../../etc`", "it contains `/`"],
    },
    Case {
        name: "slash slug",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomains: [ecology]\nslug: /\n---\n".as_bytes(),
        location: "content/a.md:5:7",
        expect: &["unsafe slug `/`"],
    },
    Case {
        name: "related to nothing",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomains: [ecology]\nrelated: [ok, ghost]\n---\n".as_bytes(),
        location: "content/a.md:5:15",
        expect: &["`related` names `ghost`, but no article has that slug"],
    },
    Case {
        name: "related typo",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomains: [ecology]\nrelated: [okk]\n---\n".as_bytes(),
        location: "content/a.md:5:11",
        expect: &["did you mean `ok`?"],
    },
    Case {
        name: "link to nothing",
        file: "content/a.md",
        text: "---\ntitle: 标题\ndate: 2026-01-01\ndomains: [ecology]\n---\n第一段。\n\n参见[另一篇](2025/none.md)。\n".as_bytes(),
        location: "content/a.md:8:3",
        expect: &["link to a missing file: `2025/none.md`", "looked for content/2025/none.md"],
    },
    Case {
        name: "not utf-8",
        file: "content/a.md",
        text: b"---\ntitle: \xc4\xe3\xba\xc3\ndate: 2026-01-01\n---\n",
        location: "content/a.md:2:8",
        expect: &["not valid UTF-8", "GBK"],
    },
    Case {
        name: "bad site.yaml",
        file: "site.yaml",
        text: "title: 站\nbase_url: https://x.github.io/\ndomains:\n  - {key: ecology, nmae: 生态}\n".as_bytes(),
        location: "site.yaml:4:",
        expect: &["unknown field `nmae`", "did you mean `name`?"],
    },
    Case {
        name: "site.yaml syntax",
        file: "site.yaml",
        text: "title: 站\nbase_url: [https://x.github.io/\n".as_bytes(),
        location: "site.yaml:3:",
        expect: &["YAML syntax error"],
    },
    Case {
        name: "template syntax error",
        file: "templates/article.html",
        text: "{% extends \"base.html\" %}\n{% block main %}\n{{ article.title \n{% endblock main %}\n".as_bytes(),
        location: "templates/article.html:",
        expect: &["template syntax error"],
    },
    Case {
        name: "template typo caught by strict variables",
        file: "templates/article.html",
        text: "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ artcle.title }}</h1>\n{% endblock main %}\n".as_bytes(),
        location: "templates/article.html:3:",
        expect: &["template error", "while rendering /articles/ok/index.html", "docs/templates.md"],
    },
    Case {
        name: "a value that is the start of another",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology, eco]\n---\n".as_bytes(),
        location: "content/a.md:4:20",
        expect: &["unknown domain `eco` [domains]", "domains defined in site.yaml are: ecology, transport", "                   ^^^"],
    },
    Case {
        name: "unknown front matter field",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nsumary: 摘要\n---\n".as_bytes(),
        location: "content/a.md:5:1",
        expect: &["unknown field `sumary`", "did you mean `summary`?"],
    },
    Case {
        name: "unknown time zone",
        file: "site.yaml",
        text: "title: 测试简报\nbase_url: https://example.github.io/repo/\ntimezone: Asia/Beijing\ndomains:\n  - {key: ecology, name: 生态环境}\n".as_bytes(),
        location: "site.yaml:3:11",
        expect: &["unknown time zone `Asia/Beijing`", "IANA time zone name", "Asia/Shanghai"],
    },
    Case {
        name: "unknown figure qualifier",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nfigures:\n  - {label: 投资, value: 100, unit: 亿元, qualifier: 将近百}\n---\n".as_bytes(),
        location: "content/a.md:6:50",
        expect: &["unknown qualifier `将近百`", "did you mean `将近`?", "近百亿元 → `value: 100, unit: 亿元, qualifier: 近`"],
    },
    Case {
        name: "a count below its least",
        file: "site.yaml",
        text: "title: 测试简报\nbase_url: https://example.github.io/repo/\npaginate: 0\ndomains:\n  - {key: ecology, name: 生态环境}\n".as_bytes(),
        location: "site.yaml:3:11",
        expect: &["`paginate` should be at least 1, but it is 0", "write a whole number, e.g. `paginate: 40`"],
    },
    Case {
        name: "a whole number past 64 bits",
        file: "site.yaml",
        text: "title: 测试简报\nbase_url: https://example.github.io/repo/\nfeed_limit: 99999999999999999999\ndomains:\n  - {key: ecology, name: 生态环境}\n".as_bytes(),
        location: "site.yaml:3:",
        expect: &["`feed_limit` should be a whole number, but it is a number"],
    },
    Case {
        name: "a figure that is not a number",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nfigures:\n  - {label: 投资, value: .nan, unit: 亿元}\n---\n".as_bytes(),
        location: "content/a.md:6:24",
        expect: &["`.nan` is not a number a reader can use [figures[0].value]", "write the number as the source gives it"],
    },
    Case {
        name: "a date written the Chinese way",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026年6月10日\ndomains: [ecology]\nmilestones:\n  - {date: 2026年下半年, title: 通车}\n---\n".as_bytes(),
        location: "content/a.md:3:7",
        expect: &["`2026年6月10日` is not a date in the form YYYY-MM-DD: write `2026-06-10`", "`2026年下半年` is not a milestone date: write `2026-H2`", "content/a.md:6:12"],
    },
    Case {
        name: "a full-width colon",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nsummary：一句话\n---\n".as_bytes(),
        location: "content/a.md:5:8",
        expect: &["`summary：` has a full-width colon `：`; YAML needs an ASCII colon and a space: `summary: `"],
    },
    Case {
        name: "a full-width colon in a list item",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nmilestones:\n  - date：2026\n---\n".as_bytes(),
        location: "content/a.md:6:5",
        expect: &["should be a milestone with `date:` and `title:`, but it is text", "help: `date：` has a full-width colon"],
    },
    Case {
        name: "a full-width comma in a list",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology，transport]\n---\n".as_bytes(),
        location: "content/a.md:4:11",
        expect: &["unknown domain `ecology，transport`", "this is one item: separate items with an ASCII comma and a space, e.g. `[ecology, transport]`"],
    },
    Case {
        name: "front matter closed with full-width dashes",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\n———\n正文\n".as_bytes(),
        location: "content/a.md:5:1",
        expect: &["`———` is not `---`: front matter begins and ends with three ASCII hyphens", "input method in English mode"],
    },
    Case {
        name: "indented with a full-width space",
        file: "content/a.md",
        text: "---\ntitle: 甲\ndate: 2026-01-01\ndomains: [ecology]\nmilestones:\n\u{3000}- {date: 2026, title: 通车}\n---\n".as_bytes(),
        location: "content/a.md:6:1",
        expect: &["the line is indented with a full-width space `　`; YAML indents with ASCII spaces"],
    },
];

#[test]
fn every_error_case_reports_file_position_message_and_help() {
    let mut failures = Vec::new();
    let mut reports = Vec::new();
    for case in CASES {
        let site = TestSite::new();
        site.file("content/ok.md", &article("正常", "2026-01-02", "[ecology]"));
        site.file(
            "content/draft.md",
            "---\ntitle: 草稿\ndate: 2026-01-03\ndomains: [ecology]\ndraft: true\n---\n",
        );
        site.bytes(case.file, case.text);
        let run = site.build();
        let report = &run.stderr;
        let mut problems = Vec::new();
        if run.code != 1 {
            problems.push(format!("exit code {} (want 1)", run.code));
        }
        if !report.contains(&format!("--> {}", case.location)) {
            problems.push(format!("no location `{}`", case.location));
        }
        for e in case.expect {
            if !report.contains(e) {
                problems.push(format!("missing `{e}`"));
            }
        }
        if report.contains("panicked") {
            problems.push("panicked".into());
        }
        if site.out().exists() {
            problems.push("wrote output despite errors".into());
        }
        let staging_left = std::fs::read_dir(site.root())
            .unwrap()
            .filter_map(|e| e.ok())
            .any(|e| e.file_name().to_string_lossy().contains("briefing-"));
        if staging_left {
            problems.push("left a staging folder behind".into());
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}\n{report}", case.name, problems.join("; ")));
        }
        reports.push((case.name, report.clone()));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    // The whole report of every case, reviewed like code: an extra, missing or duplicated
    // error fails here even when the table's substrings are all present.
    for (name, report) in reports {
        let snapshot = format!(
            "error_{}",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        );
        insta::assert_snapshot!(snapshot, report);
    }
}
