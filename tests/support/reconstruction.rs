//! The scoring side of quote reconstruction, for the tests only: [`flatten`]
//! writes a structured thread as a forum-text page the way the seed page
//! looks (quote markup dropped, quoted text inlined, a post without text as
//! a lone no-break space), and [`score`] measures how well a rebuilt thread
//! attributes the quoted paragraphs of the original.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;
use tread::format::{Block, Body, PostKey, ThreadFile};
use tread::text::{ellipsis_pieces, folded, on_word_boundaries};

/// One paragraph of a structured post as a reader sees it on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The text as it is printed (lines trimmed at the end, no blank lines).
    pub text: String,
    pub origin: Origin,
}

/// Where a paragraph of a structured post stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The post's own text.
    Own,
    /// Inside a quote; `of` and `author` are the innermost quote's (`None`
    /// when that quote does not name them).
    Quote { of: Option<PostKey>, author: Option<String> },
}

/// Parses a string body: a blank line separates paragraphs, lines starting
/// with `>` are quotes nested by the number of `>`.
pub fn parse_text_body(text: &str) -> Vec<Block> {
    let mut items: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        let mut depth = 0;
        let mut rest = line;
        while let Some(after) = rest.strip_prefix('>') {
            depth += 1;
            rest = after;
            let spaced = rest.trim_start_matches(' ');
            if spaced.starts_with('>') {
                rest = spaced;
            }
        }
        let content = rest.strip_prefix(' ').unwrap_or(rest);
        if content.trim().is_empty() {
            open = false;
            continue;
        }
        match items.last_mut() {
            Some((d, para)) if open && *d == depth => {
                para.push('\n');
                para.push_str(content);
            }
            _ => items.push((depth, content.to_owned())),
        }
        open = true;
    }
    nest(&items, 0)
}

fn nest(items: &[(usize, String)], level: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if items[i].0 <= level {
            out.push(Block::Text(items[i].1.clone()));
            i += 1;
        } else {
            let end = (i..items.len()).find(|&j| items[j].0 <= level).unwrap_or(items.len());
            out.push(Block::Quote {
                quote: Body::Blocks(nest(&items[i..end], level + 1)),
                of: None,
                author: None,
            });
            i = end;
        }
    }
    out
}

/// A paragraph's text as the page prints it: lines trimmed at the end,
/// whitespace-only lines dropped (they would split the paragraph).
fn printed(text: &str) -> String {
    text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join("\n")
}

/// The innermost quote around a paragraph: its `of` and `author`.
type Around<'a> = Option<(Option<&'a PostKey>, Option<&'a str>)>;

fn push_paragraphs(text: &str, around: Around<'_>, out: &mut Vec<Paragraph>) {
    for piece in text.split("\n\n") {
        let text = printed(piece);
        if !text.is_empty() {
            let origin = match around {
                None => Origin::Own,
                Some((of, author)) => Origin::Quote { of: of.cloned(), author: author.map(str::to_owned) },
            };
            out.push(Paragraph { text, origin });
        }
    }
}

/// `around`: `None` outside every quote.
fn walk(blocks: &[Block], around: Around<'_>, out: &mut Vec<Paragraph>) {
    for block in blocks {
        match block {
            Block::Text(text) => push_paragraphs(text, around, out),
            Block::Code { code, .. } => push_paragraphs(code, around, out),
            Block::Quote { quote, of, author } => {
                walk_body(quote, Some((of.as_ref(), author.as_deref())), out);
            }
        }
    }
}

fn walk_body(body: &Body, around: Around<'_>, out: &mut Vec<Paragraph>) {
    match body {
        Body::Text(text) => walk(&parse_text_body(text), around, out),
        Body::Blocks(blocks) => walk(blocks, around, out),
    }
}

/// The paragraphs of a post body in page order, each with where it is quoted from.
pub fn paragraphs(body: &Body) -> Vec<Paragraph> {
    let mut out = Vec::new();
    walk_body(body, None, &mut out);
    out
}

