//! The reply tree: parents, children, depths and the two display orders.

use super::PostId;

/// Which order posts are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Order {
    /// Depth first: every reply right under the post it answers.
    #[default]
    Thread,
    /// As written (by time).
    Time,
}

impl Order {
    #[must_use]
    pub fn toggled(self) -> Self {
        match self {
            Self::Thread => Self::Time,
            Self::Time => Self::Thread,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Thread => "thread",
            Self::Time => "time",
        }
    }
}

/// Built once; every query is O(1) or a slice.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    parent: Vec<Option<PostId>>,
    /// Every post's children in one vector (in order of writing), the
    /// children of `p` at `children[child_start[p]..child_start[p + 1]]`:
    /// two allocations instead of one per post.
    children: Vec<PostId>,
    child_start: Vec<u32>,
    depth: Vec<u32>,
    thread_order: Vec<PostId>,
    thread_position: Vec<u32>,
    /// Exclusive end, in thread order, of each post's subtree.
    subtree_end: Vec<u32>,
    time_order: Vec<PostId>,
    time_position: Vec<u32>,
}

impl Tree {
    /// `parent[i]` must already be acyclic; `time_keys` give the time order
    /// (ties and missing times keep file order).
    pub(crate) fn new(parent: Vec<Option<PostId>>, time_keys: &[Option<i128>]) -> Self {
        let n = parent.len();
        let mut child_start = vec![0u32; n + 1];
        for p in parent.iter().flatten() {
            child_start[p.index() + 1] += 1;
        }
        for i in 0..n {
            child_start[i + 1] += child_start[i];
        }
        let mut children = vec![PostId::new(0); child_start[n] as usize];
        let mut filled = child_start.clone();
        let mut roots = Vec::new();
        for (i, p) in parent.iter().enumerate() {
            match p {
                Some(p) => {
                    children[filled[p.index()] as usize] = PostId::new(i);
                    filled[p.index()] += 1;
                }
                None => roots.push(PostId::new(i)),
            }
        }
        let mut depth = vec![0u32; n];
        let mut thread_order = Vec::with_capacity(n);
        let mut subtree_end = vec![0u32; n];
        // Iterative depth-first walk: reply chains can be as long as the thread.
        let mut stack: Vec<(PostId, usize)> = Vec::new();
        for &root in &roots {
            thread_order.push(root);
            stack.push((root, 0));
            while let Some(&mut (post, ref mut next_child)) = stack.last_mut() {
                if let Some(&child) = children_in(&children, &child_start, post).get(*next_child) {
                    *next_child += 1;
                    depth[child.index()] = depth[post.index()] + 1;
                    thread_order.push(child);
                    stack.push((child, 0));
                } else {
                    subtree_end[post.index()] = thread_order.len() as u32;
                    stack.pop();
                }
            }
        }
        let thread_position = positions(&thread_order);
        let mut time_order: Vec<PostId> = (0..n).map(PostId::new).collect();
        let mut last_known = i128::MIN;
        let effective: Vec<i128> = time_keys
            .iter()
            .map(|t| {
                if let Some(t) = t {
                    last_known = *t;
                }
                last_known
            })
            .collect();
        time_order.sort_by_key(|p| effective[p.index()]);
        let time_position = positions(&time_order);
        Self {
            parent,
            children,
            child_start,
            depth,
            thread_order,
            thread_position,
            subtree_end,
            time_order,
            time_position,
        }
    }

    pub fn parent(&self, post: PostId) -> Option<PostId> {
        self.parent[post.index()]
    }

    pub fn children(&self, post: PostId) -> &[PostId] {
        children_in(&self.children, &self.child_start, post)
    }

    pub fn depth(&self, post: PostId) -> usize {
        self.depth[post.index()] as usize
    }

    pub fn order(&self, order: Order) -> &[PostId] {
        match order {
            Order::Thread => &self.thread_order,
            Order::Time => &self.time_order,
        }
    }

    /// Where `post` stands in `order`.
    pub fn position(&self, order: Order, post: PostId) -> usize {
        match order {
            Order::Thread => self.thread_position[post.index()] as usize,
            Order::Time => self.time_position[post.index()] as usize,
        }
    }

    /// The posts of `post`'s subtree (itself first), as a range of thread order.
    pub fn subtree(&self, post: PostId) -> std::ops::Range<usize> {
        self.thread_position[post.index()] as usize..self.subtree_end[post.index()] as usize
    }

