//! Which accounts are institutions rather than people: public collection
//! accounts (社保, 国家金库, 税务, 公积金, 财政, 医保, utilities) and payroll
//! or settlement accounts (employers paying wages, payment platforms,
//! merchants with many unrelated customers). Many people pay into or are
//! paid from such an account every month, so fan-in/fan-out and
//! scatter/gather shapes around them are ordinary; the fan and scatter rules
//! skip them, and leads touching them score lower.
//!
//! Recognised by name (patterns below) or by behaviour: an organisation name
//! with many distinct counterparties over the period (`MANY`), or one that
//! pays wages (工资/代发/薪 in the summary) to several people (`PAYROLL`).

use super::txn::FlowData;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    #[default]
    Ordinary,
    /// 社保、国家金库、税务、公积金、财政、医保、水电气、法院/检察院代管款 …
    Public,
    /// 代发工资、第三方支付、清算/备付金、商户收款: many unrelated counterparties.
    Settlement,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::Ordinary => "",
            Class::Public => "公共收缴/公共服务账户",
            Class::Settlement => "代发/结算/商户账户",
        }
    }
    pub fn institutional(self) -> bool {
        self != Class::Ordinary
    }
}

const PUBLIC: &[&str] = &[
    "社会保险", "社保", "国家金库", "国库", "税务", "公积金", "财政", "医疗保障", "医保", "人力资源和社会保障", "非税", "住房资金", "供电", "电力", "水务", "自来水", "燃气", "热力",
    "法院", "检察院", "公安局", "交通管理", "不动产登记", "车管所", "中国移动", "中国联通", "中国电信",
];
const SETTLEMENT: &[&str] = &[
    "代发", "工资户", "财付通", "支付宝", "网银在线", "银联", "清算", "备付金", "结算", "收款户", "待清算", "快钱", "拉卡拉", "美团", "京东", "拼多多", "超市", "商场", "便利店", "加油站", "医院",
];
/// Words of an organisation name (a person's name has none of them).
const ORG: &[&str] = &["公司", "有限", "集团", "中心", "局", "厂", "店", "行", "部", "委员会", "学校", "医院", "银行", "合作社", "事务所"];

/// Distinct counterparties that make an organisation a payroll/settlement account.
pub const MANY: usize = 30;
/// Distinct people paid wages that make an organisation a payroll account.
pub const PAYROLL: usize = 3;
const WAGES: &[&str] = &["工资", "代发", "薪", "奖金", "报销"];

/// Classify by name alone.
pub fn by_name(name: &str) -> Class {
    if PUBLIC.iter().any(|k| name.contains(k)) {
        Class::Public
    } else if SETTLEMENT.iter().any(|k| name.contains(k)) {
        Class::Settlement
    } else {
        Class::Ordinary
    }
}

pub fn is_org(name: &str) -> bool {
    ORG.iter().any(|k| name.contains(k))
}

/// Class of every node: name patterns, then organisations with many distinct
/// counterparties over the whole period.
pub fn classify(d: &FlowData) -> Vec<Class> {
    let mut out = Vec::with_capacity(d.nodes.len());
    for n in 0..d.nodes.len() as u32 {
        let name = d.name_of(n);
        let mut c = by_name(name);
        if c == Class::Ordinary && is_org(name) {
            let mut parties: Vec<u32> = Vec::new();
            let mut paid_wages: Vec<u32> = Vec::new();
            for list in [d.out_edges.get(n as usize), d.in_edges.get(n as usize)].into_iter().flatten() {
                for &e in list {
                    if let Some(x) = d.edges.get(e as usize) {
                        parties.push(if x.from == n { x.to } else { x.from });
                        if x.from == n && d.txn(x.txn).is_some_and(|t| WAGES.iter().any(|w| d.s(t.summary).contains(w))) {
                            paid_wages.push(x.to);
                        }
                    }
                }
            }
            parties.sort_unstable();
            parties.dedup();
            paid_wages.sort_unstable();
            paid_wages.dedup();
            if parties.len() >= MANY || paid_wages.len() >= PAYROLL {
                c = Class::Settlement;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_public_and_settlement_accounts() {
        assert_eq!(by_name("国家金库宁波市中心支库"), Class::Public);
        assert_eq!(by_name("宁波市社会保险管理服务中心"), Class::Public);
        assert_eq!(by_name("国家税务总局宁波市税务局"), Class::Public);
        assert_eq!(by_name("宁波市住房公积金管理中心"), Class::Public);
        assert_eq!(by_name("财付通支付科技有限公司"), Class::Settlement);
        assert_eq!(by_name("张三"), Class::Ordinary);
        assert_eq!(by_name("宁波某某贸易有限公司"), Class::Ordinary);
        assert!(is_org("宁波某某贸易有限公司"));
        assert!(!is_org("欧阳建国"));
    }
}
