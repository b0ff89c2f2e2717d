//! Addresses (坐落) as matching keys, and the editable alias table that links a
//! contract address to properties in the real-estate register.
//!
//! The Yuexiu story (domain.md): a shop bought in 1999 whose contract says
//! "某某花园" while the register says "某某苑" (promotional vs registered name
//! of the same estate), in an area moved from 白云区 to 越秀区 in 2005. Plain
//! string equality finds nothing; [`AliasTable::candidates`] ranks register
//! rows by estate name (through aliases), district (through renames) and
//! building/unit/room numbers, and says why for each.
//!
//! This is a ranking for a human to verify, not a match: every candidate
//! carries its reasons. It compares one address against the register in one
//! pass (O(rows)); it is meant for the "only an address is known" lookup,
//! not for joining two large tables.

use serde::{Deserialize, Serialize};

/// Provinces and province-level units, longest first where one is a prefix of another.
const PROVINCES: &[&str] = &[
    "黑龙江",
    "内蒙古",
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
];
const PROVINCE_SUFFIXES: &[&str] = &["壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"];

/// Matching key of an address: NFKC, traditional → simplified, no spaces or
/// punctuation (a `-` between numbers is kept: `3-201`), Chinese numerals before
/// 栋/幢/单元/层 turned into digits, 幢/座/号楼/`#` → 栋, the room suffix
/// (室/房/号房) dropped, and a leading province and city (`广东省广州市`) removed.
pub fn key(raw: &str) -> String {
    parts(raw).key
}

/// An address split into what the ranking compares.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parts {
    /// City named at the start (`广州`), if any.
    city: Option<String>,
    /// District (`越秀区`), if the address starts with one after the city.
    district: Option<String>,
    /// Whatever follows the district: estate, road, building.
    rest: String,
    key: String,
}

fn parts(raw: &str) -> Parts {
    let unified = unify(raw);
    let (city, after_city) = strip_province_city(&unified);
    let (district, rest) = split_district(after_city);
    Parts { city, district: district.map(str::to_string), rest: rest.to_string(), key: after_city.to_string() }
}

fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9FFF}').contains(&c) || ('\u{20000}'..='\u{2FFFF}').contains(&c)
}

/// Unit words after a building/unit/floor number.
const UNIT_AFTER_NUMBER: &[char] = &['栋', '幢', '座', '单', '层', '楼', '号', '室', '房', '#', '户', '-'];

/// Addresses are short; a longer cell is not an address, and capping keeps
/// every step below linear in practice.
const MAX_CHARS: usize = 256;

fn unify(raw: &str) -> String {
    let capped: String = raw.chars().take(MAX_CHARS * 2).collect();
    let nfkc: String = super::nfkc(&capped).chars().take(MAX_CHARS).collect();
    let simplified = fast2s::convert(&nfkc);
    // 1. Keep letters, digits, CJK; dashes between digits become '-'; drop the rest.
    let chars: Vec<char> = simplified.chars().collect();
    let mut kept: Vec<char> = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() || is_cjk(c) {
            kept.push(c.to_ascii_uppercase());
        } else if matches!(c, '-' | '—' | '–' | '_' | '~' | '/') {
            let prev_digit = kept.last().is_some_and(|p| p.is_ascii_digit());
            let next_digit = chars.get(i + 1..).and_then(|r| r.iter().find(|c| !c.is_whitespace())).is_some_and(|n| n.is_ascii_digit());
            if prev_digit && next_digit {
                kept.push('-');
            }
        } else if c == '#' {
            kept.push('#');
        }
    }
    // 2. Chinese numerals directly before a unit word become digits (三栋 → 3栋).
    let kept = numerals_to_digits(&kept);
    // 3. Unit words: 号楼/幢/座/# → 栋; 室/房/号房 after a room number dropped.
    let s: String = kept.into_iter().collect();
    let s = s.replace("号楼", "栋").replace(['幢', '座'], "栋");
    let mut out = String::with_capacity(s.len());
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while let Some(&c) = cs.get(i) {
        let prev_alnum = out.chars().last().is_some_and(|p: char| p.is_ascii_alphanumeric());
        let next = cs.get(i + 1).copied();
        if c == '#' {
            // `3#` / `3#楼` = building 3; a stray `#` elsewhere means nothing.
            if prev_alnum {
                out.push('栋');
            }
            i += if next == Some('楼') { 2 } else { 1 };
            continue;
        }
        if prev_alnum && (c == '室' || c == '房') {
            i += 1;
            continue;
        }
        if prev_alnum && c == '号' && next == Some('房') {
            i += 2;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn cn_digit(c: char) -> Option<u32> {
    "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32).or(match c {
        '〇' => Some(0),
        '两' => Some(2),
        _ => None,
    })
}

