//! What every engine needs from the page as a whole: its text in the right
//! charset, where relative links point, its title and topic address, and the
//! timezone its visible dates are written in.

use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::Regex;
use scraper::{ElementRef, Html, Selector};

use crate::import::{Warning, WarningKind, html_text};

pub(super) fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

/// A selector parsed once, on first use.
pub(super) type Css = LazyLock<Selector>;

/// Any link with an address.
pub(super) static ANY_LINK: Css = Css::new(|| selector("a[href]"));

/// The page as text, in the charset it declares (byte order mark, `<meta
/// charset>` or `http-equiv`), else UTF-8 when it is valid UTF-8, else
/// Windows-1252.
pub(super) fn decode(input: &[u8], warnings: &mut Vec<Warning>) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(input) {
        return encoding.decode_without_bom_handling(&input[bom..]).0.into_owned();
    }
    let provisional = if std::str::from_utf8(input).is_ok() { UTF_8 } else { WINDOWS_1252 };
    let text = provisional.decode_without_bom_handling(input).0.into_owned();
    match declared_charset(&text) {
        Some(declared) if declared == provisional => text,
        Some(declared) => {
            let (decoded, had_errors) = declared.decode_without_bom_handling(input);
            if had_errors {
                warnings.push(Warning::new(
                    WarningKind::Encoding,
                    "",
                    format_args!(
                        "the page declares {} but is not valid {}: bad bytes read as U+FFFD",
                        declared.name(),
                        declared.name()
                    ),
                ));
            }
            decoded.into_owned()
        }
        None if provisional == WINDOWS_1252 => {
            warnings.push(Warning::new(
                WarningKind::Encoding,
                "",
                "no charset declared and not valid UTF-8: read as Windows-1252",
            ));
            text
        }
        None => text,
    }
}

/// The `<head>` element (found without scanning the body).
pub(super) fn head(html: &Html) -> Option<ElementRef<'_>> {
    html.root_element().child_elements().find(|e| e.value().name() == "head")
}

/// The content of `<meta name="…">` in the head.
pub(super) fn head_meta(html: &Html, name: &str) -> Option<String> {
    static META: Css = Css::new(|| selector("meta[name][content]"));
    head(html)?
        .select(&META)
        .find(|m| m.attr("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .and_then(|m| m.attr("content"))
        .map(str::to_owned)
}

/// The first match of `css` in the head (the whole page when it has none)
/// that has `attr`, and its value.
fn in_head_first<'a>(html: &'a Html, css: &Selector, attr: &str) -> Option<&'a str> {
    match head(html) {
        Some(head) => head.select(css).find_map(|e| e.attr(attr)),
        None => html.select(css).find_map(|e| e.attr(attr)),
    }
}

/// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="…;
/// charset=x">`, looked for in the head only (the first 4 KiB of markup
/// before `</head>` would do for a browser; the whole head is cheap enough).
fn declared_charset(text: &str) -> Option<&'static Encoding> {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)"#).expect("valid regex")
    });
    let mut head_end =
        text.find("</head>").or_else(|| text.find("</HEAD>")).unwrap_or(text.len().min(64 * 1024));
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let head = &text[..head_end];
    META.captures_iter(head).find_map(|captures| Encoding::for_label(captures[1].as_bytes()))
}

/// An absolute address: `http(s)://…`.
fn absolute(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// The page's own address: the canonical link (made absolute against
/// `<base href>` when relative) or `og:url`.
pub(super) fn own_url(html: &Html) -> Option<String> {
    static CANONICAL: Css = Css::new(|| selector("link[rel=canonical]"));
    static OG_URL: Css = Css::new(|| selector("meta[property='og:url']"));
    let base = declared_base(html);
    let canonical = in_head_first(html, &CANONICAL, "href").map(|href| {
        let base_dir = base.as_deref().map(|b| b.rsplit_once('/').map_or(b, |(dir, _)| dir));
        html_text::resolve_href(base_dir, href)
    });
    canonical
        .filter(|u| absolute(u))
        .or_else(|| in_head_first(html, &OG_URL, "content").filter(|u| absolute(u)).map(str::to_owned))
}

fn declared_base(html: &Html) -> Option<String> {
    static BASE: Css = Css::new(|| selector("base[href]"));
    in_head_first(html, &BASE, "href").filter(|u| absolute(u)).map(str::to_owned)
}

/// Where relative links point: the directory of `<base href>`, else of the
/// page's own address.
pub(super) fn base_url(html: &Html) -> Option<String> {
    let url = declared_base(html).or_else(|| own_url(html))?;
    let url = url.split(['?', '#']).next().unwrap_or(&url);
    Some(url.rsplit_once('/').map_or(url, |(dir, _)| dir).to_owned())
}

/// The topic's address without the page it was on (`?page=3`, `/page-54`,
/// `&start=20`, SMF's `topic=12.50`), so that pages of one topic agree.
pub(super) fn topic_url(url: &str) -> String {
    static PAGE_PATH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"/page-?\d+/?$").expect("valid regex"));
    static SMF_START: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(topic=\d+)\.\d+").expect("valid regex"));
    let (url, _fragment) = url.split_once('#').unwrap_or((url, ""));
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let kept: Vec<&str> = query
        .split(['&', ';'])
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && !matches!(key, "page" | "start" | "sid" | "s" | "PHPSESSID")
        })
        .collect();
    let path = PAGE_PATH.replace(path, "/");
    let mut topic = path.into_owned();
    if !kept.is_empty() {
        topic.push('?');
        topic.push_str(&kept.join("&"));
    }
    SMF_START.replace(&topic, "${1}.0").into_owned()
}

