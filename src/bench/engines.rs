//! The one place the benchmarks call the engines, so the CLI and the wasm
//! bench entry time exactly the same work. Each returns the leads per rule
//! (and the total), or why the measurement is not possible.

use crate::workspace::Workspace;
use std::collections::BTreeMap;

/// Leads per rule id.
pub type Counts = BTreeMap<String, usize>;

/// The vehicle model (`vehicle.*` rules) over the workspace's datasets, as
/// `xiansuo screen --model vehicle` runs it. The as-of date is fixed so runs
/// compare (the vehicle rules do not measure elapsed time anyway).
///
/// `clock` gives seconds (`Instant` natively, the JavaScript clock in wasm,
/// where `std::time::Instant::now` traps).
pub fn screen_vehicle(ws: &Workspace, clock: &dyn Fn() -> f64) -> Result<Counts, String> {
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).ok_or("date")?;
    let opts = crate::engine::ScreenOptions::new(as_of).models(["vehicle"]);
    // Where the time goes, per stage (case view, then each rule), on stderr:
    // wall-clock, and CPU seconds where the platform tells them (on a
    // shared machine the fairer figure).
    let cpu = super::memory::cpu_seconds;
    let mut stages: Vec<(String, f64, Option<f64>)> = Vec::new();
    let report = crate::engine::run(ws.datasets(), &opts, &mut |stage, _, _| {
        if stages.last().is_none_or(|(s, _, _)| s != stage) {
            stages.push((stage.to_string(), clock(), cpu()));
        }
    })
    .map_err(|e| e.to_string())?;
    let (end, end_cpu) = (clock(), cpu());
    let times: Vec<String> = stages
        .iter()
        .enumerate()
        .map(|(i, (s, t, c))| {
            let (next, next_cpu) = stages.get(i + 1).map_or((end, end_cpu), |(_, n, nc)| (*n, *nc));
            let wall = format!("{s} {:.3}s", next - *t);
            match (c, next_cpu) {
                (Some(a), Some(b)) => format!("{wall} (cpu {:.2}s)", b - a),
                _ => wall,
            }
        })
        .collect();
    eprintln!("screen stages: {}", times.join(", "));
    let mut counts = Counts::new();
    for l in &report.leads {
        *counts.entry(l.rule.to_string()).or_default() += 1;
        // By match confidence too: DuckDB's reference query joins on ID only.
        let how = l.confidence.map(|m| format!("{m:?}")).unwrap_or_else(|| "none".into());
        *counts.entry(format!("match:{how}")).or_default() += 1;
    }
    Ok(counts)
}

/// Total leads (the per-rule entries, not the `match:` ones).
pub fn total(c: &Counts) -> usize {
    c.iter().filter(|(k, _)| !k.starts_with("match:")).map(|(_, v)| v).sum()
}

/// What the native flow bench measures besides the leads.
pub struct FlowRun {
    pub counts: Counts,
    pub txns: usize,
    /// Heap bytes of the built transaction table (`FlowData::heap_bytes`).
    pub table_bytes: usize,
    /// (stage, wall seconds, CPU seconds where known), in order: reading,
    /// building, each rule, scoring, the account summary.
    pub stages: Vec<(String, f64, Option<f64>)>,
}

/// Every flow rule over datasets the caller gives up, as the CLI runs it:
/// each table is freed once read, so the peak is what a user meets.
/// `clock` gives seconds (see `screen_vehicle`).
pub fn flow_owned(datasets: Vec<crate::ingest::Dataset>, clock: &dyn Fn() -> f64) -> Result<FlowRun, String> {
    let opts = crate::flow::FlowOptions::default();
    flow_timed(&opts, clock, |opts, mark| crate::flow::build_owned(datasets, opts, mark))
}

/// Every flow rule as the page runs them (`Workspace::flow_build`: streamed
/// statements from their parts; the accounts the page lists), timed as [`flow_owned`].
pub fn flow_workspace(ws: &Workspace, clock: &dyn Fn() -> f64) -> Result<FlowRun, String> {
    let opts = crate::flow::FlowOptions { owners: ws.owner_hints().to_vec(), max_accounts: crate::flow::VIEW_ACCOUNTS, ..crate::flow::FlowOptions::default() };
    flow_timed(&opts, clock, |opts, mark| ws.flow_build(opts, mark))
}

