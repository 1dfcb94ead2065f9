//! vBulletin 3 (`showthread.php`, 3.x default style): one `table[id^=post]`
//! per post, `a.bigusername` the author, the date as text in the first
//! `td.thead`, `#postcount` the number, `div[id^=post_message_]` the body.
//!
//! Quotes are `div` boxes holding `div.smallfont` "Quote:" and a table whose
//! `td.alt2` holds either the quoted text alone or "Originally Posted by
//! <strong>X</strong>" with a link to `showthread.php?p=N#postN` and the
//! text in the next `div`. Dates are shown in the zone of the footer's "All
//! times are GMT -5".

use scraper::{ElementRef, Html, Node};

use super::attribution::post_id_in_href;
use super::page::{Css, first, post_number, selector, text_of, trailing_digits};
use super::{Engine, Markup, PostParts, Signs, Stamp, child, has_class};
use crate::import::html_text;

pub(super) struct VBulletin3;

static MARKER: Css = Css::new(|| selector("table[id^=post] div[id^=post_message_]"));
static POST: Css = Css::new(|| selector("table[id^=post]"));
static AUTHOR: Css = Css::new(|| selector("a.bigusername, .bigusername"));
static HEAD: Css = Css::new(|| selector("td.thead"));
static COUNT: Css = Css::new(|| selector("a[id^=postcount]"));
static BODY: Css = Css::new(|| selector("div[id^=post_message_]"));
static QUOTE_CELL: Css = Css::new(|| selector("td.alt2"));

impl Engine for VBulletin3 {
    fn name(&self) -> &'static str {
        "vBulletin 3"
    }

    fn signed(&self, signs: &Signs) -> bool {
        signs.generator.starts_with("vBulletin 3")
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&MARKER).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        html.select(&POST)
            .filter(|table| table.attr("id").is_some_and(|id| id[4..].bytes().all(|b| b.is_ascii_digit())))
            .collect()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        PostParts {
            id: post.attr("id").and_then(trailing_digits),
            number: first(post, &COUNT)
                .map(html_text::plain_text)
                .and_then(|n| n.trim().parse().ok())
                .or_else(|| first(post, &HEAD).and_then(|h| post_number(&h.text().collect::<String>()))),
            author: text_of(post, &AUTHOR),
            time: first(post, &HEAD).and_then(own_text).map(Stamp::Shown),
            body: first(post, &BODY),
        }
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        if element.value().name() != "div" {
            return None;
        }
        let label = element
            .child_elements()
            .find(|d| d.value().name() == "div" && has_class(*d, "smallfont"))
            .map(html_text::plain_text)?;
        if !label.starts_with("Quote") {
            // "Code:", "PHP Code:", "HTML Code:" boxes hold a `pre`.
            let pre = element.descendent_elements().find(|e| e.value().name() == "pre")?;
            return Some(Markup::Code { code: html_text::raw_text(pre), lang: None });
        }
        let cell = child(element, "table")?.select(&QUOTE_CELL).next()?;
        let header = cell.child_elements().find(|d| {
            d.value().name() == "div" && html_text::plain_text(*d).starts_with("Originally Posted by")
        });
        let Some(header) = header else {
            return Some(Markup::Quote { body: cell, author: None, source: None });
        };
        let author = child(header, "strong").map(html_text::plain_text).filter(|a| !a.is_empty());
        let source =
            header.select(&super::page::ANY_LINK).find_map(|a| a.attr("href").and_then(post_id_in_href));
        let body = super::next_element(header).unwrap_or(cell);
        Some(Markup::Quote { body, author, source })
    }
}

/// The text directly inside an element (the date beside the status icon).
pub(super) fn own_text(element: ElementRef<'_>) -> Option<String> {
    let own: String = element
        .children()
        .filter_map(|child| match child.value() {
            Node::Text(text) => Some(text.to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let own = html_text::fold_whitespace(&own);
    (!own.is_empty()).then_some(own)
}
