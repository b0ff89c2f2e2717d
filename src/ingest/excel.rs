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
use std::borrow::Cow;
use std::io::{Cursor, Read, Seek};

/// Read every worksheet of a workbook.
pub fn read(file: &str, bytes: &[u8], opts: &IngestOptions, format: Format) -> Result<Loaded> {
    let cur = Cursor::new(bytes);
    let pos = Position::file(file);
    let broken = |detail: String| Error::malformed(pos.clone(), detail);
    match format {
        Format::Xlsx => {
            let wb = calamine::Xlsx::new(cur).map_err(|e| broken(describe_xlsx(&e)))?;
            Ok(read_xlsx_sheets(file, bytes.len() as u64, wb, opts))
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

/// An XLSX workbook read where its parts are (the page's `File` through
/// `SourceReader`), not copied into memory first: a zip is read from its
/// central directory, one part at a time. Same tables and messages as `read`.
pub fn read_xlsx_from<RS: Read + Seek>(file: &str, size: u64, reader: RS, opts: &IngestOptions) -> Result<Loaded> {
    let wb = calamine::Xlsx::new(reader).map_err(|e| Error::malformed(Position::file(file), describe_xlsx(&e)))?;
    Ok(read_xlsx_sheets(file, size, wb, opts))
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
    for sheet in sheets.iter().filter(|s| s.typ == calamine::SheetType::WorkSheet) {
        match wb.worksheet_range(&sheet.name) {
            Ok(range) => sheet_table(file, size, format, &sheet.name, &range, cell_text, opts, &mut loaded),
            Err(e) => loaded.errors.push(sheet_error(file, &sheet.name, e)),
        }
    }
    loaded
}

/// XLSX: each worksheet streamed row by row (`xlsx::stream_sheet`, no
/// whole-sheet grid), or through the grid when streaming cannot give the
/// grid's answer (`read_xlsx_grid`).
fn read_xlsx_sheets<RS: Read + Seek>(file: &str, size: u64, mut wb: calamine::Xlsx<RS>, opts: &IngestOptions) -> Loaded {
    let mut loaded = Loaded::default();
    let sheets: Vec<calamine::Sheet> = wb.sheets_metadata().to_vec();
    for sheet in sheets.iter().filter(|s| s.typ == calamine::SheetType::WorkSheet) {
        match super::xlsx::stream_sheet(&mut wb, &sheet_source(file, size, "xlsx", &sheet.name), opts) {
            Some((table, errors)) => {
                loaded.tables.extend(table);
                loaded.errors.extend(errors);
            }
            None => read_xlsx_grid(file, size, &mut wb, &sheet.name, opts, &mut loaded),
        }
    }
    loaded
}

/// One XLSX worksheet through calamine's borrowing grid (`Range<DataRef>`):
/// shared strings are not copied into every cell, but every cell of the
/// used rectangle is held at once.
pub fn read_xlsx_grid<RS: Read + Seek>(
    file: &str,
    size: u64,
    wb: &mut calamine::Xlsx<RS>,
    sheet: &str,
    opts: &IngestOptions,
    loaded: &mut Loaded,
) {
    use calamine::ReaderRef;
    match wb.worksheet_range_ref(sheet) {
        Ok(range) => sheet_table(file, size, "xlsx", sheet, &range, cell_ref_text, opts, loaded),
        Err(e) => loaded.errors.push(sheet_error(file, sheet, e)),
    }
}

/// Every XLSX worksheet through the grid only (what `read` did before
/// streaming; kept for the tests that compare the two paths).
pub fn read_xlsx_grid_all(file: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Loaded> {
    let mut wb = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| Error::malformed(Position::file(file), describe_xlsx(&e)))?;
    let mut loaded = Loaded::default();
    let sheets: Vec<calamine::Sheet> = wb.sheets_metadata().to_vec();
    for sheet in sheets.iter().filter(|s| s.typ == calamine::SheetType::WorkSheet) {
        read_xlsx_grid(file, bytes.len() as u64, &mut wb, &sheet.name, opts, &mut loaded);
    }
    Ok(loaded)
}

/// Where a worksheet's table comes from.
pub fn sheet_source(file: &str, size: u64, format: &str, sheet: &str) -> Source {
    Source {
        file: file.to_string(),
        sheet: Some(sheet.to_string()),
        format: format.to_string(),
        encoding: None,
        size,
        undecodable: 0,
        delimiter: None,
    }
}

pub(super) fn sheet_error(file: &str, sheet: &str, e: impl std::fmt::Display) -> Error {
    Error::malformed(Position::file(file).sheet(Some(sheet)), format!("工作表无法读取：{e}"))
}

#[allow(clippy::too_many_arguments)]
fn sheet_table<T: calamine::CellType>(
    file: &str,
    size: u64,
    format: &str,
    sheet: &str,
    range: &calamine::Range<T>,
    text: impl Fn(&T) -> Cow<'_, str>,
    opts: &IngestOptions,
    loaded: &mut Loaded,
) {
    if range.is_empty() {
        // An empty sheet ("Sheet2") is a note, not a failure.
        loaded.errors.push(Error::new(ErrorKind::Empty { pos: Position::file(file).sheet(Some(sheet)) }));
        return;
    }
    let mut b = TableBuilder::new(sheet_source(file, size, format, sheet), opts);
    let (r0, _) = range.start().unwrap_or((0, 0));
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<Cow<'_, str>> = row.iter().map(&text).collect();
        let line = r0.saturating_add(i as u32).saturating_add(1);
        b.push(line, cells.iter().map(|c| c.as_ref()));
    }
    let (table, errors) = b.finish();
    loaded.tables.extend(table);
    loaded.errors.extend(errors);
}

pub(super) fn cell_ref_text<'a>(d: &'a calamine::DataRef<'_>) -> Cow<'a, str> {
    use calamine::DataRef as R;
    match d {
        R::SharedString(s) => Cow::Borrowed(s),
        R::String(s) => Cow::Borrowed(s),
        R::Empty => Cow::Borrowed(""),
        R::Int(i) => cell_text(&Data::Int(*i)).into_owned().into(),
        R::Float(f) => Cow::Owned(number_text(*f)),
        R::Bool(b) => cell_text(&Data::Bool(*b)).into_owned().into(),
        R::DateTime(dt) => cell_text(&Data::DateTime(*dt)).into_owned().into(),
        R::DateTimeIso(s) => Cow::Owned(s.replace('T', " ")),
        R::DurationIso(s) => Cow::Borrowed(s),
        R::Error(e) => Cow::Owned(e.to_string()),
    }
}

/// A cell as text, the way Excel shows it in General format.
pub fn cell_text(d: &Data) -> Cow<'_, str> {
    Cow::Owned(match d {
        Data::Empty => return Cow::Borrowed(""),
        Data::String(s) => return Cow::Borrowed(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                return Cow::Owned(number_text(dt.as_f64()));
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
    })
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
