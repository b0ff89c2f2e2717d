//! `flow.slow_loop` — 慢速资金回流: the search of `flow.loop` over the whole period
//! for what the windowed rule cannot see: cycles of 3–`max_hops` (9)
//! accounts whose hops are weeks apart (`days` = 365). Over many hops a
//! little is kept back at each step, so amounts may fall to
//! `tolerance` (30%) below the first. Cycles the windowed rule already
//! reports (≤ its `max_hops` and within its `days`) are left to it.
//! Thresholds: `min_hops` = 3, `max_hops` = 9, `days` = 365, `tolerance` = 0.3, `min_yuan` = 10000, `fanout` = 8.

use super::{loops, Ctx, Hit, Param, RuleDef};

pub const SLOW: RuleDef = RuleDef {
    id: "flow.slow_loop",
    label: "慢速资金回流",
    label_en: "Slow loop (money returning over weeks)",
    base: 25.0,
    params: &[
        Param { name: "min_hops", default: 3.0, help: "环上至少几个账户" },
        Param { name: "max_hops", default: 9.0, help: "环上最多几个账户（3–10）" },
        Param { name: "days", default: 365.0, help: "首笔转出后多少天内回流" },
        Param { name: "tolerance", default: 0.3, help: "各笔金额与首笔相差比例上限" },
        Param { name: "min_yuan", default: 10_000.0, help: "首笔金额下限（元）" },
        Param { name: "fanout", default: 8.0, help: "每个账户最多跟踪的后续转账数" },
        Param { name: "max_loops", default: 5_000.0, help: "最多保留的回流环数" },
        Param { name: "max_steps", default: 50_000_000.0, help: "搜索步数上限（防止极端数据拖慢分析）" },
    ],
    needs_timeline: false,
    run: run_slow,
};

fn run_slow(c: &Ctx, out: &mut Vec<Hit>) {
    let fast = (loops::RULE.params.iter().find(|p| p.name == "max_hops").map_or(4.0, |p| p.default), loops::RULE.params.iter().find(|p| p.name == "days").map_or(30.0, |p| p.default));
    let fast_hops = c.d.param("flow.loop.max_hops", fast.0) as usize;
    let fast_days = c.d.param("flow.loop.days", fast.1);
    let min_hops = (c.p("min_hops") as usize).clamp(2, 10);
    loops::search(c, out, min_hops, (c.p("max_hops") as usize).clamp(min_hops, 10), Some((fast_hops, (fast_days * 86_400.0) as i64)))
}

