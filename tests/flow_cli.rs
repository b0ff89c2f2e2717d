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
