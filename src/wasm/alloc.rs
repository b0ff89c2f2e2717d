//! The allocator of the wasm build: Rust's own (dlmalloc), which grows the
//! linear memory by what one allocation lacks, 64 KB at a time for small
//! ones. Each `memory.grow` costs the engine a new `ArrayBuffer` and an
//! external-memory report that can start a garbage collection: reading a
//! 1M-row statement grew memory ~6,000 times, and growing plus the
//! collections it started took a quarter of the run (Node's --cpu-prof).
//! Here, whenever an allocation has grown the memory, 32 MB more are taken
//! and given back at once, so the allocator's free top holds them and the
//! next growth comes 32 MB later: memory ends at most 32 MB above need.

use std::alloc::{GlobalAlloc, Layout, System};

/// Memory taken ahead at each growth.
const STEP: usize = 32 << 20;

pub struct Ahead;

#[global_allocator]
static ALLOC: Ahead = Ahead;

impl Ahead {
    /// After an allocation that grew the memory (pages before it: `before`),
    /// take `STEP` bytes more and free them: they stay in the allocator.
    fn ahead(before: usize) {
        if core::arch::wasm32::memory_size::<0>() == before {
            return;
        }
        if let Ok(l) = Layout::from_size_align(STEP, 16) {
            // SAFETY: `l` has a non-zero size; the block is freed with the same layout.
            unsafe {
                let q = System.alloc(l);
                if !q.is_null() {
                    System.dealloc(q, l);
                }
            }
        }
    }
}

// SAFETY: every call is passed to `System` unchanged; `ahead` only
// allocates and frees a block of its own.
unsafe impl GlobalAlloc for Ahead {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let before = core::arch::wasm32::memory_size::<0>();
        let p = System.alloc(layout);
        Ahead::ahead(before);
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let before = core::arch::wasm32::memory_size::<0>();
        let p = System.alloc_zeroed(layout);
        Ahead::ahead(before);
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let before = core::arch::wasm32::memory_size::<0>();
        let p = System.realloc(ptr, layout, new_size);
        Ahead::ahead(before);
        p
    }
}
