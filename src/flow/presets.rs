//! Import presets for bank-statement formats, as data
//! (`src/flow/presets/presets.json`): a header signature that recognises the
//! format, extra aliases that win over the generic ones of kind
//! `transactions`, and the few format facts a header cannot say (amounts in
//! 分, counterparty name and account in one cell).
//!
//! Detection: a preset matches a `Table` when at least `min_hits` of its
//! signature headers are present; the best fraction of the signature wins.
//! Formats share many headers (`交易日期`, `交易金额`), so the signature lists
//! the headers that tell them apart too. A statement in a format we do not
//! know still works through the generic aliases of `src/kinds/transactions.json`.

use crate::ingest::kinds;
use crate::ingest::mapping::header_key;
use crate::ingest::{Mapping, Table};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Deserialize)]
pub struct Preset {
    pub id: String,
    pub label: String,
    pub signature: Vec<String>,
    pub min_hits: usize,
    #[serde(default)]
    pub amounts_in_fen: bool,
    /// Counterparty name and account share one cell ("张三 6214…").
    #[serde(default)]
    pub cp_combined: bool,
    /// Field → aliases tried before the kind's generic aliases.
    #[serde(default)]
    pub fields: BTreeMap<String, Vec<String>>,
    /// `header_key` of the signature and of the field aliases, computed once.
    #[serde(skip)]
    sig_keys: Vec<String>,
    #[serde(skip)]
    field_keys: BTreeMap<String, Vec<String>>,
}

/// All built-in presets. Parsed once; a broken JSON is our bug and is caught
/// by a unit test, so here it yields an empty list instead of a panic.
pub fn all() -> &'static [Preset] {
    static P: OnceLock<Vec<Preset>> = OnceLock::new();
    P.get_or_init(|| {
        let mut v: Vec<Preset> = serde_json::from_str(include_str!("presets/presets.json")).unwrap_or_default();
        for p in v.iter_mut() {
            p.sig_keys = p.signature.iter().map(|s| header_key(s)).collect();
            p.field_keys = p.fields.iter().map(|(f, a)| (f.clone(), a.iter().map(|x| header_key(x)).collect())).collect();
        }
        v
    })
}

pub fn get(id: &str) -> Option<&'static Preset> {
    all().iter().find(|p| p.id == id)
}

/// The preset whose signature fits the table's headers best, if any fits.
pub fn detect(table: &Table) -> Option<&'static Preset> {
    let keys: Vec<String> = table.headers.iter().map(|h| header_key(h)).collect();
    let mut best: Option<(&Preset, f32, usize)> = None;
    for p in all() {
        let hits = p.sig_keys.iter().filter(|s| keys.contains(s)).count();
        if hits < p.min_hits {
            continue;
        }
        let frac = hits as f32 / p.signature.len().max(1) as f32;
        if best.map_or(true, |(_, f, h)| frac > f || (frac == f && hits > h)) {
            best = Some((p, frac, hits));
        }
    }
    best.map(|(p, _, _)| p)
}

