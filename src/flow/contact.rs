//! When each focus account first dealt with each of its counterparties
//! (scoring's "new counterparties"). One sorted `(counterparty, first time)`
//! list per focus account, built per account in parallel natively: a hash
//! map over every (account, counterparty) pair of the table was one thread
//! inserting millions of scattered entries.

use super::par;
use super::txn::{FlowData, NONE};

pub struct FirstContact {
    /// Focus accounts, ascending.
    focus: Vec<u32>,
    /// Per focus account (same order): (counterparty, first time), by counterparty.
    lists: Vec<Vec<(u32, i64)>>,
}

impl FirstContact {
    /// `focus` ascending and without repeats.
    pub fn new(d: &FlowData, focus: Vec<u32>) -> FirstContact {
        let lists = par::map_chunked(focus.clone(), |n| {
            let rows = d.by_node.get(n as usize).map(Vec::as_slice).unwrap_or(&[]);
            let mut v: Vec<(u32, i64)> = rows.iter().filter_map(|&i| d.txn(i)).filter(|t| t.cp != NONE).map(|t| (t.cp, t.ts)).collect();
            // Earliest time first within a counterparty, then keep that one.
            v.sort_unstable();
            v.dedup_by_key(|p| p.0);
            v.shrink_to_fit();
            v
        });
        FirstContact { focus, lists }
    }

    /// First time `focus` dealt with `cp`, if ever.
    pub fn get(&self, focus: u32, cp: u32) -> Option<i64> {
        let k = self.focus.binary_search(&focus).ok()?;
        let l = self.lists.get(k)?;
        l.binary_search_by_key(&cp, |p| p.0).ok().and_then(|j| l.get(j)).map(|p| p.1)
    }
}
