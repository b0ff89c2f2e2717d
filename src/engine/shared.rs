//! What the plans of one run share: plans over the same base rows (same
//! kind, scope, grain and datasets) get the same base items, and person joins
//! of those items with the same other side get the same matches. Both vehicle
//! rules, for instance, scan the vehicle register once between them. The
//! cache holds only what does not depend on the rule (its conditions and
//! leads are judged per rule), so sharing cannot change an answer.

use super::eval::{Env, RowRef};
use super::person::{PersonIndex, PersonKey};
use crate::lead::Match;
use foldhash::HashMap;
use std::rc::Rc;

/// One row of the other side that may be the same person as an item.
pub struct Hit {
    pub item: u32,
    pub other: RowRef,
    pub m: Match,
    /// The other row's person key (its ID may become the lead's).
    pub key: PersonKey,
}

/// A person join's matches in scan order (the order the leads were made in
/// before the cache, so the lead list is unchanged).
pub struct PersonHits {
    pub hits: Vec<Hit>,
    /// Rows of the other side scanned (the progress total).
    pub rows: u64,
}

/// The per-run cache. Keys are the plan parts that decide the value,
/// written out as text (built once per plan, not per row).
#[derive(Default)]
pub struct Shared<I> {
    items: HashMap<String, Rc<Vec<I>>>,
    joins: HashMap<String, Rc<PersonHits>>,
}

impl<I> Shared<I> {
    pub fn new() -> Self {
        Shared { items: HashMap::default(), joins: HashMap::default() }
    }

    /// The base items under `key`, made by `make` the first time.
    pub fn items(&mut self, key: &str, make: impl FnOnce() -> Vec<I>) -> Rc<Vec<I>> {
        if let Some(v) = self.items.get(key) {
            return v.clone();
        }
        let v = Rc::new(make());
        self.items.insert(key.to_string(), v.clone());
        v
    }

    /// The person join under `key`, made by `make` the first time.
    pub fn person_join(&mut self, key: &str, make: impl FnOnce() -> PersonHits) -> Rc<PersonHits> {
        if let Some(v) = self.joins.get(key) {
            return v.clone();
        }
        let v = Rc::new(make());
        self.joins.insert(key.to_string(), v.clone());
        v
    }
}

/// Hash join of items (by their person keys, `key_of(i)` for `i < n`)
/// with the rows of `other_ds` (their `name_f`/`id_f` person entries, parsed
/// once per run by the party table): every ID, name+birth and name match,
/// in scan order. `progress(done, total)` as rows are scanned.
pub fn person_join<'k>(
    env: &Env,
    n: usize,
    key_of: impl Fn(u32) -> Option<&'k PersonKey>,
    other_ds: &[usize],
    name_f: &str,
    id_f: &str,
    progress: &mut dyn FnMut(u64, u64),
) -> PersonHits {
    let mut index = PersonIndex::default();
    for i in 0..n as u32 {
        if let Some(k) = key_of(i) {
            index.insert(k, i);
        }
    }
    let mut out = PersonHits { hits: Vec::new(), rows: 0 };
    if index.is_empty() {
        return out;
    }
    let total: u64 = other_ds
        .iter()
        .filter_map(|&d| env.datasets.get(d))
        .map(|d| d.len() as u64)
        .sum();
    out.rows = total;
    let no_key = PersonKey { name: String::new(), id: super::person::IdState::None };
    let mut done = 0u64;
    let mut found = Vec::new();
    for &d in other_ds {
        let Some(ds) = env.datasets.get(d) else {
            continue;
        };
        let parties = env.cols.parties(env.datasets, d as u32, name_f, id_f);
        let name_col = ds.mapping.columns.get(name_f).copied();
        let mut last_row = u32::MAX;
        for p in parties.iter() {
            if p.row != last_row {
                if done.is_multiple_of(65_536) {
                    progress(done, total);
                }
                done += 1;
                last_row = p.row;
            }
            let other = RowRef { ds: d as u32, row: p.row };
            index.probe_parsed(|| p.name_key(ds, name_col), &p.id, |x| key_of(x).unwrap_or(&no_key), &mut found);
            out.hits.extend(found.drain(..).map(|(item, m, key)| Hit { item, other, m, key }));
        }
    }
    out
}
