//! What a site may change and how a build reports and rebuilds: its templates, strings and
//! theme files, its time zone, `--base-url`; the summary line; a rebuild's changes only.

use crate::build::{built, card_links};
use crate::common::{SITE_YAML, TestSite, article, between};

#[test]
fn site_templates_override_the_built_in_ones_by_name() {
    let site = TestSite::fixture("basic");
    site.file("templates/404.html", "{% extends \"base.html\" %}{% block main %}<p>自定义 {{ site.title }}</p>{% endblock main %}");
    site.build().ok();
    assert!(site.read("404.html").contains("<p>自定义 测试简报</p>"));
    assert!(
        site.read("index.html").contains("最新简报"),
        "other templates stay built-in"
    );
}

#[test]
fn interface_strings_can_be_overridden() {
    let site = TestSite::fixture("basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.file(
        "site.yaml",
        &format!("{yaml}strings:\n  nav_home: Home\n  date_half2: \"H2 {{year}}\"\n"),
    );
    site.build().ok();
    assert!(site.read("index.html").contains(">Home</a>"));
    assert!(
        site.read("timeline/index.html")
            .contains("<p class=\"tl-date\">H2 2026</p>")
    );
    site.file("site.yaml", &format!("{yaml}strings:\n  nav_hom: Home\n"));
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("unknown interface string `nav_hom`")
            && run.stderr.contains("did you mean `nav_home`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn home_shows_latest_domains_figures_and_milestones() {
    let site = built();
    let html = site.read("index.html");
    let latest = card_links(between(&html, "id=\"h-latest\"", "</section>"));
    assert_eq!(
        latest,
        [
            "/repo/articles/a/",
            "/repo/articles/b/",
            "/repo/articles/c/",
            "/repo/articles/d/"
        ]
    );
    assert!(html.contains("<p class=\"count\">3 篇简报</p>"));
    assert!(between(&html, "id=\"h-figures\"", "</section>").contains("4254"));
    let upcoming = between(&html, "id=\"h-upcoming\"", "</section>");
    assert!(
        !upcoming.contains("五月十日试运行")
            && upcoming.contains("快线建成投运")
            && upcoming.contains("全线贯通")
            && !upcoming.contains("五月验收")
    );
    assert!(between(&html, "id=\"h-done\"", "</section>").contains("一月规划获批"));
}

#[test]
fn the_build_prints_a_summary_and_the_search_index_size() {
    let site = TestSite::fixture("basic");
    let run = site.build();
    run.ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines[0].starts_with("built 4 articles, "), "{}", lines[0]);
    assert!(lines[0].contains(" ms into "), "{}", lines[0]);
    let shard = std::fs::metadata(site.out().join("search/s/0.bin"))
        .unwrap()
        .len();
    assert_eq!(
        lines[1],
        format!(
            "search index: {} keys in 1 shard of {kb} KB in all, the largest {kb} KB",
            lines[1].split(' ').nth(2).unwrap(),
            kb = shard.div_ceil(1024)
        )
    );
    let quiet = site.run(&["--quiet", "build"]);
    assert_eq!(quiet.stdout, "");
}

#[test]
fn a_theme_file_in_static_replaces_the_built_in_one_and_its_version() {
    let site = TestSite::fixture("basic");
    site.build().ok();
    let before = site.read("index.html");
    site.file("static/assets/style.css", "body { color: red; }\n");
    site.build().ok();
    assert_eq!(site.read("assets/style.css"), "body { color: red; }\n");
    let after = site.read("index.html");
    let version = |html: &str| between(html, "assets/style.css?v=", "\"").to_string();
    assert_ne!(
        version(&before),
        version(&after),
        "the cache-busting version follows the file"
    );
}

#[test]
fn today_is_counted_in_the_site_time_zone() {
    // 2026-06-09 16:10 UTC: already 2026-06-10 in Beijing, where the daily Pages run happens.
    let epoch = [("SOURCE_DATE_EPOCH", "1781021400")];
    let yaml = SITE_YAML.replace("as_of: 2026-06-15\n", "");
    let today = |site: &TestSite| {
        let json: serde_json::Value =
            serde_json::from_str(&site.read("api/milestones.json")).unwrap();
        json["today"].as_str().unwrap().to_string()
    };
    let site = TestSite::new();
    site.file("site.yaml", &yaml);
    site.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    site.run_env(&["build"], &epoch).ok();
    assert_eq!(
        today(&site),
        "2026-06-10",
        "the default zone is Asia/Shanghai"
    );
    site.file("site.yaml", &format!("{yaml}timezone: UTC\n"));
    site.run_env(&["build"], &epoch).ok();
    assert_eq!(today(&site), "2026-06-09");
}

#[test]
fn a_bad_base_url_argument_is_reported_as_an_argument() {
    let site = TestSite::new();
    site.file("content/a.md", &article("甲", "2026-01-01", "[ecology]"));
    let run = site.run(&["build", "--base-url", "ftp://x"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error[bad-argument]: `ftp://x` is not a site address (it should start with https:// and have no spaces, quotes, ? or #)\n  = command line: --base-url\n  = help: e.g. --base-url https://example.github.io/briefing/\n\n1 error in 1 argument; nothing was written (the previous output is unchanged)\n"
    );
}

#[cfg(unix)]
#[test]
fn a_rebuild_changes_only_what_changed_and_removes_what_is_no_longer_made() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::fixture("basic");
    site.file("static/notes/index.html", "<p>notes</p>");
    assert_eq!(site.build().code, 0);
    let inode = |rel: &str| std::fs::metadata(site.out().join(rel)).unwrap().ino();
    assert!(site.exists("articles/d/index.html") && site.exists("tags/交通/index.html"));
    let untouched = inode("articles/c/index.html");
    let edited = inode("articles/a/index.html");
    let a = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();
    site.file(
        "content/2026/a.md",
        &a.replace("## 三\n", "## 三\n\n新的一段。\n"),
    );
    // Brief d goes, with its page and the tag only it had; a static folder becomes a file.
    site.remove("content/2026/d.md");
    std::fs::remove_dir_all(site.root().join("static/notes")).unwrap();
    site.file("static/notes", "notes as a file");
    assert_eq!(site.build().code, 0);
    assert_eq!(
        inode("articles/c/index.html"),
        untouched,
        "an unchanged page is left alone"
    );
    assert_ne!(inode("articles/a/index.html"), edited);
    assert!(site.read("articles/a/index.html").contains("新的一段。"));
    assert!(
        !site.exists("articles/d"),
        "the folder of a page no longer made is removed"
    );
    assert!(!site.exists("tags/交通"));
    assert_eq!(site.read("notes"), "notes as a file");
    assert!(site.exists(".briefing-output"));
    // The same as a build into a new folder.
    let fresh = TestSite::new();
    crate::common::copy_dir(site.root(), fresh.root());
    std::fs::remove_dir_all(fresh.out()).unwrap();
    assert_eq!(fresh.build().code, 0);
    assert_eq!(
        crate::common::tree(&site.out()),
        crate::common::tree(&fresh.out())
    );
}
