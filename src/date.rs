//! Dates: exact calendar dates (`2026-06-10`) and fuzzy periods for milestones
//! (`2026`, `2026-H2`, `2026-Q1`, `2026-05`, `2026-05-10`).
//!
//! Order of fuzzy dates (documented in `docs/content.md`): by the first day of the period, then
//! the coarser period first (a year before its first half, before its first quarter, before
//! January, before January 1st). So `2026` < `2026-H1` < `2026-Q1` < `2026-01` < `2026-01-01`
//! < `2026-Q2` < `2026-H2` < `2026-07`.

use std::fmt;

/// A valid calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub(crate) fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, explaining what is wrong when it is not a real date.
    pub(crate) fn parse(s: &str) -> Result<Date, String> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let shape_ok = parts.len() == 3
            && parts[0].len() == 4
            && parts[1].len() == 2
            && parts[2].len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !shape_ok {
            return Err(match written_as_code(s).filter(|c| c.len() == 10) {
                Some(code) => format!("`{s}` is not a date in the form YYYY-MM-DD: write `{code}`"),
                None => format!("`{s}` is not a date in the form YYYY-MM-DD"),
            });
        }
        let (y, m, d) = (
            parts[0].parse::<i32>().unwrap_or(0),
            parts[1].parse::<u32>().unwrap_or(0),
            parts[2].parse::<u32>().unwrap_or(0),
        );
        if !(1..=12).contains(&m) {
            return Err(format!("`{s}` has month {m}; months go from 01 to 12"));
        }
        Date::new(y, m, d).ok_or_else(|| {
            format!(
                "`{s}` is not a real date: {y}-{m:02} has {} days",
                days_in_month(y, m)
            )
        })
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    pub(crate) fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (the inverse of [`Date::to_days`], for its tests).
    #[cfg(test)]
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// RFC 3339 timestamp at midnight UTC, for feeds and sitemaps.
    pub(crate) fn rfc3339(self) -> String {
        format!("{self}T00:00:00Z")
    }
}

/// The date it is now in `tz`: `SOURCE_DATE_EPOCH` (seconds since 1970, for reproducible
/// builds) if set, else the system clock. The zone matters: at 00:10 in Beijing it is still
/// yesterday in UTC.
pub(crate) fn today_in(tz: &jiff::tz::TimeZone) -> Date {
    date_in(instant(), tz)
}

/// The build's "now": `SOURCE_DATE_EPOCH` if set (reproducible builds), else the clock.
fn instant() -> jiff::Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

/// Now in `tz`: the day, and the minutes since its midnight (for briefs published at a time).
pub(crate) fn now_in(tz: &jiff::tz::TimeZone) -> (Date, u32) {
    let at = instant();
    let local = at.to_zoned_datetime(tz.clone());
    let minutes = local.hour() as u32 * 60 + local.minute() as u32;
    (date_in(at, tz), minutes)
}

