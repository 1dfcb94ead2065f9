//! tread: a terminal reader for discussion threads.
//!
//! Layers, each using only those before it: [`format`](mod@format) (the wire format and
//! loading) ← [`thread`] (the immutable model) ← [`nav`] (folds, history)
//! ← [`layout`] (text geometry) ← the viewer. [`import`] produces the format
//! and knows nothing else; [`print`](mod@print) and [`check`] are the text outputs;
//! [`cli`] declares the command line and [`commands`] runs it. [`config`] and
//! [`state`] are effects at the edge: they read and write the configuration
//! and read-state files and hand the viewer plain values; [`manual`] renders
//! the man page. [`open`] reads what the reader names; [`partial`] models a
//! large archive before all its bodies are read.
//!
//! ```
//! use tread::format::{LoadOptions, load_slice};
//! use tread::thread::{PostId, QuoteSource, Thread};
//!
//! let json = br#"{"version": 1, "posts": [
//!     {"id": "a", "author": "Ann", "body": "Tea is best brewed for three minutes."},
//!     {"id": "b", "reply_to": "a", "body": [{"quote": "brewed for three minutes"}, "Four!"]}
//! ]}"#;
//! let thread = Thread::from_file(load_slice(json, "tea.json", LoadOptions::default())?.file);
//! let (first, second) = (PostId::new(0), PostId::new(1));
//! assert_eq!(thread.replies(first), [second]);
//! // The quote names no source: it is found by its text, and folded as a repeat.
//! let quote = &thread.quotes()[0];
//! assert_eq!(quote.source, QuoteSource::Inferred(first));
//! assert!(quote.repeat);
//! assert_eq!(thread.quoted_by(first), [second]);
//! # Ok::<(), tread::format::LoadError>(())
//! ```

pub mod app;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod format;
pub mod import;
pub mod layout;
pub mod manual;
pub mod nav;
pub mod open;
pub mod partial;
pub mod print;
pub mod state;
pub mod text;
pub mod thread;
pub mod ui;
