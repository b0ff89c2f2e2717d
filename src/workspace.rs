//! `Workspace`: the files a user has loaded, as datasets with mappings. The
//! page's `Session` and the CLI both hold one.

use crate::error::{Error, Result};
use crate::ingest::{self, Dataset, IngestOptions};
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Workspace {
    datasets: Vec<Dataset>,
    /// Statement owners named in preambles/footers (the reader drops those lines).
    owners: Vec<crate::flow::OwnerHint>,
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
        ds.mapping = m;
        Ok(())
    }

    pub fn remove(&mut self, i: usize) -> Option<Dataset> {
        (i < self.datasets.len()).then(|| self.datasets.remove(i))
    }

    pub fn clear(&mut self) {
        self.datasets.clear();
        self.owners.clear();
    }
}
