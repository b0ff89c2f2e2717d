//! Generated 执行案件 export (`cases`), one pure function of the row index so
//! that the 执恢 rows can point back at earlier 终本 cases and the vehicles
//! file can own cars of the same debtors without shared state.
//!
//! Quirks kept on purpose (the engines must normalise them, and the DuckDB
//! reference query does the same): several debtors in one cell joined by `、`,
//! a lower-case `x` check digit, trailing spaces, quoted amounts with
//! thousands separators, 执恢 cases that restore an earlier 终本 case, a
//! 恢复执行日期 column, 终本 cases with nothing unpaid.

use super::people::{self, Party};
use super::rng::{mix, Rng};
use std::io::{self, Write};

pub const HEADER: &str = "案号,申请执行人,被执行人,证件号码,执行标的,已执行到位金额,未履行金额,立案日期,结案日期,结案方式,承办人,执行法院,恢复执行日期\n";

pub const COURTS: &[(&str, &str)] = &[
    ("浙0203", "宁波市海曙区人民法院"),
    ("浙0205", "宁波市江北区人民法院"),
    ("浙0206", "宁波市北仑区人民法院"),
    ("浙0212", "宁波市鄞州区人民法院"),
    ("浙0281", "余姚市人民法院"),
    ("浙0602", "绍兴市越城区人民法院"),
    ("浙0624", "新昌县人民法院"),
    ("浙0110", "杭州市余杭区人民法院"),
];

pub const ZHONGBEN: &str = "终结本次执行程序";
const OTHER_CLOSES: &[&str] = &["执行完毕", "执行完毕", "执行完毕", "执行完毕", "终结执行", "销案", "不予执行", "驳回申请", ""];

/// The debtor population of a cases file: party `d` for `d` in `0..debtor_pool(n)`.
pub fn debtor_pool(cases: u64) -> u64 {
    (cases * 9 / 10).max(1)
}

/// Debtor party `d`: one in ten is a company.
pub fn debtor(d: u64) -> Party {
    if mix(d ^ 0xDEB7).is_multiple_of(10) {
        people::company(d)
    } else {
        people::person(d)
    }
}

/// One generated case row.
#[derive(Debug, Clone)]
pub struct Case {
    pub court: usize,
    pub year: i32,
    pub serial: u64,
    pub restore: bool,
    pub debtors: Vec<u64>,
    pub applicant: Party,
    pub target_fen: i64,
    pub paid_fen: i64,
    pub filed: i64,
    pub closed: Option<i64>,
    pub close_method: &'static str,
    pub restored_date: Option<i64>,
    pub judge: String,
}

/// Case number `i` of a file of `n` cases.
pub fn case(i: u64, n: u64) -> Case {
    let mut r = Rng::new(mix(i ^ 0xCA5E));
    let pool = debtor_pool(n);
    // 3 % are 执恢 cases restoring an earlier 终本 case of the same debtor and court.
    if i > 10 && r.chance(0.03) {
        let j = r.below(i);
        let base = case(j, n);
        if !base.restore && base.close_method == ZHONGBEN {
            if let Some(closed) = base.closed {
                let filed = closed + 30 + r.below(400) as i64;
                let target = base.target_fen - base.paid_fen;
                let done = r.chance(0.4);
                let (y, _, _) = people::civil_from_days(filed);
                return Case {
                    court: base.court,
                    year: y,
                    serial: 10_000 + i % 90_000,
                    restore: true,
                    debtors: base.debtors,
                    applicant: base.applicant,
                    target_fen: target,
                    paid_fen: if done { target } else { 0 },
                    filed,
                    closed: done.then(|| filed + 60 + r.below(300) as i64),
                    close_method: if done { "执行完毕" } else { "" },
                    restored_date: None,
                    judge: people::person(900_000_000 + r.below(40)).name,
                };
            }
        }
    }
    let court = r.below(COURTS.len() as u64) as usize;
    let year = 2016 + r.below(9) as i32;
    let filed = people::days_from_civil(year, 1, 1) + r.below(365) as i64;
    let mut debtors = vec![r.below(pool)];
    if r.chance(0.1) {
        debtors.push(r.below(pool));
    }
    // Log-uniform 1 千 .. 5 百万 yuan.
    let target_fen = (100_000.0 * (5_000.0f64).powf((r.below(1 << 20) as f64) / (1 << 20) as f64)) as i64;
    let zhongben = r.chance(0.6);
    let close_method = if zhongben { ZHONGBEN } else { *r.pick(OTHER_CLOSES) };
    let paid_fen = match close_method {
        "执行完毕" => target_fen,
        ZHONGBEN if r.chance(0.05) => target_fen,
        _ => target_fen * r.below(80) as i64 / 100,
    };
    let closed = (!close_method.is_empty()).then(|| filed + 60 + r.below(700) as i64);
    let restored_date = match closed {
        Some(c) if zhongben && r.chance(0.03) => Some(c + 90 + r.below(300) as i64),
        _ => None,
    };
    let applicant = if r.chance(0.3) { people::company(500_000_000 + r.below(5000)) } else { people::person(600_000_000 + r.below(1 << 24)) };
    Case {
        court,
        year,
        serial: 1 + i % 99_999,
        restore: false,
        debtors,
        applicant,
        target_fen,
        paid_fen,
        filed,
        closed,
        close_method,
        restored_date,
        judge: people::person(900_000_000 + r.below(40)).name,
    }
}

