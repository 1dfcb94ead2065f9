//! `[keys.thread]` and friends: `"g g" = "top"`, `"ctrl-d" = "half-page-down"`,
//! `"j" = "none"` to unbind. Key names are those the help shows (`Ctrl-d`,
//! `PgDn`, `Space`) or the usual spellings (`C-d`, `pagedown`, `space`).

use std::ops::Range;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use toml::Spanned;

use super::{KeyTable, did_you_mean, path_segment};
use crate::app::{Action, Binding, KeyContext, KeyPress, Keymap, PROMPT_ACTIONS, chord_label};

/// The action name that removes a default binding.
pub const UNBIND: &str = "none";

type Problem = (Range<usize>, String, String);

/// Reads `"g g"` as a chord of keys.
pub fn parse_chord(text: &str) -> Result<Vec<KeyPress>, String> {
    let keys: Vec<KeyPress> =
        text.split(' ').filter(|k| !k.is_empty()).map(parse_key).collect::<Result<_, _>>()?;
    if keys.is_empty() {
        return Err("no key named".to_owned());
    }
    Ok(keys)
}

fn parse_key(text: &str) -> Result<KeyPress, String> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    // `-` alone is the minus key; `Ctrl--` is Ctrl and minus.
    while let Some((prefix, after)) = rest.split_once('-').filter(|(p, a)| !p.is_empty() && !a.is_empty()) {
        modifiers |= match prefix.to_ascii_lowercase().as_str() {
            "c" | "ctrl" | "control" => KeyModifiers::CONTROL,
            "a" | "m" | "alt" | "meta" => KeyModifiers::ALT,
            "s" | "shift" => KeyModifiers::SHIFT,
            _ => return Err(format!("unknown modifier \"{prefix}\" (ctrl, alt or shift)")),
        };
        rest = after;
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_control() => {
            return Err(format!(
                "a control character cannot be bound (write Ctrl- and a letter, or a key name) in \"{}\"",
                text.escape_debug()
            ));
        }
        // One character is that character, but the help writes arrows as ← ↑ → ↓.
        (Some(c), None) if named_key(rest).is_none() => {
            // Shift with a letter is the capital letter.
            if modifiers.contains(KeyModifiers::SHIFT) {
                KeyCode::Char(c.to_ascii_uppercase())
            } else {
                KeyCode::Char(c)
            }
        }
        _ => named_key(rest).ok_or_else(|| {
            let names = NAMED_KEYS.iter().map(|(name, _)| *name);
            match did_you_mean(&rest.to_ascii_lowercase(), names) {
                Some(near) => format!("unknown key \"{rest}\" (did you mean \"{near}\"?)"),
                None => format!("unknown key \"{rest}\""),
            }
        })?,
    };
    Ok(KeyPress::new(code, modifiers))
}

/// Names of the keys that are not one character (lower case).
const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("space", KeyCode::Char(' ')),
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("↑", KeyCode::Up),
    ("↓", KeyCode::Down),
    ("←", KeyCode::Left),
    ("→", KeyCode::Right),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
];

fn named_key(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    if let Some((_, code)) = NAMED_KEYS.iter().find(|(n, _)| *n == lower) {
        return Some(*code);
    }
    let number: u8 = lower.strip_prefix('f')?.parse().ok()?;
    (1..=12).contains(&number).then_some(KeyCode::F(number))
}

/// The user's bindings of one context, checked: every key readable, every
/// action known and meaningful here, no key twice, no key hiding a chord.
pub(super) fn bindings(context: KeyContext, table: KeyTable) -> Result<Vec<Binding>, Problem> {
    let section = format!("keys.{}", context.name());
    let mut out: Vec<(Spanned<String>, Binding)> = Vec::new();
    for (key, action) in table {
        let path = format!("{section}.{}", path_segment(key.get_ref()));
        let keys = parse_chord(key.get_ref()).map_err(|message| (key.span(), path.clone(), message))?;
        if context == KeyContext::Prompt && keys.len() > 1 {
            return Err((key.span(), path, "the prompt takes single keys, not chords".to_owned()));
        }
        let name = action.get_ref().as_str();
        let action_value = if name == UNBIND {
            None
        } else {
            let found = Action::from_name(name).ok_or_else(|| {
                let names = Action::ALL.iter().map(|a| a.name()).chain([UNBIND]);
                let message = match did_you_mean(name, names) {
                    Some(near) => format!("unknown action \"{name}\" (did you mean \"{near}\"?)"),
                    None => format!("unknown action \"{name}\" (`tread config` lists them)"),
                };
                (action.span(), path.clone(), message)
            })?;
            if !context.accepts(found) {
                let allowed: Vec<&str> = PROMPT_ACTIONS.iter().map(|a| a.name()).collect();
                return Err((
                    action.span(),
                    path,
                    format!("\"{name}\" does nothing in the prompt (it takes {})", allowed.join(", ")),
                ));
            }
            Some(found)
        };
        if let Some((earlier, _)) = out.iter().find(|(_, b)| b.keys == keys) {
            return Err((
                key.span(),
                path,
                format!("the same key as \"{}\" in this context, bound twice", earlier.get_ref()),
            ));
        }
        out.push((key, Binding { context, keys, action: action_value }));
    }
    let bindings: Vec<Binding> = out.iter().map(|(_, b)| b.clone()).collect();
    // A key that starts a chord makes the chord unreachable: say which.
    let keymap = Keymap::with_overrides(&bindings);
    if let Some((_, short, long)) = keymap.shadowed().into_iter().find(|(c, _, _)| *c == context) {
        let (span, key) = out
            .iter()
            .find(|(_, b)| b.keys == short || b.keys == long)
            .map(|(k, _)| (k.span(), k.get_ref().clone()))
            .unwrap_or_default();
        return Err((
            span,
            format!("{section}.{}", path_segment(&key)),
            format!(
                "\"{}\" starts the chord \"{}\", which could never be typed (unbind one with \"none\")",
                chord_label(&short),
                chord_label(&long)
            ),
        ));
    }
    Ok(bindings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_help_shows_reads_back() {
        for context in KeyContext::ALL {
            for (keys, _) in Keymap::default().bindings(context) {
                assert_eq!(parse_chord(&chord_label(&keys)), Ok(keys.clone()), "{}", chord_label(&keys));
            }
        }
    }

    #[test]
    fn usual_spellings_are_read() {
        let ctrl_d = KeyPress::ctrl('d');
        assert_eq!(parse_chord("C-d"), Ok(vec![ctrl_d]));
        assert_eq!(parse_chord("ctrl-d"), Ok(vec![ctrl_d]));
        assert_eq!(parse_chord("g g"), Ok(vec![KeyPress::plain('g'); 2]));
        assert_eq!(parse_chord("shift-g"), Ok(vec![KeyPress::plain('G')]));
        assert_eq!(parse_chord("-"), Ok(vec![KeyPress::plain('-')]));
        assert_eq!(parse_chord("pagedown"), parse_chord("PgDn"));
        assert_eq!(parse_chord("F5"), Ok(vec![KeyPress::new(KeyCode::F(5), KeyModifiers::NONE)]));
        assert_eq!(parse_chord("hyper-x"), Err("unknown modifier \"hyper\" (ctrl, alt or shift)".to_owned()));
        assert_eq!(parse_chord("pgdwn"), Err("unknown key \"pgdwn\" (did you mean \"pgdn\"?)".to_owned()));
        assert!(parse_chord("  ").is_err());
        assert!(parse_chord("\u{1b}").unwrap_err().starts_with("a control character cannot be bound"));
    }
}
