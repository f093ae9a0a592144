//! `briefing explain [CODE]`: the long page of a diagnostic code, like `rustc --explain`, in
//! the site's language; without a code, every code with its one-line summary.

use crate::diag::{self, Code, explain};

/// Whether to explain in Chinese: `language` when given (`en`, `zh`), else the site's
/// `language` in site.yaml under `root` (Chinese for `zh-…`), else English.
fn chinese(language: Option<&str>, root: &std::path::Path) -> bool {
    let lang = match language {
        Some(l) => l.to_string(),
        None => crate::pipeline::site_language(root).unwrap_or_default(),
    };
    lang.to_ascii_lowercase().starts_with("zh")
}

/// Print the page of `code` (or the list of codes); returns the exit code.
pub(crate) fn run(code: Option<&str>, language: Option<&str>, root: &std::path::Path) -> u8 {
    let zh = chinese(language, root);
    let Some(id) = code else {
        println!("{}", index(zh));
        return 0;
    };
    // `error[unknown-domain]` or `warning[tag-merged]` as copied from the output, or the id.
    let id = id
        .trim()
        .rsplit('[')
        .next()
        .unwrap_or("")
        .trim_end_matches(']');
    match Code::from_id(id).and_then(|c| explain::page(c.id(), zh)) {
        Some(page) => {
            println!("{id}\n\n{page}");
            0
        }
        None => {
            let ids = Code::ALL.iter().map(|c| c.id());
            let hint = diag::did_you_mean(id, ids)
                .map(|near| format!("did you mean `{near}`? "))
                .unwrap_or_default();
            eprintln!(
                "error: no diagnostic has the code `{}`\n  = help: {hint}`briefing explain` lists every code",
                id.escape_debug()
            );
            1
        }
    }
}

/// Every code with its summary, one a line.
fn index(zh: bool) -> String {
    let width = Code::ALL.iter().map(|c| c.id().len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in Code::ALL {
        out.push_str(&format!(
            "{:width$}  {}\n",
            c.id(),
            explain::summary(c.id(), zh)
        ));
    }
    out.push_str(if zh {
        "\n`briefing explain 代码` 显示某个代码的说明。"
    } else {
        "\n`briefing explain CODE` prints the page of one code."
    });
    out
}
