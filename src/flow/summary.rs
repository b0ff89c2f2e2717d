//! Counterparty summary per own account: totals and counts in and out,
//! first/last dates, the top-N counterparties and their share of the volume
//! (concentration), self-named accounts (同名账户) and suspected relatives
//! (same surname, or the user's relatives list).

use super::txn::{Dir, FlowData, Relation, NONE};
use super::intern::FxMap;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CounterpartyRow {
    pub account: String,
    pub name: String,
    pub in_fen: i64,
    pub out_fen: i64,
    pub in_count: u64,
    pub out_count: u64,
    pub first: String,
    pub last: String,
    /// Share of the account's total volume (in + out), 0..1.
    pub share: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation_label: Option<&'static str>,
}

/// JSON keys other tools read: account, name, in_fen, out_fen, in_count, out_count.
#[derive(Debug, Clone, Serialize)]
pub struct AccountSummary {
    pub account: String,
    pub name: String,
    pub id_number: String,
    pub is_subject: bool,
    pub in_fen: i64,
    pub out_fen: i64,
    pub in_count: u64,
    pub out_count: u64,
    pub cash_in_fen: i64,
    pub cash_out_fen: i64,
    pub first: String,
    pub last: String,
    pub counterparties: u64,
    /// Share of the volume that goes to/comes from the top-N counterparties.
    pub top_share: f64,
    pub top: Vec<CounterpartyRow>,
    /// Counterparty accounts in the owner's own name.
    pub self_named: Vec<String>,
    /// Counterparty accounts of suspected or listed relatives.
    pub relatives: Vec<String>,
    pub leads: u64,
}

fn day(ts: i64) -> String {
    super::txn::date_text(ts)
}

/// One row per own account, subjects first, then by volume.
pub fn accounts(d: &FlowData, top_n: usize) -> Vec<AccountSummary> {
    accounts_first(d, top_n, usize::MAX)
}

/// The first `limit` rows of [`accounts`]. Every own account is totalled
/// (a pass over its rows, no allocation) to find its place; only the rows
/// kept are built, with their strings and counterparty tables. A statement
/// set of bulk card data can hold a million own accounts, whose rows cost
/// more than the transaction table and which no page view lists whole.
pub fn accounts_first(d: &FlowData, top_n: usize, limit: usize) -> Vec<AccountSummary> {
    // (node, is subject, in, out): the order's keys, as the rows total them.
    let mut order: Vec<(u32, bool, i64, i64)> = Vec::new();
    for (n, node) in d.nodes.iter().enumerate() {
        if !node.own {
            continue;
        }
        let (mut i, mut o) = (0i64, 0i64);
        for t in d.by_node.get(n).map(Vec::as_slice).unwrap_or(&[]).iter().filter_map(|&k| d.txn(k)) {
            match t.dir {
                Dir::In => i = i.saturating_add(t.amount_fen),
                Dir::Out => o = o.saturating_add(t.amount_fen),
            }
        }
        order.push((n as u32, node.subject.is_some(), i, o));
    }
    // Stable, as the rows were sorted when all were built: ties keep node order.
    order.sort_by(|a, b| b.1.cmp(&a.1).then((i128::from(b.2) + i128::from(b.3)).cmp(&(i128::from(a.2) + i128::from(a.3)))));
    order.truncate(limit);
    // Blocks of accounts on all cores natively, in order; one counterparty
    // table per block, emptied between accounts.
    const BLOCK: usize = 4096;
    let blocks = super::par::map_indexed(order.len().div_ceil(BLOCK), |b| {
        let mut per: FxMap<u32, (i64, i64, u64, u64, i64, i64)> = FxMap::default();
        let end = (b * BLOCK + BLOCK).min(order.len());
        order.get(b * BLOCK..end).unwrap_or_default().iter().map(|&(n, ..)| summary(d, n, top_n, &mut per)).collect::<Vec<_>>()
    });
    blocks.into_iter().flatten().collect()
}

