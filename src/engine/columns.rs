//! Typed, normalised columns: each cell of a mapped field a rule reads is
//! parsed at most once per run into a typed vector (amounts as i64 分, dates
//! as i32 day numbers, status letters as bitsets, text interned) shared by
//! every rule that reads it. Cells are parsed when first read, so a join that
//! touches 4 % of a register parses 4 % of it; the raw cells stay in the
//! dataset for evidence. The person side
//! of joins (the "party" table: row → name/ID entries, multi-person cells
//! split) is built once per dataset and field pair the same way.

use super::cases;
use super::eval::{RowRef, Val};
use super::person::{self, IdState, PersonKey};
/// Moved to `person` (person matching); named here as before.
pub use super::person::PersonLookup;
use crate::ingest::kinds::{self, FieldType};
use crate::ingest::Dataset;
use crate::normalize::{amount, date, nulls, plate, vehicle_status, Parsed};
use crate::normalize::vehicle_status::StatusSet;
use chrono::NaiveDate;
use std::cell::RefCell;
use foldhash::{HashMap, HashMapExt};
use std::rc::Rc;

const VALUE: u8 = 0;
const NULL: u8 = 1;
const BAD: u8 = 2;
/// Not parsed yet (lazy columns).
const PENDING: u8 = 3;
/// `Column::Text` id of a cell not parsed yet.
const TEXT_PENDING: u32 = u32::MAX;

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
    fn pending(len: usize) -> Typed<T> {
        Typed { v: vec![T::default(); len], state: vec![PENDING; len] }
    }
    fn is_pending(&self, row: usize) -> bool {
        self.state.get(row) == Some(&PENDING)
    }
    fn set(&mut self, row: usize, x: Option<T>, bad: bool) {
        if let (Some(v), Some(s)) = (self.v.get_mut(row), self.state.get_mut(row)) {
            *v = x.unwrap_or_default();
            *s = if x.is_some() { VALUE } else if bad { BAD } else { NULL };
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
    Text { ids: Vec<u32>, dict: Vec<Rc<str>>, seen: HashMap<Rc<str>, u32> },
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
            Column::Text { ids, dict, .. } => match ids.get(row).copied().unwrap_or(0) {
                0 | TEXT_PENDING => Val::Null,
                i => dict.get(i as usize).map_or(Val::Null, |s| Val::Text(s.clone())),
            },
        }
    }

    fn pending(ty: Ty, len: usize) -> Column {
        match ty {
            Ty::Fen => Column::Fen(Typed::pending(len)),
            Ty::Date => Column::Date(Typed::pending(len)),
            Ty::Status => Column::Status(Typed::pending(len)),
            Ty::Text => Column::Text { ids: vec![TEXT_PENDING; len], dict: vec![Rc::from("")], seen: HashMap::new() },
        }
    }

    fn is_pending(&self, row: usize) -> bool {
        match self {
            Column::Fen(t) => t.is_pending(row),
            Column::Date(t) => t.is_pending(row),
            Column::Status(t) => t.is_pending(row),
            Column::Text { ids, .. } => ids.get(row) == Some(&TEXT_PENDING),
        }
    }

    /// Store a parsed cell (its type is the column's; anything else is blank or bad).
    fn set(&mut self, row: usize, v: &Val) {
        let bad = *v == Val::Bad;
        match (self, v) {
            (Column::Fen(t), Val::Fen(x)) => t.set(row, Some(*x), false),
            (Column::Fen(t), _) => t.set(row, None, bad),
            (Column::Date(t), Val::Date(d)) => t.set(row, Some(chrono::Datelike::num_days_from_ce(d)), false),
            (Column::Date(t), _) => t.set(row, None, bad),
            (Column::Status(t), Val::Status(x)) => t.set(row, Some(*x), false),
            (Column::Status(t), _) => t.set(row, None, bad),
            (Column::Text { ids, dict, seen }, v) => {
                let id = match v {
                    Val::Text(s) => *seen.entry(s.clone()).or_insert_with(|| {
                        dict.push(s.clone());
                        (dict.len() - 1) as u32
                    }),
                    _ => 0,
                };
                if let Some(x) = ids.get_mut(row) {
                    *x = id;
                }
            }
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
                let values: Vec<Val> = values.collect();
                let mut c = Column::pending(Ty::Text, values.len());
                for (r, v) in values.iter().enumerate() {
                    c.set(r, v);
                }
                c
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

/// A lazily parsed column of one field (or the birth dates of an ID field).
struct Lazy {
    col: Column,
    fty: FieldType,
    birth: bool,
    /// 评估价（万元）, 保证金(元), 交易金额(分): the header says the unit.
    unit: amount::Unit,
    /// The field's column in the table.
    col_ix: Option<usize>,
}

impl Lazy {
    fn new(ds: &Dataset, field: &str, birth: bool) -> Lazy {
        let fty = kinds::get(ds.kind()).and_then(|k| k.field(field)).map_or(FieldType::Text, |x| x.ty);
        let ty = match fty {
            _ if birth => Ty::Date,
            FieldType::Amount => Ty::Fen,
            FieldType::Date | FieldType::Datetime => Ty::Date,
            FieldType::VehicleStatus => Ty::Status,
            _ => Ty::Text,
        };
        Lazy {
            col: Column::pending(ty, ds.len()),
            fty,
            birth,
            unit: amount::unit_for_header(ds.header(field).unwrap_or(""), ds.mapping.amounts_in_fen),
            col_ix: ds.mapping.columns.get(field).copied(),
        }
    }

    fn value(&mut self, ds: &Dataset, row: usize) -> Val {
        if !self.col.is_pending(row) {
            return self.col.get(row);
        }
        let v = self.parse(ds, row);
        self.col.set(row, &v);
        // Interned text comes back as the shared copy.
        self.col.get(row)
    }

    fn parse(&self, ds: &Dataset, row: usize) -> Val {
        // The cell by its column position (found once, in `new`).
        let raw = self.col_ix.map_or("", |c| ds.table.cell(row, c));
        if nulls::is_null(raw) {
            return Val::Null;
        }
        if self.birth {
            return match person::id_state(raw) {
                IdState::None => Val::Bad,
                st => PersonKey { name: Default::default(), id: st }.birth().map_or(Val::Bad, Val::Date),
            };
        }
        match self.fty {
            FieldType::Amount => parsed(amount::parse(raw, self.unit), Val::Fen),
            // Registers often keep the province in 发证机关 (FZJG `浙B`) and the rest in HPHM.
            FieldType::Plate => match plate::normalize(ds.get(row, "office"), raw) {
                Parsed::Value(full) => Val::Text(full.into()),
                _ => Val::Text(raw.trim().into()),
            },
            ty => typed(ty, raw),
        }
    }
}

/// One person entry of a row (a multi-person cell gives several). The name
/// is a byte range of the name cell, so the table holds no copies of text.
#[derive(Debug)]
pub struct Party {
    pub row: u32,
    pub name: (u32, u32),
    pub id: IdState,
    /// The name's matching key, computed on first need and shared by rules.
    key: std::cell::OnceCell<Box<str>>,
}

impl Party {
    /// The name as written; `col` is the name field's column (`Dataset::column`).
    pub fn name_raw<'d>(&self, ds: &'d Dataset, col: Option<usize>) -> &'d str {
        col.map_or("", |c| ds.table.cell(self.row as usize, c))
            .get(self.name.0 as usize..self.name.1 as usize)
            .unwrap_or("")
    }
    /// `person::name_key` of the name, memoised.
    pub fn name_key<'p>(&'p self, ds: &Dataset, col: Option<usize>) -> &'p str {
        self.key.get_or_init(|| person::name_key(self.name_raw(ds, col)).into())
    }
}

