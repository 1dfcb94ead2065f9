//! Saved forum topic pages (`forum-html`): one module per forum engine,
//! each behind `Engine`, and a generic reader for pages of engines not
//! known here.
//!
//! The page is decoded in the charset it declares (see `page::decode`),
//! parsed by html5ever, and handed to the first engine that recognises it by
//! its own markers (generator meta, body classes, characteristic
//! containers), never by the site's name. The engine finds the post
//! containers in page order and reads each one's id (the post's permalink
//! id), number, author, time and body element; the body is converted to
//! blocks by the shared [`html_text`] conversion, the engine naming the
//! elements that are quotes (with their author and quoted post), code or
//! clutter (signatures, edit notes, reaction bars). A quote's `of` is set
//! only when the post it names is on the page.
//!
//! Forum pages are flat: no `reply_to` is invented. Times are RFC 3339 in
//! UTC: machine-readable attributes first, else the shown date in the
//! timezone the page states (see `time`).

mod attribution;
mod discourse;
mod generic;
mod invision;
mod mybb;
mod nodebb;
mod page;
mod phpbb;
mod smf;
mod something_awful;
mod time;
mod vbulletin3;
mod vbulletin4;
mod vbulletin5;
mod xenforo1;
mod xenforo2;

use std::collections::HashSet;

use scraper::{CaseSensitivity, ElementRef, Html};

use super::html_text::{self, Converter, Rules, Special};
use super::{ImportError, ImportOptions, Imported, Kind, Warning, WarningKind};
use crate::format::{Body, Post, PostKey, ThreadFile};
use time::Stamp;

const KIND: Kind = Kind::ForumHtml;

/// One forum engine's reading of its topic pages.
pub(super) trait Engine: Sync {
    /// The engine as people call it ("vBulletin 4").
    fn name(&self) -> &'static str;
    /// Whether the page signs itself as this engine's: the `<html>` or
    /// `<body>` id or class, the generator meta (read once, cheaply, before
    /// any engine scans the page).
    fn signed(&self, _signs: &Signs) -> bool {
        false
    }
    /// Whether the page holds this engine's characteristic containers (for
    /// pages that do not sign themselves).
    fn recognises(&self, html: &Html) -> bool;
    /// The post containers, in page order.
    fn posts<'a>(&self, html: &'a Html) -> Vec<ElementRef<'a>>;
    /// One post's parts.
    fn read<'a>(&self, post: ElementRef<'a>) -> PostParts<'a>;
    /// How an element inside a body is read when it is not plain HTML: a
    /// quote and its header, code, clutter to leave out.
    fn markup<'a>(&self, element: ElementRef<'a>) -> Option<Markup<'a>>;
    /// The topic's title and address when the engine knows better than the
    /// page's `og:` metadata and `<title>`.
    fn title_and_url(&self, _html: &Html) -> Option<(Option<String>, Option<String>)> {
        None
    }
    /// Where relative links point.
    fn base_url(&self, html: &Html) -> Option<String> {
        page::base_url(html)
    }
}

/// How a page signs itself, read from its root, `<body>` and `<head>` only.
#[derive(Debug, Default)]
pub(super) struct Signs {
    pub html_id: String,
    pub body_id: String,
    pub body_classes: Vec<String>,
    /// `<meta name="generator">`.
    pub generator: String,
    /// `<meta name="copyright">`.
    pub copyright: String,
}

impl Signs {
    fn of(html: &Html) -> Self {
        let root = html.root_element();
        let body = root.child_elements().find(|e| e.value().name() == "body");
        let meta = |name: &str| page::head_meta(html, name).unwrap_or_default();
        Self {
            html_id: root.attr("id").unwrap_or_default().to_owned(),
            body_id: body.and_then(|b| b.attr("id")).unwrap_or_default().to_owned(),
            body_classes: body.map(|b| b.value().classes().map(str::to_owned).collect()).unwrap_or_default(),
            generator: meta("generator"),
            copyright: meta("copyright"),
        }
    }
}

/// What an engine read from one post container.
#[derive(Debug, Default)]
pub(super) struct PostParts<'a> {
    /// The engine's post id, as its permalinks and quotes name it.
    pub id: Option<String>,
    /// The number the page shows (`#12`).
    pub number: Option<u64>,
    pub author: Option<String>,
    pub time: Option<Stamp>,
    /// The element whose children are the post's text.
    pub body: Option<ElementRef<'a>>,
}

