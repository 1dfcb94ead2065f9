//! The thread format, version 1: wire types and loading with exact error
//! positions. Importers write these types; the loader reads them. Nothing here
//! knows about the model or the terminal.
//!
//! The types deserialize through hand-written visitors rather than
//! `#[serde(untagged)]` so that a wrong value is reported as
//! `expected a string or an integer, found an array` at its JSON path, not as
//! "data did not match any variant".

use std::fmt::Write as _;

mod load;
mod wire;

pub use load::{
    LoadError, LoadOptions, Loaded, MAX_INPUT_BYTES, STDIN_NAME, load_path, load_slice, plain_message,
    read_source,
};
pub use wire::{Block, Body, FormatVersion, Link, Post, PostKey, ThreadFile};

/// Quotes nest at most this deep: the reader shows deeper levels at this
/// one, and importers unwrap deeper quotes into it.
pub const MAX_QUOTE_DEPTH: usize = 32;

/// What `serde_json` writes raw but a terminal may obey (it escapes C0 itself).
fn is_terminal_control(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// The only version of the format this build reads and writes.
pub const SUPPORTED_VERSION: u64 = 1;

impl ThreadFile {
    /// Serializes as the canonical, pretty-printed form importers emit.
    /// Characters a terminal could act on (DEL, C1 controls, bidi
    /// controls, line separators) are written as `\u` escapes, as JSON
    /// allows anywhere in a string, so the output is safe to print.
    pub fn to_pretty_json(&self) -> String {
        let json = serde_json::to_string_pretty(self).expect("wire types always serialize");
        let mut out = String::with_capacity(json.len() + 1);
        for c in json.chars() {
            if is_terminal_control(c) {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            } else {
                out.push(c);
            }
        }
        out.push('\n');
        out
    }
}
