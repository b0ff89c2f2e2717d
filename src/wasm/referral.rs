//! 拒执移送线索 for the page: the referral sheet of one refusal lead (as the
//! page holds it), and its XLSX/CSV export, masked like the lead export.

use super::{to_js, Session};
use crate::lead::Lead;
use crate::referral;
use wasm_bindgen::prelude::*;

fn lead(v: JsValue, masked: bool) -> Result<Lead, JsError> {
    let mut l: Lead = serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("移送线索参数格式不正确：{e}")))?;
    if !referral::applies(&l) {
        return Err(JsError::new(&format!("规则“{}”不是拒执类线索，没有移送线索表", l.rule)));
    }
    if masked {
        crate::mask::lead(&mut l);
    }
    Ok(l)
}

#[wasm_bindgen]
impl Session {
    /// A `refusal.*` lead → the referral sheet (`referral::Referral`, snake_case keys).
    pub fn referral(&self, lead_: JsValue, masked: bool) -> Result<JsValue, JsError> {
        to_js(&referral::build(&lead(lead_, masked)?))
    }

    /// The referral sheet as `xlsx` or `csv` bytes.
    #[wasm_bindgen(js_name = exportReferral)]
    pub fn export_referral(&self, lead_: JsValue, format: &str, masked: bool) -> Result<Vec<u8>, JsError> {
        let r = referral::build(&lead(lead_, masked)?);
        match format {
            "csv" => Ok(referral::export::to_csv(&r)),
            "xlsx" => referral::export::to_xlsx(&r).map_err(super::err),
            other => Err(JsError::new(&format!("不支持的导出格式“{other}”，可选：xlsx、csv"))),
        }
    }
}
