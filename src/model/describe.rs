//! A model's logic in plain Chinese, generated from its definition: what the
//! model card prints and what the editor shows beside the form, so the text
//! an office files can never drift from what runs. Also the 所需数据 line,
//! generated from the fields the rule reads.

use crate::ingest::kinds;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One rule described.
#[derive(Debug, Clone, Serialize)]
pub struct RuleText {
    pub id: String,
    pub name: String,
    /// Numbered sentences: data, join, each condition, amount, reason.
    pub logic: Vec<String>,
    /// 所需数据: kind (fields, …); …
    pub data: String,
    /// `label：default` of each threshold.
    pub thresholds: Vec<String>,
}

fn kind_label(kind: &str) -> String {
    kinds::get(kind).map_or_else(|| kind.to_string(), |k| k.label.clone())
}

fn field_label(kind: &str, field: &str) -> String {
    let virt = match field {
        "unpaid" => Some("未履行金额"),
        "close_kind" => Some("结案类别"),
        "restoring_case" => Some("恢复执行案件"),
        "listed_zhongben" => Some("是否终本清单"),
        _ => None,
    };
    virt.map(str::to_string)
        .or_else(|| kinds::get(kind).and_then(|k| k.field(field)).map(|f| f.label.clone()))
        .unwrap_or_else(|| field.to_string())
}

/// What the text of a rule refers to: sources (`as` names → kinds),
/// thresholds and derived values (by their figure labels when there is one).
struct Ctx<'a> {
    sources: BTreeMap<String, String>,
    rule: &'a Value,
}

