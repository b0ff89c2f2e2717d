//! One file per subcommand, each with its own `Args` and `run`.

pub mod bench;
pub mod convert;
pub mod demo;
pub mod flow;
pub mod inspect;
pub mod screen;
