//! Amounts → integer 分, parsed from the decimal digits exactly (never via f64).
//!
//! Accepted: `3,000.00元`, `3000`, `0.3万元`, `1.2万`, `2亿`, `(123.00)` and
//! `（123.00）` (negative), `-123`, `¥`/`￥`/`RMB`/`CNY`/`人民币` prefixes,
//! full-width digits and commas, spaces anywhere.
//! Choice: a value that is not a whole number of 分 (`12.345` 元,
//! `1.2345678万`) is `Invalid`, not rounded: a third decimal in a money column
//! usually means the column is not what the mapping says. Trailing zeros
//! (`12.500`) are exact and accepted.

use super::Parsed;
use crate::money;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// The cell is in 元 unless it says 万元 / 亿元.
    Yuan,
    /// The source is in 分 (WeChat Pay exports): whole numbers only.
    Fen,
    /// The column header says 万元: bare numbers are 万元; a cell that writes
    /// its own unit (`5000元`) is read in that unit.
    Wan,
}

/// The unit of a column from its header (`金额（万元）` → 万元, `金额(分)` → 分)
/// and the mapping's `amounts_in_fen` flag; 元 otherwise.
pub fn unit_for_header(header: &str, amounts_in_fen: bool) -> Unit {
    let h = super::compact(header);
    if amounts_in_fen || h.contains("(分)") || h.ends_with("分)") || h.contains("单位:分") {
        Unit::Fen
    } else if h.contains("万元") || h.ends_with("(万)") {
        Unit::Wan
    } else {
        Unit::Yuan
    }
}

pub fn parse(raw: &str, unit: Unit) -> Parsed<i64> {
    if let Some(v) = plain(raw, unit) {
        return v;
    }
    let mut t = super::compact(raw).to_uppercase().replace(',', "");
    if t.is_empty() || super::nulls::is_null(&t) {
        return Parsed::Empty;
    }
    let mut negative = false;
    // Parentheses (accounting negative), signs and currency marks, in any order.
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        negative = true;
        t = inner.to_string();
    }
    let mut s = t.as_str();
    loop {
        let before = s.len();
        for p in ["¥", "RMB", "CNY", "人民币", "$"] {
            s = s.strip_prefix(p).unwrap_or(s);
        }
        if let Some(r) = s.strip_prefix(['-', '−']) {
            if negative {
                return Parsed::Invalid("负号重复".into());
            }
            negative = true;
            s = r;
        } else if let Some(r) = s.strip_prefix('+') {
            s = r;
        }
        if s.len() == before {
            break;
        }
    }
    // `5000.00元整`: 整/正 only says "no 角 or 分".
    let s = s.strip_suffix(['整', '正']).unwrap_or(s);
    // Chinese numerals as on contracts and receipts (大写: 叁仟元整, 伍万元).
    if s.chars().any(is_cn_numeral) {
        if unit == Unit::Fen {
            return Parsed::Invalid("该列以“分”为单位，单元格却是中文大写金额".into());
        }
        return match cn_amount(s) {
            Some(v) => checked(if negative { -v } else { v }),
            None => Parsed::Invalid("无法识别的中文大写金额".into()),
        };
    }
    // Unit suffix: 分 per unit of the number written.
    let (body, scale, has_unit) = if let Some(b) = s.strip_suffix("万元").or_else(|| s.strip_suffix('万')) {
        (b, 1_000_000i128, true)
    } else if let Some(b) = s.strip_suffix("亿元").or_else(|| s.strip_suffix('亿')) {
        (b, 10_000_000_000, true)
    } else if let Some(b) = s.strip_suffix('元') {
        (b, 100, true)
    } else {
        let scale = match unit {
            Unit::Fen => 1,
            Unit::Yuan => 100,
            Unit::Wan => 1_000_000,
        };
        (s, scale, false)
    };
    if unit == Unit::Fen && has_unit {
        return Parsed::Invalid("该列以“分”为单位，单元格却写了元/万元".into());
    }
    // Some bank exports put the sign last (`123.00-`).
    let body = match body.strip_suffix(['-', '−']) {
        Some(_) if negative => return Parsed::Invalid("负号重复".into()),
        Some(b) => {
            negative = true;
            b
        }
        None => body,
    };
    match exact(body, scale) {
        Ok(v) => checked(if negative { -v } else { v }),
        Err(why) => Parsed::Invalid(why),
    }
}

