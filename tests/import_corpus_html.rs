//! The HTML-bearing importers (hn, reddit, discourse, forum-html) over every
//! file of the real-thread corpus in `tests/corpus/`.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use tread::format::{self, Block, Body, LoadOptions, Post, PostKey, ThreadFile};
use tread::import::{self, ImportOptions, Imported, Kind};

fn corpus_dir(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(sub)
}

fn corpus_files(sub: &str) -> Vec<PathBuf> {
    let dir = corpus_dir(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {}", dir.display());
    files
}

fn import_file(kind: Kind, sub: &str, name: &str) -> Imported {
    let path = corpus_dir(sub).join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(import::detect(&bytes), kind, "{name}: detected kind");
    import::import(kind, &bytes, &ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every text of a body, quotes and code included.
fn texts(body: &Body, out: &mut Vec<String>) {
    match body {
        Body::Text(text) => out.push(text.clone()),
        Body::Blocks(blocks) => {
            for block in blocks {
                match block {
                    Block::Text(text) => out.push(text.clone()),
                    Block::Code { code, lang } => {
                        out.push(code.clone());
                        out.extend(lang.clone());
                    }
                    Block::Quote { quote, author, of } => {
                        out.extend(author.clone());
                        out.extend(of.as_ref().map(|o| o.0.clone()));
                        texts(quote, out);
                    }
                }
            }
        }
    }
}

/// (quotes, quotes with `of`, quotes with an author) over a whole thread.
fn quote_counts(file: &ThreadFile) -> (usize, usize, usize) {
    fn walk(blocks: &[Block], counts: &mut (usize, usize, usize)) {
        for block in blocks {
            if let Block::Quote { quote, of, author } = block {
                counts.0 += 1;
                counts.1 += usize::from(of.is_some());
                counts.2 += usize::from(author.is_some());
                if let Body::Blocks(inner) = quote {
                    walk(inner, counts);
                }
            }
        }
    }
    let mut counts = (0, 0, 0);
    for post in &file.posts {
        if let Body::Blocks(blocks) = &post.body {
            walk(blocks, &mut counts);
        }
    }
    counts
}

/// Quote blocks nested inside quote blocks.
fn nested_quotes(file: &ThreadFile) -> usize {
    fn walk(blocks: &[Block], depth: usize) -> usize {
        blocks
            .iter()
            .map(|block| match block {
                Block::Quote { quote: Body::Blocks(inner), .. } => {
                    usize::from(depth > 0) + walk(inner, depth + 1)
                }
                _ => 0,
            })
            .sum()
    }
    file.posts.iter().map(|p| if let Body::Blocks(b) = &p.body { walk(b, 0) } else { 0 }).sum()
}

const TAGS: &[&str] = &[
    "p",
    "a",
    "div",
    "span",
    "br",
    "blockquote",
    "pre",
    "code",
    "i",
    "b",
    "em",
    "strong",
    "li",
    "ul",
    "ol",
    "img",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "table",
    "td",
    "tr",
    "sup",
    "sub",
    "iframe",
    "svg",
    "article",
    "header",
];

/// Text that really contains markup-like words (written escaped in the
/// source, so a reader sees them too): (file, snippet).
const LITERAL_MARKUP: &[(&str, &str)] = &[("speed-killer-feature.json", "an extra <div> lest")];

/// The contract every imported file meets: it loads, ids are unique, every
/// `of` names a post, replies come after their parents, no markup is left.
fn check_common(name: &str, imported: &Imported) {
    let json = imported.file.to_pretty_json();
    let loaded = format::load_slice(json.as_bytes(), name, LoadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: output does not load: {e}"));
    assert_eq!(loaded.file, imported.file, "{name}: round trip");

    let title = imported.file.title.as_deref().unwrap_or_default();
    assert!(!title.is_empty(), "{name}: no title");
    assert!(
        !title.contains('<') && !title.contains("&amp;") && !title.contains("&#"),
        "{name}: title {title:?}"
    );

    let position: HashMap<&str, usize> =
        imported.file.posts.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    for (index, post) in imported.file.posts.iter().enumerate() {
        if let Some(parent) = &post.reply_to
            && let Some(&at) = position.get(parent.as_str())
        {
            assert!(at < index, "{name}: post {} answers later post {parent}", post.id);
        }
        let mut all = Vec::new();
        texts(&post.body, &mut all);
        all.extend(post.author.clone());
        for text in &all {
            let mut text = text.clone();
            for (file, snippet) in LITERAL_MARKUP {
                if *file == name {
                    text = text.replace(snippet, "");
                }
            }
            for tag in TAGS {
                for form in [format!("<{tag}>"), format!("<{tag} "), format!("</{tag}>"), format!("<{tag}/")]
                {
                    assert!(
                        !text.contains(&form),
                        "{name}: post {}: markup {form:?} left in {text:?}",
                        post.id
                    );
                }
            }
            for entity in ["&amp;", "&#x27;", "&#39;", "&quot;", "&gt;", "&lt;", "&#x2F;", "&nbsp;"] {
                assert!(!text.contains(entity), "{name}: post {}: entity {entity} left in {text:?}", post.id);
            }
        }
    }
    assert_of_targets_exist(name, &imported.file.posts, &position);
}

fn assert_of_targets_exist(name: &str, posts: &[Post], position: &HashMap<&str, usize>) {
    fn walk(name: &str, blocks: &[Block], position: &HashMap<&str, usize>, at: usize) {
        for block in blocks {
            if let Block::Quote { quote, of, .. } = block {
                if let Some(of) = of {
                    let target = position.get(of.as_str());
                    assert!(target.is_some(), "{name}: quote of {of} names no post");
                    assert!(target < Some(&at), "{name}: post #{at} quotes later post {of}");
                }
                if let Body::Blocks(inner) = quote {
                    walk(name, inner, position, at);
                }
            }
        }
    }
    for (at, post) in posts.iter().enumerate() {
        if let Body::Blocks(blocks) = &post.body {
            walk(name, blocks, position, at);
        }
    }
}

fn post<'f>(file: &'f ThreadFile, id: &str) -> &'f Post {
    file.posts.iter().find(|p| p.id.as_str() == id).unwrap_or_else(|| panic!("no post {id}"))
}

fn body_text(post: &Post) -> String {
    let mut all = Vec::new();
    texts(&post.body, &mut all);
    all.join("\n")
}

fn reply_to<'f>(file: &'f ThreadFile, id: &str) -> Option<&'f str> {
    post(file, id).reply_to.as_ref().map(PostKey::as_str)
}

