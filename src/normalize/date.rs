//! Dates and times. STUB: replaced by the ingestion work.

use super::Parsed;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub fn parse_date(raw: &str) -> Parsed<NaiveDate> {
    let t = raw.trim();
    if super::nulls::is_null(t) {
        return Parsed::Empty;
    }
    match NaiveDate::parse_from_str(t.get(..10).unwrap_or(t), "%Y-%m-%d") {
        Ok(d) => Parsed::Value(d),
        Err(_) => Parsed::Invalid("不是日期".into()),
    }
}

pub fn parse_datetime(raw: &str) -> Parsed<NaiveDateTime> {
    let t = raw.trim();
    if super::nulls::is_null(t) {
        return Parsed::Empty;
    }
    match NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S") {
        Ok(d) => Parsed::Value(d),
        Err(_) => parse_date(t).map(|d| d.and_time(NaiveTime::MIN)),
    }
}

pub fn parse_time(raw: &str) -> Parsed<NaiveTime> {
    let t = raw.trim();
    if super::nulls::is_null(t) {
        return Parsed::Empty;
    }
    match NaiveTime::parse_from_str(t, "%H:%M:%S") {
        Ok(d) => Parsed::Value(d),
        Err(_) => Parsed::Invalid("不是时间".into()),
    }
}

/// Date and time split across two columns.
pub fn combine(date_raw: &str, time_raw: &str) -> Parsed<NaiveDateTime> {
    match (parse_date(date_raw), parse_time(time_raw)) {
        (Parsed::Value(d), Parsed::Value(t)) => Parsed::Value(d.and_time(t)),
        (Parsed::Value(d), _) => Parsed::Value(d.and_time(NaiveTime::MIN)),
        (other, _) => other.map(|d| d.and_time(NaiveTime::MIN)),
    }
}
