//! Kind detection for the second-wave exports: each header line below is one
//! layout seen in practice (court 网拍 ledgers, platform listings, 分配方案
//! tables, 12309/信访 registers, 保全 registers, civil case lists). Several
//! use header texts that are NOT in the alias lists, to check that detection
//! rests on the key fields and does not need every column known.

use xiansuo::ingest::{self, mapping, Dataset, IngestOptions};

/// (what the layout is, CSV header line, one data line, expected kind,
/// fields that must be mapped).
const LAYOUTS: &[(&str, &str, &str, &str, &[&str])] = &[
    (
        "court 网拍 ledger",
        "序号,案号,拍品名称,财产类型,评估价,评估日期,起拍价,保证金,拍卖轮次,公告日期,开始时间,结束时间,拍卖状态,成交价,买受人,买受人证件号码,成交确认书日期",
        "1,（2023）浙0203执1234号,某小区1幢101室,不动产,1000000,2023-01-05,700000,100000,一拍,2023-02-01,2023-03-03 10:00:00,2023-03-04 10:00:00,流拍,,,,",
        "auctions",
        &["case_no", "item", "property_type", "appraised_value", "appraisal_date", "start_price", "round", "notice_date", "start_time", "end_time", "status", "price", "buyer", "buyer_id", "sale_date"],
    ),
    (
        "阿里/淘宝 listing (no 案号, platform words)",
        "标题,起拍价,评估价,保证金,加价幅度,当前价,开拍时间,结束时间,拍卖阶段,处置单位,报名人数,围观次数,状态",
        "宁波市某区某路88号房产,560000,1000000,50000,5000,560000,2024-05-10 10:00,2024-05-11 10:00,二拍,宁波市某区人民法院,0,1532,已流拍",
        "auctions",
        &["item", "start_price", "appraised_value", "start_time", "end_time", "round", "court", "status"],
    ),
    (
        "京东拍卖 listing",
        "拍品名称,拍卖类型,起拍价（元）,市场价（元）,保证金（元）,竞拍开始时间,竞拍结束时间,拍卖结果,成交价（元）,出价次数,处置法院",
        "浙B12345 轿车一辆,第一次拍卖,56000,80000,5000,2024-06-01 10:00,2024-06-02 10:00,已成交,61000,7,某区人民法院",
        "auctions",
        &["item", "round", "start_price", "market_price", "start_time", "end_time", "status", "price"],
    ),
    (
        "人民法院诉讼资产网 listing",
        "标的物名称,标的物类型,评估价/市场价,起拍价,拍卖阶段,公告发布时间,拍卖时间,委托法院,标的状态",
        "某公司30%股权,股权,2000000,1400000,一拍,2024-01-02,2024-02-05 10:00,某中级人民法院,中止",
        "auctions",
        &["item", "property_type", "appraised_value", "start_price", "round", "notice_date", "start_time", "status"],
    ),
    (
        "公拍网 listing (unlisted 拍卖标的物/落槌价 headers mixed with unknown ones)",
        "拍卖会名称,拍卖标的物,参考价,起拍价格,拍卖开始时间,落槌价,竞得人,成交状态,佣金比例",
        "第12期司法拍卖会,机器设备一批,300000,210000,2024-03-01 09:30,250000,王某,已成交,5%",
        "auctions",
        &["item", "appraised_value", "start_price", "start_time", "price", "buyer", "status"],
    ),
    (
        "分配方案 table",
        "案号,方案日期,债权人,债权性质,确认债权金额,分配金额,发放日期",
        "（2022）浙0203执500号,2024-03-01,某银行股份有限公司,抵押,800000,800000,2024-03-20",
        "distributions",
        &["case_no", "plan_date", "creditor", "claim_type", "claim_amount", "amount", "paid_date"],
    ),
    (
        "参与分配 register (other wording, extra columns)",
        "执行案号,分配方案作出日期,参与分配债权人,债权人证件号码,受偿顺位,债权数额,应分配金额,实际发放金额,实际发放日期,执行依据",
        "（2022）浙0203执500号,2024-03-01,张三,330203198001011234,普通债权,100000,20000,20000,2024-03-25,（2021）浙0203民初88号",
        "distributions",
        &["case_no", "plan_date", "creditor", "creditor_id", "claim_type", "claim_amount", "amount", "paid_amount", "paid_date"],
    ),
    (
        "12309 register",
        "登记日期,信访人,证件号码,联系电话,涉及案号,被反映单位,反映内容,办理状态,办结日期",
        "2024-04-02,李四,330203197505051234,13800000000,（2021）浙0203执1234号,某区人民法院,法院终本后一直不执行,已办结,2024-04-30",
        "petitions",
        &["reg_date", "petitioner", "petitioner_id", "phone", "case_no", "unit", "content", "status", "closed_date"],
    ),
    (
        "信访 ledger (来访 form, unlisted 来访人员/是否重复访)",
        "来访日期,来访人员,身份证号码,所涉案号,来访事由,是否重复访,处理结果",
        "2024-05-06,王五,330203196001011234,(2020)浙0203执99号,执行款一直未发放,是,转执行局",
        "petitions",
        &["reg_date", "petitioner_id", "case_no", "content", "status"],
    ),
    (
        "保全 register with 续行",
        "保全案号,关联案号,被保全人,措施类型,财产类型,财产描述,措施日期,期限至,续行日期,解除日期",
        "（2023）浙0203执保12号,（2023）浙0203民初345号,赵六,查封,不动产,某小区2幢202室,2023-05-01,2026-04-30,,",
        "seizures",
        &["case_no", "related_case_no", "owner", "measure", "property_type", "description", "measure_date", "expiry_date", "renewal_date", "release_date"],
    ),
    (
        "查控 register (冻结, unlisted 协助单位)",
        "案号,措施种类,财产类别,财产名称,冻结金额,冻结日期,冻结到期日,续冻日期,协助执行单位",
        "（2022）浙0203执700号,冻结,存款,某银行账户6222****1234,52000.00,2023-06-01,2024-05-31,2024-05-30,某银行",
        "seizures",
        &["case_no", "measure", "property_type", "description", "value", "measure_date", "expiry_date", "renewal_date"],
    ),
    (
        "civil case list (民初)",
        "案号,案由,原告,被告,立案日期,结案日期,结案方式,判决生效日期",
        "（2023）浙0203民初345号,民间借贷纠纷,钱七,孙八,2023-04-01,2023-04-20,调解,2023-04-20",
        "cases",
        &["case_no", "cause", "applicant", "debtor", "filed_date", "closed_date", "close_method", "judgment_date"],
    ),
];

