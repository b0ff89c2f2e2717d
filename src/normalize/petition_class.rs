//! 信访/12309 反映内容 → the classes of `petition.on_zhongben`: 消极执行,
//! 执行款, 违法执行. A petition may raise several; none is also an answer
//! (the lead then shows the content without a class).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PetitionClass {
    /// 消极执行: not enforcing, delaying, closing as 终本.
    Passive,
    /// 执行款: money collected but not paid out.
    Funds,
    /// 违法执行: over-seizure, wrongful seizure or enforcement.
    Unlawful,
}

impl PetitionClass {
    pub fn label(&self) -> &'static str {
        match self {
            PetitionClass::Passive => "消极执行",
            PetitionClass::Funds => "执行款",
            PetitionClass::Unlawful => "违法执行",
        }
    }
}

/// Keywords per class (domain.md "Second wave"), plus common variants.
pub const KEYWORDS: &[(PetitionClass, &[&str])] = &[
    (PetitionClass::Passive, &["不执行", "拖延", "未执行", "终本", "终结本次", "不作为", "迟迟", "久拖", "没有执行", "不予执行", "执行不力"]),
    (PetitionClass::Funds, &["执行款", "案款", "未发放", "未到账", "拍卖款", "没有发放", "不发放", "截留"]),
    (PetitionClass::Unlawful, &["超标的", "乱查封", "错误执行", "违法查封", "超额查封", "违法执行", "错误查封", "违法扣押"]),
];

/// Classes the content raises, in class order, without duplicates.
pub fn classify(content: &str) -> Vec<PetitionClass> {
    let t = super::compact(content);
    KEYWORDS.iter().filter(|(_, words)| words.iter().any(|w| t.contains(w))).map(|(c, _)| *c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(classify("法院终本后一直不执行"), [PetitionClass::Passive]);
        assert_eq!(classify("执行款已扣划但一直未发放给我"), [PetitionClass::Funds]);
        assert_eq!(classify("法院超标的查封我的房子"), [PetitionClass::Unlawful]);
        assert_eq!(classify("案款未到账，法院拖延执行"), [PetitionClass::Passive, PetitionClass::Funds]);
        assert!(classify("咨询诉讼费标准").is_empty());
        assert!(classify("").is_empty());
    }
}
