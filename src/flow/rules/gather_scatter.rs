//! `flow.gather_scatter` — 集中转入、分散转出（多对一对多）.
//!
//! What: within `days` (3), an account receives from at least `min_sources`
//! (3) different counterparties and then pays at least `min_dests` (3)
//! different ones, with inflow at least `min_total_yuan` (50,000 元) and the
//! outflow at least `min_out_ratio` (0.5) of it. One lead per account, its
//! strongest window.
//! Why suspicious: a collecting-and-distributing account is the hub of a
//! routing network (the debtor's money arrives via others and leaves to others).
//! Thresholds: `min_sources` = 3, `min_dests` = 3, `days` = 3, `min_total_yuan` = 50000, `min_out_ratio` = 0.5.

use super::{yuan, Ctx, Hit, Param, RuleDef};

pub const RULE: RuleDef = RuleDef {
    id: "flow.gather_scatter",
    label: "集中转入分散转出", label_en: "Gather then scatter",
    base: 20.0,
    params: &[
        Param { name: "min_sources", default: 3.0, help: "转入方数量下限" },
        Param { name: "min_dests", default: 3.0, help: "转出方数量下限" },
        Param { name: "days", default: 3.0, help: "窗口天数" },
        Param { name: "min_total_yuan", default: 50_000.0, help: "转入合计下限（元）" },
        Param { name: "min_out_ratio", default: 0.5, help: "转出占转入比例下限" },
    ],
    needs_timeline: false,
    run,
};

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let min_src = c.p("min_sources").max(2.0) as usize;
    let min_dst = c.p("min_dests").max(2.0) as usize;
    let win = (c.p("days") * 86_400.0) as i64;
    let min_total = c.fen("min_total_yuan");
    let ratio = c.p("min_out_ratio");
    let edge = |e: u32| c.d.edges.get(e as usize).copied();
    for n in 0..c.d.nodes.len() {
        let ins = c.d.in_edges.get(n).map(Vec::as_slice).unwrap_or(&[]);
        let outs = c.d.out_edges.get(n).map(Vec::as_slice).unwrap_or(&[]);
        if ins.len() < min_src || outs.len() < min_dst || c.d.institutional(n as u32) {
            continue;
        }
        // Window anchored at each inflow: inflows in [t, t+win], outflows after the first inflow in it.
        let mut best: Option<(usize, usize, usize, usize, usize, usize, i64, i64)> = None;
        let (mut ie, mut os, mut oe) = (0usize, 0usize, 0usize);
        for is in 0..ins.len() {
            let Some(t0) = ins.get(is).and_then(|&e| edge(e)).map(|x| x.ts) else { break };
            ie = ie.max(is);
            while ie < ins.len() && ins.get(ie).and_then(|&e| edge(e)).is_some_and(|x| x.ts - t0 <= win) {
                ie += 1;
            }
            while os < outs.len() && outs.get(os).and_then(|&e| edge(e)).is_some_and(|x| x.ts < t0) {
                os += 1;
            }
            oe = oe.max(os);
            while oe < outs.len() && outs.get(oe).and_then(|&e| edge(e)).is_some_and(|x| x.ts - t0 <= win) {
                oe += 1;
            }
            // Cheap bounds before counting distinct parties.
            if ie - is < min_src || oe - os < min_dst {
                continue;
            }
            let win_in = ins.get(is..ie).unwrap_or(&[]);
            let win_out = outs.get(os..oe).unwrap_or(&[]);
            let mut srcs: Vec<u32> = win_in.iter().filter_map(|&e| edge(e)).map(|x| x.from).collect();
            let mut dsts: Vec<u32> = win_out.iter().filter_map(|&e| edge(e)).map(|x| x.to).collect();
            srcs.sort_unstable();
            srcs.dedup();
            dsts.sort_unstable();
            dsts.dedup();
            let tin: i64 = win_in.iter().filter_map(|&e| edge(e)).map(|x| x.amount_fen).fold(0i64, i64::saturating_add);
            let tout: i64 = win_out.iter().filter_map(|&e| edge(e)).map(|x| x.amount_fen).fold(0i64, i64::saturating_add);
            if srcs.len() >= min_src && dsts.len() >= min_dst && tin >= min_total && tout as f64 >= ratio * tin as f64 {
                let score = srcs.len() + dsts.len();
                if best.is_none_or(|b| score > b.4 + b.5) {
                    best = Some((is, ie, os, oe, srcs.len(), dsts.len(), tin, tout));
                }
            }
            if ins.len() > 20_000 && best.is_some() {
                break; // a very busy account: the first qualifying window is enough
            }
        }
        let Some((is, ie, os, oe, ns, nd, tin, tout)) = best else { continue };
        let es: Vec<u32> = ins.get(is..ie).unwrap_or(&[]).iter().chain(outs.get(os..oe).unwrap_or(&[])).copied().collect();
        let rows: Vec<u32> = es.iter().filter_map(|&e| edge(e)).map(|x| x.txn).collect();
        let others: Vec<u32> = es.iter().filter_map(|&e| edge(e)).map(|x| if x.to == n as u32 { x.from } else { x.to }).collect();
        let first_in = ins.get(is).and_then(|&e| edge(e)).map_or(0, |x| x.ts);
        let last_out = outs.get(oe.saturating_sub(1)).and_then(|&e| edge(e)).map_or(first_in, |x| x.ts);
        let reason = format!(
            "{}在 {} 天内收到 {} 个账户转入 {}，随即向 {} 个账户转出 {}",
            c.d.who(n as u32),
            c.p("days"),
            ns,
            yuan(tin),
            nd,
            yuan(tout)
        );
        let mut h = c.hit(n as u32, others, &rows, tin.min(tout), reason);
        h.reason_en = format!("{} received {} from {} accounts within {} days and sent {} on to {} accounts", c.d.who(n as u32), super::yuan_en(tin), ns, c.p("days"), super::yuan_en(tout), nd);
        h.dwell_secs = Some((last_out - first_in).max(0));
        out.push(h);
    }
}