fn is_chronological(file: &ThreadFile) -> bool {
    file.posts.windows(2).all(|w| match (&w[0].time, &w[1].time) {
        (Some(a), Some(b)) => a <= b,
        _ => true,
    })
}

// ---------------------------------------------------------------- hn

#[test]
fn every_hn_file_imports() {
    for path in corpus_files("hn") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let imported = import_file(Kind::Hn, "hn", &name);
        check_common(&name, &imported);
        assert!(imported.warnings.is_empty(), "{name}: {:?}", imported.warnings);
        let expected = match name.as_str() {
            "biden-wins.json" => 2171,
            "speed-killer-feature.json" => 486,
            "item-1-y-combinator.json" => 21,
            other => panic!("unexpected corpus file {other}: add its numbers here"),
        };
        assert_eq!(imported.file.posts.len(), expected, "{name}: posts");
        assert!(is_chronological(&imported.file), "{name}: not in time order");
    }
}

#[test]
fn hn_item_1() {
    let imported = import_file(Kind::Hn, "hn", "item-1-y-combinator.json");
    let file = &imported.file;
    assert_eq!(file.title.as_deref(), Some("Y Combinator"));
    assert_eq!(file.url.as_deref(), Some("http://ycombinator.com"));
    assert_eq!(file.posts[0].id.as_str(), "1");
    assert_eq!(file.posts[0].author.as_deref(), Some("pg"));
    assert_eq!(file.posts[0].links[0].url, "http://ycombinator.com");
    assert_eq!(reply_to(file, "15"), Some("1"));
    assert_eq!(reply_to(file, "17"), Some("15"));
    assert_eq!(reply_to(file, "1079"), Some("17"));
    assert_eq!(reply_to(file, "234580"), Some("234567"));
    // The deleted comment stays, without author, in its place in the tree.
    let deleted = post(file, "234591");
    assert_eq!(deleted.author, None);
    assert_eq!(deleted.reply_to.as_ref().map(PostKey::as_str), Some("234568"));
    assert_eq!(body_text(deleted), "[deleted]");
    assert_eq!(
        body_text(post(file, "15")),
        "\"the rising star of venture capital\" -unknown VC eating lunch on SHR"
    );
    // Depth 6 counting the story: 1 → 15 … the chain 234509 → 234548 → 234549 → 234551 → 234567 → 234580.
    let mut depth = 0;
    let mut at = "234580";
    while let Some(parent) = reply_to(file, at) {
        depth += 1;
        at = parent;
    }
    assert_eq!(depth, 6);
}

