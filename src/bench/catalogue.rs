//! The catalogue bench (issue 9): every dataset kind the built-in rules
//! read, at sizes proportional to the number of cases, so that "every rule
//! over realistic data for N cases" can be timed natively
//! (`xiansuo bench screen-all`) and in the browser (`BenchRun.screenAll`).
//!
//! Sizes per 100 cases (`PARTS`), from what a district court's yearly
//! exports hold next to its cases: 200 registered cars (about one in twelve
//! a debtor's, as `vehicles` makes them), 50 real-estate rows, 100 seizure
//! measures, 100 funds-ledger entries, 60 credit-list entries, 10 auction
//! rounds, 5 bail deposits, 6 distribution rows (two plans of three
//! creditors), 2 petitions, 2 deaths, and 100 bank-statement rows.
//!
//! The cases are `cases::write_row` with the procedure columns added
//! (`EXTRA_HEADER`); the other kinds are drawn per row from a case of the
//! same file (`cases::case`), so they join on 案号, names and IDs as real
//! exports do, with a few per cent of rows made to fire each rule. The demo
//! files (`crate::demo::files`) are added as well: their stories make every
//! rule fire at least once whatever the scale.

use super::cases::{self, Case, ZHONGBEN};
use super::people::{self, Party};
use super::rng::{mix, Rng};
use super::{transactions, vehicles};
use std::io::{self, Write};

/// One generated file of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    /// File name (the kind is detected from the headers, as for any file).
    pub file: &'static str,
    /// The dataset kind it should be detected as.
    pub kind: &'static str,
    /// Rows per 100 cases.
    pub per_100: u64,
}

pub const PARTS: &[Part] = &[
    Part { file: "catalogue-cases.csv", kind: "cases", per_100: 100 },
    Part { file: "catalogue-vehicles.csv", kind: "vehicles", per_100: 200 },
    Part { file: "catalogue-realestate.csv", kind: "realestate", per_100: 50 },
    Part { file: "catalogue-seizures.csv", kind: "seizures", per_100: 100 },
    Part { file: "catalogue-funds.csv", kind: "funds", per_100: 100 },
    Part { file: "catalogue-credit.csv", kind: "credit", per_100: 60 },
    Part { file: "catalogue-auctions.csv", kind: "auctions", per_100: 10 },
    Part { file: "catalogue-deposits.csv", kind: "deposits", per_100: 5 },
    Part { file: "catalogue-distributions.csv", kind: "distributions", per_100: 6 },
    Part { file: "catalogue-petitions.csv", kind: "petitions", per_100: 2 },
    Part { file: "catalogue-deaths.csv", kind: "deaths", per_100: 2 },
    Part { file: "catalogue-transactions.csv", kind: "transactions", per_100: 100 },
];

/// Rules the generated parts are built to fire on their own rows (the
/// rest fire on the demo's stories; `tests/bench_catalogue.rs` checks both).
/// Not here: `auction.second_cut_excess` (needs both rounds of one item),
/// `preservation.not_lifted` (needs 执保 cases tied to civil cases),
/// `refusal.collusive_case` and `refusal.transfer_after_suit` (need civil
/// cases and the debtors' own bank statements); the demo's stories fire them.
pub const FIRING: &[&str] = &[
    "auction.appraisal_stale", "auction.debtor_buyer", "auction.notice_short", "auction.proceeds_unpaid",
    "auction.relist_late", "auction.start_price_low", "credit.minor_listed", "credit.not_removed",
    "death.measure_after_death", "deposit.unreturned", "disposal.seized_not_disposed", "distribution.order_violation",
    "distribution.payout_overdue", "overseizure.excess", "payout.overdue", "petition.on_zhongben",
    "preservation.expiring", "procedure.no_consumption_ban", "procedure.no_report_order", "procedure.search_overdue",
    "procedure.under_3_months", "realestate.unseized", "release.not_released", "vehicle.seized_in_use", "vehicle.unseized",
];

