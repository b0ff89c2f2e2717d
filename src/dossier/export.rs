//! The dossier as an XLSX workbook (the exporter's style: bold frozen header,
//! typed cells, formula-like text neutralised): 概况 with the priority and
//! its parts, 线索 (screening and flow), 档案明细 (every matched row), 账户.

use super::{Dossier, Item};
use crate::error::Result;
use crate::export::xlsx::{Cell, Workbook};

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

fn content(i: &Item) -> String {
    i.fields.0.iter().map(|(h, v)| format!("{h}：{}", v.normalized.as_deref().unwrap_or(&v.raw))).collect::<Vec<_>>().join("；")
}

pub fn to_xlsx(d: &Dossier) -> Result<Vec<u8>> {
    let mut summary = vec![
        vec![text("姓名/名称"), text(&d.subject.name)],
        vec![text("证件号码"), text(&d.subject.id)],
        vec![text("出生日期"), text(d.birth.as_deref().unwrap_or(""))],
        vec![text("综合优先级"), text(&format!("{}（{}分）", d.priority.level, d.priority.score))],
        vec![text("涉及执行案件"), text(&d.cases.join("、"))],
        vec![text("信访/12309"), text(if d.has_petition { "有" } else { "无" })],
        vec![text("仅姓名匹配的记录"), Cell::Int(d.weak as i64)],
    ];
    for p in &d.priority.parts {
        summary.push(vec![text(&format!("  {}", p.what)), text(&format!("{:.1}", p.points))]);
    }
    let mut leads: Vec<Vec<Cell>> = d
        .leads
        .iter()
        .map(|l| {
            vec![
                text("筛查"),
                text(&l.lead.rule),
                text(&l.lead.rule_name),
                text(&l.lead.case_no),
                text(l.confidence.label()),
                l.lead.amount_fen.map(Cell::Fen).unwrap_or(Cell::Empty),
                text(&l.lead.reason),
                text(&l.lead.flags.join("、")),
            ]
        })
        .collect();
    leads.extend(d.flow_leads.iter().map(|l| {
        vec![text("资金流水"), text(&l.lead.rule), text(&l.lead.label), text(&l.lead.phase), text(l.confidence.label()), Cell::Fen(l.lead.amount_fen), text(&l.lead.reason), text(&format!("评分 {:.1}", l.lead.score))]
    }));
    let rows: Vec<Vec<Cell>> = d
        .sections
        .iter()
        .flat_map(|s| {
            s.items.iter().map(move |i| {
                vec![text(&s.label), text(&i.role), text(i.confidence.label()), text(&i.file), text(i.sheet.as_deref().unwrap_or("")), Cell::Int(i64::from(i.row)), text(&i.case_no), text(&content(i))]
            })
        })
        .collect();
    let accounts: Vec<Vec<Cell>> = d
        .accounts
        .iter()
        .map(|a| vec![text(&a.account), text(&a.file), Cell::Int(a.rows as i64), text(&a.first), text(&a.last), text(a.confidence.map(|m| m.label()).unwrap_or(""))])
        .collect();
    Workbook::new()
        .sheet("概况", &["项目", "内容"], summary)
        .sheet("线索", &["来源", "规则", "名称", "案号/阶段", "匹配", "金额（元）", "说明", "标记"], leads)
        .sheet("档案明细", &["类别", "角色", "匹配", "文件", "工作表", "行号", "案号", "内容"], rows)
        .sheet("账户", &["账号", "文件", "流水行数", "最早", "最晚", "匹配"], accounts)
        .to_bytes()
}

#[cfg(test)]
mod tests {
    use super::super::{build, Subject};
    use super::*;

    #[test]
    fn workbook_has_the_four_sheets_and_neutralises_cells() {
        let csv = "案号,被执行人,证件号码,结案方式\n（2019）浙0203执1号,=HYPERLINK(\"x\"),,终本\n";
        let loaded = crate::ingest::read("c.csv", csv.as_bytes(), &crate::ingest::IngestOptions::default()).expect("reads");
        let ds = crate::ingest::Dataset::new(loaded.tables.into_iter().next().expect("table"));
        let d = build(&[ds], &Subject { name: "=HYPERLINK(\"x\")".into(), id: String::new() }, &[], &[]);
        let bytes = to_xlsx(&d).expect("xlsx");
        let back = crate::ingest::read("d.xlsx", &bytes, &crate::ingest::IngestOptions::default()).expect("reads back");
        let sheets: Vec<String> = back.tables.iter().filter_map(|t| t.source.sheet.clone()).collect();
        assert_eq!(sheets, ["概况", "线索", "档案明细", "账户"][..sheets.len()].to_vec());
        assert!(sheets.contains(&"档案明细".to_string()));
        let detail = back.tables.iter().find(|t| t.source.sheet.as_deref() == Some("档案明细")).expect("detail sheet");
        let cell = (0..detail.len()).flat_map(|r| detail.row(r).map(str::to_string).collect::<Vec<_>>()).find(|c| c.contains("HYPERLINK")).expect("the name is there");
        assert!(!cell.starts_with('='), "{cell}");
    }
}
