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
static CRAWLER_POST: Css = Css::new(|| selector("div.crawler-post"));
static OLD_CRAWLER_POST: Css = Css::new(|| selector("[itemtype$=DiscussionForumPosting]"));
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
        if !rendered.is_empty() {
            return rendered;
        }
        let crawler: Vec<_> = html.select(&CRAWLER_POST).collect();
        if crawler.is_empty() { html.select(&OLD_CRAWLER_POST).collect() } else { crawler }
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
        let number =
            text_of(post, &CRAWLER_POSITION).and_then(|p| post_number(&p).or_else(|| p.trim().parse().ok()));
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

#[cfg(test)]
mod tests {
    use crate::format::{Block, Body};
    use crate::import::ImportOptions;
    use crate::import::forum_html::import;

    /// The page Discourse serves without JavaScript (3.x crawler view).
    #[test]
    fn the_crawler_view_is_read_too() {
        let post = |n: u32, who: &str, body: &str| {
            format!(
                "<div id=\"post_{n}\" itemprop=\"comment\" itemscope itemtype=\"http://schema.org/Comment\" class=\"topic-body crawler-post\">\
                 <div class=\"crawler-post-meta\"><span class=\"creator\" itemprop=\"author\" itemscope><a itemprop=\"url\" href=\"/u/{who}\"><span itemprop=\"name\">{who}</span></a></span>\
                 <span class=\"crawler-post-infos\"><time itemprop=\"datePublished\" datetime=\"2023-01-0{n}T08:00:00Z\" class=\"post-time\">January {n}</time>\
                 <span itemprop=\"position\">{n}</span></span></div><div class=\"post\" itemprop=\"text\">{body}</div>\
                 <div itemprop=\"interactionStatistic\"><span class=\"post-likes\">3 Likes</span></div></div>"
            )
        };
        let quote = "<aside class=\"quote no-group\" data-username=\"ann\" data-post=\"1\" data-topic=\"7\"><div class=\"title\">ann:</div><blockquote><p>hello</p></blockquote></aside><p>hi</p>";
        let page = format!(
            "<html><head><meta name=\"generator\" content=\"Discourse 3.1.0 - https://github.com/discourse/discourse\"></head>\
             <body><div id=\"main-outlet\" itemscope itemtype=\"http://schema.org/DiscussionForumPosting\">{}{}</div></body></html>",
            post(1, "ann", "<p>hello</p>"),
            post(2, "bob", quote)
        );
        let file = import(page.as_bytes(), &ImportOptions::default()).expect("imports").file;
        let read: Vec<_> =
            file.posts.iter().map(|p| (p.id.as_str(), p.author.as_deref(), p.time.as_deref())).collect();
        assert_eq!(
            read,
            [
                ("1", Some("ann"), Some("2023-01-01T08:00:00Z")),
                ("2", Some("bob"), Some("2023-01-02T08:00:00Z"))
            ]
        );
        assert_eq!(
            file.posts[1].body,
            Body::Blocks(vec![
                Block::Quote {
                    quote: Body::Blocks(vec![Block::Text("hello".into())]),
                    of: Some("1".into()),
                    author: Some("ann".into())
                },
                Block::Text("hi".into()),
            ])
        );
    }
}
