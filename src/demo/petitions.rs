//! 12309 来信来访登记: the procuratorate's petition register as an XLSX with
//! a merged title row. Case numbers are written as petitioners give them.

use super::encode::{xlsx, Cell, Sheet};
use super::people::date;
use super::world::World;

pub const FILE: &str = "12309来信来访登记.xlsx";
pub const HEADERS: &[&str] = &["登记日期", "信访人", "证件号码", "联系电话", "涉及案号", "被反映单位", "反映内容", "办理状态", "办结日期"];

pub fn rows(_w: &World) -> Vec<Vec<Cell>> {
    let d = |y, m, dd| Cell::Date(date(y, m, dd));
    vec![
        // The Haishu applicant, naming the 陈某 case with half-width brackets.
        vec![d(2025, 4, 2), "宁波某某贸易有限公司（委托代理人孙某）".into(), "".into(), "0574-87321234".into(), "(2019)浙0203执1234号".into(), "宁波市海曙区人民法院".into(), "2019年终本至今，被执行人的取保候审保证金未退，法院一直未执行".into(), "已办结".into(), d(2025, 4, 28)],
        // 邵立新 (applicant against 赵丽) names no case: matched by name only.
        vec![d(2025, 5, 12), "邵立新".into(), "".into(), "13958200011".into(), "".into(), "宁波市海曙区人民法院".into(), "执行款一直未到账，法院拖延不执行".into(), "办理中".into(), "".into()],
        // Names a case still in progress: no lead.
        vec![d(2025, 5, 20), "宁波某某钢材贸易有限公司".into(), "".into(), "0574-87009988".into(), "（2023）浙0203执900号".into(), "宁波市海曙区人民法院".into(), "法院对厂房的拍卖中止了，请求尽快恢复".into(), "已转办".into(), "".into()],
        vec![d(2025, 6, 3), "林某".into(), "".into(), "".into(), "".into(), "某街道办事处".into(), "邻里噪音纠纷".into(), "不予受理".into(), "".into()],
    ]
}

pub fn bytes(w: &World) -> Vec<u8> {
    let rows = rows(w);
    let sheet = Sheet { name: "登记簿", title: Some("12309中国检察网 来信来访登记簿（2025年）"), headers: HEADERS, rows: &rows };
    xlsx(&[sheet]).unwrap_or_default()
}
