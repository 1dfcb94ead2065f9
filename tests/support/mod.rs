//! Helpers shared by the screen and end-to-end tests.
#![allow(dead_code)]

pub mod terminal;
pub mod tmux;

/// A thread whose rows mix flags, skin tones, joined emoji, variation
/// selectors and CJK at different columns, so scrolling moves wide
/// clusters over narrow text and back.
pub fn emoji_thread_json() -> String {
    let lines = [
        "flags 🇫🇷🇯🇵🇺🇦 then text after them",
        "日本語のテキスト and 中文 mixed with ascii",
        "a👍🏽b ❤️c 👨‍👩‍👧d ✌️e",
        "plain ascii row that is long enough to cover the emoji columns",
        "🇩🇪 at the start, 漢字 in the middle, 👍🏿 at the end",
    ];
    let posts: Vec<String> = (0..12)
        .map(|i| {
            let body = (0..4).map(|j| lines[(i + j) % lines.len()]).collect::<Vec<_>>().join("\n");
            format!(r#"{{"id":"{i}","author":"Ana 🇧🇷","body":{}}}"#, serde_json::to_string(&body).unwrap())
        })
        .collect();
    format!(r#"{{"version":1,"title":"Emoji 👍🏽 and flags 🇫🇷","posts":[{}]}}"#, posts.join(","))
}

/// A story with three top-level comments, as HN and Reddit threads come.
pub const STORY: &str = r#"{"version":1,"title":"A story","posts":[
    {"id":"s","author":"Sam","body":"The story"},
    {"id":"a","reply_to":"s","author":"Ann","body":"first comment"},
    {"id":"a1","reply_to":"a","author":"Al","body":"reply to first"},
    {"id":"a2","reply_to":"a","author":"Abe","body":"second reply to first"},
    {"id":"b","reply_to":"s","author":"Bo","body":"second comment"},
    {"id":"c","reply_to":"s","author":"Cy","body":"third comment"}]}"#;