pub fn case_no(c: &Case) -> String {
    let kind = if c.restore { "执恢" } else { "执" };
    format!("（{}）{}{}{}号", c.year, COURTS[c.court].0, kind, c.serial)
}

/// `12345.67`, or `"12,345.67"` (quoted, with separators) for one row in fifty.
fn write_amount(w: &mut impl Write, fen: i64, separators: bool) -> io::Result<()> {
    let (yuan, cents) = (fen / 100, fen % 100);
    if !separators || yuan < 1000 {
        return write!(w, "{yuan}.{cents:02}");
    }
    let digits = yuan.to_string();
    let mut s = String::with_capacity(digits.len() + 4);
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            s.push(',');
        }
        s.push(ch);
    }
    write!(w, "\"{s}.{cents:02}\"")
}

/// Write row `i` of `n` (with a newline).
pub fn write_row(w: &mut impl Write, i: u64, n: u64) -> io::Result<()> {
    let c = case(i, n);
    let h = mix(i ^ 0x0DD);
    let parties: Vec<Party> = c.debtors.iter().map(|&d| debtor(d)).collect();
    let names: Vec<&str> = parties.iter().map(|p| p.name.as_str()).collect();
    let ids: Vec<String> = parties
        .iter()
        .map(|p| if h.is_multiple_of(3) && p.id.ends_with('X') { p.id.to_lowercase() } else { p.id.clone() })
        .collect();
    let pad = if h % 50 == 7 { " " } else { "" };
    let seps = h % 50 == 11;
    write!(w, "{},{},{},{}{pad},", case_no(&c), c.applicant.name, names.join("、"), ids.join("、"))?;
    write_amount(w, c.target_fen, seps)?;
    w.write_all(b",")?;
    write_amount(w, c.paid_fen, seps)?;
    w.write_all(b",")?;
    write_amount(w, c.target_fen - c.paid_fen, seps)?;
    let closed = c.closed.map(people::ymd).unwrap_or_default();
    let restored = c.restored_date.map(people::ymd).unwrap_or_default();
    writeln!(w, ",{},{closed},{},{},{},{restored}", people::ymd(c.filed), c.close_method, c.judge, COURTS[c.court].1)
}

/// A cases file of `n` rows.
pub fn write_csv(w: &mut impl Write, n: u64) -> io::Result<()> {
    w.write_all(HEADER.as_bytes())?;
    for i in 0..n {
        write_row(w, i, n)?;
    }
    Ok(())
}

/// A cases file of at least `bytes` bytes (for ingestion throughput); returns the row count.
pub fn write_csv_of_size(w: &mut impl Write, bytes: u64) -> io::Result<u64> {
    // Rows are about 190 bytes; the pool size only shapes who the debtors are.
    let n = bytes / 150 + 1;
    let mut counter = Counting { inner: w, count: 0 };
    counter.write_all(HEADER.as_bytes())?;
    let mut i = 0;
    while counter.count < bytes {
        write_row(&mut counter, i, n)?;
        i += 1;
    }
    Ok(i)
}

struct Counting<'a, W: Write> {
    inner: &'a mut W,
    count: u64,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let k = self.inner.write(buf)?;
        self.count += k as u64;
        Ok(k)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_have_the_header_width_and_restorations_point_back() {
        let mut out = Vec::new();
        write_csv(&mut out, 2000).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let width = rdr.headers().unwrap().len();
        let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 2000);
        assert!(rows.iter().all(|r| r.len() == width));
        let restores: Vec<&csv::StringRecord> = rows.iter().filter(|r| r[0].contains("执恢")).collect();
        assert!(!restores.is_empty());
        // Each 执恢 case names a debtor ID that some 终本 case of the same court has.
        for r in restores {
            let earlier = rows.iter().any(|b| b[9] == *ZHONGBEN && b[11] == r[11] && b[3].trim().eq_ignore_ascii_case(r[3].trim()) && b[8] < r[7]);
            assert!(earlier, "执恢 row without its 终本 case: {r:?}");
        }
        let zb = rows.iter().filter(|r| &r[9] == ZHONGBEN).count();
        assert!(zb > 1000 && zb < 1400, "{zb}");
    }

    #[test]
    fn sized_file_reaches_the_size() {
        let mut out = Vec::new();
        let n = write_csv_of_size(&mut out, 100_000).unwrap();
        assert!(out.len() >= 100_000 && out.len() < 101_000);
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count() as u64, n + 1);
    }
}
