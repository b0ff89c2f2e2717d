use super::*;
use crate::ingest::{self, IngestOptions};

fn ds(name: &str, csv: &str) -> Dataset {
    let loaded = ingest::read(name, csv.as_bytes(), &IngestOptions::default()).expect("fixture reads");
    Dataset::new(loaded.tables.into_iter().next().expect("one table"))
}

const CHEN: &str = "330203198503120016";
const OTHER_CHEN: &str = "330203199001010014";

fn world() -> Vec<Dataset> {
    vec![
        ds("cases.csv", &format!("案号,申请执行人,被执行人,证件号码,未履行金额,结案方式\n（2019）浙0203执1234号,某公司,陈某,{CHEN},3000,终结本次执行程序\n（2020）浙0203执9号,某银行,陈某,{OTHER_CHEN},5000,终结本次执行程序\n（2021）浙0203执7号,陈某,李四,330203197001010015,100,终结本次执行程序\n")),
        ds("vehicles.csv", &format!("号牌号码,机动车所有人,身份证明号码,机动车状态\n浙B12345,陈某,{CHEN},A\n浙B99999,陈某,,A\n")),
        ds("seizures.csv", "案号,财产类型,财产描述,措施日期\n(2019)浙0203执1234号,存款,某银行账户,2019-05-01\n（2020）浙0203执9号,存款,另一账户,2020-05-01\n"),
        ds("petitions.csv", "登记日期,信访人,涉及案号,反映内容\n2024-04-02,某公司,（2019）浙0203执字第1234号,终本后不执行\n"),
        ds("tx.csv", &format!("交易卡号,交易户名,开户人证件号码,交易时间,交易金额,收付标志\n6222001,陈某,{CHEN},2024-01-02 10:00:00,100.00,出\n6222001,陈某,{CHEN},2024-03-05 10:00:00,50.00,进\n")),
    ]
}

fn lead(rule: &str, case: &str, name: &str, id: &str) -> Lead {
    Lead {
        model: rule.split('.').next().unwrap_or_default().into(),
        rule: rule.into(),
        rule_name: String::new(),
        case_no: case.into(),
        subject_name: name.into(),
        subject_id: id.into(),
        subject_id_source: String::new(),
        confidence: Some(Match::Id),
        weak: false,
        amount_fen: Some(100),
        basis: String::new(),
        reason: String::new(),
        reason_en: String::new(),
        figures: vec![],
        flags: vec![],
        evidence: vec![],
        fingerprint: String::new(),
    }
}

#[test]
fn gathers_the_subjects_rows_and_not_a_namesakes() {
    let w = world();
    let leads = vec![
        lead("deposit.unreturned", "（2019）浙0203执1234号", "陈某", CHEN),
        lead("vehicle.unseized", "（2020）浙0203执9号", "陈某", OTHER_CHEN),
        lead("payout.overdue", "（2019）浙0203执1234号", "", ""),
    ];
    let flows = vec![FlowLeadRef { rule: "flow.night".into(), score: 55.0, subject_id: CHEN.into(), subject_name: "陈某".into(), ..FlowLeadRef::default() }];
    let d = build(&w, &Subject { name: "陈某".into(), id: CHEN.into() }, &leads, &flows);
    assert_eq!(d.cases, ["（2019）浙0203执1234号"], "the namesake's case is not the subject's");
    let section = |k: &str| d.sections.iter().find(|s| s.kind == k).map(|s| s.items.clone()).unwrap_or_default();
    let cases = section("cases");
    assert_eq!(cases.len(), 2, "as debtor by ID, as applicant by name: {cases:?}");
    assert!(cases.iter().any(|i| i.role == "申请执行人" && i.weak));
    let vehicles = section("vehicles");
    assert_eq!(vehicles.iter().map(|v| (v.row, v.weak)).collect::<Vec<_>>(), [(2, false), (3, true)]);
    let seizures = section("seizures");
    assert_eq!(seizures.len(), 1, "only the seizure of the subject's own case: {seizures:?}");
    assert_eq!(seizures[0].confidence, Match::Id);
    assert_eq!(section("petitions").len(), 1, "the petition names the case old-style");
    assert!(d.has_petition);
    assert_eq!(d.accounts.len(), 1);
    assert_eq!((d.accounts[0].rows, d.accounts[0].first.as_str(), d.accounts[0].last.as_str()), (2, "2024-01-02", "2024-03-05"));
    let rules: Vec<&str> = d.leads.iter().map(|l| l.lead.rule.as_str()).collect();
    assert_eq!(rules, ["deposit.unreturned", "payout.overdue"], "the namesake's lead is left out");
    assert_eq!(d.flow_leads.len(), 1);
    // 10 + 10 (two id-matched leads) + 5.5 (flow) + 10 (three sources) + 0.06 (3,000 元 unpaid) + 5 (petition)
    assert_eq!(d.priority.score, 40.6);
    assert_eq!(d.priority.level, "高");
    assert_eq!(d.weak, 2);
}

#[test]
fn name_only_subject_is_weak_everywhere() {
    let w = world();
    let d = build(&w, &Subject { name: "陈 某".into(), id: String::new() }, &[], &[]);
    assert_eq!(d.cases.len(), 2, "without an ID both 陈某 cases are candidates");
    assert!(d.sections.iter().flat_map(|s| &s.items).all(|i| i.weak));
    assert_eq!(d.priority.level, "低");
    let empty = build(&w, &Subject::default(), &[], &[]);
    assert!(empty.sections.is_empty() && empty.leads.is_empty());
}

#[test]
fn has_petition_marks_by_case_however_written_and_by_subject() {
    let w = world();
    let mut leads = vec![
        lead("deposit.unreturned", "(2019)浙0203执1234号", "陈某", CHEN),
        lead("vehicle.unseized", "（2020）浙0203执9号", "陈某", OTHER_CHEN),
        lead("credit.not_removed", "（2022）浙0203执1号", "某公司", ""),
    ];
    assert_eq!(petitions::mark(&mut leads, &w), 2);
    let flagged: Vec<bool> = leads.iter().map(|l| l.flags.iter().any(|f| f == petitions::FLAG)).collect();
    assert_eq!(flagged, [true, false, true], "case match; other case and person; petitioner by name");
    assert_eq!(petitions::mark(&mut leads, &w), 0, "marking twice adds nothing");
    assert_eq!(petitions::mark(&mut leads, &w[..3]), 0, "no petitions table, no marks");
}
