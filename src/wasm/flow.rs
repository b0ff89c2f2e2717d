//! Flow-analysis methods of `Session` (a second `#[wasm_bindgen] impl` block).
