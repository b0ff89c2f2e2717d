//! Runs a model's declared candidate step (`model::candidates`). The one
//! built in is `realestate.contract_address` (the Yuexiu story): when a
//! 终本-open case carries only an address for a property lead (合同地址 /
//! 财产线索地址), rank the real-estate register's rows by how likely they are
//! that property (`similar_address`), through the user's editable alias
//! table (estate names, renamed districts: `normalize::address::AliasTable`).
//!
//! Kept as a separate `candidates` section, not as leads: a candidate is a
//! ranked address similarity for a person to verify, not a rule that fired,
//! so it must not count as a lead. Each group names the case and debtors,
//! and each candidate its score, the reasons, the owner, whether the owner is
//! the debtor, the 查封 mark and the register row as evidence.

use super::cases::CaseIndex;
use super::eval::RowRef;
use super::evidence;
use super::person::{match_person, PersonKey};
use crate::ingest::Dataset;
use crate::lead::{Evidence, Match};
use crate::model::{CandidateSpec, Scope};
use crate::normalize::address::AliasTable;
use crate::normalize::nulls;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateGroup {
    pub case_no: String,
    pub subject_name: String,
    pub subject_id: String,
    /// The address as written in the case file.
    pub address: String,
    pub evidence: Evidence,
    pub properties: Vec<PropertyCandidate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyCandidate {
    /// 0..1, higher is more likely.
    pub score: f64,
    pub reasons: Vec<String>,
    pub location: String,
    pub owner: String,
    pub owner_id: String,
    /// How the registered owner matches one of the case's debtors, if at all
    /// (an unregistered transfer leaves the seller or developer as owner).
    #[serde(rename = "owner_match")]
    pub owner_match: Option<Match>,
    /// 是否查封 as written ("" when the column is absent).
    pub seized: String,
    pub evidence: Evidence,
}

/// The groups of one candidate step: for each case row in the step's scope
/// whose `on[0]` field holds a value, the best `top` rows of the `from`
/// datasets (`from_ds`) by the step's matcher.
pub fn find(
    datasets: &[&Dataset],
    cases: &CaseIndex,
    from_ds: &[usize],
    spec: &CandidateSpec,
    aliases: &AliasTable,
) -> Vec<CandidateGroup> {
    let field = CandidateSpec::field;
    let (base_f, loc_f) = (field(&spec.on.0), field(&spec.on.1));
    let owner_f = field(&spec.owner.name);
    let owner_id_f = spec.owner.id.as_deref().map_or("", field);
    let seized_f = spec.seized.as_deref().map_or("", field);
    let top = usize::try_from(spec.top).unwrap_or(usize::MAX);
    let mut register: Vec<(usize, String)> = Vec::new();
    let mut refs: Vec<RowRef> = Vec::new();
    for &d in from_ds {
        let Some(ds) = datasets.get(d) else { continue };
        if !ds.has(loc_f) {
            continue;
        }
        for r in 0..ds.len() {
            let loc = ds.get(r, loc_f);
            if !nulls::is_null(loc) {
                register.push((refs.len(), loc.to_string()));
                refs.push(RowRef {
                    ds: d as u32,
                    row: r as u32,
                });
            }
        }
    }
    let mut out = Vec::new();
    if register.is_empty() {
        return out;
    }
    for (i, row) in cases.rows.iter().enumerate() {
        let in_scope = match spec.scope {
            Scope::Any => true,
            Scope::Zhongben => row.zhongben,
            Scope::ZhongbenOpen => row.open,
        };
        if !in_scope {
            continue;
        }
        let Some(ds) = datasets.get(row.ds as usize) else {
            continue;
        };
        let address = ds.get(row.row as usize, base_f).trim();
        if nulls::is_null(address) {
            continue;
        }
        let debtors = cases.debtors_of(i as u32);
        let mut props = Vec::new();
        // The one matcher today (`model::candidates::MATCHERS`); the compiler
        // refuses any other name.
        let ranked = match spec.matcher.as_str() {
            "similar_address" => aliases.candidates(address, &register),
            _ => Vec::new(),
        };
        for c in ranked.into_iter().take(top) {
            let Some(&rr) = refs.get(c.row) else { continue };
            let Some(rds) = datasets.get(rr.ds as usize) else {
                continue;
            };
            let r = rr.row as usize;
            let owner = rds.get(r, owner_f).trim().to_string();
            let owner_id = rds.get(r, owner_id_f).trim().to_string();
            let okey = PersonKey::new(&owner, &owner_id);
            let owner_match = debtors
                .iter()
                .filter_map(|d| match_person(&d.key, &okey))
                .min();
            let Some(ev) = evidence::row(datasets, rr) else {
                continue;
            };
            props.push(PropertyCandidate {
                score: c.score,
                reasons: c.reasons,
                location: rds.get(r, loc_f).trim().to_string(),
                owner,
                owner_id,
                owner_match,
                seized: rds.get(r, seized_f).trim().to_string(),
                evidence: ev,
            });
        }
        if props.is_empty() {
            continue;
        }
        let Some(ev) = evidence::row(
            datasets,
            RowRef {
                ds: row.ds,
                row: row.row,
            },
        ) else {
            continue;
        };
        out.push(CandidateGroup {
            case_no: row.case_key.clone(),
            subject_name: debtors
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            subject_id: debtors
                .iter()
                .map(|d| d.key.valid_id().unwrap_or(d.id_raw.as_str()))
                .collect::<Vec<_>>()
                .join("、"),
            address: address.to_string(),
            evidence: ev,
            properties: props,
        });
    }
    out
}
