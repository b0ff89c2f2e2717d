//! The bank statements the flow tests read: seven formats, planted patterns, honest noise.

use super::*;
use std::path::Path;
use std::sync::OnceLock;


// ---------------------------------------------------------------- flow inputs

pub(crate) const ACC_A: &str = "6222000011112222333"; // 陈小明, the debtor (police query format)
pub(crate) const ACC_B: &str = "6217000022223333444"; // 林某 (ICBC-like)
pub(crate) const ACC_C: &str = "6225880033334444"; // 周某 (CMB-like)
pub(crate) const ACC_D: &str = "6228480044445555666"; // 陈小红, relative (ABC-like)
pub(crate) const ACC_E: &str = "6222600055556666777"; // 吴某, honest (BOCOM-like)
pub(crate) const ACC_F: &str = "6217000077778888999"; // 褚某, honest (CCB-like HTML .xls)

pub(crate) const F_POLICE: &str = "资金查询反馈_陈小明.csv";
pub(crate) const F_ICBC: &str = "林某_工行历史明细.csv";
pub(crate) const F_CMB: &str = "周某_招行.csv";
pub(crate) const F_ABC: &str = "陈小红_农行明细.csv";
pub(crate) const F_BOCOM: &str = "吴某_交行.csv";
pub(crate) const F_CCB: &str = "褚某_建行明细.xls";
pub(crate) const F_WECHAT: &str = "微信支付交易明细_陈小明.txt";
pub(crate) const F_ALIPAY: &str = "支付宝_陈小明.csv";
pub(crate) const F_FLOW_CASES: &str = "流水案件.csv";

/// Police rows (Excel rows; header is row 1) of the planted transactions.
pub(crate) struct PoliceRows {
    pub(crate) fast_in: u64,
    pub(crate) fast_out: u64,
    pub(crate) large_out: u64,
    pub(crate) structuring: [u64; 3],
    pub(crate) night: [u64; 3],
    pub(crate) evening: u64,
    pub(crate) insurance: u64,
    pub(crate) before_filing: u64,
}

pub(crate) static POLICE_ROWS: OnceLock<PoliceRows> = OnceLock::new();

pub(crate) fn write_flow_inputs(d: &Path) {
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
