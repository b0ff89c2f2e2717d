//! Statements streamed from a source (the page's path, `flow::stream`) give
//! the flow report of the same files read whole: leads with their evidence
//! rows, accounts, files, unparsed rows, counts. Over tests/data/flow, the
//! demo, and a generated statement written in UTF-8, UTF-8 with BOM and
//! CRLF, GBK and UTF-16LE, with quoted multi-line cells, broken rows, a
//! failed row, blank lines, a title and a footer; read in chunks of one
//! row, a few hundred bytes and the default size, through a source that
//! hands out 7 bytes per read.

use xiansuo::flow::{self, FlowOptions};
use xiansuo::ingest::source::Chunked;
use xiansuo::ingest::IngestOptions;
use xiansuo::Workspace;

/// The report as the CLI writes it, every lead with its evidence rows.
fn report_json(d: &flow::FlowData) -> String {
    let r = flow::report(d, &FlowOptions::default(), &mut |_, _, _| {});
    serde_json::to_string_pretty(&r).unwrap_or_default()
}

fn whole(files: &[(String, Vec<u8>)]) -> (Workspace, String) {
    let mut ws = Workspace::new();
    for (name, bytes) in files {
        ws.add_file(name, bytes, &IngestOptions::default());
    }
    let opts = FlowOptions { owners: ws.owner_hints().to_vec(), ..FlowOptions::default() };
    let d = flow::build(ws.datasets(), &opts, &mut |_, _, _| {}).expect("whole build");
    let json = report_json(&d);
    (ws, json)
}

fn streamed(files: &[(String, Vec<u8>)], chunk: usize) -> Workspace {
    let mut ws = Workspace::new();
    ws.set_chunk_bytes(chunk);
    for (name, bytes) in files {
        // A source that never gives more than 7 bytes per read, like a slow FileReaderSync.
        let src = Chunked { bytes: Box::leak(bytes.clone().into_boxed_slice()), chunk: 7 };
        ws.add_source_kept(name, Box::new(src), &IngestOptions::default());
    }
    ws
}

fn streamed_json(ws: &Workspace) -> String {
    let opts = FlowOptions { owners: ws.owner_hints().to_vec(), ..FlowOptions::default() };
    let d = ws.flow_build(&opts, &mut |_, _, _| {}).expect("streamed build");
    report_json(&d)
}

/// Same report, same row counts, headers and skipped rows per dataset; a
/// second analysis (read again from the source) agrees too.
fn check(label: &str, files: &[(String, Vec<u8>)]) {
    let (ws_whole, expected) = whole(files);
    assert!(expected.contains("\"leads\""), "{label}: no report");
    for chunk in [1usize, 300, 0] {
        let ws = streamed(files, chunk);
        assert_eq!(ws.datasets().len(), ws_whole.datasets().len(), "{label}: datasets (chunk {chunk})");
        for (i, (a, b)) in ws.datasets().iter().zip(ws_whole.datasets()).enumerate() {
            assert_eq!(ws.rows(i), b.len(), "{label}: rows of dataset {i} (chunk {chunk})");
            assert_eq!(a.table.headers, b.table.headers, "{label}: headers (chunk {chunk})");
            assert_eq!(a.table.skipped, b.table.skipped, "{label}: skipped rows (chunk {chunk})");
            assert_eq!(a.table.source, b.table.source, "{label}: source (chunk {chunk})");
            assert_eq!(a.mapping, b.mapping, "{label}: mapping (chunk {chunk})");
            // A streamed statement keeps its first rows only.
            assert!(a.len() == b.len() || (a.len() == flow::stream::SAMPLE_ROWS && b.len() > a.len()), "{label}: {} rows kept of {}", a.len(), b.len());
            for r in 0..a.len() {
                assert!(a.table.row(r).eq(b.table.row(r)) && a.table.line(r) == b.table.line(r), "{label}: sample row {r}");
            }
        }
        let first = streamed_json(&ws);
        assert_eq!(first, expected, "{label}: streamed report (chunk {chunk})");
        // The part was taken by the first analysis: this one reads the sources again.
        let again = streamed_json(&ws);
        assert_eq!(again, expected, "{label}: report read again from the source (chunk {chunk})");
    }
}

fn fixture_files() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir("tests/data/flow")
        .expect("tests/data/flow")
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).unwrap_or_default()))
        .collect();
    out.sort();
    out
}

#[test]
fn fixtures_one_by_one_and_together() {
    let files = fixture_files();
    assert!(files.len() >= 4, "fixtures missing");
    for f in &files {
        check(&f.0, std::slice::from_ref(f));
    }
    check("all fixtures", &files);
}

#[test]
fn the_demo() {
    let files: Vec<(String, Vec<u8>)> = xiansuo::demo::files().into_iter().map(|f| (f.name, f.bytes)).collect();
    check("demo", &files);
}

