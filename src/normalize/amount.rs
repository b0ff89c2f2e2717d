//! Amounts → integer 分. STUB: replaced by the ingestion work.

use super::Parsed;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// The cell is in 元 unless it says 万元.
    Yuan,
    /// The source is in 分 (WeChat Pay exports).
    Fen,
}

pub fn parse(raw: &str, unit: Unit) -> Parsed<i64> {
    let t = raw.trim().replace([',', '元'], "");
    if super::nulls::is_null(&t) {
        return Parsed::Empty;
    }
    match t.parse::<f64>() {
        Ok(v) if unit == Unit::Fen => Parsed::Value(v as i64),
        Ok(v) => Parsed::Value((v * 100.0).round() as i64),
        Err(_) => Parsed::Invalid("不是金额".into()),
    }
}

/// 分 → "1234.50" (no separators; the page formats for display).
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}
