//! The normalised transaction table and its indexes (`FlowData`), built once
//! from the datasets (`super::build`) and kept between calls (the page holds
//! it in its session).
//!
//! Accounts are nodes with `u32` ids. A node's key is the account number with
//! spaces removed; a counterparty known only by name is keyed `名:<name>`, a
//! masked counterparty number (`6217****1234`) by the mask plus the name, so
//! that two different people behind the same mask stay apart.

use super::cells::{account_key, is_person_name};
use super::intern::Interner;
use super::timeline::Timeline;
use crate::normalize::name;
use chrono::{DateTime, Datelike, NaiveDateTime, Timelike};
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

/// "No balance" in `Txn::balance_raw` (the statement gave none).
pub const NO_BALANCE: i64 = i64::MIN;

/// One statement row, normalised: 80 bytes, no heap. String fields are
/// interned ids into `FlowData::strs` (0 = empty); `account` and `cp` are
/// node ids. The owner's name and ID live on the account's node, not per row.
#[derive(Debug, Clone)]
pub struct Txn {
    pub account: u32,
    /// Seconds since 1970-01-01 00:00 of the local (naive) time; see `time()`.
    pub ts: i64,
    /// Always > 0.
    pub amount_fen: i64,
    pub dir: Dir,
    /// Balance after the row in 分, `NO_BALANCE` when not given (an
    /// `Option<i64>` would take 16 bytes); read it with `balance_fen()`.
    pub balance_raw: i64,
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
    /// Hash of the serial number (0 = none); only compared for equality
    /// between rows already matched on accounts, amount and day.
    pub serial: u32,
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
    #[inline]
    pub fn balance_fen(&self) -> Option<i64> {
        (self.balance_raw != NO_BALANCE).then_some(self.balance_raw)
    }
    pub fn time(&self) -> NaiveDateTime {
        DateTime::from_timestamp(self.ts, 0).map(|d| d.naive_utc()).unwrap_or_default()
    }
    #[inline]
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

/// `ts` as "2024-01-05" (`%Y-%m-%d`), without a format string or the
/// formatting machinery: reports write millions of dates.
pub fn date_text(ts: i64) -> String {
    let t = time_of(ts);
    if (0..=9999).contains(&t.year()) {
        fixed(&[(t.year() as u32, 4, b'-'), (t.month(), 2, b'-'), (t.day(), 2, 0)]).as_str().to_string()
    } else {
        t.format("%Y-%m-%d").to_string()
    }
}

/// `ts` as "2024-01-05 14:08:00" (`%Y-%m-%d %H:%M:%S`), see `date_text`.
pub fn datetime_text(ts: i64) -> String {
    datetime_compact(ts).into()
}

/// [`datetime_text`] held inline (a lead's times).
pub fn datetime_compact(ts: i64) -> compact_str::CompactString {
    let t = time_of(ts);
    if (0..=9999).contains(&t.year()) {
        fixed(&[(t.year() as u32, 4, b'-'), (t.month(), 2, b'-'), (t.day(), 2, b' '), (t.hour(), 2, b':'), (t.minute(), 2, b':'), (t.second(), 2, 0)]).as_str().into()
    } else {
        compact_str::format_compact!("{}", t.format("%Y-%m-%d %H:%M:%S"))
    }
}

/// Zero-padded ASCII fields on the stack (at most `yyyy-mm-dd hh:mm:ss`).
struct Fixed {
    buf: [u8; 19],
    len: usize,
}

impl Fixed {
    fn as_str(&self) -> &str {
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

/// Fields, each (value, width, separator after it or 0), written zero-padded.
fn fixed(fields: &[(u32, usize, u8)]) -> Fixed {
    let mut out = Fixed { buf: [0; 19], len: 0 };
    let mut put = |b: u8| {
        if let Some(x) = out.buf.get_mut(out.len) {
            *x = b;
            out.len += 1;
        }
    };
    for &(v, width, sep) in fields {
        let mut digits = [b'0'; 4];
        let mut v = v;
        for d in digits.iter_mut().rev() {
            *d = b'0' + (v % 10) as u8;
            v /= 10;
        }
        for &d in digits.get(4usize.saturating_sub(width)..).unwrap_or_default() {
            put(d);
        }
        if sep != 0 {
            put(sep);
        }
    }
    out
}

/// [`Node::surname`] of a name key.
pub fn surname_of(key: &str) -> u32 {
    match key.chars().next() {
        Some(c) if c != '*' && is_person_name(key) => c as u32,
        _ => 0,
    }
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
    /// The surname (first character, as a code point) when the name key is
    /// a person's name not starting with `*`; 0 otherwise. Set with
    /// `name_key`: `relation` compares these instead of reading two names.
    pub surname: u32,
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

/// The node of each interned key: a dense table indexed by string id
/// (`NONE` where a string keys no node). Reading a statement looks up two
/// nodes a row; an array read instead of a hash probe saves a cache miss
/// each once the accounts outgrow the cache.
#[derive(Debug, Default, Clone)]
pub struct NodeIndex(Vec<u32>);

impl NodeIndex {
    #[inline]
    pub fn get(&self, key: &u32) -> Option<&u32> {
        self.0.get(*key as usize).filter(|&&n| n != NONE)
    }
    pub fn insert(&mut self, key: u32, node: u32) {
        let i = key as usize;
        if self.0.len() <= i {
            self.0.resize(i + 1, NONE);
        }
        if let Some(x) = self.0.get_mut(i) {
            *x = node;
        }
    }
    pub fn capacity(&self) -> usize {
        self.0.capacity()
    }
}

#[derive(Default)]
pub struct FlowData {
    pub strs: Interner,
    pub nodes: Vec<Node>,
    pub(super) node_by_key: NodeIndex,
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
    /// Public collection and payroll/settlement accounts (per node).
    pub class: Vec<super::institution::Class>,
    pub params: BTreeMap<String, f64>,
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
    pub fn label_en(self) -> &'static str {
        match self {
            Relation::SelfNamed => "account in the same name",
            Relation::Listed => "listed relative / related person",
            Relation::Surname => "same surname (possible relative)",
            Relation::Subject => "another debtor's account",
            Relation::Loaded => "account whose statement is loaded",
        }
    }
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
    /// Heap bytes of the table and its indexes (strings, rows, nodes, edges,
    /// per-node lists), from capacities: what the bench reports per
    /// transaction, apart from the input bytes.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let lists = |v: &Vec<Vec<u32>>| v.capacity() * size_of::<Vec<u32>>() + v.iter().map(|l| l.capacity() * 4).sum::<usize>();
        self.strs.heap_bytes()
            + self.txns.capacity() * size_of::<Txn>()
            + self.nodes.capacity() * size_of::<Node>()
            + self.node_by_key.capacity() * 4
            + self.edges.capacity() * size_of::<Edge>()
            + lists(&self.by_node)
            + lists(&self.out_edges)
            + lists(&self.in_edges)
            + self.class.capacity() * size_of::<super::institution::Class>()
    }
    /// Parameter value (user setting or the given default).
    pub fn param(&self, key: &str, default: f64) -> f64 {
        self.params.get(key).copied().unwrap_or(default)
    }
    #[inline]
    pub fn node(&self, n: u32) -> Option<&Node> {
        self.nodes.get(n as usize)
    }
    #[inline]
    pub fn txn(&self, i: u32) -> Option<&Txn> {
        self.txns.get(i as usize)
    }
    #[inline]
    pub fn s(&self, id: u32) -> &str {
        self.strs.get(id)
    }
    /// Account number as shown ("名:张三" nodes show the name).
    pub fn account_label(&self, n: u32) -> String {
        self.account_str(n).to_string()
    }
    /// [`account_label`](Self::account_label) without a copy.
    pub fn account_str(&self, n: u32) -> &str {
        match self.node(n) {
            Some(x) if x.account != 0 => self.s(x.account),
            Some(x) => self.s(x.key),
            None => "",
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
    /// Public collection or payroll/settlement account?
    pub fn institutional(&self, n: u32) -> bool {
        self.class.get(n as usize).is_some_and(|c| c.institutional())
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
        // Interned: equal keys have equal ids, and id 0 is the empty key.
        if (na.id_number != 0 && na.id_number == nb.id_number) || (na.name_key != 0 && na.name_key == nb.name_key) {
            return Some(Relation::SelfNamed);
        }
        if !self.relatives.is_empty() {
            let kb = self.s(nb.name_key);
            let acct = self.s(nb.key);
            if self.relatives.iter().any(|r| !r.is_empty() && (r.as_str() == kb || r.as_str() == acct)) {
                return Some(Relation::Listed);
            }
        }
        if nb.subject.is_some() {
            return Some(Relation::Subject);
        }
        if na.surname != 0 && na.surname == nb.surname {
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


#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_chrono_writes_them() {
        // Edges of the years 0 and 9999, then times spread over every year between.
        let spread = (0..5_000i64).map(|k| -62_135_596_800 + k * 63_097_000 + k * k * 13 % 86_400);
        for ts in [0i64, 1_704_463_680, -62_135_596_800, -62_135_596_801, 253_402_300_799, 253_402_300_800, 951_782_400, -1].into_iter().chain(spread) {
            let t = super::time_of(ts);
            assert_eq!(super::date_text(ts), t.format("%Y-%m-%d").to_string(), "{ts}");
            assert_eq!(super::datetime_text(ts), t.format("%Y-%m-%d %H:%M:%S").to_string(), "{ts}");
        }
    }

    /// The table holds millions of rows: one row must stay small
    /// (issue 13.5: ≤ 150 bytes per transaction with its indexes).
    #[test]
    fn a_transaction_row_is_compact() {
        let row = std::mem::size_of::<super::Txn>();
        // by_node (4) + one edge (32) + its two adjacency entries (8).
        let per_txn = row + 4 + std::mem::size_of::<super::Edge>() + 8;
        assert!(per_txn <= 150, "Txn {row} B, with indexes {per_txn} B");
        // No Option<i64>, no per-row name/ID: 13 ids, 3 i64, 3 one-byte flags.
        assert!(row <= 80, "Txn {row} B");
    }
}
