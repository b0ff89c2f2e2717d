//! Evidence rows: file, sheet, Excel row, and every mapped column's raw and
//! normalised value, in column order.

use super::eval::RowRef;
use crate::ingest::{kinds, Dataset};
use crate::lead::{CellValue, Evidence, Fields};
use crate::normalize;

pub fn row(datasets: &[Dataset], r: RowRef) -> Option<Evidence> {
    let ds = datasets.get(r.ds as usize)?;
    let i = r.row as usize;
    let spec = kinds::get(ds.kind());
    let mut cols: Vec<(&String, usize)> = ds.mapping.columns.iter().map(|(f, &c)| (f, c)).collect();
    cols.sort_by_key(|&(_, c)| c);
    let fields = cols
        .into_iter()
        .map(|(f, c)| {
            let raw = ds.table.cell(i, c);
            let ty = spec
                .and_then(|s| s.field(f))
                .map_or(kinds::FieldType::Text, |x| x.ty);
            let normalized = if ty == kinds::FieldType::Amount {
                let unit = normalize::amount::unit_for_header(
                    ds.table.headers.get(c).map_or("", String::as_str),
                    ds.mapping.amounts_in_fen,
                );
                normalize::amount::parse(raw, unit)
                    .ok()
                    .map(normalize::amount::format_yuan)
            } else if ty == kinds::FieldType::Plate {
                // HPHM without the province: the full plate uses 发证机关 (FZJG).
                normalize::plate::normalize(ds.get(i, "office"), raw).ok()
            } else {
                normalize::display(ty, raw)
            };
            let header = ds.table.headers.get(c).cloned().unwrap_or_default();
            (
                header,
                CellValue {
                    raw: raw.to_string(),
                    normalized,
                },
            )
        })
        .collect();
    Some(Evidence {
        file: ds.table.source.file.clone(),
        sheet: ds.table.source.sheet.clone(),
        row: ds.table.line(i),
        kind: ds.kind().to_string(),
        fields: Fields(fields),
    })
}

/// "机动车登记“身份证明号码”列（车辆.csv 第5行）": where a value came from.
pub fn source_of(datasets: &[Dataset], r: RowRef, field: &str) -> String {
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
