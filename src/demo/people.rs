//! The demo's people: the fixed cast of the stories (with valid, computed
//! ID numbers) and generated background people. All names and numbers are
//! fictitious; check digits are computed so the IDs pass GB 11643 / GB 32100.

use super::rng::Rng;
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    /// Full, valid 18-character ID (or 统一社会信用代码 for companies).
    pub id: String,
    pub birth: Option<NaiveDate>,
}

/// GB 11643 check character for the first 17 digits.
pub fn id_check(first17: &str) -> char {
    crate::normalize::id_number::resident_check(first17).unwrap_or('0')
}

/// 18-digit resident ID from area (6), birth date and a 3-digit sequence.
pub fn resident_id(area: &str, birth: NaiveDate, seq: u32) -> String {
    let first = format!("{area}{}{:03}", birth.format("%Y%m%d"), seq % 1000);
    let c = id_check(&first);
    format!("{first}{c}")
}

/// The 15-digit form of an 18-digit ID issued before 1999 (area + YYMMDD + seq).
pub fn old_15(id18: &str) -> String {
    let area = id18.get(0..6).unwrap_or("");
    let yymmdd = id18.get(8..14).unwrap_or("");
    let seq = id18.get(14..17).unwrap_or("");
    format!("{area}{yymmdd}{seq}")
}

/// GB 32100 统一社会信用代码 from its first 17 characters.
pub fn credit_code(first17: &str) -> String {
    const A: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let s: usize = first17.chars().zip(W).map(|(c, w)| A.find(c).unwrap_or(0) * w).sum();
    let c = A.chars().nth((31 - s % 31) % 31).unwrap_or('0');
    format!("{first17}{c}")
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn person(name: &str, area: &str, y: i32, m: u32, d: u32, seq: u32) -> Person {
    let birth = date(y, m, d);
    Person { name: name.into(), id: resident_id(area, birth, seq), birth: Some(birth) }
}

/// The people the stories are about (see `super::story`).
pub struct Cast {
    /// Ningbo Haishu: 2019 sale-contract case, unreturned bail deposit.
    pub chen: Person,
    pub wang_haifeng: Person,
    pub lin_xiuying: Person,
    pub zhang_min: Person,
    /// Listed with a 15-digit ID in the cases file.
    pub zhang_guoqiang: Person,
    /// Excel-damaged ID in the cases file.
    pub li_jianping: Person,
    /// No ID in the cases file.
    pub zhao_li: Person,
    /// Guangzhou Yuexiu shop.
    pub huang_zhiming: Person,
    pub zhou_wei: Person,
    /// Minor on the consumption-ban list.
    pub sun_xiaoming: Person,
    /// Died 2023-02-10.
    pub wu_defu: Person,
    /// Case restored by a later 执恢 case (negative example).
    pub zheng_guohua: Person,
    pub qian_hongwei: Person,
    pub feng_jianjun: Person,
    pub feng_changfu: Person,
    /// The flow-analysis subject and his circle.
    pub liu_zhiqiang: Person,
    pub liu_zhiyong: Person,
    pub liu_zhifang: Person,
    pub he_meiling: Person,
    pub machinery_co: Person,
}

pub fn cast() -> Cast {
    Cast {
        chen: person("陈某", "330203", 1985, 3, 12, 1),
        wang_haifeng: person("王海峰", "330203", 1978, 6, 15, 3),
        lin_xiuying: person("林秀英", "330227", 1980, 11, 2, 4),
        zhang_min: person("张敏", "330203", 1981, 5, 23, 2),
        zhang_guoqiang: person("张国强", "330203", 1964, 5, 12, 3),
        li_jianping: person("李建平", "330203", 1970, 2, 8, 5),
        zhao_li: person("赵丽", "330205", 1988, 9, 20, 2),
        huang_zhiming: person("黄志明", "440104", 1962, 3, 5, 1),
        zhou_wei: person("周伟", "330203", 1982, 1, 1, 7),
        sun_xiaoming: person("孙小明", "330203", 2009, 5, 1, 1),
        wu_defu: person("吴德福", "330203", 1945, 8, 17, 1),
        zheng_guohua: person("郑国华", "330203", 1975, 4, 4, 9),
        qian_hongwei: person("钱宏伟", "330205", 1979, 12, 30, 11),
        feng_jianjun: person("冯建军", "330212", 1990, 7, 7, 15),
        feng_changfu: person("冯长富", "330212", 1962, 2, 14, 13),
        liu_zhiqiang: person("刘志强", "330203", 1980, 7, 18, 1),
        liu_zhiyong: person("刘志勇", "330203", 1983, 2, 9, 3),
        liu_zhifang: person("刘志芳", "330203", 1986, 5, 25, 2),
        he_meiling: person("何美玲", "330206", 1982, 3, 11, 4),
        machinery_co: Person { name: "宁波某某机械制造有限公司".into(), id: credit_code("91330203MA2AB3CD4"), birth: None },
    }
}

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "邓", "冯", "曹", "彭", "曾", "蒋", "俞", "史", "应", "鲍", "邵", "顾", "潘"];
const GIVEN: &[&str] = &["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "辉", "力", "婷", "晓东", "海燕", "国平", "亚萍", "志刚", "雪梅", "立新", "春华", "建国", "美华", "玉兰", "红霞", "小龙"];
const AREAS: &[&str] = &["330203", "330205", "330206", "330211", "330212", "330213", "330281", "330282", "330226", "330225"];

/// A generated background person (never one of the cast: generated names
/// always have a different given part and sequence numbers from 500 up).
pub fn random_person(rng: &mut Rng, serial: u32) -> Person {
    let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
    let y = rng.range(1955, 1998) as i32;
    let m = rng.range(1, 12) as u32;
    let d = rng.range(1, 28) as u32;
    let area = *rng.pick(AREAS);
    person(&name, area, y, m, d, 500 + serial)
}

const CO_PREFIX: &[&str] = &["宁波", "宁波市海曙区", "宁波市鄞州区", "浙江"];
const CO_WORD: &[&str] = &["恒达", "鑫源", "华茂", "永利", "金港", "瑞丰", "东升", "海天", "宏远", "新科", "博雅", "顺发"];
const CO_TRADE: &[&str] = &["贸易有限公司", "建材有限公司", "装饰工程有限公司", "电子科技有限公司", "物流有限公司", "餐饮管理有限公司", "服饰有限公司", "汽车租赁有限公司"];

pub fn random_company(rng: &mut Rng, serial: u32) -> Person {
    let name = format!("{}{}{}", rng.pick(CO_PREFIX), rng.pick(CO_WORD), rng.pick(CO_TRADE));
    let body = format!("91330203MA2{:06}", 100_000 + serial * 37 % 900_000);
    Person { name, id: credit_code(&body), birth: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_match_the_published_vectors() {
        assert_eq!(id_check("11010519491231002"), 'X');
        assert_eq!(id_check("36042619910101007"), '1');
        assert_eq!(id_check("44052418800101001"), '4');
        assert_eq!(credit_code("91110000600037341"), "91110000600037341L");
        assert_eq!(old_15("11010519491231002X"), "110105491231002");
    }
}
