//! HTML tables saved as `.xls` (court and bank systems do this), and XML
//! Spreadsheet 2003 (`<Workbook><Worksheet><Table><Row><Cell><Data>`).
//!
//! Hand-written tolerant scanner: the HTML crates that parse per spec
//! (html5ever) are large for the wasm build, and these exports are flat
//! tables. Every `<table>` (or `<Worksheet>`) becomes a table; `<tr>/<Row>`
//! rows, `<td>/<th>/<Cell>` cells; entities decoded; `<br>` becomes a newline.
//! Merged cells (`colspan`/`rowspan`/`ss:MergeAcross`) leave the spanned
//! positions BLANK, so values are never duplicated into other rows or
//! columns; `ss:Index` positions sparse cells.

use super::encoding::{self, Encoding};
use super::header::TableBuilder;
use super::table::Source;
use super::{IngestOptions, Loaded};
use crate::error::Result;
use std::borrow::Cow;

/// Read every table of an HTML or XML Spreadsheet file.
pub fn read(file: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Loaded> {
    let (text, enc, bad) = decode(bytes);
    let xml = text.get(..text.len().min(4096)).is_some_and(|h| h.contains("urn:schemas-microsoft-com:office:spreadsheet"));
    let raw_tables = scan(&text, xml);
    let multi = raw_tables.len() > 1;
    let mut loaded = Loaded::default();
    for (n, t) in raw_tables.iter().enumerate() {
        if t.rows.iter().all(|r| r.cells.iter().all(|c| c.trim().is_empty())) {
            continue;
        }
        let sheet = match (&t.name, multi) {
            (Some(name), _) => Some(name.clone()),
            (None, true) => Some(format!("表格{}", n + 1)),
            (None, false) => None,
        };
        let source = Source {
            file: file.to_string(),
            sheet,
            format: if xml { "xml".into() } else { "html".into() },
            encoding: Some(enc.name().to_string()),
            size: bytes.len() as u64,
            undecodable: bad,
            delimiter: None,
        };
        let mut b = TableBuilder::new(source, opts);
        for (i, r) in t.rows.iter().enumerate() {
            let line = r.index.unwrap_or(i as u32 + 1);
            b.push(line, r.cells.iter().map(String::as_str));
        }
        let (table, errors) = b.finish();
        loaded.tables.extend(table);
        loaded.errors.extend(errors);
    }
    if loaded.tables.is_empty() && loaded.errors.is_empty() {
        loaded.errors.push(crate::Error::new(crate::ErrorKind::Empty { pos: crate::Position::file(file) }));
    }
    Ok(loaded)
}

/// BOM, then valid UTF-8, then a declared charset, else GB18030.
fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding, u64) {
    let (sniffed, bom) = encoding::sniff(bytes);
    let body = bytes.get(bom..).unwrap_or(&[]);
    let enc = if bom > 0 || sniffed.is_utf8() || sniffed.is_utf16() {
        sniffed
    } else {
        declared_charset(body).unwrap_or(Encoding::GB18030)
    };
    let (text, bad) = enc.decode(body);
    (text, enc, bad)
}

fn declared_charset(body: &[u8]) -> Option<Encoding> {
    let head = String::from_utf8_lossy(body.get(..body.len().min(4096)).unwrap_or(body)).to_ascii_lowercase();
    let at = head.find("charset=").or_else(|| head.find("encoding=\""))?;
    let rest = head.get(at..)?.split_once(['=']).map(|x| x.1)?;
    let label: String =
        rest.trim_start_matches(['"', '\'']).chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    Encoding::new(&label)
}

#[derive(Default)]
struct Row {
    /// Row number from `ss:Index` (XML Spreadsheet), else position.
    index: Option<u32>,
    cells: Vec<String>,
}

#[derive(Default)]
struct RawTable {
    name: Option<String>,
    rows: Vec<Row>,
    /// Column → rows still covered by a rowspan from above.
    row_spans: Vec<u32>,
}

/// One table being read, with the cell being filled.
#[derive(Default)]
struct Open {
    t: RawTable,
    cell: Option<String>,
    colspan: usize,
    in_row: bool,
}

