//! The CSV reader as it was before `records` (issue 9): csv's `Reader`
//! over `LineStarts`, every record through csv_core's state machine. Kept
//! for the tests only, as the reference `csv::read_records` must match
//! table for table, row number for row number (`csv_equivalence`).

use super::encoding::Encoding;
use super::header::TableBuilder;
use super::lines::LineStarts;
use super::table::Source;
use super::{IngestOptions, Loaded};
use crate::error::{Error, Position, Result};
use std::io::Read;

/// Bytes the CSV reader asks its source for at a time.
const BUFFER: usize = 1 << 20;

pub fn read_records<R: Read>(
    body: R,
    delimiter: u8,
    source: Source,
    opts: &IngestOptions,
    hint: usize,
    mut chunks: Option<super::csv::Chunks<'_>>,
) -> Result<Loaded> {
    let file = source.file.clone();
    let io = |e: std::io::Error| Error::malformed(Position::file(&file), format!("读取文件失败：{e}"));
    let mut undecodable = source.undecodable;
    let mut builder = TableBuilder::new(source, opts);
    // Room for the whole text, or for one chunk of it.
    builder.size_hint(chunks.as_ref().map_or(hint, |c| hint.min(c.bytes.saturating_add(c.bytes / 8))));
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(BUFFER)
        .from_reader(LineStarts::new(body));
    let mut rec = ::csv::ByteRecord::new();
    let mut scratch = String::new();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    // Line breaks inside quoted cells so far: Excel keeps such a record on
    // one row, so they do not advance the row number.
    let mut inside = 0u64;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => match e.into_kind() {
                ::csv::ErrorKind::Io(e) => return Err(io(e)),
                // We read bytes: no UTF-8 errors; stop rather than loop.
                _ => break,
            },
        }
        // The text line of the record's first byte (csv's own line count
        // lags by one after CRLF endings: the `\n` is consumed with the
        // next record), less the breaks inside earlier cells.
        let lines = rdr.get_mut().line_at(rec.position().map_or(0, |p| p.byte()));
        let line = lines.saturating_sub(inside).min(u32::MAX as u64) as u32;
        let breaks = memchr::memchr_iter(b'\n', rec.as_slice()).count() as u64;
        inside += breaks;
        // Only a record with a line break in a cell can hide broken quoting.
        if breaks > 0 && rec.iter().any(|f| f.contains(&b'\n') && f.contains(&delimiter)) {
            builder.suspicious.push(line);
        }
        // The text is UTF-8 here: validate the record's bytes once and slice
        // the fields out of it (they end on ASCII delimiters, so on char
        // boundaries); a record with broken bytes is decoded field by field.
        if let Ok(all) = simdutf8::basic::from_utf8(rec.as_slice()) {
            let rec = &rec;
            builder.push(line, (0..rec.len()).map(move |i| rec.range(i).and_then(|r| all.get(r)).unwrap_or("")));
        } else {
            scratch.clear();
            ranges.clear();
            for f in rec.iter() {
                let a = scratch.len();
                undecodable += Encoding::UTF_8.decode_into(f, &mut scratch);
                ranges.push((a, scratch.len()));
            }
            let s = scratch.as_str();
            builder.push(line, ranges.iter().map(|&(a, b)| s.get(a..b).unwrap_or("")));
        }
        if let Some(c) = chunks.as_mut() {
            if builder.text_bytes() >= c.bytes {
                if let Some(t) = builder.take() {
                    (c.emit)(t)?;
                }
            }
        }
    }
    Ok(super::csv::finish(builder, undecodable))
}
