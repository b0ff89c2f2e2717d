//! 居民身份证号 (GB 11643), 统一社会信用代码 (GB 32100), 组织机构代码.
//! STUB: replaced by the ingestion work.

use super::Parsed;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// 18-digit resident ID with a valid check digit.
    Resident,
    /// 15-digit resident ID upgraded to 18.
    Resident15,
    /// 统一社会信用代码.
    CreditCode,
    /// 组织机构代码 `XXXXXXXX-X`.
    OrgCode,
    /// Masked (`3302**********1234`): `value` keeps the visible characters and `*`.
    Masked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedId {
    /// Normalised form (18 chars upper case for residents; masked keeps `*`).
    pub value: String,
    pub kind: IdKind,
    pub birth: Option<NaiveDate>,
    /// Sex from digit 17 (odd = male).
    pub male: Option<bool>,
}

/// Parse any ID-like cell. Masked IDs come back as `Value` with kind `Masked`;
/// Excel damage (`3.30203E+17`, trailing zeros with a wrong check) as `Damaged`.
pub fn parse(raw: &str) -> Parsed<ParsedId> {
    let t: String = raw.trim().to_uppercase();
    if super::nulls::is_null(&t) {
        return Parsed::Empty;
    }
    if t.len() == 18 && t.chars().take(17).all(|c| c.is_ascii_digit()) {
        return Parsed::Value(ParsedId { value: t, kind: IdKind::Resident, birth: None, male: None });
    }
    Parsed::Invalid("不是有效的证件号码".into())
}
