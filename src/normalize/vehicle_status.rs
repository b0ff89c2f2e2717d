//! 机动车状态 ZT: a string of letters, one per state ("GK" = G and K).
//! STUB: replaced by the ingestion work.

use super::Parsed;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusSet(u32);

impl StatusSet {
    pub fn has(&self, letter: char) -> bool {
        let l = letter.to_ascii_uppercase();
        l.is_ascii_uppercase() && self.0 & (1 << (l as u32 - 'A' as u32)) != 0
    }
    pub fn any_of(&self, letters: &str) -> bool {
        letters.chars().any(|c| self.has(c))
    }
    pub fn letters(&self) -> String {
        ('A'..='Z').filter(|&c| self.has(c)).collect()
    }
}

pub fn parse(raw: &str) -> Parsed<StatusSet> {
    let t = raw.trim();
    if super::nulls::is_null(t) {
        return Parsed::Empty;
    }
    let mut s = 0u32;
    for c in t.chars() {
        let u = c.to_ascii_uppercase();
        if !u.is_ascii_uppercase() {
            return Parsed::Invalid("不是机动车状态代码".into());
        }
        s |= 1 << (u as u32 - 'A' as u32);
    }
    Parsed::Value(StatusSet(s))
}
