//! `flow.night` — 夜间交易.
//!
//! What: at least `min_count` (3) transactions of at least `min_yuan`
//! (5,000 元) between `start_hour` (22:00) and `end_hour` (06:00) in one
//! account. A practice heuristic, not law; scored low on its own.
//! Why suspicious: large transfers at night are unusual for wages and trade
//! and common in gambling and fund routing.
//! Rows without a time of day (date-only statements read 00:00) are skipped.
//! Thresholds: `start_hour` = 22, `end_hour` = 6, `min_yuan` = 5000, `min_count` = 3.

use super::{yuan, Ctx, Hit, Param, RuleDef};
use chrono::Timelike;

pub const RULE: RuleDef = RuleDef {
    id: "flow.night",
    label: "夜间交易", label_en: "Night transactions",
    base: 5.0,
    params: &[
        Param { name: "start_hour", default: 22.0, help: "夜间开始（时）" },
        Param { name: "end_hour", default: 6.0, help: "夜间结束（时）" },
        Param { name: "min_yuan", default: 5_000.0, help: "单笔金额下限（元）" },
        Param { name: "min_count", default: 3.0, help: "笔数下限" },
    ],
    needs_timeline: false,
    run,
};

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let (sh, eh) = (c.p("start_hour") as u32, c.p("end_hour") as u32);
    let min = c.fen("min_yuan");
    let min_count = c.p("min_count").max(1.0) as usize;
    let night = |h: u32| if sh > eh { h >= sh || h < eh } else { h >= sh && h < eh };
    for n in c.own() {
        let ev: Vec<u32> = c.rows(n).iter().copied().filter(|&i| c.t(i).has_time && c.t(i).amount_fen >= min && night(c.t(i).time().hour())).collect();
        if ev.len() >= min_count {
            let total: i64 = ev.iter().map(|&i| c.t(i).amount_fen).fold(0i64, i64::saturating_add);
            let cps: Vec<u32> = ev.iter().map(|&i| c.t(i).cp).collect();
            let reason = format!("{}在 {}:00–{:02}:00 之间有 {} 笔不低于 {} 的交易，合计 {}", c.d.who(n), sh, eh, ev.len(), yuan(min), yuan(total));
            let mut h = c.hit(n, cps, &ev, total, reason);
            h.reason_en = format!("{} has {} transactions of at least {} between {}:00 and {:02}:00, total {}", c.d.who(n), ev.len(), super::yuan_en(min), sh, eh, super::yuan_en(total));
            out.push(h);
        }
    }
}
