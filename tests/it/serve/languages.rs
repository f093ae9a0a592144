//! serve shows every language of the site: each language's pages under its folder, linked to
//! the others, and an edit to a translation shows on its page.

use super::*;

#[test]
fn serve_shows_every_language_and_follows_a_translation() {
    let site = crate::languages::two_languages();
    let server = start(&site);
    let mut events = Events::open(&server);
    events.wait_for(": connected");
    let en = get(&server, "/repo/en/articles/rail/");
    assert_eq!(en.status, 200);
    assert!(
        en.body
            .contains("The airport express opens in the second half"),
        "{}",
        en.body
    );
    assert!(
        en.body
            .contains("hreflang=\"zh-CN\" lang=\"zh-CN\">中文</a>"),
        "{}",
        en.body
    );
    let zh = get(&server, "/repo/articles/rail/").body;
    assert!(
        zh.contains("hreflang=\"en\" lang=\"en\">English</a>"),
        "{zh}"
    );
    assert_eq!(get(&server, "/repo/en/search/index.json").status, 200);
    assert_eq!(get(&server, "/repo/en/articles/only/").status, 404);
    // A translation edited: its page shows the new title.
    let text = std::fs::read_to_string(site.root().join("content/rail.en.md")).unwrap();
    let line = saved(
        &site,
        &server,
        &mut events,
        "content/rail.en.md",
        &text.replace("opens in the second half", "runs from the second half"),
        "built ",
    );
    assert!(line.starts_with("built 2 articles"), "{line}");
    let en = get(&server, "/repo/en/articles/rail/").body;
    assert!(
        en.contains("The airport express runs from the second half"),
        "{en}"
    );
}
