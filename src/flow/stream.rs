//! Statements streamed from their source: the page hands a text statement
//! as a `ByteSource` (its `File`); its rows go in chunks straight into the
//! compact transaction table of the file (a `Part`) instead of a table of
//! every cell, which at 240 bytes of CSV a row cost four times the table.
//! The dataset keeps the header, the skipped rows and the first
//! [`SAMPLE_ROWS`] rows (cards, preview, mapping).
//!
//! The part is read with the mapping and owner the file has when it is
//! loaded. The first analysis takes it; an analysis after the mapping or
//! the owner changed, a second analysis, or a screening run reads the file
//! again from its source, so every answer is that of the whole table.
//! Evidence rows come from the compact table (`lead::evidence`), as for
//! files read whole: nothing needs the raw cells back.

use super::intern::{FxMap, Interner};
use super::merge::Part;
use super::read::{owner_hint, role, Builder, Role};
use super::{FlowData, FlowOptions, OwnerHint};
use crate::error::{Error, Result};
use crate::ingest::{self, source, ByteSource, Dataset, IngestOptions, Mapping, Table};

/// Data rows of a streamed statement kept as cells.
pub const SAMPLE_ROWS: usize = 200;
/// Cell text per chunk (one chunk's table is in memory at a time).
pub const CHUNK_BYTES: usize = 4 << 20;
/// Bytes read to decide whether a file is a statement.
const PROBE_BYTES: u64 = 256 * 1024;

/// A statement file kept as its source and, until the first analysis, its part.
pub struct Streamed {
    source: Box<dyn ByteSource + Send>,
    ingest: IngestOptions,
    chunk: usize,
    /// Data rows of the whole file.
    pub rows: usize,
    /// The part read at load, with the mapping and owner it was read with.
    part: Option<(Part, Mapping, Option<OwnerHint>)>,
}

impl std::fmt::Debug for Streamed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Streamed").field("rows", &self.rows).field("part", &self.part.is_some()).finish()
    }
}

/// What a streamed read gave: the sample dataset, the reader's notes, the file.
pub struct Loaded {
    pub dataset: Dataset,
    pub errors: Vec<Error>,
    pub streamed: Streamed,
}

/// A source cut at `len` bytes (the probe).
struct Prefix<'a> {
    src: &'a mut dyn ByteSource,
    len: u64,
}

impl ByteSource for Prefix<'_> {
    fn size(&self) -> u64 {
        self.src.size().min(self.len)
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let room = usize::try_from(self.len.saturating_sub(offset)).unwrap_or(usize::MAX).min(buf.len());
        self.src.read_at(offset, buf.get_mut(..room).unwrap_or(&mut []))
    }
}

/// Read a file as a streamed statement when it is a text file whose head
/// reads as a statement (`Ok(None)` otherwise: the caller reads it whole).
/// `owners`: the owners known when it is loaded (typed, or from preambles).
pub fn read(name: &str, mut src: Box<dyn ByteSource + Send>, opts: &IngestOptions, owners: &[OwnerHint], chunk: usize) -> Result<std::result::Result<Loaded, Box<dyn ByteSource + Send>>> {
    let io = |e: std::io::Error| Error::malformed(crate::Position::file(name), format!("读取文件失败：{e}"));
    let head = source::head(src.as_mut(), ingest::encoding::SNIFF_HEAD).map_err(io)?;
    let container = head.starts_with(b"PK") || head.starts_with(b"\xD0\xCF\x11\xE0");
    if container || !matches!(ingest::sniff::sniff(name, &head), Ok(ingest::Format::Text)) {
        return Ok(Err(src));
    }
    drop(head);
    let probe = ingest::read_source(name, &mut Prefix { src: src.as_mut(), len: PROBE_BYTES }, opts).ok().and_then(|l| l.tables.into_iter().next());
    let Some(Role::Statement(m)) = probe.map(Dataset::new).as_ref().map(role) else { return Ok(Err(src)) };
    let (part, sample, rows, errors) = stream(name, src.as_mut(), opts, &m, owners, chunk)?;
    let dataset = Dataset::new(sample);
    let hint = owner_hint(owners, &dataset.table.source.file).cloned();
    let streamed = Streamed { source: src, ingest: opts.clone(), chunk, rows, part: Some((part, m, hint)) };
    Ok(Ok(Loaded { dataset, errors, streamed }))
}

