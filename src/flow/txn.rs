//! The normalised transaction table and its indexes (`FlowData`), built once
//! from the datasets and kept between calls (the page holds it in its
//! session). Every statement row becomes a `Txn`, is counted as failed
//! (交易是否成功 = 否/失败/关闭…, excluded), or is counted as unparsed with a
//! reason; nothing is dropped silently.
//!
//! Accounts are nodes with `u32` ids. A node's key is the account number with
//! spaces removed; a counterparty known only by name is keyed `名:<name>`, a
//! masked counterparty number (`6217****1234`) by the mask plus the name, so
//! that two different people behind the same mask stay apart. Card numbers
//! and account numbers of one own account (police format: 交易卡号 + 交易账号)
//! are joined: a counterparty given by either reaches the same node.
//!
//! **Dedup.** When both the payer's and the payee's statements are loaded,
//! one transfer appears twice (A: out to B; B: in from A). The in-row is
//! paired with the out-row when accounts and amount agree and either the
//! serial numbers are equal (within one day) or the times are within
//! `flow.dedup.window_minutes` (default 60; the nearest one wins). Serial
//! numbers are bank-local, so different serials do not forbid a time match.
//! Paired rows stay as evidence (`Txn::mirror`), the transfer is one edge.

use super::intern::{fx_hash, FxMap, Interner};
use super::options::FlowOptions;
use super::parse;
use super::presets;
use super::timeline::{self, Timeline};
use crate::ingest::{Dataset, Mapping};
use crate::normalize::name;
use chrono::{DateTime, NaiveDateTime};
use serde::Serialize;
use std::collections::BTreeMap;

/// "No node" / "no row".
pub const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dir {
    In,
    Out,
}

/// One statement row, normalised. String fields are interned ids into
/// `FlowData::strs` (0 = empty); `account` and `cp` are node ids.
#[derive(Debug, Clone)]
pub struct Txn {
    pub account: u32,
    pub name: u32,
    pub id_number: u32,
    /// Seconds since 1970-01-01 00:00 of the local (naive) time; see `time()`.
    pub ts: i64,
    /// Always > 0.
    pub amount_fen: i64,
    pub dir: Dir,
    pub balance_fen: Option<i64>,
    /// Counterparty node (`NONE` when the row names none, e.g. cash).
    pub cp: u32,
    pub cp_account: u32,
    pub cp_name: u32,
    pub cp_id: u32,
    pub cp_bank: u32,
    pub summary: u32,
    pub channel: u32,
    pub merchant: u32,
    pub cash: bool,
    /// Hash of the serial number (0 = none); the text stays in the table.
    pub serial: u64,
    /// Index into `FlowData::files`.
    pub file_idx: u32,
    /// Row number as the user sees it in Excel.
    pub row: u32,
    /// The other side's row of the same transfer (dedup), or `NONE`.
    pub mirror: u32,
    /// False when the statement gave only a date (the time reads 00:00):
    /// time-of-day rules (night, 30-minute windows) must skip such rows.
    pub has_time: bool,
}

impl Txn {
    pub fn time(&self) -> NaiveDateTime {
        DateTime::from_timestamp(self.ts, 0).map(|d| d.naive_utc()).unwrap_or_default()
    }
    pub fn day(&self) -> i64 {
        self.ts.div_euclid(86_400)
    }
}

pub fn ts_of(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}
pub fn time_of(ts: i64) -> NaiveDateTime {
    DateTime::from_timestamp(ts, 0).map(|d| d.naive_utc()).unwrap_or_default()
}

/// An account (own or counterparty).
#[derive(Debug, Clone, Default)]
pub struct Node {
    pub key: u32,
    /// Account number as shown (may be masked or empty for name-only nodes).
    pub account: u32,
    pub name: u32,
    /// `name::key` of the name (interned), for matching.
    pub name_key: u32,
    pub id_number: u32,
    /// A statement of this account is loaded.
    pub own: bool,
    /// Index into `FlowData::subjects` when the owner is a subject.
    pub subject: Option<u32>,
}

/// One transfer between two nodes after dedup.
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub ts: i64,
    pub amount_fen: i64,
    /// The statement row the edge comes from, and its mirror (or `NONE`).
    pub txn: u32,
    pub other: u32,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FileInfo {
    pub file: String,
    pub sheet: Option<String>,
    /// "transactions", "persons", "accounts", "cases", or "" (ignored).
    pub kind: String,
    pub preset: Option<String>,
    pub rows: u64,
    pub used: u64,
    pub failed: u64,
    pub unparsed: u64,
    /// Rows the reader skipped (titles, footers), from the table.
    pub skipped: u64,
    /// Field → header used.
    pub columns: BTreeMap<String, String>,
    /// Own account taken from: "column", "owner" (typed in), "file_name".
    pub owner_from: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unparsed {
    pub file: String,
    pub row: u32,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Statement rows read.
    pub rows: u64,
    /// Rows kept as transactions.
    pub used: u64,
    pub failed: u64,
    /// Transfers seen in both statements, counted once.
    pub duplicates: u64,
    pub unparsed: u64,
    /// Unparsed reason → count.
    pub reasons: BTreeMap<String, u64>,
    pub accounts: u64,
    pub edges: u64,
}

/// A subject (debtor) with its timeline and accounts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Subject {
    pub id_number: String,
    pub name: String,
    pub timeline: Timeline,
    /// Node ids of the subject's own accounts.
    #[serde(skip)]
    pub nodes: Vec<u32>,
}

