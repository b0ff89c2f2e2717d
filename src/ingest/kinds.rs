//! Dataset kinds as data: `src/kinds/*.json`, one file per kind, each listing
//! canonical fields, their types and the header aliases seen in the field.
//! Adding an alias means editing JSON, not code.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

// The field type belongs to `normalize` (which must not depend on `ingest`).
pub use crate::normalize::FieldType;

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
    all().iter().chain(derived()).find(|k| k.kind == kind).or_else(|| custom::get(kind))
}

/// Built-in kinds followed by the user's own (`custom`): what kind detection
/// and the page's kind list offer.
pub fn every() -> Vec<&'static KindSpec> {
    all().iter().chain(custom::all()).collect()
}

/// Kinds a user defined (社保缴纳记录, 公积金, …), registered when a model file
/// that carries them is loaded; see `model::kinds` for their checks.
pub mod custom {
    use super::KindSpec;
    use std::sync::RwLock;

    // Leaked on registration so `get` can hand out `&'static` like the
    // built-ins; an identical spec is never registered twice, so memory grows
    // only when the user defines new kinds.
    static CUSTOM: RwLock<Vec<&'static KindSpec>> = RwLock::new(Vec::new());

    pub fn all() -> Vec<&'static KindSpec> {
        CUSTOM.read().map(|v| v.clone()).unwrap_or_default()
    }

    pub fn get(kind: &str) -> Option<&'static KindSpec> {
        CUSTOM.read().ok()?.iter().copied().find(|k| k.kind == kind)
    }

    /// Add or replace a custom kind (same `kind` id). A spec equal to the
    /// registered one changes nothing.
    pub fn register(spec: KindSpec) {
        let Ok(mut v) = CUSTOM.write() else { return };
        let same = |k: &KindSpec| serde_json::to_string(k).ok() == serde_json::to_string(&spec).ok();
        if let Some(i) = v.iter().position(|k| k.kind == spec.kind) {
            if !same(v[i]) {
                v[i] = Box::leak(Box::new(spec));
            }
        } else {
            v.push(Box::leak(Box::new(spec)));
        }
    }

    /// The registry as it is, to put back with `restore` when a load fails
    /// half-way (nothing changes on a bad file).
    pub fn snapshot() -> Vec<&'static KindSpec> {
        all()
    }

    pub fn restore(saved: Vec<&'static KindSpec>) {
        if let Ok(mut v) = CUSTOM.write() {
            *v = saved;
        }
    }
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
