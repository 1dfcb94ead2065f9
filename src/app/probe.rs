//! Asks the terminal how wide it draws the emoji clusters terminals
//! disagree on (❤️, 👍🏽, 👨‍👩‍👧, 🇫🇷): each is printed at the top left and the
//! cursor position read back. Layout and drawing then use those widths, so
//! nothing is cut off, doubled or left behind as a ghost after scrolling.

use std::io;

use ratatui::crossterm::cursor::{MoveTo, position};
use ratatui::crossterm::execute;
use ratatui::crossterm::style::Print;
use ratatui::crossterm::terminal::{Clear, ClearType};

use crate::layout::sanitize::ClusterWidths;

/// The terminal's widths, or `None` when it does not report its cursor
/// (then Unicode's widths stand). Raw mode must be on.
pub fn measure_cluster_widths() -> Option<ClusterWidths> {
    let mut out = io::stdout();
    let mut columns = |probe: &str| -> Option<u16> {
        execute!(out, MoveTo(0, 0), Print(probe)).ok()?;
        position().ok().map(|(column, _)| column)
    };
    let widths = ClusterWidths {
        selector_widens: columns("\u{2764}\u{fe0f}")? >= 2,
        skin_tone_joins: columns("\u{1f44d}\u{1f3fd}")? <= 2,
        zwj_joins: columns("\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}")? <= 2,
        flag: columns("\u{1f1eb}\u{1f1f7}")?.clamp(1, 4) as u8,
    };
    execute!(out, MoveTo(0, 0), Clear(ClearType::All)).ok()?;
    Some(widths)
}
