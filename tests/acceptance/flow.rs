//! Bank statements in seven formats with planted patterns and honest noise.

use super::*;
use serde_json::Value;
use std::sync::OnceLock;

pub(crate) static E_TOTALS: OnceLock<(i64, i64)> = OnceLock::new();

pub(crate) fn flow() -> &'static (Run, Value) {
    static R: OnceLock<(Run, Value)> = OnceLock::new();
    R.get_or_init(|| {
        let d = dir();
        let _ = d;
        let mut args: Vec<String> = vec![
            "flow".into(),
            "--cases".into(),
            path(F_FLOW_CASES),
            "--as-of".into(),
            "2025-06-30".into(),
            "--format".into(),
            "json".into(),
        ];
        args.push("--owner".into());
        args.push(format!("{F_ALIPAY}:chenxm@example.com:陈小明:{CHEN}"));
        for f in [
            F_POLICE, F_ICBC, F_CMB, F_ABC, F_BOCOM, F_CCB, F_WECHAT, F_ALIPAY,
        ] {
            args.push(path(f));
        }
        let r = run(&args);
        let v = json(&r);
        (r, v)
    })
}

pub(crate) fn has_txn(lead: &Value, file: &str, row: u64) -> bool {
    lead["transactions"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|t| s(t, "file").ends_with(file) && t["row"].as_u64() == Some(row))
}

pub(crate) fn flow_leads<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    leads(v, rule)
}

