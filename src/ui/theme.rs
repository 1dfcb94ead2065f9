//! Looks for every semantic role. No colour literal appears outside this file.

use ratatui::style::{Color, Modifier, Style};

use crate::layout::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Self {
        Self { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    pub fn monochrome() -> Self {
        Self { color: false }
    }

    fn fg(self, color: Color) -> Style {
        if self.color { Style::new().fg(color) } else { Style::new() }
    }

    pub fn role(self, role: Role) -> Style {
        match role {
            Role::Plain | Role::Text => Style::new(),
            Role::Number => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Role::Author => Style::new().add_modifier(Modifier::BOLD),
            Role::Time | Role::Dim => self.fg(Color::DarkGray),
            Role::ReplyTarget => self.fg(Color::Cyan),
            Role::Link => self.fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            Role::Code => self.fg(Color::Green),
            Role::Cut | Role::Placeholder => Style::new().add_modifier(Modifier::REVERSED),
            Role::Gutter(depth) => self.fg(depth_color(depth)),
            Role::QuoteHeader(depth) => self.fg(depth_color(depth)).add_modifier(Modifier::ITALIC),
            Role::Folded => self.fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            Role::Note => self.fg(Color::Red),
        }
    }

    /// The cursor row; dimmer when the other pane has the keys.
    pub fn cursor(self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new().bg(Color::Rgb(50, 56, 72)),
            (true, false) => Style::new().bg(Color::Rgb(36, 38, 44)),
            (false, true) => Style::new().add_modifier(Modifier::REVERSED),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    pub fn search_match(self) -> Style {
        if self.color {
            Style::new().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// The passage a jump landed on, until the next key.
    pub fn flash(self) -> Style {
        if self.color {
            Style::new().bg(Color::Rgb(70, 60, 20))
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// The cursor in a prompt being typed.
    pub fn prompt_cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn title(self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn status(self) -> Style {
        self.fg(Color::Gray)
    }

    pub fn message(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn border(self, focused: bool) -> Style {
        if focused { self.fg(Color::Cyan).add_modifier(Modifier::BOLD) } else { self.fg(Color::DarkGray) }
    }

    pub fn heading(self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
}

fn depth_color(depth: u8) -> Color {
    match depth % 4 {
        1 => Color::Magenta,
        2 => Color::Blue,
        3 => Color::Cyan,
        _ => Color::Yellow,
    }
}