#[test]
fn hn_biden_wins() {
    let imported = import_file(Kind::Hn, "hn", "biden-wins.json");
    let file = &imported.file;
    let deleted = file.posts.iter().filter(|p| p.author.is_none()).count();
    assert_eq!(deleted, 98, "[deleted] placeholders");
    let authors: HashSet<&str> = file.posts[1..].iter().filter_map(|p| p.author.as_deref()).collect();
    assert_eq!(authors.len(), 1226, "comment authors");
    // Every `&gt;` paragraph is its own quote block (see docs/import-html.md
    // for why this is not SOURCES.md's 301); `&gt;&gt;` nests; none attributed.
    let (quotes, with_of, _) = quote_counts(file);
    assert_eq!((quotes - nested_quotes(file), nested_quotes(file), with_of), (317, 11, 0));
    // A link shortened with `...` is restored from its href.
    let all: String = file.posts.iter().map(body_text).collect::<Vec<_>>().join("\n");
    assert!(all.contains("https://i.pinimg.com/originals/59/c3/f3/59c3f3e74d9ca7f2ce945d70f80bc06f.jpg"));
    assert!(!all.contains("59c3f3e74d9ca7f2ce94..."));
    assert!(
        file.posts
            .iter()
            .any(|p| matches!(&p.body, Body::Blocks(b) if b.iter().any(|b| matches!(b, Block::Code { .. }))))
    );
}

#[test]
fn hn_speed_killer_feature() {
    let imported = import_file(Kind::Hn, "hn", "speed-killer-feature.json");
    let file = &imported.file;
    let depth_of = |id: &str| {
        let mut depth = 0;
        let mut at = id;
        while let Some(parent) = reply_to(file, at) {
            depth += 1;
            at = parent;
        }
        depth
    };
    let deepest = file.posts.iter().map(|p| depth_of(p.id.as_str())).max();
    assert_eq!(deepest, Some(11));
    assert_eq!(quote_counts(file).0 - nested_quotes(file), 51);
}

#[test]
#[ignore = "writes the converted corpus to $TREAD_DUMP for review"]
fn dump_corpus() {
    let Ok(dir) = std::env::var("TREAD_DUMP") else {
        return;
    };
    for (kind, sub) in [
        (Kind::Hn, "hn"),
        (Kind::Reddit, "reddit"),
        (Kind::Discourse, "discourse"),
        (Kind::ForumHtml, "forum"),
    ] {
        for path in corpus_files(sub) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap();
            match import::import(kind, &bytes, &ImportOptions::default()) {
                Ok(imported) => {
                    std::fs::write(format!("{dir}/{name}.thread.json"), imported.file.to_pretty_json())
                        .unwrap();
                    std::fs::write(format!("{dir}/{name}.warnings"), imported.warnings.join("\n")).unwrap();
                }
                Err(e) => std::fs::write(format!("{dir}/{name}.error"), e.to_string()).unwrap(),
            }
        }
    }
}

// ---------------------------------------------------------------- reddit

#[test]
fn every_reddit_file_imports() {
    for path in corpus_files("reddit") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let imported = import_file(Kind::Reddit, "reddit", &name);
        check_common(&name, &imported);
        let (posts, stubs) = match name.as_str() {
            "redditdev-api-licensing.json" => (52, 21),
            "redditdev-praw-comment-stream.json" => (3, 1),
            other => panic!("unexpected corpus file {other}: add its numbers here"),
        };
        assert_eq!(imported.file.posts.len(), posts, "{name}: posts");
        assert!(is_chronological(&imported.file), "{name}: not in time order");
        // Each `more` stub is one warning and one `missing_replies` count.
        assert_eq!(imported.warnings.len(), stubs, "{name}: {:?}", imported.warnings);
        assert!(
            imported.warnings.iter().all(|w| w.contains("not in this file")),
            "{name}: {:?}",
            imported.warnings
        );
        let notes = imported.file.posts.iter().filter(|p| p.missing_replies.is_some()).count();
        assert_eq!(notes, stubs, "{name}: posts with missing replies");
        assert!(
            imported.file.posts.iter().all(|p| !body_text(p).contains("not in this file")),
            "{name}: the count is data, not text"
        );
    }
}

