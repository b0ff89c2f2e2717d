//! A screening lead and its evidence: what fired, on whom, how sure the match
//! is, the figures that made it fire and the rows that prove it.

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// How sure the person match is (domain.md "Matching confidence").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Match {
    /// Both sides carry a valid full ID, equal after normalisation.
    #[serde(rename = "id")]
    Id,
    /// Same name and the same birth date on both sides (from IDs, including
    /// Excel-damaged or masked ones whose birth digits survive).
    #[serde(rename = "name+birth")]
    NameBirth,
    /// Same name only: a weak lead, always shown apart.
    #[serde(rename = "name")]
    Name,
}

impl Match {
    pub fn label(self) -> &'static str {
        match self {
            Match::Id => "证件号一致",
            Match::NameBirth => "姓名+出生日期一致",
            Match::Name => "仅姓名一致",
        }
    }
}

/// A figure that made the rule fire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub key: String,
    pub label: String,
    /// Typed value: amounts in 分 (`fen`), dates `yyyy-mm-dd`, numbers, text.
    pub value: FigureValue,
    /// Display text ("2,000.00元", "2019-03-05", "--").
    pub display: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureValue {
    Fen(i64),
    Date(String),
    Number(f64),
    Text(String),
    None,
}

/// The text of an evidence cell: up to 24 bytes are held inline (a date, an
/// amount, a name, an ID, a plate), so most of the millions of cells 100k
/// leads cite need no allocation of their own to make or to free.
pub type CellText = compact_str::CompactString;

/// One cell of an evidence row (serialised as plain strings, as before).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellValue {
    #[serde(serialize_with = "text_out", deserialize_with = "text_in")]
    pub raw: CellText,
    /// Normalised text, `None` when the cell has no normal form (blank, invalid).
    #[serde(default, serialize_with = "opt_text_out", deserialize_with = "opt_text_in")]
    pub normalized: Option<CellText>,
}

fn text_out<S: Serializer>(t: &CellText, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t)
}
fn text_in<'de, D: serde::Deserializer<'de>>(d: D) -> Result<CellText, D::Error> {
    String::deserialize(d).map(CellText::from)
}
fn opt_text_out<S: Serializer>(t: &Option<CellText>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_some(t.as_str()),
        None => s.serialize_none(),
    }
}
fn opt_text_in<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<CellText>, D::Error> {
    Option::<String>::deserialize(d).map(|t| t.map(CellText::from))
}

/// A column header in evidence: one shared copy per dataset column, not a
/// String per cited cell (100k leads cite millions of cells).
pub type Header = std::sync::Arc<str>;

/// Header → cell, in column order (serialised as a JSON object).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(from = "std::collections::BTreeMap<String, CellValue>")]
pub struct Fields(pub Vec<(Header, CellValue)>);

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(&**k, v)?;
        }
        m.end()
    }
}

impl From<std::collections::BTreeMap<String, CellValue>> for Fields {
    fn from(m: std::collections::BTreeMap<String, CellValue>) -> Fields {
        Fields(m.into_iter().map(|(k, v)| (Header::from(k), v)).collect())
    }
}

/// A row that proves the lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub file: String,
    pub sheet: Option<String>,
    /// Row number as the user sees it in Excel (header = its own row number).
    pub row: u32,
    /// Dataset kind of the row ("cases", "deposits", …).
    pub kind: String,
    pub fields: Fields,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    pub model: String,
    pub rule: String,
    pub rule_name: String,
    pub case_no: String,
    pub subject_name: String,
    pub subject_id: String,
    /// Where `subject_id` came from when it is not the case file's own
    /// (e.g. "机动车登记 身份证明号码（vehicles.csv 第5行）"); "" when it is.
    pub subject_id_source: String,
    /// Person-match confidence; `None` for rules that match no person across
    /// files (procedure rules, payouts, 案号-only joins).
    #[serde(rename = "match")]
    pub confidence: Option<Match>,
    /// True for name-only matches: counted and listed apart, never mixed into
    /// ID-confirmed figures.
    pub weak: bool,
    pub amount_fen: Option<i64>,
    pub basis: String,
    /// One Chinese sentence with the figures.
    pub reason: String,
    /// The same in English when the rule gives `reason_en` ("" otherwise).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason_en: String,
    pub figures: Vec<Figure>,
    pub flags: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// Stable hash of model, rule, case, subject and evidence rows: the page
    /// keeps the prosecutor's status (核实中/已采纳/排除) under it.
    pub fingerprint: String,
}

