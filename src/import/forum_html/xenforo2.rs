//! XenForo 2 (`html#XF`): one `article.message--post[data-content=post-N]`
//! per post, `data-author` (or `.message-name`) the author, the first
//! `.message-attribution time[datetime]` the time, the `#N` link of
//! `.message-attribution-opposite` the number, `.message-body .bbWrapper`
//! the body (signature, reactions and "Last edited" sit outside it).
//!
//! Quotes: `blockquote.bbCodeBlock--quote` with `data-quote` (the author)
//! and `data-source="post: N"`, its title "X said:" linking to
//! `goto/post?id=N`, the text in `.bbCodeBlock-expandContent` (older 2.0:
//! `.bbCodeBlock-content`); "Click to expand..." is left out. Spoilers keep
//! their text; code blocks (`.bbCodeBlock--code`) become code.

use scraper::{ElementRef, Html};

use super::attribution::{author_from_header, post_id_in_href};
use super::page::{ANY_LINK, Css, first, selector, text_of, trailing_digits};
use super::{Engine, Markup, PostParts, Stamp, has_class};
use crate::import::html_text;

pub(super) struct XenForo2;

static MARKER: Css = Css::new(|| selector("html#XF, article.message--post[data-content]"));
static POST: Css = Css::new(|| selector("article.message--post[data-content^=post-]"));
static AUTHOR: Css = Css::new(|| selector(".message-name .username, .message-name"));
static TIME: Css = Css::new(|| {
    selector(
        ".message-attribution time[datetime], .message-attribution-main time[datetime], time.u-dt[datetime]",
    )
});
static COUNT: Css = Css::new(|| selector(".message-attribution-opposite a"));
static BODY: Css = Css::new(|| selector(".message-body .bbWrapper, .message-userContent .bbWrapper"));

impl Engine for XenForo2 {
    fn name(&self) -> &'static str {
        "XenForo 2"
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&MARKER).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        html.select(&POST).collect()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        let number = post
            .select(&COUNT)
            .map(html_text::plain_text)
            .find_map(|n| n.starts_with('#').then(|| super::page::post_number(&n)).flatten());
        PostParts {
            id: post.attr("data-content").and_then(trailing_digits),
            number,
            author: post
                .attr("data-author")
                .map(str::to_owned)
                .filter(|a| !a.is_empty())
                .or_else(|| text_of(post, &AUTHOR)),
            time: first(post, &TIME).and_then(|t| t.attr("datetime")).map(|t| Stamp::Iso(t.to_owned())),
            body: first(post, &BODY),
        }
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        if !has_class(element, "bbCodeBlock") {
            return match element.value().name() {
                "div" if has_class(element, "bbCodeBlock-expandLink") => Some(Markup::Drop),
                _ => None,
            };
        }
        if has_class(element, "bbCodeBlock--quote") {
            let title = element.descendent_elements().find(|e| has_class(*e, "bbCodeBlock-title"));
            let author = element
                .attr("data-quote")
                .map(str::to_owned)
                .filter(|a| !a.is_empty())
                .or_else(|| title.and_then(|t| author_from_header(&html_text::plain_text(t))));
            let source = element
                .attr("data-source")
                .and_then(|s| s.strip_prefix("post:"))
                .map(|id| id.trim().to_owned())
                .or_else(|| {
                    title.and_then(|t| {
                        t.select(&ANY_LINK).find_map(|a| a.attr("href").and_then(post_id_in_href))
                    })
                });
            let body = element
                .descendent_elements()
                .find(|e| has_class(*e, "bbCodeBlock-expandContent"))
                .or_else(|| element.descendent_elements().find(|e| has_class(*e, "bbCodeBlock-content")))
                .unwrap_or(element);
            return Some(Markup::Quote { body, author, source });
        }
        if has_class(element, "bbCodeBlock--code") {
            let code = element.descendent_elements().find(|e| e.value().name() == "code")?;
            let lang = code.value().classes().find_map(|c| c.strip_prefix("language-")).map(str::to_owned);
            return Some(Markup::Code { code: html_text::raw_text(code), lang });
        }
        if has_class(element, "bbCodeSpoiler") || has_class(element, "bbCodeBlock--spoiler") {
            return Some(Markup::Unwrap);
        }
        None
    }
}
