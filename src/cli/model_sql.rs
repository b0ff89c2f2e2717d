//! `xiansuo model sql [--model ID]... [--model-file FILE]... [--dialect duckdb|spark]
//!                    [--as-of YYYY-MM-DD] [--set RULE.PARAM=VALUE]... [-o FILE]`
//!
//! Prints one SQL script from the compiled model plans. Run by DuckDB in the
//! directory `xiansuo normalize` wrote (`duckdb < script.sql`), or by
//! `spark/xiansuo_spark.py` (dialect spark), it ends with a query returning
//! the leads: `rule, model, case_no, subject_name, subject_id, match,
//! amount_fen`, evidence references `base_file/base_sheet/base_row` and
//! `other_file/…`, `figures` (JSON) and `flags`. Rules the SQL cannot express
//! yet are listed in the script header and on stderr.

use std::io::Write;
use std::path::PathBuf;
use xiansuo::engine::ScreenOptions;
use xiansuo::sql::{self, Dialect, SqlOptions};
use xiansuo::{Error, Result};

#[derive(clap::Args)]
pub struct Args {
    /// 只输出这些模型或规则（可重复）
    #[arg(long = "model", value_name = "ID")]
    models: Vec<String>,
    /// 自定义模型文件（可重复）
    #[arg(long = "model-file", value_name = "FILE")]
    model_files: Vec<PathBuf>,
    /// SQL 方言：duckdb 或 spark
    #[arg(long, default_value = "duckdb")]
    dialect: String,
    /// 筛查基准日（默认今天）
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// 调整阈值（可重复），如 --set overseizure.excess.ratio=3
    #[arg(long = "set", value_name = "RULE.PARAM=VALUE")]
    set: Vec<String>,
    /// 输出文件（默认标准输出）
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let dialect = Dialect::parse(&args.dialect)
        .ok_or_else(|| Error::plan(format!("未知的 SQL 方言“{}”。可用：duckdb、spark", args.dialect)))?;
    let as_of = match &args.as_of {
        Some(s) => xiansuo::normalize::date::parse_date(s)
            .ok()
            .ok_or_else(|| Error::plan(format!("基准日“{s}”不是日期，应写成 YYYY-MM-DD")))?,
        None => chrono::Local::now().date_naive(),
    };
    // Thresholds parsed exactly as `screen --set` parses them.
    let mut so = ScreenOptions::new(as_of);
    for s in &args.set {
        so = so.set(s)?;
    }
    let mut extra = Vec::new();
    for p in &args.model_files {
        let text = std::fs::read_to_string(p).map_err(|e| Error::plan(format!("无法读取模型文件“{}”：{e}", p.display())))?;
        let name = p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
        match xiansuo::model::compile(&name, &text) {
            Ok(c) => extra.push(c.spec),
            Err(errors) => {
                for e in &errors {
                    eprintln!("{}\n  {}", e.zh(), e.en());
                }
                return Err(Error::plan(format!("模型文件“{name}”有 {} 处错误", errors.len())));
            }
        }
    }
    let opts = SqlOptions {
        dialect,
        as_of,
        models: args.models.clone(),
        thresholds: so.thresholds.clone(),
        max_name_matches: so.max_name_matches,
        extra_models: extra,
    };
    let script = sql::script(&opts)?;
    eprintln!("已译为 SQL 的规则 {} 条：{}", script.rules.len(), script.rules.join("、"));
    if !script.untranslated.is_empty() {
        eprintln!("以下规则尚不能译为 SQL（请用 xiansuo screen 运行）：");
        for (r, why) in &script.untranslated {
            eprintln!("  {r}：{why}");
        }
    }
    match &args.output {
        Some(p) => std::fs::write(p, &script.sql).map_err(|e| Error::plan(format!("无法写入“{}”：{e}", p.display())))?,
        None => std::io::stdout().write_all(script.sql.as_bytes()).map_err(|e| Error::plan(format!("无法输出：{e}")))?,
    }
    Ok(())
}
