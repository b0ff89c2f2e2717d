//! Compiling a model file: structure, names and types are checked against the
//! dataset kinds before anything runs, and each plan becomes a logical plan
//! (`logical::LogicalPlan`). Every problem is reported (not just the first),
//! each as a `ModelError` naming the file, the rule and the JSON path.
//!
//! The checks walk the JSON value itself, so a path like
//! `plans[0].where[2].gt[1]` points at exactly what the user wrote; only a
//! file that passes is deserialised into `ModelSpec`.

use super::error::{ModelError, ModelErrorKind as K};
use super::logical::{self, LogicalPlan};
use super::types::{self, Ty};
use super::ModelSpec;
use crate::ingest::kinds::FieldType;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A model that passed every check, with one logical plan per rule plan.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub spec: ModelSpec,
    pub plans: Vec<LogicalPlan>,
}

const MODEL_KEYS: &[&str] = &["id", "name", "name_en", "description", "description_en", "rules", "candidates"];
const RULE_KEYS: &[&str] = &[
    "id", "name", "name_en", "说明", "为什么可疑", "所需数据", "依据", "explain_en", "thresholds",
    "derived", "plans",
];
const PLAN_KEYS: &[&str] =
    &["base", "scope", "per", "subject", "case_no", "join", "requires", "where", "lead"];
const JOIN_KEYS: &[&str] = &["with", "as", "on", "name", "id", "case_no", "aggregate"];
/// A key join (`on: [[…], …]`) names its keys in `on`, not in these.
const KEY_JOIN_KEYS: &[&str] = &["with", "as", "on", "aggregate"];
const SUBJECT_KEYS: &[&str] = &["name", "id"];
const CANDIDATE_KEYS: &[&str] = &["id", "name", "base", "scope", "from", "match", "on", "top", "owner", "seized"];
const LEAD_KEYS: &[&str] = &["amount", "figures", "flags", "reason", "reason_en", "case_no", "subject"];
const FIGURE_KEYS: &[&str] = &["key", "label", "label_en", "value"];
const FLAG_KEYS: &[&str] = &["flag", "note", "note_en", "when"];
const THRESHOLD_KEYS: &[&str] = &["default", "label", "label_en"];
const SCOPES: &[&str] = &["any", "zhongben", "zhongben_open"];
const PERS: &[&str] = &["row", "case", "debtor"];
const JOIN_ON: &[&str] = &["person", "case_no", "case_no_person"];

/// Expression operators (values).
pub const EXPR_OPS: &[&str] = &[
    "add", "sub", "mul", "min", "max", "coalesce", "yuan", "add_months", "add_days",
    "days_between", "sum", "count", "aggregate", "case_part", "text", "when", "text_key", "prefix", "classify",
];
/// Condition operators (true/false).
pub const COND_OPS: &[&str] = &[
    "all", "any", "not", "lt", "le", "gt", "ge", "eq", "ne", "missing", "present",
    "letters_none", "letters_any", "letters_all", "contains_any", "contains_none", "in", "yes",
    "no", "other_person", "exists", "not_exists", "valid", "mapped",
];
const SUB_KEYS: &[&str] = &["from", "as", "on", "where"];
const AGG_KEYS: &[&str] = &["fn", "of", "from", "as", "on", "where"];
const AGG_FNS: &[&str] = &["sum", "count", "min", "max"];

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Compile a model file's text. `file` is how messages name it.
pub fn compile(file: &str, text: &str) -> Result<Compiled, Vec<ModelError>> {
    let value = parse(file, text)?;
    let mut c = Checker { file, rule: None, errors: Vec::new() };
    c.model(&value);
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    let spec: ModelSpec = serde_json::from_value(value).map_err(|e| vec![ModelError::syntax(file, e.to_string())])?;
    let plans = spec
        .rules
        .iter()
        .flat_map(|r| r.plans.iter().map(move |p| logical::plan_of(r, p)))
        .collect();
    Ok(Compiled { spec, plans })
}

/// Check the case-view prelude: each view is an expression over its kind's
/// row (other views by bare name), each scope a condition on a case row.
pub fn check_prelude(file: &str, text: &str) -> Result<(), Vec<ModelError>> {
    let value = parse(file, text)?;
    let mut c = Checker { file, rule: None, errors: Vec::new() };
    let empty = Map::new();
    if let Some(o) = c.object(&value, "", &["id", "description", "description_en", "views", "scopes"], &["views", "scopes"]) {
        let mut params = BTreeMap::new();
        params.insert("as_of".to_string(), Ty::Date);
        for (kind, views) in o.get("views").and_then(Value::as_object).unwrap_or(&empty) {
            if crate::ingest::kinds::get(kind).is_none() {
                c.err(&format!("views.{kind}"), K::UnknownKind { kind: kind.clone(), valid: types::kind_names() });
                continue;
            }
            let views = views.as_object().unwrap_or(&empty);
            for (name, v) in views {
                let mut sc = Scope { sources: vec![(kind.clone(), kind.clone())], params: params.clone(), derived: views, stack: vec![name.clone()], aggregate: false };
                c.expr(v, &format!("views.{kind}.{name}"), &mut sc);
            }
        }
        let cases_views = o.get("views").and_then(|v| v.get("cases")).and_then(Value::as_object).unwrap_or(&empty);
        for (name, cond) in o.get("scopes").and_then(Value::as_object).unwrap_or(&empty) {
            let mut sc = Scope { sources: vec![("cases".into(), "cases".into())], params: params.clone(), derived: cases_views, stack: Vec::new(), aggregate: false };
            c.cond(cond, &format!("scopes.{name}"), &mut sc);
        }
    }
    if c.errors.is_empty() {
        Ok(())
    } else {
        Err(c.errors)
    }
}

/// The file as JSON, or a syntax error naming line and column.
fn parse(file: &str, text: &str) -> Result<Value, Vec<ModelError>> {
    serde_json::from_str(text)
        .map_err(|e| vec![ModelError::syntax(file, format!("第 {} 行第 {} 列：{e}", e.line(), e.column()))])
}

/// What a plan can refer to while its expressions are checked.
struct Scope<'a> {
    /// Source name → kind (today: the base and the joined kind).
    sources: Vec<(String, String)>,
    params: BTreeMap<String, Ty>,
    derived: &'a Map<String, Value>,
    /// Derived names being expanded (cycle detection).
    stack: Vec<String>,
    aggregate: bool,
}

