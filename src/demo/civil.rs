//! 民事案件一览表: the civil (民初) case list of the same court, UTF-8 CSV
//! with a BOM, read as the `cases` kind with 原告/被告 and its own 结案方式.
//! It carries the merits cases of the 保全 seizures and the 调解 that looks
//! collusive.

use super::encode::{delimited_line, utf8_bom};
use super::people::{date, resident_id, Person};
use super::world::World;

pub const FILE: &str = "民事案件一览表.csv";
pub const HEADERS: &[&str] = &["案号", "案由", "原告", "原告住所", "原告联系电话", "被告", "被告住所", "被告联系电话", "立案日期", "结案日期", "结案方式"];

/// 王海峰's brother: same surname, same address, an ordinary creditor in the 2021 plan.
pub fn wang_hailin() -> Person {
    let birth = date(1975, 2, 14);
    Person { name: "王海林".into(), id: resident_id("330203", birth, 51), birth: Some(birth) }
}

pub fn rows(w: &World) -> Vec<Vec<String>> {
    let wang = &w.cast.wang_haifeng;
    let r = |v: [&str; 11]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        // Brothers, same flat (written once with full-width digits), 调解 in 14 days.
        r(["（2021）浙0203民初118号", "民间借贷纠纷", &wang_hailin().name, "宁波市海曙区某某路18弄6号301室", "13805741188", &wang.name, "宁波市海曙区某某路１８弄６号３０１室", "13805742266", "2021-01-05", "2021-01-19", "调解"]),
        // Withdrawn in March; its 保全 seizure is still on.
        r(["（2024）浙0203民初1207号", "买卖合同纠纷", "宁波某某建材有限公司", "宁波市海曙区某某工业区", "0574-87001122", "蒋海涛", "宁波市鄞州区某某路9号", "13906661234", "2024-05-10", "2025-03-10", "撤诉"]),
        // Dismissed 20 days before D: not yet a lead.
        r(["（2024）浙0203民初1530号", "民间借贷纠纷", "毛雪芬", "宁波市江北区某某村", "13606600001", "贺建波", "宁波市海曙区某某街12号", "13606600002", "2024-07-20", "2025-06-10", "驳回诉讼请求"]),
        // Pending: its deposit freeze runs out in July.
        r(["（2024）浙0203民初1666号", "合同纠纷", "宁波某某物业服务有限公司", "宁波市海曙区", "0574-87112233", "宁波某某餐饮管理有限公司", "宁波市海曙区某某广场", "0574-87445566", "2024-07-10", "", ""]),
        // Pending since 2022; its flat seizure was renewed the day before it ran out.
        r(["（2022）浙0203民初908号", "房屋买卖合同纠纷", "章立群", "宁波市海曙区某某苑1幢", "13705740909", "祝海", "宁波市海曙区某某苑2幢", "13705740808", "2022-06-20", "", ""]),
    ]
}

pub fn bytes(w: &World) -> Vec<u8> {
    let mut text = delimited_line(&HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), ',');
    for r in rows(w) {
        text.push_str(&delimited_line(&r, ','));
    }
    utf8_bom(&text)
}
