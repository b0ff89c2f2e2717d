//! Running one plan of one rule: column check, base items, join, conditions,
//! leads. Joins are hash joins: the base side (debtors of in-scope cases,
//! usually the smaller side) is indexed by normalised keys and the other
//! dataset is scanned once, each row's keys computed once.

use super::cases::{case_key, knows_close, CaseIndex};
use super::eval::{figure, Ctx, Env, RowRef, Val};
use super::evidence;
use super::person::{match_person, IdState, PersonKey};
use super::shared::{person_join, Hit};
use crate::ingest::{kinds, Dataset};
use crate::lead::{Figure, Lead, Match};
use crate::model::{JoinOn, ModelSpec, Per, Plan, RuleSpec, Scope};
use foldhash::{HashMap, HashMapExt, HashSet};
use std::borrow::Cow;

/// Dataset indices by kind.
pub struct ByKind<'a> {
    datasets: &'a [&'a Dataset],
    map: HashMap<String, Vec<usize>>,
}

impl<'a> ByKind<'a> {
    pub fn new(datasets: &'a [&'a Dataset]) -> Self {
        let mut map: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in datasets.iter().enumerate() {
            map.entry(d.kind().to_string()).or_default().push(i);
        }
        ByKind { datasets, map }
    }
    pub fn of(&self, kind: &str) -> &[usize] {
        self.map.get(kind).map(Vec::as_slice).unwrap_or(&[])
    }
    pub fn rows(&self, kind: &str) -> u64 {
        self.of(kind)
            .iter()
            .filter_map(|&i| self.datasets.get(i))
            .map(|d| d.len() as u64)
            .sum()
    }
}

/// A debtor whose name alone matched too many rows to be a lead.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ambiguous {
    pub rule: String,
    pub case_no: String,
    pub subject_name: String,
    /// Rows of the other file with the same name and no usable ID.
    pub matches: usize,
}

/// Collected leads, deduplicated, with the result cap (ripgrep `Sink` role).
/// Leads carry evidence stubs (`evidence::stub`) while the rules run; their
/// cited rows are kept beside them and written out once, in `into_parts`.
pub struct Output {
    leads: Vec<Lead>,
    /// The rows each lead cites, in the order of its evidence.
    cited: Vec<Vec<RowRef>>,
    pub ambiguous: Vec<Ambiguous>,
    /// Dedup key → index of the lead it made.
    seen: HashMap<String, usize>,
    cap: Option<usize>,
    pub truncated: bool,
}

impl Output {
    pub fn new(cap: Option<usize>) -> Self {
        Output {
            leads: Vec::new(),
            cited: Vec::new(),
            ambiguous: Vec::new(),
            seen: HashMap::new(),
            cap,
            truncated: false,
        }
    }
    /// Leads kept so far.
    pub fn len(&self) -> usize {
        self.leads.len()
    }
    pub fn is_empty(&self) -> bool {
        self.leads.is_empty()
    }
    pub fn full(&self) -> bool {
        self.cap.is_some_and(|c| self.leads.len() >= c)
    }
    /// Keep a lead unless the same rule already fired for the same case,
    /// subject and joined row content: then the rows of the repeat join the
    /// first lead's evidence (the same input row twice gives one lead citing
    /// both rows). False when the cap is reached. `rows` are the rows of the
    /// lead's evidence stubs, one each.
    fn found(&mut self, dedup: String, lead: Lead, rows: Vec<RowRef>) -> bool {
        if let Some(&i) = self.seen.get(&dedup) {
            if let (Some(first), Some(cited)) = (self.leads.get_mut(i), self.cited.get_mut(i)) {
                for (e, r) in lead.evidence.into_iter().zip(rows) {
                    let known = first
                        .evidence
                        .iter()
                        .any(|f| f.file == e.file && f.sheet == e.sheet && f.row == e.row);
                    if known {
                        continue;
                    }
                    // Next to the rows of the same file, so evidence reads file by file.
                    let at = first
                        .evidence
                        .iter()
                        .rposition(|f| f.file == e.file && f.sheet == e.sheet)
                        .map_or(first.evidence.len(), |p| p + 1);
                    first.evidence.insert(at, e);
                    cited.insert(at.min(cited.len()), r);
                }
            }
            return true;
        }
        if self.full() {
            self.truncated = true;
            return false;
        }
        self.seen.insert(dedup, self.leads.len());
        self.leads.push(lead);
        self.cited.push(rows);
        true
    }
    /// The leads with their evidence written out, and the ambiguous names.
    pub fn into_parts(self, datasets: &[&Dataset]) -> (Vec<Lead>, Vec<Ambiguous>) {
        let mut layouts = evidence::Layouts::default();
        layouts.count_citations(self.cited.iter().flatten());
        let mut leads = self.leads;
        for (l, rows) in leads.iter_mut().zip(&self.cited) {
            l.evidence = layouts.fill(datasets, rows);
        }
        (leads, self.ambiguous)
    }
}

