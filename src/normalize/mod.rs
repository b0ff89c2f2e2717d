//! Normalisers, one concept per file. Each turns raw cell text into a typed
//! value or says why it could not; the raw text always stays with the caller
//! as evidence. None of them guesses or "repairs" data.

pub mod address;
pub mod amount;
pub mod auction_round;
pub mod auction_status;
pub mod case_no;
pub mod claim_rank;
pub mod date;
pub mod direction;
mod field;
pub mod id_number;
mod keyword;
pub mod measure;
pub mod multi;
pub mod name;
pub mod nulls;
pub mod petition_class;
pub mod plate;
pub mod property_class;
pub mod vehicle_status;

pub use field::FieldType;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// NFKC (full-width digits, letters, brackets and U+3000 → ASCII) with every
/// whitespace and invisible format character removed: the common first step
/// of parsers for codes and numbers, where spaces never carry meaning.
pub(crate) fn compact(raw: &str) -> String {
    nfkc(raw).chars().filter(|c| !c.is_whitespace() && !is_invisible(*c)).collect()
}

/// NFKC, skipping the work when the text is already normalised (ASCII and
/// most Chinese text is), which is most cells.
pub(crate) fn nfkc(raw: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfkc_quick, IsNormalized};
    if is_nfkc_quick(raw.chars()) == IsNormalized::Yes {
        return std::borrow::Cow::Borrowed(raw);
    }
    // Full-width ASCII and U+3000 (案号 brackets, digits) decompose to one
    // ASCII character each, which composes with nothing before it, so folding
    // them first gives the same NFKC; the full algorithm (slow) then runs
    // only on text that still needs it.
    let folded: String = raw.chars().map(fold_width).collect();
    if is_nfkc_quick(folded.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Owned(folded)
    } else {
        std::borrow::Cow::Owned(folded.nfkc().collect())
    }
}

/// U+FF01–U+FF5E → ASCII, U+3000 → space (their NFKC forms).
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// NFKC with runs of whitespace collapsed to one ASCII space and invisible
/// characters removed (for values where a space separates parts, like a date
/// and its time).
pub(crate) fn compact_keep_space(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in nfkc(raw).chars().filter(|c| !is_invisible(*c)) {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Zero-width spaces, BOMs and joiners that survive copy-paste from web pages.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// The outcome of normalising one cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Parsed<T> {
    /// Empty or a null token (`-`, `--`, `无`, `/`, …).
    Empty,
    Value(T),
    /// Not a value of this type; the string says why (Chinese, short).
    Invalid(String),
    /// Damaged by a spreadsheet (e.g. an ID shown as `3.30203E+17`): never repaired.
    Damaged(String),
}

impl<T> Parsed<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Parsed::Value(v) => Some(v),
            _ => None,
        }
    }
    pub fn ok(self) -> Option<T> {
        match self {
            Parsed::Value(v) => Some(v),
            _ => None,
        }
    }
    pub fn is_empty(&self) -> bool {
        matches!(self, Parsed::Empty)
    }
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Parsed<U> {
        match self {
            Parsed::Value(v) => Parsed::Value(f(v)),
            Parsed::Empty => Parsed::Empty,
            Parsed::Invalid(s) => Parsed::Invalid(s),
            Parsed::Damaged(s) => Parsed::Damaged(s),
        }
    }
}

/// Cell quality for the quality report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    Ok,
    Empty,
    Invalid,
    Damaged,
}

impl<T> From<&Parsed<T>> for Quality {
    fn from(p: &Parsed<T>) -> Quality {
        match p {
            Parsed::Empty => Quality::Empty,
            Parsed::Value(_) => Quality::Ok,
            Parsed::Invalid(_) => Quality::Invalid,
            Parsed::Damaged(_) => Quality::Damaged,
        }
    }
}

/// Normalised display text of a cell for evidence ("2019-03-05", "3000.00",
/// "11010519491231002X"), or `None` when it has no normal form.
pub fn display(ty: FieldType, raw: &str) -> Option<String> {
    match ty {
        FieldType::IdNumber => id_number::parse(raw).ok().map(|i| i.value),
        FieldType::Name => Some(name::key(raw)).filter(|s| !s.is_empty()),
        FieldType::Amount => amount::parse(raw, amount::Unit::Yuan).ok().map(amount::format_yuan),
        FieldType::Date => date::parse_date(raw).ok().map(|d| d.format("%Y-%m-%d").to_string()),
        FieldType::Datetime => date::parse_datetime(raw).ok().map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string()),
        FieldType::CaseNo => case_no::parse(raw).ok().map(|c| c.norm),
        FieldType::Plate => plate::normalize("", raw).ok(),
        FieldType::VehicleStatus => vehicle_status::parse(raw).ok().map(|s| s.letters()),
        FieldType::Direction => direction::parse(raw).ok().map(|d| d.label().to_string()),
        FieldType::Time => date::parse_time(raw).ok().map(|t| t.format("%H:%M:%S").to_string()),
        FieldType::Text | FieldType::Address => {
            let t = raw.trim();
            (!nulls::is_null(t)).then(|| t.to_string())
        }
    }
}

/// Quality of one cell for a field type (used by the quality report).
pub fn check(ty: FieldType, raw: &str) -> Quality {
    match ty {
        FieldType::IdNumber => Quality::from(&id_number::parse(raw)),
        FieldType::Amount => Quality::from(&amount::parse(raw, amount::Unit::Yuan)),
        FieldType::Date => Quality::from(&date::parse_date(raw)),
        FieldType::Datetime => Quality::from(&date::parse_datetime(raw)),
        FieldType::Time => Quality::from(&date::parse_time(raw)),
        FieldType::CaseNo => Quality::from(&case_no::parse(raw)),
        FieldType::Plate => Quality::from(&plate::normalize("", raw)),
        FieldType::VehicleStatus => Quality::from(&vehicle_status::parse(raw)),
        FieldType::Direction => Quality::from(&direction::parse(raw)),
        FieldType::Text | FieldType::Name | FieldType::Address => {
            if nulls::is_null(raw) {
                Quality::Empty
            } else {
                Quality::Ok
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use unicode_normalization::UnicodeNormalization;

    /// The width-folding fast path of `nfkc` must agree with full NFKC,
    /// including where a folded letter takes a combining mark after it.
    #[test]
    fn nfkc_fast_path_is_nfkc() {
        for s in [
            "（２０２１）浙０２０３执字第３３０２号",
            "（2021）浙0203执3302号",
            "Ａ\u{301}ｂ\u{308}",
            "\u{3000}张\u{3000}三\u{3000}",
            "ﾊﾟｰｸ１２３",
            "①号楼（Ⅱ期）",
            "ｅ\u{301}\u{3000}ﬁ",
            "",
        ] {
            let want: String = s.nfkc().collect();
            assert_eq!(super::nfkc(s), want, "{s:?}");
        }
    }
}
