//! From file bytes to `Table`s: format sniffing, decoding, CSV/XLSX/XLS/HTML
//! reading, header detection. Nothing here knows about models.

pub mod kinds;
pub mod mapping;
pub mod table;

pub use mapping::{Dataset, Mapping};
pub use table::{Skipped, Source, Table};

use crate::error::{Error, ErrorKind, Position, Result};

/// Options for reading files (builder style, like `csv::ReaderBuilder`).
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Force a 1-based header row instead of detecting it.
    pub header_row: Option<u32>,
    /// Refuse files above this size (bytes).
    pub max_size: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { header_row: None, max_size: 2 * 1024 * 1024 * 1024 }
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
/// too large) come back as `Err`; per-sheet problems land in `Loaded::errors`.
pub fn read(file: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Loaded> {
    let pos = Position::file(file);
    if bytes.len() as u64 > opts.max_size {
        return Err(Error::new(ErrorKind::TooLarge { pos, size: bytes.len() as u64, limit: opts.max_size }));
    }
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::Empty { pos }));
    }
    // Placeholder until the ingestion issue lands: UTF-8 CSV, first row = header.
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap_or("").split(',').map(str::to_string).collect();
    let source = Source { file: file.to_string(), format: "csv".into(), encoding: Some("UTF-8".into()), size: bytes.len() as u64, ..Source::default() };
    let mut t = Table::new(source, 1, header);
    for (i, l) in lines.enumerate() {
        t.push_row(i as u32 + 2, l.split(','));
    }
    Ok(Loaded { tables: vec![t], errors: vec![] })
}
