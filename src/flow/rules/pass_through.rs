//! `flow.pass_through` — 过渡账户.
//!
//! What: days on which an account received at least `min_in_yuan` (50,000 元)
//! and ended the day with a balance below `ratio` (1%) of that day's inflow.
//! The end-of-day balance is the balance column of the day's last row; a
//! statement without balances uses "outflow ≥ (1 − ratio) × inflow" that day
//! instead. One lead per account listing all such days.
//! Why suspicious: an account that is emptied every day it receives money is
//! a conduit, not a place where money is kept.
//! Thresholds: `min_in_yuan` = 50000, `ratio` = 0.01, `min_days` = 1.

use super::{date, yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::txn::Dir;

pub const RULE: RuleDef = RuleDef {
    id: "flow.pass_through",
    label: "过渡账户", label_en: "Pass-through account",
    base: 20.0,
    params: &[
        Param { name: "min_in_yuan", default: 50_000.0, help: "当日转入金额下限（元）" },
        Param { name: "ratio", default: 0.01, help: "日终余额占当日转入的比例上限" },
        Param { name: "min_days", default: 1.0, help: "满足条件的天数下限" },
    ],
    needs_timeline: false,
    run,
};

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let min_in = c.fen("min_in_yuan");
    let ratio = c.p("ratio");
    let min_days = c.p("min_days").max(1.0) as usize;
    for n in c.own() {
        let rows = c.rows(n);
        let mut ev: Vec<u32> = Vec::new();
        let mut days: Vec<i64> = Vec::new();
        let mut total_in = 0i64;
        let mut dwell = i64::MAX;
        let mut k = 0usize;
        while k < rows.len() {
            let day = c.t(rows[k]).day();
            let mut e = k;
            while e < rows.len() && c.t(rows[e]).day() == day {
                e += 1;
            }
            let dr = rows.get(k..e).unwrap_or(&[]);
            let tin: i64 = dr.iter().map(|&i| c.t(i)).filter(|t| t.dir == Dir::In).map(|t| t.amount_fen).fold(0i64, i64::saturating_add);
            let tout: i64 = dr.iter().map(|&i| c.t(i)).filter(|t| t.dir == Dir::Out).map(|t| t.amount_fen).fold(0i64, i64::saturating_add);
            if tin >= min_in && tout > 0 {
                let end_bal = dr.last().and_then(|&i| c.t(i).balance_fen());
                let drained = match end_bal {
                    Some(b) => (b as f64) < ratio * tin as f64,
                    None => tout as f64 >= (1.0 - ratio) * tin as f64,
                };
                if drained {
                    days.push(day);
                    total_in += tin;
                    ev.extend_from_slice(dr);
                    let fi = dr.iter().map(|&i| c.t(i)).find(|t| t.dir == Dir::In).map(|t| t.ts);
                    let lo = dr.iter().map(|&i| c.t(i)).filter(|t| t.dir == Dir::Out).map(|t| t.ts).next_back();
                    if let (Some(a), Some(b)) = (fi, lo) {
                        dwell = dwell.min((b - a).max(0));
                    }
                }
            }
            k = e;
        }
        if days.len() >= min_days {
            let cps: Vec<u32> = ev.iter().map(|&i| c.t(i).cp).collect();
            let reason = format!(
                "{}有 {} 天转入合计 {} 后当日余额降至转入额的 {}% 以下（首日 {}），疑为过渡账户",
                c.d.who(n),
                days.len(),
                yuan(total_in),
                ratio * 100.0,
                date(days[0] * 86_400)
            );
            let mut h = c.hit(n, cps, &ev, total_in, reason);
            h.reason_en = format!(
                "{}: on {} days the balance fell below {}% of the day's inflow (inflows {}, first day {}): a pass-through account",
                c.d.who(n),
                days.len(),
                ratio * 100.0,
                super::yuan_en(total_in),
                date(days[0] * 86_400)
            );
            h.dwell_secs = (dwell != i64::MAX).then_some(dwell);
            out.push(h);
        }
    }
}
