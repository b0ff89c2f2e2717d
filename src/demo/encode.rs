//! Writing the demo tables the way the real systems do: CSV in GB18030 or
//! UTF-8 (with BOM), UTF-16LE "Unicode text", HTML tables saved as `.xls`,
//! and XLSX (rust_xlsxwriter, with a fixed creation date so the bytes are
//! the same on every run).

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// One cell of a demo table. Text is written as text everywhere; numbers and
/// dates become typed cells in XLSX and plain text elsewhere.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
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

/// A CSV/TSV line: fields holding the delimiter, quotes or line breaks are quoted.
pub fn delimited_line(cells: &[String], delim: char) -> String {
    let mut out = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(delim);
        }
        if c.contains(delim) || c.contains('"') || c.contains('\n') || c.contains('\r') {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(c);
        }
    }
    out.push_str("\r\n");
    out
}

pub fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    bytes.into_owned()
}

pub fn utf8_bom(text: &str) -> Vec<u8> {
    let mut v = vec![0xEF, 0xBB, 0xBF];
    v.extend_from_slice(text.as_bytes());
    v
}

/// Excel's "Unicode text": UTF-16LE with a BOM.
pub fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An HTML table saved with an `.xls` name, as many court and bank systems do.
pub fn html_xls(title: &str, headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut s = String::from("<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\r\n<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head>\r\n<body>\r\n<table border=\"1\">\r\n");
    s.push_str(&format!("<tr><td colspan=\"{}\" align=\"center\"><b>{}</b></td></tr>\r\n", headers.len(), escape_html(title)));
    s.push_str("<tr>");
    for h in headers {
        s.push_str(&format!("<th>{}</th>", escape_html(h)));
    }
    s.push_str("</tr>\r\n");
    for r in rows {
        s.push_str("<tr>");
        for c in r {
            // Long digit strings get Excel's text style, as the exporting systems do.
            let style = if c.len() > 11 && c.chars().all(|ch| ch.is_ascii_digit()) { " style=\"mso-number-format:'\\@'\"" } else { "" };
            s.push_str(&format!("<td{style}>{}</td>", escape_html(c)));
        }
        s.push_str("</tr>\r\n");
    }
    s.push_str("</table>\r\n</body>\r\n</html>\r\n");
    s.into_bytes()
}

/// One worksheet: an optional merged title row above the header row.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub title: Option<&'a str>,
    pub headers: &'a [&'a str],
    pub rows: &'a [Vec<Cell>],
}

pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 6, 20)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created).set_author("xiansuo demo"));
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let bold = Format::new().set_bold();
    for sh in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sh.name)?;
        let mut r: u32 = 0;
        if let Some(t) = sh.title {
            let last = sh.headers.len().saturating_sub(1) as u16;
            ws.merge_range(0, 0, 0, last, t, &bold)?;
            r = 1;
        }
        for (c, h) in sh.headers.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, *h, &bold)?;
            ws.set_column_width(c as u16, 14)?;
        }
        for row in sh.rows {
            r += 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) if s.is_empty() => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c, *n)?;
                    }
                    Cell::Date(d) => {
                        let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                        ws.write_datetime_with_format(r, c, &dt, &date_fmt)?;
                    }
                }
            }
        }
    }
    wb.save_to_buffer()
}

/// Amount in 分 as `1,234,567.50`.
pub fn yuan(fen: i64) -> String {
    crate::money::yuan(fen)
}

/// Amount in 分 as plain `1234567.50` (bank exports rarely group digits).
pub fn yuan_plain(fen: i64) -> String {
    crate::money::plain(fen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_amounts() {
        assert_eq!(delimited_line(&["a,b".into(), "c\"d".into(), "e".into()], ','), "\"a,b\",\"c\"\"d\",e\r\n");
        assert_eq!(yuan(123456750), "1,234,567.50");
        assert_eq!(yuan(-500), "-5.00");
        assert_eq!(yuan_plain(100000), "1000.00");
    }

    #[test]
    fn gb18030_bytes_are_gbk_for_common_hanzi() {
        // "张三" in GBK.
        assert_eq!(gb18030("张三"), b"\xd5\xc5\xc8\xfd");
        assert_eq!(&utf16le_bom("A")[..], &[0xFF, 0xFE, 0x41, 0x00]);
    }

    #[test]
    fn xlsx_is_deterministic() {
        let rows = vec![vec![Cell::Text("x".into()), Cell::Number(1.5), Cell::Date(NaiveDate::from_ymd_opt(2020, 1, 2).unwrap())]];
        let s = [Sheet { name: "表1", title: Some("标题"), headers: &["a", "b", "c"], rows: &rows }];
        let a = xlsx(&s).unwrap();
        let b = xlsx(&s).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..2], b"PK");
    }
}
