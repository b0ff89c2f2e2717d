#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]
//! `xiansuo normalize`: typed Parquet with provenance, party tables for
//! multi-person cells, every kind present, and a report that counts skipped
//! rows the way the page does.

use arrow_array::{Array, Date32Array, Int32Array, Int64Array, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::{Path, PathBuf};
use xiansuo::ingest::IngestOptions;

fn read(path: &Path) -> Vec<RecordBatch> {
    let f = std::fs::File::open(path).expect("parquet file");
    let r = ParquetRecordBatchReaderBuilder::try_new(f).expect("reader").build().expect("build");
    r.map(|b| b.expect("batch")).collect()
}

fn col<'a, T: 'static>(b: &'a RecordBatch, name: &str) -> &'a T {
    b.column_by_name(name).and_then(|c| c.as_any().downcast_ref::<T>()).unwrap_or_else(|| panic!("column {name}"))
}

fn messy(out: &Path) -> xiansuo::normalize_out::Summary {
    let dir = PathBuf::from("tests/cases/sql/messy");
    let mut files: Vec<(Option<String>, PathBuf)> =
        std::fs::read_dir(&dir).expect("fixture").map(|e| (None, e.expect("entry").path())).collect();
    files.sort();
    xiansuo::normalize_out::normalize_files(&files, out, &IngestOptions::new()).expect("normalize")
}

#[test]
fn cases_are_typed_with_provenance() {
    let out = std::env::temp_dir().join(format!("xiansuo-norm-{}", std::process::id()));
    let sum = messy(&out);
    assert!(sum.skipped_rows >= 1, "the 合计 footer is skipped and counted");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("_report.json")).expect("report")).expect("json");
    assert_eq!(report["skipped_rows"].as_u64(), Some(sum.skipped_rows));
    let b = read(&out.join("cases.parquet"));
    let b = b.first().expect("one batch");
    assert_eq!(b.num_rows(), 9);
    let rows = col::<Int32Array>(b, "_row");
    assert_eq!(rows.value(0), 3, "title line and header: the first case is on Excel row 3");
    let target = col::<Int64Array>(b, "target_amount");
    assert_eq!(target.value(0), 12_000_000, "120,000.00元 in 分");
    assert_eq!(target.value(1), 5_200_000, "5.2万元 in 分");
    let closed = col::<Date32Array>(b, "closed_date");
    // 2021-02-27 as days since 1970-01-01.
    assert_eq!(closed.value(2), 18_685);
    let no = col::<StringArray>(b, "case_no");
    assert_eq!(no.value(2), "（2021）浙0203执88号", "案号 key: widths and spaces normalised");
    assert_eq!(col::<StringArray>(b, "case_no__type").value(7), "执恢");
    let paid = col::<Int64Array>(b, "paid_amount");
    assert!(paid.is_null(2), "`--` is blank");
    // Every kind has its file, empty or not, so SQL views always resolve.
    for k in ["vehicles", "deposits", "seizures", "funds"] {
        assert!(out.join(format!("{k}.parquet")).exists(), "{k}");
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn multi_person_cells_become_party_rows() {
    let out = std::env::temp_dir().join(format!("xiansuo-norm-p-{}", std::process::id()));
    messy(&out);
    let b = read(&out.join("cases_parties.parquet"));
    let b = b.first().expect("one batch");
    let rid = col::<Int64Array>(b, "_rid");
    let role = col::<StringArray>(b, "role");
    let name = col::<StringArray>(b, "name");
    let st = col::<StringArray>(b, "id_st");
    let debtors: Vec<(i64, &str, &str)> = (0..b.num_rows())
        .filter(|&i| role.value(i) == "debtor")
        .map(|i| (rid.value(i), name.value(i), st.value(i)))
        .collect();
    assert_eq!(debtors.iter().filter(|d| d.0 == 0).count(), 2, "王建国、李秀英 → two debtors");
    assert!(debtors.contains(&(1, "陈 明", "masked")));
    assert!(debtors.contains(&(2, "赵丽", "damaged")), "3.30205E+17 is damaged, never repaired");
    let _ = std::fs::remove_dir_all(&out);
}

fn normalize_dirs(dirs: &[&str], out: &Path, jobs: usize) -> xiansuo::normalize_out::Summary {
    let mut files: Vec<(Option<String>, PathBuf)> = Vec::new();
    for d in dirs {
        let mut in_dir: Vec<PathBuf> = std::fs::read_dir(d)
            .expect("fixture")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x != "json"))
            .collect();
        in_dir.sort();
        files.extend(in_dir.into_iter().map(|p| (None, p)));
    }
    xiansuo::normalize_out::normalize_files_jobs(&files, out, &IngestOptions::new(), jobs).expect("normalize")
}

fn text_at(b: &RecordBatch, name: &str, i: usize) -> String {
    let c = col::<StringArray>(b, name);
    if c.is_null(i) { String::new() } else { c.value(i).to_string() }
}

