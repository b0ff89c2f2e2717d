//! The training data set end to end: every demo file is read through the
//! `Workspace` as the page and the CLI read it, lands in the kind it was
//! written as, with its data rows kept; then the screening engine and the
//! flow analysis find what the demo was built to show (every rule of
//! domain.md, the Ningbo Haishu 2,000-yuan deposit lead, the Yuexiu shop),
//! and stay silent on the negative examples planted beside them.

use std::sync::OnceLock;
use xiansuo::demo::{self, expect};
use xiansuo::engine::{self, ScreenOptions, ScreenReport};
use xiansuo::flow::{self, FlowOptions, FlowReport};
use xiansuo::ingest::IngestOptions;
use xiansuo::lead::Match;
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

fn ws() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(load)
}

fn screen() -> &'static ScreenReport {
    static R: OnceLock<ScreenReport> = OnceLock::new();
    R.get_or_init(|| engine::run(ws().datasets(), &ScreenOptions::new(demo::as_of()), &mut |_, _, _| {}).expect("screening runs"))
}

fn flow_report() -> &'static FlowReport {
    static R: OnceLock<FlowReport> = OnceLock::new();
    R.get_or_init(|| {
        let opts = FlowOptions { as_of: Some(demo::as_of()), ..FlowOptions::default() };
        flow::analyse(ws().datasets(), &opts, &mut |_, _, _| {}).expect("flow analysis runs")
    })
}

#[test]
fn every_file_is_detected_as_its_kind() {
    for (f, kind) in demo::files_with_kinds() {
        let got: Vec<&str> = ws().datasets().iter().filter(|d| d.table.source.file == f.name).map(|d| d.kind()).collect();
        assert_eq!(got, vec![kind], "{}", f.name);
    }
}

#[test]
fn every_data_row_is_kept() {
    for (name, rows) in demo::row_counts() {
        let d = ws().datasets().iter().find(|d| d.table.source.file == name).unwrap_or_else(|| panic!("{name} not loaded"));
        // Footers (Alipay's 已收入:N笔 summary lines included) are skipped, not read as data.
        assert_eq!(d.len(), rows, "{name}: read {} rows, wrote {rows}", d.len());
    }
}

/// Alipay's summary footer used to reach the flow engine as data rows it could not parse.
#[test]
fn alipay_statement_has_no_unparsed_rows() {
    let files: Vec<_> = flow_report().files.iter().filter(|f| f.file.starts_with("alipay")).collect();
    assert!(!files.is_empty(), "no alipay statement in the demo");
    for f in files {
        assert_eq!(f.unparsed, 0, "{}: {} unparsed rows", f.file, f.unparsed);
        assert!(f.skipped >= 5, "{}: footer lines not listed as skipped ({})", f.file, f.skipped);
    }
}

#[test]
fn the_haishu_row_reads_back_with_its_figures() {
    let dep = ws().datasets().iter().find(|d| d.kind() == "deposits").expect("deposit ledger");
    let row = (0..dep.len()).find(|&i| dep.get(i, "person") == expect::CHEN_NAME).expect("陈某's deposit row");
    let fen = |field: &str| xiansuo::normalize::amount::parse(dep.get(row, field), xiansuo::normalize::amount::Unit::Yuan).ok();
    assert_eq!(fen("deposit_amount"), Some(500_000));
    assert_eq!(fen("victim_amount"), Some(300_000));
    // Excel row: title row 1, header row 2, 陈某 is the first data row.
    assert_eq!(dep.table.line(row), 3);
}

#[test]
fn every_screening_rule_fires() {
    let r = screen();
    for rule in expect::SCREEN_RULES {
        assert!(r.leads.iter().any(|l| l.rule == *rule), "{rule} did not fire; not evaluated: {:?}", r.not_evaluated);
    }
    assert!(r.not_evaluated.is_empty(), "{:?}", r.not_evaluated);
}

#[test]
fn the_haishu_deposit_lead_is_2000_yuan() {
    let leads: Vec<_> = screen().leads.iter().filter(|l| l.rule == "deposit.unreturned" && l.case_no == expect::CHEN_CASE).collect();
    assert_eq!(leads.len(), 1);
    let l = leads[0];
    assert_eq!(l.subject_name, expect::CHEN_NAME);
    assert_eq!(l.confidence, Some(Match::Id));
    assert_eq!(l.amount_fen, Some(expect::CHEN_LEAD_FEN));
}

#[test]
fn name_only_matches_exist_and_are_marked_weak() {
    let weak: Vec<_> = screen().leads.iter().filter(|l| l.confidence == Some(Match::Name)).collect();
    // 李建平 (Excel-damaged ID), 赵丽 (no ID), 黄志明's Yuexiu shop (1999 register without ID).
    for name in ["李建平", "赵丽", "黄志明"] {
        assert!(weak.iter().any(|l| l.subject_name == name), "{name}");
    }
    assert!(weak.iter().all(|l| l.weak));
    let yuexiu = weak.iter().find(|l| l.subject_name == "黄志明").unwrap();
    assert!(yuexiu.evidence.iter().any(|e| e.fields.0.iter().any(|(_, v)| v.raw.contains("某某苑"))), "{:?}", yuexiu.evidence);
}

