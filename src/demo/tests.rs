//! Self-checks of the generated files that need no reader: encodings,
//! layouts and the planted facts, so a change to a generator that breaks a
//! story fails here even before ingestion or the engines run.

use super::*;

fn file(name: &str) -> DemoFile {
    files().into_iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no demo file {name}"))
}

fn gb(name: &str) -> String {
    let f = file(name);
    let (text, _, bad) = encoding_rs::GB18030.decode(&f.bytes);
    assert!(!bad, "{name} is not clean GB18030");
    text.into_owned()
}

#[test]
fn deterministic_bytes() {
    assert_eq!(files(), files());
}

#[test]
fn every_file_is_nonempty_and_names_are_distinct() {
    let fs = files();
    let names: std::collections::HashSet<_> = fs.iter().map(|f| f.name.clone()).collect();
    assert_eq!(names.len(), fs.len());
    assert!(fs.iter().all(|f| f.bytes.len() > 100));
}

#[test]
fn cases_file_is_gbk_with_title_and_footer_and_the_messy_cells() {
    let text = gb(cases::FILE);
    assert!(!text.is_char_boundary(0) || std::str::from_utf8(&file(cases::FILE).bytes).is_err(), "must not be UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("宁波市海曙区人民法院执行案件清单"));
    assert!(lines[1].starts_with("序号,案号,申请执行人,被执行人,证件号码"));
    assert!(lines.last().unwrap().starts_with("合计：共"));
    let chen = lines.iter().find(|l| l.contains(expect::CHEN_CASE)).unwrap();
    assert!(chen.contains("陈某") && chen.contains("3,260.00") && chen.contains(world::ZHONGBEN));
    // Two debtors in one cell, their IDs in the next.
    assert!(text.contains("王海峰、林秀英"));
    // The 15-digit and the Excel-damaged ID.
    let zhang = people::cast().zhang_guoqiang;
    assert!(text.contains(&format!(",{},", people::old_15(&zhang.id))));
    assert!(text.contains(",3.30203E+17,"));
    // Full-width brackets in 案号.
    assert!(text.contains("（2021）粤0104执2345号"));
    assert_eq!(lines.len(), cases::rows(&world::build(as_of())).len() + 3);
}

#[test]
fn cast_ids_are_valid() {
    let c = people::cast();
    for p in [&c.chen, &c.wang_haifeng, &c.lin_xiuying, &c.zhang_guoqiang, &c.li_jianping, &c.sun_xiaoming, &c.liu_zhiqiang] {
        assert_eq!(p.id.len(), 18);
        assert_eq!(p.id.chars().last(), Some(people::id_check(&p.id[..17])), "{}", p.name);
    }
    // 孙小明 is 14 on the day he is listed.
    assert_eq!(c.sun_xiaoming.birth.map(|b| b.format("%Y").to_string()), Some("2009".into()));
}

#[test]
fn deposit_ledger_has_the_haishu_row() {
    let w = world::build(as_of());
    let rows = deposits::rows(&w);
    use encode::Cell;
    let chen = rows.iter().find(|r| r.get(2) == Some(&Cell::Text("陈某".into()))).unwrap();
    assert_eq!(chen[4], Cell::Number(5000.0));
    assert_eq!(chen[9], Cell::Text("未处理".into()));
    assert_eq!(chen[12], Cell::Number(3000.0));
    // 5,000 − 3,000 = 2,000 available, below the 3,260 unpaid: the lead is 2,000.
    let unpaid = w.cases.iter().find(|c| c.case_no == expect::CHEN_CASE).unwrap().unpaid();
    assert_eq!((500_000 - 300_000i64).min(unpaid), expect::CHEN_LEAD_FEN);
    // One clerk typed an ID as a number.
    assert!(rows.iter().any(|r| matches!(r.get(3), Some(Cell::Number(_)))));
    let xlsx = file(deposits::FILE);
    assert_eq!(&xlsx.bytes[..2], b"PK");
}

#[test]
fn vehicles_use_pinyin_codes_and_short_plates() {
    let f = file(vehicles::FILE);
    assert_eq!(&f.bytes[..3], &[0xEF, 0xBB, 0xBF]);
    let text = std::str::from_utf8(&f.bytes[3..]).unwrap();
    assert!(text.starts_with("XH,HPHM,HPZL,FZJG,SYR,SFZMHM,CLSBDH"));
    assert!(text.contains(",B3K521,02,浙B,王海峰,"));
    for zt in [",GK,", ",A,", ",E,"] {
        assert!(text.contains(zt), "{zt}");
    }
}

#[test]
fn other_formats() {
    assert!(std::str::from_utf8(&file(seizures::FILE).bytes).unwrap().starts_with("<html"));
    assert_eq!(&file(funds::FILE).bytes[..2], &[0xFF, 0xFE]);
    let re = file(realestate::FILE);
    assert_eq!(&re.bytes[..2], b"PK");
    assert!(gb(deaths::FILE).contains("吴德福"));
    assert!(std::str::from_utf8(&file(credit::FILE).bytes).unwrap().contains("孙小明"));
}

#[test]
fn bank_statements_in_their_formats() {
    let police = gb(police::FILE);
    assert!(police.starts_with("交易卡号,交易账号,交易户名,开户人证件号码,交易时间,交易金额,交易余额,收付标志"));
    assert!(police.contains(",失败,"));
    let wx = std::str::from_utf8(&file(wechat::FILE).bytes).unwrap().to_string();
    assert_eq!(wx.lines().next().unwrap().matches("网联/银联").count(), 2);
    // 12306 ticket of 553.50 yuan written in 分.
    assert!(wx.contains("\t55350\t"));
    let ali = gb(alipay::FILE);
    assert!(ali.starts_with("支付宝交易记录明细查询"));
    assert!(ali.contains("账号:[liuzhifang86@163.com]"));
    let cmb = gb(cmb::FILE);
    assert!(cmb.starts_with("# 招商银行交易流水"));
    assert!(cmb.contains("记账日期,货币,交易金额,联机余额,交易摘要,对方账号与户名"));
    assert!(cmb.contains("-180,000.00"));
}

#[test]
fn story_cases_fit_their_rules() {
    let w = world::build(as_of());
    let get = |no: &str| w.cases.iter().find(|c| c.case_no == no).unwrap();
    // under 3 months
    let c = get("（2020）浙0203执567号");
    assert!(c.closed.unwrap() < c.filed.unwrap().checked_add_months(chrono::Months::new(3)).unwrap());
    // no report order; ban after closing; search overdue
    assert!(get("（2021）浙0203执2011号").report.is_none());
    let c = get("（2021）浙0203执3088号");
    assert!(c.ban.unwrap() > c.closed.unwrap());
    let c = get("（2022）浙0203执1456号");
    assert!(c.last_search.unwrap() < as_of().checked_sub_months(chrono::Months::new(6)).unwrap());
    // Background cases never trip the procedure rules by accident.
    for c in w.cases.iter().skip(w.story_len).filter(|c| c.method == world::ZHONGBEN) {
        let (f, cl) = (c.filed.unwrap(), c.closed.unwrap());
        assert!(cl >= f.checked_add_months(chrono::Months::new(3)).unwrap(), "{}", c.case_no);
        assert!(c.report.unwrap() <= cl && c.ban.unwrap() <= cl, "{}", c.case_no);
        assert!(c.last_search.unwrap() > as_of().checked_sub_months(chrono::Months::new(6)).unwrap(), "{}", c.case_no);
    }
}

#[test]
fn second_wave_stories_name_real_rows() {
    use super::encode::Cell;
    use crate::normalize::case_no;
    let w = world::build(as_of());
    let text = |c: &Cell| match c {
        Cell::Text(s) => s.clone(),
        _ => String::new(),
    };
    let mut cells: Vec<String> = Vec::new();
    for rows in [cases::rows(&w), civil::rows(&w), seizures::rows(&w), distributions::rows(&w)] {
        cells.extend(rows.into_iter().flatten());
    }
    for rows in [auctions::rows(&w), petitions::rows(&w)] {
        cells.extend(rows.iter().flatten().map(text));
    }
    let key = |s: &str| case_no::parse(s).ok().map(|c| c.match_key());
    let case_keys: std::collections::HashSet<String> = cells.iter().filter_map(|c| key(c)).collect();
    for (rule, case, subject) in expect::WAVE2_LEADS {
        let k = key(case).unwrap_or_else(|| panic!("{rule}: {case} is not a case number"));
        assert!(case_keys.contains(&k), "{rule}: {case} not in the demo rows");
        assert!(cells.iter().any(|c| c.split('、').any(|n| n == *subject)), "{rule}: {subject} not in the demo rows");
    }
    for (rule, case) in expect::WAVE2_SILENT {
        assert!(key(case).is_some_and(|k| case_keys.contains(&k)), "{rule}: {case} not in the demo rows");
        assert!(!expect::WAVE2_LEADS.iter().any(|(r, c, _)| r == rule && c == case), "{rule} {case} both fires and stays silent");
    }
    // Every second-wave rule has a demo story.
    let rules: std::collections::HashSet<&str> = expect::WAVE2_LEADS.iter().map(|(r, _, _)| *r).collect();
    assert_eq!(rules.len(), 15, "{rules:?}");
}
