use super::*;
use crate::format::{LoadOptions, load_slice};
use crate::nav::ReadMark;

fn thread(json: &str) -> Thread {
    Thread::from_file(load_slice(json.as_bytes(), "t.json", LoadOptions::default()).unwrap().file)
}

fn posts(count: usize, url: Option<&str>) -> Thread {
    let posts: Vec<String> = (1..=count)
        .map(|i| format!(r#"{{"id": "p{i}", "author": "A{i}", "body": "Post number {i} says something."}}"#))
        .collect();
    let url = url.map(|u| format!(r#""url": "{u}","#)).unwrap_or_default();
    thread(&format!(r#"{{"version": 1, "title": "Tea", {url} "posts": [{}]}}"#, posts.join(",")))
}

#[test]
fn identity_is_the_url_when_there_is_one() {
    let a = posts(3, Some("https://news.example/item?id=1"));
    assert_eq!(Identity::of(&a).as_str(), "https://news.example/item?id=1");
    let b = posts(9, Some("https://news.example/item?id=1"));
    assert_eq!(Identity::of(&a), Identity::of(&b));
    assert_ne!(Identity::of(&a), Identity::of(&posts(3, Some("https://news.example/item?id=2"))));
}

#[test]
fn without_a_url_a_grown_thread_keeps_its_identity() {
    let small = posts(3, None);
    let grown = posts(10, None);
    assert!(Identity::of(&small).as_str().starts_with("hash:"));
    assert_eq!(Identity::of(&small), Identity::of(&grown));
    let other =
        thread(r#"{"version": 1, "title": "Tea", "posts": [{"id": "p1", "body": "Something else"}]}"#);
    assert_ne!(Identity::of(&small), Identity::of(&other));
    // The file name must not change between versions of tread: FNV-1a's published vector for "a".
    assert_eq!(Identity("a".to_owned()).file_name(), "af63dc4c8601ec8c.json");
}

#[test]
fn capture_and_resume_round_trip() {
    let thread = posts(5, None);
    let mut marks = ReadMarks::first_visit(5);
    for i in 0..3 {
        marks.mark_read(PostId::new(i));
    }
    let cursor = RowPos { post: PostId::new(2), row: 1 };
    let saved = SavedThread::capture(&thread, Some("t.json".to_owned()), &marks, cursor);
    assert_eq!(saved.unread, ["p4", "p5"]);
    assert_eq!(saved.known.len(), 5);
    let resumed = saved.resume(&thread);
    assert_eq!(resumed.marks, marks);
    assert_eq!(resumed.position, Some(cursor));
}

#[test]
fn posts_added_since_the_last_visit_are_new() {
    use ReadMark::{New, Read, Unread};
    let before = posts(4, None);
    let mut marks = ReadMarks::first_visit(4);
    marks.mark_read(PostId::new(0));
    marks.mark_read(PostId::new(1));
    let saved = SavedThread::capture(&before, None, &marks, RowPos::start_of(PostId::new(1)));
    let after = posts(7, None);
    let resumed = saved.resume(&after);
    let kinds: Vec<ReadMark> = (0..7).map(|i| resumed.marks.mark(PostId::new(i))).collect();
    assert_eq!(kinds, [Read, Read, Unread, Unread, New, New, New]);
    assert_eq!((resumed.marks.unread_count(), resumed.marks.new_count()), (5, 3));
}

#[test]
fn a_position_on_a_post_that_is_gone_is_dropped() {
    let thread = posts(3, None);
    let mut saved =
        SavedThread::capture(&thread, None, &ReadMarks::first_visit(3), RowPos::start_of(PostId::new(2)));
    saved.position = Some(SavedPosition { post: "deleted".into(), row: 4 });
    assert_eq!(saved.resume(&thread).position, None);
}

#[test]
fn a_thread_whose_order_changed_still_resumes() {
    use ReadMark::{New, Read, Unread};
    let before = posts(4, None);
    let mut marks = ReadMarks::first_visit(4);
    marks.mark_read(PostId::new(0));
    marks.mark_read(PostId::new(2));
    let saved = SavedThread::capture(&before, None, &marks, RowPos::start_of(PostId::new(2)));
    // A re-import that put a new post first and the old ones in another order.
    let after = thread(
        r#"{"version": 1, "title": "Tea", "posts": [
            {"id": "new", "body": "x"}, {"id": "p3", "body": "x"}, {"id": "p1", "body": "x"},
            {"id": "p4", "body": "x"}, {"id": "p2", "body": "x"}]}"#,
    );
    let resumed = saved.resume(&after);
    let kinds: Vec<ReadMark> = (0..5).map(|i| resumed.marks.mark(PostId::new(i))).collect();
    assert_eq!(kinds, [New, Read, Read, Unread, Unread]);
    assert_eq!(resumed.position, Some(RowPos::start_of(PostId::new(1))), "p3, wherever it is now");
}
