//! The normalised table layout shared by the Parquet writer
//! (`normalize_out`) and the SQL emitter: which typed columns each field of
//! a kind becomes. Pure data, no arrow here, so the emitter stays portable.
//!
//! Per kind (`KIND/*.parquet`, the parts of `normalize_out::parts`): `_rid`
//! BIGINT (row id within the kind: input file index × 10⁹ + row, so parallel workers agree without coordination),
//! `_file`, `_sheet`, `_row` INT (Excel row number), `_mapped` (`,f,g,`: the
//! fields the source file maps) and per field `f`:
//!
//! | field type | columns |
//! |---|---|
//! | amount | `f` BIGINT 分, `f__bad` (unparseable) |
//! | date, datetime | `f` DATE, `f__bad` |
//! | vehicle status | `f` letters (`GK`), `f__bad` |
//! | id number | `f` (normalised), `f__k`, `f__neg`, `f__birth` DATE (from the ID), `f__birth_bad` |
//! | case number | `f` (案号 key), `f__k`, `f__neg`, `f__court`, `f__type`, `f__year` |
//! | anything else | `f` (trimmed text), `f__k` (name key: NFKC, no spaces, simplified), `f__neg` (是/否 says no) |
//!
//! `cases` adds `listed_zhongben` ('是' when the file is a 终本 list).
//! Then, per `CLASSIFIED` entry of the kind, `f__CLASSIFIER` (the domain
//! normaliser's result: text, or BIGINT for numeric classifiers) and
//! `f__CLASSIFIER__bad` (the cell did not parse), so SQL reads a column
//! where the engine calls `classify` (no user-defined functions).
//!
//! `txn` (derived: the flow analysis's transactions, `flow::dataset`) is
//! written like any other kind when the inputs hold bank statements.
//!
//! Parties (`KIND_parties/*.parquet`): `_rid`, `_file`, `_sheet`, `_row`, `role`
//! (the name field), `idx`, `name`, `name_k`, `id_raw`, `id_shown`, `id_st`
//! (valid/masked/damaged/none), `id_v` (valid ID), `id_txt` (masked value or
//! damaged prefix), `id_like` (masked value as a LIKE pattern), `birth`.

use crate::ingest::kinds::{self, FieldType};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColTy {
    Text,
    Int64,
    Int32,
    Date,
    Bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Col {
    pub name: String,
    pub ty: ColTy,
}

fn col(name: impl Into<String>, ty: ColTy) -> Col {
    Col { name: name.into(), ty }
}

/// How the normalised table stores a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    Fen,
    Date,
    Status,
    Id,
    CaseNo,
    Text,
}

pub fn storage(ty: FieldType) -> Storage {
    match ty {
        FieldType::Amount => Storage::Fen,
        FieldType::Date | FieldType::Datetime => Storage::Date,
        FieldType::VehicleStatus => Storage::Status,
        FieldType::IdNumber => Storage::Id,
        FieldType::CaseNo => Storage::CaseNo,
        _ => Storage::Text,
    }
}

/// The storage of `kind.field`, None when the kind has no such field.
pub fn field_storage(kind: &str, field: &str) -> Option<Storage> {
    kinds::get(kind).and_then(|k| k.field(field)).map(|f| storage(f.ty))
}

/// `(kind, field, classifier, second field)`: every `classify` the built-in
/// models use. The second field is the description a classifier falls back
/// on (`property_class`) or reads too (`petition_class`).
pub const CLASSIFIED: &[(&str, &str, &str, Option<&str>)] = &[
    ("auctions", "round", "auction_round", None),
    ("auctions", "status", "auction_status", None),
    ("auctions", "property_type", "property_class", Some("item")),
    ("seizures", "measure", "measure", None),
    ("seizures", "property_type", "property_class", Some("description")),
    ("distributions", "claim_type", "claim_rank", None),
    ("petitions", "content", "petition_class", Some("category")),
];

/// Whether a classifier gives numbers (stored BIGINT) rather than text.
pub fn numeric_classifier(norm: &str) -> bool {
    crate::model::types::CLASSIFIERS.iter().any(|(n, t)| *n == norm && *t == crate::model::types::Ty::Number)
}

