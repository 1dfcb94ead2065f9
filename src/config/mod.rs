//! The configuration file: `$XDG_CONFIG_HOME/tread/config.toml` or
//! `--config FILE`, read with the `toml` crate into typed structs and laid
//! over the embedded `default.toml`. This is an effect at the edge: it
//! yields plain values (a [`Keymap`], a [`Palette`], [`ViewSettings`]) that
//! the viewer takes; nothing below reads a file.
//!
//! A bad file is one error naming file, line, column and key path; tread
//! refuses to start rather than guess. Unknown keys are errors.

mod error;
mod keys;
mod theme;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

pub use error::ConfigError;
pub use keys::parse_chord;
pub use theme::{color_name, parse_color};

use crate::app::{Binding, KeyContext, Keymap, chord_label};
use crate::thread::Order;
use crate::ui::Palette;

/// The defaults, in the same form as a user's file.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// Defaults for the viewer's flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewSettings {
    pub order: Order,
    pub mouse: bool,
    pub side_pane: bool,
    /// The widest the text column is made; 0 for no limit.
    pub max_text_width: u16,
    /// Replaces `$BROWSER` when set.
    pub opener: Option<String>,
    pub fold_repeats: bool,
}

/// The effective configuration: defaults with the user's file laid over.
#[derive(Debug, Clone)]
pub struct Config {
    pub view: ViewSettings,
    pub palette: Palette,
    /// The user's changes to the default key bindings, in file order.
    pub bindings: Vec<Binding>,
    /// The file read, if any.
    pub source: Option<PathBuf>,
}

/// A configuration file as written: every key optional, spans kept for errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    view: ViewFile,
    #[serde(default)]
    theme: theme::ThemeFile,
    #[serde(default)]
    keys: KeysFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ViewFile {
    order: Option<Spanned<String>>,
    mouse: Option<bool>,
    side_pane: Option<bool>,
    max_text_width: Option<Spanned<i64>>,
    opener: Option<String>,
    fold_repeats: Option<bool>,
}

type KeyTable = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    thread: Option<KeyTable>,
    references: Option<KeyTable>,
    prompt: Option<KeyTable>,
}

impl Default for Config {
    fn default() -> Self {
        let mut config = Self {
            view: ViewSettings {
                order: Order::Thread,
                mouse: true,
                side_pane: true,
                max_text_width: crate::ui::DEFAULT_MAX_TEXT_WIDTH,
                opener: None,
                fold_repeats: true,
            },
            palette: Palette::default(),
            bindings: Vec::new(),
            source: None,
        };
        config.lay_over(DEFAULT_TOML, Path::new("(built-in default.toml)")).expect("the defaults are valid");
        config
    }
}

impl Config {
    /// The default file's path: `$XDG_CONFIG_HOME/tread/config.toml`.
    pub fn default_path() -> Option<PathBuf> {
        let xdg = etcetera::base_strategy::Xdg::new().ok()?;
        Some(etcetera::BaseStrategy::config_dir(&xdg).join("tread").join("config.toml"))
    }