/// How one element of a body is read.
pub(super) enum Markup<'a> {
    /// A quote: its text is the children of `body`; `source` is the quoted
    /// post's id when the markup names one.
    Quote { body: ElementRef<'a>, author: Option<String>, source: Option<String> },
    /// Left out (a quote header read elsewhere, a signature, an edit note).
    Drop,
    /// The children, as if they stood in its place.
    Unwrap,
    /// This text as a paragraph.
    Paragraph(String),
    /// This text inline (a smiley's code).
    Inline(String),
    /// A code block.
    Code { code: String, lang: Option<String> },
}

/// The engines, most specific markers first; the generic reader comes last.
fn engines() -> [&'static dyn Engine; 13] {
    [
        &something_awful::SomethingAwful,
        &xenforo2::XenForo2,
        &xenforo1::XenForo1,
        &invision::Invision,
        &vbulletin5::VBulletin5,
        &vbulletin4::VBulletin4,
        &vbulletin3::VBulletin3,
        &phpbb::PhpBb,
        &smf::Smf,
        &mybb::MyBb,
        &nodebb::NodeBb,
        &discourse::Discourse,
        &generic::Generic,
    ]
}

/// The names of the engines read here, for messages and docs.
pub fn engine_names() -> Vec<&'static str> {
    engines().iter().map(|e| e.name()).filter(|n| *n != generic::NAME).collect()
}

pub fn import(input: &[u8], options: &ImportOptions) -> Result<Imported, ImportError> {
    let mut warnings = Vec::new();
    let text = page::decode(input, &mut warnings);
    let html = html_text::parse_document(&text);
    let signs = Signs::of(&html);
    let with_posts = |engine: &'static dyn Engine| {
        let posts = engine.posts(&html);
        (!posts.is_empty()).then_some((engine, posts))
    };
    let found = engines()
        .into_iter()
        .filter(|engine| engine.signed(&signs))
        .find_map(with_posts)
        .or_else(|| engines().into_iter().filter(|engine| engine.recognises(&html)).find_map(with_posts));
    let Some((engine, containers)) = found else {
        return Err(ImportError::new(
            KIND,
            "",
            format!(
                "no posts found: not a topic page of a forum engine read here ({}), and no repeated \
                 post container (each with an author link, a time and a text) to read as a guess",
                engine_names().join(", ")
            ),
        ));
    };
    if engine.name() == generic::NAME {
        warnings.push(Warning::new(
            WarningKind::Guess,
            "",
            format_args!(
                "unknown forum engine: {} posts read by guessing the repeated post container; check authors and times",
                containers.len()
            ),
        ));
    }
    // Most pages state no timezone: a byte search spares the tree walk.
    let offset = if text.contains("All times are") { page::utc_offset(&html) } else { None };
    let file = read_posts(engine, &html, &containers, offset, options.one_page_of_several, &mut warnings);
    Ok(Imported { file, warnings })
}

fn read_posts(
    engine: &dyn Engine,
    html: &Html,
    containers: &[ElementRef<'_>],
    offset: Option<i32>,
    one_page_of_several: bool,
    warnings: &mut Vec<Warning>,
) -> ThreadFile {
    let parts: Vec<PostParts<'_>> = containers.iter().map(|c| engine.read(*c)).collect();
    let on_page: HashSet<String> = parts.iter().filter_map(|p| p.id.clone()).collect();
    let base = engine.base_url(html);
    let (title, url) = engine
        .title_and_url(html)
        .unwrap_or_else(|| (page::title(html), page::own_url(html).map(|u| page::topic_url(&u))));
    let mut file = ThreadFile::new(title, url);
    let mut rules = BodyRules { engine, on_page: &on_page, other_pages: one_page_of_several };
    let mut used = HashSet::new();
    for (index, post) in parts.into_iter().enumerate() {
        let place = post.number.map_or_else(|| format!("post {}", index + 1), |n| format!("post #{n}"));
        // Ids name posts in messages too: only printable ASCII ones are kept.
        let id = post
            .id
            .clone()
            .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_graphic()))
            .or_else(|| post.number.map(|n| n.to_string()))
            .unwrap_or_else(|| format!("p{}", index + 1));
        if !used.insert(id.clone()) {
            warnings.push(Warning::new(
                WarningKind::Duplicate,
                format!("{place} (id {id})"),
                "the id appears twice on the page; skipped",
            ));
            continue;
        }
        let Some(body) = post.body else {
            warnings.push(Warning::new(
                WarningKind::Skipped,
                format!("{place} (id {id})"),
                "no post text found; skipped",
            ));
            continue;
        };
        let time = post.time.as_ref().and_then(|stamp| {
            let resolved = time::resolve(stamp, offset);
            if resolved.is_none() {
                warnings.push(Warning::new(
                    WarningKind::UnreadableTime,
                    format!("{place} (id {id})"),
                    format_args!("time {stamp:?} not understood; left out"),
                ));
            }
            resolved
        });
        if post.author.is_none() {
            warnings.push(Warning::new(
                WarningKind::NoAuthor,
                format!("{place} (id {id})"),
                "no author found",
            ));
        }
        let blocks = Converter::new(&mut rules, base.as_deref()).children_of(body);
        file.posts.push(Post {
            id: PostKey::from(id),
            author: post.author,
            time,
            reply_to: None,
            body: Body::Blocks(blocks),
            links: Vec::new(),
            missing_replies: None,
        });
    }
    file
}

