//! Dataset kinds as data: `src/kinds/*.json`, one file per kind, each listing
//! canonical fields, their types and the header aliases seen in the field.
//! Adding an alias means editing JSON, not code.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// How a field's text is normalised and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Name,
    IdNumber,
    CaseNo,
    Date,
    Datetime,
    Time,
    Amount,
    Plate,
    VehicleStatus,
    Direction,
    Address,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldSpec {
    /// Canonical name used by models and flow rules ("debtor_id").
    pub name: String,
    /// Chinese label shown in the page ("证件号码").
    pub label: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// Header texts that mean this field (compared after normalising width,
    /// case and spaces).
    pub aliases: Vec<String>,
    /// A cell may hold several values ("张三、李四").
    #[serde(default)]
    pub multi: bool,
    /// Counts extra when scoring which kind a sheet is.
    #[serde(default)]
    pub key: bool,
    /// `aliases` as header keys, computed once: every table's headers are
    /// compared with every alias of every kind.
    #[serde(skip)]
    keys: OnceLock<Vec<String>>,
}

impl FieldSpec {
    /// The aliases as `mapping::header_key` reduces them, in alias order.
    pub fn alias_keys(&self) -> &[String] {
        self.keys.get_or_init(|| self.aliases.iter().map(|a| super::mapping::header_key(a)).collect())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KindSpec {
    pub kind: String,
    pub label: String,
    pub label_en: String,
    pub fields: Vec<FieldSpec>,
}

impl KindSpec {
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const SOURCES: &[(&str, &str)] = &[
    ("cases", include_str!("../kinds/cases.json")),
    ("deposits", include_str!("../kinds/deposits.json")),
    ("vehicles", include_str!("../kinds/vehicles.json")),
    ("realestate", include_str!("../kinds/realestate.json")),
    ("seizures", include_str!("../kinds/seizures.json")),
    ("funds", include_str!("../kinds/funds.json")),
    ("credit", include_str!("../kinds/credit.json")),
    ("deaths", include_str!("../kinds/deaths.json")),
    ("transactions", include_str!("../kinds/transactions.json")),
    ("persons", include_str!("../kinds/persons.json")),
    ("accounts", include_str!("../kinds/accounts.json")),
    ("auctions", include_str!("../kinds/auctions.json")),
    ("distributions", include_str!("../kinds/distributions.json")),
    ("petitions", include_str!("../kinds/petitions.json")),
];

/// All built-in kinds. The JSON is compiled in and checked by a test, so a
/// parse failure here is our bug; it yields an empty list rather than a panic.
pub fn all() -> &'static [KindSpec] {
    static KINDS: OnceLock<Vec<KindSpec>> = OnceLock::new();
    KINDS.get_or_init(|| SOURCES.iter().filter_map(|(_, s)| serde_json::from_str(s).ok()).collect())
}

/// Kinds the program derives itself (never detected in a user's file):
/// `txn`, the flow analysis's normalised transactions (`flow::dataset`).
pub fn derived() -> &'static [KindSpec] {
    static KINDS: OnceLock<Vec<KindSpec>> = OnceLock::new();
    KINDS.get_or_init(|| DERIVED.iter().filter_map(|(_, s)| serde_json::from_str(s).ok()).collect())
}

const DERIVED: &[(&str, &str)] = &[("txn", include_str!("../kinds/txn.json"))];

pub fn get(kind: &str) -> Option<&'static KindSpec> {
    all().iter().chain(derived()).find(|k| k.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_file_parses() {
        for (name, src) in SOURCES {
            let k: KindSpec = serde_json::from_str(src).unwrap_or_else(|e| panic!("{name}.json: {e}"));
            assert_eq!(&k.kind, name);
            assert!(!k.fields.is_empty());
        }
        assert_eq!(all().len(), SOURCES.len());
        assert_eq!(derived().len(), DERIVED.len());
        assert!(get("txn").is_some() && !all().iter().any(|k| k.kind == "txn"), "txn is derived, never detected");
        assert_eq!(get("vehicles").and_then(|k| k.field("status")).map(|f| f.ty), Some(FieldType::VehicleStatus));
    }
}
