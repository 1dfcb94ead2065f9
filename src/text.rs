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

/// Calls `emit` with a hash per word of `text`: words are runs of letters
/// and digits, lower-cased; each CJK character is a word. Punctuation and
/// quote marks separate words and are otherwise ignored, so the sequence
/// is a cheap key for the folded text.
pub fn for_each_word_hash(text: &str, emit: &mut impl FnMut(u64)) {
    let bytes = text.as_bytes();
    if text.is_ascii() {
        for_each_run(bytes, &mut |start, end| emit(ascii_word_hash(bytes, start, end)));
        return;
    }
    let mut word = Vec::new();
    for_each_run(bytes, &mut |start, end| {
        if bytes[start..end].is_ascii() {
            emit(ascii_word_hash(bytes, start, end));
        } else {
            // Runs end at ASCII bytes, so they are whole characters.
            unicode_word_hashes(&text[start..end], &mut word, emit);
        }
    });
}

/// [`for_each_word_hash`], appending to `out`.
pub fn push_word_hashes(text: &str, out: &mut Vec<u64>) {
    for_each_word_hash(text, &mut |hash| out.push(hash));
}

const LOWER_CASE_BITS: u64 = 0x2020_2020_2020_2020;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const LOW_SEVEN_BITS: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// For each of eight bytes, bit 7 set when the byte is at least `low`
/// (bytes with bit 7 clear only: the sum then stays within its byte).
fn at_least(seven_bit_bytes: u64, low: u8) -> u64 {
    (seven_bit_bytes + u64::from(0x80 - low) * 0x0101_0101_0101_0101) & HIGH_BITS
}

/// One bit per byte of `eight` (bit k for byte k): set for the bytes that
/// may be part of a word, ASCII letters and digits and every byte of a
/// non-ASCII character (the char path then splits those properly).
fn run_bits(eight: u64) -> u64 {
    let low = eight & LOW_SEVEN_BITS;
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
    let folded = low | LOWER_CASE_BITS;
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let flags = digit | letter | (eight & HIGH_BITS);
    // Gathers bit 7 of each byte into the low eight bits.
    ((flags >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Calls `visit(start, end)` for each maximal run of word bytes (see
/// [`run_bits`]). A branch per byte would mispredict at every word
/// boundary, so 64 bytes at a time become a bit set, and runs are read off
/// its start and end bits.
fn for_each_run(bytes: &[u8], visit: &mut impl FnMut(usize, usize)) {
    let mut open_run: Option<usize> = None;
    let mut carry = 0u64;
    for (block_index, block) in bytes.chunks(64).enumerate() {
        let mut bits = 0u64;
        let mut eights = block.chunks_exact(8);
        for (k, eight) in (&mut eights).enumerate() {
            bits |= run_bits(load_u64(eight)) << (8 * k);
        }
        let done = block.len() - eights.remainder().len();
        for (k, &b) in eights.remainder().iter().enumerate() {
            bits |= run_bits(u64::from(b)) << (done + k);
        }
        let base = block_index * 64;
        let before = (bits << 1) | carry;
        let mut starts = bits & !before;
        // Bits past a short last block are clear, so a run ends there.
        let mut ends = !bits & before;
        carry = bits >> 63;
        while ends != 0 {
            let end = base + ends.trailing_zeros() as usize;
            ends &= ends - 1;
            let start = open_run.take().unwrap_or_else(|| {
                let start = base + starts.trailing_zeros() as usize;
                starts &= starts - 1;
                start
            });
            visit(start, end);
        }
        if starts != 0 {
            open_run = Some(base + starts.trailing_zeros() as usize);
        }
    }
    if let Some(start) = open_run {
        visit(start, bytes.len());
    }
}

/// The hash of `bytes[start..end]`, a run of ASCII letters and digits, as
/// [`word_hash`] of its lower case, reading eight bytes at a time.
#[inline]
fn ascii_word_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    let length = end - start;
    let lower = |chunk: u64, count: usize| (chunk | LOWER_CASE_BITS) & (u64::MAX >> (64 - 8 * count));
    if length < 8 {
        // Most words: read past the word when the text allows it, and mask.
        let chunk = if start + 8 <= bytes.len() {
            load_u64(&bytes[start..start + 8])
        } else {
            bytes[start..end].iter().rev().fold(0u64, |chunk, &b| (chunk << 8) | u64::from(b))
        };
        return short_word_hash(lower(chunk, length), length);
    }
    let mut state = WORD_SEED;
    let mut at = start;
    while end - at >= 8 {
        state = mix(state ^ (load_u64(&bytes[at..at + 8]) | LOWER_CASE_BITS));
        at += 8;
    }
    if at < end {
        let tail = bytes[at..end].iter().rev().fold(0u64, |chunk, &b| (chunk << 8) | u64::from(b));
        state = mix(state ^ lower(tail, end - at));
    }
    mix(state ^ length as u64)
}

/// Words under eight bytes, the common case, cost one multiplication.
fn short_word_hash(chunk: u64, length: usize) -> u64 {
    mix(WORD_SEED ^ chunk ^ ((length as u64) << 56))
}

/// The char path: `word` is a reusable buffer for the lower-cased word.
fn unicode_word_hashes(text: &str, word: &mut Vec<u8>, emit: &mut impl FnMut(u64)) {
    word.clear();
    let mut utf8 = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase() as u8);
        } else if is_cjk(c) {
            if !word.is_empty() {
                emit(word_hash(word));
                word.clear();
            }
            emit(word_hash(c.encode_utf8(&mut utf8).as_bytes()));
        } else if !c.is_ascii() && c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                word.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
            }
        } else if !word.is_empty() {
            emit(word_hash(word));
            word.clear();
        }
    }
    if !word.is_empty() {
        emit(word_hash(word));
    }
}