/// A paragraph quoted by hand, without quote markup: wholly in quotation
/// marks (`“…”`, `"…"`), or raw bulletin-board code the forum did not render
/// (`[quote="cadaver"]…[/quote]`, a phpBB import). The quoted text, and the
/// author that code names.
fn hand_quote(text: &str) -> Option<(String, Option<String>)> {
    let trimmed = text.trim();
    if let Some(rest) = trimmed.strip_prefix("[quote") {
        let (attribute, inner) = rest.split_once(']')?;
        let author = attribute
            .trim_start_matches('=')
            .trim_matches(|c: char| c == '"' || c == '\u{201C}' || c == '\u{201D}' || c.is_whitespace());
        let inner = inner.split("[/quote]").next().unwrap_or(inner).trim();
        return (!inner.is_empty())
            .then(|| (inner.to_owned(), (!author.is_empty()).then(|| author.to_owned())));
    }
    let inner = trimmed
        .strip_prefix('\u{201C}')
        .and_then(|t| t.strip_suffix('\u{201D}'))
        .or_else(|| trimmed.strip_prefix('"').and_then(|t| t.strip_suffix('"')))?;
    let words = inner.split_whitespace().count();
    (words >= 4 && !inner.contains(['"', '\u{201C}', '\u{201D}'])).then(|| (inner.to_owned(), None))
}

/// Separator line pair between posts on an Invision Community page.
pub const POST_SEPARATOR: &str = "Link to comment\nShare on other sites";
/// The line between paragraphs on the seed page (a no-break space).
const PARAGRAPH_SEPARATOR: &str = "\n\n\u{a0}\n\n";
const FOOTER: &str = "Create an account or sign in to comment\n\n\
    You need to be a member in order to leave a comment\n\n\
    Create an account\n\n\
    Sign up for a new account in our community. It's easy!\n\n\
    Register a new account\n\n\
    Sign in\n\n\
    Already have an account? Sign in here.\n\n\
    Sign In Now\n";

/// Writes a structured thread as a forum page saved as text, laid out like
/// the seed page: "Jump to content", the title, "Recommended Posts", each
/// post's paragraphs separated by no-break-space lines with quotes inlined as
/// plain paragraphs (markup, `of` and authors dropped), posts separated by
/// "Link to comment / Share on other sites", and the sign-in footer. Authors,
/// times and `links` are not printed (the seed shows none of them).
pub fn flatten(file: &ThreadFile) -> String {
    let title = file.title.as_deref().and_then(|t| t.lines().next()).unwrap_or("");
    let mut out = format!("Jump to content\n\n{title}\n\n\nRecommended Posts\n\n");
    for post in &file.posts {
        let texts: Vec<String> = paragraphs(&post.body).into_iter().map(|p| p.text).collect();
        if texts.is_empty() {
            // A post without text (an image, an embed) saves as a lone
            // no-break space between the separators.
            out.push('\u{a0}');
        }
        out.push_str(&texts.join(PARAGRAPH_SEPARATOR));
        out.push_str("\n\n");
        out.push_str(POST_SEPARATOR);
        out.push_str("\n\n");
    }
    out.push_str(FOOTER);
    out
}

// ---------------------------------------------------------------- scoring

/// Quote attribution counted per quoted paragraph.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Paragraphs the reference quotes from a post of the thread.
    pub quoted: usize,
    /// Paragraphs the rebuilt thread attributes to a post.
    pub attributed: usize,
    /// Attributed to the same post as in the reference.
    pub correct: usize,
    /// Posts whose paragraphs could not be paired (counted as all wrong).
    pub misaligned_posts: usize,
    /// Reference paragraphs whose named source does not show them, taken
    /// from the earlier post that holds them (see [`reference_attribution`]).
    pub renamed: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        if self.attributed == 0 { 1.0 } else { self.correct as f64 / self.attributed as f64 }
    }

    pub fn recall(&self) -> f64 {
        if self.quoted == 0 { 1.0 } else { self.correct as f64 / self.quoted as f64 }
    }

    pub fn add(&mut self, other: Score) {
        self.quoted += other.quoted;
        self.attributed += other.attributed;
        self.correct += other.correct;
        self.misaligned_posts += other.misaligned_posts;
        self.renamed += other.renamed;
    }
}

