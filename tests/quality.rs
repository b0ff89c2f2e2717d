//! The quality card's findings that protect a run: absurd amounts, Excel
//! damage versus invalid IDs, identical duplicate rows. Each fixture is a
//! small export the way courts and banks write them.

use xiansuo::ingest::{self, quality, Dataset, IngestOptions};

fn report(name: &str, text: &str) -> quality::FileReport {
    let l = ingest::read(name, text.as_bytes(), &IngestOptions::default()).expect("readable");
    let t = l.tables.into_iter().next().expect("one table");
    quality::report(&Dataset::new(t))
}

fn issue<'a>(r: &'a quality::FileReport, column: &str, kind: &str) -> Option<&'a quality::Issue> {
    r.issues.iter().find(|i| i.column == column && serde_json::to_value(i.kind).ok().as_ref().and_then(|v| v.as_str()) == Some(kind))
}

/// A 15-digit serial number mapped as 未履行金额 is an invalid cell, not a
/// 10^14 元 amount that would swamp every total (see `money::MAX_CELL_FEN`).
#[test]
fn serial_number_in_an_amount_column_is_invalid() {
    let csv = "案号,被执行人,证件号码,执行标的,未履行金额,结案方式\n\
        （2019）浙0203执1234号,陈某,330203198001010013,\"3,000.00\",313200000412345,终结本次执行程序\n\
        （2020）浙0203执88号,王某某,,5000元,4500,终结本次执行程序\n\
        （2021）浙0203执9号,李某,,95000000000000,95000000000000,终结本次执行程序\n";
    let r = report("终本案件.csv", csv);
    assert_eq!(r.kind, "cases");
    let bad = issue(&r, "unpaid_amount", "invalid").expect("invalid unpaid amount reported");
    assert_eq!(bad.count, 1, "{bad:?}");
    assert_eq!(bad.examples.first().map(|e| e.row), Some(2));
    assert!(bad.message.contains("第 2 行"), "{}", bad.message);
    assert!(issue(&r, "target_amount", "invalid").is_none(), "large but plausible amounts stay valid: {:?}", r.issues);
}

/// 2,000 IDs, 30 % corrupted (mistyped digit, swapped neighbours, wrong
/// check character, impossible birth date, OCR shift): the invalid count is
/// python-stdnum's `cn.ric` (check digit and birth date), computed by
/// `scripts/gen_id_fixture.py` into the committed expectation. None is a
/// credit code and none is "damaged": Excel damage is only its renderings.
#[test]
fn corrupted_ids_are_invalid_as_python_stdnum_says() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/normalize/");
    let csv = std::fs::read_to_string(format!("{dir}ids_2000.csv")).expect("fixture");
    let want: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{dir}ids_2000.expected.json")).expect("expectation")).expect("json");
    let r = report("ids_2000.csv", &csv);
    assert_eq!(r.rows, 2000);
    let invalid = issue(&r, "debtor_id", "invalid").map_or(0, |i| i.count);
    let damaged = issue(&r, "debtor_id", "damaged").map_or(0, |i| i.count);
    assert_eq!(damaged, 0, "no Excel rendering in this column: {:?}", issue(&r, "debtor_id", "damaged"));
    assert_eq!(Some(invalid as u64), want["invalid_cn_ric"].as_u64());
    let credit = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(2))
        .filter(|id| matches!(xiansuo::normalize::id_number::parse(id), xiansuo::normalize::Parsed::Value(v) if v.kind == xiansuo::normalize::id_number::IdKind::CreditCode))
        .count();
    assert_eq!(credit, 0, "resident-shaped numbers are never taken for credit codes");
}

/// Excel's renderings are damage; everything else that fails is invalid.
#[test]
fn damage_is_only_what_excel_writes() {
    use xiansuo::normalize::{id_number::parse, Parsed};
    for raw in ["3.30203E+17", "330203198001010000", "330203198001010013.0", "3.30203198001010E+17"] {
        assert!(matches!(parse(raw), Parsed::Damaged(_)), "{raw}: {:?}", parse(raw));
    }
    // Last digits not zeros: a typo, not Excel.
    for raw in ["330203198001010014", "330203198001010120", "440104196203050018"] {
        assert!(matches!(parse(raw), Parsed::Invalid(_)), "{raw}: {:?}", parse(raw));
    }
    // A real all-digit credit code (事业单位) stays one.
    let org = format!("47013300{}", xiansuo::normalize::id_number::org_check("47013300").unwrap_or('0'));
    let first17 = format!("12330200{org}");
    let code = format!("{first17}{}", xiansuo::normalize::id_number::credit_check(&first17).unwrap_or('0'));
    assert!(matches!(parse(&code), Parsed::Value(v) if v.kind == xiansuo::normalize::id_number::IdKind::CreditCode), "{code}");
}

/// The same record exported twice (a court list merged from two queries)
/// is counted with its row numbers; rows that differ in one cell are not.
#[test]
fn identical_rows_are_reported_with_row_numbers() {
    let csv = "# 终本案件清单（导出时间 2025-06-30）\n\
        案号,被执行人,证件号码,未履行金额,结案方式\n\
        （2019）浙0203执1234号,陈某,330203198001010013,3000,终结本次执行程序\n\
        （2019）浙0203执1235号,王某某,,5000,终结本次执行程序\n\
        （2019）浙0203执1234号 , 陈某,330203198001010013,3000,终结本次执行程序\n\
        （2019）浙0203执1235号,王某某,,5000.5,终结本次执行程序\n\
        （2019）浙0203执1234号,陈某,330203198001010013,3000,终结本次执行程序\n";
    let r = report("终本案件.csv", csv);
    assert_eq!(r.rows, 5);
    assert_eq!(r.duplicate_rows, 2, "{:?}", r.duplicates);
    assert_eq!(r.duplicates.len(), 1);
    let g = &r.duplicates[0];
    assert_eq!((g.count, g.rows.clone()), (3, vec![3, 5, 7]));
    assert!(g.message.contains("第 3 行") && g.message.contains("第 7 行"), "{}", g.message);
    let v = serde_json::to_value(&r).expect("json");
    assert_eq!(v["duplicate_rows"], 2);
}
