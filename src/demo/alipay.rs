//! Alipay 交易记录明细: GB18030 CSV with a preamble naming the account,
//! cells padded with spaces, a trailing comma, and a summary footer.

use super::encode::{gb18030, yuan_plain};
use super::ledger::{Ledger, ALI};

pub const FILE: &str = "alipay_record_20250401.csv";
pub const HEADERS: &[&str] = &["交易号", "商户订单号", "交易创建时间", "付款时间", "最近修改时间", "交易来源地", "类型", "交易对方", "商品名称", "金额（元）", "收/支", "交易状态", "服务费（元）", "成功退款（元）", "备注", "资金状态"];

fn pad(s: &str, width: usize) -> String {
    let w = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

pub fn rows(l: &Ledger) -> Vec<Vec<String>> {
    l.statement(ALI)
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let t = line.txn;
            let (cp_name, _, _, _) = l.describe(line.other);
            let shop = !t.merchant.is_empty();
            let time = t.at.format("%Y-%m-%d %H:%M:%S").to_string();
            vec![
                format!("{}22001{:014}", t.at.format("%Y%m%d"), 40_000_000_000u64 + n as u64 * 7_919),
                if shop { format!("T200P{}{:06}", t.at.format("%Y%m%d"), n) } else { String::new() },
                time.clone(),
                time.clone(),
                time,
                if shop { "淘宝" } else { "其他（包括阿里巴巴和外部商家）" }.into(),
                if shop { "即时到账交易" } else { "支付宝担保交易" }.into(),
                if shop { t.merchant.clone() } else { cp_name },
                t.summary.clone(),
                yuan_plain(t.amount),
                if line.incoming { "收入" } else { "支出" }.into(),
                "交易成功".into(),
                "0.00".into(),
                "0.00".into(),
                String::new(),
                if line.incoming { "已收入" } else { "已支出" }.into(),
            ]
        })
        .collect()
}

pub fn bytes(l: &Ledger) -> Vec<u8> {
    let rows = rows(l);
    let widths = [26, 26, 26, 24, 26, 16, 18, 22, 24, 12, 10, 12, 14, 14, 22, 12];
    let line = |cells: Vec<String>| -> String {
        let mut s: String = cells.iter().zip(widths).map(|(c, w)| pad(c, w)).collect::<Vec<_>>().join(",");
        s.push_str(",\r\n");
        s
    };
    let account = l.accounts.get(ALI).map(|a| a.number.clone()).unwrap_or_default();
    let holder = l.accounts.get(ALI).map(|a| a.holder.name.clone()).unwrap_or_default();
    let mut text = format!("支付宝交易记录明细查询\r\n账号:[{account}]\r\n起始日期:[2023-10-01 00:00:00]    终止日期:[2025-04-01 00:00:00]\r\n---------------------------------交易记录明细列表------------------------------------\r\n");
    text.push_str(&line(HEADERS.iter().map(|h| h.to_string()).collect()));
    let (mut n_in, mut s_in, mut n_out, mut s_out) = (0, 0i64, 0, 0i64);
    for r in &rows {
        let fen = r.get(9).and_then(|v| v.replace('.', "").parse::<i64>().ok()).unwrap_or(0);
        if r.get(10).map(String::as_str) == Some("收入") {
            n_in += 1;
            s_in += fen;
        } else {
            n_out += 1;
            s_out += fen;
        }
        text.push_str(&line(r.clone()));
    }
    text.push_str("------------------------------------------------------------------------------------\r\n");
    text.push_str(&format!("共{}笔记录\r\n已收入:{n_in}笔,{}元\r\n待收入:0笔,0.00元\r\n已支出:{n_out}笔,{}元\r\n待支出:0笔,0.00元\r\n导出时间:[2025-04-01 10:21:07]    用户:{holder}\r\n", rows.len(), yuan_plain(s_in), yuan_plain(s_out)));
    gb18030(&text)
}
