//! 措施类型: 查封 / 扣押 / 冻结, as registers write them (`续封`, `轮候查封`,
//! `冻结（续冻）`, `查封、扣押`). 轮候 measures are flagged: they take effect
//! only when the earlier measure ends, so they are not an active seizure.

use super::Parsed;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    Seal,
    Detain,
    Freeze,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Measure {
    pub kind: MeasureKind,
    /// 轮候查封/冻结.
    pub waiting: bool,
    /// The row records a renewal (续封/续冻/续行).
    pub renewal: bool,
}

impl Measure {
    pub fn label(&self) -> &'static str {
        match (self.kind, self.waiting) {
            (MeasureKind::Seal, false) => "查封",
            (MeasureKind::Seal, true) => "轮候查封",
            (MeasureKind::Detain, _) => "扣押",
            (MeasureKind::Freeze, false) => "冻结",
            (MeasureKind::Freeze, true) => "轮候冻结",
        }
    }
}

pub fn parse(raw: &str) -> Parsed<Measure> {
    let t = super::compact(raw);
    if t.is_empty() || super::nulls::is_null(&t) {
        return Parsed::Empty;
    }
    let kind = if t.contains("冻") || t.contains("划拨") {
        MeasureKind::Freeze
    } else if t.contains("查封") || t.contains("续封") || t == "封" {
        MeasureKind::Seal
    } else if t.contains("扣押") || t.contains("扣留") || t.contains("扣") {
        MeasureKind::Detain
    } else {
        return Parsed::Invalid(format!("无法识别的措施类型“{}”", t.chars().take(10).collect::<String>()));
    };
    let waiting = t.contains("轮候");
    let renewal = t.contains("续");
    Parsed::Value(Measure { kind, waiting, renewal })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(raw: &str) -> Measure {
        match parse(raw) {
            Parsed::Value(m) => m,
            o => panic!("{raw}: {o:?}"),
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(v("查封").kind, MeasureKind::Seal);
        assert_eq!(v("扣押").kind, MeasureKind::Detain);
        assert_eq!(v("冻结").kind, MeasureKind::Freeze);
        assert_eq!(v("续封").kind, MeasureKind::Seal);
        assert!(v("续封").renewal);
        assert!(v("冻结（续冻）").renewal);
        assert!(v("轮候查封").waiting);
        assert!(!v("查封").waiting);
        assert_eq!(v("轮候冻结").label(), "轮候冻结");
        assert_eq!(parse("/"), Parsed::Empty);
        assert!(matches!(parse("拍卖"), Parsed::Invalid(_)));
    }
}
