//! Plain mail text to blocks: `>` and supercite quotes nested by level, the
//! attribution line that introduces a quote, patches and signatures as code.

use std::sync::LazyLock;

use regex::Regex;

use crate::format::{Block, Body, MAX_QUOTE_DEPTH, PostKey};

/// A message a quote can be attributed to.
pub(super) struct Source<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
    /// Lower-cased.
    pub address: Option<&'a str>,
}

/// What the body converter may ask about the rest of the thread.
pub(super) trait Resolve {
    /// The `level`-th ancestor of the post being converted (1 = its parent).
    fn ancestor(&self, level: usize) -> Option<Source<'_>>;
    /// A message of the file by Message-ID (without angle brackets).
    fn message(&self, message_id: &str) -> Option<Source<'_>>;
    /// The one earlier post by `name` written at `time`.
    fn written_by_at(&self, name: &str, time: jiff::Timestamp) -> Option<Source<'_>>;
}

/// A post with no thread around it (unit tests, lone messages).
#[cfg(test)]
pub(super) struct Alone;

#[cfg(test)]
impl Resolve for Alone {
    fn ancestor(&self, _: usize) -> Option<Source<'_>> {
        None
    }
    fn message(&self, _: &str) -> Option<Source<'_>> {
        None
    }
    fn written_by_at(&self, _: &str, _: jiff::Timestamp) -> Option<Source<'_>> {
        None
    }
}

/// Converts a message body.
pub(super) fn blocks(text: &str, resolve: &dyn Resolve) -> Vec<Block> {
    let lines: Vec<&str> = text.split('\n').map(|line| line.trim_end_matches('\r')).collect();
    level(&lines, 1, resolve)
}

/// The blocks of one quote level; quotes found here are of nesting `depth`.
/// Past the format's deepest level, quoted lines stay text of the deepest
/// quote, `>` marks and all.
fn level(lines: &[&str], depth: usize, resolve: &dyn Resolve) -> Vec<Block> {
    let mut out = Vec::new();
    let mut text: Vec<&str> = Vec::new();
    // The last attribution at this level: an interleaved reply answers the
    // same message block after block, under one "X wrote:".
    let mut attributed: Option<(bool, Attribution)> = None;
    let mut i = 0;
    while i < lines.len() {
        if let Some(header_end) = original_message_header(lines, i) {
            // Outlook's top-posting: the header block of the message replied
            // to, then that message, unquoted, to the end.
            let (author, of) = original_message_source(&lines[i..header_end], depth, resolve);
            flush(&mut text, &mut out);
            let body = level(&lines[header_end..], depth + 1, resolve);
            out.push(Block::Quote { quote: Body::Blocks(body), of, author });
            i = lines.len();
        } else if let Some(end) = patch_end(lines, i) {
            flush(&mut text, &mut out);
            out.extend(code(&lines[i..end], "diff"));
            i = end;
        } else if is_signature(lines, i) {
            let end = (i + 1..lines.len()).find(|&j| quoted(lines[j]).is_some()).unwrap_or(lines.len());
            flush(&mut text, &mut out);
            out.extend(code(&lines[i + 1..end], "signature"));
            i = end;
        } else if depth <= MAX_QUOTE_DEPTH && quoted(lines[i]).is_some() {
            let mut inner = Vec::new();
            while let Some(rest) = lines.get(i).and_then(|line| quoted(line)) {
                inner.push(rest);
                i += 1;
            }
            // Supercite blocks carry their quoter's initials: another style
            // than the attributed block's is another source.
            let style = lines[i - inner.len()].starts_with('>');
            let (author, of) = match take_attribution(&mut text, depth, resolve) {
                Some(found) => {
                    attributed = Some((style, found.clone()));
                    found
                }
                // A later block of an interleaved reply: the same source,
                // unless the text in between named another.
                None => match &attributed {
                    Some((attributed_style, found)) if *attributed_style == style => found.clone(),
                    _ => (None, None),
                },
            };
            flush(&mut text, &mut out);
            let body = level(&inner, depth + 1, resolve);
            if !body.is_empty() || author.is_some() {
                out.push(Block::Quote { quote: Body::Blocks(body), of, author });
            }
        } else {
            text.push(lines[i]);
            i += 1;
        }
    }
    flush(&mut text, &mut out);
    out
}

/// Paragraphs (split at blank lines) of the pending text.
fn flush(text: &mut Vec<&str>, out: &mut Vec<Block>) {
    // Each paragraph is made at its exact size: a hundred thousand bodies
    // kept in memory would otherwise carry a third more in spare capacity.
    for paragraph in text.split(|line| line.trim_end().is_empty()).filter(|lines| !lines.is_empty()) {
        let size = paragraph.iter().map(|line| line.trim_end().len() + 1).sum::<usize>() - 1;
        let mut joined = String::with_capacity(size);
        for line in paragraph {
            if !joined.is_empty() {
                joined.push('\n');
            }
            joined.push_str(line.trim_end());
        }
        out.push(Block::Text(joined));
    }
    text.clear();
}

