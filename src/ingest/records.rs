//! `Records`: the records of delimited UTF-8 text read from a `Read` in
//! 4 MiB pieces, each with the row Excel shows it on (one row per record,
//! line breaks inside quoted cells not counted, blank lines counted).
//!
//! Lines without a `"` (nearly every line of a court or bank export) are
//! split with memchr (SIMD natively and in the wasm SIMD build) and checked
//! as UTF-8 a whole piece at a time; so is a line whose quotes only wrap
//! whole cells. Any other line with a quote, or one longer than the buffer,
//! goes through csv_core's state machine (doubled quotes, line breaks
//! inside cells, text after a closing quote). Both give csv_core's cells: `\r`, `\n`
//! and `\r\n` end a record, blank lines give none, a UTF-8 BOM at the very
//! start is dropped, a quote inside an unquoted cell is text.
//! (Issue 9: csv_core's per-byte state machine was a third of the time.)

use super::encoding::Encoding;
use csv_core::ReadRecordResult;
use std::io::{self, Read};

/// Bytes asked of the source at a time (in the page, one `FileReaderSync`
/// call each: 4 MiB instead of 1 read a 200 MB file about 15 % faster in
/// Chromium, for 3 MiB more memory).
const BUFFER: usize = 4 << 20;
/// The buffer of a small file is about its size.
const SMALL: usize = 64 << 10;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Which records go through csv_core: those with a quote (`Fast`, what
/// the readers use) or all of them (`Core`: tests compare the two).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    Fast,
    #[cfg_attr(not(test), allow(dead_code))]
    Core,
}

/// One record: cell `i` is `text[fields[i].0..fields[i].1]`.
pub struct Record<'a> {
    /// Row number as Excel shows it (first row = 1).
    pub line: u32,
    /// `\n` bytes inside its cells (quoted cells with line breaks).
    pub breaks: u64,
    text: &'a str,
    fields: &'a [(usize, usize)],
}

impl<'a> Record<'a> {
    /// The cells, in order (may be iterated several times).
    pub fn cells(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        let text = self.text;
        self.fields.iter().map(move |&(a, b)| text.get(a..b).unwrap_or(""))
    }
}

/// Row numbering: `\n` bytes read before the current position, less those
/// inside the cells of earlier records.
#[derive(Default)]
struct Rows {
    newlines: u64,
    inside: u64,
}

impl Rows {
    fn line(&self) -> u32 {
        (self.newlines + 1).saturating_sub(self.inside).min(u32::MAX as u64) as u32
    }
}

/// What the unread bytes hold.
enum Ahead {
    /// Whole lines up to this offset in the buffer (after a line break, or
    /// the end of the file).
    Lines(usize),
    /// A line longer than the buffer: streamed through csv_core.
    Long,
    Done,
}

pub struct Records<R> {
    inner: R,
    delimiter: u8,
    split: Split,
    buf: Vec<u8>,
    /// Unread bytes: `buf[at..end]`.
    at: usize,
    end: usize,
    eof: bool,
    /// The start of the text was looked at for a BOM.
    started: bool,
    rows: Rows,
    core: csv_core::Reader,
    core_fed: bool,
    out: Vec<u8>,
    ends: Vec<usize>,
    fields: Vec<(usize, usize)>,
    scratch: String,
    /// Bytes that were not UTF-8 (each became U+FFFD).
    pub undecodable: u64,
}

impl<R: Read> Records<R> {
    /// `size`: about how many bytes `inner` holds (sizes the buffer).
    pub fn new(inner: R, delimiter: u8, split: Split, size: usize) -> Self {
        Records {
            inner,
            delimiter,
            split,
            buf: vec![0; size.saturating_add(1).clamp(SMALL, BUFFER)],
            at: 0,
            end: 0,
            eof: false,
            started: false,
            rows: Rows::default(),
            // csv's defaults, as `csv::ReaderBuilder` (delimiter aside).
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            core_fed: false,
            out: vec![0; 64 * 1024],
            ends: vec![0; 256],
            fields: Vec::new(),
            scratch: String::new(),
            undecodable: 0,
        }
    }

