//! 取保候审保证金台账: a police ledger in XLSX with a merged title row,
//! typed dates and amounts, and one ID typed as a number by a clerk.

use super::encode::{xlsx, Cell, Sheet};
use super::people::{date, Person};
use super::rng::Rng;
use super::world::World;
use chrono::NaiveDate;

pub const FILE: &str = "取保候审保证金台账_海曙分局.xlsx";

pub const HEADERS: &[&str] = &[
    "序号", "案件编号", "被取保候审人", "证件号码", "保证金金额", "缴纳人", "缴纳人证件号", "缴纳日期", "解除取保日期", "处理结果",
    "退还日期", "退还金额", "应退赔被害人金额", "办案单位",
];

struct Dep<'a> {
    who: &'a Person,
    payer: &'a Person,
    amount: i64,
    paid: NaiveDate,
    release: Option<NaiveDate>,
    outcome: &'a str,
    refund: Option<(NaiveDate, i64)>,
    victim: i64,
}

fn yuan_cell(fen: i64) -> Cell {
    Cell::Number(fen as f64 / 100.0)
}

fn date_cell(d: Option<NaiveDate>) -> Cell {
    d.map(Cell::Date).unwrap_or_else(|| Cell::Text(String::new()))
}

pub fn rows(w: &World) -> Vec<Vec<Cell>> {
    let c = &w.cast;
    let mut deps = vec![
        // The Haishu story: 5,000 paid by 陈某 himself, 3,000 owed to the victim, never settled.
        Dep { who: &c.chen, payer: &c.chen, amount: 500_000, paid: date(2018, 11, 2), release: Some(date(2019, 11, 1)), outcome: "未处理", refund: None, victim: 300_000 },
        // Paid by the debtor's father: the lead must say ownership needs checking.
        Dep { who: &c.feng_jianjun, payer: &c.feng_changfu, amount: 1_000_000, paid: date(2022, 9, 15), release: Some(date(2023, 9, 14)), outcome: "未处理", refund: None, victim: 0 },
        // Fully owed to the victim: nothing available (negative).
        Dep { who: &c.zhang_guoqiang, payer: &c.zhang_guoqiang, amount: 300_000, paid: date(2019, 2, 11), release: Some(date(2020, 2, 10)), outcome: "未处理", refund: None, victim: 300_000 },
        // Refunded (negative).
        Dep { who: &c.wang_haifeng, payer: &c.wang_haifeng, amount: 2_000_000, paid: date(2019, 6, 3), release: Some(date(2020, 6, 2)), outcome: "退还", refund: Some((date(2020, 6, 20), 2_000_000)), victim: 0 },
    ];
    let mut rng = Rng::new(0xDE905);
    let bg_debtors: Vec<&Person> = w.cases.iter().skip(w.story_len).filter(|k| k.zhongben_open()).flat_map(|k| k.people.iter()).take(4).collect();
    for (i, p) in bg_debtors.iter().enumerate() {
        let outcome = ["退还", "没收", "移交法院", "退还"][i % 4];
        let paid = date(2019 + i as i32, rng.range(1, 12) as u32, rng.range(1, 28) as u32);
        let amount = rng.range(2, 30) * 100_000;
        deps.push(Dep { who: p, payer: p, amount, paid, release: Some(paid + chrono::Duration::days(360)), outcome, refund: (outcome == "退还").then(|| (paid + chrono::Duration::days(380), amount)), victim: 0 });
    }
    for (i, p) in w.bystanders.iter().take(22).enumerate() {
        let paid = date(2018 + (i % 7) as i32, rng.range(1, 12) as u32, rng.range(1, 28) as u32);
        let amount = rng.range(1, 50) * 100_000;
        let (outcome, refund, release) = match i % 5 {
            0 | 1 => ("退还", Some((paid + chrono::Duration::days(rng.range(200, 400)), amount)), Some(paid + chrono::Duration::days(rng.range(150, 360)))),
            2 => ("没收", None, Some(paid + chrono::Duration::days(300))),
            3 => ("移交法院", None, Some(paid + chrono::Duration::days(320))),
            _ => ("未处理", None, None),
        };
        deps.push(Dep { who: p, payer: p, amount, paid, release, outcome, refund, victim: if i % 7 == 0 { amount / 2 } else { 0 } });
    }
    deps.iter()
        .enumerate()
        .map(|(i, d)| {
            // One clerk typed an ID into a number cell: Excel keeps 15 significant digits.
            let id = if i == 9 { Cell::Number(d.who.id.parse::<f64>().unwrap_or(0.0)) } else { Cell::Text(d.who.id.clone()) };
            vec![
                Cell::Number((i + 1) as f64),
                Cell::Text(format!("甬公海（刑）字〔{}〕{}号", d.paid.format("%Y"), 100 + i * 13)),
                Cell::Text(d.who.name.clone()),
                id,
                yuan_cell(d.amount),
                Cell::Text(d.payer.name.clone()),
                Cell::Text(d.payer.id.clone()),
                Cell::Date(d.paid),
                date_cell(d.release),
                Cell::Text(d.outcome.into()),
                date_cell(d.refund.map(|r| r.0)),
                d.refund.map(|r| yuan_cell(r.1)).unwrap_or_else(|| Cell::Text(String::new())),
                yuan_cell(d.victim),
                Cell::Text("宁波市公安局海曙分局".into()),
            ]
        })
        .collect()
}

pub fn bytes(w: &World) -> Vec<u8> {
    let rows = rows(w);
    xlsx(&[Sheet { name: "保证金台账", title: Some("宁波市公安局海曙分局取保候审保证金台账（2018—2024年）"), headers: HEADERS, rows: &rows }]).unwrap_or_default()
}
