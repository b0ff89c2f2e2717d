//! 债权性质 → 清偿顺位 in a 参与分配 plan: secured and priority claims first
//! (抵押/质押/留置/优先受偿/建设工程价款), then wages, then taxes and social
//! insurance, then ordinary claims. Lower rank = paid earlier; equal ranks
//! share pro rata, so two claims of one rank never violate the order.

use super::Parsed;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimRank {
    /// 执行费用 / 拍卖费用: deducted before any claim.
    Costs = 0,
    Secured = 1,
    Wages = 2,
    Taxes = 3,
    Ordinary = 4,
}

impl ClaimRank {
    pub fn label(&self) -> &'static str {
        match self {
            ClaimRank::Costs => "执行费用",
            ClaimRank::Secured => "担保物权/优先受偿",
            ClaimRank::Wages => "工资",
            ClaimRank::Taxes => "税款",
            ClaimRank::Ordinary => "普通债权",
        }
    }
}

/// First match wins: `普通（原抵押已放弃）` would be ambiguous, so ordinary
/// words are checked only after the priority ones fail.
const WORDS: &[(&str, ClaimRank)] = &[
    ("执行费", ClaimRank::Costs),
    ("拍卖费", ClaimRank::Costs),
    ("评估费", ClaimRank::Costs),
    ("抵押", ClaimRank::Secured),
    ("质押", ClaimRank::Secured),
    ("质权", ClaimRank::Secured),
    ("留置", ClaimRank::Secured),
    ("担保物权", ClaimRank::Secured),
    ("优先受偿", ClaimRank::Secured),
    ("优先权", ClaimRank::Secured),
    ("建设工程", ClaimRank::Secured),
    ("工程款优先", ClaimRank::Secured),
    ("工资", ClaimRank::Wages),
    ("劳动报酬", ClaimRank::Wages),
    ("职工", ClaimRank::Wages),
    ("劳务", ClaimRank::Wages),
    ("税", ClaimRank::Taxes),
    ("社保", ClaimRank::Taxes),
    ("社会保险", ClaimRank::Taxes),
    ("普通", ClaimRank::Ordinary),
    ("一般", ClaimRank::Ordinary),
    ("无担保", ClaimRank::Ordinary),
    ("金钱债权", ClaimRank::Ordinary),
];

pub fn parse(raw: &str) -> Parsed<ClaimRank> {
    // "第一顺位" style ledgers number the ranks themselves; too local to trust.
    super::keyword::first_match(raw, WORDS, "债权性质")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks() {
        for (raw, want) in [
            ("抵押", ClaimRank::Secured),
            ("抵押权", ClaimRank::Secured),
            ("质押", ClaimRank::Secured),
            ("优先受偿", ClaimRank::Secured),
            ("建设工程价款优先受偿权", ClaimRank::Secured),
            ("工资", ClaimRank::Wages),
            ("劳动报酬", ClaimRank::Wages),
            ("税款", ClaimRank::Taxes),
            ("普通", ClaimRank::Ordinary),
            ("普通债权", ClaimRank::Ordinary),
            ("一般债权", ClaimRank::Ordinary),
            ("执行费用", ClaimRank::Costs),
        ] {
            assert_eq!(parse(raw), Parsed::Value(want), "{raw}");
        }
        assert!(ClaimRank::Secured < ClaimRank::Wages && ClaimRank::Wages < ClaimRank::Taxes && ClaimRank::Taxes < ClaimRank::Ordinary);
        assert_eq!(parse("--"), Parsed::Empty);
        assert!(matches!(parse("其他"), Parsed::Invalid(_)));
    }
}
