//! Header detection and row filtering: every reader feeds its rows (with the
//! row numbers the user sees) into a `TableBuilder`, which skips title rows,
//! blank rows and `#` preambles, finds the header row by how many cells are
//! known aliases, and drops footer rows (合计, 打印人, …). Every row not kept
//! as data is recorded in `Table::skipped` with a Chinese reason.

use super::mapping::header_key;
use super::table::{Skipped, Source, Table};
use super::{kinds, IngestOptions};
use crate::error::{Error, ErrorKind, Position};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Rows looked at when searching for the header.
const HEADER_WINDOW: usize = 30;

/// Footer markers, matched at the start of a row's first non-empty cell.
const FOOTERS: &[&str] = &[
    "本页合计", "合计", "总计", "小计", "累计", "以上数据", "以上信息", "以上内容", "打印人", "打印时间", "打印日期",
    "制表人", "制表日期", "制表单位", "制表时间", "填表人", "审核人", "数据截止", "统计截止", "截止日期", "导出时间",
    "导出人", "查询时间", "注：", "说明：", "备注：",
];

/// Every alias of every kind, as header keys.
fn alias_keys() -> &'static HashSet<String> {
    static KEYS: OnceLock<HashSet<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        kinds::all().iter().flat_map(|k| k.fields.iter()).flat_map(|f| f.aliases.iter()).map(|a| header_key(a)).collect()
    })
}

/// A header cell names a known field: exactly, or once a unit in brackets
/// ("金额（元）") is dropped.
pub fn is_known_header(cell: &str) -> bool {
    let key = header_key(cell);
    if key.is_empty() {
        return false;
    }
    let keys = alias_keys();
    keys.contains(&key) || keys.contains(&strip_unit(&key))
}

/// "金额(元)" → "金额"; text without a trailing bracket is returned unchanged.
pub fn strip_unit(key: &str) -> String {
    match key.find('(') {
        Some(i) if i > 0 && key.ends_with(')') => key.get(..i).unwrap_or(key).to_string(),
        _ => key.to_string(),
    }
}

/// Trailing (and leading) spaces and tabs are export padding, not data.
pub fn clean(cell: &str) -> &str {
    // Runs twice on every cell: look at the end bytes before decoding chars
    // (U+3000 is E3 80 80, so a cell that neither starts with E3 nor ends
    // with 80 has no full-width space at its ends).
    let padded = |b: Option<&u8>, wide: u8| matches!(b, Some(&c) if c == b' ' || c == b'\t' || c == b'\r' || c == wide);
    let b = cell.as_bytes();
    if !padded(b.first(), 0xE3) && !padded(b.last(), 0x80) {
        return cell;
    }
    cell.trim_matches(|c| c == ' ' || c == '\t' || c == '\u{3000}' || c == '\r')
}

/// Summary lines under a payment-platform export (支付宝: 已收入:25笔,100500.00元);
/// matched only with the colon, so a status cell "已收入" is not a footer.
const SUMMARIES: &[&str] = &["已收入", "待收入", "已支出", "待支出", "不计收支"];

fn footer_reason(first: &str) -> Option<String> {
    // Cheap filter first: this runs on every data row.
    let c = first.chars().next()?;
    if !matches!(
        c,
        '本' | '合' | '总' | '小' | '累' | '以' | '打' | '制' | '填' | '审' | '数' | '统' | '截' | '导' | '查' | '注' | '说' | '备' | '共' | '已' | '待' | '不'
    ) {
        return None;
    }
    if let Some(f) = FOOTERS.iter().find(|f| first.starts_with(*f)) {
        return Some(format!("表尾（{}）", f.trim_end_matches('：')));
    }
    if let Some(f) = SUMMARIES.iter().find(|f| first.strip_prefix(*f).is_some_and(|r| r.starts_with([':', '：']))) {
        return Some(format!("表尾（{f}）"));
    }
    // 共 N 条 / 共计 N 笔 …
    let rest = first.strip_prefix("共计").or_else(|| first.strip_prefix('共'))?;
    let rest = rest.trim_start();
    let digits = rest.chars().take_while(|c| c.is_ascii_digit() || *c == ',').count();
    let after = rest.get(digits..)?.trim_start();
    (digits > 0 && ["条", "笔", "行", "项", "户", "人", "件", "记录"].iter().any(|u| after.starts_with(u)))
        .then(|| "表尾（共 N 条）".to_string())
}

