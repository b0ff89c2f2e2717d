//! The case side, prepared once per run: 案号 keys, how each case was
//! closed, its debtors as person keys, and whether it is 终本-open.
//!
//! 终本-open (domain.md): closed as 终结本次执行程序 (any spelling), not
//! restored (no 恢复执行日期, no `执恢` case for the same debtor at the same
//! court filed after the 终本 date), and 未履行金额 not 0.

use super::person::{name_key, PersonKey};
use crate::ingest::Dataset;
use crate::normalize::{amount, case_no, date, multi, nulls, Parsed};
use chrono::NaiveDate;
use std::collections::HashMap;

/// How a case was closed, from 结案方式 text in any spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseKind {
    Zhongben,
    Completed,
    Terminated,
    Cancelled,
    NotEnforced,
    Rejected,
    /// Open, blank or unrecognised.
    Other,
}

impl CloseKind {
    pub fn parse(raw: &str) -> CloseKind {
        let t: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if t.contains("终本") || t.contains("终结本次") || t.contains("本次执行程序") {
            CloseKind::Zhongben
        } else if t.contains("执行完毕") || t.contains("履行完毕") || t.contains("已履行")
        {
            CloseKind::Completed
        } else if t.contains("终结执行") || t == "终结" {
            CloseKind::Terminated
        } else if t.contains("销案") {
            CloseKind::Cancelled
        } else if t.contains("不予执行") {
            CloseKind::NotEnforced
        } else if t.contains("驳回") {
            CloseKind::Rejected
        } else {
            CloseKind::Other
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            CloseKind::Zhongben => "zhongben",
            CloseKind::Completed => "completed",
            CloseKind::Terminated => "terminated",
            CloseKind::Cancelled => "cancelled",
            CloseKind::NotEnforced => "not_enforced",
            CloseKind::Rejected => "rejected",
            CloseKind::Other => "",
        }
    }
}

/// One debtor of one case row.
#[derive(Debug, Clone)]
pub struct Debtor {
    /// Index of the case row in `CaseIndex::rows`.
    pub case: u32,
    /// Name as written (trimmed), for display.
    pub name: String,
    /// ID cell part as written.
    pub id_raw: String,
    pub key: PersonKey,
}

/// One row of a cases dataset.
#[derive(Debug, Clone)]
pub struct CaseRow {
    /// Index into the run's dataset slice.
    pub ds: u32,
    pub row: u32,
    /// Normalised 案号 ("" when blank).
    pub case_key: String,
    pub close: CloseKind,
    pub zhongben: bool,
    pub open: bool,
    pub restored_by: Option<String>,
    pub debtors: std::ops::Range<u32>,
}

/// A 执恢 case: its debtor, court, filing date and 案号.
type Restoration = (PersonKey, String, Option<NaiveDate>, String);

#[derive(Debug, Default)]
pub struct CaseIndex {
    pub rows: Vec<CaseRow>,
    pub debtors: Vec<Debtor>,
    /// Rows sharing a 案号, in first-seen order (a row without 案号 is its own group).
    pub groups: Vec<Vec<u32>>,
}

/// 案号 as a join key: the parser's canonical text, else the raw text
/// without spaces and with half-width brackets.
pub fn case_key(raw: &str) -> String {
    match case_no::parse(raw) {
        Parsed::Value(c) => squash(&c.norm),
        Parsed::Empty => String::new(),
        _ => squash(raw),
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' | '〔' | '[' => '（',
            ')' | '〕' | ']' => '）',
            c => c,
        })
        .collect()
}

/// Court part of a 案号 ("浙0203"), and whether it is a 执恢 case.
fn court_and_kind(raw: &str) -> (String, bool) {
    if let Parsed::Value(c) = case_no::parse(raw) {
        if !c.court.is_empty() || !c.kind.is_empty() {
            return (c.court, c.kind == "执恢");
        }
    }
    // Parser without structure: the text between the year bracket and 执.
    let s = squash(raw);
    let after = s.split_once('）').map(|(_, r)| r).unwrap_or("");
    let court = after.split('执').next().unwrap_or("").to_string();
    (court, s.contains("执恢"))
}

