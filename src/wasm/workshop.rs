//! 模型工坊 bindings: read and write `.xiansuo-model.json` files, describe a
//! model in plain Chinese, start a custom model from a built-in. All logic is
//! in `model::file` / `model::describe`; this only converts shapes.

use super::{to_js, ModelErrorDto, Session};
use crate::model::file::{self, ImportStatus, Meta};
use crate::ingest::kinds::KindSpec;
use crate::model::{catalog, custom_kind, describe};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[derive(Deserialize)]
struct Existing {
    id: String,
    fingerprint: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryDto {
    meta: Meta,
    status: ImportStatus,
    fingerprint_changed: bool,
    name: String,
    /// The model in the language, as JSON text (what the page stores).
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReadDto {
    errors: Vec<ModelErrorDto>,
    entries: Vec<EntryDto>,
    /// The custom kinds the file carried (now registered), for the page to keep.
    kinds: Vec<KindSpec>,
}

#[derive(Deserialize)]
struct WriteIn {
    meta: Meta,
    text: String,
}

fn json(text: &str) -> Result<Value, JsError> {
    serde_json::from_str(text).map_err(|e| JsError::new(&format!("模型内容不是有效的 JSON：{e}")))
}

#[wasm_bindgen]
impl Session {
    /// Read a model file (or a bare model): every problem, or the models with
    /// their status against `existing` (`[{id, fingerprint}]`: new / same /
    /// conflict). Custom kinds in the file are registered only when it passes.
    #[wasm_bindgen(js_name = readModelFile)]
    pub fn read_model_file(&self, name: &str, text: &str, existing: JsValue) -> Result<JsValue, JsError> {
        let existing: Vec<Existing> = serde_wasm_bindgen::from_value(existing).unwrap_or_default();
        let existing: Vec<(String, String)> = existing.into_iter().map(|e| (e.id, e.fingerprint)).collect();
        let out = match file::read(name, text) {
            Err(errors) => ReadDto { errors: errors.into_iter().map(ModelErrorDto::from).collect(), entries: Vec::new(), kinds: Vec::new() },
            Ok(loaded) => ReadDto {
                errors: Vec::new(),
                kinds: loaded.kinds.clone(),
                entries: loaded
                    .entries
                    .into_iter()
                    .map(|e| EntryDto {
                        status: file::import_status(&e.meta, &existing),
                        fingerprint_changed: e.fingerprint_changed,
                        name: e.compiled.spec.name.clone(),
                        text: serde_json::to_string_pretty(&e.model).unwrap_or_default(),
                        meta: e.meta,
                    })
                    .collect(),
            },
        };
        to_js(&out)
    }

    /// Models (`[{meta, text}]`) → the text of a `.xiansuo-model.json` file
    /// with fresh fingerprints and the custom kinds they use.
    #[wasm_bindgen(js_name = writeModelFile)]
    pub fn write_model_file(&self, entries: JsValue) -> Result<String, JsError> {
        let entries: Vec<WriteIn> = serde_wasm_bindgen::from_value(entries).map_err(|e| JsError::new(&format!("导出参数格式不正确：{e}")))?;
        let mut out = Vec::new();
        for e in entries {
            out.push((e.meta, json(&e.text)?));
        }
        Ok(file::write(&out))
    }

    /// Check and register custom dataset kinds (`[KindSpec]`): `[]`, or every
    /// problem and nothing registered.
    #[wasm_bindgen(js_name = registerKinds)]
    pub fn register_kinds(&self, kinds: JsValue) -> Result<JsValue, JsError> {
        let specs: Vec<KindSpec> = serde_wasm_bindgen::from_value(kinds).map_err(|e| JsError::new(&format!("数据类型格式不正确：{e}")))?;
        let errors: Vec<ModelErrorDto> = match custom_kind::register_all("数据类型", specs) {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(ModelErrorDto::from).collect(),
        };
        to_js(&errors)
    }

    /// The content fingerprint of a model's JSON text.
    #[wasm_bindgen(js_name = modelFingerprint)]
    pub fn model_fingerprint(&self, text: &str) -> Result<String, JsError> {
        Ok(file::fingerprint(&json(text)?))
    }

    /// What only the model's JSON can carry (key joins, candidate steps):
    /// the page opens such a model as written instead of in the form.
    #[wasm_bindgen(js_name = jsonOnly)]
    pub fn json_only(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(&describe::json_only(&json(text)?))
    }

    /// Each rule's logic in plain Chinese, its 所需数据 and thresholds.
    #[wasm_bindgen(js_name = describeModel)]
    pub fn describe_model(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(&describe::describe(&json(text)?))
    }

    /// A built-in model's JSON text (the template of 复制为自定义).
    #[wasm_bindgen(js_name = builtinModel)]
    pub fn builtin_model(&self, id: &str) -> Result<String, JsError> {
        catalog::source(id).map(str::to_string).ok_or_else(|| JsError::new(&format!("没有内置模型“{id}”")))
    }

    /// The model under another id, rule ids moved along (复制为自定义, 保留两者).
    #[wasm_bindgen(js_name = copyModelAs)]
    pub fn copy_model_as(&self, text: &str, new_id: &str) -> Result<String, JsError> {
        Ok(serde_json::to_string_pretty(&file::copy_as(&json(text)?, new_id)).unwrap_or_default())
    }
}
