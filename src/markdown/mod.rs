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

pub(crate) use links::{ExternalLink, MdImage, MdLink, SiteLink, local_file};
#[cfg(test)]
mod tests;

pub(crate) use highlight::Highlighter;
use links::{LineIndex, rebase, rewrite_link};

/// What a link to another content file resolves to.
pub(crate) struct LinkTarget {
    /// Its address; empty for a brief not yet published: the link is then shown as its text
    /// alone until the brief is out.
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
    /// Links to addresses of this site (`/articles/x/`, `#heading`, `b.md#heading`), checked
    /// once every page is known.
    pub site_links: Vec<SiteLink>,
    /// Links to other sites (`http:`, `https:`), for `check --links`.
    pub external_links: Vec<ExternalLink>,
    /// What the page would load from other sites: images, and with raw HTML allowed, any
    /// `src=` (for `check --china`).
    pub external_resources: Vec<ExternalLink>,
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

/// Render one body to HTML, measured, its links, images and headings recorded.
pub(crate) fn to_html(body: &str, opts: &RenderOptions) -> Rendered {
    let mut pass = Pass::new(body, opts);
    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        pass.event(event, range.start);
    }
    pass.finish(body.len())
}

/// One body's way through the event stream: the events to write, and what is being
/// collected (a heading's text, a code block, an image's alt text, the first paragraph).
/// Each kind of event has its own small method.
struct Pass<'a, 'o> {
    opts: &'o RenderOptions<'o>,
    lines: LineIndex<'a>,
    out: Rendered,
    events: Vec<Event<'a>>,
    ids: HeadingIds,
    heading: Option<PendingHeading<'a>>,
    /// A code block: its language and text so far.
    code: Option<(String, String)>,
    image: Option<PendingImage>,
    /// The nesting depth of the first paragraph while it is open.
    para_depth: Option<usize>,
    first_para_done: bool,
    depth: usize,
    /// Inside a link shown as its text alone (to a brief not yet published).
    unlinked: bool,
}

impl<'a, 'o> Pass<'a, 'o> {
    fn new(body: &'a str, opts: &'o RenderOptions<'o>) -> Self {
        Pass {
            opts,
            lines: LineIndex::new(body),
            out: Rendered::default(),
            events: Vec::with_capacity(body.len() / 16),
            ids: HeadingIds::default(),
            heading: None,
            unlinked: false,
            code: None,
            image: None,
            para_depth: None,
            first_para_done: false,
            depth: 0,
        }
    }

    /// One event, at byte `offset` of the body.
    fn event(&mut self, event: Event<'a>, offset: usize) {
        if self.code.is_some() {
            return self.in_code(event);
        }
        if self.image.is_some() {
            return self.in_image(event);
        }
        if let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &event
        {
            if self.local_image(dest_url, title, offset) {
                return;
            }
        }
        self.measure(&event);
        if let Some(e) = self.rewrite(event, offset) {
            self.push(e);
        }
    }

    /// Where an event goes: into the heading being collected, else out.
    fn push(&mut self, e: Event<'a>) {
        match &mut self.heading {
            Some((_, _, _, inner)) => inner.push(e),
            None => self.events.push(e),
        }
    }

    /// Inside a code block: collect its text; at its end, write it highlighted.
    fn in_code(&mut self, event: Event<'a>) {
        match event {
            Event::Text(t) => {
                if let Some((_, text)) = &mut self.code {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, text) = self.code.take().unwrap_or_default();
                self.out.has_code = true;
                let html = (self.opts.highlighter).block(&lang, &text, &mut self.out.code_classes);
                self.events.push(Event::Html(html.into()));
            }
            _ => {}
        }
    }

