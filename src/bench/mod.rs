//! Deterministic generators for `make bench` (and their helpers), shared by
//! the hidden `xiansuo bench` subcommand and the wasm bench entry. Nothing
//! here is used by the page or the models; it only makes data to measure on.
//!
//! Every generator writes CSV bytes directly and is a pure function of its
//! sizes and seed, so native and browser runs measure the same bytes.

pub mod cases;
pub mod engines;
pub mod memory;
pub mod people;
pub mod rng;
pub mod transactions;
pub mod vehicles;
pub mod xlsx;

/// GB18030 bytes of UTF-8 text (what most government exports are).
pub fn to_gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    bytes.into_owned()
}