#[derive(Default)]
pub struct FlowData {
    pub strs: Interner,
    pub nodes: Vec<Node>,
    node_by_key: FxMap<u32, u32>,
    /// Sorted by (time, file, row).
    pub txns: Vec<Txn>,
    /// Own rows per node, time-ordered (indices into `txns`).
    pub by_node: Vec<Vec<u32>>,
    /// Deduplicated transfers, time-ordered.
    pub edges: Vec<Edge>,
    pub out_edges: Vec<Vec<u32>>,
    pub in_edges: Vec<Vec<u32>>,
    pub files: Vec<FileInfo>,
    pub stats: Stats,
    /// The first unparsed rows with reasons (all are counted in `stats`).
    pub unparsed: Vec<Unparsed>,
    pub subjects: Vec<Subject>,
    /// Name keys / account keys of relatives given by the user.
    pub relatives: Vec<String>,
    pub params: BTreeMap<String, f64>,
}

const MAX_UNPARSED_LISTED: usize = 1000;

fn clean(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\'' || c == '"' || c == '=')
}

/// Account text as a join key: no spaces, ASCII upper case, full-width digits folded.
pub fn account_key(raw: &str) -> String {
    let s = clean(raw);
    if crate::normalize::nulls::is_null(s) {
        return String::new();
    }
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '＊' => '*',
            _ => c.to_ascii_uppercase(),
        })
        .collect()
}

/// A card number Excel turned into `6.22848E+18`: many different accounts share
/// that text, so it is keyed with the name like a masked number (never "repaired").
fn excel_damaged(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_digit()) && key.contains('E') && key.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'E' | '+'))
}

fn failed(s: &str) -> bool {
    let t = clean(s);
    if t.is_empty() {
        return false;
    }
    matches!(t, "否" | "N" | "n" | "F" | "0" | "false" | "FALSE")
        || ["失败", "关闭", "撤销", "冲正", "退票", "未成功", "不成功", "已取消", "无效", "抹账", "支付失败"].iter().any(|k| t.contains(k))
}

fn is_cash(flag: &str, summary: &str) -> bool {
    let f = clean(flag);
    let by_flag = matches!(f, "1" | "是" | "Y" | "现" | "现金" | "钞") || (f.contains('现') && !f.contains('转'));
    by_flag || ["现金", "取现", "存现", "现存", "现支", "ATM", "取款", "现钞", "无卡存款"].iter().any(|k| summary.contains(k))
}

/// Direction from a direction cell (进/出, 收/付, 贷/借, C/D, 入/出,
/// `借 Dr`/`贷 Cr`, 转入/转出, 收入/支出). 借 is an outflow for the account
/// holder (bank statements are written from the customer's side).
pub fn direction(raw: &str) -> Option<Dir> {
    let t = clean(raw);
    if t.is_empty() {
        return None;
    }
    for (k, d) in [("转入", Dir::In), ("转出", Dir::Out), ("收入", Dir::In), ("支出", Dir::Out), ("存入", Dir::In), ("支取", Dir::Out), ("不计收支", Dir::In)] {
        if t.contains(k) {
            return (k != "不计收支").then_some(d);
        }
    }
    match t.chars().next() {
        Some('进' | '收' | '贷' | '入' | 'C' | 'c' | '+' | '存') => Some(Dir::In),
        Some('出' | '付' | '借' | '支' | 'D' | 'd' | '-' | '取') => Some(Dir::Out),
        _ => match t {
            "1" => Some(Dir::In),
            "2" | "0" => Some(Dir::Out),
            _ => None,
        },
    }
}

/// Digits run of ≥ 8 in a file name: the account number banks put there.
fn account_from_file_name(file: &str) -> Option<String> {
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let mut best = String::new();
    let mut cur = String::new();
    for c in stem.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || c == '*' {
            cur.push(c);
        } else {
            if cur.len() > best.len() {
                best = std::mem::take(&mut cur);
            }
            cur.clear();
        }
    }
    (best.len() >= 8 && !(best.len() == 8 && best.starts_with("20"))).then_some(best)
}

fn is_person_name(n: &str) -> bool {
    let c = n.chars().count();
    (2..=4).contains(&c) && n.chars().all(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch) || ch == '*')
}

