//! phpBB 3 (`viewtopic.php`), both of its styles:
//!
//! - prosilver (3.0–3.3): one `div.post#pN` per post, `p.author` with the
//!   author in `strong` (3.0) or `a.username(-coloured)` and the date as text
//!   or `time[datetime]` (3.2+), `div.content` the body, `div.signature`
//!   outside it;
//! - subsilver2 (3.0): a table row pair per post, `a[name=pN]` and
//!   `b.postauthor`, "Posted: date" in `div.postdetails`' neighbour, and
//!   `div.postbody` (the signature is a second `span.postbody`).
//!
//! Quotes: prosilver's `blockquote` with `cite` "X wrote:" (3.2+: a link to
//! `viewtopic.php?p=N#pN` and the date in `span.responsive-hide`),
//! `blockquote.uncited` without; subsilver2's `div.quotetitle` "X wrote:"
//! followed by `div.quotecontent`. Code: `dl.codebox` / `div.codetitle` +
//! `div.codecontent`. Dates are shown in the zone of the footer's "All
//! times are UTC - 5 hours [ DST ]".

use scraper::{ElementRef, Html};

use super::attribution::{author_from_header, post_id_in_href};
use super::page::{ANY_LINK, Css, first, selector, text_of, trailing_digits};
use super::{Engine, Markup, PostParts, Signs, Stamp, has_class, next_element, previous_element};
use crate::import::html_text;

pub(super) struct PhpBb;

static MARKER: Css = Css::new(|| selector("div.post[id^=p] div.postbody, b.postauthor"));
static PROSILVER_POST: Css = Css::new(|| selector("div.post[id^=p]"));
static SUBSILVER_ANCHOR: Css = Css::new(|| selector("a[name^=p]"));
static PROSILVER_AUTHOR: Css = Css::new(|| {
    selector("p.author a.username, p.author a.username-coloured, p.author strong, .postprofile dt a")
});
static PROSILVER_TIME: Css = Css::new(|| selector("p.author time[datetime]"));
static PROSILVER_INFO: Css = Css::new(|| selector("p.author"));
static PROSILVER_BODY: Css = Css::new(|| selector("div.content"));
static SUBSILVER_AUTHOR: Css = Css::new(|| selector("b.postauthor, .postauthor"));
static SUBSILVER_BODY: Css = Css::new(|| selector("div.postbody"));
static TOPIC_LINK: Css =
    Css::new(|| selector("h2.topic-title a, #page-body > h2 a, #pageheader h2 a, h2 > a[href*=viewtopic]"));
static SUBSILVER_DATE: Css = Css::new(|| selector("td.gensmall div"));

impl Engine for PhpBb {
    fn name(&self) -> &'static str {
        "phpBB 3"
    }

    fn signed(&self, signs: &Signs) -> bool {
        signs.body_id == "phpbb" || signs.copyright.contains("phpBB")
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&MARKER).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        let prosilver: Vec<_> = html
            .select(&PROSILVER_POST)
            .filter(|p| p.attr("id").is_some_and(|id| id[1..].bytes().all(|b| b.is_ascii_digit())))
            .collect();
        if !prosilver.is_empty() {
            return prosilver;
        }
        // subsilver2: the anchor `a[name=pN]` opens the post's first row;
        // the post is the pair of rows from there.
        html.select(&SUBSILVER_ANCHOR)
            .filter(|a| {
                a.attr("name").is_some_and(|n| n.len() > 1 && n[1..].bytes().all(|b| b.is_ascii_digit()))
            })
            .filter_map(|a| a.ancestors().filter_map(ElementRef::wrap).find(|e| e.value().name() == "tr"))
            .collect()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        if post.value().name() == "tr" {
            return read_subsilver(post);
        }
        let info = first(post, &PROSILVER_INFO);
        let time = first(post, &PROSILVER_TIME)
            .and_then(|t| t.attr("datetime"))
            .map(|t| Stamp::Iso(t.to_owned()))
            .or_else(|| info.and_then(shown_date_after_author));
        PostParts {
            id: post.attr("id").and_then(trailing_digits),
            number: None,
            author: text_of(post, &PROSILVER_AUTHOR),
            time,
            body: first(post, &PROSILVER_BODY),
        }
    }

    /// The topic heading names the topic (`<title>` adds the board's name).
    fn title_and_url(&self, html: &Html) -> Option<(Option<String>, Option<String>)> {
        let heading = html.select(&TOPIC_LINK).next()?;
        let title = Some(html_text::plain_text(heading)).filter(|t| !t.is_empty());
        let url = super::page::own_url(html).map(|u| super::page::topic_url(&u));
        Some((title, url))
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        let name = element.value().name();
        match name {
            "blockquote" => {
                let cite = element
                    .child_elements()
                    .flat_map(
                        |c| if c.value().name() == "div" { c.child_elements().collect() } else { vec![c] },
                    )
                    .find(|c| c.value().name() == "cite");
                let author = cite.and_then(|c| {
                    let link = c
                        .select(&ANY_LINK)
                        .find(|a| a.attr("href").is_some_and(|h| post_id_in_href(h).is_none()));
                    link.map(html_text::plain_text)
                        .filter(|a| !a.is_empty())
                        .or_else(|| author_from_header(&cite_text(c)))
                });
                let source = cite
                    .and_then(|c| c.select(&ANY_LINK).find_map(|a| a.attr("href").and_then(post_id_in_href)));
                Some(Markup::Quote { body: element, author, source })
            }
            "cite" => Some(Markup::Drop),
            "div" if has_class(element, "quotetitle") => Some(Markup::Drop),
            "div" if has_class(element, "quotecontent") => {
                let author = previous_element(element)
                    .filter(|t| has_class(*t, "quotetitle"))
                    .and_then(|t| author_from_header(&html_text::plain_text(t)));
                Some(Markup::Quote { body: element, author, source: None })
            }
            "div" if has_class(element, "codetitle") => Some(Markup::Drop),
            "div" if has_class(element, "codecontent") => {
                Some(Markup::Code { code: html_text::raw_text(element), lang: None })
            }
            "dl" | "div" if has_class(element, "codebox") => {
                let code = element.descendent_elements().find(|e| e.value().name() == "code")?;
                Some(Markup::Code { code: html_text::raw_text(code), lang: None })
            }
            _ if has_class(element, "signature") || has_class(element, "notice") => Some(Markup::Drop),
            _ => None,
        }
    }
}

