//! `Workspace`: the files a user has loaded, as datasets with mappings. The
//! page's `Session` and the CLI both hold one.

use crate::error::{Error, Result};
use crate::ingest::{self, Dataset, IngestOptions};
use crate::flow::stream::{self, Streamed};
use std::sync::Mutex;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Workspace {
    datasets: Vec<Dataset>,
    /// Per dataset: the source of a statement streamed from it (its dataset
    /// then holds a sample of the rows, see `flow::stream`).
    streams: Vec<Option<Mutex<Streamed>>>,
    /// Statement owners named in preambles/footers (the reader drops those lines).
    owners: Vec<crate::flow::OwnerHint>,
    /// Chunk size of streamed statements; 0 = `flow::stream::CHUNK_BYTES`.
    chunk_bytes: usize,
}

/// What adding one file did: the datasets it added (indices) and the errors
/// for the file or its sheets.
#[derive(Debug, Default)]
pub struct Added {
    pub datasets: Vec<usize>,
    pub errors: Vec<Error>,
}

/// One file read into datasets, not yet added to a workspace.
#[derive(Debug)]
pub struct FileRead {
    hint: Option<crate::flow::OwnerHint>,
    read: Result<(Vec<Dataset>, Vec<Error>)>,
}

impl FileRead {
    fn datasets(loaded: ingest::Loaded) -> (Vec<Dataset>, Vec<Error>) {
        (loaded.tables.into_iter().map(Dataset::new).collect(), loaded.errors)
    }
}

