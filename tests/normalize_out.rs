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
