//! Keys to actions, with chords (`g g`). The help overlay is generated
//! from this table, so it can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Action;

/// One key with its modifiers, normalised (Shift folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyPress {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeyPress {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        // Terminals report `G` as Shift+G or as G; treat both alike.
        let modifiers = match code {
            KeyCode::Char(_) | KeyCode::BackTab => modifiers - KeyModifiers::SHIFT,
            _ => modifiers,
        };
        Self { code, modifiers }
    }

    pub fn plain(c: char) -> Self {
        Self::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    pub fn ctrl(c: char) -> Self {
        Self::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    pub fn from_event(event: KeyEvent) -> Self {
        Self::new(event.code, event.modifiers)
    }

    /// How the key is written in help: `j`, `Ctrl-d`, `PgDn`, `Space`.
    pub fn label(self) -> String {
        let key = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::Backspace => "Backspace".to_owned(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        label + &key
    }
}

/// Keys handled before the keymap, listed after the actions in the help.
const NOT_ACTIONS: &[(&str, &str)] = &[
    ("1 … 9", "A count before a motion repeats it (5j, 3J, 10}); before G or g g: that post's number"),
    (
        "In a prompt",
        "Backspace, Delete, ←/→, Ctrl-a/Ctrl-e, Ctrl-u, Ctrl-k, Ctrl-w edit; ↑/↓ history; Enter; Esc",
    ),
];

/// What a key did to the pending chord.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    /// The key starts a chord; wait for the next one.
    Pending,
    Unbound,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Vec<KeyPress>, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        use KeyCode as K;
        let none = KeyModifiers::NONE;
        let key = |code| KeyPress::new(code, none);
        let c = KeyPress::plain;
        let ctrl = KeyPress::ctrl;
        let alt = |code| KeyPress::new(code, KeyModifiers::ALT);
        let table: Vec<(Action, Vec<Vec<KeyPress>>)> = vec![
            (Action::Down, vec![vec![c('j')], vec![key(K::Down)]]),
            (Action::Up, vec![vec![c('k')], vec![key(K::Up)]]),
            (Action::PageDown, vec![vec![c(' ')], vec![key(K::PageDown)], vec![ctrl('f')]]),
            (Action::PageUp, vec![vec![c('b')], vec![key(K::PageUp)], vec![ctrl('b')]]),
            (Action::HalfPageDown, vec![vec![ctrl('d')]]),
            (Action::HalfPageUp, vec![vec![ctrl('u')]]),
            (Action::Top, vec![vec![c('g'), c('g')], vec![key(K::Home)]]),
            (Action::Bottom, vec![vec![c('G')], vec![key(K::End)]]),
            (Action::ScrollLeft, vec![vec![c('h')], vec![key(K::Left)]]),
            (Action::ScrollRight, vec![vec![c('l')], vec![key(K::Right)]]),
            (Action::ScrollLineStart, vec![vec![c('0')]]),
            (Action::NextPost, vec![vec![c('J')]]),
            (Action::PrevPost, vec![vec![c('K')]]),
            (Action::NextTopLevel, vec![vec![c('}')]]),
            (Action::PrevTopLevel, vec![vec![c('{')]]),
            (Action::NextSibling, vec![vec![c(']')]]),
            (Action::PrevSibling, vec![vec![c('[')]]),
            (Action::Parent, vec![vec![c('u')], vec![c('P')]]),
            (Action::GoToPost, vec![vec![c(':')]]),
            (Action::ToggleFold, vec![vec![c('z')]]),
            (Action::CycleQuoteFolds, vec![vec![c('Z')], vec![c('T')]]),
            (Action::GoToTarget, vec![vec![c('p')]]),
            (Action::NextReply, vec![vec![c('r')]]),
            (Action::Back, vec![vec![ctrl('o')], vec![key(K::Backspace)], vec![alt(K::Left)]]),
            (Action::Forward, vec![vec![ctrl('n')], vec![alt(K::Right)]]),
            (Action::SwitchPane, vec![vec![key(K::Tab)]]),
            (Action::ToggleReferences, vec![vec![c('s')]]),
            (Action::ToggleLedger, vec![vec![c('U')]]),
            (Action::Activate, vec![vec![key(K::Enter)]]),
            (Action::OpenLink, vec![vec![c('o')]]),
            (Action::CopyLink, vec![vec![c('y')]]),
            (Action::PipePost, vec![vec![c('|')]]),
            (Action::Search, vec![vec![c('/')]]),
            (Action::NextMatch, vec![vec![c('n')]]),
            (Action::PrevMatch, vec![vec![c('N')]]),
            (Action::ToggleOrder, vec![vec![c('t')]]),
            (Action::Redraw, vec![vec![ctrl('l')]]),
            (Action::Help, vec![vec![c('?')]]),
            (Action::Cancel, vec![vec![key(K::Esc)]]),
            (Action::Quit, vec![vec![c('q')], vec![ctrl('c')]]),
            (Action::Suspend, vec![vec![ctrl('z')]]),
        ];
        let bindings = table
            .into_iter()
            .flat_map(|(action, seqs)| seqs.into_iter().map(move |seq| (seq, action)))
            .collect();
        Self { bindings }
    }
}

