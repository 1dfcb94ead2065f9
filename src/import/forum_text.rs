//! The forum-text importer: a forum page saved as plain text.
//!
//! The built-in layout is an Invision Community page as a browser saves it
//! as text: "Jump to content", the title, avatar labels such as `[Fi...]`,
//! "Recommended Posts", then the posts, each ended by the two lines
//! "Link to comment" / "Share on other sites", then the sign-in footer
//! ("Create an account or sign in to comment" …). Inside a post, paragraphs
//! are separated by blank lines or lines holding only no-break spaces.
//! Other forums: `--separator REGEX` names the line between posts (the regex
//! must match the whole line, trailing whitespace aside).
//!
//! Page chrome (header, footer, separators, avatar labels) never reaches a
//! post. Quotes were flattened into the text by the page; they are rebuilt by
//! [`super::reconstruct`]. A post whose first block quotes post k replies to k;
//! other posts have no `reply_to`. Authors are not on the page: avatar labels
//! are truncated image labels ("4f..."), not names, so they are reported as
//! warnings and not used.

use regex::Regex;

use super::reconstruct::{first_quoted, reconstruct};
use super::{ImportError, ImportOptions, Imported, Kind, Warning, WarningKind};
use crate::format::{Body, Post, PostKey, ThreadFile};

const HEADER_FIRST: &str = "Jump to content";
const HEADER_LAST: &str = "Recommended Posts";
const SEPARATOR_FIRST: &str = "Link to comment";
const SEPARATOR_SECOND: &str = "Share on other sites";
/// A footer starts at the first of these lines after the last separator.
const FOOTER_STARTS: [&str; 4] = [
    "Create an account or sign in to comment",
    "Reply to this topic...",
    "Go to topic listing",
    "Sign in to follow this",
];

fn error(location: impl Into<String>, message: impl Into<String>) -> ImportError {
    ImportError::new(Kind::ForumText, location, message)
}

/// How post boundaries are recognised.
enum Separator {
    Invision,
    Custom(Regex),
}

impl Separator {
    fn from_options(options: &ImportOptions) -> Result<Self, ImportError> {
        let Some(pattern) = options.separator.as_deref() else {
            return Ok(Self::Invision);
        };
        if pattern.trim().is_empty() {
            return Err(error("--separator", "the separator pattern is empty"));
        }
        Regex::new(&format!("^(?:{pattern})$")).map(Self::Custom).map_err(|e| {
            let detail = e.to_string();
            let detail = detail.lines().last().unwrap_or_default().trim().to_owned();
            error("--separator", format!("`{pattern}` is not a valid regular expression: {detail}"))
        })
    }

    /// Lines taken by a separator starting at `lines[at]` (0: none).
    fn width(&self, lines: &[&str], at: usize) -> usize {
        let line = lines[at].trim_end();
        match self {
            Self::Invision if line.trim() == SEPARATOR_FIRST => {
                1 + usize::from(lines.get(at + 1).is_some_and(|l| l.trim() == SEPARATOR_SECOND))
            }
            Self::Invision => usize::from(line.trim() == SEPARATOR_SECOND),
            Self::Custom(regex) => usize::from(regex.is_match(line)),
        }
    }
}

/// `[Fi...]`: the text label of an avatar image, a few characters and an ellipsis.
fn avatar_label(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix('[')?.strip_suffix(']')?;
    let stem = inner.strip_suffix("...").or_else(|| inner.strip_suffix('…'))?;
    let plausible = (1..=12).contains(&stem.chars().count())
        && !stem.chars().any(|c| c.is_whitespace() || c == '[' || c == ']');
    plausible.then_some(inner)
}

fn blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn decode(input: &[u8], warnings: &mut Vec<Warning>) -> Result<String, ImportError> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    if let Some(at) = input.iter().position(|&b| b == 0) {
        let line = input[..at].split(|&b| b == b'\n').count();
        return Err(error(format!("line {line}"), "a NUL byte: this is not a text page"));
    }
    match std::str::from_utf8(input) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let line = input[..e.valid_up_to()].split(|&b| b == b'\n').count();
            warnings.push(Warning::new(
                WarningKind::Encoding,
                format!("line {line}"),
                "not UTF-8; the page is read as Windows-1252",
            ));
            Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(input).0.into_owned())
        }
    }
}

