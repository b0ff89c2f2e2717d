//! A town's bank statements over a year of ordinary life, with slow evasion
//! patterns planted among them (the whole-period rules' test bed, issue 13.3).
//!
//! Background, per person: wages paid by employers (代发工资, one company
//! pays many), rent to a landlord, shop payments (a shop has many customers),
//! family transfers within a household (same surname), friends paying each
//! other back and forth, public collection accounts (社保, 税务, 公积金, 国库,
//! utilities), ATM cash, a few one-off strangers a year, and weddings (dozens
//! of one-off gifts within days). Some ordinary people are debtors too.
//!
//! Planted, each in a fresh debtor household after the case's 立案 date:
//! slow fan-in (one-off senders, otherwise idle, over months), slow fan-out,
//! slow loops (4–9 accounts, hops weeks apart) and slow scatter-gather
//! (idle intermediaries forwarding to a relative weeks later). Amounts are
//! drawn from the same ranges as ordinary transfers. `Shapes` holds every
//! range; `TownOptions::tuning` and `TownOptions::held_apart` differ in seed
//! *and* shapes, so figures on the held-apart town are not fitted to it.

use super::synth::{render, resident_id, Acct, Rng, Row, GIVEN, SURNAMES};
use crate::ingest::{Dataset, Source, Table};
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// Ranges of the planted patterns (inclusive-exclusive, like `Rng::range`).
#[derive(Debug, Clone)]
pub struct Shapes {
    pub fan_parties: (i64, i64),
    pub fan_span_days: (i64, i64),
    /// Sum a planted fan moves, 元 (at least domain.md's 5万: below it the
    /// fan rules' definition does not call it a lead); split into parts of
    /// ordinary size, each within ±`fan_jitter_pct` of the mean.
    pub fan_total_yuan: (i64, i64),
    pub fan_jitter_pct: i64,
    /// Amount of one scatter-gather leg, 元.
    pub amount_yuan: (i64, i64),
    /// Percent of one-off parties whose own statement is loaded.
    pub loaded_pct: i64,
    /// Loaded one-off parties have up to this many other transfers (funding, cash).
    pub party_extra: i64,
    pub loop_hops: (i64, i64),
    pub loop_gap_days: (i64, i64),
    pub loop_amount_yuan: (i64, i64),
    /// Per-hop share kept back, per mille.
    pub loop_keep_permille: (i64, i64),
    pub mids: (i64, i64),
    pub mid_delay_days: (i64, i64),
}

