//! Each kind of edit takes its own path in serve, and the site served is the site a build makes.

use super::*;
use crate::common::TestSite;

#[test]
fn each_edit_does_only_the_work_it_needs() {
    let site = TestSite::fixture("basic");
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    site.file("templates/robots.txt", "User-agent: *\n");
    let server = start(&site);
    let mut events = Events::open(&server);
    events.wait_for(": connected");
    let home = get(&server, "/repo/").body;
    let index = get(&server, "/repo/search/index.json").body;
    let original = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();

    // New words in a later paragraph: only this brief is rendered again; no other page changes.
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &original.replace("## 二\n", "## 二\n\n新增的一段：京雄快线试运行。\n"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/a/index.html in "),
        "{line}"
    );
    assert!(
        line.contains("the text changed, not the front matter"),
        "{line}"
    );
    assert!(
        get(&server, "/repo/articles/a/")
            .body
            .contains("新增的一段：京雄快线试运行。")
    );
    assert_eq!(get(&server, "/repo/").body, home, "no other page changes");
    // The feeds carry the latest bodies: they follow.
    assert!(
        get(&server, "/repo/feed.xml")
            .body
            .contains("新增的一段：京雄快线试运行。")
    );
    // The search index is made again when next asked for.
    let fresh = get(&server, "/repo/search/index.json").body;
    assert_ne!(fresh, index, "the index follows the new text");
    serves_what_a_build_makes(&site, &server);

    // The first paragraph is the brief's summary, which lists show: its card is made again,
    // and every page that shows it follows.
    let code_css = |page: &str| {
        let href = page.split("<link rel=\"stylesheet\" href=\"").nth(2)?;
        Some(get(&server, &href[..href.find('"')?]).body)
    };
    let css = code_css(&get(&server, "/repo/articles/a/").body).expect("a has code");
    let b_page = get(&server, "/repo/articles/b/").body;
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &original.replace("第一段，介绍甲。", "第一段，重新介绍甲。"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/a/index.html in "),
        "{line}"
    );
    assert!(get(&server, "/repo/").body.contains("第一段，重新介绍甲。"));

    // A new title keeps the brief's place in the site: every page that shows the brief
    // follows, its milestones on the timeline and its figures included.
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &original.replace("title: 甲文章", "title: 甲文章（新题）"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/a/index.html in ")
            && line.contains("the front matter changed, not the brief's place in the site"),
        "{line}"
    );
    for page in [
        "/repo/",
        "/repo/articles/b/",
        "/repo/timeline/",
        "/repo/figures/",
        "/repo/tags/生态补偿/",
        "/repo/feed.xml",
    ] {
        let body = get(&server, page).body;
        assert!(
            body.contains("甲文章（新题）"),
            "{page} shows the new title: {body}"
        );
        assert!(
            !body.contains("甲文章<"),
            "{page} shows no old title: {body}"
        );
    }
    serves_what_a_build_makes(&site, &server);
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &original,
        "rebuilt ",
    );

    // Edits to a brief's milestones, domains, regions, figures, date, `related` and links
    // keep its address: the timeline, the lists, the figures, its place among the others
    // (the briefs a new date passes are renumbered) and the backlinks are made again in
    // place. Code in a language no brief showed needs the stylesheet made again: the model
    // is made again, every other text taken over as it was rendered. Each time, and after
    // each is undone, the site is the site a build makes. Each row: the edit, how serve's
    // line starts and what it says, and a page that must show a text.
    let in_place = "rebuilt articles/a/index.html in ";
    for (edit, starts, says, shows) in [
        (
            original.replace(
                "    title: 营造林超700万亩\n",
                "    title: 营造林超700万亩\n    status: done\n",
            ),
            in_place,
            "milestones changed",
            None,
        ),
        (
            // Later on the timeline: the milestones between move up.
            original.replace("  - date: 2025\n", "  - date: 2027\n"),
            in_place,
            "milestones changed",
            None,
        ),
        (
            original.replace("domains: [ecology]", "domains: [transport, ecology]"),
            in_place,
            "domains changed",
            None,
        ),
        (
            original.replace("regions: [beijing]", "regions: [hebei, beijing]"),
            in_place,
            "regions changed",
            None,
        ),
        (
            original.replace("value: 4254, unit: 亿元", "value: 4255, unit: 亿元"),
            in_place,
            "figures changed",
            None,
        ),
        (
            original.replace("date: 2026-06-10", "date: 2026-03-10"),
            in_place,
            "date changed",
            None,
        ),
        (
            original.replace("related: [b]", "related: [c]"),
            in_place,
            "related changed",
            None,
        ),
        (
            original.replace("第一段，介绍甲。", "第一段，介绍甲，另见[丁文](d.md)。"),
            in_place,
            "links changed",
            Some(("/repo/articles/d/", "甲文章")),
        ),
        (
            format!("{original}\n```python\ndef f():\n    return 1\n```\n"),
            "rebuilt the model for content/2026/a.md in ",
            "",
            None,
        ),
    ] {
        let line = saved(
            &site,
            &server,
            &mut events,
            "content/2026/a.md",
            &edit,
            "rebuilt ",
        );
        assert!(line.starts_with(starts) && line.contains(says), "{line}");
        if let Some((page, text)) = shows {
            assert!(
                get(&server, page).body.contains(text),
                "{page} shows {text}"
            );
        }
        undone(&site, &server, &mut events, "content/2026/a.md", &original);
    }

    // A front-matter edit of a brief without code: the title shows everywhere at once, and
    // the other briefs' texts keep their code highlighting.
    let b = std::fs::read_to_string(site.root().join("content/2026/b.md")).unwrap();
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/b.md",
        &b.replace("title: 乙文章", "title: 乙文章（修订）"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/b/index.html in "),
        "{line}"
    );
    let a_page = get(&server, "/repo/articles/a/").body;
    assert!(a_page.contains("乙文章（修订）"), "a lists b as related");
    assert!(a_page.contains("class=\"code hl\""), "a's code, taken over");
    assert_eq!(code_css(&a_page).as_deref(), Some(css.as_str()));
    assert!(
        get(&server, "/repo/tags/生态补偿/")
            .body
            .contains("乙文章（修订）")
    );
    assert_ne!(get(&server, "/repo/articles/b/").body, b_page);

    // A tag the site has, added to an older brief: its list and the related lists near the
    // brief are made again in place; the site is still the site a build makes.
    let d = std::fs::read_to_string(site.root().join("content/2026/d.md")).unwrap();
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/d.md",
        &d.replace("tags: [交通]", "tags: [交通, 生态补偿]"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/d/index.html in ") && line.contains("tags changed"),
        "{line}"
    );
    // The tag lists two briefs a page: its third brief makes a second page.
    assert!(
        get(&server, "/repo/tags/生态补偿/page/2/")
            .body
            .contains("丁文章")
    );
    serves_what_a_build_makes(&site, &server);
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/d.md",
        &d,
        "rebuilt ",
    );
    assert_eq!(get(&server, "/repo/tags/生态补偿/page/2/").status, 404);
    serves_what_a_build_makes(&site, &server);

    // A tag new to the site: made in place, the tags numbered anew.
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/b.md",
        &b.replace("tags: [生态补偿]", "tags: [生态补偿, pm2.5]"),
        "rebuilt ",
    );
    assert!(
        line.starts_with("rebuilt articles/b/index.html in ") && line.contains("tags changed"),
        "{line}"
    );
    assert!(get(&server, "/repo/tags/pm2.5/").body.contains("乙文章"));
    serves_what_a_build_makes(&site, &server);
    // Two tags run together by a full-width comma are one tag, and serve says so.
    let b_now = std::fs::read_to_string(site.root().join("content/2026/b.md")).unwrap();
    save(
        &site,
        "content/2026/b.md",
        &b_now.replace("tags: [生态补偿, pm2.5]", "tags: [生态补偿，pm2.5]"),
    );
    events.wait_for("event: reload");
    let lines = printed_each(
        &server,
        &[
            "rebuilt articles/b/index.html in ",
            "warning[tag-run-together]: the tag `生态补偿，pm2.5` has `，` in it",
        ],
    );
    assert!(lines[0].contains("tags changed"), "{lines:?}");
    undone(&site, &server, &mut events, "content/2026/b.md", &b_now);
    // A tag is named as the newest brief writes it. When a's front matter renames one, in
    // place, the cards of other briefs with that tag are made again with the new name.
    let a_now = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();
    let tagged = |spelling: &str| {
        a_now.replace(
            "tags: [大气污染联防联控, 生态补偿]",
            &format!("tags: [大气污染联防联控, 生态补偿, {spelling}]"),
        )
    };
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &tagged("PM2.5"),
        "rebuilt articles/a/index.html",
    );
    let chips = |page: &str, name: &str| page.matches(&format!(">#{name}<")).count();
    let home = get(&server, "/repo/").body;
    assert!(
        chips(&home, "PM2.5") >= 2 && chips(&home, "pm2.5") == 0,
        "{home}"
    );
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &tagged("Pm2.5"),
        "rebuilt articles/a/index.html",
    );
    let home = get(&server, "/repo/").body;
    assert!(
        chips(&home, "Pm2.5") >= 2 && chips(&home, "PM2.5") == 0,
        "b's card follows: {home}"
    );
    serves_what_a_build_makes(&site, &server);
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/b.md",
        &b,
        "rebuilt ",
    );
    saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &a_now,
        "rebuilt ",
    );

    // A new address for c: texts may link to it, so everything is built again.
    let c = std::fs::read_to_string(site.root().join("content/2026/c.md")).unwrap();
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/c.md",
        &c.replace("title: 丙文章", "title: 丙文章\nslug: bing"),
        "built ",
    );
    assert!(line.starts_with("built 4 articles"), "{line}");
    assert_eq!(get(&server, "/repo/articles/bing/").status, 200);

    // A template: every page again, from the kept model.
    site.file(
        "templates/robots.txt",
        "User-agent: *\nDisallow: /drafts/\n",
    );
    events.wait_for("event: reload");
    let line = printed(&server, "templates changed");
    assert!(line.contains("no Markdown read"), "{line}");
    assert!(
        get(&server, "/repo/robots.txt")
            .body
            .contains("Disallow: /drafts/")
    );

    // A static file: read again, nothing rendered.
    site.file("static/extra.css", "body { color: red }");
    events.wait_for("event: reload");
    printed(&server, "static files read again");
    assert_eq!(get(&server, "/repo/extra.css").body, "body { color: red }");

    // An editor's backup file next to a brief is not part of the site: nothing happens, and
    // the next real edit is still quick.
    site.file("content/2026/a.md~", "old");
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/2026/a.md",
        &original
            .replace("第一段，介绍甲。", "第一段，重新介绍甲。")
            .replace("## 三\n", "## 三\n\n又一段。\n"),
        "rebuilt ",
    );
    assert!(line.starts_with("rebuilt articles/a/index.html"), "{line}");
}

