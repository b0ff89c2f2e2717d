//! Person keys and matching: ID first, then name + birth date, then name.
//! Keys are built once per row (xsv `transform` style) before any join; the
//! join only compares keys.

use super::eval::RowRef;
use crate::lead::Match;
use crate::normalize::{id_number, multi, name, Parsed};
use chrono::NaiveDate;
use compact_str::CompactString;
use foldhash::HashMap;
use std::borrow::Borrow;
use std::hash::Hash;

/// What an ID cell tells us. IDs are at most 24 bytes, so they are held
/// inline (`CompactString`): a party table of a million rows makes no
/// allocation per ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdState {
    /// Blank, or not an ID at all.
    None,
    /// Valid full ID (resident 18/15→18, credit code, org code).
    Valid {
        value: CompactString,
        birth: Option<NaiveDate>,
    },
    /// Masked (`3302**********1234`): visible characters and `*`.
    Masked { value: CompactString },
    /// Damaged by Excel: the digits that survived (first 15 of an 18-digit
    /// number turned to zeros) and the birth date when those digits hold it.
    Damaged {
        prefix: CompactString,
        birth: Option<NaiveDate>,
    },
}

/// A person as a join key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonKey {
    /// `normalize::name::key` of the name ("" when blank), inline up to 24
    /// bytes: keys are copied into lookups and join hits without allocating.
    pub name: CompactString,
    pub id: IdState,
}

impl PersonKey {
    pub fn new(name_raw: &str, id_raw: &str) -> PersonKey {
        PersonKey {
            name: CompactString::new(name_key(name_raw)),
            id: id_state(id_raw),
        }
    }
    pub fn valid_id(&self) -> Option<&str> {
        match &self.id {
            IdState::Valid { value, .. } => Some(value),
            _ => None,
        }
    }
    pub fn birth(&self) -> Option<NaiveDate> {
        match &self.id {
            IdState::Valid { birth, .. } | IdState::Damaged { birth, .. } => *birth,
            IdState::Masked { value } => birth_from_digits(value),
            IdState::None => None,
        }
    }
    pub fn is_blank(&self) -> bool {
        self.name.is_empty() && self.id == IdState::None
    }
}

/// The person entries of one row's name and ID cells, in order: when either
/// cell lists several people (`multi::split`), one entry per position (a
/// missing part is ""); else the two whole cells are one entry. The party
/// table and the streaming person join both read rows this way.
pub fn each_entry<'c>(names: &'c str, ids: &'c str, mut f: impl FnMut(&'c str, &'c str)) {
    let several = |s: &str| s.contains(['、', ',', '，', ';', '；', '\n']);
    if several(names) || several(ids) {
        let ns = multi::split(names);
        let is = multi::split(ids);
        for i in 0..ns.len().max(is.len()) {
            f(ns.get(i).copied().unwrap_or(""), is.get(i).copied().unwrap_or(""));
        }
    } else {
        f(names, ids);
    }
}

pub fn name_key(raw: &str) -> String {
    if crate::normalize::nulls::is_null(raw) {
        return String::new();
    }
    name::key(raw)
}

pub fn id_state(raw: &str) -> IdState {
    match id_number::parse(raw) {
        Parsed::Empty => IdState::None,
        Parsed::Value(p) if p.kind == id_number::IdKind::Masked => {
            IdState::Masked { value: CompactString::new(&p.value) }
        }
        Parsed::Value(p) if p.kind == id_number::IdKind::Resident && !check_digit_ok(&p.value) => {
            invalid(raw)
        }
        Parsed::Value(p) => {
            let birth = p.birth.or_else(|| birth_from_digits(&p.value));
            IdState::Valid {
                value: CompactString::new(&p.value),
                birth,
            }
        }
        Parsed::Damaged(_) => damaged(raw),
        Parsed::Invalid(_) => invalid(raw),
    }
}

/// GB 11643 check digit (the parser checks it too; kept here so a lenient
/// parser can never make a damaged ID look valid).
fn check_digit_ok(id: &str) -> bool {
    id.len() == 18 && id.get(..17).and_then(id_number::resident_check) == id.chars().nth(17)
}

fn invalid(raw: &str) -> IdState {
    let t: String = raw.trim().to_uppercase();
    if t.contains('*') && t.chars().count() >= 15 {
        IdState::Masked { value: CompactString::new(&t) }
    } else if t.len() == 18 && t.bytes().all(|b| b.is_ascii_digit()) && t.ends_with("000") {
        // An 18-digit number ending in zeros with a wrong check digit is the
        // classic Excel 15-significant-digit damage.
        damaged(&t)
    } else if t.contains("E+") && t.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        damaged(&t)
    } else {
        IdState::None
    }
}

