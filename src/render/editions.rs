//! The editions' pages: 往期 (`editions/`, every serial by year), each serial's archive and
//! feed (`editions/<serial>/`, `feed.xml`), each edition (`editions/<serial>/<n>/`) and its
//! print view (`…/print/`), which lays the whole issue out on A4 for the browser's print or
//! `build --pdf` ([`crate::print`]).

use tera::{Context, Value};

use crate::date::Date;
use crate::diag::Diagnostic;
use crate::model::{ArticleId, Id};
use crate::render::context::{self, Link, editions as ectx};
use crate::render::{Job, PageKind, Renderer};
use crate::text::escape_html;

/// An edition to print to PDF.
pub(crate) struct ToPrint {
    pub edition: usize,
    /// Its file (`content/_editions/…`), for messages.
    pub file: String,
    /// The print view's site path (`editions/a/1/print/`) and output path.
    pub view: String,
    pub page: String,
    /// The PDF's output path.
    pub pdf: String,
    pub day: Date,
    /// The anchor of each brief in the view, in order.
    pub anchors: Vec<String>,
}

/// One brief in the print view.
#[derive(serde::Serialize)]
struct PrintItem {
    /// Anchor: `b-1`, `b-2` … in the edition's order.
    anchor: String,
    card: Value,
    /// The body, each link to another site followed by its note number.
    content: String,
    /// The addresses of those links, in order (printed as notes under the brief).
    notes: Vec<String>,
    figures: Value,
    milestones: Value,
    /// The page it starts on in the PDF, once printed.
    page: Option<usize>,
    /// Its title as a CSS string, for the running head of its pages.
    running_head: String,
}

impl Renderer {
    /// The editions' pages, when site.yaml declares serials.
    pub(super) fn editions(&self) -> Vec<Job> {
        let s = &self.site;
        if s.config.serials.is_empty() {
            return Vec::new();
        }
        let mut jobs = vec![Job::new("editions/index.html", "editions.html", |r| {
            r.archive_values(None)
        })];
        for (i, c) in s.config.serials.iter().enumerate() {
            let dir = format!("editions/{}/", c.key);
            jobs.push(Job::new(
                format!("{dir}index.html"),
                "editions.html",
                move |r| r.archive_values(Some(i)),
            ));
            jobs.push(Job::new(format!("{dir}feed.xml"), "atom.xml", move |r| {
                r.serial_feed(i)
            }));
        }
        for (i, e) in s.editions.list.iter().enumerate() {
            let dir = ectx::edition_dir(s, e);
            let mut page = Job::new(format!("{dir}index.html"), "edition.html", move |r| {
                r.edition_values(i)
            });
            page.origin = Some(e.file.clone());
            page.lastmod = Some(e.date.to_string());
            jobs.extend([page, self.print_job(i)]);
        }
        jobs
    }

    /// Edition `i`'s print view.
    fn print_job(&self, i: usize) -> Job {
        let e = &self.site.editions.list[i];
        let dir = ectx::edition_dir(&self.site, e);
        let mut print = Job::new(format!("{dir}print/index.html"), "print.html", move |r| {
            r.print_values(i)
        });
        print.origin = Some(e.file.clone());
        print.listed = false;
        print
    }

    /// The editions to print, when the build prints them (`build --pdf`).
    pub(crate) fn to_print(&self) -> Vec<ToPrint> {
        let s = &self.site;
        (s.editions.list.iter().enumerate())
            .map(|(i, e)| {
                let dir = ectx::edition_dir(s, e);
                ToPrint {
                    edition: i,
                    file: e.file.clone(),
                    view: format!("{dir}print/"),
                    page: format!("{dir}print/index.html"),
                    pdf: ectx::pdf_path(s, e),
                    day: e.date,
                    anchors: (1..=e.briefs.len()).map(|k| format!("b-{k}")).collect(),
                }
            })
            .collect()
    }

    /// Edition `i`'s print view as it is now (with the pages known of it).
    pub(crate) fn print_view(&self, i: usize) -> Result<Vec<u8>, Diagnostic> {
        self.render_bytes(&self.global(), self.print_job(i))
    }

    /// The editions' pages link their PDFs (`build --pdf`).
    pub(crate) fn print_editions(&mut self) {
        self.pdf = true;
    }

    /// The page each brief of edition `i` starts on in its PDF.
    pub(crate) fn set_print_pages(&mut self, i: usize, pages: Vec<usize>) {
        self.print_pages.insert(i, pages);
    }

