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
}

/// Evidence rows kept per lead (the totals always count all rows).
pub const MAX_EVIDENCE: usize = 200;

impl<'a> Ctx<'a> {
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
        self.d.nodes.iter().enumerate().filter(|(_, n)| n.own).map(|(i, _)| i as u32)
    }
    pub fn rows(&self, n: u32) -> &'a [u32] {
        self.d.by_node.get(n as usize).map(Vec::as_slice).unwrap_or(&[])
    }
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
    yuan(fen).replace(" 元", " yuan")
}

pub fn date(ts: i64) -> String {
    super::txn::date_text(ts)
}
pub fn datetime(ts: i64) -> String {
    super::txn::time_of(ts).format("%Y-%m-%d %H:%M").to_string()
}

/// Run the selected rules (all when `only` is empty), reporting progress.
/// Natively the rules run on all cores (they only read `d`); the hits come
/// back in rule order either way, so the report does not change.
pub fn run(d: &FlowData, only: &[String], progress: &mut dyn FnMut(&str, u64, u64)) -> (Vec<Hit>, Vec<(String, String)>) {
    let mut hits = Vec::new();
    let mut skipped = Vec::new();
    let has_timeline = d.subjects.iter().any(|s| !s.timeline.is_empty() && !s.nodes.is_empty());
    let n = RULES.len() as u64;
    let selected: Vec<(usize, &'static RuleDef)> = RULES.iter().enumerate().filter(|(_, r)| only.is_empty() || only.iter().any(|o| o == r.id)).collect();
    let skip = |r: &RuleDef| (r.needs_timeline && !has_timeline).then(|| (r.id.to_string(), "没有被执行人的案件节点（立案/执行通知日期）与流水账户匹配，未检查".to_string()));
    if super::par::threads() <= 1 {
        for &(k, r) in &selected {
            progress(r.label, k as u64, n);
            match skip(r) {
                Some(why) => skipped.push(why),
                None => (r.run)(&Ctx { d, rule: r }, &mut hits),
            }
        }
    } else {
        progress("运行规则", 0, n);
        let outs = super::par::map_indexed(selected.len(), |k| {
            let mut mine = Vec::new();
            let Some(&(_, r)) = selected.get(k) else { return (mine, None) };
            let why = skip(r);
            if why.is_none() {
                (r.run)(&Ctx { d, rule: r }, &mut mine);
            }
            (mine, why)
        });
        for (mine, why) in outs {
            hits.extend(mine);
            skipped.extend(why);
        }
    }
    progress("规则完成", n, n);
    (hits, skipped)
}
