//! Dataset kinds a user defines for data the catalogue lacks (社保缴纳记录,
//! 公积金, 工商登记): an id, labels, and fields with one of the eight types a
//! prosecutor can pick (text, 证件号, 姓名, 日期, 金额, 号牌, 案号, 地址) and the
//! header texts that mean them. They travel inside model files; once checked
//! they are registered with `ingest::kinds::custom`, so models compile
//! against them and kind detection offers them.

use super::error::{ModelError, ModelErrorKind as K};
use crate::ingest::kinds::{self, FieldType, KindSpec};

/// The field types a custom kind may use.
pub const FIELD_TYPES: &[FieldType] = &[
    FieldType::Text,
    FieldType::IdNumber,
    FieldType::Name,
    FieldType::Date,
    FieldType::Amount,
    FieldType::Plate,
    FieldType::CaseNo,
    FieldType::Address,
];

const MAX_FIELDS: usize = 200;
const MAX_ALIASES: usize = 50;

fn type_codes() -> Vec<String> {
    ["text", "id_number", "name", "date", "amount", "plate", "case_no", "address"].iter().map(|s| s.to_string()).collect()
}

/// A lower-case ASCII identifier: what models write before the dot.
fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some('a'..='z')) && c.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_')) && s.len() <= 40
}

/// Every problem of one custom kind (`path` is where it sits in the file).
pub fn check(file: &str, path: &str, k: &KindSpec) -> Vec<ModelError> {
    let mut errors = Vec::new();
    let mut err = |p: String, kind: K| errors.push(ModelError { file: file.to_string(), rule: None, path: p, kind });
    if !is_ident(&k.kind) {
        err(format!("{path}.kind"), K::BadValue { value: k.kind.clone(), valid: vec!["小写字母开头的英文标识，如 social_insurance".into()] });
    } else if kinds::all().iter().any(|b| b.kind == k.kind) {
        err(format!("{path}.kind"), K::Duplicate { what: format!("数据类型“{}”（与内置类型同名）", k.kind) });
    }
    if k.label.trim().is_empty() {
        err(format!("{path}.label"), K::MissingKey { key: "label".into() });
    }
    if k.fields.is_empty() || k.fields.len() > MAX_FIELDS {
        err(format!("{path}.fields"), K::Syntax { detail: format!("应有 1–{MAX_FIELDS} 个字段，实际 {} 个", k.fields.len()) });
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, f) in k.fields.iter().enumerate() {
        let p = format!("{path}.fields[{i}]");
        if !is_ident(&f.name) {
            err(format!("{p}.name"), K::BadValue { value: f.name.clone(), valid: vec!["小写字母开头的英文标识，如 paid_amount".into()] });
        } else if seen.contains(&f.name.as_str()) {
            err(format!("{p}.name"), K::Duplicate { what: format!("字段“{}”", f.name) });
        }
        seen.push(&f.name);
        if !FIELD_TYPES.contains(&f.ty) {
            err(format!("{p}.type"), K::BadValue { value: format!("{:?}", f.ty), valid: type_codes() });
        }
        if f.aliases.is_empty() || f.aliases.len() > MAX_ALIASES || f.aliases.iter().any(|a| a.trim().is_empty()) {
            err(format!("{p}.aliases"), K::Syntax { detail: format!("应有 1–{MAX_ALIASES} 个非空的表头名称") });
        }
    }
    errors
}

/// Check custom kinds and register them all, or none when any is wrong
/// (the page keeps the user's kinds and registers them at start).
pub fn register_all(file: &str, specs: Vec<KindSpec>) -> Result<(), Vec<ModelError>> {
    let mut errors = Vec::new();
    for (i, k) in specs.iter().enumerate() {
        errors.extend(check(file, &format!("kinds[{i}]"), k));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for k in specs {
        kinds::custom::register(k);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(json: &str) -> KindSpec {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_plain_kind_passes_and_clashes_are_named() {
        let ok = kind(r#"{"kind":"social_insurance","label":"社保缴纳记录","label_en":"Social insurance","fields":[
            {"name":"person","label":"姓名","type":"name","aliases":["姓名","参保人"]},
            {"name":"paid","label":"缴费金额","type":"amount","aliases":["缴费金额"]}]}"#);
        assert!(check("f", "kinds[0]", &ok).is_empty());
        let bad = kind(r#"{"kind":"cases","label":"","label_en":"","fields":[
            {"name":"Person","label":"姓名","type":"vehicle_status","aliases":[]}]}"#);
        let e: Vec<String> = check("f", "kinds[0]", &bad).iter().map(|e| e.zh()).collect();
        assert_eq!(e.len(), 5, "{e:?}");
        assert!(e[0].contains("内置类型同名"), "{e:?}");
    }
}
