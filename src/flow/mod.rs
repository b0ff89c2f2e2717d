//! Bank-statement flow analysis: statements in many bank formats become one
//! normalised transaction table (`FlowData`), rules with stable ids find
//! evasion patterns, leads are scored and ranked, and the page gets graph,
//! balance and tracing data.
//!
//! ```text
//! datasets ──presets/txn──▶ FlowData (interned, sorted, deduplicated)
//!                              ├─ rules::run ─▶ hits ─ lead::leads ─▶ FlowLead (ranked)
//!                              ├─ summary::accounts (counterparty summary)
//!                              ├─ graph::graph / graph::balance
//!                              └─ trace::trace (资金穿透, FIFO)
//! ```
//!
//! Public entry points: [`analyse`] (build + run in one call), or [`build`]
//! once and [`report`], [`graph()`], [`trace()`], [`timeline`] on the kept
//! `FlowData` (what the page does between calls).
//!
//! Callers that keep the `FlowData` anyway (the CLI, the page, the bench)
//! use [`report_indexed`]: leads cite their evidence by transaction index,
//! and [`FlowReport::materialise`] or [`json::write_report`] build the
//! evidence rows for the leads being shown or written, a few at a time.

pub mod build;
pub mod cells;
pub mod contact;
pub mod dataset;
pub mod graph;
pub mod institution;
pub mod intern;
pub mod json;
pub mod lead;
mod merge;
pub mod options;
pub mod par;
pub mod parse;
pub mod preamble;
pub mod presets;
pub mod read;
pub mod rules;
pub mod stream;
pub mod summary;
#[cfg(feature = "gen")]
pub mod synth;
pub mod timeline;
#[cfg(feature = "gen")]
pub mod town;
pub mod trace;
pub mod txn;

pub use graph::{BalanceTimeline, Graph, GraphOptions};
pub use lead::FlowLead;
pub use options::{FlowOptions, OwnerHint, SubjectInput, VIEW_ACCOUNTS};
pub use summary::AccountSummary;
pub use timeline::{Phase, Timeline};
pub use trace::{TraceOptions, TraceResult};
pub use txn::{Dir, FlowData, Stats, Txn};

use crate::ingest::Dataset;
use crate::Result;
use serde::Serialize;

