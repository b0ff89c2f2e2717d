//! `xiansuo normalize -o DIR [--header-row N] [--jobs N] [--chunk-bytes N] FILE|DIR...`
//!
//! Reads every export (a directory is read recursively; `kind=FILE` forces a
//! kind) and writes typed, normalised Parquet into DIR: one dataset per kind,
//! `DIR/KIND/part-*.parquet`, with provenance columns `_file`, `_sheet`,
//! `_row`, a `DIR/KIND_parties/` per kind (one row per person of a
//! multi-person cell) and `_report.json` (rows skipped, as the page counts
//! them). The layout is documented in `src/sql/schema.rs` and
//! `src/normalize_out/parts.rs`; `xiansuo model sql` emits scripts over it.
//! Files are read by as many workers as there are cores (`--jobs`), one file
//! each, each writing its own parts; CSV/TXT files are read in chunks
//! (`--chunk-bytes`), so memory does not grow with a file's size. Bank
//! statements among the inputs also give `DIR/txn/` (the flow analysis's
//! transactions, as the engine reads them; the statements and cases are
//! then read a second time, whole, because the flow analysis needs them at
//! once).

use std::path::{Path, PathBuf};
use xiansuo::ingest::IngestOptions;
use xiansuo::{Error, Result};

#[derive(clap::Args)]
pub struct Args {
    /// 输入文件或目录；可写成 类型=文件 指定数据类型
    #[arg(required = true)]
    files: Vec<String>,
    /// 输出目录（每种数据一个子目录 KIND/、KIND_parties/，内含 part-*.parquet；以及 _report.json）
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: PathBuf,
    /// 指定表头所在行（第一行为 1），不自动识别
    #[arg(long)]
    header_row: Option<u32>,
    /// 同时读取的文件数（默认：CPU 核数）
    #[arg(long, default_value_t = 0)]
    jobs: usize,
    /// 文本文件（CSV/TXT）分块读取，每块约多少字节（0：整个文件一次读入）
    #[arg(long, value_name = "BYTES", default_value_t = xiansuo::normalize_out::CHUNK_BYTES)]
    chunk_bytes: usize,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            out.push(p);
        }
    }
}

pub fn run(args: Args) -> Result<()> {
    let mut inputs: Vec<(Option<String>, PathBuf)> = Vec::new();
    for a in &args.files {
        let (kind, path) = super::split_kind(a);
        let p = PathBuf::from(path);
        if p.is_dir() {
            let mut found = Vec::new();
            walk(&p, &mut found);
            inputs.extend(found.into_iter().map(|f| (kind.map(str::to_string), f)));
        } else {
            inputs.push((kind.map(str::to_string), p));
        }
    }
    let mut opts = IngestOptions::new();
    if let Some(h) = args.header_row {
        opts = opts.header_row(h);
    }
    let settings = xiansuo::normalize_out::Settings { jobs: args.jobs, chunk_bytes: args.chunk_bytes };
    let sum = xiansuo::normalize_out::normalize_files_with(&inputs, &args.output, &opts, settings)?;
    for e in &sum.errors {
        eprintln!("注意：{e}");
    }
    for u in &sum.unrecognised {
        eprintln!("注意：{u} 未能识别数据类型，已跳过（可用 类型=文件 指定）");
    }
    let written: Vec<String> = sum.rows.iter().filter(|(_, n)| **n > 0).map(|(k, n)| format!("{k} {n}")).collect();
    eprintln!(
        "已写入 {}：{}；跳过的行 {}（见 _report.json）",
        args.output.display(),
        if written.is_empty() { "无数据".to_string() } else { written.join("、") },
        sum.skipped_rows
    );
    if sum.files.is_empty() {
        return Err(Error::plan("没有可读取的数据表"));
    }
    Ok(())
}
