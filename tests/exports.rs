//! Every export path of the CLI, screening and flow, masked and not: one
//! formula neutraliser (ASCII and full-width starts) and one masker (no
//! unmasked ID or account number leaves in a `--mask` file).

use calamine::{Reader, Xlsx};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn xiansuo(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_xiansuo")).args(args).output().expect("runs");
    assert!(out.status.success(), "xiansuo {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("exports").join(name);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// All text of a CSV or XLSX export, cell by cell.
fn cells(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("export written");
    if bytes.starts_with(b"PK") {
        let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
        let mut out = Vec::new();
        for name in wb.sheet_names() {
            let r = wb.worksheet_range(&name).expect("sheet");
            out.extend(r.rows().flat_map(|row| row.iter().map(|c| c.to_string())));
        }
        out
    } else {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&bytes).to_vec();
        let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body.as_slice());
        r.records().flat_map(|rec| rec.expect("valid CSV").iter().map(String::from).collect::<Vec<_>>()).collect()
    }
}

/// Runs of 12+ digits (IDs, accounts, cards) anywhere in the text.
fn long_numbers(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (cur.len() == 17 && matches!(c, 'X' | 'x')) {
            cur.push(c);
        } else {
            if cur.len() >= 12 {
                out.insert(cur.clone());
            }
            cur.clear();
        }
    }
    out
}

fn demo_dir() -> PathBuf {
    let d = tmp("demo");
    xiansuo(&["demo", "-o", &s(&d)]);
    d
}

fn files_in(d: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(d).expect("dir").filter_map(|e| e.ok()).map(|e| s(&e.path())).collect();
    v.sort();
    v
}

/// Screening: the unmasked export names IDs and accounts; the masked CSV,
/// XLSX and JSON name none of them.
#[test]
fn screen_mask_leaves_no_id_or_account() {
    let demo = demo_dir();
    let out = tmp("screen");
    let inputs = files_in(&demo);
    let mut base = vec!["screen", "--as-of", "2025-06-30"];
    base.extend(inputs.iter().map(String::as_str));
    let plain_csv = out.join("plain.csv");
    let mut a = base.clone();
    a.extend(["--format", "csv", "-o"]);
    let p = s(&plain_csv);
    a.push(&p);
    xiansuo(&a);
    let secrets: BTreeSet<String> = cells(&plain_csv).iter().flat_map(|c| long_numbers(c)).collect();
    assert!(secrets.len() >= 5, "the demo's leads carry IDs: {secrets:?}");
    for fmt in ["csv", "xlsx", "json"] {
        let f = out.join(format!("masked.{fmt}"));
        let fs = s(&f);
        let mut a = base.clone();
        a.extend(["--mask", "--format", fmt, "-o", &fs]);
        xiansuo(&a);
        let text = if fmt == "json" { vec![std::fs::read_to_string(&f).expect("json")] } else { cells(&f) };
        let leaked: Vec<&String> = secrets.iter().filter(|n| text.iter().any(|c| c.contains(n.as_str()))).collect();
        assert!(leaked.is_empty(), "{fmt}: unmasked {leaked:?}");
        assert!(text.iter().any(|c| c.contains("******")), "{fmt}: masked values present");
    }
}

/// Flow: every account and ID of the statements is absent from the masked
/// CSV and XLSX (leads, evidence, account summary, file names).
#[test]
fn flow_mask_leaves_no_id_or_account() {
    let demo = demo_dir();
    let out = tmp("flow");
    let data = |f: &str| format!("{}/tests/data/flow/{f}", env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<String> = ["cmb_gbk.csv", "icbc_utf8.csv", "TenpayTrades.txt", "alipay.csv"].iter().map(|f| data(f)).collect();
    inputs.extend(files_in(&demo).into_iter().filter(|f| f.contains("流水") || f.contains("明细") || f.contains("账户") || f.contains("人员")));
    let mut base = vec!["flow", "--as-of", "2025-06-30"];
    base.extend(inputs.iter().map(String::as_str));
    let json = xiansuo(&base).stdout;
    let v: serde_json::Value = serde_json::from_slice(&json).expect("flow json");
    let mut secrets = long_numbers(&v["accounts"].to_string());
    // Fingerprints are hashes, not personal data.
    let mut leads = v["leads"].clone();
    leads.as_array_mut().into_iter().flatten().for_each(|l| l["fingerprint"] = serde_json::Value::Null);
    secrets.extend(long_numbers(&leads.to_string()));
    assert!(secrets.len() >= 5, "{secrets:?}");
    for fmt in ["csv", "xlsx"] {
        let f = out.join(format!("masked.{fmt}"));
        let fs = s(&f);
        let mut a = base.clone();
        a.extend(["--mask", "--format", fmt, "-o", &fs]);
        xiansuo(&a);
        let text = cells(&f);
        let leaked: Vec<&String> = secrets.iter().filter(|n| text.iter().any(|c| c.contains(n.as_str()))).collect();
        assert!(leaked.is_empty(), "{fmt}: unmasked {leaked:?}");
    }
    // Not masked: the same accounts are there (the check above can fail).
    let f = out.join("plain.xlsx");
    let fs = s(&f);
    let mut a = base.clone();
    a.extend(["--format", "xlsx", "-o", &fs]);
    xiansuo(&a);
    let text = cells(&f);
    assert!(secrets.iter().any(|n| text.iter().any(|c| c.contains(n.as_str()))));
}

/// A statement whose own name is a formula, ASCII or full width: every
/// cell of every flow export that carries it is neutralised.
#[test]
fn flow_exports_neutralise_ascii_and_full_width_formulas() {
    let dir = tmp("formula");
    let f = dir.join("资金查控反馈.csv");
    let mut csv = String::from("交易卡号,交易户名,开户人证件号码,交易时间,交易金额,收付标志,交易对手账卡号,对手户名,摘要说明\n");
    for (i, name) in ["＝HYPERLINK(\"x\")", "=1+1", "＠SUM(A1)", "－2+3", "+1"].iter().enumerate() {
        for k in 0..4 {
            csv.push_str(&format!(
                "62220200000000{i:02},\"{}\",,2024-03-0{} 23:{k}0:00,{},{},62220200000099{k:02},{name},转账\n",
                name.replace('"', "\"\""),
                k + 1,
                if k % 2 == 0 { "60000.00" } else { "59000.00" },
                if k % 2 == 0 { "进" } else { "出" },
            ));
        }
    }
    std::fs::write(&f, csv).expect("fixture");
    for fmt in ["csv", "xlsx"] {
        let o = dir.join(format!("out.{fmt}"));
        xiansuo(&["flow", "--format", fmt, "-o", &s(&o), &s(&f)]);
        let text = cells(&o);
        let bad: Vec<&String> = text.iter().filter(|c| c.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠'])).collect();
        assert!(bad.is_empty(), "{fmt}: formula cells {bad:?}");
        assert!(text.iter().any(|c| c.starts_with("'＝HYPERLINK")), "{fmt}: the name is there, neutralised");
    }
}
