//! What one statement cell means: account keys, failure and cash flags,
//! direction, the account number in a file name. Amounts and directions use
//! the shared normalisers (`crate::normalize`), so the flow analysis and the
//! screening engine read a cell the same way.

use std::sync::OnceLock;

use memchr::memmem;

use super::txn::Dir;
use crate::normalize::{self, Parsed};

pub(super) fn clean(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\'' || c == '"' || c == '=')
}

/// Account text as a join key: no spaces, ASCII upper case, full-width digits folded.
pub fn account_key(raw: &str) -> String {
    let s = clean(raw);
    if crate::normalize::nulls::is_null(s) {
        return String::new();
    }
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '＊' => '*',
            _ => c.to_ascii_uppercase(),
        })
        .collect()
}

/// `account_key` without allocating when the text already is a key (ASCII
/// digits and capitals: nearly every account number, on every row).
pub(super) fn account_key_cow(raw: &str) -> std::borrow::Cow<'_, str> {
    let s = clean(raw);
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()) && !crate::normalize::nulls::is_null(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(account_key(raw))
}

/// A card number Excel turned into `6.22848E+18`: many different accounts share
/// that text, so it is keyed with the name like a masked number (never "repaired").
pub(super) fn excel_damaged(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_digit()) && key.contains('E') && key.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'E' | '+'))
}

pub(super) fn failed(s: &str) -> bool {
    let t = clean(s);
    // The values nearly every row holds, without the word search.
    if t.is_empty() || matches!(t, "成功" | "交易成功" | "是" | "Y" | "y" | "1" | "正常" | "true" | "TRUE") {
        return false;
    }
    static WORDS: OnceLock<Words> = OnceLock::new();
    matches!(t, "否" | "N" | "n" | "F" | "0" | "false" | "FALSE")
        || WORDS.get_or_init(|| Words::new(&["失败", "关闭", "撤销", "冲正", "退票", "未成功", "不成功", "已取消", "无效", "抹账", "支付失败"])).any_in(t)
}

/// The cash column says cash (a row is cash when this or `cash_summary` says so).
pub(super) fn cash_flag(flag: &str) -> bool {
    let f = clean(flag);
    matches!(f, "1" | "是" | "Y" | "现" | "现金" | "钞") || (f.contains('现') && !f.contains('转'))
}

/// The summary says cash (a few dozen distinct summaries in a statement:
/// the reader asks once per summary, see `read::Builder::statement_table`).
pub(super) fn cash_summary(summary: &str) -> bool {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| Words::new(&["现金", "取现", "存现", "现存", "现支", "ATM", "取款", "现钞", "无卡存款"])).any_in(summary)
}

