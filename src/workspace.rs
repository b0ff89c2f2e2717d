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
        let mut added = Added::default();
        if let Some(h) = crate::flow::preamble::owner_hint(name, bytes) {
            self.owners.retain(|o| o.file != h.file);
            self.owners.push(h);
        }
        match ingest::read(name, bytes, opts) {
            Ok(loaded) => {
                for t in loaded.tables {
                    added.datasets.push(self.datasets.len());
                    self.datasets.push(Dataset::new(t));
                }
                added.errors = loaded.errors;
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
