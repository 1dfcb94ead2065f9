//! HTML to thread-format blocks, shared by the HTML-bearing importers (hn,
//! reddit, discourse, forum-html).
//!
//! The markup is parsed by html5ever (through `scraper`), never by pattern
//! matching, so entities, unclosed `<p>` and stray tags are handled the way a
//! browser would. The conversion rules:
//!
//! - paragraphs (`<p>`, `<div>`, headings, text between blocks) become text
//!   blocks; `<br>` is a line break inside a paragraph and an empty line
//!   (`<br><br>`) starts a new paragraph;
//! - whitespace runs (spaces, tabs, newlines, no-break spaces) fold to one
//!   space, except inside `<pre>`;
//! - `<blockquote>` becomes an unattributed quote block (nested quotes nest);
//! - `<pre>` becomes a code block, its language taken from a `lang-x` or
//!   `language-x` class of its `<code>`;
//! - list items become lines of one paragraph, `- ` or `N. ` first, nested
//!   lists indented by two spaces;
//! - `<a href>` becomes its text followed by the full address in parentheses,
//!   or the address alone when the text is the address (also when the text
//!   is the address shortened with `...` or `…`, or without its scheme);
//!   relative addresses are made absolute when a base URL is known;
//! - `<img>` becomes `[image: alt] src` (just `[image: alt]` inside a link,
//!   whose address follows), `img.emoji` its `:shortcode:` alt text;
//! - scripts, styles, forms and comments are dropped.
//!
//! An importer changes single elements through [`Rules`] (a Discourse
//! `aside.quote` becomes an attributed quote, a forum `div.bbc-block` too).
//!
//! Hostile nesting must not blow the stack or the memory: elements deeper
//! than [`MAX_ELEMENT_DEPTH`] are read as their plain text (by an iterative
//! walk), and quotes deeper than [`MAX_QUOTE_DEPTH`] are unwrapped into the
//! deepest quote, as the format's reader would show them anyway. The
//! parser itself keeps an explicit stack, but looks down the whole stack of
//! open elements at many tags, which is quadratic in the depth: markup is
//! therefore flattened past [`MAX_MARKUP_DEPTH`] before it is parsed (see
//! [`parse_fragment`] and [`parse_document`], which importers use). The
//! parsed tree (`ego_tree`) stores nodes in one vector and drops them flat.

use scraper::{CaseSensitivity, ElementRef, Html, Node};

use crate::format::{Block, Body, MAX_QUOTE_DEPTH, PostKey};

/// Tags nested deeper than this are left out before parsing (their text
/// stays): well past [`MAX_ELEMENT_DEPTH`], so conversion never sees the cut.
pub const MAX_MARKUP_DEPTH: usize = 256;
/// Elements nested deeper than this are read as plain text: real posts
/// nest a few dozen levels at most, and each level is a few stack frames.
pub const MAX_ELEMENT_DEPTH: usize = 64;

/// What an importer wants in place of one element.
pub enum Special<'a> {
    /// Nothing: the element and its content disappear.
    Drop,
    /// This text, inline, in place of the element.
    Inline(String),
    /// This text as a paragraph of its own.
    Paragraph(String),
    /// A quote whose body is the conversion of `body`'s children, preceded
    /// by an optional paragraph `before` (for example a link to the source).
    Quote { body: ElementRef<'a>, of: Option<PostKey>, author: Option<String>, before: Option<String> },
    /// A code block.
    Code { code: String, lang: Option<String> },
    /// Convert the children of the element as if they stood in its place.
    Unwrap,
}

/// Per-importer exceptions to the default rules.
pub trait Rules {
    /// `Some` to handle `element` specially; `None` for the default rules.
    fn special<'a>(&mut self, element: ElementRef<'a>) -> Option<Special<'a>>;
}

/// The default rules only.
pub struct Plain;

impl Rules for Plain {
    fn special<'a>(&mut self, _element: ElementRef<'a>) -> Option<Special<'a>> {
        None
    }
}

/// Converts HTML into blocks with a set of [`Rules`] and an optional base URL
/// for relative links.
pub struct Converter<'r> {
    rules: &'r mut dyn Rules,
    base_url: Option<String>,
    /// Elements and quotes open around the one being converted.
    depth: usize,
    quote_depth: usize,
}

impl<'r> Converter<'r> {
    pub fn new(rules: &'r mut dyn Rules, base_url: Option<&str>) -> Self {
        Self {
            rules,
            base_url: base_url.map(|b| b.trim_end_matches('/').to_owned()),
            depth: 0,
            quote_depth: 0,
        }
    }

    /// Converts an HTML fragment (a post body).
    pub fn fragment(&mut self, html: &str) -> Vec<Block> {
        let parsed = parse_fragment(html);
        self.children_of(parsed.root_element())
    }

