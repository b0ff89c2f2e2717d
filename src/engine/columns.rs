//! Typed, normalised columns: each mapped field a rule reads is parsed once
//! per run into a typed vector (amounts as i64 分, dates as i32 day numbers,
//! status letters as bitsets, text interned) and shared by every rule that
//! reads it; the raw cells stay in the dataset for evidence. The person side
//! of joins (the "party" table: row → name/ID entries, multi-person cells
//! split) is built once per dataset and field pair the same way.

use super::cases;
use super::eval::{RowRef, Val};
use super::person::{self, IdState, PersonKey};
use crate::ingest::kinds::{self, FieldType};
use crate::ingest::Dataset;
use crate::normalize::{amount, date, multi, nulls, plate, vehicle_status, Parsed};
use crate::normalize::vehicle_status::StatusSet;
use chrono::NaiveDate;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

const VALUE: u8 = 0;
const NULL: u8 = 1;
const BAD: u8 = 2;

/// Values with a state byte per row (value, blank, unparseable).
#[derive(Debug, Default)]
pub struct Typed<T> {
    v: Vec<T>,
    state: Vec<u8>,
}

impl<T: Copy + Default> Typed<T> {
    fn push(&mut self, x: Option<T>, bad: bool) {
        self.v.push(x.unwrap_or_default());
        self.state.push(if x.is_some() { VALUE } else if bad { BAD } else { NULL });
    }
    /// The values `pick` accepts; the others are blank or, for `Bad`, unparseable.
    fn collect(values: impl Iterator<Item = Val>, pick: impl Fn(&Val) -> Option<T>) -> Typed<T> {
        let mut t = Typed::default();
        for v in values {
            let x = pick(&v);
            t.push(x, x.is_none() && v == Val::Bad);
        }
        t
    }
    fn get(&self, row: usize) -> Result<T, bool> {
        match self.state.get(row) {
            Some(&VALUE) => self.v.get(row).copied().ok_or(false),
            Some(&BAD) => Err(true),
            _ => Err(false),
        }
    }
}

#[derive(Debug)]
pub enum Column {
    Fen(Typed<i64>),
    /// Days from 0001-01-01 (chrono's `num_days_from_ce`).
    Date(Typed<i32>),
    Status(Typed<StatusSet>),
    /// Interned normalised text: row → index into `dict` (0 = blank).
    Text { ids: Vec<u32>, dict: Vec<Rc<str>> },
}

impl Column {
    pub fn get(&self, row: usize) -> Val {
        fn st<T>(r: Result<T, bool>, f: impl FnOnce(T) -> Val) -> Val {
            match r {
                Ok(x) => f(x),
                Err(true) => Val::Bad,
                Err(false) => Val::Null,
            }
        }
        match self {
            Column::Fen(t) => st(t.get(row), Val::Fen),
            Column::Date(t) => st(t.get(row), |d| {
                NaiveDate::from_num_days_from_ce_opt(d).map_or(Val::Bad, Val::Date)
            }),
            Column::Status(t) => st(t.get(row), Val::Status),
            Column::Text { ids, dict } => match ids.get(row).copied().unwrap_or(0) {
                0 => Val::Null,
                i => dict.get(i as usize).map_or(Val::Null, |s| Val::Text(s.clone())),
            },
        }
    }

    /// A column of computed values (a prelude view), typed by the language type.
    pub fn from_vals(values: impl Iterator<Item = Val>, ty: crate::model::types::Ty) -> Column {
        use crate::model::types::Ty as L;
        let ty = match ty {
            L::Amount => Ty::Fen,
            L::Date => Ty::Date,
            L::Status => Ty::Status,
            _ => Ty::Text,
        };
        Column::build(values, ty)
    }