/// The screening date of the catalogue runs (the demo's, so its stories hold).
pub const AS_OF: (i32, u32, u32) = (2025, 6, 30);

impl Part {
    pub fn rows(&self, cases: u64) -> u64 {
        (cases * self.per_100 / 100).max(1)
    }

    /// Write this part for a catalogue of `cases` cases.
    pub fn write(&self, w: &mut impl Write, cases: u64) -> io::Result<()> {
        let rows = self.rows(cases);
        let each = |w: &mut dyn Write, header: &str, row: &dyn Fn(&mut dyn Write, u64) -> io::Result<()>| -> io::Result<()> {
            w.write_all(header.as_bytes())?;
            (0..rows).try_for_each(|i| row(w, i))
        };
        match self.kind {
            "cases" => write_cases(w, cases),
            "vehicles" => vehicles::write_csv(w, rows, cases),
            "transactions" => {
                w.write_all(transactions::HEADER.as_bytes())?;
                transactions::Generator::new(rows, 9).write_rows(w, rows).map(|_| ())
            }
            "realestate" => each(w, REALESTATE, &|w, i| realestate(w, i, cases)),
            "seizures" => each(w, SEIZURES, &|w, i| seizure(w, i, cases)),
            "funds" => each(w, FUNDS, &|w, i| fund(w, i, cases)),
            "credit" => each(w, CREDIT, &|w, i| credit(w, i, cases)),
            "auctions" => each(w, AUCTIONS, &|w, i| auction(w, i, cases)),
            "deposits" => each(w, DEPOSITS, &|w, i| deposit(w, i, cases)),
            "distributions" => each(w, DISTRIBUTIONS, &|w, i| distribution(w, i, cases)),
            "petitions" => each(w, PETITIONS, &|w, i| petition(w, i, cases)),
            "deaths" => each(w, DEATHS, &|w, i| death(w, i, cases)),
            _ => Ok(()),
        }
    }
}

/// Every file of a catalogue of `cases` cases: the generated parts, then the demo files.
pub fn files(cases: u64) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for p in PARTS {
        let mut bytes = Vec::new();
        p.write(&mut bytes, cases)?;
        out.push((p.file.to_string(), bytes));
    }
    out.extend(crate::demo::files().into_iter().map(|f| (f.name, f.bytes)));
    Ok(out)
}

fn as_of() -> i64 {
    people::days_from_civil(AS_OF.0, AS_OF.1, AS_OF.2)
}

fn ymd(days: Option<i64>) -> String {
    days.map(people::ymd).unwrap_or_default()
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, (fen % 100).abs())
}

/// The case row `i % cases` points at, with its first debtor.
fn case_of(i: u64, salt: u64, cases: u64) -> (u64, Case, Party) {
    let j = mix(i ^ salt) % cases.max(1);
    let c = cases::case(j, cases);
    let d = cases::debtor(c.debtors.first().copied().unwrap_or(0));
    (j, c, d)
}

/// Procedure columns the bench cases lack; the procedure and refusal rules read them.
pub const EXTRA_HEADER: &str = "报告财产令日期,限制消费令日期,最后网络查控日期,起诉日期,判决生效日期,申请执行人住所";

fn write_cases(w: &mut impl Write, n: u64) -> io::Result<()> {
    w.write_all(cases::HEADER.trim_end().as_bytes())?;
    writeln!(w, ",{EXTRA_HEADER}")?;
    let mut line = Vec::with_capacity(256);
    for i in 0..n {
        line.clear();
        cases::write_row(&mut line, i, n)?;
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        w.write_all(&line)?;
        let c = cases::case(i, n);
        let mut r = Rng::new(mix(i ^ 0xE87A));
        // A few per cent of 终本 cases skipped a step or were searched long ago.
        let report = (!r.chance(0.03)).then(|| c.filed + 1 + r.below(5) as i64);
        let ban = (!r.chance(0.03)).then(|| c.filed + 5 + r.below(15) as i64);
        let search = c.closed.map(|d| if r.chance(0.05) { d + 10 } else { (as_of() - 20 - r.below(120) as i64).max(d) });
        let lawsuit = c.filed - 200 - r.below(200) as i64;
        let judgment = c.filed - 30 - r.below(120) as i64;
        let address = format!("浙江省宁波市海曙区{}路{}号", ["中山西", "望春", "段塘", "石碶"][(i % 4) as usize], 1 + i % 300);
        writeln!(w, ",{},{},{},{},{},{address}", ymd(report), ymd(ban), ymd(search), ymd(Some(lawsuit)), ymd(Some(judgment)))?;
    }
    Ok(())
}

