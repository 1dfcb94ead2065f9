//! Text comparison keys: the folding under which a quote "is" its source.

/// Characters ignored when comparing quoted text with its source: quoting
/// marks that forums and mail clients add, straighten or curl at will.
fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '´'
            | '‘'
            | '’'
            | '‚'
            | '‛'
            | '“'
            | '”'
            | '„'
            | '‟'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '＂'
            | '＇'
    )
}

/// Appends `text` to `out` with whitespace runs folded to one space, case
/// lowered and quote marks dropped. `out` keeps a single space between
/// successive calls so paragraphs join like words.
pub fn push_folded(text: &str, out: &mut String) {
    let mut pending_space = !out.is_empty() && !out.ends_with(' ');
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else if is_quote_mark(c) {
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// The folded form of one text.
pub fn folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_folded(text, &mut out);
    out
}

/// Splits a folded quote at ellipses ("…" or "..."), which mark text the
/// quoter left out; every piece must then appear, in order, in the source.
pub fn ellipsis_pieces(folded: &str) -> Vec<&str> {
    folded
        .split(['…'])
        .flat_map(|piece| piece.split("..."))
        .map(|piece| piece.trim_matches(|c: char| c == ' ' || c == '.'))
        .filter(|piece| !piece.is_empty())
        .collect()
}

/// True when the byte range `start..end` of `haystack` starts and ends on
/// word boundaries, so "in mice" does not match inside "within mice".
pub fn on_word_boundaries(haystack: &str, start: usize, end: usize) -> bool {
    let joins = |a: Option<char>, b: Option<char>| match (a, b) {
        (Some(a), Some(b)) => is_word_char(a) && is_word_char(b),
        _ => false,
    };
    let before = haystack[..start].chars().next_back();
    let first = haystack[start..end].chars().next();
    let last = haystack[start..end].chars().next_back();
    let after = haystack[end..].chars().next();
    !joins(before, first) && !joins(last, after)
}

/// Letters and digits of scripts that separate words with spaces; CJK
/// characters are words of their own, so they never "join".
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Up to `count` words of `text`, with "…" when some were left out.
pub fn first_words(text: &str, count: usize) -> String {
    let mut words = text.split_whitespace();
    let mut out: Vec<&str> = words.by_ref().take(count).collect();
    if words.next().is_some() {
        out.push("…");
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_space_case_and_quote_marks() {
        assert_eq!(folded("  “Have   found\nHINTS”  "), "have found hints");
        assert_eq!(folded("if that’s true"), folded("If that's true"));
        let mut joined = folded("one");
        push_folded("two", &mut joined);
        assert_eq!(joined, "one two");
    }

    #[test]
    fn ellipses_split_excerpts() {
        assert_eq!(ellipsis_pieces("the start … the end..."), ["the start", "the end"]);
        assert_eq!(ellipsis_pieces("no gaps here"), ["no gaps here"]);
    }

    #[test]
    fn word_boundaries() {
        let hay = "within mice and in mice";
        let at = hay.find("in mice").unwrap();
        assert!(!on_word_boundaries(hay, at, at + 7));
        let at = hay.rfind("in mice").unwrap();
        assert!(on_word_boundaries(hay, at, at + 7));
        assert!(on_word_boundaries("日本語です", 3, 9));
    }

    #[test]
    fn first_words_marks_the_cut() {
        assert_eq!(first_words("a b c d", 2), "a b …");
        assert_eq!(first_words("a b", 2), "a b");
    }
}