    /// Inside a local image: collect its alt text; at its end, write the photo.
    fn in_image(&mut self, event: Event<'a>) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                if let Some(img) = &mut self.image {
                    img.alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(img) = self.image.take() {
                    let html = img.finish(self.opts, &mut self.out.images);
                    self.push(Event::Html(html.into()));
                }
            }
            _ => {}
        }
    }

    /// An image of a file beside the brief starts: collect it as a photo. False for any
    /// other image (a site path, another site's).
    fn local_image(&mut self, dest_url: &str, title: &str, offset: usize) -> bool {
        let Some(target) = links::local_file(dest_url, self.opts.file) else {
            return false;
        };
        let (line, col) = self.lines.position(offset);
        self.image = Some(PendingImage {
            dest: dest_url.to_string(),
            title: title.to_string(),
            line: line + self.opts.body_line - 1,
            col,
            alt: String::new(),
            found: (self.opts.photo)(&target),
            target,
        });
        true
    }

    /// Count the text, keep the first paragraph's.
    fn measure(&mut self, event: &Event<'a>) {
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::SoftBreak | Event::HardBreak if self.para_depth.is_some() => {
                self.out.first_paragraph.push(' ');
            }
            Event::Text(t) | Event::Code(t) => {
                count_text(t, &mut self.out);
                if self.para_depth.is_some() {
                    self.out.first_paragraph.push_str(t);
                }
            }
            _ => {}
        }
    }

    /// The event as written out (`None`: held back, or left out).
    fn rewrite(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        match event {
            Event::Start(Tag::Paragraph) if !self.first_para_done && self.heading.is_none() => {
                self.para_depth = Some(self.depth);
                Some(event)
            }
            Event::End(TagEnd::Paragraph) if self.para_depth.is_some() => {
                self.para_depth = None;
                self.first_para_done = true;
                Some(event)
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some((level, id, classes, Vec::new()));
                None
            }
            Event::End(TagEnd::Heading(_)) => {
                self.end_heading();
                None
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
                None
            }
            Event::Html(_) | Event::InlineHtml(_) if !self.opts.unsafe_html => None,
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                let pos = self.lines.position(offset);
                links::note_html_resources(h, pos, &mut self.out.external_resources);
                Some(event)
            }
            Event::End(TagEnd::Link) if self.unlinked => {
                self.unlinked = false;
                None
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let pos = self.lines.position(offset);
                links::note_site_link(&dest_url, self.opts, pos, &mut self.out.site_links);
                links::note_external_link(&dest_url, pos, &mut self.out.external_links);
                let dest_url = rewrite_link(&dest_url, self.opts, pos, &mut self.out.md_links);
                if dest_url.is_empty() {
                    self.unlinked = true;
                    return None;
                }
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
            }) => {
                let pos = self.lines.position(offset);
                links::note_external_link(&dest_url, pos, &mut self.out.external_resources);
                Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url: rebase(&dest_url, self.opts.base_path),
                    title,
                    id,
                }))
            }
            Event::Start(Tag::Table(_)) => {
                self.events
                    .push(Event::Html("<div class=\"table-wrap\">".into()));
                Some(event)
            }
            Event::End(TagEnd::Table) => {
                self.events.push(event);
                Some(Event::Html("</div>\n".into()))
            }
            other => Some(other),
        }
    }

    /// A heading ends: write it with its unique id, and list it in the table of contents.
    fn end_heading(&mut self) {
        let Some((level, id, classes, inner)) = self.heading.take() else {
            return;
        };
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
        let unique = self.ids.claim(base);
        self.out.toc.push(TocEntry {
            level: level as u8,
            id: unique.clone(),
            title: title.trim().to_string(),
        });
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(unique.into()),
            classes,
            attrs: Vec::new(),
        }));
        self.events.extend(inner);
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// Write the HTML out.
    fn finish(self, body_len: usize) -> Rendered {
        let mut out = self.out;
        out.first_paragraph = out.first_paragraph.trim().to_string();
        out.html.reserve(body_len * 3 / 2);
        pulldown_cmark::html::push_html(&mut out.html, self.events.into_iter());
        // Kept until the pages are written: no spare capacity (at 10,000 briefs, tens of MB).
        out.html.shrink_to_fit();
        for link in &mut out.md_links {
            link.line += self.opts.body_line - 1;
        }
        for link in &mut out.site_links {
            link.line += self.opts.body_line - 1;
        }
        for link in out
            .external_links
            .iter_mut()
            .chain(&mut out.external_resources)
        {
            link.line += self.opts.body_line - 1;
        }
        out.code_classes.sort_unstable();
        out.code_classes.dedup();
        out
    }
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
