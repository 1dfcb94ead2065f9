//! The one-line prompt (search, go to a post, pipe to a command), edited
//! like readline, with a history per kind for the session. Keys are mapped
//! to [`Edit`]s by `app`; this module knows no terminal.

use unicode_segmentation::UnicodeSegmentation;

/// Entries each prompt history keeps; the oldest go first.
pub const PROMPT_HISTORY_LIMIT: usize = 100;

/// What the typed line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PromptKind {
    Search,
    GoTo,
    Pipe,
}

impl PromptKind {
    /// The character shown before the typed text.
    pub fn sigil(self) -> &'static str {
        match self {
            Self::Search => "/",
            Self::GoTo => ":",
            Self::Pipe => "|",
        }
    }
}

/// One editing step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-u: delete from the start of the line to the cursor.
    KillToStart,
    /// Ctrl-k: delete from the cursor to the end of the line.
    KillToEnd,
    /// Ctrl-w: delete the word before the cursor.
    KillWord,
    /// ↑: the previous (older) history entry.
    Older,
    /// ↓: the next (newer) history entry, then the line being typed.
    Newer,
}

/// A line being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    text: String,
    /// Byte offset of the cursor, always between grapheme clusters.
    cursor: usize,
    /// Which history entry is shown (0 = newest), if any.
    recalled: Option<usize>,
    /// The line typed before walking the history, restored past its newest end.
    draft: String,
}

impl Prompt {
    pub fn new(kind: PromptKind) -> Self {
        Self { kind, text: String::new(), cursor: 0, recalled: None, draft: String::new() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte offset of the cursor in [`text`](Self::text).
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Applies `edit`; `history` is this kind's, oldest first.
    pub fn edit(&mut self, edit: Edit, history: &[String]) {
        match edit {
            Edit::Insert(c) => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
            }
            Edit::Backspace => {
                let start = self.previous_boundary();
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Edit::Delete => {
                let end = self.next_boundary();
                self.text.replace_range(self.cursor..end, "");
            }
            Edit::Left => self.cursor = self.previous_boundary(),
            Edit::Right => self.cursor = self.next_boundary(),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::KillToStart => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            Edit::KillToEnd => self.text.truncate(self.cursor),
            Edit::KillWord => {
                // As readline's unix-word-rubout: spaces, then the word before them.
                let before = &self.text[..self.cursor];
                let word_end = before.trim_end().len();
                let start = before[..word_end].rfind(char::is_whitespace).map_or(0, |i| i + 1);
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Edit::Older => {
                let next = self.recalled.map_or(0, |i| i + 1);
                if next < history.len() {
                    if self.recalled.is_none() {
                        self.draft = self.text.clone();
                    }
                    self.recalled = Some(next);
                    self.set_text(history[history.len() - 1 - next].clone());
                }
            }
            Edit::Newer => match self.recalled {
                Some(0) => {
                    self.recalled = None;
                    let draft = std::mem::take(&mut self.draft);
                    self.set_text(draft);
                }
                Some(i) => {
                    self.recalled = Some(i - 1);
                    self.set_text(history[history.len() - i].clone());
                }
                None => {}
            },
        }
    }

    fn set_text(&mut self, text: String) {
        self.text = text;
        self.cursor = self.text.len();
    }

    fn previous_boundary(&self) -> usize {
        self.text[..self.cursor].grapheme_indices(true).next_back().map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..].graphemes(true).next().map_or(self.cursor, |g| self.cursor + g.len())
    }
}

/// Remembers `line` at the newest end of `history` (no empty lines, no
/// repeat of the newest), keeping at most [`PROMPT_HISTORY_LIMIT`].
pub fn remember(history: &mut Vec<String>, line: &str) {
    if line.is_empty() || history.last().is_some_and(|last| last == line) {
        return;
    }
    history.push(line.to_owned());
    if history.len() > PROMPT_HISTORY_LIMIT {
        history.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Prompt {
        let mut prompt = Prompt::new(PromptKind::Search);
        for c in text.chars() {
            prompt.edit(Edit::Insert(c), &[]);
        }
        prompt
    }

    #[test]
    fn readline_edits() {
        let mut p = typed("abc");
        p.edit(Edit::Backspace, &[]);
        assert_eq!(p.text(), "ab");
        p.edit(Edit::KillToStart, &[]);
        assert_eq!(p.text(), "");
        let mut p = typed("one two  ");
        p.edit(Edit::KillWord, &[]);
        assert_eq!(p.text(), "one ");
        p.edit(Edit::Home, &[]);
        p.edit(Edit::Insert('>'), &[]);
        assert_eq!(p.text(), ">one ");
        p.edit(Edit::Delete, &[]);
        assert_eq!(p.text(), ">ne ");
        p.edit(Edit::End, &[]);
        p.edit(Edit::Left, &[]);
        p.edit(Edit::Left, &[]);
        p.edit(Edit::KillToEnd, &[]);
        assert_eq!(p.text(), ">n");
        p.edit(Edit::Right, &[]);
        assert_eq!(p.cursor(), 2, "right stops at the end");
    }

    #[test]
    fn cursor_moves_over_whole_clusters() {
        let mut p = typed("a👍🏽é");
        p.edit(Edit::Backspace, &[]);
        p.edit(Edit::Left, &[]);
        assert_eq!(p.cursor(), 1, "the thumb and its skin tone are one step");
        p.edit(Edit::Delete, &[]);
        assert_eq!(p.text(), "a");
    }

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let history = vec!["first".to_owned(), "second".to_owned()];
        let mut p = typed("dra");
        p.edit(Edit::Older, &history);
        assert_eq!(p.text(), "second");
        p.edit(Edit::Older, &history);
        assert_eq!(p.text(), "first");
        p.edit(Edit::Older, &history);
        assert_eq!(p.text(), "first", "no older entry");
        p.edit(Edit::Newer, &history);
        assert_eq!(p.text(), "second");
        p.edit(Edit::Newer, &history);
        assert_eq!(p.text(), "dra");
    }

    #[test]
    fn remember_skips_empty_and_repeated_lines_and_is_bounded() {
        let mut history = Vec::new();
        remember(&mut history, "");
        remember(&mut history, "a");
        remember(&mut history, "a");
        assert_eq!(history, ["a"]);
        for i in 0..PROMPT_HISTORY_LIMIT + 5 {
            remember(&mut history, &i.to_string());
        }
        assert_eq!(history.len(), PROMPT_HISTORY_LIMIT);
    }
}