#[test]
fn negative_examples_stay_silent() {
    let r = screen();
    let has = |rule: &str, name: &str| r.leads.iter().any(|l| l.rule == rule && l.subject_name.contains(name));
    // Restored by a later 执恢 case.
    assert!(!has("vehicle.unseized", "郑国华"));
    // Scrapped (E) / seized (K) cars.
    assert!(!has("vehicle.unseized", "陈某") && !has("vehicle.unseized", "刘志强"));
    // Deposit fully owed to the victim; deposit refunded.
    assert!(!has("deposit.unreturned", "张国强") && !has("deposit.unreturned", "王海峰"));
    // Removed from the list in time after paying.
    assert!(!has("credit.not_removed", "钱宏伟"));
    // Background 终本 cases were closed by the book.
    let procedural = r.leads.iter().filter(|l| l.rule.starts_with("procedure.")).count();
    assert_eq!(procedural, 4, "{:?}", r.leads.iter().filter(|l| l.rule.starts_with("procedure.")).map(|l| (&l.rule, &l.case_no)).collect::<Vec<_>>());
}

#[test]
fn every_flow_rule_fires_and_the_subject_ranks_first() {
    let r = flow_report();
    for rule in expect::FLOW_RULES {
        assert!(r.leads.iter().any(|l| l.rule == *rule), "{rule} did not fire; not evaluated: {:?}", r.not_evaluated.iter().map(|n| (&n.rule, &n.reason)).collect::<Vec<_>>());
    }
    // The debtor's own patterns outrank the relatives' honest money.
    let top: Vec<_> = r.leads.iter().take(10).collect();
    assert!(top.iter().all(|l| l.subject_name == expect::FLOW_SUBJECT), "{:?}", top.iter().map(|l| (&l.rule, &l.focus_name, l.score)).collect::<Vec<_>>());
    // The planted night transfers are the subject's, not only an artefact.
    assert!(r.leads.iter().any(|l| l.rule == "flow.night" && l.focus_account == expect::FLOW_ACCOUNT));
    // Failed transfers are counted and kept out.
    assert!(r.stats.failed >= 2);
    // Case nodes come from the cases file by ID.
    let s = r.subjects.iter().find(|s| s.name == expect::FLOW_SUBJECT).expect("subject found from the cases file");
    assert_eq!(s.timeline.filed, chrono::NaiveDate::from_ymd_opt(2024, 4, 8));
}

#[test]
fn the_yuexiu_contract_address_finds_the_registered_shop() {
    let r = screen();
    let group = r.candidates.iter().find(|g| g.case_no == "（2021）粤0104执2345号").expect("a candidate group for the Yuexiu case");
    assert_eq!(group.address, expect::YUEXIU_CONTRACT);
    let top = group.properties.first().expect("candidates");
    assert_eq!(top.location, expect::YUEXIU_REGISTERED, "{:?}", group.properties.iter().map(|p| (&p.location, p.score)).collect::<Vec<_>>());
    assert_eq!(top.owner, "黄志明");
}

#[test]
fn cli_writes_the_same_files() {
    let dir = std::env::temp_dir().join(format!("xiansuo-demo-test-{}", std::process::id()));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xiansuo")).args(["demo", "-o"]).arg(&dir).output().expect("run xiansuo demo");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for f in demo::files() {
        let written = std::fs::read(dir.join(&f.name)).unwrap_or_default();
        assert_eq!(written, f.bytes, "{}", f.name);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every second-wave rule fires on the demo rows `expect::WAVE2_LEADS` names
/// (rule, 案号, subject), with evidence from the row's files, and stays silent
/// on `expect::WAVE2_SILENT`; the refusal lead's evidence lists transfers.
#[test]
fn every_second_wave_rule_fires_on_its_demo_rows() {
    let key = |c: &str| xiansuo::engine::cases::case_key(c);
    let leads = &screen().leads;
    for (rule, case_no, subject) in expect::WAVE2_LEADS {
        let hit = leads.iter().find(|l| l.rule == *rule && l.case_no == key(case_no) && l.subject_name == *subject);
        let Some(l) = hit else {
            let near: Vec<String> = leads.iter().filter(|l| l.rule == *rule).map(|l| format!("{} {}", l.case_no, l.subject_name)).collect();
            panic!("{rule} did not fire on {case_no} {subject}; it fired on {near:?}");
        };
        assert!(!l.evidence.is_empty() && !l.basis.is_empty() && !l.reason.is_empty(), "{rule}: evidence, basis and reason");
    }
    for (rule, case_no) in expect::WAVE2_SILENT {
        assert!(!leads.iter().any(|l| l.rule == *rule && l.case_no == key(case_no)), "{rule} fired on {case_no}");
    }
    let refusal = leads.iter().find(|l| l.rule == "refusal.transfer_after_suit").map(|l| l.evidence.iter().filter(|e| e.kind == "txn").count());
    assert!(refusal.unwrap_or(0) >= 2, "the referral lead cites each transfer");
}

/// The has_petition mark reaches the lead export as a column of its own.
#[test]
fn petition_marked_leads_are_exported_with_the_mark() {
    // Screening itself marks the leads (engine::run), for the page and the CLI alike.
    let mut leads = screen().leads.clone();
    let marked = leads.iter().filter(|l| l.flags.iter().any(|f| f == xiansuo::dossier::petitions::FLAG)).count();
    assert!(marked > 0, "the demo's petitions name some leads' cases");
    assert_eq!(xiansuo::dossier::petitions::mark(&mut leads, ws().datasets()), 0, "already marked by the run");
    let report = xiansuo::export::leads::LeadReport { as_of: demo::as_of(), leads, not_evaluated: Vec::new(), rules_run: Vec::new(), truncated: false };
    let bytes = xiansuo::export::leads::to_csv(&report);
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&bytes));
    let header: Vec<String> = r.headers().map(|h| h.iter().map(str::to_string).collect()).unwrap_or_default();
    let col = header.iter().position(|h| h == "有信访").unwrap_or_else(|| panic!("no 有信访 column: {header:?}"));
    let with = r.records().filter_map(Result::ok).filter(|row| row.get(col) == Some("有")).count();
    assert_eq!(with, marked, "one 有 per marked lead");
}