#[test]
fn reddit_api_licensing() {
    let imported = import_file(Kind::Reddit, "reddit", "redditdev-api-licensing.json");
    let file = &imported.file;
    assert_eq!(
        file.title.as_deref(),
        Some("Important: API licensing terms clarified; Cookie-authentication deprecation warning")
    );
    assert_eq!(
        file.url.as_deref(),
        Some("https://www.reddit.com/r/redditdev/comments/2ujhkr/important_api_licensing_terms_clarified/")
    );
    let op = &file.posts[0];
    assert_eq!((op.id.as_str(), op.author.as_deref()), ("2ujhkr", Some("kemitche")));
    let text = body_text(op);
    assert!(text.contains("licensing page (https://www.reddit.com/wiki/licensing)"), "{text}");
    assert!(text.contains("https://www.reddit.com/r/redditdev as often as I can"), "{text}");
    assert!(text.contains("reddit's API"));
    assert!(text.contains("1. To protect users."), "ordered list as lines");
    // Two levels: top-level comments answer the link, the others a comment.
    assert_eq!(reply_to(file, "cp88kh5"), Some("cp83er5"));
    assert_eq!(reply_to(file, "cpk0pnz"), Some("cpjydoy"));
    assert_eq!(reply_to(file, "cq21eh6"), Some("2ujhkr"));
    let top =
        file.posts.iter().filter(|p| p.reply_to.as_ref().is_some_and(|r| r.as_str() == "2ujhkr")).count();
    assert_eq!(top, 26);
    // `<blockquote>` → unattributed quotes.
    let (quotes, with_of, _) = quote_counts(file);
    assert_eq!((quotes, with_of), (quote_tags("redditdev-api-licensing.json"), 0));
    assert!(file.posts.iter().any(|p| body_text(p).contains("ಠ_ಠ")));
    // The more stub under cpk0pnz: one reply left out.
    assert_eq!(post(file, "cpk0pnz").missing_replies, Some(1));
    // A deleted account: no author, body kept.
    assert!(file.posts.iter().any(|p| p.author.is_none()));
}

/// `<blockquote>` elements in the escaped HTML of a reddit file.
fn quote_tags(name: &str) -> usize {
    let raw = std::fs::read_to_string(corpus_dir("reddit").join(name)).unwrap();
    raw.matches("&lt;blockquote&gt;").count()
}

#[test]
fn reddit_praw_comment_stream() {
    let imported = import_file(Kind::Reddit, "reddit", "redditdev-praw-comment-stream.json");
    let file = &imported.file;
    let codes = file
        .posts
        .iter()
        .filter(|p| matches!(&p.body, Body::Blocks(b) if b.iter().any(|b| matches!(b, Block::Code { .. }))))
        .count();
    assert!(codes >= 1);
    assert!(body_text(&file.posts[0]).contains("r = praw.Reddit(\"/u/habnpam"));
    assert_eq!(reply_to(file, "cqfh5kz"), Some("32wnhw"));
    assert_eq!(reply_to(file, "cqfhkcb"), Some("cqfh5kz"));
    assert_eq!(
        imported.warnings,
        [
            "[1].data.children[0].data.replies.data.children[0].data.replies.data.children[0]: 1 reply to cqfhkcb not in this file (a `more` stub)"
        ]
    );
}

// ---------------------------------------------------------------- discourse

#[test]
fn every_discourse_file_imports() {
    for path in corpus_files("discourse") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let imported = import_file(Kind::Discourse, "discourse", &name);
        check_common(&name, &imported);
        assert!(imported.warnings.is_empty(), "{name}: {:?}", imported.warnings);
        // (posts, quotes, quotes with `of`, quotes inside quotes)
        let expected = match name.as_str() {
            "urho3d-to-rbfx.json" => (340, 206, 195, 0),
            "urho3d-re-to-rbfx.json" => (139, 73, 64, 3),
            "urho3d-build-system.json" => (19, 18, 0, 0),
            "urho3d-edddy.json" => (19, 12, 6, 1),
            other => panic!("unexpected corpus file {other}: add its numbers here"),
        };
        let (quotes, with_of, _) = quote_counts(&imported.file);
        let found = (imported.file.posts.len(), quotes, with_of, nested_quotes(&imported.file));
        assert_eq!(found, expected, "{name}: (posts, quotes, with of, nested)");
        assert!(is_chronological(&imported.file), "{name}: not in time order");
    }
}

