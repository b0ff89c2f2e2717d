//! The `has_petition` mark: a screening lead whose case (案号, however
//! written: brackets, 字第) or subject (ID, else name) appears in a loaded
//! petitions (信访/12309) table. A petition that names no case still points
//! at the cases whose applicant the petitioner is (ID, else name), as
//! `petition.on_zhongben` reads it. The mark is a flag on the lead, so the
//! table, its filters and the exports carry it without new columns.

use std::borrow::Borrow;
use super::subject::{Key, RowPerson, Subject};
use crate::ingest::Dataset;
use crate::lead::Lead;
use crate::normalize::{case_no, id_number, multi, name};
use std::collections::{HashMap, HashSet};

pub const FLAG: &str = "has_petition";

/// What the petitions tables name: case keys, full IDs and name keys.
#[derive(Debug, Default)]
pub struct Index {
    cases: HashSet<String>,
    ids: HashSet<String>,
    names: HashSet<String>,
    /// Rows read from petitions tables.
    pub rows: usize,
}

impl Index {
    /// `datasets`: owned or borrowed (the engine passes the run's list of references).
    pub fn new<D: Borrow<Dataset>>(datasets: &[D]) -> Index {
        let mut ix = Index::default();
        let mut petitioners: Vec<Subject> = Vec::new();
        for ds in datasets.iter().map(Borrow::borrow).filter(|d: &&Dataset| d.kind() == "petitions") {
            for row in 0..ds.len() {
                ix.rows += 1;
                for (n, id) in multi::pair(ds.get(row, "petitioner"), ds.get(row, "petitioner_id")) {
                    petitioners.push(Subject { name: n.to_string(), id: id.unwrap_or("").to_string() });
                }
                for c in multi::split(ds.get(row, "case_no")) {
                    if let Some(k) = case_no::parse(c).ok() {
                        ix.cases.insert(k.match_key());
                    }
                }
                if let Some(id) = id_number::parse(ds.get(row, "petitioner_id")).ok().filter(|p| p.is_full()) {
                    ix.ids.insert(id.value);
                }
                for n in multi::split(ds.get(row, "petitioner")) {
                    let k = name::key(n);
                    if !k.is_empty() {
                        ix.names.insert(k);
                    }
                }
            }
        }
        ix.add_applicants_cases(datasets, &petitioners);
        ix
    }

    /// Cases whose applicant is one of the petitioners. Petitioners are
    /// indexed by full ID and by name key (every match needs one of the two
    /// equal), so each applicant is tested against the few petitioners that
    /// can match, not all of them (cases × petitioners was minutes at 100k).
    fn add_applicants_cases<D: Borrow<Dataset>>(&mut self, datasets: &[D], petitioners: &[Subject]) {
        let keys: Vec<Key> = petitioners.iter().map(Key::new).filter(|k| !k.is_empty()).collect();
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            if let Some(id) = &k.id {
                by_id.entry(id.as_str()).or_default().push(i);
            }
            if !k.name.is_empty() {
                by_name.entry(k.name.as_str()).or_default().push(i);
            }
        }
        if keys.is_empty() {
            return;
        }
        for ds in datasets.iter().map(Borrow::borrow).filter(|d: &&Dataset| d.kind() == "cases" && d.has("applicant")) {
            for row in 0..ds.len() {
                let hit = multi::pair(ds.get(row, "applicant"), ds.get(row, "applicant_id")).into_iter().any(|(n, id)| {
                    let rp = RowPerson::new(n, id.unwrap_or(""));
                    let by_i = rp.full_id().and_then(|i| by_id.get(i)).into_iter().flatten();
                    let by_n = by_name.get(rp.name.as_str()).into_iter().flatten();
                    by_i.chain(by_n).filter_map(|&i| keys.get(i)).any(|k| k.matches_row(&rp).is_some())
                });
                if let Some(c) = hit.then(|| case_no::parse(ds.get(row, "case_no")).ok()).flatten() {
                    self.cases.insert(c.match_key());
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    pub fn names_case(&self, raw_case_no: &str) -> bool {
        case_no::parse(raw_case_no).ok().is_some_and(|c| self.cases.contains(&c.match_key()))
    }

    /// The subject is a petitioner: by full ID when the subject has one
    /// (a different ID is a different person), else by name.
    pub fn names_subject(&self, s: &Subject) -> bool {
        let k = Key::new(s);
        match &k.id {
            Some(id) => self.ids.contains(id),
            None => !k.name.is_empty() && self.names.contains(&k.name),
        }
    }

    pub fn hits(&self, l: &Lead) -> bool {
        self.names_case(&l.case_no) || self.names_subject(&Subject { name: l.subject_name.clone(), id: l.subject_id.clone() })
    }
}

/// Flag every lead the petitions name; returns how many were marked.
pub fn mark<D: Borrow<Dataset>>(leads: &mut [Lead], datasets: &[D]) -> usize {
    let ix = Index::new(datasets);
    if ix.is_empty() {
        return 0;
    }
    let mut n = 0;
    for l in leads.iter_mut() {
        if ix.hits(l) && !l.flags.iter().any(|f| f == FLAG) {
            l.flags.push(FLAG.to_string());
            n += 1;
        }
    }
    n
}
