//! 财产类型 → the classes the law gives terms and notice periods for:
//! 存款 (frozen 1 year), 动产 incl. vehicles (2 years, 15-day auction notice),
//! 不动产 and 其他财产权 incl. equity (3 years, 30-day notice). Registers and
//! platforms use their own category names (`房产`, `机动车`, `股权`, `住宅用房`,
//! `银行存款`); when the type column is empty the item's description may tell.

use super::Parsed;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PropertyClass {
    Deposit,
    RealEstate,
    Vehicle,
    /// Other movables (equipment, goods, jewellery).
    Movable,
    Equity,
    /// 其他财产权 other than equity (IP, claims, land-use rights listed apart).
    OtherRight,
}

impl PropertyClass {
    pub fn label(&self) -> &'static str {
        match self {
            PropertyClass::Deposit => "存款",
            PropertyClass::RealEstate => "不动产",
            PropertyClass::Vehicle => "机动车",
            PropertyClass::Movable => "动产",
            PropertyClass::Equity => "股权",
            PropertyClass::OtherRight => "其他财产权",
        }
    }
    /// Movables (incl. vehicles) under the auction-notice and seizure-term rules.
    pub fn is_movable(&self) -> bool {
        matches!(self, PropertyClass::Vehicle | PropertyClass::Movable)
    }
    /// Statutory longest term of one seizure, in years: deposits 1, movables 2,
    /// real estate and other property rights 3.
    pub fn term_years(&self) -> u32 {
        match self {
            PropertyClass::Deposit => 1,
            PropertyClass::Vehicle | PropertyClass::Movable => 2,
            PropertyClass::RealEstate | PropertyClass::Equity | PropertyClass::OtherRight => 3,
        }
    }
    /// Minimum days between notice and auction start for a first auction.
    pub fn notice_days(&self) -> i64 {
        if self.is_movable() {
            15
        } else {
            30
        }
    }
}

/// Checked in order; vehicles before 动产, equity before 其他财产权, and
/// 不动产 before 动产 (it contains it).
const WORDS: &[(&str, PropertyClass)] = &[
    ("存款", PropertyClass::Deposit),
    ("银行账户", PropertyClass::Deposit),
    ("资金", PropertyClass::Deposit),
    ("账户", PropertyClass::Deposit),
    ("理财", PropertyClass::Deposit),
    ("公积金", PropertyClass::Deposit),
    ("微信", PropertyClass::Deposit),
    ("支付宝", PropertyClass::Deposit),
    ("不动产", PropertyClass::RealEstate),
    ("房产", PropertyClass::RealEstate),
    ("房屋", PropertyClass::RealEstate),
    ("房地产", PropertyClass::RealEstate),
    ("住宅", PropertyClass::RealEstate),
    ("商铺", PropertyClass::RealEstate),
    ("商业用房", PropertyClass::RealEstate),
    ("厂房", PropertyClass::RealEstate),
    ("土地", PropertyClass::RealEstate),
    ("车位", PropertyClass::RealEstate),
    ("机动车", PropertyClass::Vehicle),
    ("车辆", PropertyClass::Vehicle),
    ("汽车", PropertyClass::Vehicle),
    ("轿车", PropertyClass::Vehicle),
    ("货车", PropertyClass::Vehicle),
    ("股权", PropertyClass::Equity),
    ("股份", PropertyClass::Equity),
    ("出资", PropertyClass::Equity),
    ("其他财产权", PropertyClass::OtherRight),
    ("知识产权", PropertyClass::OtherRight),
    ("商标", PropertyClass::OtherRight),
    ("专利", PropertyClass::OtherRight),
    ("债权", PropertyClass::OtherRight),
    ("动产", PropertyClass::Movable),
    ("设备", PropertyClass::Movable),
    ("机器", PropertyClass::Movable),
    ("货物", PropertyClass::Movable),
    ("存货", PropertyClass::Movable),
    ("珠宝", PropertyClass::Movable),
    ("船舶", PropertyClass::Movable),
];

pub fn parse(raw: &str) -> Parsed<PropertyClass> {
    super::keyword::first_match(raw, WORDS, "财产类型")
}

/// The type column when it names a class, else a guess from the description
/// (`浙B12345 轿车`, `某小区1幢101室`), else `None`. The description guess
/// needs a clear word; a plate alone is not enough.
pub fn classify(type_raw: &str, description: &str) -> Option<PropertyClass> {
    parse(type_raw).ok().or_else(|| parse(description).ok()).or_else(|| {
        let t = super::compact(description);
        // An address-like description (`1幢101室`) is a flat.
        ["幢", "室", "号楼", "单元"].iter().any(|w| t.contains(w)).then_some(PropertyClass::RealEstate)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_terms() {
        for (raw, want) in [
            ("不动产", PropertyClass::RealEstate),
            ("房产", PropertyClass::RealEstate),
            ("住宅用房", PropertyClass::RealEstate),
            ("机动车", PropertyClass::Vehicle),
            ("车辆", PropertyClass::Vehicle),
            ("股权", PropertyClass::Equity),
            ("其他财产权", PropertyClass::OtherRight),
            ("存款", PropertyClass::Deposit),
            ("银行存款", PropertyClass::Deposit),
            ("动产", PropertyClass::Movable),
            ("机器设备", PropertyClass::Movable),
        ] {
            assert_eq!(parse(raw), Parsed::Value(want), "{raw}");
        }
        assert_eq!(PropertyClass::Deposit.term_years(), 1);
        assert_eq!(PropertyClass::Vehicle.term_years(), 2);
        assert_eq!(PropertyClass::RealEstate.term_years(), 3);
        assert_eq!(PropertyClass::Equity.term_years(), 3);
        assert_eq!(PropertyClass::Vehicle.notice_days(), 15);
        assert_eq!(PropertyClass::RealEstate.notice_days(), 30);
        assert_eq!(PropertyClass::Equity.notice_days(), 30);
        assert!(matches!(parse("其他"), Parsed::Invalid(_)));
    }

    #[test]
    fn description_fallback() {
        assert_eq!(classify("", "某小区1幢101室"), Some(PropertyClass::RealEstate));
        assert_eq!(classify("--", "浙B12345 小型轿车"), Some(PropertyClass::Vehicle));
        assert_eq!(classify("股权", "某小区1幢101室"), Some(PropertyClass::Equity));
        assert_eq!(classify("", "浙B12345"), None);
        assert_eq!(classify("", "办公室设备一批"), Some(PropertyClass::Movable));
    }
}
