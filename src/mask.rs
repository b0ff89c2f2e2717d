//! 脱敏 (Ant Design 低级), the one masker of the crate: every export and
//! print path, screening and flow, page and CLI, masks through here.
//!
//! Names keep the first character (`陈*`; company names the first and last
//! two); resident IDs the first 6 and last 4; account and card numbers the
//! first 4 and last 4; mobile numbers the first 3 and last 4. Free text
//! (reasons, figures, file names) is masked twice over: every name, ID and
//! account the record carries is replaced wherever it recurs, and any
//! remaining run of 11+ digits that looks like a phone, ID or account is
//! masked by its shape, so a number the pairs missed still cannot leak.

use crate::engine::candidates::CandidateGroup;
use crate::lead::{Evidence, FigureValue, Lead};

fn stars(n: usize) -> String {
    "*".repeat(n)
}

/// `陈某` → `陈*`; `宁波某某贸易有限公司` → `宁波******公司`.
pub fn name(s: &str) -> String {
    let c: Vec<char> = s.trim().chars().collect();
    match c.len() {
        0 => String::new(),
        1 => "*".into(),
        2..=5 => c.iter().take(1).chain(std::iter::once(&'*')).collect(),
        n => {
            let head: String = c.iter().take(2).collect();
            let tail: String = c.iter().skip(n - 2).collect();
            format!("{head}{}{tail}", stars((n - 4).min(6)))
        }
    }
}

/// Keep `head` and `tail` characters (spaces dropped); short values keep
/// only their first and last.
fn keep(s: &str, head: usize, tail: usize) -> String {
    let c: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let n = c.len();
    let (head, tail) = if n <= head + tail { (usize::from(n > 2), usize::from(n > 2)) } else { (head, tail) };
    let first: String = c.iter().take(head).collect();
    let last: String = c.iter().skip(n - tail).collect();
    format!("{first}{}{last}", stars(n - head - tail))
}

/// `330203198001010013` → `330203********0013`.
pub fn id(s: &str) -> String {
    keep(s, 6, 4)
}

/// `6222020000000001` → `6222********0001`.
pub fn account(s: &str) -> String {
    keep(s, 4, 4)
}

/// `13812345678` → `138****5678`.
pub fn phone(s: &str) -> String {
    keep(s, 3, 4)
}

