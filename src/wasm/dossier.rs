//! 一人一档 for the page: the dossier of one subject built from the loaded
//! tables, the screening leads the page passes (those it shows) and the
//! flow leads of the last flow analysis, and its XLSX export.

use super::{to_js, Session};
use crate::mask;
use crate::dossier::{self, export, FlowLeadRef, Subject};
use crate::lead::Lead;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[derive(Deserialize)]
struct DossierIn {
    subject: Subject,
    #[serde(default)]
    leads: Vec<Lead>,
}

fn input(v: JsValue) -> Result<DossierIn, JsError> {
    serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("一人一档参数格式不正确：{e}")))
}

impl Session {
    fn build_dossier(&self, i: DossierIn) -> dossier::Dossier {
        let flow: Vec<FlowLeadRef> = super::flow::flow_leads();
        dossier::build(self.ws.datasets(), &i.subject, &i.leads, &flow)
    }
}

#[wasm_bindgen]
impl Session {
    /// `{subject: {name, id}, leads: [...]}` → the dossier (snake_case keys as
    /// `dossier::Dossier` serialises them).
    pub fn dossier(&self, input_: JsValue) -> Result<JsValue, JsError> {
        let i = input(input_)?;
        to_js(&self.build_dossier(i))
    }

    /// The dossier as XLSX bytes; `masked` masks the subject and the leads
    /// like the lead export does.
    #[wasm_bindgen(js_name = exportDossier)]
    pub fn export_dossier(&self, input_: JsValue, masked: bool) -> Result<Vec<u8>, JsError> {
        let mut i = input(input_)?;
        if masked {
            i.leads.iter_mut().for_each(mask::lead);
        }
        let mut d = self.build_dossier(i);
        if masked {
            d.mask();
        }
        export::to_xlsx(&d).map_err(super::err)
    }
}
