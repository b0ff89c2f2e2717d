//! The deterministic training data set (`xiansuo demo`, the page's
//! 「载入示例数据」 button).
//!
//! `files()` returns the exports a prosecutor typically receives, each in
//! the encoding and layout of its real source (GB18030 CSV with title and
//! totals rows, XLSX with merged titles, pinyin vehicle codes, an HTML table
//! named `.xls`, UTF-16 "Unicode text", police / WeChat / Alipay / CMB bank
//! statements). They are built from one small world (`world`) so the tables
//! agree, and the stories in it make every screening rule and every flow
//! rule of domain.md fire at least once, beside honest background data and
//! negative examples (a restored case, a refunded deposit, a scrapped car).
//! No clock and no OS randomness: the bytes are the same on every run.

mod alipay;
mod auctions;
mod civil;
mod cases;
mod cmb;
mod credit;
mod deaths;
mod deposits;
mod distributions;
mod encode;
mod funds;
mod ledger;
mod people;
mod petitions;
mod police;
mod realestate;
mod rng;
mod seizures;
mod vehicles;
mod wechat;
mod world;

use chrono::NaiveDate;

/// The demo's "as of" date: run the screening with it to get the documented
/// results (the page uses it as the default when the demo is loaded).
pub const AS_OF: &str = "2025-06-30";

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()
}

/// One generated file: its name (with the extension its source uses) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What the demo is built to show, for tests and the guided tour.
pub mod expect {
    /// Every screening rule of domain.md fires at least once.
    pub const SCREEN_RULES: &[&str] = &[
        "deposit.unreturned", "vehicle.unseized", "vehicle.seized_in_use", "realestate.unseized", "procedure.under_3_months",
        "procedure.no_report_order", "procedure.no_consumption_ban", "procedure.search_overdue", "credit.not_removed",
        "credit.minor_listed", "death.measure_after_death", "payout.overdue", "release.not_released", "overseizure.excess",
    ];
    /// Every flow rule of domain.md fires at least once.
    pub const FLOW_RULES: &[&str] = &[
        "flow.large_out_after_node", "flow.ant_moving", "flow.stable_income", "flow.fast_in_out", "flow.pass_through",
        "flow.round_amounts", "flow.loop", "flow.fan_in", "flow.fan_out", "flow.scatter_gather", "flow.gather_scatter",
        "flow.cash", "flow.structuring", "flow.night", "flow.asset_keyword",
    ];
    /// The Ningbo Haishu case: 陈某's deposit lead, 2,000 yuan.
    pub const CHEN_CASE: &str = "（2019）浙0203执1234号";
    pub const CHEN_NAME: &str = "陈某";
    pub const CHEN_LEAD_FEN: i64 = 200_000;
    /// The flow subject and his case.
    pub const FLOW_SUBJECT: &str = "刘志强";
    pub const FLOW_CASE: &str = "（2024）浙0203执1888号";
    pub const FLOW_ACCOUNT: &str = "6222021001234567890";
    /// The Guangzhou Yuexiu shop: the register's address and the contract's.
    pub const YUEXIU_REGISTERED: &str = super::realestate::YUEXIU_REGISTERED;
    pub const YUEXIU_CONTRACT: &str = super::realestate::YUEXIU_CONTRACT;
    /// Alias pairs the user would enter for the Yuexiu story (contract name → register name).
    pub const YUEXIU_ALIASES: &[(&str, &str)] = &[("某某花园", "某某苑"), ("白云区", "越秀区")];

