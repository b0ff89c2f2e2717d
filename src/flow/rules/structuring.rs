//! `flow.structuring` — 拆分规避（化整为零）.
//!
//! What: at least `min_count` (3) transactions of one account, each between
//! `low_yuan` (45,000) and just under `high_yuan` (50,000 元), within `days`
//! (30), all of them cash (现金标志 or a cash summary): the 5万 threshold is a
//! cash reporting threshold, so transfers of 4.8万 mean nothing here.
//! Why suspicious: 5万 is the large-value cash reporting threshold; amounts
//! repeatedly kept just below it look chosen to avoid reports.
//! Thresholds: `low_yuan` = 45000, `high_yuan` = 50000, `min_count` = 3, `days` = 30.

use super::{yuan, Ctx, Hit, Param, RuleDef};

pub const RULE: RuleDef = RuleDef {
    id: "flow.structuring",
    label: "拆分规避", label_en: "Structuring (cash just under 50,000 yuan)",
    base: 20.0,
    params: &[
        Param { name: "low_yuan", default: 45_000.0, help: "金额区间下限（元）" },
        Param { name: "high_yuan", default: 50_000.0, help: "金额区间上限（不含，元）" },
        Param { name: "min_count", default: 3.0, help: "窗口内笔数下限" },
        Param { name: "days", default: 30.0, help: "窗口天数" },
    ],
    needs_timeline: false,
    run,
};

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let (lo, hi) = (c.fen("low_yuan"), c.fen("high_yuan"));
    let min_count = c.p("min_count").max(2.0) as usize;
    let win = (c.p("days") * 86_400.0) as i64;
    for n in c.own() {
        let near: Vec<u32> = c.rows(n).iter().copied().filter(|&i| c.t(i).cash && (lo..hi).contains(&c.t(i).amount_fen)).collect();
        // Largest window of `win` seconds (two pointers).
        let (mut best, mut best_at) = (0usize, 0usize);
        let mut s = 0usize;
        for e in 0..near.len() {
            while s < e && c.t(near[e]).ts - c.t(near[s]).ts > win {
                s += 1;
            }
            if e + 1 - s > best {
                best = e + 1 - s;
                best_at = s;
            }
        }
        if best >= min_count {
            let ev = near.get(best_at..best_at + best).unwrap_or(&[]);
            let total: i64 = ev.iter().map(|&i| c.t(i).amount_fen).fold(0i64, i64::saturating_add);
            let cps: Vec<u32> = ev.iter().map(|&i| c.t(i).cp).collect();
            let reason = format!(
                "{}在 {} 天内有 {} 笔现金存取金额介于 {} 与 {} 之间，合计 {}，疑为规避大额现金报告拆分",
                c.d.who(n),
                c.p("days"),
                best,
                yuan(lo),
                yuan(hi),
                yuan(total)
            );
            let mut h = c.hit(n, cps, ev, total, reason);
            h.reason_en = format!(
                "{} has {} cash transactions between {} and {} within {} days, total {}: split to stay under the large-cash report",
                c.d.who(n),
                best,
                super::yuan_en(lo),
                super::yuan_en(hi),
                c.p("days"),
                super::yuan_en(total)
            );
            out.push(h);
        }
    }
}
