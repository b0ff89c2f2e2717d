//! Runs the declarative screening models of `model` over datasets.
//! (Filled in by the screening-models work.)