impl Keymap {
    /// Feeds one key; `pending` holds the chord so far and is cleared when
    /// the chord resolves either way.
    pub fn lookup(&self, pending: &mut Vec<KeyPress>, key: KeyPress) -> Lookup {
        pending.push(key);
        if let Some((_, action)) = self.bindings.iter().find(|(seq, _)| seq == pending) {
            pending.clear();
            return Lookup::Action(*action);
        }
        if self.bindings.iter().any(|(seq, _)| seq.len() > pending.len() && seq.starts_with(pending)) {
            return Lookup::Pending;
        }
        // A broken chord: try the last key on its own.
        let retry = pending.len() > 1;
        pending.clear();
        if retry { self.lookup(pending, key) } else { Lookup::Unbound }
    }

    /// (keys, description) for every action, in help order, then the keys
    /// that are not actions: counts and the prompt's editing keys.
    pub fn help(&self) -> Vec<(String, &'static str)> {
        let actions = Action::ALL.iter().map(|&action| {
            let keys: Vec<String> = self
                .bindings
                .iter()
                .filter(|(_, a)| *a == action)
                .map(|(seq, _)| seq.iter().map(|k| k.label()).collect::<Vec<_>>().join(" "))
                .collect();
            (keys.join(", "), action.description())
        });
        actions.chain(NOT_ACTIONS.iter().map(|&(keys, description)| (keys.to_owned(), description))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chords_resolve_and_broken_chords_fall_back() {
        let map = Keymap::default();
        let mut pending = Vec::new();
        assert_eq!(map.lookup(&mut pending, KeyPress::plain('g')), Lookup::Pending);
        assert_eq!(map.lookup(&mut pending, KeyPress::plain('g')), Lookup::Action(Action::Top));
        assert_eq!(map.lookup(&mut pending, KeyPress::plain('g')), Lookup::Pending);
        assert_eq!(map.lookup(&mut pending, KeyPress::plain('j')), Lookup::Action(Action::Down));
        assert!(pending.is_empty());
        assert_eq!(map.lookup(&mut pending, KeyPress::plain('x')), Lookup::Unbound);
    }

    #[test]
    fn shifted_letters_match_with_or_without_shift() {
        let map = Keymap::default();
        let mut pending = Vec::new();
        let shifted = KeyPress::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.lookup(&mut pending, shifted), Lookup::Action(Action::Bottom));
    }

    #[test]
    fn every_action_has_a_key_and_help_text() {
        for (keys, description) in Keymap::default().help() {
            assert!(!keys.is_empty(), "{description} has no key");
            assert!(!description.is_empty());
        }
        let help = Keymap::default().help();
        assert!(help.iter().any(|(k, d)| k == "g g, Home" && d.starts_with("Go to the top")));
        assert!(help.iter().any(|(k, _)| k == "Ctrl-o, Backspace, Alt-←"));
    }
}
