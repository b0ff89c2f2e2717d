//! 号牌. STUB: replaced by the ingestion work.

use super::Parsed;

/// Full plate from 发证机关 (`浙B`, may be "") and 号牌号码 (may lack the province).
pub fn normalize(office: &str, plate: &str) -> Parsed<String> {
    let p: String = plate.chars().filter(|c| !c.is_whitespace() && !matches!(c, '·' | '-')).collect::<String>().to_uppercase();
    if super::nulls::is_null(&p) {
        return Parsed::Empty;
    }
    let full = if p.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) { format!("{}{}", office.chars().next().map(String::from).unwrap_or_default(), p) } else { p };
    Parsed::Value(full)
}
