//! The case side, prepared once per run: 案号 keys, 案号 groups, debtors as
//! person keys (the cases' party table), and each row judged by the case
//! view of `src/models/prelude.json`: how it was closed, 终本, 终本-open
//! (domain.md: closed as 终本, no 恢复执行日期, no later 执恢 case for the same
//! debtor at the same court, 未履行金额 not 0) and what restored it. The
//! definitions are model language; this file only applies them.

use super::eval::{Ctx, Env, RowRef, Val};
use super::person::PersonKey;
use crate::ingest::Dataset;
use crate::model::{prelude, Expr};
use crate::normalize::{case_no, multi, nulls, Parsed};
use compact_str::CompactString;
use foldhash::{HashMap, HashMapExt};

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
    /// The kind named by the prelude's `close_kind` view.
    pub fn from_id(id: &str) -> CloseKind {
        match id {
            "zhongben" => CloseKind::Zhongben,
            "completed" => CloseKind::Completed,
            "terminated" => CloseKind::Terminated,
            "cancelled" => CloseKind::Cancelled,
            "not_enforced" => CloseKind::NotEnforced,
            "rejected" => CloseKind::Rejected,
            _ => CloseKind::Other,
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

/// One debtor of one case row. Names and IDs as written are held inline
/// (`CompactString`, up to 24 bytes: an 8-character name, an 18-digit ID),
/// so a million debtors make no allocation for them.
#[derive(Debug, Clone)]
pub struct Debtor {
    /// Index of the case row in `CaseIndex::rows`.
    pub case: u32,
    /// Name as written (trimmed), for display.
    pub name: CompactString,
    /// ID cell part as written.
    pub id_raw: CompactString,
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

#[derive(Debug, Default)]
pub struct CaseIndex {
    pub rows: Vec<CaseRow>,
    pub debtors: Vec<Debtor>,
    /// Rows sharing a 案号, in first-seen order (a row without 案号 is its own group).
    pub groups: Groups,
}

/// Groups of case rows, flat: the members of every group in one list, in
/// group order, and where each group ends (not a list per group: most
/// 案号 have one row, and a million small lists cost more than the rows).
#[derive(Debug, Default)]
pub struct Groups {
    members: Vec<u32>,
    ends: Vec<u32>,
}

impl Groups {
    /// Build from each row's group (`group_of[row]`, groups numbered in
    /// first-seen order, `n` groups): members stay in row order.
    fn from_rows(group_of: &[u32], n: usize) -> Groups {
        let mut ends = vec![0u32; n];
        for &g in group_of {
            if let Some(c) = ends.get_mut(g as usize) {
                *c += 1;
            }
        }
        let mut total = 0u32;
        for e in ends.iter_mut() {
            total += *e;
            *e = total;
        }
        // Fill each group from its start, row by row.
        let mut next: Vec<u32> = std::iter::once(0).chain(ends.iter().copied()).take(n).collect();
        let mut members = vec![0u32; group_of.len()];
        for (row, &g) in group_of.iter().enumerate() {
            if let Some(at) = next.get_mut(g as usize) {
                if let Some(m) = members.get_mut(*at as usize) {
                    *m = row as u32;
                }
                *at += 1;
            }
        }
        Groups { members, ends }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// The groups in first-seen order, each its rows in row order.
    pub fn iter(&self) -> impl Iterator<Item = &[u32]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter().copied()).map(|(s, e)| self.members.get(s as usize..e as usize).unwrap_or(&[]))
    }
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

/// The key two 案号 meet on: `case_key` without the old-style `字第`, which
/// registers add to new-style numbers (`执字第3302号` = `执3302号`).
pub fn case_match_key(raw: &str) -> String {
    case_key(raw).replacen("字第", "", 1)
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

/// The dataset says how cases were closed: a 结案方式 column, or it is a 终本
/// list (closing date headed 终本日期, or 终本 in the file or sheet name),
/// which has no 结案方式 because every row is 终本.
pub fn knows_close(ds: &Dataset) -> bool {
    ds.has("close_method") || zhongben_list(ds)
}

pub fn zhongben_list(ds: &Dataset) -> bool {
    let says = |t: &str| t.contains("终本") || t.contains("终结本次");
    !ds.has("close_method")
        && (ds.header("closed_date").is_some_and(says)
            || says(&ds.table.source.file)
            || ds.table.source.sheet.as_deref().is_some_and(says))
}

impl CaseIndex {
    /// Case rows, their debtors and 案号 groups; then each row judged by the
    /// prelude's views and scopes (`model::prelude`) in `env` (the prelude's
    /// environment): close kind, 终本, 终本-open and what restored it.
    pub fn build(env: &Env, cases: &[usize]) -> CaseIndex {
        let datasets = env.datasets;
        let mut ix = CaseIndex::default();
        let mut group_of: HashMap<String, u32> = HashMap::new();
        // Each row's group, numbered in first-seen order.
        let mut row_group: Vec<u32> = Vec::new();
        let mut n_groups = 0u32;
        for &d in cases {
            let Some(ds) = datasets.get(d) else { continue };
            for r in 0..ds.len() {
                let key = case_key(ds.get(r, "case_no"));
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
                        name: CompactString::new(name.trim()),
                        id_raw: CompactString::new(id_raw.trim()),
                        key: PersonKey::new(name, id_raw),
                    });
                }
                ix.rows.push(CaseRow {
                    ds: d as u32,
                    row: r as u32,
                    case_key: key.clone(),
                    close: CloseKind::Other,
                    zhongben: false,
                    open: false,
                    restored_by: None,
                    debtors: start..ix.debtors.len() as u32,
                });
                let mut new_group = || {
                    n_groups += 1;
                    n_groups - 1
                };
                let g = if key.is_empty() { new_group() } else { *group_of.entry(key).or_insert_with(new_group) };
                row_group.push(g);
            }
        }
        drop(group_of);
        ix.groups = Groups::from_rows(&row_group, n_groups as usize);
        drop(row_group);
        // Sized exactly: the index lives for the whole run.
        ix.rows.shrink_to_fit();
        ix.debtors.shrink_to_fit();
        // The 案号 keys are the `case_no` column the views and rules read.
        for &d in cases {
            let keys = ix.rows.iter().filter(|r| r.ds == d as u32).map(|r| (r.row as usize, r.case_key.as_str()));
            env.cols.seed_case_keys(datasets, d as u32, "case_no", keys);
        }
        // The debtors are the cases' person table: the view's self-joins use it.
        env.cols.seed_persons(
            "cases",
            "debtor",
            "debtor_id",
            ix.debtors.iter().filter_map(|d| {
                let r = ix.rows.get(d.case as usize)?;
                Some((RowRef { ds: r.ds, row: r.row }, d.key.clone()))
            }),
        );
        let p = prelude::prelude();
        let close_kind = Expr::Ref("cases.close_kind".into());
        let restoring = Expr::Ref("cases.restoring_case".into());
        let unpaid = Expr::Ref("cases.unpaid".into());
        for i in 0..ix.rows.len() {
            let Some(row) = ix.rows.get(i) else { continue };
            let rr = RowRef { ds: row.ds, row: row.row };
            let debtors = ix.debtors.get(row.debtors.start as usize..row.debtors.end as usize).unwrap_or(&[]);
            let alone = Ctx::row(env, "cases", rr, None);
            let close = match alone.eval(&close_kind) {
                Val::Text(t) => CloseKind::from_id(&t),
                _ => CloseKind::Other,
            };
            let scope = |name: &str, who: Option<&PersonKey>| {
                p.scopes.get(name).is_some_and(|c| Ctx::row(env, "cases", rr, who).cond(c))
            };
            let zhongben = scope("zhongben", None);
            // Open when the scope holds for every debtor (a later 执恢 case of any one restores the case).
            let open = zhongben
                && if debtors.is_empty() {
                    scope("zhongben_open", None)
                } else {
                    debtors.iter().all(|d| scope("zhongben_open", Some(&d.key)))
                };
            // Why a 终本 case is not open, for the reason text and the counts.
            let restored_by = if !zhongben || open {
                None
            } else if datasets.get(rr.ds as usize).is_some_and(|d| !nulls::is_null(d.get(rr.row as usize, "restored_date"))) {
                Some("恢复执行日期".to_string())
            } else if alone.eval(&unpaid) == Val::Fen(0) {
                None
            } else {
                debtors.iter().find_map(|d| match Ctx::row(env, "cases", rr, Some(&d.key)).eval(&restoring) {
                    Val::Text(no) => Some(format!("恢复执行案件{no}")),
                    _ => None,
                })
            };
            if let Some(row) = ix.rows.get_mut(i) {
                row.close = close;
                row.zhongben = zhongben;
                row.open = open;
                row.restored_by = restored_by;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_kind_ids_round_trip() {
        for k in [
            CloseKind::Zhongben,
            CloseKind::Completed,
            CloseKind::Terminated,
            CloseKind::Cancelled,
            CloseKind::NotEnforced,
            CloseKind::Rejected,
            CloseKind::Other,
        ] {
            assert_eq!(CloseKind::from_id(k.id()), k);
        }
    }

    /// Groups keep first-seen order and row order inside a group, like the
    /// list of lists they replace.
    #[test]
    fn groups_in_first_seen_and_row_order() {
        let g = Groups::from_rows(&[0, 1, 0, 2, 1, 0, 3], 4);
        let got: Vec<Vec<u32>> = g.iter().map(<[u32]>::to_vec).collect();
        assert_eq!(got, [vec![0, 2, 5], vec![1, 4], vec![3], vec![6]]);
        assert_eq!(g.len(), 4);
        assert!(Groups::from_rows(&[], 0).iter().next().is_none());
    }
}
