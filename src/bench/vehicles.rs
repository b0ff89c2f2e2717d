//! Generated 机动车登记 export (`vehicles`) with the traffic police's pinyin
//! headers. About one car in twelve belongs to a debtor of the cases file of
//! the same scale; the rest belong to other people (some own several cars).
//! Quirks: HPHM without the province character (it sits in FZJG), 15-digit
//! old IDs, ZT letter sets such as `GK`.

use super::cases;
use super::people::{self, Party};
use super::rng::{mix, Rng};
use std::io::{self, Write};

pub const HEADER: &str = "序号,HPHM,HPZL,FZJG,SYR,SFZMHM,CLSBDH,CLPP1,CCDJRQ,ZT,DYBJ\n";

/// ZT letter sets with their weights (per mille).
const STATUS: &[(&str, u64)] = &[
    ("A", 700),
    ("G", 60),
    ("Q", 30),
    ("D", 5),
    ("K", 50),
    ("GK", 20),
    ("KI", 5),
    ("E", 50),
    ("B", 40),
    ("C", 5),
    ("M", 10),
    ("P", 20),
    ("I", 5),
];
const OFFICES: &[&str] = &["浙B", "浙A", "浙D", "浙C", "浙J", "沪A", "苏E"];
const BRANDS: &[&str] = &["大众汽车牌", "丰田牌", "本田牌", "比亚迪牌", "别克牌", "吉利牌", "特斯拉牌", "宝马牌"];
const PLATE_CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

/// Owner of car `i` in a file of `n` cars next to a cases file of `cases` rows.
pub fn owner(i: u64, cases: u64) -> Party {
    let h = mix(i ^ 0x0A4E);
    if h.is_multiple_of(12) {
        cases::debtor((h >> 8) % cases::debtor_pool(cases))
    } else {
        // Non-debtors: a population disjoint from the debtors.
        people::person(100_000_000 + (h >> 8) % (cases * 40).max(1000))
    }
}

fn status(r: &mut Rng) -> &'static str {
    let mut x = r.below(1000);
    for (s, w) in STATUS {
        if x < *w {
            return s;
        }
        x -= w;
    }
    "A"
}

/// Write car `i` (with a newline).
pub fn write_row(w: &mut impl Write, i: u64, cases: u64) -> io::Result<()> {
    let mut r = Rng::new(mix(i ^ 0x7E41));
    let p = owner(i, cases);
    // One person in a hundred born before 2000 still has the 15-digit ID on file.
    let id = match p.birth {
        Some((y, _, _)) if y < 2000 && r.chance(0.01) => format!("{}{}", p.id.get(..6).unwrap_or(""), p.id.get(8..17).unwrap_or("")),
        _ => p.id.clone(),
    };
    let office = *r.pick(OFFICES);
    let ev = r.chance(0.1);
    let mut plate = String::with_capacity(7);
    plate.push(office.chars().nth(1).unwrap_or('B'));
    for _ in 0..if ev { 6 } else { 5 } {
        plate.push(*r.pick(PLATE_CHARS) as char);
    }
    let mut vin = String::from("LSV");
    for _ in 0..14 {
        vin.push(*r.pick(PLATE_CHARS) as char);
    }
    let reg = people::days_from_civil(2008, 1, 1) + r.below(17 * 365) as i64;
    writeln!(
        w,
        "{},{plate},{},{office},{},{id},{vin},{},{},{},{}",
        i + 1,
        if ev { "52" } else { "02" },
        p.name,
        r.pick(BRANDS),
        people::ymd(reg),
        status(&mut r),
        r.below(10) / 9
    )
}

pub fn write_csv(w: &mut impl Write, n: u64, cases: u64) -> io::Result<()> {
    w.write_all(HEADER.as_bytes())?;
    for i in 0..n {
        write_row(w, i, cases)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn some_cars_belong_to_debtors_and_statuses_vary() {
        let mut out = Vec::new();
        write_csv(&mut out, 3000, 300).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 3000);
        let debtor_ids: std::collections::HashSet<String> =
            (0..cases::debtor_pool(300)).map(|d| cases::debtor(d).id).collect();
        let hits = rows.iter().filter(|r| debtor_ids.contains(&r[5])).count();
        assert!(hits > 150 && hits < 350, "{hits}");
        assert!(rows.iter().any(|r| &r[9] == "GK"));
        assert!(rows.iter().any(|r| r[5].len() == 15));
        assert!(rows.iter().all(|r| r[1].len() >= 6 && !r[1].starts_with('浙')));
    }
}
