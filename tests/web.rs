//! Smoke test of the wasm bindings in headless Chromium (wasm-bindgen-test):
//! the `Session` methods the page's worker calls, through JS values.
#![cfg(target_arch = "wasm32")]

use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use xiansuo::wasm::Session;
wasm_bindgen_test_configure!(run_in_browser);

/// A JS value as the page sends it: plain objects, not Maps.
fn js(v: Value) -> JsValue {
    use serde::Serialize;
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

fn json(v: JsValue) -> Value {
    serde_wasm_bindgen::from_value(v).expect("JSON-shaped value")
}

const CASES: &str = "案号,申请执行人,被执行人,证件号码,未履行金额,立案日期,结案日期,结案方式\n（2019）浙0203执1号,王某,陈某,330203198001010017,3200,2019-03-05,2019-09-20,终结本次执行程序\n（2020）浙0203执2号,李某,张三,11010519491231002X,100,2020-01-06,2020-02-10,终结本次执行程序\n";

#[wasm_bindgen_test]
fn load_returns_a_card_per_table() {
    let mut s = Session::new();
    let out = json(s.load("案件.csv", CASES.as_bytes()).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    let card = &out["tables"][0];
    assert_eq!(card["file"], "案件.csv");
    assert_eq!(card["rows"], 2);
    assert_eq!(card["index"], 0);
    assert_eq!(card["kind"], "cases");
    assert_eq!(card["columns"]["case_no"], "案号");
    assert!(card["signature"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(out["errors"].as_array().map(Vec::len), Some(0));
}

#[wasm_bindgen_test]
fn set_mapping_changes_columns_and_rejects_unknown_headers() {
    let mut s = Session::new();
    s.load("案件.csv", CASES.as_bytes()).ok();
    let cols = js(serde_json::json!({"case_no": "案号", "debtor": "被执行人"}));
    let card = json(s.set_mapping(0, "cases", cols).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    assert_eq!(card["columns"].as_object().map(|o| o.len()), Some(2));
    let bad = js(serde_json::json!({"case_no": "没有这一列"}));
    assert!(s.set_mapping(0, "cases", bad).is_err());
    assert!(s.set_mapping(0, "no_such_kind", JsValue::NULL).is_err());
    assert!(s.set_mapping(7, "cases", JsValue::NULL).is_err());
}

#[wasm_bindgen_test]
fn preview_kinds_and_remove() {
    let mut s = Session::new();
    s.load("案件.csv", CASES.as_bytes()).ok();
    let p = json(s.preview(0, 1).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    assert_eq!(p["rows"].as_array().map(Vec::len), Some(1));
    assert_eq!(p["rows"][0]["row"], 2, "row number as Excel shows it");
    let kinds = json(s.kinds().unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    assert!(kinds.as_array().is_some_and(|k| k.iter().any(|k| k["kind"] == "deposits")));
    let left = json(s.remove(0).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    assert_eq!(left.as_array().map(Vec::len), Some(0));
    assert!(s.remove(0).is_err());
}

#[wasm_bindgen_test]
fn an_empty_file_is_an_error_not_a_panic() {
    let mut s = Session::new();
    let out = json(s.load("空.csv", b"").unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    assert_eq!(out["tables"].as_array().map(Vec::len), Some(0));
    assert!(out["errors"][0]["message"].as_str().is_some_and(|m| m.contains("空.csv")));
}

#[wasm_bindgen_test]
fn catalog_screen_and_export() {
    let mut s = Session::new();
    s.load("案件.csv", CASES.as_bytes()).ok();
    let cat = json(s.catalog().unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    let rules: Vec<&str> = cat.as_array().into_iter().flatten().flat_map(|m| m["rules"].as_array().into_iter().flatten()).filter_map(|r| r["id"].as_str()).collect();
    assert!(rules.contains(&"deposit.unreturned") && rules.contains(&"procedure.under_3_months"));

    let opts = js(serde_json::json!({"asOf": "2025-06-30", "models": ["procedure"]}));
    let report = json(s.screen(opts, None).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    assert_eq!(report["as_of"], "2025-06-30");
    // 张三: filed 2020-01-06, 终本 2020-02-10, under three months.
    let leads = report["leads"].as_array().cloned().unwrap_or_default();
    assert!(leads.iter().any(|l| l["rule"] == "procedure.under_3_months" && l["case_no"].as_str().is_some_and(|c| c.contains("执2号"))));

    let input = js(serde_json::json!({"asOf": "2025-06-30", "leads": leads}));
    let csv = s.export_leads("csv", input, true).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e)));
    assert_eq!(csv.get(..3), Some(&[0xEF, 0xBB, 0xBF][..]));
    let text = String::from_utf8_lossy(&csv);
    assert!(!text.contains("11010519491231002X") && text.contains("110105********002X"), "masked export");
    let bad = js(serde_json::json!({"asOf": "2025-06-30", "leads": []}));
    assert!(s.export_leads("pdf", bad, false).is_err());
    let bad_date = js(serde_json::json!({"asOf": "30/06/2025"}));
    assert!(s.screen(bad_date, None).is_err());
}

/// `loadSource` (the page's path: a File read in pieces by the worker) gives
/// the same cards as `load`; this source hands out 5 bytes per call, so
/// characters and records are cut between pieces.
#[wasm_bindgen_test]
fn load_source_reads_in_pieces_like_load() {
    use wasm_bindgen::JsCast;
    let bytes = js_sys::Uint8Array::from(CASES.as_bytes());
    let src = js_sys::Object::new();
    js_sys::Reflect::set(&src, &"bytes".into(), &bytes).ok();
    js_sys::Reflect::set(&src, &"size".into(), &JsValue::from_f64(CASES.len() as f64)).ok();
    let read = js_sys::Function::new_with_args("o, n", "return this.bytes.subarray(o, Math.min(o + n, o + 5));");
    js_sys::Reflect::set(&src, &"read".into(), &read).ok();
    let mut a = Session::new();
    let whole = json(a.load("案件.csv", CASES.as_bytes()).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    let mut b = Session::new();
    let src: xiansuo::wasm::JsSource = src.unchecked_into();
    let pieces = json(b.load_source("案件.csv", &src).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    assert_eq!(pieces["tables"][0]["rows"], 2);
    assert_eq!(whole, pieces);
    assert_eq!(json(a.preview(0, 5).unwrap_or(JsValue::NULL)), json(b.preview(0, 5).unwrap_or(JsValue::NULL)));
}

/// A source over bytes handing out 7 bytes per call, as `{size, read}`.
fn piecewise(bytes: &[u8]) -> xiansuo::wasm::JsSource {
    use wasm_bindgen::JsCast;
    let src = js_sys::Object::new();
    js_sys::Reflect::set(&src, &"bytes".into(), &js_sys::Uint8Array::from(bytes)).ok();
    js_sys::Reflect::set(&src, &"size".into(), &JsValue::from_f64(bytes.len() as f64)).ok();
    let read = js_sys::Function::new_with_args("o, n", "return this.bytes.subarray(o, Math.min(o + n, o + 7));");
    js_sys::Reflect::set(&src, &"read".into(), &read).ok();
    src.unchecked_into()
}

/// A statement loaded with `loadSource` streams into the flow table (its
/// card keeps a sample): the card's row count, the analysis, the evidence
/// and a second analysis (read again from the source) equal those of `load`.
#[wasm_bindgen_test]
fn a_streamed_statement_gives_the_flow_report_of_the_whole_file() {
    let mut text = String::from("交易卡号,交易户名,证件号码,交易时间,交易金额,交易余额,收付标志,交易对手账卡号,对手户名,摘要说明,交易是否成功\n");
    for i in 0..320u32 {
        let (dir, cp, who) = if i % 3 == 0 { ("出", "6222020000009999", "蒋文斌") } else { ("进", "6217000000001234", "李某") };
        text.push_str(&format!("6222020000001111,蒋文涛,330203197803151135,2024-03-{:02} {:02}:{:02}:00,{}.00,{}.00,{dir},{cp},{who},\"转账\n第{i}笔\",成功\n", 1 + i % 28, i % 24, i % 60, 500 + i * 37, 10_000 + i));
    }
    let progress = js_sys::Function::new_no_args("");
    let opts = || js(serde_json::json!({"as_of": "2025-06-30"}));
    let mut a = Session::new();
    a.load("流水.csv", text.as_bytes()).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e)));
    let whole = json(a.flow_analyse(opts(), &progress).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    let mut b = Session::new();
    let card = json(b.load_source("流水.csv", &piecewise(text.as_bytes())).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    assert_eq!(card["tables"][0]["rows"], 320);
    assert!(json(b.preview(0, 500).unwrap_or(JsValue::NULL)).to_string().len() < json(a.preview(0, 500).unwrap_or(JsValue::NULL)).to_string().len(), "a sample is kept");
    // The quality panel says its figures cover the sample; a whole load has no such note.
    let quality = |s: &Session| json(s.quality(0).unwrap_or(JsValue::NULL));
    assert_eq!(quality(&b)["sample_of"], 320, "{}", quality(&b));
    assert!(quality(&b)["rows"].as_u64().unwrap_or(0) < 320);
    assert!(quality(&a).get("sample_of").is_none(), "{}", quality(&a));
    let streamed = json(b.flow_analyse(opts(), &progress).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    assert!(whole["stats"]["used"].as_u64().unwrap_or(0) == 320, "{}", whole["stats"]);
    assert_eq!(streamed, whole);
    let evidence = |s: &Session| json(s.flow_evidence(0, 100).unwrap_or(JsValue::NULL));
    assert_eq!(evidence(&b), evidence(&a));
    let again = json(b.flow_analyse(opts(), &progress).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e))));
    assert_eq!(again, whole);
}
