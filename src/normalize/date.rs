//! Dates and times: `2019-03-05`, `2019/3/5`, `2019.03.05`, `20190305`,
//! `2019年3月5日`, optional time (`14:08`, `14:08:00`, `T14:08`), full-width
//! digits, compact `20240101` + `123456`, Excel serials.
//!
//! Excel serials in text cells: a bare number is taken as a serial only when
//! its whole part has 5 digits in 20000..=80000 (1954-10-03 … 2119-01-10).
//! Other numbers (`43`, `201903`) are too ambiguous in a date column and are
//! `Invalid`; 8 digits are read as `yyyymmdd`.

use super::Parsed;
use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime};

/// Years accepted in text; anything outside is a typo or another number.
const YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;
const SERIAL_TEXT: std::ops::RangeInclusive<u32> = 20_000..=80_000;

pub fn parse_date(raw: &str) -> Parsed<NaiveDate> {
    parse_datetime_inner(raw).map(|(d, _)| d.date())
}

pub fn parse_datetime(raw: &str) -> Parsed<NaiveDateTime> {
    parse_datetime_inner(raw).map(|(d, _)| d)
}

/// `hh:mm:ss`, `hh:mm`, `hhmmss`, `hmmss`, `hh时mm分ss秒`, or an Excel day fraction (`0.5`).
pub fn parse_time(raw: &str) -> Parsed<NaiveTime> {
    let t = super::compact(raw);
    if t.is_empty() || super::nulls::is_null(&t) {
        return Parsed::Empty;
    }
    match time_of(&t) {
        Some(x) => Parsed::Value(x),
        None => Parsed::Invalid("不是时间".into()),
    }
}

/// Date and time split across two columns (`20240101` + `123456`). An empty
/// time means midnight; an unreadable one makes the whole value `Invalid`.
pub fn combine(date_raw: &str, time_raw: &str) -> Parsed<NaiveDateTime> {
    match (parse_date(date_raw), parse_time(time_raw)) {
        (Parsed::Value(d), Parsed::Value(t)) => Parsed::Value(d.and_time(t)),
        (Parsed::Value(d), Parsed::Empty) => Parsed::Value(d.and_time(NaiveTime::MIN)),
        (Parsed::Value(_), _) => Parsed::Invalid("时间无效".into()),
        (other, _) => other.map(|d| d.and_time(NaiveTime::MIN)),
    }
}

/// An Excel serial date. 1900 system: 1 = 1900-01-01, 60 is Excel's
/// non-existent 1900-02-29 (→ `None`), so serials before it are one day off
/// from those after it. 1904 system: 0 = 1904-01-01. Fractions are the time of
/// day, rounded to the second.
pub fn from_excel_serial(serial: f64, is_1904: bool) -> Option<NaiveDateTime> {
    if !serial.is_finite() || serial < 0.0 {
        return None;
    }
    let days = serial.floor();
    let (epoch, max) = if is_1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1)?, 2_957_003.0)
    } else if days < 1.0 || days == 60.0 {
        return None;
    } else if days < 60.0 {
        (NaiveDate::from_ymd_opt(1899, 12, 31)?, 59.0)
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 30)?, 2_958_465.0)
    };
    if days > max {
        return None;
    }
    let secs = ((serial - days) * 86_400.0).round() as i64;
    let start = epoch.checked_add_signed(Duration::days(days as i64))?.and_time(NaiveTime::MIN);
    start.checked_add_signed(Duration::seconds(secs))
}

/// `d` plus `n` calendar months, clamped to the end of the month
/// (31 Jan + 1 month = 28/29 Feb). Saturates at chrono's limits.
pub fn add_months_clamped(d: NaiveDate, n: i32) -> NaiveDate {
    let m = Months::new(n.unsigned_abs());
    let r = if n >= 0 { d.checked_add_months(m) } else { d.checked_sub_months(m) };
    r.unwrap_or(if n >= 0 { NaiveDate::MAX } else { NaiveDate::MIN })
}

/// The value and whether a time of day was written.
fn parse_datetime_inner(raw: &str) -> Parsed<(NaiveDateTime, bool)> {
    // Fast path for the ISO forms most exports use: `2019-03-05`, `2019-03-05 14:08:00`.
    if let Some(v) = iso_fast(raw.as_bytes()) {
        return Parsed::Value(v);
    }
    // Spaces separate date and time, so keep one; drop the rest.
    let norm: String = super::compact_keep_space(raw);
    let t = norm.trim();
    if t.is_empty() || super::nulls::is_null(t) {
        return Parsed::Empty;
    }
    match datetime_of(t) {
        Ok(v) => Parsed::Value(v),
        Err(why) => Parsed::Invalid(why),
    }
}

