//! `briefing new`: start an article with a complete front matter.
//!
//! Writes `content/<year>/<slug>.md` with the required fields filled in, every optional field
//! present as a commented example, and a short body skeleton. Checks the domain and region
//! keys like the build does, and never overwrites a file.

use std::path::{Path, PathBuf};

use crate::date::{self, Date};
use crate::diag::{self, Code, Diagnostic};
use crate::load::{self, Config};
use crate::slug::slug_problem;

#[derive(Debug, Clone)]
pub(crate) struct NewArticle {
    pub(crate) root: PathBuf,
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) domains: Vec<String>,
    pub(crate) regions: Vec<String>,
    /// Default: today.
    pub(crate) date: Option<String>,
}

/// Write the new article; returns its path (relative to the root).
pub(crate) fn create(req: &NewArticle) -> Result<String, Vec<Diagnostic>> {
    let config = Config::load(&req.root)?;
    let today = date::today_in(&config.timezone);
    let mut errors = Vec::new();
    let arg = |name: &str, msg: String| Diagnostic::argument(Code::BadArgument, name, msg);
    if let Some(why) = slug_problem(&req.slug) {
        errors.push(
            arg("<slug>", format!("unsafe slug `{}`: {why}", req.slug))
                .help("use letters, digits and `-`, e.g. `tianjin-ecology-measures`"),
        );
    }
    for (flag, value) in [("<slug>", &req.slug), ("--title", &req.title)] {
        if value.chars().any(char::is_control) {
            errors.push(
                arg(
                    flag,
                    format!(
                        "`{}` has a line break or a control character",
                        value.escape_debug()
                    ),
                )
                .help("write it on one line"),
            );
        }
    }
    if req.title.trim().is_empty() {
        errors.push(
            arg("--title", "the title is empty".into())
                .help("e.g. --title 天津推动33项重点举措落地"),
        );
    }
    let date = match &req.date {
        Some(d) => match Date::parse(d) {
            Ok(d) => Some(d),
            Err(msg) => {
                errors.push(arg("--date", msg).help("e.g. --date 2026-06-10"));
                None
            }
        },
        None => Some(today),
    };
    let domain_keys: Vec<&str> = config.domains.iter().map(|d| d.key.as_str()).collect();
    let region_keys: Vec<&str> = config.regions.iter().map(|r| r.key.as_str()).collect();
    if req.domains.is_empty() {
        errors.push(
            arg("--domain", "an article needs at least one domain".into()).help(format!(
                "domains defined in site.yaml are: {}",
                domain_keys.join(", ")
            )),
        );
    }
    for (keys, known, what, flag) in [
        (&req.domains, &domain_keys, "domain", "--domain"),
        (&req.regions, &region_keys, "region", "--region"),
    ] {
        for k in keys {
            if !known.contains(&k.as_str()) {
                errors.push(
                    arg(flag, format!("unknown {what} `{k}`")).help(diag::suggest(
                        k,
                        known,
                        &format!("{what}s defined in site.yaml are"),
                    )),
                );
            }
        }
    }
    let Some(date) = date else {
        return Err(errors);
    };
    let rel = format!("content/{}/{}.md", date.year, req.slug);
    let path = req.root.join(&rel);
    if path.exists() {
        errors.push(
            Diagnostic::error(
                Code::FileExists,
                &rel,
                "the file already exists; briefing new never overwrites",
            )
            .help("choose another slug, or edit the existing file"),
        );
    } else if let Some(other) = same_slug(&req.root, &req.slug) {
        errors.push(
            Diagnostic::error(
                Code::DuplicateSlug,
                &rel,
                format!("the slug `{}` is already used by {other}", req.slug),
            )
            .help("choose another slug"),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let text = template(req, date);
    write_new(&path, &rel, &text)?;
    Ok(rel)
}

/// Write `text` as the new file `path` (`rel` from the root), never over one.
pub(super) fn write_new(path: &Path, rel: &str, text: &str) -> Result<(), Vec<Diagnostic>> {
    let write = std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).and_then(|()| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
    });
    write.map_err(|e| {
        let (code, msg) = match e.kind() {
            std::io::ErrorKind::AlreadyExists => (
                Code::FileExists,
                "the file already exists; briefing new never overwrites".to_string(),
            ),
            _ => (Code::WriteFailed, format!("cannot write the file: {e}")),
        };
        vec![Diagnostic::error(code, rel, msg)]
    })
}

/// Another content file whose name gives the same slug.
fn same_slug(root: &Path, slug: &str) -> Option<String> {
    load::content_files(root)
        .into_iter()
        .find(|p| p.file_stem().is_some_and(|s| s == slug))
        .map(|p| diag::rel_path(root, &p))
}

/// YAML text for a value, written by the YAML library so that it reads back as written.
pub(super) fn yaml_text(s: &str) -> String {
    crate::load::yaml::scalar(s)
}

fn template(req: &NewArticle, date: Date) -> String {
    let list = |v: &[String]| {
        v.iter()
            .map(|s| yaml_text(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let regions = if req.regions.is_empty() {
        "# regions: [beijing, hebei]                # 可选：地区".to_string()
    } else {
        format!("regions: [{}]", list(&req.regions))
    };
    format!(
        "---
title: {title}
date: {date}
domains: [{domains}]
{regions}
# 以下字段均为可选，去掉行首的 # 即可启用（写法见 docs/editing.md）
# tags: [大气污染联防联控, 生态补偿]           # 标签，自由填写
# summary: 一句话摘要                          # 不写则取正文第一段
# source: 天津日报                             # 原始来源
# source_url: https://example.com/news/1       # 原文链接
# source_key: page-key                         # 登记的来源原文：content/_sources/page-key.txt
# author: 记者姓名
# slug: {slug}                                 # 网址名，默认取文件名
# related: [another-article-slug]              # 相关简报的 slug
# draft: true                                  # 草稿：只有 --drafts 时才生成
# milestones:                                  # 进展节点
#   - date: {year}-H2                            # YYYY / YYYY-H1 / YYYY-Q3 / YYYY-MM / YYYY-MM-DD
#     title: 某项工程建成投运
#     status: planned                          # done / in_progress / planned
#     domain: {first_domain}                   # 默认取第一个领域
#     quote: 原文中说这件事的那句话              # 有 source_key 时逐字核对
# figures:                                     # 关键数据
#   - {{label: 集群营收, value: 4254, unit: 亿元, year: {year}, quote: 集群营收达到4254亿元}}
# extra: {{}}
---
用一两句话概括这条简报：发生了什么，涉及谁，有什么数字。

## 背景

## 要点

- 

## 下一步
",
        title = yaml_text(req.title.trim()),
        domains = list(&req.domains),
        slug = req.slug,
        year = date.year,
        first_domain = req.domains.first().map(String::as_str).unwrap_or("ecology"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_that_yaml_would_misread_are_quoted() {
        assert_eq!(yaml_text("天津推动33项举措"), "天津推动33项举措");
        assert_eq!(yaml_text("2026"), "'2026'");

        assert!(yaml_text("标题: 副标题").starts_with('\''));
    }
}
