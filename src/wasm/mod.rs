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

use crate::engine::{self, NotEvaluated, ScreenOptions, ScreenReport, Stats};
use crate::ingest::{self, IngestOptions};
use crate::lead::Lead;
use crate::model::{self, Param, Threshold};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

const SERIALIZER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&SERIALIZER).map_err(|e| JsError::new(&format!("内部错误：{e}")))
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

fn card(i: usize, d: &ingest::Dataset) -> CardDto {
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
        rows: t.len(),
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
}

#[derive(Deserialize)]
struct NotEvaluatedIn {
    #[serde(default)]
    model: String,
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
        let tables = added.datasets.iter().filter_map(|&i| self.ws.dataset(i).map(|d| card(i, d))).collect();
        to_js(&LoadedDto { tables, errors: added.errors.iter().map(ErrorDto::from).collect() })
    }

    /// Cards of all loaded tables.
    pub fn tables(&self) -> Result<JsValue, JsError> {
        let cards: Vec<CardDto> = self.ws.datasets().iter().enumerate().map(|(i, d)| card(i, d)).collect();
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
        to_js(&card(index, d))
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
        to_js(&ingest::quality::report(d))
    }

    /// The dataset kinds with their fields (as in `src/kinds/*.json`).
    pub fn kinds(&self) -> Result<JsValue, JsError> {
        to_js(ingest::kinds::all())
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
        let mut progress = |stage: &str, done: u64, total: u64| {
            if let Some(f) = &on_progress {
                // A throwing callback must not abort the run.
                let _ = f.call3(&JsValue::NULL, &JsValue::from_str(stage), &JsValue::from_f64(done as f64), &JsValue::from_f64(total as f64));
            }
        };
        let mut report = engine::run(self.ws.datasets(), &so, &mut progress).map_err(err)?;
        crate::dossier::petitions::mark(&mut report.leads, self.ws.datasets());
        to_js(&report)
    }

    /// Leads → XLSX or CSV bytes (formula-like cells neutralised by the
    /// export module). `input` = `{asOf, leads, notEvaluated, rulesRun}`: the
    /// leads the page shows, so the file matches the screen. `masked` applies
    /// the 脱敏 rules to names, ID and account numbers.
    #[wasm_bindgen(js_name = exportLeads)]
    pub fn export_leads(&self, format: &str, input: JsValue, masked: bool) -> Result<Vec<u8>, JsError> {
        let i: ExportIn = serde_wasm_bindgen::from_value(input).map_err(|e| JsError::new(&format!("导出数据格式不正确：{e}")))?;
        let mut leads = i.leads;
        if masked {
            leads.iter_mut().for_each(mask::lead);
        }
        let mut stats = Stats { rules_run: i.rules_run, truncated: i.truncated, ..Stats::default() };
        for l in &leads {
            let c = stats.per_rule.entry(l.rule.clone()).or_default();
            c.leads += 1;
            match l.confidence {
                Some(crate::lead::Match::Id) => c.id += 1,
                Some(crate::lead::Match::NameBirth) => c.name_birth += 1,
                Some(crate::lead::Match::Name) => c.name += 1,
                None => {}
            }
            if l.weak {
                stats.weak += 1;
            } else {
                stats.confirmed += 1;
            }
        }
        let not_evaluated = i.not_evaluated.into_iter().map(|n| NotEvaluated { model: n.model, rule: n.rule, reason: n.reason }).collect();
        // Address candidates (realestate) are not part of a lead export.
        let report = ScreenReport { as_of: parse_date(&i.as_of)?, leads, not_evaluated, candidates: Vec::new(), stats };
        match format {
            "csv" => Ok(crate::export::leads::to_csv(&report)),
            "xlsx" => crate::export::leads::to_xlsx(&report).map_err(err),
            other => Err(JsError::new(&format!("不支持的导出格式“{other}”，可选：xlsx、csv"))),
        }
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

/// 脱敏 for exports (Ant Design 低级): names keep the first character, ID
/// numbers the first 6 and last 4, account numbers the first 4 and last 4.
/// The page masks the screen with the same rules (www/ui/format.js).
mod mask {
    use crate::lead::Lead;

    fn stars(n: usize) -> String {
        "*".repeat(n)
    }

    pub fn name(s: &str) -> String {
        let c: Vec<char> = s.trim().chars().collect();
        match c.len() {
            0 => String::new(),
            1 => "*".into(),
            2..=5 => format!("{}*", c[0]),
            n => format!("{}{}{}", c[..2].iter().collect::<String>(), stars((n - 4).min(6)), c[n - 2..].iter().collect::<String>()),
        }
    }

    fn keep(s: &str, head: usize, tail: usize) -> String {
        let c: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        let n = c.len();
        if n <= head + tail {
            return if n <= 2 { stars(n) } else { format!("{}{}{}", c[0], stars(n - 2), c[n - 1]) };
        }
        format!("{}{}{}", c[..head].iter().collect::<String>(), stars(n - head - tail), c[n - tail..].iter().collect::<String>())
    }

    pub fn id(s: &str) -> String {
        keep(s, 6, 4)
    }

    pub fn account(s: &str) -> String {
        keep(s, 4, 4)
    }

    fn digits(s: &str) -> usize {
        s.chars().filter(char::is_ascii_digit).count()
    }

    /// Mask one evidence value by what it looks like and its header.
    pub fn value(header: &str, v: &str) -> Option<String> {
        let t = v.trim();
        if t.is_empty() {
            return None;
        }
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        let n = compact.chars().count();
        let id_like = (n == 18 || n == 15) && digits(&compact) >= n - 1;
        if id_like || header.contains("证件") || header.contains("身份") || header.contains("SFZ") {
            return Some(id(t));
        }
        if (n >= 12 && digits(&compact) == n) || header.contains("账号") || header.contains("卡号") {
            return Some(account(t));
        }
        let name_header = ["人", "姓名", "名称", "户名", "SYR", "对方"].iter().any(|k| header.ends_with(k) || header.contains("姓名"));
        if name_header && !header.contains("日期") && !header.contains("人数") {
            return Some(name(t));
        }
        None
    }

    /// Mask a lead in place: subject, evidence cells, and the same strings
    /// wherever they recur (reason, figures, flags).
    pub fn lead(l: &mut Lead) {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut push = |raw: &str, masked: String| {
            let raw = raw.trim();
            if !raw.is_empty() && raw != masked && !pairs.iter().any(|(r, _)| r == raw) {
                pairs.push((raw.to_string(), masked));
            }
        };
        for part in crate::normalize::multi::split(&l.subject_name) {
            push(&part, name(&part));
        }
        for part in crate::normalize::multi::split(&l.subject_id) {
            push(&part, id(&part));
        }
        for e in &l.evidence {
            for (h, v) in &e.fields.0 {
                if let Some(m) = value(h, &v.raw) {
                    push(&v.raw, m);
                }
                if let Some(nv) = &v.normalized {
                    if let Some(m) = value(h, nv) {
                        push(nv, m);
                    }
                }
            }
        }
        // Longest first, so "陈某某" is replaced before "陈某".
        pairs.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()));
        let apply = |s: &mut String| {
            for (raw, m) in &pairs {
                if s.contains(raw.as_str()) {
                    *s = s.replace(raw.as_str(), m);
                }
            }
        };
        apply(&mut l.subject_name);
        apply(&mut l.subject_id);
        apply(&mut l.subject_id_source);
        apply(&mut l.reason);
        l.flags.iter_mut().for_each(apply);
        for f in &mut l.figures {
            apply(&mut f.display);
            if let crate::lead::FigureValue::Text(t) = &mut f.value {
                apply(t);
            }
        }
        for e in &mut l.evidence {
            for (_, v) in &mut e.fields.0 {
                apply(&mut v.raw);
                if let Some(n) = &mut v.normalized {
                    apply(n);
                }
            }
        }
    }
}

// Flow-analysis bindings live beside these, in their own file.
mod dossier;
mod flow;
// The benchmark entry (`make bench`), not used by the page.
mod bench;
