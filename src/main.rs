//! `xiansuo`: the native command line over the same core the page uses.

mod cli;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "xiansuo", version, about = "执行监督线索筛查工具（离线）：读取导出文件，碰撞筛查线索，分析资金流水。")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// 识别文件类型、列映射，输出数据质量报告
    Inspect(cli::inspect::Args),
    /// 把导出文件（GBK、XLS 等）按原样转为 UTF-8 CSV / JSON / XLSX
    Convert(cli::convert::Args),
    /// 运行筛查模型，输出线索
    Screen(cli::screen::Args),
    /// 筛查模型：check 检查模型文件，list 列出内置模型
    Model(cli::model::Args),
    /// 把导出文件规范化为 Parquet（类型化列、来源行），供 DuckDB / Spark 使用
    Normalize(cli::normalize::Args),
    /// 资金流水分析（子命令 trace：资金穿透）
    Flow(cli::flow::Args),
    /// 写出培训用示例数据文件
    Demo(cli::demo::Args),
    /// Benchmark data and timings for `make bench` (not for users)
    #[command(hide = true)]
    Bench(cli::bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.cmd {
        Cmd::Inspect(a) => cli::inspect::run(a),
        Cmd::Convert(a) => cli::convert::run(a),
        Cmd::Screen(a) => cli::screen::run(a),
        Cmd::Model(a) => cli::model::run(a),
        Cmd::Normalize(a) => cli::normalize::run(a),
        Cmd::Flow(a) => cli::flow::run(a),
        Cmd::Demo(a) => cli::demo::run(a),
        Cmd::Bench(a) => cli::bench::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xiansuo: {e}");
            ExitCode::from(1)
        }
    }
}
