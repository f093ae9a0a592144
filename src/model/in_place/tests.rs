//! The model changed in place equals the model made anew: related lists taken over, a brief
//! retagged or moved by a new date, on sites of many briefs built in memory.

use crate::load::front_matter::parse_file;
use crate::model::in_place;
use crate::model::tests::{SITE, options};
use crate::model::*;

/// Briefs enough that tags' lists are longer than the related window, with tags, domains,
/// regions and dates spread by a fixed pseudo-random sequence.
fn many_articles(n: usize) -> Vec<(String, String)> {
    let tags = ["甲", "乙", "丙", "丁", "戊", "庚"];
    let mut x: u64 = 42;
    let mut next = |m: u64| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) % m
    };
    (0..n)
        .map(|i| {
            let mine: Vec<&str> = tags.iter().copied().filter(|_| next(3) == 0).collect();
            let domains = ["[ecology]", "[transport]", "[ecology, transport]"][next(3) as usize];
            let region = ["beijing", "hebei"][next(2) as usize];
            let front = format!(
                "title: 第{i}篇\ndate: {}-{:02}-{:02}\ndomains: {domains}\nregions: [{region}]\ntags: [{}]",
                2024 + next(2),
                next(12) + 1,
                next(28) + 1,
                mine.join(", ")
            );
            (format!("b{i:03}"), front)
        })
        .collect()
}

fn build_from(articles: &[(String, String)], related: Option<RelatedBefore>) -> Site {
    let config = Config::parse(SITE).unwrap();
    let loaded: Vec<Arc<Article>> = articles
        .iter()
        .map(|(slug, front)| {
            let text = format!("---\n{front}\n---\n正文。\n");
            let file = format!("content/{slug}.md");
            let a = parse_file(&file, slug, text.into_bytes(), &config);
            Arc::new(a.unwrap_or_else(|e| panic!("{slug}: {:?}", e.diags)))
        })
        .collect();
    let opts = ModelOptions {
        related,
        ..options("2026-06-01")
    };
    Site::build(config, loaded, Vec::new(), &opts, &Highlighter::default()).unwrap()
}

