//! Search: the build's tokenizer and the shipped script's agree, and the script, run in node on
//! the default site's index, finds exactly the briefs that contain a query, best field first.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use briefing::search_contract;
use serde_json::{Value, json};

/// Run `tests/search/harness.js <args>` with `input` as JSON on stdin.
fn node(args: &[&str], input: &Value) -> Value {
    node_with(&[], args, input)
}

/// [`node`] with environment variables (see the harness).
pub(crate) fn node_with(env: &[(&str, &str)], args: &[&str], input: &Value) -> Value {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/harness.js");
    let mut child = Command::new("node")
        .arg(harness)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (apt-get install nodejs)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

const TEXTS: &[&str] = &[
    "雄安新区",
    "京津，冀",
    "PM2.5浓度下降到38.9微克",
    "营收996.1亿元，4254 与 425.4",
    "14254与4996.1，G7国 a1b 1..2 .5",
    "ＰＭ２.５　４２５４",
    "Hello, World! Café ŠKODA",
    "B-2 1.2.3 版本 2.",
    "ひらがなカタカナ한국어",
    "𠀀𠀁 (CJK extension B)",
    "  前后\n\t空白  ",
    "“燕赵实验室”组团出道",
    "",
];

#[test]
fn the_script_tokenizes_like_the_build() {
    let js = node(&["tokens"], &json!(TEXTS));
    for (i, text) in TEXTS.iter().enumerate() {
        let rust: Vec<Value> = search_contract::units(text)
            .into_iter()
            .map(|(t, p)| json!([t, p]))
            .collect();
        assert_eq!(js[i], Value::Array(rust), "units of {text:?}");
    }
    let queries = [
        "雄安新区",
        "京雄 4254",
        "生态·补偿",
        "  ",
        "PM2.5 ＰＭ２.５",
        "4254 96.1",
    ];
    let js = node(&["runs"], &json!(queries));
    for (i, q) in queries.iter().enumerate() {
        assert_eq!(js[i], json!(search_contract::runs(q)), "runs of {q:?}");
    }
    let keys = ["雄", "雄 安", "4 2 5", "pm 2 .", ". 5 浓", "a", "𠀀 𠀁"];
    let js = node(&["hash"], &json!(keys));
    for (i, k) in keys.iter().enumerate() {
        assert_eq!(js[i], json!(search_contract::key_hash(k)), "hash of {k:?}");
    }
}

fn build_default_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = crate::common::run_in(repo, &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    (tmp, out)
}

/// Whether `text` contains `q` as the search promises: CJK and numbers anywhere (`4254` is in
/// `14254` and `4254.5`, not in `425.4`); other letters as whole words (`pm` is in `PM2.5`,
/// `ed` is not in `Red`).
fn contains(text: &str, q: &str) -> bool {
    let text = text.to_lowercase();
    let q = q.to_lowercase();
    if !q
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() && (c as u32) < 0x2e80)
    {
        return text.contains(&q);
    }
    text.match_indices(&q).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + q.len()..].chars().next();
        // Letters other than CJK (which stand alone) continue a word; digits do not.
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() && (c as u32) < 0x2e80);
        !(letter(before) || letter(after))
    })
}

