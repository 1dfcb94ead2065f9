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
use super::{Engine, Markup, PostParts, Signs, Stamp, has_class};
use crate::import::html_text;

pub(super) struct XenForo2;

static MARKER: Css = Css::new(|| selector("article.message--post[data-content]"));
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

    fn signed(&self, signs: &Signs) -> bool {
        signs.html_id == "XF"
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

#[cfg(test)]
mod tests {
    use crate::format::{Block, Body};
    use crate::import::ImportOptions;
    use crate::import::forum_html::import;

    /// The quote, spoiler and code markup XenForo 2.1+ writes.
    fn post(id: u32, author: &str, body: &str) -> String {
        format!(
            "<article class=\"message message--post js-post\" data-author=\"{author}\" data-content=\"post-{id}\" id=\"js-post-{id}\">\
             <h4 class=\"message-name\"><a class=\"username\">{author}</a></h4>\
             <ul class=\"message-attribution-main\"><li><a><time class=\"u-dt\" datetime=\"2021-05-0{id}T10:00:00+0100\" data-time=\"1620000000\">May</time></a></li></ul>\
             <ul class=\"message-attribution-opposite\"><li><a href=\"/threads/t.1/post-{id}\">#{id}</a></li></ul>\
             <div class=\"message-content\"><article class=\"message-body js-selectToQuote\"><div class=\"bbWrapper\">{body}</div></article>\
             <div class=\"message-lastEdit\">Last edited: May 2, 2021</div></div>\
             <div class=\"reactionsBar\">Reactions: someone</div></article>"
        )
    }

    #[test]
    fn quotes_name_author_and_post() {
        let quote = "<blockquote data-attributes=\"member: 7\" data-quote=\"Ann\" data-source=\"post: 1\" class=\"bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote js-expandWatch\">\
             <div class=\"bbCodeBlock-title\"><a href=\"/goto/post?id=1\" class=\"bbCodeBlock-sourceJump\">Ann said:</a></div>\
             <div class=\"bbCodeBlock-content\"><div class=\"bbCodeBlock-expandContent js-expandContent\">first words</div>\
             <div class=\"bbCodeBlock-expandLink js-expandLink\"><a role=\"button\">Click to expand...</a></div></div></blockquote>reply\
             <div class=\"bbCodeBlock bbCodeBlock--code\"><div class=\"bbCodeBlock-title\">Code:</div><div class=\"bbCodeBlock-content\"><pre class=\"bbCodeCode\"><code class=\"language-rust\">let x = 1;</code></pre></div></div>\
             <blockquote class=\"bbCodeBlock bbCodeBlock--quote\" data-quote=\"Zed\" data-source=\"post: 99\"><div class=\"bbCodeBlock-content\">gone</div></blockquote>";
        let page = format!(
            "<html id=\"XF\"><body>{}{}</body></html>",
            post(1, "Ann", "first words"),
            post(2, "Bob", quote)
        );
        let imported = import(page.as_bytes(), &ImportOptions::default()).expect("imports");
        let file = imported.file;
        assert_eq!(file.posts[1].time.as_deref(), Some("2021-05-02T09:00:00Z"));
        assert_eq!(
            file.posts[1].body,
            Body::Blocks(vec![
                Block::Quote {
                    quote: Body::Blocks(vec![Block::Text("first words".into())]),
                    of: Some("1".into()),
                    author: Some("Ann".into())
                },
                Block::Text("reply".into()),
                Block::Code { code: "let x = 1;".into(), lang: Some("rust".into()) },
                Block::Quote {
                    quote: Body::Blocks(vec![Block::Text("gone".into())]),
                    of: None,
                    author: Some("Zed".into())
                },
            ])
        );
    }
}
