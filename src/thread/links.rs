//! URLs in post text, each post's link list and the thread-wide ledger.

use foldhash::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use linkify::{LinkFinder, LinkKind};
use memchr::memmem::Finder;

use super::PostId;

/// Byte ranges of the URLs in `text`: `http://`, `https://` and bare `www.`
/// hosts. Trailing punctuation and unbalanced closing brackets are left out,
/// balanced parentheses (Wikipedia style) kept.
pub fn find_urls(text: &str) -> Vec<Range<usize>> {
    // Most paragraphs have no URL: vectorised scans skip the finder for them.
    static SCHEME: OnceLock<Finder<'static>> = OnceLock::new();
    let scheme = SCHEME.get_or_init(|| Finder::new("://"));
    let bytes = text.as_bytes();
    if scheme.find(bytes).is_none() && !contains_ignore_case(bytes, b"www.") {
        return Vec::new();
    }
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
    finder
        .links(text)
        .filter(|link| {
            let s = link.as_str();
            starts_with_ignore_case(s, "http://")
                || starts_with_ignore_case(s, "https://")
                || starts_with_ignore_case(s, "www.")
        })
        .map(|link| {
            // linkify keeps typographic closing quotes; readers never mean them.
            let trimmed = link.as_str().trim_end_matches(['”', '’', '»', '›']);
            link.start()..link.start() + trimmed.len()
        })
        .collect()
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memchr2_iter(needle[0].to_ascii_lowercase(), needle[0].to_ascii_uppercase(), haystack).any(|at| {
        haystack[at..].len() >= needle.len() && haystack[at..at + needle.len()].eq_ignore_ascii_case(needle)
    })
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// A URL a post cites, with the title the file gave it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub url: String,
    pub title: Option<String>,
}

impl LinkRef {
    /// The host part, for the references pane (`www.npr.org`).
    pub fn host(&self) -> &str {
        let rest = self.url.split_once("://").map_or(self.url.as_str(), |(_, rest)| rest);
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = &rest[..end];
        host.rsplit_once('@').map_or(host, |(_, h)| h)
    }

    /// What a browser should be given: bare `www.` hosts get a scheme.
    pub fn openable_url(&self) -> String {
        if self.url.contains("://") || starts_with_ignore_case(&self.url, "mailto:") {
            self.url.clone()
        } else {
            format!("https://{}", self.url)
        }
    }
}

/// Every URL of the thread with the posts that cite it, in order of first citation.
#[derive(Debug, Clone, Default)]
pub struct LinkLedger {
    entries: Vec<LedgerEntry>,
    index: HashMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    pub url: String,
    pub posts: Vec<PostId>,
}

impl LinkLedger {
    pub(crate) fn cite(&mut self, url: &str, post: PostId) {
        let slot = if let Some(&slot) = self.index.get(url) {
            slot
        } else {
            self.entries.push(LedgerEntry { url: url.to_owned(), posts: Vec::new() });
            self.index.insert(url.to_owned(), self.entries.len() - 1);
            self.entries.len() - 1
        };
        let posts = &mut self.entries[slot].posts;
        if posts.last() != Some(&post) {
            posts.push(post);
        }
    }

    pub fn entries(&self) -> &[LedgerEntry] {
        &self.entries
    }

    pub fn get(&self, url: &str) -> Option<&LedgerEntry> {
        self.index.get(url).map(|&slot| &self.entries[slot])
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find_urls(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_schemes_and_bare_www() {
        assert_eq!(
            urls("See https://a.org/x, and www.b.com. Also http://c.net/p?q=1."),
            ["https://a.org/x", "www.b.com", "http://c.net/p?q=1"]
        );
    }

    #[test]
    fn brackets_are_handled_like_readers_expect() {
        assert_eq!(
            urls("(see https://en.wikipedia.org/wiki/Suicide_(disambiguation))"),
            ["https://en.wikipedia.org/wiki/Suicide_(disambiguation)"]
        );
        assert_eq!(urls("[https://x.org/a]"), ["https://x.org/a"]);
        assert_eq!(urls("“https://x.org/a”"), ["https://x.org/a"]);
    }

    #[test]
    fn bare_domains_without_www_are_not_links() {
        assert!(urls("example.com and foo.bar are not links").is_empty());
    }

    #[test]
    fn hosts_and_openable_urls() {
        let link = LinkRef { url: "https://user@www.npr.org/x?y".into(), title: None };
        assert_eq!(link.host(), "www.npr.org");
        let bare = LinkRef { url: "www.b.com/p".into(), title: None };
        assert_eq!(bare.host(), "www.b.com");
        assert_eq!(bare.openable_url(), "https://www.b.com/p");
        let mail = LinkRef { url: "mailto:ann@example.org".into(), title: None };
        assert_eq!(mail.openable_url(), "mailto:ann@example.org");
    }

    #[test]
    fn ledger_keeps_first_citation_order_and_dedupes() {
        let mut ledger = LinkLedger::default();
        ledger.cite("b", PostId(0));
        ledger.cite("a", PostId(0));
        ledger.cite("b", PostId(0));
        ledger.cite("b", PostId(2));
        assert_eq!(ledger.entries()[0], LedgerEntry { url: "b".into(), posts: vec![PostId(0), PostId(2)] });
        assert_eq!(ledger.len(), 2);
    }
}
