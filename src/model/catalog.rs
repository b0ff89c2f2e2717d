//! The built-in models: `src/models/*.json`, one file per model, compiled in.
//! Adding a rule means editing JSON (plus, at most, a new operator in
//! `model::expr` and `engine::eval`).

use super::{ModelSpec, RuleSpec};
use std::sync::OnceLock;

const SOURCES: &[(&str, &str)] = &[
    ("deposit", include_str!("../models/deposit.json")),
    ("vehicle", include_str!("../models/vehicle.json")),
    ("realestate", include_str!("../models/realestate.json")),
    ("procedure", include_str!("../models/procedure.json")),
    ("credit", include_str!("../models/credit.json")),
    ("death", include_str!("../models/death.json")),
    ("payout", include_str!("../models/payout.json")),
    ("release", include_str!("../models/release.json")),
    ("overseizure", include_str!("../models/overseizure.json")),
    ("auction", include_str!("../models/auction.json")),
    ("disposal", include_str!("../models/disposal.json")),
    ("preservation", include_str!("../models/preservation.json")),
    ("distribution", include_str!("../models/distribution.json")),
    ("petition", include_str!("../models/petition.json")),
    ("refusal", include_str!("../models/refusal.json")),
];

/// The rule ids of domain.md's "Second wave" table, copied here (the document
/// lives outside the repository); the catalog test and the fixture tests check
/// against it.
pub const WAVE2_RULES: &[&str] = &[
    "auction.start_price_low",
    "auction.second_cut_excess",
    "auction.notice_short",
    "auction.relist_late",
    "auction.debtor_buyer",
    "auction.proceeds_unpaid",
    "auction.appraisal_stale",
    "disposal.seized_not_disposed",
    "preservation.expiring",
    "preservation.not_lifted",
    "distribution.order_violation",
    "distribution.payout_overdue",
    "petition.on_zhongben",
    "refusal.transfer_after_suit",
    "refusal.collusive_case",
];

/// All built-in models in display order. The JSON is compiled in and checked
/// by a test, so a parse failure is our bug; it drops that model rather than
/// panicking in the page.
pub fn catalog() -> &'static [ModelSpec] {
    static MODELS: OnceLock<Vec<ModelSpec>> = OnceLock::new();
    MODELS.get_or_init(|| {
        SOURCES
            .iter()
            .filter_map(|(n, s)| super::compile(&format!("{n}.json"), s).ok().map(|c| c.spec))
            .collect()
    })
}

/// A built-in model's JSON text as shipped (for `model export` and the page's
/// 复制为自定义).
pub fn source(id: &str) -> Option<&'static str> {
    SOURCES.iter().find(|(n, _)| *n == id).map(|(_, s)| *s)
}

/// A rule by id, with its model.
pub fn find_rule(rule: &str) -> Option<(&'static ModelSpec, &'static RuleSpec)> {
    catalog()
        .iter()
        .find_map(|m| m.rules.iter().find(|r| r.id == rule).map(|r| (m, r)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_file_compiles() {
        for (name, src) in SOURCES {
            if let Err(errors) = super::super::compile(&format!("{name}.json"), src) {
                let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                panic!("{}", text.join("\n"));
            }
        }
    }

    #[test]
    fn every_model_file_parses_and_rule_ids_are_prefixed() {
        for (name, src) in SOURCES {
            let m: ModelSpec =
                serde_json::from_str(src).unwrap_or_else(|e| panic!("{name}.json: {e}"));
            assert_eq!(&m.id, name);
            for r in &m.rules {
                assert!(r.id.starts_with(&format!("{name}.")), "{}", r.id);
                assert!(!r.plans.is_empty(), "{}", r.id);
                assert!(
                    !r.basis.is_empty()
                        && !r.explain.is_empty()
                        && !r.why.is_empty()
                        && !r.data.is_empty(),
                    "{}",
                    r.id
                );
            }
        }
        assert_eq!(catalog().len(), SOURCES.len());
    }

    /// The rule ids of the table in domain.md ("Screening models"), copied
    /// here: the document lives outside the repository.
    const DOMAIN_IDS: &[&str] = &[
        "deposit.unreturned",
        "vehicle.unseized",
        "vehicle.seized_in_use",
        "realestate.unseized",
        "procedure.under_3_months",
        "procedure.no_report_order",
        "procedure.no_consumption_ban",
        "procedure.search_overdue",
        "credit.not_removed",
        "credit.minor_listed",
        "death.measure_after_death",
        "payout.overdue",
        "release.not_released",
        "overseizure.excess",
    ];


    #[test]
    fn every_rule_of_the_domain_table_is_present() {
        // Only the copy above: a test must not read files outside the repository.
        let ids: Vec<String> = DOMAIN_IDS.iter().chain(WAVE2_RULES).map(|s| s.to_string()).collect();
        for id in &ids {
            assert!(find_rule(id).is_some(), "rule {id} of domain.md is missing");
        }
        let total: usize = catalog().iter().map(|m| m.rules.len()).sum();
        assert_eq!(total, DOMAIN_IDS.len() + WAVE2_RULES.len(), "no rule outside the two tables");
    }
}