    /// Second-wave leads the demo is built to produce: (rule, 案号, subject).
    /// Written from domain.md's semantics for the rows named in the comments
    /// of `auctions`, `distributions`, `petitions`, `civil` and `seizures`;
    /// the rules must produce at least these (background rows may add more,
    /// e.g. expired background freezes for `preservation.expiring`).
    ///
    /// | rule | row(s) |
    /// |---|---|
    /// | auction.start_price_low | 网拍 row 1: 张国强's car, 39,000 of 60,000 (65 %) |
    /// | auction.notice_short | 网拍 row 1: announced 2022-04-01, starts 04-10 (movable, 9 < 15 days) |
    /// | auction.relist_late | 网拍 row 1: 流拍 2022-04-11, never relisted, case 终本, car still seized (renewed 2024-03-01) |
    /// | auction.second_cut_excess | 网拍 rows 2–3: 二拍 798,000 < 80 % of 1,050,000 |
    /// | auction.debtor_buyer | 网拍 row 4: 刘志强 buys his own BMW (same ID) |
    /// | auction.proceeds_unpaid | 网拍 rows 3–4: both 1888 sales, no payout in the funds ledger; case 终本 |
    /// | auction.appraisal_stale | 网拍 row 5: appraised 2023-05-10, auction 2024-06-18 |
    /// | disposal.seized_not_disposed | seizures: 张国强's car (2011, only a failed auction) |
    /// | preservation.expiring | seizures 执保91 (ends 2025-07-15); not 执保80 (D+31) nor 执保12 (renewed the day before) |
    /// | preservation.not_lifted | seizures 执保77 ↔ 民初1207 撤诉 2025-03-10; not 执保80 (dismissed 20 days ago) |
    /// | distribution.order_violation | 分配 rows 1–3: 抵押 short while ordinary creditors paid (567) |
    /// | distribution.payout_overdue | 分配 row 3: 100,000 to 宁波某某建材 never paid (567); not the 2200 plan |
    /// | petition.on_zhongben | 12309 row 1 names 陈某's case `(2019)…执1234号` (消极执行); row 2 邵立新 = applicant of 赵丽's case by name (执行款); not row 3 (case not 终本) |
    /// | refusal.transfer_after_suit | 刘志强 (1888): transfers to others after 应诉 2023-11-20 in his bank statements |
    /// | refusal.collusive_case | 民初118: 王海林 v 王海峰, same surname and address, 调解 in 14 days, 王海林 in the 567 plan |
    pub const WAVE2_LEADS: &[(&str, &str, &str)] = &[
        ("auction.start_price_low", "（2021）浙0203执2011号", "张国强"),
        ("auction.notice_short", "（2021）浙0203执2011号", "张国强"),
        ("auction.relist_late", "（2021）浙0203执2011号", "张国强"),
        ("auction.second_cut_excess", "（2024）浙0203执1888号", "刘志强"),
        ("auction.debtor_buyer", "（2024）浙0203执1888号", "刘志强"),
        ("auction.proceeds_unpaid", "（2024）浙0203执1888号", "刘志强"),
        ("auction.appraisal_stale", "（2023）浙0203执900号", "宁波某某机械制造有限公司"),
        ("disposal.seized_not_disposed", "（2021）浙0203执2011号", "张国强"),
        ("preservation.expiring", "（2024）浙0203执保91号", "宁波某某餐饮管理有限公司"),
        ("preservation.not_lifted", "（2024）浙0203执保77号", "蒋海涛"),
        ("distribution.order_violation", "（2020）浙0203执567号", "王海峰"),
        ("distribution.payout_overdue", "（2020）浙0203执567号", "王海峰"),
        ("petition.on_zhongben", "（2019）浙0203执1234号", "陈某"),
        ("petition.on_zhongben", "（2022）浙0203执1456号", "赵丽"),
        ("refusal.transfer_after_suit", "（2024）浙0203执1888号", "刘志强"),
        ("refusal.collusive_case", "（2021）浙0203民初118号", "王海峰"),
    ];
    /// (rule, 案号) pairs the demo holds as near misses for the second wave.
    pub const WAVE2_SILENT: &[(&str, &str)] = &[
        ("preservation.expiring", "（2024）浙0203执保80号"),
        ("preservation.expiring", "（2022）浙0203执保12号"),
        ("preservation.not_lifted", "（2024）浙0203执保80号"),
        ("petition.on_zhongben", "（2023）浙0203执900号"),
        ("distribution.order_violation", "（2022）浙0203执2200号"),
        ("distribution.payout_overdue", "（2022）浙0203执2200号"),
        ("auction.relist_late", "（2024）浙0203执1888号"),
        ("auction.notice_short", "（2024）浙0203执1888号"),
    ];
}

/// The demo files with the dataset kind each one should be detected as.
pub fn files_with_kinds() -> Vec<(DemoFile, &'static str)> {
    let w = world::build(as_of());
    let l = ledger::build(&w.cast);
    let f = |name: &str, bytes: Vec<u8>| DemoFile { name: name.to_string(), bytes };
    vec![
        (f(cases::FILE, cases::bytes(&w)), "cases"),
        (f(deposits::FILE, deposits::bytes(&w)), "deposits"),
        (f(vehicles::FILE, vehicles::bytes(&w)), "vehicles"),
        (f(realestate::FILE, realestate::bytes(&w)), "realestate"),
        (f(seizures::FILE, seizures::bytes(&w)), "seizures"),
        (f(funds::FILE, funds::bytes(&w)), "funds"),
        (f(credit::FILE, credit::bytes(&w)), "credit"),
        (f(deaths::FILE, deaths::bytes(&w)), "deaths"),
        (f(police::FILE, police::bytes(&l)), "transactions"),
        (f(police::PERSONS_FILE, police::persons_bytes(&l)), "persons"),
        (f(police::ACCOUNTS_FILE, police::accounts_bytes(&l)), "accounts"),
        (f(wechat::FILE, wechat::bytes(&l)), "transactions"),
        (f(alipay::FILE, alipay::bytes(&l)), "transactions"),
        (f(cmb::FILE, cmb::bytes(&l)), "transactions"),
        (f(civil::FILE, civil::bytes(&w)), "cases"),
        (f(auctions::FILE, auctions::bytes(&w)), "auctions"),
        (f(distributions::FILE, distributions::bytes(&w)), "distributions"),
        (f(petitions::FILE, petitions::bytes(&w)), "petitions"),
    ]
}

/// The demo files, in the order a user would typically add them.
pub fn files() -> Vec<DemoFile> {
    files_with_kinds().into_iter().map(|(f, _)| f).collect()
}

/// Data rows each file holds (title, header and footer rows excluded), for tests.
pub fn row_counts() -> Vec<(&'static str, usize)> {
    let w = world::build(as_of());
    let l = ledger::build(&w.cast);
    vec![
        (cases::FILE, cases::rows(&w).len()),
        (deposits::FILE, deposits::rows(&w).len()),
        (vehicles::FILE, vehicles::rows(&w).len()),
        (realestate::FILE, realestate::rows(&w).len()),
        (seizures::FILE, seizures::rows(&w).len()),
        (funds::FILE, funds::rows(&w).len()),
        (credit::FILE, credit::rows(&w).len()),
        (deaths::FILE, deaths::rows(&w).len()),
        (police::FILE, police::rows(&l).len()),
        (wechat::FILE, wechat::rows(&l).len()),
        (alipay::FILE, alipay::rows(&l).len()),
        (cmb::FILE, cmb::rows(&l).len()),
        (civil::FILE, civil::rows(&w).len()),
        (auctions::FILE, auctions::rows(&w).len()),
        (distributions::FILE, distributions::rows(&w).len()),
        (petitions::FILE, petitions::rows(&w).len()),
    ]
}

#[cfg(test)]
mod tests;
