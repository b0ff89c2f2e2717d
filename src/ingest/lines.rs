//! `LineStarts`: a `Read` adapter that notes where text lines start while
//! the CSV reader pulls bytes through it, so a record's row number (the row
//! Excel shows) is known without keeping the bytes already read. Only the
//! line starts not yet asked about are kept: about one buffer's worth.
//! Used by the former reader (`csv_reference`) the tests compare against;
//! `records` counts rows itself.

use std::collections::VecDeque;
use std::io::{self, Read};

pub struct LineStarts<R> {
    inner: R,
    /// Offset of the next byte to read.
    pos: u64,
    /// `\n` bytes read so far.
    newlines: u64,
    /// The last byte read was `\r` or `\n` (true at the start of the file).
    after_break: bool,
    /// (offset, `\n` bytes before it) of each line's first byte that is not
    /// itself a line break.
    starts: VecDeque<(u64, u64)>,
}

impl<R> LineStarts<R> {
    pub fn new(inner: R) -> Self {
        LineStarts { inner, pos: 0, newlines: 0, after_break: true, starts: VecDeque::new() }
    }

    /// For a record whose parsing began at byte `offset` (csv's record
    /// position, which may sit on the `\n` of a CRLF or on blank lines): the
    /// 1-based text line of its first byte, i.e. 1 + the `\n` bytes before
    /// it. Offsets must be asked for in increasing order.
    pub fn line_at(&mut self, offset: u64) -> u64 {
        while self.starts.front().is_some_and(|&(o, _)| o < offset) {
            self.starts.pop_front();
        }
        match self.starts.front() {
            Some(&(_, n)) => n + 1,
            // Only line breaks left after `offset`: every one was read.
            None => self.newlines + 1,
        }
    }
}

impl<R: Read> Read for LineStarts<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let data = buf.get(..n).unwrap_or(&[]);
        // Jump from line break to line break (memchr) instead of testing every byte.
        let mut at = 0usize;
        for p in memchr::memchr2_iter(b'\n', b'\r', data) {
            if p > at && self.after_break {
                self.starts.push_back((self.pos + at as u64, self.newlines));
            }
            self.newlines += (data.get(p) == Some(&b'\n')) as u64;
            self.after_break = true;
            at = p + 1;
        }
        if at < n {
            if self.after_break {
                self.starts.push_back((self.pos + at as u64, self.newlines));
            }
            self.after_break = false;
        }
        self.pos += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets_across_blank_lines_and_crlf() {
        let text = b"a\r\n\r\nb\nc";
        let mut r = LineStarts::new(&text[..]);
        let mut sink = Vec::new();
        r.read_to_end(&mut sink).unwrap();
        assert_eq!(r.line_at(0), 1);
        // csv's position of the second record sits on the `\n` of the CRLF.
        assert_eq!(r.line_at(2), 3);
        assert_eq!(r.line_at(7), 4);
        assert_eq!(r.line_at(8), 4, "a start already passed is not needed again");
    }
}