/// What a dataset is to the flow analysis.
pub enum Role {
    Statement(Mapping),
    Persons,
    Accounts,
    Cases,
    Ignored,
}

/// Decide how to read a dataset. A dataset whose headers match a preset
/// signature is read with the preset unless its mapping already names a
/// preset (then it was confirmed, and its columns are kept as given).
pub fn role(ds: &Dataset) -> Role {
    if ds.mapping.kind == "transactions" {
        if let Some(p) = ds.mapping.preset.as_deref().and_then(presets::get) {
            let mut m = ds.mapping.clone();
            m.amounts_in_fen |= p.amounts_in_fen;
            return Role::Statement(m);
        }
    }
    if let Some(p) = presets::detect(&ds.table) {
        return Role::Statement(presets::map(&ds.table, Some(p)));
    }
    match ds.mapping.kind.as_str() {
        "transactions" => {
            // Fill fields the mapping lacks from our aliases (kept columns win).
            let mut m = ds.mapping.clone();
            let extra = presets::map(&ds.table, None);
            let used: Vec<usize> = m.columns.values().copied().collect();
            for (f, c) in extra.columns {
                if !m.columns.contains_key(&f) && !used.contains(&c) {
                    m.columns.insert(f, c);
                }
            }
            Role::Statement(m)
        }
        "accounts" => Role::Accounts,
        "persons" => Role::Persons,
        "cases" => Role::Cases,
        _ => {
            let m = presets::map(&ds.table, None);
            let has = |f: &str| m.columns.contains_key(f);
            if (has("time") || has("date")) && (has("amount") || has("amount_in") || has("amount_out")) && (has("account") || has("card") || has("cp_account") || has("cp_name")) {
                Role::Statement(m)
            } else {
                Role::Ignored
            }
        }
    }
}

struct Builder<'a> {
    d: FlowData,
    opts: &'a FlowOptions,
    /// card key → account key of the same own account.
    card_alias: FxMap<u32, u32>,
}

impl<'a> Builder<'a> {
    fn node(&mut self, key: &str, account: &str, name_raw: &str) -> u32 {
        let k = self.d.strs.intern(key);
        if let Some(&n) = self.d.node_by_key.get(&k) {
            if let Some(node) = self.d.nodes.get_mut(n as usize) {
                if node.name == 0 && !name_raw.is_empty() {
                    node.name = self.d.strs.intern(name_raw);
                }
            }
            return n;
        }
        let n = self.d.nodes.len() as u32;
        let account = self.d.strs.intern(account);
        let name = self.d.strs.intern(name_raw);
        self.d.nodes.push(Node { key: k, account, name, ..Node::default() });
        self.d.node_by_key.insert(k, n);
        n
    }

    /// Node of a counterparty from its account text and name.
    fn cp_node(&mut self, acct: &str, cp_name: &str) -> u32 {
        let key = account_key(acct);
        if key.is_empty() || key.contains('*') || excel_damaged(&key) {
            return self.cp_node_slow(&key, acct, cp_name);
        }
        self.node(&key, clean(acct), cp_name.trim())
    }

    /// Counterparties known by name only or by a masked number: the name
    /// becomes part of the key (normalised, which is the costly part).
    fn cp_node_slow(&mut self, key: &str, acct: &str, cp_name: &str) -> u32 {
        let nk = name::key(cp_name);
        if key.is_empty() {
            if nk.is_empty() || crate::normalize::nulls::is_null(&nk) {
                return NONE;
            }
            return self.node(&format!("名:{nk}"), "", cp_name.trim());
        }
        self.node(&format!("{key}|{nk}"), clean(acct), cp_name.trim())
    }

    fn unparsed(&mut self, fi: usize, file: &str, row: u32, reason: &str, raw: &str) {
        self.d.stats.unparsed += 1;
        *self.d.stats.reasons.entry(reason.to_string()).or_default() += 1;
        if let Some(f) = self.d.files.get_mut(fi) {
            f.unparsed += 1;
        }
        if self.d.unparsed.len() < MAX_UNPARSED_LISTED {
            let r = if raw.is_empty() { reason.to_string() } else { format!("{reason}：“{raw}”") };
            self.d.unparsed.push(Unparsed { file: file.to_string(), row, reason: r });
        }
    }