fn flow_timed(
    opts: &crate::flow::FlowOptions,
    clock: &dyn Fn() -> f64,
    build: impl FnOnce(&crate::flow::FlowOptions, &mut dyn FnMut(&str, u64, u64)) -> crate::error::Result<crate::flow::FlowData>,
) -> Result<FlowRun, String> {
    let cpu = super::memory::cpu_seconds;
    // Stage starts from the progress labels (a stage is a run of one label).
    let mut starts: Vec<(String, f64, Option<f64>)> = Vec::new();
    let mut mark = |stage: &str, _: u64, _: u64| {
        if starts.last().is_none_or(|(s, _, _)| s != stage) {
            starts.push((stage.to_string(), clock(), cpu()));
        }
    };
    let d = build(opts, &mut mark).map_err(|e| e.to_string())?;
    // Evidence by index, as the CLI and the page keep it.
    let report = crate::flow::report_indexed(&d, opts, &mut mark);
    let (end, end_cpu) = (clock(), cpu());
    let stages = starts
        .iter()
        .enumerate()
        .map(|(i, (s, t, c))| {
            let (next, next_cpu) = starts.get(i + 1).map_or((end, end_cpu), |(_, n, nc)| (*n, *nc));
            let cpu = match (c, next_cpu) {
                (Some(a), Some(b)) => Some(b - a),
                _ => None,
            };
            (s.clone(), next - *t, cpu)
        })
        .collect();
    let mut counts = Counts::new();
    for l in &report.leads {
        *counts.entry(l.rule.to_string()).or_default() += 1;
    }
    Ok(FlowRun { counts, txns: d.txns.len(), table_bytes: d.heap_bytes(), stages })
}

/// Every flow rule over the workspace's transaction datasets, default options.
pub fn flow_all(ws: &Workspace) -> Result<Counts, String> {
    let opts = crate::flow::FlowOptions::default();
    // As the page runs it: the table is kept and the leads cite evidence by index.
    let d = crate::flow::build(ws.datasets(), &opts, &mut |_, _, _| {}).map_err(|e| e.to_string())?;
    let report = crate::flow::report_indexed(&d, &opts, &mut |_, _, _| {});
    let mut counts = Counts::new();
    for l in &report.leads {
        *counts.entry(l.rule.to_string()).or_default() += 1;
    }
    Ok(counts)
}

/// What the catalogue bench measures: leads per rule, the rules that could
/// not run, and seconds per stage (the case view, then each rule, then the
/// evidence of the kept leads, then freeing the report), wall-clock and, where
/// the platform tells them, CPU (on a shared machine the fairer figure).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct AllRun {
    pub counts: Counts,
    pub not_evaluated: Vec<String>,
    pub stages: Vec<(String, f64)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stage_cpu: Vec<(String, f64)>,
}

/// Every built-in rule over the workspace's datasets, as `xiansuo screen`
/// runs them, as of the demo's date (the catalogue holds the demo's stories).
/// `clock` gives seconds (`Instant` natively, `performance.now()` in wasm,
/// where `std::time::Instant` does not exist).
pub fn screen_all(ws: &Workspace, clock: &dyn Fn() -> f64) -> Result<AllRun, String> {
    let opts = crate::engine::ScreenOptions::new(crate::demo::as_of());
    let cpu = super::memory::cpu_seconds;
    let mut marks: Vec<(String, f64, Option<f64>)> = Vec::new();
    let report = crate::engine::run(ws.datasets(), &opts, &mut |stage, _, _| {
        if marks.last().is_none_or(|(s, _, _)| s != stage) {
            marks.push((stage.to_string(), clock(), cpu()));
        }
    })
    .map_err(|e| e.to_string())?;
    let mut counts = Counts::new();
    for l in &report.leads {
        *counts.entry(l.rule.to_string()).or_default() += 1;
    }
    let not_evaluated = report.not_evaluated.iter().map(|n| n.rule.clone()).collect();
    // Freeing 100k leads with their evidence is part of the job (the page
    // frees each report it replaces): timed as a stage of its own.
    marks.push(("释放".to_string(), clock(), cpu()));
    drop(report);
    let (end, end_cpu) = (clock(), cpu());
    let mut stages = Vec::new();
    let mut stage_cpu = Vec::new();
    for (i, (s, t, c)) in marks.iter().enumerate() {
        let (next, next_cpu) = marks.get(i + 1).map_or((end, end_cpu), |(_, n, nc)| (*n, *nc));
        stages.push((s.clone(), next - *t));
        if let (Some(a), Some(b)) = (c, next_cpu) {
            stage_cpu.push((s.clone(), b - a));
        }
    }
    Ok(AllRun { counts, not_evaluated, stages, stage_cpu })
}
