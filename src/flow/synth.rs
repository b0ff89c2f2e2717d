//! Synthetic bank statements with planted evasion patterns: deterministic
//! (seeded), in several bank formats, used by the tests (recall/precision per
//! rule), the bench helper (millions of rows) and the demo helper.
//!
//! Background accounts carry ordinary noise (small daytime amounts, a large
//! pool of counterparties, no keywords) that no rule should flag. Each planted
//! pattern gets fresh accounts so that ground truth is exact; a pattern that
//! necessarily triggers another rule too declares it (`also`).

use crate::ingest::{Dataset, Source, Table};
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// SplitMix64: tiny, seedable, good enough for test data.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..hi` (hi exclusive; returns lo when empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next() % (hi - lo) as u64) as i64
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> Option<&'a T> {
        if v.is_empty() {
            None
        } else {
            v.get(self.range(0, v.len() as i64) as usize)
        }
    }
}

#[derive(Debug, Clone)]
pub struct SynthOptions {
    pub seed: u64,
    /// Background (noise) accounts.
    pub accounts: usize,
    pub days: i64,
    /// Average noise transactions per account per day (×100, integer math).
    pub per_day_x100: i64,
    pub start: NaiveDate,
    /// Plant the evasion patterns.
    pub plants: bool,
    /// Formats used in rotation: police, icbc, boc, cmb, abc, bocom, ccb, tenpay, alipay.
    pub formats: Vec<String>,
    /// One failed row per this many rows (0 = none).
    pub failed_every: u64,
    /// How many times each pattern is planted (each time in fresh accounts, shifted in time).
    pub repeat: usize,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            seed: 42,
            accounts: 30,
            days: 180,
            per_day_x100: 150,
            start: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
            plants: true,
            formats: ["police", "icbc", "boc", "cmb", "abc", "bocom", "ccb", "tenpay", "alipay"].iter().map(|s| s.to_string()).collect(),
            failed_every: 97,
            repeat: 1,
        }
    }
}

/// One planted pattern: the rule that must find it and the focus account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    pub rule: &'static str,
    pub account: String,
    /// Other rules this plant legitimately triggers on the same account.
    pub also: Vec<&'static str>,
}

/// Canonical synthetic transaction (one statement row).
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) time: NaiveDateTime,
    pub(super) amount: i64,
    pub(super) out: bool,
    pub(super) cp_acct: String,
    pub(super) cp_name: String,
    pub(super) summary: String,
    pub(super) cash: bool,
    pub(super) serial: String,
    pub(super) ok: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Acct {
    pub(super) acct: String,
    pub(super) name: String,
    pub(super) id: String,
    pub(super) format: String,
    pub(super) opening: i64,
    pub(super) rows: Vec<Row>,
}

pub struct Synth {
    pub tables: Vec<Table>,
    /// Cases list (kind `cases`) naming the planted subjects.
    pub cases: Table,
    pub planted: Vec<Planted>,
    /// Statement rows generated (including failed ones).
    pub rows: u64,
    pub failed: u64,
}