fn damaged(raw: &str) -> IdState {
    let t = raw.trim();
    if t.len() == 18 && t.bytes().all(|b| b.is_ascii_digit()) {
        let prefix = CompactString::new(t.get(..15).unwrap_or(""));
        IdState::Damaged {
            birth: birth_from_digits(t),
            prefix,
        }
    } else {
        IdState::Damaged {
            prefix: CompactString::default(),
            birth: None,
        }
    }
}

/// Birth date from digits 7–14 of an 18-character ID (or YYMMDD of a 15-digit
/// one); `None` when those characters are masked or not a date.
pub fn birth_from_digits(id: &str) -> Option<NaiveDate> {
    let (y, m, d) = match id.len() {
        18 => (
            id.get(6..10)?.parse().ok()?,
            id.get(10..12)?,
            id.get(12..14)?,
        ),
        15 => (
            1900 + id.get(6..8)?.parse::<i32>().ok()?,
            id.get(8..10)?,
            id.get(10..12)?,
        ),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?)
}

/// Visible characters agree position by position (`*` matches anything).
fn compatible(masked: &str, other: &str) -> bool {
    masked.len() == other.len()
        && masked
            .bytes()
            .zip(other.bytes())
            .all(|(a, b)| a == b'*' || b == b'*' || a == b)
}

/// How two person keys match, if they do. Two different valid IDs never
/// match, whatever the names; otherwise the names must be equal and every
/// surviving ID fragment (masked digits, damaged prefix, birth) must agree.
pub fn match_person(a: &PersonKey, b: &PersonKey) -> Option<Match> {
    if let (Some(x), Some(y)) = (a.valid_id(), b.valid_id()) {
        return (x == y).then_some(Match::Id);
    }
    if a.name.is_empty() || a.name != b.name {
        return None;
    }
    for (p, q) in [(a, b), (b, a)] {
        match (&p.id, &q.id) {
            (
                IdState::Masked { value: m },
                IdState::Valid { value: v, .. } | IdState::Masked { value: v },
            ) if !compatible(m, v) => return None,
            (IdState::Damaged { prefix, .. }, IdState::Valid { value: v, .. })
                if !prefix.is_empty() && !v.starts_with(prefix.as_str()) =>
            {
                return None
            }
            _ => {}
        }
    }
    match (a.birth(), b.birth()) {
        (Some(x), Some(y)) if x == y => Some(Match::NameBirth),
        (Some(_), Some(_)) => None,
        _ => Some(Match::Name),
    }
}

/// Items by one key, in insertion order, without a list per key: the map
/// holds each key's first and last item, `next` links each item to the
/// following one (`NONE` ends a chain). `K` is a borrowed `&str` (the
/// items' own person keys: indexing copies no text) or an inline
/// `CompactString` (names and IDs up to 24 bytes make no allocation).
#[derive(Debug)]
struct Chains<K> {
    ends: HashMap<K, (u32, u32)>,
    next: Vec<u32>,
}

impl<K> Default for Chains<K> {
    fn default() -> Self {
        Chains { ends: HashMap::default(), next: Vec::new() }
    }
}

const NONE: u32 = u32::MAX;

impl<K: Hash + Eq + Borrow<str>> Chains<K> {
    fn push(&mut self, key: K, item: u32) {
        let i = item as usize;
        if self.next.len() <= i {
            self.next.resize(i + 1, NONE);
        }
        match self.ends.get_mut(key.borrow()) {
            Some((_, last)) => {
                if let Some(n) = self.next.get_mut(*last as usize) {
                    *n = item;
                }
                *last = item;
            }
            None => {
                self.ends.insert(key, (item, item));
            }
        }
    }

