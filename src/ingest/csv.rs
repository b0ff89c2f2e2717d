//! Delimited text (CSV, TSV, `.txt`): records (`records::Records`) streamed
//! from a `ByteSource`, so a file is never whole in memory; text in another
//! encoding than UTF-8 is decoded piece by piece as it streams in
//! (`DecodeReader`). Ragged rows are kept; the row
//! number of a record is the row Excel shows it on: one row per record (a
//! quoted cell with line breaks stays one row), blank lines counted as rows.

use super::decode::DecodeReader;
use super::encoding::{self, Encoding};
use super::header::TableBuilder;
use super::records::{Records, Split};
use super::source::{self, ByteSource, SourceReader};
use super::table::{Source, Table};
use super::{IngestOptions, Loaded};
use crate::error::{Error, Position, Result};
use std::io::Read;

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
    let mut src = bytes;
    read_source(file, &mut src, opts, ext, None)
}

/// Tables handed out while a file is read (`xiansuo normalize` reads files
/// larger than memory): one every `bytes` of cell text, in file order
/// (`TableBuilder::take`); what is left comes back in `Loaded` as usual.
/// Row numbers, skipped rows, footers and the notes of `finish` are those
/// of a whole-file read.
pub struct Chunks<'a> {
    pub bytes: usize,
    pub emit: &'a mut dyn FnMut(Table) -> Result<()>,
}

/// Read a delimited text file from a source, streaming: the file's bytes
/// are never all in memory at once, only the table being built (or, with
/// `chunks`, one chunk of it). The start is read twice (once to sniff
/// encoding and delimiter, once as data).
pub fn read_source<S: ByteSource + ?Sized>(
    file: &str,
    src: &mut S,
    opts: &IngestOptions,
    ext: &str,
    chunks: Option<Chunks<'_>>,
) -> Result<Loaded> {
    read_source_by(file, src, opts, ext, chunks, By::Records(Split::Fast))
}

/// Which reader cuts the text into records.
#[derive(Clone, Copy, Debug)]
pub(crate) enum By {
    Records(Split),
    /// The reader before `records` (tests compare against it).
    #[cfg(test)]
    Reference,
}

pub(crate) fn read_source_by<S: ByteSource + ?Sized>(
    file: &str,
    src: &mut S,
    opts: &IngestOptions,
    ext: &str,
    chunks: Option<Chunks<'_>>,
    by: By,
) -> Result<Loaded> {
    let io = |e: std::io::Error| Error::malformed(Position::file(file), format!("读取文件失败：{e}"));
    let size = src.size();
    let head = source::head(src, encoding::SNIFF_HEAD).map_err(io)?;
    let (enc, bom) = encoding::sniff_head(&head, size, || encoding::is_utf8_stream(SourceReader::new(src, 0)).unwrap_or(false));
    let delimiter = sniff_delimiter(head.get(bom..).unwrap_or(&[]));
    let body_len = size.saturating_sub(bom as u64) as usize;
    // Decoded text of the whole file, estimated from its start: GB18030
    // grows by up to half, UTF-16 shrinks or grows. A good estimate lets
    // the table allocate once, without doubling (issue 9: memory ≤ 2×).
    let hint = if enc.is_utf8() { body_len } else { decoded_size(enc, head.get(bom..).unwrap_or(&[]), body_len) };
    drop(head);
    let format = match ext {
        "tsv" | "txt" => ext.to_string(),
        _ if delimiter == b'\t' => "tsv".to_string(),
        _ => "csv".to_string(),
    };
    let mut source = Source {
        file: file.to_string(),
        sheet: None,
        format,
        encoding: Some(enc.name().to_string()),
        size,
        undecodable: 0,
        delimiter: Some(delimiter as char),
    };
    if enc.is_utf8() {
        return read_records(SourceReader::new(src, bom as u64), delimiter, source, opts, (hint, hint), chunks, by);
    }
    // Anything else is decoded to UTF-8 as it streams in (in 1 MiB pieces,
    // never whole), then read as UTF-8: one decoder call per piece instead of
    // one per field. UTF-16 cannot be split before decoding, nor GB18030 on
    // `|` (a GB18030 trail byte); on `,` `;` tab it gives the same cells as
    // splitting first, since a broken sequence never swallows an ASCII byte.
    let delimiter = if enc.is_utf16() {
        let mut start = Vec::new();
        DecodeReader::new(SourceReader::new(src, bom as u64), enc.encoding_rs()).take(256 * 1024).read_to_end(&mut start).map_err(io)?;
        sniff_delimiter(&start)
    } else {
        delimiter
    };
    source.delimiter = Some(delimiter as char);
    let mut decoded = DecodeReader::new(SourceReader::new(src, bom as u64), enc.encoding_rs());
    // Decoded text comes from memory in 1 MiB pieces: a larger buffer
    // would only cost memory (`decode::CHUNK`).
    let mut loaded = read_records(&mut decoded, delimiter, source, opts, (hint, 1 << 20), chunks, by)?;
    for t in &mut loaded.tables {
        t.source.undecodable += decoded.undecodable;
    }
    Ok(loaded)
}

