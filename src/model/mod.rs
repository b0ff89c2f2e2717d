//! The declarative model format: what a screening rule *says* (datasets,
//! joins, conditions, derived values, the lead it emits, its basis and
//! thresholds). `engine` decides *how* to run it. The built-in models are JSON
//! files under `src/models/`, one per model, compiled in by `catalog`.
//!
//! A rule has one or more plans; it fires when any plan fires. A plan names a
//! base dataset kind, which of its rows are in scope, an optional join, the
//! conditions (all must hold) and the lead template.

pub mod candidates;
pub mod catalog;
pub mod compile;
pub mod custom_kind;
pub mod describe;
pub mod error;
pub mod expr;
pub mod file;
pub mod logical;
pub mod prelude;
pub mod types;

pub use candidates::CandidateSpec;
pub use catalog::{catalog, find_rule};
pub use compile::{compile, Compiled};
pub use error::{ModelError, ModelErrorKind};
pub use expr::{Cond, Expr};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One screening model (`deposit`, `vehicle`, …).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelSpec {
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub rules: Vec<RuleSpec>,
    /// Ranked candidates the model proposes beside its leads (`candidates`:
    /// the real-estate register rows that may be a contract address).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<CandidateSpec>,
}

/// One rule with its stable id (`deposit.unreturned`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleSpec {
    pub id: String,
    pub name: String,
    pub name_en: String,
    /// 说明: what the rule checks.
    #[serde(rename = "说明")]
    pub explain: String,
    /// 为什么可疑: why a hit deserves a look.
    #[serde(rename = "为什么可疑")]
    pub why: String,
    /// 所需数据: which files and columns it needs.
    #[serde(rename = "所需数据")]
    pub data: String,
    /// 依据: legal basis, shown as text the user can edit.
    #[serde(rename = "依据")]
    pub basis: String,
    /// Tunable parameters with defaults; overridden by `rule_id.param`.
    #[serde(default)]
    pub thresholds: BTreeMap<String, Threshold>,
    /// Named values the plans refer to by bare name (`available`).
    #[serde(default)]
    pub derived: BTreeMap<String, Expr>,
    pub plans: Vec<Plan>,
}

/// A threshold: its default and what it means.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Threshold {
    pub default: Param,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
}

/// A parameter value: a number (months, ratio) or text (status letters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Param {
    Num(f64),
    Text(String),
}

impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Param::Num(n) => write!(f, "{n}"),
            Param::Text(t) => f.write_str(t),
        }
    }
}

/// Which base rows a plan looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every row (the default; also for non-case bases).
    #[default]
    Any,
    /// Cases closed as 终本, restored or not.
    Zhongben,
    /// Cases closed as 终本 and not restored, with something unpaid.
    ZhongbenOpen,
}

/// What one lead is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// One lead per base row (or per joined row).
    #[default]
    Row,
    /// One lead per case (rows of the same 案号 merged), naming all debtors.
    Case,
    /// One lead per debtor of a case.
    Debtor,
}

/// How the base meets a second dataset.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "join_file::JoinFile", into = "join_file::JoinFile")]
pub struct Join {
    /// Kind of the other dataset.
    pub with: String,
    /// The name the plan uses for the joined rows (default: the kind), so
    /// a kind can meet itself (`vehicles` × `vehicles as twin`).
    pub alias: Option<String>,
    pub on: JoinOn,
    /// `on: [["base expr", "NAME.field"], …]`: equal normalised keys
    /// (`JoinOn::Keys`); empty for the named joins.
    pub keys: Vec<JoinKey>,
    /// Other side's name field (person joins).
    pub name: Option<String>,
    /// Other side's ID field (person joins).
    pub id: Option<String>,
    /// Other side's 案号 field (case joins); base side uses its own `case_no`.
    pub case_no: Option<String>,
    /// Keep the joined rows together for `sum`/`count` instead of one lead per row.
    pub aggregate: bool,
}

