//! The logical plan of one rule plan: what it reads and in which order it
//! filters, joins, aggregates and projects (DataFusion's `LogicalPlan`, kept
//! apart from how `engine` runs it). `xiansuo model check --plan` prints it.

use super::{JoinOn, Per, Plan, RuleSpec, Scope};
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Read a dataset kind; for `cases`, the case view (close kind, unpaid,
    /// 终本-open) restricted to `scope`.
    Scan { kind: String, scope: Scope },
    /// Equi-join with another kind on a normalised key.
    Join { kind: String, on: JoinOn, aggregate: bool },
    /// All conditions must hold.
    Filter { conditions: usize },
    /// Group the joined rows per base item (`sum`/`count`).
    Aggregate { kind: String },
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
        steps.push(Step::Join { kind: j.with.clone(), on: j.on, aggregate: j.aggregate });
        if j.aggregate {
            steps.push(Step::Aggregate { kind: j.with.clone() });
        }
    }
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

impl fmt::Display for LogicalPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.rule)?;
        for (i, s) in self.steps.iter().enumerate() {
            let pad = "  ".repeat(i + 1);
            match s {
                Step::Scan { kind, scope } => writeln!(f, "{pad}scan {kind} scope={scope:?}")?,
                Step::Join { kind, on, aggregate } => {
                    writeln!(f, "{pad}join {kind} on={on:?}{}", if *aggregate { " (grouped)" } else { "" })?
                }
                Step::Filter { conditions } => writeln!(f, "{pad}filter {conditions} condition(s)")?,
                Step::Aggregate { kind } => writeln!(f, "{pad}aggregate {kind} per base item")?,
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
