//! From rule hits to ranked leads with evidence.
//!
//! **Score** (0–100, higher first). Structural patterns are common in honest
//! money, so a lone pattern scores low and corroboration raises it:
//!
//! ```text
//! score = base(rule)                                  5–30, see rules::RULES
//!       + 12 × min(3, other rules firing on the focus account)
//!       + 15 if the focus account belongs to a subject (debtor)
//!       + 15 if a case node lies within `flow.score.node_days` (90) days before the lead starts
//!       +  8 if the lead falls after enforcement started (执行立案 or later)
//!       + 10 if money stayed ≤ 1 day (dwell time measured by the rule)
//!       + 10 if the focus account's balance is near zero right after (≤ 1% of the amount or ≤ 100 元)
//!       +  8 if the counterparties were new (first contact with them falls in the lead's span)
//!       + amount points: 5 × log10(amount / 1万元), clamped to 0–15
//! score = 100 × (1 − e^(−raw / 70))
//! ```
//! The last step saturates softly instead of clamping at 100: a hard clamp
//! tied the best-corroborated leads at the top of the list, where ranking
//! matters most. Order is unchanged; raw 50 → 51, raw 100 → 76, raw 140 → 86.
//! The parts are kept in `score_parts` so the page can show why a lead ranks high.

use super::rules::{self, Hit};
use super::timeline::Phase;
use super::txn::{time_of, Dir, FlowData, NONE};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EvidenceRow {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub row: u32,
    pub time: String,
    pub account: String,
    pub dir: Dir,
    pub amount_fen: i64,
    pub counterparty: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScorePart {
    pub what: &'static str,
    pub points: f64,
}

/// One flow lead. JSON keys other tools read: rule, score, focus_account,
/// accounts, subject_id, subject_name, amount_fen, from, to, phase,
/// transactions[{file,row}].
#[derive(Debug, Clone, Serialize)]
pub struct FlowLead {
    pub rule: String,
    pub label: String,
    pub score: f64,
    pub focus_account: String,
    pub focus_name: String,
    pub accounts: Vec<String>,
    pub subject_id: String,
    pub subject_name: String,
    pub amount_fen: i64,
    pub from: String,
    pub to: String,
    /// Chinese label of the case phase at `from` ("执行立案后", "无案件节点", …).
    pub phase: String,
    pub phase_id: Phase,
    pub transactions: Vec<EvidenceRow>,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub fingerprint: String,
    pub score_parts: Vec<ScorePart>,
}

fn fmt(ts: i64) -> String {
    time_of(ts).format("%Y-%m-%d %H:%M:%S").to_string()
}

pub fn evidence(d: &FlowData, i: u32) -> Option<EvidenceRow> {
    let t = d.txn(i)?;
    let f = d.files.get(t.file_idx as usize);
    let cp = if t.cp == NONE { d.s(t.cp_name).to_string() } else { d.who(t.cp) };
    Some(EvidenceRow {
        file: f.map(|f| f.file.clone()).unwrap_or_default(),
        sheet: f.and_then(|f| f.sheet.clone()),
        row: t.row,
        // Date-only statements: show the date, not an invented 00:00:00.
        time: if t.has_time { fmt(t.ts) } else { time_of(t.ts).format("%Y-%m-%d").to_string() },
        account: d.account_label(t.account),
        dir: t.dir,
        amount_fen: t.amount_fen,
        counterparty: cp,
        summary: d.s(t.summary).to_string(),
    })
}

/// Score and shape the hits; sorted by score, then amount.
pub fn leads(d: &FlowData, hits: Vec<Hit>) -> Vec<FlowLead> {
    let node_days = super::rules::global(d, "flow.score.node_days");
    // Rules per account (focus or involved).
    let mut rules_of: BTreeMap<u32, BTreeSet<&'static str>> = BTreeMap::new();
    for h in &hits {
        rules_of.entry(h.focus).or_default().insert(h.rule);
    }
    // First contact time per (focus, counterparty), for the focus accounts only.
    let mut first_contact: BTreeMap<(u32, u32), i64> = BTreeMap::new();
    let focus: BTreeSet<u32> = hits.iter().map(|h| h.focus).collect();
    for &n in &focus {
        for &i in d.by_node.get(n as usize).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(t) = d.txn(i) {
                if t.cp != NONE {
                    first_contact.entry((n, t.cp)).or_insert(t.ts);
                }
            }
        }
    }
    let mut out: Vec<FlowLead> = hits
        .into_iter()
        .map(|h| {
            let def = rules::get(h.rule);
            let mut parts = vec![ScorePart { what: "规则基础分", points: def.map_or(10.0, |r| r.base) }];
            let others = rules_of.get(&h.focus).map_or(0, |s| s.len().saturating_sub(1)).min(3);
            if others > 0 {
                parts.push(ScorePart { what: "同一账户另有其他规则命中", points: 12.0 * others as f64 });
            }
            let subject = d.subject_of(h.focus).or_else(|| h.accounts.iter().find_map(|&a| d.subject_of(a)));
            if d.subject_of(h.focus).is_some() {
                parts.push(ScorePart { what: "被执行人本人账户", points: 15.0 });
            }
            let tl = subject.map(|s| &s.timeline).filter(|t| !t.is_empty());
            let from_t = time_of(h.from);
            let phase = tl.map_or(Phase::Unknown, |t| t.phase(from_t));
            if let Some(node) = tl.and_then(|t| t.last_node_before(from_t.date())) {
                if (from_t.date() - node.date).num_days() as f64 <= node_days {
                    parts.push(ScorePart { what: "案件节点后不久", points: 15.0 });
                }
            }
            if phase.in_enforcement() {
                parts.push(ScorePart { what: "发生在执行立案之后", points: 8.0 });
            }
            if h.dwell_secs.is_some_and(|s| s <= 86_400) {
                parts.push(ScorePart { what: "资金停留不超过一天", points: 10.0 });
            }
            let last_out = h.txns.iter().filter_map(|&i| d.txn(i)).filter(|t| t.account == h.focus && t.dir == Dir::Out).max_by_key(|t| t.ts);
            if let Some(b) = last_out.and_then(|t| t.balance_fen) {
                if b <= 10_000 || (b as f64) <= 0.01 * h.amount_fen as f64 {
                    parts.push(ScorePart { what: "转出后余额接近零", points: 10.0 });
                }
            }
            let cps: BTreeSet<u32> = h.txns.iter().filter_map(|&i| d.txn(i)).filter(|t| t.account == h.focus && t.cp != NONE).map(|t| t.cp).collect();
            if !cps.is_empty() && cps.iter().all(|&cp| first_contact.get(&(h.focus, cp)).is_some_and(|&f| f >= h.from - 86_400)) {
                parts.push(ScorePart { what: "对手方为新出现的账户", points: 8.0 });
            }
            let wan = h.amount_fen as f64 / 1_000_000.0;
            if wan > 1.0 {
                parts.push(ScorePart { what: "金额", points: (5.0 * wan.log10()).clamp(0.0, 15.0) });
            }
            let raw = parts.iter().map(|p| p.points).sum::<f64>().max(0.0);
            let score = (100.0 * (1.0 - (-raw / 70.0).exp()) * 10.0).round() / 10.0;
            let accounts: Vec<String> = h.accounts.iter().map(|&a| d.account_label(a)).collect();
            let mut rows: Vec<u32> = Vec::with_capacity(h.txns.len() * 2);
            for &i in &h.txns {
                rows.push(i);
                // Both statements' rows of a deduplicated transfer are evidence.
                if let Some(m) = d.txn(i).map(|t| t.mirror).filter(|&m| m != NONE) {
                    rows.push(m);
                }
            }
            rows.sort_unstable();
            rows.dedup();
            let mut key_accounts = accounts.clone();
            key_accounts.sort();
            let fp = super::intern::fx_hash(&format!("{}|{}|{}|{}", h.rule, d.account_label(h.focus), key_accounts.join(","), time_of(h.from).date()));
            FlowLead {
                rule: h.rule.to_string(),
                label: def.map_or("", |r| r.label).to_string(),
                score,
                focus_account: d.account_label(h.focus),
                focus_name: d.name_of(h.focus).to_string(),
                accounts,
                subject_id: subject.map(|s| s.id_number.clone()).unwrap_or_default(),
                subject_name: subject.map(|s| s.name.clone()).unwrap_or_default(),
                amount_fen: h.amount_fen,
                from: fmt(h.from),
                to: fmt(h.to),
                phase: tl.map_or_else(|| phase.label().to_string(), |t| t.phase_label(from_t, false)),
                phase_id: phase,
                transactions: rows.iter().filter_map(|&i| evidence(d, i)).collect(),
                reason: h.reason,
                category: h.category.map(str::to_string),
                fingerprint: format!("{fp:016x}"),
                score_parts: parts,
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.partial_cmp(&a.score).unwrap_or(std::cmp::Ordering::Equal).then(b.amount_fen.cmp(&a.amount_fen)).then(a.fingerprint.cmp(&b.fingerprint)));
    out
}