/// Converts runs like `三`, `十二`, `二十一` that stand right before a unit word.
fn numerals_to_digits(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let run_len = chars.get(i..).map_or(0, |r| r.iter().take_while(|c| cn_digit(**c).is_some() || **c == '十').count());
        let after = chars.get(i + run_len).copied();
        let before_unit = after.is_some_and(|a| matches!(a, '栋' | '幢' | '座' | '单' | '层' | '楼' | '号'));
        // Only short runs, and not when the numeral ends a word (一号 in 一号公馆 is rare; 十 alone is fine).
        if run_len > 0 && run_len <= 3 && before_unit {
            if let Some(n) = chars.get(i..i + run_len).and_then(cn_number) {
                out.extend(n.to_string().chars());
                i += run_len;
                continue;
            }
        }
        if let Some(c) = chars.get(i) {
            out.push(*c);
        }
        i += 1;
    }
    out
}

fn cn_number(run: &[char]) -> Option<u32> {
    match run {
        ['十'] => Some(10),
        ['十', b] => Some(10 + cn_digit(*b)?),
        [a, '十'] => Some(cn_digit(*a)? * 10),
        [a, '十', b] => Some(cn_digit(*a)? * 10 + cn_digit(*b)?),
        [a] => cn_digit(*a),
        _ => None,
    }
}

/// Removes a leading province (`广东省`, `广西壮族自治区`) and city (`广州市`).
/// The city is only removed when a province preceded it or a district
/// (…区/县) follows it, so an estate called 新城市花园 is left alone.
fn strip_province_city(s: &str) -> (Option<String>, &str) {
    let mut rest = s;
    let mut had_province = false;
    if let Some(p) = PROVINCES.iter().find(|p| s.starts_with(*p)) {
        let after = s.get(p.len()..).unwrap_or("");
        if let Some(suf) = PROVINCE_SUFFIXES.iter().find(|suf| after.starts_with(*suf)) {
            rest = after.get(suf.len()..).unwrap_or("");
            had_province = true;
            // 北京市/上海市…: the province is the city.
            if *suf == "市" {
                return (Some((*p).to_string()), rest);
            }
        }
    }
    // City: 2–4 characters then 市/自治州/地区/盟.
    for suffix in ["市", "自治州", "地区", "盟"] {
        let chars: Vec<(usize, char)> = rest.char_indices().take(8).collect();
        for (n, (idx, _)) in chars.iter().enumerate().skip(2).take(3) {
            if rest.get(*idx..).is_some_and(|r| r.starts_with(suffix)) {
                let name = rest.get(..*idx).unwrap_or("");
                let after = rest.get(idx + suffix.len()..).unwrap_or("");
                let district_follows = split_district(after).0.is_some();
                if name.chars().all(is_cjk) && n >= 2 && (had_province || district_follows) {
                    return (Some(name.to_string()), after);
                }
            }
        }
    }
    (None, rest)
}

/// `越秀区某某苑…` → (Some("越秀区"), "某某苑…"): a district is 2–5 CJK characters
/// ending in 区/县/旗 at the start.
fn split_district(s: &str) -> (Option<&str>, &str) {
    for (n, (idx, c)) in s.char_indices().enumerate().take(6) {
        if !is_cjk(c) {
            break;
        }
        if n >= 2 && matches!(c, '区' | '县' | '旗') {
            let end = idx + c.len_utf8();
            // Not 小区/园区/社区/片区 (parts of estate names).
            let name = s.get(..end).unwrap_or("");
            if ["小区", "园区", "社区", "片区", "校区", "景区"].iter().any(|w| name.ends_with(w)) {
                return (None, s);
            }
            return (Some(name), s.get(end..).unwrap_or(""));
        }
    }
    (None, s)
}

