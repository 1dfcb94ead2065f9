//! One error for a bad configuration: file, line, column, key path, what.

use std::fmt;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::layout::sanitize::sanitize_line;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    /// 1-based line and column; 0 when the error has no position.
    pub line: usize,
    pub column: usize,
    /// `keys.thread."g g"`; empty when the error is not about one key.
    pub key_path: String,
    pub message: String,
}

impl ConfigError {
    pub(super) fn io(file: &Path, error: &std::io::Error) -> Self {
        Self {
            file: file.to_owned(),
            line: 0,
            column: 0,
            key_path: String::new(),
            message: format!("cannot read: {error}"),
        }
    }

    pub(super) fn at(file: &Path, text: &str, offset: usize, key_path: String, message: String) -> Self {
        let (line, column) = line_column(text, offset);
        Self { file: file.to_owned(), line, column, key_path, message }
    }

    /// From the toml crate's error: its span gives the place, and the key
    /// at that place gives the path.
    pub(super) fn from_toml(file: &Path, text: &str, error: &toml::de::Error) -> Self {
        let offset = error.span().map_or(0, |span| span.start);
        let key_path = key_path_at(text, offset).unwrap_or_default();
        Self::at(file, text, offset, key_path, error.message().trim().to_owned())
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", sanitize_line(&self.file.display().to_string()))?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.key_path.is_empty() {
            write!(f, ": {}", sanitize_line(&self.key_path))?;
        }
        write!(f, ": {}", sanitize_line(&self.message))
    }
}

impl std::error::Error for ConfigError {}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
    (line, column)
}

/// The dotted path of the innermost key whose name or value covers `offset`.
fn key_path_at(text: &str, offset: usize) -> Option<String> {
    fn walk(table: &DeTable<'_>, offset: usize, path: &mut Vec<String>) -> bool {
        for (key, value) in table {
            path.push(super::path_segment(key.get_ref()));
            if let DeValue::Table(inner) = value.get_ref()
                && walk(inner, offset, path)
            {
                return true;
            }
            if key.span().contains(&offset) || value.span().contains(&offset) {
                return true;
            }
            path.pop();
        }
        false
    }
    let table = DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    walk(table.get_ref(), offset, &mut path).then(|| path.join("."))
}
