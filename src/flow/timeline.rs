//! Case timeline of one subject (debtor): the procedural nodes that make a
//! transfer suspicious (起诉/应诉, 判决生效, 执行立案, 执行通知/报告财产令,
//! 终本, 恢复), taken from a cases dataset when the subject's ID matches, or
//! typed in. `phase(t)` says which stage a transaction falls in; every lead
//! carries it. Transfers after the 应诉 notice count for 拒执 (法释〔2024〕13号
//! 第6条); the property report covers the year before the 执行通知
//! (民诉法 第252条).
//!
//! When a subject has several cases, each node takes its earliest date over
//! the cases (the earliest notice is the one that first bound the debtor),
//! except 恢复, which takes the latest.

use crate::ingest::Dataset;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Node dates of one subject. All optional: a missing node is simply absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub lawsuit: Option<NaiveDate>,
    pub judgment: Option<NaiveDate>,
    pub filed: Option<NaiveDate>,
    /// 执行通知 or 报告财产令, whichever is earlier.
    pub notice: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub restored: Option<NaiveDate>,
    /// 案号s the dates came from.
    #[serde(default)]
    pub cases: Vec<String>,
    /// 未履行金额 summed over the cases (分), when the cases file gives it.
    #[serde(default)]
    pub unpaid_fen: Option<i64>,
}

/// Stage of the case a moment falls in, in time order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The subject has no case nodes in the data.
    Unknown,
    /// Before the earliest node the data gives, when that node is not the
    /// lawsuit: "起诉前" would claim a date nobody supplied.
    BeforeFirstNode,
    BeforeLawsuit,
    Lawsuit,
    Judgment,
    Filed,
    Notice,
    Closed,
    Restored,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Unknown => "无案件节点",
            Phase::BeforeFirstNode => "首个已知案件节点前",
            Phase::BeforeLawsuit => "起诉前",
            Phase::Lawsuit => "诉讼中（起诉/应诉后）",
            Phase::Judgment => "判决生效后、执行立案前",
            Phase::Filed => "执行立案后",
            Phase::Notice => "执行通知/报告财产令后",
            Phase::Closed => "终本后",
            Phase::Restored => "恢复执行后",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Phase::Unknown => "no case dates",
            Phase::BeforeFirstNode => "before the first known case date",
            Phase::BeforeLawsuit => "before the lawsuit",
            Phase::Lawsuit => "during the lawsuit",
            Phase::Judgment => "after judgment, before enforcement",
            Phase::Filed => "after enforcement was filed",
            Phase::Notice => "after the enforcement notice / property-report order",
            Phase::Closed => "after 终本 (closed without full payment)",
            Phase::Restored => "after enforcement resumed",
        }
    }
    /// True once enforcement has started (立案 or later).
    pub fn in_enforcement(self) -> bool {
        self >= Phase::Filed
    }
}

/// A node of the timeline for drawing (balance chart marks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeMark {
    pub date: NaiveDate,
    pub label: &'static str,
}

fn min_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

impl Timeline {
    pub fn is_empty(&self) -> bool {
        self.nodes().is_empty()
    }
    /// Nodes in time order with their Chinese labels.
    pub fn nodes(&self) -> Vec<NodeMark> {
        let mut v: Vec<NodeMark> = [
            (self.lawsuit, "起诉/应诉"),
            (self.judgment, "判决生效"),
            (self.filed, "执行立案"),
            (self.notice, "执行通知/报告财产令"),
            (self.closed, "终本"),
            (self.restored, "恢复执行"),
        ]
        .into_iter()
        .filter_map(|(d, label)| d.map(|date| NodeMark { date, label }))
        .collect();
        v.sort_by_key(|n| n.date);
        v
    }
    /// The phase a moment falls in: the latest node on or before its date.
    pub fn phase(&self, t: NaiveDateTime) -> Phase {
        let d = t.date();
        let on = |x: Option<NaiveDate>| x.is_some_and(|x| x <= d);
        if self.is_empty() {
            Phase::Unknown
        } else if on(self.restored) {
            Phase::Restored
        } else if on(self.closed) {
            Phase::Closed
        } else if on(self.notice) {
            Phase::Notice
        } else if on(self.filed) {
            Phase::Filed
        } else if on(self.judgment) {
            Phase::Judgment
        } else if on(self.lawsuit) {
            Phase::Lawsuit
        } else if self.lawsuit.is_some() {
            Phase::BeforeLawsuit
        } else {
            Phase::BeforeFirstNode
        }
    }
    /// The start of enforcement: 执行立案, else notice, else judgment.
    pub fn enforcement_start(&self) -> Option<NaiveDate> {
        self.filed.or(self.notice).or(self.judgment)
    }
    /// The phase label naming the node a "before" phase refers to
    /// ("执行立案前" when 执行立案 is the first date the data gives).
    pub fn phase_label(&self, t: NaiveDateTime, en: bool) -> String {
        let p = self.phase(t);
        match (p, self.nodes().first()) {
            (Phase::BeforeFirstNode, Some(n)) if en => format!("before {}", node_en(n.label)),
            (Phase::BeforeFirstNode, Some(n)) => format!("{}前", n.label),
            _ if en => p.label_en().to_string(),
            _ => p.label().to_string(),
        }
    }
    /// The latest node on or before `d` ("a case node just before").
    pub fn last_node_before(&self, d: NaiveDate) -> Option<NodeMark> {
        self.nodes().into_iter().filter(|n| n.date <= d).last()
    }
    /// Merge another case's dates (earliest per node, latest 恢复).
    pub fn merge(&mut self, o: &Timeline) {
        self.lawsuit = min_opt(self.lawsuit, o.lawsuit);
        self.judgment = min_opt(self.judgment, o.judgment);
        self.filed = min_opt(self.filed, o.filed);
        self.notice = min_opt(self.notice, o.notice);
        self.closed = min_opt(self.closed, o.closed);
        self.restored = self.restored.max(o.restored);
        for c in &o.cases {
            if !self.cases.contains(c) {
                self.cases.push(c.clone());
                // A case's unpaid amount counts once, however often its row repeats.
                if let Some(u) = o.unpaid_fen {
                    self.unpaid_fen = Some(self.unpaid_fen.unwrap_or(0).saturating_add(u));
                }
            }
        }
        if o.cases.is_empty() && self.unpaid_fen.is_none() {
            self.unpaid_fen = o.unpaid_fen;
        }
    }
}

