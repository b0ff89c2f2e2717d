//! 居民身份证号 (GB 11643), 统一社会信用代码 (GB 32100), 组织机构代码 (GB 11714).
//!
//! Excel damage is detected and reported, never repaired: an ID stored as a
//! number keeps only 15 significant digits, so `3.30203E+17` or
//! `330203199001011000` cannot be turned back into the real ID.

use super::Parsed;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// 18-digit resident ID with a valid check digit.
    Resident,
    /// 15-digit resident ID upgraded to 18.
    Resident15,
    /// 统一社会信用代码.
    CreditCode,
    /// 组织机构代码 `XXXXXXXX-X`.
    OrgCode,
    /// Masked (`3302**********1234`): `value` keeps the visible characters and `*`.
    Masked,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ParsedId {
    /// Normalised form (18 chars upper case for residents; masked keeps `*`).
    pub value: String,
    pub kind: IdKind,
    pub birth: Option<NaiveDate>,
    /// Sex from digit 17 (odd = male).
    pub male: Option<bool>,
}

impl ParsedId {
    /// A natural person's ID (full or masked), as opposed to an organisation's code.
    pub fn is_person(&self) -> bool {
        matches!(self.kind, IdKind::Resident | IdKind::Resident15 | IdKind::Masked)
    }

    /// A complete, checked ID usable as an exact join key.
    pub fn is_full(&self) -> bool {
        self.kind != IdKind::Masked
    }

    /// Whether a full ID agrees with this one on every visible character.
    /// For a full (unmasked) ID this is plain equality after normalisation.
    /// Masks of 18 or 15 characters compare position by position (a 15-char
    /// mask against the old 15-digit form of the full ID); other lengths
    /// compare the visible prefix and suffix.
    pub fn masked_matches(&self, other_full_id: &str) -> bool {
        let other = match parse(other_full_id) {
            Parsed::Value(o) if o.is_full() => o,
            _ => return false,
        };
        if self.kind != IdKind::Masked {
            return self.value == other.value;
        }
        let mask: Vec<char> = self.value.chars().collect();
        let full: Vec<char> = match (mask.len(), other.value.chars().count()) {
            (18, 18) => other.value.chars().collect(),
            (15, 18) => old_form(&other.value).chars().collect(),
            _ => {
                let prefix: String = mask.iter().take_while(|c| **c != '*').collect();
                let suffix: String = mask.iter().rev().take_while(|c| **c != '*').collect::<Vec<_>>().into_iter().rev().collect();
                return other.value.len() >= prefix.len() + suffix.len()
                    && other.value.starts_with(&prefix)
                    && other.value.ends_with(&suffix);
            }
        };
        mask.len() == full.len() && mask.iter().zip(&full).all(|(m, f)| *m == '*' || m == f)
    }
}

const W_RESIDENT: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_RESIDENT: &[u8; 11] = b"10X98765432";
const CREDIT_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const W_CREDIT: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const W_ORG: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// GB 11643 check character for 17 leading digits (None if not 17 digits).
pub fn resident_check(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let s: u32 = first17.bytes().zip(W_RESIDENT).map(|(b, w)| u32::from(b - b'0') * w).sum();
    CHECK_RESIDENT.get((s % 11) as usize).map(|b| *b as char)
}

/// GB 32100 check character for 17 leading characters.
pub fn credit_check(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut s = 0u32;
    for (c, w) in first17.chars().zip(W_CREDIT) {
        s += CREDIT_ALPHABET.find(c)? as u32 * w;
    }
    CREDIT_ALPHABET.chars().nth(((31 - s % 31) % 31) as usize)
}

/// 组织机构代码 check character for the 8-character body.
pub fn org_check(body: &str) -> Option<char> {
    if body.chars().count() != 8 {
        return None;
    }
    let mut s = 0u32;
    for (c, w) in body.chars().zip(W_ORG) {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return None,
        };
        s += v * w;
    }
    Some(match 11 - s % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10)?,
    })
}

/// The 18-digit form of a 15-digit ID (inserting the century `19`).
pub fn upgrade15(id15: &str) -> Option<String> {
    if id15.len() != 15 || !id15.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let first17 = format!("{}19{}", id15.get(..6)?, id15.get(6..)?);
    let check = resident_check(&first17)?;
    Some(format!("{first17}{check}"))
}

/// The 15-digit form of an 18-digit ID of someone born in the 1900s.
fn old_form(id18: &str) -> String {
    format!("{}{}", id18.get(..6).unwrap_or(""), id18.get(8..17).unwrap_or(""))
}

