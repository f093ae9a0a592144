//! `check --links`: the model's external addresses asked for ([`crate::linkcheck`]), and what
//! was found said at each place an address is written.

use crate::diag::{Code, Diagnostic};
use crate::linkcheck::{self, Outcome};
use crate::model::Site;

/// What a link check found: its diagnostics (warnings, or errors when strict) and a line that
/// says what it cost.
pub(crate) struct LinkReport {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: String,
}

pub(super) fn check_links(site: &Site, opts: &linkcheck::Options) -> LinkReport {
    let uses = linkcheck::collect(site);
    let urls: Vec<String> = uses.keys().cloned().collect();
    let checked = linkcheck::check(&urls, opts);
    let mut diagnostics = Vec::new();
    let (mut broken, mut moved) = (0, 0);
    for (url, outcome) in &checked.outcomes {
        let (code, message, help) = match outcome {
            Outcome::Ok => continue,
            Outcome::Moved { to } => {
                moved += 1;
                (
                    Code::MovedLink,
                    format!("`{url}` has moved for good to `{to}`"),
                    "link to the new address: the old one may stop working".to_string(),
                )
            }
            Outcome::Broken { why } => {
                broken += 1;
                (
                    Code::DeadLink,
                    format!("`{url}` leads nowhere: {why}"),
                    "check the address in a browser; if the page moved, link to where it is now, or to an archived copy".to_string(),
                )
            }
        };
        for u in uses.get(url).into_iter().flatten() {
            let d = if opts.strict {
                Diagnostic::error(code, &u.file, message.clone())
            } else {
                Diagnostic::warning(code, &u.file, message.clone())
            };
            diagnostics.push(d.at(u.line, u.col).help(help.clone()));
        }
    }
    let asked = urls.len() - checked.from_cache;
    let secs = checked.elapsed.as_secs_f64();
    let rate = if secs > 0.0 { asked as f64 / secs } else { 0.0 };
    let summary = format!(
        "links: {} addresses; {asked} asked in {secs:.1} s ({rate:.1} a second), {} answered in the last week; {broken} lead nowhere, {moved} moved for good",
        urls.len(),
        checked.from_cache
    );
    LinkReport {
        diagnostics,
        summary,
    }
}
