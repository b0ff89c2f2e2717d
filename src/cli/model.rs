//! `xiansuo model check [--plan] [--en] FILE...` · `xiansuo model list` ·
//! `xiansuo model sql …` (`model_sql.rs`)
//!
//! `check` compiles model files against the dataset kinds and prints every
//! problem (file, rule, JSON path, what is wrong and the valid alternatives,
//! in Chinese, then English); it exits 1 when any file fails. `--plan` also
//! prints each rule's logical plan. `list` prints the built-in models and
//! their rules with thresholds.

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
        match model::compile(&name, &text) {
            Ok(c) => {
                let rules = c.spec.rules.len();
                println!("{name}：通过（模型 {}，{rules} 条规则）/ OK", c.spec.id);
                if plan {
                    for p in &c.plans {
                        print!("{p}");
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