#[test]
fn discourse_to_rbfx() {
    let imported = import_file(Kind::Discourse, "discourse", "urho3d-to-rbfx.json");
    let file = &imported.file;
    assert_eq!(file.title.as_deref(), Some("To rbfx and not to rbfx"));
    assert_eq!(file.url.as_deref(), Some("https://discourse.urho3d.io/t/to-rbfx-and-not-to-rbfx/5864"));
    // Replies to post numbers that are gone are kept (the loader notes them).
    assert_eq!(reply_to(file, "162"), Some("161"));
    assert_eq!(reply_to(file, "287"), Some("283"));
    assert!(file.posts.iter().all(|p| p.id.as_str() != "161" && p.id.as_str() != "283"));
    // Small actions are short placeholders.
    assert_eq!(body_text(post(file, "116")), "[closed the topic]");
    assert_eq!(body_text(post(file, "117")), "[opened the topic]");
    assert_eq!(post(file, "341").author.as_deref(), Some("Modanung"));
    // Quotes of other topics: unattributed, with a link to the topic.
    let text = body_text(post(file, "98"));
    assert!(
        text.contains("from another topic: All about AngelscriptIDE (https://discourse.urho3d.io/t/all-about-angelscriptide/3884/5)"),
        "{text}"
    );
    // The quote of missing post 283 keeps its author, not its `of`.
    let Body::Blocks(blocks) = &post(file, "287").body else { panic!() };
    assert!(blocks.iter().any(|b| matches!(b, Block::Quote { of: None, author: Some(a), .. } if a == "rku")));
}

#[test]
fn discourse_emoji_oneboxes_and_old_quotes() {
    let edddy = import_file(Kind::Discourse, "discourse", "urho3d-edddy.json").file;
    assert_eq!(edddy.title.as_deref(), Some(":building_construction: Edddy: a block-based map editor"));
    let first = body_text(&edddy.posts[0]);
    assert!(
        first.starts_with("Edddy by LucKey Productions (https://luckeyproductions.itch.io/edddy)"),
        "{first}"
    );
    assert!(body_text(post(&edddy, "3")).ends_with(":slight_smile:"));
    let Body::Blocks(blocks) = &post(&edddy, "4").body else { panic!() };
    assert!(matches!(&blocks[0], Block::Quote { of: None, author: Some(a), .. } if a == "Lumak"));

    let build = import_file(Kind::Discourse, "discourse", "urho3d-build-system.json").file;
    assert!(build.posts.iter().all(|p| p.reply_to.is_none()));
    // Raw BBCode stays as text; the title names the quoted person.
    assert!(body_text(post(&build, "8")).contains("[quote=“cadaver”]"));
    let Body::Blocks(blocks) = &post(&build, "6").body else { panic!() };
    assert!(matches!(&blocks[0], Block::Quote { of: None, author: Some(a), .. } if a == "cadaver"));

    let re = import_file(Kind::Discourse, "discourse", "urho3d-re-to-rbfx.json").file;
    let all: String = re.posts.iter().map(body_text).collect::<Vec<_>>().join("\n");
    assert!(all.contains(":eyes:"));
    assert!(all.contains('∞') && all.contains('ツ'));
}

// ---------------------------------------------------------------- forum-html

#[test]
fn every_forum_page_imports() {
    for path in corpus_files("forum") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let imported = import_file(Kind::ForumHtml, "forum", &name);
        check_common(&name, &imported);
        // (posts, quotes, quotes with `of`, quotes with an author, nested, Windows-1252 guessed)
        let expected = match name.as_str() {
            "sa-canadian-politics.html" => (40, 33, 30, 33, 0, true),
            "sa-coding-horrors.html" => (40, 23, 19, 22, 1, true),
            "sa-logie-award.html" => (40, 11, 7, 10, 0, true),
            "sa-battlefield-lp.html" => (33, 15, 8, 13, 0, false),
            other => panic!("unexpected corpus file {other}: add its numbers here"),
        };
        let file = &imported.file;
        let (quotes, with_of, with_author) = quote_counts(file);
        let guessed = imported.warnings.iter().any(|w| w.contains("read as Windows-1252"));
        let found = (file.posts.len(), quotes, with_of, with_author, nested_quotes(file), guessed);
        assert_eq!(found, expected, "{name}: (posts, quotes, of, author, nested, 1252)");
        assert!(file.posts.iter().all(|p| p.reply_to.is_none()), "{name}: forum pages are flat");
        assert!(file.posts.iter().all(|p| p.author.is_some()), "{name}: authors");
        assert!(
            file.posts.iter().all(|p| p.time.as_deref().is_some_and(|t| t.len() == 20 && t.ends_with('Z'))),
            "{name}: times"
        );
        assert!(is_chronological(file), "{name}: not in time order");
        let all: String = file.posts.iter().map(body_text).collect::<Vec<_>>().join("\n");
        assert!(!all.contains('\u{FFFD}'), "{name}: undecodable bytes");
        assert!(!all.contains("This space for rent"), "{name}: user titles are not post text");
    }
}