fn iso_fast(b: &[u8]) -> Option<(NaiveDateTime, bool)> {
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let d = b.get(r)?;
        d.iter().all(u8::is_ascii_digit).then(|| d.iter().fold(0u32, |a, x| a * 10 + u32::from(x - b'0')))
    };
    let sep = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(b.len() == 10 || b.len() == 19) || !sep(4, b'-') || !sep(7, b'-') {
        return None;
    }
    let y = num(0..4)? as i32;
    if !YEARS.contains(&y) {
        return None;
    }
    let d = NaiveDate::from_ymd_opt(y, num(5..7)?, num(8..10)?)?;
    if b.len() == 10 {
        return Some((d.and_time(NaiveTime::MIN), false));
    }
    if !(sep(10, b' ') || sep(10, b'T')) || !sep(13, b':') || !sep(16, b':') {
        return None;
    }
    let t = NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?;
    Some((d.and_time(t), true))
}

fn datetime_of(t: &str) -> Result<(NaiveDateTime, bool), String> {
    // Bare numbers: yyyymmdd, yyyymmddhhmmss, or a serial in a plausible range.
    if t.bytes().all(|b| b.is_ascii_digit() || b == b'.') && t.bytes().filter(|b| *b == b'.').count() <= 1 {
        return number_of(t);
    }
    // Split the date part from the time part at the first space or `T`.
    let (date_part, time_part) = match t.find([' ', 'T']) {
        Some(i) => (t.get(..i).unwrap_or(t), t.get(i + 1..).map(str::trim).unwrap_or("")),
        None => (t, ""),
    };
    let (date_part, time_part) = split_chinese_date(date_part, time_part);
    // ISO offsets (`Z`, `+08:00`, `+0800`): the local time is what was written.
    let time_part = strip_offset(time_part);
    let d = ymd_of(date_part)?;
    if time_part.is_empty() {
        return Ok((d.and_time(NaiveTime::MIN), false));
    }
    let time = time_of(time_part).ok_or_else(|| format!("时间部分“{time_part}”无法识别"))?;
    Ok((d.and_time(time), true))
}

fn strip_offset(t: &str) -> &str {
    let t = t.strip_suffix('Z').unwrap_or(t);
    match t.rfind(['+', '-']) {
        Some(i) if t.len() - i >= 5 && t.get(i + 1..).is_some_and(|o| o.bytes().all(|b| b.is_ascii_digit() || b == b':')) => {
            t.get(..i).unwrap_or(t).trim()
        }
        _ => t,
    }
}

/// `2019年3月5日14时08分` has no separator between date and time.
fn split_chinese_date<'a>(date_part: &'a str, time_part: &'a str) -> (&'a str, &'a str) {
    if time_part.is_empty() {
        if let Some(i) = date_part.find('日') {
            let (d, rest) = date_part.split_at(i + '日'.len_utf8());
            return (d, rest);
        }
    }
    (date_part, time_part)
}

fn number_of(t: &str) -> Result<(NaiveDateTime, bool), String> {
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty() {
        return Err(format!("“{t}”不是日期"));
    }
    match (int.len(), frac.is_empty()) {
        (8, true) => Ok((ymd(int.get(..4), int.get(4..6), int.get(6..8))?.and_time(NaiveTime::MIN), false)),
        (14, true) => {
            let d = ymd(int.get(..4), int.get(4..6), int.get(6..8))?;
            let time = int.get(8..).and_then(time_of).ok_or_else(|| format!("“{t}”中的时间不存在"))?;
            Ok((d.and_time(time), true))
        }
        (5, _) => {
            let n: u32 = int.parse().map_err(|_| format!("“{t}”不是日期"))?;
            if !SERIAL_TEXT.contains(&n) {
                return Err(format!("“{t}”不在 Excel 日期序号的合理范围内"));
            }
            let v: f64 = t.parse().map_err(|_| format!("“{t}”不是日期"))?;
            let dt = from_excel_serial(v, false).ok_or_else(|| format!("“{t}”不是日期"))?;
            Ok((dt, !frac.trim_end_matches('0').is_empty()))
        }
        _ => Err(format!("“{t}”不是日期")),
    }
}

/// `2019-03-05`, `2019/3/5`, `2019.03.05`, `2019年3月5日`, `2019-3-5`.
fn ymd_of(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim_end_matches('日').trim_end_matches('号');
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => ymd(Some(y), Some(m), Some(d)),
        // Court documents: 二〇一九年三月五日.
        [y, m, d] if s.contains('年') => {
            let (y, m, d) = (cn_year(y), cn_small(m), cn_small(d));
            ymd(y.as_deref(), m.as_deref(), d.as_deref())
        }
        _ => Err(format!("“{s}”不是日期")),
    }
}