    fn statement(&mut self, ds: &Dataset, m: &Mapping, progress: &mut dyn FnMut(&str, u64, u64)) {
        let t = &ds.table;
        let fi = self.d.files.len();
        let file = t.source.file.clone();
        let col = |f: &str| m.columns.get(f).copied();
        let c_card = col("card");
        let c_acct = col("account");
        let c_name = col("name");
        let c_id = col("id_number");
        let c_time = col("time");
        let c_date = col("date");
        let c_clock = col("clock");
        let c_amt = col("amount");
        let c_in = col("amount_in");
        let c_out = col("amount_out");
        let c_bal = col("balance");
        let c_dir = col("direction");
        let c_cpa = col("cp_account");
        let c_cpn = col("cp_name");
        let c_cpi = col("cp_id");
        let c_cpb = col("cp_bank");
        let c_sum = col("summary");
        let c_chan = col("channel");
        let c_cash = col("cash");
        let c_ok = col("success");
        let c_ser = col("serial");
        let c_mer = col("merchant");
        let fen = m.amounts_in_fen;
        let preset = m.preset.as_deref().and_then(presets::get);
        let combined = preset.is_some_and(|p| p.cp_combined);
        // Own account when the statement has no column for it.
        let hint = self.opts.owners.iter().find(|o| o.file == file || (!file.is_empty() && o.file.ends_with(&file))).or_else(|| self.opts.owners.iter().find(|o| o.file.is_empty()));
        let (fallback_acct, owner_from) = match (c_acct.or(c_card), hint) {
            (Some(_), _) => (String::new(), "column"),
            (None, Some(h)) if !h.account.trim().is_empty() => (h.account.trim().to_string(), "owner"),
            _ => match account_from_file_name(&file) {
                Some(a) => (a, "file_name"),
                None => {
                    let stem = file.rsplit(['/', '\\']).next().unwrap_or(&file);
                    (stem.rsplit_once('.').map(|(a, _)| a).unwrap_or(stem).to_string(), "file_name")
                }
            },
        };
        let hint_name = hint.map(|h| h.name.trim().to_string()).unwrap_or_default();
        let hint_id = hint.map(|h| timeline::normalise_id(&h.id_number)).unwrap_or_default();
        self.d.files.push(FileInfo {
            file: file.clone(),
            sheet: t.source.sheet.clone(),
            kind: "transactions".into(),
            preset: m.preset.clone(),
            rows: t.len() as u64,
            skipped: t.skipped.len() as u64,
            columns: m.columns.iter().filter_map(|(f, &c)| t.headers.get(c).map(|h| (f.clone(), h.clone()))).collect(),
            owner_from: owner_from.to_string(),
            ..FileInfo::default()
        });
        let cell = |i: usize, c: Option<usize>| c.map(|c| clean(t.cell(i, c))).unwrap_or("");
        let mut last_acct: (String, u32) = (String::new(), NONE);
        let total = t.len() as u64;
        for i in 0..t.len() {
            if i % 65_536 == 0 {
                progress("读取流水", i as u64, total);
            }
            let row = t.line(i);
            self.d.stats.rows += 1;
            if t.row(i).all(|c| clean(c).is_empty()) {
                self.unparsed(fi, &file, row, "空行", "");
                continue;
            }
            if failed(cell(i, c_ok)) {
                self.d.stats.failed += 1;
                if let Some(f) = self.d.files.get_mut(fi) {
                    f.failed += 1;
                }
                continue;
            }
            // Time: a full date-time column, or a date column plus a time column.
            let tcell = cell(i, c_time);
            let mut time = parse::datetime(tcell);
            // A time of day is known when a clock was parsed, or the date-time
            // is not exactly midnight (date-only cells parse to 00:00:00).
            let mut has_time = time.is_some_and(|t| t.time() != chrono::NaiveTime::MIN);
            if time.is_none() || c_time.is_none() {
                let clock = parse::time_of_day(if c_clock.is_some() { cell(i, c_clock) } else { tcell });
                let date = parse::datetime(cell(i, c_date));
                if date.is_some() {
                    has_time = clock.is_some() || date.is_some_and(|t| t.time() != chrono::NaiveTime::MIN);
                }
                time = date.map(|d| d.date().and_time(clock.unwrap_or_else(|| d.time()))).or(time);
            } else if let (Some(tm), Some(_)) = (time, c_clock) {
                if tm.time() == chrono::NaiveTime::MIN {
                    if let Some(cl) = parse::time_of_day(cell(i, c_clock)) {
                        time = Some(tm.date().and_time(cl));
                        has_time = true;
                    }
                }
            }
            let Some(time) = time else {
                let raw = if tcell.is_empty() { cell(i, c_date) } else { tcell };
                self.unparsed(fi, &file, row, "交易时间无法识别", raw);
                continue;
            };
            // Amount and direction.
            let a = parse::amount(cell(i, c_amt), fen);
            let ain = parse::amount(cell(i, c_in), fen).filter(|v| *v != 0);
            let aout = parse::amount(cell(i, c_out), fen).filter(|v| *v != 0);
            let (amount, dir) = match (a, ain, aout) {
                (_, Some(x), None) => (x.abs(), Some(if x < 0 { Dir::Out } else { Dir::In })),
                (_, None, Some(x)) => (x.abs(), Some(Dir::Out)),
                (Some(x), _, _) => {
                    let d = direction(cell(i, c_dir)).or(if c_dir.is_none() || cell(i, c_dir).is_empty() {
                        if x < 0 {
                            Some(Dir::Out)
                        } else if c_dir.is_none() && x > 0 {
                            Some(Dir::In)
                        } else {
                            None
                        }
                    } else {
                        None
                    });
                    (x.abs(), d)
                }
                (None, Some(x), Some(y)) => {
                    self.unparsed(fi, &file, row, "收入和支出同时有金额", &format!("{x} / {y}"));
                    continue;
                }
                (None, None, None) => {
                    let raw = [cell(i, c_amt), cell(i, c_in), cell(i, c_out)].into_iter().find(|s| !s.is_empty()).unwrap_or("");
                    self.unparsed(fi, &file, row, if raw.is_empty() { "金额为空" } else { "金额无法识别" }, raw);
                    continue;
                }
            };
            if amount == 0 {
                self.unparsed(fi, &file, row, "金额为 0", "");
                continue;
            }
            let Some(dir) = dir else {
                self.unparsed(fi, &file, row, "收付方向不明", cell(i, c_dir));
                continue;
            };
            // Own account.
            let acct_raw = cell(i, c_acct);
            let card_raw = cell(i, c_card);
            let own_raw = if !acct_raw.is_empty() { acct_raw } else if !card_raw.is_empty() { card_raw } else { fallback_acct.as_str() };
            let nm = if c_name.is_some() { cell(i, c_name) } else { hint_name.as_str() };
            let account = if own_raw == last_acct.0 && last_acct.1 != NONE {
                last_acct.1
            } else {
                let key = account_key(own_raw);
                if key.is_empty() {
                    self.unparsed(fi, &file, row, "本方账号为空", "");
                    continue;
                }
                let n = self.node(&key, clean(own_raw), nm);
                if !acct_raw.is_empty() && !card_raw.is_empty() {
                    let ck = account_key(card_raw);
                    if !ck.is_empty() && ck != key {
                        let ck = self.d.strs.intern(&ck);
                        let ak = self.d.strs.intern(&key);
                        self.card_alias.insert(ck, ak);
                    }
                }
                last_acct = (own_raw.to_string(), n);
                n
            };
            if let Some(node) = self.d.nodes.get_mut(account as usize) {
                node.own = true;
            }
            // Counterparty.
            let (cpa, cpn): (&str, String) = if combined && (c_cpn.is_none() || cell(i, c_cpn).is_empty()) {
                let (a, n) = presets::split_counterparty(cell(i, c_cpa));
                (a, n)
            } else {
                (cell(i, c_cpa), cell(i, c_cpn).to_string())
            };
            let cp = self.cp_node(cpa, &cpn);
            let summary = cell(i, c_sum);
            let id_raw = if c_id.is_some() { cell(i, c_id) } else { hint_id.as_str() };
            let id_number = if id_raw.is_empty() { 0 } else { self.d.strs.intern(&timeline::normalise_id(id_raw)) };
            if let Some(node) = self.d.nodes.get_mut(account as usize) {
                if node.id_number == 0 {
                    node.id_number = id_number;
                }
            }
            let serial_raw = cell(i, c_ser);
            let txn = Txn {
                account,
                name: self.d.strs.intern(nm),
                id_number,
                ts: ts_of(time),
                amount_fen: amount,
                dir,
                balance_fen: parse::amount(cell(i, c_bal), fen),
                cp,
                cp_account: self.d.strs.intern(cpa),
                cp_name: self.d.strs.intern(cpn.trim()),
                cp_id: self.d.strs.intern(cell(i, c_cpi)),
                cp_bank: self.d.strs.intern(cell(i, c_cpb)),
                summary: self.d.strs.intern(summary),
                channel: self.d.strs.intern(cell(i, c_chan)),
                merchant: self.d.strs.intern(cell(i, c_mer)),
                cash: is_cash(cell(i, c_cash), summary),
                serial: if serial_raw.is_empty() { 0 } else { fx_hash(serial_raw) | 1 },
                file_idx: fi as u32,
                row,
                mirror: NONE,
                has_time,
            };
            self.d.txns.push(txn);
            self.d.stats.used += 1;
            if let Some(f) = self.d.files.get_mut(fi) {
                f.used += 1;
            }
        }
    }

