//! The pages at a brief's old addresses (`aliases:`): each sends the reader on to the brief
//! (a refresh, and a plain link for readers without it), names the brief as the canonical
//! page and asks search engines not to index it. Listed nowhere: not in the sitemap, not in
//! any list. An alias at an address something else has is an error at its line.

use std::collections::HashMap;

use tera::Context;

use crate::diag::{Code, Diagnostic};
use crate::model::ArticleId;
use crate::render::{Job, PageKind, Renderer};

impl Renderer {
    /// A redirect page for each alias of each brief.
    pub(super) fn redirects(&self) -> Vec<Job> {
        let s = &self.site;
        (s.articles.ids())
            .flat_map(|id| (0..s.articles[id].src.aliases.len()).map(move |n| (id, n)))
            .map(|(id, n)| {
                let a = &s.articles[id];
                let mut job = Job::new(a.src.aliases[n].path.clone(), "redirect.html", move |r| {
                    r.redirect_values(id)
                });
                job.origin = Some(a.src.file.clone());
                job.listed = false;
                job
            })
            .collect()
    }

    fn redirect_values(&self, id: ArticleId) -> Context {
        let s = &self.site;
        let a = &s.articles[id];
        let mut ctx = self.base(PageKind::Redirect, &a.src.title, &a.summary, &a.url);
        ctx.insert("target", &a.url);
        ctx
    }

    /// Aliases at addresses a page, a file or an earlier alias already has, at their lines.
    pub(super) fn alias_clashes(
        &self,
        jobs: &[Job],
        claimed: &[(String, String)],
    ) -> Vec<Diagnostic> {
        let fold = crate::output::folded;
        let mut taken: HashMap<String, String> = HashMap::new();
        for j in jobs.iter().filter(|j| j.template != "redirect.html") {
            let what = match &j.origin {
                Some(file) => format!("the brief {file}"),
                None => format!("the site's page `/{}`", j.path),
            };
            taken.insert(fold(&j.path), what);
        }
        for (path, source) in claimed {
            taken.insert(fold(path), format!("the file {source}"));
        }
        let mut out = Vec::new();
        for a in self.site.articles.iter() {
            for alias in &a.src.aliases {
                let key = fold(&alias.path);
                match taken.get(&key) {
                    Some(what) => out.push(
                        Diagnostic::error(
                            Code::AliasClash,
                            &a.src.file,
                            format!("the alias `{}` is already the address of {what}", alias.written),
                        )
                        .at(alias.line, alias.col)
                        .span_len(alias.written.chars().count())
                        .field("aliases")
                        .with_source(&a.src.text)
                        .help("an alias must be an address nothing else has: if it leads somewhere already, remove it"),
                    ),
                    None => {
                        taken.insert(key, format!("an alias of {}", a.src.file));
                    }
                }
            }
        }
        out
    }
}
