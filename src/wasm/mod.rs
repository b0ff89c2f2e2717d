//! The only place that knows about JavaScript: a `Session` over a
//! `Workspace`, errors as `JsError`, one `SERIALIZER`. Keep it thin.
//!
//! Shapes: the DTOs defined here (file cards, load results) are camelCase;
//! core reports whose JSON keys are documented for other tools (quality
//! report, kinds, screening report, leads) pass through unchanged, so the
//! page reads exactly what `xiansuo … --format json` prints.
//!
//! Method names are camelCase in JS (`setMapping`), so the worker can call
//! `session[method](...args)` for any of them.

use crate::engine::{self, ScreenOptions};
use crate::export::leads::LeadReport;
use crate::ingest::{self, IngestOptions};
use crate::lead::Lead;
use crate::model::{self, Param, Threshold};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

const SERIALIZER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);

/// Rust → JS. Integers beyond ±2^53 (a 未履行金额 of 1e16 分, an account
/// total) cannot be JS numbers, and serde-wasm-bindgen refuses them, which
/// would fail the whole call; those results go through [`lossless`], where
/// only such integers become `BigInt` (the page formats both kinds exactly).
fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsError> {
    match v.serialize(&SERIALIZER) {
        Ok(js) => Ok(js),
        Err(_) => {
            let value = serde_json::to_value(v).map_err(|e| JsError::new(&format!("内部错误：{e}")))?;
            lossless(&value).map_err(|_| JsError::new("内部错误：结果无法传给页面"))
        }
    }
}

/// Largest integer a JS number holds exactly.
const MAX_SAFE: u64 = (1 << 53) - 1;

fn lossless(v: &serde_json::Value) -> Result<JsValue, JsValue> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) if i.unsigned_abs() <= MAX_SAFE => JsValue::from_f64(i as f64),
            (Some(i), _) => js_sys::BigInt::from(i).into(),
            (None, Some(u)) => js_sys::BigInt::from(u).into(),
            (None, None) => JsValue::from_f64(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => JsValue::from_str(s),
        Value::Array(a) => {
            let out = js_sys::Array::new_with_length(a.len() as u32);
            for (i, x) in a.iter().enumerate() {
                out.set(i as u32, lossless(x)?);
            }
            out.into()
        }
        Value::Object(m) => {
            let out = js_sys::Object::new();
            for (k, x) in m {
                js_sys::Reflect::set(&out, &JsValue::from_str(k), &lossless(x)?)?;
            }
            out.into()
        }
    })
}

fn err(e: crate::Error) -> JsError {
    JsError::new(&e.to_string())
}

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// An error about a file, with its position for the card.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorDto {
    message: String,
    code: &'static str,
    file: Option<String>,
    sheet: Option<String>,
    row: Option<u32>,
    column: Option<String>,
}

