//! The fact-check log (`briefing facts`): for every brief that names a registered source, each
//! figure and milestone with the source's words that support it and what the build checked of
//! them, and the brief's corrections and editors' notes. It is written from the content, so it
//! cannot drift from it: the default site's `docs/fact-check.md` is this text, and a test
//! compares the two. A person's judgement lives beside each claim in the brief itself: the
//! quote chosen, and a `> **编者注**` where the brief says more than the source.

use std::fmt::Write;

use crate::load::facts::SourceText;
use crate::model::{Entry, Site};

/// A cell of a Markdown table: one line, `|` escaped.
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

/// The log, as Markdown.
pub(crate) fn fact_log(site: &Site, texts: &[SourceText]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Fact-check log: {}\n", site.config.title);
    out.push_str(
        "Written by `briefing facts` from the briefs' `quote:` fields and `corrections:`; do not edit \
         it by hand: change the briefs, then run `briefing facts --out docs/fact-check.md`.\n\n\
         Every quote below stands in its source (whitespace and full- or half-width punctuation \
         aside), and every figure's number, with its magnitude (万, 亿) and its qualifier (近, 约, \
         超, 余 …), stands in its quote: the build fails otherwise. A brief's own words do not \
         repeat 30 characters or more of its source outside quotation marks (a warning).\n\n",
    );
    out.push_str("## Sources\n\n| key | title | file |\n|---|---|---|\n");
    for t in texts {
        let _ = writeln!(out, "| `{}` | {} | `{}` |", t.key, cell(&t.title), t.file);
    }
    let mut briefs: Vec<&Entry> = site.articles.iter().collect();
    briefs.sort_by(|a, b| a.src.slug.cmp(&b.src.slug));
    let (sourced, unsourced): (Vec<&Entry>, Vec<&Entry>) =
        briefs.into_iter().partition(|e| e.src.source_key.is_some());
    for e in sourced {
        brief(&mut out, e);
    }
    if !unsourced.is_empty() {
        out.push_str("\n## Briefs without a registered source\n\n");
        for e in unsourced {
            let _ = writeln!(out, "- {} (`{}`)", e.src.title, e.src.slug);
        }
    }
    out
}

fn brief(out: &mut String, e: &Entry) {
    let a = &e.src;
    let key = a.source_key.as_ref().map_or("", |k| k.value.as_str());
    let _ = writeln!(
        out,
        "\n## {} (`{}`)\n\nSource: `{key}`.\n",
        a.title, e.src.slug
    );
    out.push_str("| claim | the source's words | checked |\n|---|---|---|\n");
    for f in &a.figures {
        let when = f
            .period
            .map(|p| format!(" ({})", p.code()))
            .unwrap_or_default();
        let claim = format!("figure · {}: {}{when}", f.label, f.display());
        let (words, checked) = match &f.quote {
            Some(q) => (
                q.value.as_str(),
                format!("quote found; {} in it", f.display()),
            ),
            None => ("—", "no quote (a warning)".to_string()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            cell(&claim),
            cell(words),
            cell(&checked)
        );
    }
    for m in &a.milestones {
        let status = m
            .status
            .map(|s| format!(" ({})", s.key()))
            .unwrap_or_default();
        let claim = format!("milestone · {}: {}{status}", m.date.code(), m.title);
        let (words, checked) = match &m.quote {
            Some(q) => (q.value.as_str(), "quote found"),
            None => ("—", "no quote (a warning)"),
        };
        let _ = writeln!(out, "| {} | {} | {checked} |", cell(&claim), cell(words));
    }
    if !a.corrections.is_empty() {
        out.push_str("\nCorrections shown to readers:\n\n");
        for c in &a.corrections {
            let _ = writeln!(out, "- {}: {}", c.date.value, c.text);
        }
    }
    let notes = editors_notes(&e.rendered.html);
    if !notes.is_empty() {
        out.push_str(
            "\nEditors' notes in the text (what the source does not say, marked 编者注):\n\n",
        );
        for n in notes {
            let _ = writeln!(out, "- {n}");
        }
    }
}

/// The editors' notes of a rendered body: paragraphs that start with `<strong>编者注</strong>`,
/// as plain text.
fn editors_notes(html: &str) -> Vec<String> {
    html.split("<strong>编者注</strong>")
        .skip(1)
        .map(|rest| {
            let para = rest.split("</p>").next().unwrap_or("");
            let mut text = String::new();
            let mut in_tag = false;
            for c in para.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            crate::text::unescape_html(text.trim_start_matches(['：', ':', ' ']).trim())
        })
        .collect()
}