    /// 往期: every serial (`None`) or one.
    fn archive_values(&self, one: Option<usize>) -> Context {
        let s = &self.site;
        let t = &s.config.strings;
        let serials: Vec<_> = match one {
            Some(i) => vec![ectx::serial(s, i, self.pdf)],
            None => (0..s.config.serials.len())
                .map(|i| ectx::serial(s, i, self.pdf))
                .collect(),
        };
        let (title, url, description) = match one {
            Some(i) => {
                let c = &s.config.serials[i];
                (
                    c.name.clone(),
                    format!("editions/{}/", c.key),
                    c.description.clone(),
                )
            }
            None => (
                t.get("editions_title").to_string(),
                "editions/".to_string(),
                t.get("editions_intro").to_string(),
            ),
        };
        let mut ctx = self.base(PageKind::Editions, &title, &description, &s.url(&url));
        ctx.insert("serials", &serials);
        ctx.insert("one_serial", &one.is_some());
        ctx.insert(
            "breadcrumbs",
            &self.edition_crumbs(one.is_some().then(|| &serials[0])),
        );
        ctx
    }

    fn edition_crumbs(&self, serial: Option<&ectx::SerialCtx>) -> Vec<Link> {
        let s = &self.site;
        let t = &s.config.strings;
        let mut crumbs = vec![
            Link {
                key: "home".into(),
                name: t.get("nav_home").into(),
                url: s.url(""),
            },
            Link {
                key: "editions".into(),
                name: t.get("editions_title").into(),
                url: s.url("editions/"),
            },
        ];
        if let Some(c) = serial {
            crumbs.push(Link {
                key: c.key.to_string(),
                name: c.name.to_string(),
                url: c.url.clone(),
            });
        }
        crumbs
    }

    fn edition_values(&self, i: usize) -> Context {
        let s = &self.site;
        let e = &s.editions.list[i];
        let edition = ectx::edition(s, i, self.pdf);
        let title = format!("{} {}", edition.title, edition.number_label);
        let summary = edition.count_label.clone();
        let mut ctx = self.base(PageKind::Edition, &title, &summary, &edition.url);
        ctx.insert_value("briefs", self.cards(&e.briefs));
        let (prev, next) = s.editions.neighbours(i);
        ctx.insert("prev", &prev.map(|j| ectx::edition(s, j, self.pdf)));
        ctx.insert("next", &next.map(|j| ectx::edition(s, j, self.pdf)));
        let serial = ectx::serial(s, e.serial, false);
        ctx.insert("breadcrumbs", &self.edition_crumbs(Some(&serial)));
        ctx.insert("feed_url", &serial.feed_url);
        ctx.insert("edition", &edition);
        ctx
    }

    fn print_values(&self, i: usize) -> Context {
        let s = &self.site;
        let e = &s.editions.list[i];
        let edition = ectx::edition(s, i, self.pdf);
        let title = format!("{} {}", edition.title, edition.number_label);
        let mut ctx = self.base(
            PageKind::Print,
            &title,
            &edition.count_label,
            &edition.print_url,
        );
        let pages = self.print_pages.get(&i);
        let items: Vec<PrintItem> = (e.briefs.iter().enumerate())
            .map(|(k, &id)| self.print_item(id, k, pages.and_then(|p| p.get(k).copied())))
            .collect();
        ctx.insert("items", &items);
        let head = format!("{} {}", edition.serial.name, edition.number_label);
        ctx.insert("running_head", &css_string(&head));
        ctx.insert("edition", &edition);
        // The print view is a form of the edition's page: search engines are sent there.
        ctx.insert("canonical", &s.permalink(&edition.url));
        ctx
    }

    fn print_item(&self, id: ArticleId, k: usize, page: Option<usize>) -> PrintItem {
        let a = &self.site.articles[id];
        let s = &self.site;
        let (content, notes) = footnoted(&a.rendered.html);
        // A printed link goes to the site, not to wherever the view was printed from.
        let base = s.permalink(s.config.base_path());
        let content = absolute_links(&content, s.config.base_path(), &base);
        PrintItem {
            anchor: format!("b-{}", k + 1),
            card: self.shared.cards[id.index()].clone(),
            content,
            notes,
            figures: Value::from(self.shared.figures[id.index()].clone()),
            milestones: self.milestones(&a.milestones),
            page,
            running_head: css_string(&a.src.title),
        }
    }

    /// A serial's Atom feed: its editions, newest first.
    fn serial_feed(&self, serial: usize) -> Context {
        let s = &self.site;
        let c = &s.config.serials[serial];
        let path = format!("editions/{}/feed.xml", c.key);
        let mut ctx = self.base(PageKind::Feed, &c.name, &c.description, &s.url(&path));
        let mut mine: Vec<usize> = s.editions.of_serial(serial).map(|(i, _)| i).collect();
        mine.reverse();
        mine.truncate(s.config.feed_limit);
        let entries: Vec<serde_json::Value> = (mine.iter())
            .map(|&i| {
                let e = ectx::edition(s, i, self.pdf);
                let briefs = &s.editions.list[i].briefs;
                let list: String = (briefs.iter())
                    .map(|&b| {
                        let a = &s.articles[b];
                        format!(
                            "<li><a href=\"{}\">{}</a></li>",
                            escape_html(&s.permalink(&a.url)),
                            escape_html(&a.src.title)
                        )
                    })
                    .collect();
                let titles: Vec<&str> = briefs
                    .iter()
                    .map(|&b| s.articles[b].src.title.as_str())
                    .collect();
                serde_json::json!({
                    "title": format!("{} {}", e.title, e.number_label),
                    "permalink": s.permalink(&e.url),
                    "updated": s.editions.list[i].date.rfc3339(),
                    "published": s.editions.list[i].date.rfc3339(),
                    "summary": titles.join(s.config.strings.get("list_sep")),
                    "content": format!("{}<ol>{list}</ol>", e.note),
                    "categories": [],
                })
            })
            .collect();
        let updated = (mine.first())
            .map_or_else(|| s.today.rfc3339(), |&i| s.editions.list[i].date.rfc3339());
        ctx.insert("feed_updated", &updated);
        ctx.insert(
            "alternate",
            &s.permalink(&s.url(&format!("editions/{}/", c.key))),
        );
        ctx.insert("entries", &entries);
        ctx
    }