const REALESTATE: &str = "不动产权证号,坐落,权利人,证件号,登记日期,用途,面积,是否查封\n";

fn realestate(w: &mut dyn Write, i: u64, cases: u64) -> io::Result<()> {
    let mut r = Rng::new(mix(i ^ 0x4EA1));
    // One flat in four is a debtor's; most of those are not seized.
    let owner = if r.chance(0.25) { case_of(i, 0x4EA2, cases).2 } else { people::person(200_000_000 + i) };
    let seized = if r.chance(0.3) { "是" } else { "否" };
    let reg = people::days_from_civil(2005, 1, 1) + r.below(19 * 365) as i64;
    writeln!(
        w,
        "浙（{}）宁波市不动产权第{:07}号,宁波市海曙区某某小区{}幢{}室,{},{},{},住宅,{}.{:02},{seized}",
        2005 + i % 19,
        i + 1,
        1 + i % 40,
        101 + i % 2000,
        owner.name,
        owner.id,
        people::ymd(reg),
        60 + r.below(120),
        r.below(100)
    )
}

const SEIZURES: &str = "案号,财产类型,财产描述,评估价,措施类型,措施日期,期限至,解除日期,续行日期,被保全人,被保全人证件号码\n";

fn seizure(w: &mut dyn Write, i: u64, cases: u64) -> io::Result<()> {
    let mut r = Rng::new(mix(i ^ 0x5E12));
    let (_, c, d) = case_of(i, 0x5E13, cases);
    let (kind, desc, years) = *r.pick(&[("不动产", "住宅一套", 3), ("车辆", "小型轿车一辆", 2), ("存款", "银行存款", 1), ("股权", "公司股权", 3)]);
    let unpaid = (c.target_fen - c.paid_fen).max(10_000);
    // Value against the debt: mostly below, one in ten far above (over-seizure).
    let value = if r.chance(0.1) { unpaid * (3 + r.below(5) as i64) } else { unpaid * (20 + r.below(80) as i64) / 100 };
    let date = c.filed + 10 + r.below(60) as i64;
    let expiry = date + years * 365;
    // Paid cases release their measures, one in ten forgotten.
    let paid = c.paid_fen >= c.target_fen;
    let release = c.closed.filter(|_| paid && !r.chance(0.1)).map(|d| d + 5 + r.below(30) as i64);
    // Most measures still needed are renewed before they lapse.
    let renewal = (expiry < as_of() + 60 && release.is_none() && r.chance(0.9)).then_some(expiry - 10);
    writeln!(
        w,
        "{},{kind},{}名下{desc},{},{},{},{},{},{},{},{}",
        cases::case_no(&c),
        d.name,
        yuan(value),
        if kind == "存款" { "冻结" } else { "查封" },
        people::ymd(date),
        people::ymd(expiry),
        ymd(release),
        ymd(renewal),
        d.name,
        d.id
    )
}

const FUNDS: &str = "案号,到账日期,金额,发放日期,发放金额,发放状态\n";

