//! The type of a field: which normaliser reads its cells. Kinds
//! (`src/kinds/*.json`) name it per column; it lives here, under the
//! normalisers it selects, so `normalize` never depends on `ingest`.

use serde::{Deserialize, Serialize};

/// How a field's text is normalised and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Name,
    IdNumber,
    CaseNo,
    Date,
    Datetime,
    Time,
    Amount,
    Plate,
    VehicleStatus,
    Direction,
    Address,
}