    /// 账户信息: account/card → owner name and ID.
    fn accounts_table(&mut self, ds: &Dataset) {
        for i in 0..ds.len() {
            let nm = clean(ds.get(i, "name")).to_string();
            let id = timeline::normalise_id(clean(ds.get(i, "id_number")));
            let acct = account_key(ds.get(i, "account"));
            let card = account_key(ds.get(i, "card"));
            for k in [&acct, &card] {
                if k.is_empty() {
                    continue;
                }
                let n = self.node(k, k, &nm);
                if let Some(node) = self.d.nodes.get_mut(n as usize) {
                    if node.id_number == 0 && !id.is_empty() {
                        node.id_number = self.d.strs.intern(&id);
                    }
                }
            }
            if !acct.is_empty() && !card.is_empty() && acct != card {
                let ck = self.d.strs.intern(&card);
                let ak = self.d.strs.intern(&acct);
                self.card_alias.insert(ck, ak);
            }
        }
    }
}

/// Build the normalised transactions and their indexes from every dataset
/// that is a statement (or a persons/accounts table, or a cases list).
pub fn build(datasets: &[Dataset], opts: &FlowOptions, progress: &mut dyn FnMut(&str, u64, u64)) -> FlowData {
    let mut b = Builder { d: FlowData { strs: Interner::new(), params: opts.params.clone(), ..FlowData::default() }, opts, card_alias: FxMap::default() };
    let mut persons: Vec<(String, String)> = Vec::new();
    let mut case_lines: Vec<(String, String, Timeline)> = Vec::new();
    for ds in datasets {
        let role = role(ds);
        let kind = match &role {
            Role::Statement(_) => "transactions",
            Role::Persons => "persons",
            Role::Accounts => "accounts",
            Role::Cases => "cases",
            Role::Ignored => "",
        };
        if !matches!(role, Role::Statement(_)) {
            b.d.files.push(FileInfo { file: ds.table.source.file.clone(), sheet: ds.table.source.sheet.clone(), kind: kind.into(), rows: ds.len() as u64, ..FileInfo::default() });
        }
        match role {
            Role::Statement(m) => b.statement(ds, &m, progress),
            Role::Accounts => b.accounts_table(ds),
            Role::Persons => {
                for i in 0..ds.len() {
                    persons.push((name::key(ds.get(i, "name")), timeline::normalise_id(clean(ds.get(i, "id_number")))));
                }
            }
            Role::Cases => case_lines.extend(timeline::from_cases(ds)),
            Role::Ignored => {}
        }
    }
    progress("整理流水", 0, 1);
    let mut d = b.d;
    // Card numbers and account numbers of one account become one node.
    let mut redirect: Vec<u32> = (0..d.nodes.len() as u32).collect();
    for (i, n) in d.nodes.iter().enumerate() {
        if let Some(ak) = b.card_alias.get(&n.key) {
            if let (Some(&target), Some(r)) = (d.node_by_key.get(ak), redirect.get_mut(i)) {
                *r = target;
            }
        }
    }
    let fix = |x: u32| if x == NONE { NONE } else { redirect.get(x as usize).copied().unwrap_or(x) };
    for t in d.txns.iter_mut() {
        t.account = fix(t.account);
        t.cp = fix(t.cp);
    }
    for i in 0..d.nodes.len() {
        let r = fix(i as u32);
        if r != i as u32 {
            let (own, name, id) = d.nodes.get(i).map(|n| (n.own, n.name, n.id_number)).unwrap_or_default();
            if let Some(t) = d.nodes.get_mut(r as usize) {
                t.own |= own;
                if t.name == 0 {
                    t.name = name;
                }
                if t.id_number == 0 {
                    t.id_number = id;
                }
            }
        }
    }
    // Owner ID from 人员信息 by name when the statement has none.
    let mut by_name: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (n, id) in persons {
        if n.is_empty() || id.is_empty() {
            continue;
        }
        by_name.entry(n).and_modify(|e| if e.as_deref() != Some(id.as_str()) { *e = None }).or_insert(Some(id));
    }
    for i in 0..d.nodes.len() {
        let (own, idn, nm) = d.nodes.get(i).map(|n| (n.own, n.id_number, n.name)).unwrap_or_default();
        if own && idn == 0 {
            let key = name::key(d.strs.get(nm));
            if let Some(Some(id)) = by_name.get(&key) {
                let v = d.strs.intern(id);
                if let Some(n) = d.nodes.get_mut(i) {
                    n.id_number = v;
                }
            }
        }
    }
    // Sort once.
    d.txns.sort_by(|a, b| a.ts.cmp(&b.ts).then(a.file_idx.cmp(&b.file_idx)).then(a.row.cmp(&b.row)));
    d.by_node = vec![Vec::new(); d.nodes.len()];
    for (i, t) in d.txns.iter().enumerate() {
        if let Some(v) = d.by_node.get_mut(t.account as usize) {
            v.push(i as u32);
        }
    }
    for i in 0..d.nodes.len() {
        let nm = d.nodes.get(i).map_or(0, |n| n.name);
        let k = name::key(d.strs.get(nm));
        let k = d.strs.intern(&k);
        if let Some(n) = d.nodes.get_mut(i) {
            n.name_key = k;
        }
    }
    subjects(&mut d, opts, case_lines);
    dedup(&mut d);
    edges(&mut d);
    d.stats.accounts = d.nodes.iter().filter(|n| n.own).count() as u64;
    d.stats.edges = d.edges.len() as u64;
    for r in &opts.relatives {
        let k = account_key(r);
        d.relatives.push(k);
        d.relatives.push(name::key(r));
    }
    d
}

