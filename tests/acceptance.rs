//! Acceptance: the real `xiansuo` binary on messy exports written here, independently of
//! the fixtures and the demo generator (other header spellings, title rows, footers, blank
//! rows, GBK / UTF-16 / XLSX / HTML-as-xls, damaged and odd IDs, multi-debtor cells, pinyin
//! vehicle codes, co-owners; bank statements in seven formats with planted patterns and
//! honest noise). Each test asserts leads that a prosecutor would expect from the planted
//! facts, and the planted negatives that must stay silent.
//!
//! IDs below are valid GB 11643 numbers (check digit computed with the standard weights;
//! `valid_id` re-checks them so a typo here cannot make a test pass for the wrong reason).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

const WANG: &str = "33028119700303102X"; // written lower-case in the cases file
const LI_15: &str = "330203550612042"; // old 15-digit form of LI
const LI: &str = "330203195506120421";
const ZHANG: &str = "330204198805050515"; // written with full-width digits
const SUN: &str = "330205199002020137";
const ZHOU: &str = "33020619920303024X";
const QIAN: &str = "330207197511110353"; // Excel-damaged in the cases file
const ZHAO: &str = "330208198308080460"; // written with spaces
const WU: &str = "330225198609090175";
const LIU: &str = "330203198210100281";
const CHEN: &str = "33020319800101001X";

fn valid_id(id: &str) -> bool {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let d: Vec<u32> = id.chars().take(17).filter_map(|c| c.to_digit(10)).collect();
    d.len() == 17
        && id.chars().nth(17)
            == "10X98765432"
                .chars()
                .nth((d.iter().zip(W).map(|(a, b)| a * b).sum::<u32>() % 11) as usize)
}

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(s).0.into_owned()
}

/// Excel "Unicode text": UTF-16LE with BOM, tab-separated, CRLF.
fn utf16le(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in s.replace('\n', "\r\n").encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Removes the input directory when dropped.
struct DirGuard(PathBuf);

impl Drop for DirGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The input directory. Each test thread holds it (a thread-local handle) until the test
/// ends; when the last holder ends, `DirGuard` deletes it, so no run leaves it behind. A
/// test starting after that gets a fresh directory under a new name, so a removal never
/// races a creation.
fn dir() -> PathBuf {
    static CURRENT: Mutex<Weak<DirGuard>> = Mutex::new(Weak::new());
    static SERIAL: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static HELD: RefCell<Option<Arc<DirGuard>>> = const { RefCell::new(None) };
    }
    if let Some(p) = HELD.with(|h| h.borrow().as_ref().map(|g| g.0.clone())) {
        return p;
    }
    let mut current = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
    let guard = match current.upgrade() {
        Some(g) => g,
        None => {
            let n = SERIAL.fetch_add(1, Ordering::Relaxed);
            let d = std::env::temp_dir().join(format!("xiansuo-acceptance-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&d);
            std::fs::create_dir_all(&d).expect("temp dir");
            let g = Arc::new(DirGuard(d));
            write_screen_inputs(&g.0);
            write_flow_inputs(&g.0);
            write_bad_inputs(&g.0);
            *current = Arc::downgrade(&g);
            g
        }
    };
    drop(current);
    let p = guard.0.clone();
    HELD.with(|h| *h.borrow_mut() = Some(guard));
    p
}

fn path(name: &str) -> String {
    dir().join(name).to_string_lossy().into_owned()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[String]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_xiansuo"))
        .args(args)
        .output()
        .expect("run xiansuo");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}\nstdout: {}",
            r.stderr, r.stdout
        )
    })
}

