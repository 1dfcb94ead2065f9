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

/// Where a key is pressed: each has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyContext {
    Thread,
    /// The references pane, when it has the keys.
    References,
    /// The search, go-to and pipe prompts: the keys that close them; the
    /// others edit the line (readline keys) or are typed.
    Prompt,
}

impl KeyContext {
    pub const ALL: [KeyContext; 3] = [KeyContext::Thread, KeyContext::References, KeyContext::Prompt];

    /// The name in the configuration file (`[keys.thread]`).
    pub fn name(self) -> &'static str {
        match self {
            KeyContext::Thread => "thread",
            KeyContext::References => "references",
            KeyContext::Prompt => "prompt",
        }
    }

    /// The actions that mean something here.
    pub fn accepts(self, action: Action) -> bool {
        match self {
            KeyContext::Prompt => PROMPT_ACTIONS.contains(&action),
            KeyContext::Thread | KeyContext::References => true,
        }
    }
}

/// The prompt's own actions: Cancel closes it, Activate confirms it.
pub const PROMPT_ACTIONS: [Action; 2] = [Action::Cancel, Action::Activate];

/// One change to the default bindings: `action: None` unbinds the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: KeyContext,
    pub keys: Vec<KeyPress>,
    pub action: Option<Action>,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(KeyContext, Vec<KeyPress>, Action)>,
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
            // mutt's Tab and slrn's n are the pane switch and the next match here.
            (Action::NextUnread, vec![vec![c('.')]]),
            (Action::PrevUnread, vec![vec![c(',')]]),
            (Action::MarkThreadRead, vec![vec![c('c')]]),
            (Action::MarkPostUnread, vec![vec![c('m')]]),
            (Action::Redraw, vec![vec![ctrl('l')]]),
            (Action::Help, vec![vec![c('?')]]),
            (Action::Cancel, vec![vec![key(K::Esc)]]),
            (Action::Quit, vec![vec![c('q')], vec![ctrl('c')]]),
            (Action::Suspend, vec![vec![ctrl('z')]]),
        ];
        let mut bindings: Vec<(KeyContext, Vec<KeyPress>, Action)> = Vec::new();
        // The references pane starts from the same keys: j/k select, Enter follows, ...
        for context in [KeyContext::Thread, KeyContext::References] {
            for (action, seqs) in &table {
                bindings.extend(seqs.iter().map(|seq| (context, seq.clone(), *action)));
            }
        }
        let prompt_keys = [
            (key(K::Esc), Action::Cancel),
            (ctrl('c'), Action::Cancel),
            (ctrl('g'), Action::Cancel),
            (key(K::Enter), Action::Activate),
        ];
        for (keys, action) in prompt_keys {
            bindings.push((KeyContext::Prompt, vec![keys], action));
        }
        Self { bindings }
    }
}

impl Keymap {
    /// The default bindings changed by `overrides`, in order: each replaces
    /// whatever its keys did in its context (or unbinds them).
    pub fn with_overrides(overrides: &[Binding]) -> Self {
        let mut map = Self::default();
        for change in overrides {
            let same = |(context, keys, _): &(KeyContext, Vec<KeyPress>, Action)| {
                *context == change.context && *keys == change.keys
            };
            match (map.bindings.iter().position(same), change.action) {
                // Rebound in place, so the help keeps its order.
                (Some(at), Some(action)) => map.bindings[at].2 = action,
                (Some(at), None) => drop(map.bindings.remove(at)),
                (None, Some(action)) => map.bindings.push((change.context, change.keys.clone(), action)),
                (None, None) => {}
            }
        }
        map
    }

    /// Bindings that can never fire: a key that is also the start of a
    /// chord in the same context (`g` and `g g`). (context, key, chord).
    pub fn shadowed(&self) -> Vec<(KeyContext, Vec<KeyPress>, Vec<KeyPress>)> {
        let mut found = Vec::new();
        for (context, short, _) in &self.bindings {
            for (other, long, _) in &self.bindings {
                if context == other && long.len() > short.len() && long.starts_with(short) {
                    found.push((*context, short.clone(), long.clone()));
                }
            }
        }
        found
    }

    /// Every binding of a context, in the order of the help.
    pub fn bindings(&self, context: KeyContext) -> Vec<(Vec<KeyPress>, Action)> {
        let mut out: Vec<(Vec<KeyPress>, Action)> =
            self.bindings.iter().filter(|(c, _, _)| *c == context).map(|(_, k, a)| (k.clone(), *a)).collect();
        out.sort_by_key(|(_, action)| Action::ALL.iter().position(|a| a == action));
        out
    }

