//! A plan's key join (`join.on: [["base.field", "NAME.field"], …]`,
//! `engine::keyjoin`) as the `cand` CTE: items × the joined kind on equal
//! normalised keys, read from the normalised tables' columns (`schema`).
//!
//! What translates: keys of plain fields whose engine normaliser SQL can
//! repeat from the stored columns: plates (the name key `f__k` without the
//! separators `normalize::plate::SEPARATORS`), certificates and other texts
//! and names (`f__k` upper-cased, 字第 dropped: `columns::val_key`), 案号
//! (`f`, the 案号 key, without 字第), IDs, dates and amounts (`f`). What
//! does not, listed as untranslated with the reason: addresses (they meet
//! through the user's alias table, a Rust operator), a computed base side
//! and a grouped key join.

use super::dialect::{lit, Dialect};
use super::expr::Res;
use crate::ingest::kinds::{self, FieldType};
use crate::model::{Expr, Join};

/// `(cand, other_join)` for the emitter: `cand` has the `items` columns plus
/// `o_rid`, `o_key`, `o_id_v`, `m`; `other_join` binds the joined row as `o`.
pub fn cand(d: Dialect, base: &str, j: &Join, req: &str) -> Res<(String, String)> {
    if j.aggregate {
        return Err("按任意键的分组连接（aggregate）尚未支持".into());
    }
    let w = j.with.as_str();
    let mut on = Vec::new();
    for (i, k) in j.keys.iter().enumerate() {
        let Expr::Ref(outer) = &k.0 else {
            return Err(format!("join.on[{i}]：基础一侧是计算值，SQL 尚不能表达（请写字段）"));
        };
        let Some((src, bf)) = outer.split_once('.') else {
            return Err(format!("join.on[{i}]：基础一侧“{outer}”不是 来源.字段"));
        };
        if src != base {
            return Err(format!("join.on[{i}]：基础一侧“{outer}”不是基础数据的字段"));
        }
        let of = k.1.split_once('.').map_or(k.1.as_str(), |(_, f)| f);
        let ty = kinds::get(w).and_then(|s| s.field(of)).map(|f| f.ty);
        let (b, o) = (key(d, "b", bf, ty)?, key(d, "o", of, ty)?);
        on.push(format!("{b} = {o}"));
    }
    if on.is_empty() {
        return Err("join.on 没有连接键".into());
    }
    let t = d.text_type();
    Ok((
        format!(
            "SELECT i.*, o._rid AS o_rid, o._rid AS o_key, CAST(NULL AS {t}) AS o_id_v, CAST(NULL AS {t}) AS m FROM items i \
             JOIN {base} b ON b._rid = i.b_rid JOIN {w} o ON {} AND {req}",
            on.join(" AND ")
        ),
        format!("LEFT JOIN {w} o ON o._rid = c.o_rid"),
    ))
}

/// One side of a key: the stored column through the engine's normaliser.
/// NULL never equals anything, so blank keys never join (as in the engine).
fn key(d: Dialect, alias: &str, field: &str, ty: Option<FieldType>) -> Res<String> {
    let col = |suffix: &str| format!("{alias}.{}", d.ident(&format!("{field}{suffix}")));
    Ok(match ty {
        Some(FieldType::Address) => {
            return Err(format!("地址连接键“{field}”经用户的别名表统一（Rust 运算 AliasTable::keyer），SQL 尚不能表达"))
        }
        Some(FieldType::VehicleStatus) => return Err(format!("状态字母连接键“{field}”SQL 尚不能表达")),
        Some(FieldType::Plate) => {
            let class = lit(&format!("[{}]", crate::normalize::plate::SEPARATORS));
            match d {
                Dialect::DuckDb => format!("regexp_replace({}, {class}, '', 'g')", col("__k")),
                Dialect::Spark => format!("regexp_replace({}, {class}, '')", col("__k")),
            }
        }
        Some(FieldType::CaseNo) => format!("replace({}, '字第', '')", col("")),
        Some(FieldType::IdNumber | FieldType::Amount | FieldType::Date | FieldType::Datetime) => col(""),
        _ => format!("replace(upper({}), '字第', '')", col("__k")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::JoinKey;

    fn join(with: &str, keys: &[(&str, &str)]) -> Join {
        Join {
            with: with.into(),
            alias: Some("twin".into()),
            on: crate::model::JoinOn::Keys,
            keys: keys.iter().map(|(a, b)| JoinKey(Expr::Ref((*a).into()), (*b).into())).collect(),
            name: None,
            id: None,
            case_no: None,
            aggregate: false,
        }
    }

    #[test]
    fn plates_and_certificates_translate_addresses_do_not() {
        let (c, _) = cand(Dialect::DuckDb, "vehicles", &join("vehicles", &[("vehicles.plate", "twin.plate")]), "TRUE")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(c.contains("regexp_replace(b.\"plate__k\", '[-_.—‧]', '', 'g') = regexp_replace(o.\"plate__k\""), "{c}");
        let (c, _) = cand(Dialect::Spark, "realestate", &join("realestate", &[("realestate.cert_no", "twin.cert_no")]), "TRUE")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(c.contains("replace(upper(b.`cert_no__k`), '字第', '') = replace(upper(o.`cert_no__k`)"), "{c}");
        let e = cand(Dialect::DuckDb, "cases", &join("realestate", &[("cases.property_address", "twin.location")]), "TRUE");
        assert!(e.is_err_and(|e| e.contains("别名表")));
    }
}
