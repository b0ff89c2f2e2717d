//! CSV and XLSX writers that neutralise spreadsheet formulas: [`neutralize`]
//! is the one neutraliser of the crate (screening and flow exports, page and CLI).
//!
//! Anything taken from a user's file may be opened again in Excel or WPS. A
//! cell that starts with `=`, `+`, `-` or `@` (or their full-width forms
//! `＝＋－＠`, which WPS and Excel may read as formulas; or a tab / carriage return
//! followed by one, which some spreadsheets skip) would be run as a formula
//! (CSV injection), so text cells get a leading `'`.
//!
//! Choice for negative numbers: text is always neutralised, including a plain
//! `-12.50`. The CSV writer cannot tell a number from text and the prefix is
//! harmless (Excel shows `'-12.50` as text `-12.50`); amounts that must stay
//! numbers go into XLSX as numeric cells ([`xlsx::Cell::Fen`]/[`xlsx::Cell::Int`]),
//! which are never neutralised.

pub mod csv;
pub mod flow;
pub mod leads;
pub mod xlsx;

use std::borrow::Cow;

/// `'`-prefix a cell that a spreadsheet would treat as a formula.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if is_formula_like(cell) {
        let mut s = String::with_capacity(cell.len() + 1);
        s.push('\'');
        s.push_str(cell);
        Cow::Owned(s)
    } else {
        Cow::Borrowed(cell)
    }
}

/// True when the first character (or a leading tab/CR itself) could start a formula.
pub fn is_formula_like(cell: &str) -> bool {
    matches!(cell.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_prefixed() {
        for c in ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "-12.50", "=HYPERLINK(\"http://x\")", "＝1+1", "＋1", "－1", "＠SUM(A1)", "\t", "\r"] {
            assert_eq!(neutralize(c), format!("'{c}"), "{c:?}");
        }
    }

    #[test]
    fn ordinary_cells_are_borrowed_unchanged() {
        for c in ["", "张三", "12.50", "（2019）浙0203执1234号", "a=b", "1-2"] {
            assert!(matches!(neutralize(c), Cow::Borrowed(s) if s == c), "{c:?}");
        }
    }
}
