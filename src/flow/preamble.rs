//! Own account and name from the preamble of a personal online-banking
//! export (`# 账号: [6214…]`, `卡号：6222…`, `户名：张三`, `客户姓名,张三`),
//! for statements without an own-account column. The reader skips these
//! lines as titles, so we look at the first lines of text files ourselves.
//! Workbooks are not scanned (their title cells are not kept by the reader):
//! for them the file name, or the account the user types, is used.
//!
//! Alipay's web export names its owner only in the footer
//! (`导出时间:[…]    用户:张三[zhangsan@example.com]`), and its header line
//! `账号:[…]` may be an e-mail address: the last lines are read too.

use super::options::OwnerHint;

const ACCOUNT_KEYS: &[&str] = &["账号", "卡号", "账户", "查询账号", "客户账号", "帐号"];
const NAME_KEYS: &[&str] = &["户名", "客户姓名", "账户名称", "姓名", "客户名称", "账户名"];

/// Look at the first lines of a text export (any encoding we read) for
/// "key: value" pairs naming the account or its owner.
pub fn owner_hint(file: &str, bytes: &[u8]) -> Option<OwnerHint> {
    let head = bytes.get(..bytes.len().min(HEAD)).unwrap_or(bytes);
    let tail = (bytes.len() > head.len()).then(|| bytes.get(bytes.len().saturating_sub(TAIL)..).unwrap_or(&[]));
    owner_hint_of(file, head, tail)
}

/// Bytes of a file's start and end that `owner_hint` reads.
const HEAD: usize = 8192;
const TAIL: usize = 4096;

/// `owner_hint` reading only the start and end of a source (the page's `File`).
pub fn owner_hint_source<S: crate::ingest::ByteSource + ?Sized>(file: &str, src: &mut S) -> Option<OwnerHint> {
    use crate::ingest::source;
    let head = source::head(src, HEAD).ok()?;
    let size = src.size();
    let tail = if size > head.len() as u64 { Some(source::range(src, size.saturating_sub(TAIL as u64), TAIL).ok()?) } else { None };
    owner_hint_of(file, &head, tail.as_deref())
}

/// From the first `HEAD` bytes and, when the file is longer, its last `TAIL` bytes.
fn owner_hint_of(file: &str, head: &[u8], tail: Option<&[u8]>) -> Option<OwnerHint> {
    if head.starts_with(b"PK") || head.starts_with(b"\xD0\xCF\x11\xE0") {
        return None;
    }
    let (enc, bom) = crate::ingest::encoding::sniff(head);
    let (text, _) = enc.decode(head.get(bom..).unwrap_or(head));
    let mut hint = OwnerHint { file: file.to_string(), ..OwnerHint::default() };
    scan(&text.lines().take(15).collect::<Vec<_>>(), &mut hint);
    if let (true, Some(tail)) = (hint.name.is_empty(), tail) {
        // The tail, cut at a line start so a multi-byte character is never split.
        let start = tail.iter().position(|&b| b == b'\n').map_or(0, |p| p + 1);
        let (t, _) = enc.decode(tail.get(start..).unwrap_or(&[]));
        let lines: Vec<&str> = t.lines().collect();
        scan(lines.get(lines.len().saturating_sub(15)..).unwrap_or(&[]), &mut hint);
    } else if hint.name.is_empty() {
        let lines: Vec<&str> = text.lines().collect();
        scan(lines.get(lines.len().saturating_sub(15)..).unwrap_or(&[]), &mut hint);
    }
    (!hint.account.is_empty() || !hint.name.is_empty()).then_some(hint)
}

/// The owner's name in an Alipay footer value: `张三[zhangsan@example.com]` → 张三.
fn footer_name(v: &str) -> &str {
    v.split(['[', '【', '(', '（']).next().unwrap_or(v).trim()
}

fn is_email(v: &str) -> bool {
    v.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !v.contains(char::is_whitespace))
}

fn scan(lines: &[&str], hint: &mut OwnerHint) {
    for &line in lines {
        // HTML tables saved as .xls carry the preamble inside <td> cells.
        let untagged;
        let line = if line.contains('<') {
            untagged = strip_tags(line);
            untagged.as_str()
        } else {
            line
        };
        let l = line.trim_start_matches(['#', ' ', '\u{feff}']).trim();
        // Stop at the header row (many delimiter-separated cells, no "key:value").
        let cells: Vec<&str> = l.split([',', '\t', '，']).map(|c| c.trim().trim_matches('"')).filter(|c| !c.is_empty()).collect();
        for pair in pairs(l, &cells) {
            let (k, v) = pair;
            let v = v.trim_matches(|c: char| c == '[' || c == ']' || c == '【' || c == '】' || c.is_whitespace());
            if v.is_empty() {
                continue;
            }
            if hint.account.is_empty() && ACCOUNT_KEYS.iter().any(|a| k.ends_with(a)) && (v.chars().filter(|c| c.is_ascii_digit()).count() >= 8 || is_email(v)) {
                hint.account = v.split_whitespace().next().unwrap_or(v).to_string();
            } else if hint.name.is_empty() && NAME_KEYS.iter().any(|a| k.ends_with(a)) && v.chars().count() <= 40 {
                hint.name = v.to_string();
            } else if hint.name.is_empty() && k == "用户" {
                let n = footer_name(v);
                if !n.is_empty() && n.chars().count() <= 40 && !is_email(n) {
                    hint.name = n.to_string();
                }
            }
        }
    }
}

