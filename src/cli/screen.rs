//! `xiansuo screen [--as-of YYYY-MM-DD] [--model ID]... [--model-file FILE]... [--set RULE.PARAM=VALUE]...
//!                 [--format json|csv|xlsx] [-o FILE] [--max-leads N] [--mask] FILE...`
//!
//! Reads every file (kinds detected from the headers; `kind=FILE` forces one,
//! e.g. `cases=案件.xlsx`), runs the screening models and writes the leads.
//!
//! JSON: `{"as_of","leads":[{"model","rule","rule_name","case_no",
//! "subject_name","subject_id","subject_id_source","match","weak",
//! "amount_fen","basis","reason","figures":[{"key","label","value","display"}],
//! "flags","evidence":[{"file","sheet","row","kind","fields":{header:{"raw",
//! "normalized"}}}],"fingerprint"}],"not_evaluated":[{"model","rule","reason"}],"candidates":[{"case_no",
//! "subject_name","subject_id","address","evidence","properties":[{"score",
//! "reasons","location","owner","owner_id","owner_match","seized","evidence"}]}],
//! "files":[…as in inspect…],"stats":{…},"errors":[…]}`.
//! CSV is UTF-8 with BOM; XLSX has 汇总, one sheet per model and 证据.
//! `candidates` lists, for 终本-open cases with a 合同地址/财产线索地址, the
//! register properties that may be it (`--aliases FILE` edits the alias table).
//! Progress goes to stderr.

use std::io::Write;
use std::path::PathBuf;
use xiansuo::engine::{self, ScreenOptions};
use xiansuo::export::leads;
use xiansuo::ingest::{quality, IngestOptions};
use xiansuo::{Error, Result};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Json,
    Csv,
    Xlsx,
}

#[derive(clap::Args)]
pub struct Args {
    /// 输入文件；可写成 类型=文件 指定数据类型，如 cases=案件.xlsx
    #[arg(required = true)]
    files: Vec<String>,
    /// 筛查基准日（默认今天），用于计算期限
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// 只运行这些模型或规则（可重复），如 --model vehicle --model procedure.search_overdue
    #[arg(long = "model", value_name = "ID")]
    models: Vec<String>,
    /// 自定义模型文件（可重复；先检查，有错误时列出并退出），其规则与内置模型一起运行
    #[arg(long = "model-file", value_name = "FILE")]
    model_files: Vec<PathBuf>,
    /// 调整阈值（可重复），如 --set overseizure.excess.ratio=3
    #[arg(long = "set", value_name = "RULE.PARAM=VALUE")]
    set: Vec<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "json")]
    format: OutFormat,
    /// 输出文件（默认标准输出）
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// 最多输出的线索数
    #[arg(long)]
    max_leads: Option<usize>,
    /// 指定表头所在行（第一行为 1），不自动识别
    #[arg(long)]
    header_row: Option<u32>,
    /// 脱敏：线索中的姓名留首字，证件号留前 6 后 4，账号留前 4 后 4（所有格式）
    #[arg(long)]
    mask: bool,
    /// 地址别名表（JSON：小区别名、区划调整），用于按合同地址查找候选不动产；默认为越秀示例
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
}

/// The JSON document, keys in this order.
#[derive(serde::Serialize)]
struct Out<'a> {
    as_of: chrono::NaiveDate,
    leads: &'a [xiansuo::lead::Lead],
    not_evaluated: &'a [engine::NotEvaluated],
    candidates: &'a [engine::candidates::CandidateGroup],
    files: Vec<quality::FileReport>,
    stats: &'a engine::Stats,
    errors: Vec<serde_json::Value>,
}

