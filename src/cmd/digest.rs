//! `briefing digest`: an edition, or the briefs since a day, written as an HTML email and its
//! plain-text part (`<name>.html`, `<name>.txt`) to paste into a mail or a 公众号 editor.

use std::path::{Path, PathBuf};

use clap::Args;

use super::console;
use crate::date::Date;
use crate::diag::{Code, Diagnostic};
use crate::pipeline::{self, Request, Selection};

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["edition", "since"]))]
pub(crate) struct DigestArgs {
    /// The edition: `SERIAL/NUMBER` (e.g. weekly/12), or the number on a site of one serial.
    pub(crate) edition: Option<String>,
    /// Instead of an edition, the briefs published since this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(crate) since: Option<String>,
    /// The site folder (the one with site.yaml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// The folder to write the two files into.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) out: PathBuf,
}

pub(super) fn run(a: DigestArgs) -> u8 {
    let selection = match (&a.edition, &a.since) {
        (Some(e), _) => Selection::Edition(e.clone()),
        (None, Some(day)) => match Date::parse(day) {
            Ok(d) => Selection::Since(d),
            Err(msg) => {
                console::print_diags(&[Diagnostic::argument(Code::BadArgument, "--since", msg)
                    .help("write the day as YYYY-MM-DD, e.g. --since 2026-06-01")]);
                return 2;
            }
        },
        (None, None) => return 2,
    };
    let req = Request::reading(a.root);
    let digest = match pipeline::digest(&req, &selection) {
        Ok(d) => d,
        Err(f) => {
            console::print_failure(&f, "no digest was written", &console::Style::default());
            return 1;
        }
    };
    let html = a.out.join(format!("{}.html", digest.name));
    let text = a.out.join(format!("{}.txt", digest.name));
    for (path, body) in [(&html, &digest.html), (&text, &digest.text)] {
        if let Err(e) = write(path, body) {
            console::print_diags(&[Diagnostic::error(
                Code::WriteFailed,
                path.display().to_string(),
                format!("cannot write the digest: {e}"),
            )]);
            return 1;
        }
    }
    println!("wrote {} and {}", html.display(), text.display());
    0
}

/// Written beside, then moved over: a reader of the file never sees half of it.
fn write(path: &Path, body: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, body)
        .and_then(|()| std::fs::rename(&tmp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
}
