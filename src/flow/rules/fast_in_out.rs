//! `flow.fast_in_out` — 快进快出.
//!
//! What: an inflow of at least `min_yuan` (50,000 元) followed, in the same
//! account, by an outflow of at least `min_yuan` within `minutes` (30). The
//! day-level variant (when `day_level` = 1): on one calendar day inflows and
//! outflows both reach `min_yuan` and the outflow is at least `day_ratio`
//! (0.8) of the inflow, without a 30-minute pair. One lead per account and day.
//! Why suspicious: money that does not stay is being routed through the
//! account (a 过渡账户), the usual way to hide where a debtor's money goes.
//! Rows without a time of day (date-only statements) take part only in the
//! day-level variant, ordered as the statement lists them.
//! Thresholds: `min_yuan` = 50000, `minutes` = 30, `day_level` = 1, `day_ratio` = 0.8.

use super::{datetime, yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::txn::Dir;

pub const RULE: RuleDef = RuleDef {
    id: "flow.fast_in_out",
    label: "快进快出", label_en: "Fast in, fast out",
    base: 20.0,
    params: &[
        Param { name: "min_yuan", default: 50_000.0, help: "转入、转出金额下限（元）" },
        Param { name: "minutes", default: 30.0, help: "转入后多少分钟内转出" },
        Param { name: "day_level", default: 1.0, help: "是否检查当日快进快出（1 是，0 否）" },
        Param { name: "day_ratio", default: 0.8, help: "当日转出占转入的比例下限" },
    ],
    needs_timeline: false,
    run,
};

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let min = c.fen("min_yuan");
    let win = (c.p("minutes") * 60.0) as i64;
    let day_level = c.p("day_level") >= 0.5;
    let ratio = c.p("day_ratio");
    for n in c.own() {
        let rows = c.rows(n);
        let mut k = 0usize;
        while k < rows.len() {
            // One calendar day at a time.
            let day = c.t(rows[k]).day();
            let mut e = k;
            while e < rows.len() && c.t(rows[e]).day() == day {
                e += 1;
            }
            let dayrows = rows.get(k..e).unwrap_or(&[]);
            let mut pairs: Vec<u32> = Vec::new();
            let mut cps = Vec::new();
            let (mut pin, mut pout, mut dwell) = (0i64, 0i64, i64::MAX);
            let mut used_out: Vec<u32> = Vec::new();
            for (a, &i) in dayrows.iter().enumerate() {
                let ti = c.t(i);
                if ti.dir != Dir::In || ti.amount_fen < min || !ti.has_time {
                    continue;
                }
                // The first big outflow within the window (may cross midnight).
                let tail = rows.get(k + a + 1..).unwrap_or(&[]);
                for &j in tail {
                    let tj = c.t(j);
                    if tj.ts - ti.ts > win {
                        break;
                    }
                    if tj.dir == Dir::Out && tj.has_time && tj.amount_fen >= min && !used_out.contains(&j) {
                        used_out.push(j);
                        pairs.extend([i, j]);
                        cps.extend([ti.cp, tj.cp]);
                        pin = pin.saturating_add(ti.amount_fen);
                        pout = pout.saturating_add(tj.amount_fen);
                        dwell = dwell.min(tj.ts - ti.ts);
                        break;
                    }
                }
            }
            if !pairs.is_empty() {
                let reason = format!(
                    "{}于 {} 转入后 {} 分钟内转出：{} 组，转入 {}、转出 {}",
                    c.d.who(n),
                    datetime(c.t(pairs[0]).ts),
                    (win / 60),
                    pairs.len() / 2,
                    yuan(pin),
                    yuan(pout)
                );
                let mut h = c.hit(n, cps, &pairs, pin.min(pout), reason);
                h.reason_en = format!(
                    "{}: money out within {} minutes of arriving on {}: {} pairs, in {}, out {}",
                    c.d.who(n),
                    (win / 60),
                    datetime(c.t(pairs[0]).ts),
                    pairs.len() / 2,
                    super::yuan_en(pin),
                    super::yuan_en(pout)
                );
                h.dwell_secs = Some(dwell);
                out.push(h);
            } else if day_level {
                let tin: i64 = dayrows.iter().map(|&i| c.t(i)).filter(|t| t.dir == Dir::In).map(|t| t.amount_fen).fold(0i64, i64::saturating_add);
                let tout: i64 = dayrows.iter().map(|&i| c.t(i)).filter(|t| t.dir == Dir::Out).map(|t| t.amount_fen).fold(0i64, i64::saturating_add);
                let big_in = dayrows.iter().any(|&i| c.t(i).dir == Dir::In && c.t(i).amount_fen >= min);
                // Positions, not times: rows are sorted by (time, file, row), so
                // date-only rows keep the statement's order within the day.
                let first_in = dayrows.iter().position(|&i| c.t(i).dir == Dir::In);
                let last_out = dayrows.iter().rposition(|&i| c.t(i).dir == Dir::Out);
                let timed = dayrows.iter().all(|&i| c.t(i).has_time);
                if big_in && tout >= min && tin >= min && tout as f64 >= ratio * tin as f64 && first_in.is_some() && first_in < last_out {
                    let ev: Vec<u32> = dayrows.to_vec();
                    let cps: Vec<u32> = ev.iter().map(|&i| c.t(i).cp).collect();
                    let reason = format!("{}在 {} 当日转入 {}、转出 {}，资金当日进出", c.d.who(n), super::date(c.t(dayrows[0]).ts), yuan(tin), yuan(tout));
                    let mut h = c.hit(n, cps, &ev, tin.min(tout), reason);
                    h.reason_en = format!("{}: {} in and {} out on the same day, {}", c.d.who(n), super::yuan_en(tin), super::yuan_en(tout), super::date(c.t(dayrows[0]).ts));
                    let ts = |p: Option<usize>| p.and_then(|p| dayrows.get(p)).map(|&i| c.t(i).ts);
                    h.dwell_secs = match (ts(first_in), ts(last_out)) {
                        (Some(a), Some(b)) if timed => Some(b - a),
                        // Same day, time unknown: at most a day.
                        (Some(_), Some(_)) => Some(86_399),
                        _ => None,
                    };
                    out.push(h);
                }
            }
            k = e;
        }
    }
}
