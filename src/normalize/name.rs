//! Names as matching keys: NFKC (full width → half width), no inner spaces or
//! `·` variants, traditional → simplified. The raw form stays for display.

use unicode_normalization::UnicodeNormalization;

/// Matching key of a person or company name. Never guesses.
pub fn key(raw: &str) -> String {
    let nfkc: String = raw.nfkc().collect();
    let kept: String = nfkc.chars().filter(|c| !c.is_whitespace() && !matches!(c, '·' | '•' | '‧' | '・' | '.')).collect();
    fast2s::convert(&kept)
}