    /// Reads `explicit` (which must exist), else the default file if there is one.
    pub fn load(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        let path = match explicit {
            Some(path) => path.to_owned(),
            None => match Self::default_path() {
                Some(path) if path.exists() => path,
                _ => return Ok(Self::default()),
            },
        };
        let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::io(&path, &e))?;
        Self::from_text(&text, &path)
    }

    /// The defaults with `text` (the contents of `path`) laid over.
    pub fn from_text(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let mut config = Self::default();
        config.lay_over(text, path)?;
        config.source = Some(path.to_owned());
        Ok(config)
    }

    fn lay_over(&mut self, text: &str, path: &Path) -> Result<(), ConfigError> {
        let file: FileConfig = toml::from_str(text).map_err(|e| ConfigError::from_toml(path, text, &e))?;
        let at = |span: std::ops::Range<usize>, key_path: String, message: String| {
            ConfigError::at(path, text, span.start, key_path, message)
        };
        let view = file.view;
        if let Some(order) = view.order {
            self.view.order = match order.get_ref().as_str() {
                "thread" => Order::Thread,
                "time" => Order::Time,
                other => {
                    return Err(at(
                        order.span(),
                        "view.order".to_owned(),
                        format!("unknown order \"{}\" (thread or time)", other.escape_debug()),
                    ));
                }
            };
        }
        if let Some(width) = view.max_text_width {
            self.view.max_text_width =
                u16::try_from(*width.get_ref()).ok().filter(|w| *w == 0 || *w >= 20).ok_or_else(|| {
                    at(width.span(), "view.max-text-width".to_owned(), "must be 0 or 20 to 65535".to_owned())
                })?;
        }
        self.view.mouse = view.mouse.unwrap_or(self.view.mouse);
        self.view.side_pane = view.side_pane.unwrap_or(self.view.side_pane);
        self.view.fold_repeats = view.fold_repeats.unwrap_or(self.view.fold_repeats);
        if let Some(opener) = view.opener {
            self.view.opener = Some(opener).filter(|o| !o.trim().is_empty());
        }
        file.theme.apply(&mut self.palette).map_err(|(span, key, message)| at(span, key, message))?;
        for (context, table) in [
            (KeyContext::Thread, file.keys.thread),
            (KeyContext::References, file.keys.references),
            (KeyContext::Prompt, file.keys.prompt),
        ] {
            let bindings = keys::bindings(context, table.unwrap_or_default())
                .map_err(|(span, key, message)| at(span, key, message))?;
            self.bindings.extend(bindings);
        }
        Ok(())
    }

    /// The key bindings: the defaults with the user's changes.
    pub fn keymap(&self) -> Keymap {
        Keymap::with_overrides(&self.bindings)
    }

    /// The effective configuration as TOML, every key written out, so a
    /// user can start from it.
    pub fn to_toml(&self) -> String {
        use std::fmt::Write as _;
        let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
        let mut out = String::new();
        match &self.source {
            Some(path) => {
                let _ =
                    writeln!(out, "# tread's configuration: the defaults with {} laid over.", path.display());
            }
            None => out.push_str("# tread's configuration: the defaults (no configuration file).\n"),
        }
        let view = &self.view;
        out.push_str("\n[view]\n");
        let _ = writeln!(out, "order = {}", quote(view.order.name()));
        let _ = writeln!(out, "mouse = {}", view.mouse);
        let _ = writeln!(out, "side-pane = {}", view.side_pane);
        let _ = writeln!(out, "max-text-width = {}", view.max_text_width);
        let _ = writeln!(out, "opener = {}", quote(view.opener.as_deref().unwrap_or_default()));
        let _ = writeln!(out, "fold-repeats = {}", view.fold_repeats);
        out.push_str("\n[theme]\n");
        out.push_str(&theme::write(&self.palette));
        let keymap = self.keymap();
        for context in KeyContext::ALL {
            let _ = writeln!(out, "\n[keys.{}]", context.name());
            let bound = keymap.bindings(context);
            for (keys, action) in &bound {
                let _ = writeln!(out, "{} = {}", quote(&chord_label(keys)), quote(action.name()));
            }
            // Defaults the user removed stay removed when this is read back.
            for (keys, _) in Keymap::default().bindings(context) {
                if !bound.iter().any(|(k, _)| *k == keys) {
                    let _ = writeln!(out, "{} = {}", quote(&chord_label(&keys)), quote(keys::UNBIND));
                }
            }
        }
        out
    }
}

/// The closest of `candidates` to a misspelt `name`, if any is close.
fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::levenshtein(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1) && *distance < name.len())
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// A key as the path of an error writes it: bare when TOML allows, else quoted.
fn path_segment(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        key.to_owned()
    } else {
        toml::Value::String(key.to_owned()).to_string()
    }
}

#[cfg(test)]
mod tests;
