//! `[theme]`: one colour per role, by name, 256-colour index or `#rrggbb`.

use std::ops::Range;

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use super::did_you_mean;
use crate::ui::Palette;

type Problem = (Range<usize>, String, String);

/// Colour names, as written in the file and by `tread config`.
const NAMES: &[(&str, Color)] = &[
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
];

/// Reads `"blue"`, `"dark-gray"`, `"default"`, `"208"` or `"#ff8800"`.
pub fn parse_color(text: &str) -> Result<Color, String> {
    let lower = text.trim().to_ascii_lowercase();
    if let Some((_, color)) = NAMES.iter().find(|(name, _)| *name == lower) {
        return Ok(*color);
    }
    if let Ok(index) = lower.parse::<u8>() {
        return Ok(Color::Indexed(index));
    }
    if let Some(hex) = lower.strip_prefix('#')
        && hex.len() == 6
        && let Ok(rgb) = u32::from_str_radix(hex, 16)
    {
        let [_, r, g, b] = rgb.to_be_bytes();
        return Ok(Color::Rgb(r, g, b));
    }
    let hint = match did_you_mean(&lower, NAMES.iter().map(|(name, _)| *name)) {
        Some(near) => format!(" (did you mean \"{near}\"?)"),
        None => " (a name such as \"blue\" or \"dark-gray\", 0-255, or \"#rrggbb\")".to_owned(),
    };
    Err(format!("unknown colour \"{}\"{hint}", text.escape_debug()))
}

/// How `tread config` writes a colour; [`parse_color`] reads it back.
pub fn color_name(color: Color) -> String {
    match color {
        Color::Indexed(index) => index.to_string(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        named => NAMES
            .iter()
            .find(|(_, c)| *c == named)
            .map_or_else(|| "default".to_owned(), |(n, _)| (*n).to_owned()),
    }
}

/// One field per colour role of [`Palette`], named alike in kebab-case.
macro_rules! theme_file {
    ($($field:ident),* $(,)?) => {
        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub(super) struct ThemeFile {
            quote_depths: Option<Spanned<Vec<Spanned<String>>>>,
            $( $field: Option<Spanned<String>>, )*
        }

        impl ThemeFile {
            /// Lays the file's colours over `palette`.
            pub(super) fn apply(self, palette: &mut Palette) -> Result<(), Problem> {
                if let Some(depths) = self.quote_depths {
                    let span = depths.span();
                    let depths = depths.into_inner();
                    if depths.len() != palette.quote_depths.len() {
                        return Err((span, "theme.quote-depths".to_owned(), format!("needs {} colours, for depths 1 to {}", palette.quote_depths.len(), palette.quote_depths.len())));
                    }
                    for (slot, value) in palette.quote_depths.iter_mut().zip(depths) {
                        *slot = parse_color(value.get_ref()).map_err(|m| (value.span(), "theme.quote-depths".to_owned(), m))?;
                    }
                }
                $(
                    if let Some(value) = self.$field {
                        let key = concat!("theme.", stringify!($field)).replace('_', "-");
                        palette.$field = parse_color(value.get_ref()).map_err(|m| (value.span(), key, m))?;
                    }
                )*
                Ok(())
            }
        }

        /// The `[theme]` table of `tread config`.
        pub(super) fn write(palette: &Palette) -> String {
            let depths: Vec<String> = palette.quote_depths.iter().map(|c| format!("\"{}\"", color_name(*c))).collect();
            let mut out = format!("quote-depths = [{}]\n", depths.join(", "));
            $(
                out.push_str(&format!("{} = \"{}\"\n", stringify!($field).replace('_', "-"), color_name(palette.$field)));
            )*
            out
        }
    };
}

theme_file! {
    number, author, time, reply_target, link, code, folded, note, cursor, cursor_unfocused,
    search_fg, search_bg, title_fg, title_bg, status, message, border, border_unfocused, heading,
    unread, new_fg, new_bg, flash, scroll_marker,
}
