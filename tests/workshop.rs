//! The 模型工坊 "Done means", native half: the Haishu bail-deposit model that
//! `tests/e2e/workshop.test.mjs` builds by clicking in the page and exports
//! (committed as `tests/cases/workshop/haishu-deposit.xiansuo-model.json`)
//! finds exactly the built-in `deposit.unreturned` leads on the demo, through
//! the library and through the CLI; hostile model files are refused by
//! `model check` with a reason and exit 1.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use xiansuo::engine::{self, ScreenOptions};
use xiansuo::ingest::IngestOptions;
use xiansuo::model::file;

const FIXTURE: &str = "tests/cases/workshop/haishu-deposit.xiansuo-model.json";

type Key = (String, String, String, Option<i64>);

fn demo() -> xiansuo::Workspace {
    let mut ws = xiansuo::Workspace::new();
    for f in xiansuo::demo::files() {
        ws.add_file(&f.name, &f.bytes, &IngestOptions::default());
    }
    ws
}

fn keys(leads: &[xiansuo::lead::Lead]) -> BTreeSet<Key> {
    leads.iter().map(|l| (l.case_no.clone(), l.subject_name.clone(), l.subject_id.clone(), l.amount_fen)).collect()
}

fn fixture() -> (String, file::Loaded) {
    let text = std::fs::read_to_string(FIXTURE).unwrap_or_else(|e| panic!("{FIXTURE}: {e}"));
    let loaded = file::read("haishu-deposit.xiansuo-model.json", &text).unwrap_or_else(|e| panic!("{e:?}"));
    (text, loaded)
}

#[test]
fn the_page_built_model_finds_the_built_in_deposit_leads() {
    let (_, loaded) = fixture();
    assert_eq!(loaded.entries.len(), 1);
    let id = loaded.entries[0].meta.id.clone();
    assert_ne!(id, "deposit", "the page's model is a custom one");
    assert!(!loaded.entries[0].fingerprint_changed, "the fixture is the page's file as exported");
    let ws = demo();
    let builtin = engine::run(ws.datasets(), &ScreenOptions::new(xiansuo::demo::as_of()).models(["deposit.unreturned"]), &mut |_, _, _| {})
        .unwrap_or_else(|e| panic!("{e}"));
    let mut o = ScreenOptions::new(xiansuo::demo::as_of()).models([id.clone()]);
    o.extra_models = loaded.specs();
    let custom = engine::run(ws.datasets(), &o, &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{e}"));
    assert!(builtin.leads.len() >= 2, "the demo plants deposit stories");
    assert!(custom.leads.iter().all(|l| l.rule.starts_with(&format!("{id}."))));
    assert_eq!(keys(&custom.leads), keys(&builtin.leads));
}

fn demo_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xiansuo-workshop-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    for f in xiansuo::demo::files() {
        let _ = std::fs::write(dir.join(&f.name), &f.bytes);
    }
    dir
}

fn cli(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xiansuo")).args(args).output().unwrap_or_else(|e| panic!("{e}"));
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn cli_keys(model: &str, model_file: Option<&str>, dir: &Path) -> BTreeSet<Key> {
    let mut args: Vec<String> = vec!["screen".into(), "--as-of".into(), xiansuo::demo::as_of().to_string(), "--model".into(), model.into()];
    if let Some(f) = model_file {
        args.push("--model-file".into());
        args.push(f.into());
    }
    let mut files: Vec<String> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path().display().to_string()).collect();
    files.sort();
    args.extend(files);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, out, err) = cli(&refs);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    v["leads"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|l| {
            let s = |k: &str| l[k].as_str().unwrap_or_default().to_string();
            (s("case_no"), s("subject_name"), s("subject_id"), l["amount_fen"].as_i64())
        })
        .collect()
}

#[test]
fn the_cli_runs_the_page_file_with_the_same_result() {
    let (_, loaded) = fixture();
    let id = loaded.entries[0].meta.id.clone();
    let dir = demo_dir();
    let custom = cli_keys(&id, Some(FIXTURE), &dir);
    let builtin = cli_keys("deposit.unreturned", None, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!builtin.is_empty());
    assert_eq!(custom, builtin);
    let (ok, out, _) = cli(&["model", "check", FIXTURE]);
    assert!(ok && out.contains("通过"), "{out}");
}

