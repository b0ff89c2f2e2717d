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
    /// Set when the table had more distinct rows than the duplicate check
    /// remembers (`DUPLICATE_KEYS`): from which row on it is partial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_note: Option<String>,
    /// Set (to the file's data rows) when the table holds only a sample of a
    /// streamed bank statement: the figures above cover `rows` rows of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_of: Option<usize>,
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

/// Distinct rows the duplicate check remembers. Past this many the check
/// stops growing: later rows are still compared with the remembered ones,
/// not with each other, and the report says from which row on. 7/8 of 2²⁴
/// is the most a map of 2²⁴ buckets holds before it doubles: 25 bytes a
/// bucket, 0.42 GB full, 0.63 GB while growing into it. So a file larger
/// than RAM is read with bounded memory; a page file (≤ 2 GB) rarely gets there.
pub const DUPLICATE_KEYS: usize = (1 << 24) / 8 * 7;

/// Identical rows of a table, possibly read in chunks: a 128-bit hash of
/// each row's trimmed cells stands for the row, so earlier chunks need not
/// stay in memory (two distinct rows share a hash with a probability of
/// about n²/2¹²⁸). Blank rows are never kept by the reader, so every group
/// is a real record repeated.
#[derive(Default)]
struct Duplicates {
    /// Row hash → the row number of its first occurrence, and its group + 1
    /// (0: no group yet). Two u64 halves and two u32s keep an entry at 24
    /// bytes (a u128 key would align it to 32).
    first: std::collections::HashMap<[u64; 2], (u32, u32), foldhash::fast::FixedState>,
    /// Row numbers of each group (first occurrence first, at most 10) and its size.
    groups: Vec<(Vec<u32>, usize)>,
    /// The first row not remembered once `DUPLICATE_KEYS` was reached.
    full_from: Option<u32>,
}

impl Duplicates {
    fn add(&mut self, t: &super::Table) {
        self.add_with_limit(t, DUPLICATE_KEYS);
    }

    fn add_with_limit(&mut self, t: &super::Table, limit: usize) {
        use std::collections::hash_map::{DefaultHasher, Entry};
        use std::hash::{BuildHasher, Hash, Hasher};
        let seeded = foldhash::fast::FixedState::with_seed(0x5851_f42d_4c95_7f2d);
        for i in 0..t.len() {
            let mut a = DefaultHasher::new();
            let mut b = seeded.build_hasher();
            for c in t.row(i) {
                let c = c.trim();
                c.hash(&mut a);
                c.hash(&mut b);
            }
            let key = [a.finish(), b.finish()];
            let full = self.first.len() >= limit;
            match self.first.entry(key) {
                Entry::Vacant(v) => {
                    if full {
                        self.full_from.get_or_insert(t.line(i));
                    } else {
                        v.insert((t.line(i), 0));
                    }
                }
                Entry::Occupied(mut o) => {
                    let (first, group) = *o.get();
                    let g = match group.checked_sub(1) {
                        Some(g) => g as usize,
                        None => {
                            self.groups.push((vec![first], 1));
                            o.get_mut().1 = u32::try_from(self.groups.len()).unwrap_or(u32::MAX);
                            self.groups.len() - 1
                        }
                    };
                    if let Some((rows, n)) = self.groups.get_mut(g) {
                        *n += 1;
                        if rows.len() < 10 {
                            rows.push(t.line(i));
                        }
                    }
                }
            }
        }
    }

    fn finish(self) -> (usize, Vec<DuplicateGroup>, Option<String>) {
        let note = self.full_from.map(|row| {
            format!("不同的行超过 {} 行：自第 {row} 行起，各行只与此前记下的行比对是否重复，彼此之间未比对", DUPLICATE_KEYS)
        });
        let total = self.groups.iter().map(|(_, n)| n - 1).sum();
        let out = self
            .groups
            .into_iter()
            .take(DUPLICATE_GROUPS)
            .map(|(rows, count)| {
                let list = rows.iter().map(|r| format!("第 {r} 行")).collect::<Vec<_>>().join("、");
                DuplicateGroup { message: format!("{list}完全相同（共 {count} 行），可能是重复导出"), rows, count }
            })
            .collect();
        (total, out, note)
    }
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
    let mut tally = Tally::default();
    tally.add(ds);
    tally.finish(ds)
}

