//! String interning: every account number, name and summary is stored once
//! and referred to by a `u32`, so ten million transactions cost ten million
//! small structs, not tens of millions of `String`s. Id 0 is the empty string.
//! The hasher is FxHash (a few lines, written here to avoid a dependency for
//! it): keys are our own decoded cell text, not attacker-chosen at scale that
//! matters for an offline tool.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    /// Rotated: the table picks a bucket by the low bits, and a product's
    /// low bits depend only on its factors' low bits, here the first bytes
    /// of each 8-byte chunk ("6222…", "0000…" in every card number), so
    /// unrotated, account numbers crowded into few buckets and each lookup
    /// compared many strings (a third of reading a statement). The high
    /// bits depend on every byte (as rustc-hash 2 does).
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            for (d, s) in b.iter_mut().zip(chunk) {
                *d = *s;
            }
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A string's fingerprint (serial numbers, lead ids): the unrotated state,
/// the values reports have always shown.
pub fn fx_hash(s: &str) -> u64 {
    let mut h = Fx::default();
    h.write(s.as_bytes());
    h.0
}

#[derive(Default, Clone)]
pub struct Interner {
    map: FxMap<Box<str>, u32>,
    strs: Vec<Box<str>>,
}

impl Interner {
    pub fn new() -> Interner {
        let mut i = Interner::default();
        i.intern("");
        i
    }
    pub fn intern(&mut self, s: &str) -> u32 {
        // Empty cells are frequent (no merchant, no counterparty ID): no lookup.
        if s.is_empty() && self.strs.first().is_some_and(|f| f.is_empty()) {
            return 0;
        }
        if let Some(&id) = self.map.get(s) {
            return id;
        }
        let id = self.strs.len() as u32;
        self.strs.push(s.into());
        self.map.insert(s.into(), id);
        id
    }
    pub fn lookup(&self, s: &str) -> Option<u32> {
        self.map.get(s).copied()
    }
    pub fn get(&self, id: u32) -> &str {
        self.strs.get(id as usize).map(|s| &**s).unwrap_or("")
    }
    pub fn len(&self) -> usize {
        self.strs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.strs.is_empty()
    }
    /// Heap bytes held (each text twice: map key and list entry), for the bench.
    pub fn heap_bytes(&self) -> usize {
        let text: usize = self.strs.iter().map(|s| s.len()).sum();
        let slot = std::mem::size_of::<Box<str>>();
        2 * text + self.strs.capacity() * slot + self.map.capacity() * (slot + 4 + 1)
    }
}
