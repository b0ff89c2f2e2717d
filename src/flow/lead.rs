//! From rule hits to ranked leads with evidence.
//!
//! **Order.** Leads on accounts linked to a case come first (`group` =
//! "case"); leads on accounts with no link to any debtor (other people's
//! salaries, a friend's insurance) are listed apart (`group` = "other",
//! 其他账户). Within a group, by score.
//!
//! **Score** (0–100, higher first): what a prosecutor weighs.
//!
//! ```text
//! score = base(rule)                                  5–30, see rules::RULES
//!       + link of the focus account to a debtor:      own 25 · 同名/listed relative 20 ·
//!                                                     same surname or another debtor, with money between them 12 ·
//!                                                     the debtor's counterparty 4
//!       + case phase at the lead's start:             执行立案 or later 25 · 判决 20 · 起诉/应诉 15 ·
//!                                                     more than a year before the first case date −10
//!       + 10 if a case node lies within `flow.score.node_days` (90) days before the lead starts
//!       + amount against 未履行金额:                  ≥ 100% 15 · ≥ 30% 10 · ≥ 10% 5
//!         (no 未履行金额: 5 × log10(amount / 1万元), 0–10)
//!       + 12 per other rule on the same money (shared rows), ≤ 3; 4 per other rule on the account, ≤ 3
//!       + 10 if money stayed ≤ 1 day · 10 if the balance is near zero right after · 8 if the counterparties were new
//!       − 15 if every counterparty is a public collection or payroll/settlement account
//! score = 100 × (1 − e^(−raw / 70))
//! ```
//! The last step saturates softly instead of clamping at 100: a hard clamp
//! tied the best-corroborated leads at the top of the list, where ranking
//! matters most. The parts are kept in `score_parts` so the page can show
//! why a lead ranks high.

use super::rules::{self, Hit};
use super::timeline::Phase;
use super::txn::{time_of, Dir, FlowData, Relation, NONE};
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

fn part(en: bool, zh: &'static str, en_text: &'static str, points: f64) -> ScorePart {
    ScorePart { what: if en { en_text } else { zh }, points }
}

/// How the focus account relates to a debtor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    Own,
    /// 同名账户 or a listed relative.
    Close,
    /// Same surname or another debtor's account, with money between them.
    Related,
    /// A counterparty of a debtor's account.
    Counterparty,
    None,
}

/// One flow lead. JSON keys other tools read: rule, score, focus_account,
/// accounts, subject_id, subject_name, amount_fen, from, to, phase,
/// transactions[{file,row}].
///
/// Evidence is kept as `rows` (indices into `FlowData::txns`); the
/// `transactions` shown and exported are built from them on demand
/// ([`materialise`]), so a report with 100,000 leads does not hold a copy
/// of every statement row they cite.
///
/// Short texts (account and ID numbers, names, times, the fingerprint) are
/// `Text`: held inline up to 24 bytes, so a lead is a few allocations, not
/// fifteen (650,000 leads of 5M transactions held 300 MB more as `String`s).
#[derive(Debug, Clone, Serialize)]
pub struct FlowLead {
    pub rule: &'static str,
    pub label: &'static str,
    pub score: f64,
    pub focus_account: Text,
    pub focus_name: Text,
    pub accounts: Vec<Text>,
    pub subject_id: Text,
    pub subject_name: Text,
    pub amount_fen: i64,
    pub from: Text,
    pub to: Text,
    /// Chinese label of the case phase at `from` ("执行立案后", "无案件节点", …).
    pub phase: Text,
    pub phase_id: Phase,
    /// Empty until [`materialise`]d from `rows`.
    pub transactions: Vec<EvidenceRow>,
    /// The evidence as transaction indices: the rows the rule matched and
    /// the other statement's row of each deduplicated transfer, ascending.
    #[serde(skip)]
    pub rows: Vec<u32>,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<&'static str>,
    pub fingerprint: Text,
    pub score_parts: Vec<ScorePart>,
    /// "case": the focus account is linked to a debtor; "other": 其他账户.
    pub group: &'static str,
    pub link: Link,
}

/// Short text held inline (see [`FlowLead`]); serialised as a string.
pub type Text = compact_str::CompactString;

fn fmt(ts: i64) -> String {
    super::txn::datetime_text(ts)
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
        time: if t.has_time { fmt(t.ts) } else { super::txn::date_text(t.ts) },
        account: d.account_label(t.account),
        dir: t.dir,
        amount_fen: t.amount_fen,
        counterparty: cp,
        summary: d.s(t.summary).to_string(),
    })
}

