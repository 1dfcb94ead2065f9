//! vBulletin 5 (`/forum/…/12345-topic`, 5.x default theme): one
//! `li.b-post[data-node-id]` per post, `.b-userinfo .author` the author,
//! `time[datetime]` (the site's local time without a zone, read as UTC), `a.b-post__count` the
//! number, `.js-post__content-text` the body. Quotes are written as in
//! vBulletin 4 (`div.bbcode_quote`), linking to `?p=N#postN`.

use scraper::{ElementRef, Html};

use super::page::{Css, first, selector, text_of};
use super::{Engine, Markup, PostParts, Signs, Stamp};

pub(super) struct VBulletin5;

static POST: Css = Css::new(|| selector("li.b-post[data-node-id]"));
static AUTHOR: Css = Css::new(|| selector(".b-userinfo .author, [itemprop=author] [itemprop=name]"));
static TIME: Css = Css::new(|| selector(".b-post__timestamp time[datetime], time[itemprop=dateCreated]"));
static COUNT: Css = Css::new(|| selector("a.b-post__count"));
static BODY: Css = Css::new(|| selector(".js-post__content-text"));

impl Engine for VBulletin5 {
    fn name(&self) -> &'static str {
        "vBulletin 5"
    }

    fn signed(&self, signs: &Signs) -> bool {
        signs.generator.starts_with("vBulletin 5")
    }

    fn recognises(&self, html: &Html) -> bool {
        html.select(&POST).next().is_some()
    }

    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>> {
        html.select(&POST).collect()
    }

    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a> {
        PostParts {
            id: post.attr("data-node-id").map(str::to_owned),
            number: text_of(post, &COUNT).and_then(|n| super::page::post_number(&n)),
            author: text_of(post, &AUTHOR),
            time: first(post, &TIME).and_then(|t| t.attr("datetime")).map(|t| Stamp::Iso(t.to_owned())),
            body: first(post, &BODY),
        }
    }

    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>> {
        super::vbulletin4::bbcode_quote(element)
    }
}