    fn get(&self, key: &str) -> Option<impl Iterator<Item = u32> + '_> {
        let &(first, _) = self.ends.get(key)?;
        Some(std::iter::successors(Some(first), |&i| self.next.get(i as usize).copied().filter(|&n| n != NONE)))
    }

    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Person entries of one kind (the `same_person` subqueries' side), by
/// valid ID and by name key. Chained like `PersonIndex` (no list and no
/// shared string per key): a million debtors cost a few flat vectors.
#[derive(Debug, Default)]
pub struct PersonLookup {
    pub entries: Vec<(RowRef, PersonKey)>,
    by_id: Chains<CompactString>,
    by_name: Chains<CompactString>,
    /// `by_name` less the entries with a valid ID (see `rows_of`).
    by_name_no_id: Chains<CompactString>,
}

impl PersonLookup {
    /// Rows naming `who` (any match level), each once.
    pub fn rows_of(&self, who: &PersonKey) -> Vec<RowRef> {
        let mut out: Vec<RowRef> = Vec::new();
        let ids = who.valid_id().and_then(|v| self.by_id.get(v));
        // With a valid ID, entries that have one too match only by `by_id`
        // (found there already), so only the others are tried by name.
        let by_name = if who.valid_id().is_some() { &self.by_name_no_id } else { &self.by_name };
        let names = (!who.name.is_empty()).then(|| by_name.get(&who.name)).flatten();
        for i in ids.into_iter().flatten().chain(names.into_iter().flatten()) {
            if let Some((r, k)) = self.entries.get(i as usize) {
                if match_person(who, k).is_some() && !out.contains(r) {
                    out.push(*r);
                }
            }
        }
        out
    }

    /// Add one entry (blank keys are not indexed).
    pub fn push(&mut self, r: RowRef, k: PersonKey) {
        if k.is_blank() {
            return;
        }
        let i = self.entries.len() as u32;
        if let Some(v) = k.valid_id() {
            self.by_id.push(CompactString::new(v), i);
        }
        if !k.name.is_empty() {
            if k.valid_id().is_none() {
                self.by_name_no_id.push(CompactString::new(&k.name), i);
            }
            self.by_name.push(CompactString::new(&k.name), i);
        }
        self.entries.push((r, k));
    }
}

/// Index of one side's persons for hash joins: by valid ID and by name.
#[derive(Debug, Default)]
pub struct PersonIndex<'k> {
    by_id: Chains<&'k str>,
    by_name: Chains<&'k str>,
    /// `by_name` without the persons that have a valid ID: all a probe with
    /// a valid ID needs from the names (two valid IDs are decided by `by_id`),
    /// so a common name costs it nothing.
    by_name_no_id: Chains<&'k str>,
    /// Some indexed person has no valid ID, so probes with a valid ID must
    /// also look them up by name.
    any_without_id: bool,
}

