//! Screening leads → CSV (UTF-8 with BOM) and XLSX (a summary sheet, one
//! sheet per model, an evidence sheet), through the formula-neutralising
//! writers of `export::csv` and `export::xlsx`.
//!
//! The input is [`LeadReport`], not the engine's report: the page exports
//! the leads it shows (filtered), the CLI the whole run, and the export
//! counts per rule itself, so neither side rebuilds statistics.

use super::xlsx::{Cell, Workbook};
use crate::error::Result;
use crate::lead::{Lead, RuleCount};
use crate::model;
use chrono::NaiveDate;

/// What a lead export holds: the leads, the run's date, which rules ran
/// and which could not (`rule` → Chinese reason).
#[derive(Debug, Clone, Default)]
pub struct LeadReport {
    pub as_of: NaiveDate,
    pub leads: Vec<Lead>,
    pub not_evaluated: Vec<(String, String)>,
    pub rules_run: Vec<String>,
    pub truncated: bool,
}

impl LeadReport {
    /// Apply 脱敏 (`crate::mask`) to every lead.
    pub fn masked(mut self) -> LeadReport {
        self.leads.iter_mut().for_each(crate::mask::lead);
        self
    }
}


const LEAD_HEADERS: [&str; 16] = [
    "序号",
    "模型",
    "规则编号",
    "规则",
    "案号",
    "被执行人/当事人",
    "证件号码",
    "证件号来源",
    "匹配方式",
    "金额（元）",
    "理由",
    "关键数据",
    "标记",
    "有信访",
    "依据",
    "证据行",
];

/// Exports leave empty values empty: `--` is how the page shows them, and
/// in a spreadsheet it would only come back neutralised as `'--`.
fn match_label(l: &Lead) -> &'static str {
    l.confidence.map_or("", |m| m.label())
}

fn model_name(id: &str) -> &str {
    model::catalog()
        .iter()
        .find(|m| m.id == id)
        .map_or(id, |m| m.name.as_str())
}

fn figures(l: &Lead) -> String {
    l.figures
        .iter()
        .map(|f| format!("{}：{}", f.label, f.display))
        .collect::<Vec<_>>()
        .join("；")
}