fn summary(d: &FlowData, n: u32, top_n: usize, per: &mut FxMap<u32, (i64, i64, u64, u64, i64, i64)>) -> AccountSummary {
    let node = d.node(n);
    let name = node.map_or(0, |x| x.name);
    let rows = d.by_node.get(n as usize).map(Vec::as_slice).unwrap_or(&[]);
    let mut s = AccountSummary {
        account: d.account_label(n),
        name: d.s(name).to_string(),
        id_number: d.s(node.map_or(0, |x| x.id_number)).to_string(),
        is_subject: node.is_some_and(|x| x.subject.is_some()),
        in_fen: 0,
        out_fen: 0,
        in_count: 0,
        out_count: 0,
        cash_in_fen: 0,
        cash_out_fen: 0,
        first: rows.first().and_then(|&i| d.txn(i)).map(|t| day(t.ts)).unwrap_or_default(),
        last: rows.last().and_then(|&i| d.txn(i)).map(|t| day(t.ts)).unwrap_or_default(),
        counterparties: 0,
        top_share: 0.0,
        top: vec![],
        self_named: vec![],
        relatives: vec![],
        leads: 0,
    };
    per.clear();
    for &i in rows {
        let Some(t) = d.txn(i) else { continue };
        match t.dir {
            Dir::In => {
                s.in_fen = s.in_fen.saturating_add(t.amount_fen);
                s.in_count += 1;
                if t.cash {
                    s.cash_in_fen = s.cash_in_fen.saturating_add(t.amount_fen);
                }
            }
            Dir::Out => {
                s.out_fen = s.out_fen.saturating_add(t.amount_fen);
                s.out_count += 1;
                if t.cash {
                    s.cash_out_fen = s.cash_out_fen.saturating_add(t.amount_fen);
                }
            }
        }
        if t.cp == NONE {
            continue;
        }
        let e = per.entry(t.cp).or_insert((0, 0, 0, 0, t.ts, t.ts));
        match t.dir {
            Dir::In => {
                e.0 = e.0.saturating_add(t.amount_fen);
                e.2 += 1;
            }
            Dir::Out => {
                e.1 = e.1.saturating_add(t.amount_fen);
                e.3 += 1;
            }
        }
        e.5 = t.ts;
    }
    s.counterparties = per.len() as u64;
    let volume = (s.in_fen as f64 + s.out_fen as f64).max(1.0);
    let mut cps: Vec<(u32, (i64, i64, u64, u64, i64, i64))> = per.drain().collect();
    cps.sort_by(|a, b| (i128::from(b.1 .0) + i128::from(b.1 .1)).cmp(&(i128::from(a.1 .0) + i128::from(a.1 .1))).then(a.0.cmp(&b.0)));
    // Each counterparty's relation once (the top rows show it again).
    let rels: Vec<Option<Relation>> = cps.iter().map(|&(cp, _)| d.relation(n, cp)).collect();
    for (&(cp, _), rel) in cps.iter().zip(&rels) {
        match rel {
            Some(Relation::SelfNamed) => s.self_named.push(d.account_label(cp)),
            Some(Relation::Surname | Relation::Listed) => s.relatives.push(d.account_label(cp)),
            _ => {}
        }
    }
    for ((cp, (i, o, ic, oc, f, l)), rel) in cps.into_iter().zip(rels).take(top_n) {
        s.top.push(CounterpartyRow {
            account: d.account_label(cp),
            name: d.name_of(cp).to_string(),
            in_fen: i,
            out_fen: o,
            in_count: ic,
            out_count: oc,
            first: day(f),
            last: day(l),
            share: (i + o) as f64 / volume,
            relation: rel,
            relation_label: rel.map(Relation::label),
        });
    }
    s.top_share = s.top.iter().map(|c| c.share).sum();
    s
}