/// Bytes of UTF-8 that `body_len` bytes in `enc` decode to, from how `head`
/// (the file's start) grows, with a little room for a later part that
/// grows more (the table's text then grows by doubling: correct, only dearer).
fn decoded_size(enc: Encoding, head: &[u8], body_len: usize) -> usize {
    if head.is_empty() {
        return body_len;
    }
    let decoded = enc.decode(head).0.len() as f64;
    let est = body_len as f64 * decoded / head.len() as f64;
    (est * (1.0 + 1.0 / 32.0)) as usize
}

/// `hint`: expected bytes of text (sizes the table); `piece`: about how
/// many to read at a time (sizes the reader's buffer, at most 4 MiB).
fn read_records<R: Read>(
    body: R,
    delimiter: u8,
    source: Source,
    opts: &IngestOptions,
    (hint, piece): (usize, usize),
    mut chunks: Option<Chunks<'_>>,
    by: By,
) -> Result<Loaded> {
    // The reference exists in tests only: elsewhere the match has one arm.
    #[allow(clippy::infallible_destructuring_match)]
    let split = match by {
        By::Records(split) => split,
        #[cfg(test)]
        By::Reference => return super::csv_reference::read_records(body, delimiter, source, opts, hint, chunks),
    };
    let file = source.file.clone();
    let io = |e: std::io::Error| Error::malformed(Position::file(&file), format!("读取文件失败：{e}"));
    let undecodable = source.undecodable;
    let mut builder = TableBuilder::new(source, opts);
    // Room for the whole text, or for one chunk of it.
    builder.size_hint(chunks.as_ref().map_or(hint, |c| hint.min(c.bytes.saturating_add(c.bytes / 8))));
    let mut records = Records::new(body, delimiter, split, piece);
    records.for_each(io, |rec| {
        // Only a record with a line break in a cell can hide broken quoting.
        if rec.breaks > 0 && rec.cells().any(|f| f.contains('\n') && f.as_bytes().contains(&delimiter)) {
            builder.suspicious.push(rec.line);
        }
        builder.push(rec.line, rec.cells());
        if let Some(c) = chunks.as_mut() {
            if builder.text_bytes() >= c.bytes {
                if let Some(t) = builder.take() {
                    (c.emit)(t)?;
                }
            }
        }
        Ok(())
    })?;
    Ok(finish(builder, undecodable + records.undecodable))
}

/// What a reader gives once the text is read: the builder's table (if any
/// row was read), with the count of bytes that could not be decoded.
pub(super) fn finish(builder: TableBuilder, undecodable: u64) -> Loaded {
    let (table, errors) = builder.finish();
    let tables = table
        .map(|mut t| {
            t.source.undecodable = undecodable;
            vec![t]
        })
        .unwrap_or_default();
    Loaded { tables, errors }
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
