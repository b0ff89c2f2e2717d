//! Flow rules, one per file, each with a stable id, its parameters with
//! defaults (from domain.md) and a `run` that reads `FlowData` and pushes
//! `Hit`s. The engine (`super::lead`) turns hits into scored leads; rules
//! know nothing about scoring or output.
//!
//! Every rule works per account on time-ordered rows (`FlowData::by_node`)
//! or per node on time-ordered edges, with sliding windows and bounded
//! searches: no all-pairs comparisons.

use super::txn::{Dir, FlowData, Txn, NONE};

pub mod ant_moving;
pub mod asset_keyword;
pub mod cash;
pub mod fan;
pub mod fast_in_out;
pub mod gather_scatter;
pub mod large_out_after_node;
pub mod loops;
pub mod night;
pub mod slow_fan;
pub mod slow_loop;
pub mod slow_scatter_gather;
pub mod pass_through;
pub mod round_amounts;
pub mod scatter_gather;
pub mod stable_income;
pub mod structuring;

/// A rule's finding before scoring.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    pub rule: &'static str,
    pub focus: u32,
    /// Accounts involved (focus first).
    pub accounts: Vec<u32>,
    pub amount_fen: i64,
    pub from: i64,
    pub to: i64,
    /// Indices into `FlowData::txns`.
    pub txns: Vec<u32>,
    /// Chinese sentence.
    pub reason: String,
    /// The same in English (empty: `lead` writes a generic English sentence).
    pub reason_en: String,
    pub category: Option<&'static str>,
    /// Seconds money stayed in the focus account, when the rule measures it.
    pub dwell_secs: Option<i64>,
}

#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub default: f64,
    pub help: &'static str,
}

pub struct RuleDef {
    pub id: &'static str,
    pub label: &'static str,
    pub label_en: &'static str,
    /// Weight of the rule alone in the score (see `lead`).
    pub base: f64,
    pub params: &'static [Param],
    /// The rule needs case nodes (a subject with a timeline) to run.
    pub needs_timeline: bool,
    pub run: fn(&Ctx, &mut Vec<Hit>),
}

pub const RULES: &[RuleDef] = &[
    large_out_after_node::RULE,
    ant_moving::RULE,
    stable_income::RULE,
    fast_in_out::RULE,
    pass_through::RULE,
    round_amounts::RULE,
    loops::RULE,
    slow_loop::SLOW,
    fan::FAN_IN,
    fan::FAN_OUT,
    slow_fan::SLOW_FAN_IN,
    slow_fan::SLOW_FAN_OUT,
    scatter_gather::RULE,
    slow_scatter_gather::SLOW,
    gather_scatter::RULE,
    cash::RULE,
    structuring::RULE,
    night::RULE,
    asset_keyword::RULE,
];

/// Parameters that are not a rule's (dedup window, scoring).
pub const GLOBAL_PARAMS: &[Param] = &[
    Param { name: "flow.dedup.window_minutes", default: 60.0, help: "同一笔转账在双方流水中的时间差上限（分钟）" },
    Param { name: "flow.score.node_days", default: 90.0, help: "案件节点后多少天内的线索加分" },
];

/// A global parameter (default from `GLOBAL_PARAMS`, the table the listing prints).
pub fn global(d: &FlowData, name: &str) -> f64 {
    let listed = GLOBAL_PARAMS.iter().find(|p| p.name == name);
    debug_assert!(listed.is_some(), "unlisted global parameter {name}");
    d.param(name, listed.map_or(0.0, |p| p.default))
}

/// The parameter table as `xiansuo flow rules` prints it: every rule with
/// each threshold it reads, then the global parameters.
pub fn listing() -> String {
    let mut out = String::new();
    for r in RULES {
        out.push_str(&format!("{}  {}\n", r.id, r.label));
        for p in r.params {
            out.push_str(&format!("    --set {}.{}={}    {}\n", r.id, p.name, p.default, p.help));
        }
    }
    for p in GLOBAL_PARAMS {
        out.push_str(&format!("--set {}={}    {}\n", p.name, p.default, p.help));
    }
    out
}

/// Every `rule.param` name the user may set.
pub fn param_names() -> Vec<String> {
    let mut v: Vec<String> = GLOBAL_PARAMS.iter().map(|p| p.name.to_string()).collect();
    for r in RULES {
        for p in r.params {
            v.push(format!("{}.{}", r.id, p.name));
        }
    }
    v
}