fn subjects(d: &mut FlowData, opts: &FlowOptions, cases: Vec<(String, String, Timeline)>) {
    let mut subs: Vec<Subject> = Vec::new();
    let owner_ids: Vec<String> = d.nodes.iter().filter(|n| n.own && n.id_number != 0).map(|n| d.strs.get(n.id_number).to_string()).collect();
    let owner_names: Vec<String> = d.nodes.iter().filter(|n| n.own).map(|n| name::key(d.strs.get(n.name))).collect();
    if opts.subjects.is_empty() {
        // Every debtor of the cases who owns a statement (by ID, or by name when the case has no ID).
        for (id, nm, t) in &cases {
            let hit = (!id.is_empty() && owner_ids.contains(id)) || (!nm.is_empty() && owner_names.contains(nm));
            if !hit {
                continue;
            }
            match subs.iter_mut().find(|s| (!id.is_empty() && s.id_number == *id) || (id.is_empty() && s.id_number.is_empty() && s.name == *nm)) {
                Some(s) => s.timeline.merge(t),
                None => subs.push(Subject { id_number: id.clone(), name: nm.clone(), timeline: t.clone(), nodes: vec![] }),
            }
        }
    } else {
        for s in &opts.subjects {
            let id = timeline::normalise_id(&s.id_number);
            let nm = name::key(&s.name);
            let mut tl = s.timeline.clone();
            for (cid, cnm, t) in &cases {
                if (!id.is_empty() && *cid == id) || (id.is_empty() && !nm.is_empty() && *cnm == nm) {
                    tl.merge(t);
                }
            }
            let nm = if nm.is_empty() { cases.iter().find(|(c, _, _)| !id.is_empty() && *c == id).map(|(_, n, _)| n.clone()).unwrap_or_default() } else { nm };
            subs.push(Subject { id_number: id, name: nm, timeline: tl, nodes: vec![] });
        }
    }
    for (i, n) in d.nodes.iter_mut().enumerate() {
        if !n.own {
            continue;
        }
        let id = d.strs.get(n.id_number);
        let nm = name::key(d.strs.get(n.name));
        if let Some(si) = subs.iter().position(|s| (!s.id_number.is_empty() && s.id_number == id) || (s.id_number.is_empty() || id.is_empty()) && !s.name.is_empty() && s.name == nm) {
            n.subject = Some(si as u32);
            if let Some(s) = subs.get_mut(si) {
                s.nodes.push(i as u32);
                if s.name.is_empty() {
                    s.name = nm;
                }
            }
        }
    }
    d.subjects = subs;
}

