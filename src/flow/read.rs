//! Reading statements into rows: which dataset is a statement (`role`), the
//! columns of each preset, and one `Txn` per statement row. Every row becomes
//! a `Txn`, is counted as failed (交易是否成功 = 否/失败/关闭…, excluded), or
//! is counted as unparsed with a reason; nothing is dropped silently.

use super::cells::{self, account_from_file_name, account_key, account_key_cow, cash_flag, cash_summary, clean, excel_damaged, failed};
use crate::normalize::amount;
use super::intern::{fx_hash, FxMap};
use super::options::FlowOptions;
use super::parse;
use super::presets;
use super::timeline;
use super::txn::{ts_of, Dir, FileInfo, FlowData, Node, Txn, Unparsed, NONE, NO_BALANCE};
use crate::ingest::{Dataset, Mapping};
use crate::normalize::name;

pub(super) const MAX_UNPARSED_LISTED: usize = 1000;

/// The owner typed or found for a statement file without an own-account
/// column: the one naming the file, else one for every file.
pub fn owner_hint<'a>(owners: &'a [super::OwnerHint], file: &str) -> Option<&'a super::OwnerHint> {
    owners.iter().find(|o| o.file == file || (!file.is_empty() && o.file.ends_with(file))).or_else(|| owners.iter().find(|o| o.file.is_empty()))
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

pub(super) struct Builder<'a> {
    pub(super) d: FlowData,
    pub(super) opts: &'a FlowOptions,
    /// card key → account key of the same own account.
    pub(super) card_alias: FxMap<u32, u32>,
}

impl<'a> Builder<'a> {
    fn node(&mut self, key: &str, account: &str, name_raw: &str) -> u32 {
        self.node_keyed(key, account, name_raw).0
    }

    /// The node and the id of its interned key.
    fn node_keyed(&mut self, key: &str, account: &str, name_raw: &str) -> (u32, u32) {
        let k = self.d.strs.intern(key);
        if let Some(&n) = self.d.node_by_key.get(&k) {
            if let Some(node) = self.d.nodes.get_mut(n as usize) {
                if node.name == 0 && !name_raw.is_empty() {
                    node.name = self.d.strs.intern(name_raw);
                }
            }
            return (n, k);
        }
        let n = self.d.nodes.len() as u32;
        let account = self.d.strs.intern(account);
        let name = self.d.strs.intern(name_raw);
        self.d.nodes.push(Node { key: k, account, name, ..Node::default() });
        self.d.node_by_key.insert(k, n);
        (n, k)
    }