struct Checker<'f> {
    file: &'f str,
    rule: Option<String>,
    errors: Vec<ModelError>,
}

impl Checker<'_> {
    fn err(&mut self, path: &str, kind: K) {
        let e = ModelError {
            file: self.file.to_string(),
            rule: self.rule.clone(),
            path: path.to_string(),
            kind,
        };
        // Derived values are checked once per plan: report each problem once.
        if !self.errors.contains(&e) {
            self.errors.push(e);
        }
    }

    /// An object with only the allowed keys and the required ones present.
    fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Some(o) = v.as_object() else {
            self.err(path, K::Syntax { detail: format!("应为对象 {{…}}，实际是 {}", shape(v)) });
            return None;
        };
        for k in o.keys() {
            if !allowed.contains(&k.as_str()) {
                self.err(&join(path, k), K::UnknownKey { key: k.clone(), valid: strings(allowed) });
            }
        }
        for r in required {
            if !o.contains_key(*r) {
                self.err(path, K::MissingKey { key: r.to_string() });
            }
        }
        Some(o)
    }

    fn string<'v>(&mut self, v: Option<&'v Value>, path: &str) -> Option<&'v str> {
        let v = v?;
        match v.as_str() {
            Some(s) => Some(s),
            None => {
                self.err(path, K::Syntax { detail: format!("应为文字，实际是 {}", shape(v)) });
                None
            }
        }
    }

    fn one_of(&mut self, v: Option<&Value>, path: &str, valid: &[&str]) -> Option<String> {
        let s = self.string(v, path)?;
        if !valid.contains(&s) {
            self.err(path, K::BadValue { value: s.to_string(), valid: strings(valid) });
            return None;
        }
        Some(s.to_string())
    }

    fn model(&mut self, v: &Value) {
        let Some(o) = self.object(v, "", MODEL_KEYS, &["id", "name", "name_en", "description", "rules"])
        else {
            return;
        };
        let id = self.string(o.get("id"), "id").unwrap_or("").to_string();
        for k in ["name", "name_en", "description"] {
            self.string(o.get(k), k);
        }
        if let Some(c) = o.get("candidates") {
            self.candidates(c, &id);
        }
        let Some(rules) = o.get("rules") else { return };
        let Some(rules) = rules.as_array() else {
            self.err("rules", K::Syntax { detail: "应为数组 […]".into() });
            return;
        };
        let mut seen = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            let rid = r.get("id").and_then(Value::as_str).unwrap_or("").to_string();
            self.rule = None;
            if rid.is_empty() {
                self.err(&format!("rules[{i}]"), K::MissingKey { key: "id".into() });
            } else if seen.contains(&rid) {
                self.err(&format!("rules[{i}].id"), K::Duplicate { what: format!("规则 id “{rid}”") });
            } else if !id.is_empty() && !rid.starts_with(&format!("{id}.")) {
                self.err(
                    &format!("rules[{i}].id"),
                    K::BadValue { value: rid.clone(), valid: vec![format!("{id}.…")] },
                );
            }
            seen.push(rid.clone());
            self.rule = Some(if rid.is_empty() { format!("rules[{i}]") } else { rid });
            self.rule_body(r);
        }
        self.rule = None;
    }

    /// The model's declared candidate steps (`model::candidates`).
    fn candidates(&mut self, v: &Value, model_id: &str) {
        use super::candidates::{MATCHERS, MAX_TOP};
        let Some(list) = v.as_array() else {
            self.err("candidates", K::Syntax { detail: "应为数组 […]".into() });
            return;
        };
        for (i, c) in list.iter().enumerate() {
            let p = format!("candidates[{i}]");
            let Some(o) = self.object(c, &p, CANDIDATE_KEYS, &["id", "name", "base", "from", "match", "on", "top", "owner"]) else { continue };
            if let Some(id) = self.string(o.get("id"), &join(&p, "id")) {
                if !model_id.is_empty() && !id.starts_with(&format!("{model_id}.")) {
                    self.err(&join(&p, "id"), K::BadValue { value: id.to_string(), valid: vec![format!("{model_id}.…")] });
                }
            }
            self.string(o.get("name"), &join(&p, "name"));
            // A group names a case and its debtors: the base is the case file.
            let base = self.one_of(o.get("base"), &join(&p, "base"), &["cases"]);
            if o.get("scope").is_some() {
                self.one_of(o.get("scope"), &join(&p, "scope"), SCOPES);
            }
            let from = self.kind(o.get("from"), &join(&p, "from"), None);
            let names: Vec<&str> = MATCHERS.iter().map(|(n, _)| *n).collect();
            let want = self
                .one_of(o.get("match"), &join(&p, "match"), &names)
                .and_then(|m| MATCHERS.iter().find(|(n, _)| *n == m))
                .map(|(n, t)| (*n, *t));
            match o.get("top").and_then(Value::as_u64) {
                Some(n) if (1..=MAX_TOP).contains(&n) => {}
                _ => {
                    let shown = o.get("top").map_or_else(String::new, Value::to_string);
                    self.err(&join(&p, "top"), K::BadValue { value: shown, valid: vec![format!("1…{MAX_TOP}")] });
                }
            }
            let op = join(&p, "on");
            match o.get("on").and_then(Value::as_array).filter(|a| a.len() == 2) {
                Some(sides) => {
                    for (j, (side, kind)) in sides.iter().zip([&base, &from]).enumerate() {
                        let sp = format!("{op}[{j}]");
                        let (Some(r), Some(kind)) = (self.string(Some(side), &sp), kind) else { continue };
                        if let (Some((_, ft)), Some((m, t))) = (self.base_field(r, kind, &sp), want) {
                            if ft != Some(t) {
                                self.err(&sp, K::WrongType { op: m.into(), expected: types::key_code(Some(t)).into(), found: types::key_code(ft).into() });
                            }
                        }
                    }
                }
                None => self.err(&op, K::Syntax { detail: "应为 [基础数据字段, 候选数据字段]".into() }),
            }
            let Some(from) = from else { continue };
            let owp = join(&p, "owner");
            if let Some(ow) = o.get("owner").and_then(|w| self.object(w, &owp, SUBJECT_KEYS, &["name"])) {
                for (k, t) in [("name", FieldType::Name), ("id", FieldType::IdNumber)] {
                    let kp = join(&owp, k);
                    let Some(r) = self.string(ow.get(k), &kp) else { continue };
                    if let Some((_, ft)) = self.base_field(r, &from, &kp) {
                        if ft != Some(t) {
                            self.err(&kp, K::WrongType { op: format!("owner.{k}"), expected: types::key_code(Some(t)).into(), found: types::key_code(ft).into() });
                        }
                    }
                }
            }
            if let Some(r) = self.string(o.get("seized"), &join(&p, "seized")) {
                self.base_field(r, &from, &join(&p, "seized"));
            }
        }
    }

    fn rule_body(&mut self, r: &Value) {
        let Some(o) = self.object(
            r,
            "",
            RULE_KEYS,
            &["id", "name", "name_en", "说明", "为什么可疑", "所需数据", "依据", "plans"],
        ) else {
            return;
        };
        for k in ["name", "name_en", "说明", "为什么可疑", "所需数据", "依据"] {
            self.string(o.get(k), k);
        }
        let mut params: BTreeMap<String, Ty> = BTreeMap::new();
        params.insert("as_of".into(), Ty::Date);
        if let Some(th) = o.get("thresholds") {
            match th.as_object() {
                Some(th) => {
                    for (k, t) in th {
                        let p = format!("thresholds.{k}");
                        let Some(t) = self.object(t, &p, THRESHOLD_KEYS, &["default", "label"]) else {
                            continue;
                        };
                        let ty = match t.get("default") {
                            Some(Value::Number(_)) => Ty::Number,
                            Some(Value::String(_)) => Ty::Text,
                            Some(other) => {
                                self.err(
                                    &format!("{p}.default"),
                                    K::Syntax { detail: format!("应为数字或文字，实际是 {}", shape(other)) },
                                );
                                Ty::Any
                            }
                            None => Ty::Any,
                        };
                        params.insert(k.clone(), ty);
                    }
                }
                None => self.err("thresholds", K::Syntax { detail: "应为对象 {…}".into() }),
            }
        }
        let empty = Map::new();
        let derived = match o.get("derived") {
            Some(Value::Object(d)) => d,
            Some(_) => {
                self.err("derived", K::Syntax { detail: "应为对象 {…}".into() });
                &empty
            }
            None => &empty,
        };
        let Some(plans) = o.get("plans") else { return };
        let Some(plans) = plans.as_array() else {
            self.err("plans", K::Syntax { detail: "应为数组 […]".into() });
            return;
        };
        if plans.is_empty() {
            self.err("plans", K::MissingKey { key: "plans[0]".into() });
        }
        for (i, p) in plans.iter().enumerate() {
            self.plan(p, &format!("plans[{i}]"), &params, derived);
        }
    }

    fn plan(&mut self, p: &Value, path: &str, params: &BTreeMap<String, Ty>, derived: &Map<String, Value>) {
        let Some(o) = self.object(p, path, PLAN_KEYS, &["base", "lead"]) else { return };
        let base = self.kind(o.get("base"), &join(path, "base"), None);
        let mut sources: Vec<(String, String)> = Vec::new();
        if let Some(b) = &base {
            sources.push((b.clone(), b.clone()));
        }
        if o.get("scope").is_some() {
            self.one_of(o.get("scope"), &join(path, "scope"), SCOPES);
        }
        if o.get("per").is_some() {
            self.one_of(o.get("per"), &join(path, "per"), PERS);
        }
        let mut aggregate = false;
        let mut join_ok = true;
        if let Some(j) = o.get("join") {
            let jp = join(path, "join");
            if let Some(jo) = self.object(j, &jp, JOIN_KEYS, &["with", "on"]) {
                let join_kind = self.kind(jo.get("with"), &join(&jp, "with"), None);
                join_ok = join_kind.is_some();
                let keyed = jo.get("on").is_some_and(Value::is_array);
                let alias = jo.get("as").and_then(|a| self.string(Some(a), &join(&jp, "as"))).map(str::to_string);
                let mut name = None;
                if let Some(k) = &join_kind {
                    let n = alias.clone().unwrap_or_else(|| k.clone());
                    let clash = base.as_ref() == Some(&n);
                    // A kind meeting itself needs a second name; `as` must be a new one.
                    if (alias.is_some() || keyed) && (clash || n == "subject" || n.contains('.')) {
                        let at = if alias.is_some() { join(&jp, "as") } else { jp.clone() };
                        let taken = base.clone().into_iter().chain(["subject".to_string()]).collect::<Vec<_>>();
                        self.err(&at, K::BadValue { value: n.clone(), valid: vec![format!("“as” 取一个新名字，不同于 {}", taken.join("、"))] });
                        join_ok = false;
                    } else if !clash {
                        sources.push((n.clone(), k.clone()));
                    }
                    name = Some(n);
                }
                aggregate = jo.get("aggregate").and_then(Value::as_bool).unwrap_or(false);
                if keyed {
                    for k in ["name", "id", "case_no"] {
                        if jo.contains_key(k) {
                            self.err(&join(&jp, k), K::UnknownKey { key: k.into(), valid: strings(KEY_JOIN_KEYS) });
                        }
                    }
                    if let (Some(b), Some(k), Some(n), true) = (&base, &join_kind, &name, join_ok) {
                        let mut sc = Scope { sources: vec![(b.clone(), b.clone())], params: params.clone(), derived, stack: Vec::new(), aggregate: false };
                        self.join_key_list(jo.get("on"), &join(&jp, "on"), n, k, &mut sc);
                    }
                } else {
                    let on = self.one_of(jo.get("on"), &join(&jp, "on"), JOIN_ON);
                    if let (Some(b), Some(k), Some(on)) = (&base, &join_kind, on) {
                        self.join_keys(o, jo, &jp, b, k, &on);
                    }
                }
            }
        }
        if let Some(b) = &base {
            if let Some(s) = o.get("subject") {
                let sp = join(path, "subject");
                if let Some(so) = self.object(s, &sp, SUBJECT_KEYS, &["name"]) {
                    for k in SUBJECT_KEYS {
                        if let Some(r) = self.string(so.get(*k), &join(&sp, k)) {
                            self.base_field(r, b, &join(&sp, k));
                        }
                    }
                }
            }
            if let Some(r) = self.string(o.get("case_no"), &join(path, "case_no")) {
                self.base_field(r, b, &join(path, "case_no"));
            }
        }
        let valid_sources: Vec<String> = sources.iter().map(|(n, _)| n.clone()).collect();
        if let Some(req) = o.get("requires") {
            let rp = join(path, "requires");
            match req.as_object() {
                Some(req) => {
                    for (kind, fields) in req {
                        let kp = join(&rp, kind);
                        // Any kind: a plan may require the kinds its subqueries read.
                        if !valid_sources.contains(kind) && crate::ingest::kinds::get(kind).is_none() {
                            self.err(&kp, K::UnknownKind { kind: kind.clone(), valid: types::kind_names() });
                            continue;
                        }
                        let Some(fields) = fields.as_array() else {
                            self.err(&kp, K::Syntax { detail: "应为字段名数组 […]".into() });
                            continue;
                        };
                        for (i, f) in fields.iter().enumerate() {
                            let fp = format!("{kp}[{i}]");
                            if let Some(f) = self.string(Some(f), &fp) {
                                for alt in f.split('|') {
                                    self.field(kind, alt, &fp);
                                }
                            }
                        }
                    }
                }
                None => self.err(&rp, K::Syntax { detail: "应为对象 {类型: [字段…]}".into() }),
            }
        }
        let mut sc = Scope { sources, params: params.clone(), derived, stack: Vec::new(), aggregate };
        if base.is_none() || !join_ok {
            return; // every reference would be reported again as an unknown source
        }
        if let Some(w) = o.get("where") {
            self.conds(w, &join(path, "where"), &mut sc);
        }
        if let Some(l) = o.get("lead") {
            self.lead(l, &join(path, "lead"), &mut sc);
        }
    }

    fn kind(&mut self, v: Option<&Value>, path: &str, _hint: Option<&str>) -> Option<String> {
        let s = self.string(v, path)?;
        if crate::ingest::kinds::get(s).is_none() {
            self.err(path, K::UnknownKind { kind: s.to_string(), valid: types::kind_names() });
            return None;
        }
        Some(s.to_string())
    }

    /// `kind.field` or bare `field` of the base kind (subject, case_no).
    fn base_field(&mut self, r: &str, base: &str, path: &str) -> Option<(Ty, Option<FieldType>)> {
        let f = match r.split_once('.') {
            Some((k, f)) if k == base => f,
            Some((k, _)) => {
                self.err(path, K::UnknownKind { kind: k.to_string(), valid: vec![base.to_string()] });
                return None;
            }
            None => r,
        };
        self.field(base, f, path)
    }

    fn field(&mut self, kind: &str, field: &str, path: &str) -> Option<(Ty, Option<FieldType>)> {
        // `close_method` of a 终本 list is implied by the list itself; it is a real field.
        match types::field_type(kind, field) {
            Some(t) => Some(t),
            None => {
                self.err(
                    path,
                    K::UnknownField {
                        kind: kind.to_string(),
                        field: field.to_string(),
                        valid: types::field_names(kind),
                    },
                );
                None
            }
        }
    }

    /// A key join's `on`: `[["base expr", "NAME.field"], …]`, at least one
    /// key, each of the same key type on both sides (checked like a
    /// subquery's keys); a person is matched with `on: person` instead.
    fn join_key_list(&mut self, on: Option<&Value>, path: &str, name: &str, kind: &str, sc: &mut Scope) {
        let Some(keys) = on.and_then(Value::as_array) else { return };
        if keys.is_empty() {
            self.err(path, K::Syntax { detail: "至少需要一个连接键 [[基础数据的值, 连接名.字段]]".into() });
        }
        for (i, k) in keys.iter().enumerate() {
            let kp = format!("{path}[{i}]");
            if !k.is_array() {
                self.err(&kp, K::Syntax { detail: "连接键应为 [基础数据的值, 连接名.字段]；按人员连接请写 \"on\": \"person\"".into() });
                continue;
            }
            self.on_key(k, &kp, name, kind, sc);
        }
    }

    /// Both sides of a join must be keys of the same type.
    fn join_keys(&mut self, plan: &Map<String, Value>, j: &Map<String, Value>, jp: &str, base: &str, with: &str, on: &str) {
        if on == "person" || on == "case_no_person" {
            if j.get("name").is_none() && j.get("id").is_none() {
                self.err(jp, K::MissingKey { key: "name|id".into() });
            }
            if base != "cases" && plan.get("subject").is_none() {
                self.err(jp, K::MissingKey { key: "subject".into() });
            }
            for (k, want) in [("name", FieldType::Name), ("id", FieldType::IdNumber)] {
                let p = join(jp, k);
                let Some(f) = self.string(j.get(k), &p) else { continue };
                if let Some((_, ft)) = self.field(with, f, &p) {
                    if ft != Some(want) {
                        let left = if k == "name" { "cases.debtor" } else { "cases.debtor_id" };
                        self.err(
                            &p,
                            K::JoinKeyMismatch {
                                left: if base == "cases" { left.to_string() } else { format!("{base}.subject.{k}") },
                                left_ty: types::key_code(Some(want)).to_string(),
                                right: format!("{with}.{f}"),
                                right_ty: types::key_code(ft).to_string(),
                            },
                        );
                    }
                }
            }
        }
        if on == "case_no" || on == "case_no_person" {
            let p = join(jp, "case_no");
            let right = match j.get("case_no") {
                Some(v) => self.string(Some(v), &p).map(str::to_string),
                None => Some("case_no".to_string()),
            };
            let left = if base == "cases" {
                Some("case_no".to_string())
            } else {
                match plan.get("case_no").and_then(Value::as_str) {
                    Some(r) => Some(r.split_once('.').map_or(r, |(_, f)| f).to_string()),
                    None => {
                        self.err(jp, K::MissingKey { key: "case_no".into() });
                        None
                    }
                }
            };
            let (Some(left), Some(right)) = (left, right) else { return };
            let lt = types::field_type(base, &left).map(|t| t.1);
            let Some((_, rt)) = self.field(with, &right, &p) else { return };
            if let Some(lt) = lt {
                if lt != rt || rt != Some(FieldType::CaseNo) {
                    self.err(
                        &p,
                        K::JoinKeyMismatch {
                            left: format!("{base}.{left}"),
                            left_ty: types::key_code(lt).to_string(),
                            right: format!("{with}.{right}"),
                            right_ty: types::key_code(rt).to_string(),
                        },
                    );
                }
            }
        }
    }

    fn lead(&mut self, v: &Value, path: &str, sc: &mut Scope) {
        let Some(o) = self.object(v, path, LEAD_KEYS, &["reason"]) else { return };
        if let Some(a) = o.get("amount") {
            let p = join(path, "amount");
            let t = self.expr(a, &p, sc);
            if !matches!(t, Ty::Amount | Ty::Any) {
                self.err(&p, K::WrongType { op: "amount".into(), expected: "amount".into(), found: t.code().into() });
            }
        }
        if let Some(c) = o.get("case_no") {
            let p = join(path, "case_no");
            let t = self.expr(c, &p, sc);
            self.want("case_no", t, &[Ty::Text], &p);
        }
        if let Some(s) = o.get("subject") {
            let p = join(path, "subject");
            if let Some(so) = self.object(s, &p, SUBJECT_KEYS, &["name"]) {
                for k in ["name", "id"] {
                    if let Some(x) = so.get(k) {
                        let t = self.expr(x, &join(&p, k), sc);
                        self.want("subject", t, &[Ty::Text], &join(&p, k));
                    }
                }
            }
        }
        let mut keys: Vec<String> = vec!["subject".into(), "case_no".into()];
        if let Some(f) = o.get("figures") {
            let fp = join(path, "figures");
            for (i, fig) in f.as_array().map(Vec::as_slice).unwrap_or(&[]).iter().enumerate() {
                let p = format!("{fp}[{i}]");
                let Some(fo) = self.object(fig, &p, FIGURE_KEYS, &["key", "label", "value"]) else { continue };
                if let Some(k) = self.string(fo.get("key"), &join(&p, "key")) {
                    if keys.iter().any(|x| x == k) {
                        self.err(&join(&p, "key"), K::Duplicate { what: format!("数值键 “{k}”") });
                    }
                    keys.push(k.to_string());
                }
                self.string(fo.get("label"), &join(&p, "label"));
                if let Some(val) = fo.get("value") {
                    self.expr(val, &join(&p, "value"), sc);
                }
            }
        }
        if let Some(f) = o.get("flags") {
            let fp = join(path, "flags");
            for (i, fl) in f.as_array().map(Vec::as_slice).unwrap_or(&[]).iter().enumerate() {
                let p = format!("{fp}[{i}]");
                let Some(fo) = self.object(fl, &p, FLAG_KEYS, &["flag", "note", "when"]) else { continue };
                self.string(fo.get("flag"), &join(&p, "flag"));
                self.string(fo.get("note"), &join(&p, "note"));
                if let Some(w) = fo.get("when") {
                    self.cond(w, &join(&p, "when"), sc);
                }
            }
        }
        for k in ["reason", "reason_en"] {
            let p = join(path, k);
            if let Some(text) = self.string(o.get(k), &p) {
                for ph in placeholders(text) {
                    if !keys.iter().any(|x| x == ph) {
                        self.err(&p, K::BadValue { value: format!("{{{ph}}}"), valid: keys.iter().map(|k| format!("{{{k}}}")).collect() });
                    }
                }
            }
        }
    }

    fn conds(&mut self, v: &Value, path: &str, sc: &mut Scope) {
        match v.as_array() {
            Some(a) => {
                for (i, c) in a.iter().enumerate() {
                    self.cond(c, &format!("{path}[{i}]"), sc);
                }
            }
            None => self.err(path, K::Syntax { detail: format!("应为条件数组 […]，实际是 {}", shape(v)) }),
        }
    }

    /// `{"op": args}` with exactly one key.
    fn op<'v>(&mut self, v: &'v Value, path: &str, valid: &[&str]) -> Option<(&'v str, &'v Value, String)> {
        let Some(o) = v.as_object() else {
            self.err(path, K::Syntax { detail: format!("应为 {{\"运算符\": …}}，实际是 {}", shape(v)) });
            return None;
        };
        let mut it = o.iter();
        let (Some((k, args)), None) = (it.next(), it.next()) else {
            self.err(path, K::Syntax { detail: format!("一个对象只能写一个运算符，这里有 {} 个", o.len()) });
            return None;
        };
        if !valid.contains(&k.as_str()) {
            self.err(&join(path, k), K::UnknownOperator { op: k.clone(), valid: strings(valid) });
            return None;
        }
        Some((k.as_str(), args, join(path, k)))
    }

    /// Exactly `n` arguments in an array.
    fn args<'v>(&mut self, v: &'v Value, path: &str, n: usize) -> Option<&'v [Value]> {
        match v.as_array() {
            Some(a) if a.len() == n => Some(a.as_slice()),
            _ => {
                self.err(path, K::Syntax { detail: format!("应为 {n} 个参数的数组，实际是 {}", shape(v)) });
                None
            }
        }
    }

    fn cond(&mut self, v: &Value, path: &str, sc: &mut Scope) {
        let Some((op, args, p)) = self.op(v, path, COND_OPS) else { return };
        match op {
            "all" | "any" => self.conds(args, &p, sc),
            "not" => self.cond(args, &p, sc),
            "lt" | "le" | "gt" | "ge" | "eq" | "ne" => {
                let Some(a) = self.args(args, &p, 2) else { return };
                let l = self.expr(&a[0], &format!("{p}[0]"), sc);
                let r = self.expr(&a[1], &format!("{p}[1]"), sc);
                if !l.comparable(r) || l == Ty::Status {
                    self.err(&p, K::TypeMismatch { op: op.into(), left: l.code().into(), right: r.code().into() });
                }
            }
            "missing" | "present" | "valid" => {
                self.expr(args, &p, sc);
            }
            "mapped" => {
                if let Some(r) = self.string(Some(args), &p) {
                    match r.split_once('.') {
                        Some((src, f)) => match sc.sources.iter().find(|(n, _)| n == src).map(|(_, k)| k.clone()) {
                            Some(kind) => {
                                self.field(&kind, f, &p);
                            }
                            None => {
                                let valid = sc.sources.iter().map(|(n, _)| n.clone()).collect();
                                self.err(&p, K::UnknownKind { kind: src.to_string(), valid });
                            }
                        },
                        None => self.err(&p, K::Syntax { detail: "应写成 来源.字段".into() }),
                    }
                }
            }
            "yes" | "no" => {
                let t = self.expr(args, &p, sc);
                self.want(op, t, &[Ty::Text], &p);
            }
            "letters_none" | "letters_any" | "letters_all" => {
                let Some(a) = self.args(args, &p, 2) else { return };
                let s = self.expr(&a[0], &format!("{p}[0]"), sc);
                self.want(op, s, &[Ty::Status], &format!("{p}[0]"));
                let l = self.expr(&a[1], &format!("{p}[1]"), sc);
                self.want(op, l, &[Ty::Text], &format!("{p}[1]"));
            }
            "contains_any" | "contains_none" | "in" => {
                let Some(a) = self.args(args, &p, 2) else { return };
                let t = self.expr(&a[0], &format!("{p}[0]"), sc);
                self.want(op, t, &[Ty::Text], &format!("{p}[0]"));
                let words = a[1].as_array().filter(|w| w.iter().all(Value::is_string));
                if words.is_none() {
                    self.err(&format!("{p}[1]"), K::Syntax { detail: "应为文字数组 [\"…\", …]".into() });
                }
                if op == "in" {
                    if let (Value::String(r), Some(w)) = (&a[0], words) {
                        if r == "cases.close_kind" {
                            for (i, x) in w.iter().enumerate() {
                                let x = x.as_str().unwrap_or("");
                                if !types::CLOSE_KINDS.contains(&x) {
                                    self.err(
                                        &format!("{p}[1][{i}]"),
                                        K::BadValue { value: x.into(), valid: strings(types::CLOSE_KINDS) },
                                    );
                                }
                            }
                        }
                    }
                }
            }
            "exists" | "not_exists" => {
                if self.object(args, &p, SUB_KEYS, &["from"]).is_some() {
                    self.sub(args, &p, sc, |_, _, _| {});
                }
            }
            "other_person" => {
                let Some(a) = self.args(args, &p, 2) else { return };
                for (i, x) in a.iter().enumerate() {
                    let t = self.expr(x, &format!("{p}[{i}]"), sc);
                    self.want(op, t, &[Ty::Text], &format!("{p}[{i}]"));
                }
            }
            _ => {}
        }
    }

    fn want(&mut self, op: &str, found: Ty, ok: &[Ty], path: &str) {
        if found != Ty::Any && !ok.contains(&found) {
            let expected: Vec<&str> = ok.iter().map(|t| t.code()).collect();
            self.err(path, K::WrongType { op: op.into(), expected: expected.join("|"), found: found.code().into() });
        }
    }

    fn expr(&mut self, v: &Value, path: &str, sc: &mut Scope) -> Ty {
        match v {
            Value::Number(_) => Ty::Number,
            Value::String(r) => self.reference(r, path, sc),
            Value::Object(_) => self.expr_op(v, path, sc),
            other => {
                self.err(path, K::Syntax { detail: format!("应为数字、引用或 {{运算符: …}}，实际是 {}", shape(other)) });
                Ty::Any
            }
        }
    }

    fn expr_op(&mut self, v: &Value, path: &str, sc: &mut Scope) -> Ty {
        let Some((op, args, p)) = self.op(v, path, EXPR_OPS) else { return Ty::Any };
        match op {
            "text" => {
                if !args.is_string() {
                    self.err(&p, K::Syntax { detail: "应为文字".into() });
                }
                Ty::Text
            }
            "when" => {
                let Some(bs) = args.as_array().filter(|a| !a.is_empty()) else {
                    self.err(&p, K::Syntax { detail: "应为 [{\"if\": 条件, \"then\": 值}, …, {\"else\": 值}]".into() });
                    return Ty::Any;
                };
                let mut tys = Vec::new();
                for (i, b) in bs.iter().enumerate() {
                    let bp = format!("{p}[{i}]");
                    let Some(o) = self.object(b, &bp, &["if", "then", "else"], &[]) else { continue };
                    match (o.get("if"), o.get("then"), o.get("else")) {
                        (Some(c), Some(t), None) => {
                            self.cond(c, &join(&bp, "if"), sc);
                            tys.push(self.expr(t, &join(&bp, "then"), sc));
                        }
                        (None, None, Some(e)) if i + 1 == bs.len() => tys.push(self.expr(e, &join(&bp, "else"), sc)),
                        _ => self.err(&bp, K::Syntax { detail: "分支应为 {\"if\", \"then\"}，最后一个可为 {\"else\"}".into() }),
                    }
                }
                self.combine("when", &tys, &p)
            }
            "yuan" => {
                if !args.is_number() {
                    self.err(&p, K::Syntax { detail: "应为以元计的数字".into() });
                }
                Ty::Amount
            }
            "add" | "sub" | "mul" | "min" | "max" | "coalesce" => {
                let Some(a) = args.as_array().filter(|a| !a.is_empty()) else {
                    self.err(&p, K::Syntax { detail: "应为非空数组 […]".into() });
                    return Ty::Any;
                };
                let tys: Vec<Ty> = a.iter().enumerate().map(|(i, x)| self.expr(x, &format!("{p}[{i}]"), sc)).collect();
                self.combine(op, &tys, &p)
            }
            "add_months" | "add_days" => {
                let Some(a) = self.args(args, &p, 2) else { return Ty::Date };
                let d = self.expr(&a[0], &format!("{p}[0]"), sc);
                self.want(op, d, &[Ty::Date], &format!("{p}[0]"));
                let n = self.expr(&a[1], &format!("{p}[1]"), sc);
                self.want(op, n, &[Ty::Number], &format!("{p}[1]"));
                Ty::Date
            }
            "days_between" => {
                let Some(a) = self.args(args, &p, 2) else { return Ty::Number };
                for (i, x) in a.iter().enumerate() {
                    let t = self.expr(x, &format!("{p}[{i}]"), sc);
                    self.want(op, t, &[Ty::Date], &format!("{p}[{i}]"));
                }
                Ty::Number
            }
            "case_part" => {
                let Some(a) = self.args(args, &p, 2) else { return Ty::Any };
                let t = self.expr(&a[0], &format!("{p}[0]"), sc);
                self.want(op, t, &[Ty::Text], &format!("{p}[0]"));
                let part = self.one_of(a.get(1), &format!("{p}[1]"), &["court", "type", "year"]);
                if part.as_deref() == Some("year") { Ty::Number } else { Ty::Text }
            }
            "text_key" => {
                let t = self.expr(args, &p, sc);
                self.want(op, t, &[Ty::Text], &p);
                Ty::Text
            }
            "classify" => {
                let Some(o) = self.object(args, &p, &["as", "of"], &["as", "of"]) else { return Ty::Any };
                let names: Vec<&str> = types::CLASSIFIERS.iter().map(|(n, _)| *n).collect();
                let norm = self.one_of(o.get("as"), &join(&p, "as"), &names);
                match o.get("of").and_then(Value::as_array).filter(|a| (1..=2).contains(&a.len())) {
                    Some(a) => {
                        for (i, x) in a.iter().enumerate() {
                            let t = self.expr(x, &format!("{p}.of[{i}]"), sc);
                            self.want(op, t, &[Ty::Text], &format!("{p}.of[{i}]"));
                        }
                    }
                    None => self.err(&join(&p, "of"), K::Syntax { detail: "应为 1 或 2 个值的数组".into() }),
                }
                types::CLASSIFIERS.iter().find(|(n, _)| Some(*n) == norm.as_deref()).map_or(Ty::Any, |(_, t)| *t)
            }
            "prefix" => {
                let Some(a) = self.args(args, &p, 2) else { return Ty::Text };
                let t = self.expr(&a[0], &format!("{p}[0]"), sc);
                self.want(op, t, &[Ty::Text], &format!("{p}[0]"));
                let n = self.expr(&a[1], &format!("{p}[1]"), sc);
                self.want(op, n, &[Ty::Number], &format!("{p}[1]"));
                Ty::Text
            }
            "aggregate" => {
                let Some(o) = self.object(args, &p, AGG_KEYS, &["fn", "from"]) else { return Ty::Any };
                let func = self.one_of(o.get("fn"), &join(&p, "fn"), AGG_FNS);
                let mut ty = Ty::Number;
                let of = o.get("of").cloned();
                if of.is_none() && func.as_deref().is_some_and(|f| f != "count") {
                    self.err(&p, K::MissingKey { key: "of".into() });
                }
                self.sub(args, &p, sc, |c, sc, p| {
                    if let Some(of) = &of {
                        ty = c.expr(of, &join(p, "of"), sc);
                    }
                });
                match func.as_deref() {
                    Some("count") | None => Ty::Number,
                    Some("sum") => {
                        self.want("sum", ty, &[Ty::Amount, Ty::Number], &join(&p, "of"));
                        if ty == Ty::Number { Ty::Number } else { Ty::Amount }
                    }
                    _ => ty,
                }
            }
            "sum" | "count" => {
                let allowed: &[&str] = if op == "sum" { &["of", "where"] } else { &["where"] };
                let required: &[&str] = if op == "sum" { &["of"] } else { &[] };
                if !sc.aggregate {
                    self.err(&p, K::BadValue { value: op.into(), valid: vec!["join.aggregate = true".into()] });
                }
                let Some(o) = self.object(args, &p, allowed, required) else { return Ty::Any };
                if let Some(w) = o.get("where") {
                    self.conds(w, &join(&p, "where"), sc);
                }
                if op == "count" {
                    return Ty::Number;
                }
                let t = o.get("of").map_or(Ty::Any, |x| self.expr(x, &join(&p, "of"), sc));
                self.want(op, t, &[Ty::Amount, Ty::Number], &join(&p, "of"));
                if t == Ty::Number {
                    Ty::Number
                } else {
                    Ty::Amount
                }
            }
            _ => Ty::Any,
        }
    }

    /// A subquery: its source, join keys (same types on both sides) and
    /// conditions, checked with its name added to the sources; `inner` checks
    /// what else uses the bound row (an aggregate's `of`).
    fn sub(&mut self, v: &Value, path: &str, sc: &mut Scope, inner: impl FnOnce(&mut Self, &mut Scope, &str)) {
        let Some(o) = v.as_object() else { return };
        let Some(kind) = self.kind(o.get("from"), &join(path, "from"), None) else { return };
        let name = match o.get("as") {
            Some(a) => match self.string(Some(a), &join(path, "as")) {
                Some(a) => a.to_string(),
                None => return,
            },
            None => kind.clone(),
        };
        if sc.sources.iter().any(|(n, _)| *n == name) || name == "subject" || name.contains('.') {
            let taken: Vec<String> = sc.sources.iter().map(|(n, _)| n.clone()).collect();
            self.err(
                &join(path, if o.contains_key("as") { "as" } else { "from" }),
                K::BadValue { value: name.clone(), valid: vec![format!("“as” 取一个新名字，不同于 {}", taken.join("、"))] },
            );
            return;
        }
        sc.sources.push((name.clone(), kind.clone()));
        if let Some(on) = o.get("on") {
            let op = join(path, "on");
            match on.as_array() {
                Some(keys) => {
                    for (i, k) in keys.iter().enumerate() {
                        self.on_key(k, &format!("{op}[{i}]"), &name, &kind, sc);
                    }
                }
                None => self.err(&op, K::Syntax { detail: "应为连接键数组 [[外层, 内层], …]".into() }),
            }
        }
        if let Some(w) = o.get("where") {
            self.conds(w, &join(path, "where"), sc);
        }
        inner(self, sc, path);
        sc.sources.pop();
    }

    /// `["outer", "name.field"]` of equal key types, or `{"same_person": [name, id]}`.
    fn on_key(&mut self, k: &Value, path: &str, name: &str, kind: &str, sc: &mut Scope) {
        let inner_field = |r: &str| -> Option<String> {
            r.strip_prefix(name).and_then(|x| x.strip_prefix('.')).map(str::to_string)
        };
        if let Some(o) = k.as_object() {
            let Some(o) = self.object(k, path, &["same_person"], &["same_person"]).and(Some(o)) else { return };
            let sp = join(path, "same_person");
            let Some(a) = o.get("same_person").and_then(|a| self.args(a, &sp, 2)) else { return };
            for (i, want) in [(0usize, FieldType::Name), (1, FieldType::IdNumber)] {
                let p = format!("{sp}[{i}]");
                let Some(r) = self.string(a.get(i), &p) else { continue };
                let Some(f) = inner_field(r) else {
                    self.err(&p, K::UnknownKind { kind: r.split('.').next().unwrap_or(r).to_string(), valid: vec![name.to_string()] });
                    continue;
                };
                if let Some((_, ft)) = self.field(kind, &f, &p) {
                    if ft != Some(want) {
                        self.err(&p, K::JoinKeyMismatch {
                            left: "subject".into(),
                            left_ty: types::key_code(Some(want)).into(),
                            right: r.to_string(),
                            right_ty: types::key_code(ft).into(),
                        });
                    }
                }
            }
            return;
        }
        let Some(a) = self.args(k, path, 2) else { return };
        let Some(r) = self.string(a.get(1), &format!("{path}[1]")) else { return };
        let Some(f) = inner_field(r) else {
            self.err(&format!("{path}[1]"), K::UnknownKind { kind: r.split('.').next().unwrap_or(r).to_string(), valid: vec![name.to_string()] });
            return;
        };
        let Some((rty, rft)) = self.field(kind, &f, &format!("{path}[1]")) else { return };
        let Some(outer) = a.first() else { return };
        let lty = self.expr(outer, &format!("{path}[0]"), sc);
        // A plain field on the outer side must be the same kind of key (案号 with 案号).
        let lft = outer.as_str().and_then(|o| {
            let (src, fld) = o.split_once('.')?;
            let k = sc.sources.iter().find(|(n, _)| n == src)?.1.clone();
            types::field_type(&k, fld)
        });
        let left_code = lft.map_or(lty.code(), |(_, ft)| types::key_code(ft));
        let right_code = types::key_code(rft);
        let same = match lft {
            Some((_, ft)) => types::key_code(ft) == right_code,
            None => lty == Ty::Any || lty == rty,
        };
        if !same {
            self.err(path, K::JoinKeyMismatch {
                left: outer.as_str().unwrap_or("[0]").to_string(),
                left_ty: left_code.into(),
                right: r.to_string(),
                right_ty: right_code.into(),
            });
        }
    }

    /// The result type of an n-ary operator, or an error naming the clash.
    fn combine(&mut self, op: &str, tys: &[Ty], path: &str) -> Ty {
        let known: Vec<Ty> = tys.iter().copied().filter(|t| *t != Ty::Any).collect();
        match op {
            "add" | "sub" | "mul" => {
                if let Some(bad) = known.iter().find(|t| !t.numeric()) {
                    self.err(path, K::WrongType { op: op.into(), expected: "amount|number".into(), found: bad.code().into() });
                    return Ty::Any;
                }
                let amounts = known.iter().filter(|t| **t == Ty::Amount).count();
                if op == "mul" && amounts > 1 {
                    self.err(path, K::TypeMismatch { op: op.into(), left: "amount".into(), right: "amount".into() });
                }
                if amounts > 0 {
                    Ty::Amount
                } else if known.is_empty() {
                    Ty::Any
                } else {
                    Ty::Number
                }
            }
            _ => {
                let Some(&first) = known.first() else { return Ty::Any };
                for &t in &known[1..] {
                    if !first.comparable(t) {
                        self.err(path, K::TypeMismatch { op: op.into(), left: first.code().into(), right: t.code().into() });
                        return Ty::Any;
                    }
                }
                if known.contains(&Ty::Amount) {
                    Ty::Amount
                } else {
                    first
                }
            }
        }
    }

    fn reference(&mut self, r: &str, path: &str, sc: &mut Scope) -> Ty {
        if let Some(p) = r.strip_prefix('$') {
            return match sc.params.get(p) {
                Some(t) => *t,
                None => {
                    let valid = sc.params.keys().map(|k| format!("${k}")).collect();
                    self.err(path, K::UnknownParam { param: p.to_string(), valid });
                    Ty::Any
                }
            };
        }
        if r == "subject.name" || r == "subject.id" {
            return Ty::Text;
        }
        let Some((src, field)) = r.split_once('.') else {
            return self.derived(r, path, sc);
        };
        let Some(kind) = sc.sources.iter().find(|(n, _)| n == src).map(|(_, k)| k.clone()) else {
            let mut valid: Vec<String> = sc.sources.iter().map(|(n, _)| n.clone()).collect();
            valid.push("subject".into());
            self.err(path, K::UnknownKind { kind: src.to_string(), valid });
            return Ty::Any;
        };
        let (field, birth) = match field.split_once('@') {
            Some((f, "birth")) => (f, true),
            Some((_, suffix)) => {
                self.err(path, K::UnknownOperator { op: format!("@{suffix}"), valid: vec!["@birth".into()] });
                return Ty::Any;
            }
            None => (field, false),
        };
        let Some((ty, ft)) = self.field(&kind, field, path) else { return Ty::Any };
        if birth {
            if ft != Some(FieldType::IdNumber) {
                self.err(path, K::WrongType { op: "@birth".into(), expected: "id_number".into(), found: types::key_code(ft).into() });
            }
            return Ty::Date;
        }
        ty
    }

    fn derived(&mut self, name: &str, path: &str, sc: &mut Scope) -> Ty {
        let Some(def) = sc.derived.get(name) else {
            let valid = sc.derived.keys().cloned().collect();
            self.err(path, K::UnknownDerived { name: name.to_string(), valid });
            return Ty::Any;
        };
        if sc.stack.iter().any(|s| s == name) {
            self.err(&format!("derived.{name}"), K::Cycle { name: name.to_string() });
            return Ty::Any;
        }
        sc.stack.push(name.to_string());
        let t = self.expr(def, &format!("derived.{name}"), sc);
        sc.stack.pop();
        t
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn shape(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "数字",
        Value::String(_) => "文字",
        Value::Array(_) => "数组",
        Value::Object(_) => "对象",
    }
}

/// `{key}` placeholders of a reason template.
fn placeholders(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        let after = rest.get(i + 1..).unwrap_or("");
        match after.find('}') {
            Some(j) => {
                out.push(after.get(..j).unwrap_or(""));
                rest = after.get(j + 1..).unwrap_or("");
            }
            None => break,
        }
    }
    out
}