/// One post as cut from the page.
struct Chunk {
    /// 1-based line of its first line.
    line: usize,
    paragraphs: Vec<String>,
}

/// Splits a post's lines into paragraphs: blank or no-break-space lines
/// separate them, avatar labels are dropped (and reported).
fn paragraphs(lines: &[&str], first_line: usize, post: usize, warnings: &mut Vec<Warning>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for (offset, line) in lines.iter().enumerate() {
        if blank(line) {
            open = false;
            continue;
        }
        if let Some(label) = avatar_label(line) {
            warnings.push(Warning::new(
                WarningKind::AvatarLabel,
                format!("line {}", first_line + offset),
                format_args!(
                    "avatar label [{label}] before post {post} not used as its author (a truncated image label, not a name)"
                ),
            ));
            open = false;
            continue;
        }
        let line = line.trim_end();
        match out.last_mut() {
            Some(paragraph) if open => {
                paragraph.push('\n');
                paragraph.push_str(line);
            }
            _ => out.push(line.to_owned()),
        }
        open = true;
    }
    out
}

/// The header's end (exclusive) and the title, for an Invision page.
fn header(lines: &[&str], separator: &Separator, warnings: &mut Vec<Warning>) -> (usize, Option<String>) {
    let first_separator = (0..lines.len()).find(|&i| separator.width(lines, i) > 0).unwrap_or(lines.len());
    let recommended = lines[..first_separator].iter().position(|l| l.trim() == HEADER_LAST);
    let first = lines.iter().position(|l| !blank(l)).unwrap_or(0);
    let starts_like_invision = lines[first].trim() == HEADER_FIRST;
    let end = match recommended {
        Some(at) => at + 1,
        None if starts_like_invision => {
            // No "Recommended Posts": the header is the title line alone.
            (first + 1..first_separator).find(|&i| !blank(lines[i])).map_or(first + 1, |i| i + 1)
        }
        None => return (0, None),
    };
    let mut title = None;
    for (i, line) in lines[..end].iter().enumerate() {
        let trimmed = line.trim();
        if let Some(label) = avatar_label(line) {
            warnings.push(Warning::new(
                WarningKind::AvatarLabel,
                format!("line {}", i + 1),
                format_args!(
                    "avatar label [{label}] in the page header (the first post's author?) not used as an author"
                ),
            ));
        } else if !trimmed.is_empty() && trimmed != HEADER_FIRST && trimmed != HEADER_LAST && title.is_none()
        {
            title = Some(trimmed.to_owned());
        }
    }
    (end, title)
}

/// Cuts the page into posts.
fn chunks(lines: &[&str], start: usize, separator: &Separator, warnings: &mut Vec<Warning>) -> Vec<Chunk> {
    let mut cuts: Vec<(usize, usize)> = Vec::new(); // (first line, end) of each post's lines
    let mut from = start;
    let mut i = start;
    while i < lines.len() {
        let width = separator.width(lines, i);
        if width > 0 {
            cuts.push((from, i));
            i += width;
            from = i;
        } else {
            i += 1;
        }
    }
    let separators = cuts.len();
    // After the last separator: the footer, or a last post without one.
    let footer = (from..lines.len()).find(|&i| FOOTER_STARTS.contains(&lines[i].trim()));
    cuts.push((from, footer.unwrap_or(lines.len())));
    if separators == 0 {
        let message = match separator {
            Separator::Invision => {
                format!("no post separator (\"{SEPARATOR_FIRST}\") found: the page is read as one post")
            }
            Separator::Custom(_) => "no line matched --separator: the page is read as one post".to_owned(),
        };
        warnings.push(Warning::new(WarningKind::NoSeparator, "", message));
    }

    let mut out = Vec::new();
    for (n, (from, to)) in cuts.into_iter().enumerate() {
        let paragraphs = paragraphs(&lines[from..to], from + 1, out.len() + 1, warnings);
        // Every separator closes a post, with text or not: an image-only or
        // embed-only post saves as a lone no-break space, and dropping it
        // would renumber every later post. Only the stretch after the last
        // separator (the footer's lead-in) needs text to be a post.
        if paragraphs.is_empty() && n == separators {
            continue;
        }
        out.push(Chunk { line: from + 1, paragraphs });
    }
    out
}