impl<'k> PersonIndex<'k> {
    /// Index `item` under `key` (each item at most once).
    pub fn insert(&mut self, key: &'k PersonKey, item: u32) {
        match key.valid_id() {
            Some(id) => self.by_id.push(id, item),
            None => self.any_without_id = true,
        }
        if !key.name.is_empty() {
            self.by_name.push(&key.name, item);
            if key.valid_id().is_none() {
                self.by_name_no_id.push(&key.name, item);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty() && self.by_name.is_empty()
    }

    /// Items that may be `name_raw`/`id`: by ID, and by name key (made from
    /// `name_raw` only when a name lookup is needed). Each match
    /// comes with the probe's key.
    pub fn probe_parsed<'a>(
        &self,
        name_raw: &str,
        id: &IdState,
        keys: impl Fn(u32) -> &'a PersonKey,
        out: &mut Vec<(u32, Match, PersonKey)>,
    ) {
        out.clear();
        let valid_id = match id {
            IdState::Valid { value, .. } => Some(value.as_str()),
            _ => None,
        };
        let need_name = valid_id.is_none() || self.any_without_id;
        let by_id = valid_id.and_then(|v| self.by_id.get(v));
        let name = if need_name { CompactString::new(name_key(name_raw)) } else { CompactString::default() };
        let names = if valid_id.is_some() { &self.by_name_no_id } else { &self.by_name };
        let by_name = (!name.is_empty()).then(|| names.get(&name)).flatten();
        if by_id.is_none() && by_name.is_none() {
            return;
        }
        let probe = PersonKey { name, id: id.clone() };
        for i in by_id.into_iter().flatten() {
            out.push((i, Match::Id, probe.clone()));
        }
        for i in by_name.into_iter().flatten() {
            let k = keys(i);
            if valid_id.is_some() && k.valid_id().is_some() {
                continue; // both valid: decided by the ID lookup above
            }
            if let Some(m) = match_person(k, &probe) {
                out.push((i, m, probe.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(name: &str, id: &str) -> PersonKey {
        PersonKey {
            name: CompactString::new(name_key(name)),
            id: id_state(id),
        }
    }

    /// Matches come in insertion order per key, IDs first, whatever the
    /// order of the keys (the lead list's order depends on it).
    #[test]
    fn index_probes_in_insertion_order() {
        let keys = [
            k("陈某", "360426199101010071"),
            k("李某", ""),
            k("陈某", ""),
            k("陈某", "360426199101010071"),
            k("陈某", "3604**********0071"),
        ];
        let mut ix = PersonIndex::default();
        for (i, key) in keys.iter().enumerate().rev().filter(|(i, _)| i % 2 == 0) {
            ix.insert(key, i as u32);
        }
        for (i, key) in keys.iter().enumerate().filter(|(i, _)| i % 2 == 1) {
            ix.insert(key, i as u32);
        }
        let mut out = Vec::new();
        let found = |ix: &PersonIndex, name: &str, id: &str, out: &mut Vec<(u32, Match, PersonKey)>| {
            ix.probe_parsed(name, &id_state(id), |i| keys.get(i as usize).unwrap_or(&keys[1]), out);
            out.iter().map(|(i, m, _)| (*i, *m)).collect::<Vec<_>>()
        };
        assert_eq!(
            found(&ix, "陈 某", "360426199101010071", &mut out),
            [(0, Match::Id), (3, Match::Id), (4, Match::Name), (2, Match::Name)]
        );
        assert_eq!(found(&ix, "陈某", "", &mut out), [(4, Match::Name), (2, Match::Name), (0, Match::Name), (3, Match::Name)]);
        assert_eq!(found(&ix, "王某", "", &mut out), []);
        assert!(found(&ix, "李某", "", &mut out).first() == Some(&(1, Match::Name)));
    }

    /// The lookup finds a subject's rows by ID, then by name among the
    /// entries without a valid ID, in insertion order, each row once; a
    /// different valid ID or a blank entry never comes back.
    #[test]
    fn lookup_rows_by_id_then_name_each_once() {
        let rr = |row: u32| RowRef { ds: 0, row };
        let entries = [
            (rr(0), k("陈某", "360426199101010071")),
            (rr(1), k("陈某", "")),
            (rr(2), k("陈某", "440524188001010014")),
            (rr(3), k("陈 某", "3604**********0071")),
            (rr(4), k("", "")),
            (rr(1), k("陈某", "360426199101010071")),
            (rr(5), k("李某", "")),
        ];
        let mut pl = PersonLookup::default();
        for (r, key) in entries.iter().cloned() {
            pl.push(r, key);
        }
        assert_eq!(pl.entries.len(), entries.len() - 1, "the blank entry is not kept");
        assert_eq!(pl.rows_of(&k("陈某", "360426199101010071")), [rr(0), rr(1), rr(3)]);
        assert_eq!(pl.rows_of(&k("陈某", "")), [rr(0), rr(1), rr(2), rr(3)]);
        assert_eq!(pl.rows_of(&k("李某", "330203198102020022")), [rr(5)]);
        assert_eq!(pl.rows_of(&k("王某", "")), []);
    }

    #[test]
    fn confidence_levels() {
        assert_eq!(
            match_person(
                &k("陈某", "360426199101010071"),
                &k("陈 某", "360426199101010071")
            ),
            Some(Match::Id)
        );
        // Different valid IDs never match, even with the same name.
        assert_eq!(
            match_person(
                &k("陈某", "360426199101010071"),
                &k("陈某", "440524188001010014")
            ),
            None
        );
        // Excel-damaged ID: birth digits survive.
        assert_eq!(
            match_person(
                &k("陈某", "360426199101010000"),
                &k("陈某", "360426199101010071")
            ),
            Some(Match::NameBirth)
        );
        assert_eq!(
            match_person(
                &k("陈某", "360426199201010000"),
                &k("陈某", "360426199101010071")
            ),
            None
        );
        assert_eq!(
            match_person(&k("陈某", "3.60426E+17"), &k("陈某", "360426199101010071")),
            Some(Match::Name)
        );
        assert_eq!(
            match_person(&k("陈某", ""), &k("陈某", "360426199101010071")),
            Some(Match::Name)
        );
        assert_eq!(match_person(&k("陈某", ""), &k("李某", "")), None);
        // Masked: visible digits must agree.
        assert_eq!(
            match_person(
                &k("陈某", "3604**********0071"),
                &k("陈某", "360426199101010071")
            ),
            Some(Match::Name)
        );
        assert_eq!(
            match_person(
                &k("陈某", "3604**********0072"),
                &k("陈某", "360426199101010071")
            ),
            None
        );
        assert_eq!(
            match_person(
                &k("陈某", "360426********0071"),
                &k("陈某", "360426199101010071")
            ),
            Some(Match::Name)
        );
        assert_eq!(
            match_person(
                &k("陈某", "36042619910101**71"),
                &k("陈某", "360426199101010071")
            ),
            Some(Match::NameBirth)
        );
    }
}