fn code(lines: &[&str], lang: &str) -> Option<Block> {
    let first = lines.iter().position(|line| !line.trim().is_empty())?;
    let last = lines.iter().rposition(|line| !line.trim().is_empty())?;
    Some(Block::Code { code: lines[first..=last].join("\n"), lang: Some(lang.to_owned()) })
}

/// The rest of `line` when it is quoted one level (`>`, or supercite ` LK> `).
fn quoted(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix('>') {
        if is_smiley(rest) || is_post_reference(rest) {
            return None;
        }
        return Some(rest.strip_prefix(' ').unwrap_or(rest));
    }
    supercite(line)
}

/// `>_<`, `>.<`, `>///<`, `>:(`, `>;-)` (given what follows the first `>`).
fn is_smiley(rest: &str) -> bool {
    static SMILEY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:[^\s<>]{1,4}<|[:;=8]-?[()\[\]DPpOo3/\\|*]+)(?:\s|$)").unwrap());
    !rest.starts_with([' ', '>']) && !rest.is_empty() && SMILEY.is_match(rest)
}

/// `>>123`: an imageboard post reference, not a quote.
fn is_post_reference(rest: &str) -> bool {
    rest.strip_prefix('>').is_some_and(|number| {
        let digits = number.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && number[digits..].chars().next().is_none_or(char::is_whitespace)
    })
}

/// Supercite: up to two spaces, 1-4 letters of initials (the first upper
/// case), `>`, then a space or the end of the line.
fn supercite(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 2 || !trimmed.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let initials = trimmed.bytes().take_while(u8::is_ascii_alphabetic).count();
    if initials > 4 {
        return None;
    }
    let rest = trimmed[initials..].strip_prefix('>')?;
    if rest.is_empty() { Some(rest) } else { rest.strip_prefix(' ') }
}

/// `-- ` starts a signature; a bare `--` only near the end of the text.
fn is_signature(lines: &[&str], i: usize) -> bool {
    match lines[i] {
        "-- " => true,
        "--" => lines.len() - i <= 8 && !lines[i + 1..].iter().any(|line| quoted(line).is_some()),
        _ => false,
    }
}

/// Where the patch starting at `i` ends, if one starts there: `diff ...`,
/// `--- a` + `+++ b`, or git's `---` + diffstat + diff; hunks are measured
/// by their `@@ -a,b +c,d @@` counts.
fn patch_end(lines: &[&str], i: usize) -> Option<usize> {
    let line = lines[i];
    let next_starts = |prefix: &str| lines.get(i + 1).is_some_and(|next| next.starts_with(prefix));
    let mut j = if line == "---" {
        let mut j = i + 1;
        while j < lines.len() && (lines[j].trim().is_empty() || is_diffstat(lines[j])) {
            j += 1;
        }
        if j == i + 1 || !lines.get(j).is_some_and(|l| l.starts_with("diff ")) {
            return None;
        }
        j
    } else if line.starts_with("diff ")
        || (line.starts_with("--- ") && next_starts("+++ "))
        || (line.starts_with("Index: ") && next_starts("===="))
    {
        i
    } else {
        return None;
    };
    let mut hunks = 0;
    while j < lines.len() {
        if let Some((mut old, mut new)) = hunk_header(lines[j]) {
            hunks += 1;
            j += 1;
            while j < lines.len() && (old > 0 || new > 0) {
                match lines[j].as_bytes().first() {
                    None | Some(b' ') => {
                        old = old.saturating_sub(1);
                        new = new.saturating_sub(1);
                    }
                    Some(b'-') => old = old.saturating_sub(1),
                    Some(b'+') => new = new.saturating_sub(1),
                    Some(b'\\') => {}
                    _ => break,
                }
                j += 1;
            }
        } else if is_diff_header(lines[j]) {
            j += 1;
        } else {
            break;
        }
    }
    (hunks > 0).then_some(j)
}

fn is_diffstat(line: &str) -> bool {
    let bare = line.trim();
    line.starts_with(' ')
        && (bare.contains(" | ")
            || bare.contains(" changed")
            || bare.starts_with("create mode")
            || bare.starts_with("delete mode")
            || bare.starts_with("rename ")
            || bare.starts_with("mode change"))
}

fn is_diff_header(line: &str) -> bool {
    const STARTS: [&str; 18] = [
        "diff ",
        "index ",
        "--- ",
        "+++ ",
        "new file mode",
        "deleted file mode",
        "old mode",
        "new mode",
        "similarity index",
        "dissimilarity index",
        "rename from",
        "rename to",
        "copy from",
        "copy to",
        "Binary files",
        "\\ ",
        "Index: ",
        "====",
    ];
    STARTS.iter().any(|start| line.starts_with(start))
}

