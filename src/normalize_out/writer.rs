//! Writes the normalised tables of many input files. Worker threads (one
//! file each, as many as there are cores) read and normalise files into
//! Arrow record batches and write them to Parquet parts of their own
//! (`parts`): no single writer, and memory bounded by one chunk of text per
//! worker (`ingest::read_source_chunked`; a workbook sheet for XLSX/XLS), not by the
//! size of a file or of the directory. Row ids are `file index × 10⁹ + row`,
//! so they do not depend on which worker finishes first.

use crate::engine::cases::zhongben_list;
use crate::engine::columns::Columns;
use crate::engine::eval::{classify, negative, Val};
use crate::engine::person::{self, IdState, PersonKey};
use crate::flow::read::{role, Role};
use super::parts::{self, Parts};
use crate::ingest::{quality, Dataset, IngestOptions};
use crate::normalize::{case_no, multi, nulls, Parsed};
use crate::sql::schema::{self, ColTy, Storage};
use crate::{Error, Result, Workspace};
use arrow_array::builder::{BooleanBuilder, Date32Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::SchemaRef;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

/// Rows per record batch handed to the Parquet writer (row groups: `parts::ROW_GROUP_BYTES`).
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

/// Rows of one output table being filled by a worker.
struct Table {
    name: String,
    schema: SchemaRef,
    builders: Vec<Builder>,
    filled: usize,
}

/// Where full batches go (a worker's channel to the writer thread).
/// Where a worker's full batches go: its own Parquet parts.
type Out<'a> = &'a mut Parts;

impl Table {
    fn new(name: &str) -> Table {
        let cols = parts::table_columns(name);
        Table { name: name.to_string(), schema: parts::schema_of(&cols), builders: cols.iter().map(|c| Builder::new(c.ty)).collect(), filled: 0 }
    }

    /// Append one row; `vals` in column order.
    fn push(&mut self, vals: &[V], send: Out) -> Result<()> {
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
        if self.filled >= BATCH {
            self.flush(send)?;
        }
        Ok(())
    }

    fn flush(&mut self, send: Out) -> Result<()> {
        if self.filled == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(|e| Error::internal(e.to_string()))?;
        self.filled = 0;
        send.write(&self.name, &batch)
    }
}

/// The report of one input file, and whether the flow analysis reads it
/// (statements, cases, persons, accounts).
#[derive(Default)]
struct FileOut {
    files: Vec<quality::FileReport>,
    skipped_rows: u64,
    unrecognised: Vec<String>,
    errors: Vec<String>,
    flow: bool,
    statements: bool,
}

/// Row ids of one input file start at `index × FILE_RIDS`.
const FILE_RIDS: i64 = 1_000_000_000;

/// A blank text is stored as NULL.
fn opt(s: Option<&str>) -> V<'_> {
    s.filter(|x| !x.is_empty()).map_or(V::Null, V::S)
}

fn day(d: chrono::NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&d) - EPOCH_CE
}

/// Normalise `files` (`[kind=]path`, as the other commands take them) into
/// `dir`, reading up to `jobs` files at once (0: one per core).
pub fn normalize_files(files: &[(Option<String>, PathBuf)], dir: &Path, opts: &IngestOptions) -> Result<Summary> {
    normalize_files_jobs(files, dir, opts, 0)
}

pub fn normalize_files_jobs(
    files: &[(Option<String>, PathBuf)],
    dir: &Path,
    opts: &IngestOptions,
    jobs: usize,
) -> Result<Summary> {
    normalize_files_with(files, dir, opts, Settings { jobs, ..Settings::default() })
}

/// Cell text per chunk of a text file read in chunks (`Settings::chunk_bytes`).
pub const CHUNK_BYTES: usize = 32 << 20;

/// How a run reads its inputs.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Files read at once (0: one per core).
    pub jobs: usize,
    /// Text files are read in chunks of about this much cell text (0: whole,
    /// as the page reads them; tests compare the two).
    pub chunk_bytes: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { jobs: 0, chunk_bytes: CHUNK_BYTES }
    }
}