/// The evidence rows of a lead, built from its transaction indices.
pub fn evidence_of(d: &FlowData, l: &FlowLead) -> Vec<EvidenceRow> {
    l.rows.iter().filter_map(|&i| evidence(d, i)).collect()
}

/// Fill a lead's `transactions` from its `rows`.
pub fn materialise(d: &FlowData, l: &mut FlowLead) {
    l.transactions = evidence_of(d, l);
}

/// A lead's fingerprint: the hash of "rule|focus|accounts sorted, joined by
/// commas|date", the text written once per thread into a kept buffer.
fn fingerprint(rule: &str, focus: &str, sorted_accounts: &[&str], from: i64) -> u64 {
    use std::fmt::Write;
    thread_local! {
        static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    KEY.with(|k| {
        let mut k = k.borrow_mut();
        k.clear();
        let _ = write!(k, "{rule}|{focus}|");
        for (i, a) in sorted_accounts.iter().enumerate() {
            if i > 0 {
                k.push(',');
            }
            k.push_str(a);
        }
        let _ = write!(k, "|{}", time_of(from).date());
        super::intern::fx_hash(&k)
    })
}

/// Link of every focus account to a subject: (subject index, link).
fn links(d: &FlowData, focus: &BTreeSet<u32>) -> BTreeMap<u32, (u32, Link)> {
    // Nodes with money to or from a subject's account → that subject.
    let mut touched: BTreeMap<u32, u32> = BTreeMap::new();
    for (si, s) in d.subjects.iter().enumerate() {
        for &sn in &s.nodes {
            for list in [d.out_edges.get(sn as usize), d.in_edges.get(sn as usize)].into_iter().flatten() {
                for &e in list {
                    if let Some(x) = d.edges.get(e as usize) {
                        let other = if x.from == sn { x.to } else { x.from };
                        if focus.contains(&other) {
                            touched.entry(other).or_insert(si as u32);
                        }
                    }
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for &n in focus {
        if let Some(si) = d.node(n).and_then(|x| x.subject) {
            out.insert(n, (si, Link::Own));
            continue;
        }
        let mut best: Option<(u32, Link)> = None;
        for (si, s) in d.subjects.iter().enumerate() {
            for &sn in &s.nodes {
                let link = match d.relation(sn, n) {
                    Some(Relation::SelfNamed | Relation::Listed) => Link::Close,
                    Some(Relation::Surname | Relation::Subject) if touched.contains_key(&n) => Link::Related,
                    _ => continue,
                };
                if best.is_none_or(|(_, l)| link == Link::Close && l != Link::Close) {
                    best = Some((si as u32, link));
                }
            }
        }
        if let Some(b) = best.or_else(|| touched.get(&n).map(|&si| (si, Link::Counterparty))) {
            out.insert(n, b);
        }
    }
    out
}

/// Score and shape the hits: leads linked to a case first, then by score
/// and amount. Evidence stays as indices (`rows`); see [`materialise`].
pub fn leads(d: &FlowData, hits: Vec<Hit>, en: bool) -> Vec<FlowLead> {
    let node_days = super::rules::global(d, "flow.score.node_days");
    // Rules per account, and per statement row (the same money): one bit per
    // rule (its place in `RULES`), in flat tables indexed by node and row.
    let bit = |rule: &str| rules::RULES.iter().position(|r| r.id == rule).map_or(0u32, |k| 1u32 << (k % 32));
    let mut rules_of = vec![0u32; d.nodes.len()];
    let mut rules_of_row = vec![0u32; d.txns.len()];
    for h in &hits {
        let b = bit(h.rule);
        if let Some(m) = rules_of.get_mut(h.focus as usize) {
            *m |= b;
        }
        for &i in &h.txns {
            if let Some(m) = rules_of_row.get_mut(i as usize) {
                *m |= b;
            }
        }
    }
    // First contact time per (focus, counterparty), for the focus accounts only.
    let focus: BTreeSet<u32> = hits.iter().map(|h| h.focus).collect();
    let first_contact = super::contact::FirstContact::new(d, focus.iter().copied().collect());
    let links = links(d, &focus);
    // Each lead is scored on its own: natively on all cores, in order.
    let mut out: Vec<FlowLead> = super::par::map_chunked(hits, |h| {
            let def = rules::get(h.rule);
            let own_bit = bit(h.rule);
            let mut parts = vec![part(en, "规则基础分", "rule base", def.map_or(10.0, |r| r.base))];
            let (subject_ix, link) = links.get(&h.focus).map_or((None, Link::None), |&(s, l)| (Some(s), l));
            let subject = subject_ix.and_then(|s| d.subjects.get(s as usize));
            match link {
                Link::Own => parts.push(part(en, "被执行人本人账户", "the debtor's own account", 25.0)),
                Link::Close => parts.push(part(en, "被执行人同名账户或已知亲属", "debtor's same-name account or listed relative", 20.0)),
                Link::Related => parts.push(part(en, "与被执行人同姓或为其他被执行人，且有资金往来", "same surname as the debtor (or another debtor), with money between them", 12.0)),
                Link::Counterparty => parts.push(part(en, "被执行人的交易对手", "a counterparty of the debtor", 4.0)),
                Link::None => {}
            }
            let tl = subject.map(|s| &s.timeline).filter(|t| !t.is_empty());
            let from_t = time_of(h.from);
            let phase = tl.map_or(Phase::Unknown, |t| t.phase(from_t));
            match phase {
                p if p.in_enforcement() => parts.push(part(en, "发生在执行立案之后", "after enforcement was filed", 25.0)),
                Phase::Judgment => parts.push(part(en, "发生在判决生效之后", "after the judgment", 20.0)),
                Phase::Lawsuit => parts.push(part(en, "发生在起诉/应诉之后", "after the lawsuit", 15.0)),
                Phase::BeforeLawsuit | Phase::BeforeFirstNode => {
                    let first = tl.and_then(|t| t.nodes().first().map(|n| n.date));
                    if first.is_some_and(|f| (f - from_t.date()).num_days() > 365) {
                        parts.push(part(en, "早于首个案件节点一年以上", "more than a year before the first case date", -10.0));
                    }
                }
                _ => {}
            }
            if let Some(node) = tl.and_then(|t| t.last_node_before(from_t.date())) {
                if (from_t.date() - node.date).num_days() as f64 <= node_days {
                    parts.push(part(en, "案件节点后不久", "soon after a case date", 10.0));
                }
            }
            match tl.and_then(|t| t.unpaid_fen).filter(|u| *u > 0) {
                Some(unpaid) => {
                    let ratio = h.amount_fen as f64 / unpaid as f64;
                    let pts = if ratio >= 1.0 { 15.0 } else if ratio >= 0.3 { 10.0 } else if ratio >= 0.1 { 5.0 } else { 0.0 };
                    if pts > 0.0 {
                        parts.push(part(en, "金额相对未履行金额", "amount against the unpaid sum", pts));
                    }
                }
                None => {
                    let wan = h.amount_fen as f64 / 1_000_000.0;
                    if wan > 1.0 {
                        parts.push(part(en, "金额", "amount", (5.0 * wan.log10()).clamp(0.0, 10.0)));
                    }
                }
            }
            let mut same_money = 0u32;
            for &i in &h.txns {
                same_money |= rules_of_row.get(i as usize).copied().unwrap_or(0);
            }
            same_money &= !own_bit;
            let others = (rules_of.get(h.focus as usize).copied().unwrap_or(0) & !own_bit & !same_money).count_ones().min(3);
            if same_money != 0 {
                parts.push(part(en, "同一笔资金另有其他规则命中", "other rules fire on the same money", 12.0 * same_money.count_ones().min(3) as f64));
            }
            if others > 0 {
                parts.push(part(en, "同一账户另有其他规则命中", "other rules fire on the same account", 4.0 * others as f64));
            }
            if h.dwell_secs.is_some_and(|s| s <= 86_400) {
                parts.push(part(en, "资金停留不超过一天", "money stayed at most a day", 10.0));
            }
            let last_out = h.txns.iter().filter_map(|&i| d.txn(i)).filter(|t| t.account == h.focus && t.dir == Dir::Out).max_by_key(|t| t.ts);
            if let Some(b) = last_out.and_then(|t| t.balance_fen()) {
                if b <= 10_000 || (b as f64) <= 0.01 * h.amount_fen as f64 {
                    parts.push(part(en, "转出后余额接近零", "balance near zero right after", 10.0));
                }
            }
            // The focus account's counterparties in the evidence (repeats do not change `all`).
            let mut cps = h.txns.iter().filter_map(|&i| d.txn(i)).filter(|t| t.account == h.focus && t.cp != NONE).map(|t| t.cp).peekable();
            if cps.peek().is_some() && cps.all(|cp| first_contact.get(h.focus, cp).is_some_and(|f| f >= h.from - 86_400)) {
                parts.push(part(en, "对手方为新出现的账户", "new counterparties", 8.0));
            }
            let parties: Vec<u32> = h.accounts.iter().copied().skip(1).collect();
            if !parties.is_empty() && parties.iter().all(|&a| d.institutional(a)) {
                parts.push(part(en, "对手方均为公共收缴或代发结算账户", "every counterparty is a public collection or payroll account", -15.0));
            }
            let raw = parts.iter().map(|p| p.points).sum::<f64>().max(0.0);
            let score = (100.0 * (1.0 - (-raw / 70.0).exp()) * 10.0).round() / 10.0;
            let accounts: Vec<Text> = h.accounts.iter().map(|&a| Text::from(d.account_str(a))).collect();
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
            rows.shrink_to_fit();
            let mut key_accounts: Vec<&str> = accounts.iter().map(Text::as_str).collect();
            key_accounts.sort_unstable();
            let focus_account = Text::from(d.account_str(h.focus));
            let fp = fingerprint(h.rule, &focus_account, &key_accounts, h.from);
            FlowLead {
                rule: h.rule,
                label: def.map_or("", |r| if en { r.label_en } else { r.label }),
                score,
                focus_account,
                focus_name: d.name_of(h.focus).into(),
                accounts,
                subject_id: subject.map(|s| s.id_number.as_str().into()).unwrap_or_default(),
                subject_name: subject.map(|s| s.name.as_str().into()).unwrap_or_default(),
                amount_fen: h.amount_fen,
                from: super::txn::datetime_compact(h.from),
                to: super::txn::datetime_compact(h.to),
                phase: tl.map_or_else(|| Text::from(if en { phase.label_en() } else { phase.label() }), |t| t.phase_label(from_t, en).into()),
                phase_id: phase,
                transactions: Vec::new(),
                rows,
                reason: if !en {
                    h.reason
                } else if h.reason_en.is_empty() {
                    format!("{}: {}, {} rows, {}", def.map_or(h.rule, |r| r.label_en), d.who(h.focus), h.txns.len(), super::rules::yuan_en(h.amount_fen))
                } else {
                    h.reason_en
                },
                category: h.category,
                fingerprint: compact_str::format_compact!("{fp:016x}"),
                score_parts: parts,
                group: if link == Link::None { "other" } else { "case" },
                link,
            }
        });
    // Sort small keys, then move each lead once: a stable sort of the leads
    // themselves moved every 400-byte lead about log2(n) times. The position
    // breaks ties as the stable sort did.
    let mut keys: Vec<(bool, f64, i64, &str, usize)> = out.iter().enumerate().map(|(k, l)| (l.group == "other", l.score, l.amount_fen, l.fingerprint.as_str(), k)).collect();
    keys.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal)).then(b.2.cmp(&a.2)).then(a.3.cmp(b.3)).then(a.4.cmp(&b.4)));
    let order: Vec<usize> = keys.into_iter().map(|k| k.4).collect();
    permute(&mut out, &order);
    out
}

/// Reorder `v` so that its k-th element is the old `v[order[k]]` (`order` a
/// permutation of the positions), in place: one cycle at a time, each
/// element moved once.
fn permute<T>(v: &mut [T], order: &[usize]) {
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        let mut i = start;
        while !done.get(i).copied().unwrap_or(true) {
            if let Some(x) = done.get_mut(i) {
                *x = true;
            }
            let Some(&j) = order.get(i) else { break };
            if j == start || j >= v.len() {
                break;
            }
            v.swap(i, j);
            i = j;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn permute_puts_each_element_where_the_order_says() {
        let mut seed = 7u64;
        for n in 0..60usize {
            // A pseudo-random permutation (Fisher–Yates with a small LCG).
            let mut order: Vec<usize> = (0..n).collect();
            for k in (1..n).rev() {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                order.swap(k, (seed >> 33) as usize % (k + 1));
            }
            let old: Vec<String> = (0..n).map(|k| format!("e{k}")).collect();
            let mut v = old.clone();
            super::permute(&mut v, &order);
            let want: Vec<String> = order.iter().map(|&k| old[k].clone()).collect();
            assert_eq!(v, want, "{order:?}");
        }
    }
}
