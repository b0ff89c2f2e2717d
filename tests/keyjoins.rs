//! Plan joins on any key (`join.on: [["base expr", "NAME.field"], …]`,
//! `engine::keyjoin`): the example models of `tests/cases/models_ok`
//! (twin_plates, twin_certificates, contract_address) on small tables, each
//! case listing exactly which (subject, joined row) pairs must fire, so a
//! missing and an extra lead both fail. Also: the real-estate candidates now
//! declared in `src/models/realestate.json` still group as before, and the
//! SQL translates plate/certificate keys and lists address keys.

use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::Path;
use xiansuo::engine::{self, ScreenOptions};
use xiansuo::ingest::IngestOptions;
use xiansuo::model;
use xiansuo::normalize::address::AliasTable;

fn example(name: &str) -> model::ModelSpec {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/models_ok").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    model::compile(name, &text).map(|c| c.spec).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// (subject, the joined row's Excel row) of every lead.
type Pairs = BTreeSet<(String, u32)>;

fn run(model_file: &str, files: &[(&str, &str)], aliases: AliasTable) -> (Pairs, engine::ScreenReport) {
    let spec = example(model_file);
    let mut opts = ScreenOptions::new(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()).models([spec.id.clone()]);
    opts.aliases = aliases;
    opts.extra_models = vec![spec];
    let mut ws = xiansuo::Workspace::new();
    for (name, text) in files {
        ws.add_file(name, text.as_bytes(), &IngestOptions::default());
    }
    let r = engine::run(ws.datasets(), &opts, &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{e}"));
    let pairs = r
        .leads
        .iter()
        .map(|l| {
            // The joined row is the last evidence row (base rows come first).
            let other = l.evidence.last().map_or(0, |e| e.row);
            (l.subject_name.clone(), other)
        })
        .collect();
    (pairs, r)
}

fn pairs(v: &[(&str, u32)]) -> Pairs {
    v.iter().map(|(s, r)| (s.to_string(), *r)).collect()
}

struct Case {
    what: &'static str,
    model: &'static str,
    files: &'static [(&'static str, &'static str)],
    aliases: fn() -> AliasTable,
    want: &'static [(&'static str, u32)],
}

fn no_aliases() -> AliasTable {
    AliasTable { note: String::new(), estates: Vec::new(), districts: Vec::new() }
}

const VEHICLES: &str = "号牌号码,所有人,身份证明号码\n\
浙B·12345,甲,330203197401010209\n\
浙b12345,乙,330203197501010214\n\
浙B54321,丙,33020319760101022X\n\
浙B 54321,丙,33020319760101022X\n\
,丁,330203197701010235\n\
,戊,330203197801010216\n\
浙B99999,己,330203197901010213\n";

const REGISTER: &str = "不动产权证号,坐落,权利人,证件号,是否查封\n\
浙(2021)宁波市不动产权第0000002号,海曙区某路2号,何某,330203197401010209,否\n\
浙（2021）宁波市不动产权第 0000002号,海曙区某路2号,何妻,330203197701010235,否\n\
浙(2021)宁波市不动产权第0000003号,海曙区某路3号,何某,330203197401010209,否\n\
浙(2021)宁波市不动产权第0000003号,海曙区某路3号,何某,330203197401010209,否\n\
浙(2021)宁波市不动产权第0000004号,海曙区某路4号,吕某,330203197501010214,否\n";

const YUEXIU_CASES: &str = "案号,被执行人,证件号码,未履行金额,立案日期,结案日期,结案方式,合同地址\n\
（2020）粤0104执3001号,黄某,440104196501010010,800000,2020-03-01,2020-09-01,终结本次执行程序,广州市白云区某某花园12号铺\n\
（2020）粤0104执3002号,梁某,440104196602020011,500000,2020-03-01,2020-09-01,执行完毕,广州市白云区某某花园15号铺\n\
（2020）粤0104执3003号,罗某,440104196703030012,300000,2020-03-01,2020-09-01,终结本次执行程序,广州市白云区某某花园16号铺\n\
（2020）粤0104执3004号,邓某,440104196804040013,300000,2020-03-01,2020-09-01,终结本次执行程序,\n";

