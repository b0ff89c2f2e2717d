//! Property tests: `ingest::read` never panics, whatever the bytes and the
//! file name, and every table it returns answers `cell`/`line` for any index.
//!
//!     cargo test --test prop_ingest                          # default 256 cases per property
//!     PROPTEST_CASES=100000 cargo test --release --test prop_ingest   # a longer fuzz
//!
//! Inputs are arbitrary bytes, bytes that start like real containers (zip,
//! CFB, BOMs, HTML) so the parsers behind the sniffing are reached, and
//! mutated valid files (a real XLSX/CSV with bytes flipped or cut).

use proptest::prelude::*;
use xiansuo::ingest::{self, quality, Dataset, IngestOptions};

const NAMES: &[&str] = &["a.csv", "a.xlsx", "a.xls", "a.txt", "a.html"];

fn exercise(name: &str, bytes: &[u8]) {
    // Panics must reach the test: natively the CLI contains them, but the
    // page's wasm cannot.
    let opts = IngestOptions::default().contain_panics(false);
    if let Ok(loaded) = ingest::read(name, bytes, &opts) {
        for t in loaded.tables {
            for i in 0..t.len() + 2 {
                let _ = t.line(i);
                for c in 0..t.headers.len() + 2 {
                    let _ = t.cell(i, c);
                }
            }
            let ds = Dataset::new(t);
            let _ = quality::report(&ds);
        }
    }
}

fn prefixes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"PK\x03\x04".to_vec()),
        Just(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\xFE\xFF".to_vec()),
        Just(b"<html><table><tr><td colspan=\"3\" rowspan=9>".to_vec()),
        Just(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"a\"><Table><Row ss:Index=\"4\"><Cell ss:Index=\"99\" ss:MergeAcross=\"5\">".to_vec()),
        Just("案号,被执行人,证件号码\n".as_bytes().to_vec()),
        Just(Vec::new()),
    ]
}

fn small_xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["案号", "被执行人", "证件号码"].iter().enumerate() {
        let _ = ws.write_string(0, c as u16, *h);
        let _ = ws.write_string(1, c as u16, "x");
    }
    wb.save_to_buffer().unwrap_or_default()
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096), n in 0..NAMES.len()) {
        exercise(NAMES[n], &bytes);
    }

    #[test]
    fn container_prefixes_never_panic(prefix in prefixes(), rest in proptest::collection::vec(any::<u8>(), 0..4096), n in 0..NAMES.len()) {
        let mut bytes = prefix;
        bytes.extend(rest);
        exercise(NAMES[n], &bytes);
    }

    #[test]
    fn text_tables_never_panic(rows in proptest::collection::vec("[a-z案号合计#\"\\t,;|\r\n 　０-９]{0,40}", 0..40), n in 0..NAMES.len()) {
        exercise(NAMES[n], rows.join("\n").as_bytes());
    }

    #[test]
    fn mutated_xlsx_never_panics(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..20), cut in any::<usize>()) {
        let mut bytes = small_xlsx();
        let len = bytes.len().max(1);
        for (at, b) in flips {
            if let Some(x) = bytes.get_mut(at % len) {
                *x = b;
            }
        }
        bytes.truncate(cut % (len + 1));
        exercise("a.xlsx", &bytes);
    }
}
