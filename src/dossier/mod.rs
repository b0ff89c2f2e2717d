//! 一人一档: everything the loaded data holds about one person or company —
//! their cases (as debtor or applicant), properties, vehicles, deposits,
//! seizures, credit entries, auctions, distributions, petitions, accounts and
//! statements — with every screening and flow lead about them and a combined
//! priority (`priority`). Matching is the leads' ladder (`subject`): ID, else
//! name + birth date, else name alone, flagged weak. Rows tied to the
//! subject's cases by 案号 (a seizure, a payout) inherit the case's match.
//!
//! Which field of which kind names a person is data (`PERSON_FIELDS`,
//! `CASE_FIELDS`), not code per kind.

pub mod export;
pub mod petitions;
pub mod priority;
pub mod subject;

use crate::ingest::{kinds, Dataset};
use crate::lead::{CellValue, Fields, Lead, Match};
use crate::normalize::{self, case_no, multi};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
pub use subject::Subject;

/// (kind, name field, ID field, role shown): the fields that name a person.
pub const PERSON_FIELDS: &[(&str, &str, &str, &str)] = &[
    ("cases", "debtor", "debtor_id", "被执行人"),
    ("cases", "applicant", "applicant_id", "申请执行人"),
    ("realestate", "owner", "owner_id", "不动产权利人"),
    ("vehicles", "owner", "owner_id", "机动车所有人"),
    ("deposits", "person", "person_id", "保证金涉案人员"),
    ("deposits", "payer", "payer_id", "保证金缴纳人"),
    ("seizures", "owner", "owner_id", "被查控人"),
    ("credit", "name", "id_number", "失信/限消名单"),
    ("deaths", "name", "id_number", "死亡/火化登记"),
    ("auctions", "buyer", "buyer_id", "拍卖买受人"),
    ("distributions", "creditor", "creditor_id", "参与分配债权人"),
    ("distributions", "debtor", "", "分配方案被执行人"),
    ("petitions", "petitioner", "petitioner_id", "信访人"),
    ("accounts", "name", "id_number", "开户人"),
    ("persons", "name", "id_number", "人员信息"),
    ("transactions", "name", "id_number", "流水本方"),
];

/// (kind, 案号 field, role shown): rows that belong to the subject through
/// one of the subject's cases as debtor.
pub const CASE_FIELDS: &[(&str, &str, &str)] = &[
    ("seizures", "case_no", "本人案件的查封扣押冻结"),
    ("seizures", "related_case_no", "本人诉讼的保全措施"),
    ("funds", "case_no", "本人案件的执行款"),
    ("auctions", "case_no", "本人案件的拍卖"),
    ("distributions", "case_no", "本人案件的分配方案"),
    ("petitions", "case_no", "反映本人案件的信访"),
];

/// Kinds in the order the dossier shows them.
const SECTION_ORDER: &[&str] =
    &["cases", "realestate", "vehicles", "deposits", "seizures", "auctions", "distributions", "funds", "credit", "petitions", "accounts", "persons", "deaths"];

/// Statement rows are summarised per account, not listed.
const SUMMARISED: &str = "transactions";

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub file: String,
    pub sheet: Option<String>,
    pub row: u32,
    pub kind: String,
    pub role: String,
    #[serde(rename = "match")]
    pub confidence: Match,
    pub weak: bool,
    /// 案号 of the row, when it has one (normalised).
    pub case_no: String,
    /// Mapped columns: header → raw and normalised value.
    pub fields: Fields,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub kind: String,
    pub label: String,
    pub label_en: String,
    pub items: Vec<Item>,
}

/// One of the subject's accounts as the statements show it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Account {
    pub account: String,
    pub file: String,
    pub rows: u64,
    pub first: String,
    pub last: String,
    #[serde(rename = "match")]
    pub confidence: Option<Match>,
}

