//! `JsSource`: a file the worker reads in pieces, as a `ByteSource`. The
//! worker passes `{size, read(offset, length) → Uint8Array}` built over a
//! `File`/`Blob` with `FileReaderSync` (www/worker.js), so text files stream
//! into wasm instead of being copied in whole.

use crate::ingest::ByteSource;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `{size: number, read(offset: number, length: number): Uint8Array}`.
    pub type JsSource;

    #[wasm_bindgen(method, getter)]
    fn size(this: &JsSource) -> f64;

    #[wasm_bindgen(method, catch)]
    fn read(this: &JsSource, offset: f64, length: u32) -> Result<js_sys::Uint8Array, JsValue>;
}

impl ByteSource for &JsSource {
    fn size(&self) -> u64 {
        JsSource::size(self).max(0.0) as u64
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        read_at(self, offset, buf)
    }
}

/// A `JsSource` the workspace keeps (a streamed statement is read again
/// from it). The workspace must be `Send` for native threads; the wasm
/// build has one thread, so the handle never crosses one.
pub struct Kept(JsSource);

// SAFETY: wasm32-unknown-unknown is built without atomics: there is one
// thread, and a `Kept` cannot reach another.
unsafe impl Send for Kept {}

impl JsSource {
    /// A handle of its own on the same JavaScript object, to be kept.
    pub fn kept(&self) -> Kept {
        Kept(JsValue::clone(self.as_ref()).unchecked_into())
    }
}

impl ByteSource for Kept {
    fn size(&self) -> u64 {
        JsSource::size(&self.0).max(0.0) as u64
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        read_at(&self.0, offset, buf)
    }
}

fn read_at(this: &JsSource, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
    {
        let want = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        let chunk = JsSource::read(this, offset as f64, want).map_err(|e| {
            let msg = e.as_string().or_else(|| js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()));
            std::io::Error::other(msg.unwrap_or_else(|| "浏览器未能读取文件".into()))
        })?;
        let n = (chunk.length() as usize).min(buf.len());
        if let Some(dst) = buf.get_mut(..n) {
            chunk.subarray(0, n as u32).copy_to(dst);
        }
        Ok(n)
    }
}
