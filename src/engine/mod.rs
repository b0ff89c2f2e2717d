//! Runs the declarative screening models of `model` over datasets.
//!
//! `run` prepares the case side once (`cases::CaseIndex`: 案号 keys, close
//! kind, debtors as person keys, 终本-open), then runs each selected rule's
//! plans (`plan`): checks the columns it needs (else "not evaluated"),
//! builds hash indexes on normalised keys and probes them while scanning the
//! other dataset once, evaluates the conditions (`eval`) and turns each hit
//! into a `Lead` with its evidence (`evidence`).

pub mod candidates;
pub mod cases;
pub mod columns;
pub mod eval;
pub mod evidence;
pub mod keyjoin;
pub mod person;
pub mod plan;
pub mod shared;

use crate::error::{Error, Result};
use crate::ingest::Dataset;
use crate::lead::Lead;
use crate::model::{self, Param};
use crate::normalize::address::AliasTable;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// What to run and how.
#[derive(Debug, Clone)]
pub struct ScreenOptions {
    /// "As of" date D for every elapsed-time rule.
    pub as_of: NaiveDate,
    /// Model ids (`vehicle`) or rule ids (`vehicle.unseized`); empty = all.
    pub models: Vec<String>,
    /// Threshold overrides, `rule_id.param` → value (`procedure.search_overdue.months` → 6).
    pub thresholds: BTreeMap<String, Param>,
    /// Stop after this many leads (the report says it was truncated).
    pub max_leads: Option<usize>,
    /// Estate-name and district aliases for address candidates (editable by
    /// the user; the default is the Yuexiu example, marked as an example).
    pub aliases: AliasTable,
    /// Name-only matches are dropped (and listed in `stats.ambiguous_names`)
    /// when the name matches more rows than this in the other file.
    pub max_name_matches: usize,
    /// Models from the user's own files (`xiansuo screen --model-file`),
    /// compiled by `model::compile`; they run after the built-in ones.
    pub extra_models: Vec<model::ModelSpec>,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions {
            as_of: chrono::Local::now().date_naive(),
            models: Vec::new(),
            thresholds: BTreeMap::new(),
            max_leads: None,
            aliases: AliasTable::default(),
            max_name_matches: 3,
            extra_models: Vec::new(),
        }
    }
}

impl ScreenOptions {
    pub fn new(as_of: NaiveDate) -> Self {
        ScreenOptions {
            as_of,
            ..Self::default()
        }
    }
    pub fn models(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.models = ids.into_iter().map(Into::into).collect();
        self
    }
    /// Parse and add `rule_id.param=value` (the CLI's `--set`).
    pub fn set(mut self, assignment: &str) -> Result<Self> {
        let (k, v) = assignment
            .split_once('=')
            .ok_or_else(|| Error::plan(format!("参数“{assignment}”应写成 规则.参数=值")))?;
        let v = v.trim();
        let val = v
            .parse::<f64>()
            .map(Param::Num)
            .unwrap_or_else(|_| Param::Text(v.to_string()));
        self.thresholds.insert(k.trim().to_string(), val);
        Ok(self)
    }
}

/// A rule that could not be checked, and why (Chinese).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotEvaluated {
    pub model: String,
    pub rule: String,
    pub reason: String,
}

pub use crate::lead::RuleCount;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Case rows read, rows closed as 终本, and 终本-open rows.
    pub case_rows: usize,
    pub zhongben: usize,
    pub zhongben_open: usize,
    /// 终本 rows not open because restored (恢复执行日期 or a later 执恢 case).
    pub restored: usize,
    pub rules_run: Vec<String>,
    pub per_rule: BTreeMap<String, RuleCount>,
    /// Leads with an ID or name+birth match, or no person match needed.
    pub confirmed: usize,
    /// Name-only leads (never part of `confirmed`).
    pub weak: usize,
    pub truncated: bool,
    /// Debtors whose name alone matched more rows than `max_name_matches`
    /// (no lead made); the list holds the first 1,000.
    pub ambiguous_names: usize,
    pub ambiguous: Vec<plan::Ambiguous>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScreenReport {
    pub as_of: NaiveDate,
    /// Confirmed leads first, then name-only ones; each group by model, rule, 案号.
    pub leads: Vec<Lead>,
    pub not_evaluated: Vec<NotEvaluated>,
    /// Candidate properties for contract addresses (realestate model; see
    /// `candidates`): kept apart from leads.
    pub candidates: Vec<candidates::CandidateGroup>,
    pub stats: Stats,
}