    /// Converts the children of `element`.
    pub fn children_of(&mut self, element: ElementRef<'_>) -> Vec<Block> {
        let mut out = Builder::default();
        self.walk_children(element, &mut out);
        out.finish()
    }

    /// Makes `href` absolute where it can: protocol-relative addresses get
    /// `https:`, site-relative ones the base URL.
    pub fn resolve(&self, href: &str) -> String {
        resolve_href(self.base_url.as_deref(), href)
    }

    fn walk_children(&mut self, element: ElementRef<'_>, out: &mut Builder) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => out.push_text(text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.walk_element(child, out);
                    }
                }
                _ => {}
            }
        }
    }

    fn walk_element(&mut self, element: ElementRef<'_>, out: &mut Builder) {
        if self.depth >= MAX_ELEMENT_DEPTH {
            push_flat_text(element, out);
            return;
        }
        self.depth += 1;
        self.convert_element(element, out);
        self.depth -= 1;
    }

    /// A quote of `body`'s children, or those children in place when quotes
    /// are already nested as deep as the format shows.
    fn quote(
        &mut self,
        body: ElementRef<'_>,
        of: Option<PostKey>,
        author: Option<String>,
        out: &mut Builder,
    ) {
        if self.quote_depth >= MAX_QUOTE_DEPTH {
            out.paragraph_break();
            self.walk_children(body, out);
            out.paragraph_break();
            return;
        }
        self.quote_depth += 1;
        let blocks = self.children_of(body);
        self.quote_depth -= 1;
        out.block(quote_block(blocks, of, author));
    }

    fn convert_element(&mut self, element: ElementRef<'_>, out: &mut Builder) {
        if let Some(special) = self.rules.special(element) {
            self.apply_special(element, special, out);
            return;
        }
        let name = element.value().name();
        match name {
            "script" | "style" | "noscript" | "template" | "head" | "form" | "input" | "button"
            | "select" | "textarea" | "svg" | "meta" | "link" => {}
            "br" => out.line_break(),
            "blockquote" => self.quote(element, None, None, out),
            "pre" => {
                let code = raw_text(element);
                out.block(Block::Code { code, lang: code_lang(element) });
            }
            "ul" | "ol" => self.list(element, name == "ol", out),
            "li" => {
                // A stray item outside a list: a line of its own.
                out.break_line_or_paragraph();
                out.push_text("- ");
                self.walk_children(element, out);
                out.break_line_or_paragraph();
            }
            "a" => self.link(element, out),
            "img" => {
                let text = image_text(element, out.in_link > 0, self);
                out.push_text(&text);
            }
            "iframe" | "video" | "audio" | "embed" => {
                if let Some(src) = element.attr("src").filter(|s| !s.trim().is_empty()) {
                    let src = self.resolve(src);
                    out.paragraph(&src);
                }
            }
            "hr" => out.paragraph_break(),
            "td" | "th" => {
                out.push_text(" ");
                self.walk_children(element, out);
                out.push_text(" ");
            }
            "tr" | "dt" | "dd" | "summary" => {
                out.break_line_or_paragraph();
                self.walk_children(element, out);
                out.break_line_or_paragraph();
            }
            _ if is_block(name) => {
                out.break_line_or_paragraph();
                self.walk_children(element, out);
                out.break_line_or_paragraph();
            }
            _ => self.walk_children(element, out),
        }
    }

    fn apply_special(&mut self, element: ElementRef<'_>, special: Special<'_>, out: &mut Builder) {
        match special {
            Special::Drop => {}
            Special::Inline(text) => out.push_text(&text),
            Special::Paragraph(text) => out.paragraph(&text),
            Special::Quote { body, of, author, before } => {
                if let Some(before) = before {
                    out.paragraph(&before);
                }
                self.quote(body, of, author, out);
            }
            Special::Code { code, lang } => out.block(Block::Code { code, lang }),
            Special::Unwrap => self.walk_children(element, out),
        }
    }

    fn list(&mut self, element: ElementRef<'_>, ordered: bool, out: &mut Builder) {
        if out.lists.is_empty() {
            out.paragraph_break();
        }
        let start = element.attr("start").and_then(|s| s.trim().parse::<u64>().ok()).unwrap_or(1);
        out.lists.push(List { ordered, next: start });
        for child in element.children() {
            match child.value() {
                Node::Text(text) => out.push_text(text),
                Node::Element(_) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if child.value().name() == "li" && self.rules.special(child).is_none() {
                        out.start_item();
                        self.walk_children(child, out);
                    } else {
                        self.walk_element(child, out);
                    }
                }
                _ => {}
            }
        }
        out.lists.pop();
        if out.lists.is_empty() {
            out.paragraph_break();
        } else {
            out.new_line();
        }
    }

    fn link(&mut self, element: ElementRef<'_>, out: &mut Builder) {
        let raw_href = element.attr("href").map(str::trim).unwrap_or_default();
        if raw_href.is_empty() || raw_href.starts_with('#') || raw_href.starts_with("javascript:") {
            self.walk_children(element, out);
            return;
        }
        let mut inner = Builder { in_link: 1, ..Builder::default() };
        self.walk_children(element, &mut inner);
        let text = inner.into_inline_text();
        let href = self.resolve(raw_href);
        out.push_text(&link_text(&text, raw_href, &href));
    }
}

