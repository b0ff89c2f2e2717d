//! `flow.large_out_after_node` — 执行立案/报告财产令后大额转出.
//!
//! What: a subject's outflows of at least `min_yuan` (default 50,000 元)
//! after enforcement started (执行立案, else 执行通知/报告财产令, else
//! 判决生效), one lead per counterparty and phase.
//! Why suspicious: once the case is filed the debtor must report and keep
//! property; a large transfer out then is the classic evasion step
//! (拒执: 法释〔2024〕13号 第6条; 民诉法 第252条).
//! Thresholds: `min_yuan` = 50000.

use super::{yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::txn::Dir;
use std::collections::BTreeMap;

pub const RULE: RuleDef = RuleDef {
    id: "flow.large_out_after_node",
    label: "节点后大额转出", label_en: "Large outflow after a case date",
    base: 30.0,
    params: &[Param { name: "min_yuan", default: 50_000.0, help: "单笔转出金额下限（元）" }],
    needs_timeline: true,
    run,
};

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let min = c.fen("min_yuan");
    for n in c.own() {
        let Some(tl) = c.d.timeline_of(n) else { continue };
        let Some(start) = tl.enforcement_start() else { continue };
        let mut groups: BTreeMap<(u32, crate::flow::timeline::Phase), Vec<u32>> = BTreeMap::new();
        for &i in c.rows(n) {
            let t = c.t(i);
            if t.dir != Dir::Out || t.amount_fen < min || t.time().date() < start {
                continue;
            }
            groups.entry((t.cp, tl.phase(t.time()))).or_default().push(i);
        }
        for ((cp, phase), rows) in groups {
            let total: i64 = rows.iter().map(|&i| c.t(i).amount_fen).fold(0i64, i64::saturating_add);
            let to = if cp == crate::flow::txn::NONE { "未载明对手方（现金等）".to_string() } else { c.d.who(cp) };
            let reason = format!(
                "{}在{}（{}起）向{}转出 {} 笔、合计 {}，单笔均不低于 {}",
                c.d.who(n),
                phase.label(),
                start.format("%Y-%m-%d"),
                to,
                rows.len(),
                yuan(total),
                yuan(min)
            );
            let mut h = c.hit(n, vec![cp], &rows, total, reason);
            let to_en = if cp == crate::flow::txn::NONE { "no named counterparty (cash etc.)".to_string() } else { c.d.who(cp) };
            h.reason_en = format!(
                "{} sent {} transfers totalling {} to {} {} (from {}), each at least {}",
                c.d.who(n),
                rows.len(),
                super::yuan_en(total),
                to_en,
                phase.label_en(),
                start.format("%Y-%m-%d"),
                super::yuan_en(min)
            );
            out.push(h);
        }
    }
}
