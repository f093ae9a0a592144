//! Reading numbers as a Chinese text writes them: `4254亿元`, `近百亿元`, `十余个`, `5万余条`,
//! `约278万吨`, `2~6个月`, `82.4%`, `三期`, `超700万亩`, `一小时` — each as its value with the
//! magnitude (万, 亿) multiplied in, and the qualifier written around it (近 before, 余 after the
//! number and its magnitude, 以上 after the unit).

use crate::load::lists::{QUALIFIERS, QualifierPlace};

/// A number found in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Number {
    /// The value with its magnitude: `4254亿` is 425,400,000,000.
    pub value: f64,
    /// The qualifier around it (`近`, `余`, `以上`), if any.
    pub qualifier: Option<&'static str>,
    /// The words as written (`近百亿`, `5万余`).
    pub text: String,
}

const DIGITS: &str = "零〇一二两三四五六七八九";
const UNITS: &str = "十百千";
const MAGNITUDES: &str = "万亿";

fn magnitude(c: char) -> Option<f64> {
    match c {
        '万' => Some(1e4),
        '亿' => Some(1e8),
        _ => None,
    }
}

fn chinese_digit(c: char) -> Option<f64> {
    let v = match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    Some(f64::from(v))
}

fn unit(c: char) -> Option<f64> {
    match c {
        '十' => Some(10.0),
        '百' => Some(100.0),
        '千' => Some(1000.0),
        _ => None,
    }
}

/// A run of Chinese numerals (`三`, `十`, `一百二十`, `百亿`) as a value.
fn chinese_value(run: &[char]) -> f64 {
    let (mut total, mut section, mut digit) = (0.0, 0.0, None::<f64>);
    for &c in run {
        if let Some(d) = chinese_digit(c) {
            digit = Some(d);
        } else if let Some(u) = unit(c) {
            section += digit.unwrap_or(1.0) * u;
            digit = None;
        } else if let Some(m) = magnitude(c) {
            let part = section + digit.unwrap_or(0.0);
            let part = if part == 0.0 && total == 0.0 {
                1.0
            } else {
                part
            };
            total = if m == 1e8 {
                (total + part) * m
            } else {
                total + part * m
            };
            section = 0.0;
            digit = None;
        }
    }
    total + section + digit.unwrap_or(0.0)
}

/// Every number in `text`, in order.
pub(crate) fn numbers(text: &str) -> Vec<Number> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let value = if chars[i].is_ascii_digit() {
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit()
                    || (matches!(chars[j], '.' | ',')
                        && chars.get(j + 1).is_some_and(char::is_ascii_digit)))
            {
                j += 1;
            }
            let digits: String = chars[i..j].iter().filter(|c| **c != ',').collect();
            i = j;
            let mut v: f64 = digits.parse().unwrap_or(0.0);
            // A magnitude after digits: 5万, 4254亿, 3千万.
            while let Some(&c) = chars.get(i) {
                match magnitude(c).or(
                    if c == '千' && chars.get(i + 1).is_some_and(|n| magnitude(*n).is_some()) {
                        Some(1e3)
                    } else {
                        None
                    },
                ) {
                    Some(m) => {
                        v *= m;
                        i += 1;
                    }
                    None => break,
                }
            }
            v
        } else if chars[i] == '半' {
            // 半小时, 半年: a half.
            i += 1;
            0.5
        } else if DIGITS.contains(chars[i]) || UNITS.contains(chars[i]) {
            let mut j = i;
            while j < chars.len()
                && (DIGITS.contains(chars[j])
                    || UNITS.contains(chars[j])
                    || MAGNITUDES.contains(chars[j]))
            {
                j += 1;
            }
            i = j;
            chinese_value(&chars[start..j])
        } else {
            i += 1;
            continue;
        };
        let before: String = chars[start.saturating_sub(2)..start].iter().collect();
        let after: String = chars[i..(i + 6).min(chars.len())].iter().collect();
        let qualifier = QUALIFIERS.iter().find_map(|&(word, place)| {
            let found = match place {
                QualifierPlace::Before => before.ends_with(word),
                QualifierPlace::AfterNumber => after.starts_with(word),
                // After the unit: within the few characters that follow (700万亩以上).
                QualifierPlace::AfterUnit => {
                    after.chars().take(4).collect::<String>().contains(word)
                }
            };
            found.then_some(word)
        });
        // 将近 before 近: the longer word wins.
        let qualifier = match qualifier {
            Some("近") if before.ends_with("将近") => Some("将近"),
            Some("超") if before.ends_with("超过") => Some("超过"),
            q => q,
        };
        let mut text: String = chars[start..i].iter().collect();
        if let Some(q) = qualifier {
            text = match QUALIFIERS.iter().find(|(w, _)| *w == q).map(|(_, p)| *p) {
                Some(QualifierPlace::Before) => format!("{q}{text}"),
                _ => format!("{text}{q}"),
            };
        }
        out.push(Number {
            value,
            qualifier,
            text,
        });
    }
    out
}

/// The magnitude a unit starts with: `亿元` → 10⁸, `万亩` → 10⁴, `公里` → 1.
pub(crate) fn unit_magnitude(unit: &str) -> f64 {
    unit.chars().map_while(magnitude).product()
}

/// Whether two values are the same number (up to rounding in the last places).
pub(crate) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (f64, Option<&'static str>) {
        let n = numbers(text);
        assert!(!n.is_empty(), "no number in {text}");
        (n[0].value, n[0].qualifier)
    }

    #[test]
    fn reads_the_numbers_of_the_source() {
        assert_eq!(one("4254亿元"), (4254e8, None));
        assert_eq!(one("近百亿元"), (100e8, Some("近")));
        assert_eq!(one("十余个"), (10.0, Some("余")));
        assert_eq!(one("5万余条"), (5e4, Some("余")));
        assert_eq!(one("约278万吨"), (278e4, Some("约")));
        assert_eq!(one("82.4%"), (82.4, None));
        assert_eq!(one("86.3公里"), (86.3, None));
        assert_eq!(one("三期"), (3.0, None));
        assert_eq!(one("超700万亩"), (700e4, Some("超")));
        assert_eq!(one("一小时"), (1.0, None));
        assert_eq!(one("半小时直达"), (0.5, None));
        let range: Vec<f64> = numbers("2~6个月").iter().map(|n| n.value).collect();
        assert_eq!(range, [2.0, 6.0]);
        assert_eq!(one("一百二十个"), (120.0, None));
        assert_eq!(one("1,319家"), (1319.0, None));
        assert_eq!(one("700万亩以上"), (700e4, Some("以上")));
        assert_eq!(one("将近两万"), (2e4, Some("将近")));
    }

    #[test]
    fn tells_near_misses_apart() {
        assert!(!same(one("4245亿元").0, 4254.0 * unit_magnitude("亿元")));
        assert!(same(one("4254亿元").0, 4254.0 * unit_magnitude("亿元")));
        assert_ne!(one("约100亿元").1, Some("近"));
        assert!(!same(one("5亿条").0, 5.0 * unit_magnitude("万条")));
        assert_eq!(unit_magnitude("公里"), 1.0);
    }
}
