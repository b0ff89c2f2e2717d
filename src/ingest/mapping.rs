//! Which kind a table is, and which column holds which canonical field.

use super::kinds::{self, KindSpec};
use super::table::Table;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Mapping {
    /// Kind id ("cases", …); "" when unknown.
    pub kind: String,
    /// Canonical field → column index in the table.
    pub columns: BTreeMap<String, usize>,
    /// How well the headers fit the kind (0..1).
    pub score: f32,
    /// Preset that matched (bank statement formats), if any.
    pub preset: Option<String>,
    /// Amounts in this table are in 分, not 元 (WeChat Pay exports).
    pub amounts_in_fen: bool,
}

/// Header text reduced for alias comparison: full width → half, no spaces or
/// brackets-width differences, upper-case ASCII.
pub fn header_key(h: &str) -> String {
    crate::normalize::name::key(h).to_uppercase()
}

/// Map the table's headers onto one kind's fields.
pub fn map_kind(table: &Table, spec: &KindSpec) -> Mapping {
    let keys: Vec<String> = table.headers.iter().map(|h| header_key(h)).collect();
    let mut columns = BTreeMap::new();
    let mut used = vec![false; keys.len()];
    let mut hit = 0.0f32;
    let mut weight = 0.0f32;
    for f in &spec.fields {
        let w = if f.key { 3.0 } else { 1.0 };
        weight += w;
        // Earlier aliases are preferred; each column serves one field.
        let found = f.aliases.iter().find_map(|a| {
            let ak = header_key(a);
            keys.iter().enumerate().position(|(i, k)| !used[i] && *k == ak)
        });
        if let Some(i) = found {
            used[i] = true;
            columns.insert(f.name.clone(), i);
            hit += w;
        }
    }
    let score = if weight > 0.0 { hit / weight } else { 0.0 };
    Mapping { kind: spec.kind.clone(), columns, score, preset: None, amounts_in_fen: false }
}

/// Best kind for a table, with the scores of all kinds (best first).
pub fn detect(table: &Table) -> (Mapping, Vec<(String, f32)>) {
    let mut all: Vec<Mapping> = kinds::all().iter().map(|k| map_kind(table, k)).collect();
    all.sort_by(|a, b| b.score.partial_cmp(&a.score).unwrap_or(std::cmp::Ordering::Equal));
    let scores = all.iter().map(|m| (m.kind.clone(), m.score)).collect();
    let best = all.into_iter().next().filter(|m| m.score > 0.0).unwrap_or_default();
    (best, scores)
}

/// A table with its confirmed or guessed mapping: what models and flow rules read.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub table: Table,
    pub mapping: Mapping,
}

impl Dataset {
    pub fn new(table: Table) -> Dataset {
        let (mapping, _) = detect(&table);
        Dataset { table, mapping }
    }
    pub fn kind(&self) -> &str {
        &self.mapping.kind
    }
    pub fn has(&self, field: &str) -> bool {
        self.mapping.columns.contains_key(field)
    }
    /// Raw text of a field in data row `row`; "" when unmapped or missing.
    pub fn get(&self, row: usize, field: &str) -> &str {
        match self.mapping.columns.get(field) {
            Some(&c) => self.table.cell(row, c),
            None => "",
        }
    }
    /// Header the field is mapped to.
    pub fn header(&self, field: &str) -> Option<&str> {
        self.mapping.columns.get(field).and_then(|&c| self.table.headers.get(c)).map(String::as_str)
    }
    pub fn len(&self) -> usize {
        self.table.len()
    }
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}
