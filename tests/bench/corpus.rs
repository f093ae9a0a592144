//! Benchmark corpus generator (an example, not a test; `tests/bench/run.sh` does the timing).
//!
//! `cargo run --release --example corpus -- /tmp/corpus 10000` writes a synthetic site shaped like the one in `../shared/ANCHORS.md`: Chinese articles of
//! 800–2,500 characters with headings and lists, tables in ~30 %, code in ~10 %, 1–3 links to
//! other articles, 1–2 of 5 domains, 2–5 of 200 tags, 0–3 milestones with fuzzy dates, figures.

#![allow(clippy::unwrap_used)] // tests (and this benchmark tool) report by panicking

use std::fmt::Write as _;
use std::path::PathBuf;

/// xorshift64*: deterministic, so every run times the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const DOMAINS: &[&str] = &["ecology", "transport", "industry", "innovation", "safety"];
const WORDS: &[&str] = &[
    "京津冀",
    "协同发展",
    "生态环境",
    "联防联控",
    "交通一体化",
    "产业协作",
    "科技创新",
    "安全应急",
    "雄安新区",
    "重点举措",
    "落地见效",
    "先进制造业",
    "集群",
    "实验室",
    "成果转化",
    "公共服务",
    "互联互通",
    "绿色低碳",
    "都市圈",
    "要素流动",
    "营商环境",
    "人才",
    "规划",
    "示范项目",
];

fn sentence(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..(6 + rng.below(8)) {
        s.push_str(rng.pick(WORDS));
    }
    s.push_str(&format!("，完成{}项任务。", 10 + rng.below(900)));
    s
}

fn article(i: usize, n: usize, rng: &mut Rng) -> String {
    let d1 = rng.pick(DOMAINS);
    let mut domains = vec![d1];
    if rng.below(2) == 0 {
        let d2 = rng.pick(DOMAINS);
        if d2 != d1 {
            domains.push(d2);
        }
    }
    let tags: Vec<String> = (0..2 + rng.below(4))
        .map(|_| format!("标签{}", rng.below(200)))
        .collect();
    let (y, m, d) = (2020 + rng.below(7), 1 + rng.below(12), 1 + rng.below(28));
    let mut fm = format!(
        "---\ntitle: 简报{i}：{}\ndate: {y}-{m:02}-{d:02}\ndomains: [{}]\nregions: [hebei]\ntags: [{}]\nsource: 测试来源\n",
        rng.pick(WORDS),
        domains.join(", "),
        tags.join(", ")
    );
    let ms = rng.below(4);
    if ms > 0 {
        fm.push_str("milestones:\n");
        for k in 0..ms {
            let date = match rng.below(5) {
                0 => format!("{}", 2024 + rng.below(4)),
                1 => format!("{}-H{}", 2024 + rng.below(4), 1 + rng.below(2)),
                2 => format!("{}-Q{}", 2024 + rng.below(4), 1 + rng.below(4)),
                3 => format!("{}-{:02}", 2024 + rng.below(4), 1 + rng.below(12)),
                _ => format!(
                    "{}-{:02}-{:02}",
                    2024 + rng.below(4),
                    1 + rng.below(12),
                    1 + rng.below(28)
                ),
            };
            let _ = writeln!(fm, "  - {{date: {date}, title: 节点{i}-{k}, status: done}}");
        }
    }
    let _ = write!(
        fm,
        "figures:\n  - {{label: 指标{i}, value: {}.{}, unit: 亿元, year: {y}}}\n---\n",
        rng.below(5000),
        rng.below(10)
    );
    let mut body = String::new();
    let target = 800 + rng.below(1700) as usize;
    let mut section = 0;
    while body.chars().count() < target {
        section += 1;
        let _ = write!(body, "\n## 第{section}部分 {}\n\n", rng.pick(WORDS));
        for _ in 0..3 {
            body.push_str(&sentence(rng));
        }
        body.push_str("\n\n- ");
        body.push_str(&sentence(rng));
        body.push_str("\n- ");
        body.push_str(&sentence(rng));
        body.push('\n');
    }
    if rng.below(10) < 3 {
        body.push_str("\n| 指标 | 数值 |\n|---|---|\n| 甲 | 1 |\n| 乙 | 2 |\n");
    }
    if rng.below(10) == 0 {
        body.push_str("\n```rust\nfn main() { println!(\"hi\"); }\n```\n");
    }
    for _ in 0..1 + rng.below(3) {
        let j = rng.below(n as u64);
        let _ = write!(body, "\n参见[简报{j}](a{j}.md)。\n");
    }
    fm + &body
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: corpus DIR [N]   (writes a synthetic site of N articles, default 10000)");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    if dir.join("site.yaml").exists() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    std::fs::create_dir_all(dir.join("content")).unwrap();
    let domains: String = DOMAINS
        .iter()
        .map(|d| format!("  - {{key: {d}, name: {d}}}\n"))
        .collect();
    std::fs::write(
        dir.join("site.yaml"),
        format!("title: 基准测试\nbase_url: https://example.github.io/bench/\nas_of: 2026-06-15\ndomains:\n{domains}regions:\n  - {{key: hebei, name: 河北}}\n"),
    )
    .unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..n {
        std::fs::write(
            dir.join("content").join(format!("a{i}.md")),
            article(i, n, &mut rng),
        )
        .unwrap();
    }
}