/// The editable alias table (JSON the page can edit and the user can save).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasTable {
    /// What this table is, e.g. that the default content is an example.
    #[serde(default)]
    pub note: String,
    /// Pairs of names of the same estate (`某某花园` = `某某苑`).
    #[serde(default)]
    pub estates: Vec<(String, String)>,
    #[serde(default)]
    pub districts: Vec<DistrictRename>,
}

/// A district renamed or merged (`白云区` → `越秀区` for `广州` since 2005).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictRename {
    pub old: String,
    pub new: String,
    /// City the rename applies to (`广州市`); "" = any.
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub since_year: Option<i32>,
    /// True for illustrative entries that must be checked before use.
    #[serde(default)]
    pub example: bool,
}

impl Default for AliasTable {
    /// The Yuexiu example from domain.md, marked as an example.
    fn default() -> AliasTable {
        AliasTable {
            note: "示例数据（越秀案例）：请按当地实际的小区名称和区划调整修改后使用".into(),
            estates: vec![("某某花园".into(), "某某苑".into())],
            districts: vec![DistrictRename {
                old: "白云区".into(),
                new: "越秀区".into(),
                area: "广州市".into(),
                since_year: Some(2005),
                example: true,
            }],
        }
    }
}

/// One register row that may be the property in the contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The row index the caller passed in (e.g. the Excel row number).
    pub row: usize,
    /// 0.0 … 1.0; higher is more likely.
    pub score: f64,
    /// Chinese reasons, one per signal that contributed.
    pub reasons: Vec<String>,
}

/// Candidates scoring below this are not shown.
const MIN_SCORE: f64 = 0.35;
/// At most this many candidates are returned (best first).
const MAX_CANDIDATES: usize = 50;

