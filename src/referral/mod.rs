//! 拒执移送线索表: a `refusal.*` lead read as the elements of the crime of
//! refusing to carry out a judgment or ruling (刑法 第313条, 法释〔2024〕13号):
//! the judgment or ruling in force, when the suit began, the ability to pay,
//! the refusal and evasion — each with the facts the lead's figures give, or
//! "not in the data" — and every transfer the lead cites (date, amount,
//! counterparty, relation, case phase, the statement's file and row).
//! Built from the lead alone, so the page, the CLI and the exports agree.

pub mod export;

use crate::ingest::kinds;
use crate::lead::{Evidence, Lead};
use serde::Serialize;

/// One element of the offence and what the data says about it.
#[derive(Debug, Clone, Serialize)]
pub struct Element {
    pub element: &'static str,
    pub element_en: &'static str,
    /// "label：value" facts from the lead's figures; empty = not in the data.
    pub facts: Vec<String>,
}

/// One transfer out of the debtor's accounts, as the statement shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Transfer {
    pub time: String,
    /// 分; None when the cell did not parse.
    pub amount_fen: Option<i64>,
    pub counterparty: String,
    pub cp_account: String,
    pub relation: String,
    pub phase: String,
    pub summary: String,
    pub account: String,
    pub file: String,
    pub row: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Referral {
    pub title: &'static str,
    pub title_en: &'static str,
    pub rule: String,
    pub rule_name: String,
    pub case_no: String,
    pub subject_name: String,
    pub subject_id: String,
    pub reason: String,
    pub basis: String,
    pub elements: Vec<Element>,
    pub transfers: Vec<Transfer>,
    /// Sum of the listed transfers, 分 (widened, then checked).
    pub total_fen: Option<i64>,
    /// Files and rows of the other evidence (case rows, petitions…).
    pub sources: Vec<String>,
}

/// (rule, element, English, figure keys that speak to it; none = the lead's reason).
const ELEMENTS: &[(&str, &str, &str, &[&str])] = &[
    ("refusal.transfer_after_suit", "判决、裁定已经发生法律效力", "A judgment or ruling in force", &["judgment"]),
    ("refusal.transfer_after_suit", "诉讼开始（被告接到应诉通知）", "The suit began (notice to respond served)", &["suit"]),
    ("refusal.transfer_after_suit", "有能力执行", "Ability to pay", &["moved", "count"]),
    ("refusal.transfer_after_suit", "拒不执行：未履行，隐藏、转移财产", "Refusal: unpaid, assets hidden or moved", &["unpaid"]),
    ("refusal.collusive_case", "当事人之间存在关联（同姓同址或同一电话）", "The parties are related (surname and address, or phone)", &["plaintiff"]),
    ("refusal.collusive_case", "迅速以调解结案", "Settled by mediation at once", &["filed", "closed", "days"]),
    ("refusal.collusive_case", "据此参与分配被执行人财产", "Then took part in distributing the debtor's property", &[]),
];

/// (rule, title, English title).
const TITLES: &[(&str, &str, &str)] = &[
    ("refusal.transfer_after_suit", "拒不执行判决、裁定罪移送线索表", "Referral: refusal to carry out a judgment or ruling"),
    ("refusal.collusive_case", "虚假诉讼移送线索表", "Referral: collusive litigation"),
];

/// Whether a lead gets a referral sheet.
pub fn applies(l: &Lead) -> bool {
    l.rule.starts_with("refusal.")
}

fn label(field: &str) -> String {
    kinds::get("txn").and_then(|k| k.field(field)).map_or_else(|| field.to_string(), |f| f.label.clone())
}

fn cell<'e>(e: &'e Evidence, field: &str) -> Option<&'e crate::lead::CellValue> {
    let header = label(field);
    e.fields.0.iter().find(|(h, _)| **h == *header).map(|(_, v)| v)
}

fn text(e: &Evidence, field: &str) -> String {
    cell(e, field).map(|v| v.normalized.as_deref().unwrap_or(&v.raw).to_string()).unwrap_or_default()
}