fn birth_of(id18: &str) -> Option<NaiveDate> {
    let y = id18.get(6..10)?.parse().ok()?;
    let m = id18.get(10..12)?.parse().ok()?;
    let d = id18.get(12..14)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

fn male_of(id18: &str) -> Option<bool> {
    id18.as_bytes().get(16).filter(|b| b.is_ascii_digit()).map(|b| (b - b'0') % 2 == 1)
}

/// Parse any ID-like cell. Masked IDs come back as `Value` with kind `Masked`;
/// Excel damage (`3.30203E+17`, trailing zeros with a wrong check) as `Damaged`.
pub fn parse(raw: &str) -> Parsed<ParsedId> {
    // Fast path: most cells are already a clean 18-character ID.
    let b = raw.as_bytes();
    if b.len() == 18 && b.iter().take(17).all(u8::is_ascii_digit) && b.get(17).is_some_and(|c| c.is_ascii_digit() || *c == b'X') {
        if let v @ Parsed::Value(_) = resident18(raw) {
            return v;
        }
    }
    let mut t = super::compact(raw).to_uppercase();
    // `'330…` (Excel's text prefix) and `="330…"` (CSV trick to keep text).
    if let Some(rest) = t.strip_prefix('=') {
        t = rest.to_string();
    }
    let t = t.trim_matches(|c| c == '\'' || c == '"');
    if super::nulls::is_null(t) {
        return Parsed::Empty;
    }
    // `110105-19491231-002X`: dashes grouping a resident ID (not the one in an org code).
    let undashed: String;
    let t = if t.contains('-') && !(t.len() == 10 && t.get(8..9) == Some("-")) {
        undashed = t.chars().filter(|c| *c != '-').collect();
        let n = undashed.len();
        let shaped = (n == 15 || n == 18) && undashed.bytes().enumerate().all(|(i, b)| b.is_ascii_digit() || (b == b'X' && i + 1 == n));
        if shaped {
            undashed.as_str()
        } else {
            t
        }
    } else {
        t
    };
    if let Some(why) = excel_number(t) {
        return why;
    }
    if let Some(m) = mask_spelling(t) {
        return masked(&m);
    }
    let n = t.chars().count();
    let digits17 = t.get(..17).is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if n == 18 && digits17 && t.ends_with(|c: char| c.is_ascii_digit() || c == 'X') {
        return resident18(t);
    }
    if n == 18 {
        return credit(t);
    }
    if n == 15 && t.bytes().all(|b| b.is_ascii_digit()) {
        return resident15(t);
    }
    if n == 10 && t.get(8..9) == Some("-") {
        return org(t);
    }
    if t.chars().all(|c| c.is_ascii_alphanumeric()) {
        Parsed::Invalid(format!("位数不对（{n} 位）：身份证号应为 18 位或 15 位，统一社会信用代码 18 位"))
    } else {
        Parsed::Invalid("不是证件号码".into())
    }
}

/// Excel's renderings of a number: `3.30203E+17`, `330203199001011234.0`.
/// Returns `Some` when the cell is such a rendering that cannot be a valid ID.
fn excel_number(t: &str) -> Option<Parsed<ParsedId>> {
    let (mantissa, exp) = match t.split_once('E') {
        Some((m, e)) => (m, Some(e)),
        None => (t, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let numeric = !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit());
    if !numeric {
        return None;
    }
    if let Some(e) = exp {
        let e = e.strip_prefix('+').unwrap_or(e);
        // Scientific notation has one leading digit and a short exponent; this
        // keeps a credit code like `1E…` out of it.
        if int.len() == 1 && (1..=3).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Parsed::Damaged("Excel 科学计数法（如 3.30203E+17），证件号末位已丢失，请把该列设为文本后重新导出".into()));
        }
        return None;
    }
    if mantissa.contains('.') {
        // A 15-digit number survives a float exactly (< 2^53): `110105491231002.0`
        // is still the full old ID, so read it; longer ones have lost digits.
        if int.len() >= 16 {
            return Some(Parsed::Damaged("数值格式的证件号（带小数点），超过 15 位的数字已被 Excel 截断".into()));
        }
        if frac.bytes().all(|b| b == b'0') {
            return match parse(int) {
                Parsed::Value(v) => Some(Parsed::Value(v)),
                _ => Some(Parsed::Invalid("不是证件号码（数值格式）".into())),
            };
        }
        return Some(Parsed::Invalid("不是证件号码（是一个小数）".into()));
    }
    if int.len() == 18 && resident_check(int.get(..17)?) != int.chars().nth(17) && looks_like_float(int) {
        return Some(Parsed::Damaged("末尾数字被 Excel 改成了 0（只保留 15 位有效数字），校验位不符，无法恢复".into()));
    }
    None
}

