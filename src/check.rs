//! `tread check`: what a thread file holds and what is odd about it.

use std::collections::HashSet;
use std::fmt;

use crate::thread::{QuoteSource, Thread};

/// Counts over a loaded thread, plus every note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub posts: usize,
    pub top_level: usize,
    pub deepest_reply: usize,
    pub quotes_given: usize,
    pub quotes_inferred: usize,
    pub quotes_unattributed: usize,
    pub quotes_dangling: usize,
    pub repeats: usize,
    pub links: usize,
    /// Distinct named authors.
    pub authors: usize,
    /// Posts that name no author.
    pub anonymous_posts: usize,
    pub notes: Vec<String>,
}

impl Summary {
    pub fn new(thread: &Thread, unknown_fields: &[String]) -> Self {
        let mut summary = Self {
            posts: thread.len(),
            top_level: thread.ids().filter(|&p| thread.tree().parent(p).is_none()).count(),
            deepest_reply: thread.tree().max_depth(),
            quotes_given: 0,
            quotes_inferred: 0,
            quotes_unattributed: 0,
            quotes_dangling: 0,
            repeats: thread.quotes().iter().filter(|q| q.repeat).count(),
            links: thread.ledger().len(),
            authors: thread.posts().iter().filter_map(|p| p.author.as_deref()).collect::<HashSet<_>>().len(),
            anonymous_posts: thread.posts().iter().filter(|p| p.author.is_none()).count(),
            notes: thread.notes().iter().map(ToString::to_string).collect(),
        };
        for quote in thread.quotes() {
            match quote.source {
                QuoteSource::Given(_) => summary.quotes_given += 1,
                QuoteSource::Inferred(_) => summary.quotes_inferred += 1,
                QuoteSource::Unattributed => summary.quotes_unattributed += 1,
                QuoteSource::Missing(_) => summary.quotes_dangling += 1,
            }
        }
        summary.notes.extend(unknown_fields.iter().map(|path| format!("{path}: unknown field (ignored)")));
        summary
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  posts: {} ({} top-level, deepest reply at depth {})",
            self.posts, self.top_level, self.deepest_reply
        )?;
        writeln!(
            f,
            "  quotes: {} given, {} inferred, {} unattributed, {} naming a missing post; {} repeats",
            self.quotes_given,
            self.quotes_inferred,
            self.quotes_unattributed,
            self.quotes_dangling,
            self.repeats
        )?;
        writeln!(f, "  links: {} distinct", self.links)?;
        match (self.authors, self.anonymous_posts) {
            (named, 0) => writeln!(f, "  authors: {named}")?,
            (0, anonymous) => writeln!(f, "  authors: none named ({anonymous} anonymous posts)")?,
            (named, anonymous) => writeln!(f, "  authors: {named}, and {anonymous} anonymous posts")?,
        }
        if self.notes.is_empty() {
            writeln!(f, "  notes: none")
        } else {
            writeln!(f, "  notes: {}", self.notes.len())?;
            for note in &self.notes {
                writeln!(f, "    {note}")?;
            }
            Ok(())
        }
    }
}
