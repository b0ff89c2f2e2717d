//! Null tokens seen in exports: empty, `-`, `--`, `------`, `无`, `/`, …

/// True when the cell means "no value".
pub fn is_null(raw: &str) -> bool {
    let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    t.is_empty() || t.chars().all(|c| c == '-' || c == '－' || c == '—') || matches!(t, "无" | "/" | "／" | "NULL" | "null" | "空" | "暂无" | "N/A")
}
