//! Data-driven tests for the normalisers (`tests/data/normalize/*.tsv`, format
//! in the README there) and property tests: no parser panics on any input,
//! amounts round-trip exactly, generated IDs validate.
//!
//! Run: `cargo test --test normalize`; longer fuzzing:
//! `PROPTEST_CASES=100000 cargo test --release --test normalize no_parser`.

use proptest::prelude::*;
use std::fmt::Display;
use xiansuo::normalize::{self, address, amount, case_no, date, direction, id_number, multi, name, plate, vehicle_status, Parsed};

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('s') => out.push(' '),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('u') => {
                let hex: String = it.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).expect("hex")).expect("code point"));
            }
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn render<T>(p: Parsed<T>, f: impl Fn(T) -> String) -> (String, String) {
    match p {
        Parsed::Empty => ("EMPTY".into(), String::new()),
        Parsed::Invalid(m) => ("INVALID".into(), m),
        Parsed::Damaged(m) => ("DAMAGED".into(), m),
        Parsed::Value(v) => (f(v), String::new()),
    }
}

/// Run every line of `file` through `run` and compare; report all failures at once.
fn check_file(file: &str, run: impl Fn(&str) -> (String, String)) {
    let path = format!("{}/tests/data/normalize/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let input = unescape(cols.next().unwrap_or(""));
        let expected = cols.next().unwrap_or_else(|| panic!("{file}:{}: no expected column", i + 1));
        let (got, msg) = run(&input);
        let (want, must_contain) = expected.split_once('~').unwrap_or((expected, ""));
        n += 1;
        if got != want || !msg.contains(must_contain) {
            failures.push(format!("{file}:{}: {input:?}: expected {expected:?}, got {got:?} ({msg})", i + 1));
        }
    }
    assert!(n > 0, "{file} has no vectors");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

fn opt<T: Display>(v: Option<T>) -> String {
    v.map_or("-".into(), |v| v.to_string())
}

fn two(input: &str) -> (&str, &str) {
    input.split_once(" | ").unwrap_or(("", input))
}

#[test]
fn id_numbers() {
    check_file("id_number.tsv", |s| {
        render(id_number::parse(s), |v| {
            let sex = v.male.map_or("-", |m| if m { "M" } else { "F" });
            format!("{:?} {} {} {sex}", v.kind, v.value, opt(v.birth))
        })
    });
}

#[test]
fn names() {
    check_file("name.tsv", |s| (name::key(s), String::new()));
}

#[test]
fn amounts() {
    check_file("amount_yuan.tsv", |s| render(amount::parse(s, amount::Unit::Yuan), |v| v.to_string()));
    check_file("amount_fen.tsv", |s| render(amount::parse(s, amount::Unit::Fen), |v| v.to_string()));
}

#[test]
fn dates() {
    check_file("date.tsv", |s| render(date::parse_date(s), |d| d.format("%Y-%m-%d").to_string()));
    check_file("datetime.tsv", |s| {
        let p = match s.split_once(" | ") {
            Some((d, t)) => date::combine(d, t),
            None => date::parse_datetime(s),
        };
        render(p, |d| d.format("%Y-%m-%d %H:%M:%S").to_string())
    });
}

#[test]
fn case_numbers() {
    check_file("case_no.tsv", |s| {
        render(case_no::parse(s), |c| format!("{} | {} {} {} {} {}", c.norm, c.year, c.court, c.kind, c.serial, opt(c.sub)))
    });
}

#[test]
fn plates() {
    check_file("plate.tsv", |s| {
        let (office, p) = two(s);
        render(plate::normalize(office, p), |v| v)
    });
}

#[test]
fn vehicle_statuses() {
    check_file("vehicle_status.tsv", |s| render(vehicle_status::parse(s), |v| v.letters()));
}

#[test]
fn directions() {
    check_file("direction.tsv", |s| {
        render(direction::parse(s), |d| match d {
            direction::Direction::In => "in".into(),
            direction::Direction::Out => "out".into(),
        })
    });
}

/// Equal cases written differently must compare equal through `norm`.
#[test]
fn case_numbers_join_on_norm() {
    let a = case_no::parse("(2019)浙0203执1234号").ok().map(|c| c.norm);
    let b = case_no::parse("（２０１９）浙０２０３执１２３４号").ok().map(|c| c.norm);
    assert!(a.is_some());
    assert_eq!(a, b);
}

/// Characters that make the parsers take their less common paths.
fn tricky() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "0",
        "9",
        "1",
        "X",
        "x",
        "*",
        "-",
        ".",
        ",",
        "，",
        "、",
        "E+",
        "e",
        "(",
        ")",
        "（",
        "）",
        "〔",
        "〕",
        "元",
        "万",
        "亿",
        "¥",
        "年",
        "月",
        "日",
        "号",
        "之",
        "一",
        "十",
        "执",
        "恢",
        "字第",
        "浙",
        "B",
        "挂",
        "·",
        ":",
        "时",
        "分",
        "秒",
        "T",
        " ",
        "\u{3000}",
        "\t",
        "\n",
        "０",
        "９",
        "Ｘ",
        "陳",
        "某",
        "花园",
        "栋",
        "幢",
        "室",
        "广东省",
        "白云区",
        "\u{200B}",
        "\u{FEFF}",
        "é",
        "𠀀",
        "\u{301}",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

fn every_parser(s: &str) {
    let _ = id_number::parse(s).map(|id| id.masked_matches(s));
    let _ = name::key(s);
    let _ = name::display(s);
    let _ = amount::parse(s, amount::Unit::Yuan);
    let _ = amount::parse(s, amount::Unit::Fen);
    let _ = date::parse_date(s);
    let _ = date::parse_datetime(s);
    let _ = date::parse_time(s);
    let _ = date::combine(s, s);
    let _ = case_no::parse(s);
    let _ = plate::normalize(s, s);
    let _ = plate::normalize("浙B", s);
    let _ = vehicle_status::parse(s).map(|v| v.labels());
    let _ = direction::parse(s);
    let _ = normalize::nulls::is_null(s);
    let _ = multi::pair(s, s);
    let _ = address::key(s);
    let table = address::AliasTable::default();
    let _ = table.candidates(s, &[(1, s.to_string()), (2, "广州市越秀区某某苑3幢201室".to_string())]);
    let _ = table.candidates("白云区某某花园3栋201", &[(1, s.to_string())]);
    let _ = address::AliasTable::from_json(s);
    use xiansuo::ingest::kinds::FieldType as F;
    for ty in [
        F::Text,
        F::Name,
        F::IdNumber,
        F::CaseNo,
        F::Date,
        F::Datetime,
        F::Time,
        F::Amount,
        F::Plate,
        F::VehicleStatus,
        F::Direction,
        F::Address,
    ] {
        let _ = normalize::display(ty, s);
        let _ = normalize::check(ty, s);
    }
}

proptest! {
    // 2000 cases by default; `PROPTEST_CASES=100000 cargo test --test normalize` for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_parser_panics_on_arbitrary_text(s in "\\PC{0,40}") {
        every_parser(&s);
    }

    #[test]
    fn no_parser_panics_on_tricky_text(s in tricky()) {
        every_parser(&s);
    }

    #[test]
    fn excel_serials_never_panic(v in proptest::num::f64::ANY, b in any::<bool>()) {
        let _ = date::from_excel_serial(v, b);
    }

    #[test]
    fn add_months_never_panics(days in -1_000_000i64..1_000_000, n in any::<i32>()) {
        let d = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(days);
        let _ = date::add_months_clamped(d, n);
    }

    /// Amounts are exact: any whole number of 分 within the cell bound
    /// written as 元 with two decimals reads back; beyond it, it is invalid.
    #[test]
    fn amounts_round_trip(fen in prop_oneof![any::<i64>(), -9_999_999_999_999_999i64..=9_999_999_999_999_999]) {
        let want = if fen.unsigned_abs() <= xiansuo::money::MAX_CELL_FEN.unsigned_abs() { Some(fen) } else { None };
        prop_assert_eq!(amount::parse(&amount::format_yuan(fen), amount::Unit::Yuan).ok(), want);
        prop_assert_eq!(amount::parse(&amount::format_yuan_grouped(fen), amount::Unit::Yuan).ok(), want);
    }

    /// Every 17 digits with its computed check digit and a real birth date is a valid ID.
    #[test]
    fn generated_ids_are_valid(area in 110000u32..660000, y in 1900i32..2020, doy in 0u32..365, seq in 0u32..1000) {
        let birth = chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap() + chrono::Duration::days(doy as i64);
        let first17 = format!("{area}{}{seq:03}", birth.format("%Y%m%d"));
        let id = format!("{first17}{}", id_number::resident_check(&first17).unwrap());
        let p = id_number::parse(&id).ok().unwrap();
        prop_assert_eq!(&p.value, &id);
        prop_assert_eq!(p.birth, Some(birth));
        prop_assert_eq!(p.male, Some(seq % 2 == 1));
        // The fast path (clean cell) and the general path (padded) agree.
        prop_assert_eq!(id_number::parse(&format!(" {id}\u{3000}")), id_number::parse(&id));
    }
}