pub fn build(l: &Lead) -> Referral {
    let elements = ELEMENTS
        .iter()
        .filter(|(rule, ..)| *rule == l.rule)
        .map(|(_, element, element_en, keys)| Element {
            element,
            element_en,
            facts: if keys.is_empty() {
                vec![l.reason.clone()]
            } else {
                l.figures.iter().filter(|f| keys.contains(&f.key.as_str()) && f.display != "--").map(|f| format!("{}：{}", f.label, f.display)).collect()
            },
        })
        .collect();
    let (_, title, title_en) = TITLES.iter().find(|(r, ..)| *r == l.rule).copied().unwrap_or(("", "拒执移送线索表", "Referral sheet"));
    let mut transfers: Vec<Transfer> = l
        .evidence
        .iter()
        .filter(|e| e.kind == "txn")
        .map(|e| Transfer {
            time: text(e, "time"),
            amount_fen: cell(e, "amount").and_then(|v| crate::normalize::amount::parse(&v.raw, crate::normalize::amount::Unit::Yuan).ok()),
            counterparty: text(e, "cp_name"),
            cp_account: text(e, "cp_account"),
            relation: text(e, "relation"),
            phase: text(e, "phase"),
            summary: text(e, "summary"),
            account: text(e, "account"),
            file: e.file.clone(),
            row: e.row,
        })
        .collect();
    transfers.sort_by(|a, b| (&a.time, &a.file, a.row).cmp(&(&b.time, &b.file, b.row)));
    let total: i128 = transfers.iter().filter_map(|t| t.amount_fen).map(i128::from).sum();
    let sources = l
        .evidence
        .iter()
        .filter(|e| e.kind != "txn")
        .map(|e| format!("{}{} 第{}行", e.file, e.sheet.as_deref().map(|s| format!(" · {s}")).unwrap_or_default(), e.row))
        .collect();
    Referral {
        title,
        title_en,
        rule: l.rule.clone(),
        rule_name: l.rule_name.clone(),
        case_no: l.case_no.clone(),
        subject_name: l.subject_name.clone(),
        subject_id: l.subject_id.clone(),
        reason: l.reason.clone(),
        basis: l.basis.clone(),
        elements,
        transfers,
        total_fen: i64::try_from(total).ok(),
        sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{self, ScreenOptions};
    use crate::ingest::{self, Dataset, IngestOptions};

    fn datasets() -> Vec<Dataset> {
        let files = [
            ("案件.csv", "案号,被执行人,证件号码,未履行金额,应诉通知日期,判决生效日期,结案日期,结案方式\n（2023）浙0203执1号,蒋文涛,330203197803151135,300000,2023-03-01,2023-08-01,2024-03-01,终本\n"),
            ("流水.csv", "交易卡号,交易户名,开户人证件号码,交易时间,交易金额,收付标志,交易对手账卡号,对手户名,交易是否成功\n\
              6222020000001111,蒋文涛,330203197803151135,2023-02-10 09:00:00,90000.00,出,6222020000009999,王某,成功\n\
              6222020000001111,蒋文涛,330203197803151135,2023-04-20 15:30:00,20000.00,出,6228480000007777,李某,成功\n\
              6222020000001111,蒋文涛,330203197803151135,2023-03-15 10:12:00,30000.00,出,6222020000009999,=HYPERLINK(1),成功\n"),
        ];
        files
            .iter()
            .flat_map(|(n, t)| ingest::read(n, t.as_bytes(), &IngestOptions::default()).map(|l| l.tables).unwrap_or_default())
            .map(Dataset::new)
            .collect()
    }

    #[test]
    fn the_sheet_lists_the_elements_and_each_transfer_after_the_suit() {
        let opts = ScreenOptions::new(chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()).models(["refusal.transfer_after_suit"]);
        let r = engine::run(&datasets(), &opts, &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{e}"));
        let l = r.leads.first().unwrap_or_else(|| panic!("no lead"));
        assert!(applies(l));
        let s = build(l);
        assert_eq!(s.transfers.len(), 2, "the transfer before the suit is not listed");
        assert_eq!(s.transfers[0].time, "2023-03-15 10:12:00", "time order");
        assert_eq!(s.transfers[0].phase, "诉讼中（起诉/应诉后）");
        assert_eq!(s.transfers[1].counterparty, "李某");
        assert_eq!(s.total_fen, Some(5_000_000));
        assert_eq!(s.total_fen, l.amount_fen, "the sheet's total is the lead's");
        assert_eq!(s.title, "拒不执行判决、裁定罪移送线索表");
        assert_eq!(s.elements.len(), 4, "the four elements of the offence");
        let judgment = &s.elements[0];
        assert!(judgment.facts.iter().any(|f| f.contains("2023-08-01")), "{:?}", judgment.facts);
        assert!(s.elements[2].facts.iter().any(|f| f.contains("50,000.00")), "{:?}", s.elements[2].facts);
        assert!(s.sources.iter().any(|x| x.starts_with("案件.csv")));
    }
}