/// Run the selected models over the datasets. `progress(stage, done, total)`
/// is called as work advances (stage = rule id or "案件").
pub fn run(
    datasets: &[Dataset],
    opts: &ScreenOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<ScreenReport> {
    let statements = || datasets.iter().any(|d| matches!(crate::flow::read::role(d), crate::flow::read::Role::Statement(_)));
    run_with_flow(datasets, opts, progress, &mut || {
        Ok(statements().then(|| crate::flow::build::build(datasets.iter().collect::<Vec<_>>(), &crate::flow::FlowOptions::default(), &mut |_, _, _| {})))
    })
}

/// [`run`], with the flow analysis's table for rules that read `txn` taken
/// from `flow` (called only when such a rule is selected and no `txn`
/// dataset is loaded; `None`: no statements). The page builds it from its
/// streamed statements, whose datasets hold a sample of the rows.
pub fn run_with_flow(
    datasets: &[Dataset],
    opts: &ScreenOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
    flow: &mut dyn FnMut() -> Result<Option<crate::flow::FlowData>>,
) -> Result<ScreenReport> {
    let selected = select(&opts.models, &opts.extra_models)?;
    check_overrides(&opts.thresholds, &opts.extra_models)?;
    // Rules that read `txn` get the flow analysis's normalised transactions
    // of the loaded statements (with case phases) as datasets of their own.
    let wants_txn = selected.iter().any(|(_, r)| r.plans.iter().any(|p| p.base == "txn" || p.requires.contains_key("txn")));
    let mut txn = Vec::new();
    if wants_txn && !datasets.iter().any(|d| d.kind() == "txn") {
        // A stage of its own, so the time of the statements' table is seen apart from the rules'.
        progress("流水", 0, 1);
        txn = flow()?.map(|d| crate::flow::dataset::txn_datasets(&d)).unwrap_or_default();
    }
    // The statements' table joins the loaded datasets by reference: no table is copied.
    let sets: Vec<&Dataset> = datasets.iter().chain(&txn).collect();
    run_sets(&sets, selected, opts, progress)
}

fn run_sets(
    datasets: &[&Dataset],
    selected: Selected<'_>,
    opts: &ScreenOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<ScreenReport> {
    let by_kind = plan::ByKind::new(datasets);
    let cols = columns::Columns::new();
    // The case view (model::prelude) runs in its own environment: its views
    // are the derived values there, `$as_of` the run's date.
    let no_params = BTreeMap::new();
    let prelude_env = eval::Env {
        datasets,
        cols: &cols,
        as_of: opts.as_of,
        params: &no_params,
        derived: model::prelude::prelude().views.get("cases").unwrap_or(&no_views()),
        max_name_matches: opts.max_name_matches,
        trail: Default::default(),
        prelude: None,
        aliases: &opts.aliases,
    };
    progress("案件", 0, by_kind.rows("cases"));
    let cases = cases::CaseIndex::build(&prelude_env, by_kind.of("cases"));
    progress("案件", by_kind.rows("cases"), by_kind.rows("cases"));
    let mut stats = Stats {
        case_rows: cases.rows.len(),
        ..Stats::default()
    };
    for r in &cases.rows {
        stats.zhongben += usize::from(r.zhongben);
        stats.zhongben_open += usize::from(r.open);
        stats.restored += usize::from(r.zhongben && r.restored_by.is_some());
    }
    let mut out = plan::Output::new(opts.max_leads);
    let mut shared = plan::Shared::new();
    let mut not_evaluated = Vec::new();
    for (m, rule) in selected {
        if out.full() {
            stats.truncated = true;
            break;
        }
        let params = params_for(rule, &opts.thresholds);
        let env = eval::Env {
            datasets,
            cols: &cols,
            as_of: opts.as_of,
            params: &params,
            derived: &rule.derived,
            max_name_matches: opts.max_name_matches,
            trail: Default::default(),
            prelude: Some(&prelude_env),
            aliases: &opts.aliases,
        };
        let mut reasons = Vec::new();
        let mut ran = false;
        for p in &rule.plans {
            match plan::run_plan(&env, &by_kind, &cases, m, rule, p, &mut shared, &mut out, progress) {
                Ok(()) => ran = true,
                Err(reason) => reasons.push(reason),
            }
        }
        if ran {
            stats.rules_run.push(rule.id.clone());
        } else {
            reasons.dedup();
            not_evaluated.push(NotEvaluated {
                model: m.id.clone(),
                rule: rule.id.clone(),
                reason: reasons.join("；"),
            });
        }
    }
    stats.truncated |= out.truncated;
    // Each selected model's declared candidate steps (`model::candidates`).
    let mut groups = Vec::new();
    for m in model::catalog().iter().chain(&opts.extra_models) {
        let chosen = opts.models.is_empty()
            || opts.models.iter().any(|id| *id == m.id || m.rules.iter().any(|r| r.id == *id));
        if !chosen {
            continue;
        }
        for spec in &m.candidates {
            groups.extend(candidates::find(datasets, &cases, by_kind.of(&spec.from), spec, &opts.aliases));
        }
    }
    // Writing out the kept leads' evidence, sorting and marking them: a
    // stage of its own, apart from the last rule's time.
    progress("证据", 0, out.len() as u64);
    // The run's caches (typed columns, party tables, base items, person
    // joins) are not needed any more: freed before the evidence of the kept
    // leads is written out, so the two are never held together.
    drop(shared);
    drop(prelude_env);
    drop(cols);
    drop(cases);
    let (mut leads, ambiguous) = out.into_parts(datasets);
    stats.ambiguous_names = ambiguous.len();
    stats.ambiguous = ambiguous.into_iter().take(1000).collect();
    let order: BTreeMap<&str, usize> = model::catalog()
        .iter()
        .chain(&opts.extra_models)
        .flat_map(|m| m.rules.iter())
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    // The rule's place in the catalogue looked up once per lead, not per comparison.
    let mut keyed: Vec<(Option<usize>, Lead)> = leads
        .drain(..)
        .map(|l| (order.get(l.rule.as_str()).copied(), l))
        .collect();
    keyed.sort_by(|(oa, a), (ob, b)| {
        (a.weak, oa, &a.case_no, &a.subject_name, a.evidence.first().map(|e| (&e.file, e.row)))
            .cmp(&(b.weak, ob, &b.case_no, &b.subject_name, b.evidence.first().map(|e| (&e.file, e.row))))
    });
    leads.extend(keyed.into_iter().map(|(_, l)| l));
    // Leads whose case or subject is in a loaded petition register carry
    // has_petition: once here, for the page, the CLI and every caller.
    crate::dossier::petitions::mark(&mut leads, datasets);
    count_leads(&leads, &mut stats);
    progress("证据", leads.len() as u64, leads.len() as u64);
    Ok(ScreenReport {
        as_of: opts.as_of,
        leads,
        not_evaluated,
        candidates: groups,
        stats,
    })
}

fn no_views() -> &'static BTreeMap<String, model::Expr> {
    static EMPTY: std::sync::OnceLock<BTreeMap<String, model::Expr>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(BTreeMap::new)
}

/// Per-rule and confirmed/weak counts of a lead list.
fn count_leads(leads: &[Lead], stats: &mut Stats) {
    for l in leads {
        stats.per_rule.entry(l.rule.clone()).or_default().add(l);
        if l.weak {
            stats.weak += 1;
        } else {
            stats.confirmed += 1;
        }
    }
}

impl ScreenReport {
    /// A report over a chosen subset of leads (what the page shows, for
    /// export): counts recomputed, no candidates.
    pub fn from_leads(
        as_of: NaiveDate,
        leads: Vec<Lead>,
        not_evaluated: Vec<NotEvaluated>,
        rules_run: Vec<String>,
        truncated: bool,
    ) -> ScreenReport {
        let mut stats = Stats {
            rules_run,
            truncated,
            ..Stats::default()
        };
        count_leads(&leads, &mut stats);
        ScreenReport {
            as_of,
            leads,
            not_evaluated,
            candidates: Vec::new(),
            stats,
        }
    }
}

pub type Selected<'o> = Vec<(&'o model::ModelSpec, &'o model::RuleSpec)>;

pub fn select<'o>(ids: &[String], extra: &'o [model::ModelSpec]) -> Result<Selected<'o>> {
    let cat: Vec<&'o model::ModelSpec> = model::catalog().iter().chain(extra).collect();
    for id in ids {
        let known = cat
            .iter()
            .any(|m| &m.id == id || m.rules.iter().any(|r| &r.id == id));
        if !known {
            let valid: Vec<&str> = cat
                .iter()
                .map(|m| m.id.as_str())
                .chain(
                    cat.iter()
                        .flat_map(|m| m.rules.iter().map(|r| r.id.as_str())),
                )
                .collect();
            return Err(Error::plan(format!(
                "未知的模型或规则“{id}”。可选：{}",
                valid.join("、")
            )));
        }
    }
    Ok(cat
        .into_iter()
        .flat_map(|m| m.rules.iter().map(move |r| (m, r)))
        .filter(|(m, r)| ids.is_empty() || ids.iter().any(|i| i == &m.id || i == &r.id))
        .collect())
}

