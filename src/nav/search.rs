//! Smart-case text search: lower-case queries ignore case, any capital
//! makes the search exact, as in less and vim with `smartcase`.

use std::ops::Range;

use crate::thread::{Block, QuoteId};

#[derive(Debug, Clone)]
pub struct Matcher {
    needle: String,
    ignore_case: bool,
}

impl Matcher {
    pub fn new(query: &str) -> Option<Self> {
        if query.is_empty() {
            return None;
        }
        let ignore_case = !query.chars().any(char::is_uppercase);
        let needle = if ignore_case { query.to_lowercase() } else { query.to_owned() };
        Some(Self { needle, ignore_case })
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        if self.ignore_case {
            if haystack.is_ascii() && self.needle.is_ascii() {
                return haystack
                    .as_bytes()
                    .windows(self.needle.len())
                    .any(|w| w.eq_ignore_ascii_case(self.needle.as_bytes()));
            }
            haystack.to_lowercase().contains(&self.needle)
        } else {
            haystack.contains(&self.needle)
        }
    }

    /// Byte ranges of every match in `haystack`, for highlighting.
    pub fn find_all(&self, haystack: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        let starts: Vec<usize> = haystack.char_indices().map(|(i, _)| i).collect();
        let mut i = 0;
        while i < starts.len() {
            let start = starts[i];
            if let Some(len) = self.match_at(&haystack[start..]) {
                found.push(start..start + len);
                while i < starts.len() && starts[i] < start + len {
                    i += 1;
                }
            } else {
                i += 1;
            }
        }
        found
    }

    /// Length in bytes of a match at the start of `text`.
    fn match_at(&self, text: &str) -> Option<usize> {
        if !self.ignore_case {
            return text.starts_with(&self.needle).then_some(self.needle.len());
        }
        let mut used = 0;
        let mut needle = self.needle.chars().peekable();
        for c in text.chars() {
            if needle.peek().is_none() {
                break;
            }
            for lower in c.to_lowercase() {
                if needle.next() != Some(lower) {
                    return None;
                }
            }
            used += c.len_utf8();
        }
        needle.peek().is_none().then_some(used)
    }

    /// Matches in a post body, quotes (folded or not) included.
    pub fn count_in_blocks(&self, blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|block| match block {
                Block::Paragraph(p) => self.count(&p.text),
                Block::Code(c) => self.count(&c.text),
                Block::Quote(q) => self.count_in_blocks(&q.body),
            })
            .sum()
    }

    /// Matches in `text`, the cheap test first.
    fn count(&self, text: &str) -> usize {
        if self.is_match(text) { self.find_all(text).len() } else { 0 }
    }

    /// Whether a post body matches, and the quotes that hold matches (outer
    /// ones first) so that folded ones can be opened.
    pub fn match_in_blocks(&self, blocks: &[Block], quotes: &mut Vec<QuoteId>) -> bool {
        let mut any = false;
        for block in blocks {
            match block {
                Block::Paragraph(p) => any |= self.is_match(&p.text),
                Block::Code(c) => any |= self.is_match(&c.text),
                Block::Quote(q) => {
                    let at = quotes.len();
                    quotes.push(q.id);
                    if self.match_in_blocks(&q.body, quotes) {
                        any = true;
                    } else {
                        quotes.truncate(at);
                    }
                }
            }
        }
        any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case() {
        let lower = Matcher::new("ketamine").unwrap();
        assert!(lower.is_match("Ketamine works"));
        let exact = Matcher::new("Ketamine").unwrap();
        assert!(!exact.is_match("ketamine works"));
        assert!(exact.is_match("Ketamine works"));
        assert!(Matcher::new("").is_none());
    }

    #[test]
    fn counts_matches_inside_quotes_too() {
        let json = r#"{"version":1,"posts":[{"id":"a","body":[{"quote":"tea and tea"},"more tea"]}]}"#;
        let file = crate::format::load_slice(json.as_bytes(), "t", crate::format::LoadOptions::default());
        let thread = crate::thread::Thread::from_file(file.unwrap().file);
        let body = &thread.post(crate::thread::PostId::new(0)).body;
        assert_eq!(Matcher::new("tea").unwrap().count_in_blocks(body), 3);
    }

    #[test]
    fn finds_all_ranges_including_non_ascii() {
        let m = Matcher::new("é").unwrap();
        assert_eq!(m.find_all("Été été"), [0..2, 3..5, 6..8, 9..11]);
        assert_eq!(Matcher::new("É").unwrap().find_all("Été été"), vec![0..2]);
        let m = Matcher::new("ab").unwrap();
        assert_eq!(m.find_all("ABxab"), [0..2, 3..5]);
    }
}