/// For every post, for every paragraph in page order, the index of the post
/// it is quoted from, if any: a quote's `of` as written, and quotes without
/// `of` as in [`reference_attribution`]. This is how a rebuilt thread is read.
pub fn attribution(file: &ThreadFile, repeats: bool) -> Vec<Vec<Option<usize>>> {
    attribute(file, repeats, false).0
}

/// [`attribution`] for a reference thread, whose markup may name the wrong
/// post; and how many named quote paragraphs were re-attributed.
///
/// - A paragraph of a quote without `of` is attributed like the loader does:
///   to the earliest earlier post whose own text contains it, compared as
///   the loader compares (folded without quote marks, split at ellipses,
///   every piece in order on word boundaries, stray dots at the pieces' ends
///   ignored). With `repeats`, a paragraph no own text contains goes to the
///   earliest earlier post that shows it at all (text quoted from outside
///   the thread, then quoted again: the thread's only source for it is the
///   post that brought it in; the format calls such a quote a repeat).
///   Without `repeats` it has no source.
/// - A quote's `of` names its source, unless the named post does not show
///   the paragraph at all while an earlier post's own text holds it: then
///   the markup names the wrong post (a Discourse quote whose `data-post`
///   points at the post above the one its `data-username` wrote; the page
///   proves it) and the holder is the source. These are counted (the second
///   value) so that the rule is never silent. A named paragraph that no post
///   holds (an edited excerpt, a translation) keeps its name.
pub fn reference_attribution(file: &ThreadFile, repeats: bool) -> (Vec<Vec<Option<usize>>>, usize) {
    attribute(file, repeats, true)
}

/// Whether loader-folded `hay` holds every ellipsis piece of loader-folded
/// `quote`, in order, each on word boundaries: the loader's test for "this
/// text contains that quote" (see `tread::text`).
fn holds_quote(hay: &str, pieces: &[&str]) -> bool {
    let mut rest = 0;
    'pieces: for piece in pieces {
        let mut from = rest;
        while let Some(at) = hay[from..].find(piece) {
            let start = from + at;
            let end = start + piece.len();
            if on_word_boundaries(hay, start, end) {
                rest = end;
                continue 'pieces;
            }
            from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
        }
        return false;
    }
    !pieces.is_empty()
}