#[test]
fn related_lists_taken_over_after_an_edit_are_those_made_anew() {
    let before = many_articles(600);
    let first = build_from(&before, None);
    assert!(
        first.tags.iter().any(|g| g.articles.len() > 200),
        "the tags' lists are longer than the window"
    );
    // Edits to tags, domains, regions, and dates (which renumber the briefs between the old
    // place and the new: near and far).
    let edits: [(usize, &str, &str); 6] = [
        (10, "tags:", "tags: [甲, 乙, 丙, 丁]"),
        (200, "domains:", "domains: [transport, ecology]"),
        (333, "regions:", "regions: [beijing, hebei]"),
        (50, "date:", "date: 2020-01-01"),
        (450, "date:", "date: 2026-12-31"),
        (300, "date:", "date: 2025-03-03"),
    ];
    let mut others_changed = 0;
    for (i, field, line) in edits {
        let mut after = before.clone();
        let edited: Vec<&str> = after[i]
            .1
            .lines()
            .map(|l| if l.starts_with(field) { line } else { l })
            .collect();
        after[i].1 = edited.join("\n");
        assert_ne!(after[i].1, before[i].1);
        let file = format!("content/{}.md", after[i].0);
        let id = first
            .articles
            .iter()
            .position(|d| d.src.file == file)
            .unwrap();
        let id = ArticleId::new(id);
        let taken = RelatedBefore::of(&first, &[id]);
        let anew = build_from(&after, None);
        let quick = build_from(&after, Some(taken));
        let lists = |s: &Site| {
            s.articles
                .iter()
                .map(|d| d.related.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(lists(&quick), lists(&anew), "after editing {}", after[i].0);
        let changed = lists(&anew)
            .iter()
            .zip(lists(&first))
            .enumerate()
            .filter(|(j, (x, y))| *j != id.index() && *x != y)
            .count();
        others_changed += usize::from(changed > 0);
    }
    assert!(
        others_changed >= 2,
        "the edits change other briefs' lists too"
    );
}

/// Give brief `i` of `site` its text in `briefs`, in place (as serve does after an edit that
/// keeps its address and date).
fn replace_in(
    site: &mut Site,
    briefs: &[(String, String)],
    i: usize,
) -> Option<in_place::Replaced> {
    let config = Config::parse(SITE).unwrap();
    let file = format!("content/{}.md", briefs[i].0);
    let text = format!("---\n{}\n---\n正文。\n", briefs[i].1);
    let src = parse_file(&file, &briefs[i].0, text.into_bytes(), &config)
        .unwrap_or_else(|e| panic!("{:?}", e.diags));
    let id = site.articles.iter().position(|d| d.src.file == file);
    let id = ArticleId::new(id.unwrap());
    let old = &site.articles[id];
    let moved = Moved::between(&old.src, &src).expect("same address");
    let entry = Entry::with_body(old, src, (*old.rendered).clone());
    site.replace(id, entry, moved)
}

/// Everything a brief's place decides: the lists of every tag, domain and region (briefs,
/// milestones, figures), each brief's ids, related, previous and next, the timeline and the
/// series.
fn places(s: &Site) -> String {
    let groups = |t: &str, gs: &mut dyn Iterator<Item = &Group>| {
        gs.map(|g| {
            format!(
                "{t} {} {:?} {:?} {:?}\n",
                g.name, g.articles, g.milestones, g.figures
            )
        })
        .collect::<String>()
    };
    let mut out = groups("tag", &mut s.tags.iter());
    out += &groups("domain", &mut s.domains.iter());
    out += &groups("region", &mut s.regions.iter());
    for d in s.articles.iter() {
        out += &format!(
            "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}\n",
            d.src.slug,
            d.tags,
            d.domains,
            d.regions,
            d.related,
            d.backlinks,
            d.prev,
            d.next,
            d.milestones
        );
    }
    for m in s.milestones.iter() {
        out += &format!(
            "{} {:?} {:?} {:?}\n",
            m.anchor, m.status, m.domain, m.article
        );
    }
    for series in &s.series {
        for p in &series.points {
            out += &format!("{} {} {:?} {:?}\n", series.key, p.value, p.figure, p.domain);
        }
    }
    out
}

/// `briefs` with brief `i`'s front-matter field `field` (its line starting `field` and the
/// indented lines of its items) made `line`.
fn with_line(
    briefs: &[(String, String)],
    i: usize,
    field: &str,
    line: &str,
) -> Vec<(String, String)> {
    let mut after = briefs.to_vec();
    let mut edited: Vec<&str> = Vec::new();
    let mut in_field = false;
    for l in after[i].1.lines() {
        if l.starts_with(field) {
            edited.push(line);
            in_field = true;
        } else if !(in_field && l.starts_with(' ')) {
            edited.push(l);
            in_field = false;
        }
    }
    after[i].1 = edited.join("\n");
    after
}

#[test]
fn a_brief_retagged_in_place_is_placed_as_a_new_model_places_it() {
    let before = many_articles(600);
    let retag =
        |site: &mut Site, briefs: &[(String, String)], i: usize| replace_in(site, briefs, i);
    let state = |s: &Site| places(s);
    for (i, line) in [
        (10, "tags: [甲, 乙, 丙]"),
        (300, "tags: []"),
        (599, "tags: [庚, 甲]"),
    ] {
        let after = with_line(&before, i, "tags:", line);
        let mut site = build_from(&before, None);
        assert!(retag(&mut site, &after, i).is_some(), "{line}");
        assert_eq!(state(&site), state(&build_from(&after, None)), "{line}");
    }
    // A tag new to the site is made (and the tags numbered anew); going again, it goes.
    let with_new = |briefs: &[(String, String)], i: usize| {
        let mut v = briefs.to_vec();
        v[i].1 = v[i].1.replace("tags: [", "tags: [PM2.5, ");
        v
    };
    let after = with_new(&before, 5);
    let mut site = build_from(&before, None);
    let done = retag(&mut site, &after, 5).expect("a new tag is made in place");
    assert!(done.tags_table && done.relist);
    assert_eq!(state(&site), state(&build_from(&after, None)), "PM2.5 made");
    assert!(
        retag(&mut site, &before, 5)
            .expect("the tag goes")
            .tags_table
    );
    assert_eq!(
        state(&site),
        state(&build_from(&before, None)),
        "PM2.5 gone"
    );
    // A newer brief writing the tag otherwise renames it (on every card).
    retag(&mut site, &after, 5).unwrap();
    let newest = site.articles[ArticleId::new(0)].src.slug.clone();
    let j = after.iter().position(|(slug, _)| *slug == newest).unwrap();
    assert_ne!(j, 5);
    let mut renamed = with_new(&after, j);
    renamed[j].1 = renamed[j].1.replacen("PM2.5", "pm2.5", 1);
    let done = retag(&mut site, &renamed, j).expect("renamed in place");
    assert!(
        done.tags_table && done.recard.len() >= 2,
        "{:?}",
        done.recard
    );
    assert_eq!(state(&site), state(&build_from(&renamed, None)), "renamed");
}

#[test]
fn a_brief_moved_in_place_is_placed_as_a_new_model_places_it() {
    // Briefs with milestones (some on another domain) and figures of a series.
    let mut before = many_articles(300);
    for (i, (_, front)) in before.iter_mut().enumerate() {
        if i % 7 == 0 {
            front.push_str(&format!(
                "\nmilestones:\n  - {{date: 2025-H{}, title: 节点{i}}}\n  - {{date: 2026, title: 年度{i}, domain: transport}}",
                1 + i % 2
            ));
        }
        // Briefs b000–b019 are each named in several `related:`: their backlinks.
        if i % 3 == 0 && i >= 20 {
            front.push_str(&format!("\nrelated: [b{:03}, b{:03}]", (i / 3) % 20, i - 1));
        }
        if i % 5 == 0 {
            front.push_str(&format!(
                "\nfigures:\n  - {{label: 产值, value: {i}, unit: 亿元, series: output, period: {}}}",
                2020 + i % 6
            ));
        }
    }
    let edits: [(usize, &str, &str); 15] = [
        // A new `related`: the brief's list, and the backlinks of the briefs it names.
        (24, "related:", "related: [b150, b001]"),
        (27, "related:", "related: []"),
        (25, "date:", "date: 2026-03-03\nrelated: [b005, b010]"),
        // New dates move a brief among the others, older and newer, near and far.
        (24, "date:", "date: 2020-01-01"),
        (282, "date:", "date: 2030-12-31"),
        (72, "date:", "date: 2024-06-15"),
        (21, "date:", "date: 2025-02-02\ntags: [甲]"),
        (14, "domains:", "domains: [transport, ecology]"),
        (15, "domains:", "domains: [ecology]"),
        (20, "regions:", "regions: [beijing, hebei]"),
        (21, "regions:", "regions: []"),
        (
            7,
            "milestones:",
            "milestones:\n  - {date: 2030, title: 改期}\n  - {date: 2024-Q1, title: 提前, status: done}",
        ),
        (28, "milestones:", "milestones: []"),
        (
            25,
            "figures:",
            "figures:\n  - {label: 产值, value: 9, unit: 亿元, series: output, period: 2019}",
        ),
        (35, "domains:", "domains: [transport]\ntags: [新标签]"),
    ];
    for (i, field, line) in edits {
        let mut after = with_line(&before, i, field, line);
        assert_ne!(after[i].1, before[i].1, "{line}");
        // Some edits set tags on a line of their own: drop the brief's first tags line.
        if line.contains("\ntags:") {
            let lines: Vec<&str> = after[i].1.lines().collect();
            let first = lines.iter().position(|l| l.starts_with("tags:")).unwrap();
            after[i].1 = lines
                .iter()
                .enumerate()
                .filter(|&(n, _)| n != first)
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join("\n");
        }
        let mut site = build_from(&before, None);
        let done = replace_in(&mut site, &after, i).expect(line);
        // A new `related` changes no list of pages; the rest do.
        assert_eq!(done.relist, field != "related:", "{line}");
        assert_eq!(places(&site), places(&build_from(&after, None)), "{line}");
        if ["date:", "milestones:", "domains:"].contains(&field) {
            let from = done.milestones.expect("milestones placed anew");
            assert_eq!(from.len(), site.milestones.len());
            // Every other milestone keeps its identity under its new number.
            let old = build_from(&before, None);
            for (now, was) in from.iter().enumerate() {
                if let Some(was) = was {
                    assert_eq!(
                        site.milestones[MilestoneId::new(now)].anchor,
                        old.milestones[*was].anchor
                    );
                }
            }
        }
    }
    // Two briefs tagged PM2.5 and pm2.5: a new date making the older the newest renames the
    // tag as it writes it; so does writing it otherwise while the newest.
    let tagged = with_line(
        &with_line(&before, 100, "tags:", "tags: [PM2.5]"),
        260,
        "tags:",
        "tags: [pm2.5]",
    );
    let mut site = build_from(&tagged, None);
    let place = |s: &Site, i: usize| {
        let file = format!("content/{}.md", tagged[i].0);
        s.articles.iter().position(|d| d.src.file == file).unwrap()
    };
    let older = if place(&site, 100) > place(&site, 260) {
        100
    } else {
        260
    };
    assert!(place(&site, older) > 0);
    let moved = with_line(&tagged, older, "date:", "date: 2030-01-01");
    let done = replace_in(&mut site, &moved, older).expect("moved");
    assert!(
        done.tags_table && done.recard.len() == 2,
        "{:?}",
        done.recard
    );
    assert_eq!(places(&site), places(&build_from(&moved, None)), "moved");
    let respelled = with_line(&moved, older, "tags:", "tags: [Pm2.5]");
    replace_in(&mut site, &respelled, older).expect("respelled");
    assert_eq!(
        places(&site),
        places(&build_from(&respelled, None)),
        "respelled"
    );
    let unchanged = places(&site);
    // A `related` naming no brief is the full build's error to report: not done.
    let wrong = with_line(&respelled, 30, "related:", "related: [b001, b9999]");
    assert!(replace_in(&mut site, &wrong, 30).is_none());
    assert_eq!(places(&site), unchanged);
}
