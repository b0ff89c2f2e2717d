//! Flow-analysis results → CSV (leads, UTF-8 with BOM) and XLSX (线索,
//! 证据交易, 账户汇总, 文件), plus the fund-tracing table, through the
//! formula-neutralising writers. The page (`flowExport`) and the CLI
//! (`xiansuo flow --format csv|xlsx`, `flow trace --format csv`) both write
//! through here; `masked` applies the one masker (`crate::mask`).

use super::xlsx::{Cell, Workbook};
use crate::error::Result;
use crate::flow::lead::Link;
use crate::flow::{self, FlowLead, FlowReport};
use crate::mask::Masker;
use crate::money;

const LEAD_HEADERS: [&str; 17] = [
    "规则",
    "规则名称",
    "评分",
    "分组",
    "关联",
    "重点账户",
    "户名",
    "被执行人证件号",
    "被执行人",
    "金额（元）",
    "开始",
    "结束",
    "阶段",
    "说明",
    "类别",
    "证据行",
    "指纹",
];

/// The lead's group as the page names it: linked to a case or 其他账户.
fn group_label(group: &str) -> &'static str {
    if group == "other" {
        "其他账户"
    } else {
        "案件相关"
    }
}

/// How the focus account relates to a debtor, in the page's words.
fn link_label(link: Link) -> &'static str {
    match link {
        Link::Own => "本人",
        Link::Close => "同名/亲属",
        Link::Related => "同姓有往来",
        Link::Counterparty => "交易对手",
        Link::None => "无",
    }
}

const EVIDENCE_HEADERS: [&str; 11] = ["线索序号", "规则", "文件", "工作表", "行号", "时间", "账户", "方向", "金额（元）", "对方", "摘要"];

const ACCOUNT_HEADERS: [&str; 15] = [
    "账号",
    "户名",
    "证件号",
    "是否被执行人",
    "转入（元）",
    "转出（元）",
    "转入笔数",
    "转出笔数",
    "首笔",
    "末笔",
    "对手方数",
    "前十对手方占比",
    "同名账户",
    "疑似亲属账户",
    "线索数",
];

/// What masking means for one lead: its own names, IDs and accounts are
/// learnt first, so they are masked wherever the reason repeats them.
fn masker(l: &FlowLead, masked: bool) -> Option<Masker> {
    masked.then(|| {
        let mut m = Masker::new();
        m.name(&l.focus_name);
        m.name(&l.subject_name);
        m.id(&l.subject_id);
        m.account(&l.focus_account);
        l.accounts.iter().for_each(|a| {
            m.account(a);
        });
        for t in &l.transactions {
            m.account(&t.account);
            m.party(&t.counterparty);
        }
        m
    })
}

/// Masked text when a masker is given, the text itself otherwise.
fn mt(m: &Option<Masker>, s: &str) -> String {
    match m {
        Some(m) => m.text(s),
        None => s.to_string(),
    }
}

fn lead_cells(l: &FlowLead, m: &Option<Masker>) -> Vec<Cell> {
    let ev: Vec<String> = l.transactions.iter().map(|t| format!("{}:{}", t.file, t.row)).collect();
    vec![
        Cell::Text(l.rule.into()),
        Cell::Text(l.label.into()),
        Cell::Text(format!("{:.1}", l.score)),
        Cell::Text(group_label(l.group).into()),
        Cell::Text(link_label(l.link).into()),
        Cell::Text(mt(m, &l.focus_account)),
        Cell::Text(mt(m, &l.focus_name)),
        Cell::Text(mt(m, &l.subject_id)),
        Cell::Text(mt(m, &l.subject_name)),
        Cell::Fen(l.amount_fen),
        Cell::Text(l.from.to_string()),
        Cell::Text(l.to.to_string()),
        Cell::Text(l.phase.to_string()),
        Cell::Text(mt(m, &l.reason)),
        Cell::Text(l.category.unwrap_or_default().into()),
        Cell::Text(mt(m, &ev.join("; "))),
        Cell::Text(l.fingerprint.to_string()),
    ]
}