/// The one exit of every parse: a value within [`money::MAX_CELL_FEN`], so
/// sums of parsed cells start from sane numbers (a serial number mapped as
/// an amount is an invalid cell in the quality report, not a 10^14 元 total).
fn checked(v: i128) -> Parsed<i64> {
    match i64::try_from(v) {
        Ok(v) if v.unsigned_abs() <= money::MAX_CELL_FEN.unsigned_abs() => Parsed::Value(v),
        _ => Parsed::Invalid("金额超出合理范围（不少于 100 万亿元），可能是编号或账号被映射成了金额".into()),
    }
}

/// The common case without allocating (bank statements have millions of
/// rows): an optional ASCII sign, digits, an optional decimal part, padding
/// spaces/tabs. Anything else goes through the full parser; the result is
/// the same either way.
fn plain(raw: &str, unit: Unit) -> Option<Parsed<i64>> {
    let t = raw.trim_matches([' ', '\t']);
    let (negative, body) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    if !body.bytes().any(|b| b.is_ascii_digit()) || !body.bytes().all(|b| b.is_ascii_digit() || b == b'.') || body.starts_with('.') && body.len() == 1 {
        return None;
    }
    let scale = match unit {
        Unit::Fen => 1,
        Unit::Yuan => 100,
        Unit::Wan => 1_000_000,
    };
    Some(match exact(body, scale) {
        Ok(v) => checked(if negative { -v } else { v }),
        Err(why) => Parsed::Invalid(why),
    })
}

fn cn_digit(c: char) -> Option<i128> {
    Some(match c {
        '零' | '〇' => 0,
        '壹' | '一' => 1,
        '贰' | '貳' | '二' | '两' => 2,
        '叁' | '三' => 3,
        '肆' | '四' => 4,
        '伍' | '五' => 5,
        '陆' | '六' => 6,
        '柒' | '七' => 7,
        '捌' | '八' => 8,
        '玖' | '九' => 9,
        _ => return None,
    })
}

fn cn_unit(c: char) -> Option<i128> {
    Some(match c {
        '拾' | '十' => 10,
        '佰' | '百' => 100,
        '仟' | '千' => 1000,
        _ => return None,
    })
}

fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || cn_unit(c).is_some()
}

/// A whole number in Chinese numerals (`叁仟伍佰`, `一亿二千万`, `十二`).
fn cn_integer(s: &str) -> Option<i128> {
    let (mut total, mut section, mut number): (i128, i128, Option<i128>) = (0, 0, None);
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            number = Some(d);
        } else if let Some(u) = cn_unit(c) {
            // `拾伍` = 15: a bare 十 counts as 一十.
            let n = match number {
                Some(n) => n,
                None if u == 10 => 1,
                None => return None,
            };
            section = section.checked_add(n.checked_mul(u)?)?;
            number = None;
        } else if c == '万' {
            section += number.take().unwrap_or(0);
            total = total.checked_add(section.checked_mul(10_000)?)?;
            section = 0;
        } else if c == '亿' {
            section += number.take().unwrap_or(0);
            total = total.checked_add(section)?.checked_mul(100_000_000)?;
            section = 0;
        } else {
            return None;
        }
    }
    total.checked_add(section)?.checked_add(number.unwrap_or(0))
}

