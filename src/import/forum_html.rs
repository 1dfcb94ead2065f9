//! Saved vBulletin-style forum pages (Something Awful's `showthread.php`):
//! one post per `table.post`, the author in `dt.author`, the time in
//! `td.postdate`, the body in `td.postbody`.
//!
//! `X posted:` quotes (`div.bbc-block` with an `h4` and a `blockquote`)
//! become quote blocks with the author as labelled and, when the `h4` links
//! to `showthread.php?goto=post&postid=N` and post N is on the page, `of`.
//! Code blocks (`div.bbc-block.code`, `h5` "Perl code:") become code blocks
//! with a language. Edit notes stay as a last paragraph; signatures are
//! dropped; smilies become their `:code:`. The charset is the page's own
//! (`<meta charset>`, a byte order mark) or, when none is declared, UTF-8 if
//! the bytes are valid UTF-8 and Windows-1252 otherwise.
//!
//! Forum pages are flat: no `reply_to` is invented. Times are written as the
//! page shows them, in a zone the page does not state; they are emitted as
//! UTC (see docs/import-html.md).

use std::collections::HashSet;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use scraper::{CaseSensitivity, ElementRef, Html, Node, Selector};

use super::html_text::{self, Converter, Rules, Special};
use super::{ImportError, ImportOptions, Imported, Kind, Warning, WarningKind};
use crate::format::{Body, Post, PostKey, ThreadFile};

const KIND: Kind = Kind::ForumHtml;
const SOMETHING_AWFUL: &str = "https://forums.somethingawful.com";

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

pub fn import(input: &[u8], options: &ImportOptions) -> Result<Imported, ImportError> {
    let mut warnings = Vec::new();
    let page = decode_page(input, &mut warnings);
    let html = Html::parse_document(&page);

    let posts_selector = selector("table.post");
    let tables: Vec<ElementRef<'_>> = html.select(&posts_selector).collect();
    if tables.is_empty() {
        return Err(ImportError::new(
            KIND,
            "",
            "no posts found: expected a saved forum thread page with `table.post` elements (vBulletin / Something Awful)",
        ));
    }
    let base = base_url(&html);
    let ids: Vec<Option<String>> = tables.iter().map(|t| post_id(*t)).collect();
    let mut rules = ForumRules {
        on_page: ids.iter().flatten().cloned().collect(),
        other_pages: options.one_page_of_several,
    };

    let (title, url) = title_and_url(&html, base.as_deref());
    let mut file = ThreadFile::new(title, url);
    let mut used = HashSet::new();
    let body_selector = selector("td.postbody");
    let author_selector = selector("dt.author");
    let date_selector = selector("td.postdate");
    for (index, (table, id)) in tables.iter().zip(&ids).enumerate() {
        let number = index + 1;
        let id = id.clone().unwrap_or_else(|| format!("p{number}"));
        if !used.insert(id.clone()) {
            warnings.push(Warning::new(
                WarningKind::Duplicate,
                format!("post {number} (id {id})"),
                "the id appears twice on the page; skipped",
            ));
            continue;
        }
        let Some(body) = table.select(&body_selector).next() else {
            warnings.push(Warning::new(
                WarningKind::Skipped,
                format!("post {number} (id {id})"),
                "no post body (`td.postbody`); skipped",
            ));
            continue;
        };
        let author =
            table.select(&author_selector).next().map(html_text::plain_text).filter(|a| !a.is_empty());
        let time = table.select(&date_selector).next().and_then(post_time);
        let blocks = Converter::new(&mut rules, base.as_deref()).children_of(body);
        file.posts.push(Post {
            id: PostKey::from(id),
            author,
            time,
            reply_to: None,
            body: Body::Blocks(blocks),
            links: Vec::new(),
        });
    }
    Ok(Imported { file, warnings })
}

