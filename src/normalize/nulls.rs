//! Null tokens seen in exports: empty, `-`, `--`, `------`, `无`, `/`, …

/// True when the cell means "no value". Dashes of any width and length count;
/// `0` does not (zero is a value).
pub fn is_null(raw: &str) -> bool {
    let t = raw.trim_matches(|c: char| c.is_whitespace() || super::is_invisible(c));
    t.is_empty()
        || t.chars().all(|c| matches!(c, '-' | '－' | '—' | '–' | '―' | '─'))
        || matches!(
            t,
            "无" | "/" | "／" | "\\" | "NULL" | "null" | "Null" | "空" | "暂无" | "N/A" | "n/a" | "#N/A" | "NaN" | "nan" | "None"
        )
}

#[cfg(test)]
mod tests {
    use super::is_null;

    #[test]
    fn null_tokens() {
        for t in ["", "  ", "\u{3000}", "-", "--", "------", "－－", "——", "无", "/", "／", "NULL", "#N/A", " \t- "] {
            assert!(is_null(t), "{t:?}");
        }
    }

    #[test]
    fn values_are_not_null() {
        for t in ["0", "-1", "无锡", "张三", "a/b", "-12.50", "无限公司"] {
            assert!(!is_null(t), "{t:?}");
        }
    }
}
