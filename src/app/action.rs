//! Everything a key can do, by name. Each variant's doc line is its help text.

use std::sync::LazyLock;

macro_rules! actions {
    ($( #[doc = $doc:literal] $name:ident, )*) => {
        /// A named thing the reader can do; `App::apply` carries it out.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $( #[doc = $doc] $name, )*
        }

        impl Action {
            /// Every action, in help order.
            pub const ALL: &'static [Action] = &[$(Action::$name,)*];

            /// One line for the help overlay.
            pub fn description(self) -> &'static str {
                match self {
                    $( Action::$name => $doc.trim_ascii(), )*
                }
            }

            /// The variant's name as written in Rust, `NextPost`.
            fn variant_name(self) -> &'static str {
                match self {
                    $( Action::$name => stringify!($name), )*
                }
            }
        }
    };
}

actions! {
    /// Cursor down a row
    Down,
    /// Cursor up a row
    Up,
    /// Page down
    PageDown,
    /// Page up
    PageUp,
    /// Half a page down
    HalfPageDown,
    /// Half a page up
    HalfPageUp,
    /// Go to the top of the thread (with a count: to post number N)
    Top,
    /// Go to the bottom of the thread (with a count: to post number N)
    Bottom,
    /// Scroll a wide code line or block left
    ScrollLeft,
    /// Scroll a wide code line or block right
    ScrollRight,
    /// Scroll a wide line back to its start
    ScrollLineStart,
    /// Next post
    NextPost,
    /// Previous post
    PrevPost,
    /// Next top-level post (under a single root: its next direct reply)
    NextTopLevel,
    /// Previous top-level post (under a single root: its previous direct reply)
    PrevTopLevel,
    /// Next reply to the same post (next sibling)
    NextSibling,
    /// Previous reply to the same post (previous sibling)
    PrevSibling,
    /// Up to the parent post, from anywhere in a post
    Parent,
    /// Go to a post by its number or id (`:12` Enter)
    GoToPost,
    /// Fold or unfold the quote under the cursor (on a header: its replies)
    ToggleFold,
    /// Quotes: repeats folded (default) → all folded → all open → default
    CycleQuoteFolds,
    /// Go to the post answered, or from a quote to the quoted passage
    GoToTarget,
    /// Go to the focused post's first reply; again: the next one
    NextReply,
    /// Back to where the last jump started
    Back,
    /// Forward again after going back
    Forward,
    /// Switch between the thread and the references pane
    SwitchPane,
    /// Show or hide the references pane
    ToggleReferences,
    /// References pane: the focused post, or every link of the thread
    ToggleLedger,
    /// Open the selected item: follow a reference, open a link, unfold a quote
    Activate,
    /// Open the selected link in the browser
    OpenLink,
    /// Copy the selected link to the clipboard (OSC 52)
    CopyLink,
    /// Pipe the focused post, as `tread print` prints it, to a shell command
    PipePost,
    /// Search forward (smart case)
    Search,
    /// Next search match
    NextMatch,
    /// Previous search match
    PrevMatch,
    /// Thread order / time order, keeping the focused post in place
    ToggleOrder,
    /// Next unread post (with a count: the Nth on)
    NextUnread,
    /// Previous unread post (with a count: the Nth back)
    PrevUnread,
    /// Mark every post of the thread read
    MarkThreadRead,
    /// Mark the focused post unread
    MarkPostUnread,
    /// Redraw the whole screen
    Redraw,
    /// Show this help
    Help,
    /// Close the overlay or cancel
    Cancel,
    /// Quit (closes an overlay first)
    Quit,
    /// Suspend to the shell (resume with fg)
    Suspend,
}

/// The names of the actions in kebab-case, in [`Action::ALL`] order.
static NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    Action::ALL
        .iter()
        .map(|action| {
            let mut name = String::new();
            for c in action.variant_name().chars() {
                if c.is_ascii_uppercase() && !name.is_empty() {
                    name.push('-');
                }
                name.push(c.to_ascii_lowercase());
            }
            name
        })
        .collect()
});

impl Action {
    /// The name the configuration file and the help use: `next-post`.
    pub fn name(self) -> &'static str {
        let index = Action::ALL.iter().position(|&a| a == self).expect("every action is in ALL");
        &NAMES[index]
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

/// What `apply` asks the event loop to do outside the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open a URL with the user's browser.
    OpenUrl(String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Clear the terminal and draw everything again.
    Redraw,
    /// Run `command` with the shell, `input` on its standard input, the
    /// terminal given back to it meanwhile.
    Pipe {
        command: String,
        input: String,
    },
    Suspend,
    Quit,
}