/// Parses an HTML fragment, its nesting first cut at [`MAX_MARKUP_DEPTH`].
pub fn parse_fragment(html: &str) -> Html {
    Html::parse_fragment(&limit_nesting(html, MAX_MARKUP_DEPTH))
}

/// Parses an HTML page, its nesting first cut at [`MAX_MARKUP_DEPTH`].
pub fn parse_document(html: &str) -> Html {
    Html::parse_document(&limit_nesting(html, MAX_MARKUP_DEPTH))
}

/// `html` without the start and end tags nested deeper than `max_depth`
/// (their text is kept), in one pass. The depth is counted the simple way:
/// void elements, self-closed tags, and elements whose end tag browsers
/// imply (`p`, `li`, `td` …) do not nest; comments and doctypes are skipped.
fn limit_nesting(html: &str, max_depth: usize) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &bytes[start + 1..];
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        if rest.starts_with(b"!--") {
            at = find_bytes(bytes, start + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            at = start + 1;
            continue;
        }
        let Some(end) = memchr::memchr(b'>', &bytes[name_start..]).map(|i| name_start + i + 1) else { break };
        let name_end = bytes[name_start..end]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(end, |i| name_start + i);
        let name = html[name_start..name_end].to_ascii_lowercase();
        let nests = !is_void(&name) && !implied_end(&name) && bytes[end - 2] != b'/';
        let deep = if !nests {
            depth > max_depth
        } else if closing {
            depth = depth.saturating_sub(1);
            depth >= max_depth
        } else {
            depth += 1;
            depth > max_depth
        };
        if deep {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[copied..start]);
            copied = end;
        }
        at = end;
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[copied..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

fn find_bytes(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack.get(from..)?, needle).map(|i| from + i)
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements a browser closes when a sibling opens: unclosed ones do not nest.
fn implied_end(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
            | "optgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "rt"
            | "rp"
    )
}

/// Converts an HTML fragment with the default rules.
pub fn fragment_to_blocks(html: &str, base_url: Option<&str>) -> Vec<Block> {
    Converter::new(&mut Plain, base_url).fragment(html)
}

/// Undoes one level of HTML escaping (`&lt;p&gt;` to `<p>`), as in reddit's
/// `body_html`. The escaped text holds no tags, so its parsed text is the
/// unescaped markup.
pub fn unescape(escaped: &str) -> String {
    let parsed = Html::parse_fragment(escaped);
    parsed.root_element().text().collect()
}

/// The text of an element with whitespace folded (for names and titles).
pub fn plain_text(element: ElementRef<'_>) -> String {
    let mut out = String::new();
    for piece in element.text() {
        out.push_str(piece);
        out.push(' ');
    }
    fold_whitespace(&out)
}

