//! Date and time cells of bank statements: one pass over the bytes, no
//! allocation. They run on every row of multi-million-row statements, which
//! is why they are hand-written here instead of trying a list of `chrono`
//! formats per cell; anything they do not recognise falls back to
//! `normalize::date`. Amounts and directions use `normalize` directly
//! (see `cells`).

use crate::normalize::{self, Parsed};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// Up to 7 digit groups of a date/time cell ("2024-01-05 10:12:33" →
/// [2024,1,5,10,12,33]), with the length of each group.
fn groups(s: &str) -> ([u64; 7], [u8; 7], usize, bool) {
    let mut v = [0u64; 7];
    let mut len = [0u8; 7];
    let mut n = 0usize;
    let mut in_num = false;
    let mut other = false;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => Some(c as u64 - '0' as u64),
            '０'..='９' => Some(c as u64 - '０' as u64),
            _ => None,
        };
        match d {
            Some(d) => {
                if !in_num {
                    if n == v.len() {
                        other = true;
                        break;
                    }
                    n += 1;
                    in_num = true;
                }
                if let (Some(x), Some(l)) = (v.get_mut(n - 1), len.get_mut(n - 1)) {
                    if *l < 18 {
                        *x = *x * 10 + d;
                    }
                    *l = l.saturating_add(1);
                }
            }
            None => {
                in_num = false;
                if c.is_alphabetic() && !matches!(c, '年' | '月' | '日' | '时' | '分' | '秒' | 'T' | '点') {
                    other = true;
                }
            }
        }
    }
    (v, len, n, other)
}

fn split_date(x: u64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt((x / 10000) as i32, ((x / 100) % 100) as u32, (x % 100) as u32)
}
fn split_time(x: u64) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt((x / 10000) as u32, ((x / 100) % 100) as u32, (x % 100) as u32)
}

/// A date or date-time cell: `2024-01-05`, `2024/1/5 10:12`, `2024.01.05`,
/// `2024年1月5日`, `20240105`, `20240105101233`, `20240105 101233`, Excel
/// serials (`45296.43`). `None` when it is none of them.
pub fn datetime(raw: &str) -> Option<NaiveDateTime> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    let (v, len, n, other) = groups(t);
    if other {
        return fallback(t);
    }
    let g = |i: usize| v.get(i).copied().unwrap_or(0);
    let l = |i: usize| len.get(i).copied().unwrap_or(0);
    let (date, rest) = match (n, l(0)) {
        (1, 14) => (split_date(g(0) / 1_000_000), split_time(g(0) % 1_000_000).map(|x| (x, 0))),
        (1 | 2, 8) => {
            let d = split_date(g(0));
            let tm = if n == 2 && l(1) >= 4 { split_time(if l(1) == 4 { g(1) * 100 } else { g(1) }) } else { None };
            (d, tm.map(|x| (x, 0)))
        }
        // Excel serial day number, optionally with a fraction of a day.
        (1 | 2, 5) if !t.contains(['-', '/', '年']) => return excel_serial(t),
        (3.., 4) => {
            let d = NaiveDate::from_ymd_opt(g(0) as i32, g(1) as u32, g(2) as u32);
            let tm = if n >= 5 {
                NaiveTime::from_hms_opt(g(3) as u32, g(4) as u32, if n >= 6 { g(5) as u32 } else { 0 })
            } else if n == 4 && l(3) == 6 {
                split_time(g(3))
            } else {
                None
            };
            (d, tm.map(|x| (x, 0)))
        }
        _ => return fallback(t),
    };
    let d = date?;
    Some(d.and_time(rest.map(|(x, _)| x).unwrap_or(NaiveTime::MIN)))
}

fn excel_serial(t: &str) -> Option<NaiveDateTime> {
    let f: f64 = t.trim().parse().ok()?;
    if !(1.0..2_958_466.0).contains(&f) {
        return None;
    }
    // 1900 system with Excel's fake 1900-02-29: serial 60 does not exist.
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let days = if f < 61.0 { f + 1.0 } else { f };
    let secs = (days * 86400.0).round() as i64;
    base.checked_add_signed(Duration::seconds(secs))
}

fn fallback(t: &str) -> Option<NaiveDateTime> {
    match normalize::date::parse_datetime(t) {
        Parsed::Value(d) => Some(d),
        _ => None,
    }
}

/// A time-of-day cell: `10:12:33`, `10:12`, `101233`, `1012`, `10时12分`.
pub fn time_of_day(raw: &str) -> Option<NaiveTime> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    let (v, len, n, _) = groups(t);
    let g = |i: usize| v.get(i).copied().unwrap_or(0) as u32;
    match (n, len.first().copied().unwrap_or(0)) {
        (1, 5 | 6) => split_time(v[0]),
        (1, 3 | 4) => split_time(v[0] * 100),
        (2.., _) => NaiveTime::from_hms_opt(g(0), g(1), if n >= 3 { g(2) } else { 0 }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> String {
        datetime(s).map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default()
    }

    #[test]
    fn dates_in_bank_forms() {
        assert_eq!(dt("2024-01-05 10:12:33"), "2024-01-05 10:12:33");
        assert_eq!(dt("2024/1/5 9:03"), "2024-01-05 09:03:00");
        assert_eq!(dt("2024.01.05"), "2024-01-05 00:00:00");
        assert_eq!(dt("2024年1月5日"), "2024-01-05 00:00:00");
        assert_eq!(dt("20240105"), "2024-01-05 00:00:00");
        assert_eq!(dt("20240105101233"), "2024-01-05 10:12:33");
        assert_eq!(dt("20240105 101233"), "2024-01-05 10:12:33");
        assert_eq!(dt("2024-01-05T10:12:33"), "2024-01-05 10:12:33");
        assert_eq!(dt("45296.5"), "2024-01-05 12:00:00");
        assert_eq!(dt("2024-02-30"), "");
        assert_eq!(dt("abc"), "");
        assert_eq!(time_of_day("123456"), NaiveTime::from_hms_opt(12, 34, 56));
        assert_eq!(time_of_day("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
    }
}
