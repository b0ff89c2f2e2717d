//! Bank-statement flow analysis. (Filled in by the flow-analysis work.)
