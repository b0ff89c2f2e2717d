//! 死亡/火化记录: a funeral-home extract, GB18030 CSV.

use super::encode::{delimited_line, gb18030};
use super::people::date;
use super::rng::Rng;
use super::world::World;

pub const FILE: &str = "火化信息登记表.csv";
pub const HEADERS: &[&str] = &["序号", "逝者姓名", "性别", "身份证号码", "死亡日期", "火化日期", "来源"];

pub fn rows(w: &World) -> Vec<Vec<String>> {
    let mut rng = Rng::new(0xDEAD);
    let mut people = vec![(w.cast.wu_defu.clone(), date(2023, 2, 10))];
    for p in w.bystanders.iter().skip(110).take(18) {
        people.push((p.clone(), date(rng.range(2019, 2025) as i32, rng.range(1, 12) as u32, rng.range(1, 28) as u32)));
    }
    people
        .iter()
        .enumerate()
        .map(|(i, (p, died))| {
            let male = p.id.get(16..17).and_then(|s| s.parse::<u32>().ok()).map(|d| d % 2 == 1).unwrap_or(true);
            vec![
                (i + 1).to_string(),
                p.name.clone(),
                if male { "男" } else { "女" }.into(),
                p.id.clone(),
                died.format("%Y-%m-%d").to_string(),
                (*died + chrono::Duration::days(rng.range(2, 4))).format("%Y-%m-%d").to_string(),
                "宁波市殡仪馆".into(),
            ]
        })
        .collect()
}

pub fn bytes(w: &World) -> Vec<u8> {
    let mut text = delimited_line(&HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>(), ',');
    for r in rows(w) {
        text.push_str(&delimited_line(&r, ','));
    }
    gb18030(&text)
}