fn digits(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

/// Mask one cell by its header and what it looks like; `None` when it is
/// neither a name, an ID, a phone nor an account (dates, amounts, text).
pub fn value(header: &str, v: &str) -> Option<String> {
    let t = v.trim();
    if t.is_empty() {
        return None;
    }
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let n = compact.chars().count();
    let id_like = (n == 18 || n == 15) && digits(&compact) >= n - 1;
    if id_like || header.contains("证件") || header.contains("身份") || header.contains("SFZ") {
        return Some(id(t));
    }
    if header.contains("电话") || header.contains("手机") {
        return Some(phone(t));
    }
    if (n >= 12 && digits(&compact) == n) || header.contains("账号") || header.contains("卡号") {
        return Some(account(t));
    }
    let name_header = ["人", "姓名", "名称", "户名", "SYR", "对方"].iter().any(|k| header.ends_with(k)) || header.contains("姓名");
    if name_header && !header.contains("日期") && !header.contains("人数") {
        return Some(name(t));
    }
    None
}

/// Mask every run of digits in free text that is shaped like a phone (11
/// digits from 1), a resident ID (15, or 17 + digit/X) or an account (12+).
pub fn numbers_in(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if !c.is_ascii_digit() {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while chars.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
        // The ID check character.
        if i - start == 17 && chars.get(i).is_some_and(|c| matches!(c, 'X' | 'x')) {
            i += 1;
        }
        let run: String = chars.get(start..i).map(|r| r.iter().collect()).unwrap_or_default();
        let n = i - start;
        let masked = match n {
            11 if run.starts_with('1') => phone(&run),
            15 | 18 => id(&run),
            n if n >= 12 => account(&run),
            _ => run,
        };
        out.push_str(&masked);
    }
    out
}

/// Replaces known names, IDs and accounts wherever they recur in a record's
/// free text, longest first (so `陈某某` goes before `陈某`), then masks any
/// number left by its shape.
#[derive(Debug, Default, Clone)]
pub struct Masker {
    pairs: Vec<(String, String)>,
}

impl Masker {
    pub fn new() -> Masker {
        Masker::default()
    }

    fn learn(&mut self, raw: &str, masked: String) {
        let raw = raw.trim();
        if !raw.is_empty() && raw != masked && !self.pairs.iter().any(|(r, _)| r == raw) {
            let at = self.pairs.partition_point(|(r, _)| r.chars().count() >= raw.chars().count());
            self.pairs.insert(at, (raw.to_string(), masked));
        }
    }

    /// Learn a cell (one or several names/IDs split on `、,，;；`) and return it masked.
    pub fn name(&mut self, s: &str) -> String {
        for part in crate::normalize::multi::split(s) {
            self.learn(&part, name(&part));
        }
        self.text(s)
    }
    pub fn id(&mut self, s: &str) -> String {
        for part in crate::normalize::multi::split(s) {
            self.learn(&part, id(&part));
        }
        self.text(s)
    }
    pub fn account(&mut self, s: &str) -> String {
        self.learn(s, account(s));
        self.text(s)
    }
    /// A flow counterparty as written by the flow analysis: `户名（账号）`,
    /// an account alone, or a name alone.
    pub fn party(&mut self, s: &str) -> String {
        let t = s.trim();
        if let Some((nm, rest)) = t.split_once('（') {
            let acct = rest.trim_end_matches('）');
            self.learn(nm, name(nm));
            self.learn(acct, account(acct));
        } else if digits(t) >= 8 {
            self.learn(t, account(t));
        } else {
            self.learn(t, name(t));
        }
        self.text(s)
    }
    /// Learn a cell by its header (see [`value`]) and return it masked.
    pub fn cell(&mut self, header: &str, v: &str) -> String {
        if let Some(m) = value(header, v) {
            self.learn(v, m);
        }
        self.text(v)
    }
    /// Free text with every learnt value and number-shaped run masked.
    pub fn text(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (raw, m) in &self.pairs {
            if out.contains(raw.as_str()) {
                out = out.replace(raw.as_str(), m);
            }
        }
        numbers_in(&out)
    }
}

fn learn_evidence(m: &mut Masker, e: &Evidence) {
    for (h, v) in &e.fields.0 {
        m.cell(h, &v.raw);
        if let Some(nv) = &v.normalized {
            m.cell(h, nv);
        }
    }
}

fn apply_evidence(m: &Masker, e: &mut Evidence) {
    e.file = m.text(&e.file);
    for (_, v) in &mut e.fields.0 {
        v.raw = m.text(&v.raw).into();
        if let Some(n) = &mut v.normalized {
            *n = m.text(n).into();
        }
    }
}

/// Mask a group of candidate properties (realestate addresses) in place.
pub fn candidates(c: &mut CandidateGroup) {
    let mut m = Masker::new();
    m.name(&c.subject_name);
    m.id(&c.subject_id);
    learn_evidence(&mut m, &c.evidence);
    for p in &c.properties {
        m.name(&p.owner);
        m.id(&p.owner_id);
        learn_evidence(&mut m, &p.evidence);
    }
    c.subject_name = m.text(&c.subject_name);
    c.subject_id = m.text(&c.subject_id);
    apply_evidence(&m, &mut c.evidence);
    for p in &mut c.properties {
        p.owner = m.text(&p.owner);
        p.owner_id = m.text(&p.owner_id);
        p.reasons.iter_mut().for_each(|r| *r = m.text(r));
        apply_evidence(&m, &mut p.evidence);
    }
}

/// Mask a screening lead in place: subject, evidence cells, and the same
/// strings wherever they recur (reason, figures, flags, file names).
pub fn lead(l: &mut Lead) {
    let mut m = Masker::new();
    m.name(&l.subject_name);
    m.id(&l.subject_id);
    l.evidence.iter().for_each(|e| learn_evidence(&mut m, e));
    let apply = |s: &mut String| *s = m.text(s);
    apply(&mut l.subject_name);
    apply(&mut l.subject_id);
    apply(&mut l.subject_id_source);
    apply(&mut l.reason);
    l.flags.iter_mut().for_each(apply);
    for f in &mut l.figures {
        apply(&mut f.display);
        if let FigureValue::Text(t) = &mut f.value {
            apply(t);
        }
    }
    l.evidence.iter_mut().for_each(|e| apply_evidence(&m, e));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ant_low_levels() {
        assert_eq!(name("陈某"), "陈*");
        assert_eq!(name("欧阳某某"), "欧*");
        assert_eq!(name("宁波某某贸易有限公司"), "宁波******公司");
        assert_eq!(name("张"), "*");
        assert_eq!(id("330203198001010013"), "330203********0013");
        assert_eq!(id("3302 0319 8001 0100 13"), "330203********0013");
        assert_eq!(account("6222020000000001"), "6222********0001");
        assert_eq!(phone("13812345678"), "138****5678");
        assert_eq!(account("1234"), "1**4");
        assert_eq!(id(""), "");
    }

    #[test]
    fn numbers_in_text_by_shape() {
        assert_eq!(
            numbers_in("陈某 11010519491231002X 向 6222020000000001 转出 50000.00 元，电话 13812345678，20240105"),
            "陈某 110105********002X 向 6222********0001 转出 50000.00 元，电话 138****5678，20240105"
        );
        assert_eq!(numbers_in("（2019）浙0203执1234号"), "（2019）浙0203执1234号");
    }

    #[test]
    fn masker_replaces_learnt_values_longest_first() {
        let mut m = Masker::new();
        assert_eq!(m.name("陈某、陈某某"), "陈*、陈*");
        assert_eq!(m.party("王某（6222020000000002）"), "王*（6222********0002）");
        assert_eq!(m.text("陈某某转给王某"), "陈*转给王*");
        assert_eq!(m.cell("联系电话", "138 1234 5678"), "138****5678");
        assert_eq!(m.cell("执行标的", "3000.00"), "3000.00");
    }
}
