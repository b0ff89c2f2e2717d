//! From file bytes to `Table`s: format sniffing, decoding, CSV/XLSX/XLS/HTML
//! reading, header detection. Nothing here knows about models.

pub mod csv;
#[cfg(test)]
mod csv_equivalence;
#[cfg(test)]
mod csv_reference;
mod decode;
pub mod encoding;
pub mod excel;
pub mod header;
pub mod html;
pub mod kinds;
#[cfg(test)]
mod lines;
pub mod mapping;
pub mod quality;
mod records;
pub mod sniff;
pub mod source;
pub mod table;
pub mod xlsx;

pub use mapping::{Dataset, Mapping};
pub use encoding::Encoding;
pub use sniff::Format;
pub use source::ByteSource;
pub use table::{Skipped, Source, Table};

/// Size limit we recommend for the page (wasm32). Text formats are read
/// in place and cost about twice the file in linear memory (the bytes plus
/// the table text), so 1 GiB stays below the 4 GiB wasm32 ceiling with room
/// for normalised columns. Workbooks cost several times the file: see
/// `WASM_MAX_WORKBOOK_SIZE`.
pub const WASM_MAX_SIZE: u64 = 1 << 30;
/// Size limit we recommend for XLSX/XLS/ODS in the page. XLS, XLSB and ODS
/// expand roughly 5–10× into calamine's cell grid; XLSX is streamed row by
/// row (`xlsx`) but calamine still holds its shared-string table, so a
/// workbook of mostly distinct strings peaks at about 5× the file (a 49 MB
/// generated cases workbook: 260 MB natively, against 627 MB for the grid).
pub const WASM_MAX_WORKBOOK_SIZE: u64 = 200 << 20;
/// Native default: `Table` offsets are u32, so table text must stay below
/// 4 GiB; 2 GiB of input leaves room for GB18030 → UTF-8 growth (1.5×).
pub const NATIVE_MAX_SIZE: u64 = 2 << 30;

use crate::error::{Error, ErrorKind, Position, Result};

/// Options for reading files (builder style, like `csv::ReaderBuilder`).
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Force a 1-based header row instead of detecting it.
    pub header_row: Option<u32>,
    /// Refuse files above this size (bytes).
    pub max_size: u64,
    /// Refuse workbooks (XLSX/XLS/XLSB/ODS) above this size (bytes).
    pub max_workbook_size: u64,
    /// Natively, turn a panic inside the workbook parser into an error for
    /// that file (the CLI goes on with the others). The property tests turn
    /// it off: wasm cannot catch a panic, so they must see every one.
    pub contain_panics: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { header_row: None, max_size: NATIVE_MAX_SIZE, max_workbook_size: NATIVE_MAX_SIZE, contain_panics: true }
    }
}

impl IngestOptions {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn header_row(mut self, row: u32) -> Self {
        self.header_row = Some(row);
        self
    }
    pub fn max_size(mut self, bytes: u64) -> Self {
        self.max_size = bytes;
        self
    }
    pub fn max_workbook_size(mut self, bytes: u64) -> Self {
        self.max_workbook_size = bytes;
        self
    }
    pub fn contain_panics(mut self, on: bool) -> Self {
        self.contain_panics = on;
        self
    }
    /// The limits recommended for the page (`WASM_MAX_SIZE`, `WASM_MAX_WORKBOOK_SIZE`).
    pub fn wasm() -> Self {
        IngestOptions { header_row: None, max_size: WASM_MAX_SIZE, max_workbook_size: WASM_MAX_WORKBOOK_SIZE, contain_panics: false }
    }
}

/// What reading one file gave: its tables (one per usable sheet) and the
/// errors of the sheets that could not be read. One bad sheet never hides
/// the others.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub tables: Vec<Table>,
    pub errors: Vec<Error>,
}

/// Read one file. Errors about the whole file (unknown format, encrypted,
/// too large, empty) come back as `Err`; per-sheet problems (an empty sheet,
/// a header-only sheet, broken quoting) land in `Loaded::errors` beside the
/// tables that were read. Never panics on any input.
pub fn read(file: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Loaded> {
    let pos = Position::file(file);
    let size = bytes.len() as u64;
    if size > opts.max_size {
        return Err(Error::new(ErrorKind::TooLarge { pos, size, limit: opts.max_size }));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(ErrorKind::Empty { pos }));
    }
    let format = sniff::sniff(file, bytes)?;
    let ext = sniff::extension(file);
    match format {
        Format::Text => csv::read(file, bytes, opts, &ext),
        Format::Html => html::read(file, bytes, opts),
        Format::Xlsx | Format::Xlsb | Format::Ods | Format::Xls => {
            if size > opts.max_workbook_size {
                return Err(Error::new(ErrorKind::TooLarge { pos, size, limit: opts.max_workbook_size }));
            }
            guarded(file, opts, || excel::read(file, bytes, opts, format))
        }
    }
}