    /// Hand every record to `f`, in file order; stops at `f`'s first error.
    pub fn for_each<E>(&mut self, io_err: impl Fn(io::Error) -> E, mut f: impl FnMut(Record<'_>) -> Result<(), E>) -> Result<(), E> {
        loop {
            match self.ahead().map_err(&io_err)? {
                Ahead::Done => return Ok(()),
                Ahead::Long => self.core_record(&mut f).map_err(|e| e.lift(&io_err))?,
                Ahead::Lines(limit) => {
                    let unread = self.buf.get(self.at..limit).unwrap_or(&[]);
                    let quote = match self.split {
                        Split::Fast => memchr::memchr(b'"', unread),
                        Split::Core => Some(0),
                    };
                    // Lines before the one with the quote are plain.
                    let plain = match quote {
                        Some(q) => unread.get(..q).and_then(|b| memchr::memrchr2(b'\n', b'\r', b)).map_or(0, |i| i + 1),
                        None => unread.len(),
                    };
                    if plain > 0 {
                        self.plain_lines(self.at + plain, &mut f)?;
                    }
                    if quote.is_some() && !(self.split == Split::Fast && self.quoted_line(limit, &mut f)?) {
                        self.core_record(&mut f).map_err(|e| e.lift(&io_err))?;
                    }
                }
            }
        }
    }

    /// Read until the unread bytes hold a whole line (or the end).
    fn ahead(&mut self) -> io::Result<Ahead> {
        loop {
            let unread = self.buf.get(self.at..self.end).unwrap_or(&[]);
            if !self.started && (unread.len() >= BOM.len() || self.eof) {
                // As csv_core: a UTF-8 BOM opening the text is not data.
                if unread.starts_with(BOM) {
                    self.at += BOM.len();
                }
                self.started = true;
                continue;
            }
            if self.started {
                if let Some(i) = memchr::memrchr2(b'\n', b'\r', unread) {
                    return Ok(Ahead::Lines(self.at + i + 1));
                }
                if self.eof {
                    return Ok(if unread.is_empty() { Ahead::Done } else { Ahead::Lines(self.end) });
                }
                if self.at == 0 && self.end == self.buf.len() {
                    return Ok(Ahead::Long);
                }
            }
            self.fill()?;
        }
    }

    /// Keep the unread bytes and read more after them (there is room: the
    /// callers never fill a buffer holding only unread bytes).
    fn fill(&mut self) -> io::Result<()> {
        if self.at > 0 {
            self.buf.copy_within(self.at..self.end, 0);
            self.end -= self.at;
            self.at = 0;
        }
        let room = self.buf.get_mut(self.end..).unwrap_or(&mut []);
        let n = loop {
            match self.inner.read(room) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        self.end += n;
        self.eof = n == 0;
        Ok(())
    }

    /// The lines in `buf[at..to]` (none with a quote), split on the
    /// delimiter in one pass over their delimiters and line breaks; the
    /// text is checked as UTF-8 once for all of them.
    // Never inlined (nor `core_record`): in wasm, V8 moves a function to
    // optimised code only between calls, so the loop over records must sit
    // in a function called once per piece, not in the one long-running call.
    #[inline(never)]
    fn plain_lines<E>(&mut self, to: usize, f: &mut impl FnMut(Record<'_>) -> Result<(), E>) -> Result<(), E> {
        let Records { buf, at, delimiter, rows, fields, scratch, undecodable, .. } = self;
        let bytes = buf.get(*at..to).unwrap_or(&[]);
        *at = to;
        let whole = simdutf8::basic::from_utf8(bytes).ok();
        let mut line = 0;
        let mut cell = 0;
        fields.clear();
        for i in memchr::memchr3_iter(*delimiter, b'\n', b'\r', bytes) {
            let b = bytes.get(i).copied().unwrap_or(b'\n');
            if b == *delimiter {
                fields.push((cell, i));
                cell = i + 1;
                continue;
            }
            if i > line {
                fields.push((cell, i));
                plain_record(bytes, whole, line, rows.line(), fields, scratch, undecodable, f)?;
                fields.clear();
            }
            // A line break (blank lines give no record).
            rows.newlines += (b == b'\n') as u64;
            line = i + 1;
            cell = i + 1;
        }
        // The file's last line, without a line break.
        if line < bytes.len() {
            fields.push((cell, bytes.len()));
            plain_record(bytes, whole, line, rows.line(), fields, scratch, undecodable, f)?;
        }
        Ok(())
    }

    /// The line at `at` (it has a quote; it ends before `limit`) when its
    /// quotes only wrap whole cells, none doubled, no line break inside
    /// (`"a","b",c` — exports that quote every cell): split here, as
    /// csv_core would. False, reading nothing, for anything else.
    #[inline(never)]
    fn quoted_line<E>(&mut self, limit: usize, f: &mut impl FnMut(Record<'_>) -> Result<(), E>) -> Result<bool, E> {
        let Records { buf, at, delimiter, rows, fields, .. } = self;
        let rest = buf.get(*at..limit).unwrap_or(&[]);
        let len = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        let line = rest.get(..len).unwrap_or(&[]);
        let d = *delimiter;
        fields.clear();
        let mut p = 0;
        loop {
            if line.get(p) == Some(&b'"') {
                // A quoted cell: its closing quote must end it.
                let Some(q) = line.get(p + 1..).and_then(|r| memchr::memchr(b'"', r)).map(|q| p + 1 + q) else { return Ok(false) };
                fields.push((p + 1, q));
                match line.get(q + 1) {
                    None => break,
                    Some(&b) if b == d => p = q + 2,
                    Some(_) => return Ok(false),
                }
            } else {
                // A plain cell (a quote inside it is text, as in csv_core).
                match line.get(p..).and_then(|r| memchr::memchr(d, r)) {
                    Some(i) => {
                        fields.push((p, p + i));
                        p += i + 1;
                    }
                    None => {
                        fields.push((p, line.len()));
                        break;
                    }
                }
            }
        }
        let Ok(text) = simdutf8::basic::from_utf8(line) else { return Ok(false) };
        f(Record { line: rows.line(), breaks: 0, text, fields })?;
        *at += len;
        Ok(true)
    }

    /// The record starting at `at`, through csv_core, reading more as needed.
    #[inline(never)]
    fn core_record<E>(&mut self, f: &mut impl FnMut(Record<'_>) -> Result<(), E>) -> Result<(), Failed<E>> {
        // Blank lines before it (only when every record comes here).
        while let Some(&b) = self.buf.get(self.at..self.end).and_then(<[u8]>::first).filter(|&&b| b == b'\n' || b == b'\r') {
            self.rows.newlines += (b == b'\n') as u64;
            self.at += 1;
        }
        if self.at >= self.end && !self.eof {
            return Ok(());
        }
        let line = self.rows.line();
        let (mut nout, mut nend) = (0usize, 0usize);
        loop {
            if self.at >= self.end && !self.eof {
                self.fill().map_err(Failed::Io)?;
            }
            let mut input = self.buf.get(self.at..self.end).unwrap_or(&[]);
            // We dropped the text's BOM ourselves: csv_core drops one at the
            // start of its first input, so give it a first byte alone.
            if !self.core_fed && input.starts_with(BOM) {
                input = input.get(..1).unwrap_or(&[]);
            }
            self.core_fed = true;
            let (res, nin, o, e) = self.core.read_record(
                input,
                self.out.get_mut(nout..).unwrap_or(&mut []),
                self.ends.get_mut(nend..).unwrap_or(&mut []),
            );
            let used = input.get(..nin).unwrap_or(&[]);
            self.rows.newlines += memchr::memchr_iter(b'\n', used).count() as u64;
            self.at += nin;
            nout += o;
            nend += e;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return Ok(()),
            }
        }
        let Records { out, ends, fields, scratch, rows, undecodable, .. } = self;
        let data = out.get(..nout).unwrap_or(&[]);
        fields.clear();
        let mut start = 0;
        for &e in ends.get(..nend).unwrap_or(&[]) {
            fields.push((start, e));
            start = e;
        }
        let breaks = memchr::memchr_iter(b'\n', data).count() as u64;
        let text = match simdutf8::basic::from_utf8(data) {
            Ok(text) => text,
            Err(_) => {
                *undecodable += lossy(data, 0, fields, scratch);
                scratch.as_str()
            }
        };
        f(Record { line, breaks, text, fields }).map_err(Failed::Callback)?;
        rows.inside += breaks;
        Ok(())
    }
}

/// An error while streaming one record through csv_core.
enum Failed<E> {
    Io(io::Error),
    Callback(E),
}

impl<E> Failed<E> {
    fn lift(self, io_err: impl Fn(io::Error) -> E) -> E {
        match self {
            Failed::Io(e) => io_err(e),
            Failed::Callback(e) => e,
        }
    }
}

/// Hand on the plain line at `start` of `bytes` whose `fields` are found:
/// sliced from the piece's text when it is UTF-8, else from the line's own
/// text, else decoded with U+FFFD for what is not UTF-8.
#[allow(clippy::too_many_arguments)]
fn plain_record<E>(
    bytes: &[u8],
    whole: Option<&str>,
    start: usize,
    line: u32,
    fields: &mut [(usize, usize)],
    scratch: &mut String,
    undecodable: &mut u64,
    f: &mut impl FnMut(Record<'_>) -> Result<(), E>,
) -> Result<(), E> {
    if let Some(text) = whole {
        return f(Record { line, breaks: 0, text, fields });
    }
    let end = fields.last().map_or(start, |r| r.1);
    let own = bytes.get(start..end).unwrap_or(&[]);
    if let Ok(text) = simdutf8::basic::from_utf8(own) {
        for r in fields.iter_mut() {
            *r = (r.0.saturating_sub(start), r.1.saturating_sub(start));
        }
        return f(Record { line, breaks: 0, text, fields });
    }
    *undecodable += lossy(own, start, fields, scratch);
    f(Record { line, breaks: 0, text: scratch, fields })
}

/// Decode the fields of `bytes` (at offset `base` of their text) into
/// `scratch`, replacing what is not UTF-8 by U+FFFD; `fields` then point
/// into `scratch`. Returns how many replacements.
fn lossy(bytes: &[u8], base: usize, fields: &mut [(usize, usize)], scratch: &mut String) -> u64 {
    scratch.clear();
    let mut bad = 0;
    for r in fields.iter_mut() {
        let a = scratch.len();
        bad += Encoding::UTF_8.decode_into(bytes.get(r.0.saturating_sub(base)..r.1.saturating_sub(base)).unwrap_or(&[]), scratch);
        *r = (a, scratch.len());
    }
    bad
}
