//! One body to HTML: photos, heading ids, links, raw HTML, code, GFM and measures.

use super::*;

fn md(body: &str) -> Rendered {
    let hl = Highlighter::default();
    let resolve = |p: &str| {
        (p == "content/2026/b.md").then(|| LinkTarget {
            url: "/repo/articles/b/".into(),
        })
    };
    to_html(
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
