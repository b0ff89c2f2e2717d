//! Restored cases, unequal multi-debtor cells, CSV exports, multi-line cells, several sheets.

use super::*;


/// Two debtors in one cell (split on ；) with only the first one's ID; a 终本 case restored
/// by a later 执恢 case against the same debtor at the same court (ID written with spaces).
#[test]
pub(crate) fn restored_cases_and_unequal_multi_cells() {
    const A: &str = "330214198001010019";
    const B: &str = "330214198102020021";
    const C: &str = "330214198203030034";
    let cases = format!(
        "案号,被执行人,证件号码,未履行金额,立案日期,结案日期,结案方式,执行法院\n\
         （2020）浙0214执1号,韩某；杨某,{A},10000,2020-01-01,2020-06-01,终本,某法院\n\
         （2020）浙0214执2号,曹某,{} {} {},10000,2020-01-01,2020-06-01,终本,某法院\n\
         （2023）浙0214执恢5号,曹某,{C},10000,2023-01-01,,,某法院\n",
        &C[..6],
        &C[6..14],
        &C[14..]
    );
    let veh = format!("号牌号码,发证机关,所有人,身份证明号码,机动车状态\nA11111,浙B,韩某,{A},A\nA22222,浙B,杨某,{B},A\nA33333,浙B,曹某,{C},A\n");
    std::fs::write(dir().join("四院案件.csv"), cases).expect("cases");
    std::fs::write(dir().join("四院车辆.csv"), veh).expect("veh");
    let r = run(&[
        "screen".into(),
        "--as-of".into(),
        "2025-06-30".into(),
        "--format".into(),
        "json".into(),
        path("四院案件.csv"),
        path("四院车辆.csv"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    let han =
        lead_for(&v, "vehicle.unseized", "韩某").unwrap_or_else(|| panic!("{}", describe(&v)));
    assert_eq!(
        (s(han, "match").as_str(), s(han, "subject_id").as_str()),
        ("id", A)
    );
    // 杨某 has no ID in the cell: the first ID must not be lent to the second name.
    let yang =
        lead_for(&v, "vehicle.unseized", "杨某").unwrap_or_else(|| panic!("{}", describe(&v)));
    assert_eq!(s(yang, "match"), "name", "{yang}");
    assert!(
        lead_for(&v, "vehicle.unseized", "曹某").is_none(),
        "restored by （2023）浙0214执恢5号:\n{}",
        describe(&v)
    );
}

/// Exports neutralise cells that a spreadsheet would run as formulas.
#[test]
pub(crate) fn csv_export_neutralises_formula_like_cells() {
    const A: &str = "330214198001010019";
    std::fs::write(dir().join("公式案件.csv"), format!("案号,被执行人,证件号码,未履行金额,立案日期,结案日期,结案方式,执行法院\n（2020）浙0214执1号,=韩某,{A},10000,2020-01-01,2020-06-01,终本,+SUM(1;2)\n")).expect("cases");
    std::fs::write(
        dir().join("公式车辆.csv"),
        format!("号牌号码,发证机关,所有人,身份证明号码,机动车状态\n@A1111,浙B,=韩某,{A},A\n"),
    )
    .expect("veh");
    let r = run(&[
        "screen".into(),
        "--as-of".into(),
        "2025-06-30".into(),
        "--format".into(),
        "csv".into(),
        path("公式案件.csv"),
        path("公式车辆.csv"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.lines().count() >= 2,
        "one lead expected: {}",
        r.stdout
    );
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(r.stdout.trim_start_matches('\u{feff}').as_bytes());
    for rec in rdr.records() {
        let rec = rec.expect("csv record");
        for cell in rec.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "live formula cell {cell:?} in {rec:?}"
            );
        }
        assert!(rec.iter().any(|c| c == "'=韩某"), "{rec:?}");
    }
}

/// Excel shows a quoted cell with line breaks inside one row, so the record after it is on
/// Excel row 3 here, not text line 6.
#[test]
pub(crate) fn evidence_row_after_a_multi_line_cell_is_the_excel_row() {
    const J: &str = "330214198304040047";
    let cases = format!(
        "案号,被执行人,证件号码,未履行金额,立案日期,结案日期,结案方式,备注\n\
         （2020）浙0214执1号,韩某,330214198001010019,10000,2020-01-01,2020-06-01,终本,\"多行\n备注\n第三行\n第四行\"\n\
         （2020）浙0214执3号,金某,{J},10000,2020-01-01,2020-06-01,终本,\n"
    );
    std::fs::write(dir().join("多行备注案件.csv"), cases).expect("cases");
    std::fs::write(
        dir().join("多行备注车辆.csv"),
        format!("号牌号码,发证机关,所有人,身份证明号码,机动车状态\nA44444,浙B,金某,{J},A\n"),
    )
    .expect("veh");
    let r = run(&[
        "screen".into(),
        "--as-of".into(),
        "2025-06-30".into(),
        "--format".into(),
        "json".into(),
        path("多行备注案件.csv"),
        path("多行备注车辆.csv"),
    ]);
    let v = json(&r);
    let l = lead_for(&v, "vehicle.unseized", "金某").unwrap_or_else(|| panic!("{}", describe(&v)));
    assert_eq!(evidence_row(l, "多行备注案件.csv"), vec![3]);
}

/// One workbook holding a notes sheet, the case list, an empty sheet with only a header,
/// and the vehicle list: each sheet is typed on its own, evidence names the sheet.
#[test]
pub(crate) fn one_workbook_with_several_sheets() {
    use rust_xlsxwriter::Workbook;
    const K: &str = "330214198304040047";
    let mut wb = Workbook::new();
    let sheets: [(&str, Vec<Vec<String>>); 4] = [
        (
            "填表说明",
            vec![
                vec!["本表由某某法院执行局导出，仅供内部使用。".into()],
                vec!["如有疑问请联系承办人。".into()],
            ],
        ),
        (
            "终本案件",
            vec![
                [
                    "案号",
                    "被执行人",
                    "证件号码",
                    "未履行金额",
                    "立案日期",
                    "结案日期",
                    "结案方式",
                ]
                .map(String::from)
                .to_vec(),
                [
                    "（2020）浙0215执7号",
                    "柏某",
                    K,
                    "12000",
                    "2020-01-01",
                    "2020-06-01",
                    "终本",
                ]
                .map(String::from)
                .to_vec(),
            ],
        ),
        (
            "空表",
            vec![["号牌号码", "所有人", "身份证明号码", "机动车状态"]
                .map(String::from)
                .to_vec()],
        ),
        (
            "车辆",
            vec![
                [
                    "号牌号码",
                    "发证机关",
                    "所有人",
                    "身份证明号码",
                    "机动车状态",
                ]
                .map(String::from)
                .to_vec(),
                ["B54321", "浙B", "柏某", K, "A"].map(String::from).to_vec(),
            ],
        ),
    ];
    for (name, rows) in &sheets {
        let ws = wb.add_worksheet();
        let _ = ws.set_name(*name);
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let _ = ws.write_string(r as u32, c as u16, v);
            }
        }
    }
    let file = "法院导出_多工作表.xlsx";
    wb.save(dir().join(file)).expect("save");
    let r = run(&[
        "screen".into(),
        "--as-of".into(),
        "2025-06-30".into(),
        "--format".into(),
        "json".into(),
        path(file),
    ]);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let v = json(&r);
    let l = lead_for(&v, "vehicle.unseized", "柏某")
        .unwrap_or_else(|| panic!("{}\n{}", describe(&v), r.stderr));
    let sheets_of: Vec<(String, u64)> = l["evidence"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (s(e, "sheet"), e["row"].as_u64().unwrap_or(0)))
        .collect();
    assert!(
        sheets_of.contains(&("终本案件".to_string(), 2))
            && sheets_of.contains(&("车辆".to_string(), 2)),
        "{sheets_of:?}"
    );
    assert!(l.to_string().contains("浙B54321"), "{l}");
}
