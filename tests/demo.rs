//! The training data set end to end: every demo file is read through the
//! `Workspace` as the page and the CLI read it, lands in the kind it was
//! written as, with every data row kept (title, header and footer rows
//! excluded); then the engines find what the demo was built to show.

use xiansuo::demo::{self, expect};
use xiansuo::ingest::IngestOptions;
use xiansuo::Workspace;

fn load() -> Workspace {
    let mut ws = Workspace::new();
    for f in demo::files() {
        let added = ws.add_file(&f.name, &f.bytes, &IngestOptions::default());
        assert!(added.errors.is_empty(), "{}: {:?}", f.name, added.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>());
        assert!(!added.datasets.is_empty(), "{}: no table read", f.name);
    }
    ws
}

#[test]
#[ignore = "awaits the ingest branch: the placeholder reader only splits UTF-8 on commas"]
fn every_file_is_detected_as_its_kind() {
    let ws = load();
    for (f, kind) in demo::files_with_kinds() {
        let got: Vec<&str> = ws.datasets().iter().filter(|d| d.table.source.file == f.name).map(|d| d.kind()).collect();
        assert_eq!(got, vec![kind], "{}", f.name);
    }
}

#[test]
#[ignore = "awaits the ingest branch: the placeholder reader only splits UTF-8 on commas"]
fn every_data_row_is_kept() {
    let ws = load();
    for (name, rows) in demo::row_counts() {
        let d = ws.datasets().iter().find(|d| d.table.source.file == name).unwrap_or_else(|| panic!("{name} not loaded"));
        assert_eq!(d.len(), rows, "{name}: rows read vs rows written");
    }
}

#[test]
#[ignore = "awaits the ingest branch: the placeholder reader only splits UTF-8 on commas"]
fn the_haishu_row_reads_back_with_its_figures() {
    let ws = load();
    let dep = ws.datasets().iter().find(|d| d.kind() == "deposits").expect("deposit ledger");
    let row = (0..dep.len()).find(|&i| dep.get(i, "person") == expect::CHEN_NAME).expect("陈某's deposit row");
    let fen = |field: &str| xiansuo::normalize::amount::parse(dep.get(row, field), xiansuo::normalize::amount::Unit::Yuan).ok();
    assert_eq!(fen("deposit_amount"), Some(500_000));
    assert_eq!(fen("victim_amount"), Some(300_000));
    // Excel row: title row 1, header row 2, 陈某 is the first data row.
    assert_eq!(dep.table.line(row), 3);
}
