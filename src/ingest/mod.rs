//! From file bytes to `Table`s: format sniffing, decoding, CSV/XLSX/XLS/HTML
//! reading, header detection. Nothing here knows about models.

pub mod csv;
pub mod encoding;
pub mod excel;
pub mod header;
pub mod html;
pub mod kinds;
pub mod mapping;
pub mod quality;
pub mod sniff;
pub mod table;

pub use mapping::{Dataset, Mapping};
pub use encoding::Encoding;
pub use sniff::Format;
pub use table::{Skipped, Source, Table};

/// Size limit we recommend for the page (wasm32). Text formats are read
/// in place and cost about twice the file in linear memory (the bytes plus
/// the table text), so 1 GiB stays below the 4 GiB wasm32 ceiling with room
/// for normalised columns. Workbooks are inflated by calamine into a cell
/// grid several times larger than the file: see `WASM_MAX_WORKBOOK_SIZE`.
pub const WASM_MAX_SIZE: u64 = 1 << 30;
/// Size limit we recommend for XLSX/XLS/ODS in the page: a zipped workbook
/// expands roughly 5–10× into calamine's cell grid.
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
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { header_row: None, max_size: NATIVE_MAX_SIZE, max_workbook_size: NATIVE_MAX_SIZE }
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
    /// The limits recommended for the page (`WASM_MAX_SIZE`, `WASM_MAX_WORKBOOK_SIZE`).
    pub fn wasm() -> Self {
        IngestOptions { header_row: None, max_size: WASM_MAX_SIZE, max_workbook_size: WASM_MAX_WORKBOOK_SIZE }
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
            read_workbook(file, bytes, opts, format)
        }
    }
}

/// calamine is a third-party parser of hostile binary formats: natively, a
/// panic inside it becomes a `Malformed` error for this file instead of
/// ending the process. (In wasm a panic traps; the property tests in
/// `tests/prop_ingest.rs` are what guard that build.)
#[cfg(not(target_arch = "wasm32"))]
fn read_workbook(file: &str, bytes: &[u8], opts: &IngestOptions, format: Format) -> Result<Loaded> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| excel::read(file, bytes, opts, format)))
        .unwrap_or_else(|_| Err(Error::malformed(Position::file(file), "工作簿结构异常，读取器无法解析")))
}

#[cfg(target_arch = "wasm32")]
fn read_workbook(file: &str, bytes: &[u8], opts: &IngestOptions, format: Format) -> Result<Loaded> {
    excel::read(file, bytes, opts, format)
}
