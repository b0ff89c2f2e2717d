//! `flow.ant_moving` — 蚂蚁搬家.
//!
//! What: a debtor's account (a subject with case nodes) sends at least
//! `min_count` (3) transfers to the same related account — 同名账户, a
//! listed relative, the same surname, another subject's account — within
//! `window_days` (365) after a case node (the earliest node the data gives:
//! 起诉/应诉, 判决, 执行立案 …), with net outflow to it (outflows minus what
//! came back in the same span) of at least `min_net_yuan` (30,000 元).
//! Only transfers after the node count: small transfers from before the case
//! do not make a later large one look split.
//! Why suspicious: splitting money into many small transfers to family or
//! one's own other accounts moves it out of reach while each transfer looks
//! ordinary (拒执, 法释〔2024〕13号 第6条 counts transfers after 应诉).
//! Not flagged: money flowing *to* the debtor, payments to unrelated people
//! (rent, payroll), accounts with no case node.
//! Thresholds: `min_count` = 3, `min_net_yuan` = 30000, `window_days` = 365.

use super::{yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::intern::FxMap;
use crate::flow::txn::{ts_of, Dir, Relation, NONE};

pub const RULE: RuleDef = RuleDef {
    id: "flow.ant_moving",
    label: "蚂蚁搬家", label_en: "Ant moving (many small transfers to relatives)",
    base: 25.0,
    params: &[
        Param { name: "min_count", default: 3.0, help: "转出笔数下限" },
        Param { name: "min_net_yuan", default: 30_000.0, help: "净转出金额下限（元）" },
        Param { name: "window_days", default: 365.0, help: "案件节点后多少天内" },
    ],
    needs_timeline: true,
    run,
};

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let min_count = c.p("min_count") as usize;
    let min_net = c.fen("min_net_yuan");
    let window = (c.p("window_days") * 86_400.0) as i64;
    for n in c.own() {
        let Some(tl) = c.d.timeline_of(n) else { continue };
        let Some(first) = tl.nodes().first().map(|m| m.date) else { continue };
        let start = ts_of(first.and_time(chrono::NaiveTime::MIN));
        let end = start.saturating_add(window);
        // counterparty → (out, back in, out rows)
        let mut per: FxMap<u32, (i128, i128, Vec<u32>)> = FxMap::default();
        for &i in c.rows(n) {
            let t = c.t(i);
            if t.cp == NONE || t.ts < start || t.ts > end {
                continue;
            }
            let e = per.entry(t.cp).or_default();
            match t.dir {
                Dir::Out => {
                    e.0 = e.0.saturating_add(i128::from(t.amount_fen));
                    e.2.push(i);
                }
                Dir::In => e.1 += i128::from(t.amount_fen),
            }
        }
        let mut cps: Vec<_> = per.into_iter().collect();
        cps.sort_by_key(|(cp, _)| *cp);
        for (cp, (o, i, rows)) in cps {
            let net = o - i;
            if rows.len() < min_count || net < i128::from(min_net) {
                continue;
            }
            // Related people only: an account merely loaded is not family.
            let Some(rel) = c.d.relation(n, cp).filter(|r| *r != Relation::Loaded) else { continue };
            if c.d.institutional(cp) {
                continue;
            }
            let net = i64::try_from(net).unwrap_or(i64::MAX);
            let o = i64::try_from(o).unwrap_or(i64::MAX);
            let reason = format!(
                "{}在案件节点（{}）后向{}（{}）转出 {} 笔、合计 {}，扣除转回后净转出 {}",
                c.d.who(n),
                first.format("%Y-%m-%d"),
                c.d.who(cp),
                rel.label(),
                rows.len(),
                yuan(o),
                yuan(net)
            );
            let reason_en = format!(
                "{} sent {} transfers totalling {} to {} ({}) after the case date {}; net of money returned: {}",
                c.d.who(n),
                rows.len(),
                super::yuan_en(o),
                c.d.who(cp),
                rel.label_en(),
                first.format("%Y-%m-%d"),
                super::yuan_en(net)
            );
            let mut h = c.hit(n, vec![cp], &rows, net, reason);
            h.reason_en = reason_en;
            out.push(h);
        }
    }
}