/// The kind a user named (`kind=FILE`, the page's dropdown), or an error listing the kinds.
pub fn kind_spec(kind: &str) -> Result<&'static ingest::kinds::KindSpec> {
    ingest::kinds::get(kind).ok_or_else(|| {
        let valid: Vec<&str> = ingest::kinds::all().iter().map(|k| k.kind.as_str()).collect();
        Error::plan(format!("未知的数据类型“{kind}”。可选：{}", valid.join("、")))
    })
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Read a file and add each of its sheets as a dataset with a guessed kind.
    pub fn add_file(&mut self, name: &str, bytes: &[u8], opts: &IngestOptions) -> Added {
        self.add_read(Workspace::read_file(name, bytes, opts))
    }

    /// `add_file` from a source read in pieces (the page's `File`): a text
    /// file is streamed, never whole in memory.
    pub fn add_source<S: ingest::ByteSource + ?Sized>(&mut self, name: &str, src: &mut S, opts: &IngestOptions) -> Added {
        let hint = crate::flow::preamble::owner_hint_source(name, src);
        self.add_read(FileRead { hint, read: ingest::read_source(name, src, opts).map(FileRead::datasets) })
    }

    /// `add_source` for a source the workspace may keep: a text statement
    /// is streamed into the flow analysis's compact table as it is read and
    /// its source kept for reading again (`flow::stream`), so its cells are
    /// never all in memory; any other file is read as by `add_source`.
    pub fn add_source_kept(&mut self, name: &str, mut src: Box<dyn ingest::ByteSource + Send>, opts: &IngestOptions) -> Added {
        let hint = crate::flow::preamble::owner_hint_source(name, src.as_mut());
        let mut owners: Vec<crate::flow::OwnerHint> = self.owners.iter().filter(|o| hint.as_ref().is_none_or(|h| h.file != o.file)).cloned().collect();
        owners.extend(hint.clone());
        let mut src = match stream::read(name, src, opts, &owners, self.chunk()) {
            Ok(Ok(loaded)) => {
                let added = self.add_read(FileRead { hint, read: Ok((vec![loaded.dataset], loaded.errors)) });
                if let Some(slot) = added.datasets.first().and_then(|&i| self.streams.get_mut(i)) {
                    *slot = Some(Mutex::new(loaded.streamed));
                }
                return added;
            }
            Ok(Err(src)) => src,
            Err(e) => return Added { datasets: Vec::new(), errors: vec![e] },
        };
        self.add_read(FileRead { hint, read: ingest::read_source(name, src.as_mut(), opts).map(FileRead::datasets) })
    }

    /// Cell text per chunk of a streamed statement (tests make it tiny).
    fn chunk(&self) -> usize {
        if self.chunk_bytes == 0 { stream::CHUNK_BYTES } else { self.chunk_bytes }
    }

    /// Set the chunk size of streamed statements (0 = the default): tests
    /// use a few bytes, so every row is a chunk of its own.
    pub fn set_chunk_bytes(&mut self, bytes: usize) {
        self.chunk_bytes = bytes;
    }

    /// Data rows of dataset `i`: of the whole file for a streamed statement.
    pub fn rows(&self, i: usize) -> usize {
        match self.streams.get(i) {
            Some(Some(s)) => s.lock().map_or(0, |s| s.rows),
            _ => self.datasets.get(i).map_or(0, Dataset::len),
        }
    }

    /// Whether some dataset holds only a sample of a streamed statement.
    pub fn has_streams(&self) -> bool {
        self.streams.iter().any(Option::is_some)
    }

    /// The flow analysis's table of everything loaded (`flow::build`),
    /// streamed statements read from their parts or sources.
    pub fn flow_build(&self, opts: &crate::flow::FlowOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> Result<crate::flow::FlowData> {
        crate::flow::build_streamed(&self.datasets, &self.streams, opts, progress)
    }

    /// The reading half of [`add_file`](Self::add_file), which needs no
    /// workspace: callers read several files at once on native threads,
    /// then add them in order with [`add_read`](Self::add_read).
    pub fn read_file(name: &str, bytes: &[u8], opts: &IngestOptions) -> FileRead {
        FileRead {
            hint: crate::flow::preamble::owner_hint(name, bytes),
            read: ingest::read(name, bytes, opts).map(FileRead::datasets),
        }
    }

    /// Add a file read by [`read_file`](Self::read_file).
    pub fn add_read(&mut self, file: FileRead) -> Added {
        let mut added = Added::default();
        if let Some(h) = file.hint {
            self.owners.retain(|o| o.file != h.file);
            self.owners.push(h);
        }
        match file.read {
            Ok((datasets, errors)) => {
                for ds in datasets {
                    added.datasets.push(self.datasets.len());
                    self.datasets.push(ds);
                    self.streams.push(None);
                }
                added.errors = errors;
            }
            Err(e) => added.errors.push(e),
        }
        added
    }

    pub fn datasets(&self) -> &[Dataset] {
        &self.datasets
    }

    /// Owners found in the files' preambles or footers (for the flow analysis).
    pub fn owner_hints(&self) -> &[crate::flow::OwnerHint] {
        &self.owners
    }

    pub fn dataset(&self, i: usize) -> Option<&Dataset> {
        self.datasets.get(i)
    }

    /// Confirm or change a dataset's kind and columns (field → header name).
    pub fn set_mapping(&mut self, i: usize, kind: &str, columns: &BTreeMap<String, String>) -> Result<()> {
        let spec = kind_spec(kind)?;
        let ds = self.datasets.get_mut(i).ok_or_else(|| Error::plan(format!("没有第 {i} 个数据表")))?;
        let mut m = ingest::mapping::map_kind(&ds.table, spec);
        if !columns.is_empty() {
            m.columns.clear();
            for (field, header) in columns {
                if spec.field(field).is_none() {
                    return Err(Error::plan(format!("数据类型“{}”没有字段“{field}”", spec.label)));
                }
                let col = ds.table.column(header).ok_or_else(|| {
                    Error::new(crate::ErrorKind::ColumnMissing {
                        pos: crate::Position::file(&ds.table.source.file).sheet(ds.table.source.sheet.as_deref()),
                        column: header.clone(),
                        available: ds.table.headers.clone(),
                    })
                })?;
                m.columns.insert(field.clone(), col);
            }
        }
        // A streamed statement holds a sample of its rows; mapped to another
        // kind, screening rules read its rows themselves, so the whole table
        // is read again from the kept source (and no longer streamed).
        if m.kind != "transactions" {
            if let Some(slot) = self.streams.get_mut(i) {
                if let Some(s) = slot.take() {
                    let mut s = s.into_inner().map_err(|_| Error::plan("内部错误：流水来源不可用"))?;
                    match s.whole_table(&ds.table.source.file) {
                        Ok(table) => ds.table = table,
                        Err(e) => {
                            // Kept for the next attempt: the dataset still holds only a sample.
                            *slot = Some(std::sync::Mutex::new(s));
                            return Err(e);
                        }
                    }
                }
            }
        }
        ds.mapping = m;
        Ok(())
    }

    pub fn remove(&mut self, i: usize) -> Option<Dataset> {
        if i < self.streams.len() {
            self.streams.remove(i);
        }
        (i < self.datasets.len()).then(|| self.datasets.remove(i))
    }

    pub fn clear(&mut self) {
        self.datasets.clear();
        self.streams.clear();
        self.owners.clear();
    }
}
