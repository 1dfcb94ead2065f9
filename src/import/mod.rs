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
}

/// A converted thread and what was skipped on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    pub file: ThreadFile,
    /// One line per skipped or doubtful item ("message 12: no Message-ID, skipped").
    pub warnings: Vec<String>,
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
    match kind {
        Kind::ForumText => forum_text::import(input, options),
        Kind::Mbox => mbox::import(input, options),
        Kind::Hn => hn::import(input, options),
        Kind::Reddit => reddit::import(input, options),
        Kind::Discourse => discourse::import(input, options),
        Kind::ForumHtml => forum_html::import(input, options),
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

fn looks_like_mail_headers(head: &[u8]) -> bool {
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    ["Return-Path:", "Received:", "From:", "Message-ID:", "Date:"]
        .iter()
        .any(|h| first_line.len() >= h.len() && first_line[..h.len()].eq_ignore_ascii_case(h.as_bytes()))
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
    fn errors_name_kind_and_place() {
        let error = ImportError::new(Kind::Reddit, "[1].data", "expected an object");
        assert_eq!(error.to_string(), "read as reddit: [1].data: expected an object");
        assert_eq!(ImportError::new(Kind::Mbox, "", "no messages").to_string(), "read as mbox: no messages");
    }
}