/// `@@ -a,b +c,d @@`: the old and new line counts (1 when omitted).
fn hunk_header(line: &str) -> Option<(usize, usize)> {
    let rest = line.strip_prefix("@@ -")?;
    let (ranges, _) = rest.split_once(" @@")?;
    let (old, new) = ranges.split_once(" +")?;
    let count = |range: &str| match range.split_once(',') {
        Some((start, count)) => start.parse::<usize>().ok().and(count.parse().ok()),
        None => range.parse::<usize>().ok().map(|_| 1),
    };
    Some((count(old)?, count(new)?))
}

/// Where the header block of an Outlook-style quoted original ends, if one
/// starts at `i`: a `-----Original Message-----` line (or a rule of
/// underscores) followed by `Name: value` lines holding `From:`, a `Sent:`
/// or `Date:` and a `To:` or `Subject:`; or such lines alone when they hold
/// `From:`, `Sent:` or `Date:`, `To:` and `Subject:`. The block ends at the
/// first blank line.
fn original_message_header(lines: &[&str], i: usize) -> Option<usize> {
    static FIELD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Z][A-Za-z-]{1,24}:(?:\s|$)").unwrap());
    let line = lines[i].trim();
    let marked = {
        let bare = line.trim_matches('-').trim().to_lowercase();
        (line.starts_with("-----") && bare == "original message")
            || (line.len() >= 10 && line.bytes().all(|b| b == b'_'))
    };
    let start = if marked { i + 1 } else { i };
    if !lines.get(start).is_some_and(|l| l.starts_with("From:")) {
        return None;
    }
    let mut end = start;
    let mut names = Vec::new();
    while let Some(line) = lines.get(end) {
        if line.trim().is_empty() {
            break;
        }
        if FIELD.is_match(line) {
            names.push(line.split(':').next().unwrap_or_default().to_ascii_lowercase());
        } else if !line.starts_with([' ', '\t']) {
            return None;
        }
        end += 1;
    }
    let has = |name: &str| names.iter().any(|n| n == name);
    let dated = has("sent") || has("date");
    // Unmarked, the block needs `To:` and `Subject:` too: git's in-body
    // `From:` / `Date:` / `Subject:` lines open a patch, not a quote.
    let headers =
        if marked { dated && (has("to") || has("subject")) } else { dated && has("to") && has("subject") };
    headers.then_some(end)
}

/// The author and source of an Outlook-style quoted original, from its
/// header block's `From:` line (`P Ehlers [mailto:ehlers at x.ca]`, `list
/// <l@x> On Behalf Of Toke`); `of` when that is the sender this level
/// expects.
fn original_message_source(
    header: &[&str],
    depth: usize,
    resolve: &dyn Resolve,
) -> (Option<String>, Option<PostKey>) {
    let from = header.iter().find_map(|line| line.strip_prefix("From:")).unwrap_or_default().trim();
    let from = from.rsplit_once(" On Behalf Of ").map_or(from, |(_, name)| name);
    let name = extract_name(from).filter(|name| !name.is_empty());
    let lower = from.to_lowercase();
    let source = resolve.ancestor(depth).filter(|s| {
        s.address.is_some_and(|a| lower.contains(a) || lower.replace(" at ", "@").contains(a))
            || name.as_deref().zip(s.name).is_some_and(|(n, sender)| same_name(n, sender))
    });
    match source {
        Some(source) => (source.name.map(str::to_owned).or(name), Some(PostKey::from(source.id))),
        None => (name, None),
    }
}

/// A quote's `author` and `of`, as an attribution gives them.
type Attribution = (Option<String>, Option<PostKey>);

/// Removes the attribution ("On DATE, X wrote:", "X wrote:", a line naming
/// the quoted sender) that ends the pending text, at most one blank line
/// above the quote, and returns the quote's author and source.
fn take_attribution(text: &mut Vec<&str>, depth: usize, resolve: &dyn Resolve) -> Option<Attribution> {
    let mut end = text.len();
    if end > 0 && text[end - 1].trim().is_empty() {
        end -= 1;
    }
    let paragraph_start = text[..end].iter().rposition(|line| line.trim().is_empty()).map_or(0, |p| p + 1);
    let paragraph_len = end - paragraph_start;
    for n in (1..=paragraph_len.min(3)).rev() {
        let first = text[end - n].trim();
        let candidate = text[end - n..end].iter().map(|line| line.trim()).collect::<Vec<_>>().join(" ");
        let acceptable =
            n == paragraph_len || opens_attribution(first) || (n == 1 && VERB.is_match(&candidate));
        if !acceptable {
            continue;
        }
        if let Some(found) = attribution(&candidate, depth, resolve) {
            text.truncate(end - n);
            return Some(found);
        }
    }
    None
}

