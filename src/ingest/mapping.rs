//! Which kind a table is, and which column holds which canonical field.

use super::kinds::{self, KindSpec};
use super::header::strip_unit;
use super::table::Table;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Mapping {
    /// Kind id ("cases", …); "" when unknown.
    pub kind: String,
    /// Canonical field → column index in the table.
    pub columns: BTreeMap<String, usize>,
    /// How well the headers fit the kind (0..1).
    pub score: f32,
    /// Preset that matched (bank statement formats), if any.
    pub preset: Option<String>,
    /// Amounts in this table are in 分, not 元 (WeChat Pay exports).
    pub amounts_in_fen: bool,
}

/// Header text reduced for alias comparison: full width → half, no spaces or
/// brackets-width differences, upper-case ASCII.
pub fn header_key(h: &str) -> String {
    crate::normalize::name::key(h).to_uppercase()
}

/// Header keys of a table's columns (raw names, so "金额" and its distinct
/// twin "金额#2" both read as "金额").
fn column_keys(table: &Table) -> Vec<String> {
    (0..table.headers.len())
        .map(|i| header_key(table.raw_headers.get(i).or_else(|| table.headers.get(i)).map(String::as_str).unwrap_or("")))
        .collect()
}

/// Map the table's headers onto one kind's fields: exact aliases first,
/// then aliases with the unit in brackets dropped ("金额（元）"), then the
/// longest alias contained in a header ("被执行人姓名（名称）"). Each column
/// serves one field; earlier aliases are preferred.
pub fn map_kind(table: &Table, spec: &KindSpec) -> Mapping {
    let keys = column_keys(table);
    let stripped: Vec<String> = keys.iter().map(|k| strip_unit(k)).collect();
    map_keys(table, &keys, &stripped, spec)
}

/// `map_kind` over header keys computed once per table.
fn map_keys(table: &Table, keys: &[String], stripped: &[String], spec: &KindSpec) -> Mapping {
    let mut columns = BTreeMap::new();
    let mut used = vec![false; keys.len()];
    let mut fuzzy = 0usize;
    for exact in [true, false] {
        for f in &spec.fields {
            if columns.contains_key(&f.name) {
                continue;
            }
            let found = f.alias_keys().iter().find_map(|ak| {
                let pool = if exact { keys } else { stripped };
                pool.iter().enumerate().position(|(i, k)| !used.get(i).copied().unwrap_or(true) && k == ak && !k.is_empty())
            });
            if let Some(i) = found {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                columns.insert(f.name.clone(), i);
            }
        }
    }
    // Containment: the longest alias inside an unused header, when it is at
    // least half of the header.
    for (i, key) in stripped.iter().enumerate() {
        if used.get(i).copied().unwrap_or(true) || key.is_empty() {
            continue;
        }
        // A header that is itself an alias of a mapped field is a second
        // column of that field (Alipay's 付款时间 beside 交易创建时间), not a
        // fuzzy match for another field (交易时刻 via "时间").
        if spec.fields.iter().any(|f| f.alias_keys().iter().any(|a| a == key)) {
            continue;
        }
        let klen = key.chars().count();
        let best = spec
            .fields
            .iter()
            .filter(|f| !columns.contains_key(&f.name))
            .flat_map(|f| f.alias_keys().iter().map(move |a| (f, a)))
            .filter(|(_, ak)| {
                let n = ak.chars().count();
                n >= 2 && n * 2 >= klen && key.contains(ak.as_str())
            })
            .max_by_key(|(_, ak)| ak.chars().count());
        if let Some((f, _)) = best {
            columns.insert(f.name.clone(), i);
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
            fuzzy += 1;
        }
    }
    let score = score(table, spec, &columns, fuzzy);
    let amounts_in_fen = columns.iter().any(|(field, &col)| {
        spec.field(field).is_some_and(|f| f.ty == kinds::FieldType::Amount)
            && keys.get(col).is_some_and(|k| k.ends_with("(分)"))
    });
    Mapping { kind: spec.kind.clone(), columns, score, preset: None, amounts_in_fen }
}