impl From<&crate::Error> for ErrorDto {
    fn from(e: &crate::Error) -> ErrorDto {
        let pos = e.position();
        ErrorDto {
            message: e.to_string(),
            code: e.code(),
            file: pos.map(|p| p.file.clone()),
            sheet: pos.and_then(|p| p.sheet.clone()),
            row: pos.and_then(|p| p.row),
            column: pos.and_then(|p| p.column.clone()),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KindScoreDto {
    kind: String,
    score: f32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SkippedDto {
    count: usize,
    /// The first few, for the card; the count is the truth.
    examples: Vec<ingest::Skipped>,
}

/// Everything a file card shows about one table (one sheet of one file).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CardDto {
    index: usize,
    file: String,
    sheet: Option<String>,
    format: String,
    encoding: Option<String>,
    size: u64,
    undecodable: u64,
    header_row: u32,
    rows: usize,
    headers: Vec<String>,
    kind: String,
    kind_scores: Vec<KindScoreDto>,
    /// Canonical field → header name.
    columns: BTreeMap<String, String>,
    score: f32,
    preset: Option<String>,
    amounts_in_fen: bool,
    skipped: SkippedDto,
    /// Header signature: the key under which the page remembers a confirmed mapping.
    signature: String,
}

const SKIPPED_EXAMPLES: usize = 20;

/// `rows`: of the whole file (a streamed statement's dataset holds a sample).
fn card(i: usize, d: &ingest::Dataset, rows: usize) -> CardDto {
    let t = &d.table;
    let scores = ingest::mapping::scores(t);
    let columns = d
        .mapping
        .columns
        .iter()
        .filter_map(|(f, &c)| t.headers.get(c).map(|h| (f.clone(), h.clone())))
        .collect();
    CardDto {
        index: i,
        file: t.source.file.clone(),
        sheet: t.source.sheet.clone(),
        format: t.source.format.clone(),
        encoding: t.source.encoding.clone(),
        size: t.source.size,
        undecodable: t.source.undecodable,
        header_row: t.header_row,
        rows,
        headers: t.headers.clone(),
        kind: d.mapping.kind.clone(),
        kind_scores: scores.into_iter().map(|(kind, score)| KindScoreDto { kind, score }).collect(),
        columns,
        score: d.mapping.score,
        preset: d.mapping.preset.clone(),
        amounts_in_fen: d.mapping.amounts_in_fen,
        skipped: SkippedDto { count: t.skipped.len(), examples: t.skipped.iter().take(SKIPPED_EXAMPLES).cloned().collect() },
        signature: ingest::mapping::signature(t),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoadedDto {
    tables: Vec<CardDto>,
    errors: Vec<ErrorDto>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PreviewDto {
    headers: Vec<String>,
    rows: Vec<PreviewRowDto>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PreviewRowDto {
    row: u32,
    cells: Vec<String>,
}

/// A model as the page's model picker needs it (the plans stay in Rust).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ModelDto {
    id: &'static str,
    name: &'static str,
    name_en: &'static str,
    description: &'static str,
    rules: Vec<RuleDto>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDto {
    id: &'static str,
    name: &'static str,
    name_en: &'static str,
    explain: &'static str,
    why: &'static str,
    data: &'static str,
    basis: &'static str,
    thresholds: &'static BTreeMap<String, Threshold>,
}

/// Screening options from the page: `{asOf: "yyyy-mm-dd", models: [id…],
/// thresholds: {"rule.param": value}}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ScreenIn {
    as_of: Option<String>,
    #[serde(default)]
    models: Vec<String>,
    #[serde(default)]
    thresholds: BTreeMap<String, Param>,
    /// The address alias table as the page edits it (`AliasTable` JSON);
    /// absent = the built-in Yuexiu example.
    #[serde(default)]
    aliases: Option<crate::normalize::address::AliasTable>,
    /// The user's own model files, `{name, text}`, compiled before the run.
    #[serde(default)]
    model_files: Vec<ModelFileIn>,
}

#[derive(Deserialize)]
struct ModelFileIn {
    name: String,
    text: String,
}

/// One model-compilation problem for the page (Chinese and English).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ModelErrorDto {
    file: String,
    rule: Option<String>,
    path: String,
    message: String,
    message_en: String,
}

impl From<model::ModelError> for ModelErrorDto {
    fn from(e: model::ModelError) -> Self {
        ModelErrorDto { message: e.zh(), message_en: e.en(), file: e.file, rule: e.rule, path: e.path }
    }
}

#[derive(Deserialize)]
struct NotEvaluatedIn {
    rule: String,
    reason: String,
}

/// What the page exports: the leads it shows (filtered), with the run's context.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExportIn {
    as_of: String,
    leads: Vec<Lead>,
    #[serde(default)]
    not_evaluated: Vec<NotEvaluatedIn>,
    #[serde(default)]
    rules_run: Vec<String>,
    #[serde(default)]
    truncated: bool,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, JsError> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| JsError::new(&format!("日期“{s}”格式不正确，应为 yyyy-mm-dd")))
}

#[wasm_bindgen]
pub struct Session {
    ws: Workspace,
}

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session { ws: Workspace::new() }
    }

    /// Read one file's bytes; returns the cards of the tables it added and
    /// the errors (whole file or per sheet, in Chinese with positions).
    pub fn load(&mut self, name: &str, bytes: &[u8]) -> Result<JsValue, JsError> {
        let added = self.ws.add_file(name, bytes, &IngestOptions::wasm());
        let tables = added.datasets.iter().filter_map(|&i| self.ws.dataset(i).map(|d| card(i, d, self.ws.rows(i)))).collect();
        to_js(&LoadedDto { tables, errors: added.errors.iter().map(ErrorDto::from).collect() })
    }

    /// `load` from a file the worker reads in pieces (`{size, read(offset,
    /// length)}` over a `File`, see www/worker.js): a text file streams in
    /// and is never whole in wasm memory. Same result as `load`.
    #[wasm_bindgen(js_name = loadSource)]
    pub fn load_source(&mut self, name: &str, source: &source::JsSource) -> Result<JsValue, JsError> {
        // Kept: a statement streams into the flow table and is read again from it.
        let added = self.ws.add_source_kept(name, Box::new(source.kept()), &IngestOptions::wasm());
        let tables = added.datasets.iter().filter_map(|&i| self.ws.dataset(i).map(|d| card(i, d, self.ws.rows(i)))).collect();
        to_js(&LoadedDto { tables, errors: added.errors.iter().map(ErrorDto::from).collect() })
    }

    /// Cards of all loaded tables.
    pub fn tables(&self) -> Result<JsValue, JsError> {
        let cards: Vec<CardDto> = self.ws.datasets().iter().enumerate().map(|(i, d)| card(i, d, self.ws.rows(i))).collect();
        to_js(&cards)
    }

    /// Confirm or change a table's kind and columns (`{field: header}`; an
    /// empty object re-detects the columns for that kind). Returns the new card.
    #[wasm_bindgen(js_name = setMapping)]
    pub fn set_mapping(&mut self, index: usize, kind: &str, columns: JsValue) -> Result<JsValue, JsError> {
        let columns: BTreeMap<String, String> = if columns.is_undefined() || columns.is_null() {
            BTreeMap::new()
        } else {
            serde_wasm_bindgen::from_value(columns).map_err(|e| JsError::new(&format!("列映射格式不正确：{e}")))?
        };
        self.ws.set_mapping(index, kind, &columns).map_err(err)?;
        let d = self.ws.dataset(index).ok_or_else(|| JsError::new(&format!("没有第 {index} 个数据表")))?;
        to_js(&card(index, d, self.ws.rows(index)))
    }

    /// First rows of a table as found, for the card's preview.
    pub fn preview(&self, index: usize, limit: usize) -> Result<JsValue, JsError> {
        let d = self.ws.dataset(index).ok_or_else(|| JsError::new(&format!("没有第 {index} 个数据表")))?;
        let t = &d.table;
        let rows = (0..t.len().min(limit))
            .map(|i| PreviewRowDto { row: t.line(i), cells: t.row(i).map(str::to_string).collect() })
            .collect();
        to_js(&PreviewDto { headers: t.headers.clone(), rows })
    }

    /// Quality report of one table (`ingest::quality::report`, keys as in
    /// `xiansuo inspect --format json`).
    pub fn quality(&self, index: usize) -> Result<JsValue, JsError> {
        let d = self.ws.dataset(index).ok_or_else(|| JsError::new(&format!("没有第 {index} 个数据表")))?;
        let mut q = ingest::quality::report(d);
        // A streamed statement keeps a sample: say so beside its figures.
        let rows = self.ws.rows(index);
        q.sample_of = (rows > d.len()).then_some(rows);
        to_js(&q)
    }

    /// The built-in address alias table (the Yuexiu example), where the
    /// page's alias editor starts; same JSON as `xiansuo screen --aliases`.
    #[wasm_bindgen(js_name = defaultAliases)]
    pub fn default_aliases(&self) -> Result<JsValue, JsError> {
        to_js(&crate::normalize::address::AliasTable::default())
    }

    /// The dataset kinds with their fields (as in `src/kinds/*.json`).
    pub fn kinds(&self) -> Result<JsValue, JsError> {
        to_js(&ingest::kinds::every())
    }

    /// Forget one table (indices of later tables shift down by one).
    pub fn remove(&mut self, index: usize) -> Result<JsValue, JsError> {
        self.ws.remove(index).ok_or_else(|| JsError::new(&format!("没有第 {index} 个数据表")))?;
        self.tables()
    }

    pub fn clear(&mut self) {
        self.ws.clear();
    }

    /// The screening models and their rules, texts and thresholds.
    pub fn catalog(&self) -> Result<JsValue, JsError> {
        let models: Vec<ModelDto> = model::catalog()
            .iter()
            .map(|m| ModelDto {
                id: &m.id,
                name: &m.name,
                name_en: &m.name_en,
                description: &m.description,
                rules: m
                    .rules
                    .iter()
                    .map(|r| RuleDto {
                        id: &r.id,
                        name: &r.name,
                        name_en: &r.name_en,
                        explain: &r.explain,
                        why: &r.why,
                        data: &r.data,
                        basis: &r.basis,
                        thresholds: &r.thresholds,
                    })
                    .collect(),
            })
            .collect();
        to_js(&models)
    }

    /// Check a model file without running it: `[]` when it compiles, else
    /// every problem with file, rule, JSON path and the message in Chinese
    /// and English (the same text as `xiansuo model check`).
    #[wasm_bindgen(js_name = checkModel)]
    pub fn check_model(&self, name: &str, text: &str) -> Result<JsValue, JsError> {
        let errors: Vec<ModelErrorDto> = match model::compile(name, text) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(ModelErrorDto::from).collect(),
        };
        to_js(&errors)
    }

