//! Text encodings: BOM sniffing, strict UTF-8, GB18030 as the fallback
//! (government and bank exports), UTF-16 for Excel's "Unicode text".
//!
//! UTF-8 is never copied: callers split the raw bytes (CSV). Other
//! encodings are decoded to UTF-8 as the file streams in (`decode.rs`).

use std::borrow::Cow;

/// An encoding we decode text formats with (a newtype over `encoding_rs`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Encoding(&'static encoding_rs::Encoding);

impl std::fmt::Debug for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Encoding({})", self.name())
    }
}

impl Encoding {
    pub const UTF_8: Encoding = Encoding(encoding_rs::UTF_8);
    pub const GB18030: Encoding = Encoding(encoding_rs::GB18030);
    pub const UTF_16LE: Encoding = Encoding(encoding_rs::UTF_16LE);
    pub const UTF_16BE: Encoding = Encoding(encoding_rs::UTF_16BE);

    /// From a WHATWG label ("gbk", "gb2312", "utf-8", …). GBK and GB2312 are
    /// decoded as GB18030, their superset.
    pub fn new(label: &str) -> Option<Encoding> {
        let e = encoding_rs::Encoding::for_label(label.trim().as_bytes())?;
        Some(if e == encoding_rs::GBK { Encoding::GB18030 } else { Encoding(e) })
    }

    /// Label shown to the user: "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE".
    pub fn name(&self) -> &'static str {
        if self.0 == encoding_rs::GB18030 {
            "GB18030"
        } else {
            self.0.name()
        }
    }

    /// The encoding_rs encoding, for streaming decoders.
    pub fn encoding_rs(&self) -> &'static encoding_rs::Encoding {
        self.0
    }

    pub fn is_utf8(&self) -> bool {
        self.0 == encoding_rs::UTF_8
    }

    /// UTF-16 cannot be split on ASCII bytes before decoding.
    pub fn is_utf16(&self) -> bool {
        self.0 == encoding_rs::UTF_16LE || self.0 == encoding_rs::UTF_16BE
    }

    /// Decode `bytes` (no BOM) appending to `out`; returns how many characters
    /// could not be decoded (each became U+FFFD).
    pub fn decode_into(&self, bytes: &[u8], out: &mut String) -> u64 {
        if self.is_utf8() {
            if let Ok(s) = std::str::from_utf8(bytes) {
                out.push_str(s);
                return 0;
            }
            let mut bad = 0;
            for chunk in bytes.utf8_chunks() {
                out.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    out.push('\u{FFFD}');
                    bad += 1;
                }
            }
            return bad;
        }
        // ASCII is the same in every encoding we decode field by field
        // (IDs, dates, amounts): skip the decoder.
        if !self.is_utf16() && bytes.is_ascii() {
            if let Ok(s) = std::str::from_utf8(bytes) {
                out.push_str(s);
                return 0;
            }
        }
        let mut decoder = self.0.new_decoder_without_bom_handling();
        let mut bad = 0u64;
        let mut src = bytes;
        loop {
            let need = decoder.max_utf8_buffer_length_without_replacement(src.len()).unwrap_or(src.len() * 3 + 16);
            out.reserve(need);
            let (res, read) = decoder.decode_to_string_without_replacement(src, out, true);
            src = src.get(read..).unwrap_or(&[]);
            match res {
                encoding_rs::DecoderResult::InputEmpty => return bad,
                encoding_rs::DecoderResult::OutputFull => {}
                encoding_rs::DecoderResult::Malformed(_, _) => {
                    out.push('\u{FFFD}');
                    bad += 1;
                }
            }
        }
    }

    /// Decode a whole buffer (no BOM): borrowed when it is valid UTF-8.
    pub fn decode<'a>(&self, bytes: &'a [u8]) -> (Cow<'a, str>, u64) {
        if self.is_utf8() {
            if let Ok(s) = std::str::from_utf8(bytes) {
                return (Cow::Borrowed(s), 0);
            }
        }
        let mut out = String::new();
        let bad = self.decode_into(bytes, &mut out);
        (Cow::Owned(out), bad)
    }
}

/// Bytes of a file's start that `sniff_head` looks at (its UTF-8 sample is
/// the first MiB; a few more bytes tell whether the file goes on).
pub const SNIFF_HEAD: usize = (1 << 20) + 8;

/// The encoding of a text file and the length of its BOM.
pub fn sniff(bytes: &[u8]) -> (Encoding, usize) {
    sniff_head(bytes, bytes.len() as u64, || std::str::from_utf8(bytes).is_ok())
}