/// Folds whitespace runs to one space and trims.
pub fn fold_whitespace(text: &str) -> String {
    text.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Makes `href` absolute where possible.
pub fn resolve_href(base: Option<&str>, href: &str) -> String {
    let href = href.trim();
    if let Some(rest) = href.strip_prefix("//") {
        return format!("https://{rest}");
    }
    if has_scheme(href) {
        return href.to_owned();
    }
    match base {
        Some(base) if href.starts_with('/') => format!("{}{href}", origin_of(base)),
        Some(base) => format!("{}/{href}", base.trim_end_matches('/')),
        None => href.to_owned(),
    }
}

fn has_scheme(href: &str) -> bool {
    match href.find(':') {
        Some(colon) => {
            let scheme = &href[..colon];
            !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `https://host/a/b` → `https://host`.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(slash) => &url[..after_scheme + slash],
        None => url,
    }
}

/// How a link is written: the address alone when the text says nothing more,
/// otherwise the text then the address in parentheses.
fn link_text(text: &str, raw_href: &str, href: &str) -> String {
    let text = text.trim();
    if let Some(address) = href.strip_prefix("mailto:") {
        return if text.is_empty() { address.to_owned() } else { text.to_owned() };
    }
    if text.is_empty() || text == raw_href || same_target(text, href) {
        return href.to_owned();
    }
    if text.starts_with("[image") && text.ends_with(']') {
        return format!("{text} {href}");
    }
    format!("{text} ({href})")
}

/// Whether link text is its address, possibly without the scheme or
/// shortened with an ellipsis (`https://example.com/abc...xyz`).
pub fn same_target(text: &str, href: &str) -> bool {
    let text = text.trim();
    let target = normalize_url(&percent_decode(href));
    let plain = normalize_url(&percent_decode(text));
    if plain == target || normalize_url(text) == normalize_url(href) {
        return true;
    }
    let ellipsis = text.contains("...") || text.contains('…');
    if !ellipsis {
        return false;
    }
    let pieces: Vec<String> = text
        .split("...")
        .flat_map(|piece| piece.split('…'))
        .map(|piece| normalize_url(piece.trim()))
        .collect();
    let Some(first) = pieces.first() else {
        return false;
    };
    // Only text that looks like an address counts ("more..." is not one).
    if first.len() < 4 || !(first.contains('.') || first.contains('/')) {
        return false;
    }
    let targets = [target, normalize_url(href)];
    targets.iter().any(|target| pieces_in_order(&pieces, target))
}

fn pieces_in_order(pieces: &[String], target: &str) -> bool {
    let Some(first) = pieces.first() else {
        return false;
    };
    if !target.starts_with(first.as_str()) {
        return false;
    }
    let mut rest = &target[first.len()..];
    for piece in &pieces[1..] {
        if piece.is_empty() {
            continue;
        }
        match rest.find(piece.as_str()) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

fn normalize_url(url: &str) -> String {
    let url = url.trim();
    let url = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or(url);
    let url = url.strip_prefix("www.").unwrap_or(url);
    url.trim_end_matches('/').to_owned()
}

/// `%5B` → `[`; invalid sequences are kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2]))
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

fn image_text(element: ElementRef<'_>, in_link: bool, converter: &Converter<'_>) -> String {
    let alt = element.attr("alt").map(fold_whitespace).unwrap_or_default();
    if element.value().has_class("emoji", CaseSensitivity::AsciiCaseInsensitive) {
        let title = element.attr("title").map(fold_whitespace).unwrap_or_default();
        return if alt.is_empty() { title } else { alt };
    }
    let label = if alt.is_empty() { "[image]".to_owned() } else { format!("[image: {alt}]") };
    if in_link {
        return label;
    }
    match element.attr("src").map(str::trim).filter(|s| !s.is_empty()) {
        Some(src) => format!("{label} {}", converter.resolve(src)),
        None => label,
    }
}

/// The text of an element too deeply nested to convert, with its line
/// breaks as spaces: `descendants` walks the tree without recursion.
fn push_flat_text(element: ElementRef<'_>, out: &mut Builder) {
    for node in element.descendants() {
        match node.value() {
            Node::Text(text) => out.push_text(text),
            Node::Element(e) if e.name() == "br" || is_block(e.name()) => out.push_text(" "),
            _ => {}
        }
    }
}

/// The text of a `<pre>` as written: whitespace kept, `<br>` a newline,
/// trailing blank lines dropped.
pub fn raw_text(element: ElementRef<'_>) -> String {
    let mut out = String::new();
    // `descendants` is an iterative walk: any depth is safe.
    for node in element.descendants() {
        match node.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            _ => {}
        }
    }
    let out = out.replace("\r\n", "\n");
    let trimmed = out.trim_end();
    trimmed.strip_prefix('\n').unwrap_or(trimmed).to_owned()
}

/// `lang-rust` / `language-rust` on the `<pre>` or its `<code>`.
fn code_lang(pre: ElementRef<'_>) -> Option<String> {
    let mut candidates = vec![pre];
    candidates.extend(pre.child_elements().filter(|c| c.value().name() == "code"));
    for element in candidates {
        for class in element.value().classes() {
            let lang = class.strip_prefix("lang-").or_else(|| class.strip_prefix("language-"));
            if let Some(lang) = lang.filter(|l| !l.is_empty() && *l != "auto" && *l != "plaintext") {
                return Some(lang.to_owned());
            }
        }
    }
    None
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "aside"
            | "article"
            | "header"
            | "footer"
            | "section"
            | "nav"
            | "main"
            | "details"
            | "figure"
            | "figcaption"
            | "center"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "dl"
            | "address"
            | "fieldset"
            | "body"
            | "html"
    )
}

fn quote_block(blocks: Vec<Block>, of: Option<PostKey>, author: Option<String>) -> Block {
    Block::Quote { quote: Body::Blocks(blocks), of, author }
}

/// One open list.
struct List {
    ordered: bool,
    next: u64,
}

/// Blocks being built, and the paragraph being filled.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    para: String,
    space_pending: bool,
    lists: Vec<List>,
    /// Right after a list marker: a block inside the item adds no line.
    at_item_start: bool,
    /// Where that marker (and its indent) begins in `para`: a paragraph
    /// that ends right after it drops it.
    item_prefix_start: usize,
    in_link: usize,
}

impl Builder {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space_pending = true;
                continue;
            }
            if self.space_pending
                && !self.para.is_empty()
                && !self.para.ends_with('\n')
                && !self.at_item_start
            {
                self.para.push(' ');
            }
            self.space_pending = false;
            self.at_item_start = false;
            self.para.push(c);
        }
    }

    fn trim_trailing_spaces(&mut self) {
        let kept = self.para.trim_end_matches([' ', '\t']).len();
        self.para.truncate(kept);
    }

    fn line_break(&mut self) {
        self.trim_trailing_spaces();
        self.space_pending = false;
        if !self.para.is_empty() {
            self.para.push('\n');
        }
    }

    /// A new line (inside lists) or a new paragraph (elsewhere).
    fn break_line_or_paragraph(&mut self) {
        if self.lists.is_empty() {
            self.paragraph_break();
        } else if !self.at_item_start {
            self.new_line();
            if !self.para.is_empty() {
                // Continuation lines of an item are indented like its text.
                self.item_prefix_start = self.para.len();
                self.para.push_str(&"  ".repeat(self.lists.len()));
                self.at_item_start = true;
            }
        }
    }

    fn new_line(&mut self) {
        self.trim_trailing_spaces();
        self.space_pending = false;
        if !self.para.is_empty() && !self.para.ends_with('\n') {
            self.para.push('\n');
        }
    }

    fn start_item(&mut self) {
        self.new_line();
        let depth = self.lists.len();
        let marker = match self.lists.last_mut() {
            Some(list) if list.ordered => {
                let n = list.next;
                list.next += 1;
                format!("{n}. ")
            }
            _ => "- ".to_owned(),
        };
        self.item_prefix_start = self.para.len();
        self.para.push_str(&"  ".repeat(depth.saturating_sub(1)));
        self.para.push_str(&marker);
        self.space_pending = false;
        self.at_item_start = true;
    }

    fn paragraph(&mut self, text: &str) {
        self.paragraph_break();
        self.push_text(text);
        self.paragraph_break();
    }

    fn block(&mut self, block: Block) {
        self.paragraph_break();
        let empty = match &block {
            // An empty quote that names its source still says something.
            Block::Quote { quote: Body::Blocks(b), of: None, author: None } => b.is_empty(),
            Block::Code { code, .. } => code.trim().is_empty(),
            _ => false,
        };
        if !empty {
            self.blocks.push(block);
        }
    }

    /// Ends the paragraph being filled; an empty line inside it splits it.
    fn paragraph_break(&mut self) {
        if self.at_item_start {
            self.para.truncate(self.item_prefix_start);
        }
        let para = std::mem::take(&mut self.para);
        self.space_pending = false;
        self.at_item_start = false;
        let mut current: Vec<&str> = Vec::new();
        for line in para.split('\n') {
            let line = line.trim_end();
            if line.trim().is_empty() {
                self.push_lines(&mut current);
            } else {
                current.push(line);
            }
        }
        self.push_lines(&mut current);
    }

    fn push_lines(&mut self, lines: &mut Vec<&str>) {
        if !lines.is_empty() {
            self.blocks.push(Block::Text(lines.join("\n")));
            lines.clear();
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.paragraph_break();
        self.blocks
    }

    /// Everything built, as one line of text (the text of a link).
    fn into_inline_text(self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for block in self.finish() {
            collect_text(&block, &mut parts);
        }
        fold_whitespace(&parts.join(" "))
    }
}