fn check_overrides(t: &BTreeMap<String, Param>, extra: &[model::ModelSpec]) -> Result<()> {
    let all = || model::catalog().iter().chain(extra);
    for (k, v) in t {
        let found = k.rsplit_once('.').and_then(|(rule, p)| {
            all()
                .flat_map(|m| m.rules.iter())
                .find(|r| r.id == rule)
                .and_then(|r| r.thresholds.get(p))
        });
        match found {
            None => {
                let valid: Vec<String> = all()
                    .flat_map(|m| m.rules.iter())
                    .flat_map(|r| r.thresholds.keys().map(move |p| format!("{}.{p}", r.id)))
                    .collect();
                return Err(Error::plan(format!(
                    "未知的参数“{k}”。可设置：{}",
                    valid.join("、")
                )));
            }
            Some(th) => {
                if matches!(th.default, Param::Num(_)) && !matches!(v, Param::Num(_)) {
                    return Err(Error::plan(format!("参数“{k}”应为数字，收到“{v}”")));
                }
            }
        }
    }
    Ok(())
}

pub fn params_for(
    rule: &model::RuleSpec,
    overrides: &BTreeMap<String, Param>,
) -> BTreeMap<String, Param> {
    rule.thresholds
        .iter()
        .map(|(k, t)| {
            let v = overrides
                .get(&format!("{}.{k}", rule.id))
                .cloned()
                .unwrap_or_else(|| t.default.clone());
            // Text thresholds are status letters: upper-case, and a number
            // given for one is taken as its text.
            let v = match (v, &t.default) {
                (Param::Text(s), _) => Param::Text(s.to_uppercase()),
                (Param::Num(n), Param::Text(_)) => Param::Text(n.to_string()),
                (n, _) => n,
            };
            (k.clone(), v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Dataset, Source, Table};

    fn table(file: &str, headers: &[&str], rows: &[&[&str]]) -> Dataset {
        let mut t = Table::new(
            Source {
                file: file.into(),
                ..Source::default()
            },
            1,
            headers.iter().map(|h| h.to_string()).collect(),
        );
        for (i, r) in rows.iter().enumerate() {
            t.push_row(i as u32 + 2, r.iter().copied());
        }
        Dataset::new(t)
    }

    fn data() -> Vec<Dataset> {
        let cases = table(
            "c.csv",
            &[
                "案号",
                "被执行人",
                "证件号码",
                "未履行金额",
                "结案日期",
                "结案方式",
            ],
            &[
                &[
                    "（2020）浙0203执1号",
                    "甲",
                    "33020319800101001X",
                    "100",
                    "2020-06-01",
                    "终本",
                ],
                &[
                    "（2020）浙0203执2号",
                    "乙",
                    "330203198102020022",
                    "100",
                    "2020-06-01",
                    "终本",
                ],
            ],
        );
        let cars = table(
            "v.csv",
            &["号牌号码", "所有人", "身份证明号码", "机动车状态"],
            &[
                &["浙B1", "甲", "33020319800101001X", "A"],
                &["浙B2", "乙", "330203198102020022", "A"],
            ],
        );
        vec![cases, cars]
    }

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()
    }

    #[test]
    fn unknown_model_and_parameter_list_the_valid_ones() {
        let e = run(
            &data(),
            &ScreenOptions::new(as_of()).models(["vehicles"]),
            &mut |_, _, _| {},
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(
            e.contains("未知的模型或规则“vehicles”") && e.contains("vehicle.unseized"),
            "{e}"
        );
        let o = ScreenOptions::new(as_of())
            .set("overseizure.excess.factor=3")
            .unwrap_or_default();
        let e = run(&data(), &o, &mut |_, _, _| {})
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("overseizure.excess.ratio"), "{e}");
        let o = ScreenOptions::new(as_of())
            .set("overseizure.excess.ratio=abc")
            .unwrap_or_default();
        assert!(run(&data(), &o, &mut |_, _, _| {}).is_err());
    }

    #[test]
    fn huge_amounts_neither_wrap_nor_abort() {
        // Two seizures of 9×10^16 元 each: their sum in 分 exceeds i64.
        let cases = table(
            "c.csv",
            &["案号", "被执行人", "执行标的", "已执行到位金额", "结案方式"],
            &[
                &["（2020）浙0203执9号", "甲", "90000000000000000", "-90000000000000000", "终本"],
                &["（2020）浙0203执8号", "乙", "100", "0", "终本"],
            ],
        );
        let seizures = table(
            "s.csv",
            &["案号", "财产描述", "评估价"],
            &[
                &["（2020）浙0203执8号", "房产一", "90000000000000000"],
                &["（2020）浙0203执8号", "房产二", "90000000000000000"],
                &["（2020）浙0203执9号", "房产三", "1"],
            ],
        );
        let r = run(
            &[cases, seizures],
            &ScreenOptions::new(as_of()).models(["overseizure"]),
            &mut |_, _, _| {},
        )
        .unwrap_or_else(|e| panic!("{e}"));
        // Neither total can be stated, so neither fires (a wrapped sum would be negative or tiny).
        assert!(r.leads.is_empty(), "{:?}", r.leads);
    }

    #[test]
    fn a_repeated_row_joins_the_first_lead_with_its_cells_written_out() {
        // Evidence is cited by row while judging and written out at the end:
        // the repeat's row must come out complete, beside the first one.
        let mut d = data();
        let cars = table(
            "v.csv",
            &["号牌号码", "所有人", "身份证明号码", "机动车状态"],
            &[
                &["浙B1", "甲", "33020319800101001X", "A"],
                &["浙B1", "甲", "33020319800101001X", "A"],
            ],
        );
        if let Some(v) = d.get_mut(1) {
            *v = cars;
        }
        let r = run(&d, &ScreenOptions::new(as_of()).models(["vehicle.unseized"]), &mut |_, _, _| {})
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.leads.len(), 1, "{:?}", r.leads);
        let ev = r.leads.first().map(|l| l.evidence.clone()).unwrap_or_default();
        let rows: Vec<(&str, u32)> = ev.iter().map(|e| (e.file.as_str(), e.row)).collect();
        assert_eq!(rows, [("c.csv", 2), ("v.csv", 2), ("v.csv", 3)]);
        for e in &ev {
            assert!(!e.kind.is_empty() && e.fields.0.len() >= 4, "{e:?}");
            assert!(e.fields.0.iter().any(|(h, v)| &**h == "号牌号码" && v.raw == "浙B1") || e.file == "c.csv", "{e:?}");
        }
    }

    #[test]
    fn cap_truncates_and_progress_reports_each_rule() {
        let mut o = ScreenOptions::new(as_of()).models(["vehicle.unseized"]);
        o.max_leads = Some(1);
        let mut stages = Vec::new();
        let r = run(&data(), &o, &mut |s, d, t| {
            stages.push((s.to_string(), d, t))
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.leads.len(), 1);
        assert!(r.stats.truncated);
        assert!(
            stages
                .iter()
                .any(|(s, d, t)| s == "vehicle.unseized" && d == t && *t == 2),
            "{stages:?}"
        );
        let r = run(
            &data(),
            &ScreenOptions::new(as_of()).models(["vehicle.unseized"]),
            &mut |_, _, _| {},
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.leads.len(), 2);
        assert!(!r.stats.truncated);
    }
}
