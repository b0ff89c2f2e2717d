//! Evaluating the model format's expressions and conditions against the rows
//! of one candidate (base row, joined row or joined group).

use super::columns::{Column, Columns};
use super::person::{match_person, PersonKey};
use crate::ingest::Dataset;
use crate::lead::FigureValue;
use crate::model::expr::{AggFn, Branch, Cond, Expr, ExprOp, OnKey, Sub};
use crate::model::Param;
use crate::normalize::{nulls, vehicle_status};
use chrono::{Days, Months, NaiveDate};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A typed value. `Bad` is a present cell that does not parse: it is neither
/// missing nor comparable, so it never fires a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null,
    Bad,
    Fen(i64),
    Num(f64),
    Date(NaiveDate),
    /// Shared with the interned column it came from: no copy per row.
    Text(Rc<str>),
    Status(vehicle_status::StatusSet),
}

/// Run-wide values an evaluation needs.
pub struct Env<'a> {
    pub datasets: &'a [&'a Dataset],
    /// Typed columns, parsed once per run and shared by the rules.
    pub cols: &'a Columns,
    pub as_of: NaiveDate,
    /// The rule's thresholds after overrides.
    pub params: &'a BTreeMap<String, Param>,
    pub derived: &'a BTreeMap<String, Expr>,
    /// A name-only match is kept only when the name matches at most this
    /// many rows of the other file.
    pub max_name_matches: usize,
    /// Rows found by `exists` and `aggregate` while judging one candidate:
    /// they join the lead's evidence.
    pub trail: std::cell::RefCell<Vec<RowRef>>,
    /// The case view's environment (`model::prelude`): its views are the
    /// derived values there. None when this is that environment.
    pub prelude: Option<&'a Env<'a>>,
    /// The user's address aliases: key joins on addresses meet through them.
    pub aliases: &'a crate::normalize::address::AliasTable,
}

/// A row of some kind taking part in a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RowRef {
    pub ds: u32,
    pub row: u32,
}

/// A subquery's row bound to its source name, innermost first.
pub struct Bind<'a> {
    pub name: &'a str,
    pub row: RowRef,
    pub up: Option<&'a Bind<'a>>,
}

pub struct Ctx<'a> {
    pub env: &'a Env<'a>,
    /// Rows bound by enclosing subqueries (`exists`, `aggregate`).
    pub bind: Option<&'a Bind<'a>>,
    pub base_kind: &'a str,
    pub base: RowRef,
    pub other_kind: &'a str,
    pub other: Option<RowRef>,
    /// Rows of an aggregate join.
    pub group: &'a [RowRef],
    pub subject: Option<&'a PersonKey>,
    pub subject_name: &'a str,
    pub subject_id: &'a str,
}

impl<'a> Ctx<'a> {
    fn row_of(&self, kind: &str) -> Option<RowRef> {
        let mut b = self.bind;
        while let Some(x) = b {
            if x.name == kind {
                return Some(x.row);
            }
            b = x.up;
        }
        if kind == self.base_kind {
            Some(self.base)
        } else if kind == self.other_kind {
            self.other
        } else {
            None
        }
    }

    pub fn eval(&self, e: &Expr) -> Val {
        self.eval_depth(e, 0)
    }

    fn eval_depth(&self, e: &Expr, depth: u8) -> Val {
        if depth > 16 {
            return Val::Null; // a derived value referring to itself: a model bug, not a crash
        }
        match e {
            Expr::Num(n) => Val::Num(*n),
            Expr::Ref(r) => self.resolve(r, depth),
            Expr::Op(op) => self.op(op, depth),
        }
    }

