//! `flow.round_amounts` — 整进整出.
//!
//! What: an inflow that is a whole multiple of `unit_yuan` (10,000 元)
//! followed within `days` (3) by an outflow that is also a whole multiple;
//! at least `min_pairs` (2) such pairs in one account give one lead, and so
//! does a single pair of at least `single_min_yuan` (50,000 元).
//! Why suspicious: real trade rarely moves exact ten-thousands both ways;
//! round sums passed on quickly are typical of money being parked or routed.
//! Thresholds: `unit_yuan` = 10000, `days` = 3, `min_pairs` = 2, `single_min_yuan` = 50000.

use super::{yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::txn::Dir;

pub const RULE: RuleDef = RuleDef {
    id: "flow.round_amounts",
    label: "整进整出", label_en: "Round amounts in and out",
    base: 15.0,
    params: &[
        Param { name: "unit_yuan", default: 10_000.0, help: "整数金额单位（元）" },
        Param { name: "days", default: 3.0, help: "整额转入后多少天内整额转出" },
        Param { name: "min_pairs", default: 2.0, help: "配对次数下限" },
        Param { name: "single_min_yuan", default: 50_000.0, help: "单次配对即报的金额下限（元）" },
    ],
    needs_timeline: false,
    run,
};

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let unit = c.fen("unit_yuan").max(1);
    let win = (c.p("days") * 86_400.0) as i64;
    let min_pairs = c.p("min_pairs").max(1.0) as usize;
    let single = c.fen("single_min_yuan");
    for n in c.own() {
        let rows = c.rows(n);
        let round: Vec<u32> = rows.iter().copied().filter(|&i| c.t(i).amount_fen % unit == 0).collect();
        let mut ev = Vec::new();
        let mut cps = Vec::new();
        let mut pairs = 0usize;
        let mut sum = 0i64;
        let mut biggest = 0i64;
        let mut used = vec![false; round.len()];
        for (a, &i) in round.iter().enumerate() {
            let ti = c.t(i);
            if ti.dir != Dir::In {
                continue;
            }
            for (b, &j) in round.iter().enumerate().skip(a + 1) {
                let tj = c.t(j);
                if tj.ts - ti.ts > win {
                    break;
                }
                if tj.dir == Dir::Out && !used.get(b).copied().unwrap_or(true) {
                    if let Some(u) = used.get_mut(b) {
                        *u = true;
                    }
                    pairs += 1;
                    sum = sum.saturating_add(ti.amount_fen);
                    biggest = biggest.max(ti.amount_fen.min(tj.amount_fen));
                    ev.extend([i, j]);
                    cps.extend([ti.cp, tj.cp]);
                    break;
                }
            }
        }
        if pairs >= min_pairs || (pairs >= 1 && biggest >= single) {
            let reason = format!("{}有 {} 组整额（{} 的整数倍）转入后 {} 天内整额转出，转入合计 {}", c.d.who(n), pairs, yuan(unit), c.p("days"), yuan(sum));
            let mut h = c.hit(n, cps, &ev, sum, reason);
            h.reason_en = format!("{} has {} round-sum inflows (multiples of {}) sent on within {} days, inflows {}", c.d.who(n), pairs, super::yuan_en(unit), c.p("days"), super::yuan_en(sum));
            out.push(h);
        }
    }
}
