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

/// The CSV and XLSX lead tables carry each lead's group (案件相关 / 其他账户)
/// and link, row for row the same as the JSON the page reads.
#[test]
fn exports_carry_group_and_link() {
    let files = [data("cmb_gbk.csv"), data("icbc_utf8.csv"), data("TenpayTrades.txt"), data("alipay.csv")];
    let run = |extra: &[&str]| {
        let mut args = vec!["flow"];
        args.extend_from_slice(extra);
        args.extend(files.iter().map(String::as_str));
        let out = bin().args(&args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let v: serde_json::Value = serde_json::from_slice(&run(&[])).unwrap();
    let want: Vec<(String, String)> = v["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let group = if l["group"] == "other" { "其他账户" } else { "案件相关" };
            let link = match l["link"].as_str().unwrap() {
                "own" => "本人",
                "close" => "同名/亲属",
                "related" => "同姓有往来",
                "counterparty" => "交易对手",
                _ => "无",
            };
            (group.to_string(), link.to_string())
        })
        .collect();
    assert!(!want.is_empty());

    let csv_bytes = run(&["--format", "csv"]);
    let body = csv_bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&csv_bytes);
    let mut r = csv::Reader::from_reader(body);
    let headers = r.headers().unwrap().clone();
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap_or_else(|| panic!("no column {h}"));
    let (g, k) = (col("分组"), col("关联"));
    let got: Vec<(String, String)> = r.records().map(|rec| rec.unwrap()).map(|rec| (rec[g].to_string(), rec[k].to_string())).collect();
    assert_eq!(got, want);

    let dir = std::env::temp_dir().join(format!("xiansuo-flow-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("leads.xlsx");
    run(&["--format", "xlsx", "-o", path.to_str().unwrap()]);
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = wb.worksheet_range("线索").unwrap();
    let mut rows = range.rows();
    let head: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let hpos = |h: &str| head.iter().position(|x| x == h).unwrap_or_else(|| panic!("no column {h}"));
    let (g, k) = (hpos("分组"), hpos("关联"));
    let got: Vec<(String, String)> = rows.map(|r| (r[g].to_string(), r[k].to_string())).collect();
    assert_eq!(got, want);
    let _ = std::fs::remove_dir_all(&dir);
}