/// English name of a node label of `Timeline::nodes`.
pub fn node_en(label: &str) -> &'static str {
    match label {
        "起诉/应诉" => "the lawsuit",
        "判决生效" => "the judgment",
        "执行立案" => "enforcement filing",
        "执行通知/报告财产令" => "the enforcement notice",
        "终本" => "终本",
        "恢复执行" => "resumed enforcement",
        _ => "the first case date",
    }
}

fn date(ds: &Dataset, row: usize, field: &str) -> Option<NaiveDate> {
    super::parse::datetime(ds.get(row, field)).map(|d| d.date())
}

/// Timelines from a cases dataset: (debtor ID, debtor name, timeline) per row
/// and debtor. Several debtors in one cell are split like everywhere else.
pub fn from_cases(ds: &Dataset) -> Vec<(String, String, Timeline)> {
    let mut out = Vec::new();
    for i in 0..ds.len() {
        let t = Timeline {
            lawsuit: date(ds, i, "lawsuit_date"),
            judgment: date(ds, i, "judgment_date"),
            filed: date(ds, i, "filed_date"),
            notice: min_opt(date(ds, i, "notice_date"), date(ds, i, "report_order_date")),
            closed: if is_zhongben(ds.get(i, "close_method")) || !ds.has("close_method") { date(ds, i, "closed_date") } else { None },
            restored: date(ds, i, "restored_date"),
            cases: Some(ds.get(i, "case_no").trim().to_string()).filter(|s| !s.is_empty()).into_iter().collect(),
            unpaid_fen: unpaid(ds, i),
        };
        let ids = crate::normalize::multi::split(ds.get(i, "debtor_id"));
        let names = crate::normalize::multi::split(ds.get(i, "debtor"));
        let n = ids.len().max(names.len()).max(1);
        for k in 0..n {
            let id = ids.get(k).map(|s| normalise_id(s)).unwrap_or_default();
            let name = names.get(k).map(|s| crate::normalize::name::key(s)).unwrap_or_default();
            if id.is_empty() && name.is_empty() {
                continue;
            }
            out.push((id, name, t.clone()));
        }
    }
    out
}

/// 未履行金额 of a case row in 分 (the column's unit from its header).
fn unpaid(ds: &Dataset, row: usize) -> Option<i64> {
    let unit = crate::normalize::amount::unit_for_header(ds.header("unpaid_amount").unwrap_or(""), false);
    crate::normalize::amount::parse(ds.get(row, "unpaid_amount"), unit).value().copied().filter(|v| *v > 0)
}

fn is_zhongben(method: &str) -> bool {
    method.contains("终结本次") || method.contains("终本")
}

/// ID text as a join key: upper case, no spaces, full-width digits folded.
pub fn normalise_id(raw: &str) -> String {
    match crate::normalize::id_number::parse(raw) {
        crate::normalize::Parsed::Value(p) => p.value,
        _ => {
            let s: String = unicode_normalization::UnicodeNormalization::nfkc(raw).filter(|c: &char| !c.is_whitespace()).collect();
            s.to_uppercase()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn phases_follow_nodes() {
        let t = Timeline { lawsuit: Some(d("2022-01-10")), filed: Some(d("2023-03-01")), closed: Some(d("2023-09-01")), ..Timeline::default() };
        let at = |s: &str| t.phase(d(s).and_hms_opt(12, 0, 0).unwrap());
        assert_eq!(at("2021-12-31"), Phase::BeforeLawsuit);
        assert_eq!(at("2022-01-10"), Phase::Lawsuit);
        assert_eq!(at("2023-03-02"), Phase::Filed);
        assert_eq!(at("2024-01-01"), Phase::Closed);
        assert_eq!(Timeline::default().phase(d("2024-01-01").and_hms_opt(0, 0, 0).unwrap()), Phase::Unknown);
        assert_eq!(t.nodes().len(), 3);
        // No lawsuit date given: nothing is called 起诉前.
        let u = Timeline { filed: Some(d("2023-03-01")), ..Timeline::default() };
        let noon = d("2022-06-01").and_hms_opt(12, 0, 0).unwrap();
        assert_eq!(u.phase(noon), Phase::BeforeFirstNode);
        assert_eq!(u.phase_label(noon, false), "执行立案前");
        assert_eq!(u.phase_label(noon, true), "before enforcement filing");
    }
}
