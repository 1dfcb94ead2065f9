//! Model invariants on small hand-written threads.

use super::*;
use crate::format::{LoadOptions, load_slice};

fn thread(json: &str) -> Thread {
    Thread::from_file(load_slice(json.as_bytes(), "t.json", LoadOptions::default()).expect("valid").file)
}

fn p(n: usize) -> PostId {
    PostId::new(n - 1)
}

/// The quotes of a post, outer first, as (depth, source, repeat).
fn quotes_of_post(t: &Thread, post: PostId) -> Vec<(usize, QuoteSource, bool)> {
    let mut out = Vec::new();
    for_each_quote(&t.post(post).body, &mut |q| {
        let info = t.quote(q.id);
        out.push((info.depth, info.source.clone(), info.repeat));
    });
    out
}

#[test]
fn dangling_and_cyclic_targets_become_top_level_with_notes() {
    let t = thread(
        r#"{"version":1,"posts":[
        {"id":"a","body":"root"},
        {"id":"b","reply_to":"zzz","body":"lost"},
        {"id":"c","reply_to":"d","body":"cycle one"},
        {"id":"d","reply_to":"c","body":"cycle two"},
        {"id":"e","reply_to":"e","body":"self"},
        {"id":6,"reply_to":"a","body":"fine"}]}"#,
    );
    assert_eq!(t.len(), 6, "nothing is dropped");
    assert_eq!(t.post(p(2)).reply_target, ReplyTarget::Missing("zzz".into()));
    assert_eq!(t.post(p(3)).reply_target, ReplyTarget::Cycle(p(4)));
    assert_eq!(t.reply_target(p(4)), Some(p(3)));
    assert_eq!(t.post(p(5)).reply_target, ReplyTarget::Cycle(p(5)));
    assert_eq!(t.reply_target(p(6)), Some(p(1)));
    assert_eq!(t.post(p(6)).key, "6", "integer ids read as their decimal string");
    let notes: Vec<String> = t.notes().iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "post #2: reply target \"zzz\" not in this thread",
            "post #3: reply target #4 would close a cycle; shown as a top-level post",
            "post #5: reply target #5 would close a cycle; shown as a top-level post",
        ]
    );
    assert_eq!(t.tree().order(Order::Thread), [p(1), p(6), p(2), p(3), p(4), p(5)]);
}

#[test]
fn quotes_are_attributed_given_or_inferred() {
    let t = thread(
        r#"{"version":1,"posts":[
        {"id":"1","body":["Now scientists have found hints about how it works.", "Second thought here."]},
        {"id":"2","reply_to":"1","body":[{"quote":"“have   FOUND hints”"},"Hints are not proof."]},
        {"id":"3","reply_to":"2","body":[{"quote":"Hints are not proof.","of":"2"},{"quote":"of nowhere","of":"99"}, "ok"]},
        {"id":"4","body":[{"quote":"something nobody wrote"}]}]}"#,
    );
    assert_eq!(quotes_of_post(&t, p(2)), [(1, QuoteSource::Inferred(p(1)), true)]);
    assert_eq!(
        quotes_of_post(&t, p(3)),
        [(1, QuoteSource::Given(p(2)), true), (1, QuoteSource::Missing("99".into()), false)]
    );
    assert_eq!(quotes_of_post(&t, p(4)), [(1, QuoteSource::Unattributed, false)]);
    assert_eq!(t.quoted_by(p(1)), [p(2)]);
    assert_eq!(t.quoted_by(p(2)), [p(3)]);
    assert_eq!(t.quotes_of(p(3)), [p(2)]);
    assert!(t.notes().iter().any(|n| n.message.contains("names post \"99\"")));
}

#[test]
fn inference_takes_the_earliest_earlier_post_and_respects_words() {
    let t = thread(
        r#"{"version":1,"posts":[
        {"id":"1","body":"Life within mice is short."},
        {"id":"2","body":"Studies in mice are common."},
        {"id":"3","body":"Again: studies in mice are common."},
        {"id":"4","body":[{"quote":"in mice are common"}]},
        {"id":"5","body":[{"quote":"I quote the future"}]},
        {"id":"6","body":"I quote the future"}]}"#,
    );
    assert_eq!(quotes_of_post(&t, p(4)), [(1, QuoteSource::Inferred(p(2)), true)]);
    assert_eq!(quotes_of_post(&t, p(5)), [(1, QuoteSource::Unattributed, false)]);
}

#[test]
fn excerpts_with_ellipses_need_every_piece_in_order() {
    let t = thread(
        r#"{"version":1,"posts":[
        {"id":"1","body":"The end comes first. Then the start of it all."},
        {"id":"2","body":"The start of it all, and then the end comes."},
        {"id":"3","body":[{"quote":"the start of it all … the end comes"}]}]}"#,
    );
    assert_eq!(quotes_of_post(&t, p(3)), [(1, QuoteSource::Inferred(p(2)), true)]);
}

