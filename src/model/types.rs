//! The value types of the model language and how a reference (`cases.unpaid`,
//! `$as_of`, `credit.id_number@birth`) gets its type from the dataset kinds
//! (`src/kinds/*.json`). The compiler uses these to reject a date compared
//! with an amount before anything runs.

use crate::ingest::kinds::{self, FieldType};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Integer 分.
    Amount,
    /// Counts, ratios, months, days.
    Number,
    Date,
    Text,
    /// Vehicle status letters (a bitset).
    Status,
    /// A value whose type does not matter or is not known (never an error).
    Any,
}

impl Ty {
    /// The code the error messages translate (`amount`, `date`, …).
    pub fn code(self) -> &'static str {
        match self {
            Ty::Amount => "amount",
            Ty::Number => "number",
            Ty::Date => "date",
            Ty::Text => "text",
            Ty::Status => "status",
            Ty::Any => "any",
        }
    }
    pub fn numeric(self) -> bool {
        matches!(self, Ty::Amount | Ty::Number | Ty::Any)
    }
    /// Whether `lt`/`eq`/… may compare the two (amount with number is allowed:
    /// a threshold multiplied into an amount).
    pub fn comparable(self, other: Ty) -> bool {
        match (self, other) {
            (Ty::Any, _) | (_, Ty::Any) => true,
            (a, b) if a.numeric() && b.numeric() => true,
            (Ty::Date, Ty::Date) | (Ty::Text, Ty::Text) => true,
            _ => false,
        }
    }
}

/// A field's type as the language sees it.
pub fn of_field(ty: FieldType) -> Ty {
    match ty {
        FieldType::Amount => Ty::Amount,
        FieldType::Date | FieldType::Datetime => Ty::Date,
        FieldType::VehicleStatus => Ty::Status,
        _ => Ty::Text,
    }
}

/// Values defined on a kind by the engine's case view rather than a column:
/// `cases.unpaid` (未履行金额, else 标的 − 到位) and `cases.close_kind`
/// (`zhongben`, `completed`, `terminated`, `cancelled`, `not_enforced`,
/// `rejected` or empty).
pub fn virtual_field(kind: &str, field: &str) -> Option<Ty> {
    match (kind, field) {
        ("cases", "unpaid") => Some(Ty::Amount),
        ("cases", "close_kind") => Some(Ty::Text),
        // The later 执恢 case that restored this one (prelude view).
        ("cases", "restoring_case") => Some(Ty::Text),
        // "是" when the file is a 终本 list (its name, sheet or 终本日期 header says so).
        ("cases", "listed_zhongben") => Some(Ty::Text),
        _ => None,
    }
}

/// The values `cases.close_kind` takes.
pub const CLOSE_KINDS: &[&str] = &[
    "zhongben",
    "completed",
    "terminated",
    "cancelled",
    "not_enforced",
    "rejected",
];

/// Field names a kind offers to models, virtual ones included.
pub fn field_names(kind: &str) -> Vec<String> {
    let mut v: Vec<String> = kinds::get(kind)
        .map(|k| k.fields.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default();
    if kind == "cases" {
        v.push("unpaid".into());
        v.push("close_kind".into());
        v.push("restoring_case".into());
        v.push("listed_zhongben".into());
    }
    v
}

/// The declared type of `kind.field` (None when there is no such field).
pub fn field_type(kind: &str, field: &str) -> Option<(Ty, Option<FieldType>)> {
    if let Some(t) = virtual_field(kind, field) {
        return Some((t, None));
    }
    let f = kinds::get(kind)?.field(field)?;
    Some((of_field(f.ty), Some(f.ty)))
}

/// Every kind id.
pub fn kind_names() -> Vec<String> {
    kinds::every().into_iter().chain(kinds::derived()).map(|k| k.kind.clone()).collect()
}

/// A join key's type code for messages: the field type's serde name.
pub fn key_code(ty: Option<FieldType>) -> &'static str {
    match ty {
        Some(FieldType::Name) => "name",
        Some(FieldType::IdNumber) => "id_number",
        Some(FieldType::CaseNo) => "case_no",
        Some(FieldType::Plate) => "plate",
        Some(FieldType::Address) => "address",
        Some(FieldType::Amount) => "amount",
        Some(FieldType::Date | FieldType::Datetime) => "date",
        Some(FieldType::VehicleStatus) => "status",
        _ => "text",
    }
}

/// The normalisers `classify` names, and the type of what each gives:
/// 拍卖轮次 → round number (变卖 = 99), 拍卖状态 → 已成交/流拍/撤回/中止/暂缓/以物抵债/进行中/悔拍,
/// 债权性质 → rank (0 费用, 1 担保物权/优先受偿, 2 工资, 3 税款, 4 普通),
/// 措施类型 → 查封/轮候查封/扣押/冻结/轮候冻结, 财产类型 (+ description) →
/// 存款/不动产/机动车/动产/股权/其他财产权, 反映内容 → 消极执行、执行款、违法执行.
pub const CLASSIFIERS: &[(&str, Ty)] = &[
    ("auction_round", Ty::Number),
    ("auction_status", Ty::Text),
    ("claim_rank", Ty::Number),
    ("measure", Ty::Text),
    ("property_class", Ty::Text),
    ("petition_class", Ty::Text),
];