/// The text of an article page's body (`.prose`), tags dropped, a line per block.
fn page_body(out: &Path, url: &str) -> String {
    let html =
        std::fs::read_to_string(out.join(url.trim_start_matches('/')).join("index.html")).unwrap();
    let start = html
        .find("<div class=\"prose\" data-search=\"body\">")
        .unwrap();
    let end = start + html[start..].find("</article>").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in html[start..end].chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' => {
                in_tag = false;
                let name = tag
                    .trim_start_matches('/')
                    .split([' ', '>'])
                    .next()
                    .unwrap_or("");
                if tag.starts_with('/')
                    && ["p", "li", "h2", "h3", "h4", "td", "th", "div", "pre"].contains(&name)
                {
                    text.push('\n');
                }
            }
            c if in_tag => tag.push(c),
            c => text.push(c),
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every brief that contains `q`, with the rank of the best field that does: title 0, tags,
/// domains and regions 1, summary 2, body 4 (headings are part of the body here).
fn truth(out: &Path, q: &str) -> Vec<(u64, u64)> {
    let read = |p: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(p)).unwrap()).unwrap()
    };
    let articles = read("api/articles.json");
    let manifest = read("search/index.json");
    let site_yaml =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("site.yaml")).unwrap();
    let site_yaml = briefing::yaml::parse(&site_yaml, 0).unwrap().to_json();
    let region_name = |key: &str| -> String {
        site_yaml["regions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .unwrap()["name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let domain_name = |key: &str| -> String {
        manifest["domains"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["key"] == key)
            .unwrap()["name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let mut found = Vec::new();
    for (id, a) in articles["articles"].as_array().unwrap().iter().enumerate() {
        let chunk = read(&format!("search/m/{}.json", id / 32));
        let brief = &chunk[id % 32];
        let body = page_body(out, brief[1].as_str().unwrap());
        let strs = |v: &Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        };
        let tags = strs(&a["tags"]);
        let places: Vec<String> = strs(&a["domains"])
            .iter()
            .map(|k| domain_name(k))
            .chain(strs(&a["regions"]).iter().map(|k| region_name(k)))
            .collect();
        let fields: [(u64, Vec<String>); 5] = [
            (0, vec![brief[0].as_str().unwrap().to_string()]),
            (1, tags),
            (1, places),
            (2, vec![a["summary"].as_str().unwrap().to_string()]),
            (4, vec![body]),
        ];
        if let Some(rank) = fields
            .iter()
            .filter(|(_, texts)| texts.iter().any(|t| contains(t, q)))
            .map(|(r, _)| *r)
            .min()
        {
            found.push((id as u64, rank));
        }
    }
    found.sort_by_key(|&(id, rank)| (rank, id));
    found
}

#[test]
fn the_script_finds_exactly_the_briefs_that_contain_a_query() {
    let (_tmp, out) = build_default_site();
    let queries = [
        "京雄",
        "塞罕坝",
        "生态补偿",
        "4254",
        "254",
        "996.1",
        "96.1",
        "京津冀",
        "京津冀协同发展",
        "机器人",
        "量子计算机",
        "雄安新区大兴",
    ];
    let results = node(
        &["search", out.join("search").to_str().unwrap()],
        &json!(queries),
    );
    for (i, q) in queries.iter().enumerate() {
        let r = &results[i];
        let ids: Vec<u64> = r["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        // Headings (rank 3) are part of the body in the reference.
        let ranks: Vec<u64> = r["ranks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().map(|r| if r == 3 { 4 } else { r }).unwrap())
            .collect();
        // A snippet is text a reader sees: no markup or attribute leaks into it.
        for shown in r["top"].as_array().unwrap() {
            for part in shown["snippet"].as_array().unwrap() {
                let text = part[0].as_str().unwrap();
                assert!(
                    !text.contains('<') && !text.contains("data-search"),
                    "{q:?}: snippet carries markup: {text:?}"
                );
            }
        }
        let want = truth(&out, q);
        let got: Vec<(u64, u64)> = ids.into_iter().zip(ranks).collect();
        let mut got_sorted = got.clone();
        got_sorted.sort_by_key(|&(id, rank)| (rank, id));
        assert_eq!(got_sorted, want, "briefs and ranks for {q:?}");
        if ["京雄", "塞罕坝", "生态补偿", "4254"].contains(q) {
            assert!(!want.is_empty(), "the default site has {q:?}");
            // The best brief has the query in its title or tags, and comes first.
            assert!(
                want[0].1 <= 1,
                "{q:?}: best match is only in the text: {want:?}"
            );
            assert_eq!(got[0], want[0], "{q:?} ranks the right brief first");
            let snippet = &r["top"][0]["snippet"];
            let marked: Vec<&str> = snippet
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p[1] == true)
                .map(|p| p[0].as_str().unwrap())
                .collect();
            assert!(
                marked.iter().all(|m| m.to_lowercase() == q.to_lowercase()),
                "{q:?}: marked {marked:?}"
            );
        }
    }
    // Strings no brief contains give nothing, not near misses.
    for q in ["量子计算机", "雄安新区大兴"] {
        let r = &results[queries.iter().position(|x| x == &q).unwrap()];
        assert_eq!(r["ids"], json!([]), "{q:?}");
    }
}

#[test]
fn every_page_has_a_search_box_that_goes_to_the_search_page() {
    let (_tmp, out) = build_default_site();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let form = crate::common::between(&home, "<form class=\"site-search\"", "</form>");
    assert!(
        form.contains("action=\"/search/\" method=\"get\""),
        "{form}"
    );
    assert!(form.contains("name=\"q\""), "{form}");
    assert!(
        form.contains("<label class=\"visually-hidden\" for=\"site-q\">"),
        "{form}"
    );
    let page = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    assert!(
        page.contains("<noscript>"),
        "the page says what to do without JavaScript"
    );
    assert!(
        page.contains("role=\"status\""),
        "the result count is announced"
    );
    assert!(page.contains("data-index=\"/search/\""));
    let strings = crate::common::between(
        &page,
        "<script type=\"application/json\" id=\"search-strings\">",
        "</script>",
    );
    let strings: Value = serde_json::from_str(strings).unwrap();
    assert!(strings["count"].as_str().unwrap().contains("{n}"));
}

#[test]
fn shards_fetched_before_the_manifest_are_used_only_if_they_are_of_its_build() {
    let (tmp, out) = build_default_site();
    let search = out.join("search");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(search.join("index.json")).unwrap()).unwrap();
    let shards = manifest["shards"].as_u64().unwrap();
    let build = manifest["build"].as_str().unwrap();
    // The page says how many shards there are; every shard starts with its build.
    let page = std::fs::read_to_string(search.join("index.html")).unwrap();
    assert!(
        page.contains(&format!("data-shards=\"{shards}\"")),
        "{shards} shards"
    );
    // A query's first result waits for its shards: on a phone's link, a shard of the whole
    // index (87 KB) kept the search page's largest paint at 2.2 s (Lighthouse 99).
    assert!(shards > 1, "the default site's index is split");
    for n in 0..shards {
        let bytes = std::fs::read(search.join(format!("s/{n}.bin"))).unwrap();
        assert!(
            bytes.len() < 32 * 1024,
            "shard {n} is {} bytes",
            bytes.len()
        );
        assert_eq!(bytes[0] as usize, build.len(), "shard {n}");
        assert_eq!(&bytes[1..=build.len()], build.as_bytes(), "shard {n}");
    }
    // Shards "cached from another build": another build's mark, and no keys at all.
    let stale = tmp.path().join("stale");
    std::fs::create_dir_all(stale.join("s")).unwrap();
    for n in 0..shards {
        let mut bytes = vec![8u8];
        bytes.extend_from_slice(b"0bsolete");
        bytes.push(0);
        std::fs::write(stale.join(format!("s/{n}.bin")), bytes).unwrap();
    }
    let queries = json!(["京雄", "塞罕坝", "生态补偿", "雄安新区大兴"]);
    let dir = search.to_str().unwrap();
    let run = |env: &[(&str, &str)]| {
        let mut env = env.to_vec();
        env.push(("FRESH", "1"));
        node_with(&env, &["search", dir], &queries)
    };
    let ids = |r: &Value| -> Vec<Value> {
        r.as_array()
            .unwrap()
            .iter()
            .map(|q| q["ids"].clone())
            .collect()
    };
    let loads = |r: &Value, i: usize| -> Vec<String> {
        r[i]["shard_loads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect()
    };
    let waited = run(&[]);
    assert!(!ids(&waited)[0].as_array().unwrap().is_empty());
    let hint = shards.to_string();
    // Told the shard count, the script fetches each shard once, early, and finds the same.
    let early = run(&[("HINT", &hint)]);
    assert_eq!(ids(&early), ids(&waited));
    for i in 0..4 {
        let l = loads(&early, i);
        assert!(!l.is_empty() && l.iter().all(|p| !p.contains('?')), "{l:?}");
    }
    // Shards of another build are fetched again, as the manifest names them.
    let stale_dir = stale.to_str().unwrap();
    let again = run(&[("HINT", &hint), ("STALE", stale_dir)]);
    assert_eq!(ids(&again), ids(&waited));
    let l = loads(&again, 0);
    assert!(
        l.len() == 2 && !l[0].contains('?') && l[1] == format!("{}?v={build}", l[0]),
        "the early shard, then the one the manifest names: {l:?}"
    );
    // A page that gives a wrong count (or one from before the index grew) costs a fetch, no
    // result.
    let wrong = (shards * 4).to_string();
    let off = run(&[("HINT", &wrong)]);
    assert_eq!(ids(&off), ids(&waited));
    assert!(loads(&off, 0).iter().any(|p| p.contains("?v=")));
}

/// The titles the script shows for each query, in the order it shows them.
fn shown_titles(out: &Path, queries: &[&str]) -> Vec<Vec<String>> {
    let results = node(
        &["search", out.join("search").to_str().unwrap()],
        &json!(queries),
    );
    (0..queries.len())
        .map(|i| {
            let mut titles: Vec<String> = results[i]["top"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["title"].as_str().unwrap().to_string())
                .collect();
            titles.sort();
            titles
        })
        .collect()
}

#[test]
fn a_number_is_found_inside_longer_numbers_but_a_decimal_only_where_its_point_stands() {
    let site = crate::common::TestSite::new();
    let texts = [
        ("a", "营收14254亿元"),
        ("b", "总量4254.5亿元"),
        ("c", "比例为425.4"),
        ("d", "编号42545号"),
        ("e", "营收4996.1亿元"),
        ("f", "PM2.5浓度"),
    ];
    for (slug, text) in texts {
        site.file(
            &format!("content/{slug}.md"),
            &format!(
                "---\ntitle: 简报{slug}\ndate: 2026-01-01\ndomains: [ecology]\n---\n{text}。\n"
            ),
        );
    }
    site.build().ok();
    let found = shown_titles(
        &site.out(),
        &[
            "4254", "425.4", "996.1", "4254.5", "254", "pm2", "2.5", "25",
        ],
    );
    let want: [&[&str]; 8] = [
        &["简报a", "简报b", "简报d"],
        &["简报c"],
        &["简报e"],
        &["简报b"],
        &["简报a", "简报b", "简报d"],
        &["简报f"],
        &["简报f"],
        &["简报a", "简报b", "简报c", "简报d"],
    ];
    for (got, want) in found.iter().zip(want) {
        assert_eq!(got, want);
    }
}