/// An 18-digit integer as Excel renders a number: 15 significant digits,
/// then zeros. (Any other ending is a typo or a made-up number: invalid, not
/// damaged; the quality card must not send the user to re-export for it.)
fn looks_like_float(digits: &str) -> bool {
    digits.len() == 18 && digits.ends_with("000")
}

/// First two digits of a resident ID: the province (GB/T 2260), plus 83 for
/// the residence permits of Taiwan residents.
fn is_province(two: &str) -> bool {
    matches!(
        two,
        "11" | "12" | "13" | "14" | "15" | "21" | "22" | "23" | "31" | "32" | "33" | "34" | "35" | "36" | "37" | "41" | "42" | "43" | "44" | "45"
            | "46" | "50" | "51" | "52" | "53" | "54" | "61" | "62" | "63" | "64" | "65" | "71" | "81" | "82" | "83"
    )
}

/// Shaped like a resident ID: a province prefix and a birth date that exists
/// (1800 to next year). Such a number is judged as an ID only: a failed check
/// digit makes it an invalid ID, never a credit code that happens to pass
/// GB 32100 (one in 31 random strings does).
fn resident_shaped(t: &str) -> bool {
    t.get(..2).is_some_and(is_province) && birth_of(t).is_some_and(|d| (1800..=chrono::Utc::now().year() + 1).contains(&d.year()))
}

/// Shaped like an all-digit credit code (GB 32100): a registering
/// department and one of its categories, an area code in characters 3 to 8
/// (a province prefix, or 10 for central bodies), and a 组织机构代码 with a
/// valid GB 11714 check in characters 9 to 17. A mistyped resident ID has
/// that shape about once in a few thousand.
fn credit_shaped(t: &str) -> bool {
    let category_ok = match t.get(..2) {
        Some(dc) => matches!(
            dc,
            "11" | "12" | "13" | "19" | "21" | "29" | "31" | "32" | "33" | "34" | "35" | "39" | "41" | "49" | "51" | "52" | "53" | "59" | "61" | "62"
                | "69" | "71" | "72" | "79" | "81" | "89" | "91" | "92" | "93"
        ),
        None => false,
    };
    let area_ok = t.get(2..4).is_some_and(|p| p == "10" || is_province(p));
    let org_ok = match (t.get(8..16), t.get(16..17)) {
        (Some(body), Some(check)) => org_check(body).is_some_and(|c| check.starts_with(c)),
        _ => false,
    };
    category_ok && area_ok && org_ok
}

fn resident18(t: &str) -> Parsed<ParsedId> {
    let Some(expected) = t.get(..17).and_then(resident_check) else {
        return Parsed::Invalid("不是证件号码".into());
    };
    let birth = birth_of(t);
    if t.chars().nth(17) != Some(expected) || birth.is_none() {
        // An all-digit 统一社会信用代码 is possible, but only where the number
        // is not shaped like a resident ID (see `resident_shaped`).
        if !resident_shaped(t) && credit_shaped(t) {
            if let v @ Parsed::Value(_) = credit(t) {
                return v;
            }
        }
    }
    if t.chars().nth(17) != Some(expected) {
        return Parsed::Invalid(format!("身份证号校验位错误（按前 17 位应为 {expected}）"));
    }
    let Some(birth) = birth else {
        return Parsed::Invalid("身份证号中的出生日期不存在".into());
    };
    Parsed::Value(ParsedId { value: t.to_string(), kind: IdKind::Resident, birth: Some(birth), male: male_of(t) })
}

fn resident15(t: &str) -> Parsed<ParsedId> {
    let Some(full) = upgrade15(t) else {
        return Parsed::Invalid("不是证件号码".into());
    };
    let Some(birth) = birth_of(&full) else {
        return Parsed::Invalid("15 位身份证号中的出生日期不存在".into());
    };
    let male = male_of(&full);
    Parsed::Value(ParsedId { value: full, kind: IdKind::Resident15, birth: Some(birth), male })
}

fn credit(t: &str) -> Parsed<ParsedId> {
    let Some(expected) = t.get(..17).and_then(credit_check) else {
        return Parsed::Invalid("不是证件号码（含统一社会信用代码不允许的字符）".into());
    };
    if t.chars().nth(17) != Some(expected) {
        return Parsed::Invalid(format!("统一社会信用代码校验位错误（应为 {expected}）"));
    }
    Parsed::Value(ParsedId { value: t.to_string(), kind: IdKind::CreditCode, birth: None, male: None })
}

