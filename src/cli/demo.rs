//! `xiansuo demo [-o DIR]`: write the training data set to a folder.
//!
//! The files are the same bytes the page's 「载入示例数据」 button loads:
//! exports in their real encodings and layouts (GB18030 CSV, XLSX, an HTML
//! `.xls`, UTF-16 text, bank statements). Run the screening on them with
//! `--as-of 2025-06-30` to get the documented results.

use std::path::PathBuf;
use xiansuo::{demo, Error, Result};

#[derive(clap::Args)]
pub struct Args {
    /// 输出文件夹（不存在时创建）
    #[arg(short = 'o', long = "out", default_value = "xiansuo-demo")]
    out: PathBuf,
}

pub fn run(args: Args) -> Result<()> {
    let io = |path: &std::path::Path, e: std::io::Error| Error::plan(format!("无法写入“{}”：{e}", path.display()));
    std::fs::create_dir_all(&args.out).map_err(|e| io(&args.out, e))?;
    let files = demo::files();
    for f in &files {
        let path = args.out.join(&f.name);
        std::fs::write(&path, &f.bytes).map_err(|e| io(&path, e))?;
    }
    eprintln!("已写出 {} 个示例文件到 {}（示例基准日 {}）", files.len(), args.out.display(), demo::AS_OF);
    eprintln!("例如：xiansuo screen --as-of {} {}/*", demo::AS_OF, args.out.display());
    Ok(())
}