    /// The editions brief `id` appeared in (its page's `editions`).
    pub(super) fn appeared(&self, id: ArticleId) -> Vec<ectx::AppearedCtx> {
        context::editions::appeared(&self.site, id, self.pdf)
    }
}

/// `text` as a CSS string (`"…"`), safe inside `<style>`: quotes, backslashes, `<` and `>`
/// and control characters written as escapes, so an editor's title can neither end the string
/// nor the element.
pub(crate) fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `html` with each link to an address of the site (`href="/repo/…"`) made absolute
/// (`href="https://example.github.io/repo/…"`).
pub(crate) fn absolute_links(html: &str, base_path: &str, base_url: &str) -> String {
    let from = format!("href=\"{base_path}");
    let to = format!("href=\"{base_url}");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(&from) {
        let after = &rest[at + from.len()..];
        out.push_str(&rest[..at]);
        // `//host/…` is another site, written without its scheme.
        match base_path == "/" && after.starts_with('/') {
            true => out.push_str(&from),
            false => out.push_str(&to),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A body for print: each link to another site gets a note number after it
/// (`<sup class="print-note">1</sup>`), and the addresses are returned in order. The body is
/// the renderer's own HTML, whose links are written `<a href="…">` with the address escaped.
pub(crate) fn footnoted(html: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(html.len() + 64);
    let mut notes: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<a href=\"http") {
        let href_start = at + "<a href=\"".len();
        let Some(href_len) = rest[href_start..].find('"') else {
            break;
        };
        let Some(close) = rest[href_start..].find("</a>") else {
            break;
        };
        let end = href_start + close + "</a>".len();
        let href = crate::text::unescape_html(&rest[href_start..href_start + href_len]);
        let n = match notes.iter().position(|u| *u == href) {
            Some(k) => k + 1,
            None => {
                notes.push(href);
                notes.len()
            }
        };
        out.push_str(&rest[..end]);
        out.push_str(&format!("<sup class=\"print-note\">{n}</sup>"));
        rest = &rest[end..];
    }
    out.push_str(rest);
    (out, notes)
}

#[cfg(test)]
mod tests {
    use super::{absolute_links, css_string, footnoted};

    #[test]
    fn links_into_the_site_print_with_its_address() {
        let html =
            "<a href=\"/repo/articles/a/\">甲</a><a href=\"#x\">乙</a><img src=\"/repo/p.webp\">";
        assert_eq!(
            absolute_links(html, "/repo/", "https://e.org/repo/"),
            "<a href=\"https://e.org/repo/articles/a/\">甲</a><a href=\"#x\">乙</a><img src=\"/repo/p.webp\">"
        );
        let html = "<a href=\"/a/\">甲</a><a href=\"//other.org/\">乙</a>";
        assert_eq!(
            absolute_links(html, "/", "https://e.org/"),
            "<a href=\"https://e.org/a/\">甲</a><a href=\"//other.org/\">乙</a>"
        );
    }

    #[test]
    fn a_title_in_css_cannot_end_the_string_or_the_style() {
        assert_eq!(css_string("第1期"), "\"第1期\"");
        let s = css_string("a\"b\\c</style><script>\n");
        assert_eq!(s, "\"a\\22 b\\5c c\\3c /style\\3e \\3c script\\3e \\a \"");
    }

    #[test]
    fn links_to_other_sites_get_note_numbers_once_each() {
        let html = "<p>见<a href=\"https://a.example/x?p=1&amp;q=2\">通知</a>和<a href=\"/briefing/articles/b/\">乙</a>，\
                    又见<a href=\"https://a.example/x?p=1&amp;q=2\">同一通知</a>与<a href=\"http://b.example/\">另一</a>。</p>";
        let (out, notes) = footnoted(html);
        assert_eq!(notes, ["https://a.example/x?p=1&q=2", "http://b.example/"]);
        assert_eq!(out.matches("<sup class=\"print-note\">1</sup>").count(), 2);
        assert!(out.contains("另一</a><sup class=\"print-note\">2</sup>"));
        assert!(
            out.contains("乙</a>，"),
            "a link inside the site has no note: {out}"
        );
    }
}
