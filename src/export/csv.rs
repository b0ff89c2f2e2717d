//! UTF-8 CSV with a BOM (so Excel on Chinese Windows does not read it as GBK),
//! RFC 4180 quoting by the `csv` crate, every cell neutralised.

use super::neutralize;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Write a header row and data rows. Rows may differ in length (written as
/// they are). Writing into memory cannot fail, so this returns bytes directly.
pub fn write<H, R, C>(headers: &[H], rows: R) -> Vec<u8>
where
    H: AsRef<str>,
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut out = BOM.to_vec();
    let mut w = ::csv::WriterBuilder::new().flexible(true).from_writer(&mut out);
    // Errors here can only come from the underlying writer, and a Vec never
    // fails; ignoring them keeps the signature simple for callers.
    let _ = w.write_record(headers.iter().map(|h| neutralize(h.as_ref()).into_owned()));
    for row in rows {
        let _ = w.write_record(row.into_iter().map(|c| neutralize(c.as_ref()).into_owned()));
    }
    let _ = w.flush();
    drop(w);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(bytes: &[u8]) -> Vec<Vec<String>> {
        let body = bytes.strip_prefix(BOM).expect("BOM present");
        let mut r = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
        r.records().map(|rec| rec.expect("valid CSV").iter().map(String::from).collect()).collect()
    }

    #[test]
    fn bom_quoting_chinese_and_neutralised() {
        let rows = vec![
            vec!["张三", "=HYPERLINK(\"http://evil\",\"点我\")", "3,000.00"],
            vec!["陈 某", "-12.50", "含\"引号\"\n和换行"],
            vec!["@cmd", "+1", "\t=1"],
        ];
        let bytes = write(&["姓名", "备注", "金额（元）"], rows);
        assert!(bytes.starts_with(BOM));
        let back = read_back(&bytes);
        assert_eq!(back[0], ["姓名", "备注", "金额（元）"]);
        assert_eq!(back[1], ["张三", "'=HYPERLINK(\"http://evil\",\"点我\")", "3,000.00"]);
        assert_eq!(back[2], ["陈 某", "'-12.50", "含\"引号\"\n和换行"]);
        assert_eq!(back[3], ["'@cmd", "'+1", "'\t=1"]);
    }

    #[test]
    fn owned_headers_and_ragged_rows() {
        let headers = vec!["a".to_string(), "b".to_string()];
        let bytes = write(&headers, vec![vec!["1".to_string()], vec!["1".into(), "2".into(), "3".into()]]);
        let back = read_back(&bytes);
        assert_eq!(back.len(), 3);
        assert_eq!(back[1], ["1"]);
        assert_eq!(back[2], ["1", "2", "3"]);
    }

    proptest::proptest! {
        /// Any text survives the round trip, changed only by neutralisation.
        #[test]
        fn any_text_round_trips(cells in proptest::collection::vec("\\PC{0,12}|[=+@\t\r\n\",-]{1,4}", 1..6)) {
            let bytes = write(&["h"], vec![cells.clone()]);
            let back = read_back(&bytes);
            let want: Vec<String> = cells.iter().map(|c| neutralize(c).into_owned()).collect();
            proptest::prop_assert_eq!(back.get(1).cloned().unwrap_or_default(), want);
        }
    }
}
