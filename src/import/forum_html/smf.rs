//! Simple Machines Forum 2 (`index.php?topic=N.0`): one `div.post_wrapper`
//! per post, `div.poster h4` the author, `div.keyinfo .smalltext` "« Reply
//! #12 on: date »" the number and the shown date, `div.inner#msg_N` the
//! body (signature and "Last Edit" sit outside it).
//!
//! Quotes: `div.quoteheader` "Quote from: X on date" linking to
//! `topic=N.msgM#msgM`, then the text in `blockquote.bbc_standard_quote`
//! (nested quotes alternate with `bbc_alternate_quote`), then an empty
//! `div.quotefooter`. Code: `div.codeheader` then `code.bbc_code`.

use scraper::{ElementRef, Html};

use super::attribution::{author_from_header, post_id_in_href};
use super::page::{ANY_LINK, Css, first, post_number, selector, text_of, trailing_digits};
use super::{Engine, Markup, PostParts, Stamp, has_class, previous_element};
use crate::import::html_text;

pub(super) struct Smf;

static MARKER: Css = Css::new(|| selector("div.post_wrapper div.inner[id^=msg_], #forumposts"));
static POST: Css = Css::new(|| selector("div.post_wrapper"));
static AUTHOR: Css = Css::new(|| selector("div.poster h4 a, div.poster h4"));
static KEYINFO: Css = Css::new(|| selector("div.keyinfo .smalltext"));
static BODY: Css = Css::new(|| selector("div.inner[id^=msg_]"));

impl Engine for Smf {
    fn name(&self) -> &'static str {
        "SMF 2"
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&MARKER).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        html.select(&POST).filter(|p| p.select(&BODY).next().is_some()).collect()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        let body = first(post, &BODY);
        let keyinfo = text_of(post, &KEYINFO).unwrap_or_default();
        // "« Reply #1 on: Fri, 13 October 2017, 21:58:50 »" (the first post
        // has no number: "« on: … »").
        let date = keyinfo
            .split_once("on:")
            .map(|(_, d)| d.trim().trim_end_matches('»').trim().to_owned())
            .filter(|d| !d.is_empty());
        PostParts {
            id: body.and_then(|b| b.attr("id")).and_then(trailing_digits),
            number: post_number(&keyinfo),
            author: text_of(post, &AUTHOR),
            time: date.map(Stamp::Shown),
            body,
        }
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        match element.value().name() {
            "div" if has_class(element, "quoteheader") || has_class(element, "quotefooter") => {
                Some(Markup::Drop)
            }
            "div" if has_class(element, "codeheader") => Some(Markup::Drop),
            "blockquote"
                if ["bbc_standard_quote", "bbc_alternate_quote"].iter().any(|c| has_class(element, c)) =>
            {
                let header = previous_element(element).filter(|h| has_class(*h, "quoteheader"));
                let author = header.and_then(|h| author_from_header(&html_text::plain_text(h)));
                let source = header
                    .and_then(|h| h.select(&ANY_LINK).find_map(|a| a.attr("href").and_then(post_id_in_href)));
                Some(Markup::Quote { body: element, author, source })
            }
            "code" if has_class(element, "bbc_code") => {
                Some(Markup::Code { code: html_text::raw_text(element), lang: None })
            }
            _ => None,
        }
    }
}
