//! Delimited text (CSV, TSV, `.txt`): `csv::ByteRecord`s over the raw bytes,
//! each field decoded on its own, so a UTF-8 file is never copied whole and a
//! GB18030 file is decoded field by field. Ragged rows are kept; the row
//! number of a record is the row Excel shows it on: one row per record (a
//! quoted cell with line breaks stays one row), blank lines counted as rows.

use super::encoding::{self, Encoding};
use super::header::TableBuilder;
use super::table::Source;
use super::{IngestOptions, Loaded};
use crate::error::Result;

const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// Pick the delimiter giving the most consistent field count (> 1) over the
/// first ~50 non-empty lines. Quote-aware, so commas inside quoted fields
/// do not count. Falls back to `,` (a one-column file).
pub fn sniff_delimiter(text: &[u8]) -> u8 {
    let lines: Vec<&[u8]> = text
        .get(..text.len().min(256 * 1024))
        .unwrap_or(text)
        .split(|&b| b == b'\n')
        .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .take(50)
        .collect();
    let mut best = (b',', 0usize, 0usize);
    for d in DELIMITERS {
        let counts: Vec<usize> = lines.iter().map(|l| fields_in_line(l, d)).collect();
        // Most frequent count above one, and how many lines have it.
        let mut freq: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for &c in counts.iter().filter(|&&c| c > 1) {
            *freq.entry(c).or_default() += 1;
        }
        if let Some((&count, &lines_with)) = freq.iter().max_by_key(|(c, n)| (**n, **c)) {
            if (lines_with, count) > (best.1, best.2) {
                best = (d, lines_with, count);
            }
        }
    }
    best.0
}

fn fields_in_line(line: &[u8], d: u8) -> usize {
    let mut quoted = false;
    let mut n = 1;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

/// Read a delimited text file into one table.
pub fn read(file: &str, bytes: &[u8], opts: &IngestOptions, ext: &str) -> Result<Loaded> {
    let (enc, bom) = encoding::sniff(bytes);
    let body = bytes.get(bom..).unwrap_or(&[]);
    let delimiter = sniff_delimiter(body);
    let format = match ext {
        "tsv" | "txt" => ext.to_string(),
        _ if delimiter == b'\t' => "tsv".to_string(),
        _ => "csv".to_string(),
    };
    let source = Source {
        file: file.to_string(),
        sheet: None,
        format,
        encoding: Some(enc.name().to_string()),
        size: bytes.len() as u64,
        undecodable: 0,
        delimiter: Some(delimiter as char),
    };
    // UTF-16 cannot be split before decoding; nor can GB18030 on `|`, which
    // may be a GB18030 trail byte.
    let needs_whole = enc.is_utf16() || (!enc.is_utf8() && delimiter == b'|');
    if needs_whole {
        let (text, bad) = enc.decode(body);
        let delimiter = if enc.is_utf16() { sniff_delimiter(text.as_bytes()) } else { delimiter };
        let mut source = source;
        source.undecodable = bad;
        source.delimiter = Some(delimiter as char);
        return read_records(text.as_bytes(), delimiter, source, opts, Encoding::UTF_8);
    }
    read_records(body, delimiter, source, opts, enc)
}

fn read_records(body: &[u8], delimiter: u8, source: Source, opts: &IngestOptions, enc: Encoding) -> Result<Loaded> {
    let mut undecodable = source.undecodable;
    let mut builder = TableBuilder::new(source, opts);
    // GB18030 grows by about half when decoded to UTF-8.
    builder.size_hint(if enc.is_utf8() { body.len() } else { body.len() + body.len() / 2 });
    let mut rdr = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(body);
    let mut rec = ::csv::ByteRecord::new();
    let mut scratch = String::new();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let (mut counted, mut lines) = (0usize, 1u64);
    // Line breaks inside quoted cells so far: Excel keeps such a record on
    // one row, so they do not advance the row number.
    let mut inside = 0u64;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            // Reading from a byte slice: only UTF-8/IO errors exist, and we
            // read bytes. Stop rather than loop.
            Err(_) => break,
        }
        // Count the text lines up to the record's first byte (csv's own line
        // count lags by one after CRLF endings: the `\n` is consumed with
        // the next record), then take away the breaks inside earlier cells.
        let mut start = rec.position().map(|p| p.byte() as usize).unwrap_or(counted).max(counted);
        while matches!(body.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        lines += body.get(counted..start).map(|s| s.iter().filter(|&&b| b == b'\n').count() as u64).unwrap_or(0);
        counted = start.max(counted);
        let line = lines.saturating_sub(inside).min(u32::MAX as u64) as u32;
        let breaks = rec.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
        inside += breaks;
        // Only a record with a line break in a cell can hide broken quoting.
        if breaks > 0 && rec.iter().any(|f| f.contains(&b'\n') && f.contains(&delimiter)) {
            builder.suspicious.push(line);
        }
        // UTF-8: validate the record's bytes once and slice the fields out
        // of it (they end on ASCII delimiters, so on char boundaries).
        let whole = if enc.is_utf8() { std::str::from_utf8(rec.as_slice()).ok() } else { None };
        if let Some(all) = whole {
            let rec = &rec;
            builder.push(line, (0..rec.len()).map(move |i| rec.range(i).and_then(|r| all.get(r)).unwrap_or("")));
        } else {
            scratch.clear();
            ranges.clear();
            for f in rec.iter() {
                let a = scratch.len();
                undecodable += enc.decode_into(f, &mut scratch);
                ranges.push((a, scratch.len()));
            }
            let s = scratch.as_str();
            builder.push(line, ranges.iter().map(|&(a, b)| s.get(a..b).unwrap_or("")));
        }
    }
    let (table, errors) = builder.finish();
    let tables = table
        .map(|mut t| {
            t.source.undecodable = undecodable;
            vec![t]
        })
        .unwrap_or_default();
    Ok(Loaded { tables, errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter(b"title\na\tb\tc\n1\t2,5\t3\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a;b\n1;\"2;3\"\n"), b';');
        assert_eq!(sniff_delimiter(b"a|b|c\n1|2|3\n4|5|6"), b'|');
        assert_eq!(sniff_delimiter(b"\"x,y\"|b\n1|2\n"), b'|');
    }

    /// Excel rows: a quoted cell with line breaks is one row, blank lines are
    /// rows; skipped rows (title, footer) follow the same numbering.
    #[test]
    fn rows_are_excel_rows() {
        let text = "清单\r\n\r\n案号,被执行人,住所\r\n1,甲,\"多\r\n行\r\n地址\"\r\n\r\n2,\"乙\n\",北京\r\n3,丙,上海\r\n合计,3,\r\n";
        let loaded = read("a.csv", text.as_bytes(), &IngestOptions::default(), "csv").unwrap();
        let t = loaded.tables.first().unwrap();
        assert_eq!(t.header_row, 3);
        assert_eq!((0..t.len()).map(|i| t.line(i)).collect::<Vec<_>>(), vec![4, 6, 7]);
        let skipped: Vec<u32> = t.skipped.iter().map(|s| s.row).collect();
        // csv skips blank lines without a record; they still count as rows.
        assert_eq!(skipped, vec![1, 8]);
    }
}
