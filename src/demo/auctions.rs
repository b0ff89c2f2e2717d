//! 网络司法拍卖记录: the court's 网拍 ledger as an XLSX with a merged title
//! row, typed dates and amounts, the way 执行局 staff keep it beside the
//! platform listings. Items belong to the story cases of `world` (their
//! seizures are in `seizures`), so the auction rules meet real cases.

use super::encode::{xlsx, Cell, Sheet};
use super::people::date;
use super::world::World;

pub const FILE: &str = "网络司法拍卖记录_2024.xlsx";
pub const HEADERS: &[&str] = &[
    "序号", "案号", "拍品名称", "财产类型", "评估价", "评估日期", "起拍价", "保证金", "拍卖轮次", "公告日期", "开始时间", "结束时间", "拍卖状态", "成交价", "买受人",
    "买受人证件号码", "成交确认书日期",
];

/// One row; amounts in 元 as the ledger types them, `None` = empty cell.
struct Lot {
    case_no: &'static str,
    item: &'static str,
    kind: &'static str,
    appraised: f64,
    appraised_on: Option<(i32, u32, u32)>,
    start: f64,
    round: &'static str,
    notice: (i32, u32, u32),
    begins: &'static str,
    ends: &'static str,
    status: &'static str,
    price: Option<f64>,
    buyer: Option<(String, String)>,
    sold_on: Option<(i32, u32, u32)>,
}

fn lots(w: &World) -> Vec<Lot> {
    let c = &w.cast;
    vec![
        // 张国强's seized car: first auction at 65 % of the appraisal, announced
        // 9 days ahead, failed, never put up again while the case sits in 终本.
        Lot { case_no: "（2021）浙0203执2011号", item: "浙B8M307 大众牌小型轿车", kind: "机动车", appraised: 60_000.0, appraised_on: Some((2021, 12, 20)), start: 39_000.0, round: "一拍", notice: (2022, 4, 1), begins: "2022-04-10 10:00:00", ends: "2022-04-11 10:00:00", status: "流拍", price: None, buyer: None, sold_on: None },
        // 刘志强's flat: 一拍 at 70 % (lawful), 二拍 cut to 76 % of it (more than
        // 20 %), relisted and announced exactly 30 days later (lawful), sold to his brother.
        Lot { case_no: "（2024）浙0203执1888号", item: "海曙区丽园北路1250弄3号502室", kind: "不动产", appraised: 1_500_000.0, appraised_on: Some((2024, 6, 1)), start: 1_050_000.0, round: "一拍", notice: (2024, 6, 20), begins: "2024-07-22 10:00:00", ends: "2024-07-23 10:00:00", status: "流拍", price: None, buyer: None, sold_on: None },
        Lot { case_no: "（2024）浙0203执1888号", item: "海曙区丽园北路1250弄3号502室", kind: "不动产", appraised: 1_500_000.0, appraised_on: Some((2024, 6, 1)), start: 798_000.0, round: "二拍", notice: (2024, 7, 23), begins: "2024-08-22 10:00:00", ends: "2024-08-23 10:00:00", status: "已成交", price: Some(820_000.0), buyer: Some((c.liu_zhiyong.name.clone(), c.liu_zhiyong.id.clone())), sold_on: Some((2024, 8, 23)) },
        // His BMW, bought back by the debtor himself; the funds ledger shows no payout of either sale.
        Lot { case_no: "（2024）浙0203执1888号", item: "浙B9T663 宝马牌小型轿车", kind: "机动车", appraised: 120_000.0, appraised_on: Some((2024, 6, 1)), start: 84_000.0, round: "一拍", notice: (2024, 6, 20), begins: "2024-07-08 10:00:00", ends: "2024-07-09 10:00:00", status: "已成交", price: Some(90_000.0), buyer: Some((c.liu_zhiqiang.name.clone(), c.liu_zhiqiang.id.clone())), sold_on: Some((2024, 7, 9)) },
        // The machinery company's plant: appraised May 2023, first auction June 2024
        // (over a year later), suspended on a third party's objection.
        Lot { case_no: "（2023）浙0203执900号", item: "海曙区某某工业园区3号厂房", kind: "不动产", appraised: 1_200_000.0, appraised_on: Some((2023, 5, 10)), start: 840_000.0, round: "第一次拍卖", notice: (2024, 5, 15), begins: "2024-06-18 10:00:00", ends: "2024-06-19 10:00:00", status: "中止", price: None, buyer: None, sold_on: None },
    ]
}

fn ymd(t: (i32, u32, u32)) -> Cell {
    Cell::Date(date(t.0, t.1, t.2))
}

pub fn rows(w: &World) -> Vec<Vec<Cell>> {
    lots(w)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let (buyer, buyer_id) = l.buyer.unwrap_or_default();
            vec![
                Cell::Number((i + 1) as f64),
                l.case_no.into(),
                l.item.into(),
                l.kind.into(),
                Cell::Number(l.appraised),
                l.appraised_on.map(ymd).unwrap_or_else(|| "".into()),
                Cell::Number(l.start),
                Cell::Number((l.start / 10.0).round()),
                l.round.into(),
                ymd(l.notice),
                l.begins.into(),
                l.ends.into(),
                l.status.into(),
                l.price.map(Cell::Number).unwrap_or_else(|| "".into()),
                buyer.into(),
                buyer_id.into(),
                l.sold_on.map(ymd).unwrap_or_else(|| "".into()),
            ]
        })
        .collect()
}

pub fn bytes(w: &World) -> Vec<u8> {
    let rows = rows(w);
    let sheet = Sheet { name: "网拍台账", title: Some("宁波市海曙区人民法院网络司法拍卖台账（2022—2024）"), headers: HEADERS, rows: &rows };
    // The sheet is built from constants; a writer error would be our bug, and an
    // empty file is what the tests would then catch.
    xlsx(&[sheet]).unwrap_or_default()
}
