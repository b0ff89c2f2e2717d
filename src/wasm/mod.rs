//! The only place that knows about JavaScript: a `Session` over a
//! `Workspace`, DTOs in camelCase, errors as `JsError`. Keep it thin.

use crate::ingest::IngestOptions;
use crate::workspace::Workspace;
use serde::Serialize;
use wasm_bindgen::prelude::*;

const SERIALIZER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&SERIALIZER).map_err(|e| JsError::new(&format!("内部错误：{e}")))
}

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TableSummaryDto {
    index: usize,
    file: String,
    sheet: Option<String>,
    size: u64,
    encoding: Option<String>,
    rows: usize,
    kind: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AddedDto {
    tables: Vec<TableSummaryDto>,
    errors: Vec<String>,
}

#[wasm_bindgen]
pub struct Session {
    ws: Workspace,
}

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session { ws: Workspace::new() }
    }

    /// Read one file's bytes; returns its tables' summaries and errors.
    pub fn load(&mut self, name: &str, bytes: &[u8]) -> Result<JsValue, JsError> {
        let added = self.ws.add_file(name, bytes, &IngestOptions::default());
        let tables = added
            .datasets
            .iter()
            .filter_map(|&i| self.ws.dataset(i).map(|d| (i, d)))
            .map(|(i, d)| TableSummaryDto {
                index: i,
                file: d.table.source.file.clone(),
                sheet: d.table.source.sheet.clone(),
                size: d.table.source.size,
                encoding: d.table.source.encoding.clone(),
                rows: d.table.len(),
                kind: d.kind().to_string(),
            })
            .collect();
        to_js(&AddedDto { tables, errors: added.errors.iter().map(|e| e.to_string()).collect() })
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

// Flow-analysis bindings live beside these, in their own file.
mod flow;
// The benchmark entry (`make bench`), not used by the page.
mod bench;