pub fn normalize_files_with(files: &[(Option<String>, PathBuf)], dir: &Path, opts: &IngestOptions, settings: Settings) -> Result<Summary> {
    let jobs = settings.jobs;
    std::fs::create_dir_all(dir).map_err(|e| Error::plan(format!("无法创建目录“{}”：{e}", dir.display())))?;
    parts::prepare(dir)?;
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let workers = if jobs == 0 { cores } else { jobs }.min(files.len()).max(1);
    let next = AtomicUsize::new(0);
    // Workers write their own parts; only the reports come back here.
    let (tx, rx) = mpsc::channel::<Result<(usize, FileOut, BTreeMap<String, u64>)>>();
    let mut outs: Vec<(usize, FileOut)> = Vec::new();
    let mut rows: BTreeMap<String, u64> = BTreeMap::new();
    let mut failure: Option<Error> = None;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((kind, path)) = files.get(i) else { break };
                let mut parts = Parts::new(dir, i);
                let r = normalize_one(i, kind.as_deref(), path, opts, settings.chunk_bytes, &mut parts);
                let r = r.and_then(|out| Ok((i, out, parts.close()?)));
                let failed = r.is_err();
                if tx.send(r).is_err() || failed {
                    break;
                }
            });
        }
        drop(tx);
        for m in rx {
            match m {
                Ok((i, out, n)) => {
                    outs.push((i, out));
                    for (t, n) in n {
                        *rows.entry(t).or_insert(0) += n;
                    }
                }
                Err(e) => {
                    // Stop handing out files; the workers finish their current one.
                    next.store(files.len(), Ordering::Relaxed);
                    failure.get_or_insert(e);
                }
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    outs.sort_by_key(|(i, _)| *i);
    let mut sum = Summary::default();
    let mut flow_files: Vec<usize> = Vec::new();
    let mut statements = false;
    for (i, o) in outs {
        sum.files.extend(o.files);
        sum.skipped_rows += o.skipped_rows;
        sum.unrecognised.extend(o.unrecognised);
        sum.errors.extend(o.errors);
        if o.flow {
            flow_files.push(i);
        }
        statements |= o.statements;
    }
    if statements {
        // The flow analysis needs every statement and the cases' timelines at
        // once; those files are read a second time, whole (in input order),
        // rather than kept from the first pass, so files without statements
        // never stay in memory.
        let mut flow: Vec<Dataset> = Vec::new();
        for i in flow_files {
            let Some((kind, path)) = files.get(i) else { continue };
            if let Ok((ws, _)) = read_file(kind.as_deref(), path, opts)? {
                flow.extend(ws.datasets().iter().filter(|d| !matches!(role(d), Role::Ignored)).cloned());
            }
        }
        for (t, n) in write_txn(&flow, dir)? {
            *rows.entry(t).or_insert(0) += n;
        }
    }
    parts::fill_empty(dir, &rows)?;
    for t in parts::tables() {
        sum.rows.insert(t.clone(), rows.get(&t).copied().unwrap_or(0));
    }
    let report = serde_json::to_string_pretty(&sum).map_err(|e| Error::internal(e.to_string()))?;
    let rp = dir.join("_report.json");
    std::fs::write(&rp, report + "\n").map_err(|e| Error::plan(format!("无法写入“{}”：{e}", rp.display())))?;
    Ok(sum)
}

/// `txn`: the flow analysis's transactions of every statement read, with
/// the case phases of the cases read (the same bridge the engine builds,
/// `flow::dataset`), one dataset per statement file.
fn write_txn(flow: &[Dataset], dir: &Path) -> Result<BTreeMap<String, u64>> {
    let data = crate::flow::build::build(flow.iter().collect::<Vec<_>>(), &crate::flow::FlowOptions::default(), &mut |_, _, _| {});
    let txn = crate::flow::dataset::txn_datasets(&data);
    drop(data);
    // Its own parts, numbered after no input file (part-00000 is file 0's
    // number, but no input file writes `txn`).
    let mut parts = Parts::new(dir, 0);
    let cols = Columns::new();
    let mut rows = Table::new("txn");
    let mut parties = Table::new("txn_parties");
    let mut rid = 0i64;
    let sets: Vec<&Dataset> = txn.iter().collect();
    for (d, ds) in txn.iter().enumerate() {
        write_rows(&mut rows, &sets, d as u32, &cols, rid, &mut parts)?;
        write_parties(&mut parties, ds, rid, &mut parts)?;
        rid += ds.len() as i64;
    }
    rows.flush(&mut parts)?;
    parties.flush(&mut parts)?;
    parts.close()
}

/// One input file as a workspace (kinds forced by `kind=FILE`), and the
/// errors of its sheets (`Ok(Err(..))` when the file cannot be opened);
/// Err when `kind=` names no kind.
fn read_file(kind: Option<&str>, path: &Path, opts: &IngestOptions) -> Result<std::result::Result<(Workspace, Vec<String>), String>> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Ok(Err(format!("无法打开文件“{}”：{e}", path.display()))),
    };
    let mut ws = Workspace::new();
    let added = ws.add_file(&name, &bytes, opts);
    drop(bytes);
    let errors: Vec<String> = added.errors.iter().map(ToString::to_string).collect();
    if let Some(k) = kind {
        for &d in &added.datasets {
            ws.set_mapping(d, k, &BTreeMap::new())?;
        }
    }
    Ok(Ok((ws, errors)))
}

