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

/// Every row of one output table: its parts (`DIR/TABLE/part-*.parquet`) in name order.
fn table(dir: &Path, name: &str) -> Vec<RecordBatch> {
    let mut parts: Vec<PathBuf> = std::fs::read_dir(dir.join(name))
        .expect("table directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
        .collect();
    parts.sort();
    assert!(!parts.is_empty(), "{name}: at least one part, so SQL views resolve");
    parts.iter().flat_map(|p| read(p)).collect()
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
    let b = table(&out, "cases");
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
    // Every kind has its parts, empty or not, so SQL views always resolve.
    assert!(!table(&out, "vehicles").is_empty());
    for k in ["deposits", "seizures", "funds"] {
        assert!(table(&out, k).iter().all(|b| b.num_rows() == 0), "{k}: an empty part");
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn multi_person_cells_become_party_rows() {
    let out = std::env::temp_dir().join(format!("xiansuo-norm-p-{}", std::process::id()));
    messy(&out);
    let b = table(&out, "cases_parties");
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
        for b in table(&out, kind) {
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
    let parties: Vec<RecordBatch> = table(&out, "txn_parties");
    let roles: std::collections::BTreeSet<String> =
        parties.iter().flat_map(|b| (0..b.num_rows()).map(move |i| text_at(b, "role", i))).collect();
    assert!(roles.contains("name") && roles.contains("cp_name"), "{roles:?}");
    let phases: usize = table(&out, "txn")
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
        if !p.is_dir() {
            continue;
        }
        let name = p.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        for b in table(dir, &name) {
            let rid = col::<Int64Array>(&b, "_rid");
            for i in 0..b.num_rows() {
                let cells: Vec<String> = b.columns().iter().map(|c| format!("{:?}", c.slice(i, 1))).collect();
                let sub = if name.ends_with("_parties") {
                    format!("{}#{}", text_at(&b, "role", i), col::<Int32Array>(&b, "idx").value(i))
                } else {
                    String::new()
                };
                out.insert((name.clone(), rid.value(i), sub), cells.join("|"));
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
    // One dataset per kind, a part per input file that had the kind.
    let parts = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir.join("cases"))
            .expect("cases/")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let case_files = a.files.iter().filter(|f| f.kind == "cases").count();
    assert!(case_files >= 3, "{case_files}");
    assert_eq!(parts(&one).len(), case_files);
    assert_eq!(parts(&one), parts(&many), "part names do not depend on the workers");
    // A second run into the same directory replaces the first run's parts.
    let c = normalize_dirs(&dirs[..1], &many, 4);
    let fresh = std::env::temp_dir().join(format!("xiansuo-norm-j0-{}", std::process::id()));
    normalize_dirs(&dirs[..1], &fresh, 1);
    assert_eq!(rows_by_rid(&many), rows_by_rid(&fresh), "no part left from the earlier run");
    assert!(c.rows.get("cases").copied().unwrap_or(0) < a.rows.get("cases").copied().unwrap_or(0));
    let _ = std::fs::remove_dir_all(&fresh);
    let _ = std::fs::remove_dir_all(&one);
    let _ = std::fs::remove_dir_all(&many);
}

/// Every Parquet file under `dir` (one worker: batches in a fixed order).
fn batches(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<RecordBatch>> {
    let mut out = std::collections::BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("out dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "parquet") {
                out.insert(p.strip_prefix(dir).unwrap_or(&p).to_path_buf(), read(&p));
            }
        }
    }
    out
}

/// Text fixtures grown past the head a chunked read decides from
/// (`encoding::SNIFF_HEAD`), so the rest of the file is read in chunks too:
/// - a GBK file whose first MiB is ASCII (comment lines): only the whole
///   file tells it is not UTF-8;
/// - the UTF-16 and multi-line UTF-8 fixtures with their data rows repeated.
fn grown(dir: &Path) -> Vec<PathBuf> {
    let src = Path::new("tests/data/normalize_chunks");
    let head = xiansuo::ingest::encoding::SNIFF_HEAD;
    std::fs::create_dir_all(dir).expect("temp dir");
    let mut out = Vec::new();
    let gbk = std::fs::read(src.join("cases_gbk.csv")).expect("fixture");
    let mut late = Vec::new();
    while late.len() < (1 << 20) + 4096 {
        late.extend(b"# ");
        late.extend(std::iter::repeat_n(b'x', 60_000));
        late.extend(b"\r\n");
    }
    late.extend(&gbk);
    out.push(("late_gbk.csv", late));
    for (name, bom) in [("unicode_text.txt", 2usize), ("multiline_utf8.csv", 3)] {
        let bytes = std::fs::read(src.join(name)).expect("fixture");
        let mut big = bytes.clone();
        let body = bytes.get(bom..).expect("body");
        while big.len() < head + (64 << 10) {
            big.extend(body);
        }
        out.push((name, big));
    }
    out.into_iter()
        .map(|(name, bytes)| {
            let p = dir.join(format!("grown_{name}"));
            std::fs::write(&p, bytes).expect("write");
            p
        })
        .collect()
}

/// Reading text files in chunks (down to one row per chunk) writes the same
/// rows, row ids, provenance and report as reading each file whole the way
/// the page does: fixtures with quoted multi-line cells, CRLF, comments,
/// footers, a repeated header, duplicate rows, bad cells, a row wider than
/// the header, GBK (split on `,` and, decoded first, on `|`), UTF-16 with
/// and without BOM, and the same grown past the head.
#[test]
fn chunked_reading_gives_what_a_whole_read_gives() {
    let tmp = std::env::temp_dir().join(format!("xiansuo-norm-chunks-{}", std::process::id()));
    let mut files: Vec<(Option<String>, PathBuf)> = Vec::new();
    for d in ["tests/data/normalize_chunks", "tests/cases/sql/messy"] {
        let mut in_dir: Vec<PathBuf> = std::fs::read_dir(d).expect("fixture").map(|e| e.expect("entry").path()).collect();
        in_dir.sort();
        files.extend(in_dir.into_iter().filter(|p| p.extension().is_some_and(|x| x != "json")).map(|p| (None, p)));
    }
    files.extend(grown(&tmp.join("in")).into_iter().map(|p| (None, p)));
    let run = |chunk_bytes: usize| {
        let out = tmp.join(format!("out-{chunk_bytes}"));
        let t0 = std::time::Instant::now();
        let settings = xiansuo::normalize_out::Settings { jobs: 1, chunk_bytes };
        let sum = xiansuo::normalize_out::normalize_files_with(&files, &out, &IngestOptions::new(), settings).expect("normalize");
        let report = std::fs::read_to_string(out.join("_report.json")).expect("report");
        eprintln!("chunk {chunk_bytes}: normalize {:?}", t0.elapsed());
        (sum, report, batches(&out))
    };
    let (whole, whole_report, whole_rows) = run(0);
    let n: usize = whole_rows.values().flatten().map(RecordBatch::num_rows).sum();
    assert!(whole.skipped_rows > 5 && n > 2000, "fixtures read: {:?}", whole.rows);
    let encodings: std::collections::BTreeSet<&str> = whole.files.iter().filter_map(|f| f.encoding.as_deref()).collect();
    for e in ["UTF-8", "GB18030", "UTF-16LE", "UTF-16BE"] {
        assert!(encodings.contains(e), "{e} among {encodings:?}");
    }
    for chunk_bytes in [1, 4096] {
        let (sum, report, rows) = run(chunk_bytes);
        assert_eq!(sum.rows, whole.rows, "chunk {chunk_bytes}");
        assert_eq!(report, whole_report, "chunk {chunk_bytes}: _report.json");
        assert!(rows == whole_rows, "chunk {chunk_bytes}: rows differ");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
