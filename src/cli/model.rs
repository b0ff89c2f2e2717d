//! `xiansuo model check [--plan] [--en] FILE...` · `xiansuo model list` ·
//! `xiansuo model export ID... -o FILE`
//! `xiansuo model sql …` (`model_sql.rs`)
//!
//! `check` compiles model files against the dataset kinds and prints every
//! problem (file, rule, JSON path, what is wrong and the valid alternatives,
//! in Chinese, then English); it exits 1 when any file fails. `--plan` also
//! prints each rule's logical plan. `list` prints the built-in models and
//! their rules with thresholds. `export` writes built-in models as a
//! `.xiansuo-model.json` file, the format the page's 模型工坊 reads and writes;
//! `check` reads both that format and a bare model.

use std::path::PathBuf;
use xiansuo::model::{self, Param};
use xiansuo::{Error, Result};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Subcommand)]
enum Cmd {
    /// 检查模型文件（字段、参数、类型、连接键），有错误时退出码为 1
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 同时输出每条规则的逻辑计划
        #[arg(long)]
        plan: bool,
    },
    /// 列出内置模型、规则与可调阈值
    List,
    /// 把内置模型导出为模型文件（.xiansuo-model.json，页面模型工坊可导入）
    Export {
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// 把模型译为 SQL 脚本（DuckDB / Spark SQL），在 xiansuo normalize 的输出目录上运行
    Sql(super::model_sql::Args),
}

pub fn run(args: Args) -> Result<()> {
    match args.cmd {
        Cmd::Check { files, plan } => check(&files, plan),
        Cmd::Sql(a) => super::model_sql::run(a),
        Cmd::List => {
            list();
            Ok(())
        }
        Cmd::Export { ids, output } => export(&ids, &output),
    }
}

fn check(files: &[PathBuf], plan: bool) -> Result<()> {
    let mut failed = 0usize;
    for path in files {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                failed += 1;
                eprintln!("无法读取“{}”：{e}", path.display());
                continue;
            }
        };
        match model::file::read(&name, &text) {
            Ok(loaded) => {
                for e in &loaded.entries {
                    let c = &e.compiled;
                    let rules = c.spec.rules.len();
                    println!("{name}：通过（模型 {}，{rules} 条规则，指纹 {}）/ OK", c.spec.id, e.meta.fingerprint);
                    if e.fingerprint_changed {
                        println!("  注意：内容与文件中记录的指纹不符（文件被改动过）/ content differs from the recorded fingerprint");
                    }
                    if plan {
                        for p in &c.plans {
                            print!("{p}");
                        }
                    }
                }
            }
            Err(errors) => {
                failed += 1;
                for e in &errors {
                    println!("{}", e.zh());
                    println!("  {}", e.en());
                }
                println!("{name}：{} 处错误 / {} error(s)", errors.len(), errors.len());
            }
        }
    }
    if failed > 0 {
        return Err(Error::plan(format!("{failed} 个模型文件未通过检查")));
    }
    Ok(())
}

fn export(ids: &[String], output: &std::path::Path) -> Result<()> {
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    let mut entries = Vec::new();
    for id in ids {
        let Some(value) = model::file::builtin_value(id) else {
            let valid: Vec<&str> = model::catalog().iter().map(|m| m.id.as_str()).collect();
            return Err(Error::plan(format!("没有模型“{id}”。可用：{}", valid.join("、"))));
        };
        let meta = model::file::Meta {
            id: id.clone(),
            version: 1,
            author: "xiansuo 内置模型".into(),
            office: String::new(),
            created: today.clone(),
            updated: today.clone(),
            fingerprint: String::new(),
        };
        entries.push((meta, value));
    }
    std::fs::write(output, model::file::write(&entries))
        .map_err(|e| Error::plan(format!("无法写入“{}”：{e}", output.display())))?;
    eprintln!("已导出 {} 个模型到 {}", entries.len(), output.display());
    Ok(())
}

fn list() {
    for m in model::catalog() {
        println!("{}  {} / {}", m.id, m.name, m.name_en);
        for r in &m.rules {
            println!("  {}  {} / {}", r.id, r.name, r.name_en);
            for (k, t) in &r.thresholds {
                let d = match &t.default {
                    Param::Num(n) => n.to_string(),
                    Param::Text(s) => s.clone(),
                };
                println!("    --set {}.{k}={d}  {}", r.id, t.label);
            }
        }
    }
}
