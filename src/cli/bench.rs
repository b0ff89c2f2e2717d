//! `xiansuo bench` (hidden): generates the benchmark data and times the core
//! on it, one job per process so each job's peak memory is its own. Prints
//! one JSON object per job on stdout; `scripts/bench.sh` collects them and
//! `bench/report.py` prints the table. Measures, never asserts.

use serde_json::{json, Value};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use xiansuo::bench::{self, cases, catalogue, memory, transactions, vehicles, xlsx};
use xiansuo::ingest::IngestOptions;
use xiansuo::{Error, Result, Workspace};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Subcommand)]
enum Cmd {
    /// Write a generated cases CSV (`--rows` or `--bytes`), UTF-8 or GB18030.
    Cases {
        #[arg(long)]
        rows: Option<u64>,
        #[arg(long)]
        bytes: Option<u64>,
        #[arg(long, default_value = "utf-8")]
        encoding: String,
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Write a generated vehicles CSV whose owners overlap the debtors of a cases file of `--cases` rows.
    Vehicles {
        #[arg(long)]
        rows: u64,
        #[arg(long)]
        cases: u64,
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Write a generated cases workbook of about `--bytes` bytes.
    Xlsx {
        #[arg(long)]
        bytes: u64,
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Write generated bank statements, `--per-file` rows per file, into `--dir`.
    Transactions {
        #[arg(long)]
        rows: u64,
        #[arg(long, default_value_t = 1_000_000)]
        per_file: u64,
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Time bytes → typed table (read, decode, detect header and kind) for each file.
    Ingest {
        /// Read XLSX through the whole-sheet grid instead of streaming (the
        /// path before issue 9, still the fallback), to compare the two.
        #[arg(long)]
        grid: bool,
        files: Vec<PathBuf>,
    },
    /// Time the vehicle model from CSV bytes to leads.
    Screen { cases: PathBuf, vehicles: PathBuf },
    /// Time every flow rule from CSV bytes to leads.
    Flow {
        /// Read each file as the page does: streamed in chunks straight into
        /// the compact table, one file at a time, on one thread for reading.
        #[arg(long)]
        stream: bool,
        files: Vec<PathBuf>,
    },
    /// Write the catalogue: every dataset kind the rules read, sized for `--cases` cases, plus the demo files.
    Catalogue {
        #[arg(long)]
        cases: u64,
        #[arg(long)]
        dir: PathBuf,
    },
    /// Time every rule from file bytes to leads over the files (or the files of a `--dir`).
    ScreenAll {
        #[arg(long)]
        dir: Option<PathBuf>,
        files: Vec<PathBuf>,
    },
}

pub fn run(args: Args) -> Result<()> {
    match args.cmd {
        Cmd::Cases { rows, bytes, encoding, out } => gen_cases(rows, bytes, &encoding, &out),
        Cmd::Vehicles { rows, cases, out } => write_file(&out, |w| vehicles::write_csv(w, rows, cases)),
        Cmd::Xlsx { bytes, out } => {
            let (data, rows) = xlsx::cases_workbook_of_size(bytes).map_err(|e| Error::plan(format!("XLSX：{e}")))?;
            std::fs::write(&out, &data).map_err(|e| io_err(&out, e))?;
            eprintln!("[bench] {}: {} rows, {} bytes", out.display(), rows, data.len());
            Ok(())
        }
        Cmd::Transactions { rows, per_file, dir, seed } => gen_transactions(rows, per_file, &dir, seed),
        Cmd::Ingest { grid, files } => {
            for f in files {
                ingest_job(&f, grid)?;
            }
            Ok(())
        }
        Cmd::Screen { cases, vehicles } => screen_job(&cases, &vehicles),
        Cmd::Flow { stream, files } => if stream { flow_stream_job(&files) } else { flow_job(&files) },
        Cmd::Catalogue { cases, dir } => gen_catalogue(cases, &dir),
        Cmd::ScreenAll { dir, mut files } => {
            if let Some(dir) = dir {
                files.extend(list_dir(&dir)?);
            }
            screen_all_job(&files)
        }
    }
}

fn io_err(path: &Path, e: std::io::Error) -> Error {
    Error::plan(format!("{}：{e}", path.display()))
}

fn write_file(path: &Path, f: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| io_err(path, e))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    f(&mut w).and_then(|_| w.flush()).map_err(|e| io_err(path, e))
}

fn gen_cases(rows: Option<u64>, bytes: Option<u64>, encoding: &str, out: &Path) -> Result<()> {
    let mut buf = Vec::new();
    match (rows, bytes) {
        (Some(n), _) => cases::write_csv(&mut buf, n).map_err(|e| io_err(out, e))?,
        (None, Some(b)) => {
            cases::write_csv_of_size(&mut buf, b).map_err(|e| io_err(out, e))?;
        }
        (None, None) => return Err(Error::plan("需要 --rows 或 --bytes")),
    }
    if encoding.eq_ignore_ascii_case("gb18030") || encoding.eq_ignore_ascii_case("gbk") {
        let text = String::from_utf8(buf).map_err(|e| Error::plan(e.to_string()))?;
        buf = bench::to_gb18030(&text);
    }
    std::fs::write(out, &buf).map_err(|e| io_err(out, e))
}

fn gen_transactions(rows: u64, per_file: u64, dir: &Path, seed: u64) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let mut g = transactions::Generator::new(rows, seed);
    let mut k = 1;
    while g.rows < g.target {
        let path = dir.join(format!("txn-{k:03}.csv"));
        write_file(&path, |w| {
            w.write_all(transactions::HEADER.as_bytes())?;
            g.write_rows(w, per_file).map(|_| ())
        })?;
        k += 1;
    }
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| io_err(path, e))
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Load files into a workspace; returns rows loaded and the bytes read.
fn load(ws: &mut Workspace, files: &[(String, Vec<u8>)]) -> Result<usize> {
    let mut rows = 0;
    for (name, bytes) in files {
        let added = ws.add_file(name, bytes, &IngestOptions::default());
        if let Some(e) = added.errors.first() {
            if added.datasets.is_empty() {
                return Err(e.clone());
            }
        }
        rows += added.datasets.iter().filter_map(|&i| ws.dataset(i)).map(|d| d.table.len()).sum::<usize>();
    }
    Ok(rows)
}

/// CPU seconds used since `start` (a `memory::cpu_seconds` reading).
fn cpu_since(start: Option<f64>) -> Option<f64> {
    Some(memory::cpu_seconds()? - start?)
}

fn emit(v: Value) {
    println!("{v}");
}

fn ingest_job(path: &Path, grid: bool) -> Result<()> {
    let bytes = read(path)?;
    let size = bytes.len();
    let name = name_of(path);
    // The two halves of `Workspace::add_file`, timed apart: reading (decode,
    // parse, header) and kind/mapping detection.
    let cpu = memory::cpu_seconds();
    let t = Instant::now();
    let loaded = if grid && xiansuo::ingest::sniff::sniff(&name, &bytes)? == xiansuo::ingest::Format::Xlsx {
        xiansuo::ingest::excel::read_xlsx_grid_all(&name, &bytes, &IngestOptions::default())?
    } else {
        xiansuo::ingest::read(&name, &bytes, &IngestOptions::default())?
    };
    let read_secs = t.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let datasets: Vec<xiansuo::ingest::Dataset> = loaded.tables.into_iter().map(xiansuo::ingest::Dataset::new).collect();
    let map_secs = t2.elapsed().as_secs_f64();
    let secs = read_secs + map_secs;
    let rows: usize = datasets.iter().map(|d| d.table.len()).sum();
    let ds = datasets.first();
    emit(json!({
        "job": "ingest", "env": "native", "file": name, "bytes": size, "rows": rows, "xlsx_path": if grid { "grid" } else { "stream" },
        "kind": ds.map(|d| d.kind().to_string()), "encoding": ds.and_then(|d| d.table.source.encoding.clone()),
        "seconds": secs, "read_seconds": read_secs, "map_seconds": map_secs,
        "mb_per_s": size as f64 / 1e6 / secs, "peak_bytes": memory::peak_rss(),
        "cpu_seconds": cpu_since(cpu),
    }));
    Ok(())
}

fn screen_job(cases_path: &Path, vehicles_path: &Path) -> Result<()> {
    let files = vec![(name_of(cases_path), read(cases_path)?), (name_of(vehicles_path), read(vehicles_path)?)];
    let size: usize = files.iter().map(|f| f.1.len()).sum();
    let cpu = memory::cpu_seconds();
    let t = Instant::now();
    let mut ws = Workspace::new();
    // Each file's bytes are freed once its table is built, as the page and
    // the CLI do: the peak is the tables', not the tables' plus the input's.
    let mut rows = 0;
    for file in files {
        rows += load(&mut ws, std::slice::from_ref(&file))?;
    }
    let ingest_secs = t.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let outcome = bench::engines::screen_vehicle(&ws, &|| t2.elapsed().as_secs_f64());
    let screen_secs = t2.elapsed().as_secs_f64();
    let mut v = json!({
        "job": "screen", "env": "native", "files": [name_of(cases_path), name_of(vehicles_path)], "bytes": size,
        "rows": rows, "ingest_seconds": ingest_secs, "peak_bytes": memory::peak_rss(),
    });
    match outcome {
        Ok(counts) => {
            with_counts(&mut v, &counts);
            with_times(&mut v, "screen_seconds", screen_secs, cpu, ingest_secs);
        }
        Err(why) => v["unavailable"] = json!(why),
    }
    emit(v);
    Ok(())
}

/// What loading a job's files gave.
struct Loaded {
    ws: Workspace,
    size: usize,
    rows: usize,
    ingest_secs: f64,
}

/// As `xiansuo flow` does: each file's bytes are freed once its tables are
/// built. Natively the files are read on all cores (one file per core at a
/// time) and added in order; `ingest_secs` is the wall-clock time of that,
/// including taking the bytes from the OS (seconds for 10 files of 240 MB
/// from the page cache: about 0.1 each, on the same cores).
fn load_each(paths: &[PathBuf]) -> Result<Loaded> {
    let t = Instant::now();
    let reads = xiansuo::flow::par::map_indexed(paths.len(), |k| -> Result<(usize, xiansuo::workspace::FileRead)> {
        let p = paths.get(k).ok_or_else(|| Error::internal("file index"))?;
        let bytes = read(p)?;
        Ok((bytes.len(), Workspace::read_file(&name_of(p), &bytes, &IngestOptions::default())))
    });
    let mut l = Loaded { ws: Workspace::new(), size: 0, rows: 0, ingest_secs: t.elapsed().as_secs_f64() };
    for r in reads {
        let (size, file) = r?;
        l.size += size;
        let added = l.ws.add_read(file);
        if let Some(e) = added.errors.first() {
            if added.datasets.is_empty() {
                return Err(e.clone());
            }
        }
        l.rows += added.datasets.iter().filter_map(|&i| l.ws.dataset(i)).map(|d| d.table.len()).sum::<usize>();
    }
    Ok(l)
}

/// The figures every multi-file job prints; the peak is the whole job's
/// (reading, building, rules), not only after reading.
fn job_record(job: &str, files: usize, size: usize, rows: usize, ingest_secs: f64, loaded_peak: Option<u64>) -> serde_json::Value {
    json!({
        "job": job, "env": "native", "files": files, "bytes": size, "rows": rows,
        "ingest_seconds": ingest_secs, "loaded_peak_bytes": loaded_peak, "peak_bytes": memory::peak_rss(),
    })
}

fn with_counts(v: &mut serde_json::Value, counts: &bench::engines::Counts) {
    v["leads"] = json!(bench::engines::total(counts));
    v["per_rule"] = json!(counts);
}

/// The engine's seconds under `key`, CPU since `cpu`, and the job's total.
fn with_times(v: &mut serde_json::Value, key: &str, secs: f64, cpu: Option<f64>, ingest_secs: f64) {
    v[key] = json!(secs);
    v["cpu_seconds"] = json!(cpu_since(cpu));
    v["seconds"] = json!(ingest_secs + secs);
}

/// The page's path natively: each statement streamed into its part as it
/// is loaded (`Workspace::add_source_kept`), then the analysis from the parts.
fn flow_stream_job(paths: &[PathBuf]) -> Result<()> {
    let cpu = memory::cpu_seconds();
    let t = Instant::now();
    let (mut ws, mut size, mut rows) = (Workspace::new(), 0, 0);
    for p in paths {
        let src = xiansuo::ingest::source::FileSource::open(p).map_err(|e| io_err(p, e))?;
        size += usize::try_from(xiansuo::ingest::ByteSource::size(&src)).unwrap_or(usize::MAX);
        let added = ws.add_source_kept(&name_of(p), Box::new(src), &IngestOptions::default());
        if let (true, Some(e)) = (added.datasets.is_empty(), added.errors.first()) {
            return Err(e.clone());
        }
        rows += added.datasets.iter().map(|&i| ws.rows(i)).sum::<usize>();
    }
    let ingest_secs = t.elapsed().as_secs_f64();
    let loaded_peak = memory::peak_rss();
    let t2 = Instant::now();
    let outcome = bench::engines::flow_workspace(&ws, &|| t2.elapsed().as_secs_f64());
    let flow_secs = t2.elapsed().as_secs_f64();
    let mut v = job_record("flow", paths.len(), size, rows, ingest_secs, loaded_peak);
    v["stream"] = json!(true);
    flow_outcome(&mut v, outcome, flow_secs, cpu, ingest_secs);
    emit(v);
    Ok(())
}

fn flow_outcome(v: &mut serde_json::Value, outcome: std::result::Result<bench::engines::FlowRun, String>, flow_secs: f64, cpu: Option<f64>, ingest_secs: f64) {
    match outcome {
        Ok(run) => {
            with_counts(v, &run.counts);
            with_times(v, "flow_seconds", flow_secs, cpu, ingest_secs);
            v["txns"] = json!(run.txns);
            v["table_bytes"] = json!(run.table_bytes);
            v["table_bytes_per_txn"] = json!(run.table_bytes as f64 / run.txns.max(1) as f64);
            // Where the analysis time goes: seconds per stage (wall, CPU).
            v["stages"] = json!(run.stages.iter().map(|(s, w, c)| json!([s, w, c])).collect::<Vec<_>>());
        }
        Err(why) => v["unavailable"] = json!(why),
    }
}

fn flow_job(paths: &[PathBuf]) -> Result<()> {
    let cpu = memory::cpu_seconds();
    let Loaded { mut ws, size, rows, ingest_secs } = load_each(paths)?;
    let loaded_peak = memory::peak_rss();
    let t2 = Instant::now();
    let mut datasets = Vec::new();
    while let Some(ds) = ws.remove(0) {
        datasets.push(ds);
    }
    let outcome = bench::engines::flow_owned(datasets, &|| t2.elapsed().as_secs_f64());
    let flow_secs = t2.elapsed().as_secs_f64();
    let mut v = job_record("flow", paths.len(), size, rows, ingest_secs, loaded_peak);
    flow_outcome(&mut v, outcome, flow_secs, cpu, ingest_secs);
    emit(v);
    Ok(())
}

fn gen_catalogue(n: u64, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    for p in catalogue::PARTS {
        let path = dir.join(p.file);
        write_file(&path, |w| p.write(w, n))?;
        eprintln!("[bench] {}: {} rows ({})", path.display(), p.rows(n), p.kind);
    }
    for f in xiansuo::demo::files() {
        let path = dir.join(&f.name);
        std::fs::write(&path, &f.bytes).map_err(|e| io_err(&path, e))?;
    }
    Ok(())
}

/// The files of a folder, sorted (so runs load them in the same order);
/// hidden files (bench.sh's `.done` marker) are not data.
fn list_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io_err(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    out.sort();
    Ok(out)
}

fn screen_all_job(paths: &[PathBuf]) -> Result<()> {
    let cpu = memory::cpu_seconds();
    let Loaded { ws, size, rows, ingest_secs } = load_each(paths)?;
    let loaded_peak = memory::peak_rss();
    let start = Instant::now();
    let outcome = bench::engines::screen_all(&ws, &|| start.elapsed().as_secs_f64());
    let screen_secs = start.elapsed().as_secs_f64();
    let mut v = job_record("screen-all", paths.len(), size, rows, ingest_secs, loaded_peak);
    match outcome {
        Ok(run) => {
            with_counts(&mut v, &run.counts);
            v["not_evaluated"] = json!(run.not_evaluated);
            v["stage_seconds"] = json!(run.stages.iter().cloned().collect::<std::collections::BTreeMap<_, _>>());
            if !run.stage_cpu.is_empty() {
                v["stage_cpu_seconds"] = json!(run.stage_cpu.iter().cloned().collect::<std::collections::BTreeMap<_, _>>());
            }
            with_times(&mut v, "screen_seconds", screen_secs, cpu, ingest_secs);
        }
        Err(why) => v["unavailable"] = json!(why),
    }
    emit(v);
    Ok(())
}