/// The parts of a flow lead the dossier shows (the page and CLI pass these;
/// `From<&FlowLead>` builds them in Rust).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FlowLeadRef {
    #[serde(default)]
    pub rule: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub score: f64,
    #[serde(default)]
    pub subject_id: String,
    #[serde(default)]
    pub subject_name: String,
    #[serde(default)]
    pub focus_name: String,
    #[serde(default)]
    pub amount_fen: i64,
    #[serde(default)]
    pub phase: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub fingerprint: String,
}

impl From<&crate::flow::FlowLead> for FlowLeadRef {
    fn from(l: &crate::flow::FlowLead) -> FlowLeadRef {
        FlowLeadRef {
            rule: l.rule.to_string(),
            label: l.label.to_string(),
            score: l.score,
            subject_id: l.subject_id.to_string(),
            subject_name: l.subject_name.to_string(),
            focus_name: l.focus_name.to_string(),
            amount_fen: l.amount_fen,
            phase: l.phase.to_string(),
            reason: l.reason.clone(),
            fingerprint: l.fingerprint.to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LeadMatch<T> {
    #[serde(rename = "match")]
    pub confidence: Match,
    pub lead: T,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    pub subject: Subject,
    /// Birth date from the ID, `yyyy-mm-dd`, when known.
    pub birth: Option<String>,
    pub sections: Vec<Section>,
    pub accounts: Vec<Account>,
    pub leads: Vec<LeadMatch<Lead>>,
    pub flow_leads: Vec<LeadMatch<FlowLeadRef>>,
    /// Normalised 案号 of the subject's cases as debtor.
    pub cases: Vec<String>,
    pub has_petition: bool,
    /// Rows matched by name only (shown, flagged weak).
    pub weak: usize,
    pub priority: priority::Priority,
}

fn weight(m: Match) -> f64 {
    match m {
        Match::Id => 1.0,
        Match::NameBirth => 0.8,
        Match::Name => 0.3,
    }
}

fn fields_of(ds: &Dataset, row: usize) -> Fields {
    let Some(spec) = kinds::get(ds.kind()) else { return Fields::default() };
    let mut out = Vec::new();
    for f in &spec.fields {
        let Some(header) = ds.header(&f.name) else { continue };
        let raw = ds.get(row, &f.name);
        if raw.trim().is_empty() {
            continue;
        }
        out.push((header.into(), CellValue { raw: raw.into(), normalized: normalize::display(f.ty, raw).map(Into::into) }));
    }
    Fields(out)
}

fn case_key(raw: &str) -> Option<(String, String)> {
    case_no::parse(raw).ok().map(|c| (c.match_key(), c.norm))
}

/// Best match of the subject among a cell's names (paired with IDs when the
/// cell lists several people).
fn best_match(key: &subject::Key, names: &str, ids: &str) -> Option<Match> {
    let pairs = multi::pair(names, ids);
    if pairs.is_empty() {
        // No name column (or an empty cell): the ID alone can still match.
        return multi::split(ids).into_iter().filter_map(|id| key.matches("", id)).min();
    }
    pairs.into_iter().filter_map(|(n, id)| key.matches(n, id.unwrap_or(""))).min()
}

/// Unpaid amount of an open 终本 case row, in 分.
fn zhongben_unpaid(ds: &Dataset, row: usize) -> i64 {
    let method = ds.get(row, "close_method");
    if !(method.contains("终本") || method.contains("终结本次")) {
        return 0;
    }
    normalize::amount::parse(ds.get(row, "unpaid_amount"), normalize::amount::Unit::Yuan).ok().unwrap_or(0).max(0)
}

pub fn build(datasets: &[Dataset], who: &Subject, leads: &[Lead], flow_leads: &[FlowLeadRef]) -> Dossier {
    let key = subject::Key::new(who);
    let mut sections: BTreeMap<&str, Vec<Item>> = BTreeMap::new();
    let mut my_cases: BTreeMap<String, (String, Match)> = BTreeMap::new();
    let mut accounts: BTreeMap<(String, String), Account> = BTreeMap::new();
    let mut unpaid: BTreeMap<String, i64> = BTreeMap::new();
    let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
    if key.is_empty() {
        return finish(who, key.birth, sections, accounts, Vec::new(), Vec::new(), BTreeMap::new(), false, 0);
    }
    // Pass 1: rows that name the subject.
    for (di, ds) in datasets.iter().enumerate() {
        for &(kind, name_f, id_f, role) in PERSON_FIELDS.iter().filter(|p| p.0 == ds.kind()) {
            if !ds.has(name_f) && !ds.has(id_f) {
                continue;
            }
            for row in 0..ds.len() {
                let Some(m) = best_match(&key, ds.get(row, name_f), ds.get(row, id_f)) else { continue };
                if kind == "cases" && role == "被执行人" {
                    if let Some((k, norm)) = case_key(ds.get(row, "case_no")) {
                        let e = my_cases.entry(k.clone()).or_insert((norm, m));
                        e.1 = e.1.min(m);
                        unpaid.insert(k, zhongben_unpaid(ds, row));
                    }
                }
                if kind == SUMMARISED {
                    let acct = [ds.get(row, "account"), ds.get(row, "card")].into_iter().find(|a| !a.trim().is_empty()).unwrap_or("").trim().to_string();
                    let day = normalize::display(kinds::FieldType::Datetime, ds.get(row, "time"))
                        .or_else(|| normalize::display(kinds::FieldType::Date, ds.get(row, "date")))
                        .map(|s| s.chars().take(10).collect::<String>())
                        .unwrap_or_default();
                    let a = accounts.entry((acct.clone(), ds.table.source.file.clone())).or_insert_with(|| Account { account: acct, file: ds.table.source.file.clone(), confidence: Some(m), ..Account::default() });
                    a.rows += 1;
                    if !day.is_empty() {
                        if a.first.is_empty() || day < a.first {
                            a.first = day.clone();
                        }
                        if day > a.last {
                            a.last = day;
                        }
                    }
                    continue;
                }
                if seen.insert((di, row)) {
                    sections.entry(kind).or_default().push(item(ds, row, role, m));
                }
            }
        }
    }
    // Pass 2: rows tied to the subject's cases.
    for (di, ds) in datasets.iter().enumerate() {
        for &(_, field, role) in CASE_FIELDS.iter().filter(|c| c.0 == ds.kind()) {
            if !ds.has(field) {
                continue;
            }
            for row in 0..ds.len() {
                let hit = multi::split(ds.get(row, field)).into_iter().filter_map(case_key).find_map(|(k, _)| my_cases.get(&k).map(|(_, m)| *m));
                if let Some(m) = hit {
                    if seen.insert((di, row)) {
                        sections.entry(ds.kind()).or_default().push(item(ds, row, role, m));
                    }
                }
            }
        }
    }
    let case_keys: BTreeSet<&String> = my_cases.keys().collect();
    let lead_hits: Vec<LeadMatch<Lead>> = leads
        .iter()
        .filter_map(|l| {
            let by_subject = key.matches(&l.subject_name, &l.subject_id);
            let by_case = case_key(&l.case_no).and_then(|(k, _)| case_keys.contains(&k).then(|| my_cases.get(&k).map(|c| c.1)).flatten());
            // A lead about the subject's case but naming someone else (a co-debtor) is not theirs.
            let m = match (by_subject, by_case) {
                (Some(a), _) => Some(a),
                (None, Some(c)) if l.subject_name.trim().is_empty() => Some(c),
                _ => None,
            };
            m.map(|confidence| LeadMatch { confidence, lead: l.clone() })
        })
        .collect();
    let flow_hits: Vec<LeadMatch<FlowLeadRef>> = flow_leads
        .iter()
        .filter_map(|l| {
            let n = if l.subject_name.trim().is_empty() { &l.focus_name } else { &l.subject_name };
            key.matches(n, &l.subject_id).map(|confidence| LeadMatch { confidence, lead: l.clone() })
        })
        .collect();
    let pix = petitions::Index::new(datasets);
    let has_petition = !pix.is_empty() && (pix.names_subject(who) || my_cases.values().any(|(norm, _)| pix.names_case(norm)) || lead_hits.iter().any(|l| pix.names_case(&l.lead.case_no)));
    let unpaid_fen: i64 = unpaid.values().copied().fold(0i64, |a, b| a.saturating_add(b));
    finish(who, key.birth, sections, accounts, lead_hits, flow_hits, my_cases, has_petition, unpaid_fen)
}

fn item(ds: &Dataset, row: usize, role: &str, m: Match) -> Item {
    Item {
        file: ds.table.source.file.clone(),
        sheet: ds.table.source.sheet.clone(),
        row: ds.table.line(row),
        kind: ds.kind().to_string(),
        role: role.to_string(),
        confidence: m,
        weak: m == Match::Name,
        case_no: case_key(ds.get(row, "case_no")).map(|(_, n)| n).unwrap_or_default(),
        fields: fields_of(ds, row),
    }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    who: &Subject,
    birth: Option<chrono::NaiveDate>,
    mut sections: BTreeMap<&str, Vec<Item>>,
    accounts: BTreeMap<(String, String), Account>,
    leads: Vec<LeadMatch<Lead>>,
    flow_leads: Vec<LeadMatch<FlowLeadRef>>,
    my_cases: BTreeMap<String, (String, Match)>,
    has_petition: bool,
    unpaid_fen: i64,
) -> Dossier {
    let mut out = Vec::new();
    for kind in SECTION_ORDER {
        if let Some(mut items) = sections.remove(kind) {
            items.sort_by(|a, b| (a.weak, &a.file, a.row).cmp(&(b.weak, &b.file, b.row)));
            let (label, label_en) = kinds::get(kind).map(|k| (k.label.clone(), k.label_en.clone())).unwrap_or_default();
            out.push(Section { kind: kind.to_string(), label, label_en, items });
        }
    }
    let weak = out.iter().flat_map(|s| &s.items).filter(|i| i.weak).count();
    let mut sources: BTreeSet<&str> = leads.iter().map(|l| l.lead.model.as_str()).collect();
    if !flow_leads.is_empty() {
        sources.insert("flow");
    }
    let priority = priority::compute(&priority::Inputs {
        lead_weights: leads.iter().map(|l| weight(l.confidence)).collect(),
        flow_scores: flow_leads.iter().map(|l| l.lead.score).collect(),
        sources: sources.len(),
        unpaid_fen,
        has_petition,
    });
    Dossier {
        subject: who.clone(),
        birth: birth.map(|d| d.format("%Y-%m-%d").to_string()),
        sections: out,
        accounts: accounts.into_values().collect(),
        leads,
        flow_leads,
        cases: my_cases.into_values().map(|(norm, _)| norm).collect(),
        has_petition,
        weak,
        priority,
    }
}

#[cfg(test)]
mod tests;

impl Dossier {
    /// 脱敏 in place with the core masker (subject, every cell that looks
    /// like a name, ID or account, account numbers), for exports and prints.
    pub fn mask(&mut self) {
        self.subject = Subject {
            name: crate::mask::name(&self.subject.name),
            id: crate::mask::id(&self.subject.id),
        };
        for s in &mut self.sections {
            for it in &mut s.items {
                for (h, v) in &mut it.fields.0 {
                    if let Some(m) = crate::mask::value(h, &v.raw) {
                        v.normalized = v.normalized.as_ref().map(|_| m.as_str().into());
                        v.raw = m.into();
                    }
                }
            }
        }
        for a in &mut self.accounts {
            a.account = crate::mask::account(&a.account);
        }
    }
}
