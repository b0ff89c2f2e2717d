//! The fast record reader (`records`, plain lines split with memchr) must
//! give what csv_core gives: the same tables, row numbers, skipped rows and
//! notes through the plain path, the csv_core path and the reader it
//! replaced (`csv_reference`), for every text fixture, the demo files and
//! generated text (quotes, line breaks in cells, CRLF, CR, blank lines,
//! ragged rows, BOMs, broken bytes, GB18030), read in pieces of every size.

use super::csv::{read_source_by, By, Chunks};
use super::records::Split;
use super::source::Chunked;
use super::table::Table;
use super::{sniff, IngestOptions};
use proptest::prelude::*;

const READERS: [By; 3] = [By::Reference, By::Records(Split::Core), By::Records(Split::Fast)];

/// Tables handed out in chunks (`bytes` of cell text each, 0 = none), the
/// final tables and the notes, as text for a readable diff.
fn read_by(name: &str, bytes: &[u8], piece: usize, chunk_bytes: usize, by: By) -> (Vec<Table>, String) {
    let mut taken = Vec::new();
    let mut emit = |t: Table| {
        taken.push(t);
        Ok(())
    };
    let chunks = (chunk_bytes > 0).then_some(Chunks { bytes: chunk_bytes, emit: &mut emit });
    let mut src = Chunked { bytes, chunk: piece };
    let ext = sniff::extension(name);
    let loaded = read_source_by(name, &mut src, &IngestOptions::default(), &ext, chunks, by);
    let (tables, notes) = match loaded {
        Ok(l) => (l.tables, format!("{:?}", l.errors)),
        Err(e) => (Vec::new(), format!("error {e:?}")),
    };
    taken.extend(tables);
    (taken, notes)
}

/// Every reader gives the reference's answer; returns how many data rows.
fn same(name: &str, bytes: &[u8], piece: usize, chunk_bytes: usize) -> usize {
    let want = read_by(name, bytes, piece, chunk_bytes, By::Reference);
    for by in READERS {
        let got = read_by(name, bytes, piece, chunk_bytes, by);
        assert_eq!(got.1, want.1, "{name}: notes differ ({by:?}, pieces of {piece})");
        assert_eq!(got.0.len(), want.0.len(), "{name}: tables differ ({by:?}, pieces of {piece})");
        for (g, w) in got.0.iter().zip(&want.0) {
            // Row by row first: the first difference reads better than a whole table.
            for i in 0..g.len().max(w.len()) {
                assert_eq!(
                    (g.line(i), g.row(i).collect::<Vec<_>>()),
                    (w.line(i), w.row(i).collect::<Vec<_>>()),
                    "{name}: data row {i} differs ({by:?}, pieces of {piece})"
                );
            }
            assert_eq!(g, w, "{name}: table differs ({by:?}, pieces of {piece})");
        }
    }
    want.0.iter().map(Table::len).sum()
}

fn text_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            text_files(&p, out);
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("csv" | "tsv" | "txt")) {
            out.push(p);
        }
    }
}

#[test]
fn fixtures_and_demo_read_the_same_in_any_pieces() {
    let mut files = Vec::new();
    text_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"), &mut files);
    assert!(files.len() > 30, "text fixtures not found: {}", files.len());
    let mut rows = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_default();
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("a.csv");
        for piece in [1 << 20, 4096, 7] {
            rows += same(name, &bytes, piece, 0);
        }
    }
    let demo = crate::demo::files();
    for f in demo.iter().filter(|f| sniff::sniff(&f.name, &f.bytes).ok() == Some(sniff::Format::Text)) {
        for piece in [1 << 20, 5] {
            rows += same(&f.name, &f.bytes, piece, 0);
        }
        rows += same(&f.name, &f.bytes, 1 << 20, 500);
    }
    assert!(rows > 1000, "too few rows compared: {rows}");
}

/// A line longer than the buffer goes through csv_core in pieces.
#[test]
fn a_line_longer_than_the_buffer() {
    let mut text = "案号,被执行人,住所\n（2020）浙0203执1号,张三,".to_string();
    text.push_str(&"很长的地址".repeat(300_000));
    text.push_str("\n（2020）浙0203执2号,李四,北京\n");
    let rows = same("a.csv", text.as_bytes(), 1 << 20, 0);
    assert_eq!(rows, 2);
}