/// How well a mapping fits (0..1): half for the kind's key fields found,
/// 35% for the share of the table's named columns explained, 15% for the
/// share of the kind's fields found (key fields weigh 3). Fuzzy matches
/// count 80%.
fn score(table: &Table, spec: &KindSpec, columns: &BTreeMap<String, usize>, fuzzy: usize) -> f32 {
    let keys_total = spec.fields.iter().filter(|f| f.key).count();
    let keys_hit = spec.fields.iter().filter(|f| f.key && columns.contains_key(&f.name)).count();
    let (mut hit, mut weight) = (0.0f32, 0.0f32);
    for f in &spec.fields {
        let w = if f.key { 3.0 } else { 1.0 };
        weight += w;
        if columns.contains_key(&f.name) {
            hit += w;
        }
    }
    let field_cov = if weight > 0.0 { hit / weight } else { 0.0 };
    let key_cov = if keys_total > 0 { keys_hit as f32 / keys_total as f32 } else { field_cov };
    let named = table.raw_headers.iter().filter(|h| !h.trim().is_empty()).count().max(1);
    let mapped = columns.len() as f32 - 0.2 * fuzzy as f32;
    let col_cov = (mapped / named as f32).min(1.0);
    0.5 * key_cov + 0.35 * col_cov + 0.15 * field_cov
}

/// A kind is only guessed with at least one key field, two mapped columns
/// and this score; below it the kind is "" (the page asks the user).
pub const MIN_SCORE: f32 = 0.35;

fn key_hits(m: &Mapping) -> usize {
    kinds::get(&m.kind).map(|k| k.fields.iter().filter(|f| f.key && m.columns.contains_key(&f.name)).count()).unwrap_or(0)
}

/// Best kind for a table, with the scores of all kinds (best first). Ties go
/// to more key fields, then more mapped columns, then the order of
/// `kinds::all()`.
pub fn detect(table: &Table) -> (Mapping, Vec<(String, f32)>) {
    let keys = column_keys(table);
    let stripped: Vec<String> = keys.iter().map(|k| strip_unit(k)).collect();
    let mut all: Vec<Mapping> = kinds::every().into_iter().map(|k| map_keys(table, &keys, &stripped, k)).collect();
    all.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(key_hits(b).cmp(&key_hits(a)))
            .then(b.columns.len().cmp(&a.columns.len()))
    });
    let scores = all.iter().map(|m| (m.kind.clone(), m.score)).collect();
    let best = all
        .into_iter()
        .next()
        .filter(|m| m.score >= MIN_SCORE && m.columns.len() >= 2 && key_hits(m) >= 1)
        .unwrap_or_default();
    (best, scores)
}

/// Scores of every kind for the page's kind dropdown, best first.
pub fn scores(table: &Table) -> Vec<(String, f32)> {
    detect(table).1
}

/// Stable signature of a table's headers (FNV-1a 64 over the normalised
/// header names, in order), so the page can remember a confirmed mapping
/// for the next export of the same layout. 16 hex digits.
pub fn signature(table: &Table) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, k) in column_keys(table).iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in k.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// A table with its confirmed or guessed mapping: what models and flow rules read.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub table: Table,
    pub mapping: Mapping,
}

impl Dataset {
    pub fn new(table: Table) -> Dataset {
        let (mapping, _) = detect(&table);
        Dataset { table, mapping }
    }
    pub fn kind(&self) -> &str {
        &self.mapping.kind
    }
    pub fn has(&self, field: &str) -> bool {
        self.mapping.columns.contains_key(field)
    }
    /// Raw text of a field in data row `row`; "" when unmapped or missing.
    pub fn get(&self, row: usize, field: &str) -> &str {
        match self.mapping.columns.get(field) {
            Some(&c) => self.table.cell(row, c),
            None => "",
        }
    }
    /// Header the field is mapped to.
    pub fn header(&self, field: &str) -> Option<&str> {
        self.mapping.columns.get(field).and_then(|&c| self.table.headers.get(c)).map(String::as_str)
    }
    pub fn len(&self) -> usize {
        self.table.len()
    }
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::table::Source;

    fn table(headers: &[&str]) -> Table {
        Table::new(Source::default(), 1, headers.iter().map(|h| h.to_string()).collect())
    }

    #[test]
    fn aliases_units_and_containment() {
        let t = table(&["序号", "案号", "被执行人姓名（名称）", "未履行金额(元)", "立案 日期"]);
        let (m, scores) = detect(&t);
        assert_eq!(m.kind, "cases");
        assert_eq!(m.columns.get("debtor"), Some(&2), "containment after dropping the unit");
        assert_eq!(m.columns.get("unpaid_amount"), Some(&3), "unit in brackets dropped");
        assert_eq!(m.columns.get("filed_date"), Some(&4), "inner spaces ignored");
        assert_eq!(scores.first().map(|s| s.0.as_str()), Some("cases"));
        assert!(scores.windows(2).all(|w| w[0].1 >= w[1].1), "best first");
    }

