//! Several values in one cell ("张三、李四"), split on `、,，;；` and newlines,
//! in order, so names and IDs listed in the same order pair up.

/// The values of a cell, trimmed, empty pieces dropped, order kept.
pub fn split(raw: &str) -> Vec<&str> {
    raw.split(['、', ',', '，', ';', '；', '\n', '\r'])
        .map(|s| s.trim_matches(|c: char| c.is_whitespace()))
        .filter(|s| !s.is_empty() && !super::nulls::is_null(s))
        .collect()
}

/// Names paired with IDs by position when the counts match ("张三、李四" +
/// "330…1、330…2"). When they do not, pairing would be a guess: every name
/// comes back without an ID (the caller reports the mismatch; the raw cells
/// stay as evidence).
pub fn pair<'a>(names: &'a str, ids: &'a str) -> Vec<(&'a str, Option<&'a str>)> {
    let n = split(names);
    let i = split(ids);
    if n.len() == i.len() {
        n.into_iter().zip(i.into_iter().map(Some)).collect()
    } else {
        n.into_iter().map(|name| (name, None)).collect()
    }
}

/// True when [`pair`] could not pair names and IDs (both present, counts differ).
pub fn pair_mismatch(names: &str, ids: &str) -> bool {
    let i = split(ids).len();
    i > 0 && split(names).len() != i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_every_separator_in_order() {
        assert_eq!(
            split("张三、李四,王五，赵六;钱七；孙八\n周九\r\n吴十"),
            ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十"]
        );
        assert_eq!(split(" 张三 、、 -- ,"), ["张三"]);
        assert!(split("").is_empty());
    }

    #[test]
    fn pairs_by_position_only_when_counts_match() {
        assert_eq!(
            pair("张三、李四", "11010519491231002X；360426199101010071"),
            [("张三", Some("11010519491231002X")), ("李四", Some("360426199101010071"))]
        );
        assert_eq!(pair("张三、李四", "11010519491231002X"), [("张三", None), ("李四", None)]);
        assert!(pair_mismatch("张三、李四", "11010519491231002X"));
        assert!(!pair_mismatch("张三、李四", ""));
        assert_eq!(pair("某公司", ""), [("某公司", None)]);
    }
}
