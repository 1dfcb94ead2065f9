//! One message: the headers threading needs, and its readable text.

use std::borrow::Cow;

use mail_parser::decoders::base64::base64_decode;
use mail_parser::{Encoding, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders, PartType};

use super::html::html_to_text;

/// What the importer keeps of a message.
pub(super) struct Mail {
    /// Without angle brackets.
    pub message_id: Option<String>,
    /// `X-Thread-Post-Id`, as gen-thread.py writes it.
    pub post_id: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// Display name, or the address when there is none.
    pub author: Option<String>,
    /// Lower-cased.
    pub address: Option<String>,
    pub time: Option<jiff::Timestamp>,
    /// The `Date:` header as written when it could not be read as a date.
    pub unparsed_date: Option<String>,
    pub subject: Option<String>,
}

/// What is kept of a message for its body.
pub(super) enum Content {
    Text(String),
    /// Bytes that [`text`] turns into the text: the message without the
    /// header fields that do not shape its body (often half of real mail).
    Undecoded(Box<[u8]>),
}

impl Content {
    /// The text, decoding it now when it was left for later.
    pub(super) fn read(&self) -> Cow<'_, str> {
        match self {
            Self::Text(text) => Cow::Borrowed(text),
            Self::Undecoded(bytes) => Cow::Owned(text(bytes)),
        }
    }
}

/// Reads one message's headers, and its text too when `with_text`, else
/// what its text is decoded from later; `Err` says why it is unusable.
pub(super) fn parse(bytes: &[u8], with_text: bool) -> Result<(Mail, Content), String> {
    let parser = MessageParser::default();
    let message = if with_text { parser.parse(bytes) } else { parser.parse_headers(bytes) };
    let message = message.ok_or_else(|| "no mail headers".to_owned())?;
    let message_id = message.message_id().map(|id| id.trim().to_owned()).filter(|id| !id.is_empty());
    let subject = message.subject().map(|s| s.trim().to_owned());
    let from = message.from().and_then(|from| from.first());
    let date = message.date();
    if message_id.is_none() && subject.is_none() && from.is_none() && date.is_none() {
        return Err("no From, Date, Subject or Message-ID header".to_owned());
    }
    let mut address =
        from.and_then(|a| a.address()).map(|a| a.trim().to_lowercase()).filter(|a| !a.is_empty());
    let mut author = from
        .and_then(|a| a.name())
        .map(|name| name.trim().trim_matches('"').trim().to_owned())
        .filter(|name| !name.is_empty());
    if let Some((name, obfuscated)) = author.as_deref().and_then(archived_sender) {
        address = address.or(obfuscated);
        author = Some(name);
    }
    let author = author.or_else(|| address.clone());
    let time = date
        .filter(|d| d.is_valid())
        .and_then(|d| jiff::Timestamp::from_second(d.to_timestamp()).ok())
        .or_else(|| message.header_raw("Date").and_then(asctime));
    let unparsed_date = if time.is_none() {
        message.header_raw("Date").map(|raw| raw.trim().to_owned()).filter(|raw| !raw.is_empty())
    } else {
        None
    };
    let post_id =
        message.header_raw("X-Thread-Post-Id").map(|raw| raw.trim().to_owned()).filter(|id| !id.is_empty());
    let mail = Mail {
        message_id,
        post_id,
        in_reply_to: ids(message.in_reply_to()),
        references: ids(message.references()),
        author,
        address,
        time,
        unparsed_date,
        subject,
    };
    let content = if with_text {
        Content::Text(body_text(&message))
    } else {
        Content::Undecoded(body_source(&message))
    };
    Ok((mail, content))
}

/// The message's bytes without its header fields other than `Content-*` and
/// `MIME-Version`: each field is cut whole, as the parser delimited it, so
/// what remains parses into the same parts and text.
fn body_source(message: &Message<'_>) -> Box<[u8]> {
    let raw = message.raw_message();
    let shapes_body = |name: &str| {
        name.eq_ignore_ascii_case("mime-version")
            || name.get(..8).is_some_and(|start| start.eq_ignore_ascii_case("content-"))
    };
    let mut cuts = Vec::new();
    let mut after_last = 0;
    for header in message.headers() {
        let (start, end) = (header.offset_field as usize, header.offset_end as usize);
        if start >= after_last && end >= start && end <= raw.len() && !shapes_body(header.name.as_str()) {
            cuts.push(start..end);
            after_last = end;
        }
    }
    let mut kept = Vec::with_capacity(raw.len() - cuts.iter().map(ExactSizeIterator::len).sum::<usize>());
    let mut at = 0;
    for cut in cuts {
        kept.extend_from_slice(&raw[at..cut.start]);
        at = cut.end;
    }
    kept.extend_from_slice(&raw[at..]);
    kept.into_boxed_slice()
}

