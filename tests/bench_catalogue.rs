//! The catalogue bench data (`bench::catalogue`) at a small scale: every
//! generated part is detected as its kind, every kind a rule reads is there,
//! every rule is evaluated and fires, and the rules the generators are built
//! to trigger fire on generated rows (not only on the demo's stories).
//! Behaviour only: timings are printed by `xiansuo bench screen-all`.

use std::collections::{BTreeMap, BTreeSet};
use xiansuo::bench::{catalogue, engines};
use xiansuo::ingest::IngestOptions;
use xiansuo::Workspace;

const CASES: u64 = 800;

fn workspace() -> Workspace {
    let mut ws = Workspace::new();
    for (name, bytes) in catalogue::files(CASES).unwrap() {
        let added = ws.add_file(&name, &bytes, &IngestOptions::default());
        assert!(!added.datasets.is_empty(), "{name}: nothing read ({:?})", added.errors);
    }
    ws
}

#[test]
fn generated_parts_are_read_as_their_kinds_at_their_sizes() {
    let ws = workspace();
    for p in catalogue::PARTS {
        let ds: Vec<_> = ws.datasets().iter().filter(|d| d.table.source.file == p.file).collect();
        assert_eq!(ds.len(), 1, "{}", p.file);
        assert_eq!(ds[0].kind(), p.kind, "{}", p.file);
        // Every generated row is a data row (no header, footer or blank row guessed wrong).
        let rows = ds[0].table.len() as u64;
        let expected = p.rows(CASES);
        // Transfers are written as two rows, so the last event may add one.
        assert!(rows == expected || (p.kind == "transactions" && rows == expected + 1), "{}: {rows} rows, expected {expected}", p.file);
    }
}

#[test]
fn every_rule_reads_kinds_that_are_there_and_fires() {
    let ws = workspace();
    let kinds: BTreeSet<&str> = ws.datasets().iter().map(|d| d.kind()).collect();
    let run = engines::screen_all(&ws, &|| 0.0).unwrap();
    assert!(run.not_evaluated.is_empty(), "not evaluated: {:?}", run.not_evaluated);
    let mut rules = 0;
    for model in xiansuo::model::catalog::catalog() {
        for rule in &model.rules {
            rules += 1;
            for plan in &rule.plans {
                assert!(kinds.contains(plan.base.as_str()), "{}: base kind {} missing (have {kinds:?})", rule.id, plan.base);
            }
            assert!(run.counts.get(&rule.id).copied().unwrap_or(0) > 0, "{} gave no lead: {:?}", rule.id, run.counts);
        }
    }
    assert!(rules >= 29, "rules in the catalogue: {rules}");
}

#[test]
fn the_generators_make_their_rules_fire_on_generated_rows() {
    let ws = workspace();
    let opts = xiansuo::engine::ScreenOptions::new(xiansuo::demo::as_of());
    let report = xiansuo::engine::run(ws.datasets(), &opts, &mut |_, _, _| {}).unwrap();
    // Leads whose evidence is all in generated files, per rule.
    let mut generated: BTreeMap<&str, usize> = BTreeMap::new();
    for l in &report.leads {
        if !l.evidence.is_empty() && l.evidence.iter().all(|e| e.file.starts_with("catalogue-")) {
            *generated.entry(l.rule.as_str()).or_default() += 1;
        }
    }
    let missing: Vec<&&str> = catalogue::FIRING.iter().filter(|r| !generated.contains_key(**r)).collect();
    assert!(missing.is_empty(), "no lead on generated rows for {missing:?}; got {generated:?}");
}
