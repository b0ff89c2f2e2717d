//! The quality report of one table: rows read and skipped (and why), and per
//! mapped column how many cells are empty, invalid, damaged by Excel, or
//! could not be decoded, with the first examples (row number as the user
//! sees it, raw text). Serialises to the JSON keys other tools read:
//! `{"file","sheet","kind","encoding","header_row","rows","columns","issues",…}`.

use super::kinds::{self, FieldType};
use super::mapping::Dataset;
use crate::normalize::{self, Quality};
use serde::Serialize;
use std::collections::BTreeMap;

/// Examples kept per issue.
const EXAMPLES: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    pub file: String,
    pub sheet: Option<String>,
    /// Kind id; "" when unknown.
    pub kind: String,
    /// "csv", "tsv", "txt", "xlsx", "xls", "xlsb", "ods", "html", "xml".
    pub format: String,
    pub encoding: Option<String>,
    pub header_row: u32,
    /// Data rows kept.
    pub rows: usize,
    /// Canonical field → source header.
    pub columns: BTreeMap<String, String>,
    /// Source headers no field is mapped to.
    pub unmapped: Vec<String>,
    pub issues: Vec<Issue>,
    /// Rows read but not kept, grouped by reason.
    pub skipped: Vec<SkippedGroup>,
    /// Characters that could not be decoded (shown as U+FFFD).
    pub undecodable: u64,
    /// How well the headers fit the kind (0..1, three decimals).
    pub score: f64,
    /// Header signature (for remembering confirmed mappings).
    pub signature: String,
    /// Rows that repeat an earlier row cell for cell (the same record
    /// exported twice): how many repeats in all, and the groups.
    pub duplicate_rows: usize,
    pub duplicates: Vec<DuplicateGroup>,
}

/// Rows identical to each other (cells compared after trimming spaces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateGroup {
    /// Row numbers as the user sees them, first occurrence first (at most 10).
    pub rows: Vec<u32>,
    /// How many rows the group has.
    pub count: usize,
    /// One Chinese sentence for the file card.
    pub message: String,
}

/// Groups kept in the report (the total stays exact).
const DUPLICATE_GROUPS: usize = 50;