/// The report of one table read in chunks (`TableBuilder::take`): each
/// chunk is added in file order under the same mapping, then `finish`
/// takes the header, source and mapping from the last one. Gives what
/// `report` gives for the whole table.
#[derive(Default)]
pub struct Tally {
    rows: usize,
    /// Per mapped field (the kind's field order): issues found so far.
    found: BTreeMap<String, Vec<(IssueKind, usize, Vec<Example>)>>,
    skipped: Vec<SkippedGroup>,
    duplicates: Duplicates,
}

impl Tally {
    pub fn add(&mut self, ds: &Dataset) {
        let t = &ds.table;
        self.rows += t.len();
        if let Some(spec) = kinds::get(&ds.mapping.kind) {
            for f in &spec.fields {
                let Some(&col) = ds.mapping.columns.get(&f.name) else { continue };
                let found = self.found.entry(f.name.clone()).or_default();
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
            }
        }
        for s in &t.skipped {
            match self.skipped.iter_mut().find(|g| g.reason == s.reason) {
                Some(g) => {
                    g.count += 1;
                    if g.rows.len() < 10 {
                        g.rows.push(s.row);
                    }
                }
                None => self.skipped.push(SkippedGroup { reason: s.reason.clone(), count: 1, rows: vec![s.row] }),
            }
        }
        self.duplicates.add(t);
    }

    /// The report; `ds` gives the final header, source and mapping.
    pub fn finish(mut self, ds: &Dataset) -> FileReport {
        let t = &ds.table;
        let mut columns = BTreeMap::new();
        let mut issues = Vec::new();
        let mut mapped_cols = std::collections::HashSet::new();
        if let Some(spec) = kinds::get(&ds.mapping.kind) {
            for f in &spec.fields {
                let Some(&col) = ds.mapping.columns.get(&f.name) else { continue };
                mapped_cols.insert(col);
                let header = t.headers.get(col).cloned().unwrap_or_default();
                columns.insert(f.name.clone(), header.clone());
                let mut found = self.found.remove(&f.name).unwrap_or_default();
                found.sort_by_key(|(k, _, _)| *k as u8);
                for (kind, count, examples) in found {
                    let message = message(&f.label, &header, kind, count, examples.first());
                    issues.push(Issue { column: f.name.clone(), header: header.clone(), kind, count, examples, message });
                }
            }
        }
        let unmapped = t.headers.iter().enumerate().filter(|(i, _)| !mapped_cols.contains(i)).map(|(_, h)| h.clone()).collect();
        let (duplicate_rows, duplicates, duplicate_note) = self.duplicates.finish();
        FileReport {
            duplicate_rows,
            duplicates,
            duplicate_note,
            sample_of: None,
            file: t.source.file.clone(),
            sheet: t.source.sheet.clone(),
            kind: ds.mapping.kind.clone(),
            format: t.source.format.clone(),
            encoding: t.source.encoding.clone(),
            header_row: t.header_row,
            rows: self.rows,
            columns,
            unmapped,
            issues,
            skipped: self.skipped,
            undecodable: t.source.undecodable,
            score: (ds.mapping.score as f64 * 1000.0).round() / 1000.0,
            signature: super::mapping::signature(t),
        }
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

#[cfg(test)]
mod tests {
    use super::Duplicates;
    use crate::ingest::table::{Source, Table};

    fn table(rows: &[(u32, &str)]) -> Table {
        let mut t = Table::new(Source::default(), 1, vec!["姓名".to_string()]);
        for (line, cell) in rows {
            t.push_row(*line, [*cell]);
        }
        t
    }

    /// Data-driven: (limit, rows, repeats counted, first row not remembered).
    #[test]
    fn a_full_duplicate_check_compares_later_rows_with_the_remembered_ones_only() {
        let rows = [(2, "甲"), (3, "乙"), (4, "丙"), (5, "甲"), (6, "丙"), (7, "丙"), (8, "乙")];
        for (limit, repeats, from) in [(100, 4, None), (2, 2, Some(4)), (1, 1, Some(3))] {
            let mut d = Duplicates::default();
            d.add_with_limit(&table(&rows), limit);
            let (total, _, note) = d.finish();
            assert_eq!(total, repeats, "limit {limit}");
            assert_eq!(note.is_some(), from.is_some(), "limit {limit}");
            if let (Some(n), Some(r)) = (note, from) {
                assert!(n.contains(&format!("第 {r} 行")), "{n}");
            }
        }
    }
}
