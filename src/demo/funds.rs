//! 执行款: the court's enforcement-money ledger, saved from Excel as
//! "Unicode text" (UTF-16LE with BOM, tab-separated).

use super::encode::{delimited_line, utf16le_bom, yuan};
use super::people::date;
use super::rng::Rng;
use super::world::World;
use chrono::NaiveDate;

pub const FILE: &str = "执行款收发台账.txt";
pub const HEADERS: &[&str] = &["序号", "案号", "到账日期", "金额", "领款人", "发放日期", "发放状态", "暂缓/延期审批"];

struct Fund {
    case_no: String,
    received: NaiveDate,
    amount: i64,
    payee: String,
    paid: Option<NaiveDate>,
    deferral: String,
}

pub fn rows(w: &World) -> Vec<Vec<String>> {
    let mut rng = Rng::new(0xF0D5);
    let f = |case_no: &str, received, amount, payee: &str, paid, deferral: &str| Fund { case_no: case_no.into(), received, amount, payee: payee.into(), paid, deferral: deferral.into() };
    let mut list = vec![
        // Frozen deposit transferred in March, still not paid out, no deferral approved.
        f("（2023）浙0203执900号", date(2025, 3, 1), 4_500_000, "宁波某某钢材贸易有限公司", None, ""),
        // Paid out 73 days after receipt.
        f("（2023）浙0203执恢88号", date(2024, 10, 8), 500_000, "唐立新", Some(date(2024, 12, 20)), ""),
        // Received two weeks ago: not yet overdue.
        f("（2024）浙0203执300号", date(2025, 6, 16), 120_000, "宁波某某小额贷款股份有限公司", None, ""),
        // Deferral approved: not overdue.
        f("（2022）浙0203执2200号", date(2025, 1, 10), 300_000, "应春华", None, "已批准暂缓发放（案外人异议审查中，2025-01-12）"),
    ];
    for k in w.cases.iter().skip(w.story_len) {
        let (Some(filed), true) = (k.filed, k.paid > 0) else { continue };
        let received = filed + chrono::Duration::days(rng.range(20, 120));
        if received >= date(2025, 5, 30) {
            continue;
        }
        let paid = received + chrono::Duration::days(rng.range(3, 25));
        list.push(Fund { case_no: k.case_no.clone(), received, amount: k.paid, payee: k.applicant.clone(), paid: Some(paid), deferral: String::new() });
    }
    list.iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                (i + 1).to_string(),
                x.case_no.clone(),
                x.received.format("%Y-%m-%d").to_string(),
                yuan(x.amount),
                x.payee.clone(),
                x.paid.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                if x.paid.is_some() { "已发放" } else { "未发放" }.into(),
                x.deferral.clone(),
            ]
        })
        .collect()
}

pub fn bytes(w: &World) -> Vec<u8> {
    let mut text = delimited_line(&HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), '\t');
    for r in rows(w) {
        text.push_str(&delimited_line(&r, '\t'));
    }
    utf16le_bom(&text)
}
