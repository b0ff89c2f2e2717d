//! Deterministic generators for `make bench` (and their helpers), shared by
//! the hidden `xiansuo bench` subcommand and the wasm bench entry. Nothing
//! here is used by the page or the models; it only makes data to measure on.
//!
//! Every generator writes CSV bytes directly and is a pure function of its
//! sizes and seed, so native and browser runs measure the same bytes.

//! The generators sit behind the cargo feature `gen` (on with `cli`, and
//! for the tests), so the page's wasm does not carry them; `engines` (what
//! the wasm bench entry times) and `memory` are always there.

#[cfg(feature = "gen")]
pub mod cases;
#[cfg(feature = "gen")]
pub mod catalogue;
pub mod engines;
pub mod memory;
#[cfg(feature = "gen")]
pub mod people;
#[cfg(feature = "gen")]
pub mod rng;
#[cfg(feature = "gen")]
pub mod transactions;
#[cfg(feature = "gen")]
pub mod vehicles;
#[cfg(feature = "gen")]
pub mod xlsx;

/// GB18030 bytes of UTF-8 text (what most government exports are).
#[cfg(feature = "gen")]
pub fn to_gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    bytes.into_owned()
}