/// "NAME wrote:" in the languages mail clients write it, the verb's
/// accents also as Pipermail's `?` (`escribi?`, `a ?crit`). Group 1 is what
/// stands before the verb, group 2 what follows it (German and Dutch clients
/// put the name there: "Am 17.09.2010 17:50, schrieb Spencer Graves:").
static VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(.*?)[\s,]*\b(?:wrote|writes|said|schrieb|schreef|skrev|escribi[óo?]|escreveu|ha scritto|a [ée?]crit|написал(?:\(а\)|а)?)([^:]{0,80}):$",
    )
    .unwrap()
});

/// Gmail's numeric form: "2015-11-15 23:43 GMT+01:00 Name <addr>:".
static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}-\d\d-\d\d \d\d?:\d\d(?::\d\d)? GMT[+-]\d\d:?\d\d (.+):$").unwrap());

/// Words that open a dated attribution line, in the languages above:
/// "On", "Am", "Le", "El", "Op", "Il" (giorno), "Em".
const DATED_OPENERS: [&str; 7] = ["on ", "am ", "le ", "el ", "op ", "il ", "em "];

fn opens_attribution(line: &str) -> bool {
    const OPENERS: [&str; 5] = ["in message", "in article", "quoting ", "citing ", "* "];
    let lower = line.get(..12.min(line.len())).unwrap_or(line).to_lowercase();
    OPENERS.iter().chain(&DATED_OPENERS).any(|opener| lower.starts_with(opener))
        || NUMERIC_DATE.is_match(line)
}

fn attribution(line: &str, depth: usize, resolve: &dyn Resolve) -> Option<Attribution> {
    static MESSAGE_ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<([^<>\s]+@[^<>\s]+)>").unwrap());
    if !line.ends_with(':') {
        return None;
    }
    let expected = resolve.ancestor(depth);
    // A Message-ID of the file named in the line ("In message <id> you
    // wrote:"). Mangled mail can put such a line at the wrong level: it
    // counts only when it names the ancestor this level expects (or when the
    // ancestry is unknown); otherwise the line stays text.
    for capture in MESSAGE_ID.captures_iter(line) {
        if let Some(source) = resolve.message(&capture[1]) {
            if expected.as_ref().is_some_and(|e| e.id != source.id) {
                return None;
            }
            return Some((source.name.map(str::to_owned), Some(PostKey::from(source.id))));
        }
    }
    let lower = line.to_lowercase();
    let mentions = |source: &Source<'_>| {
        source
            .address
            .is_some_and(|address| lower.contains(address) || lower.replace(" at ", "@").contains(address))
    };
    let (before, after) = match (VERB.captures(line), NUMERIC_DATE.captures(line)) {
        (Some(verb), _) if verb[2].is_empty() || verb[2].starts_with(|c: char| !c.is_alphanumeric()) => {
            (verb.get(1).map_or("", |m| m.as_str()), verb.get(2).map_or("", |m| m.as_str()))
        }
        (_, Some(numeric)) => (numeric.get(1).map_or("", |m| m.as_str()), ""),
        _ => {
            // No verb: only a line that names the expected sender ("Twas
            // brillig at ... when x@y did gyre and gimble:") counts.
            let source =
                expected.filter(|s| mentions(s) || s.name.is_some_and(|name| names_in(&lower, name)))?;
            return Some((source.name.map(str::to_owned), Some(PostKey::from(source.id))));
        }
    };
    let name =
        extract_name(before).or_else(|| extract_name(after)).filter(|name| !name.eq_ignore_ascii_case("you"));
    // A lower-case name is a sentence's subject ("I think he wrote:")
    // unless it is the name of the sender the quote should come from.
    let expected_name =
        |name: &str| expected.as_ref().and_then(|s| s.name).is_some_and(|s| same_name(name, s));
    if name.as_deref().is_some_and(|name| !plausible_name(name) && !expected_name(name)) {
        return None;
    }
    let Some(name) = name else {
        let source = expected.filter(|s| mentions(s));
        return Some((
            source.as_ref().and_then(|s| s.name.map(str::to_owned)),
            source.map(|s| PostKey::from(s.id)),
        ));
    };
    let expected_sender = expected.as_ref().map(|s| (s.id, s.name));
    let of = match stated_time(before) {
        // A full timestamp decides on its own: the post by that name at that time.
        Some(time) => resolve.written_by_at(&name, time).map(|source| PostKey::from(source.id)),
        None => expected
            .filter(|s| {
                mentions(s)
                    || s.name.is_some_and(|sender| same_name(&name, sender))
                    || s.address == Some(&*name.to_lowercase())
            })
            .map(|source| PostKey::from(source.id)),
    };
    // "Hup?" matched "Hupé": the sender's own spelling is the better name.
    let name = match expected_sender {
        Some((id, Some(sender))) if name.contains('?') && of.as_ref().is_some_and(|of| of.as_str() == id) => {
            sender.to_owned()
        }
        _ => name,
    };
    Some((Some(name), of))
}

