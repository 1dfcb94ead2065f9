//! Importers: real-world threads into the thread format. Each kind lives in
//! its own module and produces a [`ThreadFile`]; none of them knows about the
//! model or the terminal.

use std::fmt;

use crate::format::ThreadFile;

pub mod discourse;
pub mod forum_html;
pub mod forum_text;
pub mod hn;
pub mod html_text;
pub mod mbox;
mod parallel;
pub mod reconstruct;
pub mod reddit;

/// The kinds of input `tread import` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A forum page saved as plain text (quotes flattened into the text).
    ForumText,
    /// A mailing-list archive (mboxo or mboxrd).
    Mbox,
    /// Hacker News item JSON (Algolia or HNPWA shape).
    Hn,
    /// Reddit `[link listing, comment listing]` JSON.
    Reddit,
    /// Discourse topic JSON (`post_stream.posts`).
    Discourse,
    /// A forum topic page saved as HTML (vBulletin, phpBB, XenForo, Invision, SMF, MyBB, NodeBB, Discourse, ...).
    ForumHtml,
}

impl Kind {
    /// The name used on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::ForumText => "forum-text",
            Self::Mbox => "mbox",
            Self::Hn => "hn",
            Self::Reddit => "reddit",
            Self::Discourse => "discourse",
            Self::ForumHtml => "forum-html",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Settings that only some kinds use.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// forum-text: a regular expression matching the line that separates posts.
    pub separator: Option<String>,
    /// The input is one page of several: a quote's `of` may name a post that
    /// is not on this page (the caller, merging the pages, drops those that
    /// name no post of the whole thread).
    pub one_page_of_several: bool,
}

/// A converted thread and what was skipped on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    pub file: ThreadFile,
    /// One per skipped or doubtful item ("message 12: no Message-ID, skipped").
    pub warnings: Vec<Warning>,
}

/// What a warning is about, so that a page with hundreds of them can be
/// summarised as one line per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    /// An item that could not be read, left out.
    Skipped,
    /// An item seen twice (or an exact copy), kept once.
    Duplicate,
    /// An id already taken, given another.
    IdRenamed,
    /// A reply whose parent is not in the input.
    MissingParent,
    /// Replies the input says exist but does not hold.
    MissingReplies,
    /// A message no reply can name.
    NoMessageId,
    /// A forum-text avatar label, not a name.
    AvatarLabel,
    /// A forum-text page with no separator line: read as one post.
    NoSeparator,
    /// A post with no text (an image or embed), kept empty.
    EmptyPost,
    /// Bytes read in a guessed or corrected encoding.
    Encoding,
    /// A time the input shows that could not be read, left out.
    UnreadableTime,
    /// A post whose author could not be found.
    NoAuthor,
    /// Posts found by guessing the page's layout (an unknown forum engine).
    Guess,
}

impl WarningKind {
    /// The summary line's words after the count: "338 avatar labels not used as authors".
    pub fn summary(self) -> &'static str {
        match self {
            Self::Skipped => "unreadable items skipped",
            Self::Duplicate => "repeated items kept once",
            Self::IdRenamed => "ids already used, renamed",
            Self::MissingParent => "replies to posts not in the input",
            Self::MissingReplies => "places where replies are not in the input",
            Self::NoMessageId => "messages without a Message-ID",
            Self::AvatarLabel => "avatar labels not used as authors",
            Self::NoSeparator => "pages read as one post (no separator line)",
            Self::EmptyPost => "posts without text, kept empty",
            Self::Encoding => "encoding guesses",
            Self::UnreadableTime => "times not understood, left out",
            Self::NoAuthor => "posts without an author",
            Self::Guess => "pages read by guessing where the posts are",
        }
    }
}

/// One import warning: a kind, where (`line 6`, `posts[3]`, or nothing),
/// and the whole sentence. It reads as its text (`location: message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    text: String,
    location_len: usize,
}

impl Warning {
    pub fn new(kind: WarningKind, location: impl Into<String>, message: impl fmt::Display) -> Self {
        let location = location.into();
        let location_len = location.len();
        let text = if location.is_empty() { message.to_string() } else { format!("{location}: {message}") };
        Self { kind, text, location_len }
    }

    /// `line 6`, a JSON path, a file name; empty when the warning is about the whole input.
    pub fn location(&self) -> &str {
        &self.text[..self.location_len]
    }

