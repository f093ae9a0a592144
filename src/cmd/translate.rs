//! `briefing new --lang en SLUG`: start the translation of a brief, `x.en.md` beside `x.md`.
//! What the translation shares with its original (date, domains, regions, the figures'
//! values, the milestones' dates and statuses) is named in a comment, not written: it is
//! the original's. The figures and milestones are written out with their words to translate,
//! and the original's text stands in a comment below (raw HTML: never published).

use std::path::Path;

use crate::diag::{self, Code, Diagnostic};
use crate::load::{self, Article, Config};

use super::new::{write_new, yaml_text};

/// Write the translation of brief `slug` into language `lang` (its code or folder); returns
/// its path from the root.
pub(crate) fn create(
    root: &Path,
    slug: &str,
    lang: &str,
    title: Option<&str>,
) -> Result<String, Vec<Diagnostic>> {
    let config = Config::load(root)?;
    let arg = |name: &str, msg: String| Diagnostic::argument(Code::BadArgument, name, msg);
    let Some(language) = (config.languages.iter()).find(|l| l.dir == lang.to_ascii_lowercase())
    else {
        let dirs: Vec<&str> = config.languages.iter().map(|l| l.dir.as_str()).collect();
        let help = match dirs.is_empty() {
            true => "add the language to site.yaml first: `languages: [{code: en, title: …}]`"
                .to_string(),
            false => format!("the site's other languages are: {}", dirs.join(", ")),
        };
        return Err(vec![
            arg("--lang", format!("the site has no language `{lang}`")).help(help),
        ]);
    };
    let loaded = load::load(root, &config);
    let Some(orig) = loaded.articles.iter().find(|a| a.slug == slug) else {
        let slugs = loaded.articles.iter().map(|a| a.slug.as_str());
        let d = arg(
            "<slug>",
            format!("no brief has the slug `{}`", diag::visible(slug)),
        );
        return Err(vec![match diag::did_you_mean(slug, slugs) {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None => d.help("give the slug of the brief to translate: its file name without .md"),
        }]);
    };
    let rel = format!("{}.{}.md", orig.file.trim_end_matches(".md"), language.dir);
    let text = template(orig, &language.code, title);
    write_new(&root.join(&rel), &rel, &text)?;
    Ok(rel)
}

fn template(orig: &Article, code: &str, title: Option<&str>) -> String {
    let mut t = String::from("---\n");
    let date = orig.date.map(|d| d.to_string()).unwrap_or_default();
    t += &format!(
        "# The {code} translation of {}. Shared with it, so not written here: the date ({date}),\n# domains ({}), regions ({}), the figures' values and the milestones' dates and statuses.\n",
        orig.file,
        orig.domains.join(", "),
        orig.regions.join(", "),
    );
    let title = title.unwrap_or("");
    t += &format!(
        "title: {}  # the original: {}\n",
        yaml_text(title),
        orig.title
    );
    if let Some(s) = &orig.summary {
        t += &format!("# summary: … (the original: {s})\n");
    }
    t += "tags: []\n";
    if !orig.figures.is_empty() {
        t += "figures:  # translate each label and unit; the values stay\n";
        for f in &orig.figures {
            let year = f.year.map(|y| format!(", year: {y}")).unwrap_or_default();
            t += &format!(
                "  - {{label: {}, value: {}, unit: {}{year}}}\n",
                yaml_text(&f.label),
                f.value,
                yaml_text(&f.unit)
            );
        }
    }
    if !orig.milestones.is_empty() {
        t += "milestones:  # translate each title; the dates and statuses stay\n";
        for m in &orig.milestones {
            let status = m
                .status
                .map(|s| format!(", status: {}", s.key()))
                .unwrap_or_default();
            t += &format!(
                "  - {{date: {}, title: {}{status}}}\n",
                m.date.code(),
                yaml_text(&m.title)
            );
        }
    }
    t += "---\n";
    // The original's text, for reference: a comment is raw HTML, which is never published.
    let body = orig.body().trim().replace("-->", "--&gt;");
    t += &format!("<!-- The original's text, to translate in your own words:\n\n{body}\n-->\n");
    t
}
