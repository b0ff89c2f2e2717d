//! Bank statements in the police / procuratorate query-feedback format
//! (资金查控反馈): 交易明细 for several cards in one GB18030 CSV, with the
//! companion 人员信息 and 账户信息 tables.

use super::encode::{delimited_line, gb18030, yuan_plain};
use super::ledger::{Format, Ledger, Party};

pub const FILE: &str = "资金查控反馈_交易明细.csv";
pub const PERSONS_FILE: &str = "资金查控反馈_人员信息.csv";
pub const ACCOUNTS_FILE: &str = "资金查控反馈_账户信息.csv";

pub const HEADERS: &[&str] = &[
    "交易卡号", "交易账号", "交易户名", "开户人证件号码", "交易时间", "交易金额", "交易余额", "收付标志", "交易对手账卡号", "现金标志",
    "对手户名", "对手身份证号", "对手开户银行", "摘要说明", "交易币种", "交易网点名称", "交易发生地", "交易是否成功", "传票号", "IP地址",
    "MAC地址", "对手交易余额", "交易流水号", "日志号", "凭证种类", "凭证号", "交易柜员号", "备注", "商户名称", "商户号", "查询反馈结果原因",
];

fn police_accounts(l: &Ledger) -> impl Iterator<Item = (usize, &super::ledger::Account)> {
    l.accounts.iter().enumerate().filter(|(_, a)| a.format == Format::Police)
}

pub fn rows(l: &Ledger) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (i, a) in police_accounts(l) {
        for (n, line) in l.statement(i).iter().enumerate() {
            let t = line.txn;
            let (cp_name, cp_acct, cp_bank, cp_id) = l.describe(line.other);
            let cash = *line.other == Party::Cash;
            let online = matches!(t.channel, "手机银行" | "网银转账" | "快捷支付");
            out.push(vec![
                a.number.clone(),
                a.number.clone(),
                a.holder.name.clone(),
                a.holder.id.clone(),
                t.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                yuan_plain(t.amount),
                yuan_plain(line.balance),
                if line.incoming { "进" } else { "出" }.into(),
                cp_acct,
                if cash { "现金" } else { "转账" }.into(),
                cp_name,
                cp_id,
                cp_bank,
                t.summary.clone(),
                "人民币".into(),
                if t.channel == "柜面" { format!("{}营业部", a.bank) } else { t.channel.to_string() },
                "宁波".into(),
                if t.ok { "成功" } else { "失败" }.into(),
                String::new(),
                if online { format!("112.17.{}.{}", 10 + n % 200, 1 + n % 250) } else { String::new() },
                if online { format!("3C-7C-3F-{:02X}-{:02X}-1A", n % 256, (n * 7) % 256) } else { String::new() },
                String::new(),
                format!("{}{}{:06}", &a.number.get(0..4).unwrap_or("0000"), t.at.format("%Y%m%d"), n),
                format!("{:010}", n * 31 + i * 7),
                String::new(),
                String::new(),
                if t.channel == "柜面" { "T0213".into() } else { String::new() },
                String::new(),
                t.merchant.clone(),
                if t.merchant.is_empty() { String::new() } else { format!("8023302{:08}", t.merchant.len() * 1301) },
                String::new(),
            ]);
        }
    }
    out
}

pub fn bytes(l: &Ledger) -> Vec<u8> {
    let mut text = delimited_line(&HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), ',');
    for r in rows(l) {
        text.push_str(&delimited_line(&r, ','));
    }
    gb18030(&text)
}

pub const PERSON_HEADERS: &[&str] = &["客户名称", "证照类型", "证照号码", "联系电话", "住宅地址", "单位名称", "单位地址"];

pub fn persons_bytes(l: &Ledger) -> Vec<u8> {
    let mut text = delimited_line(&PERSON_HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), ',');
    let mut seen = std::collections::HashSet::new();
    for (i, a) in police_accounts(l) {
        if !seen.insert(a.holder.id.clone()) {
            continue;
        }
        text.push_str(&delimited_line(
            &[a.holder.name.clone(), "居民身份证".into(), a.holder.id.clone(), format!("1385742{:04}", 1000 + i * 137), "浙江省宁波市海曙区某某路1号".into(), String::new(), String::new()],
            ',',
        ));
    }
    gb18030(&text)
}

pub const ACCOUNT_HEADERS: &[&str] = &["账户开户名称", "开户人证件号码", "交易卡号", "交易账号", "账号开户银行", "账户状态", "开户日期", "销户日期", "账户余额", "币种", "开户网点"];

pub fn accounts_bytes(l: &Ledger) -> Vec<u8> {
    let mut text = delimited_line(&ACCOUNT_HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), ',');
    for (i, a) in police_accounts(l) {
        let balance = l.statement(i).last().map(|x| x.balance).unwrap_or(a.opening);
        text.push_str(&delimited_line(
            &[a.holder.name.clone(), a.holder.id.clone(), a.number.clone(), a.number.clone(), a.bank.into(), "正常".into(), format!("201{}-03-1{}", 2 + i, i), String::new(), yuan_plain(balance), "人民币".into(), a.bank.into()],
            ',',
        ));
    }
    gb18030(&text)
}