/// A message's body as plain text, `\n` line ends, list footers removed
/// (empty for bytes that are not a message).
pub(super) fn text(bytes: &[u8]) -> String {
    MessageParser::default().parse(bytes).map(|message| body_text(&message)).unwrap_or_default()
}

/// A sender as list archives rewrite it, read from what mail-parser took
/// for the display name: Pipermail's `andy at example.com (Andy Grunwald)`
/// gives `Andy Grunwald` and the address `andy@example.com`; an old
/// archiver's `Martin Maechler <m@x> (Martin Maechler)`, whose name came out
/// as `Martin Maechler (Martin Maechler)`, gives the name once.
fn archived_sender(name: &str) -> Option<(String, Option<String>)> {
    let (before, comment) = name.strip_suffix(')')?.rsplit_once(" (")?;
    let (before, comment) = (before.trim(), comment.trim());
    if comment.is_empty() {
        return None;
    }
    if before == comment {
        return Some((comment.to_owned(), None));
    }
    let (user, host) = before.split_once(" at ")?;
    let plausible = |part: &str| !part.is_empty() && !part.contains(char::is_whitespace);
    (plausible(user) && plausible(host) && host.contains('.'))
        .then(|| (comment.to_owned(), Some(format!("{user}@{host}").to_lowercase())))
}

/// `Mon Jan 24 10:35:50 2005`: the asctime date Pipermail writes when a
/// message had none of its own (the envelope's time, in UTC).
fn asctime(raw: &str) -> Option<jiff::Timestamp> {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let [_, _, _, _, _] = words.as_slice() else { return None };
    let normal = words.join(" ");
    jiff::civil::DateTime::strptime("%a %b %d %H:%M:%S %Y", &normal)
        .ok()?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let clean = |id: &str| {
        let id = id.trim().trim_start_matches('<').trim_end_matches('>').trim();
        (!id.is_empty()).then(|| id.to_owned())
    };
    match value {
        HeaderValue::Text(id) => clean(id).into_iter().collect(),
        HeaderValue::TextList(list) => list.iter().filter_map(|id| clean(id)).collect(),
        _ => Vec::new(),
    }
}

/// The readable parts (text/plain preferred over text/html in alternatives,
/// every inline text part of a mixed or signed message), each decoded from
/// its transfer encoding and charset, unflowed, without list footers.
fn body_text(message: &Message<'_>) -> String {
    let ids = if message.text_body.is_empty() { &message.html_body } else { &message.text_body };
    let mut out = String::new();
    for &id in ids {
        let Some(part) = message.parts.get(id as usize) else {
            continue;
        };
        let mut text = without_list_footer(part_text(message, part));
        text.truncate(text.trim_end().len());
        if text.trim().is_empty() {
            continue;
        }
        if out.is_empty() {
            // Most mail has one text part: it becomes the body without a copy.
            out = text;
        } else {
            out.push_str("\n\n");
            out.push_str(&text);
        }
    }
    out
}

