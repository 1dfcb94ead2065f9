//! MyBB 1.8 (`showthread.php`): one `div.post#post_N` per post,
//! `.post_author .largetext a` (or `.author_information a`) the author,
//! `span.post_date` the shown date (its `title` holds the full date when it
//! shows "Yesterday"), `a.posturl` / `.post_head a` "#12" the number,
//! `div.post_body#pid_N` the body (signature and edit note sit outside
//! it).
//!
//! Quotes: `blockquote.mycode_quote` whose `cite` holds the date span, "X
//! Wrote:" and an empty link to `?pid=N#pidN`; a bare "Quote:" cite has no
//! author. Code: `div.codeblock` with `div.title` "Code:".

use scraper::{ElementRef, Html, Node};

use super::attribution::{author_from_header, post_id_in_href};
use super::page::{ANY_LINK, Css, first, post_number, selector, text_of, trailing_digits};
use super::{Engine, Markup, PostParts, Stamp, child, has_class};
use crate::import::html_text;

pub(super) struct MyBb;

static MARKER: Css = Css::new(|| selector("div.post_body[id^=pid_]"));
static POST: Css = Css::new(|| selector("div.post[id^=post_]"));
static AUTHOR: Css =
    Css::new(|| selector(".post_author .largetext a, .author_information strong a, .author_information a"));
static DATE: Css = Css::new(|| selector("span.post_date"));
static COUNT: Css = Css::new(|| selector(".post_head a.posturl, .post_head a[href*='pid']"));
static BODY: Css = Css::new(|| selector("div.post_body[id^=pid_]"));

impl Engine for MyBb {
    fn name(&self) -> &'static str {
        "MyBB"
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&MARKER).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        html.select(&POST).filter(|p| p.select(&BODY).next().is_some()).collect()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        let date = first(post, &DATE).and_then(|d| {
            let shown = d.children().filter_map(|c| match c.value() {
                Node::Text(t) => Some(t.to_string()),
                _ => None,
            });
            let shown = html_text::fold_whitespace(&shown.collect::<Vec<_>>().join(" "));
            let titled = d.descendent_elements().find_map(|e| e.attr("title").map(str::to_owned));
            titled.or_else(|| (!shown.is_empty()).then_some(shown))
        });
        PostParts {
            id: post.attr("id").and_then(trailing_digits),
            number: post.select(&COUNT).map(html_text::plain_text).find_map(|n| post_number(&n)),
            author: text_of(post, &AUTHOR),
            time: date.map(Stamp::Shown),
            body: first(post, &BODY),
        }
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        match element.value().name() {
            "blockquote" if has_class(element, "mycode_quote") => {
                let cite = child(element, "cite");
                let author = cite.and_then(|c| {
                    // The date span first, then "X Wrote:".
                    let words: String = c
                        .children()
                        .filter_map(|n| match n.value() {
                            Node::Text(t) => Some(t.to_string()),
                            _ => None,
                        })
                        .collect();
                    author_from_header(&words)
                });
                let source = cite
                    .and_then(|c| c.select(&ANY_LINK).find_map(|a| a.attr("href").and_then(post_id_in_href)));
                Some(Markup::Quote { body: element, author, source })
            }
            "cite" => Some(Markup::Drop),
            "div" if has_class(element, "codeblock") => {
                let code = element.descendent_elements().find(|e| e.value().name() == "code")?;
                Some(Markup::Code { code: html_text::raw_text(code), lang: None })
            }
            "div" if has_class(element, "signature") || has_class(element, "post_edit") => Some(Markup::Drop),
            _ => None,
        }
    }
}