/// The page as text, in the charset it declares, or UTF-8 when it is valid
/// UTF-8, or Windows-1252.
fn decode_page(input: &[u8], warnings: &mut Vec<Warning>) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(input) {
        return encoding.decode_without_bom_handling(&input[bom..]).0.into_owned();
    }
    let provisional = if std::str::from_utf8(input).is_ok() { UTF_8 } else { WINDOWS_1252 };
    let text = provisional.decode_without_bom_handling(input).0.into_owned();
    match declared_charset(&Html::parse_document(&text)) {
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

/// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="…; charset=x">`.
fn declared_charset(html: &Html) -> Option<&'static Encoding> {
    let metas = selector("meta");
    html.select(&metas).find_map(|meta| {
        let label = meta.attr("charset").map(str::to_owned).or_else(|| {
            let equiv = meta.attr("http-equiv")?;
            if !equiv.eq_ignore_ascii_case("content-type") {
                return None;
            }
            let content = meta.attr("content")?.to_ascii_lowercase();
            let at = content.find("charset=")?;
            Some(
                content[at + "charset=".len()..]
                    .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
                    .to_owned(),
            )
        })?;
        let label = label.split(';').next().unwrap_or_default().trim().to_owned();
        Encoding::for_label(label.as_bytes())
    })
}

/// Where relative links point: `<base href>`, the canonical link, or, for a
/// Something Awful page (which names neither), the forum's address.
fn base_url(html: &Html) -> Option<String> {
    let absolute = |url: &str| url.starts_with("http://") || url.starts_with("https://");
    let declared =
        [("base[href]", "href"), ("link[rel=canonical]", "href"), ("meta[property='og:url']", "content")]
            .iter()
            .find_map(|(css, attr)| {
                html.select(&selector(css)).find_map(|e| e.attr(attr)).filter(|u| absolute(u))
            });
    if let Some(url) = declared {
        // The directory of the page.
        let url = url.split(['?', '#']).next().unwrap_or(url);
        return Some(url.rsplit_once('/').map_or(url, |(dir, _)| dir).to_owned());
    }
    let body_is_sa = html.select(&selector("body#something_awful")).next().is_some();
    body_is_sa.then(|| SOMETHING_AWFUL.to_owned())
}

/// The thread title (the last breadcrumb, else `<title>`) and address.
fn title_and_url(html: &Html, base: Option<&str>) -> (Option<String>, Option<String>) {
    if let Some(crumb) = html.select(&selector("a.bclast")).next() {
        let title = Some(html_text::plain_text(crumb)).filter(|t| !t.is_empty());
        let url = crumb.attr("href").map(|h| html_text::resolve_href(base, h)).filter(|u| u.contains("://"));
        return (title, url);
    }
    let title = html.select(&selector("title")).next().map(html_text::plain_text).filter(|t| !t.is_empty());
    (title, None)
}

/// `post407741839` → `407741839`.
fn post_id(table: ElementRef<'_>) -> Option<String> {
    let id = table.attr("id")?;
    let digits = id.strip_prefix("post").unwrap_or(id);
    (!digits.is_empty()).then(|| digits.to_owned())
}

/// The date text of `td.postdate` (its own text, not its links'), as
/// RFC 3339 when it reads as `Sep 20, 2012 11:16` or `Jan 18, 2013 10:45 PM`,
/// else as written.
fn post_time(cell: ElementRef<'_>) -> Option<String> {
    let own: String = cell
        .children()
        .filter_map(|child| match child.value() {
            Node::Text(text) => Some(text.to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let own = html_text::fold_whitespace(&own);
    if own.is_empty() {
        return None;
    }
    ["%b %d, %Y %H:%M", "%b %d, %Y %I:%M %p"]
        .iter()
        .find_map(|format| jiff::civil::DateTime::strptime(format, &own).ok())
        .map_or(Some(own), |civil| Some(format!("{}Z", civil.strftime("%Y-%m-%dT%H:%M:%S"))))
}

struct ForumRules {
    on_page: HashSet<String>,
    /// Quotes may name posts on the thread's other pages.
    other_pages: bool,
}

fn has_class(element: ElementRef<'_>, class: &str) -> bool {
    element.value().has_class(class, CaseSensitivity::AsciiCaseInsensitive)
}

fn child<'a>(element: ElementRef<'a>, name: &str) -> Option<ElementRef<'a>> {
    element.child_elements().find(|c| c.value().name() == name)
}

impl Rules for ForumRules {
    fn special<'a>(&mut self, element: ElementRef<'a>) -> Option<Special<'a>> {
        let name = element.value().name();
        match name {
            "div" if has_class(element, "bbc-block") && has_class(element, "code") => {
                Some(code_block(element))
            }
            "div" if has_class(element, "bbc-block") => Some(self.quote(element)),
            "p" if has_class(element, "editedby") => {
                let note = html_text::plain_text(element);
                Some(if note.is_empty() { Special::Drop } else { Special::Paragraph(note) })
            }
            _ if has_class(element, "signature") => Some(Special::Drop),
            "img" if is_smiley(element) => {
                let code = element.attr("title").or_else(|| element.attr("alt")).unwrap_or_default();
                Some(Special::Inline(code.trim().to_owned()))
            }
            _ => None,
        }
    }
}

