//! Expressions and conditions of the model language as SQL over the
//! normalised tables. The engine's two-valued logic is kept: every
//! comparison with a missing value is false (`COALESCE(a < b, FALSE)`), so
//! `NOT` and `OR` never see SQL's NULL. What SQL cannot say yet comes back
//! as `Err(reason)` and the rule is listed as not translated, never dropped
//! silently.

use super::dialect::{lit, Dialect};
use super::schema::{classified_of, field_storage, numeric_classifier, Storage};
use crate::model::expr::{AggFn, Branch, Classify, Cond, Expr, ExprOp, OnKey, Sub};
use crate::model::{prelude, Param};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The SQL type of a translated value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    Fen,
    Num,
    Date,
    Text,
    Status,
}

pub type Sql = (String, T);
pub type Res<X> = Result<X, String>;

/// The subject's person key columns (`items` columns, or a debtor's party row).
#[derive(Debug, Clone)]
pub struct Person {
    pub name_k: String,
    pub id_v: String,
    pub id_st: String,
    pub id_txt: String,
    pub id_like: String,
    pub birth: String,
    /// True when there is a key at all (a case with several debtors has none).
    pub present: String,
}

impl Person {
    /// Columns of a parties row (or of `items`, with the `k_` prefix).
    pub fn cols(alias: &str, prefix: &str) -> Person {
        let c = |n: &str| format!("{alias}.{prefix}{n}");
        Person {
            name_k: c("name_k"),
            id_v: c("id_v"),
            id_st: c("id_st"),
            id_txt: c("id_txt"),
            id_like: c("id_like"),
            birth: c("birth"),
            present: if prefix.is_empty() { "TRUE".into() } else { c("present") },
        }
    }
}

/// How two person keys match (`engine::person::match_person`): 'id',
/// 'name+birth', 'name' or NULL. Two valid IDs decide alone; otherwise names
/// must be equal and surviving ID fragments (masked digits, a damaged
/// prefix, birth dates) must agree.
pub fn match_sql(a: &Person, b: &Person) -> String {
    let masked = |p: &Person, q: &Person| {
        format!(
            "WHEN {ps} = 'masked' AND {qs} IN ('valid', 'masked') AND NOT (length({qt}) = length({pt}) AND {qt} LIKE {pl}) THEN NULL",
            ps = p.id_st,
            qs = q.id_st,
            qt = q.id_txt,
            pt = p.id_txt,
            pl = p.id_like
        )
    };
    let damaged = |p: &Person, q: &Person| {
        format!(
            "WHEN {ps} = 'damaged' AND {qs} = 'valid' AND {pt} IS NOT NULL AND NOT ({qv} LIKE {pt} || '%') THEN NULL",
            ps = p.id_st,
            qs = q.id_st,
            pt = p.id_txt,
            qv = q.id_v
        )
    };
    format!(
        "(CASE WHEN {av} IS NOT NULL AND {bv} IS NOT NULL THEN (CASE WHEN {av} = {bv} THEN 'id' END) \
         WHEN {an} IS NULL OR {bn} IS NULL OR {an} <> {bn} THEN NULL {} {} {} {} \
         WHEN {ab} IS NOT NULL AND {bb} IS NOT NULL THEN (CASE WHEN {ab} = {bb} THEN 'name+birth' END) \
         ELSE 'name' END)",
        masked(a, b),
        masked(b, a),
        damaged(a, b),
        damaged(b, a),
        av = a.id_v,
        bv = b.id_v,
        an = a.name_k,
        bn = b.name_k,
        ab = a.birth,
        bb = b.birth
    )
}

/// A subquery the conditions or values use, computed as a grouped CTE and
/// LEFT JOINed by candidate.
#[derive(Debug, Clone)]
pub struct SubUse {
    pub sub: Sub,
    /// None: exists / not exists; Some: aggregate function and its value.
    pub agg: Option<(AggFn, Option<Expr>)>,
    pub alias: String,
}