/// Read and normalise one input file (index `i`), sending its batches.
/// Text files are read in chunks of about `chunk_bytes` of cell text
/// (`ingest::read_source_chunked`), so memory does not grow with their size (0:
/// whole, as the page reads them); workbooks are read a sheet at a time
/// (calamine; a sheet holds at most about a million rows).
fn normalize_one(
    i: usize,
    kind: Option<&str>,
    path: &Path,
    opts: &IngestOptions,
    chunk_bytes: usize,
    send: Out,
) -> Result<FileOut> {
    let base = i64::try_from(i).map_err(|e| Error::internal(e.to_string()))?.saturating_mul(FILE_RIDS);
    let mut w = FileWriter::new(base);
    if chunk_bytes > 0 {
        if let Some(done) = normalize_text(&mut w, kind, path, opts, chunk_bytes, send)? {
            return Ok(done);
        }
    }
    let ws = match read_file(kind, path, opts)? {
        Ok(ws) => ws,
        Err(e) => {
            w.out.errors.push(e);
            return Ok(w.out);
        }
    };
    let (ws, errors) = ws;
    w.out.errors.extend(errors);
    let sets: Vec<&Dataset> = ws.datasets().iter().collect();
    for (d, ds) in sets.iter().enumerate() {
        w.note(quality::report(ds), ds);
        w.write(&sets, d as u32, send)?;
    }
    w.finish(send)
}

/// A text file read in chunks; `None` when the file is not delimited text
/// (read whole by the caller).
fn normalize_text(
    w: &mut FileWriter,
    kind: Option<&str>,
    path: &Path,
    opts: &IngestOptions,
    chunk_bytes: usize,
    send: Out,
) -> Result<Option<FileOut>> {
    use crate::ingest::source::{self, FileSource};
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let Ok(mut src) = FileSource::open(path) else { return Ok(None) };
    let head = source::head(&mut src, crate::ingest::encoding::SNIFF_HEAD).unwrap_or_default();
    // As `ingest::read_source`: zip and cfb containers are never text.
    let container = head.starts_with(b"PK") || head.starts_with(b"\xD0\xCF\x11\xE0");
    if head.is_empty() || container || crate::ingest::sniff::sniff(&name, &head) != Ok(crate::ingest::Format::Text) {
        return Ok(None);
    }
    drop(head);
    let mut tally = quality::Tally::default();
    let mut mapping: Option<crate::ingest::Mapping> = None;
    let mut on_table = |t: crate::ingest::Table| -> Result<Dataset> {
        // The mapping is the first chunk's: every chunk has the same header.
        let m = match &mapping {
            Some(m) => m.clone(),
            None => {
                let m = match kind {
                    Some(k) => crate::ingest::mapping::map_kind(&t, crate::workspace::kind_spec(k)?),
                    None => crate::ingest::mapping::detect(&t).0,
                };
                mapping = Some(m.clone());
                m
            }
        };
        Ok(Dataset { table: t, mapping: m })
    };
    // A chunk that cannot be written ends the run; a file that cannot be
    // read is noted in the report like any other.
    let mut failed: Option<Error> = None;
    let mut chunk = |t: crate::ingest::Table| -> Result<()> {
        let ds = on_table(t)?;
        tally.add(&ds);
        w.write(&[&ds], 0, send).inspect_err(|e| failed = Some(e.clone()))
    };
    let chunks = crate::ingest::csv::Chunks { bytes: chunk_bytes, emit: &mut chunk };
    let loaded = crate::ingest::read_source_chunked(&name, &mut src, opts, Some(chunks));
    drop(chunk);
    if let Some(e) = failed {
        return Err(e);
    }
    match loaded {
        Err(e) => w.out.errors.push(e.to_string()),
        Ok(loaded) => {
            w.out.errors.extend(loaded.errors.iter().map(ToString::to_string));
            for t in loaded.tables {
                let ds = on_table(t)?;
                tally.add(&ds);
                w.write(&[&ds], 0, send)?;
                w.note(std::mem::take(&mut tally).finish(&ds), &ds);
            }
        }
    }
    let out = std::mem::replace(w, FileWriter::new(0)).finish(send)?;
    Ok(Some(out))
}

