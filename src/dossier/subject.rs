//! Whether a row's person is the dossier's subject: ID, else name + birth
//! date, else name alone (weak) — the same ladder as the screening leads
//! (domain.md "Matching confidence"). A full ID that differs is a different
//! person even when the names agree.

use crate::lead::Match;
use crate::normalize::{id_number, name, Parsed};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Who the dossier is about, as the page or CLI gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id: String,
}

/// A row's person with its keys computed once.
#[derive(Debug, Clone)]
pub struct RowPerson {
    pub name: String,
    pub id: Option<id_number::ParsedId>,
}

impl RowPerson {
    pub fn new(row_name: &str, row_id: &str) -> RowPerson {
        let id = match id_number::parse(row_id) {
            Parsed::Value(p) => Some(p),
            _ => None,
        };
        RowPerson { name: name::key(row_name), id }
    }

    /// The full ID's normalised value, when the row has one.
    pub fn full_id(&self) -> Option<&str> {
        self.id.as_ref().filter(|p| p.is_full()).map(|p| p.value.as_str())
    }
}

/// The subject with its keys computed once.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    /// Normalised full ID, when the given ID is a checked full one.
    pub id: Option<String>,
    /// The given ID as parsed (full or masked), for masked comparisons.
    parsed: Option<id_number::ParsedId>,
    pub birth: Option<NaiveDate>,
}

impl Key {
    pub fn new(s: &Subject) -> Key {
        let parsed = id_number::parse(&s.id).ok();
        let id = parsed.as_ref().filter(|p| p.is_full()).map(|p| p.value.clone());
        let birth = parsed.as_ref().and_then(|p| p.birth);
        Key { name: name::key(&s.name), id, parsed, birth }
    }

    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.parsed.is_none()
    }

    /// How a (name, ID) pair from a row matches the subject, if at all.
    pub fn matches(&self, row_name: &str, row_id: &str) -> Option<Match> {
        let row = RowPerson::new(row_name, row_id);
        self.matches_row(&row)
    }

    /// `matches` on a row whose keys are already computed (one row tested
    /// against many subjects).
    pub fn matches_row(&self, row: &RowPerson) -> Option<Match> {
        let (rn, rid) = (&row.name, &row.id);
        if let (Some(mine), Some(theirs)) = (&self.parsed, rid) {
            if mine.is_full() && theirs.is_full() {
                return (mine.value == theirs.value).then_some(Match::Id);
            }
            // One side masked: the visible characters must agree, and the names too.
            let agree = if mine.is_full() { theirs.masked_matches(&mine.value) } else if theirs.is_full() { mine.masked_matches(&theirs.value) } else { false };
            if agree && !self.name.is_empty() && *rn == self.name {
                return Some(Match::NameBirth);
            }
            if !agree && (mine.is_full() || theirs.is_full()) {
                return None;
            }
        }
        if self.name.is_empty() || *rn != self.name {
            return None;
        }
        let row_birth = rid.as_ref().and_then(|p| p.birth);
        match (self.birth, row_birth) {
            (Some(a), Some(b)) if a == b => Some(Match::NameBirth),
            (Some(_), Some(_)) => None,
            _ => Some(Match::Name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "330203198503120016";

    fn key(name: &str, id: &str) -> Key {
        Key::new(&Subject { name: name.into(), id: id.into() })
    }

    #[test]
    fn ladder() {
        let k = key("陈某", ID);
        assert_eq!(k.matches("陈 某", ID), Some(Match::Id));
        assert_eq!(k.matches("别名", ID), Some(Match::Id), "the ID decides");
        assert_eq!(k.matches("陈某", "330203198503120032"), None, "same name, other full ID");
        assert_eq!(k.matches("陈某", ""), Some(Match::Name));
        assert_eq!(k.matches("陈某", "3302031985********"), Some(Match::NameBirth));
        assert_eq!(k.matches("李某", ""), None);
        let by_name = key("陈某", "");
        assert_eq!(by_name.matches("陈某", ID), Some(Match::Name));
        assert!(key("", "").is_empty());
    }
}
