//! Names as matching keys: NFKC (full width → half width, so `（）` and `()`
//! agree), no whitespace (U+3000 included) or `·` variants, ASCII upper case,
//! traditional → simplified (`fast2s`, character by character with a little
//! context). The raw form stays for display. 有限公司 and 有限责任公司 stay
//! distinct: they can be different companies.

/// Middle dots and periods used between the parts of transliterated names
/// (`阿卜杜·热合曼`), after NFKC (which already folds `．` and `･`).
fn is_dot(c: char) -> bool {
    matches!(c, '·' | '•' | '‧' | '・' | '.' | '∙' | '⋅' | '᛫' | '⸱' | 'ꞏ' | '。')
}

/// Matching key of a person or company name. Never guesses.
pub fn key(raw: &str) -> String {
    let kept: String = super::nfkc(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && !super::is_invisible(*c) && !is_dot(*c))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    fast2s::convert(&kept)
}

/// Display form: trimmed, runs of whitespace (U+3000 too) collapsed to one
/// space, otherwise as written.
pub fn display(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for part in raw.split(|c: char| c.is_whitespace() || super::is_invisible(c)).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_dots_and_width() {
        assert_eq!(key("陈 某"), "陈某");
        assert_eq!(key(" 陈\u{3000}某\t"), "陈某");
        assert_eq!(key("阿卜杜·热合曼"), key("阿卜杜•热合曼"));
        assert_eq!(key("阿卜杜・热合曼"), "阿卜杜热合曼");
        assert_eq!(key("阿卜杜.热合曼"), "阿卜杜热合曼");
        assert_eq!(key("阿卜杜．热合曼"), "阿卜杜热合曼");
        assert_eq!(key("张\u{200B}三"), "张三");
    }

    #[test]
    fn traditional_to_simplified() {
        assert_eq!(key("陳某"), "陈某");
        assert_eq!(key("張三"), "张三");
        assert_eq!(key("劉德華"), "刘德华");
        assert_eq!(key("鄭"), "郑");
    }

    #[test]
    fn company_names() {
        assert_eq!(key("宁波某某贸易有限公司（分公司）"), key("宁波某某贸易有限公司(分公司)"));
        assert_eq!(key("ＡＢＣ科技有限公司"), key("abc科技有限公司"));
        assert_ne!(key("宁波某某有限公司"), key("宁波某某有限责任公司"));
    }

    #[test]
    fn display_collapses_whitespace_only() {
        assert_eq!(display("  陈  某\u{3000}\t"), "陈 某");
        assert_eq!(display("陳某"), "陳某");
        assert_eq!(display(""), "");
    }
}
