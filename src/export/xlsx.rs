//! A small XLSX builder over `rust_xlsxwriter` for exports: one header row
//! (bold, frozen, autofilter), typed cells, column widths from the content,
//! sheet names made legal. Text cells are neutralised like CSV cells.

use super::neutralize;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Worksheet};

/// One cell of an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// An amount in 分, written as a 元 number formatted `#,##0.00`.
    Fen(i64),
    Int(i64),
    /// Written as `yyyy-mm-dd`.
    Date(NaiveDate),
    /// Written as `yyyy-mm-dd hh:mm:ss`.
    DateTime(NaiveDateTime),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

struct Sheet {
    name: String,
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// Excel's limits: 1,048,576 rows per sheet, 32,767 characters per cell.
const MAX_DATA_ROWS: usize = 1_048_575;
const MAX_CELL_CHARS: usize = 32_767;
const TRUNCATED: &str = "…[已截断]";

/// Builder: `Workbook::new().sheet("线索", &headers, rows).to_bytes()`.
#[derive(Default)]
pub struct Workbook {
    sheets: Vec<Sheet>,
}

impl Workbook {
    pub fn new() -> Workbook {
        Workbook::default()
    }

    /// Add a sheet. The name is made legal and unique (see [`sheet_name`]).
    pub fn sheet<H: AsRef<str>>(mut self, name: &str, headers: &[H], rows: Vec<Vec<Cell>>) -> Workbook {
        let taken: Vec<&str> = self.sheets.iter().map(|s| s.name.as_str()).collect();
        let name = unique_name(&sheet_name(name), &taken);
        self.sheets.push(Sheet { name, headers: headers.iter().map(|h| h.as_ref().to_string()).collect(), rows });
        self
    }

    /// The finished file. Fails (with a Chinese message) only when a sheet has
    /// more rows than Excel allows.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let f = Formats::new();
        if self.sheets.is_empty() {
            wb.add_worksheet();
        }
        for s in &self.sheets {
            if s.rows.len() > MAX_DATA_ROWS {
                return Err(Error::plan(format!(
                    "工作表“{}”有 {} 行，超过 Excel 的上限 {} 行，请改用 CSV 导出",
                    s.name,
                    s.rows.len(),
                    MAX_DATA_ROWS
                )));
            }
            let ws = wb.add_worksheet();
            write_sheet(ws, s, &f).map_err(|e| Error::internal(format!("写入工作表“{}”失败：{e}", s.name)))?;
        }
        wb.save_to_buffer().map_err(|e| Error::internal(format!("生成 XLSX 失败：{e}")))
    }
}

struct Formats {
    header: Format,
    fen: Format,
    date: Format,
    datetime: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            fen: Format::new().set_num_format("#,##0.00"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        }
    }
}

fn write_sheet(ws: &mut Worksheet, s: &Sheet, f: &Formats) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_name(&s.name)?;
    let ncols = s.rows.iter().map(Vec::len).chain([s.headers.len()]).max().unwrap_or(0);
    let mut widths: Vec<usize> = vec![0; ncols];
    for (c, h) in s.headers.iter().enumerate() {
        ws.write_string_with_format(0, col(c), text(h).as_ref(), &f.header)?;
        bump(&mut widths, c, display_width(h) + 2); // room for the filter button
    }
    for (r, row) in s.rows.iter().enumerate() {
        let rn = (r + 1) as u32;
        for (c, cell) in row.iter().enumerate() {
            let w = match cell {
                Cell::Empty => 0,
                Cell::Text(t) => {
                    let t = text(t);
                    ws.write_string(rn, col(c), t.as_ref())?;
                    display_width(&t)
                }
                // f64 holds every 分 up to 2^53; beyond that the exact amount is
                // written as text (`1,234.50`) rather than rounded.
                Cell::Fen(v) if v.unsigned_abs() > 1 << 53 => {
                    let t = crate::money::yuan(*v);
                    ws.write_string(rn, col(c), &t)?;
                    t.len()
                }
                Cell::Fen(v) => {
                    ws.write_number_with_format(rn, col(c), *v as f64 / 100.0, &f.fen)?;
                    digits(v.unsigned_abs() / 100) * 4 / 3 + 4
                }
                Cell::Int(v) => {
                    ws.write_number(rn, col(c), *v as f64)?;
                    digits(v.unsigned_abs()) + 1
                }
                Cell::Date(d) => {
                    ws.write_datetime_with_format(rn, col(c), excel_date(*d)?, &f.date)?;
                    10
                }
                Cell::DateTime(d) => {
                    let x = excel_date(d.date())?.and_hms(d.hour() as u16, d.minute() as u8, d.second())?;
                    ws.write_datetime_with_format(rn, col(c), x, &f.datetime)?;
                    19
                }
            };
            // Widths from a sample: enough for a good guess, cheap on big sheets.
            if r < 2000 {
                bump(&mut widths, c, w);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), (*w).clamp(6, 60) as f64 + 1.0)?;
    }
    if ncols > 0 {
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, s.rows.len() as u32, col(ncols - 1))?;
    }
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn bump(widths: &mut [usize], c: usize, w: usize) {
    if let Some(x) = widths.get_mut(c) {
        *x = (*x).max(w);
    }
}

fn digits(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 10 {
        v /= 10;
        n += 1;
    }
    n
}

fn excel_date(d: NaiveDate) -> std::result::Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    let y = u16::try_from(d.year()).unwrap_or(0);
    ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8)
}

/// Neutralised and cut to Excel's cell limit (saying so in the cell).
fn text(t: &str) -> std::borrow::Cow<'_, str> {
    let n = neutralize(t);
    if n.chars().count() <= MAX_CELL_CHARS {
        return n;
    }
    let keep = MAX_CELL_CHARS - TRUNCATED.chars().count();
    let mut s: String = n.chars().take(keep).collect();
    s.push_str(TRUNCATED);
    std::borrow::Cow::Owned(s)
}