#[derive(Debug, Clone)]
pub struct TownOptions {
    pub seed: u64,
    pub people: usize,
    pub days: i64,
    pub start: NaiveDate,
    /// Plants of each slow rule.
    pub plants: usize,
    pub shapes: Shapes,
    /// Percent of ordinary people with a wedding in the year.
    pub wedding_pct: i64,
    /// Percent of ordinary households whose head is a debtor.
    pub debtor_pct: i64,
    /// Formats of ordinary statements, in rotation.
    pub formats: Vec<String>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl TownOptions {
    /// The town the whole-period rules were developed on.
    pub fn tuning(seed: u64) -> TownOptions {
        TownOptions {
            seed,
            people: 400,
            days: 365,
            start: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default(),
            plants: 12,
            shapes: Shapes {
                fan_parties: (5, 9),
                fan_span_days: (60, 200),
                fan_total_yuan: (50_000, 150_000),
                fan_jitter_pct: 30,
                amount_yuan: (5_000, 20_000),
                loaded_pct: 50,
                party_extra: 1,
                loop_hops: (4, 7),
                loop_gap_days: (7, 30),
                loop_amount_yuan: (10_000, 60_000),
                loop_keep_permille: (0, 20),
                mids: (3, 6),
                mid_delay_days: (7, 40),
            },
            wedding_pct: 2,
            debtor_pct: 10,
            formats: strings(&["police", "icbc", "cmb", "abc", "bocom", "ccb", "tenpay", "alipay", "boc"]),
        }
    }
    /// Kept apart: another seed, larger and different shapes (more parties,
    /// longer spans, more hops, other amounts and delays), more weddings and
    /// debtors, another format mix. Only used for the final figures.
    pub fn held_apart(seed: u64) -> TownOptions {
        TownOptions {
            seed,
            people: 500,
            days: 400,
            start: NaiveDate::from_ymd_opt(2022, 7, 1).unwrap_or_default(),
            plants: 15,
            shapes: Shapes {
                fan_parties: (6, 11),
                fan_span_days: (120, 330),
                fan_total_yuan: (55_000, 300_000),
                fan_jitter_pct: 60,
                amount_yuan: (5_000, 40_000),
                loaded_pct: 30,
                party_extra: 2,
                loop_hops: (5, 10),
                loop_gap_days: (10, 45),
                loop_amount_yuan: (15_000, 120_000),
                loop_keep_permille: (5, 30),
                mids: (3, 8),
                mid_delay_days: (15, 90),
            },
            wedding_pct: 4,
            debtor_pct: 15,
            formats: strings(&["police", "ccb", "tenpay", "icbc", "alipay", "abc", "police", "cmb", "bocom"]),
        }
    }
}

/// One planted pattern: the rule that should find it and its accounts (the
/// focus first; for a loop every member, since any rotation is the cycle).
#[derive(Debug, Clone)]
pub struct Plant {
    pub rule: &'static str,
    pub accounts: Vec<String>,
    /// Other slow rules this plant legitimately triggers on its focus.
    pub also: Vec<&'static str>,
}

pub struct Town {
    pub tables: Vec<Table>,
    pub cases: Table,
    pub plants: Vec<Plant>,
    pub rows: u64,
}

impl Town {
    pub fn datasets(&self) -> Vec<Dataset> {
        let mut v: Vec<Dataset> = self.tables.iter().cloned().map(Dataset::new).collect();
        v.push(Dataset::new(self.cases.clone()));
        v
    }
}

/// Planted formats: statements that name counterpart accounts (Alipay names
/// none, BOC masks small transfers), as 资金查控 returns them for debtors.
const PLANT_FORMATS: &[&str] = &["police", "police", "icbc", "cmb", "abc", "ccb", "bocom", "tenpay"];
const SHOP_KINDS: &[&str] = &["超市", "便利店", "餐饮店", "药房", "五金店", "水果店", "服装店", "加油站", "面馆", "理发店"];
const TRADES: &[&str] = &["贸易", "科技", "建材", "物流", "机械", "服饰", "食品", "电子"];
const PUBLIC: &[(&str, &str, &str)] = &[
    ("33001616100000000001", "宁波市社会保险管理服务中心", "社保缴费"),
    ("33001616100000000002", "国家税务总局宁波市税务局", "个人所得税"),
    ("33001616100000000003", "宁波市住房公积金管理中心", "公积金缴存"),
    ("33001616100000000004", "国家金库宁波市中心支库", "非税收入"),
    ("33001616100000000005", "国网浙江省电力有限公司宁波供电公司", "电费"),
    ("33001616100000000006", "宁波市自来水有限公司", "水费"),
];

struct Gen {
    rng: Rng,
    o: TownOptions,
    accts: Vec<Acct>,
    serial: u64,
    cases: Vec<[String; 8]>,
    plants: Vec<Plant>,
}

impl Gen {
    fn name(&mut self, surname: Option<&str>) -> String {
        let s = surname.map(str::to_string).unwrap_or_else(|| self.rng.pick(SURNAMES).copied().unwrap_or("王").to_string());
        let g1 = self.rng.pick(GIVEN).copied().unwrap_or("伟");
        let g2 = if self.rng.range(0, 3) == 0 { "" } else { self.rng.pick(GIVEN).copied().unwrap_or("") };
        let n = format!("{s}{g1}{g2}");
        n.chars().take(4).collect()
    }
    fn card(&mut self) -> String {
        format!("62{:02}{:012}", self.rng.range(10, 99), self.rng.range(0, 1_000_000_000_000))
    }
    fn at(&mut self, day: i64) -> NaiveDateTime {
        let h = self.rng.range(8, 21) as u32;
        let m = self.rng.range(0, 60) as u32;
        (self.o.start + Duration::days(day.clamp(0, self.o.days - 1))).and_hms_opt(h, m, self.rng.range(0, 60) as u32).unwrap_or_default()
    }
    /// 元 range → 分 with random 角/分, so nothing is suspiciously round.
    fn amount(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.range(lo, hi) * 100 + self.rng.range(0, 100)
    }
    fn new_acct(&mut self, format: &str, surname: Option<&str>) -> usize {
        let name = self.name(surname);
        let acct = match format {
            "alipay" => format!("1{}{:09}", self.rng.range(30, 90), self.rng.range(0, 1_000_000_000)),
            "tenpay" => format!("wxid_{:012}", self.rng.range(0, 1_000_000_000_000)),
            _ => self.card(),
        };
        let id = resident_id(&mut self.rng);
        let opening = self.rng.range(1_000_000, 20_000_000);
        self.accts.push(Acct { acct, name, id, format: format.to_string(), opening, rows: Vec::new() });
        self.accts.len() - 1
    }
    fn info(&self, a: usize) -> (String, String) {
        self.accts.get(a).map(|x| (x.acct.clone(), x.name.clone())).unwrap_or_default()
    }
    fn push(&mut self, a: usize, time: NaiveDateTime, amount: i64, out: bool, cp: &(String, String), summary: &str, cash: bool) {
        self.serial += 1;
        let serial = format!("T{:014}", self.serial);
        if let Some(x) = self.accts.get_mut(a) {
            x.rows.push(Row { time, amount, out, cp_acct: cp.0.clone(), cp_name: cp.1.clone(), summary: summary.into(), cash, serial, ok: true });
        }
    }
    /// A transfer between two loaded statements: a row in each.
    fn transfer(&mut self, from: usize, to: usize, time: NaiveDateTime, amount: i64, summary: &str) {
        let (f, t) = (self.info(from), self.info(to));
        self.push(from, time, amount, true, &t, summary, false);
        let later = time + Duration::minutes(self.rng.range(0, 3));
        self.push(to, later, amount, false, &f, summary, false);
    }
    fn fmt(&mut self, i: usize) -> String {
        let n = self.o.formats.len().max(1);
        self.o.formats.get(i % n).cloned().unwrap_or_else(|| "police".into())
    }
    fn plant_fmt(&mut self) -> String {
        self.rng.pick(PLANT_FORMATS).copied().unwrap_or("police").to_string()
    }
    fn case(&mut self, a: usize, lawsuit_day: i64) -> i64 {
        let (acct_name, id) = self.accts.get(a).map(|x| (x.name.clone(), x.id.clone())).unwrap_or_default();
        let judgment = lawsuit_day + self.rng.range(40, 120);
        let filed = judgment + self.rng.range(20, 60);
        let unpaid = self.rng.range(50_000, 800_000);
        let start = self.o.start;
        let d = |k: i64| (start + Duration::days(k)).format("%Y-%m-%d").to_string();
        let row = [format!("（2023）浙0212执{}号", 1000 + self.cases.len() + 1), acct_name, id, d(lawsuit_day), d(judgment), d(filed), format!("{unpaid}.00"), "执行中".into()];
        self.cases.push(row);
        filed
    }
}

/// Ordinary life of every account in `people` over the period.
struct Town0 {
    people: Vec<usize>,
    households: Vec<Vec<usize>>,
    employers: Vec<(String, String)>,
    shops: Vec<(String, String)>,
}

fn background(g: &mut Gen, t: &Town0, who: &[usize], busy_pct: i64) {
    let days = g.o.days;
    for (k, &p) in who.iter().enumerate() {
        // Wages: one employer, monthly, summary 代发工资.
        if g.rng.range(0, 100) < 80 {
            let emp = g.rng.pick(&t.employers).cloned().unwrap_or_default();
            let base = g.rng.range(3_500, 15_000);
            for m in 0..days / 30 {
                let jitter = g.rng.range(0, 3);
                let tm = g.at(m * 30 + 9 + jitter);
                let amt = g.amount(base, base + base / 30 + 1);
                g.push(p, tm, amt, false, &emp, "代发工资", false);
            }
        }
        // Rent to a landlord who is a townsperson (recurring, the landlord has several tenants).
        if g.rng.range(0, 100) < 30 {
            if let Some(&landlord) = g.rng.pick(&t.people) {
                if landlord != p {
                    let rent = g.rng.range(1_200, 4_000);
                    for m in 0..days / 30 {
                        let tm = g.at(m * 30 + 1);
                        g.transfer(p, landlord, tm, rent * 100, "房租");
                    }
                }
            }
        }
        // Shops: several a month, small.
        let per_month = g.rng.range(3, 12) * busy_pct / 100;
        for _ in 0..(per_month * days / 30) {
            let shop = g.rng.pick(&t.shops).cloned().unwrap_or_default();
            let day = g.rng.range(0, days);
            let tm = g.at(day);
            let amt = g.amount(10, 600);
            let what = if g.rng.range(0, 2) == 0 { "消费" } else { "快捷支付" };
            g.push(p, tm, amt, true, &shop, what, false);
        }
        // Public collection accounts and utilities.
        for (acct, name, what) in PUBLIC {
            if g.rng.range(0, 100) < 35 {
                let every = if *what == "个人所得税" { 90 } else { 30 };
                let base = g.rng.range(50, 1_500);
                for m in 0..days / every {
                    let tm = g.at(m * every + 15);
                    let amt = g.amount(base, base + 50);
                    g.push(p, tm, amt, true, &(acct.to_string(), name.to_string()), what, false);
                }
            }
        }
        // ATM cash.
        for m in 0..days / 30 {
            if g.rng.range(0, 100) < 50 {
                let jitter = g.rng.range(0, 30);
                let tm = g.at(m * 30 + jitter);
                let amt = g.rng.range(5, 31) * 10_000;
                g.push(p, tm, amt, true, &(String::new(), String::new()), "ATM取款", true);
            }
        }
        // Friends: a few townspeople, money both ways every couple of months.
        let friends = g.rng.range(2, 6);
        for _ in 0..friends {
            let Some(&f) = g.rng.pick(&t.people) else { continue };
            if f == p {
                continue;
            }
            let mut day = g.rng.range(0, 60);
            while day < days {
                let tm = g.at(day);
                let amt = g.amount(200, 6_000);
                if g.rng.range(0, 2) == 0 { g.transfer(p, f, tm, amt, "转账") } else { g.transfer(f, p, tm, amt, "还款") }
                day += g.rng.range(30, 120);
            }
        }
        // A few one-off strangers a year, mostly small, sometimes not.
        for _ in 0..g.rng.range(1, 7) {
            let cp = (g.card(), g.name(None));
            let day = g.rng.range(0, days);
            let tm = g.at(day);
            let amt = if g.rng.range(0, 100) < 80 { g.amount(100, 3_000) } else { g.amount(3_000, 20_000) };
            let out = g.rng.range(0, 2) == 0;
            g.push(p, tm, amt, out, &cp, if out { "转账" } else { "网银转入" }, false);
        }
        // Weddings: dozens of one-off gifts within ten days.
        if g.rng.range(0, 100) < g.o.wedding_pct {
            let day = g.rng.range(0, days - 10);
            for _ in 0..g.rng.range(15, 45) {
                let cp = (g.card(), g.name(None));
                let jitter = g.rng.range(0, 10);
                let tm = g.at(day + jitter);
                let amt = g.rng.range(6, 21) * 10_000 + g.rng.range(0, 2) * 8_800;
                g.push(p, tm, amt, false, &cp, "份子钱", false);
            }
        }
        let _ = k;
    }
    // Family: within each household, money moves every month or two.
    for h in &t.households {
        for &a in h {
            for &b in h {
                if a == b || !who.contains(&a) {
                    continue;
                }
                let mut day = g.rng.range(0, 45);
                while day < days {
                    let tm = g.at(day);
                    let amt = g.amount(300, 8_000);
                    let what = if g.rng.range(0, 2) == 0 { "生活费" } else { "转账" };
                    g.transfer(a, b, tm, amt, what);
                    day += g.rng.range(25, 90);
                }
            }
        }
    }
}

/// A fresh debtor household for one plant: the debtor (police format) and a relative.
fn plant_household(g: &mut Gen, t: &mut Town0) -> (usize, usize, i64) {
    let surname = g.rng.pick(SURNAMES).copied().unwrap_or("王").to_string();
    let debtor = g.new_acct("police", Some(&surname));
    let rf = g.plant_fmt();
    let relative = g.new_acct(&rf, Some(&surname));
    let lawsuit = g.rng.range(10, 60);
    let filed = g.case(debtor, lawsuit);
    t.households.push(vec![debtor, relative]);
    (debtor, relative, filed)
}

/// One-off party of a planted fan: a fresh account, loaded (with its
/// funding or cash-out) or known only from the main statement.
fn one_off(g: &mut Gen, main: usize, day: i64, amount: i64, inbound: bool) -> String {
    let s = g.o.shapes.clone();
    if g.rng.range(0, 100) < s.loaded_pct {
        let f = g.plant_fmt();
        let p = g.new_acct(&f, None);
        let extra = g.rng.range(0, s.party_extra + 1);
        for k in 0..extra {
            let tm = g.at(day - 3 + k * if inbound { -1 } else { 6 });
            if inbound {
                let more = g.rng.range(0, 50_000);
                g.push(p, tm, amount + more, false, &(String::new(), String::new()), "现金存入", true);
            } else {
                g.push(p, tm + Duration::days(4), amount / 2, true, &(String::new(), String::new()), "ATM取款", true);
            }
        }
        let tm = g.at(day);
        if inbound { g.transfer(p, main, tm, amount, "转账") } else { g.transfer(main, p, tm, amount, "转账") }
        g.info(p).0
    } else {
        let cp = (g.card(), g.name(None));
        let tm = g.at(day);
        g.push(main, tm, amount, !inbound, &cp, "转账", false);
        cp.0
    }
}

fn plant_fan(g: &mut Gen, t: &mut Town0, inbound: bool) {
    let s = g.o.shapes.clone();
    let (debtor, relative, filed) = plant_household(g, t);
    // Half on the debtor's own account, half on the relative's.
    let main = if g.rng.range(0, 2) == 0 { debtor } else { relative };
    let k = g.rng.range(s.fan_parties.0, s.fan_parties.1);
    let span = g.rng.range(s.fan_span_days.0, s.fan_span_days.1).min(g.o.days - filed - 2).max(k);
    let total = g.rng.range(s.fan_total_yuan.0, s.fan_total_yuan.1);
    let mean = total / k.max(1);
    let mut parties = Vec::new();
    for _ in 0..k {
        let day = filed + 1 + g.rng.range(0, span);
        let j = mean * s.fan_jitter_pct / 100;
        let amt = g.amount(mean - j, mean + j + 1);
        parties.push(one_off(g, main, day, amt, inbound));
    }
    let rule = if inbound { "flow.slow_fan_in" } else { "flow.slow_fan_out" };
    g.plants.push(Plant { rule, accounts: vec![g.info(main).0], also: vec![] });
}

fn plant_loop(g: &mut Gen, t: &mut Town0) {
    let s = g.o.shapes.clone();
    let (debtor, _relative, filed) = plant_household(g, t);
    let hops = g.rng.range(s.loop_hops.0, s.loop_hops.1);
    let mut ring = vec![debtor];
    for _ in 1..hops {
        let f = g.plant_fmt();
        ring.push(g.new_acct(&f, None));
    }
    let mut amount = g.amount(s.loop_amount_yuan.0, s.loop_amount_yuan.1);
    let mut day = filed + g.rng.range(1, 30);
    for i in 0..ring.len() {
        let (a, b) = (ring.get(i).copied().unwrap_or(debtor), ring.get((i + 1) % ring.len()).copied().unwrap_or(debtor));
        let tm = g.at(day);
        g.transfer(a, b, tm, amount, if i == 0 { "往来款" } else { "转账" });
        amount -= amount * g.rng.range(s.loop_keep_permille.0, s.loop_keep_permille.1 + 1) / 1000;
        day += g.rng.range(s.loop_gap_days.0, s.loop_gap_days.1);
    }
    let accounts: Vec<String> = ring.iter().map(|&a| g.info(a).0).collect();
    g.plants.push(Plant { rule: "flow.slow_loop", accounts, also: vec![] });
    // Members other than the debtor lead ordinary lives too.
    let members: Vec<usize> = ring.iter().copied().skip(1).collect();
    background(g, &*t, &members, 30);
}

fn plant_scatter(g: &mut Gen, t: &mut Town0) {
    let s = g.o.shapes.clone();
    let (debtor, relative, filed) = plant_household(g, t);
    let m = g.rng.range(s.mids.0, s.mids.1);
    for _ in 0..m {
        let day = filed + 1 + g.rng.range(0, 60);
        let amt = g.amount(s.amount_yuan.0.max(5_000), s.amount_yuan.1.max(10_000));
        let delay = g.rng.range(s.mid_delay_days.0, s.mid_delay_days.1);
        let cut = amt - amt * g.rng.range(0, 20) / 1000;
        if g.rng.range(0, 100) < s.loaded_pct {
            let f = g.plant_fmt();
            let mid = g.new_acct(&f, None);
            let tm = g.at(day);
            g.transfer(debtor, mid, tm, amt, "转账");
            let tm = g.at(day + delay);
            g.transfer(mid, relative, tm, cut, "转账");
        } else {
            // Known from both ends only: the debtor's and the relative's statements.
            let cp = (g.card(), g.name(None));
            let tm = g.at(day);
            g.push(debtor, tm, amt, true, &cp, "转账", false);
            let tm = g.at(day + delay);
            g.push(relative, tm, cut, false, &cp, "转账", false);
        }
    }
    // The idle intermediaries are one-off parties of the source and of the
    // sink (slow fan-out / fan-in once other one-offs join them), and the
    // family's ordinary transfers can close the money's way back to the
    // debtor (a slow loop). Those leads point at planted money too.
    g.plants.push(Plant { rule: "flow.slow_scatter_gather", accounts: vec![g.info(debtor).0], also: vec!["flow.slow_fan_out", "flow.slow_loop"] });
    g.plants.push(Plant { rule: "flow.slow_scatter_gather.sink", accounts: vec![g.info(relative).0], also: vec!["flow.slow_fan_in", "flow.slow_loop"] });
}

/// Generate the town.
pub fn generate(o: &TownOptions) -> Town {
    let mut g = Gen { rng: Rng::new(o.seed), o: o.clone(), accts: Vec::new(), serial: 0, cases: Vec::new(), plants: Vec::new() };
    let mut t = Town0 { people: Vec::new(), households: Vec::new(), employers: Vec::new(), shops: Vec::new() };
    for i in 0..(o.people / 15 + 3) {
        let trade = g.rng.pick(TRADES).copied().unwrap_or("贸易");
        t.employers.push((format!("3300{:016}", 10_000 + i), format!("宁波{}{}有限公司", g.name(None).chars().skip(1).collect::<String>(), trade)));
    }
    for i in 0..60 {
        let kind = g.rng.pick(SHOP_KINDS).copied().unwrap_or("超市");
        t.shops.push((format!("3301{:016}", 20_000 + i), format!("宁波市海曙{}{}", g.name(None), kind)));
    }
    // Households of one to four with one surname.
    let mut k = 0;
    while t.people.len() < o.people {
        let surname = g.rng.pick(SURNAMES).copied().unwrap_or("王").to_string();
        let size = g.rng.range(1, 5) as usize;
        // A debtor's statement comes from 资金查控: police format.
        let debtor = g.rng.range(0, 100) < o.debtor_pct;
        let mut h = Vec::new();
        for i in 0..size {
            let f = if debtor && i == 0 { "police".to_string() } else { g.fmt(k) };
            k += 1;
            let a = g.new_acct(&f, Some(&surname));
            h.push(a);
            t.people.push(a);
        }
        if let (true, Some(&head)) = (debtor, h.first()) {
            let day = g.rng.range(0, o.days - 60);
            g.case(head, day);
        }
        t.households.push(h);
    }
    let everyone = t.people.clone();
    background(&mut g, &t, &everyone, 100);
    let first_plant = g.accts.len();
    for _ in 0..o.plants {
        plant_fan(&mut g, &mut t, true);
        plant_fan(&mut g, &mut t, false);
        plant_loop(&mut g, &mut t);
        plant_scatter(&mut g, &mut t);
    }
    // Plant households live ordinary lives too (their family transfers included).
    let debtors: Vec<usize> = t.households.iter().filter(|h| h.first().is_some_and(|&a| a >= first_plant)).flatten().copied().collect();
    background(&mut g, &t, &debtors, 60);
    let mut tables = Vec::new();
    let mut rows = 0u64;
    for a in g.accts.iter_mut() {
        if a.rows.is_empty() {
            continue;
        }
        a.rows.sort_by(|x, y| x.time.cmp(&y.time).then(x.serial.cmp(&y.serial)));
        rows += a.rows.len() as u64;
        tables.push(render(a));
    }
    let mut cases = Table::new(
        Source { file: "终本案件清单.csv".into(), format: "csv".into(), ..Source::default() },
        1,
        strings(&["案号", "被执行人", "证件号码", "起诉日期", "判决生效日期", "立案日期", "未履行金额", "结案方式"]),
    );
    for (i, c) in g.cases.iter().enumerate() {
        cases.push_row(i as u32 + 2, c.iter().map(String::as_str));
    }
    Town { tables, cases, plants: g.plants, rows }
}