/// The title: `og:title`, else `<title>`, without a "Page N" part.
pub(super) fn title(html: &Html) -> Option<String> {
    static OG_TITLE: Css = Css::new(|| selector("meta[property='og:title']"));
    static TITLE: Css = Css::new(|| selector("title"));
    static PAGE_PART: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s*[-|•–]\s*(page|strona|seite|página|страница)\s+\d+\b").expect("valid regex")
    });
    let raw = in_head_first(html, &OG_TITLE, "content")
        .map(html_text::fold_whitespace)
        .filter(|t| !t.is_empty())
        .or_else(|| {
            let in_head = head(html).and_then(|h| h.select(&TITLE).next());
            in_head.or_else(|| html.select(&TITLE).next()).map(html_text::plain_text)
        })?;
    let title = PAGE_PART.replace_all(&raw, "").trim().to_owned();
    (!title.is_empty()).then_some(title)
}

/// The offset from UTC, in seconds, of the dates the page shows, when it
/// says: "All times are GMT -5" (vBulletin), "All times are UTC - 5 hours [
/// DST ]" (phpBB; DST adds an hour).
pub(super) fn utc_offset(html: &Html) -> Option<i32> {
    static ALL_TIMES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"All times are (?:GMT|UTC)\s*(?:([+-])\s*(\d{1,2})(?:[:.](\d{2}))?)?(?:\s*hours?)?(\s*\[\s*DST\s*\])?")
            .expect("valid regex")
    });
    // The text node that says it, read with its element's other text
    // ("UTC [ <abbr>DST</abbr> ]" spans several nodes).
    let said = html
        .root_element()
        .descendants()
        .find(|node| node.value().as_text().is_some_and(|t| t.contains("All times are")))?;
    let text = said.parent().and_then(ElementRef::wrap).map(html_text::plain_text)?;
    let captures = ALL_TIMES.captures(&text)?;
    let sign = if captures.get(1).is_some_and(|s| s.as_str() == "-") { -1 } else { 1 };
    let hours: i32 = captures.get(2).map_or(0, |h| h.as_str().parse().unwrap_or(0));
    let minutes: i32 = captures.get(3).map_or(0, |m| m.as_str().parse().unwrap_or(0));
    let dst = if captures.get(4).is_some() { 3600 } else { 0 };
    Some(sign * (hours * 3600 + minutes * 60) + dst)
}

/// The text of the first element matching `css` inside `scope`.
pub(super) fn text_of(scope: ElementRef<'_>, css: &Selector) -> Option<String> {
    scope.select(css).next().map(html_text::plain_text).filter(|t| !t.is_empty())
}

/// The first element matching `css` inside `scope`.
pub(super) fn first<'a>(scope: ElementRef<'a>, css: &Selector) -> Option<ElementRef<'a>> {
    scope.select(css).next()
}

/// Digits at the end of `text` (`post_12345` → `12345`).
pub(super) fn trailing_digits(text: &str) -> Option<String> {
    let digits = text.trim_end_matches(|c: char| !c.is_ascii_digit());
    let start = digits.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    let found = &digits[start..];
    (!found.is_empty()).then(|| found.to_owned())
}

/// `#12` or `Reply #12` → 12.
pub(super) fn post_number(text: &str) -> Option<u64> {
    let at = text.find('#')?;
    let digits: String = text[at + 1..].trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_urls_drop_the_page() {
        assert_eq!(topic_url("https://f.org/threads/x.10402/page-54"), "https://f.org/threads/x.10402/");
        assert_eq!(topic_url("https://f.org/topic/1/?page=3"), "https://f.org/topic/1/");
        assert_eq!(
            topic_url("https://f.org/viewtopic.php?f=1&t=2&start=20"),
            "https://f.org/viewtopic.php?f=1&t=2"
        );
        assert_eq!(
            topic_url("https://f.org/index.php?topic=92066.50"),
            "https://f.org/index.php?topic=92066.0"
        );
        assert_eq!(topic_url("https://f.org/showthread.php/9-x/page2"), "https://f.org/showthread.php/9-x/");
    }

    #[test]
    fn offsets_from_the_footer() {
        let page = |footer: &str| Html::parse_document(&format!("<div>{footer}</div>"));
        assert_eq!(utc_offset(&page("All times are GMT -5. The time now is 10:00")), Some(-5 * 3600));
        assert_eq!(utc_offset(&page("All times are UTC [ <abbr>DST</abbr> ]")), Some(3600));
        assert_eq!(utc_offset(&page("All times are UTC + 5:30 hours")), Some(5 * 3600 + 1800));
        assert_eq!(utc_offset(&page("nothing")), None);
    }

    #[test]
    fn numbers_and_digits() {
        assert_eq!(post_number("Reply #12 on:"), Some(12));
        assert_eq!(post_number("# 3021"), Some(3021));
        assert_eq!(trailing_digits("post_message_5768670"), Some("5768670".into()));
        assert_eq!(trailing_digits("elComment_1071590"), Some("1071590".into()));
    }
}