fn part_text(message: &Message<'_>, part: &MessagePart<'_>) -> String {
    let content_type = part.content_type();
    let charset = content_type.and_then(|ct| ct.attribute("charset"));
    let raw =
        message.raw_message.get(part.offset_body as usize..part.offset_end as usize).unwrap_or_default();
    let decoded = match part.encoding {
        Encoding::QuotedPrintable => Some(quoted_printable(raw)),
        Encoding::Base64 => base64_decode(raw),
        Encoding::None => Some(raw.to_vec()),
    };
    let text = match decoded {
        Some(bytes) => decode_charset_owned(bytes, charset),
        // Undecodable base64: take what the parser made of it.
        None => part.text_contents().unwrap_or_default().to_owned(),
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    if matches!(part.body, PartType::Html(_)) {
        return html_to_text(&text);
    }
    let flowed =
        content_type.and_then(|ct| ct.attribute("format")).is_some_and(|f| f.eq_ignore_ascii_case("flowed"));
    if flowed {
        let delsp =
            content_type.and_then(|ct| ct.attribute("delsp")).is_some_and(|d| d.eq_ignore_ascii_case("yes"));
        unflow(&text, delsp)
    } else {
        text
    }
}

/// Quoted-printable (RFC 2045) decoding that keeps malformed escapes as
/// written instead of failing the part. Trailing whitespace of encoded lines
/// is transport padding and goes; `=20` survives (format=flowed needs it).
pub(super) fn quoted_printable(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    for line in raw.split_inclusive(|&b| b == b'\n') {
        let has_newline = line.ends_with(b"\n");
        let mut content = line.strip_suffix(b"\n").unwrap_or(line);
        content = content.strip_suffix(b"\r").unwrap_or(content);
        while let [rest @ .., b' ' | b'\t'] = content {
            content = rest;
        }
        let soft_break = content.ends_with(b"=");
        if soft_break {
            content = &content[..content.len() - 1];
        }
        let mut i = 0;
        while i < content.len() {
            if content[i] == b'='
                && let (Some(high), Some(low)) =
                    (content.get(i + 1).and_then(|&b| hex(b)), content.get(i + 2).and_then(|&b| hex(b)))
            {
                out.push(high << 4 | low);
                i += 3;
                continue;
            }
            out.push(content[i]);
            i += 1;
        }
        if has_newline && !soft_break {
            out.push(b'\n');
        }
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// [`decode_charset`] of bytes the caller no longer needs: valid UTF-8
/// becomes the string without a copy.
fn decode_charset_owned(bytes: Vec<u8>, charset: Option<&str>) -> String {
    let utf8_label = charset.is_none_or(|c| {
        matches!(
            c.trim().trim_matches('"').to_ascii_lowercase().as_str(),
            "" | "us-ascii" | "ascii" | "us_ascii" | "ansi_x3.4-1968" | "utf-8" | "utf8"
        )
    });
    if utf8_label {
        return String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }
    decode_charset(&bytes, charset)
}

/// us-ascii (and no charset) is read as UTF-8 when the bytes are UTF-8 (mail
/// often lies), otherwise every non-ASCII byte becomes U+FFFD. Other labels go
/// through `encoding_rs`; an unknown label is read as UTF-8, lossily.
pub(super) fn decode_charset(bytes: &[u8], charset: Option<&str>) -> String {
    let label = charset.map(|c| c.trim().trim_matches('"').to_ascii_lowercase()).unwrap_or_default();
    let ascii_like = matches!(
        label.as_str(),
        "" | "us-ascii" | "ascii" | "us_ascii" | "ansi_x3.4-1968" | "utf-8" | "utf8"
    );
    if !ascii_like && let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) {
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// RFC 3676 format=flowed: a line ending in a space continues on the next
/// line of the same quote depth; space-stuffing is removed; with DelSp=yes
/// the soft-break space itself goes too. The signature separator `-- ` is
/// never a soft break.
pub(super) fn unflow(text: &str, delsp: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open: Option<usize> = None; // depth of a paragraph still being joined
    for line in text.split('\n') {
        let depth = line.bytes().take_while(|&b| b == b'>').count();
        let rest = &line[depth..];
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        let soft = rest.ends_with(' ') && rest != "-- ";
        match open {
            Some(open_depth) if open_depth == depth => {}
            Some(_) => {
                out.push('\n');
                push_prefix(&mut out, depth);
            }
            None => push_prefix(&mut out, depth),
        }
        if soft {
            out.push_str(if delsp { &rest[..rest.len() - 1] } else { rest });
            open = Some(depth);
        } else {
            out.push_str(rest);
            out.push('\n');
            open = None;
        }
    }
    if open.is_some() {
        out.push('\n');
    }
    out.pop();
    out
}

fn push_prefix(out: &mut String, depth: usize) {
    if depth > 0 {
        out.extend(std::iter::repeat_n('>', depth));
        out.push(' ');
    }
}

/// Drops mailing-list footers wherever they are, quoted ones included:
/// Mailman (a `____` rule, then within four lines a listinfo URL), majordomo
/// lists such as vger and kvack (an optional `--` line, "To unsubscribe ...",
/// a majordomo address in the next lines, up to the next blank line), and
/// Pipermail's "next part ... attachment was scrubbed" notice at the end.
pub(super) fn strip_list_footer(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut keep = vec![true; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let here = content(lines[i]);
        let window = &lines[i..lines.len().min(i + 5)];
        let rule = here.len() >= 20 && here.bytes().all(|b| b == b'_');
        if rule && let Some(end) = window.iter().position(|line| line.contains("/listinfo")) {
            keep[i..=i + end].fill(false);
            i += end + 1;
            continue;
        }
        if here.starts_with("To unsubscribe") && window.iter().any(|line| line.contains("majordomo")) {
            let start = if i > 0 && content(lines[i - 1]) == "--" { i - 1 } else { i };
            let end = (i..lines.len()).find(|&j| content(lines[j]).is_empty()).unwrap_or(lines.len());
            keep[start..end].fill(false);
            i = end;
            continue;
        }
        i += 1;
    }
    let mut out: Vec<&str> =
        lines.iter().zip(&keep).filter(|&(_, &kept)| kept).map(|(&line, _)| line).collect();
    if let Some(at) = out.iter().rposition(|line| line.starts_with("-------------- next part --------------"))
        && out[at..].iter().any(|line| line.contains("attachment was scrubbed"))
    {
        out.truncate(at);
    }
    out.join("\n")
}

/// [`strip_list_footer`], without touching (or copying) the text when it
/// holds none of the words every footer has.
fn without_list_footer(text: String) -> String {
    let has = |needle: &str| memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some();
    if has("/listinfo") || has("majordomo") || has("-- next part --") {
        strip_list_footer(&text)
    } else {
        text
    }
}

/// A line without its quote marks.
fn content(line: &str) -> &str {
    line.trim_start_matches(['>', ' ']).trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(bytes: &[u8]) -> Result<Mail, String> {
        parse(bytes, false).map(|(mail, _)| mail)
    }

    #[test]
    fn body_sources_keep_what_shapes_the_body() {
        let multipart = b"From: a@b.c\nReceived: by x\n  with y\nMIME-Version: 1.0\nContent-Type: multipart/alternative;\n boundary=\"b\"\nSubject: s\n\n--b\nContent-Type: text/html\n\n<p>one &amp; two</p>\n--b--\n";
        let Content::Undecoded(source) = parse(multipart, false).unwrap().1 else { panic!("undecoded") };
        assert_eq!(text(&source), text(multipart));
        assert_eq!(text(&source), "one & two");
        assert!(source.starts_with(b"MIME-Version: 1.0\nContent-Type: multipart/alternative;\n boundary="));
    }

    #[test]
    fn headers_read_alone_match_the_whole_message_read() {
        let message =
            b"From: \"Ann\" <Ann@X.org>\nMessage-ID: <1@x>\nIn-Reply-To: <0@x>\nReferences: <a@x> <0@x>\n\
            Date: Mon, 1 Jan 2024 10:00:00 +0100\nSubject: Re: hi\nContent-Type: text/plain; charset=utf-8\n\
            Content-Transfer-Encoding: quoted-printable\n\nna=C3=AFve\n";
        let (alone, Content::Undecoded(source)) = parse(message, false).unwrap() else {
            panic!("kept undecoded")
        };
        let (whole, Content::Text(whole_text)) = parse(message, true).unwrap() else { panic!("decoded") };
        assert_eq!(whole_text, "naïve");
        assert_eq!(text(message), "naïve");
        assert_eq!(text(&source), "naïve");
        let source = String::from_utf8(source.into_vec()).unwrap();
        assert!(
            source.starts_with("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding:"),
            "{source}"
        );
        assert!(!source.contains("From:") && !source.contains("References:"), "{source}");
        assert_eq!(
            (alone.message_id, alone.in_reply_to, alone.references, alone.author, alone.address),
            (whole.message_id, whole.in_reply_to, whole.references, whole.author, whole.address)
        );
        assert_eq!((alone.time, alone.subject), (whole.time, whole.subject));
        assert!(parse(b"\n\nno headers at all\n", false).is_err());
        assert_eq!(text(b""), "");
    }

    #[test]
    fn pipermail_asctime_dates_are_read_as_utc() {
        let mail = headers(b"From: a@b.c\nDate: Mon Jan 24 10:35:50 2005\nSubject: x\n\nbody\n").unwrap();
        assert_eq!(mail.time.map(|t| t.to_string()).as_deref(), Some("2005-01-24T10:35:50Z"));
        let mail = headers(b"From: a@b.c\nDate: Wed Feb  1 9:05:07 2006\nSubject: x\n\nbody\n").unwrap();
        assert_eq!(mail.time.map(|t| t.to_string()).as_deref(), Some("2006-02-01T09:05:07Z"));
        let mail = headers(b"From: a@b.c\nDate: not a date\nSubject: x\n\nbody\n").unwrap();
        assert_eq!((mail.time, mail.unparsed_date.as_deref()), (None, Some("not a date")));
    }

    #[test]
    fn archived_senders_give_the_name() {
        let sender = |from: &str| {
            let mail = headers(format!("From: {from}\nSubject: x\n\nbody\n").as_bytes()).unwrap();
            (mail.author, mail.address)
        };
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            sender("andy at example.com (Andy Grunwald)"),
            (some("Andy Grunwald"), some("andy@example.com"))
        );
        assert_eq!(
            sender("Martin Maechler <maechler@stat.math.ethz.ch> (Martin Maechler)"),
            (some("Martin Maechler"), some("maechler@stat.math.ethz.ch"))
        );
        assert_eq!(
            sender("thomas@biostat.washington.edu (Thomas Lumley)"),
            (some("Thomas Lumley"), some("thomas@biostat.washington.edu"))
        );
        // A name that merely ends in a parenthesis stays as it is.
        assert_eq!(sender("\"Ann (QA)\" <ann@x.org>").0, some("Ann (QA)"));
    }

    #[test]
    fn quoted_printable_keeps_bad_escapes_and_joins_soft_breaks() {
        assert_eq!(quoted_printable(b"a=3Db=\r\nc =20\r\nx=ZZ  \n"), b"a=bc  \nx=ZZ\n");
    }

    #[test]
    fn us_ascii_with_high_bytes_becomes_replacement() {
        assert_eq!(decode_charset(b"a\xA6b", Some("us-ascii")), "a\u{FFFD}b");
        assert_eq!(decode_charset("ё".as_bytes(), Some("US-ASCII")), "ё");
        assert_eq!(decode_charset(b"caf\xE9", Some("ISO-8859-15")), "café");
        assert_eq!(decode_charset(b"\xC4\xE3", Some("gb2312")), "你");
    }

    #[test]
    fn flowed_lines_join_and_respect_delsp() {
        let text = "This is a \nsoft break.\n> quoted \n> more\nhard\n-- \nsig";
        assert_eq!(unflow(text, false), "This is a soft break.\n> quoted more\nhard\n-- \nsig");
        assert_eq!(unflow("ab \ncd", true), "abcd");
        assert_eq!(unflow(" From stuffed", false), "From stuffed");
    }

    #[test]
    fn owned_decoding_matches_borrowed() {
        for (bytes, charset) in [
            (&b"a\xA6b"[..], Some("us-ascii")),
            ("ё".as_bytes(), Some("UTF-8")),
            (b"caf\xE9", Some("ISO-8859-15")),
            (b"plain", None),
        ] {
            assert_eq!(decode_charset_owned(bytes.to_vec(), charset), decode_charset(bytes, charset));
        }
    }

    #[test]
    fn text_without_footer_words_is_kept_as_is() {
        let text = "Hi\n____________________________\nnot a footer\n".to_owned();
        assert_eq!(without_list_footer(text.clone()), text);
        let mailman = "Hello\n\n_______________________________________________\nlist\nhttp://x.org/mailman/listinfo/x\n";
        assert_eq!(without_list_footer(mailman.to_owned()).trim_end(), "Hello");
    }

    #[test]
    fn list_footers_are_cut() {
        let mailman = "Hello\n\n_______________________________________________\nnotmuch mailing list\nnotmuch@notmuchmail.org\nhttp://notmuchmail.org/mailman/listinfo/notmuch\n";
        assert_eq!(strip_list_footer(mailman).trim_end(), "Hello");
        let vger = "Hi\n--\nTo unsubscribe from this list: send the line \"unsubscribe x\" in\nthe body of a message to majordomo@vger.kernel.org\nMore majordomo info at  http://vger.kernel.org/majordomo-info.html\n";
        assert_eq!(strip_list_footer(vger).trim_end(), "Hi");
        let quoted = "> a\n> --\n> To unsubscribe from this list: x\n> the body of a message to majordomo@vger.kernel.org\n> More\n>\nme";
        assert_eq!(strip_list_footer(quoted), "> a\n>\nme");
        assert_eq!(
            strip_list_footer("Hi\n____________________________\nnot a footer"),
            "Hi\n____________________________\nnot a footer"
        );
        let scrubbed =
            "Hi\n-------------- next part --------------\nA non-text attachment was scrubbed...\nName: x\n";
        assert_eq!(strip_list_footer(scrubbed).trim_end(), "Hi");
    }
}