impl AliasTable {
    pub fn from_json(text: &str) -> Result<AliasTable, String> {
        serde_json::from_str(text).map_err(|e| format!("别名表格式错误：{e}"))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Register rows ranked by how likely they are the property at
    /// `contract_address`, best first; rows below a minimum score are left out.
    pub fn candidates(&self, contract_address: &str, register: &[(usize, String)]) -> Vec<Candidate> {
        let keys = self.keys();
        let contract = prepare(&keys, contract_address);
        if contract.parts.key.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<Candidate> = register
            .iter()
            .filter_map(|(row, loc)| {
                let reg = prepare(&keys, loc);
                let (score, reasons) = self.score(&contract, &reg);
                (score >= MIN_SCORE).then_some(Candidate { row: *row, score, reasons })
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.row.cmp(&b.row)));
        out.truncate(MAX_CANDIDATES);
        out
    }

    /// An equality key for addresses through this table (join keys): the
    /// address key with every estate alias written as the pair's first
    /// name and a renamed district as its new name, so `白云区某某花园3栋201`
    /// and `广州市越秀区某某苑3栋201室` meet. The table's keys are computed
    /// once, here, not per address.
    pub fn keyer(&self) -> AddressKeyer {
        AddressKeyer { keys: self.keys() }
    }

    /// The table's names as address keys, computed once per lookup.
    fn keys(&self) -> Keys {
        Keys {
            estates: self.estates.iter().map(|(a, b)| (key(a), key(b))).collect(),
            districts: self.districts.iter().map(|r| (key(&r.area).trim_end_matches('市').to_string(), key(&r.old), key(&r.new))).collect(),
        }
    }

    fn score(&self, c: &Prepared, r: &Prepared) -> (f64, Vec<String>) {
        let mut score = 0.0;
        let mut reasons = Vec::new();
        // Estate / road text.
        if !c.text.is_empty() && !r.text.is_empty() {
            if c.text == r.text {
                score += 0.45;
                reasons.push(format!("小区/道路名称一致：{}", r.text));
            } else if c.text.contains(&r.text) || r.text.contains(&c.text) {
                score += 0.35;
                reasons.push(format!("小区/道路名称包含：{} / {}", c.text, r.text));
            } else {
                let sim = bigram_similarity(&c.text, &r.text);
                if sim >= 0.3 {
                    score += 0.35 * sim;
                    reasons.push(format!("小区/道路名称相似（{:.0}%）：{} / {}", sim * 100.0, c.text, r.text));
                }
            }
            // Name the alias when the two sides used different names of one estate.
            for (i, c_used_first) in &c.estate_hits {
                if let Some((_, r_used_first)) = r.estate_hits.iter().find(|(j, _)| j == i) {
                    if c_used_first != r_used_first {
                        if let Some((a, b)) = self.estates.get(*i) {
                            let (cn, rn) = if *c_used_first { (a, b) } else { (b, a) };
                            reasons.push(format!("小区别名：合同写“{cn}”，登记为“{rn}”（别名表：{a} = {b}）"));
                        }
                    }
                }
            }
        }
        // Building / unit / room numbers.
        if !c.numbers.is_empty() && !r.numbers.is_empty() {
            if c.numbers == r.numbers {
                score += 0.4;
                reasons.push(format!("楼栋/房号一致：{}", c.numbers.join("-")));
            } else if r.numbers.ends_with(&c.numbers)
                || c.numbers.ends_with(&r.numbers)
                || r.numbers.starts_with(&c.numbers)
                || c.numbers.starts_with(&r.numbers)
            {
                score += 0.3;
                reasons.push(format!("楼栋/房号部分一致：{} / {}", c.numbers.join("-"), r.numbers.join("-")));
            } else if c.numbers.last() == r.numbers.last() {
                score += 0.15;
                reasons.push(format!("房号一致：{}", c.numbers.last().map_or("", String::as_str)));
            } else {
                score -= 0.3;
                reasons.push(format!("楼栋/房号不同：{} / {}", c.numbers.join("-"), r.numbers.join("-")));
            }
        }
        // District (after renames).
        match (&c.district, &r.district) {
            (Some(a), Some(b)) if a == b => {
                score += 0.15;
                let rename = c.renamed.or(r.renamed).and_then(|i| self.districts.get(i));
                match rename {
                    Some(d) if c.parts.district != r.parts.district => reasons.push(format!(
                        "区划调整：{} → {}（{}{}{}）",
                        d.old,
                        d.new,
                        if d.area.is_empty() { "不限城市" } else { d.area.as_str() },
                        d.since_year.map(|y| format!("，{y} 年起")).unwrap_or_default(),
                        if d.example { "，示例数据，请核实" } else { "" }
                    )),
                    _ => reasons.push(format!("所在区一致：{a}")),
                }
            }
            (Some(a), Some(b)) => {
                score -= 0.15;
                reasons.push(format!("所在区不同：{a} / {b}"));
            }
            _ => {}
        }
        (score.clamp(0.0, 1.0), reasons)
    }
}

/// `AliasTable::keyer`: addresses → equality keys.
pub struct AddressKeyer {
    keys: Keys,
}

impl AddressKeyer {
    /// "" for a blank address (which never joins).
    pub fn key(&self, raw: &str) -> String {
        let p = prepare(&self.keys, raw);
        if p.parts.key.is_empty() {
            return String::new();
        }
        let rest = p.estate_rest;
        match p.district {
            Some(d) => format!("{d}{rest}"),
            None => rest,
        }
    }
}

struct Keys {
    estates: Vec<(String, String)>,
    /// (area without 市, old, new)
    districts: Vec<(String, String, String)>,
}

struct Prepared {
    parts: Parts,
    /// (estate pair index, whether this address used the first name).
    estate_hits: Vec<(usize, bool)>,
    district: Option<String>,
    renamed: Option<usize>,
    numbers: Vec<String>,
    text: String,
    /// What follows the district, estate aliases replaced.
    estate_rest: String,
}

fn prepare(keys: &Keys, raw: &str) -> Prepared {
    let parts = parts(raw);
    // Estate aliases: every name of a pair becomes the first name.
    let mut rest = parts.rest.clone();
    let mut estate_hits = Vec::new();
    for (i, (ka, kb)) in keys.estates.iter().enumerate() {
        if ka.is_empty() || kb.is_empty() {
            continue;
        }
        if rest.contains(kb.as_str()) {
            rest = rest.replace(kb.as_str(), ka);
            estate_hits.push((i, false));
        } else if rest.contains(ka.as_str()) {
            estate_hits.push((i, true));
        }
    }
    // District renames, when the city is unknown or the rename's city.
    let mut district = parts.district.clone();
    let mut renamed = None;
    for (i, (area, old, new)) in keys.districts.iter().enumerate() {
        let city_ok = area.is_empty() || parts.city.as_deref().is_none_or(|c| c == area);
        if city_ok && district.as_deref() == Some(old.as_str()) {
            district = Some(new.clone());
            renamed = Some(i);
        }
    }
    let numbers = numbers(&rest);
    let text = text_only(&rest);
    Prepared { parts, estate_hits, district, renamed, numbers, text, estate_rest: rest }
}

/// Runs of ASCII letters and digits (`3`, `201`, `A`), in order.
fn numbers(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()).map(str::to_string).collect()
}

