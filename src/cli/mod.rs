//! One file per subcommand, each with its own `Args` and `run`.

pub mod bench;
pub mod convert;
pub mod demo;
pub mod flow;
pub mod inspect;
pub mod model;
pub mod model_sql;
pub mod normalize;
pub mod screen;

use std::collections::BTreeMap;
use std::path::Path;
use xiansuo::ingest::{kinds, IngestOptions};
use xiansuo::{Error, Result, Workspace};

/// "cases=path" → (Some("cases"), path) when the prefix is a kind and the
/// whole argument is not itself an existing file.
pub fn split_kind(arg: &str) -> (Option<&str>, &str) {
    if Path::new(arg).exists() {
        return (None, arg);
    }
    match arg.split_once('=') {
        Some((k, p)) if kinds::get(k).is_some() => (Some(k), p),
        _ => (None, arg),
    }
}

/// The input files of a command, read into one workspace.
pub struct Inputs {
    pub ws: Workspace,
    /// Errors of files and sheets, in order; the other files are still read.
    pub errors: Vec<Error>,
    /// Files that gave no table at all (the command exits non-zero).
    pub failed: usize,
}

/// Read every `[kind=]path` argument the way the page does.
pub fn load_inputs(files: &[String], opts: &IngestOptions) -> Result<Inputs> {
    let mut inputs = Inputs { ws: Workspace::new(), errors: Vec::new(), failed: 0 };
    for arg in files {
        let (kind, path) = split_kind(arg);
        let name = Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.to_string());
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                inputs.failed += 1;
                inputs.errors.push(Error::plan(format!("无法打开文件“{path}”：{e}")));
                continue;
            }
        };
        let added = inputs.ws.add_file(&name, &bytes, opts);
        if added.datasets.is_empty() {
            inputs.failed += 1;
        }
        if let Some(k) = kind {
            for &i in &added.datasets {
                inputs.ws.set_mapping(i, k, &BTreeMap::new())?;
            }
        }
        inputs.errors.extend(added.errors);
    }
    Ok(inputs)
}
