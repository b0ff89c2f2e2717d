//! `flow.asset_keyword` — 隐匿资产关键词.
//!
//! What: transactions whose summary, counterparty name or merchant contains a
//! keyword of a category: insurance (人寿|财险|保险|保费; social insurance
//! excluded), housing (房款|首付|购房|置业|房地产|契税|维修基金|按揭|物业费),
//! vehicle (4S|汽车销售|车款|购置税|车船税|交强险|ETC), securities
//! (证券|银证|基金|理财), consumption-ban breach (航空|机票|12306|铁路|酒店|
//! 高尔夫|旅行社). One lead per account and category, `category` set.
//! Why it matters: each points to property the court can look for (a policy's
//! cash value, a flat, a car, a securities account) or, for a debtor under a
//! consumption ban, to a breach.
//! Phase-aware: on a debtor's account the rows before the case (earlier
//! than the lawsuit and than the year before the 执行通知/立案, which the
//! property report covers, 民诉法 第252条) form a separate lead from those
//! after it, so a car bought a year before the case does not ride on the
//! score of one bought after the judgment.
//! Thresholds: `min_yuan` = 0 (every matching row counts).

use super::{yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::intern::FxMap;

pub const RULE: RuleDef = RuleDef {
    id: "flow.asset_keyword",
    label: "资产线索关键词", label_en: "Asset keywords",
    base: 15.0,
    params: &[Param { name: "min_yuan", default: 0.0, help: "单笔金额下限（元）" }],
    needs_timeline: false,
    run,
};

/// (category id, Chinese label, keywords).
pub const CATEGORIES: &[(&str, &str, &[&str])] = &[
    ("insurance", "保险", &["人寿", "财险", "保险", "保费"]),
    ("housing", "房产", &["房款", "首付", "购房", "置业", "房地产", "契税", "维修基金", "按揭", "物业费"]),
    ("vehicle", "车辆", &["4S", "汽车销售", "车款", "购置税", "车船税", "交强险", "ETC"]),
    ("securities", "证券理财", &["证券", "银证", "基金", "理财"]),
    ("consumption_ban", "违反限制消费", &["航空", "机票", "12306", "铁路", "酒店", "高尔夫", "旅行社"]),
];

/// Social insurance and housing funds are not hidden assets.
const EXCLUDE: &[&str] = &["社会保险", "社保", "医疗保险", "养老保险", "失业保险", "医保", "公积金"];

/// Category index of a text, if any.
pub fn category(text: &str) -> Option<usize> {
    if text.is_empty() || EXCLUDE.iter().any(|x| text.contains(x)) {
        return None;
    }
    let upper;
    let t = if text.is_ascii() || text.chars().any(|c| c.is_ascii_lowercase()) {
        upper = text.to_uppercase();
        upper.as_str()
    } else {
        text
    };
    CATEGORIES.iter().position(|(_, _, kws)| kws.iter().any(|k| t.contains(k)))
}

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let min = c.fen("min_yuan");
    let mut cache: FxMap<u32, Option<usize>> = FxMap::default();
    let mut cat = |s: u32| *cache.entry(s).or_insert_with(|| category(c.d.s(s)));
    for n in c.own() {
        // Rows from this moment on are "in the case" (see the module doc).
        let case_from = c.d.timeline_of(n).and_then(|tl| {
            let report_year = tl.notice.or(tl.filed).map(|d| d - chrono::Duration::days(365));
            [tl.lawsuit, report_year, tl.judgment].into_iter().flatten().min()
        });
        let case_from = case_from.map(|d| crate::flow::txn::ts_of(d.and_time(chrono::NaiveTime::MIN)));
        // (category, before the case?) → rows, total, example
        let mut per: Vec<(Vec<u32>, i64, Option<String>)> = vec![(Vec::new(), 0, None); CATEGORIES.len() * 2];
        for &i in c.rows(n) {
            let t = c.t(i);
            if t.amount_fen < min {
                continue;
            }
            let hit = [t.summary, t.cp_name, t.merchant].into_iter().find_map(|s| cat(s).map(|k| (k, s)));
            if let Some((k, s)) = hit {
                let before = case_from.is_some_and(|f| t.ts < f);
                if let Some(e) = per.get_mut(k * 2 + usize::from(before)) {
                    e.0.push(i);
                    e.1 = e.1.saturating_add(t.amount_fen);
                    if e.2.is_none() {
                        e.2 = Some(c.d.s(s).to_string());
                    }
                }
            }
        }
        for (k, (rows, total, example)) in per.into_iter().enumerate() {
            if rows.is_empty() {
                continue;
            }
            let before = k % 2 == 1;
            let Some((id, label, _)) = CATEGORIES.get(k / 2) else { continue };
            let cps: Vec<u32> = rows.iter().map(|&i| c.t(i).cp).collect();
            let when = if before { "（均在案发前，财产可能已不在名下）" } else { "" };
            let reason = format!("{}有 {} 笔交易涉及{}（如“{}”），合计 {}{}", c.d.who(n), rows.len(), label, example.unwrap_or_default(), yuan(total), when);
            let mut h = c.hit(n, cps, &rows, total, reason);
            h.reason_en = format!(
                "{} has {} transactions about {} (e.g. \"{}\"), total {}{}",
                c.d.who(n),
                rows.len(),
                id.replace('_', " "),
                c.d.s(c.t(rows.first().copied().unwrap_or(0)).summary),
                super::yuan_en(total),
                if before { " (all before the case: the property may be gone)" } else { "" }
            );
            h.category = Some(id);
            out.push(h);
        }
    }
}
