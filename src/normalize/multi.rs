//! Several values in one cell ("张三、李四"), split on `、,，;；` and newlines,
//! in order, so names and IDs listed in the same order pair up.

pub fn split(raw: &str) -> Vec<&str> {
    raw.split(|c| matches!(c, '、' | ',' | '，' | ';' | '；' | '\n' | '\r'))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}