/// Column width units: CJK and other wide characters count double.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 }).sum()
}

/// A legal sheet name: no `[]:*?/\`, not blank, not starting or ending with
/// `'`, at most 31 characters (UTF-16 units, as Excel counts).
pub fn sheet_name(raw: &str) -> String {
    let cleaned: String =
        raw.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { '_' } else { c }).collect();
    let trimmed = cleaned.trim().trim_matches('\'');
    let name = take_utf16(trimmed, 31);
    let name = name.trim_end_matches('\'').trim_end();
    if name.trim().is_empty() || name.eq_ignore_ascii_case("History") {
        "Sheet".to_string()
    } else {
        name.to_string()
    }
}

/// The longest prefix of whole characters within `max` UTF-16 units (how Excel counts).
fn take_utf16(s: &str, max: usize) -> String {
    let mut n = 0;
    s.chars()
        .take_while(|c| {
            n += c.len_utf16();
            n <= max
        })
        .collect()
}

/// Excel compares sheet names case-insensitively; add ` (2)`, ` (3)` … as needed.
fn unique_name(name: &str, taken: &[&str]) -> String {
    let clash = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    if !clash(name) {
        return name.to_string();
    }
    for i in 2.. {
        let suffix = format!(" ({i})");
        let base = take_utf16(name, 31 - suffix.len());
        let n = format!("{base}{suffix}");
        if !clash(&n) {
            return n;
        }
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
    use std::io::Cursor;

    fn read(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(bytes)).expect("readable xlsx")
    }

    #[test]
    fn cells_round_trip_with_types_and_neutralised_text() {
        let d = NaiveDate::from_ymd_opt(2019, 3, 5).unwrap();
        let rows = vec![
            vec![Cell::from("陈某"), Cell::from("=1+1"), Cell::Fen(300_050), Cell::Int(7), Cell::Date(d)],
            vec![Cell::from("@x"), Cell::from("-12.50"), Cell::Fen(-1), Cell::Empty, Cell::DateTime(d.and_hms_opt(14, 8, 0).unwrap())],
        ];
        let bytes = Workbook::new().sheet("线索", &["姓名", "备注", "金额（元）", "次数", "日期"], rows).to_bytes().unwrap();
        let mut wb = read(bytes);
        let r = wb.worksheet_range("线索").unwrap();
        let cell = |row: u32, c: u32| r.get_value((row, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String("姓名".into()));
        assert_eq!(cell(1, 0), Data::String("陈某".into()));
        assert_eq!(cell(1, 1), Data::String("'=1+1".into()));
        assert_eq!(cell(2, 0), Data::String("'@x".into()));
        assert_eq!(cell(2, 1), Data::String("'-12.50".into()));
        assert_eq!(cell(1, 2).as_f64(), Some(3000.5));
        assert_eq!(cell(2, 2).as_f64(), Some(-0.01));
        assert_eq!(cell(1, 3).as_f64(), Some(7.0));
        match cell(1, 4) {
            Data::DateTime(x) => assert_eq!(x.as_f64(), 43529.0),
            other => panic!("date expected, got {other:?}"),
        }
        assert_eq!(cell(2, 3), Data::Empty);
    }

    /// Beyond 2^53 分 a float would round the amount: it is written exactly, as text.
    #[test]
    fn amounts_beyond_2_pow_53_stay_exact() {
        let rows = vec![vec![Cell::Fen(9_500_000_000_000_001)], vec![Cell::Fen(1 << 53)]];
        let mut wb = read(Workbook::new().sheet("s", &["金额（元）"], rows).to_bytes().unwrap());
        let r = wb.worksheet_range("s").unwrap();
        assert_eq!(r.get_value((1, 0)).cloned(), Some(Data::String("95,000,000,000,000.01".into())));
        assert_eq!(r.get_value((2, 0)).and_then(|d| d.as_f64()), Some((1u64 << 53) as f64 / 100.0));
    }

    #[test]
    fn sheet_names_are_legal_and_unique() {
        assert_eq!(sheet_name("a[b]:c*d?e/f\\g"), "a_b__c_d_e_f_g");
        assert_eq!(
            sheet_name("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"),
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"
        );
        assert_eq!(sheet_name("  "), "Sheet");
        let bytes = Workbook::new()
            .sheet("线索", &["a"], vec![])
            .sheet("线索", &["a"], vec![])
            .sheet("x/y", &["a"], vec![vec![Cell::Int(1)]])
            .to_bytes()
            .unwrap();
        let wb = read(bytes);
        assert_eq!(wb.sheet_names(), vec!["线索".to_string(), "线索 (2)".into(), "x_y".into()]);
    }

    #[test]
    fn empty_workbook_is_still_a_file() {
        let bytes = Workbook::new().to_bytes().unwrap();
        assert_eq!(read(bytes).sheet_names().len(), 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]
        /// Arbitrary text (control characters included) never makes the writer fail.
        #[test]
        fn any_text_writes(name in "\\PC{0,40}", cells in proptest::collection::vec("\\PC{0,20}|[\u{0}-\u{1f}]{1,3}", 0..5)) {
            let row: Vec<Cell> = cells.into_iter().map(Cell::Text).collect();
            let bytes = Workbook::new().sheet(&name, &["列"], vec![row]).to_bytes();
            proptest::prop_assert!(bytes.is_ok(), "{:?}", bytes.err());
            let wb = read(bytes.unwrap_or_default());
            proptest::prop_assert_eq!(wb.sheet_names().len(), 1);
        }
    }
}
