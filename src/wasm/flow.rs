//! Flow-analysis methods of `Session` (a second `#[wasm_bindgen] impl`
//! block), plus the training demo's files. The flow methods land with the
//! flow engine; the demo methods are here already.

use super::Session;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Session {
    /// The training demo's files as `[{name, bytes: Uint8Array}]`.
    #[wasm_bindgen(js_name = demoFiles)]
    pub fn demo_files(&self) -> Result<JsValue, JsError> {
        let out = js_sys::Array::new();
        for f in crate::demo::files() {
            let o = js_sys::Object::new();
            js_sys::Reflect::set(&o, &"name".into(), &JsValue::from_str(&f.name)).map_err(|_| JsError::new("内部错误：demoFiles"))?;
            js_sys::Reflect::set(&o, &"bytes".into(), &js_sys::Uint8Array::from(f.bytes.as_slice())).map_err(|_| JsError::new("内部错误：demoFiles"))?;
            out.push(&o);
        }
        Ok(out.into())
    }

    /// The demo's "as of" date (`yyyy-mm-dd`): the page's default when the demo is loaded.
    #[wasm_bindgen(js_name = demoAsOf)]
    pub fn demo_as_of(&self) -> String {
        crate::demo::AS_OF.to_string()
    }
}
