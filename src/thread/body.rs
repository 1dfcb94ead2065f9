//! Post bodies in the model: paragraphs (with their links), quotes and code.

use std::ops::Range;

use crate::format;

use super::QuoteId;
use super::links::find_urls;

/// Quotes nested deeper than this are shown at this depth: a line of a
/// thousand `>` is still readable and costs no recursion.
pub const MAX_QUOTE_DEPTH: usize = crate::format::MAX_QUOTE_DEPTH;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Paragraph),
    Quote(Quote),
    Code(Code),
}

/// Text with line breaks kept and the byte ranges of its URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub links: Vec<Range<usize>>,
}

impl Paragraph {
    pub fn new(text: String) -> Self {
        let links = find_urls(&text);
        Self { text, links }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub id: QuoteId,
    pub body: Vec<Block>,
    /// The quoted person as the file names them.
    pub author: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub text: String,
    pub lang: Option<String>,
}

/// A quote as read from the file, before attribution.
#[derive(Debug, Clone)]
pub(crate) struct RawQuote {
    pub parent: Option<QuoteId>,
    pub depth: usize,
    pub of: Option<String>,
}

/// A URL in a post's text, with the innermost quote it is in (if any):
/// whether it is the post's own link depends on where that quote comes from.
#[derive(Debug, Clone)]
pub(crate) struct TextLink {
    pub quote: Option<QuoteId>,
    pub url: String,
}

/// Turns wire bodies into model blocks, numbering quotes as it goes.
pub(crate) struct BodyBuilder<'q> {
    pub quotes: &'q mut Vec<RawQuote>,
    /// Emptied wire vectors, freed later off the critical path.
    pub spent: &'q mut Vec<Vec<format::Block>>,
    /// The URLs of the body's paragraphs, in text order.
    pub links: &'q mut Vec<TextLink>,
}

impl BodyBuilder<'_> {
    pub fn body(&mut self, body: format::Body, parent: Option<QuoteId>, depth: usize) -> Vec<Block> {
        match body {
            format::Body::Text(text) => self.text_body(&text, parent, depth),
            format::Body::Blocks(mut blocks) => {
                let mut out = Vec::with_capacity(blocks.len());
                for block in blocks.drain(..) {
                    self.block(block, parent, depth, &mut out);
                }
                self.spent.push(blocks);
                out
            }
        }
    }

    fn block(&mut self, block: format::Block, parent: Option<QuoteId>, depth: usize, out: &mut Vec<Block>) {
        match block {
            format::Block::Text(text) => out.push(self.paragraph(text, parent)),
            format::Block::Code { code, lang } => out.push(Block::Code(Code { text: code, lang })),
            format::Block::Quote { quote, of, author } => {
                let id = self.new_quote(parent, depth + 1, of.map(|k| k.0));
                let inner_depth = (depth + 1).min(MAX_QUOTE_DEPTH);
                let body = self.body(quote, Some(id), inner_depth);
                out.push(Block::Quote(Quote { id, body, author }));
            }
        }
    }

    fn paragraph(&mut self, text: String, quote: Option<QuoteId>) -> Block {
        let paragraph = Paragraph::new(text);
        self.links.extend(
            paragraph
                .links
                .iter()
                .map(|range| TextLink { quote, url: paragraph.text[range.clone()].to_owned() }),
        );
        Block::Paragraph(paragraph)
    }

    fn new_quote(&mut self, parent: Option<QuoteId>, depth: usize, of: Option<String>) -> QuoteId {
        let id = QuoteId(self.quotes.len() as u32);
        self.quotes.push(RawQuote { parent, depth: depth.min(MAX_QUOTE_DEPTH), of });
        id
    }

    /// A string body: blank lines separate paragraphs; `>` lines are quotes
    /// nested by their count of `>`, and an "X wrote:" line just before a
    /// quote names its author.
    fn text_body(&mut self, text: &str, parent: Option<QuoteId>, depth: usize) -> Vec<Block> {
        let lines: Vec<(usize, &str)> = text.lines().map(quote_level).collect();
        self.quoted_lines(&lines, parent, depth, None)
    }

    fn quoted_lines(
        &mut self,
        lines: &[(usize, &str)],
        parent: Option<QuoteId>,
        depth: usize,
        mut author_for_first: Option<String>,
    ) -> Vec<Block> {
        let mut out = Vec::new();
        let mut paragraph: Vec<&str> = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let (level, content) = lines[i];
            if level == 0 {
                if content.trim().is_empty() {
                    self.flush(&mut paragraph, parent, &mut out);
                } else {
                    paragraph.push(content);
                }
                i += 1;
                continue;
            }
            let end = lines[i..].iter().position(|&(l, _)| l == 0).map_or(lines.len(), |n| i + n);
            let author = paragraph.last().and_then(|line| attribution_author(line));
            if author.is_some() {
                paragraph.pop();
            }
            self.flush(&mut paragraph, parent, &mut out);
            let inner: Vec<(usize, &str)> = lines[i..end].iter().map(|&(l, c)| (l - 1, c)).collect();
            let id = self.new_quote(parent, depth + 1, None);
            let body = self.quoted_lines(&inner, Some(id), (depth + 1).min(MAX_QUOTE_DEPTH), None);
            let author = author.or_else(|| author_for_first.take());
            out.push(Block::Quote(Quote { id, body, author }));
            i = end;
        }
        self.flush(&mut paragraph, parent, &mut out);
        out
    }

    fn flush(&mut self, lines: &mut Vec<&str>, quote: Option<QuoteId>, out: &mut Vec<Block>) {
        if !lines.is_empty() {
            out.push(self.paragraph(lines.join("\n"), quote));
            lines.clear();
        }
    }
}