impl Ctx<'_> {
    fn reference(&self, s: &str) -> String {
        if let Some(p) = s.strip_prefix('$') {
            if p == "as_of" {
                return "基准日".into();
            }
            let label = self.rule.pointer(&format!("/thresholds/{p}/label")).and_then(Value::as_str).unwrap_or(p);
            return format!("阈值「{label}」");
        }
        match s {
            "subject.name" => return "线索对象姓名".into(),
            "subject.id" => return "线索对象证件号".into(),
            _ => {}
        }
        if let Some((src, field)) = s.split_once('.') {
            let (field, birth) = match field.strip_suffix("@birth") {
                Some(f) => (f, true),
                None => (field, false),
            };
            let kind = self.sources.get(src).cloned().unwrap_or_else(|| src.to_string());
            let mut t = format!("「{}·{}」", kind_label(&kind), field_label(&kind, field));
            if birth {
                t.push_str("中的出生日期");
            }
            return t;
        }
        // A derived value: its figure label names it best.
        let label = self
            .rule
            .pointer("/plans/0/lead/figures")
            .and_then(Value::as_array)
            .and_then(|f| f.iter().find(|f| f.get("value").and_then(Value::as_str) == Some(s)))
            .and_then(|f| f.get("label").and_then(Value::as_str));
        format!("「{}」", label.unwrap_or(s))
    }

    fn expr(&self, v: &Value) -> String {
        match v {
            Value::String(s) => self.reference(s),
            Value::Number(n) => n.to_string(),
            Value::Object(o) => {
                let Some((op, a)) = o.iter().next() else { return "（空）".into() };
                let args: Vec<&Value> = a.as_array().map(|a| a.iter().collect()).unwrap_or_else(|| vec![a]);
                let list = |sep: &str| args.iter().map(|x| self.expr(x)).collect::<Vec<_>>().join(sep);
                match op.as_str() {
                    "yuan" => format!("{}元", a.as_f64().map_or_else(|| a.to_string(), |y| y.to_string())),
                    "text" => format!("“{}”", a.as_str().unwrap_or_default()),
                    "add" => list(" + "),
                    "sub" => list(" − "),
                    "mul" => list(" × "),
                    "min" => format!("{}中较小者", list("与")),
                    "max" => format!("{}中较大者", list("与")),
                    "coalesce" if args.len() == 2 && args[1].get("yuan").is_some() => {
                        format!("{}（空视为{}）", self.expr(args[0]), self.expr(args[1]))
                    }
                    "coalesce" => format!("{}中第一个有值者", list("、")),
                    "add_days" if args.len() == 2 => format!("{}加{}天", self.expr(args[0]), self.expr(args[1])),
                    "add_months" if args.len() == 2 => format!("{}加{}个月", self.expr(args[0]), self.expr(args[1])),
                    "days_between" if args.len() == 2 => format!("从{}到{}的天数", self.expr(args[0]), self.expr(args[1])),
                    "case_part" if args.len() == 2 => format!("{}的{}部分", self.expr(args[0]), args[1].as_str().unwrap_or_default()),
                    "sum" => format!("匹配记录的{}之和", a.get("of").map(|x| self.expr(x)).unwrap_or_default()),
                    "count" => "匹配记录条数".into(),
                    "aggregate" => {
                        let f = a.get("fn").and_then(Value::as_str).unwrap_or_default();
                        let from = a.get("from").and_then(Value::as_str).unwrap_or_default();
                        let fz = match f { "sum" => "合计", "count" => "条数", "min" => "最小值", _ => "最大值" };
                        format!("「{}」中相关记录的{}{}", kind_label(from), a.get("of").map(|x| self.expr(x)).unwrap_or_default(), fz)
                    }
                    "when" => "按条件取值".into(),
                    other => other.to_string(),
                }
            }
            other => other.to_string(),
        }
    }

    fn is_date(&self, v: &Value) -> bool {
        match v {
            Value::String(s) if s == "$as_of" || s.ends_with("@birth") => true,
            Value::String(s) => s.split_once('.').is_some_and(|(src, f)| {
                let kind = self.sources.get(src).map_or(src, String::as_str);
                kinds::get(kind).and_then(|k| k.field(f)).is_some_and(|f| {
                    matches!(f.ty, kinds::FieldType::Date | kinds::FieldType::Datetime)
                })
            }),
            Value::Object(o) => o.contains_key("add_days") || o.contains_key("add_months"),
            _ => false,
        }
    }

    fn words(v: &Value) -> String {
        v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(|s| format!("“{s}”")).collect::<Vec<_>>().join("、")).unwrap_or_default()
    }

    fn cond(&self, c: &Value) -> String {
        let Some((op, a)) = c.as_object().and_then(|o| o.iter().next()) else { return "（空条件）".into() };
        let arr: Vec<&Value> = a.as_array().map(|a| a.iter().collect()).unwrap_or_default();
        // Dates are 早于/晚于, everything else 小于/大于.
        let two = |date: &str, other: &str| match arr.as_slice() {
            [l, r] => {
                let cmp = if self.is_date(l) || self.is_date(r) { date } else { other };
                format!("{}{cmp}{}", self.expr(l), self.expr(r))
            }
            _ => op.clone(),
        };
        match op.as_str() {
            "all" => format!("以下全部成立：{}", arr.iter().map(|x| self.cond(x)).collect::<Vec<_>>().join("；")),
            "any" => format!("以下任一成立：{}", arr.iter().map(|x| format!("（{}）", self.cond(x))).collect::<Vec<_>>().join("或")),
            "not" => format!("并非：{}", self.cond(a)),
            "lt" => two("早于", "小于"),
            "le" => two("不晚于", "不大于"),
            "gt" => two("晚于", "大于"),
            "ge" => two("不早于", "不小于"),
            "eq" => two("等于", "等于"),
            "ne" => two("不等于", "不等于"),
            "missing" => format!("{}为空", self.expr(a)),
            "present" => format!("{}不为空", self.expr(a)),
            "valid" => format!("{}有效", self.expr(a)),
            "mapped" => format!("文件中有{}列", self.expr(a)),
            "contains_any" => match arr.as_slice() {
                [t, w] => format!("{}包含{}中任一", self.expr(t), Self::words(w)),
                _ => op.clone(),
            },
            "contains_none" => match arr.as_slice() {
                [t, w] => format!("{}不包含{}中任何一个", self.expr(t), Self::words(w)),
                _ => op.clone(),
            },
            "in" => match arr.as_slice() {
                [t, w] => format!("{}是{}之一", self.expr(t), Self::words(w)),
                _ => op.clone(),
            },
            "yes" => format!("{}为“是”", self.expr(a)),
            "no" => format!("{}为“否”", self.expr(a)),
            "other_person" => format!("{}不是线索对象本人", arr.first().map(|x| self.expr(x)).unwrap_or_default()),
            "letters_none" | "letters_any" | "letters_all" => match arr.as_slice() {
                [s, l] => {
                    let q = match op.as_str() { "letters_none" => "不含", "letters_any" => "含任一", _ => "全含" };
                    format!("{}{q}状态{}", self.expr(s), self.expr(l))
                }
                _ => op.clone(),
            },
            "exists" | "not_exists" => {
                let from = a.get("from").and_then(Value::as_str).unwrap_or_default();
                let verb = if op == "exists" { "存在" } else { "不存在" };
                format!("{verb}相关的「{}」记录", kind_label(from))
            }
            other => other.to_string(),
        }
    }
}

fn scope_text(s: &str) -> &'static str {
    match s {
        "zhongben" => "以终本方式结案的案件",
        "zhongben_open" => "终本且未恢复执行、仍有未履行金额的案件",
        _ => "所有记录",
    }
}

