//! Independent pieces of the flow analysis on several threads natively
//! (`std::thread::scope`, one worker per core); the wasm build has one
//! thread and runs the same pieces in order. Results always come back in
//! input order, so the output does not depend on how the work was shared.

/// Worker threads to use: the machine's cores natively (or
/// `XIANSUO_THREADS`, e.g. 1 to time the one-thread path the page runs), 1 in wasm.
pub fn threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    {
        static N: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        *N.get_or_init(|| {
            let set = std::env::var("XIANSUO_THREADS").ok().and_then(|v| v.trim().parse::<usize>().ok()).filter(|&n| n > 0);
            set.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        1
    }
}

/// `f(0) … f(n-1)`, each index taken by the next free worker (pieces of
/// very different cost balance themselves), results in index order.
pub fn map_indexed<R: Send>(n: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let workers = threads().min(n);
    if workers <= 1 {
        return (0..n).map(f).collect();
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let next = AtomicUsize::new(0);
        let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
            let work = || {
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return mine;
                    }
                    mine.push((i, f(i)));
                }
            };
            let handles: Vec<_> = (1..workers).map(|_| s.spawn(work)).collect();
            let mut all = work();
            for h in handles {
                // A worker that panicked has already reported it; its pieces
                // are missing and the panic is raised again below.
                match h.join() {
                    Ok(v) => all.extend(v),
                    Err(p) => std::panic::resume_unwind(p),
                }
            }
            all
        });
        done.sort_unstable_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, r)| r).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        (0..n).map(f).collect()
    }
}

/// `f` over `items` in contiguous chunks, one per worker, results in order.
pub fn map_chunked<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let workers = threads();
    if workers <= 1 || items.len() < 2 {
        return items.into_iter().map(f).collect();
    }
    let per = items.len().div_ceil(workers);
    let mut chunks: Vec<Vec<T>> = Vec::with_capacity(workers);
    let mut it = items.into_iter();
    loop {
        let c: Vec<T> = it.by_ref().take(per).collect();
        if c.is_empty() {
            break;
        }
        chunks.push(c);
    }
    let cells: Vec<std::sync::Mutex<Option<Vec<T>>>> = chunks.into_iter().map(|c| std::sync::Mutex::new(Some(c))).collect();
    let parts = map_indexed(cells.len(), |k| {
        let chunk = cells.get(k).and_then(|m| m.lock().ok().and_then(|mut g| g.take())).unwrap_or_default();
        chunk.into_iter().map(&f).collect::<Vec<R>>()
    });
    parts.into_iter().flatten().collect()
}

/// `a` and `b` at the same time natively (in order in wasm).
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        if threads() > 1 {
            return std::thread::scope(|s| {
                let hb = s.spawn(b);
                let ra = a();
                match hb.join() {
                    Ok(rb) => (ra, rb),
                    Err(p) => std::panic::resume_unwind(p),
                }
            });
        }
    }
    (a(), b())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order() {
        let v = map_indexed(1000, |i| i * 3);
        assert_eq!(v, (0..1000).map(|i| i * 3).collect::<Vec<_>>());
        let w = map_chunked((0..1001).collect::<Vec<usize>>(), |i| i + 1);
        assert_eq!(w, (1..1002).collect::<Vec<_>>());
        assert_eq!(join(|| 1, || "b"), (1, "b"));
        assert!(map_indexed(0, |i| i).is_empty());
    }
}