    /// Node of a counterparty from its account text and name, and the id
    /// of `acct` interned when it is its own key (the usual case: the row
    /// then needs no second lookup of the same text).
    fn cp_node(&mut self, acct: &str, cp_name: &str) -> (u32, Option<u32>) {
        let key = account_key_cow(acct);
        if key.is_empty() || key.contains('*') || excel_damaged(&key) {
            return (self.cp_node_slow(&key, acct, cp_name), None);
        }
        let (n, k) = self.node_keyed(&key, clean(acct), cp_name.trim());
        (n, (*key == *acct).then_some(k))
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

    pub(super) fn statement(&mut self, ds: &Dataset, m: &Mapping, progress: &mut dyn FnMut(&str, u64, u64)) {
        self.statement_table(&ds.table, m, None, progress);
    }

    /// The rows of one table of a statement. `part_of`: the file index of
    /// the statement this table continues (a file streamed in chunks,
    /// `super::stream`); `None` starts a new file. Returns the file index.
    pub(super) fn statement_table(&mut self, t: &crate::ingest::Table, m: &Mapping, part_of: Option<usize>, progress: &mut dyn FnMut(&str, u64, u64)) -> usize {
        let fi = part_of.unwrap_or(self.d.files.len());
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
        // A column's unit comes from its header: decided once, not per cell.
        let unit_of = |c: Option<usize>| amount::unit_for_header(c.and_then(|col| t.headers.get(col)).map_or("", String::as_str), fen);
        let (u_amt, u_in, u_out, u_bal) = (unit_of(c_amt), unit_of(c_in), unit_of(c_out), unit_of(c_bal));
        let preset = m.preset.as_deref().and_then(presets::get);
        let combined = preset.is_some_and(|p| p.cp_combined);
        // Own account when the statement has no column for it.
        let hint = owner_hint(&self.opts.owners, &file);
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
        match part_of.and_then(|fi| self.d.files.get_mut(fi)) {
            Some(f) => {
                f.rows += t.len() as u64;
                f.skipped += t.skipped.len() as u64;
            }
            None => self.d.files.push(FileInfo {
                file: file.clone(),
                sheet: t.source.sheet.clone(),
                kind: "transactions".into(),
                preset: m.preset.clone(),
                rows: t.len() as u64,
                skipped: t.skipped.len() as u64,
                columns: m.columns.iter().filter_map(|(f, &c)| t.headers.get(c).map(|h| (f.clone(), h.clone()))).collect(),
                owner_from: owner_from.to_string(),
                ..FileInfo::default()
            }),
        }
        let cell = |i: usize, c: Option<usize>| c.map(|c| clean(t.cell(i, c))).unwrap_or("");
        // Cells borrowed from the table: the last own account and ID text
        // seen (runs of rows of one account), no copy per row.
        let mut last_id: (&str, u32) = ("", 0);
        let mut last_acct: (&str, u32) = ("", NONE);
        // Whether a summary (by interned id) says cash, asked once per summary.
        let mut cash_of: FxMap<u32, bool> = FxMap::default();
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
            // A "time" column holding full date-times (Alipay's 付款时间 mapped
            // as 交易时刻) is a timestamp, not a time of day to reject.
            let clock_full = c_clock.and_then(|_| parse::datetime(cell(i, c_clock)));
            if let Some(full) = clock_full {
                if time.is_none_or(|t| t.time() == chrono::NaiveTime::MIN && t.date() == full.date()) {
                    time = Some(full);
                    has_time = full.time() != chrono::NaiveTime::MIN;
                }
            } else if time.is_none() || c_time.is_none() {
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
            // Amount and direction, by the shared normalisers.
            let money = |c: Option<usize>, unit| -> Result<Option<i64>, (String, &str)> {
                if c.is_none() {
                    return Ok(None);
                }
                let raw = cell(i, c);
                cells::amount(raw, unit).map_err(|why| (why, raw))
            };
            let parsed: Result<_, (String, &str)> =
                (|| Ok((money(c_amt, u_amt)?, money(c_in, u_in)?.filter(|v| *v != 0), money(c_out, u_out)?.filter(|v| *v != 0))))();
            let (a, ain, aout) = match parsed {
                Ok(v) => v,
                Err((why, raw)) => {
                    let reason = if why.starts_with("金额超过") { "金额超出合理范围" } else { "金额无法识别" };
                    self.unparsed(fi, &file, row, reason, &format!("{raw}（{why}）"));
                    continue;
                }
            };
            let dir_cell = cell(i, c_dir);
            let told = match cells::direction(dir_cell, &[cell(i, c_sum), cell(i, c_cpn)]) {
                Ok(d) => d,
                Err(why) => {
                    self.unparsed(fi, &file, row, "收付方向不明", &format!("{dir_cell}（{why}）"));
                    continue;
                }
            };
            let (amount, dir) = match (a, ain, aout) {
                (_, Some(x), None) => (x.abs(), Some(if x < 0 { Dir::Out } else { Dir::In })),
                (_, None, Some(x)) => (x.abs(), Some(Dir::Out)),
                // A signed amount without a direction column: the sign says it.
                (Some(x), _, _) => (x.abs(), told.or(if x < 0 { Some(Dir::Out) } else if c_dir.is_none() && x > 0 { Some(Dir::In) } else { None })),
                (None, Some(x), Some(y)) => {
                    self.unparsed(fi, &file, row, "收入和支出同时有金额", &format!("{x} / {y}"));
                    continue;
                }
                (None, None, None) => {
                    self.unparsed(fi, &file, row, "金额为空", "");
                    continue;
                }
            };
            if amount == 0 {
                self.unparsed(fi, &file, row, "金额为 0", "");
                continue;
            }
            let Some(dir) = dir else {
                self.unparsed(fi, &file, row, "收付方向不明", dir_cell);
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
                let key = account_key_cow(own_raw);
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
                last_acct = (own_raw, n);
                n
            };
            if let Some(node) = self.d.nodes.get_mut(account as usize) {
                node.own = true;
            }
            // Counterparty.
            let (cpa, cpn): (&str, std::borrow::Cow<str>) = if combined && (c_cpn.is_none() || cell(i, c_cpn).is_empty()) {
                let (a, n) = presets::split_counterparty(cell(i, c_cpa));
                (a, n.into())
            } else {
                (cell(i, c_cpa), cell(i, c_cpn).into())
            };
            let (cp, cpa_id) = self.cp_node(cpa, &cpn);
            let cp_account = match cpa_id {
                Some(k) => k,
                None => self.d.strs.intern(cpa),
            };
            let summary = cell(i, c_sum);
            let id_raw = if c_id.is_some() { cell(i, c_id) } else { hint_id.as_str() };
            // Statements repeat the owner's ID on every row: normalise it once per run of rows.
            let id_number = if id_raw.is_empty() {
                0
            } else if id_raw == last_id.0 {
                last_id.1
            } else {
                let v = self.d.strs.intern(&timeline::normalise_id(id_raw));
                last_id = (id_raw, v);
                v
            };
            if let Some(node) = self.d.nodes.get_mut(account as usize) {
                if node.id_number == 0 {
                    node.id_number = id_number;
                }
            }
            let serial_raw = cell(i, c_ser);
            let summary_id = self.d.strs.intern(summary);
            let cash = cash_flag(cell(i, c_cash)) || *cash_of.entry(summary_id).or_insert_with(|| cash_summary(summary));
            let txn = Txn {
                account,
                ts: ts_of(time),
                amount_fen: amount,
                dir,
                balance_raw: c_bal.and_then(|_| cells::amount(cell(i, c_bal), u_bal).ok().flatten()).unwrap_or(NO_BALANCE),
                cp,
                cp_account,
                cp_name: self.d.strs.intern(cpn.trim()),
                cp_id: self.d.strs.intern(cell(i, c_cpi)),
                cp_bank: self.d.strs.intern(cell(i, c_cpb)),
                summary: summary_id,
                channel: self.d.strs.intern(cell(i, c_chan)),
                merchant: self.d.strs.intern(cell(i, c_mer)),
                cash,
                serial: if serial_raw.is_empty() { 0 } else { (fx_hash(serial_raw) >> 32) as u32 | 1 },
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
        fi
    }

    /// 账户信息: account/card → owner name and ID.
    pub(super) fn accounts_table(&mut self, ds: &Dataset) {
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

