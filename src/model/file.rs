//! The `.xiansuo-model.json` file: one or many models with who made them,
//! when, a content fingerprint, and the custom dataset kinds they need — the
//! same file in the page (export/import) and the CLI (`model export`,
//! `model check`, `screen --model-file`).
//!
//! ```text
//! { "schema": "xiansuo-model/1",
//!   "kinds":  [KindSpec…],                       // custom kinds the models use
//!   "models": [{ "id", "version", "author", "office", "created", "updated",
//!                "fingerprint": "fnv1a64:…", "model": {…the model language…} }] }
//! ```
//!
//! Reading is defensive: a file is refused whole (size, nesting depth, markup
//! in any text, unknown keys, a model that does not compile) before anything
//! is registered, so a bad file changes nothing. A bare model (the language's
//! own shape, `src/models/*.json`) is read as a file with one model.

use super::custom_kind;
use super::error::{ModelError, ModelErrorKind as K};
use super::{compile, Compiled, ModelSpec};
use crate::ingest::kinds::{self, KindSpec};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

pub const SCHEMA: &str = "xiansuo-model/1";
/// Larger than any model a person writes by a wide margin (the built-in
/// catalogue is under 100 KB).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The deepest built-in model nests about 15 levels.
pub const MAX_DEPTH: usize = 48;
pub const MAX_MODELS: usize = 500;

const FILE_KEYS: &[&str] = &["schema", "kinds", "models"];
const ENTRY_KEYS: &[&str] = &["id", "version", "author", "office", "created", "updated", "fingerprint", "model"];

/// Who made a model and which content this is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub id: String,
    #[serde(default = "one")]
    pub version: u32,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub office: String,
    /// `yyyy-mm-dd` or empty.
    #[serde(default)]
    pub created: String,
    #[serde(default)]
    pub updated: String,
    /// `fingerprint(model)` when written; recomputed on reading.
    #[serde(default)]
    pub fingerprint: String,
}

fn one() -> u32 {
    1
}

/// One model read from a file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub meta: Meta,
    /// The model as written (what export writes back).
    pub model: Value,
    pub compiled: Compiled,
    /// The file said another fingerprint: the content was edited by hand.
    pub fingerprint_changed: bool,
}

/// A file that passed every check.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub entries: Vec<Entry>,
    pub kinds: Vec<KindSpec>,
}

impl Loaded {
    pub fn specs(&self) -> Vec<ModelSpec> {
        self.entries.iter().map(|e| e.compiled.spec.clone()).collect()
    }
}

/// How an imported model relates to the ones the user already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    New,
    /// Same id, same content: nothing to do.
    Same,
    /// Same id, other content: the user chooses replace or keep both.
    Conflict,
}

/// `existing` = (id, fingerprint) of the models the user has.
pub fn import_status(meta: &Meta, existing: &[(String, String)]) -> ImportStatus {
    match existing.iter().find(|(id, _)| *id == meta.id) {
        None => ImportStatus::New,
        Some((_, fp)) if *fp == meta.fingerprint => ImportStatus::Same,
        Some(_) => ImportStatus::Conflict,
    }
}

