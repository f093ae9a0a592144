//! Markdown → HTML for one article body.
//!
//! CommonMark with GFM tables, footnotes, strikethrough and task lists, by pulldown-cmark.
//! The event stream goes through small passes, each in its own function:
//! - headings get ids that keep Chinese (`## 交通 京雄快线` → `交通-京雄快线`), unique per
//!   page, and feed the table of contents;
//! - fenced code with a language is highlighted by syntect into CSS classes;
//! - raw HTML is left out unless the site allows it;
//! - links to other `.md` files are rewritten to the article's URL (or reported), links and
//!   images starting with `/` get the site's base path, `javascript:` links are neutralised;
//! - tables are wrapped so they scroll sideways on a phone.
//!
//! It also measures the text (for reading time) and keeps the first paragraph as plain text
//! (the default summary).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::images::Photo;
use crate::slug::heading_id;

mod highlight;
mod links;

pub(crate) use highlight::Highlighter;
use links::{LineIndex, rebase, rewrite_link};

/// What a link to another content file resolves to.
pub(crate) struct LinkTarget {
    pub url: String,
}

/// Everything rendering needs besides the text.
pub(crate) struct RenderOptions<'a> {
    pub unsafe_html: bool,
    /// `/` or `/repo/`: prefix for site-absolute links.
    pub base_path: &'a str,
    pub highlighter: &'a Highlighter,
    /// The file being rendered, relative to the site root (`content/2026/a.md`).
    pub file: &'a str,
    /// Line of the file where the body starts.
    pub body_line: usize,
    /// Finds the article of a content file (path relative to the root, normalised).
    pub resolve: &'a (dyn Fn(&str) -> Option<LinkTarget> + Sync),
    /// Inspects a local photo (path relative to the root).
    pub photo: &'a (dyn Fn(&str) -> Result<Photo, String> + Sync),
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A local image found in the body (`![说明](photo.jpg)`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MdImage {
    /// As written.
    pub dest: String,
    /// The file it points to, relative to the root.
    pub target_file: String,
    pub line: usize,
    pub col: usize,
    pub alt_empty: bool,
    /// Why it cannot be used, if it cannot.
    pub problem: Option<String>,
}

/// A `.md` link found in the body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MdLink {
    /// As written.
    pub dest: String,
    /// The content file it points to, relative to the root.
    pub target_file: String,
    pub resolved: bool,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The first paragraph as plain text.
    pub first_paragraph: String,
    /// Han characters in the text.
    pub cjk_chars: usize,
    /// Words of other scripts.
    pub words: usize,
    pub has_code: bool,
    /// The highlighting classes the code uses, each once, sorted (for the stylesheet).
    pub code_classes: Vec<String>,
    pub md_links: Vec<MdLink>,
    pub images: Vec<MdImage>,
}

impl Rendered {
    /// Minutes to read: 400 Han characters or 200 other words a minute, at least 1.
    pub(crate) fn reading_minutes(&self) -> usize {
        let minutes = self.cjk_chars as f64 / 400.0 + self.words as f64 / 200.0;
        (minutes.ceil() as usize).max(1)
    }
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A heading whose text is being collected: level, explicit id, classes, inner events.
type PendingHeading<'a> = (
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<Event<'a>>,
);

