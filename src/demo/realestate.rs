//! 不动产登记: a register query result in XLSX, title row first, co-owners
//! in one cell, and the Guangzhou Yuexiu shop under its registered name.

use super::encode::{xlsx, Cell, Sheet};
use super::people::{date, Person};
use super::rng::Rng;
use super::world::World;
use chrono::NaiveDate;

pub const FILE: &str = "不动产登记查询结果.xlsx";
pub const HEADERS: &[&str] = &["序号", "不动产权证号", "不动产单元号", "坐落", "权利人", "证件号码", "共有情况", "登记日期", "用途", "建筑面积", "是否查封", "是否抵押"];

/// The Yuexiu shop as the register knows it (renamed estate, district merged in 2005).
pub const YUEXIU_REGISTERED: &str = "广州市越秀区某某苑3号首层102铺";
/// The same shop as the 1999 purchase contract names it.
pub const YUEXIU_CONTRACT: &str = "广州市白云区某某花园3号首层102铺";

struct Prop {
    cert: String,
    unit: String,
    location: String,
    owners: Vec<(String, String)>,
    share: String,
    registered: NaiveDate,
    use_: String,
    area: f64,
    seized: bool,
    mortgaged: bool,
}

fn unit_no(rng: &mut Rng) -> String {
    format!("330203{:03}{:03}GB{:05}F{:08}", rng.range(1, 20), rng.range(1, 30), rng.range(1, 99999), rng.range(10001, 99999999))
}

fn single(p: &Person) -> Vec<(String, String)> {
    vec![(p.name.clone(), p.id.clone())]
}

const ROADS: &[&str] = &["中山西路", "望春路", "集士港路", "丽园北路", "苍松路", "环城西路", "鄞奉路", "气象路"];

pub fn rows(w: &World) -> Vec<Vec<Cell>> {
    let c = &w.cast;
    let mut rng = Rng::new(0x4E57A7E);
    let mut props = vec![
        Prop { cert: "浙（2018）宁波市不动产权第0123456号".into(), unit: unit_no(&mut rng), location: "海曙区望春路88弄5号601室".into(), owners: vec![(c.lin_xiuying.name.clone(), c.lin_xiuying.id.clone()), (c.zhang_min.name.clone(), c.zhang_min.id.clone())], share: "按份共有，各1/2".into(), registered: date(2018, 9, 3), use_: "住宅".into(), area: 89.62, seized: false, mortgaged: true },
        Prop { cert: "浙（2020）宁波市不动产权第0456789号".into(), unit: unit_no(&mut rng), location: "海曙区集士港镇某某家园12幢1102室".into(), owners: single(&c.zhao_li), share: "单独所有".into(), registered: date(2020, 11, 16), use_: "住宅".into(), area: 112.4, seized: false, mortgaged: false },
        // 1999 registration: no ID recorded, only the name.
        Prop { cert: "粤房地证字第C0123456号".into(), unit: "440104003012GB00021F00030102".into(), location: YUEXIU_REGISTERED.into(), owners: vec![(c.huang_zhiming.name.clone(), "--".into())], share: "单独所有".into(), registered: date(1999, 7, 15), use_: "商业".into(), area: 46.8, seized: false, mortgaged: false },
        Prop { cert: "浙（2016）宁波市不动产权第0031245号".into(), unit: unit_no(&mut rng), location: "海曙区丽园北路1250弄3号502室".into(), owners: single(&c.liu_zhiqiang), share: "单独所有".into(), registered: date(2016, 3, 22), use_: "住宅".into(), area: 96.3, seized: true, mortgaged: true },
        Prop { cert: "浙（2024）宁波市不动产权第0678901号".into(), unit: unit_no(&mut rng), location: "鄞州区某某府7幢2301室".into(), owners: single(&c.liu_zhifang), share: "单独所有".into(), registered: date(2024, 12, 10), use_: "住宅".into(), area: 128.9, seized: false, mortgaged: false },
    ];
    for k in w.cases.iter().skip(w.story_len) {
        let Some(p) = k.people.first() else { continue };
        if !rng.chance(35) {
            continue;
        }
        let y = rng.range(2005, 2022) as i32;
        props.push(Prop {
            cert: format!("浙（{y}）宁波市不动产权第{:07}号", rng.range(1, 999_999)),
            unit: unit_no(&mut rng),
            location: format!("海曙区{}{}号{}室", rng.pick(ROADS), rng.range(1, 400), rng.range(101, 2602)),
            owners: single(p),
            share: "单独所有".into(),
            registered: date(y, rng.range(1, 12) as u32, rng.range(1, 28) as u32),
            use_: if p.birth.is_none() { "工业".into() } else { "住宅".into() },
            area: rng.range(4000, 16000) as f64 / 100.0,
            seized: k.zhongben_open() || rng.chance(20),
            mortgaged: rng.chance(40),
        });
    }
    for p in w.bystanders.iter().skip(60).take(45) {
        let y = rng.range(2003, 2024) as i32;
        props.push(Prop {
            cert: format!("浙（{y}）宁波市不动产权第{:07}号", rng.range(1, 999_999)),
            unit: unit_no(&mut rng),
            location: format!("海曙区{}{}号{}室", rng.pick(ROADS), rng.range(1, 400), rng.range(101, 2602)),
            owners: single(p),
            share: "单独所有".into(),
            registered: date(y, rng.range(1, 12) as u32, rng.range(1, 28) as u32),
            use_: "住宅".into(),
            area: rng.range(4000, 16000) as f64 / 100.0,
            seized: rng.chance(5),
            mortgaged: rng.chance(50),
        });
    }
    props
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                Cell::Number((i + 1) as f64),
                Cell::Text(p.cert.clone()),
                Cell::Text(p.unit.clone()),
                Cell::Text(p.location.clone()),
                Cell::Text(p.owners.iter().map(|o| o.0.as_str()).collect::<Vec<_>>().join("、")),
                Cell::Text(p.owners.iter().map(|o| o.1.as_str()).collect::<Vec<_>>().join("、")),
                Cell::Text(p.share.clone()),
                Cell::Date(p.registered),
                Cell::Text(p.use_.clone()),
                Cell::Number(p.area),
                Cell::Text(if p.seized { "是" } else { "否" }.into()),
                Cell::Text(if p.mortgaged { "是" } else { "否" }.into()),
            ]
        })
        .collect()
}

pub fn bytes(w: &World) -> Vec<u8> {
    let rows = rows(w);
    xlsx(&[Sheet { name: "查询结果", title: Some("不动产登记信息查询结果（查询日期：2025-06-20）"), headers: HEADERS, rows: &rows }]).unwrap_or_default()
}