pub fn get(id: &str) -> Option<&'static RuleDef> {
    RULES.iter().find(|r| r.id == id)
}

/// What a rule sees: the data and its own parameters.
pub struct Ctx<'a> {
    pub d: &'a FlowData,
    pub rule: &'static RuleDef,
    /// The node ids `own()` walks: all of them, or one block of accounts
    /// when the per-account rules run block by block (see `run`).
    pub span: std::ops::Range<usize>,
}

/// Evidence rows kept per lead (the totals always count all rows).
pub const MAX_EVIDENCE: usize = 200;

impl<'a> Ctx<'a> {
    /// A rule over all the accounts.
    pub fn new(d: &'a FlowData, rule: &'static RuleDef) -> Ctx<'a> {
        Ctx { d, rule, span: 0..d.nodes.len() }
    }
    /// A parameter of this rule. Only names in the rule's `params` table can
    /// be read, so `xiansuo flow rules` (which prints that table) lists every
    /// threshold; `tests/flow_cli.rs` checks the rule sources for this.
    pub fn p(&self, name: &str) -> f64 {
        let listed = self.rule.params.iter().find(|p| p.name == name);
        debug_assert!(listed.is_some(), "{} reads unlisted parameter {name}", self.rule.id);
        let default = listed.map_or(0.0, |p| p.default);
        self.d.param(&format!("{}.{}", self.rule.id, name), default)
    }
    /// A parameter given in 元, as 分.
    pub fn fen(&self, name: &str) -> i64 {
        (self.p(name) * 100.0).round() as i64
    }
    /// Own accounts (nodes with a loaded statement).
    pub fn own(&self) -> impl Iterator<Item = u32> + '_ {
        let start = self.span.start;
        self.d.nodes.get(self.span.clone()).unwrap_or(&[]).iter().enumerate().filter(|(_, n)| n.own).map(move |(i, _)| (start + i) as u32)
    }
    #[inline]
    pub fn rows(&self, n: u32) -> &'a [u32] {
        self.d.by_node.get(n as usize).map(Vec::as_slice).unwrap_or(&[])
    }
    #[inline]
    pub fn t(&self, i: u32) -> &'a Txn {
        static EMPTY: std::sync::OnceLock<Txn> = std::sync::OnceLock::new();
        self.d.txns.get(i as usize).unwrap_or_else(|| {
            EMPTY.get_or_init(|| Txn {
                account: NONE,
                ts: 0,
                amount_fen: 0,
                dir: Dir::In,
                balance_raw: super::txn::NO_BALANCE,
                cp: NONE,
                cp_account: 0,
                cp_name: 0,
                cp_id: 0,
                cp_bank: 0,
                summary: 0,
                channel: 0,
                merchant: 0,
                cash: false,
                serial: 0,
                file_idx: 0,
                row: 0,
                mirror: NONE,
                has_time: false,
            })
        })
    }
    /// A hit with the common fields filled from its rows.
    pub fn hit(&self, focus: u32, mut accounts: Vec<u32>, txns: &[u32], amount_fen: i64, reason: String) -> Hit {
        let from = txns.iter().map(|&i| self.t(i).ts).min().unwrap_or(0);
        let to = txns.iter().map(|&i| self.t(i).ts).max().unwrap_or(0);
        accounts.retain(|&a| a != NONE && a != focus);
        accounts.sort_unstable();
        accounts.dedup();
        accounts.insert(0, focus);
        let mut tx: Vec<u32> = txns.to_vec();
        tx.truncate(MAX_EVIDENCE);
        Hit { rule: self.rule.id, focus, accounts, amount_fen, from, to, txns: tx, reason, ..Hit::default() }
    }
}

/// "1,234.50 元" for reasons (digits from the one formatter, `money::yuan`).
pub fn yuan(fen: i64) -> String {
    format!("{} 元", crate::money::yuan(fen))
}

/// "1,234.50 yuan" for English reasons.
pub fn yuan_en(fen: i64) -> String {
    format!("{} yuan", crate::money::yuan(fen))
}