    fn build(values: impl Iterator<Item = Val>, ty: Ty) -> Column {
        match ty {
            Ty::Fen => Column::Fen(Typed::collect(values, |v| match v {
                Val::Fen(x) => Some(*x),
                _ => None,
            })),
            Ty::Date => Column::Date(Typed::collect(values, |v| match v {
                Val::Date(d) => Some(chrono::Datelike::num_days_from_ce(d)),
                _ => None,
            })),
            Ty::Status => Column::Status(Typed::collect(values, |v| match v {
                Val::Status(s) => Some(*s),
                _ => None,
            })),
            Ty::Text => {
                let mut dict: Vec<Rc<str>> = vec![Rc::from("")];
                let mut seen: HashMap<Rc<str>, u32> = HashMap::new();
                let mut ids = Vec::new();
                for v in values {
                    let id = match v {
                        Val::Text(s) => *seen.entry(s.clone()).or_insert_with(|| {
                            dict.push(s);
                            (dict.len() - 1) as u32
                        }),
                        _ => 0,
                    };
                    ids.push(id);
                }
                Column::Text { ids, dict }
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Ty {
    Fen,
    Date,
    Status,
    Text,
}

/// What a column holds: a field, the birth date read from an ID field, or
/// the case view's unpaid amount.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Src {
    Field(String),
    Birth(String),
}

/// One person entry of a row (a multi-person cell gives several). The name
/// is a byte range of the name cell, so the table holds no copies of text.
#[derive(Debug)]
pub struct Party {
    pub row: u32,
    pub name: (u32, u32),
    pub id: IdState,
}

impl Party {
    pub fn name_raw<'d>(&self, ds: &'d Dataset, name_f: &str) -> &'d str {
        ds.get(self.row as usize, name_f)
            .get(self.name.0 as usize..self.name.1 as usize)
            .unwrap_or("")
    }
}

/// Rows of one kind by the normalised value of one field (subquery joins).
pub type KeyIndex = HashMap<String, Vec<RowRef>>;

/// Person entries of one kind, by valid ID and by name key.
#[derive(Debug, Default)]
pub struct PersonLookup {
    pub entries: Vec<(RowRef, PersonKey)>,
    pub by_id: HashMap<String, Vec<u32>>,
    pub by_name: HashMap<String, Vec<u32>>,
}

impl PersonLookup {
    /// Rows naming `who` (any match level), each once.
    pub fn rows_of(&self, who: &PersonKey) -> Vec<RowRef> {
        let mut out: Vec<RowRef> = Vec::new();
        let ids = who.valid_id().and_then(|v| self.by_id.get(v));
        let names = (!who.name.is_empty()).then(|| self.by_name.get(&who.name)).flatten();
        for &i in ids.into_iter().chain(names).flatten() {
            if let Some((r, k)) = self.entries.get(i as usize) {
                if person::match_person(who, k).is_some() && !out.contains(r) {
                    out.push(*r);
                }
            }
        }
        out
    }
}

/// The column cache of one run (over the run's dataset slice).
#[derive(Default)]
pub struct Columns {
    cols: RefCell<HashMap<(u32, Src), Rc<Column>>>,
    views: RefCell<HashMap<(u32, String), Rc<Column>>>,
    parties: RefCell<HashMap<(u32, String, String), Rc<Vec<Party>>>>,
    keys: RefCell<HashMap<(String, String), Rc<KeyIndex>>>,
    persons: RefCell<HashMap<(String, String, String), Rc<PersonLookup>>>,
}

impl Columns {
    pub fn new() -> Self {
        Columns::default()
    }

    /// `field` of dataset `ds`, typed by its kind; None when not mapped.
    pub fn field(&self, datasets: &[Dataset], ds: u32, field: &str) -> Option<Rc<Column>> {
        self.get(datasets, ds, Src::Field(field.to_string()))
    }
    pub fn birth(&self, datasets: &[Dataset], ds: u32, field: &str) -> Option<Rc<Column>> {
        self.get(datasets, ds, Src::Birth(field.to_string()))
    }
    /// A computed column (a prelude view), built by `make` on first use.
    pub fn view(&self, ds: u32, name: &str, make: impl FnOnce() -> Column) -> Rc<Column> {
        let key = (ds, name.to_string());
        if let Some(c) = self.views.borrow().get(&key) {
            return c.clone();
        }
        let c = Rc::new(make());
        self.views.borrow_mut().insert(key, c.clone());
        c
    }

