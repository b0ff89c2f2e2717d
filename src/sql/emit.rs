//! One SQL script from the compiled models: views over the normalised
//! Parquet tables, the case view (`xs_restoring`, `xs_open` from
//! `src/models/prelude.json`), one view per rule plan and a closing query
//! that returns every lead. Each plan becomes the same pipeline the engine
//! runs: `items` (the judged rows, cases by scope and per row/case/debtor),
//! `cand` (items × the joined kind on person / 案号, with the match level and
//! the name-only ambiguity rule), grouped CTEs for aggregate joins and
//! subqueries, then one filtered projection.

use super::dialect::{lit, Dialect};
use super::expr::{match_sql, on_keys, sub_alias, Person, Res, SubUse, Tx, T};
use super::schema::field_storage;
use crate::engine::{params_for, select};
use crate::model::{prelude, JoinOn, ModelSpec, Param, Per, Plan, RuleSpec, Scope};
use crate::{Error, Result};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// What to emit.
#[derive(Debug, Clone)]
pub struct SqlOptions {
    pub dialect: Dialect,
    pub as_of: NaiveDate,
    /// Model or rule ids; empty = all built-in models.
    pub models: Vec<String>,
    /// `rule_id.param` → value (the CLI's `--set`).
    pub thresholds: BTreeMap<String, Param>,
    /// Name-only matches above this many rows per subject are dropped (the engine's default 3).
    pub max_name_matches: usize,
    pub extra_models: Vec<ModelSpec>,
}

/// The script and what it could not say.
#[derive(Debug, Clone, Default)]
pub struct Script {
    pub sql: String,
    /// Rules translated, in order.
    pub rules: Vec<String>,
    /// Rules the SQL cannot express yet, with the reason (also in the script header).
    pub untranslated: Vec<(String, String)>,
}

/// The closing query's columns, in order.
pub const LEAD_COLUMNS: [&str; 15] = [
    "rule",
    "model",
    "case_no",
    "subject_name",
    "subject_id",
    "match",
    "amount_fen",
    "base_file",
    "base_sheet",
    "base_row",
    "other_file",
    "other_sheet",
    "other_row",
    "figures",
    "flags",
];

pub fn script(opts: &SqlOptions) -> Result<Script> {
    let selected = select(&opts.models, &opts.extra_models)?;
    let d = opts.dialect;
    let mut out = Script::default();
    let mut views: Vec<String> = Vec::new();
    let mut kinds: BTreeSet<String> = BTreeSet::from(["cases".to_string()]);
    for (m, rule) in &selected {
        let params = params_for(rule, &opts.thresholds);
        let mut plans = Vec::new();
        let mut failed = None;
        for (i, p) in rule.plans.iter().enumerate() {
            let name = format!("xs_lead_{}", views.len() + plans.len());
            // Every kind read gets its view (`txn`, the flow analysis's
            // transactions, is written by `normalize` like any other kind).
            kinds.extend(crate::model::logical::kinds_read(rule, p));
            match plan_sql(opts, m, rule, p, &params, &mut kinds) {
                Ok(body) => plans.push(d.create_view(&name, &body)),
                Err(e) => {
                    failed = Some(format!("plans[{i}]：{e}"));
                    break;
                }
            }
        }
        match failed {
            Some(reason) => out.untranslated.push((rule.id.clone(), reason)),
            None => {
                views.extend(plans);
                out.rules.push(rule.id.clone());
            }
        }
    }
    let mut sql = String::new();
    sql.push_str(&format!(
        "-- xiansuo model sql --dialect {} --as-of {}\n-- Generated from the compiled model plans; run with the normalised Parquet directory as the working directory\n-- (`xiansuo normalize -o DIR …`; Spark: the runner replaces ${{root}}).\n",
        d.name(),
        opts.as_of
    ));
    sql.push_str(&format!("-- rules: {}\n", out.rules.join(", ")));
    if out.untranslated.is_empty() {
        sql.push_str("-- untranslated: none\n");
    } else {
        sql.push_str("-- untranslated (the SQL cannot express these rules yet; run them with `xiansuo screen`):\n");
        for (r, why) in &out.untranslated {
            sql.push_str(&format!("--   {r}: {}\n", why.replace('\n', " ")));
        }
    }
    sql.push_str(&format!("-- xiansuo-rules: {}\n\n", rule_meta(&selected, &out.rules)));
    for k in &kinds {
        sql.push_str(&d.view(k, k));
        sql.push('\n');
        let parties = format!("{k}_parties");
        sql.push_str(&d.view(&parties, &parties));
        sql.push('\n');
    }
    sql.push('\n');
    sql.push_str(&case_view(d, opts.as_of)?);
    for v in &views {
        sql.push('\n');
        sql.push_str(v);
        sql.push('\n');
    }
    sql.push('\n');
    if views.is_empty() {
        let cols: Vec<String> = LEAD_COLUMNS.iter().map(|c| format!("CAST(NULL AS {}) AS {c}", d.text_type())).collect();
        sql.push_str(&format!("SELECT {} WHERE 1 = 0;\n", cols.join(", ")));
    } else {
        let parts: Vec<String> = (0..views.len()).map(|i| format!("SELECT * FROM xs_lead_{i}")).collect();
        sql.push_str(&parts.join("\nUNION ALL\n"));
        sql.push_str("\nORDER BY rule, case_no, subject_id, match;\n");
    }
    out.sql = sql;
    Ok(out)
}

