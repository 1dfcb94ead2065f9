//! tread: a terminal reader for discussion threads.
//!
//! Layers, each using only those before it: [`format`] (the wire format and
//! loading) ← [`thread`] (the immutable model) ← [`layout`] (text geometry)
//! ← the viewer. [`import`] produces the format and knows nothing else.

pub mod format;
pub mod import;
pub mod thread;