/// `read` from a source that is read in pieces (the page's `File`): text
/// formats stream, so the file is never whole in memory; workbooks and
/// HTML are read whole first (zip and cfb need every byte). Gives exactly
/// what `read` gives for the same bytes.
pub fn read_source<S: ByteSource + ?Sized>(file: &str, src: &mut S, opts: &IngestOptions) -> Result<Loaded> {
    read_source_chunked(file, src, opts, None)
}

/// `read_source` that hands a text file's rows out in chunks while reading
/// (`csv::Chunks`, for `xiansuo normalize`): memory no longer grows with
/// the file, so a text file given chunks is not held to `max_size`.
/// Workbooks and HTML are read whole, as by `read_source`.
pub fn read_source_chunked<S: ByteSource + ?Sized>(file: &str, src: &mut S, opts: &IngestOptions, chunks: Option<csv::Chunks<'_>>) -> Result<Loaded> {
    let pos = Position::file(file);
    let io = |e: std::io::Error| Error::malformed(Position::file(file), format!("读取文件失败：{e}"));
    let size = src.size();
    let too_large = || Error::new(ErrorKind::TooLarge { pos: Position::file(file), size, limit: opts.max_size });
    if size > opts.max_size && chunks.is_none() {
        return Err(too_large());
    }
    let head = source::head(src, encoding::SNIFF_HEAD).map_err(io)?;
    let blank = |b: &[u8]| b.iter().all(|b| b.is_ascii_whitespace());
    if blank(&head) && (head.len() as u64 >= size || all_blank(src, head.len() as u64).map_err(io)?) {
        return Err(Error::new(ErrorKind::Empty { pos }));
    }
    // Zip and cfb containers are told apart by names anywhere in the file.
    let container = head.starts_with(b"PK") || head.starts_with(b"\xD0\xCF\x11\xE0");
    if !container && sniff::sniff(file, &head)? == Format::Text {
        drop(head);
        return csv::read_source(file, src, opts, &sniff::extension(file), chunks);
    }
    if size > opts.max_size {
        return Err(too_large());
    }
    // An XLSX is read part by part from the source, not copied whole first
    // (issue 9: peak memory; the copy was 1× the file).
    let tail_from = size.saturating_sub(sniff::ZIP_TAIL as u64);
    if size <= opts.max_workbook_size && sniff::is_xlsx_zip(&head, &source::range(src, tail_from, sniff::ZIP_TAIL).map_err(io)?) {
        drop(head);
        let reader = std::io::BufReader::with_capacity(XLSX_BUFFER, source::SourceReader::new(src, 0));
        return guarded(file, opts, || excel::read_xlsx_from(file, size, reader, opts));
    }
    drop(head);
    let bytes = source::whole(src).map_err(io)?;
    read(file, &bytes, opts)
}

/// Bytes read from the source at a time for a workbook read in place (in
/// the page, one `FileReaderSync` call each).
const XLSX_BUFFER: usize = 256 * 1024;

/// Whether the file is only white space from `from` on.
fn all_blank<S: ByteSource + ?Sized>(src: &mut S, from: u64) -> std::io::Result<bool> {
    use std::io::Read;
    let mut r = source::SourceReader::new(src, from);
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            return Ok(true);
        }
        if !buf.get(..n).unwrap_or(&[]).iter().all(|b| b.is_ascii_whitespace()) {
            return Ok(false);
        }
    }
}

/// calamine is a third-party parser of hostile binary formats: natively, a
/// panic inside it becomes a `Malformed` error for this file instead of
/// ending the process, unless `contain_panics` is off (the property tests
/// in `tests/prop_ingest.rs`, which guard the wasm build, where a panic traps).
#[cfg(not(target_arch = "wasm32"))]
fn guarded(file: &str, opts: &IngestOptions, read: impl FnOnce() -> Result<Loaded>) -> Result<Loaded> {
    if !opts.contain_panics {
        return read();
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(Error::malformed(Position::file(file), "工作簿结构异常，读取器无法解析")))
}

#[cfg(target_arch = "wasm32")]
fn guarded(_file: &str, _opts: &IngestOptions, read: impl FnOnce() -> Result<Loaded>) -> Result<Loaded> {
    read()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boom() -> Result<Loaded> {
        panic!("parser bug")
    }

    #[test]
    fn a_parser_panic_is_contained_for_the_cli() {
        let r = guarded("a.xlsx", &IngestOptions::default(), boom);
        assert!(matches!(r, Err(e) if e.code() == "malformed"));
    }

    /// What the property tests rely on: with containment off they see the panic.
    #[test]
    #[should_panic(expected = "parser bug")]
    fn property_tests_see_a_parser_panic() {
        let _ = guarded("a.xlsx", &IngestOptions::default().contain_panics(false), boom);
    }
}