    fn resolve(&self, r: &str, depth: u8) -> Val {
        if let Some(p) = r.strip_prefix('$') {
            if p == "as_of" {
                return Val::Date(self.env.as_of);
            }
            return match self.env.params.get(p) {
                Some(Param::Num(n)) => Val::Num(*n),
                Some(Param::Text(t)) => Val::Text(t.as_str().into()),
                None => Val::Null,
            };
        }
        match r {
            "subject.name" => return text(self.subject_name),
            "subject.id" => return text(self.subject_id),
            _ => {}
        }
        let Some((kind, field)) = r.split_once('.') else {
            return match self.env.derived.get(r) {
                Some(e) => self.eval_depth(e, depth + 1),
                None => Val::Null,
            };
        };
        let Some(r) = self.row_of(kind) else {
            return Val::Null;
        };
        let row = r.row as usize;
        let Some(ds) = self.env.datasets.get(r.ds as usize) else {
            return Val::Null;
        };
        if ds.kind() == "cases" && field == "listed_zhongben" {
            return if super::cases::zhongben_list(ds) { Val::Text("是".into()) } else { Val::Null };
        }
        if let Some(v) = self.view(ds.kind(), field, r, depth) {
            return v;
        }
        match field.split_once('@') {
            Some((f, "birth")) => self.env.cols.birth(self.env.datasets, r.ds, f, row),
            _ => self.env.cols.value(self.env.datasets, r.ds, field, row),
        }
    }

    /// A prelude view of the row `r` (`cases.unpaid`, `later.close_kind`):
    /// evaluated with that row as the view's kind; views that do not depend
    /// on the subject are computed once per dataset and cached as a column.
    fn view(&self, kind: &str, name: &str, r: RowRef, depth: u8) -> Option<Val> {
        let p = crate::model::prelude::prelude();
        let expr = p.view(kind, name)?;
        let env = self.env.prelude.unwrap_or(self.env);
        let kind = p.views.get_key_value(kind).map_or("cases", |(k, _)| k.as_str());
        if p.per_subject.contains(name) {
            let c = Ctx::row(env, kind, r, self.subject);
            return Some(c.eval_depth(expr, depth + 1));
        }
        let rows = env.datasets.get(r.ds as usize).map_or(0, |d| d.len());
        let ty = crate::model::types::virtual_field(kind, name).unwrap_or(crate::model::types::Ty::Text);
        let col = env.cols.view(r.ds, name, || {
            Column::from_vals(
                (0..rows).map(|i| Ctx::row(env, kind, RowRef { ds: r.ds, row: i as u32 }, None).eval_depth(expr, depth + 1)),
                ty,
            )
        });
        Some(col.get(r.row as usize))
    }