struct Pending {
    line: u32,
    cells: Vec<String>,
}

/// Builds one `Table` from rows in file order.
pub struct TableBuilder {
    source: Source,
    forced_header: Option<u32>,
    pending: Vec<Pending>,
    nonblank_pending: usize,
    table: Option<Table>,
    /// Cleaned header cells and how many are non-empty.
    header_raw: Vec<String>,
    header_nonempty: usize,
    in_footer: bool,
    /// Rows whose cells could not be split cleanly (broken quoting), by row number.
    pub suspicious: Vec<u32>,
    too_large: bool,
    /// Blank or `#` rows seen before any row that could be a header.
    blank_prefix: Vec<Skipped>,
    /// Expected bytes of cell text, to allocate the table once.
    size_hint: usize,
    /// Data rows and widest row of the tables already handed out by `take`
    /// (a file read in chunks), so `finish` judges the whole file.
    rows_taken: usize,
    widest_taken: usize,
}

impl TableBuilder {
    pub fn new(source: Source, opts: &IngestOptions) -> TableBuilder {
        TableBuilder {
            source,
            forced_header: opts.header_row,
            pending: Vec::new(),
            nonblank_pending: 0,
            table: None,
            header_raw: Vec::new(),
            header_nonempty: 0,
            in_footer: false,
            suspicious: Vec::new(),
            too_large: false,
            blank_prefix: Vec::new(),
            size_hint: 0,
            rows_taken: 0,
            widest_taken: 0,
        }
    }

    /// Expected size of the cell text (the file size for UTF-8 text), so
    /// the table's buffers are allocated once instead of doubling.
    pub fn size_hint(&mut self, bytes: usize) {
        self.size_hint = bytes;
    }

    /// Add one row. `cells` may be iterated several times.
    pub fn push<'a, I>(&mut self, line: u32, cells: I)
    where
        I: Iterator<Item = &'a str> + Clone,
    {
        if self.table.is_none() {
            let cells: Vec<String> = cells.map(|c| clean(c).to_string()).collect();
            if cells.iter().any(|c| !c.is_empty()) {
                self.nonblank_pending += 1;
            }
            self.pending.push(Pending { line, cells });
            let forced_seen = self.forced_header.is_some_and(|h| line >= h);
            if self.nonblank_pending >= HEADER_WINDOW || forced_seen {
                self.decide();
            }
            return;
        }
        self.push_data(line, cells);
    }

    fn push_data<'a, I>(&mut self, line: u32, cells: I)
    where
        I: Iterator<Item = &'a str> + Clone,
    {
        let Some(table) = self.table.as_mut() else { return };
        // One pass: each cell is cleaned and copied once; the row is then
        // kept, cut to its last non-empty cell, or dropped.
        let mut nonempty = 0usize;
        let mut first: Option<usize> = None;
        let mut width = 0usize;
        for (i, c) in cells.enumerate() {
            let c = clean(c);
            if !c.is_empty() {
                nonempty += 1;
                width = i + 1;
                first.get_or_insert(i);
            }
            table.push_cell(c);
        }
        let skip = match first {
            None => Some("空行".to_string()),
            Some(k) => self.skip_reason(k, nonempty),
        };
        let Some(table) = self.table.as_mut() else { return };
        if let Some(reason) = skip {
            table.drop_row();
            table.skipped.push(Skipped { row: line, reason });
            return;
        }
        // Cell offsets are u32: refuse rather than wrap.
        if table.text_bytes() >= u32::MAX as usize {
            table.drop_row();
            self.too_large = true;
            return;
        }
        // Keep cells up to the last non-empty one (trailing empty cells of
        // ragged rows carry nothing).
        table.end_row(line, width.max(1));
    }