/// Rule names, basis, reason templates and figure labels as one JSON line, so
/// a runner can build the CLI's lead JSON without the binary.
fn rule_meta(selected: &[(&ModelSpec, &RuleSpec)], rules: &[String]) -> String {
    let v: Vec<serde_json::Value> = selected
        .iter()
        .filter(|(_, r)| rules.contains(&r.id))
        .map(|(m, r)| {
            let plans: Vec<serde_json::Value> = r
                .plans
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "reason": p.lead.reason, "reason_en": p.lead.reason_en,
                        "figures": p.lead.figures.iter().map(|f| serde_json::json!({"key": f.key, "label": f.label})).collect::<Vec<_>>(),
                        "flags": p.lead.flags.iter().map(|f| serde_json::json!({"flag": f.flag, "note": f.note, "note_en": f.note_en})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::json!({"model": m.id, "rule": r.id, "rule_name": r.name, "basis": r.basis, "plans": plans})
        })
        .collect();
    serde_json::Value::Array(v).to_string()
}

/// `xs_restoring` (per case row: a later 执恢 case of one of its debtors, the
/// prelude's `restoring_case`) and `xs_open` (终本-open rows).
fn case_view(d: Dialect, as_of: NaiveDate) -> Result<String> {
    let p = prelude::prelude();
    let no_params = BTreeMap::new();
    let views = p.views.get("cases").cloned().unwrap_or_default();
    let internal = |e: String| Error::internal(format!("案件视图无法译为 SQL：{e}"));
    let restoring = p.view("cases", "restoring_case").ok_or_else(|| internal("缺少 restoring_case".into()))?;
    let mut tx = Tx::new(d, as_of, &no_params, &views).source("cases", "cases", "b");
    tx.subject = Some(Person::cols("d", ""));
    tx.subject_key = Some("d.name_k".into());
    let _ = tx.expr(restoring).map_err(internal)?;
    let su = tx.subs.first().cloned().ok_or_else(|| internal("restoring_case 不是子查询".into()))?;
    let frame = "cases b JOIN cases_parties d ON d._rid = b._rid AND d.role = 'debtor'";
    let body = sub_sql(&mut tx, &su, frame, &[("b._rid", "_rid")]).map_err(internal)?;
    let mut out = d.create_view("xs_restoring", &body);
    out.push('\n');
    let mut tx = Tx::new(d, as_of, &no_params, &views).source("cases", "cases", "b");
    tx.restoring = Some("xr.v".into());
    let open = p.scopes.get("zhongben_open").ok_or_else(|| internal("缺少 zhongben_open".into()))?;
    let cond = tx.cond(open).map_err(internal)?;
    out.push_str(&d.materialize(
        "xs_open",
        &format!("SELECT b._rid FROM cases b LEFT JOIN xs_restoring xr ON xr._rid = b._rid WHERE {cond}"),
    ));
    out.push('\n');
    Ok(out)
}

/// A subquery as a CTE body grouped by `keys` (`(expr, name)`): `k` (1 when
/// rows exist) and `v` (the aggregate).
fn sub_sql(tx: &mut Tx, su: &SubUse, frame: &str, keys: &[(&str, &str)]) -> Res<String> {
    let s = &su.sub;
    let a = sub_alias(s.name());
    let mut c = tx.child(s);
    let (eq, person, rest) = on_keys(&mut c, s)?;
    let filter = c.conds(&s.filter)?;
    let v = match &su.agg {
        Some((_, Some(of))) => c.expr(of)?.0,
        _ => "NULL".into(),
    };
    // `other_person` inside the subquery reads its own source's party rows.
    let pj: String = c
        .parties
        .iter()
        .map(|pu| {
            format!(
                " LEFT JOIN {k}_parties {pa} ON {pa}._rid = {s}._rid AND {pa}.role = {r} AND {pa}.idx = 0",
                k = pu.kind,
                pa = pu.alias,
                s = pu.source_alias,
                r = lit(&pu.role)
            )
        })
        .collect();
    let key_sel: Vec<String> = keys.iter().map(|(e, n)| format!("{e} AS {n}")).collect();
    let key_names: Vec<&str> = keys.iter().map(|(_, n)| *n).collect();
    let mut wh = vec![filter];
    wh.extend(rest);
    let head = format!("SELECT DISTINCT {}, {a}._rid AS s_rid, {v} AS v FROM {frame}", key_sel.join(", "));
    let from = &s.from;
    let inner = match (eq, person) {
        (_, Some((nf, _))) => {
            let subj = c.subject.clone().ok_or("same_person 需要被执行人")?;
            let sp = Person::cols("sp", "");
            let m = match_sql(&subj, &sp);
            let w = format!("{} AND {m} IS NOT NULL", wh.join(" AND "));
            format!(
                "{head} JOIN {from}_parties sp ON sp.role = {r} AND sp.id_v = {sv} JOIN {from} {a} ON {a}._rid = sp._rid{pj} WHERE {w}\n  UNION\n  \
                 {head} JOIN {from}_parties sp ON sp.role = {r} AND sp.name_k = {sn} JOIN {from} {a} ON {a}._rid = sp._rid{pj} WHERE {w} AND NOT (sp.id_v IS NOT NULL AND {sv} IS NOT NULL)",
                r = lit(&nf),
                sv = subj.id_v,
                sn = subj.name_k
            )
        }
        (Some((outer, col)), None) => format!("{head} JOIN {from} {a} ON {col} = {outer}{pj} WHERE {}", wh.join(" AND ")),
        (None, None) => format!("{head} JOIN {from} {a} ON TRUE{pj} WHERE {}", wh.join(" AND ")),
    };
    let agg = match &su.agg {
        None => "NULL".to_string(),
        Some((f, _)) => format!("{}(v)", format!("{f:?}").to_lowercase()),
    };
    let names = key_names.join(", ");
    Ok(format!("SELECT {names}, 1 AS k, {agg} AS v FROM (\n  {inner}\n) x GROUP BY {names}"))
}

/// `requires` of one source as a row condition (`a|b`: either column).
fn has_fields(d: Dialect, alias: &str, kind: &str, fields: &[String]) -> String {
    let mapped = |f: &str| format!("instr({alias}._mapped, {}) > 0", lit(&format!(",{f},")));
    let one = |f: &str| -> String {
        match (kind, f) {
            ("cases", "close_method") => format!("({} OR {alias}.{} IS NOT NULL)", mapped(f), d.ident("listed_zhongben")),
            ("cases", "unpaid") => format!("({} OR {})", mapped("unpaid_amount"), mapped("target_amount")),
            _ => mapped(f),
        }
    };
    let all: Vec<String> = fields
        .iter()
        .map(|f| format!("({})", f.split('|').map(one).collect::<Vec<_>>().join(" OR ")))
        .collect();
    if all.is_empty() {
        "TRUE".into()
    } else {
        all.join(" AND ")
    }
}

/// The key two 案号 meet on (`engine::cases::case_match_key`): the stored
/// 案号 key without the old-style 字第 (`执字第3302号` = `执3302号`).
fn case_match(col: &str) -> String {
    format!("replace({col}, '字第', '')")
}

fn field_of(r: &str) -> &str {
    r.split_once('.').map_or(r, |(_, f)| f)
}

/// The columns every `items` row has.
const ITEM_COLS: &str = "item_id, b_rid, case_no, s_name, s_id, k_present, k_name_k, k_id_v, k_id_st, k_id_txt, k_id_like, k_birth";

fn key_cols(p: &str) -> String {
    format!(
        "TRUE AS k_present, {p}.name_k AS k_name_k, {p}.id_v AS k_id_v, {p}.id_st AS k_id_st, {p}.id_txt AS k_id_txt, {p}.id_like AS k_id_like, {p}.birth AS k_birth"
    )
}

fn plan_sql(
    opts: &SqlOptions,
    model: &ModelSpec,
    rule: &RuleSpec,
    p: &Plan,
    params: &BTreeMap<String, Param>,
    kinds: &mut BTreeSet<String>,
) -> Res<String> {
    let d = opts.dialect;
    let base = p.base.as_str();
    kinds.insert(base.to_string());
    let join = p.join.as_ref();
    if let Some(j) = join {
        kinds.insert(j.with.clone());
    }
    // Scope and requires, on the base row `b`.
    let mut base_ok = vec![has_fields(d, "b", base, p.requires.get(base).map_or(&[][..], |v| v.as_slice()))];
    for (k, fields) in &p.requires {
        if k != base && join.is_none_or(|j| &j.with != k) {
            kinds.insert(k.clone());
            base_ok.push(format!("EXISTS (SELECT 1 FROM {k} x WHERE {})", has_fields(d, "x", k, fields)));
        }
    }
    if base == "cases" {
        match p.scope {
            Scope::Any => {}
            Scope::Zhongben => {
                let no = BTreeMap::new();
                let views = prelude::prelude().views.get("cases").cloned().unwrap_or_default();
                let mut tx = Tx::new(d, opts.as_of, &no, &views).source("cases", "cases", "b");
                let z = prelude::prelude().scopes.get("zhongben").ok_or("缺少 zhongben 范围")?;
                base_ok.push(tx.cond(z)?);
            }
            Scope::ZhongbenOpen => base_ok.push("b._rid IN (SELECT _rid FROM xs_open)".into()),
        }
    } else if p.scope != Scope::Any {
        return Err("只有案件可以使用 scope".into());
    }
    let base_ok = base_ok.join(" AND ");
    let mut pre: Vec<(String, String)> = Vec::new();
    let case_no_col = |alias: &str, f: &str| format!("COALESCE({alias}.{}, '')", d.ident(f));
    let items = if base == "cases" {
        match p.per {
            Per::Debtor => format!(
                "SELECT b._rid * 1000 + d.idx AS item_id, b._rid AS b_rid, {cn} AS case_no, COALESCE(d.name, '') AS s_name, COALESCE(d.id_shown, '') AS s_id, {k}\n  \
                 FROM cases b JOIN cases_parties d ON d._rid = b._rid AND d.role = 'debtor' WHERE {base_ok}",
                cn = case_no_col("b", "case_no"),
                k = key_cols("d")
            ),
            Per::Case | Per::Row => {
                let g = if p.per == Per::Case {
                    format!("CASE WHEN b.case_no IS NULL OR b.case_no = '' THEN concat('#', CAST(b._rid AS {t})) ELSE b.case_no END", t = d.text_type())
                } else {
                    format!("CAST(b._rid AS {})", d.text_type())
                };
                pre.push(("grows".into(), format!("SELECT {g} AS g, b._rid AS b_rid FROM cases b WHERE {base_ok}")));
                let name_agg = d.ordered_join("COALESCE(e.name, '')", "e.ord", "、");
                let id_agg = d.ordered_join("COALESCE(e.id_shown, '')", "e.ord", "、");
                let one = |c: &str| format!("CASE WHEN count(*) = 1 THEN max(e.{c}) END AS k_{c}");
                let ones: Vec<String> = ["name_k", "id_v", "id_st", "id_txt", "id_like", "birth"].iter().map(|c| one(c)).collect();
                format!(
                    "SELECT r.item_id, r.b_rid, rc.case_no, COALESCE(s.s_name, '') AS s_name, COALESCE(s.s_id, '') AS s_id, COALESCE(s.k_present, FALSE) AS k_present, \
                     s.k_name_k, s.k_id_v, s.k_id_st, s.k_id_txt, s.k_id_like, s.k_birth\n  \
                     FROM (SELECT g, min(b_rid) * 1000 AS item_id, min(b_rid) AS b_rid FROM grows GROUP BY g) r\n  \
                     JOIN (SELECT b._rid AS b_rid, {cn} AS case_no FROM cases b) rc ON rc.b_rid = r.b_rid\n  \
                     LEFT JOIN (\n    SELECT e.g, count(*) = 1 AS k_present, {name_agg} AS s_name, \
                     CASE WHEN max(e.id_shown) IS NULL THEN '' ELSE {id_agg} END AS s_id, {ones} FROM (\n      \
                     SELECT gr.g, d.name, d.id_shown, d.name_k, d.id_v, d.id_st, d.id_txt, d.id_like, d.birth, d._rid * 1000 + d.idx AS ord, \
                     row_number() OVER (PARTITION BY gr.g, COALESCE(d.id_v, d.name_k, d.id_raw) ORDER BY d._rid, d.idx) AS rn\n      \
                     FROM grows gr JOIN cases_parties d ON d._rid = gr.b_rid AND d.role = 'debtor'\n    \
                     ) e WHERE e.rn = 1 GROUP BY e.g\n  ) s ON s.g = r.g",
                    cn = case_no_col("b", "case_no"),
                    ones = ones.join(", "),
                )
            }
        }
    } else {
        let subj = p.subject.as_ref().ok_or("非案件数据须指定 subject")?;
        let nf = field_of(&subj.name).to_string();
        let cn = match &p.case_no {
            Some(r) => case_no_col("b", field_of(r)),
            None => "''".into(),
        };
        if field_storage(base, &nf).is_none() {
            return Err(format!("{base} 没有字段 {nf}"));
        }
        format!(
            "SELECT b._rid * 1000 AS item_id, b._rid AS b_rid, {cn} AS case_no, COALESCE(b.{n}, '') AS s_name, COALESCE(p.id_raw, '') AS s_id, \
             p._rid IS NOT NULL AS k_present, p.name_k AS k_name_k, p.id_v AS k_id_v, p.id_st AS k_id_st, p.id_txt AS k_id_txt, p.id_like AS k_id_like, p.birth AS k_birth\n  \
             FROM {base} b LEFT JOIN {base}_parties p ON p._rid = b._rid AND p.role = {r} AND p.idx = 0 WHERE {base_ok}",
            n = d.ident(&nf),
            r = lit(&nf),
        )
    };
    // Candidates: items × the joined kind.
    let subj = Person::cols("i", "k_");
    let (cand, other_join) = match join {
        None => (
            format!("SELECT {ITEM_COLS}, CAST(NULL AS BIGINT) AS o_rid, CAST(-1 AS BIGINT) AS o_key, CAST(NULL AS {t}) AS o_id_v, CAST(NULL AS {t}) AS m FROM items", t = d.text_type()),
            String::new(),
        ),
        Some(j) => {
            let w = j.with.as_str();
            let req = has_fields(d, "o", w, p.requires.get(w).map_or(&[][..], |v| v.as_slice()));
            match (j.on, j.aggregate) {
                (JoinOn::Keys, _) => super::keyjoin::cand(d, base, j, &req)?,
                (JoinOn::Person, false) => {
                    let nf = j.name.clone().unwrap_or_default();
                    let pp = Person::cols("q", "");
                    let m = match_sql(&subj, &pp);
                    let sel = format!("SELECT i.*, q._rid AS o_rid, q._rid AS o_key, q.id_v AS o_id_v, {m} AS m FROM items i");
                    let src = format!("JOIN {w} o ON o._rid = q._rid AND {req}");
                    let r = lit(&nf);
                    let c0 = format!(
                        "{sel} JOIN {w}_parties q ON q.role = {r} AND q.id_v = i.k_id_v {src}\n  UNION ALL\n  \
                         {sel} JOIN {w}_parties q ON q.role = {r} AND q.name_k = i.k_name_k {src} WHERE NOT (q.id_v IS NOT NULL AND i.k_id_v IS NOT NULL)"
                    );
                    (
                        format!(
                            "SELECT {ITEM_COLS}, o_rid, o_key, o_id_v, m FROM (\n  SELECT c1.*, sum(CASE WHEN m = 'name' THEN 1 ELSE 0 END) OVER (PARTITION BY item_id) AS n_name FROM (\n  {c0}\n  ) c1 WHERE m IS NOT NULL\n) c2 WHERE m <> 'name' OR n_name <= {}",
                            opts.max_name_matches
                        ),
                        format!("LEFT JOIN {w} o ON o._rid = c.o_rid"),
                    )
                }
                (JoinOn::Person, true) => return Err("按人员的分组连接尚未支持".into()),
                (on, aggregate) => {
                    let cf = j.case_no.clone().unwrap_or_else(|| "case_no".into());
                    let ocn = format!("o.{}", d.ident(&cf));
                    if aggregate {
                        (
                            format!(
                                "SELECT {ITEM_COLS}, CAST(NULL AS BIGINT) AS o_rid, CAST(-1 AS BIGINT) AS o_key, CAST(NULL AS {t}) AS o_id_v, CAST(NULL AS {t}) AS m FROM items \
                                 WHERE {ik} IN (SELECT {ok} FROM {w} o WHERE {req} AND {ocn} IS NOT NULL AND {ocn} <> '')",
                                ik = case_match("case_no"),
                                ok = case_match(&ocn),
                                t = d.text_type()
                            ),
                            format!("LEFT JOIN {w} o ON 1 = 0"),
                        )
                    } else if on == JoinOn::CaseNoPerson {
                        let nf = j.name.clone().unwrap_or_default();
                        let m = match_sql(&subj, &Person::cols("q", ""));
                        (
                            format!(
                                "SELECT {ITEM_COLS}, o_rid, o_key, o_id_v, m FROM (SELECT i.*, o._rid AS o_rid, o._rid AS o_key, q.id_v AS o_id_v, {m} AS m FROM items i \
                                 JOIN {w} o ON {ok} = {ik} AND i.case_no <> '' AND {req} JOIN {w}_parties q ON q._rid = o._rid AND q.role = {r} AND q.idx = 0) c1 WHERE m IS NOT NULL",
                                r = lit(&nf),
                                ok = case_match(&ocn),
                                ik = case_match("i.case_no")
                            ),
                            format!("LEFT JOIN {w} o ON o._rid = c.o_rid"),
                        )
                    } else {
                        (
                            format!(
                                "SELECT i.*, o._rid AS o_rid, o._rid AS o_key, CAST(NULL AS {t}) AS o_id_v, CAST(NULL AS {t}) AS m FROM items i \
                                 JOIN {w} o ON {ok} = {ik} AND i.case_no <> '' AND {req}",
                                t = d.text_type(),
                                ok = case_match(&ocn),
                                ik = case_match("i.case_no")
                            ),
                            format!("LEFT JOIN {w} o ON o._rid = c.o_rid"),
                        )
                    }
                }
            }
        }
    };
    // Conditions, amount, figures, flags.
    let mut tx = Tx::new(d, opts.as_of, params, &rule.derived).source(base, base, "b");
    if let Some(j) = join {
        tx = tx.source(j.name(), &j.with, "o");
    }
    tx.subject = Some(Person::cols("c", "k_"));
    tx.subject_name = "c.s_name".into();
    tx.subject_key = Some("COALESCE(c.k_name_k, c.s_name)".into());
    let subject_id = "COALESCE(c.k_id_v, c.o_id_v, c.s_id, '')".to_string();
    tx.subject_id = subject_id.clone();
    if join.is_some_and(|j| j.aggregate) {
        tx.group = Some("o".into());
    }
    let wh = tx.conds(&p.conditions)?;
    let amount = match &p.lead.amount {
        Some(e) => match tx.expr(e)? {
            (s, T::Fen) => format!("CAST({s} AS BIGINT)"),
            (s, T::Num) => format!("CAST(round({s}) AS BIGINT)"),
            _ => return Err("线索金额不是金额".into()),
        },
        None => "CAST(NULL AS BIGINT)".into(),
    };
    let mut figs = Vec::new();
    for f in &p.lead.figures {
        let (s, t) = tx.expr(&f.value)?;
        let v = match t {
            T::Date => format!("CAST({s} AS {})", d.text_type()),
            _ => s,
        };
        figs.push((f.key.clone(), v));
    }
    let mut flags = Vec::new();
    for f in &p.lead.flags {
        let c = tx.cond(&f.when)?;
        flags.push(format!("CASE WHEN {c} THEN {} END", lit(&f.flag)));
    }
    // `lead.case_no` / `lead.subject`: the lead names another row's case or
    // person (engine::plan `judge`): values of the joined rows.
    let lead_case = match &p.lead.case_no {
        Some(e) => format!("COALESCE({}, '')", tx.expr(e)?.0),
        None => "c.case_no".into(),
    };
    let (lead_name, lead_id) = match &p.lead.subject {
        Some(sj) => {
            let name = format!("COALESCE({}, '')", tx.expr(&sj.name)?.0);
            let id = match &sj.id {
                Some(e) => format!("COALESCE({}, '')", tx.expr(e)?.0),
                None => "''".into(),
            };
            (name, id)
        }
        None => ("c.s_name".into(), subject_id.clone()),
    };
    let flags_sql = if flags.is_empty() { "''".into() } else { format!("concat_ws(',', {})", flags.join(", ")) };
    // Grouped CTEs.
    let frame = format!("cand c JOIN {base} b ON b._rid = c.b_rid {other_join}");
    let mut ctes = pre;
    ctes.push(("items".to_string(), items));
    ctes.push(("cand".to_string(), cand));
    let mut joins = String::new();
    if !tx.groups.is_empty() {
        let j = join.ok_or("sum/count 需要连接")?;
        let w = &j.with;
        let cf = j.case_no.clone().unwrap_or_else(|| "case_no".into());
        let req = has_fields(d, "o", w, p.requires.get(w.as_str()).map_or(&[][..], |v| v.as_slice()));
        let cols: Vec<String> = tx.groups.iter().map(|g| format!("{} AS {}", g.sql, g.col)).collect();
        ctes.push((
            "grp".into(),
            format!(
                "SELECT c.item_id, {} FROM cand c JOIN {base} b ON b._rid = c.b_rid JOIN {w} o ON {} = {} AND {req} GROUP BY c.item_id",
                cols.join(", "),
                case_match(&format!("o.{}", d.ident(&cf))),
                case_match("c.case_no")
            ),
        ));
        joins.push_str(" LEFT JOIN grp ON grp.item_id = c.item_id");
    }
    let subs = tx.subs.clone();
    for su in &subs {
        let body = sub_sql(&mut tx, su, &frame, &[("c.item_id", "item_id"), ("c.o_key", "o_key")])?;
        joins.push_str(&format!(" LEFT JOIN {a} ON {a}.item_id = c.item_id AND {a}.o_key = c.o_key", a = su.alias));
        ctes.push((su.alias.clone(), body));
    }
    for pu in &tx.parties {
        kinds.insert(pu.kind.clone());
        joins.push_str(&format!(
            " LEFT JOIN {k}_parties {a} ON {a}._rid = {s}._rid AND {a}.role = {r} AND {a}.idx = 0",
            k = pu.kind,
            a = pu.alias,
            s = pu.source_alias,
            r = lit(&pu.role)
        ));
    }
    for su in &subs {
        kinds.insert(su.sub.from.clone());
    }
    let t = d.text_type();
    let (of, os, or) = if join.is_some() {
        ("o._file".to_string(), "o._sheet".to_string(), "o._row".to_string())
    } else {
        (format!("CAST(NULL AS {t})"), format!("CAST(NULL AS {t})"), "CAST(NULL AS INT)".to_string())
    };
    let select = format!(
        "SELECT {rule} AS rule, {model} AS model, {lead_case} AS case_no, {lead_name} AS subject_name, {lead_id} AS subject_id, c.m AS match, {amount} AS amount_fen,\n  \
         b._file AS base_file, b._sheet AS base_sheet, b._row AS base_row, {of} AS other_file, {os} AS other_sheet, {or} AS other_row,\n  \
         {figs} AS figures, {flags_sql} AS flags\nFROM {frame}{joins}\nWHERE {wh}",
        rule = lit(&rule.id),
        model = lit(&model.id),
        figs = d.json_object(&figs),
    );
    let with: Vec<String> = ctes.iter().map(|(n, b)| format!("{n} AS (\n  {b}\n)")).collect();
    Ok(format!("WITH {}\n{select}", with.join(",\n")))
}