fn s(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

fn has_keys(v: &Value, keys: &[&str], what: &str) {
    for k in keys {
        assert!(v.get(k).is_some(), "{what}: key `{k}` missing in {v}");
    }
}

/// Brackets and spaces differ between sources; compare 案号 the way a person reads them.
fn case_eq(a: &str, b: &str) -> bool {
    let n = |x: &str| x.replace('(', "（").replace(')', "）").replace(' ', "");
    n(a) == n(b)
}

// ---------------------------------------------------------------- screening inputs

const CASES_CSV: &str = "终本案件明细表.csv";
const CASES_XLSX: &str = "执行案件_第二批.xlsx";
const DEPOSITS: &str = "保证金台账(Unicode文本).txt";
const VEHICLES: &str = "机动车信息查询结果.xls";
const REALESTATE: &str = "不动产登记信息.xlsx";

/// Excel rows (1-based) of the cases CSV, as a user sees them when opening it.
const ROW_WANG: u64 = 5;
const ROW_LI: u64 = 6;
const ROW_ZHANG: u64 = 7;
const ROW_SUN_ZHOU: u64 = 8;
const ROW_QIAN: u64 = 10;
const ROW_WU: u64 = 12;

fn write_screen_inputs(d: &Path) {
    // Court list in GBK: two title lines, a blank line, header on row 4, a blank row in the
    // data, a 合计 footer and a signature line; other header spellings and an extra column.
    let zhang_fw = full_width(ZHANG);
    let zhao_spaced = format!("{} {} {}", &ZHAO[..6], &ZHAO[6..14], &ZHAO[14..]);
    let cases = format!(
        "宁波市某某区人民法院终结本次执行案件明细表,,,,,,,,,,,,,,\n\
         导出时间：2025-07-01 09:12,,,,,,,,,,,,,,\n\
         ,,,,,,,,,,,,,,\n\
         序号,案号,申请执行人,被执行人名称,身份证号码,执行标的(元),未履行金额(元),立案日期,结案日期,结案方式,报告财产令日期,限制消费令日期,最后网络查控日期,承办法官,备注\n\
         1,（2020）浙0281执100号,某某银行股份有限公司宁波分行,王建国,{wang},\"120,000.00\",\"80,000.00\",2020-03-02,2020/9/15,终本,2020-03-05,2020-03-10,2025-05-01,李某,\n\
         2,（2019）浙0203执555号,宁波某某贸易有限公司,李秀英,{li15},50000,50000,20190301,20190828,终结本次执行程序,20190305,20190310,20250310,陈某,\n\
         3,(2021)浙0204执77号,赵某某,张伟,{zhang_fw},3.5万元,35000,2021年1月5日,2021年6月30日,终结本次执行,2021-01-10,,2025-06-01,李某,未发限消\n\
         4,（2022）浙0205执900号,某某小额贷款有限公司,\"孙强、周丽\",\"{sun}、{zhou}\",200000,200000,2022-05-31,2022-08-28,终本,2022-06-01,2022-06-01,2025-04-01,陈某,\n\
         ,,,,,,,,,,,,,,\n\
         5,（2023）浙0206执12号,钱某某,钱多多,3.30207E+17,60000,60000,2023-01-01,2023-06-30,终本,2023-01-05,2023-01-06,2025-06-01,李某,\n\
         6,（2018）浙0281执8号,某某,赵敏,{zhao_sp},10000,0,2018-01-01,2018-05-01,执行完毕,,,,李某,\n\
         7,（2021）浙0281执101号,某某,吴某某,{wu},30000,30000,2021-01-10,2021-06-10,终本,,2021-01-15,2024-10-01,陈某,\n\
         合计,,,,,\"473,500.00\",,,,,,,,,\n\
         制表人：张某某    审核人：李某某,,,,,,,,,,,,,,\n",
        wang = WANG.to_lowercase(),
        li15 = LI_15,
        sun = SUN,
        zhou = ZHOU,
        wu = WU,
        zhao_sp = zhao_spaced,
    );
    std::fs::write(d.join(CASES_CSV), gbk(&cases)).expect("write cases");

    // A second court list as XLSX: dates as real Excel date cells, no 报告财产令/限消/查控
    // columns (those rules must not fire on it), a merged title row.
    {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let _ = ws.set_name("案件");
        let date = Format::new().set_num_format("yyyy/m/d");
        let _ = ws.merge_range(0, 0, 0, 6, "执行案件信息（第二批）", &Format::new());
        for (c, h) in [
            "案号",
            "被执行人",
            "证件号码",
            "申请执行标的金额",
            "未履行金额",
            "立案日期",
            "终本日期",
            "结案方式",
        ]
        .iter()
        .enumerate()
        {
            let _ = ws.write_string(1, c as u16, *h);
        }
        let _ = ws.write_string(2, 0, "（2023）浙0212执300号");
        let _ = ws.write_string(2, 1, "刘芳");
        let _ = ws.write_string(2, 2, LIU);
        let _ = ws.write_number(2, 3, 10000.0);
        let _ = ws.write_number(2, 4, 10000.0);
        if let (Ok(a), Ok(b)) = (
            ExcelDateTime::from_ymd(2023, 2, 1),
            ExcelDateTime::from_ymd(2023, 9, 1),
        ) {
            let _ = ws.write_datetime_with_format(2, 5, &a, &date);
            let _ = ws.write_datetime_with_format(2, 6, &b, &date);
        }
        let _ = ws.write_string(2, 7, "终结本次执行");
        wb.save(d.join(CASES_XLSX)).expect("write cases xlsx");
    }

    // Bail deposits as Excel "Unicode text" (UTF-16LE, tab), 处理结果 variants, other headers.
    let deposits = format!(
        "序号\t被取保候审人姓名\t身份证号\t保证金(元)\t缴纳人\t缴纳日期\t处理结果\t应退赔金额\t经办民警\n\
         1\t李秀英\t{LI}\t10000\t李秀英\t2018-05-01\t未退还\t4000\t王某\n\
         2\t王建国\t{WANG}\t20000\t王建国\t2019-01-01\t已退还\t0\t王某\n\
         3\t张伟\t{ZHANG}\t5000\t张伟\t2019-01-01\t没收\t0\t王某\n\
         4\t钱多多\t{QIAN}\t8000\t钱某父\t2019-01-01\t未处理\t8000\t王某\n\
         5\t孙强\t{SUN}\t3000\t孙某某\t2020-01-01\t--\t0\t王某\n\
         6\t周丽\t{ZHOU}\t4000\t周丽\t2020-01-01\t移交法院\t0\t王某\n"
    );
    std::fs::write(d.join(DEPOSITS), utf16le(&deposits)).expect("write deposits");

    // Vehicles: an HTML table saved as .xls, pinyin headers, plates without province.
    let mut html = String::from(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body>\
         <table border=1><tr><td colspan=10>机动车登记信息查询结果</td></tr>\
         <tr><td>HPHM</td><td>HPZL</td><td>FZJG</td><td>SYR</td><td>SFZMHM</td><td>CLSBDH</td><td>CCDJRQ</td><td>ZT</td><td>DYBJ</td><td>CLPP1</td></tr>",
    );
    for (plate, kind, owner, id, vin, date, zt) in [
        (
            "B12345",
            "02",
            "张伟",
            ZHANG,
            "LSVAA4182E2000001",
            "2020-05-01",
            "A",
        ),
        (
            "BD88888",
            "52",
            "孙强",
            SUN,
            "LSVAA4182E2000002",
            "2023-01-01",
            "GK",
        ),
        (
            "B66666",
            "02",
            "王建国",
            WANG,
            "LSVAA4182E2000003",
            "2018-01-01",
            "E",
        ),
        (
            "B77777",
            "02",
            "钱多多",
            QIAN,
            "LSVAA4182E2000004",
            "2024-02-01",
            "A",
        ),
        (
            "B99999",
            "02",
            "赵敏",
            ZHAO,
            "LSVAA4182E2000005",
            "2019-01-01",
            "A",
        ),
        (
            "B55555",
            "02",
            "周丽",
            ZHOU,
            "LSVAA4182E2000006",
            "2021-01-01",
            "K",
        ),
    ] {
        html.push_str(&format!(
            "<tr><td>{plate}</td><td>{kind}</td><td>浙B</td><td>{owner}</td><td>{id}</td><td>{vin}</td><td>{date}</td><td>{zt}</td><td>0</td><td>大众</td></tr>"
        ));
    }
    html.push_str("</table></body></html>");
    std::fs::write(d.join(VEHICLES), html).expect("write vehicles");

    // Real estate XLSX: merged title row, co-owners in one cell, Excel date cells.
    {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let _ = ws.set_name("登记信息");
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let _ = ws.merge_range(0, 0, 0, 8, "不动产登记信息查询结果", &Format::new());
        for (c, h) in [
            "不动产权证号",
            "坐落",
            "权利人",
            "权利人证件号",
            "共有情况",
            "登记时间",
            "是否查封",
            "是否抵押",
            "建筑面积",
        ]
        .iter()
        .enumerate()
        {
            let _ = ws.write_string(1, c as u16, *h);
        }
        // (证号, 坐落, 权利人, 证件号, 共有情况, 登记日期, 是否查封)
        type Re<'a> = (
            &'a str,
            &'a str,
            String,
            String,
            &'a str,
            (u16, u8, u8),
            &'a str,
        );
        let rows: [Re; 4] = [
            (
                "浙(2018)宁波市不动产权第0001111号",
                "宁波市某某区某某路1号1幢101室",
                "刘芳、王建国".into(),
                format!("{LIU}、{WANG}"),
                "共同共有",
                (2018, 6, 1),
                "否",
            ),
            (
                "浙(2017)宁波市不动产权第0002222号",
                "宁波市某某区某某路2号",
                "赵敏".into(),
                ZHAO.into(),
                "单独所有",
                (2017, 3, 1),
                "否",
            ),
            (
                "浙(2016)宁波市不动产权第0003333号",
                "宁波市某某区某某路3号",
                "吴某某".into(),
                WU.into(),
                "单独所有",
                (2016, 3, 1),
                "是",
            ),
            (
                "浙(2021)宁波市不动产权第0004444号",
                "宁波市某某区某某路4号",
                "李秀英".into(),
                LI.into(),
                "单独所有",
                (2021, 3, 1),
                "否",
            ),
        ];
        for (i, (cert, loc, owner, id, share, (y, m, dd), sealed)) in rows.iter().enumerate() {
            let r = i as u32 + 2;
            let _ = ws.write_string(r, 0, *cert);
            let _ = ws.write_string(r, 1, *loc);
            let _ = ws.write_string(r, 2, owner);
            let _ = ws.write_string(r, 3, id);
            let _ = ws.write_string(r, 4, *share);
            if let Ok(dt) = ExcelDateTime::from_ymd(*y, *m, *dd) {
                let _ = ws.write_datetime_with_format(r, 5, &dt, &date);
            }
            let _ = ws.write_string(r, 6, *sealed);
            let _ = ws.write_string(r, 7, "否");
            let _ = ws.write_number(r, 8, 89.5);
        }
        wb.save(d.join(REALESTATE)).expect("write realestate");
    }
}