#[test]
fn classified_columns_hold_the_engine_classifiers_result() {
    let out = std::env::temp_dir().join(format!("xiansuo-norm-c-{}", std::process::id()));
    normalize_dirs(
        &["tests/cases/wave2/auction.start_price_low", "tests/cases/wave2/disposal.seized_not_disposed", "tests/cases/wave2/petition.on_zhongben"],
        &out,
        0,
    );
    let mut checked = 0;
    for (kind, field, norm, second) in xiansuo::sql::schema::CLASSIFIED {
        for b in read(&out.join(format!("{kind}.parquet"))) {
            let value = b.column_by_name(&format!("{field}__{norm}")).expect("classified column");
            let bad = col::<arrow_array::BooleanArray>(&b, &format!("{field}__{norm}__bad"));
            for i in 0..b.num_rows() {
                let more = second.map(|s| text_at(&b, s, i)).unwrap_or_default();
                let want = xiansuo::engine::eval::classify(norm, &text_at(&b, field, i), &more);
                let got = match (value.as_any().downcast_ref::<Int64Array>(), value.as_any().downcast_ref::<StringArray>()) {
                    (_, _) if value.is_null(i) => None,
                    (Some(n), _) => Some(format!("{}", n.value(i) as f64)),
                    (_, Some(s)) => Some(s.value(i).to_string()),
                    _ => None,
                };
                let want_s = match &want {
                    xiansuo::engine::eval::Val::Num(n) => Some(format!("{n}")),
                    xiansuo::engine::eval::Val::Text(t) => Some(t.to_string()),
                    _ => None,
                };
                assert_eq!(got, want_s, "{kind}.{field}__{norm} row {i}");
                assert_eq!(bad.value(i), want == xiansuo::engine::eval::Val::Bad, "{kind}.{field}__{norm}__bad row {i}");
                checked += usize::from(want_s.is_some());
            }
        }
    }
    assert!(checked >= 10, "classified values checked: {checked}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn statements_give_txn_rows_with_parties() {
    let out = std::env::temp_dir().join(format!("xiansuo-norm-t-{}", std::process::id()));
    let sum = normalize_dirs(&["tests/cases/wave2/refusal.transfer_after_suit"], &out, 0);
    let rows = sum.rows.get("txn").copied().unwrap_or(0);
    assert!(rows > 0, "txn rows from the statement: {:?}", sum.rows);
    let parties: Vec<RecordBatch> = read(&out.join("txn_parties.parquet"));
    let roles: std::collections::BTreeSet<String> =
        parties.iter().flat_map(|b| (0..b.num_rows()).map(move |i| text_at(b, "role", i))).collect();
    assert!(roles.contains("name") && roles.contains("cp_name"), "{roles:?}");
    let phases: usize = read(&out.join("txn.parquet"))
        .iter()
        .map(|b| (0..b.num_rows()).filter(|&i| !text_at(b, "phase", i).is_empty()).count())
        .sum();
    assert!(phases > 0, "case phases come from the cases read beside the statement");
    let _ = std::fs::remove_dir_all(&out);
}

/// Every row of every table, keyed by row id (and party index), as text.
fn rows_by_rid(dir: &Path) -> std::collections::BTreeMap<(String, i64, String), String> {
    let mut out = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(dir).expect("out dir") {
        let p = e.expect("entry").path();
        if p.extension().is_none_or(|x| x != "parquet") {
            continue;
        }
        let table = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        for b in read(&p) {
            let rid = col::<Int64Array>(&b, "_rid");
            for i in 0..b.num_rows() {
                let cells: Vec<String> = b.columns().iter().map(|c| format!("{:?}", c.slice(i, 1))).collect();
                let sub = if table.ends_with("_parties") {
                    format!("{}#{}", text_at(&b, "role", i), col::<Int32Array>(&b, "idx").value(i))
                } else {
                    String::new()
                };
                out.insert((table.clone(), rid.value(i), sub), cells.join("|"));
            }
        }
    }
    out
}

#[test]
fn workers_write_the_same_rows_as_one_thread() {
    let one = std::env::temp_dir().join(format!("xiansuo-norm-j1-{}", std::process::id()));
    let many = std::env::temp_dir().join(format!("xiansuo-norm-j4-{}", std::process::id()));
    let dirs = ["tests/cases/sql/messy", "tests/cases/wave2/refusal.transfer_after_suit", "tests/cases/wave2/auction.start_price_low", "tests/cases/screen/vehicle"];
    let a = normalize_dirs(&dirs, &one, 1);
    let b = normalize_dirs(&dirs, &many, 4);
    assert_eq!(a.rows, b.rows);
    assert_eq!(a.skipped_rows, b.skipped_rows);
    assert_eq!(serde_json::to_string(&a.files).ok(), serde_json::to_string(&b.files).ok(), "reports in input order");
    let (ra, rb) = (rows_by_rid(&one), rows_by_rid(&many));
    assert!(ra.len() > 20, "rows compared: {}", ra.len());
    assert_eq!(ra, rb);
    let _ = std::fs::remove_dir_all(&one);
    let _ = std::fs::remove_dir_all(&many);
}