fn is_smiley(img: ElementRef<'_>) -> bool {
    let src = img.attr("src").unwrap_or_default();
    let code = img.attr("title").or_else(|| img.attr("alt")).unwrap_or_default().trim();
    !code.is_empty()
        && (has_class(img, "sa-smilie") || src.contains("/smilies/") || src.contains("/emoticons/"))
}

/// `div.bbc-block.code`: `h5` "Perl code:" and a `pre`.
fn code_block(block: ElementRef<'_>) -> Special<'_> {
    let Some(pre) = child(block, "pre") else {
        return Special::Unwrap;
    };
    let code_lang = child(pre, "code").and_then(|code| {
        code.value()
            .classes()
            .find(|c| !c.is_empty() && *c != "no-highlight" && *c != "nohighlight")
            .map(str::to_owned)
    });
    let label_lang = child(block, "h5").and_then(|h5| {
        let label = html_text::plain_text(h5);
        let lang = label.strip_suffix("code:")?.trim().to_lowercase();
        (!lang.is_empty()).then_some(lang)
    });
    Special::Code { code: html_text::raw_text(pre), lang: code_lang.or(label_lang) }
}

impl ForumRules {
    /// `div.bbc-block`: `h4` "X posted:" (or "quote:") and a `blockquote`.
    fn quote<'a>(&self, block: ElementRef<'a>) -> Special<'a> {
        let Some(body) = child(block, "blockquote") else {
            return Special::Unwrap;
        };
        let heading = child(block, "h4");
        let label = heading.map(html_text::plain_text).unwrap_or_default();
        let linked = heading
            .and_then(|h| h.descendent_elements().find(|a| a.value().name() == "a"))
            .and_then(|a| a.attr("href"))
            .and_then(post_id_of_link);
        let (author, named) = parse_label(&label);
        let of =
            linked.or(named).filter(|id| self.other_pages || self.on_page.contains(id)).map(PostKey::from);
        Special::Quote { body, of, author, before: None }
    }
}

/// `showthread.php?goto=post&postid=N#postN` → `N`.
fn post_id_of_link(href: &str) -> Option<String> {
    let query = href.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|pair| {
        let id = pair.strip_prefix("postid=")?;
        (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_owned())
    })
}

