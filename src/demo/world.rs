//! The demo's enforcement cases: the story cases (each written to make one
//! screening rule fire, or to stay silent as a negative example) and a
//! generated background of ordinary cases. The other demo tables are built
//! from this one world so that they agree with each other.

use super::people::{self, date, Cast, Person};
use super::rng::Rng;
use chrono::{Datelike, Months, NaiveDate};
use std::collections::HashSet;

pub const ZHONGBEN: &str = "终结本次执行程序";
pub const DONE: &str = "执行完毕";
pub const HAISHU: &str = "宁波市海曙区人民法院";

/// One row of the cases file (a multi-debtor case is one row with the names
/// and IDs joined by 、 in one cell, as the court system exports it).
#[derive(Debug, Clone, Default)]
pub struct CaseRow {
    pub case_no: String,
    pub applicant: String,
    /// Debtor names as they will be written.
    pub debtors: Vec<String>,
    /// Debtor ID cells as they will be written (may be damaged, old or `--`).
    pub debtor_ids: Vec<String>,
    /// The real people behind the debtors (for the other tables).
    pub people: Vec<Person>,
    pub target: i64,
    pub paid: i64,
    pub lawsuit: Option<NaiveDate>,
    pub judgment: Option<NaiveDate>,
    pub filed: Option<NaiveDate>,
    pub notice: Option<NaiveDate>,
    pub report: Option<NaiveDate>,
    pub ban: Option<NaiveDate>,
    pub dishonest: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub method: String,
    pub last_search: Option<NaiveDate>,
    pub restored: Option<NaiveDate>,
    pub changed: String,
    pub judge: String,
    pub court: String,
    pub note: String,
    /// 财产线索地址: an address the applicant gave for a property (Yuexiu story).
    pub property_address: String,
    /// 0 = ISO dates; 1..=3 other spellings seen in exports (background only).
    pub date_style: u8,
}

impl CaseRow {
    pub fn unpaid(&self) -> i64 {
        self.target - self.paid
    }
    /// 终本 and not restored: the collision rules' target.
    pub fn zhongben_open(&self) -> bool {
        self.method == ZHONGBEN && self.restored.is_none() && self.unpaid() > 0
    }
}

pub struct World {
    pub cast: Cast,
    /// Story cases first, then background.
    pub cases: Vec<CaseRow>,
    /// Background people who are not debtors (vehicle owners, depositors, …).
    pub bystanders: Vec<Person>,
    /// Number of story cases at the start of `cases`.
    pub story_len: usize,
}

fn d(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
    Some(date(y, m, dd))
}