    /// A context judging one row of `kind` alone (prelude views, scopes).
    pub fn row(env: &'a Env<'a>, kind: &'a str, row: RowRef, subject: Option<&'a PersonKey>) -> Ctx<'a> {
        Ctx {
            env,
            bind: None,
            base_kind: kind,
            base: row,
            other_kind: "",
            other: None,
            group: &[],
            subject,
            subject_name: "",
            subject_id: "",
        }
    }

    fn op(&self, op: &ExprOp, depth: u8) -> Val {
        let ev = |e: &Expr| self.eval_depth(e, depth + 1);
        match op {
            ExprOp::Sub(v) | ExprOp::Add(v) => {
                let neg = matches!(op, ExprOp::Sub(_));
                let mut acc: Option<Val> = None;
                for (i, e) in v.iter().enumerate() {
                    let x = ev(e);
                    let sign = if neg && i > 0 { -1.0 } else { 1.0 };
                    acc = match (acc, x) {
                        (None, x @ (Val::Fen(_) | Val::Num(_))) if sign > 0.0 => Some(x),
                        (Some(Val::Fen(a)), Val::Fen(b)) => Some(fen_sum(a, sign, b as f64, b)),
                        (Some(Val::Fen(a)), Val::Num(b)) => {
                            Some(fen_sum(a, sign, b, (sign * b).round() as i64))
                        }
                        (Some(Val::Num(a)), Val::Fen(b)) => match fen_of(a.round()) {
                            Some(a) => Some(fen_sum(a, sign, b as f64, b)),
                            None => return Val::Bad,
                        },
                        (Some(Val::Bad), _) => return Val::Bad,
                        (Some(Val::Num(a)), Val::Num(b)) => Some(Val::Num(a + sign * b)),
                        _ => return Val::Null,
                    };
                }
                acc.unwrap_or(Val::Null)
            }
            ExprOp::Mul(v) => {
                let mut fen: Option<i64> = None;
                let mut k = 1.0f64;
                for e in v {
                    match ev(e) {
                        Val::Fen(f) if fen.is_none() => fen = Some(f),
                        Val::Num(n) => k *= n,
                        _ => return Val::Null,
                    }
                }
                match fen {
                    Some(f) => fen_of((f as f64 * k).round()).map_or(Val::Bad, Val::Fen),
                    None => Val::Num(k),
                }
            }
            ExprOp::Min(v) | ExprOp::Max(v) => {
                let want = if matches!(op, ExprOp::Min(_)) {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                let mut best: Option<Val> = None;
                for e in v {
                    let x = ev(e);
                    if matches!(x, Val::Null | Val::Bad) {
                        continue;
                    }
                    best = match best {
                        None => Some(x),
                        Some(b) => match compare(&x, &b) {
                            Some(o) if o == want => Some(x),
                            Some(_) => Some(b),
                            None => return Val::Null,
                        },
                    };
                }
                best.unwrap_or(Val::Null)
            }
            ExprOp::Yuan(n) => fen_of((n * 100.0).round()).map_or(Val::Bad, Val::Fen),
            ExprOp::Text(t) => Val::Text(t.as_str().into()),
            ExprOp::When(branches) => {
                for b in branches {
                    match b {
                        Branch::If { cond, then } if self.cond(cond) => return ev(then),
                        Branch::If { .. } => {}
                        Branch::Else { value } => return ev(value),
                    }
                }
                Val::Null
            }
            ExprOp::Coalesce(v) => v
                .iter()
                .map(ev)
                .find(|x| *x != Val::Null)
                .unwrap_or(Val::Null),
            ExprOp::AddMonths(d, n) => match (ev(d), ev(n)) {
                (Val::Date(d), Val::Num(n)) => {
                    add_months(d, n.round() as i64).map_or(Val::Null, Val::Date)
                }
                _ => Val::Null,
            },
            ExprOp::AddDays(d, n) => match (ev(d), ev(n)) {
                (Val::Date(d), Val::Num(n)) => {
                    let n = n.round() as i64;
                    let r = if n >= 0 {
                        d.checked_add_days(Days::new(n as u64))
                    } else {
                        d.checked_sub_days(Days::new(n.unsigned_abs()))
                    };
                    r.map_or(Val::Null, Val::Date)
                }
                _ => Val::Null,
            },
            ExprOp::DaysBetween(a, b) => match (ev(a), ev(b)) {
                (Val::Date(a), Val::Date(b)) => Val::Num((b - a).num_days() as f64),
                _ => Val::Null,
            },
            ExprOp::Sum { of, filter } => {
                // Widened: a sum of many large 分 values must not wrap.
                let mut total = 0i128;
                for &r in self.group {
                    let c = self.with_other(r);
                    if filter.iter().all(|f| c.cond(f)) {
                        if let Val::Fen(f) = c.eval_depth(of, depth + 1) {
                            total += i128::from(f);
                        }
                    }
                }
                i64::try_from(total).map_or(Val::Bad, Val::Fen)
            }
            ExprOp::CasePart(e, part) => match ev(e) {
                // Parsed once per distinct 案号 text (`Columns::case_parts`).
                Val::Text(t) => match &*self.env.cols.case_parts(&t) {
                    Some(c) => match part.as_str() {
                        "court" => c.court.clone().map_or(Val::Null, Val::Text),
                        "type" => c.kind.clone().map_or(Val::Null, Val::Text),
                        "year" if c.year > 0 => Val::Num(f64::from(c.year)),
                        _ => Val::Null,
                    },
                    None => Val::Null,
                },
                _ => Val::Null,
            },
            ExprOp::TextKey(e) => match ev(e) {
                Val::Text(t) => Val::Text(text_key(&t).into()),
                other => other,
            },
            ExprOp::Classify(c) => {
                let mut texts = c.of.iter().map(|e| match ev(e) {
                    Val::Text(t) => t.to_string(),
                    _ => String::new(),
                });
                let first = texts.next().unwrap_or_default();
                let second = texts.next().unwrap_or_default();
                classify(&c.norm, &first, &second)
            }
            ExprOp::Prefix(e, n) => match (ev(e), ev(n)) {
                (Val::Text(t), Val::Num(n)) if n >= 1.0 => {
                    Val::Text(t.chars().take(n as usize).collect::<String>().into())
                }
                (Val::Bad, _) => Val::Bad,
                _ => Val::Null,
            },
            ExprOp::Aggregate(a) => {
                let mut n = 0usize;
                let mut total = 0i128;
                let mut any_num = false;
                let mut best: Option<Val> = None;
                self.sub_rows(&a.sub, depth, &mut |c| {
                    n += 1;
                    if let Some(b) = c.bind {
                        self.env.trail.borrow_mut().push(b.row);
                    }
                    let Some(of) = &a.of else { return true };
                    let v = c.eval_depth(of, depth + 1);
                    match (a.func, &v) {
                        (AggFn::Sum, Val::Fen(f)) => total += i128::from(*f),
                        (AggFn::Sum, Val::Num(x)) => {
                            any_num = true;
                            total += *x as i128;
                        }
                        (AggFn::Min | AggFn::Max, Val::Null | Val::Bad) => {}
                        (AggFn::Min | AggFn::Max, _) => {
                            let want = if a.func == AggFn::Min { Ordering::Less } else { Ordering::Greater };
                            let better = best.as_ref().is_none_or(|b| compare(&v, b) == Some(want));
                            if better {
                                best = Some(v);
                            }
                        }
                        _ => {}
                    }
                    true
                });
                match a.func {
                    AggFn::Count => Val::Num(n as f64),
                    AggFn::Sum if any_num => Val::Num(total as f64),
                    AggFn::Sum => i64::try_from(total).map_or(Val::Bad, Val::Fen),
                    AggFn::Min | AggFn::Max => best.unwrap_or(Val::Null),
                }
            }
            ExprOp::Count { filter } => {
                let n = self.group.iter().filter(|&&r| {
                    let c = self.with_other(r);
                    filter.iter().all(|f| c.cond(f))
                });
                Val::Num(n.count() as f64)
            }
        }
    }

    /// Call `f` with a context binding each row of `s` that meets this one,
    /// until `f` returns false. Candidates come from a run-wide hash index on
    /// the first key (or the person lookup), never from a scan per row.
    fn sub_rows(&self, s: &Sub, depth: u8, f: &mut dyn FnMut(&Ctx) -> bool) {
        if depth > 16 {
            return;
        }
        let env = self.env;
        let name = s.name();
        fn inner_field(r: &str) -> &str {
            r.split_once('.').map_or(r, |(_, f)| f)
        }
        // The index's rows are read in place (no copy per evaluation).
        let mut indexed: Option<(Rc<super::columns::KeyIndex>, Rc<str>)> = None;
        let candidates: Vec<RowRef> = match s.on.first() {
            Some(OnKey::Eq(outer, inner)) => {
                let Some(k) = env.cols.join_key(&self.eval_depth(outer, depth + 1)) else {
                    return;
                };
                indexed = Some((env.cols.key_index(env.datasets, &s.from, inner_field(inner)), k));
                Vec::new()
            }
            Some(OnKey::Person { same_person: (n, i) }) => {
                let Some(who) = self.subject else { return };
                env.cols
                    .person_lookup(env.datasets, &s.from, inner_field(n), inner_field(i))
                    .rows_of(who)
            }
            None => env
                .datasets
                .iter()
                .enumerate()
                .filter(|(_, d)| d.kind() == s.from)
                .flat_map(|(d, ds)| (0..ds.len()).map(move |r| RowRef { ds: d as u32, row: r as u32 }))
                .collect(),
        };
        let rows: &[RowRef] = match &indexed {
            Some((ix, k)) => ix.get(&**k).map_or(&[], Vec::as_slice),
            None => &candidates,
        };
        for &row in rows {
            let b = Bind { name, row, up: self.bind };
            let c = Ctx { bind: Some(&b), ..*self };
            let keys_hold = s.on.iter().skip(1).all(|k| match k {
                OnKey::Eq(outer, inner) => {
                    let a = env.cols.join_key(&self.eval_depth(outer, depth + 1));
                    // `inner` is a field reference: resolved as `eval_depth` of it would be, without building the Expr.
                    let x = if depth + 1 > 16 { None } else { env.cols.join_key(&c.resolve(inner, depth + 1)) };
                    a.is_some() && a == x
                }
                OnKey::Person { same_person: (n, i) } => {
                    let (Some(who), Some(ds)) = (self.subject, env.datasets.get(row.ds as usize)) else {
                        return false;
                    };
                    let other = PersonKey::new(ds.get(row.row as usize, inner_field(n)), ds.get(row.row as usize, inner_field(i)));
                    match_person(who, &other).is_some()
                }
            });
            if keys_hold && s.filter.iter().all(|w| c.cond(w)) && !f(&c) {
                return;
            }
        }
    }

    fn with_other(&self, r: RowRef) -> Ctx<'a> {
        Ctx {
            other: Some(r),
            group: &[],
            ..*self
        }
    }

    pub fn cond(&self, c: &Cond) -> bool {
        let c_op = c;
        let ord = |a: &Expr, b: &Expr| compare(&self.eval(a), &self.eval(b));
        match c {
            Cond::All(v) => v.iter().all(|c| self.cond(c)),
            Cond::Any(v) => v.iter().any(|c| self.cond(c)),
            Cond::Not(c) => !self.cond(c),
            Cond::Lt(a, b) => ord(a, b) == Some(Ordering::Less),
            Cond::Le(a, b) => matches!(ord(a, b), Some(Ordering::Less | Ordering::Equal)),
            Cond::Gt(a, b) => ord(a, b) == Some(Ordering::Greater),
            Cond::Ge(a, b) => matches!(ord(a, b), Some(Ordering::Greater | Ordering::Equal)),
            Cond::Eq(a, b) => ord(a, b) == Some(Ordering::Equal),
            Cond::Ne(a, b) => matches!(ord(a, b), Some(Ordering::Less | Ordering::Greater)),
            Cond::Missing(e) => self.eval(e) == Val::Null,
            Cond::Present(e) => self.eval(e) != Val::Null,
            Cond::Valid(e) => !matches!(self.eval(e), Val::Null | Val::Bad),
            Cond::Mapped(r) => match r.split_once('.') {
                Some((src, field)) => self
                    .row_of(src)
                    .and_then(|r| self.env.datasets.get(r.ds as usize))
                    .is_some_and(|d| d.has(field)),
                None => false,
            },
            Cond::LettersNone(e, l) | Cond::LettersAny(e, l) | Cond::LettersAll(e, l) => {
                let (Val::Status(s), Val::Text(letters)) = (self.eval(e), self.eval(l)) else {
                    return false;
                };
                match c {
                    Cond::LettersNone(..) => !s.any_of(&letters),
                    Cond::LettersAny(..) => s.any_of(&letters),
                    _ => letters.chars().all(|ch| s.has(ch)),
                }
            }
            Cond::ContainsAny(e, words) => match self.eval(e) {
                Val::Text(t) => words_in(&self.env.cols.text_key(&t), words),
                _ => false,
            },
            Cond::ContainsNone(e, words) => match self.eval(e) {
                Val::Text(t) => !words_in(&self.env.cols.text_key(&t), words),
                Val::Null => true,
                _ => false,
            },
            Cond::In(e, vals) => match self.eval(e) {
                Val::Text(t) => vals.iter().any(|v| v.as_str() == &*t),
                _ => false,
            },
            Cond::Yes(e) => matches!(self.eval(e), Val::Text(t) if !negative(&t)),
            Cond::No(e) => matches!(self.eval(e), Val::Text(t) if negative(&t)),
            Cond::Exists(s) | Cond::NotExists(s) => {
                let mut found = false;
                self.sub_rows(s, 0, &mut |c| {
                    found = true;
                    if let (Some(b), Cond::Exists(_)) = (c.bind, c_op) {
                        self.env.trail.borrow_mut().push(b.row);
                    }
                    false
                });
                found == matches!(c, Cond::Exists(_))
            }
            Cond::OtherPerson(n, i) => {
                let name = match self.eval(n) {
                    Val::Text(t) => t,
                    _ => return false,
                };
                let id = match self.eval(i) {
                    Val::Text(t) => t,
                    _ => Rc::from(""),
                };
                let other = PersonKey::new(&name, &id);
                match self.subject {
                    Some(s) => match_person(s, &other).is_none(),
                    None => true,
                }
            }
        }
    }
}