fn org(t: &str) -> Parsed<ParsedId> {
    let (body, check) = (t.get(..8).unwrap_or(""), t.get(9..).unwrap_or(""));
    match org_check(body) {
        Some(c) if check.len() == 1 && check.starts_with(c) => {
            Parsed::Value(ParsedId { value: t.to_string(), kind: IdKind::OrgCode, birth: None, male: None })
        }
        Some(c) => Parsed::Invalid(format!("组织机构代码校验位错误（应为 {c}）")),
        None => Parsed::Invalid("不是组织机构代码".into()),
    }
}

/// Masks are written with `*` mostly, but also `×`, `●`, `#`, or `X` in
/// positions where a digit must be (an `X` is only real as the last
/// character). Returns the ID with every mask character as `*`.
fn mask_spelling(t: &str) -> Option<String> {
    let n = t.chars().count();
    // A lone `X` among digits is a typo or an OCR slip, not a mask: masks
    // hide several digits (`3302XXXXXXXXXX1234`).
    let x_mask = t.contains("XXX");
    let is_mask = |i: usize, c: char| matches!(c, '*' | '×' | '●' | '#') || (x_mask && c == 'X' && i + 1 < n);
    if !t.chars().enumerate().any(|(i, c)| is_mask(i, c)) {
        return None;
    }
    // `X` inside only counts as a mask when it is not a credit code (which has letters anyway).
    let looks_numeric = t.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || is_mask(i, c) || (c == 'X' && i + 1 == n));
    if !looks_numeric {
        return t.contains('*').then(|| t.to_string());
    }
    Some(t.chars().enumerate().map(|(i, c)| if is_mask(i, c) { '*' } else { c }).collect())
}

