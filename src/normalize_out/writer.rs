//! Writes the normalised tables of many input files, one file at a time
//! (memory is bounded by the largest single input, not by the whole
//! directory), appending to one Parquet writer per output table.

use crate::engine::cases::zhongben_list;
use crate::engine::columns::Columns;
use crate::engine::eval::{negative, Val};
use crate::engine::person::{self, IdState, PersonKey};
use crate::ingest::{quality, Dataset, IngestOptions};
use crate::normalize::{case_no, multi, nulls, Parsed};
use crate::sql::schema::{self, ColTy, Storage};
use crate::{Error, Result, Workspace};
use arrow_array::builder::{BooleanBuilder, Date32Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows per record batch (and so per Parquet row group at most).
const BATCH: usize = 65_536;
/// Days from 0001-01-01 to 1970-01-01 (chrono's CE day numbers → Date32).
const EPOCH_CE: i32 = 719_163;

/// What a run wrote.
#[derive(Debug, Default, serde::Serialize)]
pub struct Summary {
    /// Rows written per table (`cases`, `cases_parties`, …).
    pub rows: BTreeMap<String, u64>,
    /// The page's quality report of every table read.
    pub files: Vec<quality::FileReport>,
    /// Data rows the readers skipped (same count as the page's 跳过的行).
    pub skipped_rows: u64,
    /// Tables whose kind was not recognised (not written).
    pub unrecognised: Vec<String>,
    /// Files or sheets that could not be read, with the reason.
    pub errors: Vec<String>,
}

enum Builder {
    Text(StringBuilder),
    I64(Int64Builder),
    I32(Int32Builder),
    Date(Date32Builder),
    Bool(BooleanBuilder),
}

impl Builder {
    fn new(t: ColTy) -> Builder {
        match t {
            ColTy::Text => Builder::Text(StringBuilder::new()),
            ColTy::Int64 => Builder::I64(Int64Builder::new()),
            ColTy::Int32 => Builder::I32(Int32Builder::new()),
            ColTy::Date => Builder::Date(Date32Builder::new()),
            ColTy::Bool => Builder::Bool(BooleanBuilder::new()),
        }
    }
    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::I64(b) => Arc::new(b.finish()),
            Builder::I32(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
        }
    }
}

/// One value to append; a mismatch with the column type appends NULL.
enum V<'a> {
    Null,
    S(&'a str),
    I(i64),
    D(i32),
    B(bool),
}

/// One output table: its schema, open writer and the batch being filled.
struct Table {
    schema: SchemaRef,
    builders: Vec<Builder>,
    filled: usize,
    writer: ArrowWriter<File>,
    rows: u64,
}

impl Table {
    fn create(path: &Path, cols: &[schema::Col]) -> Result<Table> {
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
        let schema: SchemaRef = Arc::new(Schema::new(fields));
        let file = File::create(path).map_err(|e| Error::plan(format!("无法写入“{}”：{e}", path.display())))?;
        let writer = ArrowWriter::try_new(file, schema.clone(), None).map_err(|e| Error::internal(e.to_string()))?;
        Ok(Table { builders: cols.iter().map(|c| Builder::new(c.ty)).collect(), schema, filled: 0, writer, rows: 0 })
    }

    /// Append one row; `vals` in column order.
    fn push(&mut self, vals: &[V]) -> Result<()> {
        for (b, v) in self.builders.iter_mut().zip(vals.iter().chain(std::iter::repeat(&V::Null))) {
            match (b, v) {
                (Builder::Text(b), V::S(s)) => b.append_value(s),
                (Builder::Text(b), _) => b.append_null(),
                (Builder::I64(b), V::I(x)) => b.append_value(*x),
                (Builder::I64(b), _) => b.append_null(),
                (Builder::I32(b), V::I(x)) => b.append_option(i32::try_from(*x).ok()),
                (Builder::I32(b), _) => b.append_null(),
                (Builder::Date(b), V::D(x)) => b.append_value(*x),
                (Builder::Date(b), _) => b.append_null(),
                (Builder::Bool(b), V::B(x)) => b.append_value(*x),
                (Builder::Bool(b), _) => b.append_null(),
            }
        }
        self.filled += 1;
        self.rows += 1;
        if self.filled >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.filled == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(|e| Error::internal(e.to_string()))?;
        self.writer.write(&batch).map_err(|e| Error::internal(e.to_string()))?;
        self.filled = 0;
        Ok(())
    }

    fn close(mut self) -> Result<u64> {
        self.flush()?;
        self.writer.close().map_err(|e| Error::internal(e.to_string()))?;
        Ok(self.rows)
    }
}

/// A blank text is stored as NULL.
fn opt(s: Option<&str>) -> V<'_> {
    s.filter(|x| !x.is_empty()).map_or(V::Null, V::S)
}