const YUEXIU_REGISTER: &str = "不动产权证号,坐落,权利人,证件号,是否查封\n\
粤(2006)广州市不动产权第0100001号,广州市越秀区某某苑15号铺,广州某某房地产开发有限公司,914401011000000000,否\n\
粤(2006)广州市不动产权第0100002号,广州市越秀区某某苑12号铺,广州某某房地产开发有限公司,914401011000000000,否\n\
粤(2006)广州市不动产权第0100003号,广州市越秀区某某苑16号铺,广州某某房地产开发有限公司,914401011000000000,是\n\
粤(2006)广州市不动产权第0100004号,,广州某某房地产开发有限公司,914401011000000000,否\n";

const CASES: &[Case] = &[
    Case {
        what: "plates meet however they are spelt; the same owner, a blank plate or a lone plate never fire",
        model: "twin_plates.json",
        files: &[("机动车.csv", VEHICLES)],
        aliases: AliasTable::default,
        want: &[("甲", 3), ("乙", 2)],
    },
    Case {
        what: "certificates meet across full/half width and spaces; a repeated row of one owner does not fire",
        model: "twin_certificates.json",
        files: &[("不动产登记.csv", REGISTER)],
        aliases: AliasTable::default,
        want: &[("何某", 3), ("何妻", 2)],
    },
    Case {
        what: "a contract address meets the register through the alias table (estate name, renamed district); \
               seized, closed-as-paid and blank addresses do not fire",
        model: "contract_address.json",
        files: &[("执行案件.csv", YUEXIU_CASES), ("不动产登记.csv", YUEXIU_REGISTER)],
        aliases: AliasTable::default,
        want: &[("黄某", 3)],
    },
    Case {
        what: "without the aliases the two spellings of the address stay apart",
        model: "contract_address.json",
        files: &[("执行案件.csv", YUEXIU_CASES), ("不动产登记.csv", YUEXIU_REGISTER)],
        aliases: no_aliases,
        want: &[],
    },
];

#[test]
fn key_joins_fire_exactly_on_equal_normalised_keys() {
    for c in CASES {
        let (got, r) = run(c.model, c.files, (c.aliases)());
        assert_eq!(got, pairs(c.want), "{}: {}\n{:#?}", c.model, c.what, r.leads);
        assert!(r.not_evaluated.is_empty(), "{}: {:?}", c.model, r.not_evaluated);
    }
}

/// The joined row is bound under its `as` name: figures read `twin.owner`,
/// and evidence cites both rows of the self-join.
#[test]
fn self_join_binds_the_second_row_by_its_name() {
    let (_, r) = run("twin_plates.json", &[("机动车.csv", VEHICLES)], AliasTable::default());
    let jia = r.leads.iter().find(|l| l.subject_name == "甲").unwrap_or_else(|| panic!("{:?}", r.leads));
    assert_eq!(jia.figure("other").map(|f| f.display.as_str()), Some("乙"));
    assert_eq!(jia.figure("plate").map(|f| f.display.as_str()), Some("浙B12345"), "plates are shown normalised");
    let rows: Vec<u32> = jia.evidence.iter().map(|e| e.row).collect();
    assert_eq!(rows, vec![2, 3]);
    assert!(jia.reason.contains("同一号牌也登记在乙名下"), "{}", jia.reason);
}

