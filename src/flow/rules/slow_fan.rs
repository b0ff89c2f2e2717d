//! `flow.slow_fan_in` — 慢速分散转入 and `flow.slow_fan_out` — 慢速分散转出.
//!
//! What (fan-in): over the whole statement period (at most `days`, 365),
//! an account receives exactly once from each of at least `min_parties` (5)
//! one-off senders, each at least `min_yuan` (1,000 元), together at least
//! `min_total_yuan` (50,000 元). A one-off sender is otherwise idle in all
//! the loaded data: this single transfer is its only payment to anyone, the
//! focus never pays it back, and it touches at most `max_other` (2) other
//! transfers in all (e.g. the deposit that funded it). `flow.slow_fan_out` is
//! the mirror: one-off receivers that get money only from this account.
//! Why suspicious: windowed rules (`flow.fan_in`, 3 days) miss collections
//! spread over months with ordinary-looking amounts; what gives them away is
//! structure over the whole period — accounts that exist, in this data, only
//! to feed (or be fed by) one account. Shops and friends are not like that:
//! a shop's customers pay many shops, friends pay more than once.
//! Public collection and payroll/settlement accounts are never focus or party;
//! nor are name-only or masked counterparties (idleness cannot be judged) or firms.
//! Thresholds: `min_parties` = 5, `min_yuan` = 1000, `min_total_yuan` = 50000,
//! `days` = 365, `max_other` = 2 (defaults of the windowed fan rule where they exist).
//! Accounts the windowed rule already reports are left to it.

use super::{date, yuan, yuan_en, Ctx, Hit, Param, RuleDef};
use crate::flow::intern::FxMap;

const PARAMS: &[Param] = &[
    Param { name: "min_parties", default: 5.0, help: "一次性往来账户数量下限" },
    Param { name: "min_yuan", default: 1_000.0, help: "每笔金额下限（元）" },
    Param { name: "min_total_yuan", default: 50_000.0, help: "合计金额下限（元）" },
    Param { name: "days", default: 365.0, help: "最长时间跨度（天）" },
    Param { name: "max_other", default: 2.0, help: "往来账户在全部数据中的其他转账笔数上限" },
];

pub const SLOW_FAN_IN: RuleDef =
    RuleDef { id: "flow.slow_fan_in", label: "慢速分散转入", label_en: "Slow fan-in (one-off senders over months)", base: 20.0, params: PARAMS, needs_timeline: false, run: run_in };
pub const SLOW_FAN_OUT: RuleDef =
    RuleDef { id: "flow.slow_fan_out", label: "慢速分散转出", label_en: "Slow fan-out (one-off receivers over months)", base: 20.0, params: PARAMS, needs_timeline: false, run: run_out };

fn run_in(c: &Ctx, out: &mut Vec<Hit>) {
    run(c, out, true)
}
fn run_out(c: &Ctx, out: &mut Vec<Hit>) {
    run(c, out, false)
}

/// Transfers of a node in all the data.
fn degree(c: &Ctx, n: u32) -> usize {
    c.d.in_edges.get(n as usize).map_or(0, Vec::len) + c.d.out_edges.get(n as usize).map_or(0, Vec::len)
}

/// The windowed rule (`flow.fan_in`/`flow.fan_out`, its own parameters)
/// already reports this account: the slow lead would add nothing.
fn windowed_fires(c: &Ctx, n: u32, inbound: bool) -> bool {
    let fast = if inbound { &super::fan::FAN_IN } else { &super::fan::FAN_OUT };
    let fc = Ctx::new(c.d, fast);
    let list = if inbound { c.d.in_edges.get(n as usize) } else { c.d.out_edges.get(n as usize) };
    let list = super::fan::party_edges(c, list.map_or(&[][..], Vec::as_slice), inbound);
    super::fan::best_window(&fc, &list, inbound, (fc.p("days") * 86_400.0) as i64, fc.p("min_parties").max(2.0) as usize, fc.fen("min_total_yuan")).is_some()
}

