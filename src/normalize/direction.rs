//! 收付标志: 进/出, 收/付, 贷/借, 入/出, 收入/支出, C/D, Cr/Dr, `借 Dr`/`贷 Cr`, `+`/`-`.
//!
//! On a bank statement 借 (debit) is money leaving the account holder's
//! account and 贷 (credit) money arriving: the bank books the customer's
//! deposit as its liability, so a debit reduces it.

use super::Parsed;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    In,
    Out,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::In => "收",
            Direction::Out => "付",
        }
    }
}

const IN: &[&str] =
    &["进", "收", "贷", "入", "收入", "进账", "入账", "转入", "存入", "存", "收款", "来账", "贷方", "C", "CR", "CREDIT", "贷CR", "+", "IN"];
const OUT: &[&str] =
    &["出", "付", "借", "支", "支出", "出账", "转出", "取出", "取", "支取", "付款", "往账", "借方", "D", "DR", "DEBIT", "借DR", "-", "OUT"];

pub fn parse(raw: &str) -> Parsed<Direction> {
    let t = super::compact(raw).to_uppercase();
    if t.is_empty() {
        return Parsed::Empty;
    }
    if IN.contains(&t.as_str()) {
        return Parsed::Value(Direction::In);
    }
    if OUT.contains(&t.as_str()) {
        return Parsed::Value(Direction::Out);
    }
    // `贷(收入)`, `借/支出`: every piece must name the same direction.
    let pieces: Vec<&str> = t.split(['(', ')', '/', '|', ',', '、']).filter(|p| !p.is_empty()).collect();
    if pieces.len() > 1 {
        let dir = |p: &&str| {
            if IN.contains(p) {
                Some(Direction::In)
            } else if OUT.contains(p) {
                Some(Direction::Out)
            } else {
                None
            }
        };
        let first = pieces.first().and_then(dir);
        if first.is_some() && pieces.iter().all(|p| dir(p) == first) {
            return first.map_or(Parsed::Empty, Parsed::Value);
        }
    }
    if t == "不计收支" || t == "其他" {
        return Parsed::Invalid(format!("“{}”既非收入也非支出", raw.trim()));
    }
    if super::nulls::is_null(raw) {
        return Parsed::Empty;
    }
    Parsed::Invalid("不是收付标志（应为 进/出、收/付、贷/借、C/D 等）".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::*;

    #[test]
    fn every_convention() {
        for (raw, d) in [
            ("进", In),
            ("出", Out),
            ("收", In),
            ("付", Out),
            ("贷", In),
            ("借", Out),
            ("入", In),
            ("收入", In),
            ("支出", Out),
            ("C", In),
            ("D", Out),
            ("c", In),
            ("Cr", In),
            ("Dr", Out),
            ("借 Dr", Out),
            ("贷 Cr", In),
            ("+", In),
            ("-", Out),
            ("　进　", In),
            ("ＤＲ", Out),
            ("贷(收入)", In),
            ("借/支出", Out),
            ("（贷）收入", In),
            ("来账", In),
            ("往账", Out),
            ("IN", In),
            ("out", Out),
            ("支取", Out),
            ("存入", In),
        ] {
            assert_eq!(parse(raw), Parsed::Value(d), "{raw:?}");
        }
    }

    #[test]
    fn contradictions_and_unknowns_are_invalid() {
        for raw in ["借 Cr", "贷 Dr", "转账", "不计收支", "进出", "贷(支出)", "借/转账"] {
            assert!(matches!(parse(raw), Parsed::Invalid(_)), "{raw:?}");
        }
        assert_eq!(parse(""), Parsed::Empty);
        assert_eq!(parse("--"), Parsed::Empty);
        assert_eq!(parse("无"), Parsed::Empty);
    }
}