fn join_text(j: &Value, ctx: &Ctx) -> String {
    let with = j.get("with").and_then(Value::as_str).unwrap_or_default();
    if let Some(keys) = j.get("on").and_then(Value::as_array) {
        let named = j.get("as").and_then(Value::as_str).map(|a| format!("（记作 {a}）")).unwrap_or_default();
        let parts: Vec<String> = keys
            .iter()
            .filter_map(|k| Some(format!("{}与{}相同", ctx.expr(k.get(0)?), ctx.reference(k.get(1)?.as_str()?))))
            .collect();
        return format!(
            "与「{}」{named}按键匹配（号牌、案号、证号等统一写法后比较，地址经别名表统一）：{}",
            kind_label(with),
            parts.join("，且")
        );
    }
    let how = match j.get("on").and_then(Value::as_str) {
        Some("person") => "按人员匹配（先比证件号，再比姓名+出生日期，最后仅比姓名，并注明匹配把握）",
        Some("case_no") => "按案号匹配",
        _ => "按案号且同一人员匹配",
    };
    format!("与「{}」{how}", kind_label(with))
}

/// Fields read by a rule, kind → field labels: the base first, then what
/// `requires` names, the join keys, then every field a value refers to.
fn fields_read(rule: &Value, sources: &BTreeMap<String, String>) -> Vec<(String, Vec<String>)> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut refs = Vec::new();
    for plan in rule.get("plans").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
        let base = plan.get("base").and_then(Value::as_str).unwrap_or_default().to_string();
        pairs.push((base.clone(), String::new()));
        let req = plan.get("requires").and_then(Value::as_object);
        let mut kinds_req: Vec<&String> = req.map(|r| r.keys().collect()).unwrap_or_default();
        kinds_req.sort_by_key(|k| **k != base);
        for k in kinds_req {
            for f in req.and_then(|r| r.get(k)).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
                for f in f.as_str().unwrap_or_default().split('|') {
                    pairs.push((k.clone(), f.to_string()));
                }
            }
        }
        if let Some(j) = plan.get("join") {
            let with = j.get("with").and_then(Value::as_str).unwrap_or_default();
            for key in ["name", "id", "case_no"] {
                if let Some(f) = j.get(key).and_then(Value::as_str) {
                    pairs.push((with.to_string(), f.to_string()));
                }
            }
        }
        walk(plan, &mut refs);
    }
    walk(rule.get("derived").unwrap_or(&Value::Null), &mut refs);
    for r in refs {
        if let Some((src, field)) = r.split_once('.') {
            if let Some(kind) = sources.get(src) {
                pairs.push((kind.clone(), field.trim_end_matches("@birth").to_string()));
            }
        }
    }
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (kind, field) in pairs {
        if kinds::get(&kind).is_none() {
            continue;
        }
        let label = kind_label(&kind);
        let i = match out.iter().position(|(k, _)| *k == label) {
            Some(i) => i,
            None => {
                out.push((label, Vec::new()));
                out.len() - 1
            }
        };
        let known = types_known(&kind, &field);
        if let (Some((_, fields)), true) = (out.get_mut(i), known) {
            let f = field_label(&kind, &field);
            if !fields.contains(&f) {
                fields.push(f);
            }
        }
    }
    out
}

fn types_known(kind: &str, field: &str) -> bool {
    !field.is_empty() && super::types::field_type(kind, field).is_some()
}

/// What in a model only its JSON can carry (the workshop's form has no
/// fields for it), in Chinese: a key join (`join.on` as a key list or with
/// `as`) and a declared candidate step. The workshop opens such a model as
/// written (shown read-only, run and exported unchanged), never through
/// the form, which would drop them.
pub fn json_only(model: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let plans = model
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|r| r.get("plans").and_then(Value::as_array).into_iter().flatten());
    let keyed = |p: &Value| p.pointer("/join/on").is_some_and(Value::is_array) || p.pointer("/join/as").is_some();
    if plans.into_iter().any(keyed) {
        out.push("按任意键连接".to_string());
    }
    if model.get("candidates").and_then(Value::as_array).is_some_and(|c| !c.is_empty()) {
        out.push("候选步骤".to_string());
    }
    out
}

/// Every rule of a model (the language's JSON) in plain Chinese.
pub fn describe(model: &Value) -> Vec<RuleText> {
    let rules = model.get("rules").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    rules.iter().map(describe_rule).collect()
}

