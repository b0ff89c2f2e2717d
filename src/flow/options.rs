//! Run options of the flow analysis (what the CLI flags and the page's form
//! fill in). Thresholds live in `params` as `rule.param` → number; each rule
//! declares its parameters with defaults (see `rules::RULES`), so a typo in
//! `--set` is an error that lists the valid names.

use super::timeline::Timeline;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A subject (debtor) named by the user: by ID and/or name, optionally with
/// typed-in case nodes (merged with those found in a cases file).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SubjectInput {
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub timeline: Timeline,
}

/// Who owns a statement that has no own-account column (personal exports):
/// the user types it, per file. Used before the file-name fallback.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OwnerHint {
    /// File name as loaded ("" = every file without an own-account column).
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_number: String,
}

/// Own accounts the page's account summary lists (`FlowOptions::max_accounts`):
/// the table and the account pickers show them; exports list every account.
pub const VIEW_ACCOUNTS: usize = 2_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FlowOptions {
    /// Subjects to focus on. Empty: every debtor of the cases datasets whose
    /// ID owns an account in the statements.
    #[serde(default)]
    pub subjects: Vec<SubjectInput>,
    /// "As of" date (today when absent); only used for display of elapsed time.
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
    /// `rule.param` → value, e.g. `flow.cash.min_day_fen` → 5000000.
    #[serde(default)]
    pub params: BTreeMap<String, f64>,
    #[serde(default)]
    pub owners: Vec<OwnerHint>,
    /// Names or account numbers of known relatives / related persons.
    #[serde(default)]
    pub relatives: Vec<String>,
    /// Rules to run (ids); empty = all.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Keep at most this many leads (0 = all), highest scores first.
    #[serde(default)]
    pub max_leads: usize,
    /// List at most this many own accounts in the report's account summary
    /// (0 = all), subjects first, then by volume; `stats.accounts` counts them
    /// all and exports list them all (`FlowReport::materialised`).
    #[serde(default)]
    pub max_accounts: usize,
    /// Language of reasons, labels and score parts: "zh" (default) or "en".
    #[serde(default)]
    pub lang: String,
}

impl FlowOptions {
    pub fn english(&self) -> bool {
        self.lang.eq_ignore_ascii_case("en")
    }
    /// Set `rule.param=value` from the command line or the page.
    pub fn set(&mut self, assignment: &str) -> crate::Result<()> {
        let (k, v) = assignment
            .split_once('=')
            .ok_or_else(|| crate::Error::plan(format!("参数“{assignment}”格式应为 规则.参数=数值")))?;
        let k = k.trim();
        let known = super::rules::param_names();
        if !known.iter().any(|n| n == k) {
            return Err(crate::Error::plan(format!("未知参数“{k}”。可用参数：{}", known.join("、"))));
        }
        let v: f64 = v.trim().parse().map_err(|_| crate::Error::plan(format!("参数“{k}”的值“{v}”不是数字")))?;
        self.params.insert(k.to_string(), v);
        Ok(())
    }
}