    /// How many replies, at any depth, are under `post`.
    pub fn descendant_count(&self, post: PostId) -> usize {
        self.subtree(post).len() - 1
    }

    /// The top-level post `post` belongs to.
    pub fn root_of(&self, mut post: PostId) -> PostId {
        while let Some(p) = self.parent(post) {
            post = p;
        }
        post
    }

    pub fn max_depth(&self) -> usize {
        self.depth.iter().copied().max().unwrap_or(0) as usize
    }
}

fn positions(order: &[PostId]) -> Vec<u32> {
    let mut position = vec![0u32; order.len()];
    for (i, p) in order.iter().enumerate() {
        position[p.index()] = i as u32;
    }
    position
}

/// Breaks every cycle of `parent` links by making one post of it top-level:
/// the earliest post of the cycle, whose link necessarily points later.
/// Returns the posts whose link was cut.
/// The children of `post` in the flattened children vector.
fn children_in<'a>(children: &'a [PostId], child_start: &[u32], post: PostId) -> &'a [PostId] {
    &children[child_start[post.index()] as usize..child_start[post.index() + 1] as usize]
}

pub(crate) fn break_cycles(parent: &mut [Option<PostId>]) -> Vec<PostId> {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; parent.len()];
    let mut cut = Vec::new();
    let mut path = Vec::new();
    for start in 0..parent.len() {
        let mut at = start;
        while state[at] == UNSEEN {
            state[at] = ON_PATH;
            path.push(at);
            match parent[at] {
                Some(p) => at = p.index(),
                None => break,
            }
        }
        if state[at] == ON_PATH && parent[at].is_some() {
            // `at` is on the current path and its chain came back to it: a cycle.
            let cycle_start = path.iter().position(|&p| p == at).expect("on path");
            let earliest = *path[cycle_start..].iter().min().expect("non-empty cycle");
            parent[earliest] = None;
            cut.push(PostId::new(earliest));
        }
        for p in path.drain(..) {
            state[p] = DONE;
        }
    }
    cut.sort_unstable();
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[usize]) -> Vec<PostId> {
        v.iter().map(|&i| PostId::new(i)).collect()
    }

    #[test]
    fn thread_order_is_depth_first_with_subtree_ranges() {
        // 0 ← 1 ← 3, 0 ← 2, 4 alone
        let parent = vec![None, Some(PostId(0)), Some(PostId(0)), Some(PostId(1)), None];
        let tree = Tree::new(parent, &[None; 5]);
        assert_eq!(tree.order(Order::Thread), ids(&[0, 1, 3, 2, 4]).as_slice());
        assert_eq!(tree.subtree(PostId(0)), 0..4);
        assert_eq!(tree.subtree(PostId(1)), 1..3);
        assert_eq!(tree.depth(PostId(3)), 2);
        assert_eq!(tree.descendant_count(PostId(0)), 3);
        assert_eq!(tree.root_of(PostId(3)), PostId(0));
        assert_eq!(tree.max_depth(), 2);
    }

    #[test]
    fn time_order_sorts_stably_and_fills_gaps() {
        let tree = Tree::new(vec![None; 4], &[Some(30), None, Some(10), Some(20)]);
        // Post 1 has no time: it inherits post 0's (30).
        assert_eq!(tree.order(Order::Time), ids(&[2, 3, 0, 1]).as_slice());
        assert_eq!(tree.position(Order::Time, PostId(0)), 2);
    }

    #[test]
    fn long_chains_do_not_recurse() {
        let n = 200_000;
        let parent: Vec<_> = (0..n).map(|i| if i == 0 { None } else { Some(PostId::new(i - 1)) }).collect();
        let tree = Tree::new(parent, &vec![None; n]);
        assert_eq!(tree.depth(PostId::new(n - 1)), n - 1);
    }

    #[test]
    fn cycles_are_cut_at_their_earliest_post() {
        // 0 → 2 → 1 → 0 and 3 → 3.
        let mut parent =
            vec![Some(PostId(2)), Some(PostId(0)), Some(PostId(1)), Some(PostId(3)), Some(PostId(1))];
        let cut = break_cycles(&mut parent);
        assert_eq!(cut, ids(&[0, 3]));
        assert_eq!(parent, vec![None, Some(PostId(0)), Some(PostId(1)), None, Some(PostId(1))]);
    }
}
