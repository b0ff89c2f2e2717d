//! The second-wave rule fixtures (`tests/cases/wave2/<rule id>/`, and the
//! held-apart `tests/cases/wave2_holdout/`) before their rules exist: every
//! input file reads and is detected as the kind `expect.json` names, every
//! expected lead and near miss names a rule of the folder, a case number and
//! a subject that are really in the inputs, and no (rule, case, subject) is
//! both a lead and a near miss. When the rules land, a rule test runs them on
//! the same folders and compares leads (see `tests/cases/wave2/README.md`).

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use xiansuo::ingest::{self, kinds::FieldType, Dataset, IngestOptions};
use xiansuo::normalize::{case_no, name};

#[derive(Deserialize)]
struct Expect {
    as_of: String,
    models: Vec<String>,
    rules: Vec<String>,
    files: BTreeMap<String, String>,
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
    why: String,
}

const RULES: &[&str] = &[
    "auction.start_price_low",
    "auction.second_cut_excess",
    "auction.notice_short",
    "auction.relist_late",
    "auction.debtor_buyer",
    "auction.proceeds_unpaid",
    "auction.appraisal_stale",
    "disposal.seized_not_disposed",
    "preservation.expiring",
    "preservation.not_lifted",
    "distribution.order_violation",
    "distribution.payout_overdue",
    "petition.on_zhongben",
    "refusal.transfer_after_suit",
    "refusal.collusive_case",
];

/// Case-number keys and name keys found in a folder's inputs.
#[derive(Default)]
struct Seen {
    cases: BTreeSet<String>,
    names: BTreeSet<String>,
}

fn read_folder(dir: &Path, e: &Expect) -> Seen {
    let mut seen = Seen::default();
    let mut on_disk = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display())) {
        let path = entry.map(|e| e.path()).unwrap_or_default();
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_string();
        if file == "expect.json" || file.is_empty() {
            continue;
        }
        on_disk.insert(file.clone());
        let want = e.files.get(&file).unwrap_or_else(|| panic!("{}: {file} not listed in files", dir.display()));
        let bytes = std::fs::read(&path).unwrap_or_default();
        let loaded = ingest::read(&file, &bytes, &IngestOptions::default()).unwrap_or_else(|err| panic!("{file}: {err}"));
        assert!(loaded.errors.is_empty(), "{}/{file}: {:?}", dir.display(), loaded.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>());
        assert_eq!(loaded.tables.len(), 1, "{}/{file}: one table", dir.display());
        for table in loaded.tables {
            let ds = Dataset::new(table);
            assert_eq!(ds.kind(), want, "{}/{file}: kind (scores {:?})", dir.display(), ingest::mapping::scores(&ds.table));
            let Some(spec) = ingest::kinds::get(ds.kind()) else { continue };
            for f in &spec.fields {
                if !ds.has(&f.name) {
                    continue;
                }
                for row in 0..ds.len() {
                    let raw = ds.get(row, &f.name);
                    match f.ty {
                        FieldType::CaseNo => {
                            if let Some(c) = case_no::parse(raw).ok() {
                                seen.cases.insert(c.match_key());
                            }
                        }
                        FieldType::Name => {
                            seen.names.insert(name::key(raw));
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    let listed: BTreeSet<String> = e.files.keys().cloned().collect();
    assert_eq!(listed, on_disk, "{}: files listed in expect.json", dir.display());
    seen
}

fn check_item(dir: &Path, e: &Expect, seen: &Seen, item: &Item) {
    let at = format!("{}: {} {:?}", dir.display(), item.rule, item.case_no);
    assert!(e.rules.contains(&item.rule), "{at}: rule not in the folder's rules");
    assert!(!item.why.trim().is_empty(), "{at}: every item says why");
    if let Some(c) = &item.case_no {
        // Near misses may add a word after the number ("… 变卖"); the number comes first.
        let first = c.split_whitespace().next().unwrap_or_default();
        let key = case_no::parse(first).ok().map(|c| c.match_key()).unwrap_or_else(|| panic!("{at}: not a case number"));
        assert!(seen.cases.contains(&key), "{at}: case not in the inputs");
    }
    if let Some(s) = &item.subject_name {
        assert!(seen.names.contains(&name::key(s)), "{at}: subject {s} not in the inputs");
    }
}

fn check_root(root: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let mut rules_covered = BTreeSet::new();
    let mut folders = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display())).filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    for dir in dirs {
        let text = std::fs::read_to_string(dir.join("expect.json")).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let e: Expect = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
        assert!(chrono::NaiveDate::parse_from_str(&e.as_of, "%Y-%m-%d").is_ok(), "{}: as_of", dir.display());
        assert!(!e.models.is_empty());
        for r in &e.rules {
            assert!(RULES.contains(&r.as_str()), "{}: unknown rule {r}", dir.display());
            assert!(e.models.iter().any(|m| r.starts_with(&format!("{m}."))), "{}: rule {r} outside models", dir.display());
        }
        let seen = read_folder(&dir, &e);
        let mut positive = BTreeSet::new();
        for l in &e.leads {
            check_item(&dir, &e, &seen, l);
            assert!(l.case_no.is_some() && l.subject_name.is_some(), "{}: a lead names case and subject", dir.display());
            positive.insert((l.rule.clone(), l.case_no.clone(), l.subject_name.clone()));
            rules_covered.insert(l.rule.clone());
        }
        for n in &e.near_misses {
            check_item(&dir, &e, &seen, n);
            if n.case_no.as_deref().is_some_and(|c| !c.contains(' ')) && n.subject_name.is_some() {
                assert!(!positive.contains(&(n.rule.clone(), n.case_no.clone(), n.subject_name.clone())), "{}: {} is both lead and near miss", dir.display(), n.rule);
            }
        }
        assert!(!e.leads.is_empty() && !e.near_misses.is_empty(), "{}: positives and near misses", dir.display());
        folders += 1;
    }
    for r in RULES {
        assert!(rules_covered.contains(*r), "{}: no positive fixture for {r}", root.display());
    }
    folders
}

#[test]
fn wave2_fixtures_are_consistent() {
    assert!(check_root("tests/cases/wave2") >= RULES.len());
}

#[test]
fn wave2_holdout_fixtures_are_consistent() {
    assert!(check_root("tests/cases/wave2_holdout") >= 1);
}
