//! `DecodeReader`: text in UTF-16 or GB18030 (whose trail bytes may be
//! `|`) is decoded before it is cut into fields. This
//! `Read` adapter decodes it to UTF-8 chunk by chunk with encoding_rs's
//! streaming decoder (a character split between two chunks is carried
//! over), so such a file is never decoded whole either. Undecodable input
//! becomes U+FFFD and is counted, as `Encoding::decode_into` does.

use std::io::{self, Read};

/// Raw bytes read at a time (in the page, one `FileReaderSync` call each).
/// 1 MiB, not the 4 MiB of UTF-8 text (`records::BUFFER`): with 4 the wasm
/// memory of a 165 MB GB18030 file grew from 1.90× to 2.02× the file.
const CHUNK: usize = 1 << 20;

pub struct DecodeReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    /// Unread raw bytes: `raw[raw_at..raw_end]`.
    raw_at: usize,
    raw_end: usize,
    eof: bool,
    finished: bool,
    out: Vec<u8>,
    out_at: usize,
    /// Characters replaced by U+FFFD so far.
    pub undecodable: u64,
}

impl<R: Read> DecodeReader<R> {
    pub fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        DecodeReader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; CHUNK],
            raw_at: 0,
            raw_end: 0,
            eof: false,
            finished: false,
            out: Vec::with_capacity(CHUNK * 3 + 16),
            out_at: 0,
            undecodable: 0,
        }
    }

    /// Decode the next raw chunk into `out`; false once everything was decoded.
    fn fill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.out_at = 0;
        while self.out.is_empty() {
            if self.finished {
                return Ok(false);
            }
            if self.raw_at == self.raw_end && !self.eof {
                let n = self.inner.read(&mut self.raw)?;
                self.raw_at = 0;
                self.raw_end = n;
                self.eof = n == 0;
            }
            // At the end, an empty last call flushes a cut-off character.
            let last = self.eof;
            let src = self.raw.get(self.raw_at..self.raw_end).unwrap_or(&[]);
            let need = self.decoder.max_utf8_buffer_length_without_replacement(src.len()).unwrap_or(src.len() * 3 + 16).max(16);
            self.out.resize(need, 0);
            let (res, read, written) = self.decoder.decode_to_utf8_without_replacement(src, &mut self.out, last);
            self.out.truncate(written);
            self.raw_at += read;
            match res {
                encoding_rs::DecoderResult::Malformed(_, _) => {
                    self.out.extend_from_slice("\u{FFFD}".as_bytes());
                    self.undecodable += 1;
                }
                encoding_rs::DecoderResult::InputEmpty if last => self.finished = true,
                _ => {}
            }
        }
        Ok(true)
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_at >= self.out.len() && !self.fill()? {
            return Ok(0);
        }
        let rest = self.out.get(self.out_at..).unwrap_or(&[]);
        let n = rest.len().min(buf.len());
        if let (Some(d), Some(s)) = (buf.get_mut(..n), rest.get(..n)) {
            d.copy_from_slice(s);
        }
        self.out_at += n;
        Ok(n)
    }
}