#[test]
fn model_export_writes_a_file_the_reader_takes_back() {
    let out = std::env::temp_dir().join(format!("xiansuo-export-{}.xiansuo-model.json", std::process::id()));
    let path = out.display().to_string();
    let (ok, _, err) = cli(&["model", "export", "deposit", "vehicle", "-o", &path]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    let loaded = file::read("x", &text).unwrap_or_else(|e| panic!("{e:?}"));
    let ids: Vec<&str> = loaded.entries.iter().map(|e| e.meta.id.as_str()).collect();
    assert_eq!(ids, ["deposit", "vehicle"]);
    assert!(loaded.entries.iter().all(|e| e.meta.fingerprint.starts_with("fnv1a64:")));
    let (ok, _, err) = cli(&["model", "export", "nosuch", "-o", &path]);
    assert!(!ok && err.contains("没有模型“nosuch”"), "{err}");
}

#[test]
fn hostile_model_files_are_refused_by_the_cli() {
    let (text, _) = fixture();
    let dir = std::env::temp_dir().join(format!("xiansuo-hostile-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let cases: Vec<(&str, String, &str)> = vec![
        ("script.json", text.replacen("\"name\": \"", "\"name\": \"<script>alert(1)</script>", 1), "HTML/脚本"),
        ("img.json", text.replacen("\"依据\": \"", "\"依据\": \"<img src=x onerror=alert(1)>", 1), "HTML/脚本"),
        ("deep.json", format!("{}{}", "[".repeat(5000), "]".repeat(5000)), "嵌套过深"),
        ("op.json", text.replacen("\"contains_none\"", "\"system\"", 1), "未知的运算符“system”"),
        ("type.json", text.replacen("\"yuan\": 0", "\"text\": \"0\"", 1), "类型"),
        ("huge.json", format!("{{\"schema\":\"xiansuo-model/1\",\"models\":[],\"pad\":\"{}\"}}", "x".repeat(file::MAX_BYTES)), "文件过大"),
        ("schema.json", text.replacen("xiansuo-model/1", "xiansuo-model/99", 1), "xiansuo-model/1"),
    ];
    for (name, body, want) in cases {
        let p = dir.join(name);
        let _ = std::fs::write(&p, body);
        let (ok, out, err) = cli(&["model", "check", &p.display().to_string()]);
        assert!(!ok, "{name} was accepted");
        assert!(out.contains(want) || err.contains(want), "{name}: want {want} in\n{out}\n{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A kind the catalogue lacks, carried by a model file: once read, a sample
/// table with its headers is detected as that kind and the model joins it.
#[test]
fn a_custom_kind_is_detected_and_joined() {
    let ws = demo();
    let base = engine::run(ws.datasets(), &ScreenOptions::new(xiansuo::demo::as_of()).models(["deposit.unreturned"]), &mut |_, _, _| {})
        .unwrap_or_else(|e| panic!("{e}"));
    let Some(someone) = base.leads.first() else { panic!("no deposit lead on the demo") };
    let text = r#"{"schema":"xiansuo-model/1",
      "kinds":[{"kind":"housing_fund","label":"公积金缴存","label_en":"Housing fund","fields":[
        {"name":"worker","label":"职工姓名","type":"name","aliases":["职工姓名","姓名"],"key":true},
        {"name":"worker_id","label":"证件号码","type":"id_number","aliases":["证件号码","身份证号"]},
        {"name":"balance","label":"账户余额","type":"amount","aliases":["账户余额","公积金余额"],"key":true}]}],
      "models":[{"id":"fund_balance","author":"测试","model":{"id":"fund_balance","name":"公积金余额","name_en":"Housing fund balance",
        "description":"终本未恢复案件的被执行人有公积金余额","rules":[{"id":"fund_balance.has","name":"有公积金余额","name_en":"Has a balance",
        "说明":"s","为什么可疑":"w","所需数据":"d","依据":"b","plans":[{"base":"cases","scope":"zhongben_open","per":"debtor",
        "join":{"with":"housing_fund","on":"person","name":"worker","id":"worker_id"},
        "requires":{"housing_fund":["worker|worker_id","balance"]},
        "where":[{"gt":["housing_fund.balance",{"yuan":0}]}],
        "lead":{"amount":"housing_fund.balance","figures":[{"key":"b","label":"公积金余额","value":"housing_fund.balance"}],
          "reason":"被执行人{subject}公积金余额{b}。"}}]}]}}]}"#;
    let loaded = file::read("fund.xiansuo-model.json", text).unwrap_or_else(|e| panic!("{e:?}"));
    let mut ws = demo();
    let csv = format!("职工姓名,身份证号,账户余额\n{},{},\"12,345.60\"\n路人甲,,100\n", someone.subject_name, someone.subject_id);
    ws.add_file("公积金缴存明细.csv", csv.as_bytes(), &IngestOptions::default());
    assert!(ws.datasets().iter().any(|d| d.kind() == "housing_fund"), "the sample table is detected as the custom kind");
    let mut o = ScreenOptions::new(xiansuo::demo::as_of()).models(["fund_balance"]);
    o.extra_models = loaded.specs();
    let r = engine::run(ws.datasets(), &o, &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{e}"));
    let hits: Vec<_> = r.leads.iter().filter(|l| l.subject_name == someone.subject_name).collect();
    assert_eq!(hits.len(), 1, "{:?}", r.leads.iter().map(|l| &l.subject_name).collect::<Vec<_>>());
    assert_eq!(hits[0].amount_fen, Some(1_234_560));
    assert!(r.leads.iter().all(|l| l.subject_name != "路人甲"));
}
