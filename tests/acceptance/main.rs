//! Acceptance: the real `xiansuo` binary on messy exports written here, independently of
//! the fixtures and the demo generator (other header spellings, title rows, footers, blank
//! rows, GBK / UTF-16 / XLSX / HTML-as-xls, damaged and odd IDs, multi-debtor cells, pinyin
//! vehicle codes, co-owners; bank statements in seven formats with planted patterns and
//! honest noise). Each test asserts leads that a prosecutor would expect from the planted
//! facts, and the planted negatives that must stay silent.
//!
//! IDs below are valid GB 11643 numbers (check digit computed with the standard weights;
//! `valid_id` re-checks them so a typo here cannot make a test pass for the wrong reason).
//!
//! One test binary (one input directory, written once, and one cached run of each
//! command), split by what a reader looks for: `common` (IDs, the input directory, running
//! the binary), `screen_inputs` and `screen` (the first court's exports and the leads from them), `second_office` (two more courts'
//! exports), `flow_inputs` and `flow` (bank statements in seven formats and the flow leads), `more` (restored cases, exports,
//! multi-line cells, several sheets).

mod common;
mod flow;
mod flow_inputs;
mod more;
mod screen;
mod screen_inputs;
mod second_office;

pub(crate) use common::*;
pub(crate) use flow::*;
pub(crate) use flow_inputs::*;
pub(crate) use screen::*;
pub(crate) use screen_inputs::*;