/// A parsed 案号's parts that `case_part` gives (blank parts are None).
#[derive(Debug)]
pub struct CaseParts {
    pub court: Option<Rc<str>>,
    pub kind: Option<Rc<str>>,
    pub year: u16,
}

/// Rows of one kind by the normalised value of one field (subquery joins).
pub type KeyIndex = HashMap<String, Vec<RowRef>>;

/// dataset → field → its lazy column (None: the field is not mapped).
type LazyCols = HashMap<u32, HashMap<String, Option<Lazy>>>;

/// (dataset, name field, ID field) → that dataset's party table.
type PartyCache = HashMap<(u32, String, String), Rc<Vec<Party>>>;

/// The column cache of one run (over the run's dataset slice).
#[derive(Default)]
pub struct Columns {
    /// dataset → field → column; birth-date columns apart.
    cols: RefCell<LazyCols>,
    births: RefCell<LazyCols>,
    /// Caches read per row are keyed so a lookup borrows its key (no
    /// String made per read): dataset → view name, kind → field.
    views: RefCell<HashMap<u32, HashMap<String, Rc<Column>>>>,
    parties: RefCell<PartyCache>,
    keys: RefCell<HashMap<String, HashMap<String, Rc<KeyIndex>>>>,
    /// (dataset, 案号 field) → rows by `cases::case_match_key`: built once
    /// for every plan that joins on that dataset's 案号.
    case_nos: RefCell<HashMap<(u32, String), Rc<KeyIndex>>>,
    /// Text → its matching key (width, spaces, traditional characters), once
    /// per distinct text: 结案方式 has a handful of spellings over 100k rows.
    text_keys: RefCell<HashMap<Rc<str>, Rc<str>>>,
    /// Text → its join key (`val_key`), once per distinct text.
    join_keys: RefCell<HashMap<Rc<str>, Rc<str>>>,
    /// 案号 text → its parts, once per distinct text (`case_part` reads the
    /// court of every candidate row of a self-join).
    case_parts: RefCell<HashMap<Rc<str>, Rc<Option<CaseParts>>>>,
    /// (kind, name field, ID field) → lookup; a handful per run, found by a scan.
    persons: RefCell<Vec<([String; 3], Rc<PersonLookup>)>>,
}

