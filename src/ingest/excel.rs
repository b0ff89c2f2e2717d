//! Workbooks (XLSX, XLSB, XLS/BIFF8, ODS) through calamine: every worksheet
//! becomes a table; row numbers are Excel's (calamine ranges start at the
//! first used cell, so `range.start()` gives the offset).
//!
//! Cell → text: strings as they are; numbers as Excel's General format shows
//! them. calamine gives `Data::Float` for every XLSX number (and `Int` for
//! XLS RK integers). Integers below 1e15 are exact in a double and printed in
//! full ("110105"); from 1e15 on Excel has already lost digits, so we print
//! them as Excel shows them ("3.30203E+17") and the ID normaliser marks them
//! damaged instead of us inventing digits. Dates → `yyyy-mm-dd` (with time
//! `yyyy-mm-dd hh:mm:ss`), 1904 workbooks honoured by calamine. Errors →
//! `#N/A` etc.

use super::header::TableBuilder;
use super::sniff::Format;
use super::table::Source;
use super::{IngestOptions, Loaded};
use crate::error::{Error, ErrorKind, Position, Result};
use calamine::{Data, Reader};
use std::io::Cursor;

/// Read every worksheet of a workbook.
pub fn read(file: &str, bytes: &[u8], opts: &IngestOptions, format: Format) -> Result<Loaded> {
    let cur = Cursor::new(bytes);
    let pos = Position::file(file);
    let broken = |detail: String| Error::malformed(pos.clone(), detail);
    match format {
        Format::Xlsx => {
            let wb = calamine::Xlsx::new(cur).map_err(|e| broken(describe_xlsx(&e)))?;
            Ok(read_sheets(file, bytes.len() as u64, "xlsx", wb, opts))
        }
        Format::Xlsb => {
            let wb = calamine::Xlsb::new(cur).map_err(|e| broken(format!("XLSB 工作簿无法打开：{e}")))?;
            Ok(read_sheets(file, bytes.len() as u64, "xlsb", wb, opts))
        }
        Format::Ods => {
            let wb = calamine::Ods::new(cur).map_err(|e| broken(format!("ODS 工作簿无法打开：{e}")))?;
            Ok(read_sheets(file, bytes.len() as u64, "ods", wb, opts))
        }
        _ => match calamine::Xls::new(cur) {
            Ok(wb) => Ok(read_sheets(file, bytes.len() as u64, "xls", wb, opts)),
            Err(calamine::XlsError::Password) => Err(Error::new(ErrorKind::Encrypted { pos })),
            Err(e) => Err(broken(format!("XLS 工作簿无法打开：{e}"))),
        },
    }
}

fn describe_xlsx(e: &calamine::XlsxError) -> String {
    match e {
        calamine::XlsxError::Zip(_) => "XLSX 文件不完整或已损坏（压缩结构无法读取），可能下载或复制时被截断".into(),
        other => format!("XLSX 工作簿无法打开：{other}"),
    }
}

fn read_sheets<R, RS>(file: &str, size: u64, format: &str, mut wb: R, opts: &IngestOptions) -> Loaded
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
    R::Error: std::fmt::Display,
{
    let mut loaded = Loaded::default();
    let sheets: Vec<calamine::Sheet> = wb.sheets_metadata().to_vec();
    for sheet in sheets {
        if sheet.typ != calamine::SheetType::WorkSheet {
            continue;
        }
        let pos = Position::file(file).sheet(Some(&sheet.name));
        let range = match wb.worksheet_range(&sheet.name) {
            Ok(r) => r,
            Err(e) => {
                loaded.errors.push(Error::malformed(pos, format!("工作表无法读取：{e}")));
                continue;
            }
        };
        if range.is_empty() {
            // An empty sheet ("Sheet2") is a note, not a failure.
            loaded.errors.push(Error::new(ErrorKind::Empty { pos }));
            continue;
        }
        let source = Source {
            file: file.to_string(),
            sheet: Some(sheet.name.clone()),
            format: format.to_string(),
            encoding: None,
            size,
            undecodable: 0,
            delimiter: None,
        };
        let mut b = TableBuilder::new(source, opts);
        let (r0, _) = range.start().unwrap_or((0, 0));
        let mut cells: Vec<String> = Vec::new();
        for (i, row) in range.rows().enumerate() {
            cells.clear();
            cells.extend(row.iter().map(cell_text));
            let line = r0.saturating_add(i as u32).saturating_add(1);
            b.push(line, cells.iter().map(String::as_str));
        }
        let (table, errors) = b.finish();
        loaded.tables.extend(table);
        loaded.errors.extend(errors);
    }
    loaded
}

/// A cell as text, the way Excel shows it in General format.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                return number_text(dt.as_f64());
            }
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if dt.as_f64().fract() == 0.0 {
                format!("{y:04}-{m:02}-{d:02}")
            } else if dt.as_f64() < 1.0 {
                format!("{hh:02}:{mm:02}:{ss:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTimeIso(s) => s.replace('T', " "),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// Excel General format for numbers: integers in full below 1e15, otherwise
/// six significant digits with an exponent ("3.30203E+17"); other numbers with
/// at most 15 significant digits (no binary noise like 0.30000000000000004).
pub fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return "#NUM!".into();
    }
    let a = f.abs();
    if a >= 1e15 {
        let s = format!("{:.5E}", f);
        let (mant, exp) = s.split_once('E').unwrap_or((&s, "0"));
        let mant = mant.trim_end_matches('0').trim_end_matches('.');
        let exp: i32 = exp.parse().unwrap_or(0);
        return format!("{mant}E+{exp:02}");
    }
    if f.fract() == 0.0 {
        return format!("{}", f as i64);
    }
    let digits = if a >= 1.0 { a.log10().floor() as i32 + 1 } else { 0 };
    let decimals = (15 - digits).clamp(0, 15) as usize;
    let s = format!("{:.*}", decimals, f);
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_excel_shows_them() {
        assert_eq!(number_text(330203199001011234.0), "3.30203E+17");
        assert_eq!(number_text(1e15), "1E+15");
        assert_eq!(number_text(6222021234567890000.0), "6.22202E+18");
        assert_eq!(number_text(110105.0), "110105");
        assert_eq!(number_text(123456789012345.0), "123456789012345");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(3000.5), "3000.5");
        assert_eq!(number_text(-12.25), "-12.25");
    }
}
