//! The one place the benchmarks call the engines, so the CLI and the wasm
//! bench entry time exactly the same work. Each returns the number of leads,
//! or why the measurement is not possible yet.

use crate::workspace::Workspace;

/// The vehicle model (`vehicle.*` rules) over the workspace's datasets.
pub fn screen_vehicle(_ws: &Workspace) -> Result<usize, String> {
    Err("screening engine not merged yet".into())
}

/// Every flow rule over the workspace's transaction datasets.
pub fn flow_all(_ws: &Workspace) -> Result<usize, String> {
    Err("flow engine not merged yet".into())
}
