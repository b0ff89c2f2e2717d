//! Flow-analysis methods of `Session` (a second `#[wasm_bindgen] impl`
//! block), plus the training demo's files. The built `FlowData` is kept
//! between calls in a thread-local (the worker holds one Session), so the
//! graph, timeline and tracing calls do not re-read the statements.
//!
//! Results are the core structs serialised as they are (snake_case keys,
//! the same JSON the CLI writes), so the page and `xiansuo flow` agree;
//! except that the leads of `flowAnalyse` come without their evidence rows
//! (`transactions: []`): the report keeps them as transaction indices and
//! the page asks `flowEvidence` for the leads it shows.

use super::{to_js, Session};
use crate::flow::{self, FlowData, FlowOptions, FlowReport, GraphOptions, TraceOptions};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static FLOW: RefCell<Option<(FlowData, FlowReport)>> = const { RefCell::new(None) };
}

/// Most rows one click may send to the page (a node can have 100,000).
const MAX_ROWS: usize = 2000;
/// Most points of a balance line (min/max per bucket are kept in Rust).
const MAX_POINTS: usize = 2000;
/// Never hand the chart more edges than this.
const MAX_EDGES: usize = 2000;

fn from_js<T: for<'de> Deserialize<'de> + Default>(v: JsValue) -> Result<T, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("参数格式错误：{e}")))
}

/// The flow leads of the last analysis, for the dossier (none before one ran).
pub(super) fn flow_leads() -> Vec<crate::dossier::FlowLeadRef> {
    FLOW.with(|cell| cell.borrow().as_ref().map(|(_, r)| r.leads.iter().map(Into::into).collect()).unwrap_or_default())
}

fn no_data() -> JsError {
    JsError::new("请先运行资金流水分析")
}

fn with_flow<R>(f: impl FnOnce(&FlowData, &FlowReport) -> Result<R, JsError>) -> Result<R, JsError> {
    FLOW.with(|cell| match cell.borrow().as_ref() {
        Some((d, r)) => f(d, r),
        None => Err(no_data()),
    })
}

/// Which transactions to list: one account's, or one aggregated edge's.
#[derive(Debug, Default, Deserialize)]
struct TxnQuery {
    #[serde(default)]
    account: String,
    /// With `account`: only transfers between the two (either direction).
    #[serde(default)]
    counterparty: String,
    #[serde(default)]
    limit: usize,
}

#[derive(Serialize)]
struct TxnList {
    total: usize,
    rows: Vec<flow::lead::EvidenceRow>,
}

#[wasm_bindgen]
impl Session {
    /// Build the transaction table from the loaded statements and run the
    /// flow rules. `opts` is `FlowOptions` (snake_case keys: `as_of`,
    /// `subjects`, `params`, `relatives`, `rules`, `max_leads`).
    #[wasm_bindgen(js_name = flowAnalyse)]
    pub fn flow_analyse(&mut self, opts: JsValue, on_progress: &js_sys::Function) -> Result<JsValue, JsError> {
        let mut opts: FlowOptions = from_js(opts)?;
        // Owners typed in the page win over those read from preambles and footers.
        opts.owners.extend(self.ws.owner_hints().iter().cloned());
        if opts.max_accounts == 0 {
            opts.max_accounts = flow::VIEW_ACCOUNTS;
        }
        let mut progress = |stage: &str, done: u64, total: u64| {
            let _ = on_progress.call3(&JsValue::NULL, &JsValue::from_str(stage), &JsValue::from_f64(done as f64), &JsValue::from_f64(total as f64));
        };
        let d = self.ws.flow_build(&opts, &mut progress)?;
        let report = flow::report_indexed(&d, &opts, &mut progress);
        let out = to_js(&report);
        FLOW.with(|cell| *cell.borrow_mut() = Some((d, report)));
        out
    }

    /// Aggregated account graph (`GraphOptions`: `min_fen`, `since`, `until`
    /// as `yyyy-mm-ddThh:mm:ss`, `focus`, `hops`, `top_n` ≤ 2000).
    #[wasm_bindgen(js_name = flowGraph)]
    pub fn flow_graph(&self, opts: JsValue) -> Result<JsValue, JsError> {
        let mut o: GraphOptions = from_js(opts)?;
        if o.top_n == 0 || o.top_n > MAX_EDGES {
            o.top_n = MAX_EDGES;
        }
        with_flow(|d, _| to_js(&flow::graph(d, &o)?))
    }