pub fn date(ts: i64) -> String {
    super::txn::date_text(ts)
}
/// "2024-01-05 14:08" (`%Y-%m-%d %H:%M`): `datetime_text` without the
/// seconds, which formats without parsing a format string per call.
pub fn datetime(ts: i64) -> String {
    let mut s = super::txn::datetime_text(ts);
    // "…:SS" ends every datetime_text; only ASCII digits and ':' are cut.
    if s.len() >= 3 && s.is_char_boundary(s.len() - 3) {
        s.truncate(s.len() - 3);
    }
    s
}

/// Rules that read only each own account's rows (`Ctx::own`, `Ctx::rows`)
/// and carry nothing from one account to the next. They run together, one
/// block of accounts at a time: the block's rows (scattered over the
/// time-ordered table) are fetched from memory once for all of them instead
/// of once per rule.
pub const PER_ACCOUNT: &[&str] = &[
    "flow.large_out_after_node",
    "flow.ant_moving",
    "flow.stable_income",
    "flow.fast_in_out",
    "flow.pass_through",
    "flow.round_amounts",
    "flow.cash",
    "flow.structuring",
    "flow.night",
    // Not `flow.asset_keyword`: it remembers each text's category across all
    // accounts (counterparty names repeat between accounts); block by block
    // it would test every name again and cost more than the blocks save.
];

/// Statement rows per block of accounts: about 1.3 MB of rows, what a core's cache holds.
pub const BLOCK_ROWS: usize = 16_384;

/// Consecutive node ranges covering every node, each with about `rows` own rows.
fn blocks(d: &FlowData, rows: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut acc) = (0usize, 0usize);
    for (n, list) in d.by_node.iter().enumerate() {
        acc += list.len();
        if acc >= rows.max(1) {
            out.push(start..n + 1);
            start = n + 1;
            acc = 0;
        }
    }
    if start < d.nodes.len() || out.is_empty() {
        out.push(start..d.nodes.len());
    }
    out
}

/// Touch every row of a block once, in a tight loop, before the rules walk
/// it: these loads do not depend on each other, so the CPU overlaps their
/// cache misses, where a rule's loop (each row's work waiting on the row)
/// takes them one at a time. Both ends of the 80-byte row are read (it
/// spans two cache lines; the 8-byte fields come first, the flags last).
fn warm(d: &FlowData, span: &std::ops::Range<usize>) {
    let mut x = 0i64;
    for list in d.by_node.get(span.clone()).unwrap_or(&[]) {
        for &i in list {
            if let Some(t) = d.txns.get(i as usize) {
                x ^= t.ts ^ i64::from(t.has_time);
            }
        }
    }
    std::hint::black_box(x);
}

/// Run the selected rules (all when `only` is empty), reporting progress.
/// Natively the rules (and blocks of accounts for the per-account rules)
/// run on all cores (they only read `d`); the hits come back in rule order,
/// each rule's in account order, so the report does not change. `en`: the
/// report's language; each hit keeps that sentence only ([`keep_language`]).
pub fn run(d: &FlowData, only: &[String], en: bool, progress: &mut dyn FnMut(&str, u64, u64)) -> (Vec<Hit>, Vec<(String, String)>) {
    run_in_blocks(d, only, BLOCK_ROWS, en, progress)
}

/// Every rule writes its reason in both languages; a hit keeps the report's
/// one (the other held a second string per hit until scoring: 650,000 hits
/// of 5M transactions).
fn keep_language(hits: &mut [Hit], en: bool) {
    for h in hits {
        if en {
            h.reason = String::new();
        } else {
            h.reason_en = String::new();
        }
    }
}

