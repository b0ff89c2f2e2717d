//! The case view shared by every model (`src/models/prelude.json`): how a
//! case was closed (`cases.close_kind`), what is still owed (`cases.unpaid`),
//! the later 执恢 case that restored a 终本 case (`cases.restoring_case`),
//! and the scopes `zhongben` / `zhongben_open` — all written in the model
//! language, checked like a model, evaluated by the engine.

use super::compile;
use super::error::ModelError;
use super::expr::{Cond, Expr};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("../models/prelude.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Prelude {
    pub id: String,
    pub description: String,
    #[serde(default)]
    pub description_en: String,
    /// kind → view name → expression (evaluated with the kind's row as `kind`).
    pub views: BTreeMap<String, BTreeMap<String, Expr>>,
    /// `zhongben`, `zhongben_open`: conditions on a case row (and debtor).
    pub scopes: BTreeMap<String, Cond>,
    /// Views that depend on the lead's subject (`same_person` joins): not
    /// cached per row.
    #[serde(skip)]
    pub per_subject: std::collections::BTreeSet<String>,
}

impl Prelude {
    pub fn view(&self, kind: &str, name: &str) -> Option<&Expr> {
        self.views.get(kind)?.get(name)
    }
}

/// The built-in prelude. It is compiled in and checked by a test; should it
/// ever fail to parse, the views are empty (no lead fires) rather than a panic.
pub fn prelude() -> &'static Prelude {
    static P: OnceLock<Prelude> = OnceLock::new();
    P.get_or_init(|| {
        compile_prelude("prelude.json", SOURCE).unwrap_or_else(|_| Prelude {
            id: "prelude".into(),
            description: String::new(),
            description_en: String::new(),
            views: BTreeMap::new(),
            scopes: BTreeMap::new(),
            per_subject: Default::default(),
        })
    })
}

/// Check a prelude file like a model: names, types and operators.
pub fn compile_prelude(file: &str, text: &str) -> Result<Prelude, Vec<ModelError>> {
    compile::check_prelude(file, text)?;
    let mut p: Prelude = serde_json::from_str(text).map_err(|e| vec![ModelError::syntax(file, e.to_string())])?;
    for views in p.views.values() {
        for (name, e) in views {
            if serde_json::to_string(e).is_ok_and(|t| t.contains("same_person")) {
                p.per_subject.insert(name.clone());
            }
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prelude_compiles_and_defines_the_scopes() {
        if let Err(e) = compile_prelude("prelude.json", SOURCE) {
            panic!("{}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"));
        }
        let p = prelude();
        for v in ["close_kind", "unpaid", "restoring_case"] {
            assert!(p.view("cases", v).is_some(), "{v}");
        }
        for s in ["zhongben", "zhongben_open"] {
            assert!(p.scopes.contains_key(s), "{s}");
        }
    }

    #[test]
    fn a_broken_prelude_names_the_view() {
        let bad = SOURCE.replacen("\"cases.unpaid_amount\"", "\"cases.unpaid_amt\"", 1);
        let e = compile_prelude("prelude.json", &bad).err().unwrap_or_default();
        assert!(e.iter().any(|e| e.to_string().contains("views.cases.unpaid") && e.to_string().contains("unpaid_amt")), "{e:?}");
    }
}