pub(super) const SURNAMES: &[&str] = &["赵", "钱", "孙", "李", "周", "吴", "郑", "王", "冯", "陈", "褚", "卫", "蒋", "沈", "韩", "杨", "朱", "秦", "尤", "许", "何", "吕", "施", "张", "孔", "曹", "严", "华", "金", "魏", "陶", "姜"];
pub(super) const GIVEN: &[&str] = &["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "慧", "建国", "志强", "海燕", "晓东"];
const NOISE_SUMMARY: &[&str] = &["转账", "网银转账", "消费", "快捷支付", "手机银行转账", "跨行转账", "POS消费"];

/// A valid 18-digit resident ID (check digit per GB 11643) from a seed.
pub fn resident_id(rng: &mut Rng) -> String {
    let areas = ["330203", "330212", "110105", "440524", "360426"];
    let area = rng.pick(&areas).copied().unwrap_or("330203");
    let body = format!("{area}{:04}{:02}{:02}{:03}", rng.range(1960, 2000), rng.range(1, 13), rng.range(1, 29), rng.range(0, 1000));
    let check = crate::normalize::id_number::resident_check(&body).unwrap_or('0');
    format!("{body}{check}")
}

struct Gen {
    rng: Rng,
    o: SynthOptions,
    accts: Vec<Acct>,
    planted: Vec<Planted>,
    cases: Vec<[String; 6]>,
    serial: u64,
    used_names: std::collections::HashSet<String>,
    /// Days added to every planted time (for repeated plants).
    shift: i64,
}

impl Gen {
    /// A person name, unique while the name space lasts (about 19,000
    /// names); after that repeats are allowed, as in real data.
    fn name(&mut self, surname: Option<&str>) -> String {
        for attempt in 0.. {
            let s = surname.map(str::to_string).unwrap_or_else(|| self.rng.pick(SURNAMES).copied().unwrap_or("王").to_string());
            let g1 = self.rng.pick(GIVEN).copied().unwrap_or("伟");
            let g2 = if self.rng.range(0, 3) == 0 { "" } else { self.rng.pick(GIVEN).copied().unwrap_or("") };
            let n = format!("{s}{g1}{g2}");
            if n.chars().count() <= 4 && (self.used_names.insert(n.clone()) || attempt >= 20) {
                return n;
            }
        }
        String::new()
    }
    fn card(&mut self) -> String {
        format!("6222{:012}", self.rng.range(0, 1_000_000_000_000))
    }
    fn t(&self, day: i64, h: u32, m: u32) -> NaiveDateTime {
        (self.o.start + Duration::days(day + self.shift)).and_hms_opt(h, m, 0).unwrap_or_default()
    }
    fn new_acct(&mut self, format: &str, surname: Option<&str>) -> usize {
        let name = self.name(surname);
        let acct = if format == "alipay" { format!("138{:08}", self.rng.range(0, 100_000_000)) } else if format == "tenpay" { format!("wxid_{:010}", self.rng.range(0, 10_000_000_000)) } else { self.card() };
        let id = resident_id(&mut self.rng);
        let opening = self.rng.range(2_000_000, 5_000_000);
        self.accts.push(Acct { acct, name, id, format: format.to_string(), opening, rows: Vec::new() });
        self.accts.len() - 1
    }
    fn fmt_for(&mut self, i: usize) -> String {
        let n = self.o.formats.len().max(1);
        self.o.formats.get(i % n).cloned().unwrap_or_else(|| "police".into())
    }
    fn push(&mut self, a: usize, time: NaiveDateTime, amount: i64, out: bool, cp_acct: &str, cp_name: &str, summary: &str) {
        self.serial += 1;
        let serial = format!("S{:012}", self.serial);
        if let Some(x) = self.accts.get_mut(a) {
            x.rows.push(Row { time, amount, out, cp_acct: cp_acct.into(), cp_name: cp_name.into(), summary: summary.into(), cash: false, serial, ok: true });
        }
    }
    /// A transfer between two generated accounts: a row in both statements.
    fn transfer(&mut self, from: usize, to: usize, time: NaiveDateTime, amount: i64, summary: &str) {
        let (fa, fname) = self.accts.get(from).map(|x| (x.acct.clone(), x.name.clone())).unwrap_or_default();
        let (ta, tname) = self.accts.get(to).map(|x| (x.acct.clone(), x.name.clone())).unwrap_or_default();
        self.push(from, time, amount, true, &ta, &tname, summary);
        // The payee's bank books it a minute later (dedup must still pair them).
        self.push(to, time + Duration::minutes(1), amount, false, &fa, &fname, summary);
    }
    fn acct(&self, i: usize) -> String {
        self.accts.get(i).map(|a| a.acct.clone()).unwrap_or_default()
    }
    fn plant(&mut self, rule: &'static str, a: usize, also: &[&'static str]) {
        let account = self.acct(a);
        self.planted.push(Planted { rule, account, also: also.to_vec() });
    }
    fn noise(&mut self, a: usize, pool: &[(String, String)]) {
        for day in 0..self.o.days {
            let mut k = self.o.per_day_x100;
            while k > 0 {
                if self.rng.range(0, 100) < k.min(100) {
                    let h = self.rng.range(8, 20) as u32;
                    let m = self.rng.range(0, 60) as u32;
                    let t = (self.o.start + Duration::days(day)).and_hms_opt(h, m, 0).unwrap_or_default();
                    let out = self.rng.range(0, 2) == 0;
                    let amount = self.rng.range(1_000, 300_000) + 37; // never round
                    let (ca, cn) = self.rng.pick(pool).cloned().unwrap_or_default();
                    let s = self.rng.pick(NOISE_SUMMARY).copied().unwrap_or("转账");
                    self.push(a, t, amount, out, &ca, &cn, s);
                }
                k -= 100;
            }
        }
    }
    fn subject_case(&mut self, a: usize, filed_day: i64) {
        let (name, id) = self.accts.get(a).map(|x| (x.name.clone(), x.id.clone())).unwrap_or_default();
        let n = self.cases.len() + 1;
        let filed = self.o.start + Duration::days(filed_day + self.shift);
        self.cases.push([
            format!("（2024）浙0203执{}号", 100 + n),
            name,
            id,
            filed.format("%Y-%m-%d").to_string(),
            (filed + Duration::days(10)).format("%Y-%m-%d").to_string(),
            "执行中".to_string(),
        ]);
    }

    fn plants(&mut self) {
        let f = |g: &mut Gen, k: usize| g.fmt_for(k);
        let bank_formats: Vec<String> = self.o.formats.iter().filter(|x| *x != "alipay").cloned().collect();
        let bf = |g: &mut Gen, k: usize| bank_formats.get(k % bank_formats.len().max(1)).cloned().unwrap_or_else(|| g.fmt_for(k));
        let d0 = 30i64;
        // large_out_after_node: a subject pays 8万 to an outsider after filing.
        // Subjects need an owner ID or name in the statement: police / tenpay formats.
        let s1 = self.new_acct("police", None);
        self.subject_case(s1, d0);
        let (oa, on) = (self.card(), self.name(None));
        let t = self.t(d0 + 20, 10, 5);
        self.push(s1, t, 8_000_000, true, &oa, &on, "转账");
        self.plant("flow.large_out_after_node", s1, &[]);
        // ant_moving: a subject sends 5 × 9,000 元 to a same-surname relative.
        let s2 = self.new_acct("tenpay", Some("欧"));
        self.subject_case(s2, d0);
        let (ra, rn) = (self.card(), self.name(Some("欧")));
        for k in 0..5 {
            let t = self.t(d0 + 5 + k * 6, 11, 20);
            self.push(s2, t, 900_000 + k * 1_003, true, &ra, &rn, "转账");
        }
        self.plant("flow.ant_moving", s2, &[]);
        // stable_income: a subject keeps receiving wages after filing.
        let s3 = self.new_acct("police", None);
        self.subject_case(s3, d0);
        for m in 0..4 {
            let t = self.t(d0 + 10 + m * 30, 9, 30);
            self.push(s3, t, 650_000 + m * 117, false, "33001616100052500000", "宁波某某科技有限公司", "代发工资");
        }
        self.plant("flow.stable_income", s3, &[]);
        // fast_in_out: 10万 in, 9.95万 out 12 minutes later.
        let x = { let x = f(self, 3); if x == "alipay" { "police".to_string() } else { x } };
        let fx = self.new_acct(&x, None);
        let (pa, pn, qa, qn) = (self.card(), self.name(None), self.card(), self.name(None));
        self.push(fx, self.t(60, 10, 0), 10_000_000 + 3_300, false, &pa, &pn, "转账");
        self.push(fx, self.t(60, 10, 12), 9_950_000 + 1_100, true, &qa, &qn, "转账");
        self.plant("flow.fast_in_out", fx, &[]);
        // pass_through: 20万 in, drained the same day.
        let x = bf(self, 4);
        let px = self.new_acct(&x, None);
        if let Some(a) = self.accts.get_mut(px) {
            a.opening = 30_000;
        }
        let (pa, pn, qa, qn, ua, un) = (self.card(), self.name(None), self.card(), self.name(None), self.card(), self.name(None));
        self.push(px, self.t(70, 9, 0), 20_000_000 + 4_400, false, &pa, &pn, "转账");
        self.push(px, self.t(70, 14, 0), 10_000_000 + 2_200, true, &qa, &qn, "转账");
        self.push(px, self.t(70, 15, 30), 10_000_000 + 2_100, true, &ua, &un, "转账");
        self.plant("flow.pass_through", px, &["flow.fast_in_out"]);
        // loop: A → B → C → A over three days, all three statements loaded.
        let a = { let x = bf(self, 5); self.new_acct(&x, None) };
        let b = { let x = bf(self, 6); self.new_acct(&x, None) };
        let c = { let x = bf(self, 7); self.new_acct(&x, None) };
        self.transfer(a, b, self.t(80, 10, 0), 12_000_000 + 500, "往来款");
        self.transfer(b, c, self.t(81, 11, 0), 11_800_000 + 700, "货款");
        self.transfer(c, a, self.t(82, 15, 0), 11_500_000 + 900, "还款");
        self.plant("flow.loop", a, &[]);
        // fan_in: six payers, 1.5万 each, within two days.
        let x = bf(self, 8);
        let fi = self.new_acct(&x, None);
        for k in 0..6 {
            let (pa, pn) = (self.card(), self.name(None));
            self.push(fi, self.t(90 + k / 3, 10 + k as u32, 7), 1_500_000 + k * 311, false, &pa, &pn, "转账");
        }
        self.plant("flow.fan_in", fi, &[]);
        // fan_out: one payer to six payees within two days.
        let x = bf(self, 9);
        let fo = self.new_acct(&x, None);
        for k in 0..6 {
            let (pa, pn) = (self.card(), self.name(None));
            self.push(fo, self.t(95 + k / 3, 10 + k as u32, 9), 1_200_000 + k * 211, true, &pa, &pn, "转账");
        }
        self.plant("flow.fan_out", fo, &[]);
        // scatter_gather: S → M1..M4 → T, the sink's statement is loaded.
        let s = { let x = bf(self, 10); self.new_acct(&x, None) };
        let tk = { let x = bf(self, 11); self.new_acct(&x, None) };
        for k in 0..4 {
            let (ma, mn) = (self.card(), self.name(None));
            self.push(s, self.t(100, 9 + k as u32, 0), 3_000_000 + k * 101, true, &ma, &mn, "转账");
            self.push(tk, self.t(101, 9 + k as u32, 30), 2_950_000 + k * 103, false, &ma, &mn, "转账");
        }
        // S also pays ≥ 5 parties within 3 days once its noise is counted;
        // the sink gathers from the four intermediaries (and its noise): a fan-in.
        self.plant("flow.scatter_gather", s, &["flow.fan_out"]);
        self.plant("flow.scatter_gather.sink", tk, &["flow.fan_in"]);
        // gather_scatter: four sources in, four destinations out, next day.
        let x = bf(self, 12);
        let g = self.new_acct(&x, None);
        for k in 0..4 {
            let (pa, pn, qa, qn) = (self.card(), self.name(None), self.card(), self.name(None));
            self.push(g, self.t(110, 9 + k as u32, 0), 3_000_000 + k * 77, false, &pa, &pn, "转账");
            self.push(g, self.t(111, 10 + k as u32, 0), 2_800_000 + k * 79, true, &qa, &qn, "转账");
        }
        self.plant("flow.gather_scatter", g, &["flow.fan_in", "flow.fan_out"]);
        // cash: 6万 withdrawn in cash on one day.
        let x = bf(self, 13);
        let cx = self.new_acct(&x, None);
        self.push(cx, self.t(120, 10, 0), 6_000_000 + 500, true, "", "", "ATM取现");
        if let Some(r) = self.accts.get_mut(cx).and_then(|a| a.rows.last_mut()) {
            r.cash = true;
        }
        self.plant("flow.cash", cx, &[]);
        // structuring: three cash deposits of 4.7–4.9万 on separate days.
        let x = bf(self, 14);
        let sx = self.new_acct(&x, None);
        for k in 0..3 {
            self.push(sx, self.t(125 + k * 3, 10, 0), 4_700_000 + k * 100_000 + 1_300, false, "", "", "现金存入");
            if let Some(r) = self.accts.get_mut(sx).and_then(|a| a.rows.last_mut()) {
                r.cash = true;
            }
        }
        self.plant("flow.structuring", sx, &[]);
        // night: three 2万 transfers after 23:00.
        let x = bf(self, 15);
        let nx = self.new_acct(&x, None);
        for k in 0..3 {
            let (qa, qn) = (self.card(), self.name(None));
            self.push(nx, self.t(130 + k * 2, 23, 30), 2_000_000 + k * 13, true, &qa, &qn, "转账");
        }
        self.plant("flow.night", nx, &[]);
        // round_amounts: 3万 in, 3万 out two days later, twice.
        let x = bf(self, 16);
        let rx = self.new_acct(&x, None);
        for k in 0..2 {
            let (pa, pn, qa, qn) = (self.card(), self.name(None), self.card(), self.name(None));
            self.push(rx, self.t(140 + k * 10, 10, 0), 3_000_000, false, &pa, &pn, "转账");
            self.push(rx, self.t(142 + k * 10, 10, 0), 3_000_000, true, &qa, &qn, "转账");
        }
        self.plant("flow.round_amounts", rx, &[]);
        // asset_keyword: insurance premium and a house down payment.
        let x = f(self, 17);
        let kx = self.new_acct(&x, None);
        self.push(kx, self.t(150, 10, 0), 1_250_000 + 7, true, "11001234567890", "中国人寿保险股份有限公司宁波分公司", "保费");
        self.push(kx, self.t(151, 10, 0), 2_000_000 + 9, true, "33009876543210", "宁波某某置业有限公司", "购房首付");
        self.plant("flow.asset_keyword", kx, &[]);
    }
}