/// The classified columns of a kind: `(field, classifier, second field)`.
pub fn classified_of(kind: &str) -> impl Iterator<Item = (&'static str, &'static str, Option<&'static str>)> + '_ {
    CLASSIFIED.iter().filter(move |c| c.0 == kind).map(|c| (c.1, c.2, c.3))
}

pub const PROVENANCE: [&str; 4] = ["_rid", "_file", "_sheet", "_row"];

fn provenance() -> Vec<Col> {
    vec![col("_rid", ColTy::Int64), col("_file", ColTy::Text), col("_sheet", ColTy::Text), col("_row", ColTy::Int32)]
}

/// Every column of the `KIND` table, in order.
pub fn columns_of(kind: &str) -> Vec<Col> {
    let mut out = provenance();
    out.push(col("_mapped", ColTy::Text));
    let Some(spec) = kinds::get(kind) else { return out };
    for f in &spec.fields {
        let n = &f.name;
        match storage(f.ty) {
            Storage::Fen => out.extend([col(n, ColTy::Int64), col(format!("{n}__bad"), ColTy::Bool)]),
            Storage::Date => out.extend([col(n, ColTy::Date), col(format!("{n}__bad"), ColTy::Bool)]),
            Storage::Status => out.extend([col(n, ColTy::Text), col(format!("{n}__bad"), ColTy::Bool)]),
            s => {
                out.extend([col(n, ColTy::Text), col(format!("{n}__k"), ColTy::Text), col(format!("{n}__neg"), ColTy::Bool)]);
                if s == Storage::Id {
                    out.extend([col(format!("{n}__birth"), ColTy::Date), col(format!("{n}__birth_bad"), ColTy::Bool)]);
                }
                if s == Storage::CaseNo {
                    out.extend([
                        col(format!("{n}__court"), ColTy::Text),
                        col(format!("{n}__type"), ColTy::Text),
                        col(format!("{n}__year"), ColTy::Int32),
                    ]);
                }
            }
        }
    }
    if kind == "cases" {
        out.push(col("listed_zhongben", ColTy::Text));
    }
    for (f, norm, _) in classified_of(kind) {
        let ty = if numeric_classifier(norm) { ColTy::Int64 } else { ColTy::Text };
        out.extend([col(format!("{f}__{norm}"), ty), col(format!("{f}__{norm}__bad"), ColTy::Bool)]);
    }
    out
}

/// Every column of the `KIND_parties` table, in order.
pub fn party_columns() -> Vec<Col> {
    let mut out = provenance();
    for (n, t) in [
        ("role", ColTy::Text),
        ("idx", ColTy::Int32),
        ("name", ColTy::Text),
        ("name_k", ColTy::Text),
        ("id_raw", ColTy::Text),
        ("id_shown", ColTy::Text),
        ("id_st", ColTy::Text),
        ("id_v", ColTy::Text),
        ("id_txt", ColTy::Text),
        ("id_like", ColTy::Text),
        ("birth", ColTy::Date),
    ] {
        out.push(col(n, t));
    }
    out
}

/// The person field pairs of a kind: each name field with its ID field
/// (`debtor`/`debtor_id`, `name`/`id_number`, `cp_name`/`cp_id`), "" when
/// the kind has no ID for that name.
pub fn person_pairs(kind: &str) -> Vec<(String, String)> {
    let Some(spec) = kinds::get(kind) else { return Vec::new() };
    let has = |f: &str| spec.field(f).is_some_and(|x| x.ty == FieldType::IdNumber);
    spec.fields
        .iter()
        .filter(|f| f.ty == FieldType::Name)
        .map(|f| {
            let n = f.name.as_str();
            let id = [format!("{n}_id"), n.replace("name", "id"), "id_number".to_string()]
                .into_iter()
                .find(|c| has(c) && (c != "id_number" || n == "name"))
                .unwrap_or_default();
            (n.to_string(), id)
        })
        .collect()
}

/// Every dataset kind `normalize` writes: the registry's kinds in order,
/// then the derived ones (`txn`).
pub fn all_kinds() -> Vec<String> {
    kinds::all().iter().chain(kinds::derived()).map(|k| k.kind.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_pairs_follow_the_kinds() {
        let p = person_pairs("cases");
        assert!(p.contains(&("debtor".into(), "debtor_id".into())));
        assert!(p.contains(&("judge".into(), String::new())));
        assert!(person_pairs("credit").contains(&("name".into(), "id_number".into())));
        assert!(person_pairs("transactions").contains(&("cp_name".into(), "cp_id".into())));
    }

    #[test]
    fn typed_columns() {
        let c = columns_of("vehicles");
        assert!(c.contains(&col("registered_date", ColTy::Date)));
        assert!(c.contains(&col("owner_id__birth", ColTy::Date)));
        assert!(columns_of("cases").contains(&col("case_no__court", ColTy::Text)));
        assert!(columns_of("auctions").contains(&col("round__auction_round", ColTy::Int64)));
        assert!(columns_of("petitions").contains(&col("content__petition_class", ColTy::Text)));
        assert!(all_kinds().contains(&"txn".to_string()));
    }

    #[test]
    fn classified_fields_exist_and_classifiers_are_known() {
        for (kind, f, norm, second) in CLASSIFIED {
            assert!(field_storage(kind, f).is_some(), "{kind}.{f}");
            assert!(second.is_none_or(|s| field_storage(kind, s).is_some()), "{kind}.{second:?}");
            assert!(crate::model::types::CLASSIFIERS.iter().any(|(n, _)| n == norm), "{norm}");
        }
    }
}
