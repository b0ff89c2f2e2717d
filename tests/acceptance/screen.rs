//! Screening on the first court's exports: deposits, vehicles, real estate, procedure, bad files.

use super::*;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

pub(crate) fn write_bad_inputs(d: &Path) {
    let _ = std::fs::write(
        d.join("扫描件.xlsx"),
        b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    );
    let _ = std::fs::write(d.join("空文件.csv"), b"");
    let bin: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let _ = std::fs::write(d.join("乱码.csv"), bin);
}

pub(crate) fn screen() -> &'static (Run, Value) {
    static R: OnceLock<(Run, Value)> = OnceLock::new();
    R.get_or_init(|| {
        let mut args: Vec<String> = ["screen", "--as-of", "2025-06-30", "--format", "json"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for f in [CASES_CSV, CASES_XLSX, DEPOSITS, VEHICLES, REALESTATE] {
            args.push(path(f));
        }
        let r = run(&args);
        let v = json(&r);
        (r, v)
    })
}

pub(crate) fn leads<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["leads"]
        .as_array()
        .map(|a| a.iter().filter(|l| s(l, "rule") == rule).collect())
        .unwrap_or_default()
}

pub(crate) fn lead_for<'a>(v: &'a Value, rule: &str, subject: &str) -> Option<&'a Value> {
    leads(v, rule)
        .into_iter()
        .find(|l| s(l, "subject_name") == subject)
}