    /// Why the row being written (first non-empty cell `k`) is not data, if it is not.
    fn skip_reason(&mut self, k: usize, nonempty: usize) -> Option<String> {
        let table = self.table.as_ref()?;
        let first = table.open_cell(k);
        let hw = table.headers.len().max(1);
        if first.starts_with('#') && nonempty * 2 <= hw {
            return Some("# 注释".into());
        }
        // Alipay and some bank exports draw "-----…" lines around the data.
        if nonempty == 1 && first.chars().count() >= 3 && first.chars().all(|c| matches!(c, '-' | '=' | '_' | '*' | '—' | '─' | '－' | '＝')) {
            return Some("分隔线".into());
        }
        if let Some(reason) = footer_reason(first) {
            self.in_footer = true;
            return Some(reason);
        }
        // Lines after a footer that fill less than about a third of the
        // header (signatures, dates, "已收入:25笔,100500.00元") are still
        // footer; they stay listed in `skipped`. A fuller row means data resumed.
        if self.in_footer && hw > 2 && (nonempty <= 1 || nonempty * 3 < hw) {
            return Some("表尾".into());
        }
        self.in_footer = false;
        // Paginated exports repeat the header row byte for byte.
        if nonempty == self.header_nonempty
            && self.header_raw.first().is_some_and(|h| h == first || h.is_empty())
            && self.header_raw.iter().enumerate().all(|(i, h)| i >= table.open_cells() || table.open_cell(i) == h)
        {
            return Some("重复表头".into());
        }
        None
    }

    /// Choose the header among the pending rows and replay the rest as data.
    fn decide(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let idx = match self.forced_header {
            Some(h) => pending.iter().position(|p| p.line == h).or_else(|| pending.iter().position(|p| p.line > h)),
            None => detect_header(&pending),
        };
        let Some(idx) = idx else {
            // Nothing but blank rows so far: keep waiting (they stay skipped).
            for p in &pending {
                self.blank_prefix.push(Skipped { row: p.line, reason: skipped_reason(&p.cells, true) });
            }
            self.nonblank_pending = 0;
            return;
        };
        let mut skipped = std::mem::take(&mut self.blank_prefix);
        let mut skipped_extra: Option<Skipped> = None;
        for p in pending.iter().take(idx) {
            skipped.push(Skipped { row: p.line, reason: skipped_reason(&p.cells, true) });
        }
        let Some(head) = pending.get(idx) else { return };
        let mut raw = head.cells.clone();
        // A two-row header (a merged group title over sub-titles, e.g.
        // 被执行人 over 姓名 | 证件号码) reads as "被执行人姓名", "被执行人证件号码".
        let mut data_from = idx + 1;
        if self.forced_header.is_none() {
            if let Some(sub) = pending.get(idx + 1).filter(|n| is_sub_header(&n.cells)) {
                raw = merge_header_rows(&raw, &sub.cells);
                skipped_extra = Some(Skipped { row: sub.line, reason: "表头（第二行）".into() });
                data_from = idx + 2;
            }
        }
        while raw.last().is_some_and(|c| c.is_empty()) {
            raw.pop();
        }
        self.header_nonempty = raw.iter().filter(|c| !c.is_empty()).count();
        self.header_raw = raw.clone();
        skipped.extend(skipped_extra);
        let mut table = Table::new(self.source.clone(), head.line, raw);
        table.skipped = skipped;
        if self.size_hint > 0 {
            // Cells per byte from the rows seen so far.
            let (cells, bytes) = pending.iter().fold((0usize, 0usize), |(c, b), p| {
                (c + p.cells.len(), b + p.cells.iter().map(|x| x.len() + 1).sum::<usize>())
            });
            let est_cells = if bytes > 0 { self.size_hint / bytes.max(1) * cells } else { 0 };
            table.reserve(self.size_hint, est_cells, est_cells / cells.max(1) * pending.len().max(1));
        }
        self.table = Some(table);
        for p in pending.iter().skip(data_from) {
            self.push_data(p.line, p.cells.iter().map(String::as_str));
        }
    }

