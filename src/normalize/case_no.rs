//! 案号: `（2019）浙0203执1234号` = year, court code, type code, serial, optional
//! `之一`; pre-2016 `（2014）甬北执字第123号`. Brackets of any width or shape
//! (`()`, `（）`, `〔〕`, `[]`, `【】`) and spaces are normalised before
//! comparing; `norm` is the canonical text, so equal cases have equal `norm`.

use super::Parsed;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CaseNo {
    pub year: u16,
    /// Court code ("浙0203") or, in the pre-2016 form, the court abbreviation ("甬北").
    pub court: String,
    /// Type code: "执", "执恢", "执保", "执异", "执复", "执监", "执协", "执他";
    /// other case types ("民初", "民终", …) are kept as written.
    pub kind: String,
    pub serial: u32,
    /// `之一` → 1.
    pub sub: Option<u32>,
    /// Canonical text: "（2019）浙0203执1234号", "（2014）甬北执字第123号", "…号之一".
    pub norm: String,
}

impl CaseNo {
    /// An enforcement case (type code starting with 执).
    pub fn is_enforcement(&self) -> bool {
        self.kind.starts_with('执')
    }
    /// A restored enforcement case (执恢).
    pub fn is_restored(&self) -> bool {
        self.kind == "执恢"
    }
    /// Key for "the same case however written": `norm` without the pre-2016
    /// `字第`, which registers sometimes add to new-style numbers
    /// (`（2021）浙0203执字第1234号` = `（2021）浙0203执1234号`).
    pub fn match_key(&self) -> String {
        self.norm.replacen("字第", "", 1)
    }
}

/// Type codes, longest first, for splitting a court abbreviation from the type
/// when no digits separate them (`甬北执`, `最高法执监`).
const KINDS: &[&str] = &[
    "执恢", "执保", "执异", "执复", "执监", "执协", "执他", "执民", "执", "民初", "民终", "民申", "民再", "民特", "民催", "民督", "商初",
    "商终", "刑初", "刑终", "行初", "行终", "财保", "破申", "破",
];

pub fn parse(raw: &str) -> Parsed<CaseNo> {
    let t: String = super::compact(raw)
        .chars()
        .map(|c| match c {
            '〔' | '[' | '【' | '〖' | '﹝' => '(',
            '〕' | ']' | '】' | '〗' | '﹞' => ')',
            _ => c,
        })
        .collect();
    if t.is_empty() || super::nulls::is_null(&t) {
        return Parsed::Empty;
    }
    match parse_inner(&t) {
        Some(c) => Parsed::Value(c),
        None => Parsed::Invalid("不是案号（应如（2019）浙0203执1234号）".into()),
    }
}

fn parse_inner(t: &str) -> Option<CaseNo> {
    let rest = t.strip_prefix('(')?;
    let (year, rest) = rest.split_once(')')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: u16 = year.parse().ok()?;
    if !(1949..=2200).contains(&year) {
        return None;
    }
    // The serial is the last run of digits before 号 (or the end).
    let (body, sub_text) = match rest.split_once('号') {
        Some((b, s)) => (b, s),
        None => (rest, ""),
    };
    let digits_at = body.len() - body.bytes().rev().take_while(|b| b.is_ascii_digit()).count();
    let serial_text = body.get(digits_at..)?;
    if serial_text.is_empty() || serial_text.len() > 9 {
        return None;
    }
    let serial: u32 = serial_text.parse().ok()?;
    let head = body.get(..digits_at)?;
    let (head, old) = match head.strip_suffix("字第") {
        Some(h) => (h, true),
        None => (head.strip_suffix('第').unwrap_or(head), false),
    };
    let (court, kind) = split_court_kind(head)?;
    let sub = sub_number(sub_text)?;
    let mut norm = format!("（{year}）{court}{kind}{}{serial}号", if old { "字第" } else { "" });
    if let Some(n) = sub {
        norm.push('之');
        norm.push_str(&chinese_number(n));
    }
    Some(CaseNo { year, court: court.to_string(), kind: kind.to_string(), serial, sub, norm })
}

/// `浙0203执` → (`浙0203`, `执`); `甬北执` → (`甬北`, `执`); `最高法执监` → (`最高法`, `执监`).
fn split_court_kind(head: &str) -> Option<(&str, &str)> {
    let cjk = |c: char| !c.is_ascii();
    if head.is_empty() || !head.chars().next().is_some_and(cjk) {
        return None;
    }
    let (court, kind) = if let Some(i) = head.rfind(|c: char| c.is_ascii_digit()) {
        head.split_at(i + 1)
    } else if let Some(k) = KINDS.iter().find(|k| head.ends_with(*k) && head.len() > k.len()) {
        head.split_at(head.len() - k.len())
    } else {
        let first = head.chars().next()?.len_utf8();
        head.split_at(first)
    };
    let valid = !kind.is_empty()
        && kind.chars().all(cjk)
        && court.chars().next().is_some_and(cjk)
        && court.chars().all(|c| cjk(c) || c.is_ascii_digit());
    valid.then_some((court, kind))
}

