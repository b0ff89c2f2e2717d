//! 拍卖轮次: `一拍`/`二拍`/`变卖`, `第一次拍卖`, `第2次`, `再次拍卖`, `1`,
//! `一拍（第一次拍卖）`. Platforms name the stage, court ledgers count it;
//! both become a round number, with 变卖 kept apart (it has no start-price cut).

use super::Parsed;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "stage", content = "n")]
pub enum Round {
    /// The n-th auction (1 = 一拍).
    Auction(u8),
    /// 变卖 after the second auction failed.
    Sale,
}

impl Round {
    /// Round number for ordering; 变卖 comes after every auction round.
    pub fn order(&self) -> u8 {
        match self {
            Round::Auction(n) => *n,
            Round::Sale => u8::MAX,
        }
    }
    pub fn label(&self) -> String {
        match self {
            Round::Auction(n) => match n {
                1 => "一拍".into(),
                2 => "二拍".into(),
                3 => "三拍".into(),
                n => format!("第{n}次拍卖"),
            },
            Round::Sale => "变卖".into(),
        }
    }
}

fn digit(c: char) -> Option<u8> {
    match c {
        '一' | '壹' | '首' => Some(1),
        '二' | '贰' | '两' => Some(2),
        '三' | '叁' => Some(3),
        '四' | '肆' => Some(4),
        '五' | '伍' => Some(5),
        _ => c.to_digit(10).and_then(|d| u8::try_from(d).ok()).filter(|d| *d > 0),
    }
}

pub fn parse(raw: &str) -> Parsed<Round> {
    let t = super::compact(raw);
    if t.is_empty() || super::nulls::is_null(&t) {
        return Parsed::Empty;
    }
    if t.contains("变卖") {
        return Parsed::Value(Round::Sale);
    }
    // "第一次拍卖", "第2次", "一拍", "二次拍卖", "1": the first number word wins.
    let n = if let Some(rest) = t.split_once('第').map(|(_, r)| r) {
        rest.chars().next().and_then(digit)
    } else if t.starts_with("再次") || t.starts_with("重新") {
        // 再次拍卖 without a number: at least the second round.
        Some(2)
    } else {
        t.chars().next().and_then(digit)
    };
    let looks_like_round = t.chars().count() <= 12 && (t.contains('拍') || t.contains('次') || t.chars().all(|c| c.is_ascii_digit()));
    match n {
        Some(n) if looks_like_round => Parsed::Value(Round::Auction(n)),
        _ => Parsed::Invalid(format!("无法识别的拍卖轮次“{}”", t.chars().take(10).collect::<String>())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        for (raw, want) in [
            ("一拍", Round::Auction(1)),
            ("二拍", Round::Auction(2)),
            ("第一次拍卖", Round::Auction(1)),
            ("第二次拍卖", Round::Auction(2)),
            ("第 2 次", Round::Auction(2)),
            ("首拍", Round::Auction(1)),
            ("1", Round::Auction(1)),
            ("２", Round::Auction(2)),
            ("再次拍卖", Round::Auction(2)),
            ("变卖", Round::Sale),
            ("二拍流拍后变卖", Round::Sale),
            ("一拍（第一次拍卖）", Round::Auction(1)),
        ] {
            assert_eq!(parse(raw), Parsed::Value(want), "{raw}");
        }
    }

    #[test]
    fn empty_and_invalid() {
        assert_eq!(parse(""), Parsed::Empty);
        assert_eq!(parse("--"), Parsed::Empty);
        assert!(matches!(parse("网络拍卖"), Parsed::Invalid(_)));
        assert!(matches!(parse("0"), Parsed::Invalid(_)));
    }

    #[test]
    fn order_and_labels() {
        assert!(Round::Sale.order() > Round::Auction(3).order());
        assert_eq!(Round::Auction(2).label(), "二拍");
        assert_eq!(Round::Sale.label(), "变卖");
    }
}
