//! A screening lead and its evidence. (Filled in by the screening-models work.)
