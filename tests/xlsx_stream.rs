//! The streaming XLSX reader (`ingest::xlsx`) must give exactly the tables
//! of the whole-grid path (`excel::read_xlsx_grid_all`): same cells, headers,
//! row numbers, skipped rows and notes, on every layout below and on the
//! demo workbooks. Layouts that streaming handles itself are also checked to
//! have been streamed (not silently read through the fallback), and the
//! hand-written ones with a wrong dimension or rows out of order to have
//! fallen back.

use calamine::Reader;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::io::{Cursor, Write};
use xiansuo::ingest::{self, excel, xlsx, IngestOptions, Loaded};

/// Everything a reader produces, as text, so two runs compare in one `assert_eq!`.
fn render(l: &Loaded) -> String {
    let mut out = String::new();
    for t in &l.tables {
        out += &format!("table {:?}\n header_row {} headers {:?} raw {:?}\n skipped {:?}\n", t.source, t.header_row, t.headers, t.raw_headers, t.skipped);
        for i in 0..t.len() {
            out += &format!(" {} {:?}\n", t.line(i), t.row(i).collect::<Vec<_>>());
        }
    }
    for e in &l.errors {
        out += &format!("error {} {}\n", e.code(), e);
    }
    out
}

/// Per worksheet: did streaming read it itself?
fn streamed(bytes: &[u8]) -> Vec<(String, bool)> {
    let mut wb = calamine::Xlsx::new(Cursor::new(bytes)).unwrap();
    let sheets: Vec<String> = wb.sheet_names();
    sheets
        .into_iter()
        .map(|s| {
            let source = excel::sheet_source("t.xlsx", bytes.len() as u64, "xlsx", &s);
            let ok = xlsx::stream_sheet(&mut wb, &source, &IngestOptions::default()).is_some();
            (s, ok)
        })
        .collect()
}

/// Streaming (through `ingest::read`) equals the grid, and gives at least one table row.
fn same_as_grid(name: &str, bytes: &[u8]) -> String {
    let stream = ingest::read(name, bytes, &IngestOptions::default()).unwrap();
    let grid = excel::read_xlsx_grid_all(name, bytes, &IngestOptions::default()).unwrap();
    let (s, g) = (render(&stream), render(&grid));
    assert_eq!(s, g, "{name}: streaming and grid differ");
    assert!(stream.tables.iter().any(|t| !t.is_empty()), "{name}: no data read\n{s}");
    s
}

fn book(fill: impl FnOnce(&mut Workbook) -> Result<(), XlsxError>) -> Vec<u8> {
    let mut wb = Workbook::new();
    fill(&mut wb).unwrap();
    wb.save_to_buffer().unwrap()
}

fn row(ws: &mut Worksheet, r: u32, c0: u16, cells: &[&str]) -> Result<(), XlsxError> {
    for (i, c) in cells.iter().enumerate() {
        ws.write_string(r, c0 + i as u16, *c)?;
    }
    Ok(())
}