/// The words of an address without numbers and unit words (`某某花园`).
fn text_only(s: &str) -> String {
    let mut out = String::new();
    let mut after_number = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            after_number = true;
            continue;
        }
        // `单` of 单元 is a unit word; its `元` follows it.
        if after_number && (UNIT_AFTER_NUMBER.contains(&c) || c == '元') {
            continue;
        }
        if c == '-' {
            continue;
        }
        after_number = false;
        out.push(c);
    }
    // Unit words left at the end once their numbers are gone.
    out.trim_end_matches(['栋', '楼', '层', '号']).to_string()
}

/// Dice coefficient over character bigrams (multiset intersection).
fn bigram_similarity(a: &str, b: &str) -> f64 {
    use std::collections::HashMap;
    let grams = |s: &str| -> HashMap<(char, char), usize> {
        let cs: Vec<char> = s.chars().collect();
        let mut m = HashMap::new();
        for w in cs.windows(2) {
            if let [x, y] = w {
                *m.entry((*x, *y)).or_insert(0) += 1;
            }
        }
        m
    };
    let (ga, gb) = (grams(a), grams(b));
    let total: usize = ga.values().sum::<usize>() + gb.values().sum::<usize>();
    if total == 0 || ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let common: usize = ga.iter().map(|(g, n)| (*n).min(gb.get(g).copied().unwrap_or(0))).sum();
    2.0 * common as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_unify_forms() {
        assert_eq!(key("广东省广州市越秀区某某苑3幢201室"), "越秀区某某苑3栋201");
        assert_eq!(key("越秀区 某某苑 3栋 201"), "越秀区某某苑3栋201");
        assert_eq!(key("广州市越秀区某某苑3号楼201房"), "越秀区某某苑3栋201");
        assert_eq!(key("越秀区某某苑三座２０１号房"), "越秀区某某苑3栋201");
        assert_eq!(key("越秀区某某苑3#201"), "越秀区某某苑3栋201");
        assert_eq!(key("某某苑3－201"), "某某苑3-201");
        assert_eq!(key("北京市朝阳区某路1号"), "朝阳区某路1号");
        assert_eq!(key("新城市花园1栋"), "新城市花园1栋");
        assert_eq!(key("廣州市越秀區"), "越秀区");
        assert_eq!(key(""), "");
    }

    #[test]
    fn yuexiu_contract_finds_register_row() {
        let register = vec![
            (2, "广州市越秀区某某苑3幢201室".to_string()),
            (3, "广州市越秀区某某苑3幢202室".to_string()),
            (4, "广州市天河区另一花园5栋1101室".to_string()),
            (5, "广州市越秀区某某苑8幢1201室".to_string()),
        ];
        let t = AliasTable::default();
        let c = t.candidates("白云区某某花园3栋201", &register);
        let best = c.first().expect("a candidate");
        assert_eq!(best.row, 2);
        let all = best.reasons.join("；");
        assert!(all.contains("某某花园") && all.contains("某某苑"), "{all}");
        assert!(all.contains("白云区") && all.contains("越秀区") && all.contains("示例"), "{all}");
        // The neighbour flat ranks lower; the unrelated estate is not shown.
        let rank = |row| c.iter().position(|x| x.row == row);
        assert!(rank(3).is_none_or(|r| r > 0));
        assert_eq!(rank(4), None);
        // Without the alias table, nothing links the two names strongly.
        let none = AliasTable { note: String::new(), estates: vec![], districts: vec![] };
        let c0 = none.candidates("白云区某某花园3栋201", &register);
        assert!(c0.first().is_none_or(|x| x.score < best.score));
    }

    #[test]
    fn keyer_meets_through_aliases_and_renames_only() {
        let k = AliasTable::default().keyer();
        let contract = k.key("白云区某某花园3栋201");
        assert_eq!(contract, k.key("广州市越秀区某某苑3幢201室"));
        // Another flat, another estate, another city's 白云区: no meeting.
        assert_ne!(contract, k.key("广州市越秀区某某苑3幢202室"));
        assert_ne!(contract, k.key("广州市越秀区另一花园3栋201室"));
        assert_ne!(contract, k.key("贵阳市白云区某某花园3栋201"));
        // Without the table the two spellings stay apart.
        let bare = AliasTable { note: String::new(), estates: vec![], districts: vec![] }.keyer();
        assert_ne!(bare.key("白云区某某花园3栋201"), bare.key("广州市越秀区某某苑3幢201室"));
        assert_eq!(k.key("  "), "");
    }

    #[test]
    fn building_only_contract_ranks_that_building_first_and_output_is_capped() {
        let mut register: Vec<(usize, String)> = (0..200).map(|i| (i + 2, format!("广州市越秀区某某苑8幢{}室", 100 + i))).collect();
        register.push((500, "广州市越秀区某某苑3幢201室".into()));
        register.push((501, "广州市越秀区某某苑3幢202室".into()));
        let c = AliasTable::default().candidates("越秀区某某苑3栋", &register);
        assert!(c.len() <= MAX_CANDIDATES);
        let top: Vec<usize> = c.iter().take(2).map(|x| x.row).collect();
        assert_eq!(top, [500, 501]);
        let same_building: Vec<(usize, String)> = (0..200).map(|i| (i, format!("越秀区某某苑3幢{}室", 100 + i))).collect();
        let c = AliasTable::default().candidates("越秀区某某苑3栋", &same_building);
        assert_eq!(c.len(), MAX_CANDIDATES);
        assert_eq!(c.first().map(|x| x.row), Some(0)); // ties keep register order
    }

    #[test]
    fn district_rename_respects_the_city() {
        let register = vec![(2, "深圳市越秀区某某苑3幢201室".to_string())];
        let t = AliasTable::default();
        // The contract names another city: the 广州 rename must not apply.
        let c = t.candidates("深圳市白云区某某花园3栋201", &register);
        assert!(c.iter().all(|x| !x.reasons.iter().any(|r| r.contains("区划调整"))), "{c:?}");
    }

    #[test]
    fn similarity_is_dice_over_bigrams() {
        assert_eq!(bigram_similarity("某某花园", "某某花园"), 1.0);
        assert_eq!(bigram_similarity("某某花园", "另一小区"), 0.0);
        assert!((bigram_similarity("某某花园", "某某苑") - 0.4).abs() < 1e-9);
        assert_eq!(bigram_similarity("某", "某"), 0.0);
    }

    #[test]
    fn enormous_cells_are_capped() {
        let huge = "一".repeat(1_000_000);
        assert!(key(&huge).chars().count() <= MAX_CHARS);
        let t = AliasTable::default();
        let _ = t.candidates(&huge, &[(1, huge.clone())]);
    }

    #[test]
    fn table_is_editable_json() {
        let t = AliasTable::default();
        let json = t.to_json();
        assert!(json.contains("\"example\": true"));
        let back = AliasTable::from_json(&json).unwrap();
        assert_eq!(back, t);
        let minimal = AliasTable::from_json(r#"{"estates": [["甲花园", "甲苑"]]}"#).unwrap();
        assert!(minimal.districts.is_empty());
        assert!(AliasTable::from_json("[").is_err());
    }
}
