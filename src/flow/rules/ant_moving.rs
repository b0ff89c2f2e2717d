//! `flow.ant_moving` — 蚂蚁搬家.
//!
//! What: at least `min_count` (3) transfers from an account to the same
//! related counterparty (同名账户, a listed relative, the same surname, another
//! subject, or an account whose statement is loaded), with net outflow to it
//! of at least `min_net_yuan` (30,000 元), over the whole statement (the
//! lead's phase says whether it happened after a case node).
//! Why suspicious: splitting money into many small transfers to family or
//! one's own other accounts moves it out of reach while each transfer looks
//! ordinary.
//! Thresholds: `min_count` = 3, `min_net_yuan` = 30000.

use super::{yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::intern::FxMap;
use crate::flow::txn::{Dir, NONE};

pub const RULE: RuleDef = RuleDef {
    id: "flow.ant_moving",
    label: "蚂蚁搬家",
    base: 25.0,
    params: &[
        Param { name: "min_count", default: 3.0, help: "转出笔数下限" },
        Param { name: "min_net_yuan", default: 30_000.0, help: "净转出金额下限（元）" },
    ],
    needs_timeline: false,
    run,
};

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let min_count = c.p("min_count") as usize;
    let min_net = c.fen("min_net_yuan");
    for n in c.own() {
        let mut per: FxMap<u32, (i64, i64, Vec<u32>)> = FxMap::default();
        for &i in c.rows(n) {
            let t = c.t(i);
            if t.cp == NONE {
                continue;
            }
            let e = per.entry(t.cp).or_default();
            match t.dir {
                Dir::Out => {
                    e.0 += t.amount_fen;
                    e.2.push(i);
                }
                Dir::In => e.1 += t.amount_fen,
            }
        }
        let mut cps: Vec<_> = per.into_iter().collect();
        cps.sort_by_key(|(cp, _)| *cp);
        for (cp, (o, i, rows)) in cps {
            if rows.len() < min_count || o - i < min_net {
                continue;
            }
            let Some(rel) = c.d.relation(n, cp) else { continue };
            let reason = format!(
                "{}向{}（{}）转出 {} 笔、合计 {}，扣除转回后净转出 {}",
                c.d.who(n),
                c.d.who(cp),
                rel.label(),
                rows.len(),
                yuan(o),
                yuan(o - i)
            );
            out.push(c.hit(n, vec![cp], &rows, o - i, reason));
        }
    }
}