    /// Rows of every dataset of `kind` by the normalised value of `field`.
    pub fn key_index(&self, datasets: &[Dataset], kind: &str, field: &str) -> Rc<KeyIndex> {
        let key = (kind.to_string(), field.to_string());
        if let Some(ix) = self.keys.borrow().get(&key) {
            return ix.clone();
        }
        let mut ix = KeyIndex::new();
        for (d, ds) in datasets.iter().enumerate() {
            if ds.kind() != kind {
                continue;
            }
            let Some(col) = self.field(datasets, d as u32, field) else { continue };
            for r in 0..ds.len() {
                if let Some(k) = val_key(&col.get(r)) {
                    ix.entry(k).or_default().push(RowRef { ds: d as u32, row: r as u32 });
                }
            }
        }
        let ix = Rc::new(ix);
        self.keys.borrow_mut().insert(key, ix.clone());
        ix
    }

    /// Person entries of every dataset of `kind` (name and ID fields).
    pub fn person_lookup(&self, datasets: &[Dataset], kind: &str, name_f: &str, id_f: &str) -> Rc<PersonLookup> {
        let key = (kind.to_string(), name_f.to_string(), id_f.to_string());
        if let Some(p) = self.persons.borrow().get(&key) {
            return p.clone();
        }
        let mut pl = PersonLookup::default();
        for (d, ds) in datasets.iter().enumerate() {
            if ds.kind() != kind {
                continue;
            }
            for p in self.parties(datasets, d as u32, name_f, id_f).iter() {
                let k = PersonKey { name: person::name_key(p.name_raw(ds, name_f)), id: p.id.clone() };
                if k.is_blank() {
                    continue;
                }
                let i = pl.entries.len() as u32;
                if let Some(v) = k.valid_id() {
                    pl.by_id.entry(v.to_string()).or_default().push(i);
                }
                if !k.name.is_empty() {
                    pl.by_name.entry(k.name.clone()).or_default().push(i);
                }
                pl.entries.push((RowRef { ds: d as u32, row: p.row }, k));
            }
        }
        let pl = Rc::new(pl);
        self.persons.borrow_mut().insert(key, pl.clone());
        pl
    }

    fn get(&self, datasets: &[Dataset], ds: u32, src: Src) -> Option<Rc<Column>> {
        let key = (ds, src);
        if let Some(c) = self.cols.borrow().get(&key) {
            return Some(c.clone());
        }
        let d = datasets.get(ds as usize)?;
        let col = Rc::new(build(d, &key.1)?);
        self.cols.borrow_mut().insert(key, col.clone());
        Some(col)
    }

