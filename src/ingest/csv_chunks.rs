//! A delimited text file (CSV, TSV, `.txt`; UTF-8, GB18030, UTF-16) read
//! from an `io::Read` in chunks of rows, so a file larger than memory can be
//! normalised (`xiansuo normalize`). The decisions `csv::read` takes from
//! the start of the file (encoding, delimiter, header row) are taken from
//! its first bytes the same way; records are then read by the csv crate's
//! streaming reader and fed to one `TableBuilder`, which hands out a table
//! every `chunk_bytes` of cell text (`TableBuilder::take`). Row numbers,
//! skipped rows, footers and the notes of `finish` are those of a whole-file
//! read; UTF-16 (and GB18030 split on `|`) go through encoding_rs's
//! streaming decoder first, as `csv::read` decodes them whole first.

use super::csv::sniff_delimiter;
use super::encoding::{self, Encoding};
use super::header::TableBuilder;
use super::table::{Source, Table};
use super::{IngestOptions, Loaded};
use crate::error::{Error, ErrorKind, Position, Result};
use std::collections::VecDeque;
use std::io::{self, Read};

/// Bytes of a file looked at before reading it in chunks: the encoding
/// sample (1 MiB) and the delimiter sample (256 KiB of text, which UTF-16
/// needs twice as many bytes for) with room to spare.
pub const HEAD: usize = 2 << 20;

/// What `read` hands back besides the chunks: `Err` for what makes the
/// whole file unreadable (as `ingest::read`), else the last table (with the
/// header widened over the whole file and its undecodable count) and the
/// notes, in `Loaded`.
pub type Outcome = std::result::Result<Loaded, Error>;

/// Read text file `file` whose first bytes are `head` (up to `HEAD`; the
/// rest comes from `rest`, `size` bytes in all), handing each chunk table to
/// `chunk` in file order. `rest_again` re-reads the file from byte `HEAD`
/// (only when the first MiB is all ASCII: whether the whole file is UTF-8
/// decides the encoding, as in `encoding::sniff`). The outer `Err` is
/// `chunk`'s or a read error.
pub fn read(
    file: &str,
    head: &[u8],
    size: u64,
    rest: &mut dyn Read,
    rest_again: &mut dyn FnMut() -> io::Result<Box<dyn Read>>,
    opts: &IngestOptions,
    chunk_bytes: usize,
    chunk: &mut dyn FnMut(Table) -> Result<()>,
) -> Result<Outcome> {
    let io_err = |e: io::Error| Error::plan(format!("读取“{file}”时出错：{e}"));
    let whole = head.len() as u64 >= size;
    if head.iter().all(u8::is_ascii_whitespace) && (whole || all_whitespace(rest_again().map_err(io_err)?).map_err(io_err)?) {
        return Ok(Err(Error::new(ErrorKind::Empty { pos: Position::file(file) })));
    }
    let mut utf8_err: Option<io::Error> = None;
    let (enc, bom) = encoding::sniff_head(head, size, || {
        if whole {
            return std::str::from_utf8(head).is_ok();
        }
        rest_again().and_then(|r| encoding::is_utf8_stream(io::Cursor::new(head).chain(r))).unwrap_or_else(|e| {
            utf8_err = Some(e);
            false
        })
    });
    if let Some(e) = utf8_err {
        return Err(io_err(e));
    }
    let body = head.get(bom..).unwrap_or(&[]);
    let delimiter = sniff_delimiter(body);
    let ext = super::sniff::extension(file);
    let format = match ext.as_str() {
        "tsv" | "txt" => ext.clone(),
        _ if delimiter == b'\t' => "tsv".to_string(),
        _ => "csv".to_string(),
    };
    let source = Source {
        file: file.to_string(),
        sheet: None,
        format,
        encoding: Some(enc.name().to_string()),
        size,
        undecodable: 0,
        delimiter: Some(delimiter as char),
    };
    let body_then_rest = io::Cursor::new(body).chain(rest);
    // As `csv::read`: UTF-16 cannot be split before decoding; nor can
    // GB18030 on `|`, which may be a GB18030 trail byte.
    if enc.is_utf16() || (!enc.is_utf8() && delimiter == b'|') {
        let delimiter = if enc.is_utf16() {
            // The delimiter of the decoded text, from the decoded head
            // without its last (possibly cut) line unless it is the whole file.
            let (text, _) = enc.decode(body);
            let text = if whole { &text[..] } else { text.rsplit_once('\n').map_or(&text[..], |(a, _)| a) };
            sniff_delimiter(text.as_bytes())
        } else {
            delimiter
        };
        let mut source = source;
        source.delimiter = Some(delimiter as char);
        let mut decoded = Decode::new(enc, body_then_rest);
        let loaded = records(&mut decoded, delimiter, source, opts, Encoding::UTF_8, chunk_bytes, chunk);
        let bad = decoded.bad;
        return loaded.map(|l| l.map(|mut l| {
            for t in &mut l.tables {
                t.source.undecodable += bad;
            }
            l
        }));
    }
    records(body_then_rest, delimiter, source, opts, enc, chunk_bytes, chunk)
}

/// Whether `r` holds nothing but ASCII whitespace.
fn all_whitespace(mut r: impl Read) -> io::Result<bool> {
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            return Ok(true);
        }
        if !buf.get(..n).unwrap_or(&[]).iter().all(u8::is_ascii_whitespace) {
            return Ok(false);
        }
    }
}

