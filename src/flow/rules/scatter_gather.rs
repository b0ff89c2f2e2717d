//! `flow.scatter_gather` — 分散转出、集中转入（一对多对一）.
//!
//! What: one source pays at least `min_mid` (3) different intermediaries,
//! each of which pays the same sink within `days` (3) after receiving; every
//! leg at least `min_yuan` (10,000 元). One lead per (source, sink).
//! Why suspicious: splitting a sum over several accounts and re-joining it
//! elsewhere breaks the visible link between payer and final receiver.
//! Search: per source, each leg follows at most `fanout` (20) onward
//! transfers of its intermediary, so the cost is linear in the transfers.
//! Public collection and payroll/settlement accounts never take part.
//! Thresholds: `min_mid` = 3, `days` = 3, `min_yuan` = 10000, `fanout` = 20.


use super::{yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::intern::FxMap;

pub const RULE: RuleDef = RuleDef {
    id: "flow.scatter_gather",
    label: "分散转出集中转入", label_en: "Scatter then gather",
    base: 25.0,
    params: &[
        Param { name: "min_mid", default: 3.0, help: "中间账户数量下限" },
        Param { name: "days", default: 3.0, help: "窗口天数" },
        Param { name: "min_yuan", default: 10_000.0, help: "每笔金额下限（元）" },
        Param { name: "fanout", default: 20.0, help: "每个中间账户最多跟踪的转出笔数" },
    ],
    needs_timeline: false,
    run,
};

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    scan(c, out, None)
}

/// `slow`: (most transfers of an intermediary, the windowed rule's span).
pub(super) fn scan(c: &Ctx, out: &mut Vec<Hit>, slow: Option<(usize, i64)>) {
    let min_mid = c.p("min_mid").max(2.0) as usize;
    let win = (c.p("days") * 86_400.0) as i64;
    let min = c.fen("min_yuan");
    let fanout = c.p("fanout").max(1.0) as usize;
    for (s, list) in c.d.out_edges.iter().enumerate() {
        let s = s as u32;
        if list.len() < min_mid || c.d.institutional(s) {
            continue;
        }
        // sink → legs (first-leg time, intermediary, edge1, edge2)
        let mut per: FxMap<u32, Vec<(i64, u32, u32, u32)>> = FxMap::default();
        for &e1 in list {
            let Some(x) = c.d.edges.get(e1 as usize) else { continue };
            if x.amount_fen < min || x.to == s {
                continue;
            }
            let mid = x.to;
            if c.d.institutional(mid) {
                continue;
            }
            if let Some((most, _)) = slow {
                let all = c.d.out_edges.get(mid as usize).map_or(0, Vec::len) + c.d.in_edges.get(mid as usize).map_or(0, Vec::len);
                if all > most {
                    continue;
                }
            }
            let onward = c.d.out_edges.get(mid as usize).map(Vec::as_slice).unwrap_or(&[]);
            let from = onward.partition_point(|&e| c.d.edges.get(e as usize).map_or(0, |y| y.ts) < x.ts);
            for &e2 in onward.iter().skip(from).take(fanout) {
                let Some(y) = c.d.edges.get(e2 as usize) else { break };
                if y.ts - x.ts > win {
                    break;
                }
                if y.amount_fen < min || y.to == s || y.to == mid || c.d.institutional(y.to) {
                    continue;
                }
                per.entry(y.to).or_default().push((x.ts, mid, e1, e2));
            }
        }
        let mut sinks: Vec<_> = per.into_iter().filter(|(_, v)| v.len() >= min_mid).collect();
        sinks.sort_by_key(|(t, _)| *t);
        for (sink, mut legs) in sinks {
            legs.sort();
            // Best window of first-leg times with the most distinct intermediaries.
            let mut best: (usize, usize, usize) = (0, 0, 0);
            let mut a = 0;
            for b in 0..legs.len() {
                while a < b && legs.get(b).map_or(0, |l| l.0) - legs.get(a).map_or(0, |l| l.0) > win {
                    a += 1;
                }
                let mut mids: Vec<u32> = legs.get(a..=b).unwrap_or(&[]).iter().map(|l| l.1).collect();
                mids.sort_unstable();
                mids.dedup();
                if mids.len() > best.2 {
                    best = (a, b + 1, mids.len());
                }
            }
            if best.2 < min_mid {
                continue;
            }
            let legs = legs.get(best.0..best.1).unwrap_or(&[]);
            if let Some((_, fast_span)) = slow {
                let first = legs.iter().map(|l| l.0).min().unwrap_or(0);
                let last = legs.iter().filter_map(|l| c.d.edges.get(l.3 as usize)).map(|y| y.ts).max().unwrap_or(0);
                if last - first <= fast_span {
                    continue;
                }
            }
            let mut rows = Vec::new();
            let mut accts = vec![sink];
            let mut total = 0i64;
            for &(_, mid, e1, e2) in legs {
                accts.push(mid);
                for e in [e1, e2] {
                    if let Some(x) = c.d.edges.get(e as usize) {
                        rows.push(x.txn);
                    }
                }
                total = total.saturating_add(c.d.edges.get(e2 as usize).map_or(0, |x| x.amount_fen));
            }
            let reason = format!(
                "{}转给 {} 个中间账户的资金在 {} 天内又汇入{}，汇入合计 {}",
                c.d.who(s),
                best.2,
                c.p("days"),
                c.d.who(sink),
                yuan(total)
            );
            let mut h = c.hit(s, accts, &rows, total, reason);
            h.reason_en = format!("money {} paid to {} intermediaries reached {} within {} days, {} in all", c.d.who(s), best.2, c.d.who(sink), c.p("days"), super::yuan_en(total));
            out.push(h);
        }
    }
}
