//! 查封扣押冻结: the court system's property-control list, exported as an
//! HTML table with an `.xls` name (what many court systems actually send).
//! The 续行日期 and 关联案号 columns come from the 保全 register: a 执保 row
//! names the merits (民初) case it secures, in `civil`.

use super::encode::{html_xls, yuan};
use super::people::date;
use super::rng::Rng;
use super::world::{World, DONE};
use chrono::NaiveDate;

pub const FILE: &str = "查封扣押冻结财产信息.xls";
pub const HEADERS: &[&str] = &["序号", "案号", "财产类型", "财产描述", "评估价", "措施类型", "措施日期", "期限至", "解除日期", "续行日期", "关联案号"];

struct Seizure {
    case_no: String,
    kind: &'static str,
    desc: String,
    value: i64,
    measure: &'static str,
    date: NaiveDate,
    until: NaiveDate,
    released: Option<NaiveDate>,
    renewed: Option<NaiveDate>,
    merits: &'static str,
}

fn years(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(12 * n)).unwrap_or(d)
}

pub fn rows(w: &World) -> Vec<Vec<String>> {
    let mut rng = Rng::new(0x5E12E);
    let s = |case_no: &str, kind, desc: &str, value, measure, d: NaiveDate, released| Seizure { case_no: case_no.into(), kind, desc: desc.into(), value, measure, date: d, until: years(d, if kind == "存款" { 1 } else { 3 }), released, renewed: None, merits: "" };
    let mut list = vec![
        // 执行完毕 in 2023, the car is still under seizure.
        s("（2022）浙0203执700号", "车辆", "浙B7H219 大众牌小型轿车", 8_000_000, "查封", date(2022, 9, 1), None),
        // 1,280,000 yuan under seizure for a 100,000-yuan debt.
        s("（2023）浙0203执900号", "不动产", "海曙区某某工业园区3号厂房", 120_000_000, "查封", date(2023, 4, 11), None),
        s("（2023）浙0203执900号", "存款", "某某银行宁波分行 基本账户", 8_000_000, "冻结", date(2023, 3, 20), None),
        s("（2024）浙0203执1888号", "不动产", "海曙区丽园北路1250弄3号502室", 150_000_000, "查封", date(2024, 5, 6), None),
        s("（2024）浙0203执1888号", "车辆", "浙B9T663 宝马牌小型轿车", 12_000_000, "查封", date(2024, 5, 6), None),
        s("（2021）浙0203执2011号", "车辆", "浙B8M307 大众牌小型轿车", 6_000_000, "查封", date(2021, 3, 2), None),
    ];
    // 张国强's car stays seized: renewed the day before the term ran out
    // (the auction stories need it still under seizure).
    if let Some(car) = list.iter_mut().find(|x| x.case_no == "（2021）浙0203执2011号") {
        car.renewed = Some(date(2024, 3, 1));
    }
    for k in w.cases.iter().skip(w.story_len) {
        let Some(filed) = k.filed else { continue };
        if !rng.chance(40) {
            continue;
        }
        let d = filed + chrono::Duration::days(rng.range(10, 60));
        let (kind, desc, measure) = if rng.chance(50) { ("存款", format!("某某银行账户{:04}", rng.range(1000, 9999)), "冻结") } else { ("车辆", format!("浙B{:05} 小型轿车", rng.range(10000, 99999)), "查封") };
        // Values stay well under twice the debt; finished cases had their seizures lifted.
        let value = (k.unpaid().max(k.target / 10) * rng.range(20, 140) / 100).max(100_000);
        let released = if k.method == DONE { k.closed.map(|c| c + chrono::Duration::days(rng.range(3, 25))) } else { None };
        list.push(Seizure { case_no: k.case_no.clone(), kind, desc, value, measure, date: d, until: years(d, if kind == "存款" { 1 } else { 3 }), released, renewed: None, merits: "" });
    }
    // 保全 seizures of the civil cases (appended after the background so its
    // random draws stay as they were).
    let p = |case_no: &str, kind, desc: &str, value, measure, d: NaiveDate, until: NaiveDate, renewed, merits| Seizure { case_no: case_no.into(), kind, desc: desc.into(), value, measure, date: d, until, released: None, renewed, merits };
    list.extend([
        // 撤诉 2025-03-10, still sealed on D.
        p("（2024）浙0203执保77号", "不动产", "鄞州区某某路9号401室", 90_000_000, "查封", date(2024, 5, 12), date(2027, 5, 11), None, "（2024）浙0203民初1207号"),
        // Dismissed 20 days before D; the freeze ends D+31: neither rule fires.
        p("（2024）浙0203执保80号", "存款", "某某银行账户 6230****5821", 3_500_000, "冻结", date(2024, 8, 1), date(2025, 7, 31), None, "（2024）浙0203民初1530号"),
        // Ends 2025-07-15, 15 days after D, no renewal.
        p("（2024）浙0203执保91号", "存款", "某某银行基本账户", 12_000_000, "冻结", date(2024, 7, 16), date(2025, 7, 15), None, "（2024）浙0203民初1666号"),
        // Renewed 2025-06-28, the day before it would have ended.
        p("（2022）浙0203执保12号", "不动产", "海曙区某某苑2幢1101室", 110_000_000, "查封", date(2022, 6, 30), date(2025, 6, 29), Some(date(2025, 6, 28)), "（2022）浙0203民初908号"),
    ]);
    list.iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                (i + 1).to_string(),
                x.case_no.clone(),
                x.kind.into(),
                x.desc.clone(),
                yuan(x.value),
                x.measure.into(),
                x.date.format("%Y-%m-%d").to_string(),
                x.until.format("%Y-%m-%d").to_string(),
                x.released.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                x.renewed.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                x.merits.into(),
            ]
        })
        .collect()
}

pub fn bytes(w: &World) -> Vec<u8> {
    html_xls("查封、扣押、冻结财产信息表", HEADERS, &rows(w))
}