/// `叁仟元伍角陆分` → 300056 分; `伍万元` → 5000000; the text after 元 may hold 角 and 分.
fn cn_amount(s: &str) -> Option<i128> {
    let s = s.strip_prefix("人民币").unwrap_or(s);
    let (int, frac) = match s.split_once(['元', '圆']) {
        Some((i, f)) => (i, f),
        None if s.ends_with(['角', '分']) => ("", s),
        None => (s, ""),
    };
    let yuan = if int.is_empty() { 0 } else { cn_integer(int)? };
    let mut fen = 0i128;
    let mut rest = frac.trim_start_matches('零');
    if let Some((j, r)) = rest.split_once('角') {
        fen += cn_digit(j.chars().next()?)? * 10;
        if j.chars().count() != 1 {
            return None;
        }
        rest = r.trim_start_matches('零');
    }
    if let Some((f, r)) = rest.split_once('分') {
        if f.chars().count() != 1 || !r.is_empty() {
            return None;
        }
        fen += cn_digit(f.chars().next()?)?;
    } else if !rest.is_empty() {
        return None;
    }
    yuan.checked_mul(100)?.checked_add(fen)
}

/// `digits[.digits] × scale` exactly, or why not.
fn exact(body: &str, scale: i128) -> Result<i128, String> {
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty() && frac.is_empty() {
        return Err("不是金额".into());
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        if body.contains(['E', 'e']) && body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'E' | b'+' | b'-')) {
            return Err("科学计数法的金额，精度可能已丢失".into());
        }
        return Err("不是金额".into());
    }
    let frac = frac.trim_end_matches('0');
    // scale is a power of ten: how many decimals it can absorb.
    let places = scale.ilog10() as usize;
    if frac.len() > places {
        return Err(if scale == 1 { "以分为单位的金额应为整数".into() } else { "小数位超过“分”，不取整".into() });
    }
    let overflow = || "金额超出范围".to_string();
    let mut v: i128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        v = v.checked_mul(10).and_then(|x| x.checked_add(i128::from(b - b'0'))).ok_or_else(overflow)?;
    }
    let rest = 10i128.pow((places - frac.len()) as u32);
    v.checked_mul(rest).ok_or_else(overflow)
}

// The formatters live in `money` (one for the whole crate); these names stay for callers.
pub use crate::money::{plain as format_yuan, yuan as format_yuan_grouped};

#[cfg(test)]
mod tests {
    use super::*;

    fn y(raw: &str) -> Parsed<i64> {
        parse(raw, Unit::Yuan)
    }

    #[test]
    fn yuan_forms() {
        for (raw, fen) in [
            ("3,000.00元", 300_000),
            ("3000", 300_000),
            ("0.3万元", 300_000),
            ("1.2万", 1_200_000),
            ("2亿", 20_000_000_000),
            ("(123.00)", -12_300),
            ("（123.00）", -12_300),
            ("-123", -12_300),
            ("¥1,234.5", 123_450),
            ("￥1234.56", 123_456),
            ("RMB 100", 10_000),
            ("cny100.00", 10_000),
            ("-¥5", -500),
            ("¥-5", -500),
            ("３，０００．００", 300_000),
            (" 3 000.00 元 ", 300_000),
            ("12.500", 1_250),
            (".5", 50),
            ("0", 0),
            ("123.00-", -12_300),
            ("1.234567万", 1_234_567),
        ] {
            assert_eq!(y(raw), Parsed::Value(fen), "{raw:?}");
        }
    }

    #[test]
    fn fast_path_agrees_with_the_full_parser() {
        for raw in ["1234.56", "-50000.00", "+0.1", "12345", " 7.5\t", "1.005", "00012", "1.2.3", "5.", ".25", "99999999999999999999999"] {
            for unit in [Unit::Yuan, Unit::Fen, Unit::Wan] {
                // A leading "¥" forces the full parser; the value must not change.
                let slow = parse(&format!("¥{}", raw.trim()), unit);
                assert_eq!(parse(raw, unit), slow, "{raw:?} {unit:?}");
            }
        }
    }