/// The shared conversion with the engine's exceptions: its quotes resolved
/// against the posts on the page, smileys as their codes.
struct BodyRules<'e> {
    engine: &'e dyn Engine,
    on_page: &'e HashSet<String>,
    /// Quotes may name posts on the thread's other pages.
    other_pages: bool,
}

impl Rules for BodyRules<'_> {
    fn special<'a>(&mut self, element: ElementRef<'a>) -> Option<Special<'a>> {
        let markup = self.engine.markup(element).or_else(|| smiley(element))?;
        Some(match markup {
            Markup::Quote { body, author, source } => {
                let of = source.filter(|id| self.other_pages || self.on_page.contains(id)).map(PostKey::from);
                Special::Quote { body, of, author, before: None }
            }
            Markup::Drop => Special::Drop,
            Markup::Unwrap => Special::Unwrap,
            Markup::Paragraph(text) => Special::Paragraph(text),
            Markup::Inline(text) => Special::Inline(text),
            Markup::Code { code, lang } => Special::Code { code, lang },
        })
    }
}

pub(super) fn has_class(element: ElementRef<'_>, class: &str) -> bool {
    element.value().has_class(class, CaseSensitivity::AsciiCaseInsensitive)
}

/// A smiley image: its code (`:)`) or name instead of a link to its picture.
fn smiley(element: ElementRef<'_>) -> Option<Markup<'static>> {
    if element.value().name() != "img" {
        return None;
    }
    let src = element.attr("src").unwrap_or_default();
    let is_smiley = element.value().classes().any(|class| {
        ["smilie", "smiley", "emoji", "emoticon"]
            .iter()
            .any(|c| class.as_bytes().windows(c.len()).any(|w| w.eq_ignore_ascii_case(c.as_bytes())))
    }) || ["/smilies/", "/smileys/", "/Smileys/", "/emoticons/", "/emoji/"]
        .iter()
        .any(|p| src.contains(p));
    if !is_smiley {
        return None;
    }
    let code = element.attr("alt").or_else(|| element.attr("title")).map(html_text::fold_whitespace)?;
    Some(if code.is_empty() { Markup::Drop } else { Markup::Inline(code) })
}

/// The first element child of `element` named `name`.
pub(super) fn child<'a>(element: ElementRef<'a>, name: &str) -> Option<ElementRef<'a>> {
    element.child_elements().find(|c| c.value().name() == name)
}

/// The element sibling right before `element`.
pub(super) fn previous_element(element: ElementRef<'_>) -> Option<ElementRef<'_>> {
    element.prev_siblings().find_map(ElementRef::wrap)
}

/// The element sibling right after `element`.
pub(super) fn next_element(element: ElementRef<'_>) -> Option<ElementRef<'_>> {
    element.next_siblings().find_map(ElementRef::wrap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_without_posts_is_an_error_naming_what_is_read() {
        let error = import(b"<html><body><p>hello</p></body></html>", &ImportOptions::default()).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("read as forum-html: no posts found"), "{message}");
        for name in ["vBulletin 4", "phpBB", "XenForo 2", "Invision Community", "Discourse"] {
            assert!(message.contains(name), "{message}");
        }
    }
}
