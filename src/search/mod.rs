//! Search: a static index that the search page (`static/assets/search.js`) queries in the
//! reader's browser, with exact matching for Chinese.
//!
//! Output, under `search/`:
//! - `index.json`: the manifest: shard count, a version for cache busting, the domains and
//!   years, and a table of each brief's domain and year (two characters a brief), so results
//!   can be counted and filtered before any brief is fetched;
//! - `s/<n>.bin`: the shards of the index ([`index`]);
//! - `m/<n>.json`: the title, address, date and domain of briefs `n * CHUNK` to
//!   `(n + 1) * CHUNK - 1`, fetched only for the results shown. The snippet comes from the
//!   brief's own page, which the reader may open next anyway: no second copy of every text.
//!
//! Briefs are numbered as the site lists them, newest first: among equal matches, the lower
//! id is the newer brief. The tokenizer ([`token`]) is the contract with `search.js`.

use serde::Serialize;

use crate::model::{Entry, Id, Site};
use crate::output::OutFile;
use crate::text::short_hash;
use crate::text::unescape_html;

pub(crate) mod index;
pub(crate) mod token;

use index::ArticleFields;

/// What the build says about the index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stats {
    /// Distinct units and pairs of units.
    pub keys: usize,
    pub shards: usize,
    /// All shard bytes.
    pub bytes: usize,
    pub largest: usize,
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    /// Changes whenever any index file does: appended to shard and brief URLs.
    build: String,
    shards: usize,
    briefs: usize,
    /// Briefs per metadata file.
    chunk: usize,
    domains: Vec<DomainEntry<'a>>,
    years: Vec<i32>,
    /// Per brief, two characters: `0` + its domain's index, `0` + its year's index.
    table: String,
}

#[derive(Serialize)]
struct DomainEntry<'a> {
    key: &'a str,
    name: &'a str,
}

/// Briefs per metadata file.
const CHUNK: usize = 32;

/// A brief in a metadata file: `[title, address, date as people write it, domain index]`; the
/// date says when the brief was last updated too (`2026年6月10日 · 更新于2026年7月2日`).
/// The summary is not repeated here: the brief's page, fetched for the snippet anyway, has it
/// (`<meta name="description">`).
type BriefEntry<'a> = (&'a str, &'a str, String, usize);

/// A brief's fields, in rank order: title, tags, domains and regions, summary, headings, body.
fn fields<'a>(site: &'a Site, a: &'a Entry) -> ArticleFields<'a> {
    let names = a
        .domains
        .iter()
        .map(|&d| site.domains[d].name.as_str())
        .chain(a.regions.iter().map(|&r| site.regions[r].name.as_str()));
    let fields: ArticleFields = [
        a.src.title.as_str().into(),
        a.src.tags.join("\n").into(),
        names.collect::<Vec<_>>().join("\n").into(),
        a.summary.as_str().into(),
        a.rendered
            .toc
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>()
            .join("\n")
            .into(),
        html_text(&a.rendered.html).into(),
    ];
    fields
}

