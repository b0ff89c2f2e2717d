//! What the plans of one run share: plans over the same base rows (same
//! kind, scope, grain and datasets) get the same base items, and person joins
//! of those items with the same other side get the same matches. Both vehicle
//! rules, for instance, scan the vehicle register once between them. The
//! cache holds only what does not depend on the rule (its conditions and
//! leads are judged per rule), so sharing cannot change an answer.

use super::eval::{Env, RowRef};
use super::person::{each_entry, id_state, IdState, PersonIndex, PersonKey};
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
/// with the rows of `other_ds` (their `name_f`/`id_f` person entries): every
/// ID, name+birth and name match, in scan order. `progress(done, total)` as
/// rows are scanned.
///
/// The other side is streamed: each row's cells are split and its IDs parsed
/// as it is read, and only the matches are kept. (It used to go through the
/// cached party table, which holds an entry per row of, say, a 5M-row vehicle
/// register for the whole run although the join is made once and shared.)
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
    let no_key = PersonKey { name: Default::default(), id: IdState::None };
    let mut done = 0u64;
    let mut found = Vec::new();
    for &d in other_ds {
        let Some(ds) = env.datasets.get(d) else {
            continue;
        };
        // Column positions once, not a field lookup per row.
        let (nc, ic) = (ds.mapping.columns.get(name_f).copied(), ds.mapping.columns.get(id_f).copied());
        let cell = |r: usize, c: Option<usize>| c.map_or("", |c| ds.table.cell(r, c));
        for r in 0..ds.len() {
            if done.is_multiple_of(65_536) {
                progress(done, total);
            }
            done += 1;
            let other = RowRef { ds: d as u32, row: r as u32 };
            each_entry(cell(r, nc), cell(r, ic), |name, id| {
                index.probe_parsed(name, &id_state(id), |x| key_of(x).unwrap_or(&no_key), &mut found);
                out.hits.extend(found.drain(..).map(|(item, m, key)| Hit { item, other, m, key }));
            });
        }
    }
    out
}