/// Enormous cells (a corrupt export can put a whole file in one cell) go
/// through every parser; a quadratic step would make this test crawl.
#[test]
fn enormous_cells_do_not_crash() {
    for unit in ["1", "一", "号", "-", "*", "（", "陳", "a ", "违法未处理", "3栋201室", "\u{301}"] {
        let s = unit.repeat(20_000);
        every_parser(&s);
    }
}

/// Throughput figures, not a check: `cargo test --release --test normalize throughput -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let n = 200_000;
    let ids: Vec<String> = (0..n)
        .map(|i| {
            let first17 = format!("330203{}{:03}", 19_700_101 + (i % 28), i % 1000);
            format!("{first17}{}", id_number::resident_check(&first17).unwrap_or('0'))
        })
        .collect();
    let names: Vec<String> = (0..n).map(|i| format!("陳 某{}", ["甲", "乙", "丙", "丁"][i % 4])).collect();
    let amounts: Vec<String> = (0..n).map(|i| format!("{},{:03}.{:02}元", i % 1000, i % 997, i % 100)).collect();
    let dates: Vec<String> = (0..n).map(|i| format!("2019-{:02}-{:02} 14:08:00", i % 12 + 1, i % 28 + 1)).collect();
    let cases: Vec<String> = (0..n).map(|i| format!("（2019）浙0203执{}号", i)).collect();
    let addrs: Vec<String> = (0..n).map(|i| format!("广州市越秀区某某苑{}幢{}室", i % 30, 100 + i % 900)).collect();
    let time = |label: &str, f: &dyn Fn() -> usize| {
        let t = std::time::Instant::now();
        let ok = f();
        let s = t.elapsed().as_secs_f64();
        println!("{label:<22} {:>6.2} M cells/s ({ok} ok of {n})", n as f64 / s / 1e6);
    };
    time("id_number::parse", &|| ids.iter().filter(|s| id_number::parse(s).value().is_some()).count());
    time("name::key", &|| names.iter().filter(|s| !name::key(s).is_empty()).count());
    time("amount::parse", &|| amounts.iter().filter(|s| amount::parse(s, amount::Unit::Yuan).value().is_some()).count());
    time("date::parse_datetime", &|| dates.iter().filter(|s| date::parse_datetime(s).value().is_some()).count());
    time("case_no::parse", &|| cases.iter().filter(|s| case_no::parse(s).value().is_some()).count());
    time("address::key", &|| addrs.iter().filter(|s| !address::key(s).is_empty()).count());
    let register: Vec<(usize, String)> = addrs.iter().cloned().enumerate().collect();
    let t = std::time::Instant::now();
    let c = address::AliasTable::default().candidates("白云区某某花园3栋201", &register);
    println!("address candidates     {:>6.2} s for one address against {n} register rows ({} shown)", t.elapsed().as_secs_f64(), c.len());
}

proptest! {
    /// The ISO fast path and the general date path agree on every date-time.
    #[test]
    fn iso_fast_path_agrees(days in -60_000i64..73_000, secs in 0u32..86_400) {
        let d = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(days);
        let t = chrono::NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap();
        let text = d.and_time(t).format("%Y-%m-%d %H:%M:%S").to_string();
        prop_assert_eq!(date::parse_datetime(&text), Parsed::Value(d.and_time(t)));
        prop_assert_eq!(date::parse_datetime(&format!(" {text} ")), Parsed::Value(d.and_time(t)));
        prop_assert_eq!(date::parse_date(&text[..10]), Parsed::Value(d));
        prop_assert_eq!(date::parse_date(&text.replace('-', "/")), Parsed::Value(d));
    }
}