/// The text a reader sees in a body's HTML: tags dropped, a line per block, entities read,
/// footnote reference numbers left out (they would run into the word before them).
pub(crate) fn html_text(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "pre",
        "blockquote",
        "div",
        "dt",
        "dd",
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skip = 0usize;
    while let Some(lt) = rest.find('<') {
        if skip == 0 {
            push_text(&mut out, &rest[..lt]);
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if name == "sup" && !closing && tag.contains("footnote-reference") {
            skip += 1;
        } else if name == "sup" && closing && skip > 0 {
            skip -= 1;
        } else if skip == 0 && (closing && BLOCKS.contains(&name) || name == "br") {
            out.push(if name == "br" { ' ' } else { '\n' });
        }
    }
    if skip == 0 {
        push_text(&mut out, rest);
    }
    out
}

fn push_text(out: &mut String, text: &str) {
    if text.contains('&') {
        out.push_str(&unescape_html(text));
    } else {
        out.push_str(text);
    }
}

/// How many shards the index of `site` has. The search page is told (`data-shards`), so it can
/// fetch a query's shards while the manifest is on its way; it needs no index to count.
pub(crate) fn shard_count(site: &Site) -> usize {
    let text_bytes: usize = site
        .articles
        .iter()
        .map(|a| a.rendered.html.len() * 3 / 4 + a.src.title.len() + a.summary.len())
        .sum();
    index::shard_count(text_bytes, site.articles.len())
}

fn json<T: Serialize>(path: String, value: &T) -> OutFile {
    OutFile {
        path,
        bytes: serde_json::to_vec(value).unwrap_or_default(),
    }
}

/// Whether a site in `language` has an index in English (phrases, stems).
pub(crate) fn english(language: &str) -> bool {
    token::Tongue::of(language) == token::Tongue::English
}

/// The search files for `site`, and what to say about them.
pub(crate) fn files(site: &Site) -> (Vec<OutFile>, Stats) {
    use rayon::prelude::*;
    let articles = site.articles.as_slice();
    let shards = index::build(
        articles.len(),
        |i| fields(site, &articles[i]),
        shard_count(site),
        token::Tongue::of(&site.config.language),
    );
    let keys = shards.keys;
    let mut files: Vec<OutFile> = shards
        .files
        .into_iter()
        .enumerate()
        .map(|(n, bytes)| OutFile {
            path: format!("search/s/{n}.bin"),
            bytes,
        })
        .collect();
    let t = &site.config.strings;
    files.par_extend(articles.par_chunks(CHUNK).enumerate().map(|(n, chunk)| {
        let entries: Vec<BriefEntry> = chunk
            .iter()
            .map(|a| {
                (
                    a.src.title.as_str(),
                    a.url.as_str(),
                    match a.src.last_update() {
                        Some(u) => {
                            format!("{} · {}{}", t.date(a.date()), t.get("updated"), t.date(u))
                        }
                        None => t.date(a.date()),
                    },
                    a.main_domain().index(),
                )
            })
            .collect();
        json(format!("search/m/{n}.json"), &entries)
    }));
    let mut years: Vec<i32> = site.articles.iter().map(|a| a.date().year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let code = |i: usize| char::from_u32(0x30 + i as u32).unwrap_or('0');
    let table: String = site
        .articles
        .iter()
        .flat_map(|a| {
            let year = years.iter().position(|&y| y == a.date().year).unwrap_or(0);
            [code(a.main_domain().index()), code(year)]
        })
        .collect();
    let mut hasher_input = Vec::new();
    for f in &files {
        hasher_input.extend_from_slice(short_hash(&f.bytes).as_bytes());
    }
    let build = short_hash(&hasher_input);
    // Each shard starts with the build it belongs to, so the search page can use a shard it
    // fetched before the manifest (see `shard_count`) only when the manifest names that build.
    for f in files.iter_mut().filter(|f| f.path.starts_with("search/s/")) {
        let mut bytes = Vec::with_capacity(f.bytes.len() + build.len() + 1);
        bytes.push(build.len() as u8);
        bytes.extend_from_slice(build.as_bytes());
        bytes.extend_from_slice(&f.bytes);
        f.bytes = bytes;
    }
    let shard_sizes = || {
        files
            .iter()
            .filter(|f| f.path.starts_with("search/s/"))
            .map(|f| f.bytes.len())
    };
    let stats = Stats {
        keys,
        shards: shard_sizes().count(),
        bytes: shard_sizes().sum(),
        largest: shard_sizes().max().unwrap_or(0),
    };
    let manifest = Manifest {
        version: 2,
        build,
        shards: stats.shards,
        briefs: site.articles.len(),
        chunk: CHUNK,
        domains: site
            .domains
            .iter()
            .map(|g| DomainEntry {
                key: &g.key,
                name: &g.name,
            })
            .collect(),
        years,
        table,
    };
    files.push(json("search/index.json".into(), &manifest));
    (files, stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_of_a_body_is_what_a_reader_sees() {
        let html = "<h2 id=\"x\">交通</h2>\n<p>营收4254<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>亿元&amp;<b>更多</b></p>\n<ul><li>甲</li><li>乙</li></ul><pre class=\"code\"><code>a &lt; b</code></pre>";
        assert_eq!(
            html_text(html),
            "交通\n\n营收4254亿元&更多\n\n甲\n乙\na < b\n"
        );
    }
}