fn scan(text: &str, xml: bool) -> Vec<RawTable> {
    let mut done: Vec<RawTable> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut pending_name: Option<String> = None;
    let mut rest = text;
    let mut skip_until: Option<&'static str> = None;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut stack, rest);
            break;
        };
        let (before, after) = rest.split_at(lt);
        if skip_until.is_none() {
            push_text(&mut stack, before);
        }
        // Comments and CDATA.
        if after.starts_with("<!--") {
            rest = after.find("-->").and_then(|i| after.get(i + 3..)).unwrap_or("");
            continue;
        }
        let Some(gt) = tag_end(after) else { break };
        let tag = after.get(1..gt).unwrap_or("");
        rest = after.get(gt + 1..).unwrap_or("");
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/');
        let name: String = body
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
            .collect::<String>()
            .to_ascii_lowercase();
        let name = name.rsplit(':').next().unwrap_or("").to_string();
        if let Some(until) = skip_until {
            if closing && name == until {
                skip_until = None;
            }
            continue;
        }
        match (name.as_str(), closing) {
            ("script", false) | ("style", false) if !body.ends_with('/') => skip_until = Some(if name == "script" { "script" } else { "style" }),
            ("worksheet", false) if xml => pending_name = attr(body, "name"),
            ("table", false) => {
                close_cell(&mut stack);
                stack.push(Open { t: RawTable { name: pending_name.take(), ..RawTable::default() }, ..Open::default() });
            }
            ("table", true) => {
                close_row(&mut stack);
                if let Some(o) = stack.pop() {
                    done.push(o.t);
                }
            }
            ("tr", false) | ("row", false) => {
                close_row(&mut stack);
                if let Some(o) = stack.last_mut() {
                    let index = if xml { attr(body, "index").and_then(|v| v.parse().ok()) } else { None };
                    o.t.rows.push(Row { index, cells: Vec::new() });
                    o.in_row = true;
                    fill_row_spans(o);
                }
            }
            ("tr", true) | ("row", true) => close_row(&mut stack),
            ("td", false) | ("th", false) | ("cell", false) => {
                close_cell(&mut stack);
                if let Some(o) = stack.last_mut() {
                    if !o.in_row {
                        o.t.rows.push(Row::default());
                        o.in_row = true;
                        fill_row_spans(o);
                    }
                    if xml {
                        if let Some(ix) = attr(body, "index").and_then(|v| v.parse::<usize>().ok()) {
                            if let Some(r) = o.t.rows.last_mut() {
                                while r.cells.len() + 1 < ix.min(16384) {
                                    r.cells.push(String::new());
                                }
                            }
                        }
                    }
                    let span = if xml {
                        attr(body, "mergeacross").and_then(|v| v.parse::<usize>().ok()).map(|n| n + 1)
                    } else {
                        attr(body, "colspan").and_then(|v| v.trim().parse::<usize>().ok())
                    };
                    o.colspan = span.unwrap_or(1).clamp(1, 1000);
                    let rowspan = if xml {
                        attr(body, "mergedown").and_then(|v| v.parse::<u32>().ok()).map(|n| n + 1)
                    } else {
                        attr(body, "rowspan").and_then(|v| v.trim().parse::<u32>().ok())
                    };
                    if let Some(rs) = rowspan.filter(|&n| n > 1) {
                        let col = o.t.rows.last().map(|r| r.cells.len()).unwrap_or(0);
                        for c in col..col + o.colspan {
                            if o.t.row_spans.len() <= c {
                                o.t.row_spans.resize(c + 1, 0);
                            }
                            if let Some(slot) = o.t.row_spans.get_mut(c) {
                                *slot = rs.min(100_000) - 1;
                            }
                        }
                    }
                    o.cell = Some(String::new());
                }
            }
            ("td", true) | ("th", true) | ("cell", true) => close_cell(&mut stack),
            ("br", _) => push_text(&mut stack, "\n"),
            ("p", true) | ("div", true) => push_text(&mut stack, "\n"),
            _ => {}
        }
    }
    while !stack.is_empty() {
        close_row(&mut stack);
        if let Some(o) = stack.pop() {
            done.push(o.t);
        }
    }
    done
}