fn attribute(file: &ThreadFile, repeats: bool, rename: bool) -> (Vec<Vec<Option<usize>>>, usize) {
    let position: HashMap<&str, usize> =
        file.posts.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let mut posts: Vec<Vec<Paragraph>> = file.posts.iter().map(|p| paragraphs(&p.body)).collect();
    if rename {
        // The reference reads a quote written by hand as the quote it is.
        for para in posts.iter_mut().flatten() {
            if para.origin == Origin::Own
                && let Some((inner, author)) = hand_quote(&para.text)
            {
                *para = Paragraph { text: inner, origin: Origin::Quote { of: None, author } };
            }
        }
    }
    let hays: Vec<Vec<String>> =
        posts.iter().map(|ps| ps.iter().map(|p| folded(&p.text)).collect()).collect();

    // Quoted paragraphs: their first piece found by one automaton, then verified.
    let mut quotes: Vec<String> = Vec::new();
    let mut pattern_of: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, paras) in posts.iter().enumerate() {
        for (j, para) in paras.iter().enumerate() {
            if para.origin != Origin::Own && !ellipsis_pieces(&hays[i][j]).is_empty() {
                pattern_of.insert((i, j), quotes.len());
                quotes.push(hays[i][j].clone());
            }
        }
    }
    let pieces: Vec<Vec<&str>> = quotes.iter().map(|q| ellipsis_pieces(q)).collect();
    let mut earliest: Vec<Option<usize>> = vec![None; quotes.len()];
    // The first paragraph (post, index) that shows each quote at all.
    let mut shown: Vec<Option<(usize, usize)>> = vec![None; quotes.len()];
    if !quotes.is_empty() {
        let automaton = AhoCorasick::new(pieces.iter().map(|p| p[0])).expect("plain patterns build");
        for (i, paras) in posts.iter().enumerate() {
            for (j, (para, hay)) in paras.iter().zip(&hays[i]).enumerate() {
                for found in automaton.find_overlapping_iter(hay) {
                    let pattern = found.pattern().as_usize();
                    let own = para.origin == Origin::Own;
                    if shown[pattern].is_some() && (!own || earliest[pattern].is_some()) {
                        continue;
                    }
                    if holds_quote(hay, &pieces[pattern]) {
                        shown[pattern].get_or_insert((i, j));
                        if own {
                            earliest[pattern].get_or_insert(i);
                        }
                    }
                }
            }
        }
    }
    let own_holder = earliest.clone();
    let own_words: Vec<Vec<Vec<String>>> = posts
        .iter()
        .map(|paras| paras.iter().filter(|p| p.origin == Origin::Own).map(|p| words(&p.text)).collect())
        .collect();

    let mut renamed = 0;
    let mut sources: Vec<Vec<Option<usize>>> = Vec::with_capacity(posts.len());
    for (i, paras) in posts.iter().enumerate() {
        let mut row = Vec::with_capacity(paras.len());
        for (j, para) in paras.iter().enumerate() {
            let pattern = pattern_of.get(&(i, j)).copied();
            let source = match &para.origin {
                Origin::Own => None,
                Origin::Quote { of: Some(of), .. } => position.get(of.as_str()).copied().map(|named| {
                    let holder = pattern.and_then(|k| own_holder[k]).filter(|&h| h < i && h != named);
                    let named_shows =
                        pattern.is_none_or(|k| hays[named].iter().any(|hay| holds_quote(hay, &pieces[k])));
                    match holder {
                        Some(holder) if rename && !named_shows => {
                            renamed += 1;
                            holder
                        }
                        _ => named,
                    }
                }),
                Origin::Quote { of: None, author } => {
                    let own = pattern.and_then(|k| own_holder[k]).filter(|&source| source < i);
                    // A repeat: text no own text holds, quoted again. Its
                    // source is the first paragraph's that showed it: that
                    // paragraph's own source if it was a quote of a post
                    // (a hand-typed copy), else the post that brought it in.
                    let repeat = || {
                        let (post, at) = pattern.and_then(|k| shown[k]).filter(|&(post, _)| post < i)?;
                        Some(sources[post][at].unwrap_or(post))
                    };
                    // A quote naming only its author (phpBB imports): the
                    // nearest earlier post by that author.
                    let by_author = || {
                        let author = author.as_deref()?;
                        (0..i).rev().find(|&k| file.posts[k].author.as_deref() == Some(author))
                    };
                    // Compared by words alone (a hand-typed copy may space
                    // its punctuation otherwise: "fmt , subdirectory").
                    let by_words = || {
                        let quote = words(&para.text);
                        (0..i).find(|&k| own_words[k].iter().any(|own| holds_words(own, &quote)))
                    };
                    own.or_else(|| if rename { by_words() } else { None })
                        .or_else(|| if repeats { repeat() } else { None })
                        .or_else(|| {
                            if rename {
                                by_author().filter(|&k| mostly_in(&para.text, &own_words[k]))
                            } else {
                                None
                            }
                        })
                }
            };
            row.push(source);
        }
        sources.push(row);
    }
    (sources, renamed)
}

/// The words of a text: lower-case runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// `quote`'s words appear consecutively in `own`.
fn holds_words(own: &[String], quote: &[String]) -> bool {
    !quote.is_empty() && own.windows(quote.len()).any(|w| w == quote)
}

/// Nine in ten of `text`'s words are among the words of `paragraphs`: an
/// edited copy of that post's text.
fn mostly_in(text: &str, paragraphs: &[Vec<String>]) -> bool {
    let quote = words(text);
    let found = quote.iter().filter(|w| paragraphs.iter().any(|p| p.contains(w))).count();
    !quote.is_empty() && found * 10 >= quote.len() * 9
}

/// Scores `rebuilt` against `reference`, post by post and paragraph by
/// paragraph (both must hold the same paragraphs in the same order, as
/// `rebuilt = import(flatten(reference))` does).
pub fn score(reference: &ThreadFile, rebuilt: &ThreadFile) -> Score {
    score_with(reference, rebuilt, true)
}

