//! String interning: every account number, name and summary is stored once
//! and referred to by a `u32`, so ten million transactions cost ten million
//! small structs, not tens of millions of `String`s. Id 0 is the empty string.
//! The interner hashes its strings with foldhash (`str_hash`); the maps keyed
//! by ids (`FxMap`, `FxSet`) and the fingerprints (`fx_hash`, whose values
//! reports show) use FxHash, a few lines written here. Keys are our own
//! decoded cell text, not attacker-chosen at a scale that matters for an
//! offline tool.

use std::collections::{HashMap, HashSet};
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
pub type FxSet<K> = HashSet<K, BuildHasherDefault<Fx>>;

/// A string's fingerprint (serial numbers, lead ids): the unrotated state,
/// the values reports have always shown.
pub fn fx_hash(s: &str) -> u64 {
    let mut h = Fx::default();
    h.write(s.as_bytes());
    h.0
}

/// Strings kept once, end to end in one buffer; the table holds only ids
/// and finds a string by hashing it and comparing with the buffer. (A
/// `HashMap<Box<str>, u32>` beside a `Vec<Box<str>>` stored and allocated
/// every string twice.)
#[derive(Default, Clone)]
pub struct Interner {
    table: hashbrown::HashTable<u32>,
    text: String,
    /// End offset in `text` of each string; string `i` starts where `i - 1` ends.
    ends: Vec<usize>,
}

/// foldhash: reads 16 bytes a step and mixes with a folded multiply (FxHash,
/// a byte chunk at a time, cost a sixth more of reading a statement).
fn str_hash(s: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x243f_6a88_85a3_08d3).hash_one(s)
}

impl Interner {
    pub fn new() -> Interner {
        let mut i = Interner::default();
        i.intern("");
        i
    }
    pub fn intern(&mut self, s: &str) -> u32 {
        // Empty cells are frequent (no merchant, no counterparty ID): no lookup.
        if s.is_empty() && self.ends.first() == Some(&0) {
            return 0;
        }
        let hash = str_hash(s);
        let Interner { table, text, ends } = self;
        if let Some(&id) = table.find(hash, |&id| slice(text, ends, id) == s) {
            return id;
        }
        let id = ends.len() as u32;
        text.push_str(s);
        ends.push(text.len());
        table.insert_unique(hash, id, |&id| str_hash(slice(text, ends, id)));
        id
    }
    pub fn lookup(&self, s: &str) -> Option<u32> {
        self.table.find(str_hash(s), |&id| self.get(id) == s).copied()
    }
    #[inline]
    pub fn get(&self, id: u32) -> &str {
        slice(&self.text, &self.ends, id)
    }
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// Heap bytes held (text once, an end offset and a table slot per string), for the bench.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<usize>() + self.table.capacity() * (4 + 1)
    }
}

#[inline]
fn slice<'a>(text: &'a str, ends: &[usize], id: u32) -> &'a str {
    let i = id as usize;
    let start = if i == 0 { 0 } else { ends.get(i - 1).copied().unwrap_or(0) };
    text.get(start..ends.get(i).copied().unwrap_or(start)).unwrap_or("")
}
