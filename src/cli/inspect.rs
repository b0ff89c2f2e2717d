//! `xiansuo inspect FILE... [--format text|json] [--header-row N]`
//!
//! Reads each file the way the page does and prints, per file and sheet: the
//! format and encoding, the guessed dataset kind, the header row, the column
//! mapping (canonical field ← source header), rows kept and skipped (and
//! why), and per mapped column the empty / invalid / damaged / undecodable
//! cells with examples. `kind=FILE` forces a kind (e.g. `cases=案件.xlsx`).
//!
//! JSON: `{"files":[{"file","sheet","kind","format","encoding","header_row",
//! "rows","columns":{field: header},"unmapped","issues":[{"column","header",
//! "kind","count","examples":[{"row","raw"}],"message"}],"skipped":[{"reason",
//! "count","rows"}],"undecodable","score","signature"}],"errors":[{"file",
//! "sheet","row","code","message"}]}`. Exit status 1 when a file could not be
//! read at all (the other files are still reported).

use xiansuo::ingest::{kinds, quality, IngestOptions};
use xiansuo::{Error, Result};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OutFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// 输入文件；可写成 类型=文件 指定数据类型，如 cases=案件.xlsx
    #[arg(required = true)]
    files: Vec<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "text")]
    format: OutFormat,
    /// 指定表头所在行（第一行为 1），不自动识别
    #[arg(long)]
    header_row: Option<u32>,
}

pub fn run(args: Args) -> Result<()> {
    let mut opts = IngestOptions::new();
    if let Some(h) = args.header_row {
        opts = opts.header_row(h);
    }
    let super::Inputs { ws, errors, failed } = super::load_inputs(&args.files, &opts)?;
    let reports: Vec<quality::FileReport> = ws.datasets().iter().map(quality::report).collect();
    match args.format {
        OutFormat::Json => {
            let errs: Vec<serde_json::Value> = errors
                .iter()
                .map(|e| {
                    let pos = e.position();
                    serde_json::json!({
                        "file": pos.map(|p| p.file.clone()),
                        "sheet": pos.and_then(|p| p.sheet.clone()),
                        "row": pos.and_then(|p| p.row),
                        "code": e.code(),
                        "message": e.to_string(),
                    })
                })
                .collect();
            let out = serde_json::json!({ "files": reports, "errors": errs });
            println!("{}", serde_json::to_string_pretty(&out).map_err(|e| Error::internal(e.to_string()))?);
        }
        OutFormat::Text => {
            for r in &reports {
                print!("{}", text(r));
            }
            for e in &errors {
                println!("注意：{e}");
            }
        }
    }
    if failed > 0 {
        return Err(Error::plan(format!("{failed} 个文件无法读取，原因见上。")));
    }
    Ok(())
}

fn format_label(f: &str) -> String {
    match f {
        "html" => "HTML 表格（扩展名可能是 .xls）".into(),
        "xml" => "XML 电子表格 2003".into(),
        other => other.to_uppercase(),
    }
}

/// Readable Chinese summary of one table.
pub fn text(r: &quality::FileReport) -> String {
    let mut s = String::new();
    let sheet = r.sheet.as_ref().map(|x| format!(" · 工作表“{x}”")).unwrap_or_default();
    s.push_str(&format!("文件：{}{sheet}\n", r.file));
    let enc = r.encoding.as_ref().map(|e| format!("，编码 {e}")).unwrap_or_default();
    s.push_str(&format!("  格式：{}{enc}\n", format_label(&r.format)));
    match kinds::get(&r.kind) {
        Some(k) => s.push_str(&format!("  类型：{}（{}，匹配度 {:.2}）\n", k.label, k.kind, r.score)),
        None => s.push_str("  类型：未能识别（请手工指定，如 cases=文件）\n"),
    }
    s.push_str(&format!("  表头：第 {} 行；数据 {} 行\n", r.header_row, r.rows));
    if !r.columns.is_empty() {
        s.push_str("  列映射：\n");
        if let Some(k) = kinds::get(&r.kind) {
            for f in &k.fields {
                if let Some(h) = r.columns.get(&f.name) {
                    s.push_str(&format!("    {} {} ← {}\n", f.label, f.name, h));
                }
            }
        }
    }
    if !r.unmapped.is_empty() {
        s.push_str(&format!("  未映射的列：{}\n", r.unmapped.join("、")));
    }
    if !r.skipped.is_empty() {
        let parts: Vec<String> = r
            .skipped
            .iter()
            .map(|g| {
                let rows: Vec<String> = g.rows.iter().take(5).map(|x| x.to_string()).collect();
                let more = if g.count > 5 { " 等" } else { "" };
                format!("{} {} 行（第 {} 行{more}）", g.reason, g.count, rows.join("、"))
            })
            .collect();
        s.push_str(&format!("  跳过的行：{}\n", parts.join("；")));
    }
    if r.undecodable > 0 {
        s.push_str(&format!("  无法解码的字符：{} 个（已显示为 �）\n", r.undecodable));
    }
    if r.issues.is_empty() {
        s.push_str("  数据问题：无\n");
    } else {
        s.push_str("  数据问题：\n");
        for i in &r.issues {
            s.push_str(&format!("    {}\n", i.message));
        }
    }
    s.push('\n');
    s
}