#[test]
fn forum_canadian_politics() {
    let imported = import_file(Kind::ForumHtml, "forum", "sa-canadian-politics.html");
    let file = &imported.file;
    assert_eq!(
        file.title.as_deref(),
        Some("Canadian Politics Thread: Revenge of Trudeaumania: Brawl Me, Maybe")
    );
    assert_eq!(
        file.url.as_deref(),
        Some("https://forums.somethingawful.com/showthread.php?threadid=3507451")
    );
    let first = &file.posts[0];
    assert_eq!(
        (first.id.as_str(), first.author.as_deref(), first.time.as_deref()),
        ("407741839", Some("Majuju"), Some("2012-09-20T11:16:00Z"))
    );
    // A quote of a post not on this page keeps its author only.
    let Body::Blocks(blocks) = &first.body else { panic!() };
    assert!(matches!(&blocks[0], Block::Quote { of: None, author: Some(a), .. } if a == "MikeSevigny"));
    // Labelled "angerbrat", written by angerbot: the post id decides.
    assert_eq!(post(file, "407753032").author.as_deref(), Some("angerbot"));
    let Body::Blocks(blocks) = &post(file, "407769816").body else { panic!() };
    assert!(
        matches!(&blocks[0], Block::Quote { of: Some(of), author: Some(a), .. } if of.as_str() == "407753032" && a == "angerbrat")
    );
    // Edit notes stay as the last paragraph; Windows-1252 é decoded.
    let Body::Blocks(blocks) = &post(file, "407748862").body else { panic!() };
    assert_eq!(
        blocks.last(),
        Some(&Block::Text("THC fucked around with this message at Sep 20, 2012 around 15:09".into()))
    );
    let all: String = file.posts.iter().map(body_text).collect::<Vec<_>>().join("\n");
    assert!(all.contains('é'));
    assert!(all.contains(":rolleyes:"), "smilies as codes");
}

#[test]
fn forum_coding_horrors() {
    let file = import_file(Kind::ForumHtml, "forum", "sa-coding-horrors.html").file;
    let Body::Blocks(blocks) = &post(&file, "493999296").body else { panic!() };
    assert!(blocks.iter().any(
        |b| matches!(b, Block::Code { lang: Some(l), code } if l == "perl" && code.starts_with("ASDFGHJKL"))
    ));
    // The mangled attribution `Agronox" post="493812414 posted:` names Agronox.
    let Body::Blocks(blocks) = &post(&file, "493828335").body else { panic!() };
    let Block::Quote { quote: Body::Blocks(inner), author, .. } = &blocks[0] else { panic!() };
    assert_eq!(author.as_deref(), Some("Dumb Lowtax"));
    assert!(matches!(&inner[0], Block::Quote { of: None, author: Some(a), .. } if a == "Agronox"));
    // The tweet link shortened in the middle is restored.
    assert!(
        body_text(post(&file, "493828335"))
            .contains("https://twitter.com/elonmusk/status/1111862635622887425?s=21")
    );
}

#[test]
fn forum_logie_award_and_battlefield() {
    let logie = import_file(Kind::ForumHtml, "forum", "sa-logie-award.html").file;
    let all: String = logie.posts.iter().map(body_text).collect::<Vec<_>>().join("\n");
    assert!(all.contains("Frontline (https://en.wikipedia.org/wiki/Frontline_(Australian_TV_series))"));
    // Mac Roman bytes inside the Windows-1252 page: mojibake of the source, kept.
    assert!(all.contains("yearÕs"));
    assert_eq!(post(&logie, "411640839").time.as_deref(), Some("2013-01-18T22:45:00Z"));

    let battlefield = import_file(Kind::ForumHtml, "forum", "sa-battlefield-lp.html").file;
    let all: String = battlefield.posts.iter().map(body_text).collect::<Vec<_>>().join("\n");
    assert!(all.contains("[image] http://lparchive.org/Battlefield-1942/Images/34-2rma6ma.jpg"));
    let first = &battlefield.posts[0];
    let Body::Blocks(blocks) = &first.body else { panic!() };
    assert!(matches!(&blocks[0], Block::Quote { of: None, author: Some(a), .. } if a == "NCPalooka"));
}