fn story_cases(c: &Cast) -> Vec<CaseRow> {
    let base = |no: &str, p: &Person| CaseRow {
        case_no: no.into(),
        debtors: vec![p.name.clone()],
        debtor_ids: vec![p.id.clone()],
        people: vec![p.clone()],
        method: ZHONGBEN.into(),
        judge: "俞晓峰".into(),
        court: HAISHU.into(),
        changed: "否".into(),
        ..CaseRow::default()
    };
    vec![
        // Ningbo Haishu (2024 press): 3,000+ yuan unpaid since 2019, closed as 终本;
        // an unreturned 5,000-yuan bail deposit, 3,000 owed to the victim → deposit.unreturned 2,000.
        CaseRow {
            applicant: "宁波某某贸易有限公司".into(),
            target: 326_000, paid: 0,
            lawsuit: d(2018, 12, 3), judgment: d(2019, 3, 1),
            filed: d(2019, 4, 8), notice: d(2019, 4, 9), report: d(2019, 4, 9), ban: d(2019, 4, 16), dishonest: d(2019, 6, 20),
            closed: d(2019, 8, 28), last_search: d(2025, 4, 18),
            note: "买卖合同纠纷".into(),
            ..base("（2019）浙0203执1234号", &c.chen)
        },
        // Two debtors in one cell; closed under 3 months; 王海峰's car unseized (A),
        // 林秀英's half share of a flat unseized.
        CaseRow {
            debtors: vec![c.wang_haifeng.name.clone(), c.lin_xiuying.name.clone()],
            debtor_ids: vec![c.wang_haifeng.id.clone(), c.lin_xiuying.id.clone()],
            people: vec![c.wang_haifeng.clone(), c.lin_xiuying.clone()],
            applicant: "某某银行股份有限公司宁波分行".into(),
            target: 28_640_000, paid: 1_200_000,
            lawsuit: d(2019, 8, 12), judgment: d(2019, 12, 20),
            filed: d(2020, 3, 2), notice: d(2020, 3, 3), report: d(2020, 3, 3), ban: d(2020, 3, 10), dishonest: d(2020, 4, 1),
            closed: d(2020, 5, 20), last_search: d(2025, 3, 30),
            note: "金融借款合同纠纷".into(),
            ..base("（2020）浙0203执567号", &c.wang_haifeng)
        },
        // Old 15-digit ID; no report order; his seized car is being driven (ZT GK).
        CaseRow {
            debtor_ids: vec![people::old_15(&c.zhang_guoqiang.id)],
            applicant: "鲍建新".into(),
            target: 5_800_000, paid: 0,
            filed: d(2021, 1, 11), notice: d(2021, 1, 12), report: None, ban: d(2021, 1, 20),
            closed: d(2021, 6, 25), last_search: d(2025, 2, 14),
            note: "民间借贷纠纷".into(),
            ..base("（2021）浙0203执2011号", &c.zhang_guoqiang)
        },
        // ID damaged by Excel; consumption ban issued after closing; car bought after 终本.
        CaseRow {
            debtor_ids: vec!["3.30203E+17".into()],
            applicant: "宁波某某装饰工程有限公司".into(),
            target: 9_650_000, paid: 0,
            filed: d(2021, 5, 6), notice: d(2021, 5, 7), report: d(2021, 5, 7), ban: d(2021, 11, 3),
            closed: d(2021, 9, 15), last_search: d(2025, 1, 20),
            note: "承揽合同纠纷".into(),
            ..base("（2021）浙0203执3088号", &c.li_jianping)
        },
        // No ID in the court list; no network search for years; a flat in her name.
        CaseRow {
            debtor_ids: vec!["--".into()],
            applicant: "邵立新".into(),
            target: 15_000_000, paid: 0,
            filed: d(2022, 1, 10), notice: d(2022, 1, 11), report: d(2022, 1, 11), ban: d(2022, 1, 18),
            closed: d(2022, 5, 30), last_search: d(2022, 10, 12),
            note: "民间借贷纠纷".into(),
            ..base("（2022）浙0203执1456号", &c.zhao_li)
        },
        // Guangzhou Yuexiu: the shop bought in 1999 (contract: 白云区某某花园, register: 越秀区某某苑).
        CaseRow {
            debtor_ids: vec![c.huang_zhiming.id.clone()],
            applicant: "广州某某实业有限公司".into(),
            target: 42_000_000, paid: 0,
            filed: d(2021, 3, 15), notice: d(2021, 3, 16), report: d(2021, 3, 16), ban: d(2021, 3, 20),
            closed: d(2021, 8, 30), last_search: d(2025, 4, 2),
            court: "广州市越秀区人民法院".into(), judge: "梁志华".into(),
            note: "申请执行人反映：被执行人1999年购买商铺一间，未见登记".into(),
            property_address: super::realestate::YUEXIU_CONTRACT.into(),
            ..base("（2021）粤0104执2345号", &c.huang_zhiming)
        },
        // Paid in full but still on the dishonest list.
        CaseRow {
            applicant: "宁波某某物业服务有限公司".into(),
            target: 1_860_000, paid: 1_860_000,
            filed: d(2018, 6, 4), notice: d(2018, 6, 5), report: d(2018, 6, 5), ban: d(2018, 6, 12), dishonest: d(2018, 9, 1),
            closed: d(2019, 1, 15), method: DONE.into(), last_search: None,
            note: "物业服务合同纠纷".into(),
            ..base("（2018）浙0203执888号", &c.zhou_wei)
        },
        // A 15-year-old heir placed on the consumption-ban list.
        CaseRow {
            applicant: "宁波某某小额贷款股份有限公司".into(),
            target: 3_000_000, paid: 0,
            filed: d(2024, 2, 20), notice: d(2024, 2, 21), report: d(2024, 2, 21), ban: d(2024, 3, 10),
            closed: d(2024, 6, 28), last_search: d(2025, 5, 6),
            note: "被继承人债务纠纷".into(),
            ..base("（2024）浙0203执300号", &c.sun_xiaoming)
        },
        // Died 2023-02-10; case still 终本-open with no change of debtor; a ban published after death.
        CaseRow {
            applicant: "应春华".into(),
            target: 8_000_000, paid: 0,
            filed: d(2022, 6, 1), notice: d(2022, 6, 2), report: d(2022, 6, 2), ban: d(2022, 6, 9),
            closed: d(2022, 11, 20), last_search: d(2025, 4, 10),
            note: "民间借贷纠纷".into(),
            ..base("（2022）浙0203执2200号", &c.wu_defu)
        },
        // Executed in full, but a seizure was never lifted.
        CaseRow {
            applicant: "宁波某某建材有限公司".into(),
            target: 12_500_000, paid: 12_500_000,
            filed: d(2022, 7, 18), notice: d(2022, 7, 19), report: d(2022, 7, 19), ban: d(2022, 7, 25),
            closed: d(2023, 4, 10), method: DONE.into(), last_search: None,
            note: "买卖合同纠纷".into(),
            ..base("（2022）浙0203执700号", &c.qian_hongwei)
        },
        // A company case under enforcement with seizures worth far more than the debt.
        CaseRow {
            applicant: "宁波某某钢材贸易有限公司".into(),
            target: 10_000_000, paid: 0,
            filed: d(2023, 3, 6), notice: d(2023, 3, 7), report: d(2023, 3, 7), ban: d(2023, 3, 14),
            closed: None, method: String::new(), last_search: d(2025, 5, 20),
            note: "买卖合同纠纷".into(),
            ..base("（2023）浙0203执900号", &c.machinery_co)
        },
        // Restored by a later 执恢 case: not 终本-open (his car must NOT give a lead).
        CaseRow {
            applicant: "唐立新".into(),
            target: 4_500_000, paid: 0,
            filed: d(2020, 4, 7), notice: d(2020, 4, 8), report: d(2020, 4, 8), ban: d(2020, 4, 15),
            closed: d(2020, 9, 10), last_search: d(2023, 5, 6),
            note: "民间借贷纠纷".into(),
            ..base("（2020）浙0203执1111号", &c.zheng_guohua)
        },
        CaseRow {
            applicant: "唐立新".into(),
            target: 4_500_000, paid: 500_000,
            filed: d(2023, 5, 6), notice: d(2023, 5, 8), report: d(2023, 5, 8), ban: d(2023, 5, 12),
            closed: None, method: String::new(), last_search: d(2025, 6, 2),
            note: "恢复执行".into(),
            ..base("（2023）浙0203执恢88号", &c.zheng_guohua)
        },
        // Bail deposit paid by his father: a lead whose ownership must be checked.
        CaseRow {
            applicant: "宁波某某汽车租赁有限公司".into(),
            target: 2_000_000, paid: 0,
            filed: d(2023, 3, 20), notice: d(2023, 3, 21), report: d(2023, 3, 21), ban: d(2023, 3, 28),
            closed: d(2023, 8, 10), last_search: d(2025, 3, 2),
            note: "租赁合同纠纷".into(),
            ..base("（2023）浙0203执2456号", &c.feng_jianjun)
        },
        // The flow-analysis subject: his relatives' statements are in the demo.
        CaseRow {
            applicant: "宁波某某建材有限公司".into(),
            target: 86_000_000, paid: 0,
            lawsuit: d(2023, 11, 20), judgment: d(2024, 3, 15),
            filed: d(2024, 4, 8), notice: d(2024, 4, 10), report: d(2024, 4, 10), ban: d(2024, 4, 20), dishonest: d(2024, 10, 10),
            closed: d(2024, 9, 26), last_search: d(2025, 5, 10),
            note: "买卖合同纠纷".into(),
            ..base("（2024）浙0203执1888号", &c.liu_zhiqiang)
        },
    ]
}

