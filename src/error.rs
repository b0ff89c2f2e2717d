//! One error type for the whole core, with positions a user recognises
//! (file, sheet, row as Excel shows it, column header). Messages are Chinese;
//! `Error::message_en` gives the English text for the page's English switch.

use std::fmt;

/// Where something happened, in the user's terms. `row` is the row number the
/// user sees in Excel or a text editor (first line = 1).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub column: Option<String>,
}

impl Position {
    pub fn file(file: impl Into<String>) -> Position {
        Position { file: file.into(), ..Position::default() }
    }
    pub fn sheet(mut self, sheet: Option<&str>) -> Position {
        self.sheet = sheet.map(str::to_string);
        self
    }
    pub fn row(mut self, row: u32) -> Position {
        self.row = Some(row);
        self
    }
    pub fn column(mut self, column: impl Into<String>) -> Position {
        self.column = Some(column.into());
        self
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "文件“{}”", self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, "，工作表“{s}”")?;
        }
        if let Some(r) = self.row {
            write!(f, "，第 {r} 行")?;
        }
        if let Some(c) = &self.column {
            write!(f, "，列“{c}”")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file is not something we read; `looks_like` says what it seems to be
    /// ("PDF 文件", "ZIP 压缩包", …).
    UnknownFormat { pos: Position, looks_like: String, hint: String },
    /// The file is empty or has no rows after the header.
    Empty { pos: Position },
    /// The workbook is password protected.
    Encrypted { pos: Position },
    /// The file is larger than this build accepts.
    TooLarge { pos: Position, size: u64, limit: u64 },
    /// Structure damaged (truncated XLSX, broken CSV quoting, …).
    Malformed { pos: Position, detail: String },
    /// No header row could be found.
    NoHeader { pos: Position },
    /// A column the user named does not exist. Lists the columns that do.
    ColumnMissing { pos: Position, column: String, available: Vec<String> },
    /// The user's request is wrong (unknown model id, bad parameter, …).
    Plan { detail: String },
    /// The run was cancelled by the caller.
    Cancelled,
    /// Our bug.
    Internal { detail: String },
}

/// The crate's error: small to move around, detailed when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<ErrorKind>);

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }
    pub fn plan(detail: impl Into<String>) -> Error {
        Error::new(ErrorKind::Plan { detail: detail.into() })
    }
    pub fn internal(detail: impl Into<String>) -> Error {
        Error::new(ErrorKind::Internal { detail: detail.into() })
    }
    pub fn malformed(pos: Position, detail: impl Into<String>) -> Error {
        Error::new(ErrorKind::Malformed { pos, detail: detail.into() })
    }
    /// The position, when the error has one.
    pub fn position(&self) -> Option<&Position> {
        match self.kind() {
            ErrorKind::UnknownFormat { pos, .. }
            | ErrorKind::Empty { pos }
            | ErrorKind::Encrypted { pos }
            | ErrorKind::TooLarge { pos, .. }
            | ErrorKind::Malformed { pos, .. }
            | ErrorKind::NoHeader { pos }
            | ErrorKind::ColumnMissing { pos, .. } => Some(pos),
            ErrorKind::Plan { .. } | ErrorKind::Cancelled | ErrorKind::Internal { .. } => None,
        }
    }
    /// A short stable code for programs and tests ("unknown_format", …).
    pub fn code(&self) -> &'static str {
        match self.kind() {
            ErrorKind::UnknownFormat { .. } => "unknown_format",
            ErrorKind::Empty { .. } => "empty",
            ErrorKind::Encrypted { .. } => "encrypted",
            ErrorKind::TooLarge { .. } => "too_large",
            ErrorKind::Malformed { .. } => "malformed",
            ErrorKind::NoHeader { .. } => "no_header",
            ErrorKind::ColumnMissing { .. } => "column_missing",
            ErrorKind::Plan { .. } => "plan",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Internal { .. } => "internal",
        }
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            ErrorKind::UnknownFormat { pos, looks_like, hint } => {
                write!(f, "{pos}：无法识别的文件格式，这看起来是{looks_like}。{hint}")
            }
            ErrorKind::Empty { pos } => write!(f, "{pos}：没有数据行。"),
            ErrorKind::Encrypted { pos } => {
                write!(f, "{pos}：工作簿设有密码保护，请在 Excel 中取消密码后另存再导入。")
            }
            ErrorKind::TooLarge { pos, size, limit } => write!(
                f,
                "{pos}：文件大小 {}，超过可处理的上限 {}。请拆分文件；在浏览器中处理不了的大文件可改用命令行版本 xiansuo。",
                mb(*size),
                mb(*limit)
            ),
            ErrorKind::Malformed { pos, detail } => write!(f, "{pos}：文件已损坏或格式不正确（{detail}）。"),
            ErrorKind::NoHeader { pos } => {
                write!(f, "{pos}：找不到表头行。请确认文件包含列名（如“案号”“被执行人”“证件号码”）。")
            }
            ErrorKind::ColumnMissing { pos, column, available } => {
                write!(f, "{pos}：找不到列“{column}”。可用列：{}。", available.join("、"))
            }
            ErrorKind::Plan { detail } => write!(f, "{detail}"),
            ErrorKind::Cancelled => write!(f, "已取消。"),
            ErrorKind::Internal { detail } => write!(f, "内部错误（请反馈给开发者）：{detail}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::plan(format!("读写文件失败：{e}"))
    }
}