fn fund(w: &mut dyn Write, i: u64, cases: u64) -> io::Result<()> {
    let mut r = Rng::new(mix(i ^ 0xF0D5));
    let (_, c, _) = case_of(i, 0xF0D6, cases);
    let received = c.filed + 30 + r.below(300) as i64;
    let amount = (c.paid_fen / 2).max(10_000);
    // Most are paid out within a month; a few per cent are still held.
    let payout = (!r.chance(0.04)).then(|| received + 3 + r.below(25) as i64);
    let status = if payout.is_some() { "已发放" } else { "未发放" };
    writeln!(w, "{},{},{},{},{},{status}", cases::case_no(&c), people::ymd(received), yuan(amount), ymd(payout), if payout.is_some() { yuan(amount) } else { String::new() })
}

const CREDIT: &str = "案号,姓名/名称,证件号,名单类型,发布日期,撤销日期\n";

fn credit(w: &mut dyn Write, i: u64, cases: u64) -> io::Result<()> {
    let mut r = Rng::new(mix(i ^ 0xC4ED));
    let (_, c, d) = case_of(i, 0xC4EE, cases);
    let published = c.filed + 40 + r.below(200) as i64;
    // Paid cases are removed from the list, one in twenty forgotten.
    let paid = c.paid_fen >= c.target_fen;
    let revoked = c.closed.filter(|_| paid && !r.chance(0.05)).map(|d| d + 3 + r.below(10) as i64);
    let list = if r.chance(0.6) { "失信被执行人" } else { "限制消费" };
    writeln!(w, "{},{},{},{list},{},{}", cases::case_no(&c), d.name, d.id, people::ymd(published), ymd(revoked))
}

const AUCTIONS: &str = "案号,拍品名称,财产类型,评估价,评估日期,起拍价,拍卖轮次,公告日期,开始时间,结束时间,拍卖状态,成交价,买受人,买受人证件号\n";

fn auction(w: &mut dyn Write, i: u64, cases: u64) -> io::Result<()> {
    let mut r = Rng::new(mix(i ^ 0xA0C7));
    let (_, c, d) = case_of(i, 0xA0C8, cases);
    let movable = r.chance(0.4);
    let appraised = (c.target_fen - c.paid_fen).max(1_000_000) * (50 + r.below(100) as i64) / 100;
    let second = r.chance(0.3);
    // Start price: 70 % of the appraisal (first round) or 80 % of the first
    // (second round); a few per cent set lower.
    let pct = match (second, r.chance(0.05)) {
        (false, false) => 70 + r.below(30) as i64,
        (false, true) => 50 + r.below(15) as i64,
        (true, false) => 56 + r.below(14) as i64,
        (true, true) => 40 + r.below(10) as i64,
    };
    let start_price = appraised * pct / 100;
    let start = c.filed + 120 + r.below(500) as i64;
    let notice = start - if r.chance(0.05) { 5 + r.below(5) as i64 } else if movable { 15 + r.below(10) as i64 } else { 30 + r.below(10) as i64 };
    let span = if r.chance(0.05) { 600 } else { 250 };
    let appraisal = start - 60 - r.below(span) as i64;
    let sold = r.chance(0.6);
    let buyer = if sold && r.chance(0.02) { d.clone() } else { people::person(300_000_000 + i) };
    let (status, price, buyer_name, buyer_id) = if sold { ("已成交", yuan(start_price + start_price / 10), buyer.name, buyer.id) } else { ("流拍", String::new(), String::new(), String::new()) };
    writeln!(
        w,
        "{},{}名下{},{},{},{},{},{},{},{} 10:00:00,{} 10:00:00,{status},{price},{buyer_name},{buyer_id}",
        cases::case_no(&c),
        d.name,
        if movable { "小型轿车" } else { "住宅" },
        if movable { "机动车" } else { "不动产" },
        yuan(appraised),
        people::ymd(appraisal),
        yuan(start_price),
        if second { "二拍" } else { "一拍" },
        people::ymd(notice),
        people::ymd(start),
        people::ymd(start + 1)
    )
}

const DEPOSITS: &str = "被取保候审人,证件号码,保证金金额,缴纳日期,处理结果,退还日期,退还金额,案件编号,办案单位\n";

