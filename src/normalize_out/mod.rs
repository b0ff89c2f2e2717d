//! `xiansuo normalize`: every recognised table written as typed, normalised
//! Parquet (native only; the page never links arrow/parquet). The values come
//! from the engine's own typed columns (`engine::columns`) and person keys
//! (`engine::person`), so SQL engines read exactly what the plan engine
//! compares. The layout (`sql::schema`) is what `xiansuo model sql` emits
//! against:
//!
//! - `KIND/part-*.parquet` for every dataset kind: one dataset per kind, in
//!   parts written by the workers (`parts`; one empty part when no file had
//!   the kind, so a script's views always resolve);
//! - `KIND_parties/part-*.parquet`: one row per person entry (multi-person
//!   cells split);
//! - `_report.json`: the page's data-quality report of every table (rows
//!   skipped and why), rows per kind, files that could not be read.

pub mod parts;
pub mod writer;

pub use writer::{normalize_files, normalize_files_jobs, normalize_files_with, Settings, Summary, CHUNK_BYTES};
