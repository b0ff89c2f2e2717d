//! The deterministic training data set. (Filled in by the workbench work.)