/// 未履行金额, or 执行标的 − 已执行到位 when only those are given.
pub fn unpaid(ds: &Dataset, row: usize) -> Option<i64> {
    // Court lists often head amounts 执行标的（万元）: the unit comes from each column's header.
    let unit =
        |f: &str| amount::unit_for_header(ds.header(f).unwrap_or(""), ds.mapping.amounts_in_fen);
    if ds.has("unpaid_amount") {
        if let Parsed::Value(v) = amount::parse(ds.get(row, "unpaid_amount"), unit("unpaid_amount"))
        {
            return Some(v);
        }
    }
    match (
        amount::parse(ds.get(row, "target_amount"), unit("target_amount")),
        amount::parse(ds.get(row, "paid_amount"), unit("paid_amount")),
    ) {
        (Parsed::Value(t), Parsed::Value(p)) => t.checked_sub(p),
        (Parsed::Value(t), Parsed::Empty) if ds.has("paid_amount") => Some(t),
        _ => None,
    }
}

/// The dataset says how cases were closed: a 结案方式 column, or it is a 终本
/// list (closing date headed 终本日期, or 终本 in the file or sheet name),
/// which has no 结案方式 because every row is 终本.
pub fn knows_close(ds: &Dataset) -> bool {
    ds.has("close_method") || zhongben_list(ds)
}

fn zhongben_list(ds: &Dataset) -> bool {
    let says = |t: &str| t.contains("终本") || t.contains("终结本次");
    !ds.has("close_method")
        && (ds.header("closed_date").is_some_and(says)
            || says(&ds.table.source.file)
            || ds.table.source.sheet.as_deref().is_some_and(says))
}

fn parse_date(raw: &str) -> Option<NaiveDate> {
    date::parse_date(raw).ok()
}

