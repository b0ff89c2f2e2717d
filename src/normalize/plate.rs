//! 号牌: province character + office letter + 5 characters (6 for new-energy
//! plates), optionally a trailing 挂/学/警/港/澳/领/试/超. Separators (`·`,
//! spaces, `-`) and width are normalised; the province comes from 发证机关
//! (FZJG, e.g. `浙B`) when the 号牌号码 (HPHM) lacks it.

use super::Parsed;

const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
const SUFFIXES: &str = "挂学警港澳领试超";

fn clean(s: &str) -> String {
    super::compact(s)
        .chars()
        .filter(|c| !matches!(c, '·' | '•' | '・' | '.' | '-' | '_' | '—' | '‧'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Matching key of a plate as written (join keys): the name key (NFKC, no
/// spaces or middle dots, upper-case, simplified: `粵` = `粤`) without the
/// separators people type (`浙B-12345`, `浙B.12345`). Never completes a
/// missing province: two rows meet only on what they both say.
pub fn key(raw: &str) -> String {
    super::name::key(raw).chars().filter(|c| !SEPARATORS.contains(*c)).collect()
}

/// Separators inside a plate besides spaces and middle dots.
pub const SEPARATORS: &str = "-_.—‧";

/// Full plate from 发证机关 (`浙B`, may be "") and 号牌号码 (may lack the province).
pub fn normalize(office: &str, plate: &str) -> Parsed<String> {
    let p = clean(plate);
    if p.is_empty() || super::nulls::is_null(plate) {
        return Parsed::Empty;
    }
    let full = if p.starts_with(|c: char| PROVINCES.contains(c)) {
        p
    } else if p.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        match clean(office).chars().next().filter(|c| PROVINCES.contains(*c)) {
            Some(province) => format!("{province}{p}"),
            None => return Parsed::Invalid("号牌缺少省份简称，发证机关也没有给出".into()),
        }
    } else {
        return Parsed::Invalid("号牌应以省份简称开头（如 浙B12345）".into());
    };
    match check(&full) {
        Ok(()) => Parsed::Value(full),
        Err(why) => Parsed::Invalid(why),
    }
}

fn check(full: &str) -> Result<(), String> {
    let chars: Vec<char> = full.chars().collect();
    let rest = chars.get(1..).unwrap_or(&[]);
    if !rest.first().is_some_and(|c| c.is_ascii_uppercase()) {
        return Err("省份简称后应是发牌机关字母".into());
    }
    let (body, special) = match rest.last() {
        Some(c) if SUFFIXES.contains(*c) => (rest.get(1..rest.len() - 1).unwrap_or(&[]), true),
        _ => (rest.get(1..).unwrap_or(&[]), false),
    };
    if !body.iter().all(|c| c.is_ascii_alphanumeric()) {
        return Err("号牌含有无法识别的字符".into());
    }
    let ok_len = if special { body.len() == 4 } else { body.len() == 5 || body.len() == 6 };
    if !ok_len {
        return Err(format!("号牌位数不对（“{full}”：省份和字母后应有 5 位，新能源 6 位）"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_spelling_but_never_complete_a_plate() {
        for (a, b) in [("浙B·12345", "浙b12345"), ("浙B-12345", "浙Ｂ１２３４５"), ("粵A 1234X", "粤A1234X")] {
            assert_eq!(key(a), key(b), "{a} / {b}");
        }
        assert_ne!(key("B12345"), key("浙B12345"));
        assert_ne!(key("浙B12345"), key("浙B12346"));
    }

    #[test]
    fn full_plates() {
        for (office, raw, want) in [
            ("", "浙B12345", "浙B12345"),
            ("浙B", "B12345", "浙B12345"),
            ("浙B", "浙B12345", "浙B12345"),
            ("", "浙B·12345", "浙B12345"),
            ("", "浙B 12345", "浙B12345"),
            ("", "浙B-D12345", "浙BD12345"),
            ("", "浙bd1234x", "浙BD1234X"),
            ("", "浙Ｂ１２３４５", "浙B12345"),
            ("浙B", "BD12345", "浙BD12345"),
            ("", "浙B1234挂", "浙B1234挂"),
            ("浙B", "粤A12345", "粤A12345"),
        ] {
            assert_eq!(normalize(office, raw), Parsed::Value(want.to_string()), "{office:?} {raw:?}");
        }
    }

    #[test]
    fn invalid_plates() {
        for (office, raw) in
            [("", "B12345"), ("", "浙B1234"), ("", "浙B1234567"), ("", "浙12345"), ("", "张三"), ("", "浙B12#45"), ("浙B", "1")]
        {
            assert!(matches!(normalize(office, raw), Parsed::Invalid(_)), "{office:?} {raw:?}: {:?}", normalize(office, raw));
        }
        assert_eq!(normalize("浙B", ""), Parsed::Empty);
        assert_eq!(normalize("浙B", "--"), Parsed::Empty);
    }
}
