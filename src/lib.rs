//! xiansuo (线索): offline screening of civil-enforcement supervision leads.
//!
//! The core is plain Rust and never imports wasm-bindgen: `ingest` turns
//! file bytes into tables, `normalize` turns cells into typed values,
//! `model` + `engine` run the declarative screening models, `flow` analyses
//! bank statements, `export` writes CSV/XLSX, `demo` builds the training
//! data set. `wasm` (wasm32 only) is the thin binding the page uses; the CLI
//! in `main.rs` uses the same core.

pub mod bench;
pub mod demo;
pub mod dossier;
pub mod engine;
pub mod error;
pub mod export;
pub mod flow;
pub mod ingest;
pub mod lead;
pub mod mask;
pub mod model;
pub mod money;
pub mod normalize;
/// Parquet output of normalised tables (native CLI only).
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub mod normalize_out;
pub mod sql;
pub mod referral;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, ErrorKind, Position, Result};
pub use workspace::Workspace;
