//! Text comparison: the folding under which a quote "is" its source, word
//! hashes, excerpts. Shared by the model (quote inference) and the
//! importers (quote reconstruction); it knows nothing of either.

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

/// Feeds the folded form of `text` to `emit`: whitespace runs become one
/// space (none at the start), case is lowered, quote marks are dropped.
/// `started` says whether anything was emitted before, so successive texts
/// join like words.
fn fold_chars(text: &str, started: &mut bool, emit: &mut impl FnMut(char)) {
    let mut pending_space = *started;
    if text.is_ascii() {
        // The common case, byte by byte: same rules, no decoding.
        for &b in text.as_bytes() {
            match b {
                b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => pending_space = *started,
                b'"' | b'\'' | b'`' => {}
                _ => {
                    if pending_space {
                        emit(' ');
                        pending_space = false;
                    }
                    emit(char::from(b.to_ascii_lowercase()));
                    *started = true;
                }
            }
        }
        return;
    }
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = *started;
        } else if !is_quote_mark(c) {
            if pending_space {
                emit(' ');
                pending_space = false;
            }
            if c.is_ascii() {
                emit(c.to_ascii_lowercase());
            } else {
                c.to_lowercase().for_each(&mut *emit);
            }
            *started = true;
        }
    }
}

/// Appends `text` to `out` with whitespace runs folded to one space, case
/// lowered and quote marks dropped. `out` keeps a single space between
/// successive calls so paragraphs join like words.
pub fn push_folded(text: &str, out: &mut String) {
    let mut started = !out.is_empty();
    fold_chars(text, &mut started, &mut |c| out.push(c));
}

/// A hash of folded text, fed text by text without building the string:
/// equal folded strings give equal hashes.
#[derive(Debug, Clone)]
pub struct FoldedHash {
    state: u64,
    started: bool,
}

impl Default for FoldedHash {
    fn default() -> Self {
        Self { state: FNV_OFFSET, started: false }
    }
}

impl FoldedHash {
    pub fn push(&mut self, text: &str) {
        let state = &mut self.state;
        fold_chars(text, &mut self.started, &mut |c| *state = fnv_step(*state, c as u32));
    }

    pub fn finish(&self) -> u64 {
        self.state
    }

    /// Whether any text was pushed (an empty fold hashes alike everywhere).
    pub fn is_empty(&self) -> bool {
        !self.started
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv_step(state: u64, value: u32) -> u64 {
    (state ^ u64::from(value)).wrapping_mul(FNV_PRIME)
}

/// Appends a hash per word of `text` to `out`: words are runs of letters
/// and digits, lower-cased; each CJK character is a word. Punctuation and
/// quote marks separate words and are otherwise ignored, so the sequence
/// is a cheap key for the folded text.
pub fn push_word_hashes(text: &str, out: &mut Vec<u64>) {
    let mut state = FNV_OFFSET;
    let mut in_word = false;
    if text.is_ascii() {
        // The common case, byte by byte: the same hashes without decoding.
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() {
                state = fnv_step(state, u32::from(b.to_ascii_lowercase()));
                in_word = true;
            } else if in_word {
                out.push(state);
                state = FNV_OFFSET;
                in_word = false;
            }
        }
        if in_word {
            out.push(state);
        }
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                state = fnv_step(state, u32::from(c.to_ascii_lowercase() as u8));
                in_word = true;
                continue;
            }
        } else if is_cjk(c) {
            if in_word {
                out.push(state);
            }
            out.push(fnv_step(FNV_OFFSET, c as u32));
            state = FNV_OFFSET;
            in_word = false;
            continue;
        } else if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                state = fnv_step(state, lower as u32);
            }
            in_word = true;
            continue;
        }
        if in_word {
            out.push(state);
            state = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        out.push(state);
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
    fn folded_hash_agrees_with_folded_text() {
        let hash = |parts: &[&str]| {
            let mut h = FoldedHash::default();
            for part in parts {
                h.push(part);
            }
            h.finish()
        };
        assert_eq!(hash(&["  Hello ", "“World”"]), hash(&["hello world"]));
        assert_ne!(hash(&["hello world"]), hash(&["hello, world"]));
        assert!(FoldedHash::default().is_empty());
    }

    #[test]
    fn ascii_and_unicode_paths_hash_words_alike() {
        let words = |text: &str| {
            let mut out = Vec::new();
            push_word_hashes(text, &mut out);
            out
        };
        // The second text is not ASCII, so it takes the char path.
        assert_eq!(words("Hello, brave new world"), words("Hello, brave new world ☕")[..4]);
    }

    #[test]
    fn word_hashes_ignore_case_punctuation_and_split_cjk() {
        let words = |text: &str| {
            let mut out = Vec::new();
            push_word_hashes(text, &mut out);
            out
        };
        assert_eq!(words("If that’s TRUE, she"), words("if that's true she"));
        assert_eq!(words("日本語").len(), 3);
        assert_eq!(words("Ünïcode wörds").len(), 2);
        assert!(words(" ... ").is_empty());
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
