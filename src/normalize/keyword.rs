//! Short coded text read by keywords (拍卖状态, 债权性质, 财产类型): the first
//! listed word the cell contains decides, so a table's order encodes which
//! word wins when a cell holds several.

use super::Parsed;

pub(crate) fn first_match<T: Copy>(raw: &str, words: &[(&str, T)], what: &str) -> Parsed<T> {
    let t = super::compact(raw);
    if t.is_empty() || super::nulls::is_null(&t) {
        return Parsed::Empty;
    }
    match words.iter().find(|(w, _)| t.contains(*w)) {
        Some((_, v)) => Parsed::Value(*v),
        None => Parsed::Invalid(format!("无法识别的{what}“{}”", t.chars().take(10).collect::<String>())),
    }
}