fn run(c: &Ctx, out: &mut Vec<Hit>, inbound: bool) {
    let min_parties = c.p("min_parties").max(2.0) as usize;
    let min = c.fen("min_yuan");
    let min_total = i128::from(c.fen("min_total_yuan"));
    let span = (c.p("days") * 86_400.0) as i64;
    let max_other = c.p("max_other").max(0.0) as usize;
    let lists = if inbound { &c.d.in_edges } else { &c.d.out_edges };
    let back = if inbound { &c.d.out_edges } else { &c.d.in_edges };
    for (n, list) in lists.iter().enumerate() {
        let n = n as u32;
        if list.len() < min_parties || c.d.institutional(n) {
            continue;
        }
        // party → (transfers with the focus, the edge)
        let mut per: FxMap<u32, (u32, u32)> = FxMap::default();
        for &e in list {
            if let Some(x) = c.d.edges.get(e as usize) {
                let p = if inbound { x.from } else { x.to };
                let v = per.entry(p).or_insert((0, e));
                v.0 += 1;
            }
        }
        let mut paid_back: Vec<u32> = back.get(n as usize).map_or(&[][..], Vec::as_slice).iter().filter_map(|&e| c.d.edges.get(e as usize)).map(|x| if inbound { x.to } else { x.from }).collect();
        // Sorted once: looked up for every party below.
        paid_back.sort_unstable();
        let mut legs: Vec<(i64, u32, u32)> = Vec::new();
        for (&p, &(k, e)) in &per {
            let Some(x) = c.d.edges.get(e as usize) else { continue };
            if k != 1 || x.amount_fen < min || p == n || c.d.institutional(p) || paid_back.binary_search(&p).is_ok() {
                continue;
            }
            // The party's other side: a sender pays nobody else, a receiver is
            // paid by nobody else. (Checked first: counts are cheaper than the
            // name tests below, and most parties fail here.)
            let same_side = if inbound { c.d.out_edges.get(p as usize) } else { c.d.in_edges.get(p as usize) };
            if same_side.map_or(0, Vec::len) != 1 || degree(c, p) > 1 + max_other {
                continue;
            }
            // Idleness can only be judged for an account with a number (not a
            // name-only or masked counterparty), and a firm's customers are
            // not one-off accounts.
            let Some(node) = c.d.node(p) else { continue };
            if node.account == 0 || c.d.s(node.account).contains('*') || crate::flow::institution::is_org(c.d.name_of(p)) {
                continue;
            }
            legs.push((x.ts, p, e));
        }
        if legs.len() < min_parties {
            continue;
        }
        legs.sort_unstable();
        // Densest run of legs within `span` (two pointers): most parties.
        let (mut best, mut a) = ((0usize, 0usize), 0usize);
        for b in 0..legs.len() {
            while a < b && legs.get(b).map_or(0, |l| l.0) - legs.get(a).map_or(0, |l| l.0) > span {
                a += 1;
            }
            if b + 1 - a > best.1 - best.0 {
                best = (a, b + 1);
            }
        }
        let chosen = legs.get(best.0..best.1).unwrap_or(&[]);
        let total: i128 = chosen.iter().filter_map(|l| c.d.edges.get(l.2 as usize)).map(|x| i128::from(x.amount_fen)).sum();
        if chosen.len() < min_parties || total < min_total || windowed_fires(c, n, inbound) {
            continue;
        }
        let total = i64::try_from(total).unwrap_or(i64::MAX);
        let rows: Vec<u32> = chosen.iter().filter_map(|l| c.d.edges.get(l.2 as usize)).map(|x| x.txn).collect();
        let parties: Vec<u32> = chosen.iter().map(|l| l.1).collect();
        let (first, last) = (chosen.first().map_or(0, |l| l.0), chosen.last().map_or(0, |l| l.0));
        let reason = format!(
            "{}在 {} 至 {} 间{} {} 个一次性账户{}合计 {}；这些账户在全部数据中几乎没有其他交易",
            c.d.who(n),
            date(first),
            date(last),
            if inbound { "收到" } else { "向" },
            chosen.len(),
            if inbound { "各一笔转入，" } else { "各转出一笔，" },
            yuan(total)
        );
        let mut h = c.hit(n, parties, &rows, total, reason);
        h.reason_en = format!(
            "{} {} {} one-off accounts between {} and {}, total {}; those accounts have almost no other activity in the data",
            c.d.who(n),
            if inbound { "received one transfer each from" } else { "sent one transfer each to" },
            chosen.len(),
            date(first),
            date(last),
            yuan_en(total)
        );
        out.push(h);
    }
}
