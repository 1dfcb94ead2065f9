//! Looks for every semantic role. No colour literal appears outside this
//! file; the configuration replaces the [`Palette`] as a whole value.

use ratatui::style::{Color, Modifier, Style};

use crate::layout::Role;

/// Every colour the viewer uses, by role. `Color::Reset` means the
/// terminal's own colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Gutters and quote headers at depth 1, 2, 3, 4 (then again from 1).
    pub quote_depths: [Color; 4],
    pub number: Color,
    pub author: Color,
    pub time: Color,
    pub reply_target: Color,
    pub link: Color,
    pub code: Color,
    pub folded: Color,
    pub note: Color,
    pub cursor: Color,
    pub cursor_unfocused: Color,
    pub search_fg: Color,
    pub search_bg: Color,
    pub title_fg: Color,
    pub title_bg: Color,
    pub status: Color,
    pub message: Color,
    pub border: Color,
    pub border_unfocused: Color,
    pub heading: Color,
    pub unread: Color,
    pub new_fg: Color,
    pub new_bg: Color,
    /// The background of the passage a jump landed on.
    pub flash: Color,
    /// The `←` / `→` that mark a code line scrolled or cut sideways.
    pub scroll_marker: Color,
}

impl Default for Palette {
    fn default() -> Self {
        Self {
            quote_depths: [Color::Magenta, Color::Blue, Color::Cyan, Color::Yellow],
            number: Color::Yellow,
            author: Color::Reset,
            time: Color::DarkGray,
            reply_target: Color::Cyan,
            link: Color::Blue,
            code: Color::Green,
            folded: Color::DarkGray,
            note: Color::Red,
            cursor: Color::Rgb(50, 56, 72),
            cursor_unfocused: Color::Rgb(36, 38, 44),
            search_fg: Color::Black,
            search_bg: Color::Yellow,
            title_fg: Color::White,
            title_bg: Color::Blue,
            status: Color::Gray,
            message: Color::Yellow,
            border: Color::Cyan,
            border_unfocused: Color::DarkGray,
            heading: Color::Magenta,
            unread: Color::Green,
            new_fg: Color::Black,
            new_bg: Color::Green,
            flash: Color::Rgb(70, 60, 20),
            scroll_marker: Color::Reset,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
    palette: Palette,
}

impl Theme {
    /// The default colours unless `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Self {
        Self::new(Palette::default())
    }

    /// `palette`, or no colour at all when `NO_COLOR` is set.
    pub fn new(palette: Palette) -> Self {
        Self::choose(palette, std::env::var_os("NO_COLOR").as_deref())
    }

    /// `palette`, unless `no_color` (the value of `NO_COLOR`) is non-empty:
    /// then the monochrome theme, which no palette can colour.
    pub fn choose(palette: Palette, no_color: Option<&std::ffi::OsStr>) -> Self {
        Self { color: no_color.is_none_or(std::ffi::OsStr::is_empty), palette }
    }

    /// `palette` whatever the environment says (for tests and previews).
    pub fn colored(palette: Palette) -> Self {
        Self { color: true, palette }
    }

    pub fn monochrome() -> Self {
        Self { color: false, palette: Palette::default() }
    }

    pub fn palette(&self) -> &Palette {
        &self.palette
    }

    fn fg(self, color: Color) -> Style {
        if self.color && color != Color::Reset { Style::new().fg(color) } else { Style::new() }
    }

    pub fn role(self, role: Role) -> Style {
        let p = &self.palette;
        match role {
            Role::Plain | Role::Text => Style::new(),
            Role::Number => self.fg(p.number).add_modifier(Modifier::BOLD),
            Role::Author => self.fg(p.author).add_modifier(Modifier::BOLD),
            Role::Time | Role::Dim => self.fg(p.time),
            Role::ReplyTarget => self.fg(p.reply_target),
            Role::Link => self.fg(p.link).add_modifier(Modifier::UNDERLINED),
            Role::Code => self.fg(p.code),
            Role::Cut | Role::Placeholder => Style::new().add_modifier(Modifier::REVERSED),
            Role::Gutter(depth) => self.fg(self.depth_color(depth)),
            Role::QuoteHeader(depth) => self.fg(self.depth_color(depth)).add_modifier(Modifier::ITALIC),
            Role::Folded => self.fg(p.folded).add_modifier(Modifier::ITALIC),
            Role::Note => self.fg(p.note),
        }
    }

    /// The cursor row; dimmer when the other pane has the keys.
    pub fn cursor(self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new().bg(self.palette.cursor),
            (true, false) => Style::new().bg(self.palette.cursor_unfocused),
            (false, true) => Style::new().add_modifier(Modifier::REVERSED),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    pub fn search_match(self) -> Style {
        if self.color {
            Style::new().bg(self.palette.search_bg).fg(self.palette.search_fg)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// The passage a jump landed on, until the next key.
    pub fn flash(self) -> Style {
        if self.color {
            Style::new().bg(self.palette.flash)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// The `←` / `→` beside a row scrolled or cut sideways.
    pub fn scroll_marker(self) -> Style {
        self.fg(self.palette.scroll_marker).add_modifier(Modifier::REVERSED)
    }

    /// The cursor in a prompt being typed.
    pub fn prompt_cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn title(self) -> Style {
        if self.color {
            Style::new().bg(self.palette.title_bg).fg(self.palette.title_fg).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn status(self) -> Style {
        self.fg(self.palette.status)
    }

    pub fn message(self) -> Style {
        self.fg(self.palette.message).add_modifier(Modifier::BOLD)
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(self.palette.border).add_modifier(Modifier::BOLD)
        } else {
            self.fg(self.palette.border_unfocused)
        }
    }

    /// The mark of a post not read yet.
    pub fn unread(self) -> Style {
        self.fg(self.palette.unread).add_modifier(Modifier::BOLD)
    }

    /// The mark of a post new since the last visit.
    pub fn new_post(self) -> Style {
        if self.color {
            Style::new().fg(self.palette.new_fg).bg(self.palette.new_bg).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn heading(self) -> Style {
        self.fg(self.palette.heading).add_modifier(Modifier::BOLD)
    }

    fn depth_color(self, depth: u8) -> Color {
        let depths = &self.palette.quote_depths;
        depths[usize::from(depth.max(1) - 1) % depths.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_over_any_palette() {
        let palette = Palette { link: Color::Rgb(1, 2, 3), ..Palette::default() };
        let colored = Theme::choose(palette, None);
        assert_eq!(colored.role(Role::Link).fg, Some(Color::Rgb(1, 2, 3)));
        assert_eq!(Theme::choose(palette, Some("".as_ref())), colored, "empty NO_COLOR is unset");
        let plain = Theme::choose(palette, Some("1".as_ref()));
        assert_eq!(plain.role(Role::Link).fg, None);
        assert_eq!(plain.role(Role::Gutter(1)).fg, None);
        assert_eq!(plain.title().bg, None);
        assert_eq!(plain.unread().fg, None);
        assert!(plain.new_post().add_modifier.contains(Modifier::REVERSED), "still told apart");
    }
}