/// Render one body.
pub(crate) fn render(body: &str, opts: &RenderOptions) -> Rendered {
    let mut out = Rendered::default();
    let lines = LineIndex::new(body);
    let mut events: Vec<Event> = Vec::with_capacity(body.len() / 16);
    let mut ids = HeadingIds::default();
    let mut heading: Option<PendingHeading> = None;
    let mut code: Option<(String, String)> = None;
    let mut image: Option<PendingImage> = None;
    let mut para_depth: Option<usize> = None;
    let mut first_para_done = false;
    let mut depth = 0usize;

    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        if let Some((_, ref mut text)) = code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    out.has_code = true;
                    let html = opts.highlighter.block(&lang, &text, &mut out.code_classes);
                    events.push(Event::Html(html.into()));
                }
                _ => {}
            }
            continue;
        }
        if let Some(img) = image.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => img.alt.push_str(&t),
                Event::End(TagEnd::Image) => {
                    let img = image.take().expect("an image is pending");
                    let e = Event::Html(img.finish(opts, &mut out.images).into());
                    match heading {
                        Some((_, _, _, ref mut inner)) => inner.push(e),
                        None => events.push(e),
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &event
        {
            if let Some(target) = links::local_file(dest_url, opts.file) {
                let (line, col) = lines.position(range.start);
                image = Some(PendingImage {
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    line: line + opts.body_line - 1,
                    col,
                    alt: String::new(),
                    found: (opts.photo)(&target),
                    target,
                });
                continue;
            }
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match &event {
            Event::SoftBreak | Event::HardBreak if para_depth.is_some() => {
                out.first_paragraph.push(' ');
            }
            Event::Text(t) | Event::Code(t) => {
                count_text(t, &mut out);
                if para_depth.is_some() {
                    out.first_paragraph.push_str(t);
                }
            }
            _ => {}
        }
        let event = match event {
            Event::Start(Tag::Paragraph) if !first_para_done && heading.is_none() => {
                para_depth = Some(depth);
                Some(event)
            }
            Event::End(TagEnd::Paragraph) if para_depth.is_some() => {
                para_depth = None;
                first_para_done = true;
                Some(event)
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((level, id, classes, Vec::new()));
                None
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, classes, inner)) = heading.take() {
                    emit_heading(
                        level,
                        id,
                        classes,
                        inner,
                        &mut ids,
                        &mut out.toc,
                        &mut events,
                    );
                }
                None
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                None
            }
            Event::Html(_) | Event::InlineHtml(_) if !opts.unsafe_html => None,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let pos = lines.position(range.start);
                let dest_url = rewrite_link(&dest_url, opts, pos, &mut out.md_links);
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Some(Event::Start(Tag::Image {
                link_type,
                dest_url: rebase(&dest_url, opts.base_path),
                title,
                id,
            })),
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html("<div class=\"table-wrap\">".into()));
                Some(event)
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                Some(Event::Html("</div>\n".into()))
            }
            other => Some(other),
        };
        if let Some(e) = event {
            match heading {
                Some((_, _, _, ref mut inner)) => inner.push(e),
                None => events.push(e),
            }
        }
    }
    out.first_paragraph = out.first_paragraph.trim().to_string();
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    // Kept until the pages are written: no spare capacity (at 10,000 briefs, tens of MB).
    out.html.shrink_to_fit();
    for link in &mut out.md_links {
        link.line += opts.body_line - 1;
    }
    out.code_classes.sort_unstable();
    out.code_classes.dedup();
    out
}

fn emit_heading<'a>(
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    inner: Vec<Event<'a>>,
    ids: &mut HeadingIds,
    toc: &mut Vec<TocEntry>,
    events: &mut Vec<Event<'a>>,
) {
    let mut title = String::new();
    for e in &inner {
        if let Event::Text(t) | Event::Code(t) = e {
            title.push_str(t);
        }
    }
    let base = match &id {
        Some(id) => id.to_string(),
        None => heading_id(&title),
    };
    let unique = ids.claim(base);
    toc.push(TocEntry {
        level: level as u8,
        id: unique.clone(),
        title: title.trim().to_string(),
    });
    events.push(Event::Start(Tag::Heading {
        level,
        id: Some(unique.into()),
        classes,
        attrs: Vec::new(),
    }));
    events.extend(inner);
    events.push(Event::End(TagEnd::Heading(level)));
}

/// A local image whose alt text is being collected.
struct PendingImage {
    dest: String,
    target: String,
    title: String,
    line: usize,
    col: usize,
    alt: String,
    found: Result<Photo, String>,
}

impl PendingImage {
    /// The `<img>` for the page (a placeholder when the photo cannot be used: the build
    /// reports it), recording the image in `images`.
    fn finish(self, opts: &RenderOptions, images: &mut Vec<MdImage>) -> String {
        let alt = self.alt.trim();
        let html = match &self.found {
            Ok(photo) => photo.html(opts.base_path, alt, Some(&self.title)),
            Err(_) => format!("<img src=\"#\" alt=\"{}\">", crate::text::escape_html(alt)),
        };
        images.push(MdImage {
            dest: self.dest,
            target_file: self.target,
            line: self.line,
            col: self.col,
            alt_empty: alt.is_empty(),
            problem: self.found.err(),
        });
        html
    }
}

