//! `tread man`: the man page `clap_mangen` makes from the command line, with
//! the key table (from the default keymap, so it cannot disagree with the
//! help) and the files tread reads and writes.

use std::fmt::Write as _;

use clap::CommandFactory;

use crate::app::Keymap;
use crate::cli::Cli;

/// The whole page as roff.
pub fn render() -> std::io::Result<String> {
    let man = clap_mangen::Man::new(Cli::command());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    page.extend_from_slice(keys_section().as_bytes());
    page.extend_from_slice(FILES.as_bytes());
    man.render_extra_section(&mut page)?;
    man.render_version_section(&mut page)?;
    // Each piece starts with the same string definitions; once is enough.
    let page = String::from_utf8_lossy(&page).into_owned();
    let body = page.strip_prefix(ROFF_PREAMBLE).unwrap_or(&page).replace(ROFF_PREAMBLE, "");
    Ok(format!("{ROFF_PREAMBLE}{body}"))
}

/// What `clap_mangen` writes before every section it renders.
const ROFF_PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

fn keys_section() -> String {
    let mut out = String::from(
        ".SH KEYS\nIn the viewer (\\fB?\\fR shows the same table). Every action can be bound \
         to other keys in the configuration file, by the name in parentheses.\n",
    );
    for (keys, description) in Keymap::default().help() {
        let _ = write!(out, ".TP\n\\fB{}\\fR\n{}\n", escape(&keys), escape(&description));
    }
    out
}

const FILES: &str = r".SH FILES
.TP
\fI$XDG_CONFIG_HOME/tread/config.toml\fR (default \fI~/.config/tread/config.toml\fR)
The configuration: key bindings, colours and the viewer's defaults; \fB\-\-config\fR names another file.
\fBtread config\fR prints the effective configuration.
.TP
\fI$XDG_STATE_HOME/tread/\fR (default \fI~/.local/state/tread/\fR)
Read state, one file per thread: the posts read, the place left and the posts seen at the last visit.
\fBtread state \-\-list\fR lists it, \fBtread state \-\-forget FILE\fR deletes a thread's, \fB\-\-no\-state\fR leaves it alone.
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
When set to anything non-empty, no colour at all.
.TP
\fBBROWSER\fR
The commands that open http, https and mailto links (separated by :, tried in order; %s stands for the URL), unless the configuration names an \fBopener\fR.
";

/// Text safe for a roff line: backslashes and hyphens escaped, a leading
/// dot or quote neutralised, anything past ASCII as a named code point.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.starts_with(['.', '\'']) {
        out.push_str("\\&");
    }
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let _ = write!(out, "\\[u{:04X}]", u32::from(c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_specials_are_escaped() {
        assert_eq!(escape(".x"), "\\&.x");
        assert_eq!(escape("Ctrl-o, ←"), "Ctrl\\-o, \\[u2190]");
        assert_eq!(escape("a\\b"), "a\\eb");
    }
}