impl Streamed {
    /// The statement's part for an analysis with `opts`: the one read at
    /// load if it still fits the dataset's mapping and the owners, else read
    /// again. `None` when the dataset is no statement any more.
    pub(super) fn part(&mut self, ds: &Dataset, opts: &FlowOptions) -> Result<Option<Part>> {
        let Role::Statement(m) = role(ds) else { return Ok(None) };
        let hint = owner_hint(&opts.owners, &ds.table.source.file).cloned();
        if let Some((part, read_with, read_hint)) = self.part.take() {
            if read_with == m && read_hint == hint {
                return Ok(Some(part));
            }
        }
        let (part, _, _, _) = stream(&ds.table.source.file, self.source.as_mut(), &self.ingest, &m, &opts.owners, self.chunk)?;
        Ok(Some(part))
    }
}

impl Streamed {
    /// The file's whole table, read again from the source: for a streamed
    /// statement the user re-mapped to another kind, whose rules read the
    /// dataset's rows directly (the sample alone would lose the rest).
    pub fn whole_table(&mut self, name: &str) -> Result<Table> {
        let loaded = ingest::read_source(name, self.source.as_mut(), &self.ingest)?;
        loaded
            .tables
            .into_iter()
            .next()
            .ok_or_else(|| Error::malformed(crate::Position::file(name), "重新读取文件时没有找到数据表".to_string()))
    }
}

/// Read the whole file in chunks into a part: (part, sample table, data rows, notes).
fn stream(name: &str, src: &mut dyn ByteSource, opts: &IngestOptions, m: &Mapping, owners: &[OwnerHint], chunk: usize) -> Result<(Part, Table, usize, Vec<Error>)> {
    let flow_opts = FlowOptions { owners: owners.to_vec(), ..FlowOptions::default() };
    let mut b = Builder { d: FlowData { strs: Interner::new(), ..FlowData::default() }, opts: &flow_opts, card_alias: FxMap::default() };
    let mut file: Option<usize> = None;
    let mut sample: Option<Table> = None;
    let mut rows = 0usize;
    let mut take = |t: Table| {
        file = Some(b.statement_table(&t, m, file, &mut |_, _, _| {}));
        rows += t.len();
        let s = sample.get_or_insert_with(|| Table::new(t.source.clone(), t.header_row, t.raw_headers.clone()));
        for i in 0..t.len().min(SAMPLE_ROWS.saturating_sub(s.len())) {
            s.push_row(t.line(i), t.row(i));
        }
        s.skipped.extend(t.skipped.iter().cloned());
        // The last table has the final header (widened by ragged rows) and source notes.
        s.source = t.source.clone();
        if t.headers.len() > s.headers.len() {
            s.headers = t.headers.clone();
            s.raw_headers = t.raw_headers.clone();
        }
    };
    let loaded = ingest::read_source_chunked(name, src, opts, Some(ingest::csv::Chunks { bytes: chunk.max(1), emit: &mut |t| { take(t); Ok(()) } }))?;
    let mut errors = loaded.errors;
    for t in loaded.tables {
        take(t);
    }
    let Some(sample) = sample else {
        errors.push(Error::new(crate::ErrorKind::Empty { pos: crate::Position::file(name) }));
        return Err(errors.swap_remove(0));
    };
    b.d.txns.shrink_to_fit();
    Ok((Part { d: b.d, card_alias: b.card_alias }, sample, rows, errors))
}
