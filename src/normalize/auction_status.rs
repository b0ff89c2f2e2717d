//! 拍卖状态 as the platforms and court ledgers write it (`已成交`, `流拍`,
//! `已撤回`, `中止`, `暂缓`, `以物抵债`, `正在进行`, `悔拍`).

use super::Parsed;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuctionStatus {
    Sold,
    Failed,
    Withdrawn,
    Suspended,
    Deferred,
    /// 以物抵债: the applicant took the item instead of money.
    InKind,
    /// Announced or bidding: a pending auction.
    Pending,
    /// The buyer did not pay (悔拍): the item must be put up again.
    Reneged,
}

impl AuctionStatus {
    pub fn label(&self) -> &'static str {
        match self {
            AuctionStatus::Sold => "已成交",
            AuctionStatus::Failed => "流拍",
            AuctionStatus::Withdrawn => "撤回",
            AuctionStatus::Suspended => "中止",
            AuctionStatus::Deferred => "暂缓",
            AuctionStatus::InKind => "以物抵债",
            AuctionStatus::Pending => "进行中",
            AuctionStatus::Reneged => "悔拍",
        }
    }
}

/// Words per status; the earliest listed match wins, so `流拍后以物抵债`
/// reads as 以物抵债 and `未成交` as 流拍.
const WORDS: &[(&str, AuctionStatus)] = &[
    ("以物抵债", AuctionStatus::InKind),
    ("抵债", AuctionStatus::InKind),
    ("悔拍", AuctionStatus::Reneged),
    ("未成交", AuctionStatus::Failed),
    ("流拍", AuctionStatus::Failed),
    ("无人出价", AuctionStatus::Failed),
    ("无人竞买", AuctionStatus::Failed),
    ("成交", AuctionStatus::Sold),
    ("拍定", AuctionStatus::Sold),
    ("撤回", AuctionStatus::Withdrawn),
    ("撤拍", AuctionStatus::Withdrawn),
    ("撤销", AuctionStatus::Withdrawn),
    ("中止", AuctionStatus::Suspended),
    ("终止", AuctionStatus::Suspended),
    ("暂缓", AuctionStatus::Deferred),
    ("进行中", AuctionStatus::Pending),
    ("正在进行", AuctionStatus::Pending),
    ("即将开始", AuctionStatus::Pending),
    ("预告", AuctionStatus::Pending),
    ("报名中", AuctionStatus::Pending),
    ("竞价中", AuctionStatus::Pending),
    ("待拍", AuctionStatus::Pending),
];

pub fn parse(raw: &str) -> Parsed<AuctionStatus> {
    super::keyword::first_match(raw, WORDS, "拍卖状态")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        for (raw, want) in [
            ("已成交", AuctionStatus::Sold),
            ("成交", AuctionStatus::Sold),
            ("拍卖成交", AuctionStatus::Sold),
            ("已流拍", AuctionStatus::Failed),
            ("流拍", AuctionStatus::Failed),
            ("未成交", AuctionStatus::Failed),
            ("已撤回", AuctionStatus::Withdrawn),
            ("中止", AuctionStatus::Suspended),
            ("已暂缓", AuctionStatus::Deferred),
            ("以物抵债", AuctionStatus::InKind),
            ("二拍流拍后以物抵债", AuctionStatus::InKind),
            ("正在进行", AuctionStatus::Pending),
            ("买受人悔拍", AuctionStatus::Reneged),
        ] {
            assert_eq!(parse(raw), Parsed::Value(want), "{raw}");
        }
        assert_eq!(parse(" "), Parsed::Empty);
        assert!(matches!(parse("其他"), Parsed::Invalid(_)));
    }
}
