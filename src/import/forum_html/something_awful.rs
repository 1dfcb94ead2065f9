//! Something Awful (`showthread.php`, vBulletin-derived): one post per
//! `table.post`, the author in `dt.author`, the time in `td.postdate`, the
//! body in `td.postbody`.
//!
//! `X posted:` quotes (`div.bbc-block` with an `h4` and a `blockquote`)
//! become quote blocks with the author as labelled and, when the `h4` links
//! to `showthread.php?goto=post&postid=N`, the post it names. Code blocks
//! (`div.bbc-block.code`, `h5` "Perl code:") become code blocks with a
//! language. Edit notes stay as a last paragraph; signatures are dropped.
//! The page names no timezone: times are read as UTC.

use scraper::{ElementRef, Html, Node};

use super::page::{Css, selector};
use super::{Engine, Markup, PostParts, Signs, Stamp, child, has_class};
use crate::import::html_text;

const SOMETHING_AWFUL: &str = "https://forums.somethingawful.com";

pub(super) struct SomethingAwful;

static POST: Css = Css::new(|| selector("table.post"));
static BODY: Css = Css::new(|| selector("td.postbody"));
static AUTHOR: Css = Css::new(|| selector("dt.author"));
static DATE: Css = Css::new(|| selector("td.postdate"));
static MARKER: Css = Css::new(|| selector("table.post td.postbody"));
static CRUMB: Css = Css::new(|| selector("a.bclast"));
static TITLE: Css = Css::new(|| selector("title"));

impl Engine for SomethingAwful {
    fn name(&self) -> &'static str {
        "Something Awful"
    }

    fn signed(&self, signs: &Signs) -> bool {
        signs.body_id == "something_awful"
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&MARKER).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        html.select(&POST).collect()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        PostParts {
            id: post_id(post),
            number: None,
            author: post.select(&AUTHOR).next().map(html_text::plain_text).filter(|a| !a.is_empty()),
            time: post.select(&DATE).next().and_then(shown_time),
            body: post.select(&BODY).next(),
        }
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        let name = element.value().name();
        match name {
            "div" if has_class(element, "bbc-block") && has_class(element, "code") => {
                Some(code_block(element))
            }
            "div" if has_class(element, "bbc-block") => Some(quote(element)),
            "p" if has_class(element, "editedby") => {
                let note = html_text::plain_text(element);
                Some(if note.is_empty() { Markup::Drop } else { Markup::Paragraph(note) })
            }
            _ if has_class(element, "signature") => Some(Markup::Drop),
            "img" if is_smiley(element) => {
                let code = element.attr("title").or_else(|| element.attr("alt")).unwrap_or_default();
                Some(Markup::Inline(code.trim().to_owned()))
            }
            _ => None,
        }
    }

    /// The last breadcrumb names and links the thread; the page declares no
    /// address of its own, so relative links are the forum's.
    fn title_and_url(&self, html: &Html) -> Option<(Option<String>, Option<String>)> {
        if let Some(crumb) = html.select(&CRUMB).next() {
            let title = Some(html_text::plain_text(crumb)).filter(|t| !t.is_empty());
            let url = crumb
                .attr("href")
                .map(|h| html_text::resolve_href(Some(SOMETHING_AWFUL), h))
                .filter(|u| u.contains("://"));
            return Some((title, url));
        }
        let title = html.select(&TITLE).next().map(html_text::plain_text).filter(|t| !t.is_empty());
        Some((title, None))
    }

    fn base_url(&self, html: &Html) -> Option<String> {
        super::page::base_url(html).or_else(|| Some(SOMETHING_AWFUL.to_owned()))
    }
}

/// `post407741839` → `407741839`.
fn post_id(table: ElementRef<'_>) -> Option<String> {
    let id = table.attr("id")?;
    let digits = id.strip_prefix("post").unwrap_or(id);
    (!digits.is_empty()).then(|| digits.to_owned())
}

/// The date text of `td.postdate` (its own text, not its links').
fn shown_time(cell: ElementRef<'_>) -> Option<Stamp> {
    let own: String = cell
        .children()
        .filter_map(|child| match child.value() {
            Node::Text(text) => Some(text.to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let own = html_text::fold_whitespace(&own);
    (!own.is_empty()).then_some(Stamp::Shown(own))
}

fn is_smiley(img: ElementRef<'_>) -> bool {
    let src = img.attr("src").unwrap_or_default();
    let code = img.attr("title").or_else(|| img.attr("alt")).unwrap_or_default().trim();
    !code.is_empty()
        && (has_class(img, "sa-smilie") || src.contains("/smilies/") || src.contains("/emoticons/"))
}

/// `div.bbc-block.code`: `h5` "Perl code:" and a `pre`.
fn code_block(block: ElementRef<'_>) -> Markup<'_> {
    let Some(pre) = child(block, "pre") else {
        return Markup::Unwrap;
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
    Markup::Code { code: html_text::raw_text(pre), lang: code_lang.or(label_lang) }
}

/// `div.bbc-block`: `h4` "X posted:" (or "quote:") and a `blockquote`.
fn quote(block: ElementRef<'_>) -> Markup<'_> {
    let Some(body) = child(block, "blockquote") else {
        return Markup::Unwrap;
    };
    let heading = child(block, "h4");
    let label = heading.map(html_text::plain_text).unwrap_or_default();
    let linked = heading
        .and_then(|h| h.descendent_elements().find(|a| a.value().name() == "a"))
        .and_then(|a| a.attr("href"))
        .and_then(post_id_of_link);
    let (author, named) = parse_label(&label);
    Markup::Quote { body, author, source: linked.or(named) }
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
    use crate::format::{Block, Body, PostKey};
    use crate::import::ImportOptions;
    use crate::import::forum_html::import;
    use encoding_rs::WINDOWS_1252;

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
}
