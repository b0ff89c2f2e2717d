//! 案号. STUB: replaced by the ingestion work.

use super::Parsed;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseNo {
    pub year: u16,
    /// Court code ("浙0203") or, in the pre-2016 form, the court abbreviation ("甬北").
    pub court: String,
    /// Type code: "执", "执恢", "执保", "执异", "执复", "执监", "执协", "执他".
    pub kind: String,
    pub serial: u32,
    /// `之一` → 1.
    pub sub: Option<u32>,
    /// Canonical text: "（2019）浙0203执1234号".
    pub norm: String,
}

pub fn parse(raw: &str) -> Parsed<CaseNo> {
    let t = raw.trim();
    if super::nulls::is_null(t) {
        return Parsed::Empty;
    }
    Parsed::Value(CaseNo { year: 0, court: String::new(), kind: String::new(), serial: 0, sub: None, norm: t.to_string() })
}
