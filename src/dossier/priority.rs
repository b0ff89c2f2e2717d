//! The dossier's combined priority: how much a person's leads, taken
//! together, deserve a prosecutor's time. A transparent sum, shown with its
//! parts, never a verdict:
//!
//! - each screening lead: 10 × match weight (证件号 1.0, 姓名+出生日期 0.8,
//!   仅姓名 0.3);
//! - each flow lead: its own score ÷ 10, at most 10;
//! - corroboration: 5 for every further model (screening models and the flow
//!   analysis count as one source each) that found something;
//! - money at stake: 1 per 50,000 元 unpaid in the subject's open 终本 cases,
//!   at most 20;
//! - a petition (信访/12309) on the subject or one of the leads' cases: 5.
//!
//! Level: 高 from 40, 中 from 20, else 低.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub what: String,
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    pub score: f64,
    /// "高" / "中" / "低".
    pub level: &'static str,
    pub parts: Vec<Part>,
}

/// Inputs already reduced to numbers by the dossier builder.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Match weight of each screening lead.
    pub lead_weights: Vec<f64>,
    /// Score of each flow lead as the flow analysis gives it.
    pub flow_scores: Vec<f64>,
    /// Distinct sources (screening models, plus "flow") with at least one lead.
    pub sources: usize,
    /// Unpaid amount in the subject's open 终本 cases, in 分.
    pub unpaid_fen: i64,
    pub has_petition: bool,
}

pub const HIGH: f64 = 40.0;
pub const MEDIUM: f64 = 20.0;

pub fn compute(i: &Inputs) -> Priority {
    let mut parts = Vec::new();
    let screening: f64 = i.lead_weights.iter().map(|w| 10.0 * w).sum();
    if screening > 0.0 {
        parts.push(Part { what: format!("筛查线索 {} 条（按匹配可信度加权）", i.lead_weights.len()), points: screening });
    }
    let flow: f64 = i.flow_scores.iter().map(|s| (s / 10.0).clamp(0.0, 10.0)).sum();
    if flow > 0.0 {
        parts.push(Part { what: format!("资金流水线索 {} 条", i.flow_scores.len()), points: flow });
    }
    if i.sources > 1 {
        parts.push(Part { what: format!("{} 个来源相互印证", i.sources), points: 5.0 * (i.sources - 1) as f64 });
    }
    let money = (i.unpaid_fen.max(0) as f64 / 5_000_000.0).min(20.0);
    if money > 0.0 {
        parts.push(Part { what: "终本案件未履行金额".into(), points: money });
    }
    if i.has_petition {
        parts.push(Part { what: "有信访/12309 反映".into(), points: 5.0 });
    }
    let score = (parts.iter().map(|p| p.points).sum::<f64>() * 10.0).round() / 10.0;
    let level = if score >= HIGH {
        "高"
    } else if score >= MEDIUM {
        "中"
    } else {
        "低"
    };
    Priority { score, level, parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_add_up_and_levels_follow_the_thresholds() {
        let p = compute(&Inputs { lead_weights: vec![1.0, 0.3], flow_scores: vec![80.0, 250.0], sources: 3, unpaid_fen: 86_000_000, has_petition: true });
        // 13 + (8 + 10) + 10 + 17.2 + 5
        assert_eq!(p.score, 63.2);
        assert_eq!(p.level, "高");
        assert_eq!(p.parts.len(), 5);
        let low = compute(&Inputs { lead_weights: vec![0.3], sources: 1, ..Inputs::default() });
        assert_eq!((low.score, low.level), (3.0, "低"));
        let mid = compute(&Inputs { lead_weights: vec![1.0, 1.0], sources: 1, ..Inputs::default() });
        assert_eq!((mid.score, mid.level), (20.0, "中"));
        assert!(compute(&Inputs::default()).parts.is_empty());
    }
}
