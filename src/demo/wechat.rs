//! 财付通 (WeChat Pay) feedback `TenpayTrades.txt`: tab-separated, amounts
//! in 分, 借贷类型 出/入, and two pairs of repeated header names.

use super::encode::delimited_line;
use super::ledger::{Ledger, Party, WX};

pub const FILE: &str = "TenpayTrades.txt";
pub const HEADERS: &[&str] = &[
    "用户ID", "交易单号", "大单号", "用户侧账号名称", "借贷类型", "交易业务类型", "交易用途类型", "交易时间", "交易金额(分)", "账户余额(分)",
    "用户银行卡号", "用户侧网银联单号", "网联/银联", "第三方账户名称", "对手方ID", "对手侧账户名称", "对手方银行卡号", "对手侧银行名称",
    "对手侧网银联单号", "网联/银联", "基金公司信息", "间联/直联", "第三方账户名称", "对手方接收时间", "对手方接收金额(分)", "备注1", "备注2",
];

pub fn rows(l: &Ledger) -> Vec<Vec<String>> {
    let Some(a) = l.accounts.get(WX) else { return Vec::new() };
    l.statement(WX)
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let t = line.txn;
            let (cp_name, cp_acct, cp_bank, _) = l.describe(line.other);
            let business = if t.summary.contains("充值") { "充值" } else if t.merchant.is_empty() { "转账" } else { "消费" };
            let cp_id = match line.other {
                Party::Ext(e) if !e.account.is_empty() && t.merchant.is_empty() => String::new(),
                _ => format!("1{:09}", 300_000_000 + n * 13),
            };
            vec![
                a.number.clone(),
                format!("42000021{}{:010}", t.at.format("%Y%m%d"), (n as u64 * 7919) % 10_000_000_000),
                format!("1000050001{}{:08}", t.at.format("%Y%m%d"), n),
                a.holder.name.clone(),
                if line.incoming { "入" } else { "出" }.into(),
                business.into(),
                "零钱".into(),
                t.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                t.amount.to_string(),
                line.balance.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                cp_id,
                if t.merchant.is_empty() { cp_name } else { t.merchant.clone() },
                cp_acct,
                cp_bank,
                String::new(),
                String::new(),
                String::new(),
                if t.merchant.is_empty() { String::new() } else { "直联".into() },
                String::new(),
                t.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                t.amount.to_string(),
                t.summary.clone(),
                String::new(),
            ]
        })
        .collect()
}

pub fn bytes(l: &Ledger) -> Vec<u8> {
    let mut text = delimited_line(&HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), '\t');
    for r in rows(l) {
        text.push_str(&delimited_line(&r, '\t'));
    }
    text.into_bytes()
}