/// A stable hash of a model's content: FNV-1a (64 bit) of its canonical JSON
/// (keys sorted, no spaces), so reformatting a file does not change it. It
/// detects changes; it is not a signature.
pub fn fingerprint(model: &Value) -> String {
    let mut s = String::new();
    canonical(model, &mut s);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                if let Some(x) = o.get(*k) {
                    canonical(x, out);
                }
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn refused(file: &str, path: &str, zh: String, en: String) -> Vec<ModelError> {
    vec![ModelError { file: file.to_string(), rule: None, path: path.to_string(), kind: K::Refused { zh, en } }]
}

/// Nesting depth of JSON text, counted without parsing (so a file of a
/// million `[` is refused before serde recurses into it).
fn depth(text: &str) -> usize {
    let (mut d, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                d += 1;
                max = max.max(d);
            }
            b']' | b'}' => d = d.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Markup in a text: `<` before a letter, `/`, `!` or `?`, or a `javascript:`
/// URL. Texts are shown escaped anyway; a model file has no reason to carry
/// markup, so one that does is refused as hostile.
fn markup(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!' | b'?')))
        || s.to_ascii_lowercase().contains("javascript:")
}

/// The first text (key or value) carrying markup, with its JSON path.
fn find_markup(v: &Value, path: &str) -> Option<(String, String)> {
    let sub = |p: &str, k: &str| if p.is_empty() { k.to_string() } else { format!("{p}.{k}") };
    match v {
        Value::String(s) if markup(s) => Some((path.to_string(), s.clone())),
        Value::Array(a) => a.iter().enumerate().find_map(|(i, x)| find_markup(x, &format!("{path}[{i}]"))),
        Value::Object(o) => o.iter().find_map(|(k, x)| {
            if markup(k) {
                Some((sub(path, k), k.clone()))
            } else {
                find_markup(x, &sub(path, k))
            }
        }),
        _ => None,
    }
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(40).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

fn is_date_or_empty(s: &str) -> bool {
    s.is_empty() || chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// Read a model file (or a bare model). On success its custom kinds are
/// registered; on any problem nothing is registered and every problem found
/// is returned.
pub fn read(file: &str, text: &str) -> Result<Loaded, Vec<ModelError>> {
    if text.len() > MAX_BYTES {
        return Err(refused(
            file,
            "",
            format!("文件过大（{} 字节，上限 {MAX_BYTES} 字节）", text.len()),
            format!("file too large ({} bytes, limit {MAX_BYTES})", text.len()),
        ));
    }
    let d = depth(text);
    if d > MAX_DEPTH {
        return Err(refused(
            file,
            "",
            format!("嵌套过深（{d} 层，上限 {MAX_DEPTH} 层）"),
            format!("nested too deeply ({d} levels, limit {MAX_DEPTH})"),
        ));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        vec![ModelError::syntax(file, format!("第 {} 行第 {} 列：{e}", e.line(), e.column()))]
    })?;
    if let Some((path, s)) = find_markup(&value, "") {
        return Err(refused(
            file,
            &path,
            format!("文字中含有 HTML/脚本标记“{}”，模型文件不允许", short(&s)),
            format!("text contains HTML/script markup \"{}\", not allowed in a model file", short(&s)),
        ));
    }
    let Some(obj) = value.as_object() else {
        return Err(vec![ModelError::syntax(file, "应为对象 {…}")]);
    };
    if !obj.contains_key("schema") {
        // A bare model, as in src/models/.
        let id = obj.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
        let meta = Meta { id, version: 1, author: String::new(), office: String::new(), created: String::new(), updated: String::new(), fingerprint: fingerprint(&value) };
        return load(file, vec![(meta, value.clone(), false)], Vec::new());
    }
    let mut errors = Vec::new();
    let mut err = |path: String, kind: K| errors.push(ModelError { file: file.to_string(), rule: None, path, kind });
    for k in obj.keys() {
        if !FILE_KEYS.contains(&k.as_str()) {
            err(k.clone(), K::UnknownKey { key: k.clone(), valid: FILE_KEYS.iter().map(|s| s.to_string()).collect() });
        }
    }
    if obj.get("schema").and_then(Value::as_str) != Some(SCHEMA) {
        let v = obj.get("schema").map(|v| v.to_string()).unwrap_or_default();
        err("schema".into(), K::BadValue { value: v, valid: vec![SCHEMA.into()] });
    }
    let mut custom: Vec<KindSpec> = Vec::new();
    for (i, k) in obj.get("kinds").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default().iter().enumerate() {
        match serde_json::from_value::<KindSpec>(k.clone()) {
            Ok(spec) => {
                if custom.iter().any(|c| c.kind == spec.kind) {
                    err(format!("kinds[{i}].kind"), K::Duplicate { what: format!("数据类型“{}”", spec.kind) });
                }
                custom.push(spec);
            }
            Err(e) => err(format!("kinds[{i}]"), K::Syntax { detail: e.to_string() }),
        }
    }
    for (i, k) in custom.iter().enumerate() {
        errors.extend(custom_kind::check(file, &format!("kinds[{i}]"), k));
    }
    let models = obj.get("models").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let mut err = |path: String, kind: K| errors.push(ModelError { file: file.to_string(), rule: None, path, kind });
    if models.is_empty() || models.len() > MAX_MODELS {
        err("models".into(), K::Syntax { detail: format!("应有 1–{MAX_MODELS} 个模型") });
    }
    let mut entries = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for (i, m) in models.iter().enumerate() {
        let p = format!("models[{i}]");
        let Some(o) = m.as_object() else {
            err(p, K::Syntax { detail: "应为对象 {…}".into() });
            continue;
        };
        for k in o.keys() {
            if !ENTRY_KEYS.contains(&k.as_str()) {
                err(format!("{p}.{k}"), K::UnknownKey { key: k.clone(), valid: ENTRY_KEYS.iter().map(|s| s.to_string()).collect() });
            }
        }
        let Some(model) = o.get("model") else {
            err(p, K::MissingKey { key: "model".into() });
            continue;
        };
        let mut head = Map::new();
        for k in ENTRY_KEYS.iter().filter(|k| **k != "model") {
            if let Some(v) = o.get(*k) {
                head.insert(k.to_string(), v.clone());
            }
        }
        let meta: Meta = match serde_json::from_value(Value::Object(head)) {
            Ok(m) => m,
            Err(e) => {
                err(p, K::Syntax { detail: e.to_string() });
                continue;
            }
        };
        if model.get("id").and_then(Value::as_str) != Some(meta.id.as_str()) {
            err(format!("{p}.id"), K::BadValue { value: meta.id.clone(), valid: vec![model.get("id").and_then(Value::as_str).unwrap_or_default().to_string()] });
        }
        if ids.contains(&meta.id) {
            err(format!("{p}.id"), K::Duplicate { what: format!("模型 id “{}”", meta.id) });
        }
        ids.push(meta.id.clone());
        for (k, v) in [("created", &meta.created), ("updated", &meta.updated)] {
            if !is_date_or_empty(v) {
                err(format!("{p}.{k}"), K::BadValue { value: v.clone(), valid: vec!["yyyy-mm-dd".into()] });
            }
        }
        let fp = fingerprint(model);
        let changed = !meta.fingerprint.is_empty() && meta.fingerprint != fp;
        entries.push((Meta { fingerprint: fp, ..meta }, model.clone(), changed));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    load(file, entries, custom)
}

/// Register the kinds, compile every model; undo the registration when any
/// model fails.
fn load(file: &str, entries: Vec<(Meta, Value, bool)>, custom: Vec<KindSpec>) -> Result<Loaded, Vec<ModelError>> {
    let saved = kinds::custom::snapshot();
    for k in &custom {
        kinds::custom::register(k.clone());
    }
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (meta, model, changed) in entries {
        match compile(file, &model.to_string()) {
            Ok(compiled) => out.push(Entry { meta, model, compiled, fingerprint_changed: changed }),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        kinds::custom::restore(saved);
        return Err(errors);
    }
    Ok(Loaded { entries: out, kinds: custom })
}

/// The dataset kinds a model refers to (`base`, `with`, `from`, `kind.field`).
pub fn kinds_used(model: &Value) -> BTreeSet<String> {
    fn walk(v: &Value, key: &str, out: &mut BTreeSet<String>) {
        match v {
            Value::String(s) => {
                if matches!(key, "base" | "with" | "from") {
                    out.insert(s.clone());
                } else if let Some((k, _)) = s.split_once('.') {
                    out.insert(k.to_string());
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, key, out)),
            Value::Object(o) => o.iter().for_each(|(k, x)| walk(x, k, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(model, "", &mut out);
    out
}

/// Write models as a model file, with the custom kinds they use (from the
/// registry) and fresh fingerprints.
pub fn write(entries: &[(Meta, Value)]) -> String {
    let mut used = BTreeSet::new();
    for (_, m) in entries {
        used.extend(kinds_used(m));
    }
    let kinds: Vec<&KindSpec> = kinds::custom::all().into_iter().filter(|k| used.contains(&k.kind)).collect();
    let models: Vec<Value> = entries
        .iter()
        .map(|(meta, model)| {
            let meta = Meta { fingerprint: fingerprint(model), ..meta.clone() };
            let mut o = match serde_json::to_value(&meta) {
                Ok(Value::Object(o)) => o,
                _ => Map::new(),
            };
            o.insert("model".into(), model.clone());
            Value::Object(o)
        })
        .collect();
    let file = serde_json::json!({ "schema": SCHEMA, "kinds": kinds, "models": models });
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// A built-in model as the language writes it (for `model export` and 复制为自定义).
pub fn builtin_value(id: &str) -> Option<Value> {
    super::catalog::source(id).and_then(|s| serde_json::from_str(s).ok())
}

/// The model under a new id: rule ids move to the new prefix (`deposit.x` →
/// `my_deposit.x`), so both can run side by side (复制为自定义, 保留两者).
pub fn copy_as(model: &Value, new_id: &str) -> Value {
    let mut m = model.clone();
    let old = m.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    if let Some(o) = m.as_object_mut() {
        o.insert("id".into(), Value::String(new_id.to_string()));
    }
    if let Some(rules) = m.get_mut("rules").and_then(Value::as_array_mut) {
        for r in rules {
            let rid = r.get("id").and_then(Value::as_str).unwrap_or_default();
            let tail = rid.strip_prefix(&format!("{old}.")).unwrap_or(rid).to_string();
            if let Some(o) = r.as_object_mut() {
                o.insert("id".into(), Value::String(format!("{new_id}.{tail}")));
            }
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deposit() -> Value {
        builtin_value("deposit").unwrap_or(Value::Null)
    }

    fn meta(id: &str) -> Meta {
        Meta { id: id.into(), version: 2, author: "张三".into(), office: "某区检察院".into(), created: "2025-01-02".into(), updated: "2025-03-04".into(), fingerprint: String::new() }
    }

    #[test]
    fn a_written_file_reads_back_with_the_same_fingerprint() {
        let m = copy_as(&deposit(), "my_deposit");
        let text = write(&[(meta("my_deposit"), m.clone())]);
        let loaded = read("x.xiansuo-model.json", &text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(loaded.entries.len(), 1);
        let e = &loaded.entries[0];
        assert_eq!(e.meta.fingerprint, fingerprint(&m));
        assert!(!e.fingerprint_changed);
        assert_eq!(e.meta.office, "某区检察院");
        assert_eq!(e.compiled.spec.rules[0].id, "my_deposit.unreturned");
    }

    #[test]
    fn fingerprint_ignores_layout_and_sees_content() {
        let a: Value = serde_json::from_str(r#"{"b":1,"a":[1,2]}"#).unwrap_or(Value::Null);
        let b: Value = serde_json::from_str("{ \"a\" : [1, 2],\n \"b\": 1 }").unwrap_or(Value::Null);
        let c: Value = serde_json::from_str(r#"{"b":1,"a":[2,1]}"#).unwrap_or(Value::Null);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&a), fingerprint(&c));
    }

    #[test]
    fn import_status_asks_only_on_different_content() {
        let m = meta("a");
        let m = Meta { fingerprint: "fnv1a64:1".into(), ..m };
        assert_eq!(import_status(&m, &[]), ImportStatus::New);
        assert_eq!(import_status(&m, &[("a".into(), "fnv1a64:1".into())]), ImportStatus::Same);
        assert_eq!(import_status(&m, &[("a".into(), "fnv1a64:2".into())]), ImportStatus::Conflict);
    }

    #[test]
    fn an_edited_file_is_noticed() {
        let text = write(&[(meta("deposit"), deposit())]);
        let edited = text.replacen("保证金未退还", "保证金未退", 1);
        let loaded = read("x", &edited).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(loaded.entries[0].fingerprint_changed);
    }

    fn refused_zh(text: &str) -> String {
        match read("bad.xiansuo-model.json", text) {
            Ok(_) => "accepted".into(),
            Err(e) => e.iter().map(|e| e.zh()).collect::<Vec<_>>().join("\n"),
        }
    }

    #[test]
    fn hostile_files_are_refused_with_a_reason() {
        let huge = format!("{{\"schema\":\"{SCHEMA}\",\"models\":[],\"x\":\"{}\"}}", "a".repeat(MAX_BYTES));
        assert!(refused_zh(&huge).contains("文件过大"));
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(refused_zh(&deep).contains("嵌套过深"));
        let text = write(&[(meta("deposit"), deposit())]);
        let script = text.replacen("保证金未退还", "<script>alert(1)</script>", 1);
        let e = refused_zh(&script);
        assert!(e.contains("HTML/脚本") && e.contains("models[0].model.rules[0].name"), "{e}");
        let op = text.replacen("\"contains_none\"", "\"eval\"", 1);
        assert!(refused_zh(&op).contains("未知的运算符“eval”"), "{}", refused_zh(&op));
        let ty = text.replacen("\"gt\": [\n", "\"gt\": [\"cases.closed_date\",\n", 1);
        assert_ne!(refused_zh(&ty), "accepted");
        let schema = text.replacen(SCHEMA, "xiansuo-model/9", 1);
        assert!(refused_zh(&schema).contains("xiansuo-model/1"));
    }

    #[test]
    fn custom_kinds_travel_and_a_failed_file_registers_nothing() {
        let kind = r#"{"kind":"pension_fund","label":"公积金缴存","label_en":"Housing fund","fields":[
            {"name":"person","label":"姓名","type":"name","aliases":["姓名","职工姓名"]},
            {"name":"person_id","label":"证件号码","type":"id_number","aliases":["证件号码","身份证号"]},
            {"name":"balance","label":"账户余额","type":"amount","aliases":["账户余额","余额"]}]}"#;
        let model = r#"{"id":"fund_balance","name":"公积金余额","name_en":"Housing fund balance","description":"终本被执行人有公积金余额",
          "rules":[{"id":"fund_balance.has","name":"有余额","name_en":"Balance","说明":"s","为什么可疑":"w","所需数据":"d","依据":"b",
          "plans":[{"base":"cases","scope":"zhongben_open","per":"debtor",
            "join":{"with":"pension_fund","on":"person","name":"person","id":"person_id"},
            "where":[{"gt":["pension_fund.balance",{"yuan":0}]}],
            "lead":{"amount":"pension_fund.balance","figures":[{"key":"b","label":"余额","value":"pension_fund.balance"}],"reason":"{subject}公积金余额{b}"}}]}]}"#;
        let bad = format!(r#"{{"schema":"{SCHEMA}","kinds":[{kind}],"models":[{{"id":"fund_balance","model":{}}}]}}"#, model.replace("\"gt\"", "\"gtx\""));
        assert_ne!(refused_zh(&bad), "accepted");
        assert!(kinds::get("pension_fund").is_none(), "a refused file registered its kind");
        let good = format!(r#"{{"schema":"{SCHEMA}","kinds":[{kind}],"models":[{{"id":"fund_balance","model":{model}}}]}}"#);
        let loaded = read("f", &good).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(loaded.kinds.len(), 1);
        assert!(kinds::get("pension_fund").is_some());
        let again = write(&[(loaded.entries[0].meta.clone(), loaded.entries[0].model.clone())]);
        assert!(again.contains("\"pension_fund\"") && again.contains("职工姓名"));
    }
}
