//! 收付标志: 进/出, 收/付, 贷/借, C/D, 入/出, 收入/支出, `借 Dr`/`贷 Cr`.
//! STUB: replaced by the ingestion work.

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

pub fn parse(raw: &str) -> Parsed<Direction> {
    let t = raw.trim();
    if super::nulls::is_null(t) {
        return Parsed::Empty;
    }
    match t.chars().next() {
        Some('进' | '收' | '贷' | '入' | 'C' | 'c') => Parsed::Value(Direction::In),
        Some('出' | '付' | '借' | '支' | 'D' | 'd') => Parsed::Value(Direction::Out),
        _ => Parsed::Invalid("不是收付标志".into()),
    }
}
