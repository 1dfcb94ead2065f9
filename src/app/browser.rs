//! Opening links: which URLs may leave the viewer, and the commands that
//! open them. The decision is plain functions; only [`SystemOpener`] starts
//! a process.

use std::process::{Command, Stdio};

/// Opens URLs; replaceable so tests never launch a browser.
pub trait Opener {
    fn open(&self, url: &str) -> Result<(), String>;
}

/// The schemes handed to a browser. Others (`file:`, `javascript:`, a
/// program's own scheme) are refused, and since a scheme starts with a
/// letter, an opened URL can never be read as an option by the browser.
const OPENABLE_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// `Ok` if `url` may be given to a browser, else the status line saying why not.
pub fn check_openable(url: &str) -> Result<(), String> {
    let scheme = url.split_once(':').map(|(scheme, _)| scheme).filter(|scheme| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && OPENABLE_SCHEMES.iter().any(|known| scheme.eq_ignore_ascii_case(known))
    });
    if scheme.is_none() {
        return Err("not opened: only http, https and mailto links open".to_owned());
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("not opened: the link holds spaces or control characters".to_owned());
    }
    Ok(())
}

/// The commands to try, in order, to open `url` (already checked): each
/// entry of `browser` (`$BROWSER`: commands separated by `:`, `%s` standing
/// for the URL and `%%` for `%`, the URL appended when no `%s` is given),
/// else the platform's opener. Words are split on whitespace; no shell is
/// involved.
pub fn browser_commands(browser: Option<&str>, url: &str) -> Vec<Vec<String>> {
    let entries: Vec<Vec<String>> = browser
        .unwrap_or_default()
        .split(':')
        .map(|entry| command_line(entry, url))
        .filter(|argv| !argv.is_empty())
        .collect();
    if !entries.is_empty() {
        return entries;
    }
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    vec![vec![opener.to_owned(), url.to_owned()]]
}

/// One `$BROWSER` entry as an argument vector for `url`.
fn command_line(entry: &str, url: &str) -> Vec<String> {
    let mut substituted = false;
    let mut argv: Vec<String> = entry
        .split_whitespace()
        .map(|word| {
            let mut out = String::with_capacity(word.len());
            let mut chars = word.chars();
            while let Some(c) = chars.next() {
                if c != '%' {
                    out.push(c);
                    continue;
                }
                match chars.next() {
                    Some('s') => {
                        out.push_str(url);
                        substituted = true;
                    }
                    Some('%') | None => out.push('%'),
                    Some(other) => {
                        out.push('%');
                        out.push(other);
                    }
                }
            }
            out
        })
        .collect();
    if !argv.is_empty() && !substituted {
        argv.push(url.to_owned());
    }
    argv
}

/// The configured command (the configuration's `opener`), else `$BROWSER`
/// if set, else the platform's opener; both commands are written the same
/// way (see `browser_commands`) and the first that starts wins. Started
/// detached with its output discarded so it cannot draw over the screen.
#[derive(Debug, Default, Clone)]
pub struct SystemOpener {
    /// Replaces `$BROWSER` when set and not blank.
    pub command: Option<String>,
}

impl Opener for SystemOpener {
    fn open(&self, url: &str) -> Result<(), String> {
        check_openable(url)?;
        let configured = self.command.clone().filter(|command| !command.trim().is_empty());
        let browser = configured.or_else(|| std::env::var("BROWSER").ok());
        let mut failure = String::new();
        for argv in browser_commands(browser.as_deref(), url) {
            let started = Command::new(&argv[0])
                .args(&argv[1..])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn();
            match started {
                Ok(_) => return Ok(()),
                Err(e) => failure = format!("cannot start {}: {e}", argv[0]),
            }
        }
        Err(failure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(words: &[&str]) -> Vec<String> {
        words.iter().map(|&w| w.to_owned()).collect()
    }

    #[test]
    fn only_web_and_mail_links_open() {
        for url in [
            "https://example.org/a?b=c#d",
            "http://example.org",
            "mailto:ann@example.org",
            "HTTPS://EXAMPLE.ORG",
        ] {
            assert_eq!(check_openable(url), Ok(()), "{url}");
        }
        for url in [
            "-e",
            "--new-window=https://example.org",
            "-https://example.org",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ftp://example.org",
            "example.org",
            "",
            ":https",
            "https//example.org",
            "https://example.org/\x1b]52;c;AAAA\x07",
            "https://example.org/a b",
        ] {
            assert!(check_openable(url).is_err(), "{url:?} must not open");
        }
    }

    #[test]
    fn without_browser_the_platform_opener_gets_the_url_alone() {
        let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
        let expected = vec![argv(&[opener, "https://x.org"])];
        assert_eq!(browser_commands(None, "https://x.org"), expected);
        assert_eq!(browser_commands(Some(""), "https://x.org"), expected);
        assert_eq!(browser_commands(Some(" : "), "https://x.org"), expected);
    }

    #[test]
    fn browser_entries_are_tried_in_order_with_the_url_substituted_or_appended() {
        assert_eq!(
            browser_commands(Some("firefox --new-tab:w3m %s:lynx -dump %s:echo 100%% %q"), "https://x.org"),
            vec![
                argv(&["firefox", "--new-tab", "https://x.org"]),
                argv(&["w3m", "https://x.org"]),
                argv(&["lynx", "-dump", "https://x.org"]),
                argv(&["echo", "100%", "%q", "https://x.org"]),
            ]
        );
        assert_eq!(
            browser_commands(Some("open --url=%s"), "mailto:a@b.org"),
            vec![argv(&["open", "--url=mailto:a@b.org"])]
        );
    }

    #[test]
    fn a_url_is_never_an_option_of_the_command() {
        // Every accepted URL starts with a letter, so wherever it lands in
        // the argument vector it cannot start with '-'.
        for url in ["https://x.org", "mailto:a@b.org"] {
            assert!(check_openable(url).is_ok());
            for command in browser_commands(Some("browser:other %s"), url) {
                assert!(command.iter().skip(1).all(|arg| !arg.starts_with('-')), "{command:?}");
            }
        }
    }
}
