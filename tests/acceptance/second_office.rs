//! Two more offices' exports (other spellings and layouts) give the same leads.

use super::*;
use serde_json::Value;
use std::path::Path;


pub(crate) const A2: &str = "330212199001010010";
pub(crate) const B2: &str = "330212199102020023";
pub(crate) const C2: &str = "330212198003030037";
pub(crate) const D2: &str = "330212197004040048";
pub(crate) const E2: &str = "33021219750505005X";

pub(crate) fn write_second_office(d: &Path) -> [String; 3] {
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
pub(crate) fn second_office_exports_are_screened_the_same_way() {
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
pub(crate) const P3: &str = "330213198001010012";
pub(crate) const Q3: &str = "330213201006060021"; // born 2010-06-06: a minor when listed in 2021
pub(crate) const R3: &str = "330213195007070039";
pub(crate) const S3: &str = "330213196608080042";

#[test]
pub(crate) fn third_court_units_lists_and_ledgers() {
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