pub fn run(args: Args) -> Result<()> {
    let as_of = match &args.as_of {
        Some(s) => xiansuo::normalize::date::parse_date(s)
            .ok()
            .ok_or_else(|| Error::plan(format!("基准日“{s}”不是日期，应写成 YYYY-MM-DD")))?,
        None => chrono::Local::now().date_naive(),
    };
    let mut opts = ScreenOptions::new(as_of).models(args.models.clone());
    for p in &args.model_files {
        let text = std::fs::read_to_string(p)
            .map_err(|e| Error::plan(format!("无法读取模型文件“{}”：{e}", p.display())))?;
        let name = p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
        // A model file (one or many models, custom kinds) or a bare model.
        match xiansuo::model::file::read(&name, &text) {
            Ok(loaded) => opts.extra_models.extend(loaded.specs()),
            Err(errors) => {
                for e in &errors {
                    eprintln!("{}\n  {}", e.zh(), e.en());
                }
                return Err(Error::plan(format!("模型文件“{name}”有 {} 处错误，未运行", errors.len())));
            }
        }
    }
    opts.max_leads = args.max_leads;
    for s in &args.set {
        opts = opts.set(s)?;
    }
    if let Some(p) = &args.aliases {
        let text = std::fs::read_to_string(p)
            .map_err(|e| Error::plan(format!("无法读取别名表“{}”：{e}", p.display())))?;
        opts.aliases =
            xiansuo::normalize::address::AliasTable::from_json(&text).map_err(Error::plan)?;
    }
    let mut iopts = IngestOptions::new();
    if let Some(h) = args.header_row {
        iopts = iopts.header_row(h);
    }
    // Files that gave no table at all: the run goes on with the others, but exits non-zero (like inspect).
    let super::Inputs { ws, errors, failed } = super::load_inputs(&args.files, &iopts)?;
    for e in &errors {
        eprintln!("注意：{e}");
    }
    if ws.datasets().is_empty() {
        return Err(Error::plan("没有可读取的数据表"));
    }
    for ds in ws.datasets() {
        if ds.kind().is_empty() {
            eprintln!(
                "注意：{}{} 未能识别数据类型，已跳过（可用 类型=文件 指定）",
                ds.table.source.file,
                ds.table
                    .source
                    .sheet
                    .as_deref()
                    .map(|s| format!(" {s}"))
                    .unwrap_or_default()
            );
        }
    }
    let mut last = String::new();
    let mut report = engine::run(ws.datasets(), &opts, &mut |stage, done, total| {
        if stage != last || done == total {
            eprintln!("[{stage}] {done}/{total}");
            last = stage.to_string();
        }
    })?;
    if args.mask {
        report.leads.iter_mut().for_each(xiansuo::mask::lead);
        report.candidates.iter_mut().for_each(xiansuo::mask::candidates);
    }
    eprintln!(
        "线索 {} 条（证件号或姓名+出生日期确认 {}，仅姓名一致 {}）；未检查规则 {} 条",
        report.leads.len(),
        report.stats.confirmed,
        report.stats.weak,
        report.not_evaluated.len()
    );
    let bytes = match args.format {
        OutFormat::Json => {
            let mut files: Vec<_> = ws.datasets().iter().map(quality::report).collect();
            if args.mask {
                files.iter_mut().for_each(quality::FileReport::mask);
            }
            let errs: Vec<serde_json::Value> = errors
                .iter()
                .map(|e| {
                    let pos = e.position();
                    serde_json::json!({"file": pos.map(|p| p.file.clone()), "sheet": pos.and_then(|p| p.sheet.clone()), "row": pos.and_then(|p| p.row), "code": e.code(), "message": e.to_string()})
                })
                .collect();
            let out = Out {
                as_of: report.as_of,
                leads: &report.leads,
                not_evaluated: &report.not_evaluated,
                candidates: &report.candidates,
                files,
                stats: &report.stats,
                errors: errs,
            };
            let mut s =
                serde_json::to_string_pretty(&out).map_err(|e| Error::internal(e.to_string()))?;
            s.push('\n');
            s.into_bytes()
        }
        OutFormat::Csv => leads::to_csv(&export_input(report)),
        OutFormat::Xlsx => leads::to_xlsx(&export_input(report))?,
    };
    match &args.output {
        Some(p) => std::fs::write(p, &bytes)
            .map_err(|e| Error::plan(format!("无法写入“{}”：{e}", p.display())))?,
        None => std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| Error::plan(format!("无法输出：{e}")))?,
    }
    if failed > 0 {
        return Err(Error::plan(format!("{failed} 个文件无法读取，原因见上。")));
    }
    Ok(())
}

/// The whole run as the lead exporter takes it.
fn export_input(r: engine::ScreenReport) -> leads::LeadReport {
    leads::LeadReport {
        as_of: r.as_of,
        leads: r.leads,
        not_evaluated: r.not_evaluated.into_iter().map(|n| (n.rule, n.reason)).collect(),
        rules_run: r.stats.rules_run,
        truncated: r.stats.truncated,
    }
}
