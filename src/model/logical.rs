//! The logical plan of one rule plan: what it reads and in which order it
//! filters, joins, aggregates and projects (DataFusion's `LogicalPlan`, kept
//! apart from how `engine` runs it). `xiansuo model check --plan` prints it.

use super::expr::{Cond, Expr, ExprOp, Sub};
use super::{JoinOn, Per, Plan, RuleSpec, Scope};
use std::collections::BTreeSet;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Read a dataset kind; for `cases`, the case view (close kind, unpaid,
    /// 终本-open) restricted to `scope`.
    Scan { kind: String, scope: Scope },
    /// Equi-join with another kind on a normalised key; for a key join,
    /// the joined rows' name and the keys as written (`base = NAME.field`).
    Join { kind: String, on: JoinOn, aggregate: bool, name: String, keys: Vec<String> },
    /// All conditions must hold.
    Filter { conditions: usize },
    /// Group the joined rows per base item (`sum`/`count`), or a grouped
    /// subquery (`aggregate`) over another source named `name`.
    Aggregate { kind: String },
    /// Semi-join (`exists`) or anti-join (`not_exists`) with a source.
    SemiJoin { kind: String, name: String, anti: bool },
    GroupBy { kind: String, name: String },
    /// Figures and flags computed for the lead.
    Project { figures: Vec<String>, flags: Vec<String> },
    /// One lead per row, case or debtor.
    Lead { per: Per, amount: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogicalPlan {
    pub rule: String,
    pub steps: Vec<Step>,
}

pub fn plan_of(rule: &RuleSpec, p: &Plan) -> LogicalPlan {
    let mut steps = vec![Step::Scan { kind: p.base.clone(), scope: p.scope }];
    if let Some(j) = &p.join {
        let keys = j
            .keys
            .iter()
            .map(|k| match &k.0 {
                super::Expr::Ref(r) => format!("{r} = {}", k.1),
                _ => format!("(expr) = {}", k.1),
            })
            .collect();
        steps.push(Step::Join { kind: j.with.clone(), on: j.on, aggregate: j.aggregate, name: j.name().to_string(), keys });
        if j.aggregate {
            steps.push(Step::Aggregate { kind: j.with.clone() });
        }
    }
    let mut subs = Vec::new();
    for c in &p.conditions {
        subs_of_cond(c, &mut subs);
    }
    for f in &p.lead.flags {
        subs_of_cond(&f.when, &mut subs);
    }
    let named = p.lead.subject.iter().flat_map(|s| std::iter::once(&s.name).chain(s.id.as_ref())).chain(p.lead.case_no.as_ref());
    for e in p.lead.figures.iter().map(|f| &f.value).chain(p.lead.amount.as_ref()).chain(named).chain(rule.derived.values()) {
        subs_of_expr(e, &mut subs);
    }
    steps.extend(subs);
    if !p.conditions.is_empty() {
        steps.push(Step::Filter { conditions: p.conditions.len() });
    }
    steps.push(Step::Project {
        figures: p.lead.figures.iter().map(|f| f.key.clone()).collect(),
        flags: p.lead.flags.iter().map(|f| f.flag.clone()).collect(),
    });
    steps.push(Step::Lead { per: p.per, amount: p.lead.amount.is_some() });
    LogicalPlan { rule: rule.id.clone(), steps }
}

/// Every dataset kind a plan reads: its base, joined and required kinds and
/// the `from` of every subquery in its conditions, flags, figures, amount
/// and the rule's derived values (a walk over the compiled plan).
pub fn kinds_read(rule: &RuleSpec, p: &Plan) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = p.requires.keys().cloned().collect();
    for s in plan_of(rule, p).steps {
        match s {
            Step::Scan { kind, .. }
            | Step::Join { kind, .. }
            | Step::Aggregate { kind }
            | Step::SemiJoin { kind, .. }
            | Step::GroupBy { kind, .. } => {
                out.insert(kind);
            }
            _ => {}
        }
    }
    out
}

fn sub_step(s: &Sub, anti: Option<bool>) -> Step {
    match anti {
        Some(anti) => Step::SemiJoin { kind: s.from.clone(), name: s.name().to_string(), anti },
        None => Step::GroupBy { kind: s.from.clone(), name: s.name().to_string() },
    }
}

fn subs_of_cond(c: &Cond, out: &mut Vec<Step>) {
    match c {
        Cond::All(v) | Cond::Any(v) => v.iter().for_each(|c| subs_of_cond(c, out)),
        Cond::Not(c) => subs_of_cond(c, out),
        Cond::Exists(s) | Cond::NotExists(s) => {
            out.push(sub_step(s, Some(matches!(c, Cond::NotExists(_)))));
            s.filter.iter().for_each(|c| subs_of_cond(c, out));
        }
        _ => {}
    }
}

fn subs_of_expr(e: &Expr, out: &mut Vec<Step>) {
    let Expr::Op(op) = e else { return };
    match &**op {
        ExprOp::Aggregate(a) => {
            out.push(sub_step(&a.sub, None));
            a.sub.filter.iter().for_each(|c| subs_of_cond(c, out));
        }
        ExprOp::Sub(v) | ExprOp::Add(v) | ExprOp::Mul(v) | ExprOp::Min(v) | ExprOp::Max(v) | ExprOp::Coalesce(v) => {
            v.iter().for_each(|e| subs_of_expr(e, out))
        }
        ExprOp::AddMonths(a, b) | ExprOp::AddDays(a, b) | ExprOp::DaysBetween(a, b) => {
            subs_of_expr(a, out);
            subs_of_expr(b, out);
        }
        ExprOp::CasePart(a, _) => subs_of_expr(a, out),
        _ => {}
    }
}

impl fmt::Display for LogicalPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.rule)?;
        for (i, s) in self.steps.iter().enumerate() {
            let pad = "  ".repeat(i + 1);
            match s {
                Step::Scan { kind, scope } => writeln!(f, "{pad}scan {kind} scope={scope:?}")?,
                Step::Join { kind, on, aggregate, name, keys } => {
                    let named = if name != kind { format!(" as {name}") } else { String::new() };
                    let keyed = if keys.is_empty() { String::new() } else { format!(" [{}] (hash index on the keys)", keys.join(", ")) };
                    writeln!(f, "{pad}join {kind}{named} on={on:?}{keyed}{}", if *aggregate { " (grouped)" } else { "" })?
                }
                Step::Filter { conditions } => writeln!(f, "{pad}filter {conditions} condition(s)")?,
                Step::Aggregate { kind } => writeln!(f, "{pad}aggregate {kind} per base item")?,
                Step::SemiJoin { kind, name, anti } => writeln!(
                    f,
                    "{pad}{} {kind} as {name} (hash index on the first key)",
                    if *anti { "anti-join (not exists)" } else { "semi-join (exists)" }
                )?,
                Step::GroupBy { kind, name } => writeln!(f, "{pad}grouped subquery over {kind} as {name}")?,
                Step::Project { figures, flags } => {
                    writeln!(f, "{pad}project [{}] flags [{}]", figures.join(", "), flags.join(", "))?
                }
                Step::Lead { per, amount } => {
                    writeln!(f, "{pad}lead per={per:?}{}", if *amount { " with amount" } else { "" })?
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_of(rule_id: &str) -> Vec<BTreeSet<String>> {
        let rule = crate::model::catalog().iter().flat_map(|m| m.rules.iter()).find(|r| r.id == rule_id);
        rule.map(|r| r.plans.iter().map(|p| kinds_read(r, p)).collect()).unwrap_or_default()
    }

    #[test]
    fn kinds_read_walks_subqueries_derived_values_and_the_lead() {
        // `txn` is read only inside the derived `moved` aggregate and a figure.
        let k = kinds_of("refusal.transfer_after_suit");
        assert!(k.first().is_some_and(|k| k.contains("txn") && k.contains("cases")), "{k:?}");
        // `distributions` only in an `exists` of the conditions.
        let k = kinds_of("refusal.collusive_case");
        assert!(k.first().is_some_and(|k| k.contains("distributions")), "{k:?}");
        // `cases` only in the lead's subject (aggregates over the seizure's case).
        let k = kinds_of("preservation.expiring");
        assert!(k.first().is_some_and(|k| k.contains("seizures") && k.contains("cases")), "{k:?}");
        assert!(kinds_of("vehicle.unseized").iter().all(|k| !k.contains("txn")));
    }
}
