//! Data-driven rule tests: every folder under `tests/cases/screen/` holds
//! input files (any format `ingest::read` accepts; kinds detected from the
//! headers as in the CLI, or forced in `expect.json`) and `expect.json`:
//!
//! ```json
//! { "as_of": "2025-06-30", "models": ["deposit"], "set": ["rule.param=value"],
//!   "kinds": {"file.csv": "cases"},
//!   "leads": [{"rule": "...", "case_no": "...", "subject_name": "...", "match": "id",
//!              "amount_fen": 200000, "flags": ["payer_is_other"], "subject_id": "...",
//!              "reason_contains": "..."}],
//!   "not_evaluated": [{"rule": "...", "reason_contains": "..."}] }
//! ```
//!
//! The leads of the run must be exactly the expected ones (same rule, 案号
//! and subject): a rule that fires on a negative fixture fails the test.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use xiansuo::engine::{self, ScreenOptions, ScreenReport};
use xiansuo::ingest::{self, Dataset, IngestOptions};

#[derive(Deserialize)]
struct Expect {
    as_of: String,
    #[serde(default)]
    models: Vec<String>,
    #[serde(default)]
    set: Vec<String>,
    #[serde(default)]
    kinds: BTreeMap<String, String>,
    #[serde(default)]
    leads: Vec<ExpectLead>,
    #[serde(default)]
    not_evaluated: Vec<ExpectNotEvaluated>,
    #[serde(default)]
    candidates: Vec<ExpectCandidates>,
    /// Subjects whose name alone matched too many rows (no lead).
    #[serde(default)]
    ambiguous: Vec<String>,
}

/// Address candidates of one case: the best one's register row, words its
/// reasons must contain, and rows that must not be offered.
#[derive(Deserialize)]
struct ExpectCandidates {
    case_no: String,
    top: (String, u32),
    reasons_contain: Vec<String>,
    #[serde(default)]
    absent: Vec<(String, u32)>,
}

#[derive(Deserialize)]
struct ExpectLead {
    rule: String,
    case_no: String,
    subject_name: String,
    #[serde(rename = "match", default)]
    confidence: Option<Option<String>>,
    #[serde(default)]
    amount_fen: Option<Option<i64>>,
    #[serde(default)]
    flags: Option<Vec<String>>,
    #[serde(default)]
    subject_id: Option<String>,
    #[serde(default)]
    subject_id_source: Option<bool>,
    #[serde(default)]
    reason_contains: Option<String>,
    #[serde(default)]
    evidence_rows: Option<Vec<(String, u32)>>,
}

#[derive(Deserialize)]
struct ExpectNotEvaluated {
    rule: String,
    reason_contains: String,
}

fn load(dir: &Path, kinds: &BTreeMap<String, String>) -> Vec<Dataset> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if name == "expect.json" || name.starts_with('.') {
            continue;
        }
        let bytes = std::fs::read(&f).unwrap_or_default();
        let loaded = ingest::read(&name, &bytes, &IngestOptions::new())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for t in loaded.tables {
            let mut ds = Dataset::new(t);
            if let Some(k) = kinds.get(&name) {
                let spec = ingest::kinds::get(k).unwrap_or_else(|| panic!("unknown kind {k}"));
                ds.mapping = ingest::mapping::map_kind(&ds.table, spec);
            }
            out.push(ds);
        }
    }
    out
}

