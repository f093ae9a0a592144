//! Every input kept under tests/fuzz/regressions/<target>/ (crashes the fuzzers found, and
//! hand-made tricky inputs) replayed through its fuzz target's checks.

use std::path::Path;

#[test]
fn kept_fuzz_inputs_pass_their_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/regressions");
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 5] = [
        ("front_matter", briefing::fuzzing::front_matter),
        ("fuzzy_date", briefing::fuzzing::fuzzy_date),
        ("markdown", briefing::fuzzing::markdown),
        ("slugs", briefing::fuzzing::slugs),
        ("tokenizer", briefing::fuzzing::tokenizer),
    ];
    let mut replayed = 0;
    for (name, check) in targets {
        let Ok(entries) = std::fs::read_dir(dir.join(name)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let bytes = std::fs::read(entry.path()).unwrap();
            check(&bytes);
            replayed += 1;
        }
    }
    assert!(replayed >= 5, "the kept inputs are there ({replayed})");
}