fn collect_text(block: &Block, out: &mut Vec<String>) {
    match block {
        Block::Text(text) => out.push(text.clone()),
        Block::Code { code, .. } => out.push(code.clone()),
        Block::Quote { quote, .. } => match quote {
            Body::Text(text) => out.push(text.clone()),
            Body::Blocks(blocks) => blocks.iter().for_each(|b| collect_text(b, out)),
        },
    }
}

/// Turns paragraphs whose lines start with `>` into quote blocks (Hacker
/// News writes quotes as `&gt; text` paragraphs): consecutive `>` lines form
/// one quote, `>>` nests. Smileys (`>_<`) and post references (`>>123`) are
/// not quotes. Nothing is attributed.
pub fn angle_quotes(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Text(text) if text.lines().any(is_angle_quote_line) => {
                split_angle_quotes(&text, &mut out);
            }
            other => out.push(other),
        }
    }
    out
}

fn is_angle_quote_line(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix('>') else {
        return false;
    };
    if rest.starts_with('_') || rest.starts_with('.') || rest.starts_with(')') || rest.starts_with('<') {
        return false; // >_< >.< >) and the like
    }
    if let Some(reference) = rest.strip_prefix('>')
        && !reference.is_empty()
        && reference.bytes().take_while(u8::is_ascii_digit).count() > 0
        && reference.trim_start_matches(|c: char| c.is_ascii_digit()).trim().is_empty()
    {
        return false; // >>123
    }
    !rest.trim().is_empty()
}

