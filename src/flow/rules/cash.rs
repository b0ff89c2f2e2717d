//! `flow.cash` — 大额现金.
//!
//! What: days on which an account's cash deposits or cash withdrawals
//! (现金标志, or a summary saying 现金/取现/存现/ATM…) reach `min_day_yuan`
//! (50,000 元). One lead per account and direction listing those days.
//! Why suspicious: cash leaves no counterparty; large cash withdrawals by a
//! debtor are where traceable money stops.
//! Thresholds: `min_day_yuan` = 50000.

use super::{yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::txn::Dir;

pub const RULE: RuleDef = RuleDef {
    id: "flow.cash",
    label: "大额现金", label_en: "Large cash",
    base: 15.0,
    params: &[Param { name: "min_day_yuan", default: 50_000.0, help: "单日现金存取合计下限（元）" }],
    needs_timeline: false,
    run,
};

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let min = c.fen("min_day_yuan");
    for n in c.own() {
        for dir in [Dir::Out, Dir::In] {
            let cash: Vec<u32> = c.rows(n).iter().copied().filter(|&i| c.t(i).cash && c.t(i).dir == dir).collect();
            let mut ev = Vec::new();
            let mut days = 0;
            let mut total = 0i64;
            let mut k = 0;
            while k < cash.len() {
                let day = c.t(cash[k]).day();
                let mut e = k;
                let mut s = 0i64;
                while e < cash.len() && c.t(cash[e]).day() == day {
                    s = s.saturating_add(c.t(cash[e]).amount_fen);
                    e += 1;
                }
                if s >= min {
                    days += 1;
                    total = total.saturating_add(s);
                    ev.extend_from_slice(cash.get(k..e).unwrap_or(&[]));
                }
                k = e;
            }
            if days > 0 {
                let what = if dir == Dir::Out { "取现" } else { "存现" };
                let reason = format!("{}有 {} 天单日{}达到 {}，合计 {}", c.d.who(n), days, what, yuan(min), yuan(total));
                let mut h = c.hit(n, vec![], &ev, total, reason);
                let what_en = if dir == Dir::Out { "cash withdrawals" } else { "cash deposits" };
                h.reason_en = format!("{} has {} days with {} of at least {} a day, total {}", c.d.who(n), days, what_en, super::yuan_en(min), super::yuan_en(total));
                out.push(h);
            }
        }
    }
}
