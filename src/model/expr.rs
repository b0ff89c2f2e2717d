//! Expressions and conditions of the model format (serde, externally tagged:
//! `{"lt": ["cases.closed_date", {"add_months": ["cases.filed_date", "$months"]}]}`).
//!
//! References are strings: `kind.field` (a mapped column, typed by the kind's
//! field type), `kind.field@birth` (birth date read from an ID), `$name` (a
//! threshold or `$as_of`), `subject.name` / `subject.id`, and the derived case
//! values `cases.unpaid` (未履行金额, or 标的 − 到位) and `cases.close_kind`.
//! Anything compared with a missing value is false: a blank cell never fires
//! a comparison by itself; rules that fire on blanks say `missing` explicitly.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Expr {
    Num(f64),
    Ref(String),
    Op(Box<ExprOp>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExprOp {
    /// First minus the rest; missing if any part is missing (use `coalesce`).
    Sub(Vec<Expr>),
    Add(Vec<Expr>),
    /// Product; an amount times a ratio stays an amount (rounded to 分).
    Mul(Vec<Expr>),
    /// Smallest present value (missing values are ignored).
    Min(Vec<Expr>),
    Max(Vec<Expr>),
    /// First present value.
    Coalesce(Vec<Expr>),
    /// An amount literal in 元 (`{"yuan": 0}`), so a default stays an amount.
    Yuan(f64),
    /// A text literal (`{"text": "zhongben"}`): a bare string is a reference.
    Text(String),
    /// The first branch whose condition holds:
    /// `{"when": [{"if": cond, "then": expr}, …, {"else": expr}]}`.
    When(Vec<Branch>),
    /// Date + N calendar months, clamped to the month's end (31 Jan + 1 → 28/29 Feb).
    AddMonths(Expr, Expr),
    AddDays(Expr, Expr),
    /// Days from the first date to the second (negative when earlier), a
    /// number a figure can show or a condition can compare.
    DaysBetween(Expr, Expr),
    /// Sum over the joined rows of an aggregate join.
    Sum {
        of: Expr,
        #[serde(default, rename = "where")]
        filter: Vec<Cond>,
    },
    /// Number of joined rows of an aggregate join that satisfy `where`.
    Count {
        #[serde(default, rename = "where")]
        filter: Vec<Cond>,
    },
    /// A part of a 案号: `{"case_part": ["later.case_no", "court"]}` gives
    /// 浙0203; `type` gives 执恢, `year` 2021 (a number). Missing when the
    /// 案号 has no such part.
    CasePart(Expr, String),
    /// Text folded for comparison (full width → half, spaces and brackets
    /// width removed, upper-case): `５幢３０１室` and `5幢301室` meet.
    TextKey(Expr),
    /// A cell read by one of the domain normalisers (`model::types::CLASSIFIERS`):
    /// `{"classify": {"as": "property_class", "of": ["auctions.property_type", "auctions.item"]}}`.
    Classify(Classify),
    /// The first n characters of a text (`{"prefix": ["cases.debtor", 1]}`: a surname).
    Prefix(Expr, Expr),
    /// A grouped value over the rows of another source that meet this row
    /// (a correlated subquery): `{"aggregate": {"fn": "sum", "of": "s.value",
    /// "from": "seizures", "as": "s", "on": [["cases.case_no", "s.case_no"]],
    /// "where": [...]}}`.
    Aggregate(Agg),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Classify {
    #[serde(rename = "as")]
    pub norm: String,
    /// The cell, then (for `property_class`) a description to fall back on.
    pub of: Vec<Expr>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Branch {
    If {
        #[serde(rename = "if")]
        cond: Cond,
        then: Expr,
    },
    Else {
        #[serde(rename = "else")]
        value: Expr,
    },
}

/// The rows of another source that meet the current row: equi-join keys
/// (`on`), then conditions (`where`) that may use both sides. `as` names the
/// source (default: the kind), so a kind can meet itself (cases × cases).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sub {
    pub from: String,
    #[serde(default, rename = "as")]
    pub alias: Option<String>,
    #[serde(default)]
    pub on: Vec<OnKey>,
    #[serde(default, rename = "where")]
    pub filter: Vec<Cond>,
}

impl Sub {
    pub fn name(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.from)
    }
}

/// One join key of a subquery.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OnKey {
    /// `["cases.case_no", "s.case_no"]`: an outer value equals an inner field
    /// (both normalised: 案号 keys, IDs, plates, dates, amounts).
    Eq(Expr, String),
    /// `{"same_person": ["c2.debtor", "c2.debtor_id"]}`: the inner row names
    /// the lead's subject (ID, else name + birth, else name).
    Person { same_person: (String, String) },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AggFn {
    Sum,
    Count,
    Min,
    Max,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Agg {
    #[serde(rename = "fn")]
    pub func: AggFn,
    /// The value aggregated (not for `count`).
    #[serde(default)]
    pub of: Option<Expr>,
    #[serde(flatten)]
    pub sub: Sub,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Lt(Expr, Expr),
    Le(Expr, Expr),
    Gt(Expr, Expr),
    Ge(Expr, Expr),
    Eq(Expr, Expr),
    Ne(Expr, Expr),
    /// The cell is blank or a null token (an unparseable value is *not* missing).
    Missing(Expr),
    Present(Expr),
    /// A usable value: present and parseable.
    Valid(Expr),
    /// The source's file has this column at all (`"cases.paid_amount"`).
    Mapped(String),
    /// Vehicle status letters: none of / any of / all of the given letters.
    LettersNone(Expr, Expr),
    LettersAny(Expr, Expr),
    LettersAll(Expr, Expr),
    /// Text contains any of the words (after width/space normalisation).
    ContainsAny(Expr, Vec<String>),
    /// Text present and contains none of the words; blank counts as "none".
    ContainsNone(Expr, Vec<String>),
    /// Text equals one of the values.
    In(Expr, Vec<String>),
    /// 是/有/Y/1/已… (and 查封 for seizure flags); `no` is its negation for present text.
    Yes(Expr),
    No(Expr),
    /// A person (name, optional ID) is present and is not the lead's subject.
    OtherPerson(Expr, Expr),
    /// Some row of another source meets this one (semi-join).
    Exists(Box<Sub>),
    /// No row of another source meets this one (anti-join): "no later 执恢
    /// case", "no payout within 30 days".
    NotExists(Box<Sub>),
}
