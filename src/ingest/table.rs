//! `Table`: one sheet of one file, decoded to text, header row found, with
//! every data row's row number as the user sees it. Cells live in one text
//! buffer with offsets (not a `Vec<String>` per cell) so a 200 MB export costs
//! about its own size in memory.

use serde::Serialize;

/// Where a table came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    /// File name as the user gave it.
    pub file: String,
    /// Sheet name for workbooks; `None` for CSV/TXT.
    pub sheet: Option<String>,
    /// "csv", "tsv", "txt", "xlsx", "xls", "html".
    pub format: String,
    /// Encoding label used to decode text formats ("UTF-8", "GB18030", "UTF-16LE", …).
    pub encoding: Option<String>,
    /// Size of the whole file in bytes.
    pub size: u64,
    /// Characters that could not be decoded (replaced by U+FFFD).
    pub undecodable: u64,
    /// The field delimiter of text formats.
    pub delimiter: Option<char>,
}

/// A row that was read but not kept as data, and why (shown in the quality report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub row: u32,
    /// Chinese reason: "标题行", "空行", "# 注释", "表尾（合计）", "列数不符", …
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub source: Source,
    /// Row number of the header row (first row = 1); 0 when there is none.
    pub header_row: u32,
    /// Header names, made distinct: a repeated name gets "#2", "#3" appended.
    pub headers: Vec<String>,
    /// Header names exactly as found (may repeat, may be empty).
    pub raw_headers: Vec<String>,
    /// Rows read but not kept as data.
    pub skipped: Vec<Skipped>,
    text: String,
    /// End offset in `text` of each cell, row after row.
    ends: Vec<u32>,
    /// Index into `ends` of each data row's first cell; one extra entry at the end.
    starts: Vec<u32>,
    /// Row number (as the user sees it) of each data row.
    lines: Vec<u32>,
}

impl Table {
    pub fn new(source: Source, header_row: u32, raw_headers: Vec<String>) -> Table {
        let headers = distinct_headers(&raw_headers);
        Table { source, header_row, headers, raw_headers, starts: vec![0], ..Table::default() }
    }

