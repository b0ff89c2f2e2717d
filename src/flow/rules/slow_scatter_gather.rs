//! `flow.slow_scatter_gather` — the same shape over the whole period
//! (`days` = 180): the intermediaries pass the money on weeks later. Over
//! such a span ordinary people's payments meet by chance, so here an
//! intermediary must be otherwise idle (at most `mid_max_transfers` (4)
//! transfers in all the data), and shapes the windowed rule reports are
//! left to it. Public collection and payroll/settlement accounts never take
//! part in either rule.
//! Thresholds: `min_mid` = 3, `days` = 180, `min_yuan` = 5000, `fanout` = 20, `mid_max_transfers` = 4.

use super::{scatter_gather, Ctx, Hit, Param, RuleDef};

pub const SLOW: RuleDef = RuleDef {
    id: "flow.slow_scatter_gather",
    label: "慢速分散转出集中转入",
    label_en: "Slow scatter then gather",
    base: 25.0,
    params: &[
        Param { name: "min_mid", default: 3.0, help: "中间账户数量下限" },
        Param { name: "days", default: 180.0, help: "窗口天数" },
        Param { name: "min_yuan", default: 5_000.0, help: "每笔金额下限（元）" },
        Param { name: "fanout", default: 20.0, help: "每个中间账户最多跟踪的转出笔数" },
        Param { name: "mid_max_transfers", default: 4.0, help: "中间账户在全部数据中的转账笔数上限" },
    ],
    needs_timeline: false,
    run: run_slow,
};

fn run_slow(c: &Ctx, out: &mut Vec<Hit>) {
    let fast_days = c.d.param("flow.scatter_gather.days", scatter_gather::RULE.params.iter().find(|p| p.name == "days").map_or(3.0, |p| p.default));
    scatter_gather::scan(c, out, Some((c.p("mid_max_transfers") as usize, (fast_days * 86_400.0) as i64)))
}

