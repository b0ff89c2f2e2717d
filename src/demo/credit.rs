//! 失信/限消名单: the court's list of dishonest debtors and consumption
//! bans, UTF-8 CSV; a few rows copied from the public site with masked IDs.

use super::encode::delimited_line;
use super::people::{date, Person};
use super::rng::Rng;
use super::world::{World, DONE, ZHONGBEN};
use chrono::NaiveDate;

pub const FILE: &str = "失信被执行人及限制消费名单.csv";
pub const HEADERS: &[&str] = &["案号", "被执行人姓名/名称", "身份证号码/组织机构代码", "名单类型", "发布日期", "撤销/屏蔽日期", "失信被执行人行为具体情形", "执行法院"];

const DISHONEST: &str = "失信被执行人";
const BAN: &str = "限制消费";

struct Entry<'a> {
    case_no: &'a str,
    who: &'a Person,
    masked: bool,
    list: &'a str,
    published: NaiveDate,
    revoked: Option<NaiveDate>,
    situation: &'a str,
}

fn mask(id: &str) -> String {
    let head = id.get(0..4).unwrap_or("");
    let tail = id.get(14..18).unwrap_or("");
    format!("{head}**********{tail}")
}

pub fn rows(w: &World) -> Vec<Vec<String>> {
    let c = &w.cast;
    let evade = "有履行能力而拒不履行生效法律文书确定义务";
    let e = |case_no, who, list, published, revoked, situation| Entry { case_no, who, masked: false, list, published, revoked, situation };
    let mut list = vec![
        // Paid in full in January 2019, still listed.
        e("（2018）浙0203执888号", &c.zhou_wei, DISHONEST, date(2018, 9, 1), None, evade),
        // Listed at 14.
        e("（2024）浙0203执300号", &c.sun_xiaoming, BAN, date(2024, 3, 10), None, ""),
        // Published four months after his death.
        e("（2022）浙0203执2200号", &c.wu_defu, DISHONEST, date(2023, 6, 1), None, evade),
        e("（2019）浙0203执1234号", &c.chen, DISHONEST, date(2019, 6, 20), None, evade),
        e("（2020）浙0203执567号", &c.wang_haifeng, DISHONEST, date(2020, 4, 1), None, evade),
        e("（2020）浙0203执567号", &c.lin_xiuying, DISHONEST, date(2020, 4, 1), None, evade),
        e("（2024）浙0203执1888号", &c.liu_zhiqiang, BAN, date(2024, 4, 20), None, ""),
        e("（2024）浙0203执1888号", &c.liu_zhiqiang, DISHONEST, date(2024, 10, 10), None, "违反财产报告制度"),
        // Paid in full and removed in time (negative).
        e("（2022）浙0203执700号", &c.qian_hongwei, DISHONEST, date(2022, 10, 8), Some(date(2023, 4, 20)), evade),
    ];
    let mut rng = Rng::new(0xC8ED);
    for k in w.cases.iter().skip(w.story_len) {
        let Some(p) = k.people.first() else { continue };
        if let (Some(pub_date), true) = (k.dishonest, k.method == ZHONGBEN) {
            list.push(Entry { case_no: &k.case_no, who: p, masked: p.birth.is_some() && rng.chance(15), list: DISHONEST, published: pub_date, revoked: None, situation: evade });
        } else if let (Some(ban), true, Some(closed)) = (k.ban, k.method == DONE, k.closed) {
            if rng.chance(30) {
                list.push(Entry { case_no: &k.case_no, who: p, masked: false, list: BAN, published: ban, revoked: Some(closed + chrono::Duration::days(rng.range(1, 10))), situation: "" });
            }
        }
    }
    list.iter()
        .map(|x| {
            vec![
                x.case_no.to_string(),
                x.who.name.clone(),
                if x.masked { mask(&x.who.id) } else { x.who.id.clone() },
                x.list.into(),
                x.published.format("%Y-%m-%d").to_string(),
                x.revoked.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                x.situation.into(),
                if x.case_no.contains('粤') { "广州市越秀区人民法院" } else { "宁波市海曙区人民法院" }.into(),
            ]
        })
        .collect()
}

pub fn bytes(w: &World) -> Vec<u8> {
    let mut text = delimited_line(&HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), ',');
    for r in rows(w) {
        text.push_str(&delimited_line(&r, ','));
    }
    text.into_bytes()
}
