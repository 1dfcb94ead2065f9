//! Work over many independent items on every core, results in input order.
//! Plain scoped threads over contiguous chunks: the items (mail messages,
//! post bodies) are many and similar in cost, so no work stealing is needed.

use std::num::NonZeroUsize;
use std::thread;

/// Below this many items a single thread is faster than starting more.
const MIN_PER_THREAD: usize = 256;

/// `f(index, item)` for every item, in order, spread over the available
/// cores. `f` may take what it needs out of the item (`std::mem::take`).
pub fn map_mut<T, R, F>(items: &mut [T], f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(usize, &mut T) -> R + Sync,
{
    let cores = thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let threads = cores.min(items.len() / MIN_PER_THREAD).max(1);
    if threads == 1 {
        return items.iter_mut().enumerate().map(|(index, item)| f(index, item)).collect();
    }
    let (len, chunk) = (items.len(), items.len().div_ceil(threads));
    let f = &f;
    thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks_mut(chunk)
            .enumerate()
            .map(|(n, part)| {
                scope.spawn(move || {
                    let start = n * chunk;
                    part.iter_mut().enumerate().map(|(i, item)| f(start + i, item)).collect::<Vec<R>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(len);
        for worker in workers {
            match worker.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_and_indices() {
        let mut items: Vec<usize> = (0..10_000).collect();
        let out = map_mut(&mut items, |index, item| {
            assert_eq!(index, *item);
            std::mem::take(item) * 2
        });
        assert_eq!(out, (0..10_000).map(|n| n * 2).collect::<Vec<_>>());
        assert!(items.iter().all(|&item| item == 0), "items can be taken out");
        assert!(map_mut(&mut Vec::<u8>::new(), |_, b| *b).is_empty());
    }
}