/// The heading ids given out on one page. A repeated heading gets `-1`, `-2`, …; each base
/// remembers the next number to try, so a page of many identical headings stays linear.
#[derive(Default)]
struct HeadingIds {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl HeadingIds {
    fn claim(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn count_text(t: &str, out: &mut Rendered) {
    let mut in_word = false;
    for c in t.chars() {
        if is_han(c) {
            out.cjk_chars += 1;
            in_word = false;
        } else if crate::text::is_alphanumeric(c) {
            if !in_word {
                out.words += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(body: &str) -> Rendered {
        let hl = Highlighter::default();
        let resolve = |p: &str| {
            (p == "content/2026/b.md").then(|| LinkTarget {
                url: "/repo/articles/b/".into(),
            })
        };
        render(
            body,
            &RenderOptions {
                unsafe_html: false,
                base_path: "/repo/",
                highlighter: &hl,
                file: "content/2026/a.md",
                body_line: 5,
                resolve: &resolve,
                photo: &|p: &str| Err(format!("no photo at {p}")),
            },
        )
    }

    #[test]
    fn local_images_are_photos_and_site_paths_are_not() {
        let r = md(
            "![甲](img/a.jpg) ![乙](/images/b.png) ![丙](https://x.cn/c.png)
",
        );
        assert_eq!(r.images.len(), 1);
        let img = &r.images[0];
        assert_eq!(
            (img.target_file.as_str(), img.line, img.col, img.alt_empty),
            ("content/2026/img/a.jpg", 5, 1, false)
        );
        assert_eq!(
            img.problem.as_deref(),
            Some("no photo at content/2026/img/a.jpg")
        );
        assert!(r.html.contains("src=\"/repo/images/b.png\""), "{}", r.html);
        assert!(r.html.contains("src=\"https://x.cn/c.png\""), "{}", r.html);
    }

    #[test]
    fn heading_ids_are_unique_per_page() {
        let r = md("## 交通\n\n## 交通\n\n### 交通\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["交通", "交通-1", "交通-2"]);
        assert!(r.html.contains("<h2 id=\"交通-1\">交通</h2>"), "{}", r.html);
    }

    #[test]
    fn links_to_md_files_are_rewritten_or_reported() {
        let r = md("见[乙](b.md#x)与[丙](../2025/c.md)。\n");
        assert!(
            r.html.contains("href=\"/repo/articles/b/#x\""),
            "{}",
            r.html
        );
        assert_eq!(r.md_links.len(), 2);
        assert!(r.md_links[0].resolved);
        let missing = &r.md_links[1];
        assert_eq!(missing.target_file, "content/2025/c.md");
        assert!(!missing.resolved);
        assert_eq!((missing.line, missing.col), (5, 14));
    }

    #[test]
    fn raw_html_and_script_links_are_left_out() {
        let r = md(
            "<script>alert(1)</script>\n\n文字<b>粗</b> [x](javascript:alert(1)) ![i](/img/a.png)\n",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<b>"), "{}", r.html);
        assert!(r.html.contains("href=\"#\""), "{}", r.html);
        assert!(r.html.contains("src=\"/repo/img/a.png\""), "{}", r.html);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = md("```rust\nfn main() {}\n```\n\n```\nplain <b>\n```\n");
        assert!(r.has_code);
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert!(r.html.contains("plain &lt;b&gt;"), "{}", r.html);
    }

    #[test]
    fn gfm_extensions_and_measures() {
        let r = md(
            "第一段，共十个汉字。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ 注[^1]\n\n[^1]: 脚注\n",
        );
        assert_eq!(r.first_paragraph, "第一段，共十个汉字。");
        assert!(
            r.html.contains("<div class=\"table-wrap\"><table>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote"));
        assert_eq!(r.reading_minutes(), 1);
        assert!(r.cjk_chars >= 10);
    }
}
