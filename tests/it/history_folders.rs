//! History from git for a site in a folder of its repository (`site/`): only the commits'
//! changes to the site's own `content/` count, not to another folder of the same name, and a
//! brief moved into the folder or out of it starts or ends its history there.

use crate::common::TestSite;
use crate::history::git;
use crate::history_objects::history;

const SITE: &str = "title: 测试简报\ndescription: 用于测试\nbase_url: https://example.github.io/repo/\nas_of: 2026-12-01\napi: true\ndomains:\n  - {key: transport, name: 交通一体化, description: 交通}\n";

fn brief(title: &str, milestone: &str, date: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2026-01-05\ndomains: [transport]\nmilestones:\n  - {{date: {date}, title: {milestone}}}\n---\n{title}的正文。\n"
    )
}

#[test]
fn a_site_in_a_folder_of_its_repository_reads_only_its_own_content() {
    let s = TestSite::new();
    let root = s.root();
    git(root, "2026-01-10", &["init", "-q"]);
    s.file("site/site.yaml", SITE);
    s.file(
        "site/content/a.md",
        &brief("快线简报", "快线建成", "2026-H1"),
    );
    // The site's `same.md`, and a file of that name in another `content/` of the repository.
    s.file(
        "site/content/same.md",
        &brief("同名简报", "本站节点", "2026-Q3"),
    );
    s.file("content/same.md", &brief("别处简报", "别处节点", "2026-Q1"));
    s.file("drafts/b.md", &brief("港口简报", "码头开工", "2026-Q2"));
    s.file("site/content/old.md", &brief("旧简报", "旧节点", "2026-Q1"));
    git(root, "2026-01-10", &["add", "."]);
    git(root, "2026-01-10", &["commit", "-qm", "first"]);
    s.file(
        "site/content/a.md",
        &brief("快线简报", "快线建成", "2026-H2"),
    );
    s.file("content/same.md", &brief("别处简报", "别处节点", "2026-Q4"));
    s.file("site/content/old.md", &brief("旧简报", "旧节点", "2026-Q2"));
    git(root, "2026-03-01", &["commit", "-qam", "moved"]);
    git(
        root,
        "2026-04-01",
        &["mv", "drafts/b.md", "site/content/b.md"],
    );
    git(
        root,
        "2026-04-01",
        &["mv", "site/content/old.md", "archive.md"],
    );
    git(root, "2026-04-01", &["commit", "-qm", "b in, old out"]);
    s.file(
        "site/content/b.md",
        &brief("港口简报", "码头开工", "2026-Q3"),
    );
    git(root, "2026-05-01", &["commit", "-qam", "b moved"]);
    // A new `old.md`: the brief that left is not its past.
    s.file("site/content/old.md", &brief("新简报", "旧节点", "2026-Q3"));
    git(root, "2026-06-01", &["add", "."]);
    git(root, "2026-06-01", &["commit", "-qm", "new old"]);
    s.file("site/content/old.md", &brief("新简报", "旧节点", "2026-Q4"));
    git(root, "2026-07-01", &["commit", "-qam", "new old moved"]);
    let run = crate::common::run_in(&root.join("site"), &["build"]);
    run.ok();
    assert!(!run.stderr.contains("no-history"), "{}", run.stderr);
    let change = |noted: &str, from: &str, to: &str| {
        vec![(noted.to_string(), from.to_string(), to.to_string())]
    };
    assert_eq!(
        history(&root.join("site/public"), "快线建成"),
        change("2026-03-01", "2026-H1", "2026-H2")
    );
    assert_eq!(history(&root.join("site/public"), "本站节点"), vec![]);
    assert_eq!(
        history(&root.join("site/public"), "码头开工"),
        change("2026-05-01", "2026-Q2", "2026-Q3")
    );
    assert_eq!(
        history(&root.join("site/public"), "旧节点"),
        change("2026-07-01", "2026-Q3", "2026-Q4")
    );
    let sitemap = std::fs::read_to_string(root.join("site/public/sitemap.xml")).unwrap();
    for (page, day) in [
        ("same", "2026-01-10"),
        ("b", "2026-05-01"),
        ("old", "2026-07-01"),
    ] {
        let entry = format!("/articles/{page}/</loc><lastmod>{day}</lastmod>");
        assert!(sitemap.contains(&entry), "{entry}: {sitemap}");
    }
}