fn day(d: chrono::NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&d) - EPOCH_CE
}

/// Normalise `files` (`[kind=]path`, as the other commands take them) into `dir`.
pub fn normalize_files(files: &[(Option<String>, PathBuf)], dir: &Path, opts: &IngestOptions) -> Result<Summary> {
    std::fs::create_dir_all(dir).map_err(|e| Error::plan(format!("无法创建目录“{}”：{e}", dir.display())))?;
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for k in schema::all_kinds() {
        tables.insert(k.clone(), Table::create(&dir.join(format!("{k}.parquet")), &schema::columns_of(&k))?);
        let p = format!("{k}_parties");
        tables.insert(p.clone(), Table::create(&dir.join(format!("{p}.parquet")), &schema::party_columns())?);
    }
    let mut sum = Summary::default();
    let mut next_rid: BTreeMap<String, i64> = BTreeMap::new();
    for (kind, path) in files {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                sum.errors.push(format!("无法打开文件“{}”：{e}", path.display()));
                continue;
            }
        };
        // One workspace per file: its tables are dropped before the next file is read.
        let mut ws = Workspace::new();
        let added = ws.add_file(&name, &bytes, opts);
        drop(bytes);
        sum.errors.extend(added.errors.iter().map(ToString::to_string));
        if let Some(k) = kind {
            for &i in &added.datasets {
                ws.set_mapping(i, k, &BTreeMap::new())?;
            }
        }
        let cols = Columns::new();
        for (d, ds) in ws.datasets().iter().enumerate() {
            let report = quality::report(ds);
            sum.skipped_rows += ds.table.skipped.len() as u64;
            sum.files.push(report);
            let k = ds.kind().to_string();
            if k.is_empty() || !tables.contains_key(&k) {
                let sheet = ds.table.source.sheet.as_deref().map(|s| format!(" {s}")).unwrap_or_default();
                sum.unrecognised.push(format!("{}{sheet}", ds.table.source.file));
                continue;
            }
            let rid = next_rid.entry(k.clone()).or_insert(0);
            let first = *rid;
            *rid += ds.len() as i64;
            if let Some(t) = tables.get_mut(&k) {
                write_rows(t, ws.datasets(), d as u32, &cols, first)?;
            }
            if let Some(t) = tables.get_mut(&format!("{k}_parties")) {
                write_parties(t, ds, first)?;
            }
        }
    }
    for (name, t) in tables {
        let n = t.close()?;
        sum.rows.insert(name, n);
    }
    let report = serde_json::to_string_pretty(&sum).map_err(|e| Error::internal(e.to_string()))?;
    let rp = dir.join("_report.json");
    std::fs::write(&rp, report + "\n").map_err(|e| Error::plan(format!("无法写入“{}”：{e}", rp.display())))?;
    Ok(sum)
}

