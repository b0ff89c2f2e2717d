//! The referral sheet as XLSX (two sheets: 移送线索 with the elements, 转账明细
//! with each transfer) and CSV (the same rows in one table), through the core
//! exporter: typed cells, formula-like text neutralised. Masking is done on
//! the lead before the sheet is built (`mask::lead`).

use super::Referral;
use crate::error::Result;
use crate::export::{csv, xlsx::{Cell, Workbook}};

fn t(s: &str) -> Cell {
    if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }
}

fn summary(r: &Referral) -> Vec<(String, String)> {
    let mut rows = vec![
        ("标题".to_string(), r.title.to_string()),
        ("案号".to_string(), r.case_no.clone()),
        ("被执行人".to_string(), r.subject_name.clone()),
        ("证件号码".to_string(), r.subject_id.clone()),
        ("线索规则".to_string(), format!("{}（{}）", r.rule_name, r.rule)),
        ("线索说明".to_string(), r.reason.clone()),
    ];
    for e in &r.elements {
        let facts = if e.facts.is_empty() { "数据中未见，需调卷核实".to_string() } else { e.facts.join("；") };
        rows.push((format!("要件：{}", e.element), facts));
    }
    rows.push(("转出合计".to_string(), r.total_fen.map(crate::money::yuan).unwrap_or_default()));
    rows.push(("依据".to_string(), r.basis.clone()));
    rows.push(("其他证据行".to_string(), r.sources.join("；")));
    rows
}

const TRANSFER_HEADERS: [&str; 10] = ["交易时间", "金额（元）", "对手户名", "对手账号", "与本人关系", "案件阶段", "摘要", "本方账号", "来源文件", "行号"];

pub fn to_xlsx(r: &Referral) -> Result<Vec<u8>> {
    let head: Vec<Vec<Cell>> = summary(r).iter().map(|(k, v)| vec![t(k), t(v)]).collect();
    let rows: Vec<Vec<Cell>> = r
        .transfers
        .iter()
        .map(|x| {
            vec![t(&x.time), x.amount_fen.map_or(Cell::Empty, Cell::Fen), t(&x.counterparty), t(&x.cp_account), t(&x.relation), t(&x.phase), t(&x.summary), t(&x.account), t(&x.file), Cell::Int(i64::from(x.row))]
        })
        .collect();
    Workbook::new().sheet("移送线索", &["项目", "内容"], head).sheet("转账明细", &TRANSFER_HEADERS, rows).to_bytes()
}

pub fn to_csv(r: &Referral) -> Vec<u8> {
    let mut rows: Vec<Vec<String>> = summary(r).into_iter().map(|(k, v)| vec![k, v]).collect();
    rows.push(Vec::new());
    rows.push(TRANSFER_HEADERS.iter().map(|s| s.to_string()).collect());
    rows.extend(r.transfers.iter().map(|x| {
        vec![x.time.clone(), x.amount_fen.map(crate::money::plain).unwrap_or_default(), x.counterparty.clone(), x.cp_account.clone(), x.relation.clone(), x.phase.clone(), x.summary.clone(), x.account.clone(), x.file.clone(), x.row.to_string()]
    }));
    csv::write(&["项目", "内容"], rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referral::Transfer;

    fn sheet() -> Referral {
        Referral {
            title: "拒不执行判决、裁定罪移送线索表",
            title_en: "Referral",
            rule: "refusal.transfer_after_suit".into(),
            rule_name: "诉讼开始后转移资金".into(),
            case_no: "（2023）浙0203执1号".into(),
            subject_name: "蒋文涛".into(),
            subject_id: String::new(),
            reason: "r".into(),
            basis: "刑法第三百一十三条".into(),
            elements: Vec::new(),
            transfers: vec![Transfer { time: "2023-03-15 10:12:00".into(), amount_fen: Some(3_000_000), counterparty: "=HYPERLINK(1)".into(), cp_account: "6222".into(), relation: String::new(), phase: "诉讼中".into(), summary: String::new(), account: "6222020000001111".into(), file: "流水.csv".into(), row: 4 }],
            total_fen: Some(3_000_000),
            sources: Vec::new(),
        }
    }

    #[test]
    fn csv_and_xlsx_neutralise_and_carry_each_transfer() {
        let csv = String::from_utf8(to_csv(&sheet())).unwrap_or_default();
        assert!(csv.contains("30000.00") && csv.contains("流水.csv"), "{csv}");
        assert!(!csv.contains(",=HYPERLINK"), "{csv}");
        let bytes = to_xlsx(&sheet()).unwrap_or_default();
        let back = crate::ingest::read("r.xlsx", &bytes, &crate::ingest::IngestOptions::default()).map(|l| l.tables).unwrap_or_default();
        let sheets: Vec<String> = back.iter().filter_map(|t| t.source.sheet.clone()).collect();
        assert!(sheets.contains(&"转账明细".to_string()), "{sheets:?}");
        let detail = back.iter().find(|t| t.source.sheet.as_deref() == Some("转账明细")).map(|t| t.row(0).map(str::to_string).collect::<Vec<_>>()).unwrap_or_default();
        assert!(detail.iter().any(|c| c.contains("HYPERLINK") && !c.starts_with('=')), "{detail:?}");
    }
}
