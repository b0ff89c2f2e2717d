//! Model compilation: every built-in model validates, and each broken model
//! under `tests/cases/models/` fails with the precise messages listed in its
//! `.expected.txt` (file, rule, JSON path, what is wrong, alternatives; in
//! Chinese and English). The CLI `xiansuo model check` prints the same text.

use std::path::Path;
use xiansuo::model;

#[test]
fn every_built_in_model_compiles_with_a_plan_per_rule_plan() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/models");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")).flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if name == "prelude.json" {
            // The case view, not a model: checked by model::prelude::compile_prelude.
            assert!(model::prelude::compile_prelude(&name, &text).is_ok());
            continue;
        }
        match model::compile(&name, &text) {
            Ok(c) => {
                let plans: usize = c.spec.rules.iter().map(|r| r.plans.len()).sum();
                assert_eq!(c.plans.len(), plans, "{name}");
                n += 1;
            }
            Err(errs) => panic!("{name}: {}", errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")),
        }
    }
    assert_eq!(n, model::catalog().len());
}

#[test]
fn broken_models_fail_with_precise_messages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/models");
    let mut checked = 0;
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")).flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".json") else { continue };
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        let expected = std::fs::read_to_string(dir.join(format!("{stem}.expected.txt")))
            .unwrap_or_else(|_| panic!("{stem}.expected.txt missing"));
        let errors = match model::compile(&name, &text) {
            Ok(_) => panic!("{name} compiled but is broken"),
            Err(errors) => errors,
        };
        let all: String = errors.iter().map(|e| format!("{}\n{}\n", e.zh(), e.en())).collect();
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            assert!(all.contains(line), "{name}: expected «{line}» in\n{all}");
        }
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} broken models");
}

#[test]
fn not_json_and_wrong_shapes_are_reported_not_panicked() {
    for text in ["", "{", "[]", "{\"id\": 3}", "{\"id\":\"x\",\"name\":\"x\",\"name_en\":\"x\",\"description\":\"x\",\"rules\":[{\"id\":\"x.a\",\"plans\":[{\"base\":\"cases\",\"lead\":{\"reason\":\"{nope}\"},\"where\":[{\"lt\":[1]}]}]}]}"] {
        let r = model::compile("bad.json", text);
        let Err(errors) = r else { panic!("{text} compiled") };
        assert!(errors.iter().all(|e| e.to_string().starts_with("模型文件“bad.json”")), "{errors:?}");
    }
}

#[test]
fn days_between_is_a_number_and_cannot_be_compared_with_a_date() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/models/procedure.json")).unwrap_or_default();
    let ok = text.replacen(
        r#"{ "lt": ["cases.closed_date", { "add_months": ["cases.filed_date", "$months"] }] }"#,
        r#"{ "lt": [{ "days_between": ["cases.filed_date", "cases.closed_date"] }, 90] }"#,
        1,
    );
    assert_ne!(ok, text);
    assert!(model::compile("p.json", &ok).is_ok());
    let bad = ok.replacen("90] }", r#""cases.filed_date"] }"#, 1);
    let errs = model::compile("p.json", &bad).err().unwrap_or_default();
    assert!(errs.iter().any(|e| e.to_string().contains("数值和日期")), "{errs:?}");
}