pub(crate) fn evidence_row(lead: &Value, file: &str) -> Vec<u64> {
    lead["evidence"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|e| s(e, "file").ends_with(file))
                .filter_map(|e| e["row"].as_u64())
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn describe(v: &Value) -> String {
    v["leads"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|l| {
                    format!(
                        "{} {} {} {} {}",
                        s(l, "rule"),
                        s(l, "case_no"),
                        s(l, "subject_name"),
                        s(l, "match"),
                        l["amount_fen"]
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

#[test]
pub(crate) fn fixture_ids_are_valid() {
    for id in [WANG, LI, ZHANG, SUN, ZHOU, QIAN, ZHAO, WU, LIU, CHEN] {
        assert!(valid_id(id), "{id}");
    }
}

#[test]
pub(crate) fn screen_json_has_the_documented_keys() {
    let (r, v) = screen();
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    has_keys(v, &["as_of", "leads", "not_evaluated", "files"], "screen");
    assert_eq!(s(v, "as_of"), "2025-06-30");
    let all = v["leads"].as_array().expect("leads array");
    assert!(!all.is_empty());
    for l in all {
        has_keys(
            l,
            &[
                "model",
                "rule",
                "case_no",
                "subject_name",
                "subject_id",
                "match",
                "amount_fen",
                "basis",
                "evidence",
            ],
            "lead",
        );
        // Collision leads say how the debtor was matched; procedure leads concern the case itself.
        if s(l, "model") != "procedure" {
            assert!(
                ["id", "name+birth", "name"].contains(&s(l, "match").as_str()),
                "{l}"
            );
        }
        assert!(
            s(l, "rule").starts_with(&format!("{}.", s(l, "model"))),
            "{l}"
        );
        assert!(!s(l, "basis").is_empty(), "{l}");
        for e in l["evidence"].as_array().expect("evidence") {
            has_keys(e, &["file", "sheet", "row", "fields"], "evidence");
        }
    }
    for n in v["not_evaluated"].as_array().expect("not_evaluated") {
        has_keys(n, &["rule", "reason"], "not_evaluated");
    }
    assert_eq!(
        v["files"].as_array().map(Vec::len),
        Some(5),
        "one entry per input file/sheet"
    );
    for f in v["files"].as_array().into_iter().flatten() {
        has_keys(
            f,
            &[
                "file",
                "sheet",
                "kind",
                "encoding",
                "header_row",
                "rows",
                "columns",
                "issues",
            ],
            "screen file",
        );
    }
}

#[test]
pub(crate) fn deposit_lead_joins_15_digit_id_and_nets_the_victim_refund() {
    let (_, v) = screen();
    let l = lead_for(v, "deposit.unreturned", "李秀英")
        .unwrap_or_else(|| panic!("no deposit lead for 李秀英:\n{}", describe(v)));
    assert!(case_eq(&s(l, "case_no"), "（2019）浙0203执555号"));
    assert_eq!(s(l, "match"), "id");
    assert_eq!(s(l, "subject_id"), LI, "15-digit ID upgraded to 18");
    // 10,000 deposit − 4,000 owed to the victim = 6,000 available, below the 50,000 unpaid.
    assert_eq!(l["amount_fen"].as_i64(), Some(600_000));
    assert_eq!(
        evidence_row(l, CASES_CSV),
        vec![ROW_LI],
        "Excel row of the case in the GBK list"
    );
    assert_eq!(
        evidence_row(l, DEPOSITS),
        vec![2],
        "Excel row of the deposit"
    );
}

#[test]
pub(crate) fn deposit_with_blank_outcome_paid_by_another_person_is_a_lead() {
    let (_, v) = screen();
    let l = lead_for(v, "deposit.unreturned", "孙强").unwrap_or_else(|| {
        panic!(
            "no deposit lead for 孙强 (multi-debtor cell, 处理结果 --):\n{}",
            describe(v)
        )
    });
    assert!(case_eq(&s(l, "case_no"), "（2022）浙0205执900号"));
    assert_eq!(l["amount_fen"].as_i64(), Some(300_000));
    assert_eq!(evidence_row(l, CASES_CSV), vec![ROW_SUN_ZHOU]);
    // Paid by 孙某某, not the debtor: the lead says ownership must be checked.
    assert!(
        l["flags"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| f.as_str() == Some("payer_is_other")),
        "{l}"
    );
    let li = lead_for(v, "deposit.unreturned", "李秀英").expect("李秀英");
    assert!(
        li["flags"].as_array().is_none_or(|f| f.is_empty()),
        "paid by the debtor herself: {li}"
    );
}

#[test]
pub(crate) fn refunded_confiscated_transferred_or_fully_owed_deposits_stay_silent() {
    let (_, v) = screen();
    for who in ["王建国", "张伟", "钱多多", "周丽"] {
        assert!(
            lead_for(v, "deposit.unreturned", who).is_none(),
            "{who} must not have a deposit lead:\n{}",
            describe(v)
        );
    }
}

#[test]
pub(crate) fn vehicle_leads_use_pinyin_columns_and_odd_ids() {
    let (_, v) = screen();
    let z = lead_for(v, "vehicle.unseized", "张伟")
        .unwrap_or_else(|| panic!("no vehicle lead for 张伟 (full-width ID):\n{}", describe(v)));
    assert_eq!(s(z, "match"), "id");
    assert_eq!(s(z, "subject_id"), ZHANG);
    assert!(case_eq(&s(z, "case_no"), "（2021）浙0204执77号"));
    assert_eq!(evidence_row(z, CASES_CSV), vec![ROW_ZHANG]);
    assert_eq!(
        evidence_row(z, VEHICLES),
        vec![3],
        "HTML row 3 (title row 1, header row 2)"
    );
    // The full plate is built from FZJG + HPHM somewhere in the evidence.
    assert!(
        z.to_string().contains("浙B12345"),
        "full plate not shown: {z}"
    );
    let hphm = z["evidence"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|e| e["fields"].get("HPHM"))
        .cloned();
    assert_eq!(
        hphm.as_ref().map(|h| s(h, "normalized")).as_deref(),
        Some("浙B12345"),
        "{hphm:?}"
    );

    let k = lead_for(v, "vehicle.seized_in_use", "孙强")
        .unwrap_or_else(|| panic!("no seized_in_use for 孙强 (ZT GK):\n{}", describe(v)));
    assert_eq!(s(k, "subject_id"), SUN);
    assert!(
        lead_for(v, "vehicle.unseized", "孙强").is_none(),
        "a seized car (K) is not unseized"
    );
}

#[test]
pub(crate) fn damaged_case_id_falls_back_to_a_weak_name_match() {
    let (_, v) = screen();
    let q = lead_for(v, "vehicle.unseized", "钱多多")
        .unwrap_or_else(|| panic!("no vehicle lead for 钱多多:\n{}", describe(v)));
    assert_eq!(
        s(q, "match"),
        "name",
        "the case-side ID 3.30207E+17 is damaged: only the name matches"
    );
    assert_eq!(
        s(q, "subject_id"),
        QIAN,
        "the valid ID from the vehicle register is carried"
    );
    assert_eq!(evidence_row(q, CASES_CSV), vec![ROW_QIAN]);
    assert!(
        q.to_string().contains("acquired_after_zhongben"),
        "registered 2024-02-01 after 终本 2023-06-30: {q}"
    );
}

#[test]
pub(crate) fn vehicle_negatives_stay_silent() {
    let (_, v) = screen();
    for who in ["王建国", "赵敏", "周丽"] {
        assert!(
            lead_for(v, "vehicle.unseized", who).is_none(),
            "{who}: E (注销), 执行完毕, or K (查封) must not fire:\n{}",
            describe(v)
        );
    }
}

#[test]
pub(crate) fn realestate_co_owner_share_is_a_lead_for_each_debtor_owner() {
    let (_, v) = screen();
    let w = lead_for(v, "realestate.unseized", "王建国").unwrap_or_else(|| {
        panic!(
            "no realestate lead for 王建国 (co-owner, lower-case x):\n{}",
            describe(v)
        )
    });
    assert_eq!(s(w, "match"), "id");
    assert_eq!(s(w, "subject_id"), WANG);
    assert_eq!(evidence_row(w, CASES_CSV), vec![ROW_WANG]);
    assert_eq!(
        evidence_row(w, REALESTATE),
        vec![3],
        "row 3 under the merged title and header"
    );
    let l = lead_for(v, "realestate.unseized", "刘芳").unwrap_or_else(|| {
        panic!(
            "no realestate lead for 刘芳 (XLSX case list with date cells):\n{}",
            describe(v)
        )
    });
    assert!(case_eq(&s(l, "case_no"), "（2023）浙0212执300号"));
    assert_eq!(evidence_row(l, CASES_XLSX), vec![3]);
    let li = lead_for(v, "realestate.unseized", "李秀英")
        .unwrap_or_else(|| panic!("no realestate lead for 李秀英:\n{}", describe(v)));
    assert!(
        li.to_string().contains("acquired_after_zhongben"),
        "registered 2021 after 终本 2019: {li}"
    );
    for who in ["赵敏", "吴某某"] {
        assert!(
            lead_for(v, "realestate.unseized", who).is_none(),
            "{who}: 执行完毕 or 已查封:\n{}",
            describe(v)
        );
    }
}

#[test]
pub(crate) fn procedure_rules_fire_on_the_planted_cases_only() {
    let (_, v) = screen();
    let cases =
        |rule: &str| -> Vec<String> { leads(v, rule).iter().map(|l| s(l, "case_no")).collect() };
    let only = |rule: &str, want: &str| {
        let got = cases(rule);
        assert!(
            got.len() == 1 && case_eq(&got[0], want),
            "{rule}: want only {want}, got {got:?}"
        );
    };
    // 2022-05-31 + 3 months = 2022-08-31 (month end) > 终本 2022-08-28.
    only("procedure.under_3_months", "（2022）浙0205执900号");
    // 报告财产令日期 empty only on row 12; the XLSX list has no such column: never flagged for it.
    only("procedure.no_report_order", "（2021）浙0281执101号");
    only("procedure.no_consumption_ban", "（2021）浙0204执77号");
    // Last 查控 2024-10-01 is more than 6 months before 2025-06-30, within 5 years of 终本 2021-06-10.
    // (（2019）浙0203执555号 has an old 查控 too, but its 5 years after 终本 2019-08-28 are over.)
    only("procedure.search_overdue", "（2021）浙0281执101号");
    let l = leads(v, "procedure.no_report_order")[0];
    assert_eq!(evidence_row(l, CASES_CSV), vec![ROW_WU]);
}

#[test]
pub(crate) fn rules_without_their_files_are_reported_not_evaluated() {
    let (_, v) = screen();
    let ne: Vec<String> = v["not_evaluated"]
        .as_array()
        .map(|a| a.iter().map(|n| s(n, "rule")).collect())
        .unwrap_or_default();
    for rule in [
        "payout.overdue",
        "release.not_released",
        "credit.not_removed",
        "death.measure_after_death",
    ] {
        assert!(
            ne.iter().any(|r| r == rule),
            "{rule} should be not evaluated (no such file); got {ne:?}"
        );
        assert!(leads(v, rule).is_empty());
    }
    for n in v["not_evaluated"].as_array().into_iter().flatten() {
        assert!(
            s(n, "reason")
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "reason in Chinese: {n}"
        );
    }
}

#[test]
pub(crate) fn inspect_reports_header_rows_encodings_and_damaged_ids() {
    let r = run(&[
        "inspect".into(),
        "--format".into(),
        "json".into(),
        path(CASES_CSV),
        path(DEPOSITS),
        path(VEHICLES),
        path(REALESTATE),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    let files = v["files"].as_array().expect("files");
    for f in files {
        has_keys(
            f,
            &[
                "file",
                "sheet",
                "kind",
                "encoding",
                "header_row",
                "rows",
                "columns",
                "issues",
            ],
            "inspect file",
        );
        for i in f["issues"].as_array().expect("issues") {
            has_keys(i, &["column", "kind", "count", "examples"], "issue");
            for e in i["examples"].as_array().expect("examples") {
                has_keys(e, &["row", "raw"], "example");
            }
        }
    }
    let by = |name: &str| {
        files
            .iter()
            .find(|f| s(f, "file").ends_with(name))
            .unwrap_or_else(|| panic!("{name} missing in inspect"))
    };
    let c = by(CASES_CSV);
    assert_eq!(s(c, "kind"), "cases");
    assert!(s(c, "encoding").contains("GB"), "{c}");
    assert_eq!(c["header_row"].as_u64(), Some(4));
    assert_eq!(
        c["rows"].as_u64(),
        Some(7),
        "7 debtor rows; blank rows, 合计 and 制表人 are not data"
    );
    let damaged = c["issues"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| s(i, "kind") == "damaged")
        .unwrap_or_else(|| panic!("no damaged issue: {c}"));
    assert_eq!(s(damaged, "column"), "debtor_id");
    assert_eq!(damaged["count"].as_u64(), Some(1));
    assert_eq!(damaged["examples"][0]["row"].as_u64(), Some(ROW_QIAN));
    assert_eq!(s(&damaged["examples"][0], "raw"), "3.30207E+17");

    let dep = by(DEPOSITS);
    assert_eq!(s(dep, "kind"), "deposits");
    assert!(
        s(dep, "encoding").to_uppercase().contains("UTF-16"),
        "{dep}"
    );
    assert_eq!(dep["rows"].as_u64(), Some(6));
    let veh = by(VEHICLES);
    assert_eq!(s(veh, "kind"), "vehicles");
    assert_eq!(veh["header_row"].as_u64(), Some(2));
    assert_eq!(veh["rows"].as_u64(), Some(6));
    let re = by(REALESTATE);
    assert_eq!(s(re, "kind"), "realestate");
    assert_eq!(re["header_row"].as_u64(), Some(2));
    assert_eq!(re["rows"].as_u64(), Some(4));
}

#[test]
pub(crate) fn bad_files_get_a_chinese_error_and_the_rest_is_still_screened() {
    let mut args: Vec<String> = ["screen", "--as-of", "2025-06-30", "--format", "json"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for f in [CASES_CSV, "扫描件.xlsx", DEPOSITS, "空文件.csv", "乱码.csv"] {
        args.push(path(f));
    }
    let r = run(&args);
    assert_ne!(r.code, 0, "bad inputs must give a non-zero exit");
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    for f in ["扫描件.xlsx", "空文件.csv", "乱码.csv"] {
        assert!(r.stderr.lines().any(|l| l.contains(f) && l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))), "no Chinese error naming {f}: {}", r.stderr);
    }
    assert!(
        r.stderr.contains("PDF"),
        "the PDF disguised as .xlsx should be called a PDF: {}",
        r.stderr
    );
    let v = json(&r);
    assert!(
        lead_for(&v, "deposit.unreturned", "李秀英").is_some(),
        "good files still processed:\n{}",
        describe(&v)
    );

    // inspect: the same errors in its JSON, the good file still reported.
    let r = run(&[
        "inspect".into(),
        "--format".into(),
        "json".into(),
        path("扫描件.xlsx"),
        path(CASES_CSV),
        path("乱码.csv"),
    ]);
    assert_ne!(r.code, 0);
    let v = json(&r);
    assert_eq!(v["files"].as_array().map(Vec::len), Some(1), "{v}");
    let errs: Vec<String> = v["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e.to_string())
        .collect();
    assert!(
        errs.iter().any(|e| e.contains("扫描件.xlsx"))
            && errs.iter().any(|e| e.contains("乱码.csv")),
        "{errs:?}"
    );

    // flow: a bad statement is named, the good one is analysed, the exit is non-zero.
    let r = run(&[
        "flow".into(),
        "--format".into(),
        "json".into(),
        path("扫描件.xlsx"),
        path(F_BOCOM),
    ]);
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("扫描件.xlsx") && r.stderr.contains("PDF"),
        "{}",
        r.stderr
    );
    let v = json(&r);
    assert_eq!(
        account(&v, ACC_E)["in_fen"].as_i64(),
        E_TOTALS.get().map(|t| t.0),
        "{v}"
    );
}

// A second office's exports: other spellings again, one debtor per row for a shared case,
// a 终本日期 left as an Excel serial number in a CSV, an ID with its last digits zeroed by
// Excel, masked IDs, a GBK HTML-as-xls vehicle list with Chinese headers and `·`/`-` plates,
// 处理结果 部分退还 with the refund and the victim's share in their own columns.