/// "X posted:" → X; "quote:" → nobody. A label mangled by mismatched
/// quotation marks, `Agronox" post="493812414 posted:`, gives the name and
/// the post id it meant.
fn parse_label(label: &str) -> (Option<String>, Option<String>) {
    let Some(name) = label.trim().strip_suffix("posted:").map(str::trim) else {
        return (None, None);
    };
    if let Some((who, rest)) = name.split_once("\" post=\"") {
        let id = rest.trim_matches('"');
        let id = (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_owned());
        return (Some(who.trim().to_owned()).filter(|w| !w.is_empty()), id);
    }
    (Some(name.to_owned()).filter(|n| !n.is_empty()), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Block;

    fn page(posts: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><title>T - The Something Awful Forums</title></head>\
             <body id=\"something_awful\"><a class=\"bclast\" href=\"showthread.php?threadid=7\">T</a>{posts}</body></html>"
        )
    }

    fn post(id: u64, author: &str, body: &str) -> String {
        format!(
            "<table class=\"post\" id=\"post{id}\"><tr><td class=\"userinfo\"><dl><dt class=\"author\">{author}</dt></dl></td>\
             <td class=\"postbody\">{body}<p class=\"editedby\"></td></tr>\
             <tr><td class=\"postdate\"><a href=\"#post{id}\">#</a> Sep 20, 2012 11:16</td></tr></table>"
        )
    }

    fn text(s: &str) -> Block {
        Block::Text(s.to_owned())
    }

    #[test]
    fn quotes_code_and_windows_1252() {
        let quote = "<div class=\"bbc-block\"><h4><a class=\"quote_link\" href=\"/showthread.php?goto=post&postid=1#post1\">Ann posted:</a></h4><blockquote>caf\u{e9}</blockquote></div><br />reply";
        let away = "<div class=\"bbc-block\"><h4><a class=\"quote_link\" href=\"/showthread.php?goto=post&postid=99#post99\">Bob posted:</a></h4><blockquote>gone</blockquote></div>";
        let code = "<div class=\"bbc-block code\"><h5>Perl code:</h5><pre><code class=\"perl\">my $x = 1;\n  print $x;</code></pre></div>";
        let html = page(
            &[
                post(
                    1,
                    "Ann",
                    "caf\u{e9}<br>\n<br>\n:) <img src=\"http://x/smilies/smile.gif\" title=\":)\">",
                ),
                post(2, "Cy", &format!("{quote}{away}{code}")),
            ]
            .concat(),
        );
        let (bytes, _, _) = WINDOWS_1252.encode(&html);
        let imported = import(&bytes, &ImportOptions::default()).expect("imports");
        let file = &imported.file;
        assert_eq!(imported.warnings, ["no charset declared and not valid UTF-8: read as Windows-1252"]);
        assert_eq!(file.title.as_deref(), Some("T"));
        assert_eq!(file.url.as_deref(), Some("https://forums.somethingawful.com/showthread.php?threadid=7"));
        assert_eq!(file.posts[0].time.as_deref(), Some("2012-09-20T11:16:00Z"));
        assert_eq!(file.posts[0].body, Body::Blocks(vec![text("café"), text(":) :)")]));
        assert_eq!(
            file.posts[1].body,
            Body::Blocks(vec![
                Block::Quote {
                    quote: Body::Blocks(vec![text("café")]),
                    of: Some(PostKey::from("1")),
                    author: Some("Ann".into())
                },
                text("reply"),
                Block::Quote {
                    quote: Body::Blocks(vec![text("gone")]),
                    of: None,
                    author: Some("Bob".into())
                },
                Block::Code { code: "my $x = 1;\n  print $x;".into(), lang: Some("perl".into()) },
            ])
        );
    }

    #[test]
    fn declared_charset_wins() {
        let html = format!("<meta charset=\"utf-8\">{}", page(&post(5, "A", "na\u{ef}ve")));
        let imported = import(html.as_bytes(), &ImportOptions::default()).expect("imports");
        assert!(imported.warnings.is_empty());
        assert_eq!(imported.file.posts[0].body, Body::Blocks(vec![text("naïve")]));
    }

    #[test]
    fn labels() {
        assert_eq!(
            parse_label("Agronox\" post=\"493812414 posted:"),
            (Some("Agronox".into()), Some("493812414".into()))
        );
        assert_eq!(parse_label("quote:"), (None, None));
        assert_eq!(parse_label("DAVE!!!(c)(tm) posted:"), (Some("DAVE!!!(c)(tm)".into()), None));
        assert_eq!(
            post_id_of_link("/showthread.php?goto=post&postid=407732523#post407732523").as_deref(),
            Some("407732523")
        );
    }

    #[test]
    fn a_page_without_posts_is_an_error() {
        let error = import(b"<html><body><p>hello</p></body></html>", &ImportOptions::default()).unwrap_err();
        assert!(error.to_string().starts_with("read as forum-html: no posts found"), "{error}");
    }
}
