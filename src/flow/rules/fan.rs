//! `flow.fan_in` — 分散转入 and `flow.fan_out` — 集中转出/分散转出.
//!
//! What (fan_in): an account receives from at least `min_parties` (5)
//! different counterparties within `days` (3), together at least
//! `min_total_yuan` (50,000 元). `flow.fan_out` is the mirror: it pays at
//! least `min_parties` different counterparties within the window. Uses the
//! deduplicated transfers, so accounts known only as counterparties count
//! too. One lead per account: its busiest window, with the number of windows.
//! Why suspicious: collecting from many then moving on (or spraying to many)
//! is how money is pooled or dispersed out of sight; shops and payrolls do it
//! honestly too, which is why these score low unless corroborated.
//! Public collection and payroll/settlement accounts are skipped, as focus
//! and as parties (see `institution`).
//! Thresholds: `min_parties` = 5, `days` = 3, `min_total_yuan` = 50000.

use super::{date, yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::intern::FxMap;

const PARAMS: &[Param] = &[
    Param { name: "min_parties", default: 5.0, help: "窗口内不同对手方数量下限" },
    Param { name: "days", default: 3.0, help: "窗口天数" },
    Param { name: "min_total_yuan", default: 50_000.0, help: "窗口内金额合计下限（元）" },
];

pub const FAN_IN: RuleDef = RuleDef { id: "flow.fan_in", label: "分散转入", label_en: "Fan-in", base: 10.0, params: PARAMS, needs_timeline: false, run: run_in };
pub const FAN_OUT: RuleDef = RuleDef { id: "flow.fan_out", label: "分散转出", label_en: "Fan-out", base: 10.0, params: PARAMS, needs_timeline: false, run: run_out };

fn run_in(c: &Ctx, out: &mut Vec<Hit>) {
    run(c, out, true)
}
fn run_out(c: &Ctx, out: &mut Vec<Hit>) {
    run(c, out, false)
}

/// A node's edges without those to or from institutions (see `institution`).
pub fn party_edges(c: &Ctx, list: &[u32], inbound: bool) -> Vec<u32> {
    list.iter().copied().filter(|&e| c.d.edges.get(e as usize).is_some_and(|x| !c.d.institutional(if inbound { x.from } else { x.to }))).collect()
}

/// Best window over one node's edge list (time-ordered): (start, end, parties, total, windows).
pub fn best_window(c: &Ctx, list: &[u32], inbound: bool, win: i64, min_parties: usize, min_total: i64) -> Option<(usize, usize, usize, i64, usize)> {
    let party = |e: u32| c.d.edges.get(e as usize).map_or(u32::MAX, |x| if inbound { x.from } else { x.to });
    let ts = |e: u32| c.d.edges.get(e as usize).map_or(0, |x| x.ts);
    let amt = |e: u32| c.d.edges.get(e as usize).map_or(0, |x| x.amount_fen);
    let mut counts: FxMap<u32, u32> = FxMap::default();
    let (mut s, mut total) = (0usize, 0i128);
    let mut best: Option<(usize, usize, usize, i64, usize)> = None;
    let mut windows = 0usize;
    let mut last_end = 0usize;
    for (e, &edge) in list.iter().enumerate() {
        *counts.entry(party(edge)).or_default() += 1;
        total += i128::from(amt(edge));
        while s < e && ts(edge) - list.get(s).map_or(0, |&x| ts(x)) > win {
            let p = list.get(s).map_or(u32::MAX, |&x| party(x));
            if let Some(v) = counts.get_mut(&p) {
                *v -= 1;
                if *v == 0 {
                    counts.remove(&p);
                }
            }
            total -= i128::from(list.get(s).map_or(0, |&x| amt(x)));
            s += 1;
        }
        if counts.len() >= min_parties && total >= i128::from(min_total) {
            if s >= last_end {
                windows += 1;
                last_end = e + 1;
            }
            if best.is_none_or(|b| counts.len() > b.2) {
                best = Some((s, e + 1, counts.len(), i64::try_from(total).unwrap_or(i64::MAX), 0));
            }
        }
    }
    best.map(|(a, b, p, t, _)| (a, b, p, t, windows))
}

fn run(c: &Ctx, out: &mut Vec<Hit>, inbound: bool) {
    let min_parties = c.p("min_parties").max(2.0) as usize;
    let win = (c.p("days") * 86_400.0) as i64;
    let min_total = c.fen("min_total_yuan");
    let lists = if inbound { &c.d.in_edges } else { &c.d.out_edges };
    for (n, list) in lists.iter().enumerate() {
        if list.len() < min_parties || c.d.institutional(n as u32) {
            continue;
        }
        // Payments to or from public collection and payroll accounts are not
        // the scattered parties this rule looks for.
        let list = party_edges(c, list, inbound);
        let Some((a, b, parties, total, windows)) = best_window(c, &list, inbound, win, min_parties, min_total) else { continue };
        let es: Vec<u32> = list.get(a..b).unwrap_or(&[]).to_vec();
        let mut rows = Vec::new();
        let mut others = Vec::new();
        for &e in &es {
            if let Some(x) = c.d.edges.get(e as usize) {
                rows.push(x.txn);
                others.push(if inbound { x.from } else { x.to });
            }
        }
        let first = es.first().and_then(|&e| c.d.edges.get(e as usize)).map_or(0, |x| x.ts);
        let reason = format!(
            "{}在 {} 起 {} 天内{} {} 个不同账户{}合计 {}（共 {} 个这样的时段）",
            c.d.who(n as u32),
            date(first),
            c.p("days"),
            if inbound { "收到" } else { "向" },
            parties,
            if inbound { "的转入，" } else { "转出，" },
            yuan(total),
            windows
        );
        let mut h = c.hit(n as u32, others, &rows, total, reason);
        h.reason_en = format!(
            "{} {} {} different accounts within {} days from {}, total {} ({} such windows)",
            c.d.who(n as u32),
            if inbound { "received from" } else { "paid" },
            parties,
            c.p("days"),
            date(first),
            super::yuan_en(total),
            windows
        );
        out.push(h);
    }
}