fn dataset(header: &str, row: &str) -> Dataset {
    let csv = format!("{header}\n{row}\n");
    let loaded = ingest::read("layout.csv", csv.as_bytes(), &IngestOptions::default()).unwrap_or_else(|e| panic!("{header}: {e}"));
    let table = loaded.tables.into_iter().next().unwrap_or_else(|| panic!("{header}: no table"));
    Dataset::new(table)
}

#[test]
fn second_wave_layouts_detect_their_kind() {
    for (what, header, row, kind, fields) in LAYOUTS {
        let ds = dataset(header, row);
        assert_eq!(ds.kind(), *kind, "{what}: scores {:?}", mapping::scores(&ds.table));
        for f in *fields {
            assert!(ds.has(f), "{what}: field {f} not mapped");
        }
    }
}

#[test]
fn new_kinds_have_key_fields_and_unique_aliases() {
    for kind in ["auctions", "distributions", "petitions"] {
        let spec = ingest::kinds::get(kind).unwrap_or_else(|| panic!("kind {kind}"));
        assert!(spec.fields.iter().filter(|f| f.key).count() >= 3, "{kind}: key fields");
        let mut seen = std::collections::BTreeSet::new();
        for f in &spec.fields {
            for a in f.alias_keys() {
                assert!(seen.insert(a.clone()), "{kind}: alias {a} used twice");
            }
        }
    }
}