    /// Append a data row. Cells beyond the header width are kept (ragged rows
    /// lose nothing); missing cells read as "".
    pub fn push_row<'a>(&mut self, line: u32, cells: impl IntoIterator<Item = &'a str>) {
        for c in cells {
            self.text.push_str(c);
            self.ends.push(self.text.len() as u32);
        }
        self.starts.push(self.ends.len() as u32);
        self.lines.push(line);
    }

    /// Append a cell to the row being written (`end_row` keeps it,
    /// `drop_row` forgets it): a reader copies each cell once and decides
    /// on the row after.
    pub fn push_cell(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len() as u32);
    }

    /// Cells in the row being written.
    pub fn open_cells(&self) -> usize {
        self.ends.len().saturating_sub(self.starts.last().copied().unwrap_or(0) as usize)
    }

    /// Cell `k` of the row being written ("" past its end).
    pub fn open_cell(&self, k: usize) -> &str {
        let first = self.starts.last().copied().unwrap_or(0) as usize;
        let idx = first + k;
        if idx >= self.ends.len() {
            return "";
        }
        let end = self.ends.get(idx).copied().unwrap_or(0) as usize;
        let begin = idx.checked_sub(1).and_then(|i| self.ends.get(i)).copied().unwrap_or(0) as usize;
        self.text.get(begin..end).unwrap_or("")
    }

    /// Keep the first `keep` cells of the row being written as data row `line`.
    pub fn end_row(&mut self, line: u32, keep: usize) {
        let first = self.starts.last().copied().unwrap_or(0) as usize;
        self.cut_cells(first + keep);
        self.starts.push(self.ends.len() as u32);
        self.lines.push(line);
    }

    /// Forget the row being written.
    pub fn drop_row(&mut self) {
        let first = self.starts.last().copied().unwrap_or(0) as usize;
        self.cut_cells(first);
    }

    fn cut_cells(&mut self, cells: usize) {
        if cells < self.ends.len() {
            self.ends.truncate(cells);
            let end = cells.checked_sub(1).and_then(|i| self.ends.get(i)).copied().unwrap_or(0) as usize;
            self.text.truncate(end);
        }
    }

    /// Reserve room for about `text` bytes of cell text, `cells` cells and
    /// `rows` rows (growing by doubling would copy a 200 MB buffer ~8 times).
    pub fn reserve(&mut self, text: usize, cells: usize, rows: usize) {
        self.text.reserve(text);
        self.ends.reserve(cells);
        self.starts.reserve(rows);
        self.lines.reserve(rows);
    }

    /// Give back the room reserved beyond what was read (the reservation is
    /// an estimate from the file size; the table lives as long as the file).
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.lines.shrink_to_fit();
    }

    /// A table with the same source and header and no rows, with room for
    /// as much as this one holds (the next chunk of a file read in chunks).
    pub fn emptied(&self) -> Table {
        let mut t = Table {
            source: self.source.clone(),
            header_row: self.header_row,
            headers: self.headers.clone(),
            raw_headers: self.raw_headers.clone(),
            starts: vec![0],
            ..Table::default()
        };
        t.reserve(self.text.len(), self.ends.len(), self.lines.len());
        t
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.lines.len()
    }
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
    /// Row number the user sees for data row `i`.
    pub fn line(&self, i: usize) -> u32 {
        self.lines.get(i).copied().unwrap_or(0)
    }
    /// Number of cells in data row `i` (may differ from the header width).
    pub fn width(&self, i: usize) -> usize {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => (b - a) as usize,
            _ => 0,
        }
    }
    /// Cell text; "" when the row is shorter or out of range. Never panics.
    pub fn cell(&self, i: usize, col: usize) -> &str {
        let Some(&start) = self.starts.get(i) else { return "" };
        let idx = start as usize + col;
        if col >= self.width(i) {
            return "";
        }
        let end = self.ends.get(idx).copied().unwrap_or(0) as usize;
        let begin = if idx == 0 { 0 } else { self.ends.get(idx - 1).copied().unwrap_or(0) as usize };
        self.text.get(begin..end).unwrap_or("")
    }
    /// All cells of data row `i`.
    pub fn row(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        (0..self.width(i)).map(move |c| self.cell(i, c))
    }
    /// Index of a header by its distinct name.
    pub fn column(&self, header: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == header)
    }
    /// Bytes of cell text held (for memory figures).
    pub fn text_bytes(&self) -> usize {
        self.text.len()
    }
}

/// Make header names distinct and non-empty: "" → "列3", a second "金额" → "金额#2".
pub fn distinct_headers(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for (i, h) in raw.iter().enumerate() {
        let base = if h.trim().is_empty() { format!("列{}", i + 1) } else { h.trim().to_string() };
        let mut name = base.clone();
        let mut n = 2;
        while out.contains(&name) {
            name = format!("{base}#{n}");
            n += 1;
        }
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_ragged_rows() {
        let mut t = Table::new(Source::default(), 1, vec!["a".into(), "a".into(), "".into()]);
        t.push_row(2, ["1", "2", "3"]);
        t.push_row(3, ["x"]);
        t.push_row(5, ["p", "q", "r", "s"]);
        assert_eq!(t.headers, vec!["a", "a#2", "列3"]);
        assert_eq!(t.len(), 3);
        assert_eq!(t.cell(0, 2), "3");
        assert_eq!(t.cell(1, 0), "x");
        assert_eq!(t.cell(1, 1), "");
        assert_eq!(t.cell(2, 3), "s");
        assert_eq!(t.cell(9, 0), "");
        assert_eq!(t.line(2), 5);
        assert_eq!(t.row(0).collect::<Vec<_>>(), vec!["1", "2", "3"]);
    }
}