fn write_rows(t: &mut Table, datasets: &[Dataset], d: u32, cols: &Columns, first_rid: i64) -> Result<()> {
    let Some(ds) = datasets.get(d as usize) else { return Ok(()) };
    let kind = ds.kind();
    let Some(spec) = crate::ingest::kinds::get(kind) else { return Ok(()) };
    let mapped = format!(
        ",{},",
        spec.fields.iter().filter(|f| ds.has(&f.name)).map(|f| f.name.as_str()).collect::<Vec<_>>().join(",")
    );
    let typed: Vec<_> = spec
        .fields
        .iter()
        .map(|f| {
            let st = schema::storage(f.ty);
            (st, f.name.as_str(), st == Storage::Id)
        })
        .collect();
    let listed = kind == "cases" && zhongben_list(ds);
    let sheet = ds.table.source.sheet.clone();
    // Owned strings of one row, borrowed by the value list below.
    let mut texts: Vec<String> = Vec::new();
    for r in 0..ds.len() {
        texts.clear();
        let mut vals: Vec<V> = Vec::with_capacity(8 + typed.len() * 4);
        // Column values that need owned text are collected first, as (slot, text).
        let mut owned: Vec<(usize, String)> = Vec::new();
        vals.push(V::I(first_rid + r as i64));
        vals.push(V::Null); // _file, filled below
        vals.push(V::Null); // _sheet
        vals.push(V::I(i64::from(ds.table.line(r))));
        vals.push(V::Null); // _mapped
        for &(st, field, has_birth) in &typed {
            // The engine's typed cells (parsed once, memoised), never a second parser.
            let v = cols.value(datasets, d, field, r);
            let bad = V::B(v == Val::Bad);
            match st {
                Storage::Fen => {
                    vals.push(if let Val::Fen(x) = v { V::I(x) } else { V::Null });
                    vals.push(bad);
                }
                Storage::Date => {
                    vals.push(if let Val::Date(x) = v { V::D(day(x)) } else { V::Null });
                    vals.push(bad);
                }
                Storage::Status => {
                    match &v {
                        Val::Status(s) => {
                            owned.push((vals.len(), s.letters()));
                            vals.push(V::Null);
                        }
                        _ => vals.push(V::Null),
                    }
                    vals.push(bad);
                }
                st => {
                    let text = match &v {
                        Val::Text(t) => Some(t.to_string()),
                        _ => None,
                    };
                    match &text {
                        Some(t) => {
                            owned.push((vals.len(), t.clone()));
                            vals.push(V::Null);
                            let k = person::name_key(t);
                            if k.is_empty() {
                                vals.push(V::Null);
                            } else {
                                owned.push((vals.len(), k));
                                vals.push(V::Null);
                            }
                            vals.push(V::B(negative(t)));
                        }
                        None => vals.extend([V::Null, V::Null, V::Null]),
                    }
                    if st == Storage::Id {
                        match if has_birth { cols.birth(datasets, d, field, r) } else { Val::Null } {
                            Val::Date(b) => vals.extend([V::D(day(b)), V::B(false)]),
                            Val::Bad => vals.extend([V::Null, V::B(true)]),
                            _ => vals.extend([V::Null, V::B(false)]),
                        }
                    }
                    if st == Storage::CaseNo {
                        match text.as_deref().map(case_no::parse) {
                            Some(Parsed::Value(c)) => {
                                for part in [c.court, c.kind] {
                                    if part.is_empty() {
                                        vals.push(V::Null);
                                    } else {
                                        owned.push((vals.len(), part));
                                        vals.push(V::Null);
                                    }
                                }
                                vals.push(if c.year > 0 { V::I(i64::from(c.year)) } else { V::Null });
                            }
                            _ => vals.extend([V::Null, V::Null, V::Null]),
                        }
                    }
                }
            }
        }
        if kind == "cases" {
            vals.push(if listed { V::S("是") } else { V::Null });
        }
        let fixed: [(usize, Option<&str>); 3] =
            [(1, Some(ds.table.source.file.as_str())), (2, sheet.as_deref()), (4, Some(mapped.as_str()))];
        for (slot, s) in fixed {
            if let (Some(v), Some(s)) = (vals.get_mut(slot), s) {
                *v = V::S(s);
            }
        }
        for (slot, s) in &owned {
            if let Some(v) = vals.get_mut(*slot) {
                *v = V::S(s.as_str());
            }
        }
        t.push(&vals)?;
    }
    Ok(())
}

/// Person entries of every name/ID pair of the row's kind. Cells naming
/// several people are split the way the engine splits them (`multi::split`);
/// entries with neither a name nor an ID are left out (they never match).
fn write_parties(t: &mut Table, ds: &Dataset, first_rid: i64) -> Result<()> {
    let pairs = schema::person_pairs(ds.kind());
    let sheet = ds.table.source.sheet.clone();
    for r in 0..ds.len() {
        for (name_f, id_f) in &pairs {
            if !ds.has(name_f) && !ds.has(id_f) {
                continue;
            }
            let names = ds.get(r, name_f);
            let ids = if id_f.is_empty() { "" } else { ds.get(r, id_f) };
            let ns = multi::split(names);
            let is = multi::split(ids);
            for i in 0..ns.len().max(is.len()) {
                let name = ns.get(i).copied().unwrap_or("");
                let id_raw = is.get(i).copied().unwrap_or("");
                if nulls::is_null(name) && nulls::is_null(id_raw) {
                    continue;
                }
                let key = PersonKey::new(name, id_raw);
                let (st, v, txt) = match &key.id {
                    IdState::Valid { value, .. } => ("valid", Some(value.as_str()), Some(value.as_str())),
                    IdState::Masked { value } => ("masked", None, Some(value.as_str())),
                    IdState::Damaged { prefix, .. } => ("damaged", None, Some(prefix.as_str())),
                    IdState::None => ("none", None, None),
                };
                let like = match &key.id {
                    IdState::Masked { value } => Some(value.replace('*', "_")),
                    _ => None,
                };
                let shown = crate::engine::plan::shown_id(&key, id_raw);
                let vals = [
                    V::I(first_rid + r as i64),
                    V::S(ds.table.source.file.as_str()),
                    opt(sheet.as_deref()),
                    V::I(i64::from(ds.table.line(r))),
                    V::S(name_f.as_str()),
                    V::I(i as i64),
                    V::S(name.trim()),
                    opt(Some(key.name.as_str())),
                    V::S(id_raw.trim()),
                    opt(Some(shown.as_str())),
                    V::S(st),
                    opt(v),
                    opt(txt),
                    opt(like.as_deref()),
                    key.birth().map_or(V::Null, |b| V::D(day(b))),
                ];
                t.push(&vals)?;
            }
        }
    }
    Ok(())
}
