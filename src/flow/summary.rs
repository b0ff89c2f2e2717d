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
    let mut out = Vec::new();
    for (n, node) in d.nodes.iter().enumerate() {
        if !node.own {
            continue;
        }
        let n = n as u32;
        let rows = d.by_node.get(n as usize).map(Vec::as_slice).unwrap_or(&[]);
        let mut s = AccountSummary {
            account: d.account_label(n),
            name: d.s(node.name).to_string(),
            id_number: d.s(node.id_number).to_string(),
            is_subject: node.subject.is_some(),
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
        let mut per: FxMap<u32, (i64, i64, u64, u64, i64, i64)> = FxMap::default();
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
        let mut cps: Vec<(u32, (i64, i64, u64, u64, i64, i64))> = per.into_iter().collect();
        cps.sort_by(|a, b| (i128::from(b.1 .0) + i128::from(b.1 .1)).cmp(&(i128::from(a.1 .0) + i128::from(a.1 .1))).then(a.0.cmp(&b.0)));
        for (cp, _) in &cps {
            match d.relation(n, *cp) {
                Some(Relation::SelfNamed) => s.self_named.push(d.account_label(*cp)),
                Some(Relation::Surname | Relation::Listed) => s.relatives.push(d.account_label(*cp)),
                _ => {}
            }
        }
        for (cp, (i, o, ic, oc, f, l)) in cps.into_iter().take(top_n) {
            let rel = d.relation(n, cp);
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
        out.push(s);
    }
    out.sort_by(|a, b| b.is_subject.cmp(&a.is_subject).then((i128::from(b.in_fen) + i128::from(b.out_fen)).cmp(&(i128::from(a.in_fen) + i128::from(a.out_fen)))));
    out
}