/// Generate statements (one table per account) and the cases list.
pub fn generate(o: &SynthOptions) -> Synth {
    let mut g = Gen { rng: Rng::new(o.seed), o: o.clone(), accts: Vec::new(), planted: Vec::new(), cases: Vec::new(), serial: 0, used_names: Default::default(), shift: 0 };
    // Counterparty pool for noise: many, so no pair repeats often.
    let pool: Vec<(String, String)> = (0..(o.accounts * 40).max(200)).map(|_| (g.card(), g.name(None))).collect();
    for i in 0..o.accounts {
        let fmt = g.fmt_for(i);
        let a = g.new_acct(&fmt, None);
        g.noise(a, &pool);
    }
    if o.plants {
        let first_plant = g.accts.len();
        for r in 0..o.repeat.max(1) {
            g.shift = r as i64 * 3;
            g.plants();
        }
        g.shift = 0;
        // Planted accounts carry noise too, so patterns hide among ordinary rows.
        for a in first_plant..g.accts.len() {
            // A conduit account holds nothing else (its balance must reach zero).
            if g.planted.iter().any(|p| p.rule == "flow.pass_through" && g.accts.get(a).is_some_and(|x| x.acct == p.account)) {
                continue;
            }
            let saved = g.o.per_day_x100;
            g.o.per_day_x100 = saved.min(60);
            g.noise(a, &pool);
            g.o.per_day_x100 = saved;
        }
    }
    let mut tables = Vec::new();
    let (mut rows, mut failed) = (0u64, 0u64);
    let mut n = 0u64;
    for a in g.accts.iter_mut() {
        a.rows.sort_by(|x, y| x.time.cmp(&y.time).then(x.serial.cmp(&y.serial)));
        if o.failed_every > 0 {
            // Insert failed duplicates of some rows (only formats with a status column).
            if matches!(a.format.as_str(), "police" | "alipay") {
                let mut extra = Vec::new();
                for r in a.rows.iter() {
                    n += 1;
                    if n % o.failed_every == 0 {
                        let mut f = r.clone();
                        f.ok = false;
                        f.amount = f.amount * 3 + 5_000_000; // large: would trigger rules if not excluded
                        extra.push(f);
                    }
                }
                failed += extra.len() as u64;
                a.rows.extend(extra);
                a.rows.sort_by(|x, y| x.time.cmp(&y.time).then(x.serial.cmp(&y.serial)));
            }
        }
        rows += a.rows.len() as u64;
        tables.push(render(a));
    }
    let mut cases = Table::new(
        Source { file: "cases.csv".into(), format: "csv".into(), ..Source::default() },
        1,
        ["案号", "被执行人", "证件号码", "立案日期", "执行通知书日期", "结案方式"].iter().map(|s| s.to_string()).collect(),
    );
    for (i, c) in g.cases.iter().enumerate() {
        cases.push_row(i as u32 + 2, c.iter().map(String::as_str));
    }
    Synth { tables, cases, planted: g.planted, rows, failed }
}

