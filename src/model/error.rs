//! The one error type of model compilation: where (model file, rule, JSON
//! path inside the rule) and what (a `ModelErrorKind`), shown in Chinese by
//! `Display` and in English by `en()`, always listing the valid
//! alternatives (DataFusion's "No field named X. Valid fields are …").

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelErrorKind {
    /// The file is not JSON, or a value has the wrong JSON shape.
    Syntax { detail: String },
    /// A key the language does not know at this place (`whre`).
    UnknownKey { key: String, valid: Vec<String> },
    /// An expression or condition operator the language does not know.
    UnknownOperator { op: String, valid: Vec<String> },
    /// A required key is absent.
    MissingKey { key: String },
    /// A dataset kind that does not exist, or is not a source of this plan.
    UnknownKind { kind: String, valid: Vec<String> },
    /// A field the kind does not have.
    UnknownField { kind: String, field: String, valid: Vec<String> },
    /// `$name` that is neither a threshold of the rule nor `$as_of`.
    UnknownParam { param: String, valid: Vec<String> },
    /// A bare name that is not a derived value of the rule.
    UnknownDerived { name: String, valid: Vec<String> },
    /// An operand of the wrong type (`date` compared with `amount`).
    TypeMismatch { op: String, left: String, right: String },
    /// An operand of a type the operator does not take.
    WrongType { op: String, expected: String, found: String },
    /// Two join keys of different types.
    JoinKeyMismatch { left: String, left_ty: String, right: String, right_ty: String },
    /// A value that is not allowed here (scope, per, join kind, …).
    BadValue { value: String, valid: Vec<String> },
    /// A derived value that refers to itself.
    Cycle { name: String },
    /// Two rules or figures with the same id.
    Duplicate { what: String },
    /// A model file refused before it is read (too large, too deep, markup in
    /// its texts): the reason in both languages.
    Refused { zh: String, en: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// The model file as the user named it (`deposit.json`).
    pub file: String,
    /// The rule id, when the error is inside a rule.
    pub rule: Option<String>,
    /// JSON path inside the rule (or the model when `rule` is None):
    /// `plans[0].where[2].gt[1]`.
    pub path: String,
    pub kind: ModelErrorKind,
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "（无）".to_string()
    } else {
        v.join("、")
    }
}

fn list_en(v: &[String]) -> String {
    if v.is_empty() {
        "(none)".to_string()
    } else {
        v.join(", ")
    }
}

