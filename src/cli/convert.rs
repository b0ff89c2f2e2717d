//! `xiansuo convert FILE [--sheet NAME] [--format csv|json|xlsx] [-o OUT]`
//!
//! Writes the decoded table as found: header row detected, title/footer rows
//! left out, values as text, nothing normalised. CSV is UTF-8 with a BOM (so
//! Excel opens it correctly), JSON an array of objects keyed by header (in
//! header order), XLSX one sheet per table with every cell as text. The
//! format defaults to the extension of `-o`, else CSV; CSV and JSON go to
//! standard output without `-o`.
//!
//! Writers: `export::csv` and `export::xlsx`, which neutralise cells that a
//! spreadsheet would run as formulas.

use std::io::Write;
use std::path::PathBuf;
use xiansuo::export::{self, xlsx::Cell};
use xiansuo::ingest::{self, IngestOptions, Table};
use xiansuo::{Error, Result};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Csv,
    Json,
    Xlsx,
}

#[derive(clap::Args)]
pub struct Args {
    /// 输入文件
    file: PathBuf,
    /// 只转换这个工作表（默认：CSV/JSON 取第一个，XLSX 全部）
    #[arg(long)]
    sheet: Option<String>,
    /// 输出格式（默认按 -o 的扩展名，否则 csv）
    #[arg(long, value_enum)]
    format: Option<OutFormat>,
    /// 输出文件（CSV/JSON 默认输出到屏幕）
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
    /// 指定表头所在行（第一行为 1）
    #[arg(long)]
    header_row: Option<u32>,
}

pub fn run(args: Args) -> Result<()> {
    let path = &args.file;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let bytes = std::fs::read(path).map_err(|e| Error::plan(format!("无法打开文件“{}”：{e}", path.display())))?;
    let mut opts = IngestOptions::new();
    if let Some(h) = args.header_row {
        opts = opts.header_row(h);
    }
    let loaded = ingest::read(&name, &bytes, &opts)?;
    for e in &loaded.errors {
        eprintln!("注意：{e}");
    }
    let format = args.format.unwrap_or_else(|| match args.output.as_ref().and_then(|o| o.extension()).map(|e| e.to_string_lossy().to_lowercase()) {
        Some(e) if e == "json" => OutFormat::Json,
        Some(e) if e == "xlsx" => OutFormat::Xlsx,
        _ => OutFormat::Csv,
    });
    let mut tables: Vec<&Table> = loaded.tables.iter().collect();
    if let Some(want) = &args.sheet {
        tables.retain(|t| t.source.sheet.as_deref() == Some(want.as_str()));
        if tables.is_empty() {
            let have: Vec<String> = loaded.tables.iter().filter_map(|t| t.source.sheet.clone()).collect();
            return Err(Error::plan(format!("文件“{name}”中没有工作表“{want}”。可用工作表：{}", have.join("、"))));
        }
    }
    let Some(&first) = tables.first() else {
        return Err(Error::new(xiansuo::ErrorKind::Empty { pos: xiansuo::Position::file(&name) }));
    };
    if format != OutFormat::Xlsx && tables.len() > 1 {
        let names: Vec<String> = tables.iter().filter_map(|t| t.source.sheet.clone()).collect();
        eprintln!("注意：文件有 {} 个表（{}），只转换了第一个；用 --sheet 选择。", tables.len(), names.join("、"));
    }
    let out: Vec<u8> = match format {
        OutFormat::Csv => csv_bytes(first),
        OutFormat::Json => json_bytes(first)?,
        OutFormat::Xlsx => {
            if args.output.is_none() {
                return Err(Error::plan("输出 XLSX 时请用 -o 指定输出文件"));
            }
            xlsx_bytes(&tables)?
        }
    };
    match &args.output {
        Some(o) => std::fs::write(o, &out).map_err(|e| Error::plan(format!("无法写入“{}”：{e}", o.display())))?,
        None => std::io::stdout().write_all(&out)?,
    }
    Ok(())
}

fn csv_bytes(t: &Table) -> Vec<u8> {
    let rows = (0..t.len()).map(|i| (0..t.headers.len()).map(move |c| t.cell(i, c)));
    export::csv::write(&t.headers, rows)
}

fn json_bytes(t: &Table) -> Result<Vec<u8>> {
    let enc = |s: &str| serde_json::to_string(s).map_err(|e| Error::internal(e.to_string()));
    let keys: Vec<String> = t.headers.iter().map(|h| enc(h)).collect::<Result<_>>()?;
    let mut out = String::from("[");
    for i in 0..t.len() {
        out.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
        for (c, k) in keys.iter().enumerate() {
            if c > 0 {
                out.push_str(", ");
            }
            out.push_str(k);
            out.push_str(": ");
            out.push_str(&enc(t.cell(i, c))?);
        }
        out.push('}');
    }
    out.push_str("\n]\n");
    Ok(out.into_bytes())
}

fn xlsx_bytes(tables: &[&Table]) -> Result<Vec<u8>> {
    let mut wb = export::xlsx::Workbook::new();
    for (n, t) in tables.iter().enumerate() {
        let name = t.source.sheet.clone().unwrap_or_else(|| format!("Sheet{}", n + 1));
        let rows: Vec<Vec<Cell>> = (0..t.len())
            .map(|i| (0..t.headers.len()).map(|c| if t.cell(i, c).is_empty() { Cell::Empty } else { Cell::from(t.cell(i, c)) }).collect())
            .collect();
        wb = wb.sheet(&name, &t.headers, rows);
    }
    wb.to_bytes()
}