/// The person in "On Tue, Nov 16, 2010 at 12:46:09PM -0800, Randy Dunlap <r@d>"
/// or "Randy Dunlap <r@d>": what follows the last date-like word, without
/// addresses and comments.
fn extract_name(prefix: &str) -> Option<String> {
    let prefix = prefix.trim().trim_start_matches('*').trim();
    let lower = prefix.to_lowercase();
    let opener = DATED_OPENERS.iter().any(|opener| lower.starts_with(opener));
    let rest = if opener { &prefix[3..] } else { prefix };
    // "15 нояб. 2015 г., в 23:43, Имя": dated without an opener word.
    let dated = opener || rest.starts_with(|c: char| c.is_ascii_digit());
    let mut cleaned = String::with_capacity(rest.len());
    let mut address = None;
    let mut nesting: Option<(char, usize)> = None;
    for (at, c) in rest.char_indices() {
        match (nesting, c) {
            (None, '<' | '(' | '[') => nesting = Some((c, at)),
            (Some(('<', start)), '>') => {
                address.get_or_insert_with(|| rest[start + 1..at].trim().to_owned());
                nesting = None;
            }
            (Some(('(', _)), ')') | (Some(('[', _)), ']') => nesting = None,
            (None, _) => cleaned.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let start = if dated { words.iter().rposition(|word| date_like(word)).map_or(0, |p| p + 1) } else { 0 };
    let name = words[start..].join(" ");
    let name = name.trim_matches(|c: char| c == ',' || c == '"' || c == '\'' || c.is_whitespace());
    if name.is_empty() { address.filter(|a| !a.is_empty()) } else { Some(name.to_owned()) }
}

fn date_like(word: &str) -> bool {
    const WORDS: [&str; 50] = [
        "am",
        "pm",
        "a.m",
        "p.m",
        "at",
        "um",
        "à",
        "utc",
        "gmt",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "est",
        "edt",
        "pst",
    ];
    let word = word.trim_matches(|c: char| matches!(c, ',' | '.' | '(' | ')'));
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => true,
        Some('+' | '-') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => {
            let lower = word.to_lowercase();
            WORDS.contains(&lower.as_str())
                || ["pdt", "cet", "cest", "bst", "ist", "jst", "cst", "cdt"].contains(&lower.as_str())
                // "um 23:43 Uhr", "om 23:43", "alle ore 23:43", "a las", "г., в".
                || ["uhr", "om", "alle", "ore", "las", "kl", "г", "в"].contains(&lower.as_str())
        }
    }
}

/// An RFC 3339 timestamp among the words ("On 2019-04-12T09:31:49Z, X").
fn stated_time(prefix: &str) -> Option<jiff::Timestamp> {
    prefix.split_whitespace().find_map(|word| word.trim_end_matches(',').parse().ok())
}

/// A name, not a sentence that happens to end in "wrote:": at most six
/// words, and in a name of several words only particles ("van", "de") start
/// in lower case. A single word (a nickname, an address) is fine.
fn plausible_name(name: &str) -> bool {
    const PARTICLES: [&str; 14] =
        ["van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "dos", "bin", "al"];
    if obfuscated_address(name) {
        return true;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitalised = words.len() == 1
        || words.iter().all(|word| {
            !word.starts_with(|c: char| c.is_lowercase()) || PARTICLES.contains(&word.trim_end_matches(','))
        });
    // Pipermail writes a letter it cannot show as `?` ("Philippe Hup?"): a
    // `?` right after a letter and before a letter or the end is such a letter.
    let chars: Vec<char> = name.chars().collect();
    let question = chars.iter().enumerate().any(|(at, &c)| {
        c == '?'
            && !(at > 0
                && chars[at - 1].is_alphabetic()
                && chars.get(at + 1).is_none_or(|next| next.is_alphabetic()))
    });
    words.len() <= 6 && name.chars().count() <= 64 && !question && !name.contains(['!', ';']) && capitalised
}

/// `cougar at psu.edu`: an address as list archives write it.
fn obfuscated_address(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    matches!(words.as_slice(), [user, "at", host] if !user.contains('@') && host.contains('.'))
}

/// Lower case, quotes and commas dropped, whitespace folded.
pub(super) fn normalize_name(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches(['"', '\'']).to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Equal names, also "Last, First" against "First Last".
fn same_name(a: &str, b: &str) -> bool {
    let swapped =
        |name: &str| name.split_once(',').map(|(last, first)| normalize_name(&format!("{first} {last}")));
    // `?` stands for a letter an archive could not show ("Hup?" for "Hupé").
    let equal = |a: &str, b: &str| {
        a.chars().count() == b.chars().count()
            && a.chars().zip(b.chars()).all(|(x, y)| x == y || x == '?' || y == '?')
    };
    let (na, nb) = (normalize_name(a), normalize_name(b));
    equal(&na, &nb)
        || swapped(a).is_some_and(|s| equal(&s, &nb))
        || swapped(b).is_some_and(|s| equal(&s, &na))
}

fn names_in(lower_line: &str, name: &str) -> bool {
    let name = normalize_name(name);
    name.len() >= 4 && normalize_name(lower_line).contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Block {
        Block::Text(s.to_owned())
    }

    fn quote(body: Vec<Block>, of: Option<&str>, author: Option<&str>) -> Block {
        Block::Quote {
            quote: Body::Blocks(body),
            of: of.map(PostKey::from),
            author: author.map(str::to_owned),
        }
    }

    fn code_block(code: &str, lang: &str) -> Block {
        Block::Code { code: code.to_owned(), lang: Some(lang.to_owned()) }
    }

    /// A parent "p1" by Randy Dunlap, whose parent "p0" is by Joe Perches.
    struct Chain;

    impl Resolve for Chain {
        fn ancestor(&self, level: usize) -> Option<Source<'_>> {
            match level {
                1 => Some(Source {
                    id: "p1",
                    name: Some("Randy Dunlap"),
                    address: Some("rdunlap@xenotime.net"),
                }),
                2 => Some(Source { id: "p0", name: Some("Joe Perches"), address: Some("joe@perches.com") }),
                _ => None,
            }
        }
        fn message(&self, id: &str) -> Option<Source<'_>> {
            match id {
                "m0@x" => Some(Source { id: "p0", name: Some("Joe Perches"), address: None }),
                "m1@x" => Some(Source { id: "p1", name: Some("Randy Dunlap"), address: None }),
                _ => None,
            }
        }
        fn written_by_at(&self, name: &str, time: jiff::Timestamp) -> Option<Source<'_>> {
            (name == "Zed" && time.as_second() == 0).then_some(Source {
                id: "z",
                name: Some("Zed"),
                address: None,
            })
        }
    }

    /// A parent with this id and sender name, and nothing else.
    struct Parent(&'static str, &'static str);

    impl Resolve for Parent {
        fn ancestor(&self, level: usize) -> Option<Source<'_>> {
            (level == 1).then_some(Source { id: self.0, name: Some(self.1), address: None })
        }
        fn message(&self, _: &str) -> Option<Source<'_>> {
            None
        }
        fn written_by_at(&self, _: &str, _: jiff::Timestamp) -> Option<Source<'_>> {
            None
        }
    }

    #[test]
    fn nested_quotes_by_level() {
        let got = blocks("> a\n>> b\n> > c\n>\n> d\n\nreply", &Alone);
        assert_eq!(
            got,
            [
                quote(vec![text("a"), quote(vec![text("b\nc")], None, None), text("d")], None, None),
                text("reply")
            ]
        );
    }

    #[test]
    fn attribution_lines_belong_to_their_quote() {
        let body = "On Tue, Nov 16, 2010 at 12:46:09PM -0800, Randy Dunlap wrote:\n> On Sun, 2010-11-14 at 19:04 -0800, Joe Perches wrote:\n> > patch\n> ok\n\nthanks";
        assert_eq!(
            blocks(body, &Chain),
            [
                quote(
                    vec![quote(vec![text("patch")], Some("p0"), Some("Joe Perches")), text("ok")],
                    Some("p1"),
                    Some("Randy Dunlap")
                ),
                text("thanks")
            ]
        );
        // A name that is not the parent's sender: author kept, no `of`.
        assert_eq!(
            blocks("Someone Else <s@e> wrote:\n\n> x", &Chain),
            [quote(vec![text("x")], None, Some("Someone Else"))]
        );
        // Wrapped over two lines, comma in the name.
        let wrapped =
            "On Aug 5, 2010, at 12:25 PM, Bounine, Alexandre\n<Alexandre.Bounine@idt.com> wrote:\n> x";
        assert_eq!(blocks(wrapped, &Alone), [quote(vec![text("x")], None, Some("Bounine, Alexandre"))]);
        // A Message-ID named in the line: the parent's, or (mangled) not.
        assert_eq!(
            blocks("In message <m1@x> you wrote:\n> x", &Chain),
            [quote(vec![text("x")], Some("p1"), Some("Randy Dunlap"))]
        );
        assert_eq!(
            blocks("In message <m0@x> you wrote:\n> x", &Chain),
            [text("In message <m0@x> you wrote:"), quote(vec![text("x")], None, None)]
        );
        // An RFC 3339 time picks the post by name and time.
        assert_eq!(
            blocks("On 1970-01-01T00:00:00Z, Zed wrote:\n> x", &Chain),
            [quote(vec![text("x")], Some("z"), Some("Zed"))]
        );
        // Not an attribution: a sentence, and a colon line without a verb or name.
        assert_eq!(
            blocks("I think this is what he wrote:\n> x", &Alone),
            [text("I think this is what he wrote:"), quote(vec![text("x")], None, None)]
        );
        assert_eq!(
            blocks("The log says:\n> x", &Chain),
            [text("The log says:"), quote(vec![text("x")], None, None)]
        );
    }

    /// The quote a one-line attribution gives, seen from a post whose parent
    /// is Randy Dunlap's p1.
    fn attributed(line: &str) -> Vec<Block> {
        blocks(&format!("Answer.\n\n{line}\n> quoted text\n\nMine."), &Chain)
    }

    #[test]
    fn attribution_lines_of_other_clients_and_languages() {
        let randy = |author: &str| {
            vec![text("Answer."), quote(vec![text("quoted text")], Some("p1"), Some(author)), text("Mine.")]
        };
        for line in [
            // Gmail, numeric date.
            "2015-11-15 23:43 GMT+01:00 Randy Dunlap <rdunlap@xenotime.net>:",
            // French, Gmail and Thunderbird.
            "Le dim. 15 nov. 2015 à 23:43, Randy Dunlap <rdunlap@xenotime.net> a écrit :",
            "Randy Dunlap a écrit :",
            // German: the name after the verb, or before it.
            "Am 15.11.2015 23:43, schrieb Randy Dunlap:",
            "Am So., 15. Nov. 2015 um 23:43 Uhr schrieb Randy Dunlap <rdunlap@xenotime.net>:",
            // Spanish, also as Pipermail writes the accent.
            "El dom., 15 nov. 2015 a las 23:43, Randy Dunlap (<rdunlap@xenotime.net>) escribió:",
            "El mar, 21-11-2006 a las 11:05 -0600, Randy Dunlap escribi?:",
            // Italian.
            "Il giorno dom 15 nov 2015 alle ore 23:43 Randy Dunlap <rdunlap@xenotime.net> ha scritto:",
            // Dutch.
            "Op zo 15 nov. 2015 om 23:43 schreef Randy Dunlap <rdunlap@xenotime.net>:",
            // Russian.
            "15 нояб. 2015 г., в 23:43, Randy Dunlap <rdunlap@xenotime.net> написал(а):",
            "Randy Dunlap написал:",
            // Portuguese and Danish.
            "Em dom., 15 de nov. de 2015 às 23:43, Randy Dunlap <rdunlap@xenotime.net> escreveu:",
            "15. nov. 2015 kl. 23.43 skrev Randy Dunlap <rdunlap@xenotime.net>:",
            // English, Pipermail's obfuscated address.
            "On Sun, 15 Nov 2015, Randy Dunlap <rdunlap at xenotime.net> wrote:",
        ] {
            assert_eq!(attributed(line), randy("Randy Dunlap"), "{line}");
        }
        // A lower-case name counts when it is the expected sender's.
        assert_eq!(
            blocks("On Wed, 1 Feb 2006, stefano iacus wrote:\n> x", &Parent("s", "stefano iacus")),
            [quote(vec![text("x")], Some("s"), Some("stefano iacus"))]
        );
        // Pipermail's `?` for a letter it could not show matches the sender.
        assert_eq!(
            blocks("On Mon, 24 Jan 2005, [UTF-8] Philippe Hup? wrote:\n> x", &Parent("h", "Philippe Hupé")),
            [quote(vec![text("x")], Some("h"), Some("Philippe Hupé"))]
        );
        // Still not names: a question, a sentence.
        assert_eq!(blocks("Really? Bob wrote:\n> x", &Alone)[0], text("Really? Bob wrote:"));
        assert_eq!(blocks("and then he wrote:\n> x", &Alone)[0], text("and then he wrote:"));
    }

    #[test]
    fn interleaved_replies_keep_the_attribution_block_after_block() {
        let body = "On Tue, Nov 16, 2010, Randy Dunlap wrote:\n> first point\n\nAgreed.\n\n\
            > second point, see the docs<https://example.org/docs>\n\nNo.\n\n> third\n";
        let of_randy = |t: &str| quote(vec![text(t)], Some("p1"), Some("Randy Dunlap"));
        assert_eq!(
            blocks(body, &Chain),
            [
                of_randy("first point"),
                text("Agreed."),
                of_randy("second point, see the docs<https://example.org/docs>"),
                text("No."),
                of_randy("third"),
            ]
        );
        // A new attribution in between takes over.
        let body = "Randy Dunlap wrote:\n> a\n\nSomeone Else <s@e> wrote:\n> b\n\nok\n> c";
        let got = blocks(body, &Chain);
        assert_eq!(got[1], quote(vec![text("b")], None, Some("Someone Else")));
        assert_eq!(got[3], quote(vec![text("c")], None, Some("Someone Else")));
    }

    #[test]
    fn outlook_original_message_is_a_quote_of_the_parent() {
        let body = "Thanks, that works.\n\nFrank\n\n\n-----Original Message-----\n\
            From: Randy Dunlap [mailto:rdunlap at xenotime.net] \nSent: Thursday, November 17, 2005 16:53\n\
            To: Frank\nSubject: Re: [Rd] Matrix\n\n\nTry the other package.\n\n\
            Joe Perches wrote:\n\n> It does not load.\n";
        assert_eq!(
            blocks(body, &Chain),
            [
                text("Thanks, that works."),
                text("Frank"),
                quote(
                    vec![
                        text("Try the other package."),
                        quote(vec![text("It does not load.")], Some("p0"), Some("Joe Perches"))
                    ],
                    Some("p1"),
                    Some("Randy Dunlap")
                ),
            ]
        );
        // Without the marker line: From, Sent or Date, To or Subject.
        let body = "Reply.\n\nFrom: Randy Dunlap <rdunlap@xenotime.net>\nDate: Tue, 2 Oct 2012 02:35:10 +0000\n\
            To: me@example.com\nSubject: Tell us\n\nOriginal text.";
        assert_eq!(
            blocks(body, &Chain),
            [text("Reply."), quote(vec![text("Original text.")], Some("p1"), Some("Randy Dunlap"))]
        );
        // A quoted Outlook block inside a `>` quote is the grandparent's.
        let body =
            "> -----Original Message-----\n> From: Joe Perches\n> Sent: today\n> Subject: x\n>\n> old\n\nnew";
        assert_eq!(
            blocks(body, &Chain),
            [quote(vec![quote(vec![text("old")], Some("p0"), Some("Joe Perches"))], None, None), text("new")]
        );
        // A lone "From: x" line in a text is no header block, nor git's
        // in-body header over a patch.
        assert_eq!(blocks("From: me\nto you", &Alone), [text("From: me\nto you")]);
        assert_eq!(
            blocks("From: Ann <a@b.c>\nDate: Mon, 1 Jan 2024\nSubject: [PATCH] x\n\nFix it.", &Alone),
            [text("From: Ann <a@b.c>\nDate: Mon, 1 Jan 2024\nSubject: [PATCH] x"), text("Fix it.")]
        );
    }

    #[test]
    fn sender_address_line_is_an_attribution() {
        let body = "Twas brillig when rdunlap@xenotime.net did gyre and gimble:\n\n RD> text";
        assert_eq!(blocks(body, &Chain), [quote(vec![text("text")], Some("p1"), Some("Randy Dunlap"))]);
    }

    #[test]
    fn supercite_and_smileys() {
        assert_eq!(
            blocks(" LK> one\n LK>   two\n\nme", &Alone),
            [quote(vec![text("one\n  two")], None, None), text("me")]
        );
        assert_eq!(
            blocks(">_< so sad\n>.<\n>:(\n>>123 yes", &Alone),
            [text(">_< so sad\n>.<\n>:(\n>>123 yes")]
        );
        assert_eq!(blocks("mysql> select 1;", &Alone), [text("mysql> select 1;")]);
    }

    #[test]
    fn signature_is_code() {
        assert_eq!(
            blocks("Hi\n\n-- \nJoe\nhttp://x.org\n", &Alone),
            [text("Hi"), code_block("Joe\nhttp://x.org", "signature")]
        );
        assert_eq!(blocks("a\n--\nb", &Alone), [text("a"), code_block("b", "signature")]);
    }

    #[test]
    fn patches_are_code_measured_by_hunks() {
        let body = "Fix it.\n\nSigned-off-by: J\n---\n a.c |    2 +-\n 1 files changed, 1 insertions(+), 1 deletions(-)\n\ndiff --git a/a.c b/a.c\nindex 1..2 100644\n--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n x\n-y;\n+y\n\n-- \n1.7.3\n";
        assert_eq!(
            blocks(body, &Alone),
            [
                text("Fix it."),
                text("Signed-off-by: J"),
                code_block(
                    "---\n a.c |    2 +-\n 1 files changed, 1 insertions(+), 1 deletions(-)\n\ndiff --git a/a.c b/a.c\nindex 1..2 100644\n--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n x\n-y;\n+y",
                    "diff"
                ),
                code_block("1.7.3", "signature"),
            ]
        );
        // A quoted, trimmed patch ends at the first line that is not a hunk line.
        let quoted_patch = "> --- a/x\n> +++ b/x\n> @@ -1,9 +1,9 @@\n> -a\n> +b\n\nLooks good.";
        assert_eq!(
            blocks(quoted_patch, &Alone),
            [
                quote(vec![code_block("--- a/x\n+++ b/x\n@@ -1,9 +1,9 @@\n-a\n+b", "diff")], None, None),
                text("Looks good.")
            ]
        );
    }
}
