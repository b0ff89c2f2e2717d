//! `flow.stable_income` — 稳定收入（可供扣划）.
//!
//! What: for a subject with case nodes, money received after enforcement
//! started from the same payer in at least `min_months` (2) different
//! calendar months, each payment at least `min_yuan` (1,000 元); for any
//! account, incoming payments whose summary says 工资/代发/劳务/租金/分红/薪/
//! 奖金/报酬/佣金. Recurring payers without such a summary are not flagged
//! on accounts without case nodes (every household has them); transfers
//! between the owner's own accounts are not income. Only debtors' accounts:
//! other people's wages are not supervision leads.
//! Why it matters: a regular income is property the court can withhold; a
//! case closed as 终本 while wages keep arriving was closed too early.
//! Thresholds: `min_months` = 2, `min_yuan` = 1000.

use super::{yuan, Ctx, Hit, Param, RuleDef};
use crate::flow::intern::FxMap;
use crate::flow::txn::{Dir, Relation, NONE};
use chrono::Datelike;

pub const RULE: RuleDef = RuleDef {
    id: "flow.stable_income",
    label: "稳定收入", label_en: "Stable income",
    base: 15.0,
    params: &[
        Param { name: "min_months", default: 2.0, help: "同一付款方出现的不同月份数下限" },
        Param { name: "min_yuan", default: 1_000.0, help: "每笔收入下限（元）" },
    ],
    needs_timeline: true,
    run,
};

pub const KEYWORDS: &[&str] = &["工资", "代发", "劳务", "租金", "分红", "薪", "奖金", "报酬", "佣金"];

fn run(c: &Ctx, out: &mut Vec<Hit>) {
    let min_months = c.p("min_months").max(1.0) as usize;
    let min = c.fen("min_yuan");
    for n in c.own() {
        // Income matters for a debtor: other people's salaries are not leads.
        if c.d.subject_of(n).is_none() {
            continue;
        }
        let start = c.d.timeline_of(n).and_then(|t| t.enforcement_start());
        let by_months = start.is_some();
        // payer key → (months, rows, keyword)
        let mut per: FxMap<(u32, u32), (Vec<u32>, Vec<u32>, Option<&'static str>)> = FxMap::default();
        for &i in c.rows(n) {
            let t = c.t(i);
            if t.dir != Dir::In || t.amount_fen < min || start.is_some_and(|s| t.time().date() < s) {
                continue;
            }
            let summary = c.d.s(t.summary);
            let kw = KEYWORDS.iter().copied().find(|k| summary.contains(k));
            let key = if t.cp == NONE { (NONE, t.summary) } else { (t.cp, 0) };
            if t.cp == NONE && kw.is_none() {
                continue;
            }
            let e = per.entry(key).or_default();
            let d = t.time().date();
            let m = (d.year() * 12 + d.month() as i32) as u32;
            if !e.0.contains(&m) {
                e.0.push(m);
            }
            e.1.push(i);
            e.2 = e.2.or(kw);
        }
        let mut payers: Vec<_> = per.into_iter().collect();
        payers.sort_by_key(|(k, _)| *k);
        for ((cp, _), (months, rows, kw)) in payers {
            if (!by_months || months.len() < min_months) && kw.is_none() {
                continue;
            }
            if cp != NONE && c.d.relation(n, cp) == Some(Relation::SelfNamed) {
                continue;
            }
            let total: i64 = rows.iter().map(|&i| c.t(i).amount_fen).fold(0i64, i64::saturating_add);
            let payer = if cp == NONE { "未载明付款方".to_string() } else { c.d.who(cp) };
            let why = match kw {
                Some(k) => format!("摘要含“{k}”"),
                None => format!("在 {} 个不同月份收款", months.len()),
            };
            let reason = format!("{}自{}收款 {} 笔、合计 {}（{}），可作为稳定收入申请扣划或提取", c.d.who(n), payer, rows.len(), yuan(total), why);
            let mut h = c.hit(n, vec![cp], &rows, total, reason);
            let why_en = match kw {
                Some(_) => "the summary names wages/rent/dividends".to_string(),
                None => format!("paid in {} different months", months.len()),
            };
            let payer_en = if cp == NONE { "an unnamed payer".to_string() } else { c.d.who(cp) };
            h.reason_en = format!("{} received {} payments totalling {} from {} ({}): income the court can withhold", c.d.who(n), rows.len(), super::yuan_en(total), payer_en, why_en);
            out.push(h);
        }
    }
}
