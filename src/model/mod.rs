//! The declarative model format and the built-in catalogue (`src/models/*.json`).
//! (Filled in by the screening-models work.)