/// `之一` / `之1` → Some(Some(1)); "" → Some(None); anything else → None.
fn sub_number(s: &str) -> Option<Option<u32>> {
    if s.is_empty() {
        return Some(None);
    }
    let n = s.strip_prefix('之')?;
    if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
        return n.parse().ok().filter(|v| *v > 0).map(Some);
    }
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| (i / '一'.len_utf8()) as u32 + 1);
    let chars: Vec<char> = n.chars().collect();
    let v = match chars.as_slice() {
        [a] if *a == '十' => 10,
        [a] => digit(*a)?,
        ['十', b] => 10 + digit(*b)?,
        [a, '十'] => digit(*a)? * 10,
        [a, '十', b] => digit(*a)? * 10 + digit(*b)?,
        _ => return None,
    };
    Some(Some(v))
}

fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let d = |i: u32| D.get(i as usize).copied().unwrap_or("");
    match n {
        1..=9 => d(n).to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", d(n % 10)),
        20..=99 if n.is_multiple_of(10) => format!("{}十", d(n / 10)),
        20..=99 => format!("{}十{}", d(n / 10), d(n % 10)),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(raw: &str) -> CaseNo {
        match parse(raw) {
            Parsed::Value(c) => c,
            o => panic!("{raw:?}: {o:?}"),
        }
    }

    #[test]
    fn modern_form() {
        let c = v("（2019）浙0203执1234号");
        assert_eq!((c.year, c.court.as_str(), c.kind.as_str(), c.serial, c.sub), (2019, "浙0203", "执", 1234, None));
        assert_eq!(c.norm, "（2019）浙0203执1234号");
        assert!(c.is_enforcement());
        for raw in [
            "(2019)浙0203执1234号",
            " （2019） 浙0203 执 1234 号 ",
            "〔2019〕浙0203执1234号",
            "（２０１９）浙０２０３执１２３４号",
            "(2019)浙0203执01234号",
        ] {
            assert_eq!(v(raw).norm, c.norm, "{raw:?}");
        }
    }

    #[test]
    fn type_codes_and_sub_numbers() {
        let c = v("(2019)浙02执恢12号之一");
        assert_eq!((c.court.as_str(), c.kind.as_str(), c.serial, c.sub), ("浙02", "执恢", 12, Some(1)));
        assert_eq!(c.norm, "（2019）浙02执恢12号之一");
        assert!(c.is_restored());
        for k in ["执", "执恢", "执保", "执异", "执复", "执监", "执协", "执他", "民初"] {
            assert_eq!(v(&format!("（2020）浙0203{k}5号")).kind, k);
        }
        assert!(!v("（2020）浙0203民初5号").is_enforcement());
        assert_eq!(v("（2020）浙0203执5号之十二").sub, Some(12));
        assert_eq!(v("（2020）浙0203执5号之2").norm, "（2020）浙0203执5号之二");
        let top = v("（2019）最高法执监12号");
        assert_eq!((top.court.as_str(), top.kind.as_str()), ("最高法", "执监"));
        let prov = v("（2019）浙执复3号");
        assert_eq!((prov.court.as_str(), prov.kind.as_str()), ("浙", "执复"));
    }

    #[test]
    fn old_form() {
        let c = v("（2014）甬北执字第123号");
        assert_eq!((c.year, c.court.as_str(), c.kind.as_str(), c.serial), (2014, "甬北", "执", 123));
        assert_eq!(c.norm, "（2014）甬北执字第123号");
        assert_eq!(v("(2014)甬北执字第00123号").norm, c.norm);
        assert_eq!(v("（2014）甬北执恢字第5号").kind, "执恢");
    }

    #[test]
    fn match_key_ignores_zi_di() {
        let k = v("（2021）浙0203执1234号").match_key();
        assert_eq!(v("(2021)浙0203执字第1234号").match_key(), k);
        assert_eq!(v("〔2021〕浙0203执1234号").match_key(), k);
        assert_ne!(v("（2021）浙0203执1235号").match_key(), k);
        assert_ne!(v("（2021）浙0203执恢1234号").match_key(), k);
    }

    #[test]
    fn not_case_numbers() {
        for raw in [
            "2019浙0203执1234号",
            "（19）浙0203执1234号",
            "（2019）浙0203执号",
            "（2019）0203执1234号",
            "（2019）浙0203执1234号之",
            "（2019）浙0203执1234号附件",
            "张三",
        ] {
            assert!(matches!(parse(raw), Parsed::Invalid(_)), "{raw:?}: {:?}", parse(raw));
        }
        assert_eq!(parse("--"), Parsed::Empty);
    }
}