/// The run's cache of base items and person joins (`shared`).
pub type Shared<'c> = super::shared::Shared<Item<'c>>;

/// One thing a plan judges: a case row (or case group), a debtor, or a row
/// of a non-case base.
/// Text and keys of a debtor are borrowed from the case index (no copy per
/// item); merged or non-case values are owned.
pub struct Item<'c> {
    base: RowRef,
    /// Case rows merged into this item (per case), else just the base row.
    rows: Vec<RowRef>,
    case_row: Option<u32>,
    case_no: Cow<'c, str>,
    name: Cow<'c, str>,
    id_raw: String,
    key: Option<Cow<'c, PersonKey>>,
}

/// A debtor's ID as leads show it: normalised when valid or masked (the raw
/// cell stays in the evidence), else the trimmed raw text.
pub fn shown_id(key: &PersonKey, raw: &str) -> String {
    match &key.id {
        IdState::Valid { value, .. } | IdState::Masked { value } => value.to_string(),
        _ => raw.trim().to_string(),
    }
}

fn kind_label(kind: &str) -> &str {
    kinds::get(kind).map_or(kind, |k| k.label.as_str())
}

fn field_label(kind: &str, field: &str) -> String {
    if field.contains('|') {
        return field
            .split('|')
            .map(|f| field_label(kind, f))
            .collect::<Vec<_>>()
            .join("或");
    }
    match (kind, field) {
        ("cases", "unpaid") => "未履行金额".into(),
        ("cases", "close_method") => "结案方式".into(),
        _ => kinds::get(kind)
            .and_then(|k| k.field(field))
            .map_or(field.to_string(), |f| f.label.clone()),
    }
}

/// `a|b` in `requires` means either column will do (a name or an ID).
fn has_field(ds: &Dataset, kind: &str, field: &str) -> bool {
    if field.contains('|') {
        return field.split('|').any(|f| has_field(ds, kind, f));
    }
    match (kind, field) {
        ("cases", "close_method") => knows_close(ds),
        ("cases", "unpaid") => ds.has("unpaid_amount") || ds.has("target_amount"),
        _ => ds.has(field),
    }
}

