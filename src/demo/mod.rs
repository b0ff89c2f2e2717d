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
mod cases;
mod cmb;
mod credit;
mod deaths;
mod deposits;
mod encode;
mod funds;
mod ledger;
mod people;
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
    ]
}

#[cfg(test)]
mod tests;
