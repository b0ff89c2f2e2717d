//! What a file is, from its first bytes (magic numbers) first and its name
//! second. Exports are often renamed (`.xls` that is HTML, `.xlsx` that is
//! CSV), so the content decides; the extension only names text formats.

use crate::error::{Error, ErrorKind, Position};

/// Formats we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited text; `ext` decides the label ("csv", "tsv", "txt").
    Text,
    Xlsx,
    Xlsb,
    Ods,
    /// BIFF8 workbook in an OLE2 (CFB) container.
    Xls,
    /// HTML tables (or XML Spreadsheet 2003) saved with an `.xls` name.
    Html,
}

const CFB: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// UTF-16LE bytes of an ASCII name, as CFB directory entries store it.
fn utf16(name: &str) -> Vec<u8> {
    name.bytes().flat_map(|b| [b, 0]).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

fn unknown(file: &str, looks_like: &str, hint: &str) -> Error {
    Error::new(ErrorKind::UnknownFormat { pos: Position::file(file), looks_like: looks_like.into(), hint: hint.into() })
}

const EXPORT_HINT: &str = "请先导出为 Excel（.xlsx/.xls）或 CSV 文件再导入。";

/// Lower-case extension of a file name ("" when none).
pub fn extension(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    match base.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    }
}

/// Bytes at a zip's end that hold its central directory (every entry's
/// name) for any workbook but a freak.
pub const ZIP_TAIL: usize = 64 * 1024;

/// An XLSX workbook told from its first bytes and its last `ZIP_TAIL` (the
/// central directory names every part): `sniff` of the whole file would say
/// `Xlsx`, so it can be read without being held whole. False when unsure.
pub fn is_xlsx_zip(head: &[u8], tail: &[u8]) -> bool {
    (head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06"))
        && contains(tail, b"xl/workbook.xml")
        && !contains(tail, b"xl/workbook.bin")
}

/// Decide the format, or say what the file looks like.
pub fn sniff(file: &str, bytes: &[u8]) -> Result<Format, Error> {
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(bytes);
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // Entry names are stored uncompressed in local headers and the
        // central directory, so a byte search finds them.
        if contains(bytes, b"xl/workbook.bin") {
            return Ok(Format::Xlsb);
        }
        if contains(bytes, b"xl/") {
            return Ok(Format::Xlsx);
        }
        if contains(head, b"application/vnd.oasis.opendocument.spreadsheet") {
            return Ok(Format::Ods);
        }
        if contains(bytes, b"word/") {
            return Err(unknown(file, " Word 文档（.docx）", EXPORT_HINT));
        }
        if contains(bytes, b"ppt/") {
            return Err(unknown(file, " PowerPoint 演示文稿（.pptx）", EXPORT_HINT));
        }
        return Err(unknown(file, "一个 ZIP 压缩包", "请先解压，再导入其中的 Excel 或 CSV 文件。"));
    }
    if bytes.starts_with(CFB) {
        if contains(bytes, &utf16("EncryptionInfo")) || contains(bytes, &utf16("EncryptedPackage")) {
            return Err(Error::new(ErrorKind::Encrypted { pos: Position::file(file) }));
        }
        if contains(bytes, &utf16("WordDocument")) {
            return Err(unknown(file, " Word 文档（.doc）", EXPORT_HINT));
        }
        if contains(bytes, &utf16("PowerPoint Document")) {
            return Err(unknown(file, " PowerPoint 演示文稿（.ppt）", EXPORT_HINT));
        }
        return Ok(Format::Xls);
    }
    let magic: &[(&[u8], &str, &str)] = &[
        (b"%PDF", "一个 PDF 文件", EXPORT_HINT),
        (b"\x89PNG", "一张 PNG 图片", "图片中的表格无法直接读取，请导入原始的 Excel 或 CSV 导出文件。"),
        (b"\xFF\xD8\xFF", "一张 JPEG 图片", "图片中的表格无法直接读取，请导入原始的 Excel 或 CSV 导出文件。"),
        (b"GIF8", "一张 GIF 图片", "图片中的表格无法直接读取，请导入原始的 Excel 或 CSV 导出文件。"),
        (b"Rar!\x1A\x07", "一个 RAR 压缩包", "请先解压，再导入其中的 Excel 或 CSV 文件。"),
        (b"7z\xBC\xAF\x27\x1C", "一个 7z 压缩包", "请先解压，再导入其中的 Excel 或 CSV 文件。"),
        (b"\x1F\x8B", "一个 gzip 压缩文件", "请先解压，再导入其中的 Excel 或 CSV 文件。"),
        (b"MZ", "一个 Windows 程序（可执行文件）", "请确认选择了正确的文件。"),
        (b"\x7FELF", "一个程序（可执行文件）", "请确认选择了正确的文件。"),
        (b"{\\rtf", "一个 RTF 文档", EXPORT_HINT),
    ];
    for (m, what, hint) in magic {
        if bytes.starts_with(m) {
            return Err(unknown(file, what, hint));
        }
    }
    // Text from here on. UTF-16 is text even though half its bytes are NUL.
    let (enc, bom) = super::encoding::sniff(bytes);
    if enc.is_utf16() {
        return Ok(if looks_like_markup(&enc.decode(head.get(bom..).unwrap_or(&[])).0.into_owned().into_bytes()) {
            Format::Html
        } else {
            Format::Text
        });
    }
    let body = head.get(bom..).unwrap_or(&[]);
    if looks_like_markup(body) {
        return Ok(Format::Html);
    }
    if is_binary(body) {
        return Err(unknown(
            file,
            "一个二进制文件（不是文本表格，可能被改了扩展名）",
            "请用 Excel 打开确认内容，另存为 .xlsx 或 CSV 后再导入。",
        ));
    }
    Ok(Format::Text)
}

/// HTML tables or XML Spreadsheet 2003 after BOM and whitespace.
fn looks_like_markup(head: &[u8]) -> bool {
    let t = head.iter().position(|b| !b.is_ascii_whitespace()).and_then(|i| head.get(i..)).unwrap_or(&[]);
    if !t.starts_with(b"<") {
        return false;
    }
    contains_ci(t, b"<table") || contains_ci(t, b"<html") || contains_ci(t, b"urn:schemas-microsoft-com:office:spreadsheet")
}

/// Many NULs or control bytes: not text in any encoding we read.
fn is_binary(head: &[u8]) -> bool {
    if head.is_empty() {
        return false;
    }
    let nul = head.iter().filter(|&&b| b == 0).count();
    let ctrl = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A | 0x1B)).count();
    nul > 0 || ctrl * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_lookalikes() {
        assert_eq!(sniff("a.csv", b"a,b\n1,2\n"), Ok(Format::Text));
        assert_eq!(sniff("a.xls", b"\xEF\xBB\xBF  <html><table>"), Ok(Format::Html));
        let e = sniff("a.xlsx", b"%PDF-1.4 ...").unwrap_err();
        assert_eq!(e.code(), "unknown_format");
        assert!(e.to_string().contains("PDF"), "{e}");
        assert_eq!(sniff("a.csv", b"\x01\x02\x00\x00\x05abc").unwrap_err().code(), "unknown_format");
        assert_eq!(sniff("a.zip", b"PK\x03\x04....word/document.xml").unwrap_err().to_string().contains("Word"), true);
        let mut cfb = CFB.to_vec();
        cfb.extend(utf16("EncryptionInfo"));
        assert_eq!(sniff("a.xlsx", &cfb).unwrap_err().code(), "encrypted");
        assert_eq!(extension("dir.x/a.XLS"), "xls");
        assert_eq!(extension("noext"), "");
    }
}