    /// The same warning said of one input among several: `FILE: location: message`.
    #[must_use]
    pub fn in_file(self, name: &str) -> Self {
        let location =
            if self.location_len == 0 { name.to_owned() } else { format!("{name}: {}", self.location()) };
        let message = &self.text[self.location_len..];
        let message = message.strip_prefix(": ").unwrap_or(message);
        Self::new(self.kind, location, message)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl std::ops::Deref for Warning {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::borrow::Borrow<str> for Warning {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl PartialEq<str> for Warning {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Warning {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for Warning {
    fn eq(&self, other: &String) -> bool {
        &self.text == other
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Why an input could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("read as {kind}: {location}{separator}{message}", separator = if location.is_empty() { "" } else { ": " })]
pub struct ImportError {
    pub kind: Kind,
    /// `line 12`, a JSON path such as `[1].data.children[3]`, or empty.
    pub location: String,
    pub message: String,
}

impl ImportError {
    pub fn new(kind: Kind, location: impl Into<String>, message: impl Into<String>) -> Self {
        Self { kind, location: location.into(), message: message.into() }
    }
}

/// Converts `input` read as `kind`.
pub fn import(kind: Kind, input: &[u8], options: &ImportOptions) -> Result<Imported, ImportError> {
    let mut imported = match kind {
        Kind::ForumText => forum_text::import(input, options),
        Kind::Mbox => mbox::import(input, options),
        Kind::Hn => hn::import(input, options),
        Kind::Reddit => reddit::import(input, options),
        Kind::Discourse => discourse::import(input, options),
        Kind::ForumHtml => forum_html::import(input, options),
    }?;
    imported.skip_duplicate_ids();
    Ok(imported)
}

impl Imported {
    /// An id the input uses twice (a site's glitch, or a crafted file)
    /// would make the whole thread invalid: the later post is skipped with
    /// a warning, and replies to that id go to the first.
    fn skip_duplicate_ids(&mut self) {
        let mut seen = std::collections::HashSet::new();
        let warnings = &mut self.warnings;
        let mut number = 0;
        self.file.posts.retain(|post| {
            number += 1;
            let first = seen.insert(post.id.as_str().to_owned());
            if !first {
                warnings.push(Warning::new(
                    WarningKind::Duplicate,
                    format!("post {number} (id {})", post.id.as_str()),
                    "the id is used twice; this later post is skipped",
                ));
            }
            first
        });
    }
}

/// Guesses the kind from the content: JSON shapes by their telltale keys,
/// mail by its envelope line, HTML by its first tag; anything else is text.
pub fn detect(input: &[u8]) -> Kind {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let start = input.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(input.len());
    let head = &input[start..input.len().min(start + 64 * 1024)];
    let contains = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    match head.first() {
        Some(b'[') if contains(b"\"Listing\"") => Kind::Reddit,
        Some(b'{') if contains(b"\"post_stream\"") => Kind::Discourse,
        Some(b'{' | b'[') => Kind::Hn,
        Some(b'<') => Kind::ForumHtml,
        _ if head.starts_with(b"From ") => Kind::Mbox,
        _ if looks_like_mail_headers(head) => Kind::Mbox,
        _ => Kind::ForumText,
    }
}

/// A message's header block opens the text: `Name: value` lines (folded
/// lines allowed) up to the first blank line, at least two of them, one a
/// header every message has (`From`, `Date`, `Message-ID`, `Subject`), so
/// that an old archive starting with `To:` is mail while a page whose first
/// line happens to hold a colon is not.
fn looks_like_mail_headers(head: &[u8]) -> bool {
    const CORE: [&[u8]; 4] = [b"from", b"date", b"message-id", b"subject"];
    let mut fields = 0;
    let mut core = false;
    for line in head.split(|&b| b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l)) {
        if line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
        if line.starts_with(b" ") || line.starts_with(b"\t") {
            if fields == 0 {
                return false;
            }
            continue;
        }
        let name_len = line.iter().take_while(|&&b| (33..=126).contains(&b) && b != b':').count();
        if name_len == 0 || line.get(name_len) != Some(&b':') {
            return false;
        }
        fields += 1;
        core |= CORE.iter().any(|c| line[..name_len].eq_ignore_ascii_case(c));
    }
    fields >= 2 && core
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_kinds_by_content() {
        assert_eq!(detect(b"[{\"kind\": \"Listing\"}]"), Kind::Reddit);
        assert_eq!(detect(b"  {\"post_stream\": {}}"), Kind::Discourse);
        assert_eq!(detect(b"{\"id\": 1, \"comments\": []}"), Kind::Hn);
        assert_eq!(detect(b"From a@b Mon Jan  1 00:00:00 2024\nFrom: a"), Kind::Mbox);
        assert_eq!(detect(b"<!DOCTYPE html><html>"), Kind::ForumHtml);
        assert_eq!(detect(b"Jump to content\n\nTitle"), Kind::ForumText);
    }

    #[test]
    fn mail_without_envelopes_is_mail_not_a_forum_page() {
        assert_eq!(detect(b"To: list@x.org\nFrom: a@b.c\nSubject: s\n\nbody"), Kind::Mbox);
        assert_eq!(detect(b"Received: by x\n\tid 1\nDate: Mon, 1 Jan 2024\n\nbody"), Kind::Mbox);
        assert_eq!(detect(b"Note: read this first\n\nA forum post."), Kind::ForumText);
        assert_eq!(detect(b"Subject: only one line of it\n\nA forum post."), Kind::ForumText);
    }

    #[test]
    fn errors_name_kind_and_place() {
        let error = ImportError::new(Kind::Reddit, "[1].data", "expected an object");
        assert_eq!(error.to_string(), "read as reddit: [1].data: expected an object");
        assert_eq!(ImportError::new(Kind::Mbox, "", "no messages").to_string(), "read as mbox: no messages");
    }
}