fn yuan(fen: i64) -> String {
    crate::money::plain(fen)
}

/// Statement of one account in its format, as a `Table` named like the bank's export.
pub(super) fn render(a: &Acct) -> Table {
    let mut bal = a.opening;
    let (file, headers): (String, &[&str]) = match a.format.as_str() {
        "icbc" => (format!("工商银行_{}.csv", a.acct), &["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种", "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名", "对方账户"]),
        "boc" => (format!("中国银行_{}.csv", a.acct), &["交易日期", "交易时间", "业务摘要", "对方账户名称", "对方账户账号", "币种", "钞/汇", "交易金额", "余额", "交易渠道/场所", "附言"]),
        "cmb" => (format!("招商银行_{}.csv", a.acct), &["记账日期", "交易时间", "货币", "交易金额", "联机余额", "交易摘要", "对手信息"]),
        "abc" => (format!("农业银行_{}.csv", a.acct), &["交易日期", "交易时间", "交易金额", "本次余额", "对方户名", "对方账号", "交易行", "交易渠道", "交易用途"]),
        "bocom" => (format!("交通银行_{}.csv", a.acct), &["交易日期", "交易时间", "交易地点", "交易方式", "借贷标志", "交易金额", "余额", "对方户名", "对方账号", "摘要"]),
        "ccb" => (format!("建设银行_{}.csv", a.acct), &["序号", "摘要", "币别", "钞汇", "交易日期", "交易时间", "支出", "收入", "账户余额", "交易地点/附言", "对方账号与户名"]),
        "tenpay" => (format!("TenpayTrades_{}.txt", a.acct), &["用户ID", "交易单号", "大单号", "用户侧账号名称", "借贷类型", "交易业务类型", "交易用途类型", "交易时间", "交易金额(分)", "账户余额(分)", "用户银行卡号", "网联/银联", "对手方ID", "对手侧账户名称", "对手方银行卡号", "对手侧银行名称", "网联/银联", "备注1", "备注2"]),
        "alipay" => (format!("支付宝交易记录_{}.csv", a.acct), &["交易号", "商家订单号", "交易创建时间", "付款时间", "最近修改时间", "交易来源地", "类型", "交易对方", "商品名称", "金额（元）", "收/支", "交易状态", "服务费（元）", "成功退款（元）", "备注", "资金状态"]),
        _ => (format!("资金查询反馈_{}.csv", a.acct), &["交易卡号", "交易账号", "交易方户名", "交易方证件号码", "交易时间", "交易金额", "交易余额", "收付标志", "交易对手账卡号", "现金标志", "对手户名", "对手身份证号", "对手开户银行", "摘要说明", "交易币种", "交易网点名称", "交易发生地", "交易是否成功", "传票号", "IP地址", "MAC地址", "对手交易余额", "交易流水号", "日志号", "凭证种类", "凭证号", "交易柜员号", "备注", "商户名称", "商户号"]),
    };
    let format = if a.format == "tenpay" { "tsv" } else { "csv" };
    let mut t = Table::new(Source { file, format: format.into(), ..Source::default() }, 1, headers.iter().map(|s| s.to_string()).collect());
    for (i, r) in a.rows.iter().enumerate() {
        if r.ok {
            bal += if r.out { -r.amount } else { r.amount };
        }
        let d = r.time.format("%Y-%m-%d").to_string();
        let dt = r.time.format("%Y-%m-%d %H:%M:%S").to_string();
        let tm = r.time.format("%H:%M:%S").to_string();
        let amt = yuan(r.amount);
        let signed = if r.out { format!("-{amt}") } else { amt.clone() };
        let masked = if r.cp_acct.len() > 8 { format!("{}****{}", r.cp_acct.get(..4).unwrap_or(""), r.cp_acct.get(r.cp_acct.len() - 4..).unwrap_or("")) } else { r.cp_acct.clone() };
        let cells: Vec<String> = match a.format.as_str() {
            "icbc" => {
                let (i_, o_) = if r.out { (String::new(), format!("  {amt}\t")) } else { (format!("  {amt}\t"), String::new()) };
                vec![dt, r.summary.clone(), "网上银行".into(), "CHN".into(), "钞".into(), i_.clone(), o_.clone(), "人民币".into(), i_, o_, "人民币".into(), format!(" {}", yuan(bal)), r.cp_name.clone(), r.cp_acct.clone()]
            }
            // BOC masks counterpart numbers; planted links are not from BOC payees' side.
            "boc" => vec![d.replace('-', "/"), tm, r.summary.clone(), r.cp_name.clone(), if r.summary == "转账" && !r.cp_acct.is_empty() && r.amount < 1_000_000 { masked } else { r.cp_acct.clone() }, "人民币".into(), "钞".into(), signed, yuan(bal), "手机银行".into(), String::new()],
            "cmb" => vec![d, tm, "CNY".into(), signed, yuan(bal), r.summary.clone(), format!("{} {}", r.cp_name, r.cp_acct).trim().to_string()],
            "abc" => vec![r.time.format("%Y%m%d").to_string(), r.time.format("%H%M%S").to_string(), if r.out { signed } else { format!("+{amt}") }, yuan(bal), r.cp_name.clone(), r.cp_acct.clone(), "宁波分行".into(), "网银".into(), r.summary.clone()],
            "bocom" => vec![d, tm, "宁波".into(), "网银".into(), if r.out { "借 Dr".into() } else { "贷 Cr".into() }, amt, yuan(bal), r.cp_name.clone(), r.cp_acct.clone(), r.summary.clone()],
            "ccb" => {
                let (o_, i_) = if r.out { (amt, String::new()) } else { (String::new(), amt) };
                vec![(i + 1).to_string(), r.summary.clone(), "人民币".into(), "钞".into(), r.time.format("%Y%m%d").to_string(), tm, o_, i_, yuan(bal), "宁波".into(), format!("{}/{}", r.cp_acct, r.cp_name)]
            }
            "tenpay" => vec![a.acct.clone(), r.serial.clone(), String::new(), a.name.clone(), if r.out { "出".into() } else { "入".into() }, "转账".into(), r.summary.clone(), dt, r.amount.to_string(), bal.to_string(), String::new(), "网联".into(), r.cp_acct.clone(), r.cp_name.clone(), String::new(), String::new(), "网联".into(), String::new(), String::new()],
            "alipay" => vec![r.serial.clone(), String::new(), dt.clone(), dt.clone(), dt, "支付宝网站".into(), "即时到账交易".into(), r.cp_name.clone(), r.summary.clone(), amt, if r.out { "支出".into() } else { "收入".into() }, if r.ok { "交易成功".into() } else { "交易关闭".into() }, "0.00".into(), "0.00".into(), String::new(), if r.out { "已支出".into() } else { "已收入".into() }],
            _ => vec![a.acct.clone(), a.acct.clone(), a.name.clone(), a.id.clone(), dt, amt, yuan(bal), if r.out { "出".into() } else { "进".into() }, r.cp_acct.clone(), if r.cash { "现金".into() } else { "转账".into() }, r.cp_name.clone(), String::new(), String::new(), r.summary.clone(), "人民币".into(), "宁波分行营业部".into(), String::new(), if r.ok { "是".into() } else { "否".into() }, String::new(), String::new(), String::new(), String::new(), r.serial.clone(), String::new(), String::new(), String::new(), String::new(), String::new(), String::new(), String::new()],
        };
        t.push_row(i as u32 + 2, cells.iter().map(String::as_str));
    }
    t
}

impl Synth {
    /// Tables as datasets (kinds detected), cases included.
    pub fn datasets(&self) -> Vec<Dataset> {
        let mut v: Vec<Dataset> = self.tables.iter().cloned().map(Dataset::new).collect();
        v.push(Dataset::new(self.cases.clone()));
        v
    }
    /// Write every table as UTF-8 CSV (TSV for TenpayTrades) into `dir`.
    pub fn write(&self, dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
        std::fs::create_dir_all(dir)?;
        let mut out = Vec::new();
        for t in self.tables.iter().chain(std::iter::once(&self.cases)) {
            let path = dir.join(&t.source.file);
            let delim = if t.source.format == "tsv" { b'\t' } else { b',' };
            let mut w = csv::WriterBuilder::new().delimiter(delim).from_path(&path).map_err(std::io::Error::other)?;
            w.write_record(&t.raw_headers).map_err(std::io::Error::other)?;
            for i in 0..t.len() {
                w.write_record(t.row(i)).map_err(std::io::Error::other)?;
            }
            w.flush()?;
            out.push(path);
        }
        Ok(out)
    }
}