/// A tiny deterministic generator (xorshift), so the rows vary without a seed file.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Two accounts' police-format statements (transfers between them appear in
/// both), with the awkward rows banks' exports have.
fn generated(rows: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed | 1);
    let own = [("6222020000001111", "蒋文涛", "330203197803151135"), ("6222020000002222", "蒋文斌", "330203198001011234")];
    let cps = [("6217000000009999", "李某"), ("", "王某"), ("6228****1234", "赵某"), ("33001616100052500000", "宁波某某有限公司"), ("6222020000002222", "蒋文斌"), ("6222020000001111", "蒋文涛")];
    let mut files = Vec::new();
    for (k, (acct, name, id)) in own.iter().enumerate() {
        let mut s = String::from("交易明细查询结果\n\n交易卡号,交易户名,证件号码,交易时间,交易金额,交易余额,收付标志,交易对手账卡号,对手户名,摘要说明,交易是否成功\n");
        for i in 0..rows {
            let day = 1 + (i * 7 / rows.max(1)) as u32;
            let (cpa, cpn) = cps[rng.next(cps.len() as u64) as usize];
            let dir = if rng.next(2) == 0 { "出" } else { "进" };
            let amount = format!("{}.{:02}", 100 + rng.next(90_000), rng.next(100));
            let summary = match rng.next(9) {
                0 => "\"转账\n备注：房租，三月\"".to_string(),
                1 => "ATM取款".to_string(),
                2 => "\"网银转账,跨行\"".to_string(),
                _ => "转账".to_string(),
            };
            let ok = if rng.next(40) == 0 { "失败" } else { "成功" };
            let amount = match rng.next(60) {
                0 => "壹佰元".to_string(),
                1 => String::new(),
                _ => amount,
            };
            let dir = if rng.next(70) == 0 { "转" } else { dir };
            s.push_str(&format!("{acct},{name},{id},2024-0{}-{:02} {:02}:{:02}:00,{amount},{}.00,{dir},{cpa},{cpn},{summary},{ok}\n", 1 + k, day, rng.next(24), rng.next(60), 1000 + i));
            if rng.next(50) == 0 {
                s.push('\n');
            }
            if rng.next(80) == 0 {
                // A broken row: too few cells.
                s.push_str(&format!("{acct},{name}\n"));
            }
        }
        s.push_str("合计,,,,,,,,,,\n打印日期：2024-05-01\n");
        files.push((format!("流水_{acct}.csv"), s));
    }
    files
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

#[test]
fn generated_statements_in_every_encoding() {
    for (seed, rows) in [(7u64, 260usize), (99, 40)] {
        let text = generated(rows, seed);
        let variants: Vec<(&str, Vec<(String, Vec<u8>)>)> = vec![
            ("utf-8", text.iter().map(|(n, t)| (n.clone(), t.as_bytes().to_vec())).collect()),
            ("utf-8 bom crlf", text.iter().map(|(n, t)| (n.clone(), [b"\xEF\xBB\xBF".as_slice(), t.replace('\n', "\r\n").as_bytes()].concat())).collect()),
            ("gbk", text.iter().map(|(n, t)| (n.clone(), encoding_rs::GBK.encode(t).0.into_owned())).collect()),
            ("utf-16le", text.iter().map(|(n, t)| (n.clone(), utf16le(&t.replace('\n', "\r\n")))).collect()),
        ];
        for (label, files) in variants {
            check(&format!("generated {rows} rows, {label}"), &files);
        }
    }
}

/// An owner typed after loading (a personal export names nobody): the part
/// read at load no longer fits, the statement is read again with the owner.
#[test]
fn an_owner_typed_later_reads_the_source_again() {
    let files: Vec<(String, Vec<u8>)> = fixture_files().into_iter().filter(|(n, _)| n == "alipay.csv" || n == "TenpayTrades.txt").collect();
    assert_eq!(files.len(), 2);
    let (ws_whole, without) = whole(&files);
    let typed = xiansuo::flow::OwnerHint { file: String::new(), account: "6222020000007777".into(), name: "钱某".into(), id_number: "330203197803151135".into() };
    let opts = FlowOptions { owners: [vec![typed], ws_whole.owner_hints().to_vec()].concat(), ..FlowOptions::default() };
    let expected = report_json(&flow::build(ws_whole.datasets(), &opts, &mut |_, _, _| {}).expect("whole"));
    assert_ne!(expected, without, "the typed owner changes the report");
    for chunk in [1usize, 0] {
        let ws = streamed(&files, chunk);
        let got = report_json(&ws.flow_build(&opts, &mut |_, _, _| {}).expect("streamed"));
        assert_eq!(got, expected, "chunk {chunk}");
    }
}

/// A statement re-mapped by the user to another kind is read whole again:
/// screening rules read its rows themselves, so the sample must not stand
/// in for the file (no rows lost), in every encoding.
#[test]
fn a_streamed_statement_remapped_to_another_kind_holds_every_row() {
    let text = generated(260, 7);
    for (label, enc) in [("utf-8", 0u8), ("gbk", 1), ("utf-16le", 2)] {
        let files: Vec<(String, Vec<u8>)> = text
            .iter()
            .map(|(n, t)| {
                let bytes = match enc {
                    0 => t.as_bytes().to_vec(),
                    1 => encoding_rs::GBK.encode(t).0.into_owned(),
                    _ => utf16le(&t.replace('\n', "\r\n")),
                };
                (n.clone(), bytes)
            })
            .collect();
        let (ws_whole, _) = whole(&files);
        let mut ws = streamed(&files, 300);
        let sampled: Vec<usize> = (0..ws.datasets().len()).filter(|&i| ws.datasets()[i].len() < ws.rows(i)).collect();
        assert!(!sampled.is_empty(), "{label}: some statement is streamed");
        for &i in &sampled {
            let kind = "funds";
            ws.set_mapping(i, kind, &Default::default()).expect("re-mapped");
            let (a, b) = (&ws.datasets()[i], &ws_whole.datasets()[i]);
            assert_eq!(a.kind(), kind);
            assert_eq!(a.len(), b.len(), "{label}: every row after re-mapping");
            assert_eq!(ws.rows(i), b.len());
            for r in 0..a.len() {
                assert!(a.table.row(r).eq(b.table.row(r)) && a.table.line(r) == b.table.line(r), "{label}: row {r}");
            }
            assert_eq!(a.table.skipped, b.table.skipped, "{label}: skipped rows");
        }
    }
}