/// The quote level of a line and its content: `> > x` and `>> x` are both 2.
/// `>_<` is a smiley and `>>123` a post reference, not quotes.
fn quote_level(line: &str) -> (usize, &str) {
    let mut level = 0;
    let mut rest = line;
    loop {
        let trimmed = if level == 0 { rest } else { rest.trim_start_matches(' ') };
        let Some(after) = trimmed.strip_prefix('>') else { break };
        if level == 0 && !starts_quoted_text(after) {
            break;
        }
        level += 1;
        rest = after;
    }
    if level == 0 {
        return (0, line);
    }
    let content = rest.strip_prefix(' ').unwrap_or(rest);
    (level.min(MAX_QUOTE_DEPTH), content)
}

/// Whether what follows a leading `>` reads as quoted text.
fn starts_quoted_text(after: &str) -> bool {
    match after.chars().next() {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some('>') => !after.trim_start_matches('>').starts_with(|c: char| c.is_ascii_digit()),
        Some(c) => c.is_alphanumeric() || matches!(c, '"' | '“' | '\'' | '‘' | '(' | '['),
    }
}

/// The name in an attribution line ("On Tue, 3 May 2011, Ann Lee <a@l> wrote:").
fn attribution_author(line: &str) -> Option<String> {
    let line = line.trim();
    let head = line.strip_suffix("wrote:").or_else(|| line.strip_suffix("writes:"))?.trim_end();
    if head.len() > 200 {
        return None;
    }
    let head =
        head.strip_prefix("On ").map_or(head, |rest| rest.rsplit_once(", ").map_or(rest, |(_, name)| name));
    let name = match head.find('<') {
        Some(at) => head[..at].trim(),
        None => head.trim(),
    };
    let name = name.trim_matches(|c: char| c == '"' || c == ',' || c.is_whitespace());
    (!name.is_empty()).then(|| name.to_owned())
}

/// Calls `visit` on every quote of `blocks`, outer ones first.
pub fn for_each_quote<'a>(blocks: &'a [Block], visit: &mut impl FnMut(&'a Quote)) {
    for block in blocks {
        if let Block::Quote(q) = block {
            visit(q);
            for_each_quote(&q.body, visit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<Block>, Vec<RawQuote>) {
        let mut quotes = Vec::new();
        let blocks = BodyBuilder { quotes: &mut quotes, spent: &mut Vec::new(), links: &mut Vec::new() }
            .body(format::Body::Text(text.into()), None, 0);
        (blocks, quotes)
    }

    fn shape(blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => format!("P({})", p.text),
                Block::Code(c) => format!("C({})", c.text),
                Block::Quote(q) => format!("Q[{}]{{{}}}", q.author.as_deref().unwrap_or(""), shape(&q.body)),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn quote_levels_nest_by_count() {
        let (blocks, quotes) = parse("> > deep\n>> deeper\n> shallow\n\nmine");
        assert_eq!(shape(&blocks), "Q[]{Q[]{P(deep\ndeeper)} P(shallow)} P(mine)");
        assert_eq!(quotes.len(), 2);
        assert_eq!(quotes[1].depth, 2);
        assert_eq!(quotes[1].parent, Some(QuoteId(0)));
    }

    #[test]
    fn paragraphs_split_on_blank_lines_inside_quotes() {
        let (blocks, _) = parse("> one\n>\n> two");
        assert_eq!(shape(&blocks), "Q[]{P(one) P(two)}");
    }

    #[test]
    fn smileys_and_post_references_are_not_quotes() {
        let (blocks, _) = parse(">_< oops\n>>123 see that\n>.> hm");
        assert_eq!(shape(&blocks), "P(>_< oops\n>>123 see that\n>.> hm)");
    }

    #[test]
    fn attribution_line_names_the_quote() {
        let (blocks, _) = parse("On Tue, 3 May 2011 10:00, Ann Lee <ann@x.org> wrote:\n> hello\n\nreply");
        assert_eq!(shape(&blocks), "Q[Ann Lee]{P(hello)} P(reply)");
        let (blocks, _) = parse("Bob wrote:\n> hi");
        assert_eq!(shape(&blocks), "Q[Bob]{P(hi)}");
    }

    #[test]
    fn absurd_depth_is_capped_without_recursion_blowup() {
        let line = format!("{} bottom", ">".repeat(10_000));
        let (_, quotes) = parse(&line);
        assert_eq!(quotes.len(), MAX_QUOTE_DEPTH);
        assert!(quotes.iter().all(|q| q.depth <= MAX_QUOTE_DEPTH));
    }
}
