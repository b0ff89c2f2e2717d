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
