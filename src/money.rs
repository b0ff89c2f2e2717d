//! Money in 分 (i64): the checked sums and the ONE formatter every part of
//! the crate (engine figures, flow summaries and reasons, exports, CLI)
//! uses, so `1,234,567.50`, `12.35万` and `1.23亿` look the same everywhere.
//!
//! Sums never wrap: [`sum`] and [`add`] are checked (`None` on overflow),
//! [`Total`] accumulates in i128 for loops over many rows and says at the
//! end whether the result still fits.

/// Largest absolute amount one cell may hold: just under 1e14 元 (100 万亿元,
/// about China's yearly GDP). No single enforcement amount or bank transfer
/// comes near it, while a 15-digit serial or account number mapped as an
/// amount (≥ 1e14) lands above it, so it is reported as invalid instead of
/// poisoning totals. The bound is kept above 2^53 分 on purpose: real
/// totals can pass 2^53, and the page must carry them losslessly anyway.
pub const MAX_CELL_FEN: i64 = 10_000_000_000_000_000 - 1;

/// Checked sum: `None` when the total does not fit in i64.
pub fn sum<I: IntoIterator<Item = i64>>(amounts: I) -> Option<i64> {
    amounts.into_iter().try_fold(0i64, i64::checked_add)
}

/// Checked addition, for one-off `a + b` on amounts.
pub fn add(a: i64, b: i64) -> Option<i64> {
    a.checked_add(b)
}

/// A running total in i128 (no i64 amount can overflow it before 2^64
/// additions): add freely in hot loops, ask once whether it fits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Total(i128);

impl Total {
    pub fn new() -> Total {
        Total(0)
    }
    pub fn add(&mut self, fen: i64) {
        self.0 += i128::from(fen);
    }
    /// The total, or `None` when it no longer fits in i64.
    pub fn get(self) -> Option<i64> {
        i64::try_from(self.0).ok()
    }
    /// The total clamped to i64 (for sorting and scores, never for display).
    pub fn saturating(self) -> i64 {
        i64::try_from(self.0).unwrap_or(if self.0 < 0 { i64::MIN } else { i64::MAX })
    }
}

impl std::iter::FromIterator<i64> for Total {
    fn from_iter<I: IntoIterator<Item = i64>>(it: I) -> Total {
        let mut t = Total::new();
        it.into_iter().for_each(|v| t.add(v));
        t
    }
}

/// 分 → `1234.50` (no separators: CSV number columns, normalised evidence).
pub fn plain(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// 分 → `1,234,567.50` (tables, right-aligned under 「金额（元）」).
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", group(a / 100), a % 100)
}

/// 分 → `1,234.50` below 1万元, `12.35万` below 1亿元, `1.23亿` above
/// (summaries, reasons and charts). Rounded half away from zero.
pub fn compact(fen: i64) -> String {
    const WAN: u128 = 1_000_000; // 1万元 in 分
    const YI: u128 = 10_000_000_000; // 1亿元 in 分
    let sign = if fen < 0 { "-" } else { "" };
    let a = u128::from(fen.unsigned_abs());
    let (unit, suffix) = match a {
        _ if a < WAN => return yuan(fen),
        _ if a < YI => (WAN, "万"),
        _ => (YI, "亿"),
    };
    // Two decimals of the unit, rounded half up on the absolute value.
    let hundredths = (a * 100 + unit / 2) / unit;
    // 9,999.995万 rounds to 10,000.00万: say 1.00亿 instead.
    if suffix == "万" && hundredths >= 1_000_000 {
        return compact_from(sign, (a * 100 + YI / 2) / YI, "亿");
    }
    compact_from(sign, hundredths, suffix)
}

fn compact_from(sign: &str, hundredths: u128, suffix: &str) -> String {
    let int = u64::try_from(hundredths / 100).unwrap_or(u64::MAX);
    format!("{sign}{}.{:02}{suffix}", group(int), hundredths % 100)
}

/// `1234567` → `1,234,567`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_sums_refuse_to_wrap() {
        assert_eq!(sum([1, 2, 3]), Some(6));
        assert_eq!(sum([i64::MAX, 1]), None);
        assert_eq!(sum([i64::MIN, -1]), None);
        assert_eq!(sum(std::iter::empty()), Some(0));
        assert_eq!(add(i64::MAX, 1), None);
        let t: Total = [i64::MAX, i64::MAX, -i64::MAX].into_iter().collect();
        assert_eq!(t.get(), Some(i64::MAX));
        let t: Total = [i64::MAX, 1].into_iter().collect();
        assert_eq!(t.get(), None);
        assert_eq!(t.saturating(), i64::MAX);
    }

    #[test]
    fn formats() {
        assert_eq!(plain(300_050), "3000.50");
        assert_eq!(plain(-5), "-0.05");
        assert_eq!(plain(i64::MIN), "-92233720368547758.08");
        assert_eq!(yuan(123_456_750), "1,234,567.50");
        assert_eq!(yuan(0), "0.00");
        assert_eq!(yuan(-100_000), "-1,000.00");
        assert_eq!(yuan(i64::MIN), "-92,233,720,368,547,758.08");
        assert_eq!(compact(123_450), "1,234.50");
        assert_eq!(compact(12_345_678), "12.35万");
        assert_eq!(compact(1_000_000), "1.00万");
        assert_eq!(compact(12_300_000_000), "1.23亿");
        assert_eq!(compact(-12_345_678), "-12.35万");
        assert_eq!(compact(9_999_999_999), "1.00亿");
        assert_eq!(compact(10_000_000_000_000_000), "1,000,000.00亿");
        assert_eq!(compact(i64::MIN), "-922,337,203.69亿");
    }
}
