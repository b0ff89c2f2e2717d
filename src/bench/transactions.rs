//! Generated bank statements in the police/procuratorate query format
//! (交易明细), streamed in time order. Both sides of a transfer between two
//! accounts in the data appear (an 出 row and a 进 row with the same 交易流水号),
//! as they do when several people's statements are queried together.
//!
//! Mixed in so every rule has work to do: transfers inside small circles of
//! related accounts, salaries (one payer, many accounts, monthly), consumption
//! with hidden-asset keywords, cash withdrawals just under 5万, night-time
//! transactions, failed transactions, and fast in-out chains of 2-4 hops that
//! return to the first account half of the time (loops).

use super::people;
use super::rng::Rng;
use std::io::{self, Write};

pub const HEADER: &str = "交易卡号,交易账号,交易户名,开户人证件号码,交易时间,交易金额,交易余额,收付标志,交易对手账卡号,对手户名,对手身份证号,对手开户银行,摘要说明,现金标志,交易是否成功,交易网点名称,交易流水号,商户名称\n";

const BANKS: &[&str] = &["中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "招商银行", "交通银行", "宁波银行"];
const MERCHANTS: &[(&str, &str)] = &[
    ("美团", "消费"),
    ("京东商城", "网购"),
    ("盒马鲜生", "消费"),
    ("中国人寿保险股份有限公司", "保费"),
    ("宁波某某置业有限公司", "购房首付"),
    ("宁波某某汽车销售服务有限公司", "车款"),
    ("中国铁路12306", "火车票"),
    ("东方航空", "机票"),
    ("某某证券股份有限公司", "银证转账"),
    ("某某物业服务有限公司", "物业费"),
    ("国家电网", "电费"),
];
const SUMMARIES: &[&str] = &["转账", "网银转账", "手机银行转账", "跨行转账", "往来款", "借款", "还款"];

/// Seconds from 1970-01-01 of 2022-01-01 00:00:00.
const START: i64 = 18_993 * 86_400;

struct Account {
    card: String,
    name: String,
    id: String,
    bank: &'static str,
    balance: i64,
}

/// Streaming generator of `rows` transactions; `write_rows` can be called
/// once per output file.
pub struct Generator {
    rng: Rng,
    accounts: Vec<Account>,
    employers: Vec<(String, String)>,
    /// Mean seconds between events, so the data spans about two years.
    step: u64,
    t: i64,
    serial: u64,
    pub rows: u64,
    pub target: u64,
}

impl Generator {
    pub fn new(rows: u64, seed: u64) -> Generator {
        let mut rng = Rng::new(seed);
        let n = (rows / 100).clamp(200, 5_000_000);
        let accounts = (0..n)
            .map(|k| {
                let p = people::person(50_000_000 + k);
                Account {
                    card: format!("6222{:015}", k * 7919 + 1_000_003),
                    name: p.name,
                    id: p.id,
                    bank: BANKS[(k % BANKS.len() as u64) as usize],
                    balance: 1_000_000 + rng.below(50_000_000) as i64,
                }
            })
            .collect();
        let employers = (0..(n / 50).max(4))
            .map(|k| (people::company(700_000_000 + k).name, format!("3301{:015}", k * 31 + 7)))
            .collect();
        let step = ((2 * 365 * 86_400) / (rows / 2).max(1)).max(1);
        Generator { rng, accounts, employers, step, t: START, serial: 0, rows: 0, target: rows }
    }

    fn amount(&mut self, lo_yuan: u64, hi_yuan: u64) -> i64 {
        let f = self.rng.below(1 << 20) as f64 / (1 << 20) as f64;
        ((lo_yuan as f64 * (hi_yuan as f64 / lo_yuan as f64).powf(f)) * 100.0) as i64
    }

    fn tick(&mut self) -> i64 {
        self.t += 1 + self.rng.below(2 * self.step) as i64;
        let tod = self.t.rem_euclid(86_400);
        // Most night-time events move into the day; a few stay (flow.night).
        if !(6 * 3600..22 * 3600).contains(&tod) && !self.rng.chance(0.1) {
            return self.t + 8 * 3600;
        }
        self.t
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        w: &mut impl Write,
        a: usize,
        t: i64,
        amt: i64,
        out: bool,
        cp: (&str, &str, &str, &str),
        summary: &str,
        cash: bool,
        ok: bool,
        serial: u64,
        merchant: &str,
    ) -> io::Result<()> {
        let Some(acc) = self.accounts.get_mut(a) else { return Ok(()) };
        if ok {
            acc.balance += if out { -amt } else { amt };
        }
        let days = t.div_euclid(86_400);
        let s = t.rem_euclid(86_400);
        self.rows += 1;
        writeln!(
            w,
            "{},{},{},{},{} {:02}:{:02}:{:02},{}.{:02},{}{}.{:02},{},{},{},{},{},{},{},{},{}营业部,{:020},{}",
            acc.card,
            acc.card,
            acc.name,
            acc.id,
            people::ymd(days),
            s / 3600,
            s / 60 % 60,
            s % 60,
            amt / 100,
            amt % 100,
            if acc.balance < 0 { "-" } else { "" },
            acc.balance.abs() / 100,
            acc.balance.abs() % 100,
            if out { "出" } else { "进" },
            cp.0,
            cp.1,
            cp.2,
            cp.3,
            summary,
            if cash { "现金" } else { "转账" },
            if ok { "成功" } else { "失败" },
            acc.bank,
            serial,
            merchant
        )
    }

    /// A transfer between two accounts of the data: an 出 row and a 进 row.
    fn transfer(&mut self, w: &mut impl Write, a: usize, b: usize, t: i64, amt: i64, summary: &str) -> io::Result<()> {
        self.serial += 1;
        let serial = self.serial;
        let (ca, cb) = match (self.accounts.get(a), self.accounts.get(b)) {
            (Some(x), Some(y)) => (
                (x.card.clone(), x.name.clone(), x.id.clone(), x.bank),
                (y.card.clone(), y.name.clone(), y.id.clone(), y.bank),
            ),
            _ => return Ok(()),
        };
        self.row(w, a, t, amt, true, (&cb.0, &cb.1, &cb.2, cb.3), summary, false, true, serial, "")?;
        self.row(w, b, t, amt, false, (&ca.0, &ca.1, &ca.2, ca.3), summary, false, true, serial, "")
    }

    /// Write events until `max_rows` more rows are written or the target is reached.
    pub fn write_rows(&mut self, w: &mut impl Write, max_rows: u64) -> io::Result<u64> {
        let stop = (self.rows + max_rows).min(self.target);
        let n = self.accounts.len() as u64;
        let start_rows = self.rows;
        while self.rows < stop {
            let t = self.tick();
            let a = self.rng.below(n) as usize;
            let kind = self.rng.below(100);
            if kind < 50 {
                // Transfers mostly inside a circle of 8 neighbouring accounts (relatives, partners).
                let b = if self.rng.chance(0.6) { (a as u64 + 1 + self.rng.below(8)) % n } else { self.rng.below(n) } as usize;
                let amt = self.amount(10, 50_000);
                let summary = *self.rng.pick(SUMMARIES);
                self.transfer(w, a, b, t, amt, summary)?;
            } else if kind < 75 {
                let (m, s) = *self.rng.pick(MERCHANTS);
                let amt = self.amount(5, if s == "购房首付" || s == "车款" { 500_000 } else { 5_000 });
                let ok = !self.rng.chance(0.01);
                self.serial += 1;
                let serial = self.serial;
                self.row(w, a, t, amt, true, ("", m, "", ""), s, false, ok, serial, m)?;
            } else if kind < 88 {
                // Salary: the same employer pays an account every month.
                let e = a % self.employers.len();
                let (ename, eacc) = self.employers.get(e).cloned().unwrap_or_default();
                let amt = self.amount(3_000, 30_000);
                self.serial += 1;
                let serial = self.serial;
                self.row(w, a, t, amt, false, (&eacc, &ename, "", "中国工商银行"), "代发工资", false, true, serial, "")?;
            } else if kind < 96 {
                let amt = if self.rng.chance(0.3) { 4_500_000 + self.rng.below(49_900) as i64 * 10 } else { self.amount(100, 60_000) };
                let out = self.rng.chance(0.7);
                self.serial += 1;
                let serial = self.serial;
                let s = if out { "ATM取款" } else { "现金存入" };
                self.row(w, a, t, amt, out, ("", "", "", ""), s, true, true, serial, "")?;
            } else {
                // A fast chain: big money in from outside, forwarded within minutes.
                let amt = self.amount(50_000, 800_000) / 10_000 * 10_000;
                self.serial += 1;
                let serial = self.serial;
                self.row(w, a, t, amt, false, ("6217000000000000001", "某某投资有限公司", "", "中国建设银行"), "往来款", false, true, serial, "")?;
                let hops = 2 + self.rng.below(3) as usize;
                let back = self.rng.chance(0.5);
                let mut from = a;
                let mut tt = t;
                let mut left = amt;
                for h in 0..hops {
                    let to = if back && h + 1 == hops { a } else { self.rng.below(n) as usize };
                    tt += 60 + self.rng.below(1200) as i64;
                    left = left * 98 / 100;
                    self.transfer(w, from, to, tt, left, "转账")?;
                    from = to;
                }
            }
        }
        Ok(self.rows - start_rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_parse_and_transfers_have_both_sides() {
        let mut g = Generator::new(20_000, 1);
        let mut out = HEADER.as_bytes().to_vec();
        g.write_rows(&mut out, 20_000).unwrap();
        let mut rdr = csv::Reader::from_reader(out.as_slice());
        let width = rdr.headers().unwrap().len();
        let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        assert!(rows.len() >= 20_000 && rows.len() < 20_010);
        assert!(rows.iter().all(|r| r.len() == width));
        let ins = rows.iter().filter(|r| &r[7] == "进").count();
        assert!(ins > 5_000 && ins < 12_000, "{ins}");
        // A transfer's two rows share the serial and swap account and counterparty.
        let pair = rows.windows(2).find(|p| p[0][16] == p[1][16]).unwrap();
        assert_eq!(pair[0][1], pair[1][8]);
        assert_eq!(pair[1][1], pair[0][8]);
        assert!(rows.iter().any(|r| &r[12] == "ATM取款" && r[5].starts_with("49")));
    }
}
