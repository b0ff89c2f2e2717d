//! The second-wave rules on their fixtures (`tests/cases/wave2/<rule id>/`,
//! see its README): each folder's inputs are screened with the folder's
//! models, thresholds and as-of date; for the folder's rules the run's
//! (rule, 案号, subject) set must equal the expected leads, no near miss may
//! fire, and the lead's match level, amount and petition classes must be the
//! expected ones. The held-apart set (`wave2_holdout`) runs the same way and
//! prints what it finds; it fails only on a missed lead or a near miss that
//! fires, so it too can fail.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use xiansuo::engine::{self, ScreenOptions};
use xiansuo::ingest::{self, Dataset, IngestOptions};
use xiansuo::lead::Lead;
use xiansuo::normalize::name;

#[derive(Deserialize)]
struct Expect {
    as_of: String,
    models: Vec<String>,
    rules: Vec<String>,
    #[serde(default)]
    set: Vec<String>,
    leads: Vec<Item>,
    near_misses: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    rule: String,
    #[serde(default)]
    case_no: Option<String>,
    #[serde(default)]
    subject_name: Option<String>,
    #[serde(rename = "match", default)]
    confidence: Option<String>,
    #[serde(default)]
    amount_fen: Option<i64>,
    #[serde(default)]
    classes: Option<Vec<String>>,
    #[serde(default)]
    petitioner: Option<String>,
    why: String,
}

type Key = (String, String, String);

fn case_key(raw: &str) -> String {
    xiansuo::engine::cases::case_key(raw.split_whitespace().next().unwrap_or_default())
}

fn key(rule: &str, case_no: &str, subject: &str) -> Key {
    (rule.to_string(), case_key(case_no), name::key(subject))
}

