//! `BenchRun`: what `make bench` times in wasm (bench/worker.js in Chromium,
//! bench/node-xiansuo.mjs in Node). The same calls as the native
//! `xiansuo bench`, through `crate::bench::engines`; timing and memory are
//! read on the JavaScript side. Not used by the page.

use crate::ingest::IngestOptions;
use crate::workspace::Workspace;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct BenchRun {
    ws: Workspace,
}

#[wasm_bindgen]
impl BenchRun {
    #[wasm_bindgen(constructor)]
    pub fn new() -> BenchRun {
        BenchRun { ws: Workspace::new() }
    }

    /// Read one file (bytes → typed tables, as `Session.load`); returns the data rows read.
    pub fn load(&mut self, name: &str, bytes: &[u8]) -> Result<u32, JsError> {
        let added = self.ws.add_file(name, bytes, &IngestOptions::default());
        if added.datasets.is_empty() {
            if let Some(e) = added.errors.first() {
                return Err(JsError::new(&e.to_string()));
            }
        }
        Ok(added.datasets.iter().filter_map(|&i| self.ws.dataset(i)).map(|d| d.table.len() as u32).sum())
    }

    /// `load` from a file read in pieces (as `Session.loadSource`).
    #[wasm_bindgen(js_name = loadSource)]
    pub fn load_source(&mut self, name: &str, source: &super::source::JsSource) -> Result<u32, JsError> {
        let added = self.ws.add_source_kept(name, Box::new(source.kept()), &IngestOptions::default());
        if added.datasets.is_empty() {
            if let Some(e) = added.errors.first() {
                return Err(JsError::new(&e.to_string()));
            }
        }
        Ok(added.datasets.iter().map(|&i| self.ws.rows(i) as u32).sum())
    }

    /// The vehicle model over everything loaded; returns leads per rule as JSON text.
    #[wasm_bindgen(js_name = screenVehicle)]
    pub fn screen_vehicle(&self) -> Result<String, JsError> {
        let clock = || js_sys::Date::now() / 1000.0;
        let counts = crate::bench::engines::screen_vehicle(&self.ws, &clock).map_err(|e| JsError::new(&e))?;
        serde_json::to_string(&counts).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Every built-in rule over everything loaded (the catalogue bench);
    /// returns `{counts, not_evaluated, stages}` as JSON text (stages: seconds
    /// per rule, from the JavaScript clock).
    #[wasm_bindgen(js_name = screenAll)]
    pub fn screen_all(&self) -> Result<String, JsError> {
        let clock = || js_sys::Date::now() / 1000.0;
        let run = crate::bench::engines::screen_all(&self.ws, &clock).map_err(|e| JsError::new(&e))?;
        serde_json::to_string(&run).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Every flow rule over everything loaded; returns `{counts, stages}` as
    /// JSON text (leads per rule; seconds per stage as `[stage, seconds]`).
    #[wasm_bindgen(js_name = flowAll)]
    pub fn flow_all(&self) -> Result<String, JsError> {
        // As the page runs it (`Session::flow_analyse`): streamed statements
        // from their parts, the leads citing evidence by index.
        // Seconds per progress stage (building, each rule, scoring): where
        // the single-threaded analysis spends its time.
        let clock = || js_sys::Date::now() / 1000.0;
        let mut marks: Vec<(String, f64)> = Vec::new();
        // Linear memory (bytes) as each stage starts: where the peak is reached.
        let mut memory: Vec<(String, usize)> = Vec::new();
        let mut progress = |stage: &str, _: u64, _: u64| {
            if marks.last().is_none_or(|(s, _)| s != stage) {
                marks.push((stage.to_string(), clock()));
                memory.push((stage.to_string(), core::arch::wasm32::memory_size::<0>() * 65_536));
            }
        };
        let opts = crate::flow::FlowOptions { owners: self.ws.owner_hints().to_vec(), max_accounts: crate::flow::VIEW_ACCOUNTS, ..crate::flow::FlowOptions::default() };
        progress("建表", 0, 1);
        let d = self.ws.flow_build(&opts, &mut progress).map_err(|e| JsError::new(&e.to_string()))?;
        let report = crate::flow::report_indexed(&d, &opts, &mut progress);
        let end = clock();
        let mut counts: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
        for l in &report.leads {
            *counts.entry(l.rule.to_string()).or_default() += 1;
        }
        let stages: Vec<(String, f64)> = marks.iter().enumerate().map(|(i, (s, t))| (s.clone(), marks.get(i + 1).map_or(end, |n| n.1) - t)).collect();
        serde_json::to_string(&serde_json::json!({ "counts": counts, "stages": stages, "stage_memory": memory })).map_err(|e| JsError::new(&e.to_string()))
    }
}

impl Default for BenchRun {
    fn default() -> Self {
        BenchRun::new()
    }
}