/// `run` with blocks of about `block_rows` rows (tests use tiny blocks).
pub fn run_in_blocks(d: &FlowData, only: &[String], block_rows: usize, en: bool, progress: &mut dyn FnMut(&str, u64, u64)) -> (Vec<Hit>, Vec<(String, String)>) {
    let has_timeline = d.subjects.iter().any(|s| !s.timeline.is_empty() && !s.nodes.is_empty());
    let n = RULES.len() as u64;
    let selected: Vec<(usize, &'static RuleDef)> = RULES.iter().enumerate().filter(|(_, r)| only.is_empty() || only.iter().any(|o| o == r.id)).collect();
    let why: Vec<Option<(String, String)>> =
        selected.iter().map(|(_, r)| (r.needs_timeline && !has_timeline).then(|| (r.id.to_string(), "没有被执行人的案件节点（立案/执行通知日期）与流水账户匹配，未检查".to_string()))).collect();
    let runs = |k: usize| why.get(k).is_some_and(Option::is_none);
    let per_account = |k: usize| selected.get(k).is_some_and(|(_, r)| PER_ACCOUNT.contains(&r.id));
    // Positions in `selected` of the rules that run over all accounts at once, and block by block.
    let whole: Vec<usize> = (0..selected.len()).filter(|&k| runs(k) && !per_account(k)).collect();
    let by_account: Vec<usize> = (0..selected.len()).filter(|&k| runs(k) && per_account(k)).collect();
    let spans = if by_account.is_empty() { Vec::new() } else { blocks(d, block_rows) };
    let run_whole = |k: usize| {
        let mut v = Vec::new();
        if let Some(&(_, r)) = selected.get(k) {
            (r.run)(&Ctx::new(d, r), &mut v);
        }
        keep_language(&mut v, en);
        v
    };
    let run_block = |span: &std::ops::Range<usize>| -> Vec<Vec<Hit>> {
        warm(d, span);
        by_account
            .iter()
            .map(|&k| {
                let mut v = Vec::new();
                if let Some(&(_, r)) = selected.get(k) {
                    (r.run)(&Ctx { d, rule: r, span: span.clone() }, &mut v);
                }
                keep_language(&mut v, en);
                v
            })
            .collect()
    };
    let (mut whole_hits, mut block_hits): (Vec<Vec<Hit>>, Vec<Vec<Vec<Hit>>>) = if super::par::threads() <= 1 {
        let mut w = Vec::with_capacity(whole.len());
        for &k in &whole {
            if let Some(&(i, r)) = selected.get(k) {
                progress(r.label, i as u64, n);
            }
            w.push(run_whole(k));
        }
        let mut b = Vec::with_capacity(spans.len());
        for (j, span) in spans.iter().enumerate() {
            progress("逐账户规则", j as u64, spans.len() as u64);
            b.push(run_block(span));
        }
        (w, b)
    } else {
        progress("运行规则", 0, n);
        // Whole-data rules first (the long searches start early), then the blocks.
        let outs = super::par::map_indexed(whole.len() + spans.len(), |j| match whole.get(j) {
            Some(&k) => (run_whole(k), Vec::new()),
            None => (Vec::new(), spans.get(j - whole.len()).map(&run_block).unwrap_or_default()),
        });
        let mut w = Vec::with_capacity(whole.len());
        let mut b = Vec::with_capacity(spans.len());
        for (j, (hits, blocks)) in outs.into_iter().enumerate() {
            if j < whole.len() {
                w.push(hits);
            } else {
                b.push(blocks);
            }
        }
        (w, b)
    };
    // One exact allocation: appending grew the list by doubling, holding the
    // old and the new buffer at the last step.
    let total = whole_hits.iter().map(Vec::len).sum::<usize>() + block_hits.iter().flatten().map(Vec::len).sum::<usize>();
    let mut hits = Vec::with_capacity(total);
    let mut skipped = Vec::new();
    for k in 0..selected.len() {
        if let Some(w) = why.get(k).cloned().flatten() {
            skipped.push(w);
        } else if let Some(pos) = by_account.iter().position(|&x| x == k) {
            for v in block_hits.iter_mut().filter_map(|b| b.get_mut(pos)) {
                hits.append(v);
            }
        } else if let Some(v) = whole.iter().position(|&x| x == k).and_then(|pos| whole_hits.get_mut(pos)) {
            hits.append(v);
        }
    }
    progress("规则完成", n, n);
    (hits, skipped)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reason_dates_read_as_chrono_writes_them() {
        for ts in [0i64, 1_704_463_680, -62_135_596_800, -62_135_596_801, 253_402_300_799, 253_402_300_800, -1] {
            assert_eq!(super::datetime(ts), super::super::txn::time_of(ts).format("%Y-%m-%d %H:%M").to_string(), "{ts}");
        }
        for fen in [0i64, 5, -5, 123_456_789, i64::MIN, i64::MAX] {
            assert_eq!(super::yuan_en(fen), super::yuan(fen).replace(" 元", " yuan"), "{fen}");
        }
    }
}
