//! Templates: the built-in set, embedded in the binary, overridden by name by a site's own
//! `templates/` folder; and template errors turned into diagnostics that point into the
//! template (name, line, column).

use std::path::Path;

use tera::Tera;

use crate::diag::{self, Code, Diagnostic};

/// The built-in templates, embedded from this repository's `templates/`.
const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("domain.html", include_str!("../../templates/domain.html")),
    ("domains.html", include_str!("../../templates/domains.html")),
    ("terms.html", include_str!("../../templates/terms.html")),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    ("figures.html", include_str!("../../templates/figures.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("changes.html", include_str!("../../templates/changes.html")),
    (
        "editions.html",
        include_str!("../../templates/editions.html"),
    ),
    ("edition.html", include_str!("../../templates/edition.html")),
    ("print.html", include_str!("../../templates/print.html")),
    ("digest.html", include_str!("../../templates/digest.html")),
    ("digest.txt", include_str!("../../templates/digest.txt")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    ("changes.json", include_str!("../../templates/changes.json")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("robots.txt", include_str!("../../templates/robots.txt")),
    (
        "partials/card.html",
        include_str!("../../templates/partials/card.html"),
    ),
    (
        "partials/row.html",
        include_str!("../../templates/partials/row.html"),
    ),
    (
        "partials/chips.html",
        include_str!("../../templates/partials/chips.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../templates/partials/pagination.html"),
    ),
    (
        "partials/milestone.html",
        include_str!("../../templates/partials/milestone.html"),
    ),
    (
        "partials/figure.html",
        include_str!("../../templates/partials/figure.html"),
    ),
    (
        "partials/series.html",
        include_str!("../../templates/partials/series.html"),
    ),
];

/// Templates: built-ins, then the site's `templates/` folder over them.
pub(crate) struct Templates {
    pub(crate) tera: Tera,
    /// name → (file shown in errors, source)
    sources: Vec<(String, String, String)>,
}

impl Templates {
    pub(crate) fn load(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: Vec<(String, String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, s)| {
                (
                    n.to_string(),
                    format!("(built-in template) {n}"),
                    s.to_string(),
                )
            })
            .collect();
        let mut diags = Vec::new();
        let dir = root.join("templates");
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = diag::rel_path(root, entry.path());
                let name = diag::rel_path(&dir, entry.path());
                match std::fs::read(entry.path()).map(String::from_utf8) {
                    Ok(Ok(text)) => {
                        sources.retain(|(n, _, _)| n != &name);
                        sources.push((name, rel, text));
                    }
                    _ => diags.push(Diagnostic::error(
                        Code::TemplateSyntax,
                        rel,
                        "cannot read the template as UTF-8 text",
                    )),
                }
            }
        }
        let mut tera = new_tera();
        // Parse each template on its own first, so every syntax error is reported.
        for (name, file, text) in &sources {
            let mut probe = new_tera();
            if let Err(e) = probe.add_raw_template(name, text) {
                if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                    diags.push(tera_diag(&e, file, text));
                }
            }
        }
        if diags.is_empty() {
            if let Err(e) =
                tera.add_raw_templates(sources.iter().map(|(n, _, s)| (n.as_str(), s.as_str())))
            {
                let (file, text) = locate_template(&sources, &e);
                diags.push(tera_diag(&e, &file, &text));
            }
        }
        if diags.is_empty() {
            Ok(Templates { tera, sources })
        } else {
            Err(diags)
        }
    }

    /// A page that ran out of its rendering budget ([`super::budget`]), named with its
    /// template.
    pub(crate) fn over_budget(
        &self,
        template: &str,
        page: &str,
        spent: Option<super::budget::Spent>,
    ) -> Diagnostic {
        let spent = spent.unwrap_or(super::budget::Spent::Time);
        super::budget::over_budget(&self.file_of(template), template, page, spent)
    }

    /// Every template in use, as `(file, text)`.
    pub(crate) fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources
            .iter()
            .map(|(_, f, t)| (f.as_str(), t.as_str()))
    }

    /// The file a template was read from, as diagnostics name it.
    pub(crate) fn file_of(&self, template: &str) -> String {
        (self.sources.iter())
            .find(|(name, _, _)| name == template)
            .map_or_else(|| format!("templates/{template}"), |(_, f, _)| f.clone())
    }

    /// A diagnostic for a rendering error, pointing into the template.
    pub(crate) fn error(&self, e: &tera::Error, page: &str) -> Diagnostic {
        let (file, text) = locate_template(&self.sources, e);
        let mut d = tera_diag(e, &file, &text);
        d.help = Some(format!(
            "while rendering {page}; the values templates get are listed in docs/templates.md"
        ));
        d
    }
}

fn new_tera() -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    // Tera's own, counted against the page's budget.
    tera.register_function("range", super::budget::range);
    tera
}

fn locate_template(sources: &[(String, String, String)], e: &tera::Error) -> (String, String) {
    let name = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.filename().to_string()
        }
        tera::ErrorKind::MissingParent { current, .. } => current.clone(),
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => tpl.clone(),
        _ => String::new(),
    };
    sources
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, f, s)| (f.clone(), s.clone()))
        .unwrap_or_else(|| ("templates".to_string(), String::new()))
}

fn tera_diag(e: &tera::Error, file: &str, text: &str) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            let (kind, code) = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                ("template syntax error", Code::TemplateSyntax)
            } else {
                ("template error", Code::TemplateError)
            };
            let mut message = format!("{kind}: {}", r.message());
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            Diagnostic::error(code, file, message)
                .at(span.start_line, span.start_col + 1)
                .span_len(if span.end_line == span.start_line {
                    span.end_col.saturating_sub(span.start_col)
                } else {
                    1
                })
                .with_source(text)
        }
        _ => Diagnostic::error(Code::TemplateError, file, format!("template error: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::budget::Spent;

    #[test]
    fn a_page_over_its_budget_is_named_with_its_template() {
        let dir = tempfile::tempdir().unwrap();
        let templates = Templates::load(dir.path()).unwrap();
        let d = templates.over_budget("404.html", "404.html", Some(Spent::Time));
        assert_eq!(d.code, Code::TemplateError);
        assert_eq!(d.file, "(built-in template) 404.html");
        assert_eq!(
            d.message,
            "rendering /404.html with `404.html` took longer than 10 s; it was stopped"
        );
        let d = templates.over_budget("404.html", "404.html", Some(Spent::Bytes));
        assert!(
            d.message.ends_with("grew past 64 MB; it was stopped"),
            "{}",
            d.message
        );
    }
}