fn dedup(d: &mut FlowData) {
    let window = (super::rules::global(d, "flow.dedup.window_minutes") * 60.0) as i64;
    let serial_window = 86_400i64;
    let n = d.txns.len();
    for i in 0..n {
        let Some(t) = d.txns.get(i) else { continue };
        if t.dir != Dir::Out || t.cp == NONE || t.mirror != NONE {
            continue;
        }
        let (cp, acct, amt, ts, serial) = (t.cp, t.account, t.amount_fen, t.ts, t.serial);
        let Some(list) = d.by_node.get(cp as usize) else { continue };
        if list.is_empty() || cp == acct {
            continue;
        }
        let w = if serial != 0 { serial_window } else { window };
        let start = list.partition_point(|&j| d.txns.get(j as usize).map_or(0, |x| x.ts) < ts - w);
        let mut best: Option<(u32, i64, bool)> = None;
        for &j in list.iter().skip(start) {
            let Some(x) = d.txns.get(j as usize) else { break };
            if x.ts > ts + w {
                break;
            }
            if x.dir != Dir::In || x.cp != acct || x.amount_fen != amt || x.mirror != NONE {
                continue;
            }
            let same_serial = serial != 0 && x.serial == serial;
            let dt = (x.ts - ts).abs();
            if !same_serial && dt > window {
                continue;
            }
            let better = match best {
                None => true,
                Some((_, bdt, bs)) => (same_serial && !bs) || (same_serial == bs && dt < bdt),
            };
            if better {
                best = Some((j, dt, same_serial));
            }
        }
        if let Some((j, _, _)) = best {
            if let Some(x) = d.txns.get_mut(j as usize) {
                x.mirror = i as u32;
            }
            if let Some(x) = d.txns.get_mut(i) {
                x.mirror = j;
            }
            d.stats.duplicates += 1;
        }
    }
}