    /// Bytes of cell text in the table being built (0 before the header).
    pub fn text_bytes(&self) -> usize {
        self.table.as_ref().map_or(0, Table::text_bytes)
    }

    /// Hand out the data rows and skipped rows gathered so far as a table of
    /// their own and go on with an empty one under the same header (a file
    /// read in chunks). Header detection, footers and row numbers carry on
    /// as if the file were read whole; `finish` widens the header and
    /// reports an empty table over all chunks. `None` before the header.
    pub fn take(&mut self) -> Option<Table> {
        let table = self.table.as_mut()?;
        let fresh = table.emptied();
        let taken = std::mem::replace(table, fresh);
        self.rows_taken += taken.len();
        self.widest_taken = self.widest_taken.max((0..taken.len()).map(|i| taken.width(i)).max().unwrap_or(0));
        Some(taken)
    }

    /// The table (possibly with no data rows) and the notes about it.
    pub fn finish(mut self) -> (Option<Table>, Vec<Error>) {
        if self.table.is_none() && !self.pending.is_empty() {
            self.decide();
        }
        let pos = Position::file(&self.source.file).sheet(self.source.sheet.as_deref());
        let mut errors = Vec::new();
        let Some(mut table) = self.table else {
            errors.push(Error::new(ErrorKind::Empty { pos }));
            return (None, errors);
        };
        table.shrink_to_fit();
        // Rows wider than the header: their extra columns get names so that
        // nothing is hidden.
        let widest = (0..table.len()).map(|i| table.width(i)).max().unwrap_or(0).max(self.widest_taken);
        if widest > table.raw_headers.len() {
            let mut raw = table.raw_headers.clone();
            raw.resize(widest, String::new());
            table.headers = super::table::distinct_headers(&raw);
            table.raw_headers = raw;
        }
        if self.too_large {
            errors.push(Error::new(ErrorKind::TooLarge {
                pos: pos.clone(),
                size: table.source.size,
                limit: table.text_bytes() as u64,
            }));
        }
        if let Some(&first) = self.suspicious.first() {
            let rows: Vec<String> = self.suspicious.iter().take(5).map(|r| r.to_string()).collect();
            errors.push(Error::malformed(
                pos.clone().row(first),
                format!(
                    "{} 行的引号不成对，单元格可能被错误合并（第 {} 行{}），请核对这些行",
                    self.suspicious.len(),
                    rows.join("、"),
                    if self.suspicious.len() > 5 { " 等" } else { "" }
                ),
            ));
        }
        if table.is_empty() && self.rows_taken == 0 {
            errors.push(Error::new(ErrorKind::Empty { pos }));
        }
        (Some(table), errors)
    }
}

/// The row under the header is a second header row: at least two known
/// header names and no cell that looks like data (digits).
fn is_sub_header(cells: &[String]) -> bool {
    let known = cells.iter().filter(|c| is_known_header(c)).count();
    let data_like = cells.iter().any(|c| !c.is_empty() && !is_known_header(c) && c.chars().any(|ch| ch.is_ascii_digit()));
    known >= 2 && !data_like
}