fn run_case(dir: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(dir.join("expect.json")).map_err(|e| e.to_string())?;
    let exp: Expect = serde_json::from_str(&text).map_err(|e| format!("expect.json: {e}"))?;
    let datasets = load(dir, &exp.kinds);
    let as_of =
        chrono::NaiveDate::parse_from_str(&exp.as_of, "%Y-%m-%d").map_err(|e| e.to_string())?;
    let mut opts = ScreenOptions::new(as_of).models(exp.models.clone());
    for s in &exp.set {
        opts = opts.set(s).map_err(|e| e.to_string())?;
    }
    let report: ScreenReport =
        engine::run(&datasets, &opts, &mut |_, _, _| {}).map_err(|e| e.to_string())?;
    let mut errors = Vec::new();
    let kinds: Vec<String> = datasets
        .iter()
        .map(|d| format!("{}={}", d.table.source.file, d.kind()))
        .collect();
    for e in &exp.leads {
        // Several leads may share rule, 案号 and subject (two cars): the
        // evidence rows tell them apart.
        let rows_of = |l: &xiansuo::lead::Lead| {
            l.evidence
                .iter()
                .map(|v| (v.file.clone(), v.row))
                .collect::<Vec<_>>()
        };
        let found: Vec<_> = report
            .leads
            .iter()
            .filter(|l| {
                l.rule == e.rule && l.case_no == e.case_no && l.subject_name == e.subject_name
            })
            .filter(|l| e.evidence_rows.as_ref().is_none_or(|r| &rows_of(l) == r))
            .collect();
        let Some(l) = found.first() else {
            errors.push(format!(
                "missing lead {} {} {}",
                e.rule, e.case_no, e.subject_name
            ));
            continue;
        };
        if found.len() > 1 {
            errors.push(format!(
                "{} leads for {} {} {}",
                found.len(),
                e.rule,
                e.case_no,
                e.subject_name
            ));
        }
        let tag = format!("{} {} {}", e.rule, e.case_no, e.subject_name);
        if let Some(m) = &e.confidence {
            let got = serde_json::to_value(l.confidence)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string));
            if &got != m {
                errors.push(format!("{tag}: match {got:?}, expected {m:?}"));
            }
            if l.weak != (m.as_deref() == Some("name")) {
                errors.push(format!("{tag}: weak = {}", l.weak));
            }
        }
        if let Some(a) = &e.amount_fen {
            if &l.amount_fen != a {
                errors.push(format!(
                    "{tag}: amount_fen {:?}, expected {a:?}",
                    l.amount_fen
                ));
            }
        }
        if let Some(f) = &e.flags {
            if &l.flags != f {
                errors.push(format!("{tag}: flags {:?}, expected {f:?}", l.flags));
            }
        }
        if let Some(id) = &e.subject_id {
            if &l.subject_id != id {
                errors.push(format!("{tag}: subject_id {}, expected {id}", l.subject_id));
            }
        }
        if let Some(s) = e.subject_id_source {
            if l.subject_id_source.is_empty() == s {
                errors.push(format!(
                    "{tag}: subject_id_source {:?}",
                    l.subject_id_source
                ));
            }
        }
        if let Some(r) = &e.reason_contains {
            if !l.reason.contains(r.as_str()) {
                errors.push(format!("{tag}: reason {:?} lacks {r:?}", l.reason));
            }
        }
        if let Some(rows) = &e.evidence_rows {
            let got: Vec<(String, u32)> =
                l.evidence.iter().map(|v| (v.file.clone(), v.row)).collect();
            if &got != rows {
                errors.push(format!("{tag}: evidence rows {got:?}, expected {rows:?}"));
            }
        }
        if l.evidence.is_empty()
            || l.basis.is_empty()
            || l.reason.is_empty()
            || l.fingerprint.len() != 16
        {
            errors.push(format!("{tag}: evidence/basis/reason/fingerprint missing"));
        }
    }
    for l in &report.leads {
        let same = |a: &str, b: &str, c: &str| a == l.rule && b == l.case_no && c == l.subject_name;
        let expected = exp
            .leads
            .iter()
            .filter(|e| same(&e.rule, &e.case_no, &e.subject_name))
            .count();
        let got = report
            .leads
            .iter()
            .filter(|x| same(&x.rule, &x.case_no, &x.subject_name))
            .count();
        if got > expected {
            errors.push(format!(
                "unexpected lead {} {} {} ({})",
                l.rule, l.case_no, l.subject_name, l.reason
            ));
        }
    }
    for n in &exp.not_evaluated {
        match report.not_evaluated.iter().find(|x| x.rule == n.rule) {
            Some(x) if x.reason.contains(&n.reason_contains) => {}
            Some(x) => errors.push(format!(
                "not_evaluated {}: reason {:?} lacks {:?}",
                n.rule, x.reason, n.reason_contains
            )),
            None => errors.push(format!("{} should be not evaluated", n.rule)),
        }
    }
    for c in &exp.candidates {
        let Some(g) = report.candidates.iter().find(|g| g.case_no == c.case_no) else {
            errors.push(format!("no candidates for {}", c.case_no));
            continue;
        };
        let rows: Vec<(String, u32)> = g
            .properties
            .iter()
            .map(|p| (p.evidence.file.clone(), p.evidence.row))
            .collect();
        if rows.first() != Some(&c.top) {
            errors.push(format!(
                "candidates for {}: {rows:?}, expected {:?} first",
                c.case_no, c.top
            ));
        }
        if let Some(p) = g.properties.first() {
            let all = p.reasons.join("；");
            for w in &c.reasons_contain {
                if !all.contains(w.as_str()) {
                    errors.push(format!("candidate reasons {all:?} lack {w:?}"));
                }
            }
        }
        for a in &c.absent {
            if rows.contains(a) {
                errors.push(format!(
                    "candidate {a:?} should not be offered for {}",
                    c.case_no
                ));
            }
        }
    }
    if exp.candidates.is_empty() && !report.candidates.is_empty() {
        errors.push(format!(
            "unexpected candidates {:?}",
            report
                .candidates
                .iter()
                .map(|g| &g.case_no)
                .collect::<Vec<_>>()
        ));
    }
    let mut amb: Vec<String> = report
        .stats
        .ambiguous
        .iter()
        .map(|a| a.subject_name.clone())
        .collect();
    amb.dedup();
    if amb != exp.ambiguous {
        errors.push(format!(
            "ambiguous names {amb:?}, expected {:?}",
            exp.ambiguous
        ));
    }
    // A rule that was not evaluated must not have produced leads.
    for x in &report.not_evaluated {
        if report.leads.iter().any(|l| l.rule == x.rule) {
            errors.push(format!("{} both not evaluated and fired", x.rule));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} (kinds: {})\n  {}",
            dir.display(),
            kinds.join(", "),
            errors.join("\n  ")
        ))
    }
}

