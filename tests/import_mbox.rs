//! The mbox importer over the real-thread corpus (`tests/corpus/mbox`),
//! a generated thread checked against its JSON twin, and small inline
//! messages for each rule.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tread::format::{Block, Body, LoadOptions, Post, PostKey, ThreadFile, load_slice};
use tread::import::{ImportOptions, Imported, mbox};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/mbox")
}

fn import_bytes(bytes: &[u8]) -> Imported {
    mbox::import(bytes, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn import_file(name: &str) -> Imported {
    let bytes = std::fs::read(corpus_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    import_bytes(&bytes)
}

/// The output passes the loader (the format contract) unchanged.
fn assert_contract(file: &ThreadFile, name: &str) {
    let json = file.to_pretty_json();
    let loaded = load_slice(json.as_bytes(), name, LoadOptions { track_unknown_fields: true })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.unknown_fields.is_empty(), "{name}: {:?}", loaded.unknown_fields);
    assert_eq!(&loaded.file, file, "{name}: round trip changed the thread");
}

fn post<'a>(file: &'a ThreadFile, id: &str) -> &'a Post {
    file.posts.iter().find(|p| p.id.as_str() == id).unwrap_or_else(|| panic!("no post {id}"))
}

fn parent_of<'a>(file: &'a ThreadFile, id: &str) -> Option<&'a str> {
    post(file, id).reply_to.as_ref().map(PostKey::as_str)
}

fn blocks(body: &Body) -> &[Block] {
    match body {
        Body::Blocks(blocks) => blocks,
        Body::Text(_) => &[],
    }
}