fn describe_rule(rule: &Value) -> RuleText {
    let mut logic = Vec::new();
    let mut sources = BTreeMap::new();
    let plans = rule.get("plans").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    for (pi, plan) in plans.iter().enumerate() {
        let base = plan.get("base").and_then(Value::as_str).unwrap_or_default();
        sources.insert(base.to_string(), base.to_string());
        if let Some(w) = plan.pointer("/join/with").and_then(Value::as_str) {
            let name = plan.pointer("/join/as").and_then(Value::as_str).unwrap_or(w);
            sources.insert(name.to_string(), w.to_string());
        }
        collect_as(plan, &mut sources);
        let ctx = Ctx { sources: sources.clone(), rule };
        if plans.len() > 1 {
            logic.push(format!("方案{}（任一方案成立即产生线索）：", pi + 1));
        }
        let scope = plan.get("scope").and_then(Value::as_str).unwrap_or("any");
        let per = match plan.get("per").and_then(Value::as_str) {
            Some("case") => "每个案件一条线索",
            Some("debtor") => "每个被执行人一条线索",
            _ => "每条记录一条线索",
        };
        let scope = if base == "cases" { scope_text(scope) } else { "所有记录" };
        logic.push(format!("以「{}」中{scope}为对象，{per}。", kind_label(base)));
        if let Some(j) = plan.get("join") {
            logic.push(format!("{}。", join_text(j, &ctx)));
        }
        for c in plan.get("where").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            logic.push(format!("条件：{}。", ctx.cond(c)));
        }
        if let Some(d) = rule.get("derived").and_then(Value::as_object) {
            for (name, e) in d {
                logic.push(format!("其中{} = {}。", ctx.reference(name), ctx.expr(e)));
            }
        }
        if let Some(a) = plan.pointer("/lead/amount") {
            logic.push(format!("线索金额：{}。", ctx.expr(a)));
        }
    }
    let data = fields_read(rule, &sources)
        .into_iter()
        .map(|(k, f)| format!("{k}（{}）", f.join("、")))
        .collect::<Vec<_>>()
        .join("；");
    let thresholds = rule
        .get("thresholds")
        .and_then(Value::as_object)
        .map(|t| {
            t.iter()
                .map(|(k, v)| {
                    let label = v.get("label").and_then(Value::as_str).unwrap_or(k);
                    let d = v.get("default").map(|d| d.as_str().map_or_else(|| d.to_string(), str::to_string)).unwrap_or_default();
                    format!("{label}：{d}")
                })
                .collect()
        })
        .unwrap_or_default();
    let (logic, data) = (number(logic), data);
    RuleText {
        id: rule.get("id").and_then(Value::as_str).unwrap_or_default().to_string(),
        name: rule.get("name").and_then(Value::as_str).unwrap_or_default().to_string(),
        logic,
        data,
        thresholds,
    }
}

/// `exists`/`aggregate` name their rows with `as`: those are sources too.
fn collect_as(v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(o) => {
            if let (Some(f), Some(a)) = (o.get("from").and_then(Value::as_str), o.get("as").and_then(Value::as_str)) {
                out.insert(a.to_string(), f.to_string());
            }
            o.values().for_each(|x| collect_as(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_as(x, out)),
        _ => {}
    }
}

fn number(lines: Vec<String>) -> Vec<String> {
    lines.into_iter().enumerate().map(|(i, l)| format!("{}. {l}", i + 1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_joins_and_candidate_steps_are_json_only() {
        let keyed: Value = serde_json::json!({"rules": [{"plans": [{"base": "vehicles",
            "join": {"with": "vehicles", "as": "twin", "on": [["vehicles.plate", "twin.plate"]]}}]}]});
        assert_eq!(json_only(&keyed), vec!["按任意键连接"]);
        let named: Value = serde_json::json!({"rules": [{"plans": [{"base": "cases", "join": {"with": "vehicles", "on": "person"}}]}]});
        assert!(json_only(&named).is_empty());
        let text = crate::model::catalog::source("realestate").unwrap_or_default();
        let realestate: Value = serde_json::from_str(text).unwrap_or_default();
        assert_eq!(json_only(&realestate), vec!["候选步骤"]);
        let d = describe(&keyed);
        assert!(d.first().is_some_and(|r| r.logic.iter().any(|l| l.contains("按键匹配") && l.contains("号牌号码"))), "{d:?}");
    }

    #[test]
    fn the_deposit_model_reads_as_chinese() {
        let m = super::super::file::builtin_value("deposit").unwrap_or(Value::Null);
        let d = describe(&m);
        assert_eq!(d.len(), 1);
        let text = d[0].logic.join("\n");
        for want in [
            "以「执行案件」中终本且未恢复执行、仍有未履行金额的案件为对象，每个被执行人一条线索",
            "与「取保候审保证金」按人员匹配",
            "「取保候审保证金·处理结果」不包含“退还”",
            "以下任一成立",
            "「可供执行余额」大于0元",
            "（空视为0元）",
            "线索金额：「可供执行余额」与「执行案件·未履行金额」中较小者",
        ] {
            assert!(text.contains(want), "missing {want} in\n{text}");
        }
        assert!(d[0].data.starts_with("执行案件（"), "{}", d[0].data);
        assert!(d[0].data.contains("取保候审保证金（") && d[0].data.contains("保证金金额"), "{}", d[0].data);
    }
}