fn masked(t: &str) -> Parsed<ParsedId> {
    let n = t.chars().count();
    let visible_ok = t.chars().enumerate().all(|(i, c)| c == '*' || c.is_ascii_digit() || (c == 'X' && i + 1 == n));
    if !visible_ok || !(4..=18).contains(&n) || t.chars().all(|c| c == '*') {
        return Parsed::Invalid("不是脱敏证件号（如 3302**********1234）".into());
    }
    // Birth date and sex only when those positions are visible.
    let full18 = if n == 18 { Some(t.to_string()) } else { None };
    let birth = full18.as_deref().filter(|s| s.get(6..14).is_some_and(|b| !b.contains('*'))).and_then(birth_of);
    let male = full18.as_deref().and_then(male_of);
    Parsed::Value(ParsedId { value: t.to_string(), kind: IdKind::Masked, birth, male })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(raw: &str) -> ParsedId {
        match parse(raw) {
            Parsed::Value(v) => v,
            other => panic!("{raw:?}: {other:?}"),
        }
    }

    #[test]
    fn resident_vectors() {
        for id in ["11010519491231002X", "360426199101010071", "440524188001010014"] {
            assert_eq!(v(id).value, id);
            assert_eq!(v(id).kind, IdKind::Resident);
        }
        let p = v("11010519491231002X");
        assert_eq!(p.birth, NaiveDate::from_ymd_opt(1949, 12, 31));
        assert_eq!(p.male, Some(false)); // digit 17 = 2
        assert_eq!(v("360426199101010071").male, Some(true)); // 7
        assert_eq!(v("440524188001010014").birth, NaiveDate::from_ymd_opt(1880, 1, 1));
    }

    #[test]
    fn spelling_variants() {
        assert_eq!(v("11010519491231002x").value, "11010519491231002X");
        assert_eq!(v("１１０１０５１９４９１２３１００２Ｘ").value, "11010519491231002X");
        assert_eq!(v(" 110105 19491231 002X\t").value, "11010519491231002X");
        assert_eq!(v("'360426199101010071").value, "360426199101010071");
        assert_eq!(v("110105-19491231-002X").value, "11010519491231002X");
        assert_eq!(v("=\"360426199101010071\"").value, "360426199101010071");
    }

    #[test]
    fn fifteen_digits_upgrade() {
        let p = v("110105491231002");
        assert_eq!(p.value, "11010519491231002X");
        assert_eq!(p.kind, IdKind::Resident15);
        assert_eq!(p.birth, NaiveDate::from_ymd_opt(1949, 12, 31));
        // A number cell holding 15 digits is exact, so it is read.
        assert_eq!(v("110105491231002.0").value, "11010519491231002X");
    }

    #[test]
    fn wrong_check_and_bad_birth_are_invalid_and_say_why() {
        match parse("110105194912310021") {
            Parsed::Invalid(m) => assert!(m.contains("校验位") && m.contains('X'), "{m}"),
            o => panic!("{o:?}"),
        }
        // 1949-02-30 with a correct check digit for those 17 digits.
        let first17 = "11010519490230002";
        let id = format!("{first17}{}", resident_check(first17).unwrap());
        match parse(&id) {
            Parsed::Invalid(m) => assert!(m.contains("出生日期"), "{m}"),
            o => panic!("{o:?}"),
        }
        assert!(matches!(parse("1101051949123"), Parsed::Invalid(_)));
        assert!(matches!(parse("张三"), Parsed::Invalid(_)));
    }

    #[test]
    fn excel_damage_is_detected_not_repaired() {
        for raw in ["3.30203E+17", "3.30203199001011E+17", "3.30203199001011e17", "330203199001011234.0", "330203199001011000"] {
            assert!(matches!(parse(raw), Parsed::Damaged(_)), "{raw:?}: {:?}", parse(raw));
        }
        // Not Excel's rendering (its last three digits are not zeros): a
        // wrong check digit is an invalid ID, whatever produced it.
        let f = format!("{}", 330203199001011456u64 as f64);
        assert_eq!(f, "330203199001011460");
        assert!(matches!(parse(&f), Parsed::Invalid(_)), "{f}");
    }

    #[test]
    fn masked_ids_keep_visible_characters() {
        let m = v("3302**********1234");
        assert_eq!(m.kind, IdKind::Masked);
        assert_eq!(m.value, "3302**********1234");
        assert_eq!(m.birth, None);
        let m2 = v("330203********123x");
        assert_eq!(m2.value, "330203********123X");
        let m3 = v("110105********002X");
        assert!(m3.masked_matches("11010519491231002X"));
        assert!(!m3.masked_matches("11010519491231003X"));
        assert!(!m3.masked_matches("360426199101010071"));
        assert!(!m3.masked_matches("3.30203E+17"));
        // Birth visible.
        assert_eq!(v("11010519491231****").birth, NaiveDate::from_ymd_opt(1949, 12, 31));
        // Short mask: prefix and suffix.
        assert!(v("1101****002X").masked_matches("11010519491231002X"));
        // 15-char mask against the old form of an 18-digit ID.
        assert!(v("110105*****1002").masked_matches("11010519491231002X"));
        // Full IDs: equality after normalisation.
        assert!(v("11010519491231002X").masked_matches("11010519491231002x"));
        assert!(matches!(parse("****"), Parsed::Invalid(_)));
        // Other mask characters.
        assert_eq!(v("3302XXXXXXXXXX1234").value, "3302**********1234");
        assert_eq!(v("3302xxxxxxxxxx123x").value, "3302**********123X");
        assert_eq!(v("3302××××××××××1234").value, "3302**********1234");
        assert_eq!(v("3302##########1234").value, "3302**********1234");
        // A credit code keeps its letters (no mask).
        assert_eq!(v("91110000600037341L").kind, IdKind::CreditCode);
        assert!(matches!(parse("33A2**********1234"), Parsed::Invalid(_)));
    }

    #[test]
    fn organisation_codes() {
        let c = v("91110000600037341L");
        assert_eq!(c.kind, IdKind::CreditCode);
        assert!(!c.is_person());
        assert!(matches!(parse("91110000600037341M"), Parsed::Invalid(m) if m.contains("统一社会信用代码")));
        let o = v("60003734-1");
        assert_eq!(o.kind, IdKind::OrgCode);
        assert!(matches!(parse("60003734-2"), Parsed::Invalid(m) if m.contains("组织机构代码")));
        assert!(v("360426199101010071").is_person());
    }

    #[test]
    fn empty_cells() {
        for raw in ["", " ", "-", "无", "'"] {
            assert_eq!(parse(raw), Parsed::Empty, "{raw:?}");
        }
    }

    #[test]
    fn all_digit_credit_code_passing_the_resident_check_is_a_credit_code() {
        // See: bench report; 913302811000784702 passes GB 11643's check digit
        // but its "birth date" 1100-07-84 does not exist.
        assert_eq!(resident_check("91330281100078470"), Some('2'));
        match parse("913302811000784702") {
            Parsed::Value(v) => assert_eq!(v.kind, IdKind::CreditCode),
            other => panic!("{other:?}"),
        }
    }
}
