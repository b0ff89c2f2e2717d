//! `xiansuo inspect`. (Placeholder until its issue lands.)

use xiansuo::{Error, Result};

#[derive(clap::Args)]
pub struct Args {
    /// 输入文件
    files: Vec<std::path::PathBuf>,
}

pub fn run(_args: Args) -> Result<()> {
    Err(Error::plan("“inspect”尚未实现"))
}