    #[test]
    fn unknown_below_minimum_and_fen_amounts() {
        let (m, _) = detect(&table(&["甲", "乙", "备注"]));
        assert_eq!(m.kind, "");
        // One key field alone is not enough.
        let (m, _) = detect(&table(&["案号", "甲", "乙"]));
        assert_eq!(m.kind, "");
        let t = table(&["交易时间", "交易金额(分)", "借贷类型", "交易对方"]);
        let (m, _) = detect(&t);
        assert_eq!(m.kind, "transactions");
        assert!(m.amounts_in_fen);
    }

    /// Small header sets as court, bank and registry exports name them, each
    /// with the kind it must be detected as. Cases lists with 案号 + 被执行人
    /// and an ID column used to be at risk of reading as persons or credit.
    #[test]
    fn small_header_sets_are_their_kind() {
        let sets: &[(&str, &[&str])] = &[
            ("cases", &["案号", "被执行人", "证件号码", "立案日期", "结案方式"]),
            ("cases", &["案号", "被执行人", "证件号码", "立案日期", "执行通知书日期", "结案方式"]),
            ("cases", &["案号", "被执行人", "证件号码", "立案日期", "结案方式", "执行法院", "未履行金额"]),
            ("cases", &["案号", "被执行人", "证件号码", "立案日期", "结案方式", "备注", "联系电话", "住所"]),
            ("cases", &["案号", "被执行人", "证件号码", "立案日期", "结案方式", "申请执行人", "结案日期", "执行标的", "承办人"]),
            ("cases", &["序号", "案号", "申请执行人", "被执行人", "证件号码", "申请执行标的金额", "未履行金额", "立案日期", "结案日期", "结案方式"]),
            ("deposits", &["被取保候审人", "证件号码", "保证金金额", "缴纳日期", "处理结果"]),
            ("deposits", &["犯罪嫌疑人", "身份证号", "保证金", "缴纳人", "退还日期", "办案单位"]),
            ("vehicles", &["号牌号码", "号牌种类", "所有人", "身份证明号码", "机动车状态"]),
            ("vehicles", &["车牌号", "车主", "证件号码", "车辆状态", "品牌", "初次登记日期"]),
            ("realestate", &["不动产权证号", "坐落", "权利人", "证件号", "建筑面积"]),
            ("realestate", &["权利人", "权利人证件号", "房屋坐落", "产权证号", "是否查封", "是否抵押"]),
            ("credit", &["案号", "被执行人姓名/名称", "证件号", "发布日期", "失信情形"]),
            ("credit", &["案号", "姓名/名称", "证件号码", "执行法院", "发布日期"]),
            ("deaths", &["姓名", "身份证号", "死亡日期", "数据来源"]),
            ("deaths", &["死者姓名", "证件号码", "火化日期"]),
            ("transactions", &["交易卡号", "交易时间", "交易金额", "收付标志", "对手户名", "摘要说明"]),
            ("transactions", &["账号", "交易日期", "交易时间", "金额", "借贷标志", "余额", "对方户名"]),
            ("persons", &["姓名", "证件号码", "联系电话", "住址"]),
            ("persons", &["客户名称", "证照号码", "联系电话"]),
            ("accounts", &["账号", "户名", "开户银行", "开户日期", "账户状态"]),
            ("accounts", &["交易账号", "账户开户名称", "开户行", "开户人证件号码", "销户日期", "账户余额"]),
        ];
        let mut wrong = Vec::new();
        for (kind, headers) in sets {
            let (m, scores) = detect(&table(headers));
            if m.kind != *kind {
                wrong.push(format!("{headers:?}: {} (want {kind}; {:?})", m.kind, scores.get(..3)));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn cases_file_is_not_a_credit_list() {
        let t = table(&["案号", "被执行人", "证件号码", "执行法院", "立案日期", "结案日期", "结案方式", "未履行金额"]);
        assert_eq!(detect(&t).0.kind, "cases");
        let t = table(&["案号", "被执行人姓名/名称", "证件号", "发布日期", "失信情形"]);
        assert_eq!(detect(&t).0.kind, "credit");
    }
}