/// Identical rows of a table. Blank rows are never kept by the reader, so
/// every group is a real record repeated.
fn duplicates(t: &super::Table) -> (usize, Vec<DuplicateGroup>) {
    use std::collections::hash_map::{DefaultHasher, Entry, HashMap};
    use std::hash::{Hash, Hasher};
    // Hash first, compare cells on a hash hit: no copy of the table.
    let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    let same = |a: usize, b: usize| t.row(a).map(str::trim).eq(t.row(b).map(str::trim));
    for i in 0..t.len() {
        let mut h = DefaultHasher::new();
        t.row(i).for_each(|c| c.trim().hash(&mut h));
        match by_hash.entry(h.finish()) {
            Entry::Vacant(v) => {
                v.insert(vec![i]);
            }
            Entry::Occupied(mut o) => match o.get().iter().copied().find(|&first| same(first, i)) {
                Some(first) => {
                    let g = *group_of.entry(first).or_insert_with(|| {
                        groups.push(vec![first]);
                        groups.len() - 1
                    });
                    if let Some(rows) = groups.get_mut(g) {
                        rows.push(i);
                    }
                }
                None => o.get_mut().push(i),
            },
        }
    }
    let total = groups.iter().map(|g| g.len() - 1).sum();
    let out = groups
        .iter()
        .take(DUPLICATE_GROUPS)
        .map(|g| {
            let rows: Vec<u32> = g.iter().take(10).map(|&i| t.line(i)).collect();
            let list = rows.iter().map(|r| format!("第 {r} 行")).collect::<Vec<_>>().join("、");
            DuplicateGroup { message: format!("{list}完全相同（共 {} 行），可能是重复导出", g.len()), rows, count: g.len() }
        })
        .collect();
    (total, out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    Empty,
    Invalid,
    Damaged,
    /// Text that could not be decoded (contains U+FFFD).
    Unparsed,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Canonical field name.
    pub column: String,
    /// Source header the field is mapped to.
    pub header: String,
    pub kind: IssueKind,
    pub count: usize,
    pub examples: Vec<Example>,
    /// One Chinese sentence for the file card.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    pub row: u32,
    pub raw: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedGroup {
    pub reason: String,
    pub count: usize,
    /// First row numbers.
    pub rows: Vec<u32>,
}

/// Quality of one cell; `multi` fields are checked part by part (the worst counts).
fn cell_quality(ty: FieldType, multi: bool, raw: &str) -> IssueKindOrOk {
    if raw.contains('\u{FFFD}') {
        return IssueKindOrOk::Issue(IssueKind::Unparsed);
    }
    let q = if multi {
        let parts = normalize::multi::split(raw);
        if parts.is_empty() {
            Quality::Empty
        } else {
            parts.iter().map(|p| normalize::check(ty, p)).max_by_key(|q| rank(*q)).unwrap_or(Quality::Empty)
        }
    } else {
        normalize::check(ty, raw)
    };
    match q {
        Quality::Ok => IssueKindOrOk::Ok,
        Quality::Empty => IssueKindOrOk::Issue(IssueKind::Empty),
        Quality::Invalid => IssueKindOrOk::Issue(IssueKind::Invalid),
        Quality::Damaged => IssueKindOrOk::Issue(IssueKind::Damaged),
    }
}

enum IssueKindOrOk {
    Ok,
    Issue(IssueKind),
}

fn rank(q: Quality) -> u8 {
    match q {
        Quality::Ok => 0,
        Quality::Empty => 1,
        Quality::Invalid => 2,
        Quality::Damaged => 3,
    }
}

impl FileReport {
    /// 脱敏 of the examples (raw cells can be IDs, accounts, names), for
    /// reports that leave the machine (`xiansuo screen --mask`).
    pub fn mask(&mut self) {
        for i in &mut self.issues {
            let mut m = crate::mask::Masker::new();
            for e in &mut i.examples {
                e.raw = m.cell(&i.header, &e.raw);
            }
            i.message = m.text(&i.message);
        }
    }
}

/// Build the report of one dataset.
pub fn report(ds: &Dataset) -> FileReport {
    let t = &ds.table;
    let spec = kinds::get(&ds.mapping.kind);
    let mut columns = BTreeMap::new();
    let mut issues = Vec::new();
    let mut mapped_cols = std::collections::HashSet::new();
    if let Some(spec) = spec {
        for f in &spec.fields {
            let Some(&col) = ds.mapping.columns.get(&f.name) else { continue };
            mapped_cols.insert(col);
            let header = t.headers.get(col).cloned().unwrap_or_default();
            columns.insert(f.name.clone(), header.clone());
            let mut found: Vec<(IssueKind, usize, Vec<Example>)> = Vec::new();
            // A plate without its province is completed from 发证机关.
            let office_col = if f.ty == FieldType::Plate { ds.mapping.columns.get("office").copied() } else { None };
            for i in 0..t.len() {
                let raw = t.cell(i, col);
                let quality = match office_col {
                    Some(oc) if !raw.contains('\u{FFFD}') => {
                        match Quality::from(&normalize::plate::normalize(t.cell(i, oc), raw)) {
                            Quality::Ok => IssueKindOrOk::Ok,
                            Quality::Empty => IssueKindOrOk::Issue(IssueKind::Empty),
                            Quality::Invalid => IssueKindOrOk::Issue(IssueKind::Invalid),
                            Quality::Damaged => IssueKindOrOk::Issue(IssueKind::Damaged),
                        }
                    }
                    _ => cell_quality(f.ty, f.multi, raw),
                };
                let IssueKindOrOk::Issue(k) = quality else { continue };
                let slot = match found.iter().position(|(fk, _, _)| *fk == k) {
                    Some(p) => p,
                    None => {
                        found.push((k, 0, Vec::new()));
                        found.len() - 1
                    }
                };
                if let Some((_, n, ex)) = found.get_mut(slot) {
                    *n += 1;
                    if ex.len() < EXAMPLES {
                        ex.push(Example { row: t.line(i), raw: raw.to_string() });
                    }
                }
            }
            found.sort_by_key(|(k, _, _)| *k as u8);
            for (kind, count, examples) in found {
                let message = message(&f.label, &header, kind, count, examples.first());
                issues.push(Issue { column: f.name.clone(), header: header.clone(), kind, count, examples, message });
            }
        }
    }
    let unmapped = t.headers.iter().enumerate().filter(|(i, _)| !mapped_cols.contains(i)).map(|(_, h)| h.clone()).collect();
    let mut skipped: Vec<SkippedGroup> = Vec::new();
    for s in &t.skipped {
        match skipped.iter_mut().find(|g| g.reason == s.reason) {
            Some(g) => {
                g.count += 1;
                if g.rows.len() < 10 {
                    g.rows.push(s.row);
                }
            }
            None => skipped.push(SkippedGroup { reason: s.reason.clone(), count: 1, rows: vec![s.row] }),
        }
    }
    let (duplicate_rows, duplicates) = duplicates(t);
    FileReport {
        duplicate_rows,
        duplicates,
        file: t.source.file.clone(),
        sheet: t.source.sheet.clone(),
        kind: ds.mapping.kind.clone(),
        format: t.source.format.clone(),
        encoding: t.source.encoding.clone(),
        header_row: t.header_row,
        rows: t.len(),
        columns,
        unmapped,
        issues,
        skipped,
        undecodable: t.source.undecodable,
        score: (ds.mapping.score as f64 * 1000.0).round() / 1000.0,
        signature: super::mapping::signature(t),
    }
}

fn message(label: &str, header: &str, kind: IssueKind, count: usize, first: Option<&Example>) -> String {
    let col = if header == label { format!("列“{header}”") } else { format!("列“{header}”（{label}）") };
    let eg = first.map(|e| format!("（如第 {} 行“{}”）", e.row, e.raw)).unwrap_or_default();
    match kind {
        IssueKind::Empty => format!("{col}有 {count} 行为空"),
        IssueKind::Invalid => format!("{col}有 {count} 行无法识别{eg}"),
        IssueKind::Damaged => format!(
            "{col}有 {count} 行已被 Excel 损坏{eg}：数字超过 15 位被改成了科学计数法或末尾变成 0，原值无法恢复，这些行不能按证件号/账号碰撞。请从原系统重新导出，或在 Excel 中先把该列设为“文本”再粘贴原始数据。"
        ),
        IssueKind::Unparsed => format!("{col}有 {count} 行含无法解码的字符{eg}，文件编码可能有误"),
    }
}
