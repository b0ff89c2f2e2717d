//! Ingestion, data-driven: every fixture (generated here, except the BIFF8
//! `.xls` files that `scripts/gen_ingest_xls.py` writes into
//! `tests/data/ingest/`) with what reading it must give: format, encoding,
//! kind, mapping, header row, row numbers, values, skipped rows, quality
//! issues, or the error code. `write_fixtures` also leaves every fixture in
//! `target/tmp/ingest-fixtures/` for trying `xiansuo inspect` by hand.

use std::collections::BTreeMap;
use xiansuo::ingest::{self, quality, Dataset, IngestOptions, Loaded};
use xiansuo::normalize;

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(s).0.into_owned()
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        v.extend(u.to_le_bytes());
    }
    v
}

fn xlsx_cases() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let title = Format::new().set_bold();
    let d = |y, m, dd| ExcelDateTime::from_ymd(y, m, dd).unwrap();
    {
        let ws = wb.add_worksheet();
        ws.set_name("终本案件").unwrap();
        ws.merge_range(0, 0, 0, 5, "宁波市海曙区人民法院终本案件清单", &title).unwrap();
        for (c, h) in ["案号", "被执行人", "证件号码", "未履行金额", "结案日期", "结案方式"].iter().enumerate() {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        ws.write_string(2, 0, "（2019）浙0203执1234号").unwrap();
        ws.write_string(2, 1, "陈某").unwrap();
        ws.write_string(2, 2, "11010519491231002X").unwrap();
        ws.write_number(2, 3, 3000.5).unwrap();
        ws.write_datetime_with_format(2, 4, &d(2019, 3, 5), &date).unwrap();
        ws.write_string(2, 5, "终结本次执行程序").unwrap();
        ws.write_string(3, 0, "（2020）浙0203执88号").unwrap();
        ws.write_string(3, 1, "张三").unwrap();
        // An 18-digit ID stored as a number: Excel keeps 15 digits.
        ws.write_number(3, 2, 330203199001011234.0).unwrap();
        ws.write_number(3, 3, 120000.0).unwrap();
        let dt = ExcelDateTime::from_ymd(2020, 6, 30).unwrap().and_hms(14, 5, 9).unwrap();
        ws.write_datetime_with_format(3, 4, &dt, &datetime).unwrap();
        ws.write_string(3, 5, "执行完毕").unwrap();
        ws.write_string(5, 0, "合计").unwrap();
        ws.write_number(5, 3, 123000.5).unwrap();
    }
    {
        // Data starting at C4: row numbers must still be Excel's.
        let ws = wb.add_worksheet();
        ws.set_name("车辆").unwrap();
        for (c, h) in ["号牌号码", "发证机关", "所有人", "身份证明号码", "机动车状态"].iter().enumerate() {
            ws.write_string(3, c as u16 + 2, *h).unwrap();
        }
        for (c, v) in ["B12345", "浙B", "陈某", "11010519491231002X", "GK"].iter().enumerate() {
            ws.write_string(4, c as u16 + 2, *v).unwrap();
        }
    }
    wb.add_worksheet().set_name("空白").unwrap();
    {
        let ws = wb.add_worksheet();
        ws.set_name("隐藏").unwrap();
        for (c, h) in ["姓名", "身份证号", "死亡日期"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "王五").unwrap();
        ws.write_string(1, 1, "440524188001010014").unwrap();
        ws.write_datetime_with_format(1, 2, &d(2023, 5, 6), &date).unwrap();
        ws.set_hidden(true);
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("仅表头").unwrap();
        for (c, h) in ["案号", "姓名/名称", "证件号", "发布日期"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// A CFB header followed by a directory entry named `EncryptionInfo`, as in
/// a password-protected XLSX (which is not a zip at all).
fn encrypted_cfb() -> Vec<u8> {
    let mut v = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    v.resize(512, 0);
    for b in "EncryptionInfo".bytes() {
        v.extend([b, 0]);
    }
    v.resize(2048, 0);
    v
}

/// A CJK character whose GB18030 trail byte is `|`: splitting GB18030 on
/// raw `|` bytes would cut it in two.
fn pipe_trail_char() -> char {
    (0x4E00u32..0x9FA6)
        .filter_map(char::from_u32)
        .find(|c| gbk(&c.to_string()).get(1) == Some(&b'|'))
        .unwrap()
}

fn fixtures() -> Vec<(&'static str, Vec<u8>)> {
    let p = pipe_trail_char();
    let mut gbk_deposits = gbk("# 取保候审保证金台账\n# 导出时间：2024-01-01\n被取保候审人,证件号码,保证金金额,缴纳人,缴纳日期,处理结果,应退赔被害人金额\n");
    // 张三 as raw GBK bytes.
    gbk_deposits.extend(b"\xd5\xc5\xc8\xfd");
    gbk_deposits.extend(gbk(",11010519491231002X,5000,张三,2019-01-02,未处理,3000\n陈 某,360426199101010071,\"2,000.00\",陈父,2019-02-03,退还,\n"));
    let xlsx = xlsx_cases();
    let truncated = xlsx.get(..xlsx.len() / 2).unwrap().to_vec();
    vec![
        (
            "cases_utf8_bom.csv",
            "\u{FEFF}海曙区人民法院终本案件清单,,,,,,,,,\n,,,,,,,,,\n序号,案号,申请执行人,被执行人,证件号码,申请执行标的金额,未履行金额,立案日期,结案日期,结案方式\n\
             1,（2019）浙0203执1234号,某银行,陈某,11010519491231002X,\"3,000.00\",3000,2019-01-10,2019-03-05,终结本次执行程序\n\
             2,（2019）浙0203执1235号,王某,\"张三、李四\",\"360426199101010071、440524188001010014\",10000,8000,2019-02-01,2019-06-01,终结本次执行程序\n\
             3,（2020）浙0203执7号,赵某,某公司,,50000,0,2020-01-01,2020-02-01,执行完毕\n\
             合计,,,,,63000,11000,,,\n打印人：王某,,,,,,,,,\n"
                .as_bytes()
                .to_vec(),
        ),
        (
            "cases_quoted.csv",
            "案号,被执行人,证件号码,住所\n\
             （2019）浙0203执1号,陈某,11010519491231002X,\"浙江省宁波市\n海曙区\"\n\
             （2019）浙0203执2号,\"He said \"\"hi\"\"\",360426199101010071,北京\n"
                .as_bytes()
                .to_vec(),
        ),
        ("deposits_gbk.csv", gbk_deposits),
        (
            "transactions_unicode.txt",
            utf16le_bom("交易卡号\t交易时间\t交易金额\t收付标志\t对手户名\t摘要说明\r\n6222021234567890123\t2024-01-05 14:08:00\t50000.00\t出\t陈某某\t转账\r\n6222021234567890123\t2024-01-06 09:00:00\t1200.00\t进\t某公司\t工资\r\n"),
        ),
        (
            "credit_tabs.txt",
            "案号\t姓名/名称\t证件号\t发布日期\t\t\n（2018）浙0203执5号\t王五  \t440524188001010014\t2019-05-01\t\t\n（2018）浙0203执6号\t\t张三\t\t11010519491231002X\t2019-06-01\n"
                .as_bytes()
                .to_vec(),
        ),
        (
            "seizures_semicolon.csv",
            "案号;财产类型;财产描述;评估价;查封日期;解除日期\n（2019）浙0203执1号;不动产;海曙区某路1号;\"1,200,000\";2019-04-01;\n".as_bytes().to_vec(),
        ),
        (
            "funds_pipe_gbk.txt",
            gbk(&format!("案号|到账日期|金额|发放日期|领款人\n（2019）浙0203执1号|2019-05-01|3000|2019-07-01|{p}某\n")),
        ),
        (
            "funds_dup_ragged.csv",
            "案号,到账日期,金额,金额,发放状态\n（2019）浙0203执1号,2019-05-01,3000,3000.00,未发放,多出的一列\n（2019）浙0203执2号,2019-05-02\n".as_bytes().to_vec(),
        ),
        ("cases_multi.xlsx", xlsx),
        (
            "court_export.xls",
            gbk("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"></head><body>\
                 <table border=1><tr><td colspan=4>失信被执行人名单</td></tr>\
                 <tr><th>案号</th><th>被执行人姓名/名称</th><th>证件号</th><th>发布日期</th></tr>\
                 <tr><td>（2019）浙0203执1号</td><td>陈&nbsp;某</td><td>3302**********1234</td><td>2019-05-01</td></tr>\
                 <tr><td>（2019）浙0203执2号</td><td>某某&amp;某<br>公司</td><td>91110000600037341L</td><td>2019-05-02</td></tr>\
                 </table></body></html>"),
        ),
        (
            "fullwidth.csv",
            "案号,被执行人,证件号码\n（２０１９）浙０２０３执１２３４号,陈 某,１１０１０５１９４９１２３１００２Ｘ\n".as_bytes().to_vec(),
        ),
        (
            "damaged_ids.csv",
            "姓名,身份证号,死亡日期\n张三,3.30203E+17,2020-01-01\n李四,330203199001011000,2020-01-02\n王五,440524188001010014,2020-01-03\n".as_bytes().to_vec(),
        ),
        ("notes.csv", "甲,乙,丙\n1,2,3\n".as_bytes().to_vec()),
        ("bad_quote.csv", "案号,被执行人,证件号码\n（2019）浙0203执1号,\"陈某,11010519491231002X\n（2019）浙0203执2号,张三,360426199101010071\n".as_bytes().to_vec()),
        ("header_only.csv", "姓名,证件号码,死亡日期\n".as_bytes().to_vec()),
        ("empty.csv", Vec::new()),
        ("blank.csv", b"\r\n  \n".to_vec()),
        ("binary.csv", vec![0x00, 0x01, 0x02, 0x03, 0xFF, 0x00, 0x10, 0x11, 0x00, 0x00]),
        ("report.xlsx", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec()),
        ("truncated.xlsx", truncated),
        ("encrypted.xlsx", encrypted_cfb()),
    ]
}

fn committed(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/ingest/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// What one table must look like.
#[derive(Default)]
struct T {
    sheet: Option<&'static str>,
    format: &'static str,
    encoding: Option<&'static str>,
    kind: &'static str,
    header_row: u32,
    lines: &'static [u32],
    /// field → source header
    columns: &'static [(&'static str, &'static str)],
    /// (data row, header, raw text)
    cells: &'static [(usize, &'static str, &'static str)],
    /// (reason, count)
    skipped: &'static [(&'static str, usize)],
    /// (field, issue kind, count, first example row)
    issues: &'static [(&'static str, &'static str, usize, u32)],
    undecodable: u64,
    /// Fields that must have no invalid, damaged or undecodable cells.
    valid: &'static [&'static str],
}

enum Expect {
    Tables(Vec<T>, &'static [&'static str]),
    Error(&'static str, &'static str),
}

fn expectations() -> Vec<(&'static str, Expect)> {
    use Expect::*;
    vec![
        (
            "cases_utf8_bom.csv",
            Tables(
                vec![T {
                    format: "csv",
                    encoding: Some("UTF-8"),
                    kind: "cases",
                    header_row: 3,
                    lines: &[4, 5, 6],
                    columns: &[
                        ("case_no", "案号"),
                        ("applicant", "申请执行人"),
                        ("debtor", "被执行人"),
                        ("debtor_id", "证件号码"),
                        ("target_amount", "申请执行标的金额"),
                        ("unpaid_amount", "未履行金额"),
                        ("filed_date", "立案日期"),
                        ("closed_date", "结案日期"),
                        ("close_method", "结案方式"),
                    ],
                    cells: &[(0, "申请执行标的金额", "3,000.00"), (1, "被执行人", "张三、李四"), (2, "结案方式", "执行完毕")],
                    skipped: &[("标题行", 1), ("空行", 1), ("表尾（合计）", 1), ("表尾（打印人）", 1)],
                    issues: &[("debtor_id", "empty", 1, 6)],
                    valid: &["case_no", "debtor_id", "target_amount", "unpaid_amount", "filed_date", "closed_date"],
                    ..T::default()
                }],
                &[],
            ),
        ),
        (
            "cases_quoted.csv",
            Tables(
                vec![T {
                    format: "csv",
                    kind: "cases",
                    encoding: Some("UTF-8"),
                    header_row: 1,
                    // The first record spans text lines 2–3 but is one Excel row.
                    lines: &[2, 3],
                    cells: &[(0, "住所", "浙江省宁波市\n海曙区"), (1, "被执行人", "He said \"hi\"")],
                    ..T::default()
                }],
                &[],
            ),
        ),
        (
            "deposits_gbk.csv",
            Tables(
                vec![T {
                    format: "csv",
                    encoding: Some("GB18030"),
                    kind: "deposits",
                    header_row: 3,
                    lines: &[4, 5],
                    columns: &[
                        ("person", "被取保候审人"),
                        ("person_id", "证件号码"),
                        ("deposit_amount", "保证金金额"),
                        ("payer", "缴纳人"),
                        ("paid_date", "缴纳日期"),
                        ("outcome", "处理结果"),
                        ("victim_amount", "应退赔被害人金额"),
                    ],
                    cells: &[(0, "被取保候审人", "张三"), (1, "被取保候审人", "陈 某"), (1, "保证金金额", "2,000.00")],
                    skipped: &[("# 注释", 2)],
                    issues: &[("victim_amount", "empty", 1, 5)],
                    valid: &["person_id", "deposit_amount", "paid_date"],
                    ..T::default()
                }],
                &[],
            ),
        ),
        (
            "transactions_unicode.txt",
            Tables(
                vec![T {
                    format: "txt",
                    encoding: Some("UTF-16LE"),
                    kind: "transactions",
                    header_row: 1,
                    lines: &[2, 3],
                    columns: &[("card", "交易卡号"), ("time", "交易时间"), ("amount", "交易金额"), ("direction", "收付标志")],
                    cells: &[(0, "对手户名", "陈某某"), (1, "摘要说明", "工资")],
                    ..T::default()
                }],
                &[],
            ),
        ),
        (
            "credit_tabs.txt",
            Tables(
                vec![T {
                    format: "txt",
                    encoding: Some("UTF-8"),
                    kind: "credit",
                    header_row: 1,
                    lines: &[2, 3],
                    columns: &[("case_no", "案号"), ("name", "姓名/名称"), ("id_number", "证件号"), ("published_date", "发布日期")],
                    // Trailing spaces and tabs are padding; a ragged row keeps its extra cells.
                    cells: &[(0, "姓名/名称", "王五"), (1, "列6", "2019-06-01")],
                    ..T::default()
                }],
                &[],
            ),
        ),
        (
            "seizures_semicolon.csv",
            Tables(
                vec![T {
                    format: "csv",
                    kind: "seizures",
                    encoding: Some("UTF-8"),
                    header_row: 1,
                    lines: &[2],
                    columns: &[("value", "评估价"), ("measure_date", "查封日期"), ("description", "财产描述")],
                    cells: &[(0, "评估价", "1,200,000")],
                    ..T::default()
                }],
                &[],
            ),
        ),
        (
            "funds_pipe_gbk.txt",
            Tables(
                vec![T {
                    format: "txt",
                    encoding: Some("GB18030"),
                    kind: "funds",
                    header_row: 1,
                    lines: &[2],
                    columns: &[("case_no", "案号"), ("received_date", "到账日期"), ("amount", "金额"), ("payee", "领款人")],
                    ..T::default()
                }],
                &[],
            ),
        ),
        (
            "funds_dup_ragged.csv",
            Tables(
                vec![T {
                    format: "csv",
                    kind: "funds",
                    encoding: Some("UTF-8"),
                    header_row: 1,
                    lines: &[2, 3],
                    columns: &[("amount", "金额"), ("payout_status", "发放状态")],
                    cells: &[(0, "金额#2", "3000.00"), (0, "列6", "多出的一列"), (1, "金额", "")],
                    issues: &[("amount", "empty", 1, 3)],
                    ..T::default()
                }],
                &[],
            ),
        ),
        (
            "cases_multi.xlsx",
            Tables(
                vec![
                    T {
                        sheet: Some("终本案件"),
                        format: "xlsx",
                        kind: "cases",
                        header_row: 2,
                        lines: &[3, 4],
                        columns: &[("case_no", "案号"), ("debtor_id", "证件号码"), ("closed_date", "结案日期")],
                        cells: &[
                            (0, "未履行金额", "3000.5"),
                            (0, "结案日期", "2019-03-05"),
                            (1, "结案日期", "2020-06-30 14:05:09"),
                            (1, "证件号码", "3.30203E+17"),
                            (1, "未履行金额", "120000"),
                        ],
                        skipped: &[("标题行", 1), ("空行", 1), ("表尾（合计）", 1)],
                        issues: &[("debtor_id", "damaged", 1, 4)],
                        ..T::default()
                    },
                    T {
                        sheet: Some("车辆"),
                        format: "xlsx",
                        kind: "vehicles",
                        header_row: 4,
                        lines: &[5],
                        columns: &[("plate", "号牌号码"), ("office", "发证机关"), ("status", "机动车状态")],
                        cells: &[(0, "机动车状态", "GK")],
                        // "B12345" is complete with 发证机关 浙B.
                        valid: &["plate", "owner_id", "status"],
                        ..T::default()
                    },
                    T {
                        sheet: Some("隐藏"),
                        format: "xlsx",
                        kind: "deaths",
                        header_row: 1,
                        lines: &[2],
                        cells: &[(0, "死亡日期", "2023-05-06")],
                        ..T::default()
                    },
                    T { sheet: Some("仅表头"), format: "xlsx", kind: "credit", header_row: 1, lines: &[], ..T::default() },
                ],
                // 空白 is empty; 仅表头 has no data rows.
                &["empty", "empty"],
            ),
        ),
        (
            "vehicles.xls",
            Tables(
                vec![
                    T {
                        sheet: Some("机动车"),
                        format: "xls",
                        kind: "vehicles",
                        header_row: 2,
                        lines: &[3, 4, 5],
                        columns: &[("plate", "HPHM"), ("office", "FZJG"), ("owner", "SYR"), ("owner_id", "SFZMHM"), ("status", "ZT"), ("registered_date", "CCDJRQ")],
                        cells: &[(0, "CCDJRQ", "2019-03-05"), (1, "SFZMHM", "3.30203E+17"), (1, "ZT", "GK")],
                        skipped: &[("标题行", 1), ("表尾（合计）", 1)],
                        issues: &[("owner_id", "damaged", 1, 4)],
                        ..T::default()
                    },
                    T { sheet: Some("说明"), format: "xls", kind: "", header_row: 1, lines: &[], ..T::default() },
                ],
                &["empty", "empty"],
            ),
        ),
        (
            "deaths_1904.xls",
            Tables(
                vec![T {
                    sheet: Some("火化记录"),
                    format: "xls",
                    kind: "deaths",
                    header_row: 1,
                    lines: &[2],
                    columns: &[("death_date", "火化日期")],
                    cells: &[(0, "火化日期", "2023-05-06")],
                    ..T::default()
                }],
                &[],
            ),
        ),
        (
            "court_export.xls",
            Tables(
                vec![T {
                    format: "html",
                    encoding: Some("GB18030"),
                    kind: "credit",
                    header_row: 2,
                    lines: &[3, 4],
                    columns: &[("case_no", "案号"), ("name", "被执行人姓名/名称"), ("id_number", "证件号"), ("published_date", "发布日期")],
                    cells: &[(0, "被执行人姓名/名称", "陈 某"), (1, "被执行人姓名/名称", "某某&某\n公司")],
                    skipped: &[("标题行", 1)],
                    valid: &["case_no", "id_number", "published_date"],
                    ..T::default()
                }],
                &[],
            ),
        ),
        (
            "fullwidth.csv",
            Tables(
                vec![T {
                    format: "csv",
                    kind: "cases",
                    encoding: Some("UTF-8"),
                    header_row: 1,
                    lines: &[2],
                    cells: &[(0, "证件号码", "１１０１０５１９４９１２３１００２Ｘ")],
                    ..T::default()
                }],
                &[],
            ),
        ),
        (
            "damaged_ids.csv",
            Tables(
                vec![T {
                    format: "csv",
                    kind: "deaths",
                    encoding: Some("UTF-8"),
                    header_row: 1,
                    lines: &[2, 3, 4],
                    cells: &[(0, "身份证号", "3.30203E+17")],
                    ..T::default()
                }],
                &[],
            ),
        ),
        ("notes.csv", Tables(vec![T { format: "csv", kind: "", encoding: Some("UTF-8"), header_row: 1, lines: &[2], ..T::default() }], &[])),
        (
            "bad_quote.csv",
            Tables(
                vec![T {
                    format: "csv",
                    kind: "cases",
                    encoding: Some("UTF-8"),
                    header_row: 1,
                    // The unclosed quote swallows the next line into row 2: kept, and reported.
                    lines: &[2],
                    cells: &[(0, "被执行人", "陈某,11010519491231002X\n（2019）浙0203执2号,张三,360426199101010071\n")],
                    ..T::default()
                }],
                &["malformed"],
            ),
        ),
        ("header_only.csv", Tables(vec![T { format: "csv", kind: "deaths", encoding: Some("UTF-8"), header_row: 1, lines: &[], ..T::default() }], &["empty"])),
        ("empty.csv", Error("empty", "没有数据行")),
        ("blank.csv", Error("empty", "没有数据行")),
        ("binary.csv", Error("unknown_format", "二进制")),
        ("report.xlsx", Error("unknown_format", "PDF")),
        ("truncated.xlsx", Error("malformed", "truncated.xlsx")),
        ("encrypted.xlsx", Error("encrypted", "密码")),
    ]
}

fn check_table(file: &str, t: &ingest::Table, e: &T) {
    let at = format!("{file} / {:?}", t.source.sheet);
    let ds = Dataset::new(t.clone());
    assert_eq!(t.source.sheet.as_deref(), e.sheet, "{at}: sheet");
    assert_eq!(t.source.format, e.format, "{at}: format");
    assert_eq!(t.source.encoding.as_deref(), e.encoding, "{at}: encoding");
    assert_eq!(ds.kind(), e.kind, "{at}: kind (scores {:?})", ingest::mapping::scores(t));
    assert_eq!(t.header_row, e.header_row, "{at}: header row");
    let lines: Vec<u32> = (0..t.len()).map(|i| t.line(i)).collect();
    assert_eq!(lines, e.lines, "{at}: data row numbers");
    for (field, header) in e.columns {
        assert_eq!(ds.header(field), Some(*header), "{at}: mapping of {field}");
    }
    for (row, header, raw) in e.cells {
        let col = t.column(header).unwrap_or_else(|| panic!("{at}: no column {header} in {:?}", t.headers));
        assert_eq!(t.cell(*row, col), *raw, "{at}: row {row} {header}");
    }
    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &t.skipped {
        *skipped.entry(s.reason.as_str()).or_default() += 1;
    }
    let want: BTreeMap<&str, usize> = e.skipped.iter().copied().collect();
    assert_eq!(skipped, want, "{at}: skipped rows {:?}", t.skipped);
    assert_eq!(t.source.undecodable, e.undecodable, "{at}: undecodable");
    let report = quality::report(&ds);
    assert_eq!(report.rows, e.lines.len());
    for field in e.valid {
        let bad: Vec<_> = report.issues.iter().filter(|i| i.column == *field && serde_json::to_value(i.kind).unwrap() != "empty").collect();
        assert!(bad.is_empty(), "{at}: {field} should be clean: {bad:?}");
    }
    for (field, kind, count, row) in e.issues {
        let issue = report.issues.iter().find(|i| i.column == *field && serde_json::to_value(i.kind).unwrap() == *kind);
        let issue = issue.unwrap_or_else(|| panic!("{at}: no {kind} issue on {field}: {:?}", report.issues));
        assert_eq!(issue.count, *count, "{at}: {field} {kind} count");
        assert_eq!(issue.examples.first().map(|x| x.row), Some(*row), "{at}: {field} {kind} first example");
    }
}

fn load(name: &str, bytes: &[u8]) -> Result<Loaded, xiansuo::Error> {
    ingest::read(name, bytes, &IngestOptions::default())
}

fn all_fixtures() -> Vec<(&'static str, Vec<u8>)> {
    let mut f = fixtures();
    f.push(("vehicles.xls", committed("vehicles.xls")));
    f.push(("deaths_1904.xls", committed("deaths_1904.xls")));
    f
}

#[test]
fn every_fixture_reads_as_expected() {
    let fixtures: BTreeMap<&str, Vec<u8>> = all_fixtures().into_iter().collect();
    let expectations = expectations();
    assert_eq!(expectations.len(), fixtures.len(), "every fixture has expectations");
    for (name, expect) in expectations {
        let bytes = fixtures.get(name).unwrap_or_else(|| panic!("no fixture {name}"));
        match (load(name, bytes), expect) {
            (Ok(loaded), Expect::Tables(tables, notes)) => {
                assert_eq!(loaded.tables.len(), tables.len(), "{name}: tables {:?}", loaded.tables.iter().map(|t| &t.source.sheet).collect::<Vec<_>>());
                for (t, e) in loaded.tables.iter().zip(&tables) {
                    check_table(name, t, e);
                }
                let codes: Vec<&str> = loaded.errors.iter().map(|e| e.code()).collect();
                assert_eq!(codes, *notes, "{name}: notes {:?}", loaded.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>());
                for e in &loaded.errors {
                    assert!(e.to_string().contains(name), "{name}: message names the file: {e}");
                }
            }
            (Err(e), Expect::Error(code, text)) => {
                assert_eq!(e.code(), code, "{name}: {e}");
                let msg = e.to_string();
                assert!(msg.contains(text) && msg.contains(name), "{name}: message {msg}");
            }
            (Ok(l), Expect::Error(code, _)) => panic!("{name}: expected {code}, read {} tables", l.tables.len()),
            (Err(e), Expect::Tables(..)) => panic!("{name}: unexpected error {e}"),
        }
    }
}

#[test]
fn gbk_pipe_file_decodes_whole() {
    // `|` may be a GB18030 trail byte: the character must survive.
    let p = pipe_trail_char();
    let bytes = gbk(&format!("案号|到账日期|金额|领款人\n（2019）浙0203执1号|2019-05-01|3000|{p}某\n"));
    let l = load("f.txt", &bytes).unwrap();
    let t = l.tables.first().unwrap();
    assert_eq!(t.cell(0, 3), format!("{p}某"));
    assert_eq!(t.source.delimiter, Some('|'));
}

#[test]
fn undecodable_bytes_are_counted_not_dropped() {
    // GBK text with two bytes that are invalid in GB18030.
    let mut bytes = gbk("姓名,证件号码,死亡日期\n张三,11010519491231002X,2020-01-01\n");
    bytes.extend(b"\xFF\xFF,360426199101010071,2020-01-02\n");
    let l = load("d.csv", &bytes).unwrap();
    let t = l.tables.first().unwrap();
    assert_eq!(t.source.encoding.as_deref(), Some("GB18030"));
    assert_eq!(t.source.undecodable, 2);
    assert_eq!(t.len(), 2);
    let r = quality::report(&Dataset::new(t.clone()));
    let unparsed = r.issues.iter().find(|i| i.column == "name").unwrap();
    assert_eq!(serde_json::to_value(unparsed.kind).unwrap(), "unparsed");
    assert_eq!(unparsed.examples.first().map(|e| e.row), Some(3));
}

#[test]
fn size_limit() {
    let opts = IngestOptions::new().max_size(10);
    let e = ingest::read("big.csv", b"a,b,c\n1,2,3\n", &opts).unwrap_err();
    assert_eq!(e.code(), "too_large");
    assert!(e.to_string().contains("big.csv"));
    let opts = IngestOptions::new().max_workbook_size(100);
    let e = ingest::read("big.xlsx", &xlsx_cases(), &opts).unwrap_err();
    assert_eq!(e.code(), "too_large");
    assert!(ingest::read("ok.csv", b"a,b\n1,2\n", &IngestOptions::new().max_size(8)).is_ok());
}

#[test]
fn forced_header_row() {
    let bytes = "说明\n甲,乙\n1,2\n".as_bytes();
    let l = ingest::read("h.csv", bytes, &IngestOptions::new().header_row(2)).unwrap();
    let t = l.tables.first().unwrap();
    assert_eq!((t.header_row, t.len(), t.line(0)), (2, 1, 3));
}

#[test]
fn quality_report_json_keys() {
    let fixtures: BTreeMap<&str, Vec<u8>> = all_fixtures().into_iter().collect();
    let l = load("cases_utf8_bom.csv", fixtures.get("cases_utf8_bom.csv").unwrap()).unwrap();
    let r = quality::report(&Dataset::new(l.tables.first().unwrap().clone()));
    let v = serde_json::to_value(&r).unwrap();
    for key in ["file", "sheet", "kind", "encoding", "header_row", "rows", "columns", "issues", "skipped", "undecodable"] {
        assert!(v.get(key).is_some(), "missing key {key}: {v}");
    }
    assert_eq!(v["columns"]["case_no"], "案号");
    assert_eq!(v["rows"], 3);
    let issue = &v["issues"][0];
    for key in ["column", "kind", "count", "examples"] {
        assert!(issue.get(key).is_some(), "issue key {key}: {issue}");
    }
    assert_eq!(issue["examples"][0]["row"], 6);
    assert_eq!(v["skipped"][0]["reason"], "标题行");
}

#[test]
fn signature_ignores_width_and_spaces_but_not_order() {
    let a = load("a.csv", "案号,被执行人\n1,2\n".as_bytes()).unwrap();
    let b = load("b.csv", "案号 ,被执行人\n1,2\n".as_bytes()).unwrap();
    let c = load("c.csv", "被执行人,案号\n1,2\n".as_bytes()).unwrap();
    let sig = |l: &Loaded| ingest::mapping::signature(l.tables.first().unwrap());
    assert_eq!(sig(&a), sig(&b));
    assert_ne!(sig(&a), sig(&c));
    assert_eq!(sig(&a).len(), 16);
}

#[test]
fn workspace_adds_every_sheet_and_reports_bad_files() {
    let mut ws = xiansuo::Workspace::new();
    let added = ws.add_file("cases_multi.xlsx", &xlsx_cases(), &IngestOptions::default());
    assert_eq!(added.datasets.len(), 4);
    assert_eq!(ws.dataset(0).map(|d| d.kind()), Some("cases"));
    let bad = ws.add_file("report.xlsx", b"%PDF-1.4", &IngestOptions::default());
    assert!(bad.datasets.is_empty());
    assert_eq!(bad.errors.first().map(|e| e.code()), Some("unknown_format"));
    assert_eq!(ws.datasets().len(), 4);
}

/// Normalised values (full width, inner spaces) and Excel damage counted in the report.
#[test]

fn normalised_values_and_damage() {
    let fixtures: BTreeMap<&str, Vec<u8>> = all_fixtures().into_iter().collect();
    let l = load("fullwidth.csv", fixtures.get("fullwidth.csv").unwrap()).unwrap();
    let ds = Dataset::new(l.tables.first().unwrap().clone());
    let ty = |f: &str| ingest::kinds::get("cases").unwrap().field(f).unwrap().ty;
    assert_eq!(normalize::display(ty("debtor_id"), ds.get(0, "debtor_id")).as_deref(), Some("11010519491231002X"));
    assert_eq!(normalize::display(ty("debtor"), ds.get(0, "debtor")).as_deref(), Some("陈某"));
    assert_eq!(normalize::display(ty("case_no"), ds.get(0, "case_no")).as_deref(), Some("（2019）浙0203执1234号"));
    let l = load("damaged_ids.csv", fixtures.get("damaged_ids.csv").unwrap()).unwrap();
    let r = quality::report(&Dataset::new(l.tables.first().unwrap().clone()));
    let d = r.issues.iter().find(|i| i.column == "id_number").unwrap();
    assert_eq!(serde_json::to_value(d.kind).unwrap(), "damaged");
    assert_eq!(d.count, 2);
    assert!(d.message.contains("2 行"), "{}", d.message);
}

#[test]
fn names_normalise_for_matching() {
    // name::key is real already: spaces inside names and full width go.
    let fixtures: BTreeMap<&str, Vec<u8>> = all_fixtures().into_iter().collect();
    let l = load("deposits_gbk.csv", fixtures.get("deposits_gbk.csv").unwrap()).unwrap();
    let ds = Dataset::new(l.tables.first().unwrap().clone());
    assert_eq!(normalize::name::key(ds.get(1, "person")), "陈某");
    assert_eq!(normalize::name::key(ds.get(0, "person")), "张三");
}

/// Leaves every fixture in target/tmp/ingest-fixtures/ for `xiansuo inspect`.
#[test]
fn write_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ingest-fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in all_fixtures() {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

fn xiansuo(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_xiansuo")).args(args).output().unwrap()
}

fn fixture_path(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    let (_, bytes) = all_fixtures().into_iter().find(|(n, _)| *n == name).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn cli_convert_gbk_to_csv_json_xlsx() {
    let src = fixture_path("deposits_gbk.csv");
    let out = xiansuo(&["convert", &src]);
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("张三,11010519491231002X,5000"), "{text}");
    assert!(!text.contains("# 取保候审"), "preamble is not data");

    let out = xiansuo(&["convert", &src, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[1]["被取保候审人"], "陈 某");
    assert_eq!(v[1]["保证金金额"], "2,000.00");

    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-fixtures");
    let xlsx = dir.join("deposits.xlsx").to_string_lossy().into_owned();
    assert!(xiansuo(&["convert", &src, "-o", &xlsx]).status.success());
    let back = ingest::read("deposits.xlsx", &std::fs::read(&xlsx).unwrap(), &IngestOptions::default()).unwrap();
    let t = back.tables.first().unwrap();
    assert_eq!((t.len(), t.cell(0, 0), t.cell(1, 2)), (2, "张三", "2,000.00"));
}

#[test]
fn cli_inspect_json_and_errors() {
    let good = fixture_path("cases_multi.xlsx");
    let bad = fixture_path("report.xlsx");
    let notes = fixture_path("notes.csv");
    let forced = format!("deaths={notes}");
    let out = xiansuo(&["inspect", &good, &bad, &forced, "--format", "json"]);
    assert!(!out.status.success(), "a file that cannot be read fails the run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 个文件无法读取"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    assert_eq!(files[0]["kind"], "cases");
    assert_eq!(files[0]["columns"]["debtor_id"], "证件号码");
    assert_eq!(files[4]["kind"], "deaths", "kind=path forces the kind");
    let errors = v["errors"].as_array().unwrap();
    assert!(errors.iter().any(|e| e["code"] == "unknown_format" && e["file"] == "report.xlsx"));
    let out = xiansuo(&["inspect", &good]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("类型：执行案件（cases") && text.contains("已被 Excel 损坏"), "{text}");
}

/// Files larger than the sniffed start and the reader's buffer, so that a
/// streamed read crosses every boundary: CRLF and blank lines, quoted cells
/// with line breaks, broken quoting, an ASCII start with GBK after the first
/// MiB, UTF-16 and GBK split on `|` (decoded as they stream).
fn large_fixtures() -> Vec<(&'static str, Vec<u8>)> {
    let mut crlf = String::from("清单\r\n\r\n案号,被执行人,住所,金额\r\n");
    for i in 0..30_000 {
        match i % 97 {
            0 => crlf.push_str(&format!("{i},甲{i},\"多\r\n行\r\n地址\",1\r\n\r\n")),
            1 => crlf.push_str(&format!("{i},\"乙\"坏\"引号,北京\n{i},x\r\n")),
            _ => crlf.push_str(&format!("{i},张三{i},浙江省宁波市海曙区某路{i}号,\"{i},000.00\"\r\n")),
        }
    }
    crlf.push_str("合计,3,,\r\n");
    let mut late_gbk = b"id,name,amount\n".to_vec();
    for i in 0..120_000 {
        late_gbk.extend(format!("{i},n{i},{i}.00\n").bytes());
    }
    late_gbk.extend(gbk("张三,李四,王五\n1,2,3\n"));
    let mut utf16 = String::from("交易卡号\t交易时间\t交易金额\t对手户名\r\n");
    for i in 0..20_000 {
        utf16.push_str(&format!("6222{i:015}\t2024-01-05 14:08:00\t{i}.00\t陈某某{i}\r\n"));
    }
    let p = pipe_trail_char();
    let mut pipe = String::from("案号|到账日期|金额|领款人\n");
    for i in 0..20_000 {
        pipe.push_str(&format!("（2019）浙0203执{i}号|2019-05-01|{i}|{p}某{i}\n"));
    }
    let mut bad_gbk = gbk(&pipe.replace('|', ","));
    bad_gbk.extend(b"1,\xff\xfe,3\n");
    vec![
        ("crlf_quoted_large.csv", crlf.into_bytes()),
        ("late_gbk.csv", late_gbk),
        ("utf16_large.txt", utf16le_bom(&utf16)),
        ("gbk_pipe_large.txt", gbk(&pipe)),
        ("gbk_bad_bytes.csv", bad_gbk),
    ]
}

fn same_read(name: &str, whole: &Result<Loaded, xiansuo::Error>, streamed: &Result<Loaded, xiansuo::Error>, how: &str) {
    match (whole, streamed) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.tables.len(), b.tables.len(), "{name} {how}: tables");
            for (x, y) in a.tables.iter().zip(&b.tables) {
                // Compare the parts first, for a readable failure.
                assert_eq!(x.source, y.source, "{name} {how}: source");
                assert_eq!(x.skipped, y.skipped, "{name} {how}: skipped rows");
                assert_eq!((0..x.len()).map(|i| x.line(i)).collect::<Vec<_>>(), (0..y.len()).map(|i| y.line(i)).collect::<Vec<_>>(), "{name} {how}: rows");
                assert!(x == y, "{name} {how}: cells");
            }
            assert_eq!(a.errors, b.errors, "{name} {how}: warnings");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "{name} {how}"),
        (a, b) => panic!("{name} {how}: whole {:?} vs streamed {:?}", a.as_ref().map(|l| l.tables.len()), b.as_ref().map(|l| l.tables.len())),
    }
}

/// The page streams a `File` in pieces (`read_source`); the CLI reads bytes.
/// Both must give the same tables, row numbers, skipped rows, warnings and
/// undecodable counts, whatever the piece size.
#[test]
fn streamed_reads_match_whole_bytes() {
    let opts = IngestOptions::default();
    let mut flow: Vec<(&'static str, Vec<u8>)> = Vec::new();
    for f in ["alipay.csv", "alipay_web_footer.csv", "cmb_gbk.csv", "icbc_utf8.csv", "TenpayTrades.txt"] {
        flow.push((f, std::fs::read(format!("{}/tests/data/flow/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap()));
    }
    let small = all_fixtures().into_iter().chain(flow);
    let cases = small.map(|f| (f, &[1usize, 2, 3, 7, 64, 4099][..])).chain(large_fixtures().into_iter().map(|f| (f, &[997usize, 65_536][..])));
    for ((name, bytes), chunks) in cases {
        let whole = ingest::read(name, &bytes, &opts);
        if name.ends_with("_large.csv") || name.ends_with("_large.txt") || name.starts_with("late_") || name.starts_with("gbk_bad") {
            let t = whole.as_ref().ok().and_then(|l| l.tables.first()).unwrap_or_else(|| panic!("{name}: no table"));
            assert!(t.len() > 10_000, "{name}: the large fixture reads ({} rows)", t.len());
        }
        for &chunk in chunks {
            let mut src = ingest::source::Chunked { bytes: &bytes, chunk };
            same_read(name, &whole, &ingest::read_source(name, &mut src, &opts), &format!("in {chunk}-byte pieces"));
            let mut src = ingest::source::Chunked { bytes: &bytes, chunk };
            assert_eq!(
                format!("{:?}", xiansuo::flow::preamble::owner_hint(name, &bytes)),
                format!("{:?}", xiansuo::flow::preamble::owner_hint_source(name, &mut src)),
                "{name}: statement owner from the preamble/footer"
            );
        }
    }
}