/// Cells of generated lines: plain, Chinese, padded, quoted (with the
/// delimiters, line breaks, doubled quotes), a quote inside a plain cell,
/// an unclosed quote, broken bytes, a BOM, footers and comments.
const CELLS: &[&[u8]] = &[
    b"",
    b"1",
    b"abc",
    "张三".as_bytes(),
    " 李四 ".as_bytes(),
    "\u{3000}全角\u{3000}".as_bytes(),
    "（2020）浙0203执1号".as_bytes(),
    b"\"q,u;o|t\ted\"",
    b"\"multi\nline\"",
    "\"多\r\n行\r\n地址\"".as_bytes(),
    b"\"dq \"\"x\"\" \"",
    b"a\"b",
    b"\"x\"y",
    b"\"\"",
    b"\"unclosed",
    b"\xFF\xFEbad",
    b"\xEF\xBB\xBF",
    "合计".as_bytes(),
    b"#note",
    b"-----",
    b" ",
    b"110108197210080007",
    b"1085837.17",
];

const ENDINGS: &[&[u8]] = &[b"\n", b"\r\n", b"\r", b"\n\n", b"\r\n\r\n", b"\n \n"];

fn generated() -> impl Strategy<Value = (Vec<u8>, usize, usize)> {
    let row = proptest::collection::vec(0..CELLS.len(), 0..7);
    let rows = proptest::collection::vec((row, 0..ENDINGS.len()), 0..40);
    (rows, 0..4usize, 0..4usize, any::<bool>(), prop_oneof![1..9usize, Just(1usize << 20)], prop_oneof![Just(0usize), 1..200usize])
        .prop_map(|(rows, delim, start, last_break, piece, chunk)| {
            let d = [b',', b'\t', b';', b'|'][delim];
            let mut text: Vec<u8> = match start {
                0 => Vec::new(),
                1 => b"\xEF\xBB\xBF".to_vec(),
                _ => "清单\r\n".as_bytes().to_vec(),
            };
            // A header the detector knows, so the rows after it are data.
            for (i, h) in ["案号", "被执行人", "证件号码", "执行标的"].iter().enumerate() {
                if i > 0 {
                    text.push(d);
                }
                text.extend_from_slice(h.as_bytes());
            }
            text.push(b'\n');
            let n = rows.len();
            for (k, (cells, end)) in rows.into_iter().enumerate() {
                for (i, c) in cells.into_iter().enumerate() {
                    if i > 0 {
                        text.push(d);
                    }
                    text.extend_from_slice(CELLS[c]);
                }
                if k + 1 < n || last_break {
                    text.extend_from_slice(ENDINGS[end]);
                }
            }
            // Every fourth case as GB18030 (decoded before it is split).
            if start == 3 {
                let s = String::from_utf8_lossy(&text).into_owned();
                text = encoding_rs::GB18030.encode(&s).0.into_owned();
            }
            (text, piece, chunk)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn generated_text_reads_the_same((text, piece, chunk) in generated()) {
        same("gen.csv", &text, piece, chunk);
    }
}

/// Records as the reader gives them, before the table drops trailing empty
/// cells and blank rows: (row, cells).
fn records(text: &[u8], piece: usize, split: Split) -> Vec<(u32, Vec<String>)> {
    let mut src = Chunked { bytes: text, chunk: piece };
    let mut out = Vec::new();
    let mut r = super::records::Records::new(super::source::SourceReader::new(&mut src, 0), b',', split, text.len());
    let done: Result<(), String> = r.for_each(
        |e| e.to_string(),
        |rec| {
            out.push((rec.line, rec.cells().map(str::to_string).collect()));
            Ok(())
        },
    );
    assert_eq!(done, Ok(()));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    /// Cell for cell as csv's own reader, row for row as the csv_core path.
    #[test]
    fn generated_records_are_csv_records((text, piece, _) in generated()) {
        let fast = records(&text, piece, Split::Fast);
        let core = records(&text, piece, Split::Core);
        prop_assert_eq!(&fast, &core);
        let mut rdr = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&text[..]);
        let want: Vec<Vec<String>> = rdr.byte_records().map(|r| r.map(|r| r.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect()).unwrap_or_default()).collect();
        let got: Vec<Vec<String>> = fast.into_iter().map(|(_, cells)| cells).collect();
        prop_assert_eq!(got, want);
    }
}
