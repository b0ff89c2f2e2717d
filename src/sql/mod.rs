//! SQL from the compiled model plans: one script that DuckDB or Spark SQL
//! runs over the normalised tables `xiansuo normalize` writes (`schema`),
//! ending with a query that returns the leads. Pure string building, no
//! database here; `emit` walks the plans, `expr` translates expressions and
//! conditions, `dialect` holds the few spellings that differ.

pub mod schema;
pub mod dialect;
pub mod emit;
pub mod expr;
pub mod keyjoin;

pub use dialect::Dialect;
pub use emit::{script, Script, SqlOptions, LEAD_COLUMNS};