impl CaseIndex {
    pub fn build(datasets: &[Dataset], cases: &[usize]) -> CaseIndex {
        let mut ix = CaseIndex::default();
        let mut group_of: HashMap<String, u32> = HashMap::new();
        // 执恢 cases by debtor key → (court, filed date, 案号).
        let mut restorations: HashMap<String, Vec<Restoration>> = HashMap::new();
        let mut closed_dates: Vec<Option<NaiveDate>> = Vec::new();
        let mut courts: Vec<String> = Vec::new();
        for &d in cases {
            let Some(ds) = datasets.get(d) else { continue };
            let listed_zhongben = zhongben_list(ds);
            for r in 0..ds.len() {
                let case_raw = ds.get(r, "case_no");
                let key = case_key(case_raw);
                let close = if listed_zhongben {
                    CloseKind::Zhongben
                } else {
                    CloseKind::parse(ds.get(r, "close_method"))
                };
                let idx = ix.rows.len() as u32;
                let start = ix.debtors.len() as u32;
                let names = multi::split(ds.get(r, "debtor"));
                let ids = multi::split(ds.get(r, "debtor_id"));
                for i in 0..names.len().max(ids.len()) {
                    let name = names.get(i).copied().unwrap_or("");
                    let id_raw = ids.get(i).copied().unwrap_or("");
                    if nulls::is_null(name) && nulls::is_null(id_raw) {
                        continue;
                    }
                    ix.debtors.push(Debtor {
                        case: idx,
                        name: name.trim().to_string(),
                        id_raw: id_raw.trim().to_string(),
                        key: PersonKey::new(name, id_raw),
                    });
                }
                let end = ix.debtors.len() as u32;
                let (court_code, is_restore) = court_and_kind(case_raw);
                let court = if court_code.is_empty() {
                    name_key(ds.get(r, "court"))
                } else {
                    court_code
                };
                if is_restore {
                    let filed = parse_date(ds.get(r, "filed_date"));
                    for dbt in ix.debtors.get(start as usize..end as usize).unwrap_or(&[]) {
                        if let Some(k) = debtor_key(&dbt.key) {
                            restorations.entry(k).or_default().push((
                                dbt.key.clone(),
                                court.clone(),
                                filed,
                                key.clone(),
                            ));
                        }
                    }
                }
                let restored_date = !nulls::is_null(ds.get(r, "restored_date"));
                let zero = unpaid(ds, r) == Some(0);
                let zhongben = close == CloseKind::Zhongben;
                ix.rows.push(CaseRow {
                    ds: d as u32,
                    row: r as u32,
                    case_key: key.clone(),
                    close,
                    zhongben,
                    open: zhongben && !restored_date && !zero,
                    restored_by: restored_date.then(|| "恢复执行日期".to_string()),
                    debtors: start..end,
                });
                closed_dates.push(parse_date(ds.get(r, "closed_date")));
                courts.push(court);
                if key.is_empty() {
                    ix.groups.push(vec![idx]);
                } else {
                    let g = *group_of.entry(key).or_insert_with(|| {
                        ix.groups.push(Vec::new());
                        ix.groups.len() as u32 - 1
                    });
                    if let Some(v) = ix.groups.get_mut(g as usize) {
                        v.push(idx);
                    }
                }
            }
        }
        if !restorations.is_empty() {
            for (i, row) in ix.rows.iter_mut().enumerate() {
                if !row.open {
                    continue;
                }
                let closed = closed_dates.get(i).copied().flatten();
                let court = courts.get(i).map(String::as_str).unwrap_or("");
                let debtors = ix
                    .debtors
                    .get(row.debtors.start as usize..row.debtors.end as usize)
                    .unwrap_or(&[]);
                'found: for dbt in debtors {
                    if let Some(k) = debtor_key(&dbt.key) {
                        for (who, c, filed, no) in
                            restorations.get(&k).map(Vec::as_slice).unwrap_or(&[])
                        {
                            if super::person::match_person(&dbt.key, who).is_none() {
                                continue;
                            }
                            // Unknown court or dates count as the same / later:
                            // a restored case wrongly kept open would be a false lead.
                            let same_court = c.is_empty() || court.is_empty() || c == court;
                            let later = match (filed, closed) {
                                (Some(f), Some(z)) => f > &z,
                                _ => true,
                            };
                            if same_court && later && no != &row.case_key {
                                row.open = false;
                                row.restored_by = Some(format!("恢复执行案件{no}"));
                                break 'found;
                            }
                        }
                    }
                }
            }
        }
        ix
    }

    pub fn debtors_of(&self, row: u32) -> &[Debtor] {
        match self.rows.get(row as usize) {
            Some(r) => self
                .debtors
                .get(r.debtors.start as usize..r.debtors.end as usize)
                .unwrap_or(&[]),
            None => &[],
        }
    }
}

/// Bucket of a debtor in the 执恢 index: the name (IDs are then compared by
/// `match_person`), or the ID when there is no name.
fn debtor_key(k: &PersonKey) -> Option<String> {
    if !k.name.is_empty() {
        Some(format!("N:{}", k.name))
    } else {
        k.valid_id().map(|id| format!("I:{id}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_kinds_in_any_spelling() {
        for t in [
            "终结本次执行程序",
            "终本",
            "终结本次执行",
            "终结 本次执行程序结案",
        ] {
            assert_eq!(CloseKind::parse(t), CloseKind::Zhongben, "{t}");
        }
        assert_eq!(CloseKind::parse("终结执行"), CloseKind::Terminated);
        assert_eq!(CloseKind::parse("执行完毕"), CloseKind::Completed);
        assert_eq!(CloseKind::parse("销案"), CloseKind::Cancelled);
        assert_eq!(CloseKind::parse(""), CloseKind::Other);
    }

    #[test]
    fn court_from_case_number() {
        assert_eq!(
            court_and_kind("（2021）浙0203执恢12号"),
            ("浙0203".to_string(), true)
        );
        assert!(!court_and_kind("(2019)浙0203执1234号").1);
    }
}