pub(crate) fn describe_flow(v: &Value) -> String {
    v["leads"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|l| {
                    let t: Vec<String> = l["transactions"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|t| format!("{}:{}", s(t, "file"), t["row"]))
                        .collect();
                    format!(
                        "{} {} {} {} [{}]",
                        s(l, "rule"),
                        s(l, "focus_account"),
                        s(l, "subject_name"),
                        l["amount_fen"],
                        t.join(" ")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

pub(crate) fn account<'a>(v: &'a Value, acc: &str) -> &'a Value {
    v["accounts"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| s(a, "account") == acc)
        .unwrap_or_else(|| panic!("account {acc} missing: {}", v["accounts"]))
}

#[test]
pub(crate) fn flow_json_has_the_documented_keys_and_reads_every_file() {
    let (r, v) = flow();
    assert_eq!(r.code, 0, "{}", r.stderr);
    has_keys(v, &["leads", "accounts", "files"], "flow");
    for l in v["leads"].as_array().expect("leads") {
        has_keys(
            l,
            &[
                "rule",
                "score",
                "focus_account",
                "accounts",
                "subject_id",
                "subject_name",
                "amount_fen",
                "from",
                "to",
                "phase",
                "transactions",
            ],
            "flow lead",
        );
        for t in l["transactions"].as_array().expect("transactions") {
            has_keys(t, &["file", "row"], "transaction");
        }
    }
    let scores: Vec<f64> = v["leads"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["score"].as_f64())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "leads sorted by score: {scores:?}"
    );
    for a in v["accounts"].as_array().expect("accounts") {
        has_keys(
            a,
            &[
                "account",
                "name",
                "in_fen",
                "out_fen",
                "in_count",
                "out_count",
            ],
            "account",
        );
    }
    let files = v["files"].as_array().expect("files");
    for f in [
        F_POLICE, F_ICBC, F_CMB, F_ABC, F_BOCOM, F_CCB, F_WECHAT, F_ALIPAY,
    ] {
        let e = files
            .iter()
            .find(|x| s(x, "file").ends_with(f))
            .unwrap_or_else(|| panic!("{f} missing from files: {files:?}"));
        assert!(e["rows"].as_u64().unwrap_or(0) > 0, "{f}: {e}");
    }
}

#[test]
pub(crate) fn flow_fast_in_out_on_the_debtor_account() {
    let (_, v) = flow();
    let p = POLICE_ROWS.get().expect("rows");
    let l = flow_leads(v, "flow.fast_in_out")
        .into_iter()
        .find(|l| has_txn(l, F_POLICE, p.fast_in) && has_txn(l, F_POLICE, p.fast_out));
    let l = l.unwrap_or_else(|| {
        panic!(
            "no fast_in_out lead on rows {}/{}:\n{}",
            p.fast_in,
            p.fast_out,
            describe_flow(v)
        )
    });
    assert_eq!(s(l, "focus_account"), ACC_A);
    assert_eq!(
        s(l, "subject_id"),
        CHEN,
        "subject linked from the cases file by ID"
    );
    let amt = l["amount_fen"].as_i64().unwrap_or(0);
    assert!((19_800_000..=20_000_000).contains(&amt), "amount {amt}");
}

#[test]
pub(crate) fn flow_large_outflow_after_filing_is_tagged_with_its_phase() {
    let (_, v) = flow();
    let p = POLICE_ROWS.get().expect("rows");
    let l = flow_leads(v, "flow.large_out_after_node")
        .into_iter()
        .find(|l| has_txn(l, F_POLICE, p.large_out));
    let l = l.unwrap_or_else(|| {
        panic!(
            "no large_out_after_node on row {}:\n{}",
            p.large_out,
            describe_flow(v)
        )
    });
    assert!(l["amount_fen"].as_i64().unwrap_or(0) >= 15_000_000);
    assert!(
        s(l, "phase").contains("立案"),
        "after 执行立案 2024-03-01, before 终本 2024-09-01: {l}"
    );
    // 60,000 paid on 2024-02-15, before the case was filed, is not "after a node".
    assert!(
        !flow_leads(v, "flow.large_out_after_node")
            .iter()
            .any(|l| has_txn(l, F_POLICE, p.before_filing)),
        "row {} precedes 执行立案:\n{}",
        p.before_filing,
        describe_flow(v)
    );
}

#[test]
pub(crate) fn flow_structuring_night_and_asset_keywords() {
    let (_, v) = flow();
    let p = POLICE_ROWS.get().expect("rows");
    assert!(
        flow_leads(v, "flow.structuring")
            .iter()
            .any(|l| p.structuring.iter().all(|r| has_txn(l, F_POLICE, *r))),
        "three cash withdrawals just under 5万 (rows {:?}):\n{}",
        p.structuring,
        describe_flow(v)
    );
    let night = flow_leads(v, "flow.night");
    // Three ≥5,000 transfers at 02:30, 23:40 and 01:15 (the rule wants a habit, not one event).
    assert!(
        night
            .iter()
            .any(|l| p.night.iter().all(|r| has_txn(l, F_POLICE, *r))),
        "night transfers (rows {:?}):\n{}",
        p.night,
        describe_flow(v)
    );
    assert!(
        !night.iter().any(|l| has_txn(l, F_POLICE, p.evening)),
        "21:50 is not night"
    );
    let kw = flow_leads(v, "flow.asset_keyword");
    assert!(
        kw.iter().any(|l| has_txn(l, F_POLICE, p.insurance)),
        "保费 to 中国人寿 (row {}):\n{}",
        p.insurance,
        describe_flow(v)
    );
    assert!(
        kw.iter().any(|l| has_txn(l, F_ALIPAY, 6)),
        "4S店购车定金 in the Alipay export (row 6):\n{}",
        describe_flow(v)
    );
    // A 12306 ticket bought by a debtor under a consumption ban (WeChat row 2, 553.00 yuan).
    assert!(
        kw.iter()
            .any(|l| has_txn(l, F_WECHAT, 2) && l.to_string().contains("consumption")),
        "12306 in the WeChat export:\n{}",
        describe_flow(v)
    );
    assert!(
        !v["leads"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|l| has_txn(l, F_ALIPAY, 7)),
        "the closed (failed) Alipay trade must be excluded"
    );
    // Only the closed trade is set aside; the "-----" line and the footer are not "unparsed" data.
    let ali = v["files"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| s(f, "file").ends_with(F_ALIPAY))
        .expect("alipay file");
    assert_eq!(
        (
            ali["rows"].as_u64(),
            ali["failed"].as_u64(),
            ali["unparsed"].as_u64()
        ),
        (Some(3), Some(1), Some(0)),
        "{ali}"
    );
}

#[test]
pub(crate) fn flow_loop_across_three_banks() {
    let (_, v) = flow();
    let l = flow_leads(v, "flow.loop").into_iter().find(|l| {
        let acc: Vec<String> = l["accounts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str().map(str::to_string))
            .collect();
        [ACC_A, ACC_B, ACC_C]
            .iter()
            .all(|a| acc.iter().any(|x| x == a))
    });
    assert!(
        l.is_some(),
        "陈小明 → 林某 (ICBC) → 周某 (CMB) → 陈小明 within 3 days:\n{}",
        describe_flow(v)
    );
}

#[test]
pub(crate) fn flow_amounts_directions_and_dedup_across_formats() {
    let (_, v) = flow();
    // 林某 received 150,000 + 100,000 from 陈小明; both statements show them: count once.
    let b = account(v, ACC_B);
    assert_eq!(b["in_fen"].as_i64(), Some(25_000_000), "{b}");
    assert_eq!(b["in_count"].as_i64(), Some(2), "{b}");
    assert_eq!(b["out_fen"].as_i64(), Some(10_200_000), "{b}");
    // ABC compact date/time and signed amounts.
    let d = account(v, ACC_D);
    assert_eq!(d["in_fen"].as_i64(), Some(19_800_000), "{d}");
    assert_eq!(d["out_fen"].as_i64(), Some(170_000), "{d}");
    assert_eq!(
        s(d, "name"),
        "陈小红",
        "owner name from the preamble line 账号：… 户名：…"
    );
    let f = account(v, ACC_F);
    assert_eq!(
        (f["in_fen"].as_i64(), f["out_fen"].as_i64()),
        (Some(950_000), Some(120_000)),
        "{f}"
    );
    assert_eq!(s(f, "name"), "褚某", "owner from the HTML title cell");
    // BOCOM 借 Dr / 贷 Cr.
    let (e_in, e_out) = *E_TOTALS.get().expect("totals");
    let e = account(v, ACC_E);
    assert_eq!(
        (e["in_fen"].as_i64(), e["out_fen"].as_i64()),
        (Some(e_in), Some(e_out)),
        "{e}"
    );
    // CMB name+account cell: the counterparty of 周某's inflow is 林某's account.
    let c = account(v, ACC_C);
    assert_eq!(c["in_fen"].as_i64(), Some(9_900_000), "{c}");
    // WeChat amounts are already in 分.
    let w = account(v, "wxid_chenxm01");
    assert_eq!(w["out_fen"].as_i64(), Some(55_300 + 2_350), "{w}");
    assert_eq!(w["in_fen"].as_i64(), Some(20_000), "{w}");
}

#[test]
pub(crate) fn flow_honest_account_and_noise_stay_silent() {
    let (_, v) = flow();
    for l in v["leads"].as_array().into_iter().flatten() {
        let rule = s(l, "rule");
        if [
            "flow.fast_in_out",
            "flow.loop",
            "flow.structuring",
            "flow.night",
            "flow.cash",
            "flow.pass_through",
            "flow.large_out_after_node",
        ]
        .contains(&rule.as_str())
        {
            assert_ne!(
                s(l, "focus_account"),
                ACC_E,
                "honest BOCOM account flagged: {l}"
            );
        }
    }
}

/// The police query format as a workbook: 交易明细 with real Excel date-time cells and
/// 借/贷 directions, next to 人员信息 and 账户信息 sheets; a failed transfer that would make a
/// fast in/out pair if it were counted; the subject given by ID on the command line.
#[test]
pub(crate) fn police_workbook_with_companion_sheets() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    const ACC: &str = "6228481234567890123";
    const ID: &str = "330203198210100281";
    let mut wb = Workbook::new();
    let dt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    {
        let ws = wb.add_worksheet();
        let _ = ws.set_name("人员信息");
        for (c, h) in ["姓名", "证件类型", "证件号码", "联系电话"]
            .iter()
            .enumerate()
        {
            let _ = ws.write_string(0, c as u16, *h);
        }
        for (c, v) in ["蒋某", "身份证", ID, "13800000000"].iter().enumerate() {
            let _ = ws.write_string(1, c as u16, *v);
        }
    }
    {
        let ws = wb.add_worksheet();
        let _ = ws.set_name("交易明细");
        let head = [
            "交易卡号",
            "交易账号",
            "交易户名",
            "开户人证件号码",
            "交易时间",
            "交易金额",
            "交易余额",
            "收付标志",
            "交易对手账卡号",
            "对手户名",
            "摘要说明",
            "交易是否成功",
            "交易流水号",
        ];
        for (c, h) in head.iter().enumerate() {
            let _ = ws.write_string(0, c as u16, *h);
        }
        // (y, m, d, h, min, 贷/借, yuan, cp account, cp name, ok)
        type Tx<'a> = (
            u16,
            u8,
            u8,
            u16,
            u8,
            &'a str,
            f64,
            &'a str,
            &'a str,
            &'a str,
        );
        let rows: [Tx; 5] = [
            (
                2024,
                3,
                1,
                9,
                0,
                "贷",
                120_000.0,
                "33050100000000003333",
                "宁波某某公司",
                "成功",
            ),
            (
                2024,
                3,
                1,
                9,
                20,
                "借",
                119_000.0,
                "6.22848E+18",
                "蒋某某",
                "成功",
            ),
            (
                2024,
                5,
                1,
                9,
                0,
                "贷",
                90_000.0,
                "33050100000000003333",
                "宁波某某公司",
                "成功",
            ),
            (
                2024,
                5,
                1,
                9,
                10,
                "借",
                89_000.0,
                "6228480000000000001",
                "某某",
                "失败",
            ),
            (
                2024,
                5,
                2,
                15,
                0,
                "借",
                500.0,
                "6.22848E+18",
                "孔某",
                "成功",
            ),
        ];
        let mut bal = 1_000.0;
        for (i, (y, m, d, h, mi, dir, amt, cpa, cpn, ok)) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            if *ok == "成功" {
                bal += if *dir == "贷" { *amt } else { -*amt };
            }
            let _ = ws.write_string(r, 0, ACC);
            let _ = ws.write_string(r, 1, ACC);
            let _ = ws.write_string(r, 2, "蒋某");
            let _ = ws.write_string(r, 3, ID);
            if let Ok(t) = ExcelDateTime::from_ymd(*y, *m, *d).and_then(|t| t.and_hms(*h, *mi, 0)) {
                let _ = ws.write_datetime_with_format(r, 4, &t, &dt);
            }
            let _ = ws.write_number(r, 5, *amt);
            let _ = ws.write_number(r, 6, bal);
            let _ = ws.write_string(r, 7, *dir);
            let _ = ws.write_string(r, 8, *cpa);
            let _ = ws.write_string(r, 9, *cpn);
            let _ = ws.write_string(r, 10, "转账");
            let _ = ws.write_string(r, 11, *ok);
            let _ = ws.write_string(r, 12, format!("S{i:04}"));
        }
    }
    let file = "资金查控反馈_蒋某.xlsx";
    wb.save(dir().join(file)).expect("save");
    let r = run(&[
        "flow".into(),
        "--subject".into(),
        ID.into(),
        "--format".into(),
        "json".into(),
        path(file),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    let fio = flow_leads(&v, "flow.fast_in_out");
    let hit = fio
        .iter()
        .find(|l| has_txn(l, file, 2) && has_txn(l, file, 3))
        .unwrap_or_else(|| panic!("fast in/out on sheet rows 2-3:\n{}", describe_flow(&v)));
    assert_eq!(s(hit, "subject_id"), ID);
    assert_eq!(s(hit, "focus_account"), ACC);
    assert!(
        s(hit, "from").starts_with("2024-03-01 09:00"),
        "Excel date-time cell read as 2024-03-01 09:00: {hit}"
    );
    assert!(
        !v["leads"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|l| has_txn(l, file, 5)),
        "the failed transfer (row 5) is excluded:\n{}",
        describe_flow(&v)
    );
    let a = account(&v, ACC);
    assert_eq!(a["in_fen"].as_i64(), Some(21_000_000), "{a}");
    assert_eq!(
        a["out_fen"].as_i64(),
        Some(11_950_000),
        "failed transfer not counted: {a}"
    );
    assert_eq!(s(a, "name"), "蒋某");
    // The Excel-damaged counterparty number is shared by many accounts: it must not be a
    // bare node key, or every `6.22848E+18` would merge into one account.
    let damaged: Vec<String> = a["top"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| s(c, "account").contains("E+"))
        .map(|c| s(c, "name"))
        .collect();
    assert_eq!(
        damaged.len(),
        2,
        "蒋某某 and 孔某 behind the same damaged number stay two counterparties: {a}"
    );
}