impl Lead {
    /// Compute the fingerprint from the identifying parts (FNV-1a 64: tiny,
    /// stable across platforms and versions, no dependency needed).
    pub fn fingerprint_of(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |s: &str| {
            for b in s.bytes().chain(std::iter::once(0x1f)) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        };
        eat(&self.model);
        eat(&self.rule);
        eat(&self.case_no);
        eat(&self.subject_name);
        eat(&self.subject_id);
        for e in &self.evidence {
            eat(&e.file);
            eat(e.sheet.as_deref().unwrap_or(""));
            eat(&e.row.to_string());
        }
        format!("{h:016x}")
    }

    pub fn figure(&self, key: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead() -> Lead {
        Lead {
            model: "deposit".into(),
            rule: "deposit.unreturned".into(),
            rule_name: String::new(),
            case_no: "（2019）浙0203执1号".into(),
            subject_name: "陈某".into(),
            subject_id: String::new(),
            subject_id_source: String::new(),
            confidence: Some(Match::NameBirth),
            weak: false,
            amount_fen: Some(200_000),
            basis: String::new(),
            reason: String::new(),
            figures: vec![],
            flags: vec![],
            evidence: vec![Evidence {
                file: "a.csv".into(),
                sheet: None,
                row: 2,
                kind: "cases".into(),
                fields: Fields(vec![
                    (
                        "姓名".into(),
                        CellValue {
                            raw: "陈 某".into(),
                            normalized: Some("陈某".into()),
                        },
                    ),
                    (
                        "案号".into(),
                        CellValue {
                            raw: "x".into(),
                            normalized: None,
                        },
                    ),
                ]),
            }],
            reason_en: String::new(),
            fingerprint: String::new(),
        }
    }

    #[test]
    fn json_keys_and_field_order() {
        let v = serde_json::to_string(&lead()).unwrap_or_default();
        assert!(v.contains(r#""match":"name+birth""#), "{v}");
        assert!(
            v.contains(r#""fields":{"姓名":{"raw":"陈 某","normalized":"陈某"},"案号""#),
            "{v}"
        );
    }

    #[test]
    fn evidence_cells_round_trip_as_plain_strings() {
        // Short cells are held inline, long ones on the heap: both read back the same.
        let mut l = lead();
        l.evidence[0].fields.0.push((
            "地址".into(),
            CellValue { raw: "浙江省宁波市海曙区某某街道某某小区12幢301室".into(), normalized: Some("某某小区12幢301室".into()) },
        ));
        let v = serde_json::to_string(&l).unwrap_or_default();
        assert!(v.contains(r#""地址":{"raw":"浙江省宁波市海曙区某某街道某某小区12幢301室","normalized":"某某小区12幢301室"}"#), "{v}");
        assert!(v.contains(r#""案号":{"raw":"x","normalized":null}"#), "{v}");
        let back: Lead = serde_json::from_str(&v).unwrap_or_else(|e| panic!("{e}: {v}"));
        // (Fields come back in key order: a JSON object read through a map.)
        let sorted = |l: &Lead| {
            let mut f = l.evidence[0].fields.0.clone();
            f.sort_by(|a, b| a.0.cmp(&b.0));
            f
        };
        assert_eq!(sorted(&back), sorted(&l));
        // A page that leaves `normalized` out gets None.
        let c: CellValue = serde_json::from_str(r#"{"raw":"a"}"#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c, CellValue { raw: "a".into(), normalized: None });
    }

    #[test]
    fn fingerprint_depends_on_rows_not_on_reason() {
        let a = lead();
        let mut b = lead();
        b.reason = "changed".into();
        assert_eq!(a.fingerprint_of(), b.fingerprint_of());
        b.evidence[0].row = 3;
        assert_ne!(a.fingerprint_of(), b.fingerprint_of());
    }
}

/// Leads of one rule, by how the person matched. Counted the same way for the
/// run's statistics (`engine::Stats`) and the export's summary sheet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub leads: usize,
    pub id: usize,
    pub name_birth: usize,
    /// Name-only matches, counted apart.
    pub name: usize,
}

impl RuleCount {
    pub fn add(&mut self, lead: &Lead) {
        self.leads += 1;
        match lead.confidence {
            Some(Match::Id) => self.id += 1,
            Some(Match::NameBirth) => self.name_birth += 1,
            Some(Match::Name) => self.name += 1,
            None => {}
        }
    }

    /// Counts per rule id.
    pub fn per_rule(leads: &[Lead]) -> std::collections::BTreeMap<String, RuleCount> {
        let mut m: std::collections::BTreeMap<String, RuleCount> = Default::default();
        for l in leads {
            m.entry(l.rule.clone()).or_default().add(l);
        }
        m
    }
}