/// Reads a forum page saved as text. See the module documentation.
pub fn import(input: &[u8], options: &ImportOptions) -> Result<Imported, ImportError> {
    let separator = Separator::from_options(options)?;
    let mut warnings = Vec::new();
    let text = decode(input, &mut warnings)?;
    let lines: Vec<&str> = text.lines().collect();
    if lines.iter().all(|l| blank(l)) {
        return Err(error("line 1", "the page is empty: there are no posts to read"));
    }
    let (start, title) = header(&lines, &separator, &mut warnings);
    let chunks = chunks(&lines, start, &separator, &mut warnings);
    if chunks.iter().all(|c| c.paragraphs.is_empty()) {
        return Err(error(
            format!("line {}", lines.len()),
            "no post text on the page, only page chrome (header, separators, footer)",
        ));
    }

    let keys: Vec<PostKey> = (1..=chunks.len() as u64).map(PostKey::from).collect();
    let texts: Vec<Vec<String>> = chunks.iter().map(|c| c.paragraphs.clone()).collect();
    let bodies = reconstruct(&texts, &keys);
    let mut file = ThreadFile::new(title, None);
    for ((key, blocks), chunk) in keys.into_iter().zip(bodies).zip(&chunks) {
        let reply_to = first_quoted(&blocks).cloned();
        if chunk.paragraphs.is_empty() {
            warnings.push(Warning::new(
                WarningKind::EmptyPost,
                format!("line {}", chunk.line),
                format_args!("post {key} has no text (an image or embed?); kept empty"),
            ));
        }
        file.posts.push(Post {
            id: key,
            author: None,
            time: None,
            reply_to,
            body: Body::Blocks(blocks),
            links: Vec::new(),
            missing_replies: None,
        });
    }
    Ok(Imported { file, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Block;

    fn read(page: &str) -> Imported {
        import(page.as_bytes(), &ImportOptions::default()).expect("imports")
    }

    fn read_with(page: &str, separator: &str) -> Result<Imported, ImportError> {
        import(
            page.as_bytes(),
            &ImportOptions { separator: Some(separator.to_owned()), ..ImportOptions::default() },
        )
    }

    fn texts(post: &Post) -> Vec<String> {
        let Body::Blocks(blocks) = &post.body else { panic!("blocks") };
        blocks
            .iter()
            .map(|b| match b {
                Block::Text(t) => t.clone(),
                Block::Quote { of, .. } => {
                    format!("<quote of {}>", of.as_ref().map_or("?", PostKey::as_str))
                }
                Block::Code { code, .. } => code.clone(),
            })
            .collect()
    }

    const PAGE: &str = "Jump to content\n\nThe Title\n\n\n[Fi...]\n\nRecommended Posts\n\n\
        First paragraph of the first post, long enough.\n\n\u{a0}\n\nSecond paragraph\nwith a line break.\u{a0}\n\n\
        Link to comment\nShare on other sites\n\n[4f...]\n\nFirst paragraph of the first post, long enough.\n\n\u{a0}\n\nMy answer.\n\n\
        Link to comment\nShare on other sites\n\n\
        Create an account or sign in to comment\n\nYou need to be a member in order to leave a comment\n\nSign In Now\n\u{d7}\n";

    #[test]
    fn chrome_is_dropped_and_title_kept() {
        let imported = read(PAGE);
        let file = &imported.file;
        assert_eq!(file.title.as_deref(), Some("The Title"));
        assert_eq!(file.posts.len(), 2);
        assert_eq!(
            texts(&file.posts[0]),
            ["First paragraph of the first post, long enough.", "Second paragraph\nwith a line break."]
        );
        assert_eq!(texts(&file.posts[1]), ["<quote of 1>", "My answer."]);
        let all = serde_json::to_string(file).unwrap();
        for chrome in [
            "Jump to content",
            "Recommended Posts",
            "Link to comment",
            "Share on",
            "Sign In",
            "[4f",
            "[Fi",
            "\u{d7}",
        ] {
            assert!(!all.contains(chrome), "{chrome} leaked");
        }
        assert_eq!(imported.warnings.len(), 2, "{:?}", imported.warnings);
        assert!(imported.warnings[1].contains("[4f...]"), "{:?}", imported.warnings);
    }

    #[test]
    fn a_post_without_text_keeps_its_place_and_number() {
        // An image-only post saves as a lone no-break space between separators.
        let page = "Jump to content\n\nT\n\nRecommended Posts\n\nFirst post, with enough words in it.\n\n\
            Link to comment\nShare on other sites\n\n\u{a0}\n\nLink to comment\nShare on other sites\n\n\
            First post, with enough words in it.\n\n\u{a0}\n\nThird.\n\nLink to comment\nShare on other sites\n\n\
            Create an account or sign in to comment\n";
        let imported = read(page);
        let posts = &imported.file.posts;
        assert_eq!(posts.len(), 3);
        assert_eq!(posts[1].id.as_str(), "2");
        assert_eq!(posts[1].body, Body::Blocks(Vec::new()));
        assert_eq!(texts(&posts[2]), ["<quote of 1>", "Third."]);
        assert!(
            imported.warnings.iter().any(|w| w.contains("post 2 has no text")),
            "{:?}",
            imported.warnings
        );
    }

    #[test]
    fn no_break_space_lines_separate_paragraphs() {
        let file = read("One paragraph here.\n\u{a0}\nTwo\u{a0}\u{a0}\n \u{a0} \nThree\n").file;
        assert_eq!(texts(&file.posts[0]), ["One paragraph here.", "Two", "Three"]);
    }

    #[test]
    fn reply_to_comes_from_a_leading_quote() {
        let file = read(PAGE).file;
        assert_eq!(file.posts[0].reply_to, None);
        assert_eq!(file.posts[1].reply_to, Some(PostKey::from("1")));
    }

    #[test]
    fn custom_separator_serves_other_forums() {
        let page = "Hello everyone, a first post with some words.\n-----\nAnother post entirely.\n\n-----\n\n\
            Hello everyone, a first post with some words.\n\nAgreed.\n-----\n";
        let file = read_with(page, r"-{5,}").unwrap().file;
        assert_eq!(file.posts.len(), 3);
        assert_eq!(file.title, None);
        assert_eq!(texts(&file.posts[2]), ["<quote of 1>", "Agreed."]);
        // The default separator is not used with a custom one.
        let page = "A post.\nLink to comment\nShare on other sites\nAnother.\n== next ==\nThird.";
        let imported = read_with(page, "== next ==").unwrap();
        assert_eq!(imported.file.posts.len(), 2);
    }

    #[test]
    fn bad_input_is_one_clear_error() {
        let empty = import("  \n\u{a0}\n".as_bytes(), &ImportOptions::default());
        let empty_bytes = import(b"", &ImportOptions::default()).unwrap_err();
        assert_eq!(empty_bytes.location, "line 1");
        assert!(empty.is_err());
        let regex = read_with("text", "(unclosed").unwrap_err();
        assert_eq!(regex.kind, Kind::ForumText);
        assert_eq!(regex.location, "--separator");
        assert!(regex.message.contains("(unclosed"), "{}", regex.message);
        let chrome = import(
            b"Jump to content\n\nTitle\n\nRecommended Posts\n\nLink to comment\nShare on other sites\n",
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(chrome.location, "line 8");
        assert!(chrome.to_string().starts_with("read as forum-text: line 8: no post text"), "{chrome}");
        let nul = import(b"a\nb\0c", &ImportOptions::default()).unwrap_err();
        assert_eq!(nul.location, "line 2");
    }

    #[test]
    fn one_post_without_separators_is_read_with_a_warning() {
        let imported = read("Just some text.\n\nAnd more.");
        assert_eq!(imported.file.posts.len(), 1);
        assert_eq!(imported.warnings.len(), 1);
    }

    #[test]
    fn windows_1252_pages_are_decoded() {
        let imported = import(b"It\x92s a page.", &ImportOptions::default()).unwrap();
        assert_eq!(texts(&imported.file.posts[0]), ["It\u{2019}s a page."]);
        assert!(imported.warnings[0].contains("Windows-1252"));
    }
}