    /// Feeds one key of the thread pane; `pending` holds the chord so far
    /// and is cleared when the chord resolves either way.
    pub fn lookup(&self, pending: &mut Vec<KeyPress>, key: KeyPress) -> Lookup {
        self.lookup_in(KeyContext::Thread, pending, key)
    }

    /// Feeds one key pressed in `context`.
    pub fn lookup_in(&self, context: KeyContext, pending: &mut Vec<KeyPress>, key: KeyPress) -> Lookup {
        pending.push(key);
        let mut here = self.bindings.iter().filter(|(c, _, _)| *c == context);
        if let Some((_, _, action)) = here.clone().find(|(_, seq, _)| seq == pending) {
            pending.clear();
            return Lookup::Action(*action);
        }
        if here.any(|(_, seq, _)| seq.len() > pending.len() && seq.starts_with(pending)) {
            return Lookup::Pending;
        }
        // A broken chord: try the last key on its own.
        let retry = pending.len() > 1;
        pending.clear();
        if retry { self.lookup_in(context, pending, key) } else { Lookup::Unbound }
    }

    /// (keys, description and name) for every action of the thread pane, in
    /// help order, then the keys that are not actions: counts and the
    /// prompt's editing keys.
    pub fn help(&self) -> Vec<(String, String)> {
        let actions = Action::ALL.iter().map(|&action| {
            let keys: Vec<String> = self
                .bindings
                .iter()
                .filter(|(c, _, a)| *c == KeyContext::Thread && *a == action)
                .map(|(_, seq, _)| chord_label(seq))
                .collect();
            (keys.join(", "), format!("{} ({})", action.description(), action.name()))
        });
        let others = NOT_ACTIONS.iter().map(|&(keys, description)| (keys.to_owned(), description.to_owned()));
        actions.chain(others).collect()
    }
}

/// A chord as help writes it: `g g`, `Ctrl-d`.
pub fn chord_label(keys: &[KeyPress]) -> String {
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ")
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
        assert!(help.iter().any(|(k, d)| k == "g g, Home"
            && d == "Go to the top of the thread (with a count: to post number N) (top)"));
        assert!(help.iter().any(|(k, _)| k == "Ctrl-o, Backspace, Alt-←"));
    }
}

#[cfg(test)]
mod override_tests {
    use super::*;

    #[test]
    fn overrides_rebind_and_unbind_per_context() {
        let map = Keymap::with_overrides(&[
            Binding {
                context: KeyContext::Thread,
                keys: vec![KeyPress::plain('j')],
                action: Some(Action::Up),
            },
            Binding { context: KeyContext::Thread, keys: vec![KeyPress::plain('k')], action: None },
        ]);
        let mut pending = Vec::new();
        assert_eq!(map.lookup(&mut pending, KeyPress::plain('j')), Lookup::Action(Action::Up));
        assert_eq!(map.lookup(&mut pending, KeyPress::plain('k')), Lookup::Unbound);
        let refs = KeyContext::References;
        assert_eq!(map.lookup_in(refs, &mut pending, KeyPress::plain('j')), Lookup::Action(Action::Down));
        assert!(
            map.help()
                .iter()
                .any(|(keys, d)| keys == "j, ↑, k" || (keys.contains('j') && d.contains("(up)")))
        );
    }

    #[test]
    fn a_key_that_starts_a_chord_is_reported() {
        assert!(Keymap::default().shadowed().is_empty());
        let map = Keymap::with_overrides(&[Binding {
            context: KeyContext::Thread,
            keys: vec![KeyPress::plain('g')],
            action: Some(Action::Top),
        }]);
        let shadowed = map.shadowed();
        assert_eq!(shadowed.len(), 1);
        assert_eq!(chord_label(&shadowed[0].2), "g g");
    }

    #[test]
    fn the_prompt_has_its_own_keys() {
        let map = Keymap::default();
        let mut pending = Vec::new();
        let esc = KeyPress::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(map.lookup_in(KeyContext::Prompt, &mut pending, esc), Lookup::Action(Action::Cancel));
        assert_eq!(map.lookup_in(KeyContext::Prompt, &mut pending, KeyPress::plain('j')), Lookup::Unbound);
    }
}
