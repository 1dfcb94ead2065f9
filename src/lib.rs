//! tread: a terminal reader for discussion threads.
//!
//! Layers, each using only those before it: [`format`] (the wire format and
//! loading) ← [`thread`] (the immutable model) ← [`nav`] (folds, history)
//! ← [`layout`] (text geometry) ← the viewer. [`import`] produces the format
//! and knows nothing else; [`print`] and [`check`] are the text outputs;
//! [`cli`] declares the command line and [`commands`] runs it.

pub mod app;
pub mod check;
pub mod cli;
pub mod commands;
pub mod format;
pub mod import;
pub mod layout;
pub mod nav;
pub mod print;
pub mod text;
pub mod thread;
pub mod ui;