/// Records of the text in `r` (with encoding `enc` field by field), as
/// `csv::read_records` reads a whole body, handing out chunks.
fn records(
    r: impl Read,
    delimiter: u8,
    source: Source,
    opts: &IngestOptions,
    enc: Encoding,
    chunk_bytes: usize,
    chunk: &mut dyn FnMut(Table) -> Result<()>,
) -> Result<Outcome> {
    let file = source.file.clone();
    let mut undecodable = source.undecodable;
    let size = source.size;
    let mut builder = TableBuilder::new(source, opts);
    // Room for one chunk (GB18030 grows by about half when decoded).
    let grown = if enc.is_utf8() { size } else { size + size / 2 };
    builder.size_hint(usize::try_from(grown).unwrap_or(usize::MAX).min(chunk_bytes.saturating_add(chunk_bytes / 8)));
    let mut breaks_at = Breaks::new(r);
    let mut rdr = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(&mut breaks_at);
    let mut rec = ::csv::ByteRecord::new();
    let mut scratch = String::new();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let (mut counted, mut lines) = (0u64, 1u64);
    let mut inside = 0u64;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => match e.into_kind() {
                ::csv::ErrorKind::Io(e) => return Err(Error::plan(format!("读取“{file}”时出错：{e}"))),
                // Only I/O errors exist when reading bytes; stop rather than loop.
                _ => break,
            },
        }
        // As `csv::read_records`: the text lines up to the record's first
        // byte (past the `\n` of a CRLF that csv leaves), less the breaks
        // inside earlier cells.
        let start = rec.position().map_or(counted, |p| p.byte()).max(counted);
        lines += rdr.get_mut().lines_before(start);
        counted = start;
        let line = lines.saturating_sub(inside).min(u32::MAX as u64) as u32;
        let breaks = rec.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
        inside += breaks;
        if breaks > 0 && rec.iter().any(|f| f.contains(&b'\n') && f.contains(&delimiter)) {
            builder.suspicious.push(line);
        }
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
        if builder.text_bytes() >= chunk_bytes {
            if let Some(t) = builder.take() {
                chunk(t)?;
            }
        }
    }
    let (table, errors) = builder.finish();
    let tables = table
        .map(|mut t| {
            t.source.undecodable = undecodable;
            vec![t]
        })
        .unwrap_or_default();
    Ok(Ok(Loaded { tables, errors }))
}

/// A reader that notes where the `\r` and `\n` bytes it passes on are, so
/// the rows before a record can be counted without the bytes (which the
/// csv reader has consumed). Holds only the breaks not yet counted.
struct Breaks<R> {
    inner: R,
    pos: u64,
    at: VecDeque<(u64, bool)>,
}

impl<R: Read> Breaks<R> {
    fn new(inner: R) -> Self {
        Breaks { inner, pos: 0, at: VecDeque::new() }
    }

    /// `\n` bytes before `start`, and before the run of `\r`/`\n` that
    /// begins there (the record's first byte follows the run); forgets them.
    fn lines_before(&mut self, mut start: u64) -> u64 {
        let mut n = 0;
        while let Some(&(p, newline)) = self.at.front() {
            if p == start {
                start += 1;
            } else if p > start {
                break;
            }
            n += u64::from(newline);
            self.at.pop_front();
        }
        n
    }
}

impl<R: Read> Read for Breaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, &b) in buf.get(..n).unwrap_or(&[]).iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                self.at.push_back((self.pos + i as u64, b == b'\n'));
            }
        }
        self.pos += n as u64;
        Ok(n)
    }
}

/// encoding_rs's streaming decoder as a reader of UTF-8, counting the
/// characters it could not decode (each becomes U+FFFD, as `decode_into`).
struct Decode<R> {
    decoder: encoding_rs::Decoder,
    inner: R,
    input: Vec<u8>,
    /// Undecoded input: `input[from..to]`.
    from: usize,
    to: usize,
    eof: bool,
    output: Vec<u8>,
    out_from: usize,
    finished: bool,
    bad: u64,
}

impl<R: Read> Decode<R> {
    fn new(enc: Encoding, inner: R) -> Self {
        Decode {
            decoder: enc.decoder(),
            inner,
            input: vec![0; 1 << 16],
            from: 0,
            to: 0,
            eof: false,
            output: Vec::with_capacity(1 << 17),
            out_from: 0,
            finished: false,
            bad: 0,
        }
    }

    /// Decode the next piece of input into `output` (left empty at the end).
    fn fill(&mut self) -> io::Result<()> {
        self.output.clear();
        self.out_from = 0;
        while self.output.is_empty() && !self.finished {
            if self.from == self.to && !self.eof {
                self.from = 0;
                self.to = self.inner.read(&mut self.input)?;
                self.eof = self.to == 0;
            }
            let src = self.input.get(self.from..self.to).unwrap_or(&[]);
            let need = self.decoder.max_utf8_buffer_length_without_replacement(src.len()).unwrap_or(src.len() * 3 + 16);
            self.output.resize(need.max(16), 0);
            let (res, read, written) = self.decoder.decode_to_utf8_without_replacement(src, &mut self.output, self.eof);
            self.from += read;
            self.output.truncate(written);
            match res {
                encoding_rs::DecoderResult::Malformed(_, _) => {
                    self.output.extend_from_slice("\u{FFFD}".as_bytes());
                    self.bad += 1;
                }
                encoding_rs::DecoderResult::InputEmpty => self.finished = self.eof,
                encoding_rs::DecoderResult::OutputFull => {}
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Decode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_from >= self.output.len() {
            self.fill()?;
        }
        let avail = self.output.get(self.out_from..).unwrap_or(&[]);
        let n = avail.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), avail.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.out_from += n;
        Ok(n)
    }
}
