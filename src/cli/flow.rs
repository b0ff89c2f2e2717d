//! `xiansuo flow`: bank-statement flow analysis.
//!
//! ```text
//! xiansuo flow [--cases FILE] [--subject ID]... [--as-of YYYY-MM-DD] [--set rule.param=value]...
//!              [--owner FILE:ACCOUNT[:NAME[:ID]]]... [--relative NAME|ACCOUNT]... [--rules ID,...]
//!              [--format json|csv|xlsx] [-o FILE] [--mask] FILE...
//! xiansuo flow trace --from ACCOUNT [--since DATETIME] [--hops N] [--min-yuan X] FILE...
//! xiansuo flow graph [--focus ACCOUNT] [--hops N] [--min-yuan X] [--top N] FILE...
//! xiansuo flow balance --account ACCOUNT FILE...
//! xiansuo flow rules        (list rules and parameters)
//! ```
//! JSON output: `{"leads":[…],"accounts":[…],"files":[…],"stats":{…},"not_evaluated":[…],…}`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use xiansuo::flow::{self, FlowOptions, OwnerHint, SubjectInput};
use xiansuo::ingest::{self, Dataset, IngestOptions};
use xiansuo::{Error, Result};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    cmd: Option<Sub>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(clap::Args)]
struct RunArgs {
    /// 执行案件清单（取被执行人的立案、执行通知、终本等节点）
    #[arg(long)]
    cases: Vec<PathBuf>,
    /// 被执行人证件号码（或姓名），可重复；不填则取案件清单中有流水的全部被执行人
    #[arg(long)]
    subject: Vec<String>,
    /// 基准日 YYYY-MM-DD（默认今天）
    #[arg(long)]
    as_of: Option<String>,
    /// 规则参数，如 flow.cash.min_day_yuan=100000（可重复；`xiansuo flow rules` 列出全部）
    #[arg(long = "set")]
    set: Vec<String>,
    /// 无本方账号列的流水（个人网银导出）的户主：文件名:账号[:户名[:证件号]]
    #[arg(long)]
    owner: Vec<String>,
    /// 已知亲属/关联人（姓名或账号），可重复
    #[arg(long)]
    relative: Vec<String>,
    /// 只运行这些规则（逗号分隔）
    #[arg(long, value_delimiter = ',')]
    rules: Vec<String>,
    /// 最多输出多少条线索（0 为全部）
    #[arg(long, default_value_t = 0)]
    max_leads: usize,
    /// 说明、规则名称和评分项的语言：zh 或 en
    #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
    lang: String,
    /// 输出格式
    #[arg(long, default_value = "json")]
    format: String,
    /// 输出文件（默认标准输出；xlsx 必须指定）
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
    /// 脱敏导出（csv、xlsx）：姓名留首字，证件号留前 6 后 4，账号留前 4 后 4
    #[arg(long)]
    mask: bool,
    /// 流水文件（CSV/TXT/XLSX/XLS，可含人员信息、账户信息表）
    files: Vec<PathBuf>,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// 资金穿透：从一个账户的转出开始，按时间顺序向后追踪（先进先出）
    Trace(TraceArgs),
    /// 账户关系图数据（聚合后的节点与边，JSON）
    Graph(GraphArgs),
    /// 账户余额时间线（JSON）
    Balance(BalanceArgs),
    /// 列出规则及其参数
    Rules,
    /// 生成含预设模式的模拟流水（测试、性能测试、演示用）
    Synth(SynthArgs),
}

#[derive(clap::Args)]
struct SynthArgs {
    /// 输出目录
    #[arg(short = 'o', long)]
    output: PathBuf,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// 背景账户数
    #[arg(long, default_value_t = 30)]
    accounts: usize,
    #[arg(long, default_value_t = 180)]
    days: i64,
    /// 每账户每天平均笔数
    #[arg(long, default_value_t = 1.5)]
    per_day: f64,
    /// 使用的格式（逗号分隔）：police,icbc,boc,cmb,abc,bocom,ccb,tenpay,alipay
    #[arg(long, value_delimiter = ',')]
    formats: Vec<String>,
}