/// A grouped key join (`aggregate: true`): one lead per base row counting
/// the rows with the same key.
#[test]
fn grouped_key_join_counts_the_rows_of_each_key() {
    let text = r#"{ "id": "plate_count", "name": "号牌计数", "name_en": "Plate count", "description": "测试",
      "rules": [ { "id": "plate_count.many", "name": "号牌多次登记", "name_en": "Plate registered more than once",
        "说明": "同一号牌的登记行数。", "为什么可疑": "测试。", "所需数据": "机动车登记。", "依据": "测试",
        "plans": [ { "base": "vehicles", "subject": { "name": "vehicles.owner", "id": "vehicles.owner_id" },
          "join": { "with": "vehicles", "as": "same", "on": [["vehicles.plate", "same.plate"]], "aggregate": true },
          "where": [ { "gt": [ { "count": {} }, 1 ] } ],
          "lead": { "figures": [ { "key": "n", "label": "登记行数", "value": { "count": {} } } ],
                    "reason": "号牌登记{n}次。" } } ] } ] }"#;
    let spec = model::compile("plate_count.json", text).map(|c| c.spec).unwrap_or_else(|e| panic!("{e:?}"));
    let mut opts = ScreenOptions::new(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()).models(["plate_count"]);
    opts.extra_models = vec![spec];
    let mut ws = xiansuo::Workspace::new();
    ws.add_file("机动车.csv", VEHICLES.as_bytes(), &IngestOptions::default());
    let r = engine::run(ws.datasets(), &opts, &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{e}"));
    let got: BTreeSet<(String, u32, String)> = r
        .leads
        .iter()
        .map(|l| (l.subject_name.clone(), l.evidence.first().map_or(0, |e| e.row), l.figure("n").map(|f| f.display.clone()).unwrap_or_default()))
        .collect();
    let want: BTreeSet<(String, u32, String)> =
        [("甲", 2), ("乙", 3), ("丙", 4), ("丙", 5)].iter().map(|(s, r)| (s.to_string(), *r, "2".to_string())).collect();
    assert_eq!(got, want, "{:#?}", r.leads);
}

/// The candidate step is declared in the realestate model and runs only when
/// that model (or one of its rules) is selected; its groups are unchanged.
#[test]
fn declared_candidates_run_with_their_model_only() {
    let realestate = model::catalog().iter().find(|m| m.id == "realestate").unwrap_or_else(|| panic!("no realestate model"));
    let step = realestate.candidates.first().unwrap_or_else(|| panic!("no candidate step"));
    assert_eq!((step.matcher.as_str(), step.top), ("similar_address", 10));
    let mut ws = xiansuo::Workspace::new();
    ws.add_file("执行案件.csv", YUEXIU_CASES.as_bytes(), &IngestOptions::default());
    ws.add_file("不动产登记.csv", YUEXIU_REGISTER.as_bytes(), &IngestOptions::default());
    let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default();
    for (models, groups) in [(vec![], 2), (vec!["realestate"], 2), (vec!["realestate.unseized"], 2), (vec!["vehicle"], 0)] {
        let opts = ScreenOptions::new(as_of).models(models.clone());
        let r = engine::run(ws.datasets(), &opts, &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.candidates.len(), groups, "{models:?}: {:#?}", r.candidates);
        if groups > 0 {
            // 黄某's contract address: the 12号铺 ranks first; 罗某's 16号铺 likewise.
            let first: Vec<(&str, &str)> = r
                .candidates
                .iter()
                .map(|g| (g.subject_name.as_str(), g.properties.first().map_or("", |p| p.location.as_str())))
                .collect();
            assert_eq!(first, vec![("黄某", "广州市越秀区某某苑12号铺"), ("罗某", "广州市越秀区某某苑16号铺")]);
        }
    }
}

#[test]
fn sql_translates_plate_and_certificate_joins_and_lists_address_joins() {
    use xiansuo::sql::{script, Dialect, SqlOptions};
    for d in [Dialect::DuckDb, Dialect::Spark] {
        let opts = |m: &str| SqlOptions {
            dialect: d,
            as_of: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default(),
            models: vec![m.trim_end_matches(".json").to_string()],
            thresholds: Default::default(),
            max_name_matches: 3,
            extra_models: vec![example(m)],
        };
        for m in ["twin_plates.json", "twin_certificates.json"] {
            let s = script(&opts(m)).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(s.rules.len(), 1, "{d:?} {m}: {:?}", s.untranslated);
            assert!(s.sql.contains("__k"), "{d:?} {m}: keys read the normalised key columns");
        }
        let s = script(&opts("contract_address.json")).unwrap_or_else(|e| panic!("{e}"));
        assert!(s.rules.is_empty());
        let why = s.untranslated.first().map(|(_, w)| w.as_str()).unwrap_or("");
        assert!(why.contains("地址连接键") && why.contains("别名表"), "{d:?}: {why}");
    }
}