/// Type codes (`date`, `amount|number`) in Chinese.
fn ty_zh(code: &str) -> String {
    code.split('|')
        .map(|c| match c {
            "amount" => "金额",
            "number" => "数值",
            "date" => "日期",
            "text" => "文本",
            "status" => "状态字母",
            "person" => "人员",
            "case_no" => "案号",
            "id_number" => "证件号",
            "name" => "姓名",
            "plate" => "号牌",
            "address" => "地址",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("或")
}

impl ModelError {
    /// A file-level syntax error (not JSON, or not the expected shape).
    pub fn syntax(file: &str, detail: impl Into<String>) -> ModelError {
        ModelError { file: file.to_string(), rule: None, path: String::new(), kind: ModelErrorKind::Syntax { detail: detail.into() } }
    }

    fn where_zh(&self) -> String {
        let mut s = format!("模型文件“{}”", self.file);
        if let Some(r) = &self.rule {
            s.push_str(&format!("，规则“{r}”"));
        }
        if !self.path.is_empty() {
            s.push_str(&format!("，位置 {}", self.path));
        }
        s
    }

    fn where_en(&self) -> String {
        let mut s = format!("model file \"{}\"", self.file);
        if let Some(r) = &self.rule {
            s.push_str(&format!(", rule \"{r}\""));
        }
        if !self.path.is_empty() {
            s.push_str(&format!(", at {}", self.path));
        }
        s
    }

    /// The message in Chinese (same as `to_string()`).
    pub fn zh(&self) -> String {
        let what = match &self.kind {
            ModelErrorKind::Syntax { detail } => format!("格式错误：{detail}"),
            ModelErrorKind::UnknownKey { key, valid } => {
                format!("未知的键“{key}”。可用：{}", list(valid))
            }
            ModelErrorKind::UnknownOperator { op, valid } => {
                format!("未知的运算符“{op}”。可用：{}", list(valid))
            }
            ModelErrorKind::MissingKey { key } => format!("缺少必填项“{key}”"),
            ModelErrorKind::UnknownKind { kind, valid } => {
                format!("未知的数据来源“{kind}”。可用：{}", list(valid))
            }
            ModelErrorKind::UnknownField { kind, field, valid } => {
                format!("数据类型“{kind}”没有字段“{field}”。可用字段：{}", list(valid))
            }
            ModelErrorKind::UnknownParam { param, valid } => {
                format!("未知的参数“${param}”。可用：{}", list(valid))
            }
            ModelErrorKind::UnknownDerived { name, valid } => format!(
                "未知的名称“{name}”（既不是派生值，也不是 来源.字段）。可用派生值：{}",
                list(valid)
            ),
            ModelErrorKind::TypeMismatch { op, left, right } => format!(
                "类型不匹配：“{op}”的两边分别是{}和{}，不能比较",
                ty_zh(left),
                ty_zh(right)
            ),
            ModelErrorKind::WrongType { op, expected, found } => format!(
                "类型错误：“{op}”需要{}，这里是{}",
                ty_zh(expected),
                ty_zh(found)
            ),
            ModelErrorKind::JoinKeyMismatch { left, left_ty, right, right_ty } => format!(
                "连接键类型不同：{left}是{}，{right}是{}",
                ty_zh(left_ty),
                ty_zh(right_ty)
            ),
            ModelErrorKind::BadValue { value, valid } => {
                format!("不允许的值“{value}”。可用：{}", list(valid))
            }
            ModelErrorKind::Cycle { name } => format!("派生值“{name}”引用了自身"),
            ModelErrorKind::Duplicate { what } => format!("重复的{what}"),
            ModelErrorKind::Refused { zh, .. } => format!("已拒绝：{zh}"),
        };
        format!("{}：{what}", self.where_zh())
    }

    /// The message in English (the page's English switch).
    pub fn en(&self) -> String {
        let what = match &self.kind {
            ModelErrorKind::Syntax { detail } => format!("syntax error: {detail}"),
            ModelErrorKind::UnknownKey { key, valid } => {
                format!("unknown key \"{key}\". Valid keys: {}", list_en(valid))
            }
            ModelErrorKind::UnknownOperator { op, valid } => {
                format!("unknown operator \"{op}\". Valid operators: {}", list_en(valid))
            }
            ModelErrorKind::MissingKey { key } => format!("required key \"{key}\" is missing"),
            ModelErrorKind::UnknownKind { kind, valid } => format!(
                "unknown source \"{kind}\". Valid sources: {}",
                list_en(valid)
            ),
            ModelErrorKind::UnknownField { kind, field, valid } => format!(
                "kind \"{kind}\" has no field \"{field}\". Valid fields: {}",
                list_en(valid)
            ),
            ModelErrorKind::UnknownParam { param, valid } => {
                format!("unknown parameter \"${param}\". Valid: {}", list_en(valid))
            }
            ModelErrorKind::UnknownDerived { name, valid } => format!(
                "unknown name \"{name}\" (neither a derived value nor source.field). Derived values: {}",
                list_en(valid)
            ),
            ModelErrorKind::TypeMismatch { op, left, right } => {
                format!("type mismatch: \"{op}\" compares {left} with {right}")
            }
            ModelErrorKind::WrongType { op, expected, found } => {
                format!("wrong type: \"{op}\" expects {expected}, found {found}")
            }
            ModelErrorKind::JoinKeyMismatch { left, left_ty, right, right_ty } => format!(
                "join keys of different types: {left} is {left_ty}, {right} is {right_ty}"
            ),
            ModelErrorKind::BadValue { value, valid } => {
                format!("value \"{value}\" is not allowed. Valid: {}", list_en(valid))
            }
            ModelErrorKind::Cycle { name } => format!("derived value \"{name}\" refers to itself"),
            ModelErrorKind::Duplicate { what } => format!("duplicate {what}"),
            ModelErrorKind::Refused { en, .. } => format!("refused: {en}"),
        };
        format!("{}: {what}", self.where_en())
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh())
    }
}

impl std::error::Error for ModelError {}

impl From<ModelError> for crate::Error {
    fn from(e: ModelError) -> crate::Error {
        crate::Error::plan(format!("{}\n{}", e.zh(), e.en()))
    }
}