    /// Row → person entries of `name_f`/`id_f` (either may be ""), multi-person
    /// cells split once; the ID is parsed here, the name key later and only
    /// when a lookup needs it.
    pub fn parties(&self, datasets: &[Dataset], ds: u32, name_f: &str, id_f: &str) -> Rc<Vec<Party>> {
        let key = (ds, name_f.to_string(), id_f.to_string());
        if let Some(p) = self.parties.borrow().get(&key) {
            return p.clone();
        }
        let mut out = Vec::new();
        if let Some(d) = datasets.get(ds as usize) {
            for r in 0..d.len() {
                let names = d.get(r, name_f);
                let ids = d.get(r, id_f);
                let several = |s: &str| s.contains(['、', ',', '，', ';', '；', '\n']);
                if several(names) || several(ids) {
                    let ns = multi::split(names);
                    let is = multi::split(ids);
                    for i in 0..ns.len().max(is.len()) {
                        out.push(Party {
                            row: r as u32,
                            name: ns.get(i).map_or((0, 0), |n| span(names, n)),
                            id: person::id_state(is.get(i).copied().unwrap_or("")),
                        });
                    }
                } else {
                    out.push(Party { row: r as u32, name: (0, names.len() as u32), id: person::id_state(ids) });
                }
            }
        }
        let p = Rc::new(out);
        self.parties.borrow_mut().insert(key, p.clone());
        p
    }
}

/// A typed value as a hash key (equal keys = equal normalised values); None
/// for blank or unparseable values, which never join.
pub fn val_key(v: &Val) -> Option<String> {
    match v {
        // Normalised like `text_key`: `马 俊` meets `马俊`, `１２号` meets `12号`.
        // 案号 keys meet without the old-style 字第 (`cases::case_match_key`).
        Val::Text(t) if !t.is_empty() => Some(format!("T{}", super::eval::text_key(t).replacen("字第", "", 1))),
        Val::Fen(f) => Some(format!("F{f}")),
        Val::Num(n) => Some(format!("N{n}")),
        Val::Date(d) => Some(format!("D{d}")),
        Val::Status(s) => Some(format!("S{}", s.letters())),
        _ => None,
    }
}

/// Byte range of `part` (a slice returned by `multi::split`) inside `cell`.
fn span(cell: &str, part: &str) -> (u32, u32) {
    let start = (part.as_ptr() as usize).wrapping_sub(cell.as_ptr() as usize);
    let end = start.wrapping_add(part.len());
    if end <= cell.len() && cell.get(start..end) == Some(part) {
        (start as u32, end as u32)
    } else {
        (0, 0)
    }
}

fn build(ds: &Dataset, src: &Src) -> Option<Column> {
    let rows = 0..ds.len();
    match src {
        Src::Birth(f) => {
            if !ds.has(f) {
                return None;
            }
            let birth = |raw: &str| -> Val {
                if nulls::is_null(raw) {
                    return Val::Null;
                }
                match person::id_state(raw) {
                    IdState::None => Val::Bad,
                    st => PersonKey { name: String::new(), id: st }.birth().map_or(Val::Bad, Val::Date),
                }
            };
            Some(Column::build(rows.map(|r| birth(ds.get(r, f))), Ty::Date))
        }
        Src::Field(f) => {
            if !ds.has(f) {
                return None;
            }
            let fty = kinds::get(ds.kind()).and_then(|k| k.field(f)).map_or(FieldType::Text, |x| x.ty);
            let ty = match fty {
                FieldType::Amount => Ty::Fen,
                FieldType::Date | FieldType::Datetime => Ty::Date,
                FieldType::VehicleStatus => Ty::Status,
                _ => Ty::Text,
            };
            // 评估价（万元）, 保证金(元), 交易金额(分): the header says the unit.
            let unit = amount::unit_for_header(ds.header(f).unwrap_or(""), ds.mapping.amounts_in_fen);
            let cell = |r: usize| -> Val {
                let raw = ds.get(r, f);
                if nulls::is_null(raw) {
                    return Val::Null;
                }
                match fty {
                    FieldType::Amount => parsed(amount::parse(raw, unit), Val::Fen),
                    // Registers often keep the province in 发证机关 (FZJG `浙B`) and the rest in HPHM.
                    FieldType::Plate => match plate::normalize(ds.get(r, "office"), raw) {
                        Parsed::Value(full) => Val::Text(full.into()),
                        _ => Val::Text(raw.trim().into()),
                    },
                    _ => typed(fty, raw),
                }
            };
            Some(Column::build(rows.map(cell), ty))
        }
    }
}

/// A non-blank cell typed by its field type (amounts in 元 unless the
/// mapping says 分; see `build` for header units).
pub fn typed(ty: FieldType, raw: &str) -> Val {
    match ty {
        FieldType::Amount => parsed(amount::parse(raw, amount::Unit::Yuan), Val::Fen),
        FieldType::Date => parsed(date::parse_date(raw), Val::Date),
        FieldType::Datetime => parsed(date::parse_datetime(raw), |d| Val::Date(d.date())),
        FieldType::VehicleStatus => parsed(vehicle_status::parse(raw), Val::Status),
        FieldType::IdNumber => match person::id_state(raw) {
            IdState::Valid { value, .. } | IdState::Masked { value } => Val::Text(value.into()),
            _ => Val::Text(raw.trim().into()),
        },
        FieldType::CaseNo => Val::Text(cases::case_key(raw).into()),
        _ => Val::Text(raw.trim().into()),
    }
}

fn parsed<T>(p: Parsed<T>, f: impl FnOnce(T) -> Val) -> Val {
    match p {
        Parsed::Value(v) => f(v),
        Parsed::Empty => Val::Null,
        _ => Val::Bad,
    }
}