#[test]
fn chains_attribute_each_level_and_recognise_whole_posts() {
    let t = thread(
        r#"{"version":1,"posts":[
        {"id":"1","body":"The original claim is here."},
        {"id":"2","reply_to":"1","body":[{"quote":"The original claim is here."},"I disagree strongly."]},
        {"id":"3","reply_to":"2","body":[{"quote":[{"quote":"The original claim is here."},"I disagree strongly."]},"Me too."]}]}"#,
    );
    let q = quotes_of_post(&t, p(3));
    assert_eq!(q, [(1, QuoteSource::Inferred(p(2)), true), (2, QuoteSource::Inferred(p(1)), true)]);
    let outer = match &t.post(p(3)).body[0] {
        Block::Quote(q) => t.quote(q.id),
        other => panic!("expected a quote, got {other:?}"),
    };
    assert!(outer.whole_post, "the chain reproduces post 2 entirely");
}

#[test]
fn quote_made_only_of_a_quote_finds_the_post_it_reproduces() {
    let t = thread(
        r#"{"version":1,"posts":[
        {"id":"1","body":"Alpha beta gamma."},
        {"id":"2","body":[{"quote":"Alpha beta gamma.","of":"1"}]},
        {"id":"3","body":[{"quote":[{"quote":"Alpha beta gamma."}]}, "reply"]}]}"#,
    );
    let q = quotes_of_post(&t, p(3));
    assert_eq!(q[0].1, QuoteSource::Inferred(p(2)));
    assert_eq!(q[1].1, QuoteSource::Inferred(p(1)));
}

#[test]
fn repeated_unattributed_text_is_a_repeat() {
    let t = thread(
        r#"{"version":1,"posts":[
        {"id":"1","body":[{"quote":"words from an outside article"}, "My comment."]},
        {"id":"2","body":[{"quote":"Words from an  outside article"}]}]}"#,
    );
    assert_eq!(quotes_of_post(&t, p(1)), [(1, QuoteSource::Unattributed, false)]);
    assert_eq!(quotes_of_post(&t, p(2)), [(1, QuoteSource::Unattributed, true)]);
}

#[test]
fn the_same_outside_quote_again_is_a_repeat_not_a_quote_of_the_first_quoter() {
    let t = thread(
        r#"{"version":1,"posts":[
        {"id":"1","body":[{"quote":"words from an outside article"}]},
        {"id":"2","body":[{"quote":"Words from an  outside article"}]}]}"#,
    );
    // Post 1's body is a quote, not the text itself: post 2 quotes the same
    // outside source, which is a repeat, but not a quote of post 1.
    assert_eq!(quotes_of_post(&t, p(2)), [(1, QuoteSource::Unattributed, true)]);
}

#[test]
fn string_bodies_quote_by_prefix_and_get_inferred_too() {
    let t = thread(
        r#"{"version":1,"posts":[
        {"id":"1","body":"Mail style original text."},
        {"id":"2","reply_to":"1","body":"Ann wrote:\n> Mail style original text.\n\nAnswer."}]}"#,
    );
    assert_eq!(quotes_of_post(&t, p(2)), [(1, QuoteSource::Inferred(p(1)), true)]);
    match &t.post(p(2)).body[0] {
        Block::Quote(q) => assert_eq!(q.author.as_deref(), Some("Ann")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn links_are_per_post_deduplicated_and_in_a_ledger() {
    let t = thread(
        r#"{"version":1,"posts":[
        {"id":"1","body":["See https://a.org/x and www.b.com.", "Again https://a.org/x"],
         "links":[{"url":"https://a.org/x","title":"A"},{"url":"https://c.org","title":""}]},
        {"id":"2","body":[{"quote":"See https://a.org/x and www.b.com.","of":"1"},"Cited https://a.org/x too"]},
        {"id":"3","body":[{"quote":"outside https://d.org"}]}]}"#,
    );
    let urls =
        |n| t.post(p(n)).links.iter().map(|l| (l.url.as_str(), l.title.as_deref())).collect::<Vec<_>>();
    assert_eq!(urls(1), [("https://a.org/x", Some("A")), ("www.b.com", None), ("https://c.org", None)]);
    assert_eq!(
        urls(2),
        [("https://a.org/x", None)],
        "links inside quotes of thread posts belong to the source"
    );
    assert_eq!(urls(3), [("https://d.org", None)], "a quote from outside keeps its link");
    assert_eq!(t.ledger().get("https://a.org/x").unwrap().posts, [p(1), p(2)]);
    assert_eq!(t.ledger().len(), 4);
}

#[test]
fn times_parse_or_are_noted() {
    let t = thread(
        r#"{"version":1,"posts":[
        {"id":"1","time":"2019-04-12T09:31:00Z","body":""},
        {"id":"2","time":"yesterday","body":""},
        {"id":"3","time":"2019-04-12T08:00:00+00:00","body":""}]}"#,
    );
    assert!(matches!(t.post(p(1)).time, PostTime::At(_)));
    assert_eq!(t.post(p(2)).time, PostTime::Unreadable("yesterday".into()));
    assert_eq!(t.tree().order(Order::Time), [p(3), p(1), p(2)]);
    assert!(
        t.notes()
            .iter()
            .any(|n| n.to_string() == "post #2: unreadable time \"yesterday\" (expected RFC 3339)")
    );
}
