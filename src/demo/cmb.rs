//! 招商银行 (CMB) personal statement: GB18030 CSV with a `#` preamble,
//! one signed amount column, counterparty account and name in one cell.

use super::encode::{delimited_line, gb18030, yuan as signed};
use super::ledger::{Ledger, Party, HE};

pub const FILE: &str = "招商银行交易流水_何美玲.csv";
pub const HEADERS: &[&str] = &["记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对方账号与户名"];


pub fn rows(l: &Ledger) -> Vec<Vec<String>> {
    l.statement(HE)
        .iter()
        .map(|line| {
            let t = line.txn;
            let (name, acct, _, _) = l.describe(line.other);
            let cp = match line.other {
                Party::Cash => String::new(),
                _ if !t.merchant.is_empty() => t.merchant.clone(),
                _ => format!("{acct} {name}").trim().to_string(),
            };
            vec![
                t.at.format("%Y-%m-%d").to_string(),
                "人民币".into(),
                signed(if line.incoming { t.amount } else { -t.amount }),
                signed(line.balance),
                t.summary.clone(),
                cp,
            ]
        })
        .collect()
}

pub fn bytes(l: &Ledger) -> Vec<u8> {
    let a = l.accounts.get(HE);
    let mut text = String::from("# 招商银行交易流水\r\n");
    text.push_str(&format!("# 户名：{}\r\n", a.map(|a| a.holder.name.as_str()).unwrap_or("")));
    text.push_str(&format!("# 账号：{}\r\n", a.map(|a| a.number.as_str()).unwrap_or("")));
    text.push_str("# 币种：人民币\r\n# 起止日期：2023-10-01 -- 2025-03-31\r\n# 导出时间：2025-04-02 16:20:41\r\n");
    text.push_str(&delimited_line(&HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), ','));
    for r in rows(l) {
        text.push_str(&delimited_line(&r, ','));
    }
    gb18030(&text)
}