/// Whether everything `r` gives is UTF-8, read in chunks (a character cut
/// between two chunks is carried over).
pub fn is_utf8_stream(mut r: impl std::io::Read) -> std::io::Result<bool> {
    let mut buf = vec![0u8; 256 * 1024];
    let mut carry = 0usize;
    loop {
        let n = match buf.get_mut(carry..).map(|b| r.read(b)) {
            Some(Ok(n)) => n,
            Some(Err(e)) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Some(Err(e)) => return Err(e),
            None => return Ok(false),
        };
        let len = carry + n;
        let Some(data) = buf.get(..len) else { return Ok(false) };
        if n == 0 {
            return Ok(carry == 0);
        }
        carry = match std::str::from_utf8(data) {
            Ok(_) => 0,
            Err(e) if e.error_len().is_none() => len - e.valid_up_to(),
            Err(_) => return Ok(false),
        };
        buf.copy_within(len - carry..len, 0);
    }
}

/// `sniff` from the first bytes of a file (at least the first MiB, or the
/// whole file) of `size` bytes in all; `whole_utf8` is asked only when the
/// first MiB is all ASCII (a file read in chunks checks the rest then).
pub fn sniff_head(bytes: &[u8], size: u64, whole_utf8: impl FnOnce() -> bool) -> (Encoding, usize) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return (Encoding::UTF_8, 3);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return (Encoding::UTF_16LE, 2);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return (Encoding::UTF_16BE, 2);
    }
    if let Some(e) = utf16_without_bom(bytes) {
        return (e, 0);
    }
    // A sample with valid multi-byte UTF-8 is UTF-8 (GBK text never passes
    // as UTF-8 for long); an all-ASCII sample needs the whole file checked.
    // Stray bad bytes later on are decoded lossily and counted.
    let sample = bytes.get(..bytes.len().min(1 << 20)).unwrap_or(bytes);
    let sample_ok = match std::str::from_utf8(sample) {
        Ok(_) => true,
        // Cut in the middle of a character at the end of the sample.
        Err(e) => e.error_len().is_none() && (sample.len() as u64) < size,
    };
    if sample_ok && (!sample.is_ascii() || whole_utf8()) {
        return (Encoding::UTF_8, 0);
    }
    // Not strictly UTF-8: GB18030 unless a sample decodes with fewer errors
    // as UTF-8 (a UTF-8 export with a few broken bytes stays UTF-8).
    let utf8_bad = sample.utf8_chunks().filter(|c| !c.invalid().is_empty()).count() as u64;
    let gb_bad = Encoding::GB18030.decode_into(sample, &mut String::new());
    if utf8_bad < gb_bad && utf8_bad * 1000 < sample.len() as u64 {
        (Encoding::UTF_8, 0)
    } else {
        (Encoding::GB18030, 0)
    }
}

/// UTF-16 without a BOM: ASCII text then has a NUL in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let sample = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even, mut odd) = (0, 0);
    for p in sample.chunks_exact(2) {
        if let [a, b] = p {
            even += (*a == 0) as usize;
            odd += (*b == 0) as usize;
        }
    }
    if odd * 10 >= pairs * 4 && even * 10 < pairs {
        Some(Encoding::UTF_16LE)
    } else if even * 10 >= pairs * 4 && odd * 10 < pairs {
        Some(Encoding::UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_and_decodes() {
        // 张三 in GBK.
        let gbk = b"\xd5\xc5\xc8\xfd,1\n";
        let (e, bom) = sniff(gbk);
        assert_eq!((e, bom), (Encoding::GB18030, 0));
        assert_eq!(e.decode(gbk).0, "张三,1\n");
        assert_eq!(sniff("张三".as_bytes()), (Encoding::UTF_8, 0));
        assert_eq!(sniff(b"\xEF\xBB\xBFa"), (Encoding::UTF_8, 3));
        assert_eq!(sniff(b"\xFF\xFEa\0"), (Encoding::UTF_16LE, 2));
        assert_eq!(sniff(b"a\0b\0c\0d\0e\0"), (Encoding::UTF_16LE, 0));
        assert_eq!(Encoding::new("gbk"), Some(Encoding::GB18030));
    }

    #[test]
    fn sample_then_whole_file() {
        // ASCII for more than the sample, then GBK: the whole file decides.
        let mut v = b"a,b\n".repeat(300_000);
        v.extend(b"\xd5\xc5\xc8\xfd\n");
        assert_eq!(sniff(&v).0, Encoding::GB18030);
        // UTF-8 Chinese in the sample, one broken byte far later: UTF-8, lossy.
        let mut v = "张三,1\n".repeat(200_000).into_bytes();
        v.extend(b"\xFF\n");
        assert_eq!(sniff(&v).0, Encoding::UTF_8);
    }

    #[test]
    fn counts_undecodable() {
        let mut s = String::new();
        // 0xFF is never valid in GB18030.
        assert_eq!(Encoding::GB18030.decode_into(b"a\xFFb\xFF", &mut s), 2);
        assert_eq!(s, "a\u{FFFD}b\u{FFFD}");
        let mut s = String::new();
        assert_eq!(Encoding::UTF_8.decode_into(b"a\xFFb", &mut s), 1);
    }
}