/// The output tables of one input file being filled, and its report.
struct FileWriter {
    base: i64,
    known: Vec<String>,
    tables: BTreeMap<String, Table>,
    next_rid: BTreeMap<String, i64>,
    out: FileOut,
}

impl FileWriter {
    fn new(base: i64) -> FileWriter {
        FileWriter { base, known: schema::all_kinds(), tables: BTreeMap::new(), next_rid: BTreeMap::new(), out: FileOut::default() }
    }

    /// A table's report (made over all its chunks) and what it means for the run.
    fn note(&mut self, report: quality::FileReport, ds: &Dataset) {
        self.out.skipped_rows += report.skipped.iter().map(|g| g.count as u64).sum::<u64>();
        self.out.files.push(report);
        let role = role(ds);
        self.out.flow |= !matches!(role, Role::Ignored);
        self.out.statements |= matches!(role, Role::Statement(_));
        if !self.writable(ds) {
            let sheet = ds.table.source.sheet.as_deref().map(|s| format!(" {s}")).unwrap_or_default();
            self.out.unrecognised.push(format!("{}{sheet}", ds.table.source.file));
        }
    }

    fn writable(&self, ds: &Dataset) -> bool {
        let k = ds.kind();
        !k.is_empty() && k != "txn" && self.known.iter().any(|x| x == k)
    }

    /// The rows of `datasets[d]` (a whole table or the next chunk of one),
    /// numbered on from the file's earlier rows of its kind.
    fn write(&mut self, datasets: &[&Dataset], d: u32, send: Out) -> Result<()> {
        let Some(ds) = datasets.get(d as usize) else { return Ok(()) };
        if !self.writable(ds) {
            return Ok(());
        }
        let k = ds.kind().to_string();
        let rid = self.next_rid.entry(k.clone()).or_insert(0);
        let first = self.base + *rid;
        *rid += ds.len() as i64;
        // The typed-column cache of this table only (a chunk's is dropped with it).
        let cols = Columns::new();
        let t = self.tables.entry(k.clone()).or_insert_with(|| Table::new(&k));
        write_rows(t, datasets, d, &cols, first, send)?;
        let p = format!("{k}_parties");
        let t = self.tables.entry(p.clone()).or_insert_with(|| Table::new(&p));
        write_parties(t, ds, first, send)
    }

    fn finish(mut self, send: Out) -> Result<FileOut> {
        for t in self.tables.values_mut() {
            t.flush(send)?;
        }
        Ok(self.out)
    }
}

fn write_rows(t: &mut Table, datasets: &[&Dataset], d: u32, cols: &Columns, first_rid: i64, send: Out) -> Result<()> {
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
    let classified: Vec<_> = schema::classified_of(kind).collect();
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
        // The domain normalisers the models call (`classify`), run here once
        // so SQL reads their result as a column.
        for &(field, norm, second) in &classified {
            let text = |f: &str| match cols.value(datasets, d, f, r) {
                Val::Text(t) => t.to_string(),
                _ => String::new(),
            };
            let v = classify(norm, &text(field), &second.map(text).unwrap_or_default());
            match &v {
                Val::Num(x) => vals.push(V::I(*x as i64)),
                Val::Text(t) => {
                    owned.push((vals.len(), t.to_string()));
                    vals.push(V::Null);
                }
                _ => vals.push(V::Null),
            }
            vals.push(V::B(v == Val::Bad));
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
        t.push(&vals, send)?;
    }
    Ok(())
}

/// Person entries of every name/ID pair of the row's kind. Cells naming
/// several people are split the way the engine splits them (`multi::split`);
/// entries with neither a name nor an ID are left out (they never match).
fn write_parties(t: &mut Table, ds: &Dataset, first_rid: i64, send: Out) -> Result<()> {
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
                t.push(&vals, send)?;
            }
        }
    }
    Ok(())
}
