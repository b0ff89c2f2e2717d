//! `flow.loop` — 资金回流.
//!
//! What: money that leaves an account and comes back through 2–`max_hops`
//! (4) transfers, each later than the one before, all within `days` (30) of
//! the first, each amount within ±`tolerance` (20%) of the first, the first
//! at least `min_yuan` (10,000 元). One lead per distinct cycle of accounts.
//! Why suspicious: a round trip creates the look of trade or repayment while
//! the money ends where it started, and it parks money in others' names in
//! between.
//! Search: bounded DFS over time-ordered edges; from each node at most
//! `fanout` (20) candidate edges are followed, and at most `max_loops`
//! (5,000) cycles are kept, so the cost is linear in the number of edges.
//! Thresholds: `max_hops` = 4, `days` = 30, `tolerance` = 0.2, `min_yuan` = 10000, `fanout` = 20.


use super::{date, yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::intern::FxMap;
use crate::flow::txn::Edge;

pub const RULE: RuleDef = RuleDef {
    id: "flow.loop",
    label: "资金回流", label_en: "Money returning (loop)",
    base: 25.0,
    params: &[
        Param { name: "max_hops", default: 4.0, help: "最多经过几次转账回到原账户（2–4）" },
        Param { name: "days", default: 30.0, help: "首笔转出后多少天内回流" },
        Param { name: "tolerance", default: 0.2, help: "各笔金额与首笔相差比例上限" },
        Param { name: "min_yuan", default: 10_000.0, help: "首笔金额下限（元）" },
        Param { name: "fanout", default: 20.0, help: "每个账户最多跟踪的后续转账数" },
        Param { name: "max_loops", default: 5_000.0, help: "最多保留的回流环数" },
        Param { name: "max_steps", default: 50_000_000.0, help: "搜索步数上限（防止极端数据拖慢分析）" },
    ],
    needs_timeline: false,
    run,
};

/// Search steps from one starting transfer (a dense hub must not eat the budget).
const STEPS_PER_START: u64 = 200_000;

struct Search<'a> {
    c: &'a Ctx<'a>,
    min_hops: usize,
    max_hops: usize,
    deadline: i64,
    lo: i64,
    hi: i64,
    fanout: usize,
    start: u32,
    path: Vec<u32>,
    found: Vec<Vec<u32>>,
    steps: u64,
}

impl Search<'_> {
    fn edge(&self, e: u32) -> Option<&Edge> {
        self.c.d.edges.get(e as usize)
    }
    fn dfs(&mut self, node: u32, after: i64) {
        if self.path.len() >= self.max_hops || self.found.len() > 16 || self.steps > STEPS_PER_START {
            return;
        }
        let list = self.c.d.out_edges.get(node as usize).map(Vec::as_slice).unwrap_or(&[]);
        let first = list.partition_point(|&e| self.c.d.edges.get(e as usize).map_or(0, |x| x.ts) < after);
        let mut taken = 0;
        for &e in list.iter().skip(first).take(self.fanout * 8) {
            self.steps += 1;
            let Some(x) = self.edge(e).copied() else { break };
            if x.ts > self.deadline || taken >= self.fanout {
                break;
            }
            if x.amount_fen < self.lo || x.amount_fen > self.hi || self.path.contains(&e) {
                continue;
            }
            taken += 1;
            if x.to == self.start {
                if self.path.len() + 1 >= self.min_hops {
                    let mut p = self.path.clone();
                    p.push(e);
                    self.found.push(p);
                }
                continue;
            }
            // No revisits of intermediate accounts (simple cycles only).
            if self.path.iter().any(|&pe| self.edge(pe).is_some_and(|y| y.from == x.to)) {
                continue;
            }
            self.path.push(e);
            self.dfs(x.to, x.ts);
            self.path.pop();
        }
    }
}

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    search(c, out, 2, (c.p("max_hops") as usize).clamp(2, 6), None)
}

/// Bounded cycle search; `leave`: cycles (hops, span) the windowed rule reports.
pub(super) fn search(c: &Ctx, out: &mut Vec<Hit>, min_hops: usize, max_hops: usize, leave: Option<(usize, i64)>) {
    let win = (c.p("days") * 86_400.0) as i64;
    let tol = c.p("tolerance").max(0.0);
    let min = c.fen("min_yuan");
    let fanout = c.p("fanout").max(1.0) as usize;
    let max_loops = c.p("max_loops").max(1.0) as usize;
    let max_steps = c.p("max_steps").max(1.0) as u64;
    let mut steps = 0u64;
    let mut seen: FxMap<Vec<u32>, usize> = FxMap::default();
    let mut loops: Vec<(Vec<u32>, usize)> = Vec::new();
    for (k, e0) in c.d.edges.iter().enumerate() {
        if e0.amount_fen < min || loops.len() >= max_loops || steps >= max_steps {
            continue;
        }
        let a = e0.amount_fen as f64;
        let mut s = Search {
            c,
            min_hops,
            max_hops,
            deadline: e0.ts + win,
            lo: (a * (1.0 - tol)).floor() as i64,
            hi: (a * (1.0 + tol)).ceil() as i64,
            fanout,
            start: e0.from,
            path: vec![k as u32],
            found: Vec::new(),
            steps: 0,
        };
        s.dfs(e0.to, e0.ts);
        steps += s.steps;
        for p in s.found {
            // The same cycle of accounts found again (from another start) is one lead.
            let mut nodes: Vec<u32> = p.iter().filter_map(|&e| c.d.edges.get(e as usize)).map(|x| x.from).collect();
            let Some(pos) = nodes.iter().enumerate().min_by_key(|(_, &v)| v).map(|(i, _)| i) else { continue };
            nodes.rotate_left(pos);
            match seen.get(&nodes) {
                Some(&li) => {
                    if let Some(l) = loops.get_mut(li) {
                        l.1 += 1;
                    }
                }
                None => {
                    seen.insert(nodes, loops.len());
                    loops.push((p, 1));
                }
            }
        }
    }
    for (p, times) in loops {
        let es: Vec<Edge> = p.iter().filter_map(|&e| c.d.edges.get(e as usize).copied()).collect();
        let Some(first) = es.first() else { continue };
        let Some(last) = es.last() else { continue };
        if leave.is_some_and(|(hops, span)| es.len() <= hops && last.ts - first.ts <= span) {
            continue;
        }
        let mut rows = Vec::new();
        for e in &es {
            rows.push(e.txn);
            if e.other != crate::flow::txn::NONE {
                rows.push(e.other);
            }
        }
        let chain: Vec<String> = es.iter().map(|e| c.d.who(e.from)).chain(std::iter::once(c.d.who(first.from))).collect();
        let reason = format!(
            "资金 {} 于 {} 从{}转出，经 {} 次转账于 {} 回到原账户：{}{}",
            yuan(first.amount_fen),
            date(first.ts),
            c.d.who(first.from),
            es.len(),
            date(last.ts),
            chain.join(" → "),
            if times > 1 { format!("（同一路径共发现 {times} 次）") } else { String::new() }
        );
        let accounts: Vec<u32> = es.iter().map(|e| e.to).collect();
        let mut h = c.hit(first.from, accounts, &rows, first.amount_fen, reason);
        h.reason_en = format!(
            "{} left {} on {} and came back after {} transfers on {}: {}{}",
            super::yuan_en(first.amount_fen),
            c.d.who(first.from),
            date(first.ts),
            es.len(),
            date(last.ts),
            chain.join(" → "),
            if times > 1 { format!(" (same path found {times} times)") } else { String::new() }
        );
        h.dwell_secs = Some(last.ts - first.ts);
        out.push(h);
    }
}