/// A fixed word list searched in every row: the searchers are built once
/// (`str::contains` builds one per call, per word, per row).
struct Words(Vec<memmem::Finder<'static>>);

impl Words {
    fn new(words: &[&'static str]) -> Words {
        Words(words.iter().map(|w| memmem::Finder::new(w.as_bytes())).collect())
    }
    fn any_in(&self, s: &str) -> bool {
        !s.is_empty() && self.0.iter().any(|f| f.find(s.as_bytes()).is_some())
    }
}

/// Direction from a direction cell, read by the shared normaliser
/// (`normalize::direction`: 进/出, 收/付, 贷/借, C/D, `借 Dr`/`贷 Cr`,
/// 来账/往账, IN/OUT, …). Alipay's `不计收支` moves money out of the
/// Alipay balance (提现 to a bank card, 余额宝 transfers) and is an outflow,
/// unless the row says it is a 充值 (top-up from a card), an inflow.
/// `row_text`: the row's summary and counterparty cells, only read for
/// `不计收支` (a list, not one joined string: joining cost an allocation
/// on every row of every statement). `Err` carries the reason for the
/// unparsed-rows list.
pub(super) fn direction(raw: &str, row_text: &[&str]) -> Result<Option<Dir>, String> {
    let t = clean(raw);
    if t == "不计收支" {
        return Ok(Some(if row_text.iter().any(|s| s.contains("充值")) { Dir::In } else { Dir::Out }));
    }
    match normalize::direction::parse(t) {
        Parsed::Value(normalize::direction::Direction::In) => Ok(Some(Dir::In)),
        Parsed::Value(normalize::direction::Direction::Out) => Ok(Some(Dir::Out)),
        Parsed::Empty => Ok(None),
        Parsed::Invalid(why) | Parsed::Damaged(why) => Err(why),
    }
}

/// Largest single transaction taken as real: 1,000 亿元. A bigger "amount"
/// is a serial number or an ID mapped as the amount column; it would
/// swamp every total, so the row is reported instead.
pub const MAX_TXN_FEN: i64 = 10_000_000_000_000;

/// Amount in 分 (sign kept) by the shared normaliser, in the column's unit.
/// `Ok(None)` for an empty cell; `Err` with the reason otherwise.
pub(super) fn amount(raw: &str, unit: normalize::amount::Unit) -> Result<Option<i64>, String> {
    match normalize::amount::parse(raw, unit) {
        Parsed::Value(v) if v.unsigned_abs() > MAX_TXN_FEN as u64 => Err("金额超过 1000 亿元，疑为流水号等误映射为金额".into()),
        Parsed::Value(v) => Ok(Some(v)),
        Parsed::Empty => Ok(None),
        Parsed::Invalid(why) | Parsed::Damaged(why) => Err(why),
    }
}

/// Digits run of ≥ 8 in a file name: the account number banks put there.
pub(super) fn account_from_file_name(file: &str) -> Option<String> {
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let mut best = String::new();
    let mut cur = String::new();
    for c in stem.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || c == '*' {
            cur.push(c);
        } else {
            if cur.len() > best.len() {
                best = std::mem::take(&mut cur);
            }
            cur.clear();
        }
    }
    (best.len() >= 8 && !(best.len() == 8 && best.starts_with("20"))).then_some(best)
}

pub(super) fn is_person_name(n: &str) -> bool {
    let c = n.chars().count();
    (2..=4).contains(&c) && n.chars().all(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch) || ch == '*')
}


#[cfg(test)]
mod tests {
    use super::*;
    use normalize::amount::Unit;

    // See: issue 14 item 7 — flow and `normalize` read the same cells the same way.
    #[test]
    fn direction_and_amount_agree_with_normalize() {
        for (raw, d) in [("来账", Dir::In), ("往账", Dir::Out), ("IN", Dir::In), ("OUT", Dir::Out), ("借 Dr", Dir::Out), ("贷", Dir::In)] {
            assert_eq!(direction(raw, &[]), Ok(Some(d)), "{raw}");
        }
        assert!(direction("转账", &[]).is_err(), "not a direction: counted, not guessed");
        assert_eq!(direction("不计收支", &["提现-实时提现", "张三"]), Ok(Some(Dir::Out)));
        assert_eq!(direction("不计收支", &["充值"]), Ok(Some(Dir::In)));
        assert_eq!(direction("不计收支", &["", "余额宝充值"]), Ok(Some(Dir::In)));
        for raw in ["6222 0000 1234", "'6222000012345678", "６２２２", "ab-12", "NULL", "-", "", "6217****1234", "C1234X"] {
            assert_eq!(account_key_cow(raw), account_key(raw), "{raw}");
        }
        assert!(matches!(account_key_cow(" 6222000012345678 "), std::borrow::Cow::Borrowed(_)));
        assert!(amount("¥1.005", Unit::Yuan).is_err(), "a third decimal is not rounded away");
        assert_eq!(amount("1,234.50", Unit::Yuan), Ok(Some(123_450)));
        assert_eq!(amount("12345", Unit::Fen), Ok(Some(12_345)));
        assert_eq!(amount("", Unit::Yuan), Ok(None));
        // A 15-digit serial number mapped as the amount is reported, not summed.
        assert!(amount("202401050012345", Unit::Yuan).is_err());
        assert_eq!(amount("99999999999.99", Unit::Yuan), Ok(Some(9_999_999_999_999)));
    }
}
