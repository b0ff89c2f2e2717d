//! Smoke test of the wasm bindings in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn session_loads_a_csv() {
    let mut s = xiansuo::wasm::Session::new();
    let out = s.load("案件.csv", "案号,被执行人\n（2019）浙0203执1号,陈某\n".as_bytes());
    assert!(out.is_ok());
}
