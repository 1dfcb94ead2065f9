//! forum-html over saved topic pages of every engine it reads
//! (`tests/corpus/forum-html/`, sources in `tests/corpus/SOURCES.md`): post
//! counts, authors and times, every quote edge the markup names, and what
//! must stay out of the posts (page chrome, signatures, edit notes, likes).

use std::path::PathBuf;

use tread::format::{Block, Body, Post, ThreadFile};
use tread::import::{self, ImportOptions, Imported, Kind};

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/forum-html").join(name)
}

fn import_page(name: &str) -> Imported {
    let bytes = std::fs::read(corpus(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    import::import(Kind::ForumHtml, &bytes, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// What a page must give.
struct Expected {
    file: &'static str,
    posts: usize,
    title: &'static str,
    url: Option<&'static str>,
    /// (id, author, time) of a few posts.
    samples: &'static [(&'static str, &'static str, &'static str)],
    /// Quote blocks, those with an author, those inside another quote.
    quotes: (usize, usize, usize),
    /// Every (quoting post, quoted post) pair whose quoted post is on the page.
    edges: &'static [(&'static str, &'static str)],
    /// Text of the page that is not post text (chrome, signatures, edit notes, likes).
    absent: &'static [&'static str],
}

const PAGES: &[Expected] = &[
    Expected {
        file: "vbulletin3-animesuki-euphonium.html",
        posts: 20,
        title: "Licensed + Crunchyroll Hibike! Euphonium [anime] - AnimeSuki Forum",
        url: None,
        // "All times are GMT -5": 2016-02-01, 02:21 is 07:21 UTC.
        samples: &[
            ("5768670", "Shirohige", "2016-02-01T07:21:00Z"),
            ("5768715", "karice67", "2016-02-01T08:41:00Z"),
            ("5778211", "Kamieichi", "2016-02-13T15:38:00Z"),
        ],
        quotes: (26, 22, 1),
        edges: &[
            ("5768696", "5768676"),
            ("5768715", "5768696"),
            ("5768715", "5768683"),
            ("5768743", "5768696"),
            ("5768758", "5768715"),
            ("5769003", "5768696"),
            ("5769003", "5768683"),
            ("5769040", "5769034"),
            ("5769040", "5768715"),
            ("5770009", "5768743"),
            ("5777640", "5769003"),
            ("5777640", "5769820"),
            ("5777640", "5773041"),
            ("5777901", "5777640"),
            ("5778115", "5773041"),
        ],
        absent: &["Reply With Quote", "Originally Posted by", "Quote:", "View Public Profile", "Join Date"],
    },
    Expected {
        file: "vbulletin4-military-dorr.html",
        posts: 10,
        title: "Legendary military columnist, author Bob Dorr dies at 76",
        url: Some(
            "http://forums.militarytimes.com/showthread.php/9687-Legendary-military-columnist-author-Bob-Dorr-dies-at-76",
        ),
        samples: &[
            ("365266", "Rainmaker", "2016-06-15T15:03:00Z"),
            ("365267", "Mjölnir", "2016-06-15T17:21:00Z"),
            ("367742", "sandsjames", "2016-09-19T14:38:00Z"),
        ],
        quotes: (5, 5, 0),
        edges: &[
            ("365272", "365268"),
            ("365273", "365271"),
            ("365274", "365273"),
            ("365275", "365273"),
            ("367742", "367740"),
        ],
        absent: &[
            "Reply With Quote",
            "Originally Posted by",
            "The most important six inches on the battlefield",
            "View Forum Posts",
        ],
    },
    Expected {
        file: "vbulletin5-fandompost-isekai.html",
        posts: 15,
        title: "Isekai Quartet Discussion Thread - Fandom Post Forums",
        url: Some(
            "https://fandompost.vbulletin.net/forum/anime-manga-discussions/general-anime-discussions/727744-isekai-quartet-discussion-thread",
        ),
        samples: &[
            ("727744", "Buckeye", "2019-04-09T08:37:23Z"),
            ("727761", "General Hentai", "2019-04-09T11:40:18Z"),
            ("731647", "Buckeye", "2019-05-28T19:02:19Z"),
        ],
        quotes: (5, 5, 0),
        edges: &[
            ("727761", "727754"),
            ("729634", "729451"),
            ("729662", "729634"),
            ("729825", "729662"),
            ("730610", "730482"),
        ],
        absent: &["Originally posted by", "Stub Hoarder", "Widgets Magazine"],
    },
    Expected {
        file: "phpbb-prosilver-ilovephilosophy.html",
        posts: 25,
        title: "Biological Will",
        url: None,
        // "All times are UTC [ DST ]": 4:34 pm is 15:34 UTC.
        samples: &[
            ("2729870", "Jakob", "2019-05-26T15:34:00Z"),
            ("2729871", "promethean75", "2019-05-26T15:43:00Z"),
            ("2730442", "promethean75", "2019-06-01T18:20:00Z"),
        ],
        // phpBB 3.0 cites name the author but link no post.
        quotes: (15, 9, 2),
        edges: &[],
        absent: &["For behold, all acts of love and pleasure are my rituals", "wrote:", "Board index"],
    },
    Expected {
        file: "phpbb-subsilver2-dildano.html",
        posts: 10,
        title: "(anyone for) image tennis?",
        url: None,
        samples: &[
            ("65", "Bean", "2009-10-19T22:54:00Z"),
            ("67", "grilgamesh", "2009-10-21T20:11:00Z"),
            ("115", "Bean", "2009-11-05T23:02:00Z"),
        ],
        quotes: (2, 1, 0),
        edges: &[],
        absent: &[
            "None are more hopelessly enslaved",
            "http://www.last.fm/user/bearblock",
            "Post subject",
            "Joined:",
        ],
    },
    Expected {
        file: "xenforo1-sufficientvelocity.html",
        posts: 25,
        title: "Renascence: A Homura Quest",
        url: Some("https://forums.sufficientvelocity.com/threads/renascence-a-homura-quest.10402/"),
        samples: &[
            ("2146286", "TheBleachDoctor", "2014-10-30T22:48:00Z"),
            ("2146297", "Crow", "2014-10-30T22:49:00Z"),
            ("2146595", "Hyp3rB14d3", "2014-10-30T23:47:00Z"),
        ],
        quotes: (20, 20, 0),
        edges: &[
            ("2146297", "2146286"),
            ("2146342", "2146297"),
            ("2146361", "2146297"),
            ("2146367", "2146356"),
            ("2146370", "2146361"),
            ("2146370", "2146367"),
            ("2146398", "2146370"),
            ("2146423", "2146342"),
            ("2146424", "2146398"),
            ("2146427", "2146424"),
            ("2146428", "2146427"),
            ("2146434", "2146423"),
            ("2146458", "2146433"),
            ("2146470", "2146434"),
            ("2146498", "2146470"),
            ("2146562", "2146541"),
            ("2146595", "2146566"),
            ("2146608", "2146541"),
            ("2146619", "2146562"),
        ],
        absent: &["Click to expand...", "said:", "Secretly a Cat", "Reply"],
    },
    Expected {
        file: "xenforo2-dark-theme.html",
        posts: 8,
        title: "a dark theme option",
        url: Some("https://xenforo.com/community/threads/a-dark-theme-option.8276/"),
        samples: &[
            ("114210", "dieketzer", "2010-11-21T10:51:58Z"),
            ("1091230", "AndyB", "2016-08-21T06:22:26Z"),
            ("1358710", "sub_ubi", "2019-06-26T09:25:09Z"),
        ],
        quotes: (0, 0, 0),
        edges: &[],
        absent: &["Reactions:", "Like", "Report"],
    },
    Expected {
        file: "invision4-exploitin-zero.html",
        posts: 7,
        title: "нуль",
        url: Some("https://forum.exploit.in/topic/166865/"),
        samples: &[
            ("1071590", "krasniy_miner", "2020-01-18T20:22:24Z"),
            ("1071611", "CCICE", "2020-01-18T20:57:07Z"),
            ("1071869", "FEDDOR", "2020-01-20T05:25:49Z"),
        ],
        // The first quote is of post 1071571, on the page before.
        quotes: (5, 5, 0),
        edges: &[
            ("1071600", "1071598"),
            ("1071608", "1071600"),
            ("1071611", "1071600"),
            ("1071869", "1071608"),
        ],
        absent: &["Edited", "сказал:", "Share this post", "Link to comment"],
    },
    Expected {
        file: "smf-geekhack-noxary268.html",
        posts: 50,
        title: "[GB] Noxary 268 (100% Shipped)",
        url: Some("https://geekhack.org/index.php?topic=92066.0"),
        samples: &[
            ("2505856", "xondat", "2017-10-13T21:52:42Z"),
            ("2505884", "ihalatch", "2017-10-13T23:54:44Z"),
            ("2506099", "klove4252", "2017-10-14T15:09:34Z"),
        ],
        // 24 quote blocks on the page; one is in a signature.
        quotes: (23, 22, 3),
        edges: &[
            ("2505959", "2505884"),
            ("2505959", "2505888"),
            ("2505959", "2505890"),
            ("2505959", "2505931"),
            ("2505977", "2505974"),
            ("2506001", "2505996"),
            ("2506007", "2506006"),
            ("2506025", "2506011"),
            ("2506049", "2506043"),
            ("2506054", "2506043"),
            ("2506054", "2506048"),
            ("2506054", "2506053"),
            ("2506062", "2506054"),
            ("2506062", "2506048"),
            ("2506074", "2506070"),
            ("2506074", "2506072"),
            ("2506079", "2506065"),
            ("2506081", "2506079"),
            ("2506081", "2506078"),
            ("2506082", "2506081"),
            ("2506082", "2506079"),
            ("2506082", "2506078"),
        ],
        absent: &["Quote from:", "KEYBOARDS >>", "too busy being on aol chatrooms", "Last Edit", "Logged"],
    },
    Expected {
        file: "mybb-sinister-theme.html",
        posts: 10,
        title: "MyBB theme, any feedback?",
        url: Some("https://sinister.ly/Thread-MyBB-theme-any-feedback"),
        samples: &[
            ("271915", "Stocking", "2014-05-22T04:22:00Z"),
            ("271917", "Lain", "2014-05-22T04:27:00Z"),
            ("271948", "cr33pyguy", "2014-05-22T16:04:00Z"),
        ],
        quotes: (12, 11, 0),
        edges: &[
            ("271918", "271917"),
            ("271920", "271918"),
            ("271920", "271919"),
            ("271922", "271920"),
            ("271922", "271917"),
            ("271923", "271922"),
            ("271924", "271923"),
        ],
        absent: &["Wrote:", "Find all posts", "Reply", "Reputation:"],
    },
    Expected {
        file: "nodebb-chat-design.html",
        posts: 13,
        title: "New desing for NodeBB chat!",
        url: Some("https://community.nodebb.org/topic/13803/new-desing-for-nodebb-chat"),
        samples: &[
            ("73812", "youhosi", "2019-03-24T19:54:11Z"),
            ("73864", "scottalanmiller", "2019-03-29T17:18:52Z"),
            ("74301", "tonylee123321", "2019-05-06T06:07:20Z"),
        ],
        quotes: (5, 5, 1),
        edges: &[
            ("73817", "73814"),
            ("73868", "73864"),
            ("73869", "73868"),
            ("73869", "73864"),
            ("73898", "73887"),
        ],
        absent: &["said in", "last edited by", "Installing Nodebb On my server"],
    },
    Expected {
        file: "discourse-urho3d-edddy.html",
        posts: 19,
        title: ":building_construction: Edddy: a block-based map editor",
        url: Some("https://discourse.urho3d.io/t/edddy-a-block-based-map-editor/2486"),
        samples: &[
            ("1", "Modanung", "2016-12-25T07:29:07Z"),
            ("12", "HeadClot", "2019-07-17T23:25:56Z"),
            ("19", "Miegamicis", "2019-07-18T13:10:02Z"),
        ],
        quotes: (12, 9, 1),
        edges: &[("13", "12"), ("14", "13"), ("17", "14"), ("17", "15"), ("18", "13"), ("18", "17")],
        absent: &["Sign Up", "Suggested Topics", "This site uses cookies", "begin composing a reply"],
    },
];

fn body_text(post: &Post) -> String {
    fn collect(blocks: &[Block], out: &mut String) {
        for block in blocks {
            match block {
                Block::Text(text)
                | Block::Code { code: text, .. }
                | Block::Quote { quote: Body::Text(text), .. } => {
                    out.push_str(text);
                }
                Block::Quote { quote: Body::Blocks(inner), .. } => collect(inner, out),
            }
            out.push('\n');
        }
    }
    let mut out = String::new();
    match &post.body {
        Body::Blocks(blocks) => collect(blocks, &mut out),
        Body::Text(text) => out.push_str(text),
    }
    out
}

/// (quotes, with an author, nested) and the `of` edges, in page order.
fn quotes(file: &ThreadFile) -> ((usize, usize, usize), Vec<(String, String)>) {
    fn walk(
        blocks: &[Block],
        post: &str,
        depth: usize,
        counts: &mut (usize, usize, usize),
        edges: &mut Vec<(String, String)>,
    ) {
        for block in blocks {
            if let Block::Quote { quote, of, author } = block {
                counts.0 += 1;
                counts.1 += usize::from(author.is_some());
                counts.2 += usize::from(depth > 0);
                if let Some(of) = of {
                    edges.push((post.to_owned(), of.as_str().to_owned()));
                }
                if let Body::Blocks(inner) = quote {
                    walk(inner, post, depth + 1, counts, edges);
                }
            }
        }
    }
    let mut counts = (0, 0, 0);
    let mut edges = Vec::new();
    for post in &file.posts {
        if let Body::Blocks(blocks) = &post.body {
            walk(blocks, post.id.as_str(), 0, &mut counts, &mut edges);
        }
    }
    (counts, edges)
}

#[test]
fn every_engine_page_imports_with_its_posts_and_quote_edges() {
    let mut seen: Vec<&str> = std::fs::read_dir(corpus(""))
        .expect("corpus folder")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8 name"))
        .filter(|n| std::path::Path::new(n).extension().is_some_and(|e| e.eq_ignore_ascii_case("html")))
        .map(|n| {
            PAGES.iter().find(|p| p.file == n).unwrap_or_else(|| panic!("{n}: add its numbers here")).file
        })
        .collect();
    seen.sort_unstable();
    assert_eq!(seen.len(), PAGES.len());
    for page in PAGES {
        let imported = import_page(page.file);
        let file = &imported.file;
        let name = page.file;
        assert!(imported.warnings.is_empty(), "{name}: {:?}", imported.warnings);
        assert_eq!(file.posts.len(), page.posts, "{name}: posts");
        assert_eq!(file.title.as_deref(), Some(page.title), "{name}: title");
        assert_eq!(file.url.as_deref(), page.url, "{name}: url");
        for (id, author, time) in page.samples {
            let post = file
                .posts
                .iter()
                .find(|p| p.id.as_str() == *id)
                .unwrap_or_else(|| panic!("{name}: no post {id}"));
            assert_eq!(
                (post.author.as_deref(), post.time.as_deref()),
                (Some(*author), Some(*time)),
                "{name}: post {id}"
            );
        }
        assert!(
            file.posts.iter().all(|p| p.author.is_some() && p.time.is_some()),
            "{name}: authors and times"
        );
        assert!(file.posts.iter().all(|p| p.reply_to.is_none()), "{name}: forum pages are flat");
        let (counts, edges) = quotes(file);
        assert_eq!(counts, page.quotes, "{name}: (quotes, with author, nested)");
        let expected: Vec<(String, String)> =
            page.edges.iter().map(|(from, to)| ((*from).to_owned(), (*to).to_owned())).collect();
        assert_eq!(edges, expected, "{name}: quote edges");
        for post in &file.posts {
            let text = body_text(post);
            assert!(!text.trim().is_empty(), "{name}: post {} is empty", post.id.as_str());
            assert!(!text.contains('\u{FFFD}'), "{name}: post {}: undecodable bytes", post.id.as_str());
            for chrome in page.absent {
                assert!(!text.contains(chrome), "{name}: post {} holds {chrome:?}", post.id.as_str());
            }
        }
    }
}

#[test]
fn post_text_keeps_paragraphs_links_images_and_smileys() {
    let xf1 = import_page("xenforo1-sufficientvelocity.html").file;
    let homu = xf1.posts.iter().find(|p| p.id.as_str() == "2146356").expect("post");
    assert!(body_text(homu).starts_with("Poor Homu... :("), "{}", body_text(homu));
    let mybb = import_page("mybb-sinister-theme.html").file;
    let all: String = mybb.posts.iter().map(body_text).collect();
    assert!(all.contains("[image: [Image: rB74Cw6.png]] http://i.imgur.com/rB74Cw6.png"), "{all}");
    assert!(all.contains("Tongue"), "smiley as its name");
    let vb4 = import_page("vbulletin4-military-dorr.html").file;
    let Body::Blocks(blocks) = &vb4.posts[4].body else { panic!() };
    let Block::Quote { quote: Body::Blocks(quoted), .. } = &blocks[0] else { panic!("{blocks:?}") };
    assert!(
        matches!(&quoted[0], Block::Text(t) if t.starts_with(". Some great conversations.")),
        "{quoted:?}"
    );
    assert!(matches!(&blocks[1], Block::Text(t) if t.starts_with("and who could forget")), "{blocks:?}");
}

#[test]
fn nested_quotes_nest() {
    let smf = import_page("smf-geekhack-noxary268.html").file;
    let post = smf.posts.iter().find(|p| p.id.as_str() == "2506082").expect("post");
    let Body::Blocks(blocks) = &post.body else { panic!() };
    let Block::Quote { quote: Body::Blocks(inner), of, author } = &blocks[0] else { panic!("{blocks:?}") };
    assert_eq!(
        (of.as_ref().map(tread::format::PostKey::as_str), author.as_deref()),
        (Some("2506081"), Some("xondat"))
    );
    let nested: Vec<_> = inner
        .iter()
        .filter_map(|b| match b {
            Block::Quote { of, author, .. } => {
                Some((of.as_ref().map(|o| o.as_str().to_owned()), author.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        nested,
        [
            (Some("2506079".to_owned()), Some("poolside".to_owned())),
            (Some("2506078".to_owned()), Some("theillumedpanda".to_owned()))
        ]
    );
}

#[test]
fn an_unknown_engine_is_read_as_a_guess_with_a_warning() {
    let post = |n: u32, who: &str, text: &str| {
        format!(
            "<div class=\"entry\" id=\"c{n}\"><a href=\"/member/{who}\">{who}</a> \
             <time datetime=\"2024-03-0{n}T10:00:00Z\">March {n}</time>\
             <div class=\"text\"><p>{text}</p><blockquote>an earlier line</blockquote></div></div>"
        )
    };
    let page = format!(
        "<html><head><title>Tea</title></head><body><nav><a href=\"/member/me\">me</a> Home Forums</nav>\
         <main>{}{}{}</main><footer>Cookies are used here</footer></body></html>",
        post(1, "ann", "Green tea is best brewed below boiling, around eighty degrees."),
        post(2, "bob", "Black tea takes boiling water and four minutes, no more."),
        post(3, "cy", "Oolong sits between the two and forgives mistakes."),
    );
    let imported =
        import::import(Kind::ForumHtml, page.as_bytes(), &ImportOptions::default()).expect("guessed");
    let file = &imported.file;
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    assert!(imported.warnings[0].starts_with("unknown forum engine: 3 posts read by guessing"));
    let read: Vec<_> =
        file.posts.iter().map(|p| (p.id.as_str(), p.author.as_deref(), p.time.as_deref())).collect();
    assert_eq!(
        read,
        [
            ("1", Some("ann"), Some("2024-03-01T10:00:00Z")),
            ("2", Some("bob"), Some("2024-03-02T10:00:00Z")),
            ("3", Some("cy"), Some("2024-03-03T10:00:00Z"))
        ]
    );
    let text = body_text(&file.posts[1]);
    assert!(text.starts_with("Black tea takes boiling water") && text.contains("an earlier line"), "{text}");
    assert!(
        file.posts.iter().all(|p| !body_text(p).contains("Cookies") && !body_text(p).contains("Home Forums"))
    );
}

#[test]
fn a_page_that_is_no_forum_is_one_error_saying_what_is_read() {
    let error = import::import(
        Kind::ForumHtml,
        b"<html><body><h1>Menu</h1><p>Soup of the day</p></body></html>",
        &ImportOptions::default(),
    )
    .expect_err("no posts");
    let message = error.to_string();
    assert!(message.starts_with("read as forum-html: no posts found"), "{message}");
    assert!(
        message.contains("vBulletin 3") && message.contains("NodeBB") && message.contains("Something Awful"),
        "{message}"
    );
}

#[test]
fn the_declared_charset_decides() {
    // The vBulletin 3 page declares ISO-8859-1 (read as Windows-1252).
    let vb3 = import_page("vbulletin3-animesuki-euphonium.html").file;
    let all: String = vb3.posts.iter().map(body_text).collect();
    assert!(all.contains("Kumiko") && !all.contains('\u{FFFD}'));
    // A UTF-8 byte order mark wins over a wrong declaration.
    let page = "\u{feff}<meta charset=\"iso-8859-1\"><body id=\"something_awful\"><table class=\"post\" id=\"post1\"><tr>\
                <td><dl><dt class=\"author\">Zoë</dt></dl></td><td class=\"postbody\">naïve</td></tr>\
                <tr><td class=\"postdate\">Sep 20, 2012 11:16</td></tr></table></body>";
    let file =
        import::import(Kind::ForumHtml, page.as_bytes(), &ImportOptions::default()).expect("imports").file;
    assert_eq!(file.posts[0].author.as_deref(), Some("Zoë"));
    assert_eq!(body_text(&file.posts[0]).trim(), "naïve");
}