/// Workbooks written by rust_xlsxwriter (shared strings, numbers, dates),
/// each a layout the exports we meet have.
fn layouts() -> Vec<(&'static str, Vec<u8>)> {
    let header = ["案号", "被执行人", "证件号码", "未履行金额", "结案方式"];
    vec![
        (
            "plain.xlsx",
            book(|wb| {
                let ws = wb.add_worksheet();
                row(ws, 0, 0, &header)?;
                for i in 0..50u32 {
                    row(ws, i + 1, 0, &[&format!("（2020）浙0203执{i}号"), "张三", "11010519491231002X"])?;
                    ws.write_number(i + 1, 3, 1234.5 + i as f64)?;
                    ws.write_string(i + 1, 4, "终结本次执行程序")?;
                }
                Ok(())
            }),
        ),
        (
            "preamble.xlsx",
            book(|wb| {
                let ws = wb.add_worksheet();
                row(ws, 0, 0, &["执行案件清单（截至2025年6月30日）"])?;
                row(ws, 1, 0, &["导出单位：某某法院"])?;
                row(ws, 4, 0, &header)?;
                row(ws, 5, 0, &["（2020）浙0203执1号", "李四", "110105194912310021", "", "执行完毕"])?;
                row(ws, 6, 0, &["合计", "1"])?;
                row(ws, 7, 0, &["打印人：王五"])?;
                Ok(())
            }),
        ),
        (
            "merged-header.xlsx",
            book(|wb| {
                let bold = Format::new().set_bold();
                let ws = wb.add_worksheet();
                ws.merge_range(0, 0, 0, 4, "终本案件清单", &bold)?;
                ws.write_string(1, 0, "案号")?;
                ws.merge_range(1, 1, 1, 2, "被执行人", &bold)?;
                ws.write_string(1, 3, "未履行金额")?;
                row(ws, 2, 1, &["姓名", "证件号码"])?;
                row(ws, 3, 0, &["（2021）浙0203执7号", "赵六", "110105194912310021"])?;
                ws.write_number(3, 3, 5000.0)?;
                Ok(())
            }),
        ),
        (
            "blank-rows-offset.xlsx",
            book(|wb| {
                let ws = wb.add_worksheet();
                // Data from C4: the grid starts at the first used row and column.
                row(ws, 3, 2, &header)?;
                row(ws, 4, 2, &["（2020）浙0203执1号", "甲"])?;
                row(ws, 8, 2, &["（2020）浙0203执2号", "乙", "", "", "终结本次执行程序"])?;
                ws.write_string(9, 2, "")?;
                row(ws, 12, 2, &["（2020）浙0203执3号", "丙"])?;
                Ok(())
            }),
        ),
        (
            "several-sheets.xlsx",
            book(|wb| {
                let ws = wb.add_worksheet();
                ws.set_name("车辆")?;
                row(ws, 0, 0, &["号牌号码", "所有人", "身份证明号码", "机动车状态"])?;
                row(ws, 1, 0, &["浙B12345", "张三", "11010519491231002X", "A"])?;
                wb.add_worksheet().set_name("空表")?;
                let ws = wb.add_worksheet();
                ws.set_name("仅表头")?;
                row(ws, 0, 0, &header)?;
                let ws = wb.add_worksheet();
                ws.set_name("案件")?;
                row(ws, 0, 0, &header)?;
                row(ws, 1, 0, &["（2020）浙0203执9号", "丁"])?;
                Ok(())
            }),
        ),
        (
            "dates.xlsx",
            book(|wb| {
                let date = Format::new().set_num_format("yyyy-mm-dd");
                let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
                let time = Format::new().set_num_format("hh:mm:ss");
                let ws = wb.add_worksheet();
                row(ws, 0, 0, &["案号", "立案日期", "结案日期", "交易时间", "时刻", "金额"])?;
                for i in 0..20u32 {
                    ws.write_string(i + 1, 0, format!("（2020）浙0203执{i}号"))?;
                    ws.write_datetime_with_format(i + 1, 1, &ExcelDateTime::from_ymd(2020, 1, 1 + i as u8)?, &date)?;
                    // A date as a bare serial number, formatted as a date.
                    ws.write_number_with_format(i + 1, 2, 44000.0 + i as f64, &date)?;
                    ws.write_number_with_format(i + 1, 3, 44000.25 + i as f64, &stamp)?;
                    ws.write_number_with_format(i + 1, 4, 0.5, &time)?;
                    ws.write_number(i + 1, 5, 330203199001011234.0 + i as f64)?;
                }
                Ok(())
            }),
        ),
        (
            "ragged-footer.xlsx",
            book(|wb| {
                let ws = wb.add_worksheet();
                row(ws, 0, 0, &header)?;
                row(ws, 1, 0, &["（2020）浙0203执1号"])?;
                row(ws, 2, 0, &["（2020）浙0203执2号", "乙", "x", "1", "y", "多出的列"])?;
                ws.write_boolean(3, 0, true)?;
                row(ws, 4, 0, &header)?;
                row(ws, 5, 0, &["共 2 条"])?;
                Ok(())
            }),
        ),
        (
            "one-column.xlsx",
            book(|wb| {
                let ws = wb.add_worksheet();
                row(ws, 0, 0, &["姓名"])?;
                row(ws, 1, 0, &["张三"])
            }),
        ),
        ("cases-bench.xlsx", xiansuo::bench::xlsx::cases_workbook(300).unwrap()),
    ]
}

#[test]
fn streaming_equals_the_grid_on_written_layouts() {
    for (name, bytes) in layouts() {
        same_as_grid(name, &bytes);
        for (sheet, ok) in streamed(&bytes) {
            assert!(ok, "{name}/{sheet}: fell back to the grid");
        }
    }
}

#[test]
fn streaming_equals_the_grid_on_the_demo_workbooks() {
    let mut seen = 0;
    for f in xiansuo::demo::files().iter().filter(|f| f.name.ends_with(".xlsx")) {
        same_as_grid(&f.name, &f.bytes);
        assert!(streamed(&f.bytes).iter().all(|(_, ok)| *ok), "{}: fell back", f.name);
        seen += 1;
    }
    assert!(seen >= 3, "demo workbooks found: {seen}");
}

