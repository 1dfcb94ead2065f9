//! A model of a terminal fed by ratatui's crossterm backend: cells are
//! written at the terminal's own cursor (moved only when ratatui skips a
//! cell), each grapheme takes the columns *the terminal* gives it, and
//! writing over half of a wide character blanks the other half, as xterm
//! and tmux do. What it shows after a run of frames can be compared with a
//! fresh drawing of the same state: any difference is a ghost cell.

use std::convert::Infallible;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// A column of the screen: a grapheme, or the right part of a wide one.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    Head(String, usize),
    Continuation,
}

pub struct TerminalModel {
    width: u16,
    height: u16,
    rows: Vec<Vec<Slot>>,
    cursor: (u16, u16),
    /// The last cell ratatui wrote (the crossterm backend moves the cursor
    /// only when the next cell is not the one after it).
    last: Option<(u16, u16)>,
    columns_of: fn(&str) -> usize,
    /// The glyphs the terminal draws a grapheme as (one, unless it does
    /// not join the cluster: then 👍🏽 is 👍 and 🏽, each overwritten alone).
    glyphs_of: fn(&str) -> Vec<String>,
}

impl TerminalModel {
    /// A terminal drawing each grapheme as one glyph `columns_of(grapheme)` wide.
    pub fn new(width: u16, height: u16, columns_of: fn(&str) -> usize) -> Self {
        Self::with_glyphs(width, height, columns_of, |g| vec![g.to_owned()])
    }

    /// A terminal drawing each grapheme as the glyphs `glyphs_of` gives, each
    /// `columns_of(glyph)` wide.
    pub fn with_glyphs(
        width: u16,
        height: u16,
        columns_of: fn(&str) -> usize,
        glyphs_of: fn(&str) -> Vec<String>,
    ) -> Self {
        let blank = vec![Slot::Head(" ".to_owned(), 1); usize::from(width)];
        let rows = vec![blank; usize::from(height)];
        Self { width, height, rows, cursor: (0, 0), last: None, columns_of, glyphs_of }
    }

    /// The screen as text, one string per row.
    pub fn screen(&self) -> Vec<String> {
        self.rows
            .iter()
            .map(|row| {
                row.iter()
                    .filter_map(|slot| match slot {
                        Slot::Head(symbol, _) => Some(symbol.as_str()),
                        Slot::Continuation => None,
                    })
                    .collect()
            })
            .collect()
    }

    fn blank_at(row: &mut [Slot], x: usize) {
        row[x] = Slot::Head(" ".to_owned(), 1);
    }

    fn write(&mut self, symbol: &str) {
        let columns = (self.columns_of)(symbol);
        let (x, y) = (usize::from(self.cursor.0), usize::from(self.cursor.1));
        let width = usize::from(self.width);
        if columns == 0 || x >= width || y >= self.rows.len() {
            return;
        }
        let row = &mut self.rows[y];
        let end = (x + columns).min(width);
        // Writing over the right part of a wide character blanks its left part.
        if row[x] == Slot::Continuation {
            let mut head = x;
            while head > 0 && row[head] == Slot::Continuation {
                head -= 1;
            }
            for i in head..x {
                Self::blank_at(row, i);
            }
        }
        // ...and over its left part blanks the rest of it.
        let mut after = end;
        while after < width && row[after] == Slot::Continuation {
            Self::blank_at(row, after);
            after += 1;
        }
        row[x] = Slot::Head(symbol.to_owned(), columns);
        for slot in &mut row[x + 1..end] {
            *slot = Slot::Continuation;
        }
        self.cursor.0 = (x + columns) as u16;
    }
}

impl Backend for TerminalModel {
    type Error = Infallible;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Infallible>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            if !matches!(self.last, Some((lx, ly)) if x == lx + 1 && y == ly) {
                self.cursor = (x, y);
            }
            for glyph in (self.glyphs_of)(cell.symbol()) {
                self.write(&glyph);
            }
            self.last = Some((x, y));
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> Result<(), Infallible> {
        Ok(())
    }

    fn show_cursor(&mut self) -> Result<(), Infallible> {
        Ok(())
    }

    fn get_cursor_position(&mut self) -> Result<Position, Infallible> {
        Ok(Position::new(self.cursor.0, self.cursor.1))
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Infallible> {
        let position = position.into();
        self.cursor = (position.x, position.y);
        self.last = None;
        Ok(())
    }

    fn clear(&mut self) -> Result<(), Infallible> {
        *self = Self::with_glyphs(self.width, self.height, self.columns_of, self.glyphs_of);
        Ok(())
    }

    fn clear_region(&mut self, _clear_type: ClearType) -> Result<(), Infallible> {
        self.clear()
    }

    fn size(&self) -> Result<Size, Infallible> {
        Ok(Size::new(self.width, self.height))
    }

    fn window_size(&mut self) -> Result<WindowSize, Infallible> {
        Ok(WindowSize { columns_rows: Size::new(self.width, self.height), pixels: Size::new(0, 0) })
    }

    fn flush(&mut self) -> Result<(), Infallible> {
        self.last = None;
        Ok(())
    }
}
