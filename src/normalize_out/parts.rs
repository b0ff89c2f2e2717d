//! The output layout: one directory per table (`DIR/cases/`,
//! `DIR/cases_parties/`, …) holding Parquet parts, one dataset per kind
//! however many exports it came from. Each input file is written to parts
//! of its own by the worker that reads it (`part-FFFFF-NNNN.parquet`: input
//! file index, then a new part every `PART_ROWS` rows), so workers never
//! wait on a single writer and the parts do not depend on which worker ran
//! first. A table no input had gets one empty part (`part-empty.parquet`),
//! so SQL views over `TABLE/*.parquet` (DuckDB) or the directory (Spark)
//! always resolve.

use crate::sql::schema::{self, ColTy};
use crate::{Error, Result};
use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows per part at most (a very large input file gives several parts).
pub const PART_ROWS: u64 = 1 << 22;

/// Encoded bytes a row group holds at most before it is flushed (the
/// writer keeps a row group in memory; parquet's default of 1M rows would
/// hold a whole large export). 64 MiB is half of Spark's block size.
pub const ROW_GROUP_BYTES: usize = 64 << 20;

fn writer(f: File, table: &str) -> parquet::errors::Result<ArrowWriter<File>> {
    let props = parquet::file::properties::WriterProperties::builder().set_max_row_group_bytes(Some(ROW_GROUP_BYTES)).build();
    ArrowWriter::try_new(f, schema_of(&table_columns(table)), Some(props))
}

/// Every output table: each kind and its `_parties`.
pub fn tables() -> Vec<String> {
    schema::all_kinds().into_iter().flat_map(|k| [format!("{k}_parties"), k]).collect()
}

/// The columns of an output table (`cases`, `cases_parties`, …).
pub fn table_columns(name: &str) -> Vec<schema::Col> {
    if name.ends_with("_parties") {
        schema::party_columns()
    } else {
        schema::columns_of(name)
    }
}

pub fn schema_of(cols: &[schema::Col]) -> SchemaRef {
    let fields: Vec<Field> = cols
        .iter()
        .map(|c| {
            let t = match c.ty {
                ColTy::Text => DataType::Utf8,
                ColTy::Int64 => DataType::Int64,
                ColTy::Int32 => DataType::Int32,
                ColTy::Date => DataType::Date32,
                ColTy::Bool => DataType::Boolean,
            };
            Field::new(c.name.as_str(), t, true)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

fn write_err(p: &Path, e: impl std::fmt::Display) -> Error {
    Error::plan(format!("无法写入“{}”：{e}", p.display()))
}

/// Create `DIR/TABLE/` for every table and remove the parts an earlier run
/// left there (only `part-*.parquet`; other files are the user's).
pub fn prepare(dir: &Path) -> Result<()> {
    for t in tables() {
        let d = dir.join(&t);
        std::fs::create_dir_all(&d).map_err(|e| write_err(&d, e))?;
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("part-") && name.ends_with(".parquet") {
                std::fs::remove_file(e.path()).map_err(|err| write_err(&e.path(), err))?;
            }
        }
    }
    Ok(())
}

/// An empty part for every table without rows.
pub fn fill_empty(dir: &Path, rows: &BTreeMap<String, u64>) -> Result<()> {
    for t in tables() {
        if rows.get(&t).copied().unwrap_or(0) == 0 {
            let p = dir.join(&t).join("part-empty.parquet");
            let f = File::create(&p).map_err(|e| write_err(&p, e))?;
            let w = writer(f, &t).map_err(|e| write_err(&p, e))?;
            w.close().map_err(|e| write_err(&p, e))?;
        }
    }
    Ok(())
}

/// The open parts of one input file.
pub struct Parts {
    dir: PathBuf,
    file: usize,
    open: BTreeMap<String, Open>,
    rows: BTreeMap<String, u64>,
}

struct Open {
    writer: ArrowWriter<File>,
    path: PathBuf,
    rows: u64,
    next: u32,
}

impl Parts {
    /// Parts of input file `file` under `dir`.
    pub fn new(dir: &Path, file: usize) -> Parts {
        Parts { dir: dir.to_path_buf(), file, open: BTreeMap::new(), rows: BTreeMap::new() }
    }

    fn create(&self, table: &str, n: u32) -> Result<Open> {
        let path = self.dir.join(table).join(format!("part-{:05}-{n:04}.parquet", self.file));
        let f = File::create(&path).map_err(|e| write_err(&path, e))?;
        let writer = writer(f, table).map_err(|e| write_err(&path, e))?;
        Ok(Open { writer, path, rows: 0, next: n + 1 })
    }

    /// Append a batch of `table`'s rows.
    pub fn write(&mut self, table: &str, b: &RecordBatch) -> Result<()> {
        let full = self.open.get(table).is_some_and(|o| o.rows >= PART_ROWS);
        if full {
            if let Some(o) = self.open.remove(table) {
                let next = o.next;
                o.writer.close().map_err(|e| write_err(&o.path, e))?;
                let o = self.create(table, next)?;
                self.open.insert(table.to_string(), o);
            }
        }
        if !self.open.contains_key(table) {
            let o = self.create(table, 0)?;
            self.open.insert(table.to_string(), o);
        }
        let Some(o) = self.open.get_mut(table) else { return Ok(()) };
        o.rows += b.num_rows() as u64;
        *self.rows.entry(table.to_string()).or_insert(0) += b.num_rows() as u64;
        o.writer.write(b).map_err(|e| write_err(&o.path, e))
    }

    /// Close every part; the rows written per table.
    pub fn close(self) -> Result<BTreeMap<String, u64>> {
        for o in self.open.into_values() {
            o.writer.close().map_err(|e| write_err(&o.path, e))?;
        }
        Ok(self.rows)
    }
}
