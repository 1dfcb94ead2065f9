//! Styled word wrapping over textwrap's core: our own fragments (byte
//! ranges into a styled string) fed to `wrap_first_fit`, with words wider
//! than a line broken between grapheme clusters.

use std::ops::Range;

use textwrap::WordSeparator;
use textwrap::core::Fragment;
use unicode_segmentation::UnicodeSegmentation;

use super::sanitize::display_width;
use super::{Role, Span};

/// Text with a role for every byte, built from runs.
#[derive(Debug, Clone, Default)]
pub struct Styled {
    text: String,
    /// (end, role) of consecutive runs; the last run ends at `text.len()`.
    runs: Vec<(usize, Role)>,
}

impl Styled {
    pub fn push(&mut self, text: &str, role: Role) {
        if text.is_empty() {
            return;
        }
        self.text.push_str(text);
        match self.runs.last_mut() {
            Some((end, last)) if *last == role => *end = self.text.len(),
            _ => self.runs.push((self.text.len(), role)),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The index of the link run holding byte `at`, if it is in one.
    fn link_run(&self, at: usize) -> Option<usize> {
        let run = self.runs.partition_point(|&(end, _)| end <= at);
        (self.runs.get(run)?.1 == Role::Link).then_some(run)
    }

    /// The spans covering `range`.
    fn spans(&self, range: Range<usize>) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut start = 0;
        for &(end, role) in &self.runs {
            let from = start.max(range.start);
            let to = end.min(range.end);
            if from < to {
                spans.push(Span::new(&self.text[from..to], role));
            }
            start = end;
            if start >= range.end {
                break;
            }
        }
        spans
    }
}

/// A word (and the whitespace after it) as a byte range of the styled text.
#[derive(Debug, Clone, Copy)]
struct Fragmentish {
    start: usize,
    end: usize,
    width: usize,
    whitespace_width: usize,
}

impl Fragment for Fragmentish {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.whitespace_width as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Wraps `styled` to lines of at most `width` columns (`width` ≥ 1; a
/// single grapheme wider than that still gets a line of its own).
/// `\n` is a hard break. Every line is returned as spans.
pub fn wrap(styled: &Styled, width: usize) -> Vec<Vec<Span>> {
    let width = width.max(1);
    let text = styled.text();
    let mut lines = Vec::new();
    let mut line_start = 0;
    for hard_line in text.split('\n') {
        let base = line_start;
        line_start += hard_line.len() + 1;
        if hard_line.is_empty() {
            lines.push(Vec::new());
            continue;
        }
        let fragments = fragments(styled, hard_line, base, width);
        for line in textwrap::wrap_algorithms::wrap_first_fit(&fragments, &[width as f64]) {
            let (Some(first), Some(last)) = (line.first(), line.last()) else { continue };
            lines.push(styled.spans(first.start..last.end));
        }
    }
    lines
}

/// The fragments of one hard line. A link is one word when it fits on a
/// line: breaking it at `/` or `?` would keep terminals from seeing the
/// whole address. Only a link longer than the line is cut, at its own word
/// breaks (then between graphemes).
fn fragments(styled: &Styled, line: &str, base: usize, width: usize) -> Vec<Fragmentish> {
    let mut words: Vec<(usize, usize, &str)> = Vec::new();
    for word in WordSeparator::UnicodeBreakProperties.find_words(line) {
        let start = word.word.as_ptr() as usize - line.as_ptr() as usize;
        words.push((start, start + word.word.len(), word.whitespace));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (start, mut end, mut whitespace) = words[i];
        let mut next = i + 1;
        if let Some(link) = styled.link_run(base + start) {
            while next < words.len()
                && whitespace.is_empty()
                && styled.link_run(base + words[next].0) == Some(link)
            {
                (end, whitespace) = (words[next].1, words[next].2);
                next += 1;
            }
            if next > i + 1 && display_width(&line[start..end]) <= width {
                out.push(Fragmentish {
                    start: base + start,
                    end: base + end,
                    width: display_width(&line[start..end]),
                    whitespace_width: display_width(whitespace),
                });
                i = next;
                continue;
            }
        }
        let (start, end, whitespace) = words[i];
        push_word(&mut out, &line[start..end], base + start, display_width(whitespace), width);
        i += 1;
    }
    out
}

/// One word as a fragment; a word wider than a line is cut between
/// grapheme clusters.
fn push_word(out: &mut Vec<Fragmentish>, word: &str, start: usize, whitespace_width: usize, width: usize) {
    let word_width = display_width(word);
    if word_width <= width {
        out.push(Fragmentish { start, end: start + word.len(), width: word_width, whitespace_width });
        return;
    }
    let mut piece_start = 0;
    let mut piece_width = 0;
    for (at, grapheme) in word.grapheme_indices(true) {
        let w = display_width(grapheme);
        if piece_width + w > width && piece_width > 0 {
            out.push(Fragmentish {
                start: start + piece_start,
                end: start + at,
                width: piece_width,
                whitespace_width: 0,
            });
            piece_start = at;
            piece_width = 0;
        }
        piece_width += w;
    }
    out.push(Fragmentish {
        start: start + piece_start,
        end: start + word.len(),
        width: piece_width,
        whitespace_width,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str, width: usize) -> Vec<String> {
        let mut s = Styled::default();
        s.push(text, Role::Text);
        wrap(&s, width).into_iter().map(|spans| spans.iter().map(|s| s.text.as_str()).collect()).collect()
    }

    #[test]
    fn wraps_at_word_boundaries_and_keeps_hard_breaks() {
        assert_eq!(plain("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(plain("one\n\ntwo", 10), ["one", "", "two"]);
    }

    #[test]
    fn long_words_break_between_graphemes() {
        assert_eq!(plain("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(plain("日本語のテキスト", 5), ["日本", "語の", "テキ", "スト"]);
        let combining = "e\u{301}".repeat(5);
        let lines = plain(&combining, 2);
        assert!(lines.iter().all(|l| display_width(l) <= 2));
        assert_eq!(lines.concat(), combining);
    }

    fn see_url(url: &str) -> Styled {
        let mut s = Styled::default();
        s.push("the original entry at ", Role::Text);
        s.push(url, Role::Link);
        s.push(" and more", Role::Text);
        s
    }

    fn texts(lines: &[Vec<Span>]) -> Vec<String> {
        lines.iter().map(|spans| spans.iter().map(|s| s.text.as_str()).collect()).collect()
    }

    #[test]
    fn a_link_that_fits_a_line_is_never_split() {
        let url = "https://curi.us/2607-the-original-entry?page=2";
        let lines = texts(&wrap(&see_url(url), 50));
        assert_eq!(lines, ["the original entry at", &format!("{url} and"), "more"]);
        // The same text not marked as a link breaks at its slashes as before.
        let lines = plain(&format!("the original entry at {url}"), 50);
        assert_eq!(lines[0], "the original entry at https://");
        // Longer than the line: cut, at its own word breaks.
        let lines = texts(&wrap(&see_url(url), 30));
        assert!(lines.iter().any(|l| l.ends_with("https://")), "{lines:?}");
        assert!(lines.iter().all(|l| display_width(l) <= 30), "{lines:?}");
    }

    #[test]
    fn roles_survive_wrapping() {
        let mut s = Styled::default();
        s.push("see ", Role::Text);
        s.push("https://example.org/long", Role::Link);
        s.push(" now", Role::Text);
        let lines = wrap(&s, 12);
        assert_eq!(lines[0], [Span::new("see ", Role::Text), Span::new("https://", Role::Link)]);
        assert_eq!(lines[1], [Span::new("example.org/", Role::Link)]);
        assert_eq!(lines.last().unwrap(), &[Span::new("long", Role::Link), Span::new(" now", Role::Text)]);
    }
}