/// Combine a group-title row with its sub-title row. A merged group title
/// sits in its first column only, so it is carried right over the empty
/// cells beneath which sub-titles stand.
fn merge_header_rows(top: &[String], sub: &[String]) -> Vec<String> {
    let width = top.len().max(sub.len());
    let mut out = Vec::with_capacity(width);
    let mut group = String::new();
    for i in 0..width {
        let t = top.get(i).map(String::as_str).unwrap_or("");
        let s = sub.get(i).map(String::as_str).unwrap_or("");
        if !t.is_empty() {
            group = t.to_string();
        }
        let name = match (t.is_empty(), s.is_empty()) {
            (false, true) => t.to_string(),
            (false, false) => format!("{t}{s}"),
            (true, false) if !group.is_empty() => format!("{group}{s}"),
            (true, false) => s.to_string(),
            (true, true) => String::new(),
        };
        if t.is_empty() && s.is_empty() {
            group.clear();
        }
        out.push(name);
    }
    while out.last().is_some_and(|c| c.is_empty()) {
        out.pop();
    }
    out
}

fn skipped_reason(cells: &[String], before_header: bool) -> String {
    match cells.iter().find(|c| !c.is_empty()) {
        None => "空行".into(),
        Some(c) if c.starts_with('#') => "# 注释".into(),
        Some(_) if before_header => "标题行".into(),
        Some(_) => "表头前的行".into(),
    }
}