fn cn_digit(c: char) -> Option<char> {
    "〇一二三四五六七八九".chars().position(|d| d == c).or((c == '零').then_some(0)).and_then(|p| char::from_digit(p as u32, 10))
}

/// `二〇一九` → "2019" (digit by digit).
fn cn_year(s: &str) -> Option<String> {
    let y: Option<String> = s.chars().map(cn_digit).collect();
    y.filter(|y| y.len() == 4)
}

/// `三` → "3", `十二` → "12", `二十` → "20", `三十一` → "31".
fn cn_small(s: &str) -> Option<String> {
    let d = |c: &char| cn_digit(*c).and_then(|c| c.to_digit(10));
    let chars: Vec<char> = s.chars().collect();
    let v = match chars.as_slice() {
        [a] if *a == '十' => 10,
        [a] => d(a)?,
        ['十', b] => 10 + d(b)?,
        [a, '十'] => d(a)? * 10,
        [a, '十', b] => d(a)? * 10 + d(b)?,
        _ => return None,
    };
    Some(v.to_string())
}

fn ymd(y: Option<&str>, m: Option<&str>, d: Option<&str>) -> Result<NaiveDate, String> {
    let num = |s: Option<&str>| -> Option<u32> { s.filter(|s| s.bytes().all(|b| b.is_ascii_digit())).and_then(|s| s.parse().ok()) };
    let (Some(y), Some(m), Some(d)) = (num(y), num(m), num(d)) else {
        return Err("不是日期".into());
    };
    let y = y as i32;
    if !YEARS.contains(&y) {
        return Err(format!("年份 {y} 不合理"));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("日期不存在：{y}-{m:02}-{d:02}"))
}

fn time_of(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    if s.bytes().all(|b| b.is_ascii_digit()) {
        // `hhmmss` and the 5-digit form left when a number column dropped the leading 0.
        let padded = match s.len() {
            6 => s.to_string(),
            5 => format!("0{s}"),
            4 => format!("{s}00"),
            _ => return None,
        };
        return hms(padded.get(..2)?, padded.get(2..4)?, padded.get(4..6)?, "");
    }
    if let Some(frac) = s.strip_prefix("0.") {
        // Excel stores a time alone as a fraction of a day.
        if frac.bytes().all(|b| b.is_ascii_digit()) {
            let v: f64 = s.parse().ok()?;
            let secs = (v * 86_400.0).round() as u32;
            return NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0);
        }
    }
    let unified: String = s.chars().map(|c| if matches!(c, '时' | '点' | '分') { ':' } else { c }).collect();
    let unified = unified.trim_end_matches(['秒', ':']);
    let parts: Vec<&str> = unified.split(':').collect();
    match parts.as_slice() {
        [h, m] => hms(h, m, "0", ""),
        [h, m, sec] => {
            let (sec, sub) = sec.split_once('.').unwrap_or((sec, ""));
            hms(h, m, sec, sub)
        }
        _ => None,
    }
}

fn hms(h: &str, m: &str, s: &str, sub: &str) -> Option<NaiveTime> {
    let ok = |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
    if !ok(h) || !ok(m) || !ok(s) || !sub.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Sub-second digits are dropped: evidence shows seconds.
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, s.parse().ok()?)
}