fn write_bad_inputs(d: &Path) {
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

fn screen() -> &'static (Run, Value) {
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

fn leads<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["leads"]
        .as_array()
        .map(|a| a.iter().filter(|l| s(l, "rule") == rule).collect())
        .unwrap_or_default()
}

fn lead_for<'a>(v: &'a Value, rule: &str, subject: &str) -> Option<&'a Value> {
    leads(v, rule)
        .into_iter()
        .find(|l| s(l, "subject_name") == subject)
}

fn evidence_row(lead: &Value, file: &str) -> Vec<u64> {
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

fn describe(v: &Value) -> String {
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
fn fixture_ids_are_valid() {
    for id in [WANG, LI, ZHANG, SUN, ZHOU, QIAN, ZHAO, WU, LIU, CHEN] {
        assert!(valid_id(id), "{id}");
    }
}

#[test]
fn screen_json_has_the_documented_keys() {
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
fn deposit_lead_joins_15_digit_id_and_nets_the_victim_refund() {
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
fn deposit_with_blank_outcome_paid_by_another_person_is_a_lead() {
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
fn refunded_confiscated_transferred_or_fully_owed_deposits_stay_silent() {
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
fn vehicle_leads_use_pinyin_columns_and_odd_ids() {
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
fn damaged_case_id_falls_back_to_a_weak_name_match() {
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
fn vehicle_negatives_stay_silent() {
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
fn realestate_co_owner_share_is_a_lead_for_each_debtor_owner() {
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
fn procedure_rules_fire_on_the_planted_cases_only() {
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
fn rules_without_their_files_are_reported_not_evaluated() {
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
fn inspect_reports_header_rows_encodings_and_damaged_ids() {
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
fn bad_files_get_a_chinese_error_and_the_rest_is_still_screened() {
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
const A2: &str = "330212199001010010";
const B2: &str = "330212199102020023";
const C2: &str = "330212198003030037";
const D2: &str = "330212197004040048";
const E2: &str = "33021219750505005X";

fn write_second_office(d: &Path) -> [String; 3] {
    let cases = format!(
        "执行案件查询结果\n\
         案件编号,被执行人姓名/名称,证件号,申请标的额,未执行到位金额,立案时间,终本日期,结案方式,执行法院\n\
         （2022）浙0212执1号,甲某,{A2}\t,50000,50000,2022-01-05,44805,终本结案,某某区法院\n\
         （2022）浙0212执1号,乙某,{B2} ,50000,50000,2022-01-05,44805,终本结案,某某区法院\n\
         （2022）浙0212执2号,丙某,330212198003030000,9000,9000,2022-01-05,2022.09.01,终结本次执行程序,某某区法院\n\
         （2022）浙0212执3号,丁某,{dm}********{dl},9000,9000,2022-01-05,2022-09-01,终结本次执行程序,某某区法院\n\
         （2022）浙0212执4号,戊某,{E2},9000,9000,2022-01-05,2022-09-01,终结本次执行程序,某某区法院\n\
         （2022）浙0212执5号,己某,330212********9999,9000,9000,2022-01-05,2022-09-01,终结本次执行程序,某某区法院\n",
        dm = &D2[..6],
        dl = &D2[14..],
    );
    let mut html = String::from("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><table>\
        <tr><th>号牌号码</th><th>号牌种类</th><th>发证机关</th><th>所有人</th><th>身份证明号码</th><th>机动车状态</th><th>初次登记日期</th></tr>");
    for (plate, owner, id, zt) in [
        ("浙B·A0001", "甲某", A2.to_string(), "A"),
        ("B-A0002", "乙某", B2.to_lowercase(), "GK"),
        ("BA0003", "丙某", C2.into(), "A"),
        ("BA0004", "丁某", D2.into(), "A"),
        ("BA0005", "己某", D2.into(), "A"),
    ] {
        html.push_str(&format!("<tr><td>{plate}</td><td>小型汽车</td><td>浙B</td><td>{owner}</td><td>{id}</td><td>{zt}</td><td>2019-01-01</td></tr>"));
    }
    html.push_str("</table></body></html>");
    let deposits = format!(
        "取保候审保证金明细\n序号,姓名,身份证号码,保证金数额,处理情况,退还金额,退赔被害人\n\
         1,戊某,{E2},\"10,000.00\",部分退还,3000,2000\n\
         2,丙某,{C2},8000,暂未处理,,\n"
    );
    let names = ["二院案件.csv", "二院车辆.xls", "二院保证金.csv"];
    std::fs::write(d.join(names[0]), gbk(&cases)).expect("cases2");
    std::fs::write(d.join(names[1]), gbk(&html)).expect("vehicles2");
    std::fs::write(d.join(names[2]), gbk(&deposits)).expect("deposits2");
    names.map(String::from)
}

#[test]
fn second_office_exports_are_screened_the_same_way() {
    let names = write_second_office(&dir());
    let mut args: Vec<String> = ["screen", "--as-of", "2025-06-30", "--format", "json"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(names.iter().map(|n| path(n)));
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    let get = |rule: &str, who: &str| {
        lead_for(&v, rule, who).unwrap_or_else(|| panic!("no {rule} for {who}:\n{}", describe(&v)))
    };
    // One debtor per row of a shared case; the 终本日期 44805 is 2022-09-01.
    let a = get("vehicle.unseized", "甲某");
    assert_eq!(
        (s(a, "match").as_str(), s(a, "subject_id").as_str()),
        ("id", A2)
    );
    assert!(
        a.to_string().contains("2022-09-01"),
        "Excel serial 44805 read as 2022-09-01: {a}"
    );
    assert!(a.to_string().contains("浙BA0001"), "{a}");
    assert_eq!(evidence_row(a, &names[0]), vec![3]);
    assert_eq!(evidence_row(a, &names[1]), vec![2]);
    let b = get("vehicle.seized_in_use", "乙某");
    assert_eq!(
        s(b, "subject_id"),
        B2,
        "lower-case x and trailing space normalised"
    );
    // Last digits zeroed by Excel: the birth date survives, so name+birth, never id.
    let c = get("vehicle.unseized", "丙某");
    assert_eq!(s(c, "match"), "name+birth");
    assert_eq!(s(c, "subject_id"), C2);
    // Masked ID whose visible digits agree: a weak name match, never id.
    assert_eq!(s(get("vehicle.unseized", "丁某"), "match"), "name");
    // Masked ID whose visible digits disagree with the owner's ID: not the same person.
    assert!(
        lead_for(&v, "vehicle.unseized", "己某").is_none(),
        "visible digits 9999 ≠ 0048:\n{}",
        describe(&v)
    );
    // 部分退还: 10,000 − 2,000 owed to the victim − 3,000 already refunded = 5,000.
    let e = get("deposit.unreturned", "戊某");
    assert_eq!(e["amount_fen"].as_i64(), Some(500_000), "{e}");
    assert_eq!(evidence_row(e, &names[2]), vec![3]);
    // 暂未处理 is not a refund; 8,000 available but only 9,000 unpaid → 8,000.
    assert_eq!(
        get("deposit.unreturned", "丙某")["amount_fen"].as_i64(),
        Some(800_000)
    );
}

// A third court: amounts headed in 万元, a public 失信 list with a masked ID and Chinese
// dates, a cremation register as TSV, a seizure list with values in 万元, a payout ledger.
const P3: &str = "330213198001010012";
const Q3: &str = "330213201006060021"; // born 2010-06-06: a minor when listed in 2021
const R3: &str = "330213195007070039";
const S3: &str = "330213196608080042";

#[test]
fn third_court_units_lists_and_ledgers() {
    let d = dir();
    let files = [
        (
            "三院案件.csv",
            format!(
                "案号,被执行人,身份证件号码,执行标的(万元),已执行到位金额(万元),未履行金额（万元）,立案日期,结案日期,结案方式\n\
                 （2021）浙0213执10号,朱某,{P3},2,2,0,2021-01-01,2021-05-01,执行完毕\n\
                 （2021）浙0213执11号,秦某,{R3},3,0,3,2021-01-01,2021-08-01,终结本次执行程序\n\
                 （2021）浙0213执12号,尤某,{S3},10,0,10,2021-01-01,2021-08-01,终本\n\
                 （2020）浙0213执13号,许某,{S3},10,10,0,2020-01-01,2020-08-01,执行完毕\n\
                 （2021）浙0213执14号,施某,{Q3},0.5,0,0.5,2021-01-01,2021-08-01,终本\n"
            ),
        ),
        (
            "失信名单.csv",
            format!(
                "失信被执行人名单\n序号,被执行人姓名/名称,身份证号码/组织机构代码,执行依据文号,案号,发布时间,失信被执行人行为具体情形\n\
                 1,朱某,{}****{},(2020)浙0213民初1号,(2021)浙0213执10号,2021年3月1日,有履行能力而拒不履行\n\
                 2,何小某,{Q3},(2020)浙0213民初2号,（2021）浙0213执99号,2021-03-01,违反限制消费令\n\
                 3,秦某,{R3},(2020)浙0213民初3号,（2021）浙0213执11号,2023-03-01,有履行能力而拒不履行\n\
                 4,尤某,{S3},(2020)浙0213民初4号,（2021）浙0213执12号,2021-06-01,有履行能力而拒不履行\n",
                &P3[..10],
                &P3[14..]
            ),
        ),
        ("火化信息.txt", format!("姓名\t公民身份号码\t火化日期\t殡仪馆\n秦某\t{R3}\t2022/12/01\t某某殡仪馆\n")),
        (
            "查封财产.csv",
            "查封扣押冻结财产清单\n执行案号,财产种类,财产名称,评估价(万元),查封日期,查封期限届满日,解封日期\n\
             （2020）浙0213执13号,不动产,某路5号,120,2020-03-01,2023-03-01,\n\
             （2021）浙0213执12号,不动产,某路6号,150,2021-03-01,2024-03-01,\n\
             （2021）浙0213执12号,存款,银行存款,10.5,2021-03-01,2022-03-01,2021-06-01\n"
                .to_string(),
        ),
        (
            "执行款台账.csv",
            "执行款台账\n案号,执行款到账时间,到账金额,发放时间,发放状态,是否暂缓发放\n\
             （2021）浙0213执12号,2025-03-01,\"50,000.00\",,未发放,否\n\
             （2021）浙0213执11号,2025-06-20,\"10,000.00\",,未发放,\n\
             （2021）浙0213执10号,2021-03-01,\"20,000.00\",2021-05-01,已发放,\n"
                .to_string(),
        ),
        ("三院保证金.csv", format!("被取保候审人,证件号码,保证金金额,处理结果\n施某,{Q3},8000,未处理\n")),
    ];
    let mut args: Vec<String> = ["screen", "--as-of", "2025-06-30", "--format", "json"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (name, text) in &files {
        let bytes = if name.starts_with("失信") {
            gbk(text)
        } else {
            text.clone().into_bytes()
        };
        std::fs::write(d.join(name), bytes).expect("write");
        args.push(path(name));
    }
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    let one = |rule: &str| -> &Value {
        let l = leads(&v, rule);
        assert_eq!(
            l.len(),
            1,
            "{rule}: want exactly one lead:\n{}",
            describe(&v)
        );
        l[0]
    };
    // 未履行 0.5 万元 = 5,000 yuan caps the 8,000 deposit.
    assert_eq!(
        one("deposit.unreturned")["amount_fen"].as_i64(),
        Some(500_000),
        "{}",
        describe(&v)
    );
    // 150 万元 active against 10 万元 unpaid (the 10.5 万元 deposit freeze was released).
    let o = one("overseizure.excess");
    assert!(case_eq(&s(o, "case_no"), "（2021）浙0213执12号"));
    assert!(
        o.to_string().contains("1,500,000.00"),
        "sum of active seizures in 元: {o}"
    );
    let n = one("credit.not_removed");
    assert_eq!(s(n, "subject_name"), "朱某");
    assert_ne!(s(n, "match"), "id", "the list masks the ID");
    assert_eq!(evidence_row(n, "失信名单.csv"), vec![3]);
    assert_eq!(s(one("credit.minor_listed"), "subject_name"), "何小某");
    let death = one("death.measure_after_death");
    assert_eq!(s(death, "subject_name"), "秦某");
    assert_eq!(evidence_row(death, "火化信息.txt"), vec![2]);
    // Received 2025-03-01, unpaid on 2025-06-30; the 2025-06-20 receipt is within 30 days.
    let p = one("payout.overdue");
    assert!(case_eq(&s(p, "case_no"), "（2021）浙0213执12号"));
    assert_eq!(p["amount_fen"].as_i64(), Some(5_000_000));
    let rel = one("release.not_released");
    assert!(case_eq(&s(rel, "case_no"), "（2020）浙0213执13号"));
}

// ---------------------------------------------------------------- flow inputs

const ACC_A: &str = "6222000011112222333"; // 陈小明, the debtor (police query format)
const ACC_B: &str = "6217000022223333444"; // 林某 (ICBC-like)
const ACC_C: &str = "6225880033334444"; // 周某 (CMB-like)
const ACC_D: &str = "6228480044445555666"; // 陈小红, relative (ABC-like)
const ACC_E: &str = "6222600055556666777"; // 吴某, honest (BOCOM-like)
const ACC_F: &str = "6217000077778888999"; // 褚某, honest (CCB-like HTML .xls)

const F_POLICE: &str = "资金查询反馈_陈小明.csv";
const F_ICBC: &str = "林某_工行历史明细.csv";
const F_CMB: &str = "周某_招行.csv";
const F_ABC: &str = "陈小红_农行明细.csv";
const F_BOCOM: &str = "吴某_交行.csv";
const F_CCB: &str = "褚某_建行明细.xls";
const F_WECHAT: &str = "微信支付交易明细_陈小明.txt";
const F_ALIPAY: &str = "支付宝_陈小明.csv";
const F_FLOW_CASES: &str = "流水案件.csv";

/// Police rows (Excel rows; header is row 1) of the planted transactions.
struct PoliceRows {
    fast_in: u64,
    fast_out: u64,
    large_out: u64,
    structuring: [u64; 3],
    night: [u64; 3],
    evening: u64,
    insurance: u64,
    before_filing: u64,
}

static POLICE_ROWS: OnceLock<PoliceRows> = OnceLock::new();

fn write_flow_inputs(d: &Path) {
    // The debtor's case in GBK, other headers, the old 15-digit ID (statements carry the 18-digit one).
    let cases = "执行案件清单\n执行案号,被执行人名称,身份证号码,执行立案日期,终本日期,结案方式,未执行到位金额\n\
                 （2024）浙0203执1000号,陈小明,330203800101001,2024/3/1,2024年9月1日,终本,\"500,000.00\"\n";
    std::fs::write(d.join(F_FLOW_CASES), gbk(cases)).expect("cases");

    // Police query format, GB18030. (time, 进/出, yuan, cp account, cp name, summary, cash?)
    type P<'a> = (&'a str, &'a str, i64, &'a str, &'a str, &'a str, bool);
    let mut rows: Vec<P> = Vec::new();
    let months = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"];
    let salary: Vec<String> = months
        .iter()
        .map(|m| format!("2024-{m}-10 09:00:00"))
        .collect();
    let shop: Vec<String> = months
        .iter()
        .map(|m| format!("2024-{m}-12 18:30:00"))
        .collect();
    for i in 0..months.len() {
        rows.push((
            salary[i].as_str(),
            "进",
            8000,
            "33050100000000009999",
            "宁波某某科技有限公司",
            "代发工资",
            false,
        ));
        rows.push((shop[i].as_str(), "出", 320, "", "某某超市", "消费", false));
    }
    let planted: [P; 16] = [
        (
            "2024-04-10 10:00:00",
            "进",
            200_000,
            "33050100000000001111",
            "宁波某某贸易有限公司",
            "货款",
            false,
        ),
        (
            "2024-04-10 10:12:00",
            "出",
            198_000,
            ACC_D,
            "陈小红",
            "转账",
            false,
        ),
        (
            "2024-05-20 14:00:00",
            "出",
            150_000,
            ACC_B,
            "林某",
            "借款",
            false,
        ),
        ("2024-06-03 11:00:00", "出", 49_000, "", "", "ATM取款", true),
        ("2024-06-04 11:00:00", "出", 48_500, "", "", "ATM取款", true),
        ("2024-06-05 11:00:00", "出", 49_500, "", "", "ATM取款", true),
        (
            "2024-06-15 02:30:00",
            "出",
            8_000,
            "6212260000000001234",
            "郑某",
            "转账",
            false,
        ),
        (
            "2024-06-20 23:40:00",
            "出",
            7_000,
            "6212260000000001234",
            "郑某",
            "转账",
            false,
        ),
        (
            "2024-06-25 01:15:00",
            "出",
            9_000,
            "6212260000000001234",
            "郑某",
            "转账",
            false,
        ),
        (
            "2024-06-16 21:50:00",
            "出",
            6_000,
            "6212260000000005678",
            "何某",
            "转账",
            false,
        ),
        (
            "2024-07-01 11:00:00",
            "出",
            30_000,
            "11001000000000000001",
            "中国人寿保险股份有限公司",
            "保费",
            false,
        ),
        (
            "2024-08-01 10:00:00",
            "出",
            100_000,
            ACC_B,
            "林某",
            "转账",
            false,
        ),
        (
            "2024-08-03 15:00:00",
            "进",
            98_000,
            ACC_C,
            "周某",
            "还款",
            false,
        ),
        (
            "2024-03-20 10:00:00",
            "进",
            300_000,
            "33050100000000002222",
            "宁波某某投资有限公司",
            "往来款",
            false,
        ),
        (
            "2024-09-20 10:00:00",
            "出",
            50,
            "",
            "某某便利店",
            "消费",
            false,
        ),
        (
            "2024-02-15 10:00:00",
            "出",
            60_000,
            "6212260000000009999",
            "严某",
            "还款",
            false,
        ),
    ];
    rows.extend_from_slice(&planted);
    rows.sort_by(|a, b| a.0.cmp(b.0));
    let mut csv = String::from("交易卡号,交易账号,交易户名,开户人证件号码,交易时间,交易金额,交易余额,收付标志,交易对手账卡号,对手户名,对手身份证号,对手开户银行,摘要说明,现金标志,交易是否成功,交易网点名称,IP地址,交易流水号\n");
    let mut bal: i64 = 20_000;
    let row_of = |t: &str, rows: &[P]| {
        rows.iter()
            .position(|r| r.0 == t)
            .map(|p| p as u64 + 2)
            .unwrap_or(0)
    };
    for (i, (t, dirn, amt, cpa, cpn, sum, cash)) in rows.iter().enumerate() {
        bal += if *dirn == "进" { *amt } else { -amt };
        csv.push_str(&format!(
            "{ACC_A},{ACC_A},陈小明,{CHEN},{t},{amt}.00,{bal}.00,{dirn},{cpa},{cpn},,,{sum},{},成功,宁波分行营业部,,P{:06}\n",
            if *cash { "现金" } else { "转账" },
            i
        ));
    }
    let _ = POLICE_ROWS.set(PoliceRows {
        fast_in: row_of("2024-04-10 10:00:00", &rows),
        fast_out: row_of("2024-04-10 10:12:00", &rows),
        large_out: row_of("2024-05-20 14:00:00", &rows),
        structuring: [
            row_of("2024-06-03 11:00:00", &rows),
            row_of("2024-06-04 11:00:00", &rows),
            row_of("2024-06-05 11:00:00", &rows),
        ],
        night: [
            row_of("2024-06-15 02:30:00", &rows),
            row_of("2024-06-20 23:40:00", &rows),
            row_of("2024-06-25 01:15:00", &rows),
        ],
        evening: row_of("2024-06-16 21:50:00", &rows),
        insurance: row_of("2024-07-01 11:00:00", &rows),
        before_filing: row_of("2024-02-15 10:00:00", &rows),
    });
    std::fs::write(d.join(F_POLICE), gbk(&csv)).expect("police");

    // ICBC-like: preamble with 户名/账号, separate 收入/支出 columns, cells padded with spaces/tabs.
    let icbc = format!(
        "中国工商银行借记账户历史明细（电子版）,,,,,,,,,\n\
         户名：林某,,,,,,,,,\n\
         账号：{ACC_B},,,,,,,,,\n\
         起止日期：2024-01-01 至 2024-12-31,,,,,,,,,\n\
         交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),余额,对方户名,对方账户\n\
         2024-05-20 14:00:05 ,转账,网上银行,CHN,钞,\" 150,000.00\t\",,\" 151,000.00\",陈小明 ,{ACC_A}\t\n\
         2024-06-01 09:00:00 ,房租,网上银行,CHN,钞,,\" 3,000.00\",\" 148,000.00\",王房东,6212261111111111\t\n\
         2024-08-01 10:00:30 ,转账,网上银行,CHN,钞,\" 100,000.00\",,\" 248,000.00\",陈小明,{ACC_A}\t\n\
         2024-08-02 09:00:00 ,转账,网上银行,CHN,钞,,\" 99,000.00\",\" 149,000.00\",周某,{ACC_C}\t\n\
         合计,,,,,\"250,000.00\",\"102,000.00\",,,\n"
    );
    std::fs::write(d.join(F_ICBC), icbc).expect("icbc");

    // CMB-like GBK with `#` preamble; counterparty name and account in one cell.
    let cmb = format!(
        "# 招商银行交易记录\n# 账号: [{ACC_C}]\n# 户名: [周某]\n# 币种: [人民币]\n# 起始日期: [20240101]   终止日期: [20241231]\n\n\
         交易日期,交易时间,收入,支出,余额,交易类型,对手信息\n\
         20240715,08:10:00,,35.00,1965.00,消费,某某早餐店\n\
         20240802,09:30:00,99000.00,,100965.00,转账汇款,林某 {ACC_B}\n\
         20240803,15:00:00,,98000.00,2965.00,转账汇款,陈小明 {ACC_A}\n\
         20240810,12:00:00,,60.00,2905.00,消费,某某餐厅\n\
         \n# 合计收入: 99000.00\n"
    );
    std::fs::write(d.join(F_CMB), gbk(&cmb)).expect("cmb");

    // ABC-like: compact yyyymmdd + hhmmss, signed amounts.
    let abc = format!(
        "账户明细查询\n账号：{ACC_D} 户名：陈小红\n\
         交易日期,交易时间,交易金额,本次余额,对方户名,对方账号,交易行,交易渠道,交易用途\n\
         20240405,093000,-200.00,1800.00,某某药房,,宁波分行,POS,消费\n\
         20240410,101500,+198000.00,199800.00,陈小明,{ACC_A},宁波分行,网银,转账\n\
         20240501,140000,-1500.00,198300.00,某某物业,,宁波分行,网银,物业费\n"
    );
    std::fs::write(d.join(F_ABC), abc).expect("abc");

    // CCB-like: an HTML table saved as .xls, owner inside a title cell, 支出/收入 columns,
    // counterparty "account/name" in one cell, a disclaimer footer.
    let ccb = format!(
        "<html><head><meta charset=\"utf-8\"></head><body><table>\
         <tr><td colspan=10>中国建设银行个人活期账户交易明细</td></tr>\n\
         <tr><td colspan=10>账号：{ACC_F} 户名：褚某</td></tr>\n\
         <tr><td>序号</td><td>摘要</td><td>币别</td><td>钞汇</td><td>交易日期</td><td>支出</td><td>收入</td><td>账户余额</td><td>交易地点/附言</td><td>对方账号与户名</td></tr>\n\
         <tr><td>1</td><td>工资</td><td>人民币</td><td>钞</td><td>20240615</td><td></td><td>9,500.00</td><td>10,000.00</td><td>代发</td><td>33050100000000006666/宁波某某医院</td></tr>\n\
         <tr><td>2</td><td>消费</td><td>人民币</td><td>钞</td><td>20240616</td><td>1,200.00</td><td></td><td>8,800.00</td><td>POS</td><td></td></tr>\n\
         <tr><td colspan=10>以上数据仅供参考，具体以银行账务为准</td></tr>\n</table></body></html>"
    );
    std::fs::write(d.join(F_CCB), ccb).expect("ccb");

    // BOCOM-like honest account: 借 Dr / 贷 Cr; a large inflow spent days later on renovation.
    let mut bocom = format!("交通银行个人账户交易明细\n账号:{ACC_E} 户名:吴某\n交易日期,交易时间,交易地点,交易方式,借贷标志,交易金额,余额,对方户名,对方账号,摘要\n");
    let mut bal = 5_000i64;
    let mut e_in = 0i64;
    let mut e_out = 0i64;
    for m in 1..=6 {
        bal += 12_000;
        e_in += 12_000;
        bocom.push_str(&format!("2024-{m:02}-15,10:00:00,宁波,网银,贷 Cr,\"12,000.00\",{bal}.00,宁波某某制造有限公司,33050100000000007777,代发工资\n"));
        bal -= 3_000;
        e_out += 3_000;
        bocom.push_str(&format!("2024-{m:02}-16,09:00:00,宁波,网银,借 Dr,\"3,000.00\",{bal}.00,孙房东,6212262222222222,房租\n"));
    }
    bal += 60_000;
    e_in += 60_000;
    bocom.push_str(&format!(
        "2024-03-05,10:00:00,宁波,网银,贷 Cr,\"60,000.00\",{bal}.00,吴大某,6212263333333333,借款\n"
    ));
    bal -= 55_000;
    e_out += 55_000;
    bocom.push_str(&format!("2024-03-08,16:00:00,宁波,网银,借 Dr,\"55,000.00\",{bal}.00,宁波某某装饰工程有限公司,33050100000000008888,装修款\n"));
    std::fs::write(d.join(F_BOCOM), bocom).expect("bocom");
    let _ = E_TOTALS.set((e_in * 100, e_out * 100));

    // WeChat-style TenpayTrades: tab, amounts in 分, repeated header names.
    let wechat = "用户ID\t交易单号\t借贷类型\t交易业务类型\t交易用途类型\t交易时间\t交易金额(分)\t账户余额(分)\t对手方ID\t对手侧账户名称\t网联/银联\t对手侧账户名称\t网联/银联\t备注1\n\
                  wxid_chenxm01\t1000001\t出\t消费\t铁路12306\t2024-10-01 08:00:00\t55300\t144700\t\t中国铁路网络有限公司\t\t\t\t火车票\n\
                  wxid_chenxm01\t1000002\t入\t转账\t转账\t2024-10-02 12:00:00\t20000\t164700\twxid_friend\t朋友甲\t\t\t\t\n\
                  wxid_chenxm01\t1000003\t出\t消费\t消费\t2024-10-03 19:00:00\t2350\t162350\t\t某某餐厅\t\t\t\t\n";
    std::fs::write(d.join(F_WECHAT), wechat).expect("wechat");

    // Alipay-like with preamble and footer; one closed (failed) trade.
    let alipay = "支付宝交易记录明细查询\n账号:[chenxm@example.com]\n起始日期:[2024-01-01 00:00:00]    终止日期:[2024-12-31 23:59:59]\n\
                  ---------------------------------交易记录明细列表------------------------------------\n\
                  交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态,\n\
                  2024071522001100001,T001,2024-07-15 10:00:00,2024-07-15 10:00:05,2024-07-15 10:00:05,其他（包括阿里巴巴和外部商家）,即时到账交易,宁波某某汽车销售服务有限公司,4S店购车定金,50000.00,支出,交易成功,0.00,0.00,,已支出,\n\
                  2024071622001100002,T002,2024-07-16 10:00:00,,2024-07-16 10:30:00,其他（包括阿里巴巴和外部商家）,即时到账交易,某某旅行社,旅游团费,20000.00,支出,交易关闭,0.00,0.00,,,\n\
                  2024071722001100003,T003,2024-07-17 12:00:00,2024-07-17 12:00:02,2024-07-17 12:00:02,淘宝,即时到账交易,某某店铺,日用品,88.00,支出,交易成功,0.00,0.00,,已支出,\n\
                  ------------------------------------------------------------------------------------\n\
                  共3笔记录\n导出时间:[2025-01-02 10:00:00]\n";
    std::fs::write(d.join(F_ALIPAY), gbk(alipay)).expect("alipay");
}

static E_TOTALS: OnceLock<(i64, i64)> = OnceLock::new();

fn flow() -> &'static (Run, Value) {
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

fn has_txn(lead: &Value, file: &str, row: u64) -> bool {
    lead["transactions"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|t| s(t, "file").ends_with(file) && t["row"].as_u64() == Some(row))
}

fn flow_leads<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    leads(v, rule)
}

fn describe_flow(v: &Value) -> String {
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

fn account<'a>(v: &'a Value, acc: &str) -> &'a Value {
    v["accounts"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| s(a, "account") == acc)
        .unwrap_or_else(|| panic!("account {acc} missing: {}", v["accounts"]))
}

#[test]
fn flow_json_has_the_documented_keys_and_reads_every_file() {
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
fn flow_fast_in_out_on_the_debtor_account() {
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
fn flow_large_outflow_after_filing_is_tagged_with_its_phase() {
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
fn flow_structuring_night_and_asset_keywords() {
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
fn flow_loop_across_three_banks() {
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
fn flow_amounts_directions_and_dedup_across_formats() {
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
fn flow_honest_account_and_noise_stay_silent() {
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
fn police_workbook_with_companion_sheets() {
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

/// Two debtors in one cell (split on ；) with only the first one's ID; a 终本 case restored
/// by a later 执恢 case against the same debtor at the same court (ID written with spaces).
#[test]
fn restored_cases_and_unequal_multi_cells() {
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
fn csv_export_neutralises_formula_like_cells() {
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
fn evidence_row_after_a_multi_line_cell_is_the_excel_row() {
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
fn one_workbook_with_several_sheets() {
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
