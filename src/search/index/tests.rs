//! The index: keys, ranks, shards, and the values search.js computes.

use super::postings::ArticleList;
use super::*;
use crate::search::token::Tongue;

fn fields(title: &str, body: &str) -> ArticleFields<'static> {
    [
        title.to_string().into(),
        "".into(),
        "".into(),
        "".into(),
        "".into(),
        body.to_string().into(),
    ]
}

fn keys_of(d: &ArticleFields) -> Vec<(String, u32)> {
    let mut p = Partial::default();
    p.add(0, d);
    let (run_words, by_shard) = p.into_shards(1024);
    let mut words = Words::default();
    for w in &run_words {
        words.id(w);
    }
    let mut out = Vec::new();
    for (shard, keys) in by_shard.into_iter().enumerate() {
        for (key, postings) in keys {
            let text = key_text(key, &words);
            assert_eq!(shard as u32, key_hash(&text) & 1023, "shard of {text}");
            let lists = postings.by_rank(1);
            assert_eq!(lists.len(), 1, "{text} is listed once");
            out.push((text, u32::from(lists[0].0)));
        }
    }
    out
}

#[test]
fn keys_are_runs_of_up_to_three_units_with_their_best_rank() {
    let keys = keys_of(&fields("雄安", "京雄，PM2.5"));
    let mut keys: Vec<(&str, u32)> = keys.iter().map(|(k, r)| (k.as_str(), *r)).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            (".", 4),
            (". 5", 4),
            ("2", 4),
            ("2 .", 4),
            ("2 . 5", 4),
            ("5", 4),
            ("pm", 4),
            ("pm 2", 4),
            ("pm 2 .", 4),
            ("京", 4),
            ("京 雄", 4),
            ("安", 0),
            ("雄", 0),
            ("雄 安", 0),
        ]
    );
    let long = keys_of(&fields("", "京津冀协"));
    let texts: Vec<&str> = long.iter().map(|(k, _)| k.as_str()).collect();
    assert!(
        texts.contains(&"京 津 冀") && texts.contains(&"津 冀 协"),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|k| k.split(' ').count() > 3), "{texts:?}");
}

#[test]
fn lists_become_bitmaps_when_that_is_smaller() {
    let mut few = ArticleList::default();
    few.push(3, 125);
    few.push(900, 125);
    assert_eq!(few.encode(125), (0, vec![3, 0x81, 7]));
    let mut many = ArticleList::default();
    for d in 0..20 {
        many.push(d, 3);
    }
    assert_eq!(many.encode(3), (1, vec![0xff, 0xff, 0x0f]));
    let mut sparse = ArticleList::default();
    for d in [0, 9, 18] {
        sparse.push(d, 3);
    }
    assert_eq!(
        sparse.encode(3),
        (0, vec![0, 9, 9]),
        "not larger than the bitmap"
    );
}

#[test]
fn varints_and_hashes_are_stable() {
    let mut out = Vec::new();
    for v in [0, 127, 128, 300, 1 << 20] {
        varint(&mut out, v);
    }
    assert_eq!(out, [0, 127, 0x80, 1, 0xac, 2, 0x80, 0x80, 0x40]);
    // The same values search.js computes (tests/it/search.rs checks them in node).
    assert_eq!(key_hash("雄"), mix(FNV_START, '雄' as u32));
    assert_eq!(key_hash("pm"), mix(FNV_START, fnv1a(b"pm")));
    assert_eq!(key_hash("4 ."), mix(mix(FNV_START, '4' as u32), '.' as u32));
    assert_eq!(shard_count(0, 0), 1);
    assert_eq!(shard_count(40 * SHARD_TARGET, 1000), 64);
    // The default site: 19 KB of text makes 87 KB of index, not one shard.
    assert_eq!(shard_count(18_524, 12), 4);
    // Four briefs of 60 MB of text: two shards, not 1,024.
    assert_eq!(shard_count(240 << 20, 4), 2);
    // The benchmark's 10,000 briefs (55 MB of text, 11 MB of index): as before.
    assert_eq!(shard_count(54_883_312, 10_000), 1024);
}

#[test]
fn shards_hold_every_key_once() {
    let articles = [fields("甲", "京雄"), fields("乙", "京津")];
    let s = build(2, |i| articles[i].clone(), 2, Tongue::Plain);
    assert_eq!(s.files.len(), 2);
    // 甲 乙 京 雄 津, 京 雄, 京 津
    assert_eq!(s.keys, 7);
}

#[test]
fn lists_joined_are_the_lists_made_whole() {
    let all: Vec<(u32, u8)> = vec![
        (0, 4),
        (1, 0),
        (5, 2),
        (130, 4),
        (131, 1),
        (700, 3),
        (2000, 4),
    ];
    for split in 0..=all.len() {
        let mut whole = Postings::default();
        let (mut first, mut second) = (Postings::default(), Postings::default());
        for (i, &(d, rank)) in all.iter().enumerate() {
            whole.push(d, rank);
            if i < split {
                first.push(d, rank);
            } else {
                second.push(d, rank);
            }
        }
        first.append(second);
        assert_eq!(first.bytes, whole.bytes, "split at {split}");
        assert_eq!(first.next, whole.next, "split at {split}");
    }
    // Split by rank, each list holds its briefs in order.
    let mut p = Postings::default();
    for &(d, rank) in &all {
        p.push(d, rank);
    }
    let ranks: Vec<(u8, Vec<u32>)> = p
        .by_rank(1000)
        .into_iter()
        .map(|(rank, list)| (rank, list.articles()))
        .collect();
    assert_eq!(
        ranks,
        [
            (0, vec![1]),
            (1, vec![131]),
            (2, vec![5]),
            (3, vec![700]),
            (4, vec![0, 130, 2000])
        ]
    );
    // Small enough in the end, a list made a bitmap is written as a list.
    let mut small = ArticleList::default();
    small.push(3, 4);
    small.make_bitmap(4);
    assert_eq!(small.encode(4), (0, vec![3]));
}

#[test]
fn the_index_does_not_depend_on_the_number_of_threads() {
    let articles: Vec<ArticleFields> = (0..300)
        .map(|i| {
            fields(
                &format!("第{i}号 雄安新区 PM2.{}", i % 7),
                &format!(
                    "京津冀协同发展，{}。word{} 4254",
                    "生态".repeat(i % 5),
                    i % 13
                ),
            )
        })
        .collect();
    let with = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| build(articles.len(), |i| articles[i].clone(), 8, Tongue::Plain))
            .files
    };
    let one = with(1);
    assert_eq!(with(2), one);
    assert_eq!(with(3), one);
    assert_eq!(with(7), one);
}