fn edges(d: &mut FlowData) {
    let mut edges = Vec::with_capacity(d.txns.len());
    for (i, t) in d.txns.iter().enumerate() {
        if t.cp == NONE || t.cp == t.account {
            continue;
        }
        match t.dir {
            Dir::Out => edges.push(Edge { from: t.account, to: t.cp, ts: t.ts, amount_fen: t.amount_fen, txn: i as u32, other: t.mirror }),
            Dir::In if t.mirror == NONE => edges.push(Edge { from: t.cp, to: t.account, ts: t.ts, amount_fen: t.amount_fen, txn: i as u32, other: NONE }),
            Dir::In => {}
        }
    }
    d.out_edges = vec![Vec::new(); d.nodes.len()];
    d.in_edges = vec![Vec::new(); d.nodes.len()];
    for (i, e) in edges.iter().enumerate() {
        if let Some(v) = d.out_edges.get_mut(e.from as usize) {
            v.push(i as u32);
        }
        if let Some(v) = d.in_edges.get_mut(e.to as usize) {
            v.push(i as u32);
        }
    }
    d.edges = edges;
}

/// How two accounts are related (for ant moving and the counterparty table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Same owner name or ID: 同名账户.
    SelfNamed,
    /// Listed by the user as a relative.
    Listed,
    /// Same surname (personal names only): 疑似亲属.
    Surname,
    /// Another subject's account.
    Subject,
    /// An account whose statement is loaded too (the user pulled it because it matters).
    Loaded,
}

impl Relation {
    pub fn label(self) -> &'static str {
        match self {
            Relation::SelfNamed => "同名账户",
            Relation::Listed => "已知亲属/关联人",
            Relation::Surname => "同姓（疑似亲属）",
            Relation::Subject => "其他被执行人账户",
            Relation::Loaded => "已调取流水的账户",
        }
    }
}

impl FlowData {
    /// Parameter value (user setting or the given default).
    pub fn param(&self, key: &str, default: f64) -> f64 {
        self.params.get(key).copied().unwrap_or(default)
    }
    pub fn node(&self, n: u32) -> Option<&Node> {
        self.nodes.get(n as usize)
    }
    pub fn txn(&self, i: u32) -> Option<&Txn> {
        self.txns.get(i as usize)
    }
    pub fn s(&self, id: u32) -> &str {
        self.strs.get(id)
    }
    /// Account number as shown ("名:张三" nodes show the name).
    pub fn account_label(&self, n: u32) -> String {
        match self.node(n) {
            Some(x) if x.account != 0 => self.s(x.account).to_string(),
            Some(x) => self.s(x.key).to_string(),
            None => String::new(),
        }
    }
    pub fn name_of(&self, n: u32) -> &str {
        self.node(n).map(|x| self.s(x.name)).unwrap_or("")
    }
    /// Find a node by an account number or card as the user types it.
    pub fn find_account(&self, raw: &str) -> Option<u32> {
        let k = account_key(raw);
        let id = self.strs.lookup(&k)?;
        self.node_by_key.get(&id).copied().or_else(|| {
            let nk = format!("名:{}", name::key(raw));
            self.strs.lookup(&nk).and_then(|i| self.node_by_key.get(&i).copied())
        })
    }
    pub fn subject_of(&self, n: u32) -> Option<&Subject> {
        self.node(n).and_then(|x| x.subject).and_then(|s| self.subjects.get(s as usize))
    }
    pub fn timeline_of(&self, n: u32) -> Option<&Timeline> {
        self.subject_of(n).map(|s| &s.timeline).filter(|t| !t.is_empty())
    }
    /// Relation of counterparty `b` to account `a`, if any.
    pub fn relation(&self, a: u32, b: u32) -> Option<Relation> {
        let (Some(na), Some(nb)) = (self.node(a), self.node(b)) else { return None };
        let ka = self.s(na.name_key);
        let kb = self.s(nb.name_key);
        if (na.id_number != 0 && na.id_number == nb.id_number) || (!ka.is_empty() && ka == kb) {
            return Some(Relation::SelfNamed);
        }
        if !self.relatives.is_empty() {
            let acct = self.s(nb.key);
            if self.relatives.iter().any(|r| !r.is_empty() && (r.as_str() == kb || r.as_str() == acct)) {
                return Some(Relation::Listed);
            }
        }
        if nb.subject.is_some() {
            return Some(Relation::Subject);
        }
        if is_person_name(ka) && is_person_name(kb) && ka.chars().next() == kb.chars().next() && !kb.starts_with('*') {
            return Some(Relation::Surname);
        }
        nb.own.then_some(Relation::Loaded)
    }
    /// Owner label "name（account）" for reasons.
    pub fn who(&self, n: u32) -> String {
        let nm = self.name_of(n);
        let a = self.account_label(n);
        if nm.is_empty() || a.starts_with("名:") {
            if a.starts_with("名:") { nm.to_string() } else { a }
        } else {
            format!("{nm}（{a}）")
        }
    }
}
