//! Evidence rows: file, sheet, Excel row, and every mapped column's raw and
//! normalised value, in column order. Judging a candidate cites rows by
//! `RowRef` only (`stub`: file, sheet and row, enough for the fingerprint and
//! for merging repeats); the cells are written out (`Layouts::fill`) once,
//! for the leads that are kept.

use super::eval::RowRef;
use crate::ingest::{kinds, Dataset};
use crate::lead::{CellValue, Evidence, Fields, Header};
use crate::normalize;
use foldhash::HashMap;

/// One mapped column as evidence shows it.
struct Col {
    index: usize,
    /// Shared by every cited cell of the column (a counted reference, no copy).
    header: Header,
    ty: kinds::FieldType,
    /// Amount unit from the header (`评估价（万元）`), for amount columns.
    unit: normalize::amount::Unit,
}

/// The mapped columns of one dataset in column order, worked out once per
/// dataset rather than once per cited row.
fn layout(ds: &Dataset) -> Vec<Col> {
    let spec = kinds::get(ds.kind());
    let mut cols: Vec<Col> = ds
        .mapping
        .columns
        .iter()
        .map(|(f, &c)| {
            let header = ds.table.headers.get(c).map_or("", String::as_str);
            Col {
                index: c,
                ty: spec.and_then(|s| s.field(f)).map_or(kinds::FieldType::Text, |x| x.ty),
                unit: normalize::amount::unit_for_header(header, ds.mapping.amounts_in_fen),
                header: Header::from(header),
            }
        })
        .collect();
    cols.sort_by_key(|c| c.index);
    cols
}

fn row_with(ds: &Dataset, cols: &[Col], i: usize) -> Evidence {
    let fields = cols
        .iter()
        .map(|c| {
            let raw = ds.table.cell(i, c.index);
            let normalized = match c.ty {
                kinds::FieldType::Amount => normalize::amount::parse(raw, c.unit).ok().map(normalize::amount::format_yuan),
                // HPHM without the province: the full plate uses 发证机关 (FZJG).
                kinds::FieldType::Plate => normalize::plate::normalize(ds.get(i, "office"), raw).ok(),
                ty => normalize::display(ty, raw),
            };
            (c.header.clone(), CellValue { raw: raw.into(), normalized: normalized.map(Into::into) })
        })
        .collect();
    Evidence {
        file: ds.table.source.file.clone(),
        sheet: ds.table.source.sheet.clone(),
        row: ds.table.line(i),
        kind: ds.kind().to_string(),
        fields: Fields(fields),
    }
}

/// One evidence row, complete.
pub fn row(datasets: &[&Dataset], r: RowRef) -> Option<Evidence> {
    let ds = datasets.get(r.ds as usize)?;
    Some(row_with(ds, &layout(ds), r.row as usize))
}

/// An evidence row without its cells: where it is, for fingerprints and
/// merging, until `Layouts::fill` writes the cells of a kept lead.
pub fn stub(datasets: &[&Dataset], r: RowRef) -> Option<Evidence> {
    let ds = datasets.get(r.ds as usize)?;
    Some(Evidence {
        file: ds.table.source.file.clone(),
        sheet: ds.table.source.sheet.clone(),
        row: ds.table.line(r.row as usize),
        kind: String::new(),
        fields: Fields::default(),
    })
}

/// Column layouts by dataset, made on first use; rows cited by several
/// leads (a debtor's case row beside each of its vehicles) are written out
/// once and copied, and dropped from the cache at their last citation.
#[derive(Default)]
pub struct Layouts {
    by_ds: HashMap<u32, Vec<Col>>,
    /// Citations still to come, for rows cited more than once (`count_citations`).
    uses: HashMap<RowRef, u32>,
    kept: HashMap<RowRef, Evidence>,
}

impl Layouts {
    /// Announce every citation that `fill` will be asked for.
    pub fn count_citations<'r>(&mut self, refs: impl Iterator<Item = &'r RowRef>) {
        for r in refs {
            *self.uses.entry(*r).or_default() += 1;
        }
        self.uses.retain(|_, n| *n > 1);
    }

    /// The complete evidence rows of `refs`.
    pub fn fill(&mut self, datasets: &[&Dataset], refs: &[RowRef]) -> Vec<Evidence> {
        refs.iter()
            .filter_map(|r| {
                let ds = datasets.get(r.ds as usize)?;
                let Some(left) = self.uses.get_mut(r) else {
                    let cols = self.by_ds.entry(r.ds).or_insert_with(|| layout(ds));
                    return Some(row_with(ds, cols, r.row as usize));
                };
                *left = left.saturating_sub(1);
                let last = *left == 0;
                if last {
                    self.uses.remove(r);
                }
                let cached = if last { self.kept.remove(r) } else { self.kept.get(r).cloned() };
                if let Some(e) = cached {
                    return Some(e);
                }
                let cols = self.by_ds.entry(r.ds).or_insert_with(|| layout(ds));
                let e = row_with(ds, cols, r.row as usize);
                if !last {
                    self.kept.insert(*r, e.clone());
                }
                Some(e)
            })
            .collect()
    }
}

/// "机动车登记“身份证明号码”列（车辆.csv 第5行）": where a value came from.
pub fn source_of(datasets: &[&Dataset], r: RowRef, field: &str) -> String {
    let Some(ds) = datasets.get(r.ds as usize) else {
        return String::new();
    };
    let label = kinds::get(ds.kind()).map_or(ds.kind(), |k| k.label.as_str());
    let header = ds.header(field).unwrap_or(field);
    let sheet = ds
        .table
        .source
        .sheet
        .as_deref()
        .map(|s| format!(" {s}"))
        .unwrap_or_default();
    format!(
        "{label}“{header}”列（{}{sheet} 第{}行）",
        ds.table.source.file,
        ds.table.line(r.row as usize)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Source, Table};

    #[test]
    fn rows_cited_again_are_written_out_as_the_first_time() {
        let mut t = Table::new(
            Source { file: "v.csv".into(), ..Source::default() },
            1,
            ["号牌号码", "所有人", "身份证明号码", "机动车状态"].iter().map(|h| h.to_string()).collect(),
        );
        t.push_row(2, ["浙B1", "甲", "33020319800101001X", "A"].into_iter());
        t.push_row(3, ["浙B2", "乙", "330203198102020022", "G"].into_iter());
        let d = Dataset::new(t);
        let ds = [&d];
        let r = |row| RowRef { ds: 0, row };
        // Leads citing rows 0, 1, 0 again, 1 again, and a row of no dataset.
        let leads = [vec![r(0), r(1)], vec![r(0)], vec![r(1), RowRef { ds: 9, row: 0 }], vec![r(1)]];
        let mut l = Layouts::default();
        l.count_citations(leads.iter().flatten());
        for refs in &leads {
            let want: Vec<Evidence> = refs.iter().filter_map(|&x| row(&ds, x)).collect();
            assert!(!want.is_empty() && want.iter().all(|e| !e.fields.0.is_empty()));
            assert_eq!(l.fill(&ds, refs), want);
        }
        // Every cached copy was handed out at its last citation.
        assert!(l.kept.is_empty() && l.uses.is_empty(), "{:?}", l.kept.keys().collect::<Vec<_>>());
    }
}