/// A sum or count over the rows of an aggregate join (`grp` CTE column).
#[derive(Debug, Clone)]
pub struct GroupUse {
    pub sql: String,
    pub col: String,
}

/// A person named by two fields of a source (`other_person`), joined from
/// that kind's party table.
#[derive(Debug, Clone)]
pub struct PartyUse {
    pub kind: String,
    pub source_alias: String,
    pub role: String,
    pub alias: String,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub kind: String,
    pub alias: String,
}

/// Translation context: what names mean and what the translation needed.
pub struct Tx<'a> {
    pub d: Dialect,
    pub as_of: NaiveDate,
    pub params: &'a BTreeMap<String, Param>,
    pub derived: &'a BTreeMap<String, Expr>,
    pub sources: Vec<Source>,
    pub subject: Option<Person>,
    /// `subject.name` / `subject.id`.
    pub subject_name: String,
    pub subject_id: String,
    /// The subject's name key (`text_key` of `subject.name`), when known.
    pub subject_key: Option<String>,
    /// What `cases.restoring_case` reads (only the case view sets it).
    pub restoring: Option<String>,
    /// Alias of the aggregate join's rows inside `sum`/`count`.
    pub group: Option<String>,
    pub subs: Vec<SubUse>,
    pub groups: Vec<GroupUse>,
    pub parties: Vec<PartyUse>,
    pub allow_subs: bool,
    depth: u8,
    /// Inside a prelude view: bare names are the case view's values.
    in_prelude: bool,
}