/// A cell as CSV text: amounts as plain `1234.50`.
fn csv_text(c: Cell) -> String {
    match c {
        Cell::Text(t) => t,
        Cell::Fen(f) => money::plain(f),
        Cell::Int(i) => i.to_string(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::DateTime(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        Cell::Empty => String::new(),
    }
}

/// The leads as CSV (UTF-8 with BOM).
pub fn to_csv(r: &FlowReport, masked: bool) -> Vec<u8> {
    let rows = r.leads.iter().map(|l| lead_cells(l, &masker(l, masked)).into_iter().map(csv_text).collect::<Vec<_>>());
    super::csv::write(&LEAD_HEADERS, rows)
}

fn account_cells(a: &flow::AccountSummary, masked: bool) -> Vec<Cell> {
    let mut m = Masker::new();
    let (acct, name, id, self_named, relatives) = if masked {
        (
            m.account(&a.account),
            m.name(&a.name),
            m.id(&a.id_number),
            a.self_named.iter().map(|s| m.account(s)).collect::<Vec<_>>().join("、"),
            a.relatives.iter().map(|s| m.party(s)).collect::<Vec<_>>().join("、"),
        )
    } else {
        (a.account.clone(), a.name.clone(), a.id_number.clone(), a.self_named.join("、"), a.relatives.join("、"))
    };
    vec![
        Cell::Text(acct),
        Cell::Text(name),
        Cell::Text(id),
        Cell::Text(if a.is_subject { "是" } else { "否" }.into()),
        Cell::Fen(a.in_fen),
        Cell::Fen(a.out_fen),
        Cell::Int(i64::try_from(a.in_count).unwrap_or(i64::MAX)),
        Cell::Int(i64::try_from(a.out_count).unwrap_or(i64::MAX)),
        Cell::Text(a.first.clone()),
        Cell::Text(a.last.clone()),
        Cell::Int(i64::try_from(a.counterparties).unwrap_or(i64::MAX)),
        Cell::Text(format!("{:.1}%", a.top_share * 100.0)),
        Cell::Text(self_named),
        Cell::Text(relatives),
        Cell::Int(i64::try_from(a.leads).unwrap_or(i64::MAX)),
    ]
}

/// The whole report as a workbook.
pub fn to_xlsx(r: &FlowReport, masked: bool) -> Result<Vec<u8>> {
    let mut leads = Vec::with_capacity(r.leads.len());
    let mut evidence = Vec::new();
    for (i, l) in r.leads.iter().enumerate() {
        let m = masker(l, masked);
        leads.push(lead_cells(l, &m));
        for t in &l.transactions {
            evidence.push(vec![
                Cell::Int(i as i64 + 1),
                Cell::Text(l.rule.into()),
                Cell::Text(mt(&m, &t.file)),
                Cell::Text(mt(&m, t.sheet.as_deref().unwrap_or_default())),
                Cell::Int(i64::from(t.row)),
                Cell::Text(t.time.clone()),
                Cell::Text(mt(&m, &t.account)),
                Cell::Text(if matches!(t.dir, flow::Dir::In) { "收" } else { "付" }.into()),
                Cell::Fen(t.amount_fen),
                Cell::Text(mt(&m, &t.counterparty)),
                Cell::Text(mt(&m, &t.summary)),
            ]);
        }
    }
    let accounts = r.accounts.iter().map(|a| account_cells(a, masked)).collect();
    let files = r
        .files
        .iter()
        .map(|f| {
            let file = if masked { crate::mask::numbers_in(&f.file) } else { f.file.clone() };
            vec![
                Cell::Text(file),
                Cell::Text(f.sheet.clone().unwrap_or_default()),
                Cell::Text(f.kind.clone()),
                Cell::Text(f.preset.clone().unwrap_or_default()),
                Cell::Int(i64::try_from(f.rows).unwrap_or(i64::MAX)),
                Cell::Int(i64::try_from(f.used).unwrap_or(i64::MAX)),
                Cell::Int(i64::try_from(f.failed).unwrap_or(i64::MAX)),
                Cell::Int(i64::try_from(f.unparsed).unwrap_or(i64::MAX)),
            ]
        })
        .collect();
    Workbook::new()
        .sheet("线索", &LEAD_HEADERS, leads)
        .sheet("证据交易", &EVIDENCE_HEADERS, evidence)
        .sheet("账户汇总", &ACCOUNT_HEADERS, accounts)
        .sheet("文件", &["文件", "工作表", "类型", "格式", "行数", "采用", "失败交易", "无法解析"], files)
        .to_bytes()
}

/// Fund tracing (资金穿透) as CSV: one row per account the money can reach.
pub fn trace_csv(r: &flow::TraceResult, masked: bool) -> Vec<u8> {
    let rows = r.nodes.iter().map(|n| {
        let mut m = Masker::new();
        let path = n.paths.first().map(|p| p.accounts.join(" → ")).unwrap_or_default();
        let (acct, name, path) = if masked {
            if let Some(p) = n.paths.first() {
                p.accounts.iter().for_each(|a| {
                    m.account(a);
                });
            }
            (m.account(&n.account), m.name(&n.name), m.text(&path))
        } else {
            (n.account.clone(), n.name.clone(), path)
        };
        vec![
            acct,
            name,
            money::plain(n.reached_fen),
            n.hops.to_string(),
            money::plain(n.passed_on_fen),
            if n.own { "是".into() } else { "否".into() },
            n.first_arrival.clone(),
            path,
        ]
    });
    super::csv::write(&["账号", "户名", "可能到达金额（元）", "最少层数", "再转出（元）", "已调取流水", "首次到达", "主要路径"], rows)
}
