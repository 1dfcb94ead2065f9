//! Untrusted text made safe and measurable for a terminal.
//!
//! Control characters, escape sequences and bidirectional overrides become
//! visible placeholders so that nothing in a thread can move the cursor,
//! change colours or reorder what the reader sees.

use std::sync::atomic::{AtomicU32, Ordering};

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns a tab advances to (the next multiple of this).
pub const TAB_STOP: usize = 4;

/// One piece of sanitized text: either content or a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// A visible stand-in for a character that must not reach the terminal.
    Placeholder(&'static str),
    /// A tab, to be expanded by the caller that knows the column.
    Tab,
}

/// The stand-in shown for `c`, or `None` when `c` is safe to print.
pub fn placeholder_for(c: char) -> Option<&'static str> {
    const C0: [&str; 32] = [
        "␀", "␁", "␂", "␃", "␄", "␅", "␆", "␇", "␈", "␉", "␊", "␋", "␌", "␍", "␎", "␏", "␐", "␑", "␒", "␓",
        "␔", "␕", "␖", "␗", "␘", "␙", "␚", "␛", "␜", "␝", "␞", "␟",
    ];
    match c {
        '\0'..='\x1f' => Some(C0[c as usize]),
        '\x7f' => Some("␡"),
        // C1 controls (CSI is U+009B), bidi embeddings, overrides and isolates,
        // and the line/paragraph separators some terminals act on.
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' => {
            Some("�")
        }
        _ => None,
    }
}

/// Splits `text` (one line, no `\n`) into safe pieces.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        let special = if c == '\t' { Some(Piece::Tab) } else { placeholder_for(c).map(Piece::Placeholder) };
        if let Some(piece) = special {
            if start < at {
                out.push(Piece::Text(&text[start..at]));
            }
            out.push(piece);
            start = at + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(Piece::Text(&text[start..]));
    }
    out
}

/// `text` with every unsafe character replaced and tabs expanded from column 0.
pub fn sanitize_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for piece in pieces(text) {
        match piece {
            Piece::Text(s) => {
                out.push_str(s);
                column += display_width(s);
            }
            Piece::Placeholder(p) => {
                out.push_str(p);
                column += display_width(p);
            }
            Piece::Tab => {
                let spaces = TAB_STOP - column % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
        }
    }
    out
}

/// `text` (a message, possibly of several lines) with every unsafe
/// character but the line break replaced: what the command line writes
/// outside the viewer (errors, warnings, `tread check`) goes through this.
pub fn sanitize_message(text: &str) -> String {
    if !text.chars().any(|c| c != '\n' && placeholder_for(c).is_some()) {
        return text.to_owned();
    }
    text.chars().fold(String::with_capacity(text.len()), |mut out, c| {
        match placeholder_for(c).filter(|_| c != '\n') {
            Some(placeholder) => out.push_str(placeholder),
            None => out.push(c),
        }
        out
    })
}

/// Whether `text` is already safe (the common case: no copy needed).
pub fn is_clean(text: &str) -> bool {
    !text.chars().any(|c| c == '\t' || placeholder_for(c).is_some())
}

/// How the terminal draws the emoji clusters terminals disagree on. The
/// default is Unicode's answer (each cluster two columns), which is also
/// what ratatui assumes; the viewer measures the real terminal at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterWidths {
    /// U+FE0F makes a narrow character a two-column emoji (❤️).
    pub selector_widens: bool,
    /// A skin-tone modifier joins its emoji (👍🏽 in two columns, not four).
    pub skin_tone_joins: bool,
    /// A zero-width joiner makes one emoji of several (👨‍👩‍👧 in two columns).
    pub zwj_joins: bool,
    /// Columns a flag (a pair of regional indicators) takes.
    pub flag: u8,
}

impl Default for ClusterWidths {
    fn default() -> Self {
        Self { selector_widens: true, skin_tone_joins: true, zwj_joins: true, flag: 2 }
    }
}

impl ClusterWidths {
    fn pack(self) -> u32 {
        u32::from(self.selector_widens)
            | u32::from(self.skin_tone_joins) << 1
            | u32::from(self.zwj_joins) << 2
            | u32::from(self.flag) << 8
    }

    fn unpack(bits: u32) -> Self {
        Self {
            selector_widens: bits & 1 != 0,
            skin_tone_joins: bits & 2 != 0,
            zwj_joins: bits & 4 != 0,
            flag: (bits >> 8) as u8,
        }
    }
}

/// The widths in force: one terminal per process, so one setting, read on
/// every measurement (an atomic load).
static CLUSTER_WIDTHS: AtomicU32 = AtomicU32::new(1 | 2 | 4 | 2 << 8);

/// Sets how wide the terminal draws emoji clusters (see [`ClusterWidths`]).
/// Layouts made before keep their widths: drop them.
pub fn set_cluster_widths(widths: ClusterWidths) {
    CLUSTER_WIDTHS.store(widths.pack(), Ordering::Relaxed);
}

