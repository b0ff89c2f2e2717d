//! Key joins: a plan's `join` with `on: [["base expr", "NAME.field"], …]`.
//! The joined kind's rows are indexed once by their normalised keys; each
//! base item evaluates its side of the keys and looks them up (a hash
//! join, like xsv's: keys are normalised in one place, `KeyNorm`, before
//! indexing, and the join never sees raw text).
//!
//! Keys are normalised by the type of the joined field: plates by
//! `normalize::plate::key`, addresses by the user's alias table
//! (`AliasTable::keyer`), anything else as typed values
//! (`columns::val_key`: 案号 keys without 字第, IDs, dates, amounts, folded
//! text), the same keys the subqueries use. A blank key never joins. In a self-join a row
//! meets itself too; models exclude it with a condition on the two rows.

use super::columns::val_key;
use super::eval::{Ctx, Env, RowRef, Val};
use super::person::PersonKey;
use crate::ingest::kinds::{self, FieldType};
use crate::model::{Expr, Join};
use crate::normalize::address::AddressKeyer;
use crate::normalize::{nulls, plate};
use foldhash::HashMap;

/// How one key's values become comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyNorm {
    Plate,
    Address,
    /// Typed value of the field (`columns::val_key`; 案号 by their key).
    Value,
}

impl KeyNorm {
    pub fn of(ty: Option<FieldType>) -> KeyNorm {
        match ty {
            Some(FieldType::Plate) => KeyNorm::Plate,
            Some(FieldType::Address) => KeyNorm::Address,
            _ => KeyNorm::Value,
        }
    }
}

/// Separates the parts of a composite key (never inside a normalised value).
const SEP: char = '\u{1f}';

pub struct KeyJoin<'j> {
    /// Base side, joined field, normaliser.
    keys: Vec<(&'j Expr, &'j str, KeyNorm)>,
    index: HashMap<String, Vec<RowRef>>,
    keyer: AddressKeyer,
}

impl<'j> KeyJoin<'j> {
    /// Index the rows of `other_ds` (datasets of the joined kind) by their keys.
    pub fn build(env: &Env, other_ds: &[usize], join: &'j Join) -> KeyJoin<'j> {
        let keys: Vec<(&Expr, &str, KeyNorm)> = join
            .keys
            .iter()
            .map(|k| {
                let field = k.1.split_once('.').map_or(k.1.as_str(), |(_, f)| f);
                let ty = kinds::get(&join.with).and_then(|s| s.field(field)).map(|f| f.ty);
                (&k.0, field, KeyNorm::of(ty))
            })
            .collect();
        let mut kj = KeyJoin { keys, index: HashMap::default(), keyer: env.aliases.keyer() };
        for &d in other_ds {
            let Some(ds) = env.datasets.get(d) else { continue };
            if !kj.keys.iter().all(|(_, f, _)| ds.has(f)) {
                continue;
            }
            for r in 0..ds.len() {
                let mut key = String::new();
                let complete = kj.keys.iter().all(|&(_, f, norm)| {
                    let part = match norm {
                        KeyNorm::Value => val_key(&env.cols.value(env.datasets, d as u32, f, r)),
                        _ => kj.norm_text(norm, ds.get(r, f)),
                    };
                    part.map(|p| push_part(&mut key, &p)).is_some()
                });
                if complete {
                    kj.index.entry(key).or_default().push(RowRef { ds: d as u32, row: r as u32 });
                }
            }
        }
        kj
    }

    /// Whether no row of the joined kind has a complete key.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Rows whose keys equal those of the base row `base` (of kind `base_kind`).
    pub fn probe(&self, env: &Env, base_kind: &str, base: RowRef, subject: Option<&PersonKey>) -> &[RowRef] {
        let ctx = Ctx::row(env, base_kind, base, subject);
        let mut key = String::new();
        for &(expr, _, norm) in &self.keys {
            let v = ctx.eval(expr);
            let part = match (norm, &v) {
                (KeyNorm::Value, _) => val_key(&v),
                (_, Val::Text(t)) => self.norm_text(norm, t),
                _ => None,
            };
            match part {
                Some(p) => push_part(&mut key, &p),
                None => return &[],
            }
        }
        self.index.get(&key).map_or(&[], Vec::as_slice)
    }

    /// A text key by the field type's normaliser; None when blank.
    fn norm_text(&self, norm: KeyNorm, raw: &str) -> Option<String> {
        if nulls::is_null(raw) {
            return None;
        }
        let k = match norm {
            KeyNorm::Plate => plate::key(raw),
            KeyNorm::Address => self.keyer.key(raw),
            KeyNorm::Value => super::eval::text_key(raw),
        };
        (!k.is_empty()).then_some(k)
    }
}

fn push_part(key: &mut String, part: &str) {
    if !key.is_empty() {
        key.push(SEP);
    }
    key.push_str(part);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::columns::typed;

    /// Both sides of a 案号 key are typed values: old- and new-style 案号 meet.
    #[test]
    fn case_numbers_meet_as_typed_values() {
        let k = |raw: &str| val_key(&typed(FieldType::CaseNo, raw));
        assert_eq!(k("（2021）浙0203执字第3302号"), k("(2021)浙0203执3302号"));
        assert_ne!(k("（2021）浙0203执3302号"), k("（2021）浙0203执3303号"));
        assert_eq!(KeyNorm::of(Some(FieldType::CaseNo)), KeyNorm::Value);
        assert_eq!(KeyNorm::of(Some(FieldType::Plate)), KeyNorm::Plate);
    }
}
