//! 机动车状态 ZT: a string of letters, one per state ("GK" = G and K), or the
//! Chinese names (`违法未处理,查封`). Letters outside the table are refused.

use super::Parsed;
use serde::{Serialize, Serializer};

/// Letter → label, from the traffic-police code table (domain.md).
pub const STATES: &[(char, &str)] = &[
    ('A', "正常"),
    ('B', "转出"),
    ('C', "被盗抢"),
    ('D', "停驶"),
    ('E', "注销"),
    ('G', "违法未处理"),
    ('H', "海关监管"),
    ('I', "事故未处理"),
    ('J', "嫌疑车"),
    ('K', "查封"),
    ('L', "暂扣"),
    ('M', "强制注销"),
    ('N', "事故逃逸"),
    ('O', "锁定"),
    ('P', "达到报废标准"),
    ('Q', "逾期未检验"),
];

/// Other spellings seen in exports.
const ALIASES: &[(&str, char)] = &[("盗抢", 'C'), ("报废", 'P'), ("逾期未检", 'Q'), ("扣押", 'L'), ("违法", 'G'), ("事故", 'I')];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StatusSet(u32);

impl StatusSet {
    pub fn has(&self, letter: char) -> bool {
        let l = letter.to_ascii_uppercase();
        l.is_ascii_uppercase() && self.0 & (1 << (l as u32 - 'A' as u32)) != 0
    }
    pub fn any_of(&self, letters: &str) -> bool {
        letters.chars().any(|c| self.has(c))
    }
    pub fn letters(&self) -> String {
        ('A'..='Z').filter(|&c| self.has(c)).collect()
    }
    /// Chinese labels of the states present, in letter order.
    pub fn labels(&self) -> Vec<&'static str> {
        STATES.iter().filter(|(c, _)| self.has(*c)).map(|(_, l)| *l).collect()
    }
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
    fn insert(&mut self, letter: char) {
        self.0 |= 1 << (letter as u32 - 'A' as u32);
    }
}

impl Serialize for StatusSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.letters())
    }
}

fn known(letter: char) -> bool {
    STATES.iter().any(|(c, _)| *c == letter)
}

pub fn parse(raw: &str) -> Parsed<StatusSet> {
    let t = super::compact(raw).to_uppercase();
    if t.is_empty() || super::nulls::is_null(&t) {
        return Parsed::Empty;
    }
    let mut set = StatusSet::default();
    let mut rest = t.as_str();
    while let Some(c) = rest.chars().next() {
        if matches!(c, ',' | '、' | ';' | '/' | '|' | '+' | ':') {
            rest = rest.get(c.len_utf8()..).unwrap_or("");
            continue;
        }
        if c.is_ascii_uppercase() {
            if !known(c) {
                return Parsed::Invalid(format!("未知的机动车状态代码 {c}"));
            }
            set.insert(c);
            rest = rest.get(1..).unwrap_or("");
            continue;
        }
        // Longest label first, so 强制注销 wins over 注销.
        let label = STATES
            .iter()
            .map(|(c, l)| (*l, *c))
            .chain(ALIASES.iter().copied())
            .filter(|(l, _)| rest.starts_with(*l))
            .max_by_key(|(l, _)| l.len());
        match label {
            Some((l, letter)) => {
                set.insert(letter);
                rest = rest.get(l.len()..).unwrap_or("");
            }
            None => return Parsed::Invalid(format!("无法识别的机动车状态“{}”", rest.chars().take(8).collect::<String>())),
        }
    }
    if set.is_empty() {
        return Parsed::Empty;
    }
    Parsed::Value(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(raw: &str) -> StatusSet {
        match parse(raw) {
            Parsed::Value(s) => s,
            o => panic!("{raw:?}: {o:?}"),
        }
    }

    #[test]
    fn letters() {
        let gk = v("GK");
        assert!(gk.has('G') && gk.has('K') && !gk.has('A'));
        assert!(gk.any_of("BCEKMP"));
        assert!(!v("A").any_of("BCEKMP"));
        assert_eq!(v("kg").letters(), "GK");
        assert_eq!(v("G,K").letters(), "GK");
        assert_eq!(v("ＧＫ").letters(), "GK");
        assert_eq!(gk.labels(), ["违法未处理", "查封"]);
    }

    #[test]
    fn chinese_names() {
        assert_eq!(v("正常").letters(), "A");
        assert_eq!(v("违法未处理,查封").letters(), "GK");
        assert_eq!(v("违法未处理，查封").letters(), "GK");
        assert_eq!(v("违法未处理、查封").letters(), "GK");
        assert_eq!(v("强制注销").letters(), "M");
        assert_eq!(v("注销").letters(), "E");
        assert_eq!(v("被盗抢 达到报废标准").letters(), "CP");
        assert_eq!(v("G 查封").letters(), "GK");
    }

    #[test]
    fn unknown_codes_are_invalid() {
        for raw in ["F", "GKZ", "R", "好", "正常吗", "1"] {
            assert!(matches!(parse(raw), Parsed::Invalid(_)), "{raw:?}: {:?}", parse(raw));
        }
        assert_eq!(parse(""), Parsed::Empty);
        assert_eq!(parse(",,"), Parsed::Empty);
    }
}