    #[test]
    fn chinese_numerals() {
        for (raw, fen) in [
            ("叁仟元整", 300_000),
            ("人民币伍仟元整", 500_000),
            ("伍万元", 5_000_000),
            ("壹拾贰万叁仟肆佰伍拾陆元柒角捌分", 12_345_678),
            ("叁仟零伍元零伍分", 300_505),
            ("拾元", 1_000),
            ("一亿二千万元", 12_000_000_000),
            ("伍角", 50),
            ("三千", 300_000),
            ("5000.00元整", 500_000),
        ] {
            assert_eq!(y(raw), Parsed::Value(fen), "{raw:?}");
        }
        for raw in ["叁仟元伍", "叁仟元伍角陆分七", "佰元", "伍仟美元"] {
            assert!(matches!(y(raw), Parsed::Invalid(_)), "{raw:?}: {:?}", y(raw));
        }
    }

    #[test]
    fn fen_sources() {
        assert_eq!(parse("12345", Unit::Fen), Parsed::Value(12_345));
        assert_eq!(parse("-100", Unit::Fen), Parsed::Value(-100));
        assert_eq!(parse("100.00", Unit::Fen), Parsed::Value(100));
        assert!(matches!(parse("100.5", Unit::Fen), Parsed::Invalid(_)));
        assert!(matches!(parse("100元", Unit::Fen), Parsed::Invalid(_)));
    }

    #[test]
    fn units_from_headers() {
        assert_eq!(unit_for_header("执行标的（万元）", false), Unit::Wan);
        assert_eq!(unit_for_header("交易金额(分)", false), Unit::Fen);
        assert_eq!(unit_for_header("金额", true), Unit::Fen);
        assert_eq!(unit_for_header("金额（元）", false), Unit::Yuan);
        assert_eq!(unit_for_header("分公司金额", false), Unit::Yuan);
    }

    #[test]
    fn wan_columns() {
        assert_eq!(parse("1.2", Unit::Wan), Parsed::Value(1_200_000));
        assert_eq!(parse("0.000001", Unit::Wan), Parsed::Value(1));
        assert_eq!(parse("5000元", Unit::Wan), Parsed::Value(500_000));
        assert!(matches!(parse("0.0000001", Unit::Wan), Parsed::Invalid(_)));
    }

    #[test]
    fn refused_values() {
        for raw in [
            "12.345",
            "1.2345678万",
            "abc",
            "1.2.3",
            "1.2E+5",
            "--5",
            "(-5)",
            "-5-",
            "¥",
            "万",
            "99999999999999999999",
            "92233720368547758.08",
        ] {
            assert!(matches!(y(raw), Parsed::Invalid(_)), "{raw:?}: {:?}", y(raw));
        }
        assert!(matches!(y("92233720368547758.07"), Parsed::Invalid(_)));
        for raw in ["", "-", "--", "无", " "] {
            assert_eq!(y(raw), Parsed::Empty, "{raw:?}");
        }
    }

    #[test]
    fn absurd_cells_are_invalid_not_totals() {
        // A 15-digit serial number mapped as an amount (see money::MAX_CELL_FEN).
        for raw in ["123456789012345", "100000000000000", "1000000亿", "-100000000000000.00"] {
            assert!(matches!(y(raw), Parsed::Invalid(_)), "{raw:?}: {:?}", y(raw));
        }
        assert_eq!(y("99999999999999.99"), Parsed::Value(crate::money::MAX_CELL_FEN));
        assert_eq!(y("95000000000000"), Parsed::Value(9_500_000_000_000_000));
        assert!(matches!(parse("12345678901234567", Unit::Fen), Parsed::Invalid(_)));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_yuan(300_050), "3000.50");
        assert_eq!(format_yuan(-5), "-0.05");
        assert_eq!(format_yuan_grouped(123_456_789), "1,234,567.89");
        assert_eq!(format_yuan_grouped(-100_000), "-1,000.00");
        assert_eq!(format_yuan_grouped(i64::MIN), "-92,233,720,368,547,758.08");
    }
}