fn load(dir: &Path) -> Vec<Dataset> {
    let mut files: Vec<_> = std::fs::read_dir(dir).map(|r| r.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    let mut out = Vec::new();
    for p in files {
        let file = p.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_string();
        if file == "expect.json" {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap_or_default();
        let loaded = ingest::read(&file, &bytes, &IngestOptions::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
        out.extend(loaded.tables.into_iter().map(Dataset::new));
    }
    out
}

/// Run one folder; returns the problems found (empty = pass).
fn run_folder(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("expect.json")).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let e: Expect = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
    let as_of = chrono::NaiveDate::parse_from_str(&e.as_of, "%Y-%m-%d").unwrap_or_default();
    let mut opts = ScreenOptions::new(as_of).models(e.models.clone());
    for s in &e.set {
        opts = opts.set(s).unwrap_or_else(|err| panic!("{s}: {err}"));
    }
    let datasets = load(dir);
    let report = engine::run(&datasets, &opts, &mut |_, _, _| {}).unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
    let leads: Vec<&Lead> = report.leads.iter().filter(|l| e.rules.contains(&l.rule)).collect();
    let got: BTreeSet<Key> = leads.iter().map(|l| key(&l.rule, &l.case_no, &l.subject_name)).collect();
    let mut problems = Vec::new();
    let at = dir.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_string();
    let mut want = BTreeSet::new();
    for l in &e.leads {
        let (Some(c), Some(s)) = (&l.case_no, &l.subject_name) else { continue };
        let k = key(&l.rule, c, s);
        want.insert(k.clone());
        let mine: Vec<&&Lead> = leads.iter().filter(|x| key(&x.rule, &x.case_no, &x.subject_name) == k).collect();
        if mine.is_empty() {
            problems.push(format!("{at}: missed {} {c} {s} ({})", l.rule, l.why));
            continue;
        }
        if let Some(m) = &l.confidence {
            let ok = match m.as_str() {
                "id" => mine.iter().any(|x| x.confidence == Some(xiansuo::lead::Match::Id) || (x.confidence.is_none() && !x.weak)),
                "name" => mine.iter().any(|x| x.weak),
                _ => mine.iter().any(|x| !x.weak),
            };
            if !ok {
                problems.push(format!("{at}: {} {c} {s}: match should be {m}, got {:?}", l.rule, mine.iter().map(|x| (x.confidence, x.weak)).collect::<Vec<_>>()));
            }
        }
        if let Some(a) = l.amount_fen {
            if !mine.iter().any(|x| x.amount_fen == Some(a)) {
                problems.push(format!("{at}: {} {c} {s}: amount {a}, got {:?}", l.rule, mine.iter().map(|x| x.amount_fen).collect::<Vec<_>>()));
            }
        }
        if let Some(cl) = &l.classes {
            let ok = mine.iter().any(|x| {
                let shown: BTreeSet<&str> = x.figures.iter().filter(|f| f.key == "classes").flat_map(|f| f.display.split('、')).collect();
                cl.iter().all(|c| shown.contains(c.as_str())) && shown.len() == cl.len()
            });
            if !ok {
                problems.push(format!("{at}: {} {c} {s}: classes {cl:?}, got {:?}", l.rule, mine.iter().map(|x| x.reason.clone()).collect::<Vec<_>>()));
            }
        }
    }
    for n in &e.near_misses {
        // A near miss names a case and subject, or (a petition naming nobody) just who wrote it.
        match (&n.case_no, &n.subject_name) {
            (Some(c), Some(s)) if !want.contains(&key(&n.rule, c, s)) && got.contains(&key(&n.rule, c, s)) => {
                problems.push(format!("{at}: near miss fired: {} {c} {s} ({})", n.rule, n.why));
            }
            (None, _) => {
                if let Some(p) = &n.petitioner {
                    if leads.iter().any(|l| l.rule == n.rule && l.evidence.iter().any(|ev| ev.fields.0.iter().any(|(_, v)| name::key(&v.raw) == name::key(p)))) {
                        problems.push(format!("{at}: near miss fired for petitioner {p} ({})", n.why));
                    }
                }
            }
            _ => {}
        }
    }
    for g in got.difference(&want) {
        if !e.near_misses.iter().any(|n| n.case_no.as_deref().is_some_and(|c| key(&n.rule, c, n.subject_name.as_deref().unwrap_or_default()) == *g)) {
            problems.push(format!("{at}: unexpected lead {g:?}"));
        }
    }
    problems
}

fn folders(root: &str) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let mut dirs: Vec<_> = std::fs::read_dir(&root).map(|r| r.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect()).unwrap_or_default();
    dirs.sort();
    dirs
}

#[test]
fn every_wave2_rule_fires_on_its_fixtures_and_not_on_near_misses() {
    let dirs = folders("tests/cases/wave2");
    assert!(dirs.len() >= 15);
    let problems: Vec<String> = dirs.iter().flat_map(|d| run_folder(d)).collect();
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Held-apart folders whose inputs cannot give their expected leads, and why.
const BROKEN: &[(&str, &str)] = &[(
    "auction_jd_xlsx",
    "京东拍卖导出.xlsx: every data row lacks the 拍卖类型 cell, so each value sits one column left of its header (市场价 reads a date)",
)];

#[test]
fn the_held_apart_folders() {
    let dirs = folders("tests/cases/wave2_holdout");
    assert!(!dirs.is_empty());
    let mut all = Vec::new();
    for d in &dirs {
        let name = d.file_name().and_then(|f| f.to_str()).unwrap_or_default();
        if let Some((_, why)) = BROKEN.iter().find(|(b, _)| *b == name) {
            // Still broken? Then its misses say nothing about the rules.
            let p = run_folder(d);
            eprintln!("{}: skipped ({why}); {}", d.display(), p.join("; "));
            assert!(!p.is_empty(), "{name} passes now: remove it from BROKEN");
            continue;
        }
        let p = run_folder(d);
        eprintln!("{}: {}", d.display(), if p.is_empty() { "ok".to_string() } else { p.join("; ") });
        all.extend(p);
    }
    assert!(all.is_empty(), "\n{}", all.join("\n"));
}

/// The numbers a lead carries come from the rows (not a constant): the
/// transfer total of `refusal.transfer_after_suit` follows the statement.
#[test]
fn transfer_total_follows_the_statement() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/wave2/refusal.transfer_after_suit");
    let datasets = load(&dir);
    let opts = ScreenOptions::new(chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()).models(["refusal.transfer_after_suit"]);
    let lower = opts.clone().set("refusal.transfer_after_suit.min_total=40000").unwrap_or_else(|e| panic!("{e}"));
    let r = engine::run(&datasets, &lower, &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{e}"));
    let shen: Vec<_> = r.leads.iter().filter(|l| l.subject_name == "沈佳").collect();
    assert_eq!(shen.len(), 1, "49,999.99 passes a 40,000 threshold");
    assert_eq!(shen[0].amount_fen, Some(4_999_999));
    let transfers = shen[0].evidence.iter().filter(|e| e.kind == "txn").count();
    assert_eq!(transfers, 2, "each counted transfer is in the evidence (the failed one is not)");
}
