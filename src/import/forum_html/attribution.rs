//! Reading quote headers shared by the engines: who is quoted ("X said:",
//! "Quote from: X on …", "X wrote:", "Originally Posted by X") and which
//! post (`#post123`, `p=123`, `goto/post?id=123`, `msg123`, `/post/123`).

use std::sync::LazyLock;

use regex::Regex;

/// The quoted author named by a header's text, or `None` for a bare
/// "Quote:".
pub(super) fn author_from_header(header: &str) -> Option<String> {
    static DATE_FIRST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*\([^)]*\)\s*").expect("valid regex"));
    static SMF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:quote|zitat|cita)\s+(?:from|von|de)\s*:?\s*(.+?)(?:\s+on\s+.*)?$")
            .expect("valid regex")
    });
    static NODEBB: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^@?(.+?)\s+said in\s+.*:$").expect("valid regex"));
    let header = crate::import::html_text::fold_whitespace(header);
    let header = DATE_FIRST.replace(&header, "");
    let header = header.trim().trim_end_matches(['↑', '⬆']).trim();
    if let Some(captures) = SMF.captures(header) {
        return nonempty(&captures[1]);
    }
    if let Some(captures) = NODEBB.captures(header) {
        return nonempty(&captures[1]);
    }
    for prefix in ["Originally Posted by", "Originally posted by", "Quote from:", "Quote from", "Quote by"] {
        if let Some(rest) = header.strip_prefix(prefix) {
            return nonempty(rest);
        }
    }
    for suffix in [" said:", " wrote:", " Wrote:", " posted:", " says:", " сказал:", " писал:", " schrieb:"]
    {
        if let Some(name) = header.strip_suffix(suffix) {
            // "19.01.2020 в 04:54, krasniy_miner сказал:" / "On …, X said:"
            let name = name.rsplit_once(", ").map_or(name, |(_, who)| who);
            return nonempty(name);
        }
    }
    None
}

fn nonempty(name: &str) -> Option<String> {
    let name = name.trim().trim_start_matches('@').trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// The post id a link to a post names.
pub(super) fn post_id_in_href(href: &str) -> Option<String> {
    static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        [
            r"#(?:post|p|pid|msg|entry|comment-|post-|post_)(\d+)$",
            r"[?&;](?:p|pid|postid|post_id|comment|findComment&comment)=(\d+)",
            r"goto/post(?:\?|&amp;|&)id=(\d+)",
            r"goto=findpost&pid=(\d+)",
            r"\.msg(\d+)",
            r"/posts?/(\d+)",
            r"/post(\d+)",
        ]
        .iter()
        .map(|p| Regex::new(p).expect("valid regex"))
        .collect()
    });
    PATTERNS.iter().find_map(|pattern| pattern.captures(href).map(|c| c[1].to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_the_quoted() {
        for (header, who) in [
            ("Quote from: ihalatch on Fri, 13 October 2017, 23:54:44", Some("ihalatch")),
            ("Higure said:", Some("Higure")),
            ("Urwrongx1000 wrote:", Some("Urwrongx1000")),
            ("Originally Posted by TinyRedLeaf", Some("TinyRedLeaf")),
            ("(05-22-2014, 04:20 AM)Atmosphere Wrote:", Some("Atmosphere")),
            ("@MJ said in New desing for NodeBB chat!:", Some("MJ")),
            ("19.01.2020 в 04:54, krasniy_miner сказал:", Some("krasniy_miner")),
            ("Quote:", None),
            ("bearblock wrote:", Some("bearblock")),
        ] {
            assert_eq!(author_from_header(header).as_deref(), who, "{header}");
        }
    }

    #[test]
    fn links_name_the_post() {
        for (href, id) in [
            ("showthread.php?s=03ba&p=5768621#post5768621", Some("5768621")),
            ("https://geekhack.org/index.php?topic=92066.msg2505884#msg2505884", Some("2505884")),
            ("goto/post?id=2146285#post-2146285", Some("2146285")),
            ("/community/goto/post?id=114210", Some("114210")),
            ("Thread-MyBB-theme-any-feedback?pid=271914#pid271914", Some("271914")),
            ("/post/73814", Some("73814")),
            ("./viewtopic.php?p=2729874#p2729874", Some("2729874")),
            ("https://f.org/topic/166865/?do=findComment&comment=1071590", Some("1071590")),
            ("member.php?u=250472", None),
        ] {
            assert_eq!(post_id_in_href(href).as_deref(), id, "{href}");
        }
    }
}
