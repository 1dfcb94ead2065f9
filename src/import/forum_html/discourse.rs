//! A Discourse topic page saved from the browser: the rendered post stream,
//! one `article[data-post-id]#post_N` per post (N is the post number, the
//! id quotes use), `.names .username a` the author, the `data-time`
//! (milliseconds) of `.post-date` the time, `div.cooked` the body (likes and
//! the post menu sit outside it). The page as served without JavaScript
//! (`div.crawler-post` with `itemprop` author, `datePublished`, position and
//! text) is read too.
//!
//! Quotes: `aside.quote[data-username][data-post][data-topic]` with its
//! text in `blockquote`; a quote of another topic names no post here.

use scraper::{ElementRef, Html};

use super::page::{Css, first, post_number, selector, text_of, trailing_digits};
use super::time::unix;
use super::{Engine, Markup, PostParts, Signs, Stamp, child, has_class};
use crate::import::html_text;

pub(super) struct Discourse;

static MARKER: Css = Css::new(|| selector("article[data-post-id] .cooked, div.crawler-post"));
static ARTICLE: Css = Css::new(|| selector("article[data-post-id]"));
static CRAWLER_POST: Css = Css::new(|| selector("div.crawler-post, [itemtype$=DiscussionForumPosting]"));
static AUTHOR: Css = Css::new(|| selector(".names .first a, .names .username a, .names a"));
static TIME: Css = Css::new(|| selector(".post-date [data-time], .relative-date[data-time]"));
static COOKED: Css = Css::new(|| selector(".cooked"));
static CRAWLER_AUTHOR: Css = Css::new(|| selector(".creator [itemprop=name], [itemprop=author]"));
static CRAWLER_TIME: Css = Css::new(|| selector("time[datetime], [itemprop=datePublished]"));
static CRAWLER_POSITION: Css = Css::new(|| selector("[itemprop=position]"));
static CRAWLER_BODY: Css = Css::new(|| selector("[itemprop=text], [itemprop=articleBody]"));

impl Engine for Discourse {
    fn name(&self) -> &'static str {
        "Discourse"
    }

    fn signed(&self, signs: &Signs) -> bool {
        signs.generator.starts_with("Discourse")
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&MARKER).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        let rendered: Vec<_> = html.select(&ARTICLE).collect();
        if rendered.is_empty() { html.select(&CRAWLER_POST).collect() } else { rendered }
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        if post.value().name() == "article" {
            let number = post.attr("id").and_then(trailing_digits).and_then(|n| n.parse::<u64>().ok());
            return PostParts {
                id: number.map(|n| n.to_string()),
                number,
                author: text_of(post, &AUTHOR),
                time: first(post, &TIME).and_then(|t| t.attr("data-time")).and_then(unix),
                body: first(post, &COOKED),
            };
        }
        let number = text_of(post, &CRAWLER_POSITION).and_then(|p| post_number(&p));
        let time = first(post, &CRAWLER_TIME)
            .and_then(|t| t.attr("datetime").or_else(|| t.attr("content")))
            .map(|t| Stamp::Iso(t.to_owned()));
        PostParts {
            id: number.map(|n| n.to_string()),
            number,
            author: text_of(post, &CRAWLER_AUTHOR),
            time,
            body: first(post, &CRAWLER_BODY),
        }
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        if element.value().name() != "aside" || !has_class(element, "quote") {
            return None;
        }
        let body = child(element, "blockquote")?;
        // Quotes made without the quote button carry the name only in their
        // title ("HeadClot:").
        let author = element
            .attr("data-username")
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned)
            .or_else(|| {
                let title = element.child_elements().find(|c| has_class(*c, "title"))?;
                let name = html_text::plain_text(title);
                let name = name.trim().trim_end_matches(':').trim();
                (!name.is_empty()).then(|| name.to_owned())
            });
        let this_topic =
            element.ancestors().filter_map(ElementRef::wrap).find_map(|a| a.attr("data-topic-id"));
        let same_topic = match (element.attr("data-topic"), this_topic) {
            (Some(quoted), Some(this)) => quoted.trim() == this.trim(),
            _ => true,
        };
        let source = element.attr("data-post").filter(|_| same_topic).map(|p| p.trim().to_owned());
        Some(Markup::Quote { body, author, source })
    }
}
