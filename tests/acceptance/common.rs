//! Shared by the acceptance tests: valid IDs, encodings, the input directory, running `xiansuo`.

use super::*;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};


pub(crate) const WANG: &str = "33028119700303102X"; // written lower-case in the cases file
pub(crate) const LI_15: &str = "330203550612042"; // old 15-digit form of LI
pub(crate) const LI: &str = "330203195506120421";
pub(crate) const ZHANG: &str = "330204198805050515"; // written with full-width digits
pub(crate) const SUN: &str = "330205199002020137";
pub(crate) const ZHOU: &str = "33020619920303024X";
pub(crate) const QIAN: &str = "330207197511110353"; // Excel-damaged in the cases file
pub(crate) const ZHAO: &str = "330208198308080460"; // written with spaces
pub(crate) const WU: &str = "330225198609090175";
pub(crate) const LIU: &str = "330203198210100281";
pub(crate) const CHEN: &str = "33020319800101001X";

pub(crate) fn valid_id(id: &str) -> bool {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let d: Vec<u32> = id.chars().take(17).filter_map(|c| c.to_digit(10)).collect();
    d.len() == 17
        && id.chars().nth(17)
            == "10X98765432"
                .chars()
                .nth((d.iter().zip(W).map(|(a, b)| a * b).sum::<u32>() % 11) as usize)
}

pub(crate) fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(s).0.into_owned()
}

/// Excel "Unicode text": UTF-16LE with BOM, tab-separated, CRLF.
pub(crate) fn utf16le(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in s.replace('\n', "\r\n").encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

pub(crate) fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Removes the input directory when dropped.
pub(crate) struct DirGuard(PathBuf);

impl Drop for DirGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The input directory. Each test thread holds it (a thread-local handle) until the test
/// ends; when the last holder ends, `DirGuard` deletes it, so no run leaves it behind. A
/// test starting after that gets a fresh directory under a new name, so a removal never
/// races a creation.
pub(crate) fn dir() -> PathBuf {
    static CURRENT: Mutex<Weak<DirGuard>> = Mutex::new(Weak::new());
    static SERIAL: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static HELD: RefCell<Option<Arc<DirGuard>>> = const { RefCell::new(None) };
    }
    if let Some(p) = HELD.with(|h| h.borrow().as_ref().map(|g| g.0.clone())) {
        return p;
    }
    let mut current = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
    let guard = match current.upgrade() {
        Some(g) => g,
        None => {
            let n = SERIAL.fetch_add(1, Ordering::Relaxed);
            let d = std::env::temp_dir().join(format!("xiansuo-acceptance-{}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&d);
            std::fs::create_dir_all(&d).expect("temp dir");
            let g = Arc::new(DirGuard(d));
            write_screen_inputs(&g.0);
            write_flow_inputs(&g.0);
            write_bad_inputs(&g.0);
            *current = Arc::downgrade(&g);
            g
        }
    };
    drop(current);
    let p = guard.0.clone();
    HELD.with(|h| *h.borrow_mut() = Some(guard));
    p
}

pub(crate) fn path(name: &str) -> String {
    dir().join(name).to_string_lossy().into_owned()
}

pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

pub(crate) fn run(args: &[String]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_xiansuo"))
        .args(args)
        .output()
        .expect("run xiansuo");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub(crate) fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}\nstdout: {}",
            r.stderr, r.stdout
        )
    })
}

pub(crate) fn s(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

pub(crate) fn has_keys(v: &Value, keys: &[&str], what: &str) {
    for k in keys {
        assert!(v.get(k).is_some(), "{what}: key `{k}` missing in {v}");
    }
}

/// Brackets and spaces differ between sources; compare 案号 the way a person reads them.
pub(crate) fn case_eq(a: &str, b: &str) -> bool {
    let n = |x: &str| x.replace('(', "（").replace(')', "）").replace(' ', "");
    n(a) == n(b)
}