#[derive(clap::Args)]
struct TraceArgs {
    /// 起点账号或卡号
    #[arg(long)]
    from: String,
    /// 起始时间（YYYY-MM-DD 或 YYYY-MM-DD HH:MM:SS）
    #[arg(long)]
    since: Option<String>,
    /// 最多追踪几层
    #[arg(long, default_value_t = 3)]
    hops: u32,
    /// 低于此金额（元）的部分不再追踪
    #[arg(long, default_value_t = 0.0)]
    min_yuan: f64,
    #[arg(long, default_value = "json")]
    format: String,
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
    /// 脱敏导出（csv）
    #[arg(long)]
    mask: bool,
    files: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct GraphArgs {
    #[arg(long)]
    focus: Option<String>,
    #[arg(long, default_value_t = 2)]
    hops: u32,
    #[arg(long, default_value_t = 0.0)]
    min_yuan: f64,
    #[arg(long, default_value_t = 500)]
    top: usize,
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
    files: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct BalanceArgs {
    #[arg(long)]
    account: String,
    #[arg(long, default_value_t = 2000)]
    points: usize,
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
    files: Vec<PathBuf>,
}

/// Files that gave no table: the analysis goes on with the others, but the
/// command exits non-zero so scripts notice (as `inspect` and `screen` do).
static UNREADABLE: AtomicUsize = AtomicUsize::new(0);

/// Read files into datasets; per-sheet errors go to stderr, never silently.
/// Owners named in a text file's preamble are added to `owners`.
fn load(files: &[PathBuf], owners: &mut Vec<OwnerHint>) -> Result<Vec<Dataset>> {
    if files.is_empty() {
        return Err(Error::plan("请指定至少一个流水文件"));
    }
    // Natively the files are read on all cores, each file's bytes freed once
    // its tables are built; what they give is taken in file order.
    let reads = flow::par::map_indexed(files.len(), |k| -> Result<_> {
        let f = files.get(k).ok_or_else(|| Error::internal("file index"))?;
        let bytes = std::fs::read(f).map_err(|e| Error::plan(format!("无法读取文件“{}”：{e}", f.display())))?;
        let name = f.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| f.display().to_string());
        Ok((flow::preamble::owner_hint(&name, &bytes), ingest::read(&name, &bytes, &IngestOptions::new())))
    });
    let mut out = Vec::new();
    for r in reads {
        let (hint, read) = r?;
        if let Some(h) = hint {
            owners.push(h);
        }
        match read {
            Ok(loaded) => {
                for e in loaded.errors {
                    eprintln!("xiansuo: {e}");
                }
                if loaded.tables.is_empty() {
                    UNREADABLE.fetch_add(1, Ordering::Relaxed);
                }
                out.extend(loaded.tables.into_iter().map(Dataset::new));
            }
            Err(e) => {
                UNREADABLE.fetch_add(1, Ordering::Relaxed);
                eprintln!("xiansuo: {e}");
            }
        }
    }
    Ok(out)
}

/// The report as pretty JSON written straight to the file or stdout, each
/// lead's evidence built as it is written (`flow::json`).
fn write_json(output: Option<&Path>, r: &flow::FlowReport, d: &flow::FlowData) -> Result<()> {
    use std::io::Write;
    let cant = |p: &Path, e: &dyn std::fmt::Display| Error::plan(format!("无法写入“{}”：{e}", p.display()));
    match output {
        Some(p) => {
            let mut w = std::io::BufWriter::new(std::fs::File::create(p).map_err(|e| cant(p, &e))?);
            flow::json::write_report(&mut w, r, d).map_err(|e| cant(p, &e))?;
            w.flush().map_err(|e| cant(p, &e))
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            flow::json::write_report(&mut w, r, d).map_err(|e| Error::internal(e.to_string()))?;
            w.flush().map_err(Error::from)
        }
    }
}

fn write_out(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(p) => std::fs::write(p, bytes).map_err(|e| Error::plan(format!("无法写入“{}”：{e}", p.display()))),
        None => {
            use std::io::Write;
            std::io::stdout().write_all(bytes).map_err(Error::from)
        }
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(v).map_err(|e| Error::internal(e.to_string()))
}

fn parse_time(s: &str) -> Result<chrono::NaiveDateTime> {
    flow::parse::datetime(s).ok_or_else(|| Error::plan(format!("无法识别的时间“{s}”（应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM:SS）")))
}

fn options(a: &RunArgs) -> Result<FlowOptions> {
    let mut o = FlowOptions::default();
    for s in &a.set {
        o.set(s)?;
    }
    for s in &a.subject {
        let has_digit = s.chars().any(|c| c.is_ascii_digit());
        o.subjects.push(if has_digit { SubjectInput { id_number: s.clone(), ..SubjectInput::default() } } else { SubjectInput { name: s.clone(), ..SubjectInput::default() } });
    }
    for s in &a.owner {
        let mut p = s.split(':');
        let file = p.next().unwrap_or("").to_string();
        let account = p.next().unwrap_or("").to_string();
        if account.is_empty() {
            return Err(Error::plan(format!("--owner “{s}” 格式应为 文件名:账号[:户名[:证件号]]")));
        }
        o.owners.push(OwnerHint { file, account, name: p.next().unwrap_or("").to_string(), id_number: p.next().unwrap_or("").to_string() });
    }
    if let Some(d) = &a.as_of {
        o.as_of = Some(parse_time(d)?.date());
    }
    o.relatives = a.relative.clone();
    o.rules = a.rules.clone();
    o.max_leads = a.max_leads;
    o.lang = a.lang.clone();
    Ok(o)
}

pub fn run(args: Args) -> Result<()> {
    match args.cmd {
        Some(Sub::Rules) => rules(),
        Some(Sub::Trace(t)) => trace(t),
        Some(Sub::Graph(g)) => graph(g),
        Some(Sub::Balance(b)) => balance(b),
        Some(Sub::Synth(s)) => synth(s),
        None => analyse(args.run),
    }
}

fn build(files: &[PathBuf], cases: &[PathBuf], o: &FlowOptions) -> Result<flow::FlowData> {
    // Owners typed with --owner come first and win over preambles.
    let mut o = o.clone();
    let mut ds = load(files, &mut o.owners)?;
    if !cases.is_empty() {
        ds.extend(load(cases, &mut Vec::new())?);
    }
    let t = std::time::Instant::now();
    let d = flow::build_owned(ds, &o, &mut |_, _, _| {});
    eprintln!("  用时：流水整理（不含读取文件）{:.2} 秒", t.elapsed().as_secs_f64());
    d
}

fn analyse(a: RunArgs) -> Result<()> {
    let o = options(&a)?;
    let t0 = std::time::Instant::now();
    let d = build(&a.files, &a.cases, &o)?;
    let t1 = std::time::Instant::now();
    // Evidence by transaction index: rows are built from `d` as each lead is written.
    let mut report = flow::report_indexed(&d, &o, &mut |_, _, _| {});
    let t2 = std::time::Instant::now();
    let s = &report.stats;
    eprintln!(
        "xiansuo flow: 读取 {} 行，采用 {} 行，失败交易 {} 行（已排除），双方流水重复 {} 笔（按一笔计），无法解析 {} 行；{} 个账户，{} 条线索",
        s.rows,
        s.used,
        s.failed,
        s.duplicates,
        s.unparsed,
        s.accounts,
        report.leads.len()
    );
    eprintln!("  用时：读取与整理 {:.2} 秒，规则与汇总 {:.2} 秒", (t1 - t0).as_secs_f64(), (t2 - t1).as_secs_f64());
    for (why, n) in &s.reasons {
        eprintln!("  无法解析：{why} {n} 行");
    }
    for n in &report.not_evaluated {
        eprintln!("  {}：{}", n.rule, n.reason);
    }
    let bytes = match a.format.as_str() {
        "json" if a.mask => return Err(Error::plan("--mask 只用于 csv、xlsx 导出；JSON 供其他程序读取，保持原值")),
        // Streamed: a report with many leads makes a JSON larger than the
        // statements, and a buffer of it would be the run's memory peak.
        "json" => return write_json(a.output.as_deref(), &report, &d).and_then(|()| unreadable()),
        "csv" => {
            report.fill_evidence(&d);
            drop(d);
            xiansuo::export::flow::to_csv(&report, a.mask)
        }
        "xlsx" => {
            if a.output.is_none() {
                return Err(Error::plan("xlsx 格式请用 -o 指定输出文件"));
            }
            // The exports list every lead's evidence; the table is freed before the file is built.
            report.fill_evidence(&d);
            drop(d);
            xiansuo::export::flow::to_xlsx(&report, a.mask)?
        }
        other => return Err(Error::plan(format!("未知输出格式“{other}”。可选：json、csv、xlsx"))),
    };
    write_out(a.output.as_deref(), &bytes)?;
    unreadable()
}

/// Exit status: an error when some file could not be read at all.
fn unreadable() -> Result<()> {
    match UNREADABLE.load(Ordering::Relaxed) {
        0 => Ok(()),
        n => Err(Error::plan(format!("{n} 个文件无法读取，原因见上。"))),
    }
}

fn trace(t: TraceArgs) -> Result<()> {
    let d = build(&t.files, &[], &FlowOptions::default())?;
    let since = t.since.as_deref().map(parse_time).transpose()?;
    let opts = flow::TraceOptions { from: t.from.clone(), since, hops: t.hops, min_fen: (t.min_yuan * 100.0).round() as i64, ..flow::TraceOptions::default() };
    let r = flow::trace(&d, &opts)?;
    let bytes = match t.format.as_str() {
        "json" => json(&r)?,
        "csv" => xiansuo::export::flow::trace_csv(&r, t.mask),
        other => return Err(Error::plan(format!("未知输出格式“{other}”。可选：json、csv"))),
    };
    write_out(t.output.as_deref(), &bytes)
}

fn graph(g: GraphArgs) -> Result<()> {
    let d = build(&g.files, &[], &FlowOptions::default())?;
    let o = flow::GraphOptions { focus: g.focus, hops: g.hops, min_fen: (g.min_yuan * 100.0).round() as i64, top_n: g.top, ..flow::GraphOptions::default() };
    write_out(g.output.as_deref(), &json(&flow::graph(&d, &o)?)?)
}

fn balance(b: BalanceArgs) -> Result<()> {
    let d = build(&b.files, &[], &FlowOptions::default())?;
    write_out(b.output.as_deref(), &json(&flow::timeline(&d, &b.account, b.points)?)?)
}

fn rules() -> Result<()> {
    print!("{}", flow::rules::listing());
    Ok(())
}

fn synth(a: SynthArgs) -> Result<()> {
    let mut o = flow::synth::SynthOptions { seed: a.seed, accounts: a.accounts, days: a.days, per_day_x100: (a.per_day * 100.0).round() as i64, ..flow::synth::SynthOptions::default() };
    if !a.formats.is_empty() {
        o.formats = a.formats;
    }
    let s = flow::synth::generate(&o);
    let files = s.write(&a.output)?;
    let mut truth = csv::Writer::from_path(a.output.join("planted.csv")).map_err(|e| Error::internal(e.to_string()))?;
    let err = |e: csv::Error| Error::internal(e.to_string());
    truth.write_record(["rule", "account", "also"]).map_err(err)?;
    for p in &s.planted {
        truth.write_record([p.rule, p.account.as_str(), &p.also.join(" ")]).map_err(err)?;
    }
    truth.flush()?;
    eprintln!("xiansuo flow synth: {} 个文件，{} 行（失败交易 {} 行），预设模式 {} 个，写入 {}", files.len(), s.rows, s.failed, s.planted.len(), a.output.display());
    Ok(())
}