/// A milestone more puts the timeline past `timeline_split`: it gets a page per year and every
/// milestone's link changes, whichever way serve takes the edit (in place, or the model made
/// again with the other briefs' values taken over); one less undoes it.
#[test]
fn a_timeline_growing_past_its_split_is_served_as_a_build_makes_it() {
    let site = TestSite::fixture("basic");
    // The fixture has 7 milestones.
    site.append("site.yaml", "timeline_split: 7\n");
    let server = start(&site);
    let mut events = Events::open(&server);
    events.wait_for(": connected");
    let original = std::fs::read_to_string(site.root().join("content/2026/a.md")).unwrap();
    let one_more = original.replace(
        "milestones:\n",
        "milestones:\n  - date: 2026-12\n    title: 年底再添一项\n",
    );
    let code = "\n```python\ndef f():\n    return 1\n```\n";
    for (edit, starts) in [
        (one_more.clone(), "rebuilt articles/a/index.html in "),
        (
            format!("{one_more}{code}"),
            "rebuilt the model for content/2026/a.md in ",
        ),
    ] {
        assert!(
            get(&server, "/repo/articles/d/")
                .body
                .contains("/repo/timeline/#m-d-")
        );
        let line = saved(
            &site,
            &server,
            &mut events,
            "content/2026/a.md",
            &edit,
            "rebuilt ",
        );
        assert!(line.starts_with(starts), "{line}");
        let d = get(&server, "/repo/articles/d/").body;
        assert!(
            d.contains("/repo/timeline/2026/#m-d-") && !d.contains("/repo/timeline/#m-"),
            "another brief's milestones link to their year: {d}"
        );
        assert!(
            get(&server, "/repo/timeline/2026/")
                .body
                .contains("年底再添一项")
        );
        undone(&site, &server, &mut events, "content/2026/a.md", &original);
    }
}