impl<'a> Tx<'a> {
    pub fn new(d: Dialect, as_of: NaiveDate, params: &'a BTreeMap<String, Param>, derived: &'a BTreeMap<String, Expr>) -> Tx<'a> {
        Tx {
            d,
            as_of,
            params,
            derived,
            sources: Vec::new(),
            subject: None,
            subject_name: "NULL".into(),
            subject_id: "NULL".into(),
            subject_key: None,
            restoring: None,
            group: None,
            subs: Vec::new(),
            groups: Vec::new(),
            parties: Vec::new(),
            allow_subs: true,
            depth: 0,
            in_prelude: false,
        }
    }

    pub fn source(mut self, name: &str, kind: &str, alias: &str) -> Self {
        self.sources.push(Source { name: name.into(), kind: kind.into(), alias: alias.into() });
        self
    }

    fn find(&self, name: &str) -> Option<&Source> {
        self.sources.iter().rev().find(|s| s.name == name)
    }

    fn col(&self, alias: &str, field: &str) -> String {
        format!("{alias}.{}", self.d.ident(field))
    }

    pub fn expr(&mut self, e: &Expr) -> Res<Sql> {
        self.depth += 1;
        if self.depth > 24 {
            self.depth -= 1;
            return Err("派生值嵌套过深".into());
        }
        let r = match e {
            Expr::Num(n) => Ok((num(*n), T::Num)),
            Expr::Ref(r) => self.reference(r),
            Expr::Op(op) => self.op(op),
        };
        self.depth -= 1;
        r
    }

    fn reference(&mut self, r: &str) -> Res<Sql> {
        if let Some(p) = r.strip_prefix('$') {
            if p == "as_of" {
                return Ok((format!("DATE '{}'", self.as_of.format("%Y-%m-%d")), T::Date));
            }
            return match self.params.get(p) {
                Some(Param::Num(n)) => Ok((num(*n), T::Num)),
                Some(Param::Text(t)) => Ok((lit(t), T::Text)),
                None => Ok(("NULL".into(), T::Num)),
            };
        }
        match r {
            "subject.name" => return Ok((self.subject_name.clone(), T::Text)),
            "subject.id" => return Ok((self.subject_id.clone(), T::Text)),
            _ => {}
        }
        let Some((src, field)) = r.split_once('.') else {
            return self.bare(r);
        };
        let Some(s) = self.find(src).cloned() else {
            return Err(format!("“{r}”的数据源不在此规则的 SQL 中"));
        };
        let (field, birth) = match field.split_once('@') {
            Some((f, "birth")) => (f, true),
            Some(_) => return Err(format!("不支持的引用“{r}”")),
            None => (field, false),
        };
        if s.kind == "cases" {
            if field == "restoring_case" {
                return match &self.restoring {
                    Some(x) => Ok((x.clone(), T::Text)),
                    None => Err("cases.restoring_case 只在案件视图中可用".into()),
                };
            }
            if field == "listed_zhongben" {
                return Ok((self.col(&s.alias, "listed_zhongben"), T::Text));
            }
            if let Some(v) = prelude::prelude().view("cases", field) {
                return self.view(v, &s.alias);
            }
        }
        if birth {
            return Ok((self.col(&s.alias, &format!("{field}__birth")), T::Date));
        }
        let st = field_storage(&s.kind, field).ok_or_else(|| format!("{} 没有字段 {field}", s.kind))?;
        let t = match st {
            Storage::Fen => T::Fen,
            Storage::Date => T::Date,
            Storage::Status => T::Status,
            _ => T::Text,
        };
        Ok((self.col(&s.alias, field), t))
    }

    /// A prelude view of the case row `alias`, inlined.
    fn view(&mut self, v: &Expr, alias: &str) -> Res<Sql> {
        let saved = (std::mem::take(&mut self.sources), self.in_prelude);
        self.sources = vec![Source { name: "cases".into(), kind: "cases".into(), alias: alias.into() }];
        self.in_prelude = true;
        let r = self.expr(v);
        self.sources = saved.0;
        self.in_prelude = saved.1;
        r
    }

    fn bare(&mut self, name: &str) -> Res<Sql> {
        if !self.in_prelude {
            if let Some(e) = self.derived.get(name) {
                let e = e.clone();
                return self.expr(&e);
            }
        }
        let alias = self.find("cases").map(|s| s.alias.clone());
        match (prelude::prelude().view("cases", name), alias) {
            (Some(v), Some(a)) => self.view(v, &a),
            _ => Err(format!("未知的名称“{name}”")),
        }
    }

    fn op(&mut self, op: &ExprOp) -> Res<Sql> {
        match op {
            // Domain classifiers run in `normalize`, which writes their result
            // as a column (`schema::CLASSIFIED`): SQL reads it, no UDF.
            ExprOp::Classify(c) => {
                let (col, _) = self.classified(c)?;
                if numeric_classifier(&c.norm) {
                    Ok((format!("CAST({col} AS DOUBLE)"), T::Num))
                } else {
                    Ok((col, T::Text))
                }
            }
            // The field's name key (NFKC, no spaces, simplified) upper-cased:
            // the engine's `text_key`.
            ExprOp::TextKey(e) => Ok((format!("upper({})", self.text_key_of(e)?), T::Text)),
            ExprOp::Prefix(e, n) => {
                let (v, _) = self.expr(e)?;
                let n = match n {
                    Expr::Num(n) if *n >= 1.0 && n.is_finite() => *n as i64,
                    _ => return Err("prefix 的长度须为不小于 1 的数字".into()),
                };
                Ok((format!("substring({v}, 1, {n})"), T::Text))
            }
            ExprOp::Yuan(n) => Ok((format!("CAST({} AS BIGINT)", (n * 100.0).round() as i64), T::Fen)),
            ExprOp::Text(t) => Ok((lit(t), T::Text)),
            ExprOp::Add(v) | ExprOp::Sub(v) => {
                let sign = if matches!(op, ExprOp::Sub(_)) { " - " } else { " + " };
                let parts: Vec<Sql> = v.iter().map(|e| self.expr(e)).collect::<Res<_>>()?;
                let t = if parts.iter().any(|p| p.1 == T::Fen) { T::Fen } else { T::Num };
                let body: Vec<String> = parts
                    .iter()
                    .map(|(s, pt)| if t == T::Fen && *pt == T::Num { format!("CAST(round({s}) AS BIGINT)") } else { s.clone() })
                    .collect();
                Ok((format!("({})", body.join(sign)), t))
            }
            ExprOp::Mul(v) => {
                let parts: Vec<Sql> = v.iter().map(|e| self.expr(e)).collect::<Res<_>>()?;
                let body: Vec<String> = parts.iter().map(|p| format!("CAST({} AS DOUBLE)", p.0)).collect();
                if parts.iter().any(|p| p.1 == T::Fen) {
                    Ok((format!("CAST(round({}) AS BIGINT)", body.join(" * ")), T::Fen))
                } else {
                    Ok((format!("({})", body.join(" * ")), T::Num))
                }
            }
            ExprOp::Min(v) | ExprOp::Max(v) | ExprOp::Coalesce(v) => {
                let parts: Vec<Sql> = v.iter().map(|e| self.expr(e)).collect::<Res<_>>()?;
                let t = parts.first().map_or(T::Num, |p| p.1);
                let f = match op {
                    ExprOp::Min(_) => "least",
                    ExprOp::Max(_) => "greatest",
                    _ => "COALESCE",
                };
                let body: Vec<String> = parts.into_iter().map(|p| p.0).collect();
                Ok((format!("{f}({})", body.join(", ")), t))
            }
            ExprOp::When(branches) => {
                let mut out = String::from("(CASE");
                let mut t = T::Text;
                let mut has_else = false;
                for b in branches {
                    match b {
                        Branch::If { cond, then } => {
                            let c = self.cond(cond)?;
                            let (v, vt) = self.expr(then)?;
                            t = vt;
                            out.push_str(&format!(" WHEN {c} THEN {v}"));
                        }
                        Branch::Else { value } => {
                            let (v, vt) = self.expr(value)?;
                            t = vt;
                            has_else = true;
                            out.push_str(&format!(" ELSE {v}"));
                        }
                    }
                }
                if !has_else {
                    out.push_str(" ELSE NULL");
                }
                out.push_str(" END)");
                Ok((out, t))
            }
            ExprOp::AddMonths(a, n) => {
                let (a, _) = self.expr(a)?;
                let (n, _) = self.expr(n)?;
                Ok((self.d.add_months(&a, &n), T::Date))
            }
            ExprOp::AddDays(a, n) => {
                let (a, _) = self.expr(a)?;
                let (n, _) = self.expr(n)?;
                Ok((self.d.add_days(&a, &n), T::Date))
            }
            ExprOp::DaysBetween(a, b) => {
                let (a, _) = self.expr(a)?;
                let (b, _) = self.expr(b)?;
                Ok((self.d.days_between(&a, &b), T::Num))
            }
            ExprOp::CasePart(e, part) => {
                let Expr::Ref(r) = e else { return Err("case_part 只支持字段".into()) };
                let (col, _) = self.reference(r)?;
                let base = col.rsplit_once('.').map(|(a, _)| a.to_string()).unwrap_or_default();
                let field = r.split_once('.').map_or(r.as_str(), |(_, f)| f);
                let c = |suffix: &str| self.col(&base, &format!("{field}__{suffix}"));
                match part.as_str() {
                    "court" => Ok((c("court"), T::Text)),
                    "type" => Ok((c("type"), T::Text)),
                    "year" => Ok((format!("CAST({} AS DOUBLE)", c("year")), T::Num)),
                    p => Err(format!("case_part 不支持“{p}”")),
                }
            }
            ExprOp::Sum { .. } | ExprOp::Count { .. } if self.group.is_none() => {
                Err("sum/count 需要 aggregate: true 的连接".into())
            }
            ExprOp::Sum { of, filter } => {
                let (v, t) = self.expr(of)?;
                let c = self.conds(filter)?;
                let col = format!("g{}", self.groups.len());
                self.groups.push(GroupUse { sql: format!("COALESCE(sum(CASE WHEN {c} THEN {v} END), 0)"), col: col.clone() });
                Ok((format!("grp.{col}"), t))
            }
            ExprOp::Count { filter } => {
                let c = self.conds(filter)?;
                let col = format!("g{}", self.groups.len());
                self.groups.push(GroupUse { sql: format!("CAST(sum(CASE WHEN {c} THEN 1 ELSE 0 END) AS DOUBLE)"), col: col.clone() });
                Ok((format!("grp.{col}"), T::Num))
            }
            ExprOp::Aggregate(a) => {
                let t = match (&a.func, &a.of) {
                    (AggFn::Count, _) => T::Num,
                    (_, Some(of)) => {
                        // Typed in the subquery's own context.
                        let mut probe = self.child(&a.sub);
                        probe.expr(of)?.1
                    }
                    _ => T::Num,
                };
                let alias = self.add_sub(&a.sub, Some((a.func, a.of.clone())))?;
                let v = match a.func {
                    AggFn::Count => format!("CAST(COALESCE({alias}.v, 0) AS DOUBLE)"),
                    AggFn::Sum if t == T::Fen => format!("COALESCE({alias}.v, 0)"),
                    _ => format!("{alias}.v"),
                };
                Ok((v, t))
            }
        }
    }

    /// The column `normalize` wrote for a `classify` (and its `__bad` flag).
    fn classified(&self, c: &Classify) -> Res<(String, String)> {
        let field_ref = |e: Option<&Expr>| -> Res<Option<(String, String)>> {
            match e {
                None => Ok(None),
                Some(Expr::Ref(r)) => {
                    let (src, f) = r.split_once('.').ok_or_else(|| format!("classify 需要 来源.字段：{r}"))?;
                    Ok(Some((src.to_string(), f.to_string())))
                }
                Some(_) => Err("classify 只支持字段".into()),
            }
        };
        let (src, field) = field_ref(c.of.first())?.ok_or("classify 缺少字段")?;
        let second = field_ref(c.of.get(1))?;
        if second.as_ref().is_some_and(|(s2, _)| *s2 != src) {
            return Err("classify 的两个字段须来自同一数据源".into());
        }
        let s = self.find(&src).cloned().ok_or_else(|| format!("“{src}.{field}”的数据源不在此规则的 SQL 中"))?;
        let wrote = classified_of(&s.kind)
            .any(|(f, norm, sec)| f == field && norm == c.norm && sec == second.as_ref().map(|x| x.1.as_str()));
        if !wrote {
            return Err(format!("normalize 未写出分类列 {}.{field}__{}", s.kind, c.norm));
        }
        let col = self.col(&s.alias, &format!("{field}__{}", c.norm));
        let bad = self.col(&s.alias, &format!("{field}__{}__bad", c.norm));
        Ok((col, bad))
    }

    /// The name-key column of a text field, or of the subject's name.
    fn text_key_of(&mut self, e: &Expr) -> Res<String> {
        if let Expr::Ref(r) = e {
            if r == "subject.name" {
                return self.subject_key.clone().ok_or_else(|| "此处没有 subject.name 的键".to_string());
            }
            if let Some(c) = self.text_column(r, "k") {
                return Ok(c);
            }
        }
        Err("text_key 只支持文本字段".into())
    }

    /// The derived column `field__suffix` of a text-stored field reference
    /// (`src.field`), which normalize writes beside the field.
    fn text_column(&mut self, r: &str, suffix: &str) -> Option<String> {
        let (src, field) = r.split_once('.')?;
        let s = self.find(src)?;
        if !matches!(field_storage(&s.kind, field), Some(Storage::Text | Storage::CaseNo | Storage::Id)) {
            return None;
        }
        let alias = s.alias.clone();
        Some(self.col(&alias, &format!("{field}__{suffix}")))
    }

    /// An equi-join key as the engine compares it (`columns::val_key`):
    /// text by its key, 案号 without the old-style 字第.
    pub fn join_key(&mut self, e: &Expr) -> Res<String> {
        match self.text_key_of(e) {
            Ok(k) => Ok(format!("replace(upper({k}), '字第', '')")),
            Err(_) => Ok(self.expr(e)?.0),
        }
    }

    /// A context for a subquery's own expressions: the outer sources plus its `as` name.
    pub fn child(&self, s: &Sub) -> Tx<'a> {
        let mut t = Tx::new(self.d, self.as_of, self.params, self.derived);
        t.sources = self.sources.clone();
        t.sources.push(Source { name: s.name().into(), kind: s.from.clone(), alias: sub_alias(s.name()) });
        t.subject = self.subject.clone();
        t.subject_name = self.subject_name.clone();
        t.subject_id = self.subject_id.clone();
        t.subject_key = self.subject_key.clone();
        t.restoring = self.restoring.clone();
        t.allow_subs = false;
        t
    }

    fn add_sub(&mut self, s: &Sub, agg: Option<(AggFn, Option<Expr>)>) -> Res<String> {
        if !self.allow_subs {
            return Err("子查询中不能再嵌套子查询".into());
        }
        if self.in_prelude {
            return Err("案件视图的子查询只在 cases.restoring_case 中支持".into());
        }
        let alias = format!("sq{}", self.subs.len());
        self.subs.push(SubUse { sub: s.clone(), agg, alias: alias.clone() });
        Ok(alias)
    }

    pub fn conds(&mut self, cs: &[Cond]) -> Res<String> {
        if cs.is_empty() {
            return Ok("TRUE".into());
        }
        let parts: Vec<String> = cs.iter().map(|c| self.cond(c)).collect::<Res<_>>()?;
        Ok(format!("({})", parts.join(" AND ")))
    }

    /// `missing`: blank, not unparseable (a field's `__bad` says which).
    fn missing(&mut self, e: &Expr) -> Res<String> {
        let (v, _) = self.expr(e)?;
        let bad = match e {
            Expr::Op(op) => match &**op {
                ExprOp::Classify(c) => Some(self.classified(c)?.1),
                _ => None,
            },
            _ => self.bad_col(e),
        };
        match bad {
            Some(bad) => Ok(format!("({v} IS NULL AND NOT COALESCE({bad}, FALSE))")),
            None => Ok(format!("({v} IS NULL)")),
        }
    }

    /// The `__bad` column of a typed field reference, if it has one.
    fn bad_col(&self, e: &Expr) -> Option<String> {
        let Expr::Ref(r) = e else { return None };
        let (src, field) = r.split_once('.')?;
        let s = self.find(src)?;
        let (field, birth) = match field.split_once('@') {
            Some((f, _)) => (f, true),
            None => (field, false),
        };
        if birth {
            return Some(self.col(&s.alias, &format!("{field}__birth_bad")));
        }
        match field_storage(&s.kind, field)? {
            Storage::Fen | Storage::Date | Storage::Status => Some(self.col(&s.alias, &format!("{field}__bad"))),
            _ => None,
        }
    }

    /// The name-key column of a text field (contains tests compare keys).
    fn key_of(&mut self, e: &Expr) -> Res<String> {
        if let Expr::Ref(r) = e {
            if let Some((src, field)) = r.split_once('.') {
                if let Some(s) = self.find(src) {
                    if matches!(field_storage(&s.kind, field), Some(Storage::Text | Storage::CaseNo | Storage::Id)) {
                        return Ok(self.col(&s.alias.clone(), &format!("{field}__k")));
                    }
                }
            }
        }
        Ok(self.expr(e)?.0)
    }

    fn neg_of(&mut self, e: &Expr) -> Res<String> {
        if let Expr::Ref(r) = e {
            if let Some(c) = self.text_column(r, "neg") {
                return Ok(c);
            }
        }
        Err("是/否 判断只支持文本字段".into())
    }

    pub fn cond(&mut self, c: &Cond) -> Res<String> {
        let f = |s: String| format!("COALESCE({s}, FALSE)");
        Ok(match c {
            Cond::All(v) => self.conds(v)?,
            Cond::Any(v) => {
                if v.is_empty() {
                    return Ok("FALSE".into());
                }
                let parts: Vec<String> = v.iter().map(|c| self.cond(c)).collect::<Res<_>>()?;
                format!("({})", parts.join(" OR "))
            }
            Cond::Not(c) => format!("(NOT {})", self.cond(c)?),
            Cond::Lt(a, b) => f(self.cmp(a, "<", b)?),
            Cond::Le(a, b) => f(self.cmp(a, "<=", b)?),
            Cond::Gt(a, b) => f(self.cmp(a, ">", b)?),
            Cond::Ge(a, b) => f(self.cmp(a, ">=", b)?),
            Cond::Eq(a, b) => f(self.cmp(a, "=", b)?),
            Cond::Ne(a, b) => f(self.cmp(a, "<>", b)?),
            Cond::Missing(e) => self.missing(e)?,
            Cond::Present(e) => format!("(NOT {})", self.missing(e)?),
            Cond::Valid(e) => format!("({} IS NOT NULL)", self.expr(e)?.0),
            Cond::Mapped(r) => {
                let (src, field) = r.split_once('.').ok_or_else(|| format!("mapped 需要 来源.字段：{r}"))?;
                let s = self.find(src).cloned().ok_or_else(|| format!("“{r}”的数据源不在此规则中"))?;
                format!("(instr({}, {}) > 0)", self.col(&s.alias, "_mapped"), lit(&format!(",{field},")))
            }
            Cond::LettersNone(e, l) | Cond::LettersAny(e, l) | Cond::LettersAll(e, l) => {
                let (v, _) = self.expr(e)?;
                let letters = match l {
                    Expr::Ref(p) if p.starts_with('$') => match self.params.get(&p[1..]) {
                        Some(Param::Text(t)) => t.clone(),
                        Some(Param::Num(n)) => n.to_string(),
                        None => String::new(),
                    },
                    Expr::Op(op) => match &**op {
                        ExprOp::Text(t) => t.clone(),
                        _ => return Err("状态字母须为参数或文本".into()),
                    },
                    _ => return Err("状态字母须为参数或文本".into()),
                };
                let tests: Vec<String> =
                    letters.chars().map(|ch| format!("instr({v}, {}) > 0", lit(&ch.to_string()))).collect();
                let any = if tests.is_empty() { "FALSE".into() } else { format!("({})", tests.join(" OR ")) };
                let all = if tests.is_empty() { "TRUE".into() } else { format!("({})", tests.join(" AND ")) };
                match c {
                    Cond::LettersNone(..) => format!("({v} IS NOT NULL AND NOT {any})"),
                    Cond::LettersAny(..) => format!("({v} IS NOT NULL AND {any})"),
                    _ => format!("({v} IS NOT NULL AND {all})"),
                }
            }
            Cond::ContainsAny(e, words) | Cond::ContainsNone(e, words) => {
                let k = self.key_of(e)?;
                let tests: Vec<String> = words.iter().map(|w| format!("instr({k}, {}) > 0", lit(w))).collect();
                let any = if tests.is_empty() { "FALSE".into() } else { format!("({})", tests.join(" OR ")) };
                if matches!(c, Cond::ContainsAny(..)) {
                    format!("({k} IS NOT NULL AND {any})")
                } else {
                    format!("({k} IS NULL OR NOT {any})")
                }
            }
            Cond::In(e, vals) => {
                let (v, _) = self.expr(e)?;
                let list: Vec<String> = vals.iter().map(|x| lit(x)).collect();
                if list.is_empty() {
                    "FALSE".into()
                } else {
                    f(format!("{v} IN ({})", list.join(", ")))
                }
            }
            Cond::Yes(e) => f(format!("NOT {}", self.neg_of(e)?)),
            Cond::No(e) => f(self.neg_of(e)?),
            Cond::OtherPerson(n, i) => self.other_person(n, i)?,
            Cond::Exists(s) => format!("({}.k IS NOT NULL)", self.add_sub(s, None)?),
            Cond::NotExists(s) => format!("({}.k IS NULL)", self.add_sub(s, None)?),
        })
    }

    fn cmp(&mut self, a: &Expr, op: &str, b: &Expr) -> Res<String> {
        let (a, _) = self.expr(a)?;
        let (b, _) = self.expr(b)?;
        Ok(format!("{a} {op} {b}"))
    }

    /// `other_person [name, id]`: present and not the subject. The pair is
    /// read from the kind's party table (first person of the cell).
    fn other_person(&mut self, n: &Expr, _i: &Expr) -> Res<String> {
        let Expr::Ref(r) = n else { return Err("other_person 需要字段".into()) };
        let (src, field) = r.split_once('.').ok_or_else(|| format!("other_person 需要 来源.字段：{r}"))?;
        let s = self.find(src).cloned().ok_or_else(|| format!("“{r}”的数据源不在此规则中"))?;
        let (name, _) = self.expr(n)?;
        let alias = format!("pp{}", self.parties.len());
        self.parties.push(PartyUse { kind: s.kind.clone(), source_alias: s.alias.clone(), role: field.into(), alias: alias.clone() });
        let subj = match &self.subject {
            Some(p) => p.clone(),
            None => return Ok(format!("({name} IS NOT NULL)")),
        };
        let m = match_sql(&subj, &Person::cols(&alias, ""));
        Ok(format!("({name} IS NOT NULL AND (NOT COALESCE({}, FALSE) OR {alias}._rid IS NULL OR {m} IS NULL))", subj.present))
    }
}

