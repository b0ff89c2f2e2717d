//! CSV and XLSX writers that neutralise spreadsheet formulas.
//! (Filled in by the screening-models work.)