fn deposit(w: &mut dyn Write, i: u64, cases: u64) -> io::Result<()> {
    let mut r = Rng::new(mix(i ^ 0xDE90));
    // One in three is a debtor; the rest are other people.
    let p = if r.chance(0.33) { case_of(i, 0xDE91, cases).2 } else { people::person(400_000_000 + i) };
    let amount = (1 + r.below(10) as i64) * 500_000;
    let paid = people::days_from_civil(2016, 1, 1) + r.below(8 * 365) as i64;
    let (outcome, refund) = match r.below(10) {
        0..=5 => ("已退还", Some(paid + 200 + r.below(400) as i64)),
        6 => ("没收", None),
        _ => ("未退还", None),
    };
    writeln!(
        w,
        "{},{},{},{},{outcome},{},{},宁公海刑（{}）{}号,宁波市公安局海曙分局",
        p.name,
        p.id,
        yuan(amount),
        people::ymd(paid),
        ymd(refund),
        if refund.is_some() { yuan(amount) } else { String::new() },
        2016 + i % 8,
        1000 + i
    )
}

const DISTRIBUTIONS: &str = "案号,方案日期,被执行人,债权人,债权性质,确认债权金额,分配金额,发放日期\n";

/// Plans of three creditors (rows `3k..3k+2`): a mortgagee, then two ordinary creditors.
fn distribution(w: &mut dyn Write, i: u64, cases: u64) -> io::Result<()> {
    let plan = i / 3;
    let mut r = Rng::new(mix(plan ^ 0xD157));
    let (_, c, d) = case_of(plan, 0xD158, cases);
    let pool = (c.target_fen - c.paid_fen).max(1_000_000);
    let date = c.filed + 200 + r.below(400) as i64;
    // One plan in ten pays ordinary creditors before the mortgagee is whole.
    let wrong = r.chance(0.1);
    let slot = i % 3;
    let (creditor, kind, claim, amount) = match slot {
        0 => (people::company(700_000_000 + plan).name, "抵押", pool, if wrong { pool / 2 } else { pool * 7 / 10 }),
        _ => (people::person(710_000_000 + i).name, "普通", pool / 2, if wrong { pool / 4 } else { pool * 3 / 20 }),
    };
    let paid = (!r.chance(0.05) || slot != 2).then(|| date + 10 + r.below(20) as i64);
    writeln!(w, "{},{},{},{creditor},{kind},{},{},{}", cases::case_no(&c), people::ymd(date), d.name, yuan(claim), yuan(amount), ymd(paid))
}

const PETITIONS: &str = "信访编号,登记日期,信访人,涉及案号,反映内容,问题类别\n";

fn petition(w: &mut dyn Write, i: u64, cases: u64) -> io::Result<()> {
    let mut r = Rng::new(mix(i ^ 0x9E71));
    let (_, c, _) = case_of(i, 0x9E72, cases);
    let date = c.filed + 100 + r.below(900) as i64;
    let what = if c.close_method == ZHONGBEN { "终本后被执行人仍有财产，法院未恢复执行" } else { "执行款迟迟未发放" };
    writeln!(w, "XF{:08},{},{},{},{what},消极执行", i + 1, people::ymd(date), c.applicant.name, cases::case_no(&c))
}

const DEATHS: &str = "姓名,证件号,死亡日期,来源\n";

fn death(w: &mut dyn Write, i: u64, cases: u64) -> io::Result<()> {
    let mut r = Rng::new(mix(i ^ 0xDEAD));
    let (_, c, d) = case_of(i, 0xDEAE, cases);
    // Debtors who died while their case ran (before the measures against them).
    let died = c.filed + 5 + r.below(30) as i64;
    writeln!(w, "{},{},{},民政火化信息", d.name, d.id, people::ymd(died))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_have_their_row_counts_and_header_width() {
        for p in PARTS {
            let mut out = Vec::new();
            p.write(&mut out, 500).unwrap();
            let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(out.as_slice());
            let rows = rdr.records().map(|r| r.unwrap()).count() as u64;
            assert_eq!(rows, p.rows(500), "{}", p.file);
        }
    }
}
