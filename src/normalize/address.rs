//! Addresses and the estate/district alias table (see step 3).
