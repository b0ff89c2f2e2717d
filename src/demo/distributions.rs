//! 参与分配方案明细: one court's distribution plans, GB18030 CSV with a title
//! row, as the 执行局 exports them for the 分配方案 review.

use super::encode::{delimited_line, gb18030, yuan};
use super::world::World;

pub const FILE: &str = "参与分配方案明细.csv";
pub const HEADERS: &[&str] = &["序号", "案号", "方案日期", "被执行人", "债权人", "债权人证件号码", "债权性质", "确认债权金额", "分配金额", "发放日期"];

pub fn rows(w: &World) -> Vec<Vec<String>> {
    let c = &w.cast;
    let wang = c.wang_haifeng.name.as_str();
    let wang_hailin = super::civil::wang_hailin();
    let wu = c.wu_defu.name.as_str();
    let r = |no: &str, plan: &str, debtor: &str, creditor: &str, cid: &str, kind: &str, claim: i64, amount: i64, paid: &str| {
        vec![no.to_string(), plan.into(), debtor.into(), creditor.into(), cid.into(), kind.into(), yuan(claim), yuan(amount), paid.into()]
    };
    let list = vec![
        // 王海峰's flat sold in 2021: the mortgagee is short while two ordinary
        // creditors are paid (one of them his brother from a 14-day 调解), and one
        // share was never paid out.
        r("（2020）浙0203执567号", "2021-03-15", wang, "某某银行股份有限公司宁波分行", "", "抵押", 250_000_000, 180_000_000, "2021-04-02"),
        r("（2020）浙0203执567号", "2021-03-15", wang, &wang_hailin.name, &wang_hailin.id, "普通债权", 30_000_000, 6_000_000, "2021-04-02"),
        r("（2020）浙0203执567号", "2021-03-15", wang, "宁波某某建材有限公司", "", "普通债权", 50_000_000, 10_000_000, ""),
        // Negative example: mortgage paid in full, the rest pro rata, paid out in 21 days.
        r("（2022）浙0203执2200号", "2025-05-20", wu, "某某农村商业银行股份有限公司", "", "抵押权", 20_000_000, 20_000_000, "2025-06-10"),
        r("（2022）浙0203执2200号", "2025-05-20", wu, "应春华", "", "普通", 8_000_000, 2_000_000, "2025-06-10"),
        r("（2022）浙0203执2200号", "2025-05-20", wu, "宁波某某小额贷款股份有限公司", "", "普通", 4_000_000, 1_000_000, "2025-06-10"),
    ];
    list.into_iter().enumerate().map(|(i, mut row)| {
        row.insert(0, (i + 1).to_string());
        row
    }).collect()
}

pub fn bytes(w: &World) -> Vec<u8> {
    let mut text = String::new();
    let title: Vec<String> = std::iter::once("宁波市海曙区人民法院 参与分配方案明细（导出）".to_string()).chain(std::iter::repeat(String::new()).take(HEADERS.len() - 1)).collect();
    text.push_str(&delimited_line(&title, ','));
    text.push_str(&delimited_line(&HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), ','));
    for r in rows(w) {
        text.push_str(&delimited_line(&r, ','));
    }
    gb18030(&text)
}