pub fn sub_alias(name: &str) -> String {
    format!("s_{}", name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect::<String>())
}

/// A number literal both engines read as DOUBLE.
pub fn num(n: f64) -> String {
    if n.is_finite() {
        format!("CAST({n:?} AS DOUBLE)")
    } else {
        "NULL".into()
    }
}

/// The first `on` key of a subquery as an equi-join, and the rest as conditions.
pub fn on_keys(tx: &mut Tx, s: &Sub) -> Res<(Option<(String, String)>, Option<(String, String)>, Vec<String>)> {
    let inner = sub_alias(s.name());
    let field = |r: &str| r.split_once('.').map_or(r, |(_, f)| f).to_string();
    let mut eq = None;
    let mut person = None;
    let mut rest = Vec::new();
    for (i, k) in s.on.iter().enumerate() {
        match k {
            OnKey::Eq(outer, inner_ref) => {
                let o = tx.join_key(outer)?;
                // The inner side is a field of the subquery's own source.
                let col = match tx.find(s.name()).map(|x| x.kind.clone()) {
                    Some(kind) if matches!(field_storage(&kind, &field(inner_ref)), Some(Storage::Text | Storage::CaseNo | Storage::Id)) => {
                        format!("replace(upper({inner}.{}), '字第', '')", tx.d.ident(&format!("{}__k", field(inner_ref))))
                    }
                    _ => format!("{inner}.{}", tx.d.ident(&field(inner_ref))),
                };
                if i == 0 {
                    eq = Some((o, col));
                } else {
                    rest.push(format!("COALESCE({o} = {col}, FALSE)"));
                }
            }
            OnKey::Person { same_person: (n, id) } => {
                if i == 0 {
                    person = Some((field(n), field(id)));
                } else {
                    return Err("same_person 只能作为第一个连接键".into());
                }
            }
        }
    }
    Ok((eq, person, rest))
}