fn evidence_rows(l: &Lead) -> String {
    l.evidence
        .iter()
        .map(|e| match &e.sheet {
            Some(s) => format!("{} {} 第{}行", e.file, s, e.row),
            None => format!("{} 第{}行", e.file, e.row),
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// 有信访: the `has_petition` mark as its own column, so a spreadsheet filter finds it.
fn petition(l: &Lead) -> &'static str {
    if l.flags.iter().any(|f| f == crate::dossier::petitions::FLAG) {
        "有"
    } else {
        ""
    }
}

fn lead_cells(i: usize, l: &Lead) -> Vec<Cell> {
    vec![
        Cell::Int(i as i64 + 1),
        Cell::Text(model_name(&l.model).to_string()),
        Cell::Text(l.rule.clone()),
        Cell::Text(l.rule_name.clone()),
        Cell::Text(l.case_no.clone()),
        Cell::Text(l.subject_name.clone()),
        Cell::Text(l.subject_id.clone()),
        Cell::Text(l.subject_id_source.clone()),
        Cell::Text(match_label(l).to_string()),
        l.amount_fen.map_or(Cell::Empty, Cell::Fen),
        Cell::Text(l.reason.clone()),
        Cell::Text(figures(l)),
        Cell::Text(l.flags.join("、")),
        Cell::Text(petition(l).to_string()),
        Cell::Text(l.basis.clone()),
        Cell::Text(evidence_rows(l)),
    ]
}

/// All leads in one CSV (UTF-8 with BOM; name-only leads last, as in the report).
pub fn to_csv(report: &LeadReport) -> Vec<u8> {
    let rows = report.leads.iter().enumerate().map(|(i, l)| {
        vec![
            (i + 1).to_string(),
            model_name(&l.model).to_string(),
            l.rule.clone(),
            l.rule_name.clone(),
            l.case_no.clone(),
            l.subject_name.clone(),
            l.subject_id.clone(),
            l.subject_id_source.clone(),
            match_label(l).to_string(),
            l.amount_fen.map_or(String::new(), crate::money::yuan),
            l.reason.clone(),
            figures(l),
            l.flags.join("、"),
            petition(l).to_string(),
            l.basis.clone(),
            evidence_rows(l),
        ]
    });
    super::csv::write(&LEAD_HEADERS, rows)
}

/// Workbook: 汇总 (per rule counts, not-evaluated rules, as-of date), one sheet
/// per model that has leads, and 证据 (one row per evidence cell).
pub fn to_xlsx(report: &LeadReport) -> Result<Vec<u8>> {
    let per_rule = RuleCount::per_rule(&report.leads);
    let mut summary: Vec<Vec<Cell>> = Vec::new();
    for m in model::catalog() {
        for r in &m.rules {
            let c = per_rule.get(r.id.as_str()).copied().unwrap_or_default();
            let status = match report.not_evaluated.iter().find(|(rule, _)| *rule == r.id) {
                Some((_, reason)) => reason.clone(),
                None if report.rules_run.contains(&r.id) => "已检查".to_string(),
                None => "未选择".to_string(),
            };
            summary.push(vec![
                Cell::Text(m.name.clone()),
                Cell::Text(r.id.clone()),
                Cell::Text(r.name.clone()),
                Cell::Int(c.leads as i64),
                Cell::Int(c.id as i64),
                Cell::Int(c.name_birth as i64),
                Cell::Int(c.name as i64),
                Cell::Text(status),
                Cell::Text(r.basis.clone()),
            ]);
        }
    }
    summary.push(vec![
        Cell::Text("筛查基准日".into()),
        Cell::Date(report.as_of),
    ]);
    summary.push(vec![
        Cell::Text("证件号或姓名+出生日期确认的线索".into()),
        Cell::Int(report.leads.iter().filter(|l| !l.weak).count() as i64),
    ]);
    summary.push(vec![
        Cell::Text("仅姓名一致的线索（需核实身份）".into()),
        Cell::Int(report.leads.iter().filter(|l| l.weak).count() as i64),
    ]);
    if report.truncated {
        summary.push(vec![Cell::Text("线索数达到上限，结果已截断".into())]);
    }
    let mut wb = Workbook::new().sheet(
        "汇总",
        &[
            "模型",
            "规则编号",
            "规则",
            "线索数",
            "证件号一致",
            "姓名+出生日期一致",
            "仅姓名一致",
            "检查情况",
            "依据",
        ],
        summary,
    );
    for m in model::catalog() {
        let rows: Vec<Vec<Cell>> = report
            .leads
            .iter()
            .filter(|l| l.model == m.id)
            .enumerate()
            .map(|(i, l)| lead_cells(i, l))
            .collect();
        if !rows.is_empty() {
            wb = wb.sheet(&m.name, &LEAD_HEADERS, rows);
        }
    }
    let mut ev: Vec<Vec<Cell>> = Vec::new();
    for l in &report.leads {
        for e in &l.evidence {
            for (header, v) in &e.fields.0 {
                ev.push(vec![
                    Cell::Text(l.fingerprint.clone()),
                    Cell::Text(l.rule.clone()),
                    Cell::Text(l.case_no.clone()),
                    Cell::Text(e.file.clone()),
                    Cell::Text(e.sheet.clone().unwrap_or_default()),
                    Cell::Int(i64::from(e.row)),
                    Cell::Text(header.to_string()),
                    Cell::Text(v.raw.to_string()),
                    Cell::Text(v.normalized.as_deref().unwrap_or_default().to_string()),
                ]);
            }
        }
    }
    wb = wb.sheet(
        "证据",
        &[
            "线索指纹",
            "规则编号",
            "案号",
            "文件",
            "工作表",
            "行号",
            "列",
            "原值",
            "规范值",
        ],
        ev,
    );
    wb.to_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lead::{CellValue, Evidence, Fields, Lead};

    fn report() -> LeadReport {
        let lead = Lead {
            model: "deposit".into(),
            rule: "deposit.unreturned".into(),
            rule_name: "保证金未退还".into(),
            case_no: "（2019）浙0203执1号".into(),
            subject_name: "=HYPERLINK(\"x\")".into(),
            subject_id: String::new(),
            subject_id_source: String::new(),
            confidence: Some(crate::lead::Match::Id),
            weak: false,
            amount_fen: Some(200_000),
            basis: "b".into(),
            reason: "r".into(),
            figures: vec![],
            flags: vec![],
            evidence: vec![Evidence {
                file: "a.csv".into(),
                sheet: None,
                row: 2,
                kind: "cases".into(),
                fields: Fields(vec![(
                    "姓名".into(),
                    CellValue {
                        raw: "+1".into(),
                        normalized: None,
                    },
                )]),
            }],
            reason_en: String::new(),
            fingerprint: "0".into(),
        };
        LeadReport { as_of: chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default(), leads: vec![lead], ..LeadReport::default() }
    }

    #[test]
    fn csv_has_bom_amount_in_yuan_and_neutralised_cells() {
        let b = to_csv(&report());
        let t = String::from_utf8_lossy(&b);
        assert!(t.starts_with('\u{feff}'));
        assert!(t.contains("2,000.00"), "{t}");
        assert!(t.contains("'=HYPERLINK"), "{t}");
        assert!(!t.contains(",=HYPERLINK"), "{t}");
    }

    /// Empty values (no ID, no ID source, no amount, no match) are empty
    /// cells, not the page's `--` (which came back as `'--`).
    #[test]
    fn csv_leaves_empty_values_empty() {
        let mut r = report();
        if let Some(l) = r.leads.first_mut() {
            l.amount_fen = None;
            l.confidence = None;
        }
        let b = to_csv(&r);
        let body = b.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&b);
        let mut rdr = ::csv::ReaderBuilder::new().from_reader(body);
        let rec = rdr.records().next().and_then(|r| r.ok()).expect("one lead row");
        assert!(!rec.iter().any(|c| c.contains("--")), "{rec:?}");
        // 证件号码, 证件号来源, 匹配方式, 金额（元）.
        assert_eq!((rec.get(6), rec.get(7), rec.get(8), rec.get(9)), (Some(""), Some(""), Some(""), Some("")), "{rec:?}");
        assert_eq!(rec.get(5), Some("'=HYPERLINK(\"x\")"), "real content is still neutralised");
    }

    #[test]
    fn xlsx_is_a_zip() {
        let b = to_xlsx(&report()).unwrap_or_default();
        assert!(b.starts_with(b"PK"));
    }
}
