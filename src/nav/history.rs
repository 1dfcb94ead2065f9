//! The jump history: a list of places and a cursor into it, like vim's
//! jump list or a browser's back/forward. A new jump drops the forward part.

/// How many places are remembered; the oldest are forgotten first.
pub const HISTORY_LIMIT: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History<T> {
    entries: Vec<T>,
    /// `entries.len()` when at the live position, else the entry shown.
    index: usize,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        Self { entries: Vec::new(), index: 0 }
    }
}

impl<T: Clone> History<T> {
    /// Records `from`, the place a jump leaves.
    pub fn push(&mut self, from: T) {
        self.entries.truncate(self.index);
        self.entries.push(from);
        if self.entries.len() > HISTORY_LIMIT {
            self.entries.remove(0);
        }
        self.index = self.entries.len();
    }

    /// The place before; `current` is kept so that `forward` can return.
    pub fn back(&mut self, current: T) -> Option<T> {
        if self.index == 0 {
            return None;
        }
        if self.index == self.entries.len() {
            self.entries.push(current);
        } else {
            self.entries[self.index] = current;
        }
        self.index -= 1;
        Some(self.entries[self.index].clone())
    }

    /// The place after, if `back` was used.
    pub fn forward(&mut self, current: T) -> Option<T> {
        if self.index + 1 >= self.entries.len() {
            return None;
        }
        self.entries[self.index] = current;
        self.index += 1;
        Some(self.entries[self.index].clone())
    }

    /// (1-based position, length) for the title line; position = length + 1 when live.
    pub fn position(&self) -> (usize, usize) {
        (self.index + 1, self.entries.len())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_and_forward_walk_the_list() {
        let mut h = History::default();
        h.push(1);
        h.push(2);
        // At 3 now.
        assert_eq!(h.back(3), Some(2));
        assert_eq!(h.back(2), Some(1));
        assert_eq!(h.back(1), None);
        assert_eq!(h.forward(1), Some(2));
        assert_eq!(h.forward(2), Some(3));
        assert_eq!(h.forward(3), None);
    }

    #[test]
    fn a_new_jump_drops_the_forward_part() {
        let mut h = History::default();
        h.push(1);
        h.push(2);
        assert_eq!(h.back(3), Some(2));
        h.push(2); // jump from 2 to 9
        assert_eq!(h.forward(9), None);
        assert_eq!(h.back(9), Some(2));
        assert_eq!(h.back(2), Some(1));
    }

    #[test]
    fn the_list_is_bounded() {
        let mut h = History::default();
        for i in 0..HISTORY_LIMIT + 50 {
            h.push(i);
        }
        assert_eq!(h.position(), (HISTORY_LIMIT + 1, HISTORY_LIMIT));
        let mut steps = 0;
        let mut at = usize::MAX;
        while let Some(prev) = h.back(at) {
            at = prev;
            steps += 1;
        }
        assert_eq!(steps, HISTORY_LIMIT);
        assert_eq!(at, 50);
    }
}