pub fn cluster_widths() -> ClusterWidths {
    ClusterWidths::unpack(CLUSTER_WIDTHS.load(Ordering::Relaxed))
}

const ZWJ: char = '\u{200d}';
const EMOJI_SELECTOR: char = '\u{fe0f}';

fn is_skin_tone(c: char) -> bool {
    ('\u{1f3fb}'..='\u{1f3ff}').contains(&c)
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1f1e6}'..='\u{1f1ff}').contains(&c)
}

/// Whether terminals disagree on how wide `grapheme` is: emoji sequences
/// with a selector, a skin tone, a joiner, or a flag.
pub fn is_uncertain_cluster(grapheme: &str) -> bool {
    let mut chars = grapheme.chars();
    chars.next().is_some()
        && grapheme.chars().nth(1).is_some()
        && grapheme
            .chars()
            .any(|c| c == ZWJ || c == EMOJI_SELECTOR || is_skin_tone(c) || is_regional_indicator(c))
}

/// Columns one grapheme cluster takes in the terminal at hand.
pub fn grapheme_width(grapheme: &str) -> usize {
    let unicode = UnicodeWidthStr::width(grapheme);
    if !is_uncertain_cluster(grapheme) {
        return unicode;
    }
    let widths = cluster_widths();
    if widths == ClusterWidths::default() {
        return unicode;
    }
    if grapheme.chars().all(is_regional_indicator) {
        return usize::from(widths.flag);
    }
    if !widths.zwj_joins && grapheme.contains(ZWJ) {
        return grapheme.split(ZWJ).map(|part| part.graphemes(true).map(grapheme_width).sum::<usize>()).sum();
    }
    let tones = grapheme.chars().filter(|&c| is_skin_tone(c)).count();
    if !widths.skin_tone_joins && tones > 0 {
        let base: String = grapheme.chars().filter(|&c| !is_skin_tone(c)).collect();
        return grapheme_width(&base) + 2 * tones;
    }
    if !widths.selector_widens && grapheme.contains(EMOJI_SELECTOR) {
        let base: String = grapheme.chars().filter(|&c| c != EMOJI_SELECTOR).collect();
        return UnicodeWidthStr::width(base.as_str());
    }
    unicode
}

/// Columns `text` takes in a terminal, measured per grapheme cluster as
/// drawing measures it, so layout and drawing always agree.
pub fn display_width(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.graphemes(true).map(grapheme_width).sum()
}

/// The longest prefix of `text` that fits in `width` columns, cut between
/// grapheme clusters, and its width.
pub fn fit_prefix(text: &str, width: usize) -> (&str, usize) {
    let mut used = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        let w = grapheme_width(grapheme);
        if used + w > width {
            return (&text[..at], used);
        }
        used += w;
    }
    (text, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(sanitize_line("a\x1b[31mred\x07"), "a␛[31mred␇");
        assert_eq!(sanitize_line("x\u{9b}2Jy"), "x�2Jy");
        assert_eq!(sanitize_line("abc\u{202e}cba"), "abc�cba");
        assert_eq!(sanitize_line("del\x7f"), "del␡");
    }

    #[test]
    fn messages_keep_their_lines_and_lose_every_control() {
        let hostile = "file\x1b]52;c;aGk=\x07.json: id \u{9b}31m\u{202e}x\ttab\nnext line\r";
        assert_eq!(sanitize_message(hostile), "file␛]52;c;aGk=␇.json: id �31m�x␉tab\nnext line␍");
        assert_eq!(sanitize_message("plain\ntext"), "plain\ntext");
    }

    #[test]
    fn tabs_expand_to_stops() {
        assert_eq!(sanitize_line("a\tb"), "a   b");
        assert_eq!(sanitize_line("\tx"), "    x");
        assert_eq!(sanitize_line("abcd\te"), "abcd    e");
    }

    #[test]
    fn widths_of_wide_combining_and_emoji() {
        assert_eq!(display_width("日本"), 4);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("👍🏽"), 2);
        assert_eq!(display_width("👨‍👩‍👧"), 2);
        assert_eq!(display_width("plain"), 5);
    }

    #[test]
    fn emoji_clusters_are_recognised() {
        for uncertain in ["❤️", "👍🏽", "👨‍👩‍👧", "🇫🇷"] {
            assert!(is_uncertain_cluster(uncertain), "{uncertain}");
        }
        for plain in ["a", "日", "e\u{301}", "👍"] {
            assert!(!is_uncertain_cluster(plain), "{plain}");
        }
    }

    #[test]
    fn fit_prefix_never_splits_a_cluster() {
        assert_eq!(fit_prefix("日本語", 3), ("日", 2));
        assert_eq!(fit_prefix("e\u{301}e\u{301}", 1), ("e\u{301}", 1));
        assert_eq!(fit_prefix("ab", 5), ("ab", 2));
    }

    #[test]
    fn clean_text_is_recognised() {
        assert!(is_clean("hello “world” 日本"));
        assert!(!is_clean("tab\there"));
        assert!(!is_clean("esc\x1b"));
    }
}