    /// Run the screening models over the loaded tables. Returns the engine's
    /// report unchanged (`{as_of, leads, not_evaluated, stats}`, the keys of
    /// `xiansuo screen --format json`). `on_progress(stage, done, total)`.
    pub fn screen(&self, opts: JsValue, on_progress: Option<js_sys::Function>) -> Result<JsValue, JsError> {
        let o: ScreenIn = serde_wasm_bindgen::from_value(opts).map_err(|e| JsError::new(&format!("筛查参数格式不正确：{e}")))?;
        let mut so = match o.as_of.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(d) => ScreenOptions::new(parse_date(d)?),
            None => ScreenOptions::default(),
        };
        so.models = o.models;
        so.thresholds = o.thresholds;
        if let Some(a) = o.aliases {
            so.aliases = a;
        }
        for f in &o.model_files {
            // A model file (one or many models, custom kinds) or a bare model.
            match model::file::read(&f.name, &f.text) {
                Ok(loaded) => so.extra_models.extend(loaded.specs()),
                Err(errors) => {
                    let text: Vec<String> = errors.iter().map(|e| format!("{}\n{}", e.zh(), e.en())).collect();
                    return Err(JsError::new(&text.join("\n")));
                }
            }
        }
        let mut progress = |stage: &str, done: u64, total: u64| {
            if let Some(f) = &on_progress {
                // A throwing callback must not abort the run.
                let _ = f.call3(&JsValue::NULL, &JsValue::from_str(stage), &JsValue::from_f64(done as f64), &JsValue::from_f64(total as f64));
            }
        };
        // Streamed statements hold a sample of their rows: rules that read
        // `txn` get the table built from their parts or sources instead.
        let report = if self.ws.has_streams() {
            let ws = &self.ws;
            engine::run_with_flow(ws.datasets(), &so, &mut progress, &mut || ws.flow_build(&crate::flow::FlowOptions::default(), &mut |_, _, _| {}).map(Some))
        } else {
            engine::run(self.ws.datasets(), &so, &mut progress)
        }
        .map_err(err)?;
        to_js(&report)
    }

    /// Leads → XLSX or CSV bytes (formula-like cells neutralised by the
    /// export module). `input` = `{asOf, leads, notEvaluated, rulesRun}`: the
    /// leads the page shows, so the file matches the screen. `masked` applies
    /// the 脱敏 rules to names, ID and account numbers.
    #[wasm_bindgen(js_name = exportLeads)]
    pub fn export_leads(&self, format: &str, input: JsValue, masked: bool) -> Result<Vec<u8>, JsError> {
        let i: ExportIn = serde_wasm_bindgen::from_value(input).map_err(|e| JsError::new(&format!("导出数据格式不正确：{e}")))?;
        let report = LeadReport {
            as_of: parse_date(&i.as_of)?,
            leads: i.leads,
            not_evaluated: i.not_evaluated.into_iter().map(|n| (n.rule, n.reason)).collect(),
            rules_run: i.rules_run,
            truncated: i.truncated,
        };
        let report = if masked { report.masked() } else { report };
        match format {
            "csv" => Ok(crate::export::leads::to_csv(&report)),
            "xlsx" => crate::export::leads::to_xlsx(&report).map_err(err),
            other => Err(JsError::new(&format!("不支持的导出格式“{other}”，可选：xlsx、csv"))),
        }
    }


    /// Leads with 脱敏 applied by the core masker (`crate::mask`), for the
    /// print view: printing masks exactly as the exports do.
    #[wasm_bindgen(js_name = maskLeads)]
    pub fn mask_leads(&self, leads: JsValue) -> Result<JsValue, JsError> {
        let mut leads: Vec<Lead> = serde_wasm_bindgen::from_value(leads).map_err(|e| JsError::new(&format!("线索数据格式不正确：{e}")))?;
        leads.iter_mut().for_each(crate::mask::lead);
        to_js(&leads)
    }

    // The demo files (`demoFiles`, `demoAsOf`) are bound in flow.rs.

    /// Crate version, for the page footer and bug reports.
    pub fn version(&self) -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

// The allocator: memory grown 32 MB ahead (see the file).
mod alloc;
mod dossier;
// Flow-analysis bindings live beside these, in their own file.
mod flow;
// 模型工坊: model files, plain-Chinese logic, copies of built-ins.
mod workshop;
mod referral;
// The benchmark entry (`make bench`), not used by the page.
mod bench;
// Files read in pieces by the worker (`loadSource`).
mod source;
pub use source::JsSource;