    /// Fund tracing (资金穿透) from one account (`TraceOptions`).
    #[wasm_bindgen(js_name = flowTrace)]
    pub fn flow_trace(&self, opts: JsValue) -> Result<JsValue, JsError> {
        let o: TraceOptions = from_js(opts)?;
        with_flow(|d, _| to_js(&flow::trace(d, &o)?))
    }

    /// Balance over time of one account with its owner's case nodes.
    #[wasm_bindgen(js_name = flowTimeline)]
    pub fn flow_timeline(&self, account: &str) -> Result<JsValue, JsError> {
        with_flow(|d, _| to_js(&flow::timeline(d, account, MAX_POINTS)?))
    }

    /// Transactions of one account, or between two accounts (a graph edge),
    /// time-ordered, at most `limit` (≤ 2000) with the total count.
    #[wasm_bindgen(js_name = flowTransactions)]
    pub fn flow_transactions(&self, query: JsValue) -> Result<JsValue, JsError> {
        let q: TxnQuery = from_js(query)?;
        with_flow(|d, _| {
            let a = d.find_account(&q.account).ok_or_else(|| JsError::new(&format!("流水中没有账户“{}”", q.account)))?;
            let b = if q.counterparty.trim().is_empty() {
                None
            } else {
                Some(d.find_account(&q.counterparty).ok_or_else(|| JsError::new(&format!("流水中没有账户“{}”", q.counterparty)))?)
            };
            let mut idx: Vec<u32> = Vec::new();
            let edges = |n: u32, list: &Vec<Vec<u32>>| list.get(n as usize).cloned().unwrap_or_default();
            for e in edges(a, &d.out_edges).into_iter().chain(edges(a, &d.in_edges)) {
                let Some(edge) = d.edges.get(e as usize) else { continue };
                let other = if edge.from == a { edge.to } else { edge.from };
                if b.is_none_or(|b| b == other) {
                    idx.push(e);
                }
            }
            idx.sort_unstable();
            idx.dedup();
            let total = idx.len();
            let limit = if q.limit == 0 { MAX_ROWS } else { q.limit.min(MAX_ROWS) };
            let rows = idx.iter().filter_map(|&e| d.edges.get(e as usize)).filter_map(|e| flow::lead::evidence(d, e.txn)).take(limit).collect();
            to_js(&TxnList { total, rows })
        })
    }

    /// The evidence rows (`transactions`) of the leads `from..to` of the
    /// last analysis, one list per lead, in lead order (the range is
    /// clamped to the list).
    #[wasm_bindgen(js_name = flowEvidence)]
    pub fn flow_evidence(&self, from: usize, to: usize) -> Result<JsValue, JsError> {
        with_flow(|d, r| to_js(&r.evidence(d, from..to)))
    }

    /// The last flow report as a file: `"xlsx"` (leads, evidence, accounts,
    /// files) or `"csv"` (leads; UTF-8 with BOM), written by
    /// `export::flow`; `masked` applies the 脱敏 rules.
    #[wasm_bindgen(js_name = flowExport)]
    pub fn flow_export(&self, format: &str, masked: bool) -> Result<Vec<u8>, JsError> {
        // Exports list every lead's evidence.
        with_flow(|d, r| match format {
            "csv" => Ok(crate::export::flow::to_csv(&r.materialised(d), masked)),
            "xlsx" => crate::export::flow::to_xlsx(&r.materialised(d), masked).map_err(super::err),
            other => Err(JsError::new(&format!("未知的导出格式“{other}”。可选：xlsx、csv"))),
        })
    }

    /// The training demo's files as `[{name, bytes: Uint8Array}]`.
    #[wasm_bindgen(js_name = demoFiles)]
    pub fn demo_files(&self) -> Result<JsValue, JsError> {
        let out = js_sys::Array::new();
        for f in crate::demo::files() {
            let o = js_sys::Object::new();
            js_sys::Reflect::set(&o, &"name".into(), &JsValue::from_str(&f.name)).map_err(|_| JsError::new("内部错误：demoFiles"))?;
            js_sys::Reflect::set(&o, &"bytes".into(), &js_sys::Uint8Array::from(f.bytes.as_slice())).map_err(|_| JsError::new("内部错误：demoFiles"))?;
            out.push(&o);
        }
        Ok(out.into())
    }

    /// The demo's "as of" date (`yyyy-mm-dd`): the page's default when the demo is loaded.
    #[wasm_bindgen(js_name = demoAsOf)]
    pub fn demo_as_of(&self) -> String {
        crate::demo::AS_OF.to_string()
    }
}