fn quote_depth(body: &Body) -> usize {
    blocks(body)
        .iter()
        .map(|block| match block {
            Block::Quote { quote, .. } => 1 + quote_depth(quote),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

fn reply_depth(file: &ThreadFile, id: &str) -> usize {
    let mut depth = 0;
    let mut at = id;
    while let Some(parent) = file.posts.iter().find(|p| p.id.as_str() == at).and_then(|p| p.reply_to.as_ref())
    {
        if !file.posts.iter().any(|p| p.id == *parent) {
            break;
        }
        at = parent.as_str();
        depth += 1;
    }
    depth
}

/// Every string of a body (text, quotes, code), in order.
fn all_text(body: &Body, out: &mut String) {
    match body {
        Body::Text(text) => out.push_str(text),
        Body::Blocks(blocks) => {
            for block in blocks {
                match block {
                    Block::Text(text) => out.push_str(text),
                    Block::Quote { quote, author, .. } => {
                        out.push_str(author.as_deref().unwrap_or_default());
                        all_text(quote, out);
                    }
                    Block::Code { code, .. } => out.push_str(code),
                }
                out.push('\n');
            }
        }
    }
}

fn post_text(post: &Post) -> String {
    let mut out = String::new();
    all_text(&post.body, &mut out);
    out
}

/// The post's own paragraphs, outside quotes and code.
fn own_text(post: &Post) -> String {
    blocks(&post.body)
        .iter()
        .filter_map(|b| if let Block::Text(t) = b { Some(t.as_str()) } else { None })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_corpus_file_imports_with_exact_counts_and_passes_the_contract() {
    let expected = [
        ("notmuch-maildir-storage.mbox", 7, 2, 4),
        ("lkml-powerpc-mchk.mbox", 10, 4, 9),
        ("lkml-remove-semicolons.mbox", 100, 5, 24),
        ("lkml-cifs-fscache-rfc.mbox", 40, 5, 9),
        ("r-devel-attributions.mbox", 14, 3, 1),
    ];
    let mut seen = 0;
    for entry in std::fs::read_dir(corpus_dir()).expect("the corpus in tests/corpus") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let &(_, posts, quotes, replies) =
            expected.iter().find(|(file, ..)| *file == name).unwrap_or_else(|| panic!("unexpected {name}"));
        let imported = import_file(&name);
        let file = &imported.file;
        assert_eq!(file.posts.len(), posts, "{name}: posts");
        assert_eq!(
            file.posts.iter().map(|p| quote_depth(&p.body)).max(),
            Some(quotes),
            "{name}: quote depth"
        );
        let deepest = file.posts.iter().map(|p| reply_depth(file, p.id.as_str())).max();
        assert_eq!(deepest, Some(replies), "{name}: reply depth");
        assert_contract(file, &name);
        // Chronological order, times in RFC 3339.
        let times: Vec<jiff::Timestamp> =
            file.posts.iter().map(|p| p.time.as_deref().unwrap().parse().unwrap()).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{name}: not chronological");
        for post in &file.posts {
            assert!(
                post.author.as_deref().is_some_and(|a| !a.is_empty()),
                "{name}: {} has no author",
                post.id
            );
            let text = post_text(post);
            for markup in [
                "Content-Type:",
                "Content-Transfer-Encoding",
                "boundary=",
                "<html",
                "<div",
                "-----BEGIN PGP SIGNATURE",
                "mailing list\nnotmuch@",
                "/listinfo/",
                "majordomo-info",
                "attachment was scrubbed",
            ] {
                assert!(!text.contains(markup), "{name}: {} still has {markup:?}", post.id);
            }
            // Quoted-printable is decoded in the post's own text (quotes keep
            // what the quoting mailer sent, `=20` included).
            let own = own_text(post);
            assert!(
                !own.contains("=20") && !own.contains("=3D"),
                "{name}: {} has QP escapes: {own}",
                post.id
            );
        }
        seen += 1;
    }
    assert_eq!(seen, expected.len());
}

/// The first quote of `id` that has an author: (author, of).
fn first_attributed<'a>(file: &'a ThreadFile, id: &str) -> (Option<&'a str>, Option<&'a str>) {
    blocks(&post(file, id).body)
        .iter()
        .find_map(|b| match b {
            Block::Quote { author: Some(author), of, .. } => {
                Some((Some(author.as_str()), of.as_ref().map(PostKey::as_str)))
            }
            _ => None,
        })
        .unwrap_or((None, None))
}

/// Real r-devel replies from other mail clients and languages, as the
/// list's Pipermail archive keeps them (`user at host (Name)` senders, `?`
/// for letters it could not show): each quotes its parent, named.
#[test]
fn real_attribution_lines_of_other_clients_name_the_parent() {
    let imported = import_file("r-devel-attributions.mbox");
    let file = &imported.file;
    // (reply, its attribution line's form, parent, parent's author)
    for (reply, form, parent, author) in [
        (
            "CAFOm_+7xQwfpmV+VvWUPi6Cu_5Jf=j34gUobqzTnNhp5ymQMrQ@mail.gmail.com",
            "Gmail numeric date",
            "53D24DBB.4070901@gmail.com",
            "Duncan Murdoch",
        ),
        (
            "4C9396B6.7000007@gmx.de",
            "Am …, schrieb NAME:",
            "4C938E2E.6020000@structuremonitoring.com",
            "Spencer Graves",
        ),
        (
            "Pine.LNX.4.61.0602011750570.24823@gannet.stats",
            "On …, lower-case name wrote:",
            "6279E7D6-B12B-46B8-ADD2-D41570489753@mclink.it",
            "stefano iacus",
        ),
        (
            "CAOKDuOivxrh_Ti8U+AwvNeAq5a3Snz4=WSftSMgEiW2bA4aoRg@mail.gmail.com",
            "Op … schreef NAME <addr>:",
            "alpine.OSX.2.20.1512101810510.2980@charles-berrys-macbook.local",
            "Charles C. Berry",
        ),
        (
            "Pine.LNX.4.61.0501241133250.16997@gannet.stats",
            "On …, [UTF-8] Philippe Hup? wrote:",
            "41F4C169.2020806@curie.fr",
            "Philippe Hupé",
        ),
        (
            "1164147873.6189.2.camel@localhost.localdomain",
            "El … escribi?:",
            "456331DB.9070604@vanderbilt.edu",
            "Jeffrey Horner",
        ),
        (
            "004601c5ebcc$29409040$641a7680@hhdev.psu.edu",
            "-----Original Message----- / From: / Sent:",
            "437CFBC2.3010901@math.ucalgary.ca",
            "P Ehlers",
        ),
    ] {
        assert_eq!(post(file, parent).author.as_deref(), Some(author), "{form}: the Pipermail sender's name");
        assert_eq!(first_attributed(file, reply), (Some(author), Some(parent)), "{form}");
    }
    // "Achim Zeileis a ?crit :" names a message the file does not hold: the
    // author is kept, there is no `of`; the interleaved reply's second block
    // has the same author.
    let hupe = blocks(&post(file, "41F4C169.2020806@curie.fr").body);
    let authors: Vec<Option<&str>> = hupe
        .iter()
        .filter_map(|b| if let Block::Quote { author, .. } = b { Some(author.as_deref()) } else { None })
        .collect();
    assert_eq!(authors, [Some("Achim Zeileis"), Some("Achim Zeileis")]);
    // Outlook's top-posted original holds the grandparent's quote, named by
    // the obfuscated address of its "X wrote:" line.
    let outlook = blocks(&post(file, "004601c5ebcc$29409040$641a7680@hhdev.psu.edu").body);
    let Some(Block::Quote { quote: Body::Blocks(original), .. }) = outlook.last() else {
        panic!("a quote last")
    };
    assert!(
        original
            .iter()
            .any(|b| matches!(b, Block::Quote { author: Some(a), .. } if a == "Cougar at psu.edu"))
    );
}

#[test]
fn notmuch_thread_edges_supercite_and_footers() {
    let imported = import_file("notmuch-maildir-storage.mbox");
    let file = &imported.file;
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(file.title.as_deref(), Some("[notmuch] Working with Maildir storage?"));
    let root = "20091117190054.GU3165@dottiness.seas.harvard.edu";
    assert_eq!(parent_of(file, root), None);
    // Gnus In-Reply-To with a comment folded over two lines.
    assert_eq!(parent_of(file, "87iqd9rn3l.fsf@vertex.dottedmag"), Some(root));
    assert_eq!(parent_of(file, "87ocn0qh6d.fsf@yoom.home.cworth.org"), Some(root));
    assert_eq!(
        parent_of(file, "yunaayketfm.fsf@aiko.keithp.com"),
        Some("20091117203301.GV3165@dottiness.seas.harvard.edu")
    );
    // Supercite ` LK> ` quotes, introduced by a line naming the parent's address.
    let gnus = post(file, "87iqd9rn3l.fsf@vertex.dottedmag");
    let Block::Quote { quote, of, author } = &blocks(&gnus.body)[0] else { panic!("{:?}", gnus.body) };
    assert_eq!(of.as_ref().map(PostKey::as_str), Some(root));
    assert_eq!(author.as_deref(), Some("Lars Kellogg-Stedman"));
    assert_eq!(blocks(quote), [Block::Text("Resulted in 4604 lines of errors along the lines of:".into())]);
    assert!(!post_text(gnus).contains("LK>"));
    // Signatures (`-- ` after QP `=2D-=20`) are code; Mailman footers are gone.
    let last = blocks(&post(file, root).body).last().unwrap();
    assert!(
        matches!(last, Block::Code { lang: Some(lang), code } if lang == "signature" && code.starts_with("Lars Kellogg-Stedman"))
    );
}

#[test]
fn powerpc_duplicates_dangling_parent_and_comma_name() {
    let imported = import_file("lkml-powerpc-mchk.mbox");
    let file = &imported.file;
    let dropped: Vec<&tread::import::Warning> =
        imported.warnings.iter().filter(|w| w.contains("exact duplicate")).collect();
    assert_eq!(dropped.len(), 2, "{:?}", imported.warnings);
    assert!(
        dropped[0].starts_with("message 2 (line 96): exact duplicate of message 1 (line 2)"),
        "{}",
        dropped[0]
    );
    let first = "AANLkTine3pc2Ai2Woj81Y9fS_KgGs1sIMb2NMR6G74ww@mail.gmail.com";
    assert_eq!(parent_of(file, first), Some("20100308191005.GE4324@amak.tundra.com"), "dangling parent kept");
    assert_eq!(
        parent_of(file, "4381.1280815590@neuling.org"),
        Some("AANLkTinKbimKyLpvFD7KOvavshu_n8gRcp2BvEJj0XZQ@mail.gmail.com")
    );
    let bounine = post(file, "0CE8B6BE3C4AD74AB97D9D29BD24E5520114309D@CORPEXCH1.na.ads.idt.com");
    assert_eq!(bounine.author.as_deref(), Some("Bounine, Alexandre"));
    assert_eq!(bounine.reply_to.as_ref().map(PostKey::as_str), Some("4381.1280815590@neuling.org"));
    // "In message <id> you wrote:" names the parent: the quote is of it.
    let neuling = post(file, "26581.1280979260@neuling.org");
    let Block::Quote { of, author, .. } = &blocks(&neuling.body)[0] else { panic!() };
    assert_eq!(of.as_ref().map(PostKey::as_str), neuling.reply_to.as_ref().map(PostKey::as_str));
    assert_eq!(author.as_deref(), Some("Bounine, Alexandre"));
}

#[test]
fn remove_semicolons_charsets_from_lines_and_patches() {
    let imported = import_file("lkml-remove-semicolons.mbox");
    let file = &imported.file;
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let cover = "cover.1289789604.git.joe@perches.com";
    assert_eq!(parent_of(file, cover), None);
    assert_eq!(file.title.as_deref(), Some("[PATCH 00/44] remove unnecessary semicolons"));
    assert_eq!(
        parent_of(file, "5d57b90b488b4338bcdc3f0fbf5f6996842bd44d.1289789604.git.joe@perches.com"),
        Some(cover)
    );
    assert_eq!(
        parent_of(file, "20101116122102.86e7e0b9.rdunlap@xenotime.net"),
        Some("20101116195530.GA7523@rakim.wolfsonmicro.main")
    );
    let all: String = file.posts.iter().map(post_text).collect();
    // mboxrd `>From ` unquoted.
    assert!(all.contains("From my point of view my current approach"));
    assert!(!all.contains(">From my point"));
    // UTF-8 Cyrillic, gb2312 fullwidth, us-ascii with QP =A6.
    assert!(all.contains("Артём Битюцкий"));
    assert!(post_text(post(file, "1671200DA80140558ED0D17FB55585AD@usish.com.cn")).contains("Thanks！"));
    assert!(all.contains("; \u{FFFD}b 6250 don't care"));
    assert_eq!(all.matches('\u{FFFD}').count(), 1);
    // format=flowed (ISO-8859-1): Thunderbird's quoted patch is a diff inside a quote.
    let simek = post(file, "4CE0D533.1010407@monstr.eu");
    let diff_in_quote = blocks(&simek.body).iter().any(|b| match b {
        Block::Quote { quote, .. } => blocks(quote)
            .iter()
            .any(|b| matches!(b, Block::Code { lang: Some(l), code } if l == "diff" && code.starts_with("diff --git"))),
        _ => false,
    });
    assert!(diff_in_quote, "{:?}", simek.body);
    // Every patch of the series carries its diff as a code block.
    let patches = file.posts.iter().filter(|p| {
        blocks(&p.body).iter().any(|b| matches!(b, Block::Code { lang: Some(l), .. } if l == "diff"))
    });
    assert!(patches.count() >= 44);
}

#[test]
fn cifs_bogus_yes_parent_stays_dangling() {
    let imported = import_file("lkml-cifs-fscache-rfc.mbox");
    let file = &imported.file;
    let dropped = imported.warnings.iter().filter(|w| w.contains("exact duplicate")).count();
    assert_eq!(dropped, 32);
    let on_yes: Vec<&Post> =
        file.posts.iter().filter(|p| p.reply_to.as_ref().is_some_and(|r| r.as_str() == "yes")).collect();
    assert_eq!(on_yes.len(), 11);
    assert!(on_yes.iter().all(|p| p.author.as_deref() == Some("Suresh Jayaraman")));
    assert_eq!(
        parent_of(file, "20100622173742.448e1e94@corrin.poochiereds.net"),
        Some("1277220170-3442-1-git-send-email-sjayaraman@suse.de")
    );
    // Loaded, "yes" names no post: the loader makes those posts top-level with a note.
    assert!(!file.posts.iter().any(|p| p.id.as_str() == "yes"));
}

fn generate(posts: usize, format: gen_thread::Format) -> Vec<u8> {
    gen_thread::generate(&gen_thread::Options { posts, seed: 3, format, ..gen_thread::Options::default() })
        .expect("valid generator options")
}

#[test]
fn generated_thread_has_the_reply_tree_of_its_json_twin() {
    let imported = import_bytes(&generate(200, gen_thread::Format::Mbox));
    let json = generate(200, gen_thread::Format::Json);
    let twin = load_slice(&json, "twin.json", LoadOptions::default()).unwrap().file;
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_contract(&imported.file, "generated");
    let tree = |file: &ThreadFile| -> HashMap<String, Option<String>> {
        file.posts.iter().map(|p| (p.id.0.clone(), p.reply_to.as_ref().map(|r| r.0.clone()))).collect()
    };
    assert_eq!(imported.file.posts.len(), 200);
    assert_eq!(tree(&imported.file), tree(&twin));
    let order = |file: &ThreadFile| file.posts.iter().map(|p| p.id.0.clone()).collect::<Vec<_>>();
    assert_eq!(order(&imported.file), order(&twin));
    assert_eq!(imported.file.title, twin.title);
    for (mine, theirs) in imported.file.posts.iter().zip(&twin.posts) {
        assert_eq!(mine.author, theirs.author);
        assert_eq!(mine.time, theirs.time);
    }
    // Quotes with an "On TIME, NAME wrote:" line name their source post.
    let named = imported
        .file
        .posts
        .iter()
        .flat_map(|p| blocks(&p.body))
        .filter(|b| matches!(b, Block::Quote { of: Some(_), .. }))
        .count();
    assert!(named > 20, "{named}");
}

/// Reads `inputs` headers first, bodies later, and checks that it gives
/// exactly what reading everything at once gives.
fn assert_later_bodies_match(inputs: &[(&str, Vec<u8>)]) -> Vec<String> {
    let mail_inputs: Vec<mbox::MailInput<'_>> =
        inputs.iter().map(|(name, bytes)| mbox::MailInput { name, bytes, one_message: false }).collect();
    let now = mbox::import_archive(&mail_inputs, &ImportOptions::default()).unwrap();
    let parsed = mbox::parse_archive(&mail_inputs, mbox::Bodies::Later).unwrap();
    let (later, mail) = parsed.into_threaded();
    assert_eq!(later.warnings, now.warnings);
    assert_eq!((later.file.title.as_ref(), later.file.posts.len()), (now.file.title.as_ref(), 0));
    assert_eq!(mail.len(), now.file.posts.len());
    for (index, full) in now.file.posts.iter().enumerate() {
        let bare = mail.post(index, false);
        assert_eq!(bare.body, Body::Blocks(Vec::new()), "a post without its body");
        assert_eq!(Post { body: full.body.clone(), ..bare }, *full);
        assert_eq!(mail.post(index, true), *full, "post {index} on its own");
    }
    assert_eq!(mail.into_posts(), now.file.posts);
    now.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn bodies_read_later_are_the_bodies_read_at_once() {
    for entry in std::fs::read_dir(corpus_dir()).unwrap() {
        let path = entry.unwrap().path();
        assert_later_bodies_match(&[("one", std::fs::read(&path).unwrap())]);
    }
    // Enough messages for every core, mboxrd quoting (a message of its own
    // copy), a byte-order mark, a repeated message and two inputs.
    let mut first = b"\xEF\xBB\xBF".to_vec();
    first.extend(generate(600, gen_thread::Format::Mbox));
    first.extend_from_slice(
        b"\nFrom z@x Mon Jan  1 00:00:00 2024\nFrom: Zed <z@x.org>\nMessage-ID: <rd@x>\n\
          Date: Mon, 1 Jan 2024 00:00:00 +0000\nSubject: q\n\n>From the start\nplain\n",
    );
    let second = generate(300, gen_thread::Format::Mbox);
    let last = first.windows(9).rposition(|w| w == b"From z@x ").unwrap();
    let again = first[last..].to_vec();
    let warnings = assert_later_bodies_match(&[("a.mbox", first), ("b.mbox", second), ("c.mbox", again)]);
    assert!(
        warnings.iter().any(|w| w.starts_with("c.mbox: message 1") && w.contains("exact duplicate")),
        "{warnings:?}"
    );
}

// ---- small inline messages, one rule each ----

fn one(headers: &str, body: &str) -> Post {
    let mail = format!(
        "From a@example.org Mon Jan  1 00:00:00 2024\nFrom: Ann <a@example.org>\nMessage-ID: <m1@x>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nSubject: Re: Hello\n{headers}\n{body}"
    );
    let imported = import_bytes(mail.as_bytes());
    assert_contract(&imported.file, "inline");
    imported.file.posts.into_iter().next().unwrap()
}

fn text(s: &str) -> Block {
    Block::Text(s.to_owned())
}

#[test]
fn headers_become_id_author_time_and_title() {
    let mail = "From: =?UTF-8?B?0JDRgNGC0ZHQvA==?= <artem@x>\nMessage-ID: <a@b>\nDate: Tue, 17 Nov 2009 14:00:54 -0500\nSubject: Re: RE: Topic\n\nbody\n";
    let imported = import_bytes(mail.as_bytes());
    let post = &imported.file.posts[0];
    assert_eq!(post.id.as_str(), "a@b");
    assert_eq!(post.author.as_deref(), Some("Артём"));
    assert_eq!(post.time.as_deref(), Some("2009-11-17T19:00:54Z"));
    assert_eq!(imported.file.title.as_deref(), Some("Topic"));
    // No display name: the address.
    let bare = import_bytes(b"From: x@y.org\nMessage-ID: <c@d>\n\nhi\n");
    assert_eq!(bare.file.posts[0].author.as_deref(), Some("x@y.org"));
}

#[test]
fn quoted_printable_and_base64_bodies() {
    let qp = one(
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n",
        "caf=C3=A9 is a very long line that was soft=\n broken\n",
    );
    assert_eq!(blocks(&qp.body), [text("café is a very long line that was soft broken")]);
    let b64 = one(
        "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n",
        "Y2Fm6SBvbGU=\n",
    );
    assert_eq!(blocks(&b64.body), [text("café ole")]);
}

#[test]
fn format_flowed_with_delsp() {
    let post = one(
        "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n",
        "> quoted soft \n> line\n\nmy para \ngraph joined\n",
    );
    assert_eq!(
        blocks(&post.body),
        [
            Block::Quote { quote: Body::Blocks(vec![text("quoted softline")]), of: None, author: None },
            text("my paragraph joined")
        ]
    );
}

#[test]
fn multipart_alternative_prefers_plain_and_html_alone_becomes_text() {
    let alternative = one(
        "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b\"\n",
        "--b\nContent-Type: text/plain; charset=utf-8\n\nplain words\n--b\nContent-Type: text/html; charset=utf-8\n\n<p>html words</p>\n--b--\n",
    );
    assert_eq!(blocks(&alternative.body), [text("plain words")]);
    let html = one(
        "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n",
        "<html><body><p>Hello &amp; bye</p><blockquote><p>earlier</p></blockquote><div>x<br>y</div></body></html>\n",
    );
    assert_eq!(
        blocks(&html.body),
        [
            text("Hello & bye"),
            Block::Quote { quote: Body::Blocks(vec![text("earlier")]), of: None, author: None },
            text("x\ny")
        ]
    );
}

#[test]
fn quotes_supercite_smileys_signature_and_patch() {
    let post = one(
        "",
        "Ann wrote:\n> > inner\n> outer\n\n LK> supercite\n\n>_< sad\n\nsee\n---\n a | 1 +\n 1 file changed\n\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1,2 @@\n x\n+y\n-- \nAnn\n",
    );
    let quote = |body: Vec<Block>, author: Option<&str>| Block::Quote {
        quote: Body::Blocks(body),
        of: None,
        author: author.map(str::to_owned),
    };
    assert_eq!(
        blocks(&post.body),
        [
            quote(vec![quote(vec![text("inner")], None), text("outer")], Some("Ann")),
            quote(vec![text("supercite")], None),
            text(">_< sad"),
            text("see"),
            Block::Code {
                code: "---\n a | 1 +\n 1 file changed\n\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1,2 @@\n x\n+y".into(),
                lang: Some("diff".into())
            },
            Block::Code { code: "Ann".into(), lang: Some("signature".into()) },
        ]
    );
}

#[test]
fn attribution_names_the_parent_post() {
    let mbox = "From a@x Mon Jan  1 00:00:00 2024\nFrom: Ann Lee <ann@x.org>\nMessage-ID: <m1@x>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nSubject: Hi\n\nQuestion?\n\nFrom b@x Mon Jan  1 01:00:00 2024\nFrom: Bob <bob@x.org>\nMessage-ID: <m2@x>\nIn-Reply-To: <m1@x>\nDate: Mon, 1 Jan 2024 01:00:00 +0000\nSubject: Re: Hi\n\nOn Mon, Jan 01, 2024 at 12:00:00AM +0000, Ann Lee wrote:\n> Question?\n\nAnswer.\n";
    let imported = import_bytes(mbox.as_bytes());
    let reply = &imported.file.posts[1];
    assert_eq!(reply.reply_to.as_ref().map(PostKey::as_str), Some("m1@x"));
    assert_eq!(
        blocks(&reply.body),
        [
            Block::Quote {
                quote: Body::Blocks(vec![text("Question?")]),
                of: Some("m1@x".into()),
                author: Some("Ann Lee".into())
            },
            text("Answer.")
        ]
    );
}

#[test]
fn references_give_the_nearest_ancestor_in_the_file() {
    let mbox = "From a@x Mon Jan  1 00:00:00 2024\nFrom: A <a@x>\nMessage-ID: <m1@x>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\none\n\nFrom b@x Mon Jan  1 00:00:00 2024\nFrom: B <b@x>\nMessage-ID: <m3@x>\nReferences: <m1@x> <m2@gone>\nIn-Reply-To: <m2@gone>\nDate: Mon, 1 Jan 2024 02:00:00 +0000\n\nthree\n";
    let imported = import_bytes(mbox.as_bytes());
    assert_eq!(imported.file.posts[1].reply_to.as_ref().map(PostKey::as_str), Some("m1@x"));
}

#[test]
fn a_broken_message_is_skipped_and_named() {
    let mbox = "From a@x Mon Jan  1 00:00:00 2024\nFrom: A <a@x>\nMessage-ID: <m1@x>\n\none\n\nFrom b@x Mon Jan  1 00:00:00 2024\nX-Junk: nothing useful\n\n\nFrom c@x Mon Jan  1 00:00:00 2024\nFrom: C <c@x>\nMessage-ID: <m3@x>\n\nthree\n";
    let imported = import_bytes(mbox.as_bytes());
    assert_eq!(imported.file.posts.len(), 2);
    assert_eq!(
        imported.warnings,
        ["message 2 (line 8): no From, Date, Subject or Message-ID header; skipped".to_owned()]
    );
}

#[test]
fn unusable_input_is_one_error_with_a_line() {
    let error = mbox::import(b"\nhello, this is not mail\n", &ImportOptions::default()).unwrap_err();
    assert_eq!(error.location, "line 2");
    assert!(error.to_string().starts_with("read as mbox: line 2: not an mbox"), "{error}");
    let error = mbox::import(b"", &ImportOptions::default()).unwrap_err();
    assert_eq!(error.location, "line 1");
    let junk =
        mbox::import(b"From a@x Mon Jan  1 00:00:00 2024\nX-Junk: 1\n\nbody\n", &ImportOptions::default());
    let error = junk.unwrap_err();
    assert_eq!(
        error.to_string(),
        "read as mbox: line 2: no usable message: no From, Date, Subject or Message-ID header"
    );
}

#[test]
fn same_message_id_with_another_body_is_kept_under_a_new_id() {
    let mbox = "From a@x Mon Jan  1 00:00:00 2024\nFrom: A <a@x>\nMessage-ID: <m1@x>\n\none\n\nFrom a@x Mon Jan  1 00:00:00 2024\nFrom: A <a@x>\nMessage-ID: <m1@x>\n\nother\n\nFrom a@x Mon Jan  1 00:00:00 2024\nFrom: A <a@x>\nMessage-ID: <m1@x>\n\none\n";
    let imported = import_bytes(mbox.as_bytes());
    let ids: Vec<&str> = imported.file.posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["m1@x", "m1@x~2"]);
    assert_eq!(imported.warnings.len(), 2, "{:?}", imported.warnings);
    assert_contract(&imported.file, "dup");
}

/// An old archive without `From ` lines: header blocks one after another,
/// the first starting with `To:`. Each is a message, not one glued post.
#[test]
fn header_blocks_without_envelopes_are_read_message_by_message() {
    let mut archive = String::new();
    for n in 1..=17 {
        let reply = if n > 1 { format!("In-Reply-To: <m{}@x.org>\n", n - 1) } else { String::new() };
        write!(
            archive,
            "To: list@x.org\nFrom: Person {n} <p{n}@x.org>\nDate: Mon, {n} Jan 2024 10:00:00 +0000\n\
             Message-ID: <m{n}@x.org>\n{reply}Subject: Re: the question\n\nAnswer number {n}.\n\n"
        )
        .unwrap();
    }
    assert_eq!(tread::import::detect(archive.as_bytes()), tread::import::Kind::Mbox);
    let file = import_bytes(archive.as_bytes()).file;
    assert_eq!(file.posts.len(), 17);
    assert_eq!(parent_of(&file, "m17@x.org"), Some("m16@x.org"));
    assert_eq!(own_text(post(&file, "m9@x.org")), "Answer number 9.");
}