/// "账号：123" / "账号:123" pairs in one line, or "账号,123" as two cells.
fn pairs<'a>(line: &'a str, cells: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut v = Vec::new();
    for part in line.split([',', '\t', '，']).flat_map(|c| c.split("  ")).filter(|s| !s.trim().is_empty()) {
        for seg in segments(part) {
            if let Some((k, val)) = seg.split_once([':', '：']) {
                v.push((k.trim(), val.trim()));
            }
        }
    }
    if v.is_empty() && cells.len() == 2 {
        if let (Some(k), Some(val)) = (cells.first(), cells.get(1)) {
            v.push((k.trim_end_matches([':', '：']), *val));
        }
    }
    v
}

/// "账号：622… 户名：张三" with one space: a new pair starts at each
/// space-separated token that holds a colon ("户名：张 三" stays whole).
fn segments(part: &str) -> Vec<&str> {
    let mut cuts = vec![0];
    let mut after_space = false;
    for (i, c) in part.char_indices() {
        if c.is_whitespace() {
            after_space = true;
            continue;
        }
        if after_space && part.get(i..).and_then(|r| r.split(char::is_whitespace).next()).is_some_and(|tok| tok.contains([':', '：'])) {
            cuts.push(i);
        }
        after_space = false;
    }
    cuts.push(part.len());
    cuts.windows(2).filter_map(|w| match w {
        [a, b] => part.get(*a..*b),
        _ => None,
    }).collect()
}

/// `<td>账号：1</td>` → ` 账号：1 `.
fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preamble_account_and_name() {
        let cmb = "# 招商银行交易记录\n# 账号: [6214830000001234]\n# 币种: 人民币\n交易日期,交易时间,收入\n";
        let h = owner_hint("cmb.csv", cmb.as_bytes()).unwrap();
        assert_eq!(h.account, "6214830000001234");
        let icbc = "中国工商银行借记账户历史明细\n卡号：6222020000001234567  户名：张 三\n交易日期,摘要\n";
        let h = owner_hint("icbc.csv", icbc.as_bytes()).unwrap();
        assert_eq!((h.account.as_str(), h.name.as_str()), ("6222020000001234567", "张 三"));
        // GBK bytes: "户名,李四\n账号,6228480000000000001"
        let (gbk, _, _) = encoding_rs::GBK.encode("户名,李四\n账号,6228480000000000001\n日期,金额\n");
        let h = owner_hint("abc.csv", &gbk).unwrap();
        assert_eq!((h.account.as_str(), h.name.as_str()), ("6228480000000000001", "李四"));
        assert!(owner_hint("x.csv", "交易日期,金额\n2024-01-01,5\n".as_bytes()).is_none());
        // Alipay web export: owner in the footer only, account an e-mail.
        let ali = "支付宝交易记录明细查询\n账号:[zhang_san@example.com]\n交易号,金额（元）\n1,2.00\n------\n共1笔记录\n导出时间:[2024-04-01 10:00:00]    用户:张三[zhang_san@example.com]\n";
        let h = owner_hint("alipay.csv", ali.as_bytes()).unwrap();
        assert_eq!((h.account.as_str(), h.name.as_str()), ("zhang_san@example.com", "张三"));
        let mut long = "账号:[13800001234]\n交易号,金额（元）\n".to_string();
        long.push_str(&"1,2.00\n".repeat(3000));
        long.push_str("导出时间:[2024-04-01 10:00:00]    用户:李四\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(&long);
        let h = owner_hint("alipay.csv", &gbk).unwrap();
        assert_eq!((h.account.as_str(), h.name.as_str()), ("13800001234", "李四"));
        // One space between the pairs; the same inside an HTML cell.
        let abc = "账号：6228480000000000002 户名：王 五\n交易日期,金额\n";
        let h = owner_hint("abc.csv", abc.as_bytes()).unwrap();
        assert_eq!((h.account.as_str(), h.name.as_str()), ("6228480000000000002", "王 五"));
        let ccb = "<table><tr><td colspan=8>账号：6217000000000000003 户名：赵六</td></tr>\n<tr><td>交易日期</td></tr>\n";
        let h = owner_hint("ccb.xls", ccb.as_bytes()).unwrap();
        assert_eq!((h.account.as_str(), h.name.as_str()), ("6217000000000000003", "赵六"));
    }
}