impl Columns {
    pub fn new() -> Self {
        Columns::default()
    }

    /// Row `row` of `field` of dataset `ds`, typed by its kind (Null when the
    /// field is not mapped), parsed on first read.
    pub fn value(&self, datasets: &[&Dataset], ds: u32, field: &str, row: usize) -> Val {
        self.read(&self.cols, datasets, ds, field, row, false)
    }
    /// The birth date read from an ID field.
    pub fn birth(&self, datasets: &[&Dataset], ds: u32, field: &str, row: usize) -> Val {
        self.read(&self.births, datasets, ds, field, row, true)
    }

    fn read(
        &self,
        map: &RefCell<LazyCols>,
        datasets: &[&Dataset],
        ds: u32,
        field: &str,
        row: usize,
        birth: bool,
    ) -> Val {
        let Some(d) = datasets.get(ds as usize) else { return Val::Null };
        let mut map = map.borrow_mut();
        let of_ds = map.entry(ds).or_default();
        // One lookup per read (an unmapped field is remembered as None); the
        // field's name is copied only when its entry is made.
        if let Some(l) = of_ds.get_mut(field) {
            return l.as_mut().map_or(Val::Null, |l| l.value(d, row));
        }
        if !d.has(field) {
            of_ds.insert(field.to_string(), None);
            return Val::Null;
        }
        let mut l = Lazy::new(d, field, birth);
        let v = l.value(d, row);
        of_ds.insert(field.to_string(), Some(l));
        v
    }
    /// Cells of a 案号 field whose key the case index has already computed
    /// (`cases::case_key` of the raw cell, as `typed` would): stored so the
    /// rules' reads do not parse them again. Other field types are left alone.
    pub fn seed_case_keys<'k>(&self, datasets: &[&Dataset], ds: u32, field: &str, keys: impl Iterator<Item = (usize, &'k str)>) {
        let Some(d) = datasets.get(ds as usize) else { return };
        if !d.has(field) {
            return;
        }
        let mut map = self.cols.borrow_mut();
        let of_ds = map.entry(ds).or_default();
        let Some(l) = of_ds.entry(field.to_string()).or_insert_with(|| Some(Lazy::new(d, field, false))) else {
            return;
        };
        if l.fty != FieldType::CaseNo || l.birth {
            return;
        }
        for (row, key) in keys {
            if l.col.is_pending(row) {
                let v = if nulls::is_null(d.get(row, field)) { Val::Null } else { Val::Text(key.into()) };
                l.col.set(row, &v);
            }
        }
    }

    /// A computed column (a prelude view), built by `make` on first use.
    pub fn view(&self, ds: u32, name: &str, make: impl FnOnce() -> Column) -> Rc<Column> {
        if let Some(c) = self.views.borrow().get(&ds).and_then(|m| m.get(name)) {
            return c.clone();
        }
        let c = Rc::new(make());
        self.views.borrow_mut().entry(ds).or_default().insert(name.to_string(), c.clone());
        c
    }

    /// The matching key of a text (`person::name_key`), memoised.
    pub fn text_key(&self, t: &Rc<str>) -> Rc<str> {
        if let Some(k) = self.text_keys.borrow().get(t) {
            return k.clone();
        }
        let k: Rc<str> = person::name_key(t).into();
        self.text_keys.borrow_mut().insert(t.clone(), k.clone());
        k
    }

    /// `val_key`, with text keys memoised per distinct text: a subquery's
    /// outer key is folded again for every row that reads it.
    pub fn join_key(&self, v: &Val) -> Option<Rc<str>> {
        match v {
            Val::Text(t) if !t.is_empty() => {
                if let Some(k) = self.join_keys.borrow().get(t) {
                    return Some(k.clone());
                }
                let k: Rc<str> = val_key(v)?.into();
                self.join_keys.borrow_mut().insert(t.clone(), k.clone());
                Some(k)
            }
            _ => val_key(v).map(Rc::from),
        }
    }

    /// The parts of a 案号 (None when it does not parse), memoised.
    pub fn case_parts(&self, t: &Rc<str>) -> Rc<Option<CaseParts>> {
        if let Some(p) = self.case_parts.borrow().get(t) {
            return p.clone();
        }
        let parts = match crate::normalize::case_no::parse(t) {
            Parsed::Value(c) => Some(CaseParts {
                court: (!c.court.is_empty()).then(|| Rc::from(c.court.as_str())),
                kind: (!c.kind.is_empty()).then(|| Rc::from(c.kind.as_str())),
                year: c.year,
            }),
            _ => None,
        };
        let p = Rc::new(parts);
        self.case_parts.borrow_mut().insert(t.clone(), p.clone());
        p
    }

    /// Rows of every dataset of `kind` by the normalised value of `field`.
    pub fn key_index(&self, datasets: &[&Dataset], kind: &str, field: &str) -> Rc<KeyIndex> {
        if let Some(ix) = self.keys.borrow().get(kind).and_then(|m| m.get(field)) {
            return ix.clone();
        }
        let mut ix = KeyIndex::new();
        for (d, ds) in datasets.iter().enumerate() {
            if ds.kind() != kind {
                continue;
            }
            if !ds.has(field) {
                continue;
            }
            for r in 0..ds.len() {
                if let Some(k) = val_key(&self.value(datasets, d as u32, field, r)) {
                    ix.entry(k).or_default().push(RowRef { ds: d as u32, row: r as u32 });
                }
            }
        }
        let ix = Rc::new(ix);
        self.keys.borrow_mut().entry(kind.to_string()).or_default().insert(field.to_string(), ix.clone());
        ix
    }

    /// Rows of dataset `ds` by the match key of their 案号 in `field`
    /// (blank keys left out), in row order.
    pub fn case_no_index(&self, datasets: &[&Dataset], ds: u32, field: &str) -> Rc<KeyIndex> {
        if let Some(ix) = self.case_nos.borrow().get(&(ds, field.to_string())) {
            return ix.clone();
        }
        let mut ix = KeyIndex::new();
        if let Some(d) = datasets.get(ds as usize) {
            for r in 0..d.len() {
                let k = cases::case_match_key(d.get(r, field));
                if !k.is_empty() {
                    ix.entry(k).or_default().push(RowRef { ds, row: r as u32 });
                }
            }
        }
        let ix = Rc::new(ix);
        self.case_nos.borrow_mut().insert((ds, field.to_string()), ix.clone());
        ix
    }

    /// Use `entries` as the person lookup of `kind`'s `name_f`/`id_f` (the
    /// case side already has its debtors' keys).
    pub fn seed_persons(&self, kind: &str, name_f: &str, id_f: &str, entries: impl Iterator<Item = (RowRef, PersonKey)>) {
        let mut pl = PersonLookup::default();
        for (r, k) in entries {
            pl.push(r, k);
        }
        self.put_persons(kind, name_f, id_f, Rc::new(pl));
    }

    /// Person entries of every dataset of `kind` (name and ID fields).
    pub fn person_lookup(&self, datasets: &[&Dataset], kind: &str, name_f: &str, id_f: &str) -> Rc<PersonLookup> {
        let cached = self.persons.borrow().iter().find(|(k, _)| k == &[kind, name_f, id_f]).map(|(_, p)| p.clone());
        if let Some(p) = cached {
            return p;
        }
        let mut pl = PersonLookup::default();
        for (d, ds) in datasets.iter().enumerate() {
            if ds.kind() != kind {
                continue;
            }
            let nc = ds.mapping.columns.get(name_f).copied();
            for p in self.parties(datasets, d as u32, name_f, id_f).iter() {
                let k = PersonKey { name: p.name_key(ds, nc).into(), id: p.id.clone() };
                pl.push(RowRef { ds: d as u32, row: p.row }, k);
            }
        }
        let pl = Rc::new(pl);
        self.put_persons(kind, name_f, id_f, pl.clone());
        pl
    }

    fn put_persons(&self, kind: &str, name_f: &str, id_f: &str, pl: Rc<PersonLookup>) {
        let mut all = self.persons.borrow_mut();
        all.retain(|(k, _)| k != &[kind, name_f, id_f]);
        all.push(([kind.to_string(), name_f.to_string(), id_f.to_string()], pl));
    }

    /// Row → person entries of `name_f`/`id_f` (either may be ""), multi-person
    /// cells split once; the ID is parsed here, the name key later and only
    /// when a lookup needs it.
    pub fn parties(&self, datasets: &[&Dataset], ds: u32, name_f: &str, id_f: &str) -> Rc<Vec<Party>> {
        let key = (ds, name_f.to_string(), id_f.to_string());
        if let Some(p) = self.parties.borrow().get(&key) {
            return p.clone();
        }
        let mut out = Vec::new();
        if let Some(d) = datasets.get(ds as usize) {
            // About one entry per row: sized once instead of doubling.
            out.reserve_exact(d.len());
            // Column positions once, not a field lookup per row.
            let (nc, ic) = (d.mapping.columns.get(name_f).copied(), d.mapping.columns.get(id_f).copied());
            let cell = |r: usize, c: Option<usize>| c.map_or("", |c| d.table.cell(r, c));
            for r in 0..d.len() {
                let names = cell(r, nc);
                person::each_entry(names, cell(r, ic), |n, i| {
                    out.push(Party { row: r as u32, name: span(names, n), id: person::id_state(i), key: Default::default() });
                });
            }
            out.shrink_to_fit();
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