/// Index of the header row among the first rows: the row with the most
/// cells that are known aliases; without any, the first row about as wide
/// as the widest one (titles are one cell wide).
fn detect_header(rows: &[Pending]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    let mut widest = 0;
    for (i, p) in rows.iter().enumerate().take(HEADER_WINDOW * 2) {
        let nonempty = p.cells.iter().filter(|c| !c.is_empty()).count();
        widest = widest.max(nonempty);
        if p.cells.iter().find(|c| !c.is_empty()).is_some_and(|c| c.starts_with('#')) {
            continue;
        }
        let known = p.cells.iter().filter(|c| is_known_header(c)).count();
        let enough = known >= 2 || (known == 1 && nonempty >= 2) || (known == 1 && nonempty == 1 && p.cells.len() == 1);
        if enough && best.is_none_or(|(_, k)| known > k) {
            best = Some((i, known));
        }
    }
    if let Some((i, _)) = best {
        return Some(i);
    }
    let need = (widest * 6).div_ceil(10).max(if widest >= 2 { 2 } else { 1 });
    rows.iter().position(|p| {
        let nonempty = p.cells.iter().filter(|c| !c.is_empty()).count();
        nonempty >= need && !p.cells.iter().find(|c| !c.is_empty()).is_some_and(|c| c.starts_with('#'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(rows: &[&[&str]]) -> (Option<Table>, Vec<Error>) {
        let mut b = TableBuilder::new(Source::default(), &IngestOptions::default());
        for (i, r) in rows.iter().enumerate() {
            b.push(i as u32 + 1, r.iter().copied());
        }
        b.finish()
    }

    #[test]
    fn clean_trims_padding_only() {
        for (raw, want) in [
            ("\u{3000}张三\u{3000}", "张三"),
            (" 6222\t", "6222"),
            ("一\r", "一"),
            ("一", "一"),
            ("中", "中"),
            ("\u{3000}", ""),
            ("", ""),
            ("a b", "a b"),
        ] {
            assert_eq!(clean(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn title_header_footer() {
        let (t, errs) = build(&[
            &["执行案件清单", "", ""],
            &["", "", ""],
            &["案号", "被执行人", "证件号码"],
            &["（2019）浙0203执1号", "张三", "11010519491231002X"],
            &["", "", ""],
            &["（2019）浙0203执2号", "李四\t", ""],
            &["合计", "2", ""],
            &["打印人：王五", "", ""],
        ]);
        let t = t.unwrap();
        assert!(errs.is_empty());
        assert_eq!(t.header_row, 3);
        assert_eq!(t.len(), 2);
        assert_eq!((t.line(0), t.line(1)), (4, 6));
        assert_eq!(t.cell(1, 1), "李四");
        let reasons: Vec<(u32, &str)> = t.skipped.iter().map(|s| (s.row, s.reason.as_str())).collect();
        assert_eq!(reasons, vec![(1, "标题行"), (2, "空行"), (5, "空行"), (7, "表尾（合计）"), (8, "表尾（打印人）")]);
    }

    #[test]
    fn two_row_header() {
        let (t, _) = build(&[
            &["案号", "被执行人", "", "执行标的"],
            &["", "姓名", "证件号码", ""],
            &["（2019）浙0203执1号", "张三", "11010519491231002X", "1000"],
        ]);
        let t = t.unwrap();
        assert_eq!(t.headers, vec!["案号", "被执行人姓名", "被执行人证件号码", "执行标的"]);
        assert_eq!((t.header_row, t.len(), t.line(0)), (1, 1, 3));
        assert_eq!(t.skipped.first().map(|s| s.reason.as_str()), Some("表头（第二行）"));
    }

    #[test]
    fn paginated_export() {
        let (t, _) = build(&[
            &["姓名", "证件号码", "金额"],
            &["张三", "1", "10"],
            &["本页合计", "", "10"],
            &["姓名", "证件号码", "金额"],
            &["李四", "2", "20"],
            &["共 2 条", "", ""],
        ]);
        let t = t.unwrap();
        assert_eq!((t.len(), t.line(1)), (2, 5));
        let reasons: Vec<&str> = t.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(reasons, vec!["表尾（本页合计）", "重复表头", "表尾（共 N 条）"]);
    }

    /// Alipay's summary under the data: every line is footer, none is data,
    /// and each is listed as skipped.
    #[test]
    fn footer_continuation() {
        let header: Vec<String> = (1..=9).map(|i| format!("列{i}")).collect();
        let mut rows: Vec<Vec<String>> = vec![
            vec!["交易号".into(), "交易创建时间".into(), "金额（元）".into()],
            vec!["1".into(), "2024-01-01".into(), "10.00".into()],
        ];
        rows[0].extend(header);
        rows[1].extend((0..9).map(|i| i.to_string()));
        let footer = [
            vec!["-----------------"],
            vec!["共2笔记录"],
            vec!["已收入:1笔", "10.00元"],
            vec!["待收入:0笔", "0.00元"],
            vec!["已支出:1笔", "5.00元"],
            vec!["导出时间:[2025-04-01 10:21:07]    用户:某某"],
        ];
        rows.extend(footer.iter().map(|r| r.iter().map(|c| c.to_string()).collect()));
        // Data resumes with a full row after the footer.
        rows.push((0..12).map(|i| format!("x{i}")).collect());
        let refs: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        let (t, _) = build(&slices);
        let t = t.unwrap();
        assert_eq!((0..t.len()).map(|i| t.line(i)).collect::<Vec<_>>(), vec![2, 9]);
        let reasons: Vec<(u32, &str)> = t.skipped.iter().map(|s| (s.row, s.reason.as_str())).collect();
        assert_eq!(
            reasons,
            vec![(3, "分隔线"), (4, "表尾（共 N 条）"), (5, "表尾（已收入）"), (6, "表尾（待收入）"), (7, "表尾（已支出）"), (8, "表尾（导出时间）")]
        );
        // Without a footer before it, a two-cell row is data; a status cell
        // "已收入" (no colon) is not a footer.
        let (t, _) = build(&[&["交易号", "金额", "资金状态", "备注"], &["已收入", "1"], &["1", "2", "已收入", ""]]);
        assert_eq!(t.map(|t| t.len()), Some(2));
    }

    #[test]
    fn header_only_is_empty_note() {
        let (t, errs) = build(&[&["姓名", "证件号码"]]);
        assert_eq!(t.map(|t| t.len()), Some(0));
        assert_eq!(errs.first().map(|e| e.code()), Some("empty"));
        assert!(footer_reason("共 12 条记录").is_some());
        assert!(footer_reason("共青团").is_none());
    }
}