/// The hash of a lower-cased word's UTF-8 bytes.
fn word_hash(word: &[u8]) -> u64 {
    let little_endian = |bytes: &[u8]| bytes.iter().rev().fold(0u64, |chunk, &b| (chunk << 8) | u64::from(b));
    if word.len() < 8 {
        return short_word_hash(little_endian(word), word.len());
    }
    let mut state = WORD_SEED;
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        state = mix(state ^ load_u64(chunk));
    }
    if !chunks.remainder().is_empty() {
        state = mix(state ^ little_endian(chunks.remainder()));
    }
    mix(state ^ word.len() as u64)
}

const WORD_SEED: u64 = 0x243F_6A88_85A3_08D3;

fn load_u64(eight: &[u8]) -> u64 {
    u64::from_le_bytes(eight.try_into().expect("eight bytes"))
}

/// A folded multiply: one multiplication that spreads every input bit.
fn mix(value: u64) -> u64 {
    let product = u128::from(value) * 0x9E37_79B9_7F4A_7C15_u128;
    (product as u64) ^ ((product >> 64) as u64)
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

    fn words(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        push_word_hashes(text, &mut out);
        out
    }

    #[test]
    fn folding_ignores_space_case_and_quote_marks() {
        assert_eq!(folded("  “Have   found\nHINTS”  "), "have found hints");
        assert_eq!(folded("if that’s true"), folded("If that's true"));
        let mut joined = folded("one");
        push_folded("two", &mut joined);
        assert_eq!(joined, "one two");
    }

    #[test]
    fn ascii_and_unicode_paths_hash_words_alike() {
        // The second text is not ASCII, so it takes the char path.
        assert_eq!(words("Hello, brave new world"), words("Hello, brave new world ☕")[..4]);
    }

    proptest::proptest! {
        /// The byte-wise path must give the char path's hashes for any ASCII
        /// text: words of every length, across 8-byte chunks and 64-byte blocks.
        #[test]
        fn ascii_fast_path_matches_the_char_path(text in "[a-zA-Z0-9 ,.'\n-]{0,300}") {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            for_each_word_hash(&text, &mut |h| fast.push(h));
            unicode_word_hashes(&text, &mut Vec::new(), &mut |h| slow.push(h));
            proptest::prop_assert_eq!(&fast, &slow);
            proptest::prop_assert_eq!(fast.len(), text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).count());
        }

        /// Any text at all, controls and astral characters included.
        #[test]
        fn any_text_matches_the_char_path(text in proptest::prelude::any::<String>()) {
            let (mut runs, mut whole) = (Vec::new(), Vec::new());
            for_each_word_hash(&text, &mut |h| runs.push(h));
            unicode_word_hashes(&text, &mut Vec::new(), &mut |h| whole.push(h));
            proptest::prop_assert_eq!(runs, whole);
        }

        /// Mixed text goes run by run; the result must not depend on that.
        #[test]
        fn runs_match_the_char_path(text in "[a-zA-Zé0-9 ,.’—Ü日本\\n-]{0,200}") {
            let (mut runs, mut whole) = (Vec::new(), Vec::new());
            for_each_word_hash(&text, &mut |h| runs.push(h));
            unicode_word_hashes(&text, &mut Vec::new(), &mut |h| whole.push(h));
            proptest::prop_assert_eq!(runs, whole);
        }
    }

    #[test]
    fn distinct_words_hash_apart() {
        let long = "a".repeat(70);
        let hashes = words(&format!(
            "a aa aaaaaaaa aaaaaaaaa ab ba {long} {long}a internationalization internationalizatio"
        ));
        let distinct: std::collections::HashSet<u64> = hashes.iter().copied().collect();
        assert_eq!(distinct.len(), hashes.len(), "{hashes:?}");
        assert_eq!(words("Internationalization ÉTÉ"), words("internationalization été"));
    }

    #[test]
    fn word_hashes_ignore_case_punctuation_and_split_cjk() {
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