#[test]
fn screening_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/screen");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|r| {
            r.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    assert!(
        !dirs.is_empty(),
        "fixtures missing under {}",
        root.display()
    );
    let failures: Vec<String> = dirs.iter().filter_map(|d| run_case(d).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixture folders failed:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}

/// The CLI end to end on the Haishu fixture: kinds detected, the JSON keys
/// other tools read, the 2,000-yuan lead, and CSV with a BOM.
#[test]
fn cli_screen_json_and_csv() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/screen/haishu_deposit");
    let bin = env!("CARGO_BIN_EXE_xiansuo");
    let out = std::process::Command::new(bin)
        .args([
            "screen",
            "--as-of",
            "2025-06-30",
            "--model",
            "deposit",
            "执行案件.csv",
            "取保候审保证金台账.csv",
        ])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    for k in [
        "as_of",
        "leads",
        "not_evaluated",
        "files",
        "candidates",
        "stats",
    ] {
        assert!(v.get(k).is_some(), "missing key {k}");
    }
    assert_eq!(v["as_of"], "2025-06-30");
    assert_eq!(v["files"].as_array().map(Vec::len), Some(2));
    let lead = &v["leads"][0];
    for k in [
        "model",
        "rule",
        "case_no",
        "subject_name",
        "subject_id",
        "match",
        "amount_fen",
        "basis",
        "evidence",
    ] {
        assert!(lead.get(k).is_some(), "lead lacks {k}");
    }
    assert_eq!(lead["rule"], "deposit.unreturned");
    assert_eq!(lead["amount_fen"], 200_000);
    assert_eq!(lead["match"], "id");
    assert_eq!(lead["evidence"][1]["fields"]["保证金金额"]["raw"], "5000");
    assert_eq!(lead["evidence"][0]["row"], 2);

    let out = std::process::Command::new(bin)
        .args([
            "screen",
            "--as-of",
            "2025-06-30",
            "--format",
            "csv",
            "deposits=取保候审保证金台账.csv",
            "执行案件.csv",
        ])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2,000.00"));

    let out = std::process::Command::new(bin)
        .args(["screen", "--model", "nosuch", "执行案件.csv"])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("未知的模型或规则"));
}