/// [`score`], choosing how the reference attributes repeated text quoted
/// from outside the thread (see [`attribution`]).
pub fn score_with(reference: &ThreadFile, rebuilt: &ThreadFile, repeats: bool) -> Score {
    let (want, renamed) = reference_attribution(reference, repeats);
    let got = attribution(rebuilt, repeats);
    let mut score = Score { renamed, ..Score::default() };
    for i in 0..want.len().max(got.len()) {
        let (w, g) = (want.get(i).map_or(&[][..], Vec::as_slice), got.get(i).map_or(&[][..], Vec::as_slice));
        score.quoted += w.iter().flatten().count();
        score.attributed += g.iter().flatten().count();
        if w.len() == g.len() && i < want.len() && i < got.len() {
            score.correct += w.iter().zip(g).filter(|(a, b)| a.is_some() && a == b).count();
            if std::env::var_os("TREAD_SCORE_DETAILS").is_some() {
                let texts = paragraphs(&reference.posts[i].body);
                for ((w, g), para) in w.iter().zip(g).zip(texts) {
                    if w != g {
                        let shown: String = para.text.chars().take(90).collect();
                        println!(
                            "  post {}: want {:?} got {:?}: {shown:?}",
                            i + 1,
                            w.map(|x| x + 1),
                            g.map(|x| x + 1)
                        );
                    }
                }
            }
        } else {
            score.misaligned_posts += 1;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Block {
        Block::Text(t.to_owned())
    }

    fn quote(of: &str, blocks: Vec<Block>) -> Block {
        Block::Quote { quote: Body::Blocks(blocks), of: Some(PostKey::from(of)), author: None }
    }

    const A: &str = "Now scientists have found hints about how ketamine works in the brain.";
    const B: &str = "In mice, the drug appears to quickly improve certain brain circuits.";
    const C: &str = "I.e., they don't know jack about what this drug does.";

    #[test]
    fn text_bodies_parse_nested_quotes() {
        let blocks =
            parse_text_body("Own line\nsecond line\n\n> quoted\n>\n> > deeper\n>> deeper too\n\nafter");
        let deeper =
            Block::Quote { quote: Body::Blocks(vec![text("deeper\ndeeper too")]), of: None, author: None };
        assert_eq!(
            blocks,
            vec![
                text("Own line\nsecond line"),
                Block::Quote { quote: Body::Blocks(vec![text("quoted"), deeper]), of: None, author: None },
                text("after"),
            ]
        );
    }

    #[test]
    fn flatten_and_score_round_trip() {
        let mut file = ThreadFile::new(Some("T".into()), None);
        let post = |id: &str, body: Vec<Block>| tread::format::Post {
            id: PostKey::from(id),
            author: None,
            time: None,
            reply_to: None,
            body: Body::Blocks(body),
            links: Vec::new(),
            missing_replies: None,
        };
        file.posts.push(post("a", vec![text(A), text(B)]));
        file.posts.push(post("b", vec![quote("a", vec![text(B)]), text(C)]));
        file.posts.push(post(
            "c",
            vec![
                Block::Quote { quote: Body::Text(C.into()), of: None, author: None },
                text("Own words here."),
            ],
        ));
        let page = flatten(&file);
        assert!(page.starts_with("Jump to content\n\nT\n\n\nRecommended Posts\n\n"));
        assert!(page.contains(&format!("{A}\n\n\u{a0}\n\n{B}\n\nLink to comment\nShare on other sites\n\n")));
        assert_eq!(
            attribution(&file, true),
            vec![vec![None, None], vec![Some(0), None], vec![Some(1), None]]
        );
        let exact = score(&file, &file);
        assert_eq!((exact.quoted, exact.attributed, exact.correct, exact.misaligned_posts), (2, 2, 2, 0));
        let mut wrong = file.clone();
        wrong.posts[2].body = Body::Blocks(vec![text(C), text("Own words here.")]);
        let partial = score(&file, &wrong);
        assert_eq!((partial.quoted, partial.attributed, partial.correct), (2, 1, 1));
        assert!((partial.recall() - 0.5).abs() < 1e-9);
    }
}