impl Join {
    /// How the plan's references name the joined rows (`as`, else the kind).
    pub fn name(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.with)
    }
}

/// One key of a key join: a value of the base row and a field of the
/// joined rows (`NAME.field`), compared after the field type's normaliser.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JoinKey(pub Expr, pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinOn {
    /// The base subject is the same person (ID, name+birth or name).
    Person,
    /// Same normalised 案号.
    CaseNo,
    /// Same 案号 and the same person.
    CaseNoPerson,
    /// Equal normalised values of the listed keys (`Join::keys`): plates,
    /// 案号, certificates, addresses through the alias table, any field.
    Keys,
}

/// The join as written in a model file: `on` is a name or a key list.
mod join_file {
    use super::{Join, JoinKey, JoinOn};
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    pub enum On {
        Named(JoinOn),
        Keys(Vec<JoinKey>),
    }

    #[derive(Serialize, Deserialize)]
    pub struct JoinFile {
        with: String,
        #[serde(default, rename = "as", skip_serializing_if = "Option::is_none")]
        alias: Option<String>,
        on: On,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        case_no: Option<String>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        aggregate: bool,
    }

    impl From<JoinFile> for Join {
        fn from(f: JoinFile) -> Join {
            let (on, keys) = match f.on {
                On::Named(n) => (n, Vec::new()),
                On::Keys(k) => (JoinOn::Keys, k),
            };
            Join { with: f.with, alias: f.alias, on, keys, name: f.name, id: f.id, case_no: f.case_no, aggregate: f.aggregate }
        }
    }

    impl From<Join> for JoinFile {
        fn from(j: Join) -> JoinFile {
            let on = if j.on == JoinOn::Keys { On::Keys(j.keys) } else { On::Named(j.on) };
            JoinFile { with: j.with, alias: j.alias, on, name: j.name, id: j.id, case_no: j.case_no, aggregate: j.aggregate }
        }
    }
}

/// Where the subject of a non-case base comes from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubjectSpec {
    pub name: String,
    #[serde(default)]
    pub id: Option<String>,
}

/// One way a rule can fire.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    /// Dataset kind iterated ("cases", "credit", "funds").
    pub base: String,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub per: Per,
    /// Subject fields when the base is not `cases`.
    #[serde(default)]
    pub subject: Option<SubjectSpec>,
    /// 案号 field when the base is not `cases`.
    #[serde(default)]
    pub case_no: Option<String>,
    #[serde(default)]
    pub join: Option<Join>,
    /// Columns without which the plan is not evaluated: kind → fields;
    /// `a|b` means either will do (`debtor|debtor_id`).
    #[serde(default)]
    pub requires: BTreeMap<String, Vec<String>>,
    /// All must hold.
    #[serde(default, rename = "where")]
    pub conditions: Vec<Cond>,
    pub lead: LeadSpec,
}

/// The lead a plan emits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LeadSpec {
    #[serde(default)]
    pub amount: Option<Expr>,
    #[serde(default)]
    pub figures: Vec<FigureSpec>,
    #[serde(default)]
    pub flags: Vec<FlagSpec>,
    /// One Chinese sentence; `{key}` is replaced by a figure's display,
    /// `{subject}` and `{case_no}` by the lead's.
    pub reason: String,
    /// The same sentence in English, same placeholders (the page's English switch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
    /// The 案号 the lead names when it is not the base row's (a petition
    /// row that reaches its case through the applicant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_no: Option<Expr>,
    /// Who the lead is about when it is not the base row's subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<LeadSubject>,
}

/// `lead.subject`: the person the lead names, as values of the joined rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LeadSubject {
    pub name: Expr,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Expr>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FigureSpec {
    pub key: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    pub value: Expr,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FlagSpec {
    pub flag: String,
    /// Chinese note added to the reason when the flag is set.
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_en: Option<String>,
    pub when: Cond,
}