/// Datasets of each required kind that have every required column, or the
/// Chinese reason the plan cannot run.
fn eligible(by: &ByKind, plan: &Plan) -> Result<HashMap<String, Vec<usize>>, String> {
    let mut kinds_needed: Vec<(String, Vec<String>)> = plan
        .requires
        .iter()
        .map(|(k, f)| (k.clone(), f.clone()))
        .collect();
    for k in std::iter::once(&plan.base).chain(plan.join.as_ref().map(|j| &j.with)) {
        if !kinds_needed.iter().any(|(n, _)| n == k) {
            kinds_needed.push((k.clone(), Vec::new()));
        }
    }
    let mut out = HashMap::new();
    for (kind, fields) in kinds_needed {
        let all = by.of(&kind);
        if all.is_empty() {
            return Err(format!("未提供{}数据，未检查", kind_label(&kind)));
        }
        let ok: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| {
                by.datasets
                    .get(i)
                    .is_some_and(|d| fields.iter().all(|f| has_field(d, &kind, f)))
            })
            .collect();
        if ok.is_empty() {
            let first = all.first().and_then(|&i| by.datasets.get(i));
            let missing: Vec<String> = fields
                .iter()
                .filter(|f| !first.is_some_and(|d| has_field(d, &kind, f)))
                .map(|f| field_label(&kind, f))
                .collect();
            return Err(format!(
                "{}缺少 {} 列，未检查",
                kind_label(&kind),
                missing.join("、")
            ));
        }
        out.insert(kind, ok);
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
pub fn run_plan<'c>(
    env: &Env,
    by: &ByKind,
    cases: &'c CaseIndex,
    model: &ModelSpec,
    rule: &RuleSpec,
    plan: &Plan,
    shared: &mut Shared<'c>,
    out: &mut Output,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<(), String> {
    let elig = eligible(by, plan)?;
    let base_ds = elig.get(&plan.base).cloned().unwrap_or_default();
    // Plans over the same base rows share their items (`shared`).
    let items_key = format!(
        "{}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{base_ds:?}",
        plan.base, plan.scope, plan.per, plan.subject, plan.case_no
    );
    let items = shared.items(&items_key, || items(env, cases, plan, &base_ds));
    let runner = Runner {
        env,
        cases,
        model,
        rule,
        plan,
        placeholders: plan.lead.figures.iter().map(|f| format!("{{{}}}", f.key)).collect(),
    };
    let Some(join) = &plan.join else {
        let total = items.len() as u64;
        for (n, it) in items.iter().enumerate() {
            if n % 65_536 == 0 {
                progress(&rule.id, n as u64, total);
            }
            if !runner.candidate(it, None, &[], None, out) {
                break;
            }
        }
        progress(&rule.id, total, total);
        return Ok(());
    };
    let other_ds = elig.get(&join.with).cloned().unwrap_or_default();
    let name_f = join.name.as_deref().unwrap_or("");
    let id_f = join.id.as_deref().unwrap_or("");
    match join.on {
        JoinOn::Person => {
            // Shared by every plan joining the same items with the same other side.
            let key = format!("{items_key}\u{1f}{}\u{1f}{name_f}\u{1f}{id_f}\u{1f}{other_ds:?}", join.with);
            let joined = shared.person_join(&key, || {
                let key_of = |i: u32| items.get(i as usize).and_then(|it| it.key.as_deref());
                person_join(env, items.len(), key_of, &other_ds, name_f, id_f, &mut |d, t| progress(&rule.id, d, t))
            });
            let total = joined.rows;
            if joined.hits.is_empty() {
                return Ok(());
            }
            let mut name_only: Vec<&Hit> = Vec::new();
            for h in &joined.hits {
                if h.m == Match::Name {
                    // Judged after the scan, once we know how many
                    // rows the name alone matches.
                    name_only.push(h);
                    continue;
                }
                let Some(it) = items.get(h.item as usize) else {
                    continue;
                };
                if !runner.candidate(it, Some((h.other, join.name(), id_f, h.key.clone())), &[], Some(h.m), out) {
                    progress(&rule.id, total, total);
                    return Ok(());
                }
            }
            // A name alone that matches many rows (common names) says nothing:
            // such subjects are counted as ambiguous instead of flooding the
            // list with weak leads.
            let mut per_item: HashMap<u32, usize> = HashMap::default();
            for h in &name_only {
                *per_item.entry(h.item).or_default() += 1;
            }
            let mut reported: HashSet<u32> = HashSet::default();
            for h in name_only {
                let n = per_item.get(&h.item).copied().unwrap_or(0);
                let Some(it) = items.get(h.item as usize) else {
                    continue;
                };
                if n > env.max_name_matches {
                    if reported.insert(h.item) {
                        out.ambiguous.push(Ambiguous {
                            rule: rule.id.clone(),
                            case_no: it.case_no.to_string(),
                            subject_name: it.name.to_string(),
                            matches: n,
                        });
                    }
                    continue;
                }
                if !runner.candidate(it, Some((h.other, join.name(), id_f, h.key.clone())), &[], Some(Match::Name), out) {
                    break;
                }
            }
            progress(&rule.id, total, total);
        }
        JoinOn::Keys => {
            // Equal normalised keys on any fields (`keyjoin`).
            let kj = super::keyjoin::KeyJoin::build(env, &other_ds, join);
            let total = items.len() as u64;
            for (n, it) in items.iter().enumerate() {
                if kj.is_empty() {
                    break;
                }
                if n % 65_536 == 0 {
                    progress(&rule.id, n as u64, total);
                }
                let rows = kj.probe(env, &plan.base, it.base, it.key.as_deref());
                if rows.is_empty() {
                    continue;
                }
                let go_on = if join.aggregate {
                    runner.candidate(it, None, rows, None, out)
                } else {
                    rows.iter().all(|&o| runner.candidate_row(it, o, join.name(), out))
                };
                if !go_on {
                    break;
                }
            }
            progress(&rule.id, total, total);
        }
        JoinOn::CaseNo | JoinOn::CaseNoPerson => {
            let cn_f = join.case_no.as_deref().unwrap_or("case_no");
            // Each dataset's 案号 index is built once per run (`Columns`);
            // several datasets of the kind are merged in dataset order.
            let per_ds: Vec<_> = other_ds.iter().map(|&d| env.cols.case_no_index(env.datasets, d as u32, cn_f)).collect();
            let merged: Option<HashMap<String, Vec<RowRef>>> = (per_ds.len() > 1).then(|| {
                let mut m: HashMap<String, Vec<RowRef>> = HashMap::new();
                for ix in &per_ds {
                    for (k, v) in ix.iter() {
                        m.entry(k.clone()).or_default().extend_from_slice(v);
                    }
                }
                m
            });
            let empty = HashMap::new();
            let index = match (&merged, per_ds.first()) {
                (Some(m), _) => m,
                (None, Some(ix)) => &**ix,
                (None, None) => &empty,
            };
            let total = items.len() as u64;
            for (n, it) in items.iter().enumerate() {
                if n % 65_536 == 0 {
                    progress(&rule.id, n as u64, total);
                }
                // The match key (`case_match_key`); copied only for an old-style 字第 number.
                let key = if it.case_no.contains("字第") { Cow::Owned(it.case_no.replacen("字第", "", 1)) } else { Cow::Borrowed(&*it.case_no) };
                let Some(rows) = index.get(&*key) else {
                    continue;
                };
                if join.aggregate {
                    if !runner.candidate(it, None, rows, None, out) {
                        break;
                    }
                    continue;
                }
                for &o in rows {
                    let mut m = None;
                    let mut okey = None;
                    if join.on == JoinOn::CaseNoPerson {
                        let Some(ds) = env.datasets.get(o.ds as usize) else {
                            continue;
                        };
                        let k = PersonKey::new(
                            ds.get(o.row as usize, name_f),
                            ds.get(o.row as usize, id_f),
                        );
                        match it.key.as_deref().and_then(|ik| match_person(ik, &k)) {
                            Some(x) => m = Some(x),
                            None => continue,
                        }
                        okey = Some(k);
                    }
                    let other = okey.map(|k| (o, join.name(), id_f, k));
                    let (other, plain) = match other {
                        Some(x) => (Some(x), None),
                        None => (None, Some(o)),
                    };
                    let ok = match plain {
                        Some(o) => runner.candidate_row(it, o, join.name(), out),
                        None => runner.candidate(it, other, &[], m, out),
                    };
                    if !ok {
                        progress(&rule.id, total, total);
                        return Ok(());
                    }
                }
            }
            progress(&rule.id, total, total);
        }
    }
    Ok(())
}

/// The base items of a plan, after the scope filter.
fn items<'c>(env: &Env, cases: &'c CaseIndex, plan: &Plan, base_ds: &[usize]) -> Vec<Item<'c>> {
    let mut out = Vec::new();
    if plan.base == "cases" {
        let in_scope = |i: u32| {
            cases.rows.get(i as usize).is_some_and(|r| {
                base_ds.contains(&(r.ds as usize))
                    && match plan.scope {
                        Scope::Any => true,
                        Scope::Zhongben => r.zhongben,
                        Scope::ZhongbenOpen => r.open,
                    }
            })
        };
        let rowref = |i: u32| {
            cases
                .rows
                .get(i as usize)
                .map(|r| RowRef {
                    ds: r.ds,
                    row: r.row,
                })
                .unwrap_or(RowRef { ds: 0, row: 0 })
        };
        let case_no = |i: u32| -> Cow<'c, str> {
            cases
                .rows
                .get(i as usize)
                .map_or(Cow::Borrowed(""), |r| Cow::Borrowed(r.case_key.as_str()))
        };
        match plan.per {
            Per::Debtor => {
                for i in 0..cases.rows.len() as u32 {
                    if !in_scope(i) {
                        continue;
                    }
                    for d in cases.debtors_of(i) {
                        out.push(Item {
                            base: rowref(i),
                            rows: vec![rowref(i)],
                            case_row: Some(i),
                            case_no: case_no(i),
                            name: Cow::Borrowed(d.name.as_str()),
                            id_raw: shown_id(&d.key, &d.id_raw),
                            key: Some(Cow::Borrowed(&d.key)),
                        });
                    }
                }
            }
            Per::Case | Per::Row => {
                let groups: Vec<Vec<u32>> = if plan.per == Per::Case {
                    cases.groups.iter().map(<[u32]>::to_vec).collect()
                } else {
                    (0..cases.rows.len() as u32).map(|i| vec![i]).collect()
                };
                for g in groups {
                    let rows: Vec<u32> = g.into_iter().filter(|&i| in_scope(i)).collect();
                    let Some(&first) = rows.first() else { continue };
                    let mut names: Vec<String> = Vec::new();
                    let mut ids: Vec<String> = Vec::new();
                    let mut keys: Vec<&PersonKey> = Vec::new();
                    for &i in &rows {
                        for d in cases.debtors_of(i) {
                            if keys.iter().any(|k| match_person(k, &d.key).is_some()) {
                                continue;
                            }
                            keys.push(&d.key);
                            names.push(d.name.to_string());
                            ids.push(shown_id(&d.key, &d.id_raw));
                        }
                    }
                    let single = (keys.len() == 1)
                        .then(|| keys.first().map(|k| Cow::Borrowed(*k)))
                        .flatten();
                    out.push(Item {
                        base: rowref(first),
                        rows: rows.iter().map(|&i| rowref(i)).collect(),
                        case_row: Some(first),
                        case_no: case_no(first),
                        name: Cow::Owned(names.join("、")),
                        id_raw: if ids.iter().all(String::is_empty) {
                            String::new()
                        } else {
                            ids.join("、")
                        },
                        key: single,
                    });
                }
            }
        }
    } else {
        let (nf, idf) = plan
            .subject
            .as_ref()
            .map_or(("", None), |s| (s.name.as_str(), s.id.as_deref()));
        let field = |r: &str| {
            r.split_once('.')
                .map_or(r.to_string(), |(_, f)| f.to_string())
        };
        let (nf, idf) = (field(nf), idf.map(field));
        let cnf = plan.case_no.as_deref().map(field);
        for &d in base_ds {
            let Some(ds) = env.datasets.get(d) else {
                continue;
            };
            for r in 0..ds.len() {
                let name = ds.get(r, &nf).trim().to_string();
                let id_raw = idf
                    .as_deref()
                    .map_or("", |f| ds.get(r, f))
                    .trim()
                    .to_string();
                let key = PersonKey::new(&name, &id_raw);
                let rr = RowRef {
                    ds: d as u32,
                    row: r as u32,
                };
                out.push(Item {
                    base: rr,
                    rows: vec![rr],
                    case_row: None,
                    case_no: Cow::Owned(cnf.as_deref().map_or(String::new(), |f| case_key(ds.get(r, f)))),
                    name: Cow::Owned(name),
                    id_raw,
                    key: (!key.is_blank()).then_some(Cow::Owned(key)),
                });
            }
        }
    }
    out
}

