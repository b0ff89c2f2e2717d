//! A model's candidate step, declared: rows of another kind ranked by a
//! named matcher against a value of the case, kept apart from leads (a
//! candidate is a likelihood for a person to verify, not a rule that fired).
//!
//! ```json
//! "candidates": [ { "id": "realestate.contract_address", "name": "合同地址的候选不动产",
//!   "base": "cases", "scope": "zhongben_open", "from": "realestate",
//!   "match": "similar_address", "on": ["cases.property_address", "realestate.location"],
//!   "top": 10, "owner": { "name": "realestate.owner", "id": "realestate.owner_id" },
//!   "seized": "realestate.seized" } ]
//! ```
//!
//! `match` names a Rust operator (`MATCHERS`): `similar_address` ranks the
//! register's addresses through the user's alias table
//! (`normalize::address::AliasTable::candidates`). `engine::candidates` runs
//! the declaration; `model::compile` checks it.

use super::Scope;
use serde::{Deserialize, Serialize};

/// The named matchers a candidate step may use, with the field type both
/// sides of `on` must have.
pub const MATCHERS: &[(&str, crate::ingest::kinds::FieldType)] =
    &[("similar_address", crate::ingest::kinds::FieldType::Address)];

/// Most candidates a step may ask for per base row (the matcher's own cap).
pub const MAX_TOP: u64 = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateSpec {
    /// `<model>.<step>`.
    pub id: String,
    pub name: String,
    /// Only `cases`: a group names the case and its debtors.
    pub base: String,
    #[serde(default)]
    pub scope: Scope,
    /// Kind whose rows are ranked.
    pub from: String,
    /// Matcher name (`MATCHERS`).
    #[serde(rename = "match")]
    pub matcher: String,
    /// `["base.field", "from.field"]`: what is compared.
    pub on: (String, String),
    /// Best candidates kept per base row.
    pub top: u64,
    /// The ranked row's owner, compared with the case's debtors.
    pub owner: CandidateOwner,
    /// A 是/否 field shown as written (`是否查封`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seized: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateOwner {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl CandidateSpec {
    /// The field part of `kind.field`.
    pub fn field(r: &str) -> &str {
        r.split_once('.').map_or(r, |(_, f)| f)
    }
}