/// Age in whole years on `on` (for minors on lists).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn dt(y: i32, m: u32, day: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(h, mi, s).unwrap()
    }

    #[test]
    fn date_forms() {
        for raw in [
            "2019-03-05",
            "2019/3/5",
            "2019.03.05",
            "20190305",
            "2019年3月5日",
            "2019年03月05日",
            "２０１９－０３－０５",
            " 2019-3-5 ",
            "43529",
            "2019-03-05 14:08:00",
        ] {
            assert_eq!(parse_date(raw), Parsed::Value(d(2019, 3, 5)), "{raw:?}");
        }
    }

    #[test]
    fn datetime_forms() {
        for (raw, v) in [
            ("2019-03-05 14:08:00", dt(2019, 3, 5, 14, 8, 0)),
            ("2019-03-05T14:08", dt(2019, 3, 5, 14, 8, 0)),
            ("2019/3/5 9:05", dt(2019, 3, 5, 9, 5, 0)),
            ("2019-03-05 14:08:00.123", dt(2019, 3, 5, 14, 8, 0)),
            ("2019年3月5日14时08分", dt(2019, 3, 5, 14, 8, 0)),
            ("二〇一九年三月五日", dt(2019, 3, 5, 0, 0, 0)),
            ("二〇二〇年十二月三十一日", dt(2020, 12, 31, 0, 0, 0)),
            ("20190305140800", dt(2019, 3, 5, 14, 8, 0)),
            ("2019-03-05", dt(2019, 3, 5, 0, 0, 0)),
            ("2019-03-05T14:08:00+08:00", dt(2019, 3, 5, 14, 8, 0)),
            ("2019-03-05T14:08:00Z", dt(2019, 3, 5, 14, 8, 0)),
            ("43529.5", dt(2019, 3, 5, 12, 0, 0)),
        ] {
            assert_eq!(parse_datetime(raw), Parsed::Value(v), "{raw:?}");
        }
    }

    #[test]
    fn invalid_dates_say_so() {
        for raw in ["2019-02-30", "2019-13-01", "20190230", "19-3-5", "201903", "12345", "90000", "abc", "2019-03-05 25:00", "0219-03-05"] {
            assert!(matches!(parse_date(raw), Parsed::Invalid(_)), "{raw:?}: {:?}", parse_date(raw));
        }
        assert!(matches!(parse_date("2019-02-30"), Parsed::Invalid(m) if m.contains("2019-02-30")));
        assert!(matches!(parse_date("二〇一九年二月三十日"), Parsed::Invalid(m) if m.contains("2019-02-30")));
        assert!(matches!(parse_date("二〇一九年三月"), Parsed::Invalid(_)));
        for raw in ["", "-", "--", "无", "/"] {
            assert_eq!(parse_date(raw), Parsed::Empty, "{raw:?}");
        }
    }

    #[test]
    fn times_and_combine() {
        let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s).unwrap();
        assert_eq!(parse_time("123456"), Parsed::Value(t(12, 34, 56)));
        assert_eq!(parse_time("91500"), Parsed::Value(t(9, 15, 0)));
        assert_eq!(parse_time("09:05:07"), Parsed::Value(t(9, 5, 7)));
        assert_eq!(parse_time("9:05"), Parsed::Value(t(9, 5, 0)));
        assert_eq!(parse_time("0.5"), Parsed::Value(t(12, 0, 0)));
        assert!(matches!(parse_time("246000"), Parsed::Invalid(_)));
        assert_eq!(combine("20240101", "123456"), Parsed::Value(dt(2024, 1, 1, 12, 34, 56)));
        assert_eq!(combine("20240101", ""), Parsed::Value(dt(2024, 1, 1, 0, 0, 0)));
        assert!(matches!(combine("20240101", "99"), Parsed::Invalid(_)));
        assert!(matches!(combine("20240230", "123456"), Parsed::Invalid(_)));
        assert_eq!(combine("", "123456"), Parsed::Empty);
    }

    #[test]
    fn excel_serials_both_systems() {
        let s = |v, b| from_excel_serial(v, b);
        assert_eq!(s(1.0, false), Some(dt(1900, 1, 1, 0, 0, 0)));
        assert_eq!(s(59.0, false), Some(dt(1900, 2, 28, 0, 0, 0)));
        assert_eq!(s(60.0, false), None); // Excel's 1900-02-29 does not exist
        assert_eq!(s(61.0, false), Some(dt(1900, 3, 1, 0, 0, 0)));
        assert_eq!(s(43529.0, false), Some(dt(2019, 3, 5, 0, 0, 0)));
        assert_eq!(s(43529.58888888889, false), Some(dt(2019, 3, 5, 14, 8, 0)));
        assert_eq!(s(2_958_465.0, false), Some(dt(9999, 12, 31, 0, 0, 0)));
        assert_eq!(s(2_958_466.0, false), None);
        assert_eq!(s(0.0, true), Some(dt(1904, 1, 1, 0, 0, 0)));
        assert_eq!(s(42067.0, true), Some(dt(2019, 3, 5, 0, 0, 0)));
        assert_eq!(s(0.0, false), None);
        assert_eq!(s(-1.0, false), None);
        assert_eq!(s(f64::NAN, false), None);
        assert_eq!(s(f64::INFINITY, true), None);
        // 23:59:59.9 rounds into the next day instead of producing 24:00:00.
        assert_eq!(s(43529.0 + 86_399.9 / 86_400.0, false), Some(dt(2019, 3, 6, 0, 0, 0)));
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months_clamped(d(2019, 1, 31), 1), d(2019, 2, 28));
        assert_eq!(add_months_clamped(d(2020, 1, 31), 1), d(2020, 2, 29));
        assert_eq!(add_months_clamped(d(2019, 1, 31), 3), d(2019, 4, 30));
        assert_eq!(add_months_clamped(d(2019, 3, 31), -1), d(2019, 2, 28));
        assert_eq!(add_months_clamped(d(2019, 3, 5), 0), d(2019, 3, 5));
        assert_eq!(add_months_clamped(d(2019, 3, 5), i32::MAX), NaiveDate::MAX);
    }

    #[test]
    fn ages() {
        assert_eq!(age_on(d(2001, 3, 5), d(2019, 3, 4)), 17);
        assert_eq!(age_on(d(2001, 3, 5), d(2019, 3, 5)), 18);
    }
}