struct Runner<'a> {
    env: &'a Env<'a>,
    cases: &'a CaseIndex,
    model: &'a ModelSpec,
    rule: &'a RuleSpec,
    plan: &'a Plan,
    /// `{key}` of each figure, made once per plan for the reason texts.
    placeholders: Vec<String>,
}

impl Runner<'_> {
    /// A joined row without person matching (案号 joins).
    fn candidate_row(&self, it: &Item, o: RowRef, kind: &str, out: &mut Output) -> bool {
        self.judge(it, Some(o), kind, None, &[], None, out)
    }

    /// Judge one candidate; false when the result cap stops the run.
    fn candidate(
        &self,
        it: &Item,
        other: Option<(RowRef, &str, &str, PersonKey)>,
        group: &[RowRef],
        m: Option<Match>,
        out: &mut Output,
    ) -> bool {
        match other {
            Some((o, kind, id_f, okey)) => {
                self.judge(it, Some(o), kind, Some((id_f, okey)), group, m, out)
            }
            None => {
                let kind = self.plan.join.as_ref().map_or("", |j| j.name());
                self.judge(it, None, kind, None, group, m, out)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn judge(
        &self,
        it: &Item,
        other: Option<RowRef>,
        other_kind: &str,
        person: Option<(&str, PersonKey)>,
        group: &[RowRef],
        m: Option<Match>,
        out: &mut Output,
    ) -> bool {
        // Subject ID: the case side's when valid, else a valid one from the other side.
        let mut subject_id = it
            .key
            .as_ref()
            .and_then(|k| k.valid_id().map(str::to_string))
            .unwrap_or_default();
        let mut source = String::new();
        if subject_id.is_empty() {
            if let (Some(o), Some((id_f, ok))) = (other, person.as_ref()) {
                if let Some(v) = ok.valid_id() {
                    subject_id = v.to_string();
                    source = evidence::source_of(self.env.datasets, o, id_f);
                }
            }
        }
        if subject_id.is_empty() {
            subject_id = it.id_raw.clone();
        }
        let ctx = Ctx {
            env: self.env,
            bind: None,
            base_kind: &self.plan.base,
            base: it.base,
            other_kind,
            other,
            group,
            subject: it.key.as_deref(),
            subject_name: &it.name,
            subject_id: &subject_id,
        };
        self.env.trail.borrow_mut().clear();
        if !self.plan.conditions.iter().all(|c| ctx.cond(c)) {
            return true;
        }
        let spec = &self.plan.lead;
        // `lead.case_no` / `lead.subject`: the lead names another row's case or person.
        let text_of = |e: &crate::model::Expr| match ctx.eval(e) {
            Val::Text(t) => t.to_string(),
            _ => String::new(),
        };
        let case_no = spec.case_no.as_ref().map_or_else(|| it.case_no.to_string(), |e| super::cases::case_key(&text_of(e)));
        let (name, subject_id, named_key) = match &spec.subject {
            Some(s) => {
                let name = text_of(&s.name);
                let id_raw = s.id.as_ref().map(text_of).unwrap_or_default();
                let key = PersonKey::new(&name, &id_raw);
                let id = if key.is_blank() { String::new() } else { shown_id(&key, &id_raw) };
                (name, id, (!key.is_blank()).then_some(key))
            }
            None => (it.name.to_string(), subject_id.clone(), None),
        };
        let amount_fen = spec.amount.as_ref().and_then(|e| match ctx.eval(e) {
            Val::Fen(f) => Some(f),
            _ => None,
        });
        let figures: Vec<Figure> = spec
            .figures
            .iter()
            .map(|f| {
                let (value, display) = figure(&ctx.eval(&f.value));
                Figure {
                    key: f.key.clone(),
                    label: f.label.clone(),
                    value,
                    display,
                }
            })
            .collect();
        let subject_disp = if name.is_empty() { subject_id.clone() } else { name.clone() };
        // As a chain of `replace`s, but a placeholder the text lacks costs no copy.
        let fill = |t: &str| {
            let mut r = t.to_string();
            let subs = figures
                .iter()
                .zip(&self.placeholders)
                .map(|(f, p)| (p.as_str(), f.display.as_str()))
                .chain([("{subject}", subject_disp.as_str()), ("{case_no}", case_no.as_str())]);
            for (p, v) in subs {
                if r.contains(p) {
                    r = r.replace(p, v);
                }
            }
            r
        };
        let mut reason = fill(&spec.reason);
        // English only when the rule says it in English; the notes follow it.
        let mut reason_en = spec.reason_en.as_deref().map(fill).unwrap_or_default();
        let mut note = |zh: &str, en: &str| {
            reason.push_str(&format!("（{zh}）"));
            if !reason_en.is_empty() {
                reason_en.push_str(&format!(" ({en})"));
            }
        };
        let mut flags = Vec::new();
        for f in &spec.flags {
            if ctx.cond(&f.when) {
                flags.push(f.flag.clone());
                note(&f.note, f.note_en.as_deref().unwrap_or(&f.note));
            }
        }
        if let Some(r) = it
            .case_row
            .and_then(|i| self.cases.rows.get(i as usize))
            .and_then(|r| r.restored_by.as_ref())
        {
            if let Some(no) = r.strip_prefix("恢复执行案件") {
                if self.plan.scope == Scope::Zhongben {
                    note(&format!("该案已由{r}恢复执行"), &format!("the case was restored by {no}"));
                }
            }
        }
        match m {
            Some(Match::Name) => note("仅姓名一致，需核实身份", "name only: verify the identity"),
            Some(Match::NameBirth) => note("姓名、出生日期一致，证件号不完整", "name and birth date agree; the ID is incomplete"),
            _ => {}
        }
        if !source.is_empty() {
            note(&format!("证件号取自{source}"), &format!("ID taken from {source}"));
        }
        // Rows a subquery found (exists, aggregate) follow, each once, in the order found.
        let mut cited: Vec<RowRef> = it.rows.iter().copied().chain(other).chain(group.iter().copied()).collect();
        for r in self.env.trail.borrow_mut().drain(..) {
            if !cited.contains(&r) {
                cited.push(r);
            }
        }
        // Rows of an unknown dataset cite nothing (as `evidence::row` gives none).
        cited.retain(|r| (r.ds as usize) < self.env.datasets.len());
        let ev: Vec<_> = cited.iter().filter_map(|&r| evidence::stub(self.env.datasets, r)).collect();
        let mut lead = Lead {
            model: self.model.id.clone(),
            rule: self.rule.id.clone(),
            rule_name: self.rule.name.clone(),
            case_no: case_no.clone(),
            subject_name: name.clone(),
            subject_id,
            subject_id_source: source,
            confidence: m,
            weak: m == Some(Match::Name),
            amount_fen,
            basis: self.rule.basis.clone(),
            reason,
            reason_en,
            figures,
            flags,
            evidence: ev,
            fingerprint: String::new(),
        };
        lead.fingerprint = lead.fingerprint_of();
        let subject = named_key
            .as_ref()
            .or(it.key.as_deref())
            .and_then(|k| k.valid_id().map(str::to_string))
            .unwrap_or_else(|| {
                it.key
                    .as_ref()
                    .map(|k| k.name.to_string())
                    .unwrap_or_else(|| name.clone())
            });
        // By content, not row number: a row repeated in the input is the same fact.
        let content = |r: RowRef| -> String {
            let mut t = String::new();
            if let Some(d) = self.env.datasets.get(r.ds as usize) {
                for (i, c) in d.table.row(r.row as usize).enumerate() {
                    if i > 0 {
                        t.push('\u{1e}');
                    }
                    t.push_str(c);
                }
            }
            t
        };
        // The 案号 when known (so the plans of one rule meet on the same fact),
        // else the base row's content.
        let base_key = if case_no.is_empty() { content(it.base) } else { case_no.clone() };
        let mut group_rows: Vec<String> = group.iter().map(|&r| content(r)).collect();
        group_rows.sort();
        let dedup = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            self.rule.id,
            base_key,
            subject,
            other.map(content).unwrap_or_default(),
            group_rows.join("\u{1d}")
        );
        out.found(dedup, lead, cited)
    }
}