/// Map a table onto kind `transactions`, trying the preset's aliases first.
/// Each column serves one field; fields are taken in the kind's order.
pub fn map(table: &Table, preset: Option<&Preset>) -> Mapping {
    let keys: Vec<String> = table.headers.iter().map(|h| header_key(h)).collect();
    let mut used = vec![false; keys.len()];
    let mut columns = BTreeMap::new();
    let Some(spec) = kinds::get("transactions") else { return Mapping::default() };
    let stripped: Vec<String> = keys.iter().map(|k| crate::ingest::header::strip_unit(k)).collect();
    // Exact header first, then the header without its unit in brackets.
    let find = |alias_keys: &[String], used: &mut Vec<bool>| -> Option<usize> {
        [&keys, &stripped].into_iter().find_map(|pool| {
            alias_keys.iter().find_map(|ak| pool.iter().enumerate().position(|(i, k)| !used.get(i).copied().unwrap_or(true) && k == ak && !k.is_empty()))
        })
    };
    // Preset aliases first for every field, so a generic alias of an earlier
    // field cannot take the column the preset meant for a later one.
    if let Some(p) = preset {
        for f in &spec.fields {
            if let Some(al) = p.field_keys.get(&f.name) {
                if let Some(i) = find(al, &mut used) {
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                    columns.insert(f.name.clone(), i);
                }
            }
        }
    }
    // Then the generic aliases for the fields and columns still free: our
    // cached pass for a recognised format; the ingestion layer's full mapping
    // (with containment matches) for unknown formats.
    let generic = if preset.is_some() {
        let mut m = Mapping::default();
        let mut u = used.clone();
        for (f, ak) in generic_keys() {
            if !columns.contains_key(f) {
                if let Some(i) = find(ak, &mut u) {
                    if let Some(x) = u.get_mut(i) {
                        *x = true;
                    }
                    m.columns.insert(f.clone(), i);
                }
            }
        }
        m
    } else {
        crate::ingest::mapping::map_kind(table, spec)
    };
    for (f, c) in &generic.columns {
        if !columns.contains_key(f) && !used.get(*c).copied().unwrap_or(true) {
            if let Some(u) = used.get_mut(*c) {
                *u = true;
            }
            columns.insert(f.clone(), *c);
        }
    }
    // A column in 分 says so in its header ("交易金额(分)").
    let fen_header = ["amount", "amount_in", "amount_out", "balance"]
        .iter()
        .filter_map(|f| columns.get(*f))
        .any(|&c| keys.get(c).is_some_and(|k| k.ends_with("(分)")));
    Mapping {
        kind: "transactions".into(),
        score: generic.score.max(columns.len() as f32 / spec.fields.len().max(1) as f32),
        columns,
        preset: preset.map(|p| p.id.clone()),
        amounts_in_fen: preset.is_some_and(|p| p.amounts_in_fen) || fen_header,
    }
}

/// Header keys of the `transactions` kind's aliases, per field, computed once.
fn generic_keys() -> &'static [(String, Vec<String>)] {
    static K: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    K.get_or_init(|| kinds::get("transactions").map(|k| k.fields.iter().map(|f| (f.name.clone(), f.aliases.iter().map(|a| header_key(a)).collect())).collect()).unwrap_or_default())
}

/// Split a combined counterparty cell ("张三 6214830000001234",
/// "6214****1234/张三") into (account, name). The account is the token with
/// the most digits (masked `*` count as digits); the rest is the name.
pub fn split_counterparty(cell: &str) -> (&str, String) {
    let t = cell.trim();
    let toks: Vec<&str> = t.split(|c: char| c.is_whitespace() || matches!(c, '/' | '|' | ';' | '；' | ',' | '，')).filter(|s| !s.is_empty()).collect();
    let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit() || *c == '*').count();
    let acct = toks.iter().copied().filter(|s| digits(s) >= 6).max_by_key(|s| digits(s)).unwrap_or("");
    let name: String = toks.iter().copied().filter(|s| *s != acct).collect::<Vec<_>>().join("");
    (acct, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Source;

    fn table(h: &[&str]) -> Table {
        Table::new(Source::default(), 1, h.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn presets_parse_and_detect() {
        assert!(all().len() >= 9);
        let t = table(&["用户ID", "交易单号", "大单号", "用户侧账号名称", "借贷类型", "交易业务类型", "交易用途类型", "交易时间", "交易金额(分)", "账户余额(分)", "网联/银联", "对手方ID", "对手侧账户名称", "网联/银联"]);
        let p = detect(&t).map(|p| p.id.as_str());
        assert_eq!(p, Some("tenpay"));
        let m = map(&t, detect(&t));
        assert!(m.amounts_in_fen);
        assert_eq!(m.columns.get("account"), Some(&0));
        assert_eq!(m.columns.get("amount"), Some(&8));
        assert_eq!(m.columns.get("cp_account"), Some(&11));
        let t = table(&["交易日期", "交易时间", "交易地点", "交易方式", "借贷标志", "交易金额", "余额", "对方户名", "对方账号", "摘要"]);
        assert_eq!(detect(&t).map(|p| p.id.as_str()), Some("bocom"));
        let t = table(&["姓名", "年龄"]);
        assert!(detect(&t).is_none());
    }

    #[test]
    fn combined_counterparty() {
        assert_eq!(split_counterparty("张三 6214830000001234"), ("6214830000001234", "张三".to_string()));
        assert_eq!(split_counterparty("6214****1234/李 四"), ("6214****1234", "李四".to_string()));
        assert_eq!(split_counterparty("财付通"), ("", "财付通".to_string()));
    }
}
