//! 执行案件清单: the court system's export, GB18030 CSV with a title row
//! above the header and a totals row below the data.

use super::encode::{delimited_line, gb18030, yuan};
use super::world::{date_text, World};

pub const FILE: &str = "执行案件清单_海曙区人民法院_2025-06.csv";

pub const HEADERS: &[&str] = &[
    "序号", "案号", "申请执行人", "被执行人", "证件号码", "申请执行标的金额", "已执行到位金额", "未履行金额", "应诉通知日期",
    "判决生效日期", "立案日期", "执行通知书日期", "报告财产令日期", "限制消费令日期", "纳入失信日期", "结案日期", "结案方式",
    "最后网络查控日期", "恢复执行日期", "变更被执行人", "承办人", "执行法院", "财产线索地址", "备注",
];

/// Amounts as the court list writes them; a few background rows in 万元.
fn amount_text(fen: i64, style: u8) -> String {
    if style == 3 && fen % 100 == 0 {
        let wan = fen as f64 / 1_000_000.0;
        format!("{}万元", (wan * 10000.0).round() / 10000.0)
    } else {
        yuan(fen)
    }
}

pub fn rows(w: &World) -> Vec<Vec<String>> {
    w.cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let s = c.date_style;
            vec![
                (i + 1).to_string(),
                c.case_no.clone(),
                c.applicant.clone(),
                c.debtors.join("、"),
                c.debtor_ids.join("、"),
                amount_text(c.target, s),
                amount_text(c.paid, s),
                amount_text(c.unpaid(), s),
                date_text(c.lawsuit, s),
                date_text(c.judgment, s),
                date_text(c.filed, s),
                date_text(c.notice, s),
                date_text(c.report, s),
                date_text(c.ban, s),
                date_text(c.dishonest, s),
                date_text(c.closed, s),
                if c.method.is_empty() { "--".into() } else { c.method.clone() },
                date_text(c.last_search, s),
                date_text(c.restored, s),
                c.changed.clone(),
                c.judge.clone(),
                c.court.clone(),
                if c.property_address.is_empty() { "--".into() } else { c.property_address.clone() },
                c.note.clone(),
            ]
        })
        .collect()
}

pub fn bytes(w: &World) -> Vec<u8> {
    let rows = rows(w);
    let mut text = String::from("宁波市海曙区人民法院执行案件清单（含终结本次执行程序案件）,,,导出时间：2025-06-28 09:12\r\n");
    text.push_str(&delimited_line(&HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), ','));
    for r in &rows {
        text.push_str(&delimited_line(r, ','));
    }
    text.push_str(&format!("合计：共{}件{}\r\n", rows.len(), ",".repeat(HEADERS.len() - 1)));
    gb18030(&text)
}