/// End of a tag, skipping `>` inside quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"') | (None, b'\'') => quote = Some(b),
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Attribute value by (local, case-insensitive) name.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower.get(from..)?.find(name) {
        let at = from + i;
        from = at + name.len();
        let prev = lower.get(..at)?.chars().last();
        if !matches!(prev, Some(' ' | '\t' | '\n' | '\r' | ':')) {
            continue;
        }
        let rest = tag.get(from..)?.trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest.get(1..)?.split(q).next()?.to_string(),
            _ => rest.split(|c: char| c.is_whitespace() || c == '>' || c == '/').next()?.to_string(),
        };
        return Some(decode_entities(&value));
    }
    None
}

fn push_text(stack: &mut [Open], text: &str) {
    if let Some(o) = stack.last_mut() {
        if let Some(cell) = o.cell.as_mut() {
            cell.push_str(text);
        }
    }
}

fn fill_row_spans(o: &mut Open) {
    // Leading positions covered by rowspans from above stay blank.
    let Some(r) = o.t.rows.last_mut() else { return };
    while let Some(n) = o.t.row_spans.get_mut(r.cells.len()) {
        if *n == 0 {
            break;
        }
        *n -= 1;
        r.cells.push(String::new());
    }
}

fn close_cell(stack: &mut [Open]) {
    let Some(o) = stack.last_mut() else { return };
    let Some(raw) = o.cell.take() else { return };
    let text = clean_text(&decode_entities(&raw));
    let Some(r) = o.t.rows.last_mut() else { return };
    r.cells.push(text);
    for _ in 1..o.colspan {
        r.cells.push(String::new());
    }
    o.colspan = 1;
    // Positions to the right covered by rowspans from above.
    while let Some(n) = o.t.row_spans.get_mut(r.cells.len()) {
        if *n == 0 {
            break;
        }
        *n -= 1;
        r.cells.push(String::new());
    }
}

fn close_row(stack: &mut [Open]) {
    close_cell(stack);
    if let Some(o) = stack.last_mut() {
        o.in_row = false;
    }
}

/// Collapse HTML whitespace, keep `<br>` line breaks.
fn clean_text(s: &str) -> String {
    let lines: Vec<String> = s
        .split('\n')
        .map(|l| l.split(|c: char| c.is_whitespace() && c != '\u{3000}' && c != '\u{a0}').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "))
        .collect();
    let joined = lines.join("\n");
    joined.trim_matches(|c: char| c == '\n' || c == ' ').replace('\u{a0}', " ").trim().to_string()
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i..).unwrap_or("");
        let end = after.char_indices().take(12).find(|&(_, c)| c == ';').map(|(j, _)| j);
        let decoded = end.and_then(|j| entity(after.get(1..j)?).map(|c| (c, j)));
        match decoded {
            Some((c, j)) => {
                out.push(c);
                rest = after.get(j + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(n);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "yen" => '¥',
        "times" => '×',
        "middot" => '·',
        "mdash" => '—',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_entities_spans() {
        let html = "<html><body><table><tr><th>案号</th><th>被执行人</th><th colspan=2>金额</th></tr>\
            <tr><td>（2019）浙0203执1号</td><td>张&amp;三<br>李四</td><td>1</td><td>2</td></tr>\
            <tr><td rowspan=2>x</td><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td><td>e</td><td>f</td></tr></table></body></html>";
        let t = scan(html, false);
        assert_eq!(t.len(), 1);
        let rows: Vec<&Vec<String>> = t[0].rows.iter().map(|r| &r.cells).collect();
        assert_eq!(rows[0], &vec!["案号", "被执行人", "金额", ""]);
        assert_eq!(rows[1][1], "张&三\n李四");
        assert_eq!(rows[3], &vec!["", "d", "e", "f"]);
        assert_eq!(decode_entities("&#24352;&#x4E09;&foo;"), "张三&foo;");
    }

    #[test]
    fn xml_spreadsheet() {
        let x = r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
            <Worksheet ss:Name="名单"><Table><Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell ss:Index="3"><Data>证件号</Data></Cell></Row></Table></Worksheet></Workbook>"#;
        let t = scan(x, true);
        assert_eq!(t[0].name.as_deref(), Some("名单"));
        assert_eq!(t[0].rows[0].cells, vec!["姓名", "", "证件号"]);
    }
}
