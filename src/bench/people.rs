//! Deterministic people and companies: person `k` always has the same name,
//! resident ID (valid GB 11643 check digit) and birth date, so the cases file
//! and the vehicles file agree on who is who without sharing state.

use super::rng::mix;

const AREAS: &[&str] = &[
    "330203", "330205", "330206", "330211", "330212", "330281", "330282", "330602", "330624", "110105", "110108",
    "310104", "320102", "360426", "440104", "440524", "510104", "420106", "370202", "350203",
];
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕红梅晓东国平文斌丹丹雪梅春梅宇浩子涵欣怡一鸣嘉豪思远佳琪";
const TRADES: &[&str] = &["贸易", "建材", "机械", "电子", "服饰", "餐饮", "物流", "装饰", "科技", "水产", "五金", "汽车服务"];
const CITIES: &[&str] = &["宁波", "杭州", "温州", "绍兴", "台州", "金华", "嘉兴", "湖州"];

/// Birth dates span 1950-01-01 .. 2004-12-31 (days since 1950-01-01).
const BIRTH_DAYS: u64 = 20089;

// Check characters come from the normaliser, so generated data and the
// parser that reads it cannot disagree.
use crate::normalize::id_number;

fn check_of(body: &[u8], f: fn(&str) -> Option<char>) -> u8 {
    std::str::from_utf8(body).ok().and_then(f).map_or(b'0', |c| c as u8)
}

/// GB 11643 check character of 17 digits.
pub fn id_check(body: &[u8]) -> u8 {
    check_of(body, id_number::resident_check)
}

/// GB 32100 check character of the first 17 characters of a credit code.
pub fn credit_check(body: &[u8]) -> u8 {
    check_of(body, id_number::credit_check)
}

/// 组织机构代码 check character of 8 characters.
fn org_check(body: &[u8]) -> u8 {
    check_of(body, id_number::org_check)
}

fn nth_char(s: &str, n: u64) -> char {
    let count = s.chars().count() as u64;
    s.chars().nth((n % count) as usize).unwrap_or('某')
}

/// A person or a company.
#[derive(Debug, Clone)]
pub struct Party {
    pub name: String,
    pub id: String,
    /// Birth date as `YYYY-MM-DD` for persons.
    pub birth: Option<(i32, u32, u32)>,
}

/// Person `k`: name and valid 18-digit ID. Distinct `k` give distinct IDs
/// for `k` < 20 × 20089 × 1000 (about 400 million).
pub fn person(k: u64) -> Party {
    let h = mix(k.wrapping_add(0x5EED));
    let area = AREAS[(k % AREAS.len() as u64) as usize];
    // Spread neighbouring people over the whole span (7919 is coprime to BIRTH_DAYS).
    let day = (k / AREAS.len() as u64).wrapping_mul(7919) % BIRTH_DAYS;
    let seq = (k / (AREAS.len() as u64 * BIRTH_DAYS)) % 1000;
    let (y, m, d) = civil_from_days(day as i64 - 7305); // 1950-01-01 is day -7305 from 1970
    let mut id = format!("{area}{y:04}{m:02}{d:02}{seq:03}").into_bytes();
    let c = id_check(&id);
    id.push(c);
    let mut name = String::new();
    name.push(nth_char(SURNAMES, h));
    name.push(nth_char(GIVEN, h >> 16));
    if h & 3 != 0 {
        name.push(nth_char(GIVEN, h >> 32));
    }
    Party { name, id: String::from_utf8(id).unwrap_or_default(), birth: Some((y, m, d)) }
}

/// Company `k`: name and valid 统一社会信用代码.
pub fn company(k: u64) -> Party {
    let h = mix(k.wrapping_add(0xC0FFEE));
    let city = CITIES[(h % CITIES.len() as u64) as usize];
    let trade = TRADES[((h >> 8) % TRADES.len() as u64) as usize];
    let name = format!("{city}{}{}{trade}有限公司", nth_char(SURNAMES, h >> 16), nth_char(GIVEN, h >> 24));
    let area = AREAS[(k % 9) as usize];
    let mut org = format!("{:08}", (k * 7 + 10_000_000) % 100_000_000).into_bytes();
    let oc = org_check(&org);
    org.push(oc);
    let mut code = format!("91{area}").into_bytes();
    code.extend_from_slice(&org);
    let cc = credit_check(&code);
    code.push(cc);
    Party { name, id: String::from_utf8(code).unwrap_or_default(), birth: None }
}

/// Days since 1970-01-01 → (year, month, day). Howard Hinnant's algorithm.
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// Days since 1970-01-01 of a date.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y as i64 - 1 } else { y as i64 };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` of a day number.
pub fn ymd(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_match_the_domain_vectors() {
        assert_eq!(id_check(b"11010519491231002"), b'X');
        assert_eq!(id_check(b"36042619910101007"), b'1');
        assert_eq!(id_check(b"44052418800101001"), b'4');
        assert_eq!(credit_check(b"91110000600037341"), b'L');
        assert_eq!(org_check(b"60003734"), b'1');
    }

    #[test]
    fn people_are_deterministic_distinct_and_valid() {
        let a = person(12_345);
        assert_eq!(a.id, person(12_345).id);
        assert_ne!(a.id, person(12_346).id);
        for k in [0, 1, 401_779, 9_999_999] {
            let id = person(k).id.into_bytes();
            assert_eq!(id.len(), 18);
            assert_eq!(id_check(&id[..17]), id[17]);
        }
        let c = company(77).id.into_bytes();
        assert_eq!(credit_check(&c[..17]), c[17]);
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2000, 2, 29)), (2000, 2, 29));
        assert_eq!(ymd(days_from_civil(1950, 1, 1)), "1950-01-01");
    }
}