/// A cite's own words without the date phpBB 3.2+ adds.
fn cite_text(cite: ElementRef<'_>) -> String {
    cite.children()
        .filter(|c| !ElementRef::wrap(*c).is_some_and(|e| has_class(e, "responsive-hide")))
        .filter_map(|c| match c.value() {
            scraper::Node::Text(t) => Some(t.to_string()),
            scraper::Node::Element(_) => ElementRef::wrap(c).map(html_text::plain_text),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "by <strong>X</strong> » Sun May 26, 2019 4:34 pm": what follows `»`.
fn shown_date_after_author(info: ElementRef<'_>) -> Option<Stamp> {
    let text = html_text::plain_text(info);
    let date = text.rsplit_once('»').map(|(_, d)| d)?.trim();
    (!date.is_empty()).then(|| Stamp::Shown(date.to_owned()))
}

/// subsilver2: the row holding `a[name=pN]` and `b.postauthor`; the date row
/// cell sits beside it, the body in the next row.
fn read_subsilver(row: ElementRef<'_>) -> PostParts<'_> {
    let id = row.select(&SUBSILVER_ANCHOR).find_map(|a| a.attr("name")).and_then(trailing_digits);
    let body_row = next_element(row).filter(|r| r.value().name() == "tr");
    let time = row
        .select(&SUBSILVER_DATE)
        .map(html_text::plain_text)
        .find_map(|t| t.split_once("Posted:").map(|(_, d)| d.trim().to_owned()))
        .map(Stamp::Shown);
    PostParts {
        id,
        number: None,
        author: text_of(row, &SUBSILVER_AUTHOR),
        time,
        body: body_row.and_then(|r| first(r, &SUBSILVER_BODY)),
    }
}

#[cfg(test)]
mod tests {
    use crate::format::{Block, Body};
    use crate::import::ImportOptions;
    use crate::import::forum_html::import;

    /// prosilver as phpBB 3.2/3.3 writes it: `time[datetime]`, cites that
    /// link the quoted post, the date in `span.responsive-hide`.
    fn post(id: u32, who: &str, content: &str) -> String {
        format!(
            "<div id=\"p{id}\" class=\"post has-profile bg2\"><div class=\"inner\">\
             <dl class=\"postprofile\"><dt><a href=\"./memberlist.php?mode=viewprofile&amp;u={id}\" class=\"username\">{who}</a></dt></dl>\
             <div class=\"postbody\"><div id=\"post_content{id}\"><h3><a href=\"#p{id}\">Re: tea</a></h3>\
             <p class=\"author\"><a href=\"./viewtopic.php?p={id}#p{id}\"><span class=\"sr-only\">Post</span></a>\
             <span class=\"responsive-hide\">by <strong><a href=\"./memberlist.php?mode=viewprofile&amp;u={id}\" class=\"username\">{who}</a></strong> &raquo; </span>\
             <time datetime=\"2020-05-0{id}T10:00:00+00:00\">Fri May 01, 2020 10:00 am</time></p>\
             <div class=\"content\">{content}</div><div id=\"sig{id}\" class=\"signature\">my signature</div></div></div></div></div>"
        )
    }

    #[test]
    fn cites_link_the_quoted_post() {
        let quote = "<blockquote cite=\"./viewtopic.php?p=1#p1\"><div><cite><a href=\"./memberlist.php?mode=viewprofile&amp;u=1\">Ann</a> wrote: \
                     <a href=\"./viewtopic.php?p=1#p1\" data-post-id=\"1\">\u{2191}</a><span class=\"responsive-hide\">Fri May 01, 2020 10:00 am</span></cite>\
                     green</div></blockquote>black<div class=\"codebox\"><p>Code: </p><pre><code>brew()</code></pre></div>";
        let page = format!(
            "<html><body id=\"phpbb\"><div id=\"page-body\"><h2 class=\"topic-title\"><a href=\"./viewtopic.php?t=5\">Tea</a></h2>{}{}</div>\
             <div class=\"copyright\">All times are <span title=\"UTC\">UTC</span></div></body></html>",
            post(1, "Ann", "green"),
            post(2, "Bob", quote)
        );
        let file = import(page.as_bytes(), &ImportOptions::default()).expect("imports").file;
        assert_eq!(file.title.as_deref(), Some("Tea"));
        let read: Vec<_> =
            file.posts.iter().map(|p| (p.id.as_str(), p.author.as_deref(), p.time.as_deref())).collect();
        assert_eq!(
            read,
            [
                ("1", Some("Ann"), Some("2020-05-01T10:00:00Z")),
                ("2", Some("Bob"), Some("2020-05-02T10:00:00Z"))
            ]
        );
        assert_eq!(
            file.posts[1].body,
            Body::Blocks(vec![
                Block::Quote {
                    quote: Body::Blocks(vec![Block::Text("green".into())]),
                    of: Some("1".into()),
                    author: Some("Ann".into())
                },
                Block::Text("black".into()),
                Block::Code { code: "brew()".into(), lang: None },
            ])
        );
    }
}
