//! `xiansuo flow` end to end: JSON keys other tools read, CSV output,
//! tracing, and a clear error for an unknown parameter.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xiansuo"))
}

fn data(f: &str) -> String {
    format!("{}/tests/data/flow/{f}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn json_has_the_documented_keys() {
    let out = bin().args(["flow", &data("cmb_gbk.csv"), &data("icbc_utf8.csv"), &data("TenpayTrades.txt"), &data("alipay.csv")]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let leads = v["leads"].as_array().expect("leads");
    assert!(!leads.is_empty());
    for k in ["rule", "score", "focus_account", "accounts", "subject_id", "subject_name", "amount_fen", "from", "to", "phase", "transactions", "reason", "fingerprint"] {
        assert!(leads[0].get(k).is_some(), "lead key {k}: {}", leads[0]);
    }
    assert!(leads[0]["transactions"][0].get("file").is_some() && leads[0]["transactions"][0].get("row").is_some());
    let accounts = v["accounts"].as_array().expect("accounts");
    for k in ["account", "name", "in_fen", "out_fen", "in_count", "out_count"] {
        assert!(accounts[0].get(k).is_some(), "account key {k}");
    }
    assert_eq!(v["files"].as_array().map(|f| f.len()), Some(4));
    // Sorted by score.
    let scores: Vec<f64> = leads.iter().filter_map(|l| l["score"].as_f64()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn csv_output_and_trace() {
    let out = bin().args(["flow", "--format", "csv", &data("cmb_gbk.csv")]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("flow.cash") && text.contains("cmb_gbk.csv:"), "{text}");
    let out = bin().args(["flow", "trace", "--from", "6214830000001234", &data("cmb_gbk.csv")]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Its only transfer out with a counterparty: 120.50 元 to 财付通.
    assert_eq!(v["traced_fen"], 12_050);
    assert_eq!(v["nodes"][0]["reached_fen"], 12_050);
}

#[test]
fn unknown_parameter_is_a_clear_error() {
    let out = bin().args(["flow", "--set", "flow.cash.bogus=1", &data("cmb_gbk.csv")]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("未知参数") && err.contains("flow.cash.min_day_yuan"), "{err}");
}

/// Quoted names after each occurrence of `call` (e.g. `c.p("` → `min_yuan`).
fn quoted_after(src: &str, call: &str) -> Vec<String> {
    src.match_indices(call).filter_map(|(i, _)| src.get(i + call.len()..)?.split('"').next().map(str::to_string)).collect()
}

/// Every threshold a rule reads (`c.p`/`c.fen` in its source, and the
/// `Thresholds:` line of its doc comment with defaults) and every global
/// parameter read in `src/flow` appears in `xiansuo flow rules`.
#[test]
fn flow_rules_lists_every_parameter_the_rules_read() {
    let out = bin().args(["flow", "rules"]).output().unwrap();
    assert!(out.status.success());
    let listing = String::from_utf8_lossy(&out.stdout).to_string();
    let dir = format!("{}/src/flow/rules", env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    let mut missing = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.file_name().is_some_and(|n| n == "mod.rs") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        let ids = quoted_after(&src, "id: \"");
        assert!(!ids.is_empty(), "{}: no rule id", path.display());
        let mut reads = quoted_after(&src, "c.p(\"");
        reads.extend(quoted_after(&src, "c.fen(\""));
        // Documented defaults: "`name` = value" pairs on the Thresholds line.
        let doc: Vec<(String, String)> = src
            .lines()
            .filter_map(|l| l.strip_prefix("//! Thresholds:"))
            .flat_map(|l| l.split(',').filter_map(|p| p.trim().trim_end_matches('.').split_once(" = ")).map(|(n, v)| (n.trim_matches('`').to_string(), v.split_whitespace().next().unwrap_or("").to_string())).collect::<Vec<_>>())
            .collect();
        for id in &ids {
            for r in &reads {
                checked += 1;
                if !listing.contains(&format!("--set {id}.{r}=")) {
                    missing.push(format!("{id}.{r} (read in {})", path.display()));
                }
            }
            for (n, v) in &doc {
                if !listing.contains(&format!("--set {id}.{n}={v} ")) {
                    missing.push(format!("{id}.{n}={v} (documented in {})", path.display()));
                }
            }
        }
    }
    let mut globals = Vec::new();
    for e in std::fs::read_dir(format!("{}/src/flow", env!("CARGO_MANIFEST_DIR"))).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "rs") {
            let src = std::fs::read_to_string(&path).unwrap();
            globals.extend(quoted_after(&src, "global(d, \""));
            globals.extend(quoted_after(&src, "d.param(\""));
        }
    }
    assert!(globals.len() >= 2, "{globals:?}");
    for g in &globals {
        if !listing.contains(&format!("--set {g}=")) {
            missing.push(format!("global {g}"));
        }
    }
    assert!(checked > 40, "only {checked} parameter reads found: the scan is broken");
    assert!(missing.is_empty(), "not listed by `xiansuo flow rules`:\n{}", missing.join("\n"));
}