/// A workbook written by hand: `sheet` is the worksheet XML (inside
/// `<worksheet>`), `shared` the shared strings (none when empty).
fn handmade(sheet: &str, shared: &[&str]) -> Vec<u8> {
    let ns = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut files = vec![
        (
            "[Content_Types].xml".to_string(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_string(),
        ),
        ("_rels/.rels".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)),
        ("xl/workbook.xml".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook {ns}><sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
        ),
        ("xl/worksheets/sheet1.xml".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}>{sheet}</worksheet>"#)),
    ];
    let si: String = shared.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
    files.push(("xl/sharedStrings.xml".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{n}" uniqueCount="{n}">{si}</sst>"#, n = shared.len())));
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in files {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn inline(r: &str, s: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{s}</t></is></c>"#)
}

#[test]
fn inline_and_shared_strings_stream() {
    let data = format!(
        r#"<dimension ref="A1:C3"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2">{}{}<c r="C2"><v>1234.5</v></c></row><row r="3">{}<c r="B3" t="s"><v>3</v></c></row></sheetData>"#,
        inline("A2", "（2020）浙0203执1号"),
        inline("B2", "张三"),
        inline("A3", "（2020）浙0203执2号"),
    );
    let bytes = handmade(&data, &["案号", "被执行人", "未履行金额", "李四"]);
    let text = same_as_grid("inline.xlsx", &bytes);
    assert!(text.contains("张三") && text.contains("李四") && text.contains("1234.5"), "{text}");
    assert_eq!(streamed(&bytes), vec![("清单".to_string(), true)]);
}

#[test]
fn rows_without_positions_stream() {
    // Some writers omit `r` on rows and cells: positions follow the order.
    let data = r#"<dimension ref="A1:B3"/><sheetData><row><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>证件号码</t></is></c></row><row><c t="inlineStr"><is><t>张三</t></is></c><c t="inlineStr"><is><t>11010519491231002X</t></is></c></row><row><c t="inlineStr"><is><t>李四</t></is></c></row></sheetData>"#;
    let bytes = handmade(data, &[]);
    let text = same_as_grid("no-r.xlsx", &bytes);
    assert!(text.contains("李四"), "{text}");
    assert_eq!(streamed(&bytes), vec![("清单".to_string(), true)]);
}

fn two_columns(rows: &[(u32, &str, &str)], cols: (char, char)) -> String {
    let cell = |c: char, r: u32, s: &str| inline(&format!("{c}{r}"), s);
    rows.iter().map(|(r, a, b)| format!(r#"<row r="{r}">{}{}</row>"#, cell(cols.0, *r, a), cell(cols.1, *r, b))).collect()
}

const PEOPLE: &[(u32, &str, &str)] = &[(1, "姓名", "证件号码"), (2, "张三", "11010519491231002X"), (3, "李四", "110105194912310021")];

#[test]
fn a_wider_dimension_still_streams() {
    // Blank styled cells (a merged title) widen the dimension to the right.
    let body = two_columns(PEOPLE, ('A', 'B'));
    let bytes = handmade(&format!(r#"<dimension ref="A1:Z100"/><sheetData>{body}</sheetData>"#), &[]);
    let text = same_as_grid("wide.xlsx", &bytes);
    assert!(text.contains("李四"), "{text}");
    assert_eq!(streamed(&bytes), vec![("清单".to_string(), true)]);
}

#[test]
fn a_wrong_dimension_or_rows_out_of_order_fall_back_to_the_grid() {
    let body = two_columns(PEOPLE, ('A', 'B'));
    let missing = handmade(&format!("<sheetData>{body}</sheetData>"), &[]);
    // Data in B:C under a dimension from A: the grid's rows start at B.
    let shifted = two_columns(PEOPLE, ('B', 'C'));
    let shifted = handmade(&format!(r#"<dimension ref="A1:C3"/><sheetData>{shifted}</sheetData>"#), &[]);
    let shuffled = two_columns(&[PEOPLE[0], PEOPLE[2], PEOPLE[1]], ('A', 'B'));
    let shuffled = handmade(&format!(r#"<dimension ref="A1:B3"/><sheetData>{shuffled}</sheetData>"#), &[]);
    // One used column under a wider dimension: the header test looks at row width.
    let single: String = PEOPLE.iter().map(|(r, a, _)| format!(r#"<row r="{r}">{}</row>"#, inline(&format!("A{r}"), a))).collect();
    let single = handmade(&format!(r#"<dimension ref="A1:C3"/><sheetData>{single}</sheetData>"#), &[]);
    for (name, bytes) in [("missing.xlsx", missing), ("shifted.xlsx", shifted), ("shuffled.xlsx", shuffled), ("single.xlsx", single)] {
        let text = same_as_grid(name, &bytes);
        assert!(text.contains("张三") && text.contains("李四"), "{name}: {text}");
        assert_eq!(streamed(&bytes), vec![("清单".to_string(), false)], "{name}");
    }
}