const JUDGES: &[&str] = &["俞晓峰", "陈立", "徐敏", "方建国", "胡亚萍"];
const APPLICANTS: &[&str] = &["宁波某某银行股份有限公司", "宁波某某小额贷款股份有限公司", "某某财产保险股份有限公司宁波分公司", "宁波某某物业服务有限公司", "宁波某某建材有限公司"];
const NOTES: &[&str] = &["民间借贷纠纷", "买卖合同纠纷", "金融借款合同纠纷", "劳务合同纠纷", "租赁合同纠纷", "机动车交通事故责任纠纷"];

fn add_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m)).unwrap_or(d)
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d + chrono::Duration::days(n)
}

/// Ordinary cases handled by the book: 终本 with every step done and recent
/// network searches, cases executed in full, cases still running.
fn background(rng: &mut Rng, taken: &mut HashSet<String>, n: usize, as_of: NaiveDate) -> Vec<CaseRow> {
    let mut out = Vec::new();
    let mut serial = 0u32;
    for i in 0..n {
        let debtor = loop {
            serial += 1;
            let p = if rng.chance(15) { people::random_company(rng, serial) } else { people::random_person(rng, serial) };
            if taken.insert(p.name.clone()) {
                break p;
            }
        };
        let year = rng.range(2019, 2024) as i32;
        let filed = date(year, rng.range(1, 12) as u32, rng.range(1, 28) as u32);
        let target = rng.range(20, 3000) * 10_000 + rng.range(0, 99) * 100;
        let kind = rng.range(0, 99);
        let (method, closed, paid) = if kind < 50 {
            (ZHONGBEN, Some(add_days(add_months(filed, rng.range(4, 10) as u32), rng.range(0, 20))), target / rng.range(3, 20))
        } else if kind < 85 {
            (DONE, Some(add_days(add_months(filed, rng.range(1, 8) as u32), rng.range(0, 20))), target)
        } else {
            ("", None, target / 4)
        };
        let closed = closed.filter(|c| *c < as_of);
        let method = if closed.is_none() { "" } else { method };
        let last_search = if method == ZHONGBEN || method.is_empty() { Some(date(2025, rng.range(1, 6) as u32, rng.range(1, 20) as u32)) } else { None };
        let court_seq = 100 + i as u32 * 37 % 4000;
        out.push(CaseRow {
            case_no: if rng.chance(10) { format!("({year})浙0203执{court_seq}号") } else { format!("（{year}）浙0203执{court_seq}号") },
            applicant: rng.pick(APPLICANTS).to_string(),
            debtors: vec![debtor.name.clone()],
            debtor_ids: vec![debtor.id.clone()],
            people: vec![debtor],
            target,
            paid: if method == DONE { target } else { paid },
            filed: Some(filed),
            notice: Some(add_days(filed, rng.range(1, 3))),
            report: Some(add_days(filed, rng.range(1, 5))),
            ban: Some(add_days(filed, rng.range(5, 20))),
            dishonest: if method == ZHONGBEN && rng.chance(60) { Some(add_days(filed, rng.range(30, 90))) } else { None },
            closed,
            method: method.into(),
            last_search,
            changed: "否".into(),
            judge: rng.pick(JUDGES).to_string(),
            court: HAISHU.into(),
            note: rng.pick(NOTES).to_string(),
            date_style: if rng.chance(20) { rng.range(1, 3) as u8 } else { 0 },
            ..CaseRow::default()
        });
    }
    out
}

