//! The first court's exports the screening tests read: cases, deposits, vehicles, real estate.

use super::*;
use std::path::Path;


// ---------------------------------------------------------------- screening inputs

pub(crate) const CASES_CSV: &str = "终本案件明细表.csv";
pub(crate) const CASES_XLSX: &str = "执行案件_第二批.xlsx";
pub(crate) const DEPOSITS: &str = "保证金台账(Unicode文本).txt";
pub(crate) const VEHICLES: &str = "机动车信息查询结果.xls";
pub(crate) const REALESTATE: &str = "不动产登记信息.xlsx";

/// Excel rows (1-based) of the cases CSV, as a user sees them when opening it.
pub(crate) const ROW_WANG: u64 = 5;
pub(crate) const ROW_LI: u64 = 6;
pub(crate) const ROW_ZHANG: u64 = 7;
pub(crate) const ROW_SUN_ZHOU: u64 = 8;
pub(crate) const ROW_QIAN: u64 = 10;
pub(crate) const ROW_WU: u64 = 12;

pub(crate) fn write_screen_inputs(d: &Path) {
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
