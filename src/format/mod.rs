//! The thread format, version 1: wire types and loading with exact error
//! positions. Importers write these types; the loader reads them. Nothing here
//! knows about the model or the terminal.
//!
//! The types deserialize through hand-written visitors rather than
//! `#[serde(untagged)]` so that a wrong value is reported as
//! `expected a string or an integer, found an array` at its JSON path, not as
//! "data did not match any variant".

mod load;
mod wire;

pub use load::{LoadError, LoadOptions, Loaded, STDIN_NAME, load_path, load_slice, read_source};
pub use wire::{Block, Body, FormatVersion, Link, Post, PostKey, ThreadFile};

/// Quotes nest at most this deep: the reader shows deeper levels at this
/// one, and importers unwrap deeper quotes into it.
pub const MAX_QUOTE_DEPTH: usize = 32;

/// The only version of the format this build reads and writes.
pub const SUPPORTED_VERSION: u64 = 1;

impl ThreadFile {
    /// Serializes as the canonical, pretty-printed form importers emit.
    pub fn to_pretty_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("wire types always serialize");
        out.push('\n');
        out
    }
}
