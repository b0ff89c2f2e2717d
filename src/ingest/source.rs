//! `ByteSource`: a file that can be read at any offset without being held
//! whole. The page hands the worker's `File` (read with `FileReaderSync`,
//! see `src/wasm/source.rs`), so a 1 GB CSV is never whole in wasm memory;
//! the CLI and the tests hand a byte slice. Text formats stream from it
//! (`csv::read_source`); workbooks need every byte (zip/cfb) and read it whole.

use std::io::{self, Read};

/// Random-access bytes of one file.
pub trait ByteSource {
    /// Size of the whole file in bytes.
    fn size(&self) -> u64;
    /// Copy bytes from `offset` into `buf`; returns how many (0 at the end).
    /// May return fewer than asked for, like `Read::read`.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;
}

impl ByteSource for &[u8] {
    fn size(&self) -> u64 {
        self.len() as u64
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let from = usize::try_from(offset).unwrap_or(usize::MAX);
        let rest = self.get(from..).unwrap_or(&[]);
        let n = rest.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        Ok(n)
    }
}

/// A file on disk (`xiansuo normalize`), read where asked.
#[cfg(not(target_arch = "wasm32"))]
pub struct FileSource {
    file: std::fs::File,
    size: u64,
}

#[cfg(not(target_arch = "wasm32"))]
impl FileSource {
    pub fn open(path: &std::path::Path) -> io::Result<FileSource> {
        let file = std::fs::File::open(path)?;
        let size = file.metadata()?.len();
        Ok(FileSource { file, size })
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl ByteSource for FileSource {
    fn size(&self) -> u64 {
        self.size
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        use std::io::Seek;
        self.file.seek(io::SeekFrom::Start(offset))?;
        self.file.read(buf)
    }
}

/// Fill `buf` from `offset` as far as the file goes; returns the bytes read.
pub fn read_full<S: ByteSource + ?Sized>(src: &mut S, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while let Some(rest) = buf.get_mut(got..).filter(|r| !r.is_empty()) {
        let n = src.read_at(offset + got as u64, rest)?;
        if n == 0 {
            break;
        }
        got += n;
    }
    Ok(got)
}

/// The first `len` bytes (fewer when the file is shorter).
pub fn head<S: ByteSource + ?Sized>(src: &mut S, len: usize) -> io::Result<Vec<u8>> {
    range(src, 0, len)
}

/// `len` bytes from `offset` (fewer at the end of the file).
pub fn range<S: ByteSource + ?Sized>(src: &mut S, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    let len = len.min(src.size().saturating_sub(offset).try_into().unwrap_or(usize::MAX));
    let mut buf = vec![0; len];
    let n = read_full(src, offset, &mut buf)?;
    buf.truncate(n);
    Ok(buf)
}

/// The whole file (workbooks, HTML: their readers need every byte).
pub fn whole<S: ByteSource + ?Sized>(src: &mut S) -> io::Result<Vec<u8>> {
    range(src, 0, usize::try_from(src.size()).unwrap_or(usize::MAX))
}

/// `Read` over a source from an offset to its end.
pub struct SourceReader<'a, S: ByteSource + ?Sized> {
    src: &'a mut S,
    pos: u64,
}

impl<'a, S: ByteSource + ?Sized> SourceReader<'a, S> {
    pub fn new(src: &'a mut S, from: u64) -> Self {
        SourceReader { src, pos: from }
    }
}

impl<S: ByteSource + ?Sized> Read for SourceReader<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.src.read_at(self.pos, buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// Zip readers (XLSX) seek to the central directory and to each part.
impl<S: ByteSource + ?Sized> io::Seek for SourceReader<'_, S> {
    fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
        let pos = match to {
            io::SeekFrom::Start(n) => Some(n),
            io::SeekFrom::End(d) => self.src.size().checked_add_signed(d),
            io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = pos.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start of the file"))?;
        Ok(self.pos)
    }
}

/// A source that hands out at most `chunk` bytes per read: what the tests use
/// to prove that chunk boundaries (inside a character, a quoted cell, a
/// CRLF) change nothing.
pub struct Chunked<'a> {
    pub bytes: &'a [u8],
    pub chunk: usize,
}

impl ByteSource for Chunked<'_> {
    fn size(&self) -> u64 {
        self.bytes.len() as u64
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.chunk.max(1));
        let mut bytes = self.bytes;
        bytes.read_at(offset, buf.get_mut(..n).unwrap_or(&mut []))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ranges_in_small_chunks() {
        let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let mut src = Chunked { bytes: &data, chunk: 7 };
        assert_eq!(range(&mut src, 990, 50).unwrap(), data[990..].to_vec());
        assert_eq!(whole(&mut src).unwrap(), data);
        let mut out = Vec::new();
        SourceReader::new(&mut src, 3).read_to_end(&mut out).unwrap();
        assert_eq!(out, data[3..].to_vec());
        assert!(range(&mut src, 5000, 10).unwrap().is_empty());
    }
}
