//! 机动车登记: a traffic-police extract with pinyin column codes, plates
//! without the province character (it sits in FZJG), ZT as state letters.
//! UTF-8 CSV with a BOM.

use super::encode::{delimited_line, utf8_bom};
use super::people::{date, Person};
use super::rng::Rng;
use super::world::World;
use chrono::NaiveDate;

pub const FILE: &str = "机动车登记信息_宁波.csv";
pub const HEADERS: &[&str] = &["XH", "HPHM", "HPZL", "FZJG", "SYR", "SFZMHM", "CLSBDH", "CLPP1", "CCDJRQ", "ZT", "DYBJ", "ZSXXDZ"];

const BRANDS: &[&str] = &["大众牌", "丰田牌", "本田牌", "别克牌", "比亚迪牌", "吉利牌", "宝马牌", "奥迪牌", "长安牌", "特斯拉牌"];
const LETTERS: &[char] = &['A', 'C', 'D', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z'];

struct Car<'a> {
    owner: &'a Person,
    plate: String,
    kind: &'a str,
    registered: NaiveDate,
    zt: &'a str,
    mortgaged: bool,
    brand: &'a str,
}

fn plate(rng: &mut Rng, new_energy: bool) -> String {
    let n = if new_energy { 6 } else { 5 };
    let mut s = String::from("B");
    if new_energy {
        s.push('D');
    }
    while s.chars().count() < n + 1 {
        if rng.chance(20) {
            s.push(*rng.pick(LETTERS));
        } else {
            s.push(char::from(b'0' + rng.range(0, 9) as u8));
        }
    }
    s
}

fn vin(rng: &mut Rng) -> String {
    format!("LSV{}{:06}", ["AU2180N2", "CC6A48M2", "FF3180K2", "BB2H41P2"][rng.range(0, 3) as usize], rng.range(100_000, 999_999))
}

pub fn rows(w: &World) -> Vec<Vec<String>> {
    let c = &w.cast;
    let mut rng = Rng::new(0xCA25);
    let mut cars = vec![
        // Debtor's car untouched since 终本 (ID match).
        Car { owner: &c.wang_haifeng, plate: "B3K521".into(), kind: "02", registered: date(2017, 8, 12), zt: "A", mortgaged: false, brand: "别克牌" },
        // Seized but driven and fined: G + K.
        Car { owner: &c.zhang_guoqiang, plate: "B8M307".into(), kind: "02", registered: date(2016, 4, 2), zt: "GK", mortgaged: false, brand: "大众牌" },
        // Bought after 终本; the court list's ID is Excel-damaged, so only the name links them.
        Car { owner: &c.li_jianping, plate: "BD52926".into(), kind: "52", registered: date(2023, 3, 18), zt: "A", mortgaged: true, brand: "比亚迪牌" },
        // Restored case: no lead expected.
        Car { owner: &c.zheng_guohua, plate: "B6Q118".into(), kind: "02", registered: date(2019, 1, 9), zt: "A", mortgaged: false, brand: "丰田牌" },
        // Scrapped (E): no lead expected.
        Car { owner: &c.chen, plate: "B1N072".into(), kind: "02", registered: date(2009, 5, 20), zt: "E", mortgaged: false, brand: "吉利牌" },
        // Seized (K) and parked: no lead expected.
        Car { owner: &c.liu_zhiqiang, plate: "B9T663".into(), kind: "02", registered: date(2020, 6, 30), zt: "K", mortgaged: false, brand: "宝马牌" },
        // His wife's new car, paid through a 4S shop after the 终本 (see the flow demo).
        Car { owner: &c.he_meiling, plate: "BD86688".into(), kind: "52", registered: date(2024, 10, 25), zt: "A", mortgaged: false, brand: "特斯拉牌" },
    ];
    for k in w.cases.iter().skip(w.story_len) {
        let Some(p) = k.people.first() else { continue };
        if p.birth.is_none() || !rng.chance(45) {
            continue;
        }
        let zt = if k.zhongben_open() { *rng.pick(&["K", "B", "E", "DK", "KQ", "P"]) } else { *rng.pick(&["A", "A", "B", "G"]) };
        let ne = rng.chance(20);
        cars.push(Car { owner: p, plate: plate(&mut rng, ne), kind: if ne { "52" } else { "02" }, registered: date(rng.range(2010, 2023) as i32, rng.range(1, 12) as u32, rng.range(1, 28) as u32), zt, mortgaged: rng.chance(15), brand: rng.pick::<&str>(BRANDS) });
    }
    for p in w.bystanders.iter().skip(20).take(70) {
        let ne = rng.chance(20);
        let zt = *rng.pick(&["A", "A", "A", "A", "G", "Q", "D", "B"]);
        cars.push(Car { owner: p, plate: plate(&mut rng, ne), kind: if ne { "52" } else { "02" }, registered: date(rng.range(2008, 2025) as i32, rng.range(1, 12) as u32, rng.range(1, 28) as u32), zt, mortgaged: rng.chance(15), brand: rng.pick::<&str>(BRANDS) });
    }
    cars.iter()
        .enumerate()
        .map(|(i, car)| {
            let mut r = rng.next_u64();
            r %= 900;
            vec![
                (i + 1).to_string(),
                car.plate.clone(),
                car.kind.into(),
                "浙B".into(),
                car.owner.name.clone(),
                car.owner.id.clone(),
                vin(&mut rng),
                car.brand.into(),
                car.registered.format("%Y-%m-%d").to_string(),
                car.zt.into(),
                if car.mortgaged { "1" } else { "0" }.into(),
                format!("浙江省宁波市海曙区某某路{}号", 1 + r),
            ]
        })
        .collect()
}

pub fn bytes(w: &World) -> Vec<u8> {
    let mut text = delimited_line(&HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), ',');
    for r in rows(w) {
        text.push_str(&delimited_line(&r, ','));
    }
    utf8_bom(&text)
}
