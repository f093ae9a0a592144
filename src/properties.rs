//! Properties that must hold for every input, checked on random ones (proptest): fuzzy dates
//! order totally and by their start, slugs are stable and safe, escaping round-trips, and the
//! search tokenizer finds every substring of a text.

use proptest::prelude::*;

use crate::date::FuzzyDate;
use crate::search::token::{query_runs, tokenize};
use crate::slug::{heading_id, slug_problem, tag_slug};
use crate::text::{escape_html, unescape_html};

/// A fuzzy date in every form: 2026, 2026-H2, 2026-Q3, 2026-05, 2026-05-10.
fn fuzzy() -> impl Strategy<Value = FuzzyDate> {
    (1990i32..2100, 0u8..5, 1u32..13, 1u32..29).prop_map(|(y, kind, m, d)| {
        let text = match kind {
            0 => format!("{y}"),
            1 => format!("{y}-H{}", m % 2 + 1),
            2 => format!("{y}-Q{}", m % 4 + 1),
            3 => format!("{y}-{m:02}"),
            _ => format!("{y}-{m:02}-{d:02}"),
        };
        FuzzyDate::parse(&text).expect("generated dates are valid")
    })
}

proptest! {
    #[test]
    fn fuzzy_dates_order_totally_and_by_start(a in fuzzy(), b in fuzzy(), c in fuzzy()) {
        // Antisymmetric and transitive: a total order.
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
        // Consistent with the periods: an earlier start sorts first.
        if a.start() < b.start() {
            prop_assert!(a < b, "{} before {}", a.code(), b.code());
        }
        prop_assert!(a.start() <= a.end());
    }

    #[test]
    fn slugs_are_stable_and_safe(name in "\\PC{0,40}") {
        let slug = tag_slug(&name);
        prop_assert_eq!(tag_slug(&slug), slug.clone());
        prop_assert_eq!(slug_problem(&slug), None, "{:?} gave {:?}", name, slug);
        let id = heading_id(&name);
        prop_assert_eq!(heading_id(&id), id);
    }

    #[test]
    fn escaping_round_trips_and_leaves_no_markup(text in "\\PC{0,60}") {
        let escaped = escape_html(&text);
        prop_assert!(!escaped.contains(['<', '>', '"', '\'']));
        prop_assert_eq!(unescape_html(&escaped), text);
    }

    #[test]
    fn every_cjk_or_number_substring_is_found_where_it_stands(
        text in "[京津冀雄安新区生态协同发展，。 0-9.]{1,40}",
        from in 0usize..40,
        len in 1usize..8,
    ) {
        let chars: Vec<char> = text.chars().collect();
        let from = from % chars.len();
        let q: String = chars[from..(from + len).min(chars.len())].iter().collect();
        let units = tokenize(&text);
        for run in query_runs(&q) {
            let found = (0..units.len()).any(|i| {
                run.iter().enumerate().all(|(j, u)| {
                    units.get(i + j).is_some_and(|t| &t.text == u && t.pos == units[i].pos + j as u32)
                })
            });
            prop_assert!(found, "{:?} in {:?}", run, text);
        }
    }
}