/// `a ± b` in 分, checked: an overflow is a value we cannot state (`Bad`,
/// which fires nothing), never a wrapped number or an abort. `bf` is `b` as
/// a float for the range check of a number operand.
fn fen_sum(a: i64, sign: f64, bf: f64, b: i64) -> Val {
    if bf.abs() >= 9.2e18 {
        return Val::Bad;
    }
    let r = if sign < 0.0 { a.checked_sub(b) } else { a.checked_add(b) };
    r.map_or(Val::Bad, Val::Fen)
}

/// A rounded float as 分 when it fits in i64.
fn fen_of(x: f64) -> Option<i64> {
    (x.is_finite() && x.abs() < 9.2e18).then_some(x as i64)
}

fn text(s: &str) -> Val {
    if nulls::is_null(s) {
        Val::Null
    } else {
        Val::Text(s.trim().into())
    }
}


pub fn compare(a: &Val, b: &Val) -> Option<Ordering> {
    match (a, b) {
        (Val::Fen(x), Val::Fen(y)) => Some(x.cmp(y)),
        (Val::Fen(x), Val::Num(y)) => (*x as f64).partial_cmp(y),
        (Val::Num(x), Val::Fen(y)) => x.partial_cmp(&(*y as f64)),
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
        (Val::Date(x), Val::Date(y)) => Some(x.cmp(y)),
        (Val::Text(x), Val::Text(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Calendar months, clamped to the month's end (chrono's month arithmetic
/// clamps: 31 Jan + 3 months = 30 Apr).
pub fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let m = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 {
        d.checked_add_months(m)
    } else {
        d.checked_sub_months(m)
    }
}

/// Whether the matching key of a text (`Columns::text_key`) holds any word.
fn words_in(key: &str, words: &[String]) -> bool {
    words.iter().any(|w| key.contains(w.as_str()))
}

/// A cell through a domain normaliser (`model::types::CLASSIFIERS`).
pub fn classify(norm: &str, raw: &str, more: &str) -> Val {
    use crate::normalize::{auction_round, auction_status, claim_rank, measure, petition_class, property_class, Parsed};
    fn val<T>(p: Parsed<T>, f: impl FnOnce(T) -> Val) -> Val {
        match p {
            Parsed::Value(v) => f(v),
            Parsed::Empty => Val::Null,
            _ => Val::Bad,
        }
    }
    if raw.trim().is_empty() && more.trim().is_empty() {
        return Val::Null;
    }
    match norm {
        "auction_round" => val(auction_round::parse(raw), |r| match r {
            auction_round::Round::Auction(n) => Val::Num(f64::from(n)),
            auction_round::Round::Sale => Val::Num(99.0),
        }),
        "auction_status" => val(auction_status::parse(raw), |s| Val::Text(s.label().into())),
        "claim_rank" => val(claim_rank::parse(raw), |r| Val::Num(f64::from(r as u8))),
        "measure" => val(measure::parse(raw), |m| Val::Text(m.label().into())),
        "property_class" => property_class::classify(raw, more).map_or(Val::Bad, |c| Val::Text(c.label().into())),
        "petition_class" => {
            let c: Vec<&str> = petition_class::classify(&format!("{raw} {more}")).iter().map(|c| c.label()).collect();
            if c.is_empty() { Val::Null } else { Val::Text(c.join("、").into()) }
        }
        _ => Val::Null,
    }
}

/// Text as compared by `text_key` and join keys: width-folded, without
/// spaces, upper-case.
pub fn text_key(t: &str) -> String {
    crate::normalize::name::key(t).to_uppercase()
}


/// 否 / 无 / 未… / N / 0 / 解除…: a "no" in a yes/no column.
/// A 是/否 cell that says no (`yes`/`no` conditions; also written by `xiansuo normalize`).
pub fn negative(t: &str) -> bool {
    let t = crate::normalize::name::key(t).to_uppercase();
    t.starts_with(['否', '无', '未', '没', '不', '非'])
        || t.contains("解除")
        || t.contains("解封")
        || matches!(t.as_str(), "N" | "NO" | "0" | "FALSE" | "F")
}

/// A value as a lead figure.
pub fn figure(v: &Val) -> (FigureValue, String) {
    match v {
        Val::Fen(f) => (FigureValue::Fen(*f), format!("{}元", yuan(*f))),
        Val::Num(n) => (
            FigureValue::Number(*n),
            if n.fract() == 0.0 {
                format!("{n:.0}")
            } else {
                format!("{n}")
            },
        ),
        Val::Date(d) => {
            let s = d.format("%Y-%m-%d").to_string();
            (FigureValue::Date(s.clone()), s)
        }
        Val::Text(t) => (FigureValue::Text(t.to_string()), t.to_string()),
        Val::Status(s) => (FigureValue::Text(s.letters()), s.letters()),
        Val::Null | Val::Bad => (FigureValue::None, "--".to_string()),
    }
}

/// 分 → "1,234,567.50" (the one formatter: `money::yuan`).
pub fn yuan(fen: i64) -> String {
    crate::money::yuan(fen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_end_clamping() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(add_months(d(2021, 1, 31), 3), Some(d(2021, 4, 30)));
        assert_eq!(add_months(d(2020, 11, 30), 3), Some(d(2021, 2, 28)));
        assert_eq!(add_months(d(2019, 8, 31), 6), Some(d(2020, 2, 29)));
        assert_eq!(add_months(d(2019, 8, 31), -6), Some(d(2019, 2, 28)));
    }

    #[test]
    fn yuan_with_separators() {
        assert_eq!(yuan(200_000), "2,000.00");
        assert_eq!(yuan(123_456_789), "1,234,567.89");
        assert_eq!(yuan(-5), "-0.05");
    }

    #[test]
    fn classify_reads_cells_through_the_domain_normalisers() {
        let t = |s: &str| Val::Text(s.into());
        assert_eq!(classify("auction_round", "第二次拍卖", ""), Val::Num(2.0));
        assert_eq!(classify("auction_round", "变卖", ""), Val::Num(99.0));
        assert_eq!(classify("auction_status", "未成交", ""), t("流拍"));
        assert_eq!(classify("claim_rank", "建设工程价款优先受偿", ""), Val::Num(1.0));
        assert_eq!(classify("claim_rank", "一般债权", ""), Val::Num(4.0));
        assert_eq!(classify("property_class", "", "鄞州区某小区1幢101室"), t("不动产"));
        assert_eq!(classify("property_class", "住宅用房", "x"), t("不动产"));
        assert_eq!(classify("measure", "轮候查封", ""), t("轮候查封"));
        assert_eq!(classify("petition_class", "案款未到账，法院拖延执行", ""), t("消极执行、执行款"));
        assert_eq!(classify("petition_class", "咨询退费", ""), Val::Null);
        assert_eq!(classify("auction_round", "", ""), Val::Null);
    }

    #[test]
    fn text_keys_fold_width_and_spaces_and_join_keys_use_them() {
        assert_eq!(text_key("慈城镇某小区５幢３０１室"), text_key("慈城镇某小区5幢301室"));
        assert_eq!(text_key("马 俊"), "马俊");
        let k = |s: &str| super::super::columns::val_key(&Val::Text(s.into()));
        assert_eq!(k("马 俊"), k("马俊"));
        assert_eq!(k("（2021）浙0203执字第3302号"), k("（2021）浙0203执3302号"));
        assert_ne!(k("（2021）浙0203执3302号"), k("（2021）浙0203执3303号"));
    }

    #[test]
    fn yes_no() {
        for t in ["否", "未查封", "无", "N", "已解除查封"] {
            assert!(negative(t), "{t}");
        }
        for t in ["是", "查封", "轮候查封", "Y"] {
            assert!(!negative(t), "{t}");
        }
    }
}