/// A user model (`tests/cases/models_ok/zhongben_view.json`) that writes
/// 终本-open in the model language (anti-join on a later 执恢 case of the
/// same debtor: cases × cases), joins vehicles and aggregates the funds
/// ledger (three kinds in one rule) must find the same vehicles as the
/// built-in `vehicle.unseized`, on the demo and on every fixture.
#[test]
fn zhongben_open_in_the_language_matches_the_built_in_view() {
    use std::collections::BTreeSet;
    use xiansuo::engine::{self, ScreenOptions};
    use xiansuo::ingest::IngestOptions;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(dir.join("tests/cases/models_ok/zhongben_view.json")).unwrap_or_default();
    let spec = match model::compile("zhongben_view.json", &text) {
        Ok(c) => c.spec,
        Err(e) => panic!("{e:?}"),
    };
    let mut sets: Vec<(String, xiansuo::Workspace, chrono::NaiveDate)> = Vec::new();
    let mut demo = xiansuo::Workspace::new();
    for f in xiansuo::demo::files() {
        demo.add_file(&f.name, &f.bytes, &IngestOptions::default());
    }
    sets.push(("demo".into(), demo, xiansuo::demo::as_of()));
    for e in std::fs::read_dir(dir.join("tests/cases/screen")).unwrap_or_else(|e| panic!("{e}")).flatten() {
        let mut ws = xiansuo::Workspace::new();
        let mut files: Vec<_> = std::fs::read_dir(e.path()).map(|r| r.flatten().map(|f| f.path()).collect()).unwrap_or_default();
        files.sort();
        for f in files {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.ends_with(".json") {
                continue;
            }
            ws.add_file(&name, &std::fs::read(&f).unwrap_or_default(), &IngestOptions::default());
        }
        let as_of = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default();
        sets.push((e.file_name().to_string_lossy().into_owned(), ws, as_of));
    }
    let mut compared = 0;
    let mut with_leads = 0;
    for (name, ws, as_of) in &sets {
        let mut opts = ScreenOptions::new(*as_of).models(["vehicle.unseized", "view.vehicle_unseized"]);
        opts.extra_models = vec![spec.clone()];
        let r = engine::run(ws.datasets(), &opts, &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{name}: {e}"));
        let of = |rule: &str| -> BTreeSet<(String, String, Vec<(String, u32)>)> {
            r.leads
                .iter()
                .filter(|l| l.rule == rule)
                .map(|l| {
                    let v = l.evidence.iter().filter(|e| e.kind == "vehicles").map(|e| (e.file.clone(), e.row)).collect();
                    (l.case_no.clone(), l.subject_name.clone(), v)
                })
                .collect()
        };
        let (a, b) = (of("vehicle.unseized"), of("view.vehicle_unseized"));
        assert_eq!(a, b, "{name}: built-in vs language");
        compared += 1;
        with_leads += usize::from(!a.is_empty());
        for l in r.leads.iter().filter(|l| l.rule == "view.vehicle_unseized") {
            assert!(l.reason.contains("天，该案执行款合计"), "{name}: {}", l.reason);
            // The funds rows summed by the subquery are cited as evidence.
            let summed = l.figure("received").is_some_and(|f| f.display != "--" && f.display != "0.00元");
            assert_eq!(summed, l.evidence.iter().any(|e| e.kind == "funds"), "{name}: {l:?}");
        }
    }
    assert!(compared > 5 && with_leads >= 3, "{compared} sets, {with_leads} with leads");
}

/// Every example model under `tests/cases/models_ok/` (the ones the language
/// document shows) compiles and runs on the payout fixture; the proceeds
/// example fires exactly for money with no payout in its case within the term.
#[test]
fn example_models_compile_and_run() {
    use xiansuo::engine::{self, ScreenOptions};
    use xiansuo::ingest::IngestOptions;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut opts = ScreenOptions::new(chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default());
    for e in std::fs::read_dir(dir.join("tests/cases/models_ok")).unwrap_or_else(|e| panic!("{e}")).flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        match model::compile(&name, &text) {
            Ok(c) => opts.extra_models.push(c.spec),
            Err(errs) => panic!("{name}: {}", errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")),
        }
    }
    let mut ws = xiansuo::Workspace::new();
    let csv = "案号,收款人,到账日期,金额,发放日期,发放状态\n\
               （2024）浙0203执1号,甲公司,2025-01-02,\"12,000.00\",,未发放\n\
               （2024）浙0203执1号,甲公司,,,2025-01-20,已发放\n\
               （2024）浙0203执2号,乙,2025-03-01,5000,,未发放\n\
               （2024）浙0203执3号,丙,2025-06-20,800,,未发放\n\
               （2024）浙0203执4号,丁,2025-02-01,900,,未发放\n\
               （2024）浙0203执4号,丁,,,2025-04-01,已发放\n";
    ws.add_file("执行款台账.csv", csv.as_bytes(), &IngestOptions::default());
    opts.models = vec!["proceeds".into()];
    let r = engine::run(ws.datasets(), &opts, &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(&str, Option<i64>)> = r.leads.iter().map(|l| (l.case_no.as_str(), l.amount_fen)).collect();
    // 1: paid within 30 days; 3: not yet due; 2 and 4 (paid after 59 days) fire.
    assert_eq!(got, vec![("（2024）浙0203执2号", Some(500_000)), ("（2024）浙0203执4号", Some(90_000))], "{:?}", r.leads);
    assert!(r.leads.iter().all(|l| l.reason.contains("未见发放记录")));
}

/// The language view joins cases × vehicles and sums the case's funds ledger
/// (three kinds in one rule); the summed rows are cited as evidence.
#[test]
fn three_kinds_in_one_rule() {
    use xiansuo::engine::{self, ScreenOptions};
    use xiansuo::ingest::IngestOptions;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(dir.join("tests/cases/models_ok/zhongben_view.json")).unwrap_or_default();
    let mut opts = ScreenOptions::new(chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()).models(["view"]);
    opts.extra_models = vec![model::compile("zhongben_view.json", &text).map(|c| c.spec).unwrap_or_else(|e| panic!("{e:?}"))];
    let mut ws = xiansuo::Workspace::new();
    let files = [
        ("终本案件.csv", "案号,被执行人,证件号码,未履行金额,立案日期,结案日期,结案方式\n（2022）浙0203执77号,柴某,330203197401010209,30000,2022-01-05,2022-07-01,终结本次执行程序\n（2022）浙0203执78号,盛某,330203197501010214,8000,2022-01-05,2022-07-01,终结本次执行程序\n"),
        ("机动车.csv", "号牌号码,所有人,身份证明号码,机动车状态\n浙B2M831,柴某,330203197401010209,A\n浙B7Y250,盛某,330203197501010214,A\n"),
        ("执行款.csv", "案号,到账日期,金额,发放日期\n（2022）浙0203执77号,2022-03-01,1200,2022-03-20\n（2022）浙0203执77号,2022-05-01,\"3,800.50\",2022-05-21\n（2022）浙0203执99号,2022-05-01,999,\n"),
    ];
    for (name, text) in files {
        ws.add_file(name, text.as_bytes(), &IngestOptions::default());
    }
    let r = engine::run(ws.datasets(), &opts, &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{e}"));
    let by = |n: &str| r.leads.iter().find(|l| l.subject_name == n).unwrap_or_else(|| panic!("no lead for {n}: {:?}", r.leads));
    let chai = by("柴某");
    assert_eq!(chai.figure("received").map(|f| f.display.as_str()), Some("5,000.50元"));
    let funds: Vec<u32> = chai.evidence.iter().filter(|e| e.kind == "funds").map(|e| e.row).collect();
    assert_eq!(funds, vec![2, 3]);
    let sheng = by("盛某");
    assert_eq!(sheng.figure("received").map(|f| f.display.as_str()), Some("0.00元"));
    assert!(sheng.evidence.iter().all(|e| e.kind != "funds"));
}

/// Every built-in rule gives its reason in English too, and on the demo every
/// lead's English reason is filled (no `{placeholder}` left).
#[test]
fn english_reasons_on_the_demo() {
    use xiansuo::engine::{self, ScreenOptions};
    use xiansuo::ingest::IngestOptions;
    for m in model::catalog() {
        for r in &m.rules {
            assert!(r.plans.iter().all(|p| p.lead.reason_en.is_some()), "{} has no reason_en", r.id);
        }
    }
    let mut ws = xiansuo::Workspace::new();
    for f in xiansuo::demo::files() {
        ws.add_file(&f.name, &f.bytes, &IngestOptions::default());
    }
    let r = engine::run(ws.datasets(), &ScreenOptions::new(xiansuo::demo::as_of()), &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{e}"));
    assert!(!r.leads.is_empty());
    for l in &r.leads {
        assert!(!l.reason_en.is_empty() && !l.reason_en.contains('{'), "{}: {}", l.rule, l.reason_en);
        // The notes follow in English: a name-only lead says so in both languages.
        if l.weak {
            assert!(l.reason.contains("仅姓名一致") && l.reason_en.contains("name only"), "{l:?}");
        }
    }
}