fn split_angle_quotes(text: &str, out: &mut Vec<Block>) {
    let mut plain: Vec<&str> = Vec::new();
    let mut quoted: Vec<&str> = Vec::new();
    let flush_plain = |plain: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !plain.is_empty() {
            out.push(Block::Text(plain.join("\n")));
            plain.clear();
        }
    };
    let flush_quote = |quoted: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !quoted.is_empty() {
            let inner = Block::Text(quoted.join("\n"));
            out.push(quote_block(angle_quotes(vec![inner]), None, None));
            quoted.clear();
        }
    };
    for line in text.lines() {
        if is_angle_quote_line(line) {
            flush_plain(&mut plain, out);
            let rest = line.trim_start().strip_prefix('>').unwrap_or(line);
            quoted.push(rest.strip_prefix(' ').unwrap_or(rest).trim_start());
        } else {
            flush_quote(&mut quoted, out);
            plain.push(line);
        }
    }
    flush_quote(&mut quoted, out);
    flush_plain(&mut plain, out);
}

/// Orders posts given parents first (a tree in pre-order) by time, keeping
/// every post after the post it answers: a post's sort time is the later of
/// its own and its parent's, ties kept in tree order. `parent` indexes the
/// same list and must point earlier; `time` is seconds (or any order key).
pub fn chronological<T>(items: Vec<(T, Option<usize>, i64)>) -> Vec<T> {
    let mut effective: Vec<i64> = Vec::with_capacity(items.len());
    for (index, (_, parent, time)) in items.iter().enumerate() {
        let floor = parent.filter(|&p| p < index).map_or(i64::MIN, |p| effective[p]);
        effective.push((*time).max(floor));
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (effective[i], i));
    let mut slots: Vec<Option<T>> = items.into_iter().map(|(item, _, _)| Some(item)).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// JSON reading shared by the JSON-bearing importers (hn, reddit,
/// discourse): syntax errors name the line and column, shape errors the JSON
/// path of the offending value.
pub mod json {
    use serde::Deserialize;
    use serde_json::Value;

    use crate::import::{ImportError, Kind};

    /// Parses the whole input (a UTF-8 byte order mark is skipped).
    pub fn parse(kind: Kind, input: &[u8]) -> Result<Value, ImportError> {
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        serde_json::from_slice(input).map_err(|error| {
            let location = format!("line {} column {}", error.line(), error.column());
            let message = error.to_string();
            let suffix = format!(" at {location}");
            let message = crate::format::plain_message(message.strip_suffix(&suffix).unwrap_or(&message));
            ImportError::new(kind, location, format!("not JSON: {message}"))
        })
    }

    /// Parses the whole input, which must be one object (`what` names it in
    /// the error: "a Discourse topic").
    pub fn parse_object(kind: Kind, input: &[u8], what: &str) -> Result<Value, ImportError> {
        let value = parse(kind, input)?;
        if value.is_object() {
            Ok(value)
        } else {
            let found = describe(&value);
            Err(ImportError::new(kind, "top level", format!("expected {what} (an object), found {found}")))
        }
    }

    /// Reads `value` (found at `path`) as a `T`; a mismatch is reported as
    /// the full path of the offending value and what was wrong there.
    pub fn read<'v, T: Deserialize<'v>>(value: &'v Value, path: &str) -> Result<T, Mismatch> {
        serde_path_to_error::deserialize(value).map_err(|error| Mismatch {
            path: join(path, &error.path().to_string()),
            message: crate::format::plain_message(&error.into_inner().to_string()),
        })
    }

    /// Where and how a value did not fit.
    #[derive(Debug)]
    pub struct Mismatch {
        pub path: String,
        pub message: String,
    }

    impl Mismatch {
        pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
            Self { path: path.into(), message: message.into() }
        }

        pub fn into_error(self, kind: Kind) -> ImportError {
            let location = if self.path.is_empty() { "top level".to_owned() } else { self.path };
            ImportError::new(kind, location, self.message)
        }
    }

    /// `a.b` + `[3].c` → `a.b[3].c`; `.` is the value itself.
    pub fn join(prefix: &str, inner: &str) -> String {
        match (prefix.is_empty(), inner) {
            (_, "." | "") => prefix.to_owned(),
            (true, inner) => inner.to_owned(),
            (false, inner) if inner.starts_with('[') => format!("{prefix}{inner}"),
            (false, inner) => format!("{prefix}.{inner}"),
        }
    }

    /// What a JSON value is, for messages.
    pub fn describe(value: &Value) -> &'static str {
        match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Formats unix seconds as RFC 3339 (UTC); `None` when out of range.
pub fn unix_time(seconds: i64) -> Option<String> {
    jiff::Timestamp::from_second(seconds).ok().map(|t| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_past_the_limit_loses_its_tags_not_its_text() {
        assert_eq!(limit_nesting("<div><div><div><b>x</b></div></div></div>", 2), "<div><div>x</div></div>");
        // Void, self-closed and implied-end tags do not nest; comments are skipped.
        let flat = "<div><p>a<p>b<br><img src=x/><li>c<!-- <div><div> --></div>";
        assert_eq!(limit_nesting(flat, 1), flat);
        assert!(matches!(limit_nesting("<i>ok</i>", 2), std::borrow::Cow::Borrowed(_)));
        // Below the cut, what the markup holds stays put.
        assert_eq!(limit_nesting("<div><div><br>x</div><br></div>", 1), "<div>x<br></div>");
    }

    fn text(s: &str) -> Block {
        Block::Text(s.to_owned())
    }

    fn quote(blocks: Vec<Block>) -> Block {
        quote_block(blocks, None, None)
    }

    #[test]
    fn paragraphs_without_closing_tags_and_entities() {
        let blocks = fragment_to_blocks("<p>it&#x27;s &quot;fine&quot; &amp; good<p>second &#x2F; one", None);
        assert_eq!(blocks, vec![text("it's \"fine\" & good"), text("second / one")]);
    }

    #[test]
    fn whitespace_is_folded_and_br_breaks_lines() {
        let blocks = fragment_to_blocks(
            "  one\n  two <b> three </b>four<br>\n five<br /><br />six&nbsp;&nbsp;seven",
            None,
        );
        assert_eq!(blocks, vec![text("one two three four\nfive"), text("six seven")]);
    }

    #[test]
    fn blockquotes_nest() {
        let blocks = fragment_to_blocks(
            "<blockquote><blockquote><p>a</p></blockquote><p>b</p></blockquote><p>c</p>",
            None,
        );
        assert_eq!(blocks, vec![quote(vec![quote(vec![text("a")]), text("b")]), text("c")]);
    }

    #[test]
    fn pre_code_keeps_whitespace_and_language() {
        let blocks = fragment_to_blocks(
            "<p>x</p><pre><code class=\"lang-rust\">fn main() {\n    let a = 1 &lt; 2;\n}\n</code></pre>",
            None,
        );
        assert_eq!(
            blocks,
            vec![
                text("x"),
                Block::Code {
                    code: "fn main() {\n    let a = 1 < 2;\n}".to_owned(),
                    lang: Some("rust".to_owned())
                }
            ]
        );
    }

    #[test]
    fn links_show_their_full_address() {
        let html = concat!(
            "<a href=\"https:&#x2F;&#x2F;example.com&#x2F;a&#x2F;very&#x2F;long&#x2F;path\">https:&#x2F;&#x2F;example.com&#x2F;a&#x2F;ver...</a> ",
            "<a href=\"https://twitter.com/x/status/1111862635622887425?s=21\">https://twitter.com/x/status...5622887425?s=21</a> ",
            "<a href=\"https://example.org/paper\">the paper</a> ",
            "<a href=\"http://www.reddit.com\">www.reddit.com</a> ",
            "<a href=\"mailto:a@b.org\">a@b.org</a> ",
            "<a href=\"#top\">top</a>"
        );
        let blocks = fragment_to_blocks(html, None);
        assert_eq!(
            blocks,
            vec![text(concat!(
                "https://example.com/a/very/long/path ",
                "https://twitter.com/x/status/1111862635622887425?s=21 ",
                "the paper (https://example.org/paper) ",
                "http://www.reddit.com a@b.org top"
            ))]
        );
    }

    #[test]
    fn more_text_is_not_a_shortened_address() {
        assert!(!same_target("more...", "https://more.example.com"));
        assert!(same_target(
            "github.com/urho3d/Urho3D/commit … 42f57f28c9",
            "https://github.com/urho3d/Urho3D/commit/4f8742f57f28c9"
        ));
        assert!(same_target("http://x.org/a.html[/li]", "http://x.org/a.html%5B/li%5D"));
    }

    #[test]
    fn relative_links_use_the_base() {
        let blocks = fragment_to_blocks(
            "<a href=\"/r/redditdev\">/r/redditdev</a> and <a href=\"/wiki/licensing\">licensing page</a> <a href=\"//cdn.example/x.png\">x</a>",
            Some("https://www.reddit.com"),
        );
        assert_eq!(
            blocks,
            vec![text(
                "https://www.reddit.com/r/redditdev and licensing page (https://www.reddit.com/wiki/licensing) x (https://cdn.example/x.png)"
            )]
        );
    }

    #[test]
    fn images_become_links_and_emoji_shortcodes() {
        let blocks = fragment_to_blocks(
            concat!(
                "<p>look <img src=\"https://e.org/a.png\" alt=\"cat\"> ",
                "<a href=\"https://e.org/big.png\"><img src=\"https://e.org/small.png\"></a> ",
                "<img class=\"emoji\" src=\"https://e.org/smile.png\" alt=\":slight_smile:\"></p>"
            ),
            None,
        );
        assert_eq!(
            blocks,
            vec![text("look [image: cat] https://e.org/a.png [image] https://e.org/big.png :slight_smile:")]
        );
    }

    #[test]
    fn lists_become_lines() {
        let blocks = fragment_to_blocks(
            "<p>before</p><ul><li>one</li><li><p>two</p><ul><li>deep</li></ul></li></ul><ol start=\"3\"><li>three</li><li>four</li></ol><p>after",
            None,
        );
        assert_eq!(
            blocks,
            vec![text("before"), text("- one\n- two\n  - deep"), text("3. three\n4. four"), text("after")]
        );
    }

    #[test]
    fn blocks_inside_items_leave_no_bare_markers() {
        let blocks = fragment_to_blocks(
            "<ol><li><blockquote>q</blockquote></li><li>two</li></ol><p>Part</p><p>2.</p><p>-</p>",
            None,
        );
        assert_eq!(blocks, vec![quote(vec![text("q")]), text("2. two"), text("Part"), text("2."), text("-")]);
    }

    #[test]
    fn scripts_and_comments_are_dropped() {
        let blocks = fragment_to_blocks(
            "<!-- SC_OFF --><div class=\"md\"><p>x</p><script>alert(1)</script></div>",
            None,
        );
        assert_eq!(blocks, vec![text("x")]);
    }

    #[test]
    fn unescape_undoes_one_level() {
        assert_eq!(unescape("&lt;p&gt;it&amp;#39;s&lt;/p&gt;"), "<p>it&#39;s</p>");
        let blocks = fragment_to_blocks(&unescape("&lt;p&gt;it&amp;#39;s&lt;/p&gt;"), None);
        assert_eq!(blocks, vec![text("it's")]);
    }

    #[test]
    fn angle_bracket_paragraphs_become_quotes() {
        let blocks = angle_quotes(fragment_to_blocks(
            "<p>&gt; quoted text<p>reply<p>&gt;&gt; deeper<p>&gt;_&lt; not a quote<p>&gt;&gt;123",
            None,
        ));
        assert_eq!(
            blocks,
            vec![
                quote(vec![text("quoted text")]),
                text("reply"),
                quote(vec![quote(vec![text("deeper")])]),
                text(">_< not a quote"),
                text(">>123"),
            ]
        );
    }

    #[test]
    fn chronological_keeps_replies_after_parents() {
        // b answers a but claims an earlier time; c is a later root.
        let order =
            chronological(vec![("a", None, 10), ("b", Some(0), 5), ("c", None, 7), ("d", Some(2), 8)]);
        assert_eq!(order, vec!["c", "d", "a", "b"]);
    }

    struct QuoteAside;

    impl Rules for QuoteAside {
        fn special<'a>(&mut self, element: ElementRef<'a>) -> Option<Special<'a>> {
            if element.value().name() != "aside" {
                return None;
            }
            let body = element.child_elements().find(|c| c.value().name() == "blockquote")?;
            Some(Special::Quote {
                body,
                of: element.attr("data-post").map(PostKey::from),
                author: element.attr("data-username").map(str::to_owned),
                before: None,
            })
        }
    }

    #[test]
    fn rules_replace_elements() {
        let mut rules = QuoteAside;
        let blocks = Converter::new(&mut rules, None)
            .fragment("<aside data-post=\"3\" data-username=\"x\"><div>x:</div><blockquote><p>said</p></blockquote></aside><p>ok</p>");
        assert_eq!(
            blocks,
            vec![quote_block(vec![text("said")], Some(PostKey::from("3")), Some("x".to_owned())), text("ok")]
        );
    }
}