pub fn build(as_of: NaiveDate) -> World {
    let cast = cast_checked();
    let mut cases = story_cases(&cast);
    let story_len = cases.len();
    let mut taken: HashSet<String> = cases.iter().flat_map(|c| c.debtors.clone()).collect();
    for p in [&cast.zhang_min, &cast.feng_changfu, &cast.liu_zhiyong, &cast.liu_zhifang, &cast.he_meiling] {
        taken.insert(p.name.clone());
    }
    let mut rng = Rng::new(0x5EED_2025_0630);
    cases.extend(background(&mut rng, &mut taken, 52, as_of));
    let mut bystanders = Vec::new();
    let mut serial = 5000;
    while bystanders.len() < 140 {
        serial += 1;
        let p = people::random_person(&mut rng, serial);
        if taken.insert(p.name.clone()) {
            bystanders.push(p);
        }
    }
    World { cast, cases, bystanders, story_len }
}

fn cast_checked() -> Cast {
    people::cast()
}

/// A date written the way a given export spells it.
pub fn date_text(d: Option<NaiveDate>, style: u8) -> String {
    match d {
        None => "--".into(),
        Some(d) => match style {
            1 => format!("{}/{}/{}", d.year(), d.month(), d.day()),
            2 => d.format("%Y%m%d").to_string(),
            3 => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            _ => d.format("%Y-%m-%d").to_string(),
        },
    }
}