/// A rule that could not run, and why (Chinese).
#[derive(Debug, Clone, Serialize)]
pub struct NotEvaluated {
    pub rule: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubjectReport {
    pub id_number: String,
    pub name: String,
    pub accounts: Vec<String>,
    pub timeline: Timeline,
}

/// The result of a flow analysis. JSON keys other tools read: `leads`,
/// `accounts`, `files`.
///
/// From [`report_indexed`] the leads' `transactions` are empty and their
/// evidence is in `rows`; [`report`] fills them in.
#[derive(Debug, Clone, Serialize)]
pub struct FlowReport {
    pub leads: Vec<FlowLead>,
    pub accounts: Vec<AccountSummary>,
    pub files: Vec<txn::FileInfo>,
    pub stats: Stats,
    /// The first unparsed rows with their reasons (all are counted in `stats`).
    pub unparsed: Vec<txn::Unparsed>,
    pub not_evaluated: Vec<NotEvaluated>,
    pub subjects: Vec<SubjectReport>,
}

/// Build the normalised transactions once (keep it between calls).
pub fn build(datasets: &[Dataset], opts: &FlowOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> Result<FlowData> {
    check(opts)?;
    Ok(build::build(datasets.iter().collect(), opts, progress))
}

/// Like [`build`], for callers that need the cells no more (the CLI, the
/// bench): each dataset is freed as soon as it is read.
pub fn build_owned(datasets: Vec<Dataset>, opts: &FlowOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> Result<FlowData> {
    check(opts)?;
    Ok(build::build(datasets, opts, progress))
}

/// [`build`] where some statements are kept as their sources
/// (`streams[i]` for dataset `i`, see [`stream`]): those are read from their
/// part or their source, not from their datasets (which hold a sample).
pub fn build_streamed(datasets: &[Dataset], streams: &[Option<std::sync::Mutex<stream::Streamed>>], opts: &FlowOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> Result<FlowData> {
    check(opts)?;
    let mut ready = Vec::with_capacity(datasets.len());
    for (ds, s) in datasets.iter().zip(streams) {
        ready.push(match s {
            Some(s) => s.lock().map_err(|_| crate::Error::plan("内部错误：流水来源不可用"))?.part(ds, opts)?,
            None => None,
        });
    }
    Ok(build::build_with(datasets.iter().collect(), ready, opts, progress))
}

/// Unknown parameters and rules are errors before any work is done.
fn check(opts: &FlowOptions) -> Result<()> {
    for k in opts.params.keys() {
        if !rules::param_names().iter().any(|n| n == k) {
            return Err(crate::Error::plan(format!("未知参数“{k}”。可用参数：{}", rules::param_names().join("、"))));
        }
    }
    for r in &opts.rules {
        if rules::get(r).is_none() {
            let ids: Vec<&str> = rules::RULES.iter().map(|r| r.id).collect();
            return Err(crate::Error::plan(format!("未知规则“{r}”。可用规则：{}", ids.join("、"))));
        }
    }
    Ok(())
}

/// Run the rules on built data and assemble the report, every lead with its
/// evidence rows.
pub fn report(d: &FlowData, opts: &FlowOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> FlowReport {
    let mut r = report_indexed(d, opts, progress);
    r.fill_evidence(d);
    r
}

impl FlowReport {
    /// The leads in `range` (clamped to the list) with their evidence rows,
    /// built from `d`, the data this report was made from.
    pub fn materialise(&self, d: &FlowData, range: std::ops::Range<usize>) -> Vec<FlowLead> {
        self.slice(range)
            .iter()
            .map(|l| {
                let mut l = l.clone();
                lead::materialise(d, &mut l);
                l
            })
            .collect()
    }

    /// Only the evidence rows of the leads in `range` (clamped), one list per lead.
    pub fn evidence(&self, d: &FlowData, range: std::ops::Range<usize>) -> Vec<Vec<lead::EvidenceRow>> {
        self.slice(range).iter().map(|l| lead::evidence_of(d, l)).collect()
    }

    fn slice(&self, range: std::ops::Range<usize>) -> &[FlowLead] {
        let end = range.end.min(self.leads.len());
        self.leads.get(range.start.min(end)..end).unwrap_or_default()
    }

    /// Build every lead's evidence rows in place (for exports, which list
    /// them all, once `d` is no longer needed otherwise).
    pub fn fill_evidence(&mut self, d: &FlowData) {
        for l in self.leads.iter_mut() {
            lead::materialise(d, l);
        }
    }

    /// A copy with every lead's evidence rows and every own account (the
    /// report may list the first ones only, `FlowOptions::max_accounts`), for
    /// a caller that keeps the indexed report (the page exports and still shows it).
    pub fn materialised(&self, d: &FlowData) -> FlowReport {
        let mut r = FlowReport { leads: self.materialise(d, 0..self.leads.len()), ..self.clone_without_leads() };
        if (r.accounts.len() as u64) < r.stats.accounts {
            r.accounts = summary::accounts(d, 10);
            count_leads(&mut r.accounts, &r.leads);
        }
        r
    }

    fn clone_without_leads(&self) -> FlowReport {
        FlowReport {
            leads: Vec::new(),
            accounts: self.accounts.clone(),
            files: self.files.clone(),
            stats: self.stats.clone(),
            unparsed: self.unparsed.clone(),
            not_evaluated: self.not_evaluated.clone(),
            subjects: self.subjects.clone(),
        }
    }
}

/// Like [`report`], with each lead's evidence kept as transaction indices
/// (`FlowLead::rows`) for callers that keep `d`: the evidence rows of all
/// leads can outweigh the transaction table.
pub fn report_indexed(d: &FlowData, opts: &FlowOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> FlowReport {
    let (hits, skipped) = rules::run(d, &opts.rules, opts.english(), progress);
    // Scoring and the account summary are independent: side by side natively.
    progress("评分排序", 0, 1);
    let limit = if opts.max_accounts == 0 { usize::MAX } else { opts.max_accounts };
    let (mut leads, mut accounts) = par::join(|| lead::leads(d, hits, opts.english()), || summary::accounts_first(d, 10, limit));
    if opts.max_leads > 0 {
        leads.truncate(opts.max_leads);
    }
    count_leads(&mut accounts, &leads);
    FlowReport {
        leads,
        accounts,
        files: d.files.clone(),
        stats: d.stats.clone(),
        unparsed: d.unparsed.clone(),
        not_evaluated: skipped.into_iter().map(|(rule, reason)| NotEvaluated { rule, reason }).collect(),
        subjects: d
            .subjects
            .iter()
            .map(|s| SubjectReport { id_number: s.id_number.clone(), name: s.name.clone(), accounts: s.nodes.iter().map(|&n| d.account_label(n)).collect(), timeline: s.timeline.clone() })
            .collect(),
    }
}

/// Each account's number of leads (counted once: scanning the leads per
/// account was accounts × leads).
fn count_leads(accounts: &mut [AccountSummary], leads: &[FlowLead]) {
    let mut per_account: std::collections::HashMap<&str, u64> = std::collections::HashMap::new();
    for l in leads {
        *per_account.entry(l.focus_account.as_str()).or_default() += 1;
    }
    for a in accounts.iter_mut() {
        a.leads = per_account.get(a.account.as_str()).copied().unwrap_or(0);
    }
}

/// Build and run in one call.
pub fn analyse(datasets: &[Dataset], opts: &FlowOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> Result<FlowReport> {
    let d = build(datasets, opts, progress)?;
    Ok(report(&d, opts, progress))
}

/// Aggregated account graph for drawing.
pub fn graph(d: &FlowData, opts: &GraphOptions) -> Result<Graph> {
    graph::graph(d, opts)
}

/// Fund tracing (资金穿透), FIFO.
pub fn trace(d: &FlowData, opts: &TraceOptions) -> Result<TraceResult> {
    trace::trace(d, opts)
}

/// Balance timeline of one account with the owner's case nodes (≤ `max_points`).
pub fn timeline(d: &FlowData, account: &str, max_points: usize) -> Result<BalanceTimeline> {
    graph::balance(d, account, max_points)
}
