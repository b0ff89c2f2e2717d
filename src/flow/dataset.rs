//! The flow analysis's normalised transactions as a dataset of kind `txn`
//! (`src/kinds/txn.json`), so screening models can read bank statements the
//! way they read any other file: one row per statement row, with the
//! statement's own file name and row number (evidence points at the bank's
//! export, not at a derived table), the counterparty's relation to the
//! account owner and the case phase of the moment.

use super::txn::{Dir, FlowData};
use crate::ingest::table::{Source, Table};
use crate::ingest::{Dataset, Mapping};
use crate::normalize::amount::format_yuan;

/// Columns of the `txn` kind, in table order.
const FIELDS: &[&str] = &[
    "account", "name", "id_number", "time", "amount", "direction", "balance", "cp_account", "cp_name", "cp_id",
    "cp_bank", "summary", "channel", "cash", "relation", "cp_class", "phase", "source_file", "source_row",
];

/// One `txn` dataset per statement file (rows in time order).
pub fn txn_datasets(d: &FlowData) -> Vec<Dataset> {
    let labels: Vec<String> = FIELDS
        .iter()
        .map(|f| {
            crate::ingest::kinds::get("txn")
                .and_then(|k| k.field(f))
                .map_or_else(|| f.to_string(), |x| x.label.clone())
        })
        .collect();
    let mut tables: Vec<Option<Table>> = (0..d.files.len()).map(|_| None).collect();
    for t in &d.txns {
        let Some(slot) = tables.get_mut(t.file_idx as usize) else { continue };
        let table = slot.get_or_insert_with(|| {
            let info = d.files.get(t.file_idx as usize);
            let source = Source {
                file: info.map(|f| f.file.clone()).unwrap_or_default(),
                sheet: info.and_then(|f| f.sheet.clone()),
                format: "txn".into(),
                ..Source::default()
            };
            Table::new(source, 0, labels.clone())
        });
        let own = d.node(t.account);
        let account = d.account_label(t.account);
        let cp_account = if t.cp_account != 0 { d.s(t.cp_account).to_string() } else { String::new() };
        let relation = if t.cp == super::txn::NONE { None } else { d.relation(t.account, t.cp) };
        let phase = d.timeline_of(t.account).map(|tl| tl.phase(t.time()).label()).unwrap_or("");
        let time = if t.has_time { t.time().format("%Y-%m-%d %H:%M:%S") } else { t.time().format("%Y-%m-%d") }.to_string();
        let cells: Vec<String> = vec![
            account,
            d.s(own.map_or(0, |n| n.name)).to_string(),
            d.s(own.map_or(0, |n| n.id_number)).to_string(),
            time,
            format_yuan(t.amount_fen),
            match t.dir {
                Dir::In => "进".into(),
                Dir::Out => "出".into(),
            },
            t.balance_fen().map(format_yuan).unwrap_or_default(),
            cp_account,
            d.s(t.cp_name).to_string(),
            d.s(t.cp_id).to_string(),
            d.s(t.cp_bank).to_string(),
            d.s(t.summary).to_string(),
            d.s(t.channel).to_string(),
            if t.cash { "是".into() } else { String::new() },
            relation.map(|r| r.label().to_string()).unwrap_or_default(),
            d.class.get(t.cp as usize).map(|c| c.label().to_string()).unwrap_or_default(),
            phase.to_string(),
            d.files.get(t.file_idx as usize).map(|f| f.file.clone()).unwrap_or_default(),
            t.row.to_string(),
        ];
        table.push_row(t.row, cells.iter().map(String::as_str));
    }
    let columns = FIELDS.iter().enumerate().map(|(i, f)| (f.to_string(), i)).collect();
    tables
        .into_iter()
        .flatten()
        .map(|table| Dataset {
            table,
            mapping: Mapping { kind: "txn".into(), columns: std::collections::BTreeMap::clone(&columns), score: 1.0, ..Mapping::default() },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::FlowOptions;
    use crate::ingest::{self, IngestOptions};

    fn load(name: &str, text: &str) -> Vec<Dataset> {
        let loaded = ingest::read(name, text.as_bytes(), &IngestOptions::default()).map(|l| l.tables).unwrap_or_default();
        loaded.into_iter().map(Dataset::new).collect()
    }

    #[test]
    fn statement_rows_become_txn_rows_with_provenance_phase_and_relation() {
        let mut ds = load(
            "流水.csv",
            "交易卡号,交易户名,开户人证件号码,交易时间,交易金额,交易余额,收付标志,交易对手账卡号,对手户名,对手身份证号,摘要说明,交易是否成功\n\
             6222020000001111,蒋文涛,330203197803151135,2023-02-10 09:00:00,100000.00,20000.00,出,6222020000009999,蒋文斌,,转账,成功\n\
             6222020000001111,蒋文涛,330203197803151135,2023-03-15 10:12:00,30000.00,120000.00,出,6222020000009999,李某,,转账,成功\n\
             6222020000001111,蒋文涛,330203197803151135,2023-03-16 10:12:00,20000.00,100000.00,出,6222020000008888,王某,,转账,失败\n",
        );
        ds.extend(load(
            "案件.csv",
            "案号,被执行人,证件号码,应诉通知日期,立案日期,结案日期,结案方式\n（2023）浙0203执1号,蒋文涛,330203197803151135,2023-03-01,2023-09-01,2024-03-01,终本\n",
        ));
        let d = crate::flow::build(&ds, &FlowOptions::default(), &mut |_, _, _| {}).unwrap_or_default();
        let out = txn_datasets(&d);
        assert_eq!(out.len(), 1, "one dataset per statement file");
        let t = &out[0];
        assert_eq!(t.kind(), "txn");
        assert_eq!(t.table.source.file, "流水.csv");
        assert_eq!(t.len(), 2, "the failed transfer is dropped");
        assert_eq!(t.table.line(0), 2, "row as the user sees it in the export");
        assert_eq!(t.get(0, "amount"), "100000.00");
        assert_eq!(t.get(0, "direction"), "出");
        assert_eq!(t.get(0, "relation"), "同姓（疑似亲属）");
        assert_eq!(t.get(0, "phase"), "起诉前");
        assert_eq!(t.get(1, "phase"), "诉讼中（起诉/应诉后）");
        assert_eq!(t.get(1, "cp_name"), "李某");
    }
}