/// The calendar date of an instant in `tz`.
pub(crate) fn date_in(at: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> Date {
    let local = at.to_zoned_datetime(tz.clone());
    Date {
        year: i32::from(local.year()),
        month: local.month() as u32,
        day: local.day() as u32,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How precise a fuzzy date is. The declaration order is the tie-break order: coarser first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Precision {
    Year,
    Half(u8),
    Quarter(u8),
    Month(u32),
    Day(u32, u32),
}

/// A milestone date: a year, half, quarter, month or day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct FuzzyDate {
    pub year: i32,
    pub precision: Precision,
}

/// A date written another common way, as briefing writes it: `2026年6月10日` → `2026-06-10`,
/// `2026年6月` → `2026-06`, `2026年下半年` → `2026-H2`, `2026年第三季度` → `2026-Q3`,
/// `2026年` → `2026`, `2026/6/10` or `2026.6.10` → `2026-06-10`. `None` when `s` is none of
/// these, or names no real date.
pub(crate) fn written_as_code(s: &str) -> Option<String> {
    let s = s.trim();
    let year = s
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?;
    let rest = s[4..].trim_end_matches(['日', '号']);
    let number = |t: &str| -> Option<u32> {
        (!t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let code = if let Some(after) = rest.strip_prefix('年') {
        match after {
            "" => year.to_string(),
            "上半年" => format!("{year}-H1"),
            "下半年" => format!("{year}-H2"),
            _ if after.ends_with("季度") => {
                let q = after.trim_start_matches('第').trim_end_matches("季度");
                let n = ["一", "二", "三", "四"]
                    .iter()
                    .position(|c| *c == q)
                    .map(|i| i as u32 + 1)
                    .or_else(|| number(q))?;
                format!("{year}-Q{n}")
            }
            _ => {
                let (m, d) = after.split_once('月')?;
                let month = number(m)?;
                if d.is_empty() {
                    format!("{year}-{month:02}")
                } else {
                    format!("{year}-{month:02}-{:02}", number(d)?)
                }
            }
        }
    } else {
        let sep = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '/' | '.' | '-'))?;
        let parts: Vec<&str> = rest[1..].split(sep).collect();
        match parts.as_slice() {
            [m] => format!("{year}-{:02}", number(m)?),
            [m, d] => format!("{year}-{:02}-{:02}", number(m)?, number(d)?),
            _ => return None,
        }
    };
    (code != s && FuzzyDate::parse(&code).is_ok()).then_some(code)
}

impl FuzzyDate {
    pub(crate) fn parse(s: &str) -> Result<FuzzyDate, String> {
        let s = s.trim();
        let expected = "expected YYYY, YYYY-H1/H2, YYYY-Q1..Q4, YYYY-MM or YYYY-MM-DD";
        let bad = || match written_as_code(s) {
            Some(code) => format!("`{s}` is not a milestone date: write `{code}`"),
            None => format!("`{s}` is not a milestone date ({expected})"),
        };
        let Some((year_s, rest)) = s.get(..4).zip(s.get(4..)) else {
            return Err(bad());
        };
        if !year_s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year_s.parse().map_err(|_| bad())?;
        let precision = match rest {
            "" => Precision::Year,
            _ => {
                let Some(tail) = rest.strip_prefix('-') else {
                    return Err(bad());
                };
                let upper = tail.to_ascii_uppercase();
                if let Some(h) = upper.strip_prefix('H') {
                    match h {
                        "1" => Precision::Half(1),
                        "2" => Precision::Half(2),
                        _ => return Err(format!("`{s}`: a year has two halves, H1 and H2")),
                    }
                } else if let Some(q) = upper.strip_prefix('Q') {
                    match q.parse::<u8>() {
                        Ok(n @ 1..=4) if q.len() == 1 => Precision::Quarter(n),
                        _ => return Err(format!("`{s}`: a year has four quarters, Q1 to Q4")),
                    }
                } else if tail.len() == 2 && tail.bytes().all(|b| b.is_ascii_digit()) {
                    let m: u32 = tail.parse().map_err(|_| bad())?;
                    if !(1..=12).contains(&m) {
                        return Err(format!("`{s}` has month {m}; months go from 01 to 12"));
                    }
                    Precision::Month(m)
                } else if tail.len() == 5 {
                    let d = Date::parse(s)?;
                    Precision::Day(d.month, d.day)
                } else {
                    return Err(bad());
                }
            }
        };
        Ok(FuzzyDate { year, precision })
    }

    pub(crate) fn from_year(year: i64) -> Result<FuzzyDate, String> {
        if (1000..=9999).contains(&year) {
            Ok(FuzzyDate {
                year: year as i32,
                precision: Precision::Year,
            })
        } else {
            Err(format!("`{year}` is not a four-digit year"))
        }
    }

    /// First day of the period.
    pub(crate) fn start(&self) -> Date {
        let (m, d) = match self.precision {
            Precision::Year => (1, 1),
            Precision::Half(h) => (if h == 1 { 1 } else { 7 }, 1),
            Precision::Quarter(q) => (u32::from(q) * 3 - 2, 1),
            Precision::Month(m) => (m, 1),
            Precision::Day(m, d) => (m, d),
        };
        Date {
            year: self.year,
            month: m,
            day: d,
        }
    }

    /// Last day of the period.
    pub(crate) fn end(&self) -> Date {
        let y = self.year;
        let m = match self.precision {
            Precision::Year => 12,
            Precision::Half(h) => u32::from(h) * 6,
            Precision::Quarter(q) => u32::from(q) * 3,
            Precision::Month(m) => m,
            Precision::Day(m, d) => {
                return Date {
                    year: y,
                    month: m,
                    day: d,
                };
            }
        };
        Date {
            year: y,
            month: m,
            day: days_in_month(y, m),
        }
    }

    /// Sort key: start of the period, then coarser first.
    pub(crate) fn sort_key(&self) -> (Date, u8) {
        let rank = match self.precision {
            Precision::Year => 0,
            Precision::Half(_) => 1,
            Precision::Quarter(_) => 2,
            Precision::Month(_) => 3,
            Precision::Day(..) => 4,
        };
        (self.start(), rank)
    }

    /// The machine form, as written in front matter (`2026-H2`).
    pub(crate) fn code(&self) -> String {
        let y = self.year;
        match self.precision {
            Precision::Year => format!("{y:04}"),
            Precision::Half(h) => format!("{y:04}-H{h}"),
            Precision::Quarter(q) => format!("{y:04}-Q{q}"),
            Precision::Month(m) => format!("{y:04}-{m:02}"),
            Precision::Day(m, d) => format!("{y:04}-{m:02}-{d:02}"),
        }
    }

    /// The kind of period, used to pick the display pattern (`year`, `half`, …).
    pub(crate) fn kind(&self) -> &'static str {
        match self.precision {
            Precision::Year => "year",
            Precision::Half(_) => "half",
            Precision::Quarter(_) => "quarter",
            Precision::Month(_) => "month",
            Precision::Day(..) => "day",
        }
    }
}

impl PartialOrd for FuzzyDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FuzzyDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_counted_in_the_site_time_zone() {
        // 2026-06-09 16:10 UTC is 2026-06-10 00:10 in Beijing.
        let at = jiff::Timestamp::from_second(1_781_021_400).unwrap();
        let beijing = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
        assert_eq!(date_in(at, &beijing).to_string(), "2026-06-10");
        assert_eq!(
            date_in(at, &jiff::tz::TimeZone::UTC).to_string(),
            "2026-06-09"
        );
    }

    #[test]
    fn parses_every_fuzzy_form() {
        let cases = [
            ("2026", Ok("2026")),
            ("2026-H2", Ok("2026-H2")),
            ("2026-h1", Ok("2026-H1")),
            ("2026-Q3", Ok("2026-Q3")),
            ("2026-05", Ok("2026-05")),
            ("2026-05-10", Ok("2026-05-10")),
            ("2026-H3", Err("two halves")),
            ("2026-Q5", Err("four quarters")),
            ("2026-13", Err("month 13")),
            ("2026-02-30", Err("not a real date")),
            ("26-05", Err("not a milestone date")),
            ("下半年", Err("not a milestone date")),
            ("2026年6月", Err("write `2026-06`")),
            ("2026年6月10日", Err("write `2026-06-10`")),
            ("2026年下半年", Err("write `2026-H2`")),
            ("2026年第三季度", Err("write `2026-Q3`")),
            ("2026年4季度", Err("write `2026-Q4`")),
            ("2026年", Err("write `2026`")),
            ("2026/6/1", Err("write `2026-06-01`")),
            ("2026.06", Err("write `2026-06`")),
            ("2026-6-1", Err("write `2026-06-01`")),
            ("2026年13月", Err("(expected YYYY")),
            ("2026年2月30日", Err("(expected YYYY")),
        ];
        for (input, expected) in cases {
            match (FuzzyDate::parse(input), expected) {
                (Ok(d), Ok(code)) => assert_eq!(d.code(), code, "{input}"),
                (Err(e), Err(part)) => assert!(e.contains(part), "{input}: {e}"),
                (got, want) => panic!("{input}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn orders_by_start_then_coarser_first() {
        let mut dates: Vec<FuzzyDate> = [
            "2026-07",
            "2026-H2",
            "2026-01-01",
            "2026-Q2",
            "2026",
            "2026-01",
            "2026-Q1",
            "2026-H1",
            "2025-12-31",
        ]
        .iter()
        .map(|s| FuzzyDate::parse(s).unwrap())
        .collect();
        dates.sort();
        let codes: Vec<String> = dates.iter().map(FuzzyDate::code).collect();
        assert_eq!(
            codes,
            [
                "2025-12-31",
                "2026",
                "2026-H1",
                "2026-Q1",
                "2026-01",
                "2026-01-01",
                "2026-Q2",
                "2026-H2",
                "2026-07"
            ]
        );
    }

    #[test]
    fn periods_have_the_right_ends() {
        let end = |s: &str| FuzzyDate::parse(s).unwrap().end().to_string();
        assert_eq!(end("2026-H1"), "2026-06-30");
        assert_eq!(end("2028-02"), "2028-02-29");
        assert_eq!(end("2026-Q4"), "2026-12-31");
        assert_eq!(end("2026"), "2026-12-31");
    }

    #[test]
    fn exact_dates_validate_and_round_trip_through_days() {
        assert!(
            Date::parse("2026-02-30")
                .unwrap_err()
                .contains("has 28 days")
        );
        assert!(Date::parse("2026/02/03").is_err());
        for s in ["1970-01-01", "2000-02-29", "2026-11-28", "1969-12-31"] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_days(d.to_days()), d);
        }
    }
}
